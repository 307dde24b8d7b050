/* bundle.c: parses a content bundle and verifies every file against its SHA-256 before anything is written. */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "content/bundle.h"

#define BUNDLE_LINE_MAX	(64 + 1 + 20 + 1 + BUNDLE_PATH_MAX)

static int
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

int
bundle_path_ok(const char *path)
{
	const char	*p, *comp = path;
	int		 ncomp = 1;
	size_t		 len = strlen(path);

	if (len == 0 || len > BUNDLE_PATH_MAX)
		return 0;
	for (p = path; ; p++) {
		if (*p == '/' || *p == '\0') {
			/* No empty component, no ".", "..", or hidden files. */
			if (p == comp || *comp == '.')
				return 0;
			if (*p == '\0')
				break;
			if (++ncomp > 2)
				return 0;
			comp = p + 1;
			continue;
		}
		if (!name_char(*p))
			return 0;
	}
	return 1;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
hex(const unsigned char *md, char out[65])
{
	static const char digits[] = "0123456789abcdef";
	int	 i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[64] = '\0';
}

/* A path that is a file must not be the directory of another, nor repeat. */
static int
path_clash(const struct bundle *b, const char *path)
{
	size_t	 i, n;
	const char *other;

	for (i = 0; i < b->nfiles; i++) {
		other = b->files[i].path;
		if (strcmp(other, path) == 0)
			return 1;
		n = strlen(other);
		if (strncmp(path, other, n) == 0 && path[n] == '/')
			return 1;
		n = strlen(path);
		if (strncmp(other, path, n) == 0 && other[n] == '/')
			return 1;
	}
	return 0;
}

struct entry {
	unsigned char	 md[32];	/* expected SHA-256 */
	size_t		 size;		/* announced size */
};

/* "HEX SIZE PATH": 0, or -1 with *cause. */
static int
parse_entry(const char *line, size_t len, int lineno, struct bundle *b,
    struct entry *e, char **cause)
{
	const char	*p = line, *end = line + len;
	char		*path, *shown;
	size_t		 size = 0;
	int		 i, hi, lo;

	if (len < 64 + 4 || line[64] != ' ')
		return set_cause(cause, "bundle:%d: expected \"SHA256 SIZE PATH\"", lineno);
	for (i = 0; i < 32; i++) {
		if ((hi = hexval(p[2 * i])) == -1 || (lo = hexval(p[2 * i + 1])) == -1)
			return set_cause(cause, "bundle:%d: the checksum is not 64 hex digits",
			    lineno);
		e->md[i] = (unsigned char)(hi << 4 | lo);
	}
	p += 65;
	if (p >= end || *p < '0' || *p > '9')
		return set_cause(cause, "bundle:%d: expected a size after the checksum", lineno);
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		size = size * 10 + (size_t)(*p - '0');
		if (size > BUNDLE_FILE_MAX)
			return set_cause(cause, "bundle:%d: a file larger than %d bytes",
			    lineno, BUNDLE_FILE_MAX);
	}
	if (p >= end || *p != ' ' || p + 1 >= end)
		return set_cause(cause, "bundle:%d: expected a path after the size", lineno);
	p++;
	path = xstrndup(p, (size_t)(end - p));
	if (strlen(path) != (size_t)(end - p) || !bundle_path_ok(path)) {
		shown = sanitize(p, (size_t)(end - p), 60);
		set_cause(cause, "bundle:%d: refused path \"%s\"", lineno, shown);
		free(shown);
		free(path);
		return -1;
	}
	if (path_clash(b, path)) {
		set_cause(cause, "bundle:%d: %s repeats or clashes with another path",
		    lineno, path);
		free(path);
		return -1;
	}
	e->size = size;
	b->files = xreallocarray(b->files, b->nfiles + 1, sizeof *b->files);
	b->files[b->nfiles].path = path;
	b->files[b->nfiles].data = NULL;
	b->files[b->nfiles].len = size;
	b->nfiles++;
	return 0;
}

static int
has(const struct bundle *b, const char *path)
{
	size_t	 i;

	for (i = 0; i < b->nfiles; i++) {
		if (strcmp(b->files[i].path, path) == 0)
			return 1;
	}
	return 0;
}

int
bundle_parse(const void *buf, size_t len, struct bundle *b, char **cause)
{
	const char	*p = buf, *end = p + len, *nl;
	const unsigned char *data;
	struct entry	*ents = NULL;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen;
	char		 want[65], got[65];
	size_t		 llen, total = 0, i;
	int		 lineno = 0, ended = 0;

	memset(b, 0, sizeof *b);
	if (len > BUNDLE_MAX)
		return set_cause(cause, "bundle:0: larger than %d bytes", BUNDLE_MAX);
	while (p < end && !ended) {
		lineno++;
		llen = (size_t)(end - p);
		if (llen > BUNDLE_LINE_MAX + 1)
			llen = BUNDLE_LINE_MAX + 1;
		if ((nl = memchr(p, '\n', llen)) == NULL) {
			set_cause(cause, "bundle:%d: %s", lineno, llen > BUNDLE_LINE_MAX ?
			    "manifest line too long" : "truncated in the manifest");
			goto fail;
		}
		llen = (size_t)(nl - p);
		if (lineno == 1) {
			if (llen != strlen(BUNDLE_MAGIC) ||
			    memcmp(p, BUNDLE_MAGIC, llen) != 0) {
				set_cause(cause, "bundle:1: not a content bundle (expected \"%s\")",
				    BUNDLE_MAGIC);
				goto fail;
			}
		} else if (llen == 3 && memcmp(p, "end", 3) == 0)
			ended = 1;
		else {
			if (b->nfiles >= BUNDLE_FILES_MAX) {
				set_cause(cause, "bundle:%d: more than %d files", lineno,
				    BUNDLE_FILES_MAX);
				goto fail;
			}
			ents = xreallocarray(ents, b->nfiles + 1, sizeof *ents);
			if (parse_entry(p, llen, lineno, b, &ents[b->nfiles], cause) != 0)
				goto fail;
			total += ents[b->nfiles - 1].size;
		}
		p = nl + 1;
	}
	if (!ended) {
		set_cause(cause, "bundle:%d: truncated in the manifest (no \"end\" line)",
		    lineno);
		goto fail;
	}
	if (!has(b, "causes.tsv") || !has(b, "tree.txt")) {
		set_cause(cause, "bundle:0: causes.tsv and tree.txt are required");
		goto fail;
	}
	if ((size_t)(end - p) < total) {
		set_cause(cause, "bundle:0: truncated: the manifest announces %zu bytes of "
		    "files, %zu are present", total, (size_t)(end - p));
		goto fail;
	}
	if ((size_t)(end - p) > total) {
		set_cause(cause, "bundle:0: %zu bytes after the last file",
		    (size_t)(end - p) - total);
		goto fail;
	}
	data = (const unsigned char *)p;
	for (i = 0; i < b->nfiles; i++) {
		b->files[i].data = data;
		if (EVP_Digest(data, b->files[i].len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
		    mdlen != 32) {
			set_cause(cause, "bundle:0: SHA-256 failed (OpenSSL)");
			goto fail;
		}
		if (memcmp(md, ents[i].md, 32) != 0) {
			hex(ents[i].md, want);
			hex(md, got);
			set_cause(cause, "bundle:0: %s: SHA-256 mismatch: the manifest says "
			    "%.16s..., the data is %.16s...", b->files[i].path, want, got);
			goto fail;
		}
		data += b->files[i].len;
	}
	free(ents);
	return 0;
fail:
	free(ents);
	bundle_free(b);
	return -1;
}

void
bundle_free(struct bundle *b)
{
	size_t	 i;

	for (i = 0; i < b->nfiles; i++)
		free(b->files[i].path);
	free(b->files);
	memset(b, 0, sizeof *b);
}
