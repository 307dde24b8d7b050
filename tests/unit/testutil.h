/* testutil.h: helpers shared by the unit tests (strict UTF-8 checks, temp dirs, small files). */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Decode one strictly valid UTF-8 sequence at s[*i] (no overlongs, no
 * surrogates, nothing above U+10FFFF). Returns 1 and advances *i, or 0.
 */
static inline int
tu_utf8_next(const unsigned char *s, size_t len, size_t *i, uint32_t *cp)
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
		n = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
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

static inline int
tu_valid_utf8(const char *s, size_t len)
{
	size_t		i = 0;
	uint32_t	cp;

	while (i < len) {
		if (!tu_utf8_next((const unsigned char *)s, len, &i, &cp))
			return 0;
	}
	return 1;
}

/* Non-zero if the code point is one sanitize() must never let through. */
static inline int
tu_forbidden_cp(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return 1;			/* C0, DEL (also NUL, TAB, CR, LF) */
	if (cp >= 0x80 && cp <= 0x9f)
		return 1;			/* C1 */
	if (cp >= 0x202a && cp <= 0x202e)
		return 1;			/* LRE RLE PDF LRO RLO */
	if (cp >= 0x2066 && cp <= 0x2069)
		return 1;			/* LRI RLI FSI PDI */
	return 0;
}

/*
 * What sanitize() output must always be: valid UTF-8, no controls, no bidi
 * overrides. Returns NULL if fine, or a short description of the first fault.
 */
static inline const char *
tu_unclean(const char *s, size_t len)
{
	size_t		i = 0;
	uint32_t	cp;

	while (i < len) {
		if (!tu_utf8_next((const unsigned char *)s, len, &i, &cp))
			return "invalid UTF-8";
		if (tu_forbidden_cp(cp))
			return "control or bidi character";
	}
	return NULL;
}

/* Print a byte string C-style to stderr, for failure messages. */
static inline void
tu_dump(const char *label, const void *buf, size_t len)
{
	const unsigned char	*p = buf;
	size_t			 i;

	fprintf(stderr, "%s (%zu bytes): \"", label, len);
	for (i = 0; i < len && i < 400; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
			fputc(p[i], stderr);
		else
			fprintf(stderr, "\\x%02x", p[i]);
	}
	fprintf(stderr, "%s\"\n", i < len ? "..." : "");
}

/* Deterministic PRNG (xorshift64*), so failures reproduce. */
static inline uint64_t
tu_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static inline char *
tu_tmpdir(void)
{
	char	 tmpl[] = "/tmp/sshdoc-test.XXXXXX";
	char	*d;

	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		abort();
	}
	if ((d = strdup(tmpl)) == NULL)
		abort();
	return d;
}

/* Write len bytes to dir/name (dir may be NULL: name is a path); returns the path. */
static inline char *
tu_write(const char *dir, const char *name, const void *data, size_t len)
{
	char	*path;
	FILE	*f;

	if (dir != NULL) {
		if (asprintf(&path, "%s/%s", dir, name) == -1)
			abort();
	} else if ((path = strdup(name)) == NULL)
		abort();
	if ((f = fopen(path, "wb")) == NULL) {
		perror(path);
		abort();
	}
	if (len > 0 && fwrite(data, 1, len, f) != len)
		abort();
	if (fclose(f) != 0)
		abort();
	return path;
}

static inline void
tu_write_str(const char *dir, const char *name, const char *text)
{
	free(tu_write(dir, name, text, strlen(text)));
}

static inline int
tu_rm_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	if (remove(path) != 0 && errno != ENOENT)
		perror(path);
	return 0;
}

static inline void
tu_rm_rf(const char *path)
{
	nftw(path, tu_rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* Count lines of text as an editor would ("a\nb" and "a\nb\n" are 2). */
static inline size_t
tu_count_lines(const char *s, size_t len)
{
	size_t	i, n = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			n++;
	}
	if (len > 0 && s[len - 1] != '\n')
		n++;
	return n;
}

/* Assert-friendly: does cause start with "NAME:LINE: "? */
static inline int
tu_cause_at(const char *cause, const char *name, int line)
{
	char	prefix[256];

	if (cause == NULL)
		return 0;
	snprintf(prefix, sizeof prefix, "%s:%d: ", name, line);
	if (strncmp(cause, prefix, strlen(prefix)) != 0) {
		fprintf(stderr, "expected cause to start with \"%s\", got \"%s\"\n",
		    prefix, cause);
		return 0;
	}
	return 1;
}

/* Parse "NAME:LINE: ..." and return LINE, or -1 if cause has another shape. */
static inline int
tu_cause_line(const char *cause, const char *name)
{
	size_t	 n = strlen(name);
	char	*end;
	long	 l;

	if (cause == NULL || strncmp(cause, name, n) != 0 || cause[n] != ':')
		return -1;
	errno = 0;
	l = strtol(cause + n + 1, &end, 10);
	if (errno != 0 || end == cause + n + 1 || end[0] != ':' || end[1] != ' ')
		return -1;
	return (int)l;
}

#endif
