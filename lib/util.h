/* util.h: small helpers shared by checks and front ends (clocks, string lists, bounded file reads). */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/*
 * memmem for short haystacks such as log lines: memchr to the needle's first
 * byte that is not a space, then memcmp. glibc's memmem fills a 256-byte
 * shift table on every call, which costs more than searching a 100-byte line.
 */
static inline const char *
memfind(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	const char	*p, *q, *end;
	size_t		 k = 0;

	if (nlen == 0)
		return hay;
	if (hlen < nlen)
		return NULL;
	while (k < nlen - 1 && needle[k] == ' ')
		k++;
	/* a match starts in [hay, end): needle[k] is then in [hay + k, end + k) */
	end = hay + (hlen - nlen) + 1;
	for (p = hay; p < end; p = q + 1 - k) {
		if ((q = memchr(p + k, needle[k], (size_t)(end - p))) == NULL)
			return NULL;
		/* the byte after it first: most false starts end there, without a call */
		if ((k + 1 >= nlen || q[1] == needle[k + 1]) && memcmp(q - k, needle, nlen) == 0)
			return q - k;
	}
	return NULL;
}

#endif
