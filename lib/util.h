/* util.h: small helpers shared by checks and front ends (clocks, string lists, bounded file reads). */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Milliseconds on the monotonic clock. */
int64_t	 now_ms(void);

/* A growable list of owned strings. */
struct strlist {
	char	**v;
	size_t	  n;
};
void	 strlist_add(struct strlist *, const char *);
void	 strlist_addf(struct strlist *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 strlist_free(struct strlist *);

/*
 * Read at most max bytes of a regular file into a new NUL-terminated buffer.
 * Fails (returns -1, sets *cause) if the file is larger than max, not regular,
 * or unreadable.
 */
int	 read_file_bounded(const char *path, size_t max, char **out,
	    size_t *outlen, char **cause);

#endif
