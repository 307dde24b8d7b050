/* fuzz_common.h: small helpers shared by the fuzz targets. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stop with a message libFuzzer reports as a crash. */
#define FUZZ_CHECK(cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz check failed: %s: ", #cond);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

/* FNV-1a of the input: a seed that every mutation changes. */
static inline uint64_t
fuzz_hash(const uint8_t *data, size_t size)
{
	uint64_t	h = 0xcbf29ce484222325ULL;
	size_t		i;

	for (i = 0; i < size; i++) {
		h ^= data[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static inline uint64_t
fuzz_next(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/* Strict UTF-8 (no overlongs, surrogates, or code points past U+10FFFF). */
static inline int
fuzz_utf8_next(const unsigned char *s, size_t len, size_t *i, uint32_t *cp)
{
	unsigned char	c = s[*i];
	size_t		n, k;
	uint32_t	v, min;

	if (c < 0x80) {
		*cp = c;
		(*i)++;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2; v = c & 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3; v = c & 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else
		return 0;
	if (*i + n > len)
		return 0;
	for (k = 1; k < n; k++) {
		if ((s[*i + k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[*i + k] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	*i += n;
	return 1;
}

/* NULL if s is clean sanitize() output, else what is wrong. */
static inline const char *
fuzz_unclean(const char *s, size_t len)
{
	size_t		i = 0;
	uint32_t	cp;

	while (i < len) {
		if (!fuzz_utf8_next((const unsigned char *)s, len, &i, &cp))
			return "invalid UTF-8";
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
			return "control character";
		if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
			return "bidi override";
	}
	return NULL;
}

/* Check "NAME:LINE: ..." with 1 <= LINE <= lines in the input + 1. */
static inline void
fuzz_check_cause(const char *cause, const char *name, const uint8_t *data, size_t size)
{
	size_t	 n = strlen(name), lines = 1, i;
	char	*end;
	long	 l;

	FUZZ_CHECK(cause != NULL, "error without a cause");
	FUZZ_CHECK(strncmp(cause, name, n) == 0 && cause[n] == ':',
	    "cause does not start with %s: \"%.200s\"", name, cause);
	l = strtol(cause + n + 1, &end, 10);
	FUZZ_CHECK(end != cause + n + 1 && end[0] == ':' && end[1] == ' ',
	    "cause is not NAME:LINE: ...: \"%.200s\"", cause);
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	/* Line 0 stands for the file as a whole. */
	FUZZ_CHECK(l >= 0 && (size_t)l <= lines, "line %ld out of range (0..%zu)", l, lines);
}

#endif
