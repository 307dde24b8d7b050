/* sanitize.h: the one gate every byte from outside passes before a terminal or a JSON reader sees it. */
#ifndef SANITIZE_H
#define SANITIZE_H

#include <stddef.h>

/* Default cap for one line of evidence, in output bytes. */
#define SANITIZE_LINE_MAX 1024

/*
 * Return a new NUL-terminated string holding buf[0..len) as valid UTF-8 with
 * no control characters: C0 controls, DEL and C1 controls become \xNN (\t,
 * \r, \n as such), bidirectional overrides become \u{XXXX}, invalid UTF-8
 * becomes U+FFFD. Backslashes pass unchanged, so sanitizing twice changes
 * nothing. At most max bytes are produced (0: no cap); a cut output ends in
 * "..." (fewer dots when max is below 3). NUL bytes in the input are escaped, not terminators.
 */
char	*sanitize(const void *buf, size_t len, size_t max);
/* The same for a C string. */
char	*sanitize_str(const char *s, size_t max);
/* Non-zero if s is already what sanitize() would produce (uncapped). */
int	 sanitized_ok(const char *s);

#endif
