/* test_bundle.c: the content bundle parser and its SHA-256 manifest verification (content/bundle.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "lib/xmalloc.h"
#include "content/bundle.h"
#include "tests/unit/testutil.h"

struct tfile {
	const char	*path;
	const char	*data;
};

static const struct tfile good[] = {
	{ "causes.tsv", "id\tseen-from\ttitle\twhat\nport-closed\tclient\tNothing\tRefused\n" },
	{ "tree.txt", "start client reach\nnode reach\n  run tcp-connect\n" },
	{ "articles/port-closed.txt", "id: port-closed\ntitle: Nothing\n" },
	{ "articles/empty.txt", "" },
	{ NULL, NULL }
};

static void
sha256_hex(const char *data, size_t len, char out[65])
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 n;
	int		 i;

	assert_int_equal(EVP_Digest(data, len, md, &n, EVP_sha256(), NULL), 1);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* A bundle of files; manifest lines may be overridden (NULL: computed). */
static char *
make(const struct tfile *f, const char *magic, size_t *len)
{
	char	*s = NULL, *next, hex[65];
	size_t	 i;

	xasprintf(&s, "%s\n", magic != NULL ? magic : BUNDLE_MAGIC);
	for (i = 0; f[i].path != NULL; i++) {
		sha256_hex(f[i].data, strlen(f[i].data), hex);
		xasprintf(&next, "%s%s %zu %s\n", s, hex, strlen(f[i].data), f[i].path);
		free(s);
		s = next;
	}
	xasprintf(&next, "%send\n", s);
	free(s);
	s = next;
	for (i = 0; f[i].path != NULL; i++) {
		xasprintf(&next, "%s%s", s, f[i].data);
		free(s);
		s = next;
	}
	*len = strlen(s);
	return s;
}

static void
expect_error(const char *buf, size_t len, const char *needle)
{
	struct bundle	 b;
	char		*cause = NULL;

	if (bundle_parse(buf, len, &b, &cause) == 0) {
		tu_dump("accepted", buf, len);
		fail_msg("bundle accepted, expected an error with \"%s\"", needle);
	}
	assert_non_null(cause);
	if (strstr(cause, needle) == NULL)
		fail_msg("cause \"%s\" lacks \"%s\"", cause, needle);
	assert_true(strncmp(cause, "bundle:", 7) == 0);
	assert_null(tu_unclean(cause, strlen(cause)));
	assert_int_equal(b.nfiles, 0);
	assert_null(b.files);
	free(cause);
}

static void
test_good(void **state)
{
	struct bundle	 b;
	char		*buf, *cause = NULL;
	size_t		 len, i;

	(void)state;
	buf = make(good, NULL, &len);
	assert_int_equal(bundle_parse(buf, len, &b, &cause), 0);
	assert_null(cause);
	assert_int_equal(b.nfiles, 4);
	for (i = 0; i < b.nfiles; i++) {
		assert_string_equal(b.files[i].path, good[i].path);
		assert_int_equal(b.files[i].len, strlen(good[i].data));
		assert_memory_equal(b.files[i].data, good[i].data, b.files[i].len);
		/* The files point into the buffer, back to back. */
		assert_true((const char *)b.files[i].data >= buf &&
		    (const char *)b.files[i].data + b.files[i].len <= buf + len);
	}
	bundle_free(&b);
	free(buf);
}

static void
test_uppercase_hex(void **state)
{
	char	*buf, *p;
	size_t	 len, i;
	struct bundle b;
	char	*cause = NULL;

	(void)state;
	buf = make(good, NULL, &len);
	p = strchr(buf, '\n') + 1;
	for (i = 0; i < 64; i++)
		if (p[i] >= 'a' && p[i] <= 'f')
			p[i] = (char)(p[i] - 'a' + 'A');
	assert_int_equal(bundle_parse(buf, len, &b, &cause), 0);
	bundle_free(&b);
	free(buf);
}

static void
test_magic(void **state)
{
	char	*buf;
	size_t	 len;

	(void)state;
	buf = make(good, "sshdoc-content-bundle 2", &len);
	expect_error(buf, len, "bundle:1: not a content bundle");
	free(buf);
	buf = make(good, "<html>", &len);
	expect_error(buf, len, "bundle:1:");
	free(buf);
	expect_error("", 0, "truncated in the manifest");
	expect_error(BUNDLE_MAGIC, strlen(BUNDLE_MAGIC), "bundle:1: truncated");
}

static void
test_tampered(void **state)
{
	char	*buf, *data;
	size_t	 len, off;

	(void)state;
	buf = make(good, NULL, &len);
	data = strstr(buf, "\nend\n") + 5;
	/* Every single changed byte of the data is caught. */
	for (off = (size_t)(data - buf); off < len; off++) {
		buf[off] ^= 0x20;
		expect_error(buf, len, "SHA-256 mismatch");
		buf[off] ^= 0x20;
	}
	/* The message names the file. */
	buf[len - 1] ^= 1;
	expect_error(buf, len, "articles/port-closed.txt: SHA-256 mismatch");
	free(buf);
}

static void
test_truncated_and_trailing(void **state)
{
	char	*buf, *longer;
	size_t	 len, cut;
	struct bundle b;
	char	*cause;

	(void)state;
	buf = make(good, NULL, &len);
	/* Every shorter prefix is refused, without a crash or an over-read. */
	for (cut = 0; cut < len; cut++) {
		char *copy = xmalloc(cut + 1);

		memcpy(copy, buf, cut);
		cause = NULL;
		assert_int_not_equal(bundle_parse(copy, cut, &b, &cause), 0);
		assert_non_null(cause);
		free(cause);
		free(copy);
	}
	expect_error(buf, len - 1, "truncated: the manifest announces");
	xasprintf(&longer, "%sX", buf);
	expect_error(longer, len + 1, "1 bytes after the last file");
	free(longer);
	free(buf);
}

static void
test_bad_lines(void **state)
{
	static const char *const lines[] = {
		"nothex",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg 1 tree.txt",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef tree.txt",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 1",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 1 ",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef -1 x",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 99999999 x",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 1  x",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 1 ../x",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 1 /etc/passwd",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 1 .hidden",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 1 a/b/c",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 1 a//b",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 1 a b",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 1 a\tb",
		NULL
	};
	char	*buf;
	size_t	 i;

	(void)state;
	for (i = 0; lines[i] != NULL; i++) {
		xasprintf(&buf, "%s\n%s\nend\nx", BUNDLE_MAGIC, lines[i]);
		expect_error(buf, strlen(buf), "bundle:2:");
		free(buf);
	}
}

static void
test_paths(void **state)
{
	(void)state;
	assert_true(bundle_path_ok("tree.txt"));
	assert_true(bundle_path_ok("articles/port-closed.txt"));
	assert_true(bundle_path_ok("FORMAT.md"));
	assert_false(bundle_path_ok(""));
	assert_false(bundle_path_ok("."));
	assert_false(bundle_path_ok(".."));
	assert_false(bundle_path_ok("../tree.txt"));
	assert_false(bundle_path_ok("articles/../../x"));
	assert_false(bundle_path_ok("articles/.x"));
	assert_false(bundle_path_ok("/tree.txt"));
	assert_false(bundle_path_ok("articles/"));
	assert_false(bundle_path_ok("a/b/c"));
	assert_false(bundle_path_ok("a\\b"));
	assert_false(bundle_path_ok("caf\xc3\xa9"));
}

static void
test_duplicates_and_required(void **state)
{
	static const struct tfile dup[] = {
		{ "causes.tsv", "a" }, { "tree.txt", "b" }, { "tree.txt", "c" }, { NULL, NULL }
	};
	static const struct tfile clash[] = {
		{ "causes.tsv", "a" }, { "tree.txt", "b" }, { "articles", "c" },
		{ "articles/x.txt", "d" }, { NULL, NULL }
	};
	static const struct tfile clash2[] = {
		{ "causes.tsv", "a" }, { "tree.txt/x", "b" }, { NULL, NULL }
	};
	static const struct tfile notree[] = {
		{ "causes.tsv", "a" }, { "articles/x.txt", "d" }, { NULL, NULL }
	};
	char	*buf;
	size_t	 len;

	(void)state;
	buf = make(dup, NULL, &len);
	expect_error(buf, len, "bundle:4: tree.txt repeats");
	free(buf);
	buf = make(clash, NULL, &len);
	expect_error(buf, len, "bundle:5: articles/x.txt repeats or clashes");
	free(buf);
	buf = make(clash2, NULL, &len);
	expect_error(buf, len, "required");
	free(buf);
	buf = make(notree, NULL, &len);
	expect_error(buf, len, "bundle:0: causes.tsv and tree.txt are required");
	free(buf);
}

static void
test_limits(void **state)
{
	char	*buf, *line;
	size_t	 i;

	(void)state;
	/* A manifest line longer than any valid one. */
	line = xmalloc(600);
	memset(line, 'a', 599);
	line[599] = '\0';
	xasprintf(&buf, "%s\n%s\nend\n", BUNDLE_MAGIC, line);
	expect_error(buf, strlen(buf), "bundle:2: manifest line too long");
	free(buf);
	free(line);
	/* Too many files. */
	buf = xstrdup(BUNDLE_MAGIC "\n");
	for (i = 0; i <= BUNDLE_FILES_MAX; i++) {
		char *next;

		xasprintf(&next, "%se3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
		    " 0 f%zu\n", buf, i);
		free(buf);
		buf = next;
	}
	expect_error(buf, strlen(buf), "more than 1000 files");
	free(buf);
	/* Larger than the cap: refused before reading. */
	expect_error(BUNDLE_MAGIC, (size_t)BUNDLE_MAX + 1, "bundle:0: larger than");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_uppercase_hex),
		cmocka_unit_test(test_magic),
		cmocka_unit_test(test_tampered),
		cmocka_unit_test(test_truncated_and_trailing),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_duplicates_and_required),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
