/* xmalloc.h: allocation wrappers that end the program on exhaustion, so callers never test for NULL. */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Called by fatal() before it exits, e.g. to restore the terminal. */
void	 fatal_set_hook(void (*)(void));
void	 fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
/* Set *cause to a formatted message (tmux-style error hand-back); returns -1. */
int	 set_cause(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
