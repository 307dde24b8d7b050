/* test_keygen.c: what `ssh-keygen [-l] -F` prints, read into matches (checks/parse/keygen-parse.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/keygen-parse.h"

static void
parse(const char *text, struct keygen_matches *m)
{
	keygen_parse(text, strlen(text), m);
}

static void
test_fingerprints(void **state)
{
	struct keygen_matches	 m;

	(void)state;
	parse("# Host server found: line 3\n"
	    "server ED25519 SHA256:abc\n"
	    "# Host server found: line 7 CA\n"
	    "server RSA SHA256:def\n"
	    "# Host server found: line 9 REVOKED\n"
	    "server ECDSA SHA256:ghi\n", &m);
	assert_int_equal(m.n, 3);
	assert_int_equal(m.v[0].line, 3);
	assert_int_equal(m.v[0].marker, KEYGEN_PLAIN);
	assert_int_equal(m.v[0].nword, 3);
	assert_string_equal(m.v[0].word[1], "ED25519");
	assert_string_equal(m.v[0].word[2], "SHA256:abc");
	assert_null(m.v[0].word[3]);
	assert_int_equal(m.v[1].marker, KEYGEN_CA);
	assert_int_equal(m.v[2].marker, KEYGEN_REVOKED);
	assert_int_equal(m.v[2].line, 9);
	keygen_matches_free(&m);
}

static void
test_raw_lines(void **state)
{
	struct keygen_matches	 m;

	(void)state;
	parse("# Host [h]:2222 found: line 1\r\n"
	    "@revoked |1|salt|hash ssh-ed25519 AAAAC3Nza comment\r\n"
	    "# Host [h]:2222 found: line 2\n"
	    "\t[h]:2222  ssh-rsa AAAAB3 more words here\n", &m);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.v[0].marker, KEYGEN_REVOKED);
	assert_string_equal(m.v[0].word[0], "@revoked");
	assert_string_equal(m.v[0].word[1], "|1|salt|hash");
	assert_int_equal(m.v[0].nword, 4);
	assert_string_equal(m.v[0].word[3], "AAAAC3Nza");
	assert_string_equal(m.v[1].word[0], "[h]:2222");
	assert_string_equal(m.v[1].word[2], "AAAAB3");
	keygen_matches_free(&m);
}

static void
test_malformed(void **state)
{
	struct keygen_matches	 m;

	(void)state;
	/* no header, bad numbers, a header without a line, comments, binary bytes */
	parse("server ED25519 SHA256:x\n"
	    "# Host a found: line 0\nline after zero\n"
	    "# Host a found: line -4\nx y z\n"
	    "# Host a found: line\n"
	    "# a comment\n"
	    "# Host a found: line 5\n"
	    "\n"
	    "a \x01\x1b[31m b\n"
	    "a second line ignored\n"
	    "# Host a found: line 6\n", &m);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.v[0].line, 5);
	assert_int_equal(m.v[0].nword, 3);
	assert_null(strchr(m.v[0].word[1], '\x1b'));
	assert_int_equal(m.v[1].line, 6);
	assert_int_equal(m.v[1].nword, 0);
	keygen_matches_free(&m);
	parse("", &m);
	assert_int_equal(m.n, 0);
	keygen_matches_free(&m);
}

static void
test_bounds(void **state)
{
	struct keygen_matches	 m;
	char			*text, *p;
	size_t			 i, big = 3 * KEYGEN_WORD_MAX;

	(void)state;
	text = malloc(300 * 40 + big + 64);
	p = text;
	for (i = 1; i <= 300; i++)
		p += sprintf(p, "# Host h found: line %zu\nh T K\n", i);
	p += sprintf(p, "# Host h found: line 1\nh ");
	memset(p, 'A', big);
	p[big] = '\0';
	parse(text, &m);
	assert_int_equal(m.n, KEYGEN_ENTRIES_MAX);
	keygen_matches_free(&m);
	/* the long word alone */
	parse(strstr(text, "# Host h found: line 1\nh AAA"), &m);
	assert_int_equal(m.n, 1);
	assert_true(strlen(m.v[0].word[1]) <= KEYGEN_WORD_MAX);
	keygen_matches_free(&m);
	free(text);
}

/* The names ssh-keygen -l prints (OpenSSH 9.2: ED25519, RSA, ECDSA, DSA, -CERT, -SK). */
static void
test_short_types(void **state)
{
	(void)state;
	assert_string_equal(keygen_short_type("ssh-ed25519"), "ED25519");
	assert_string_equal(keygen_short_type("ssh-rsa"), "RSA");
	assert_string_equal(keygen_short_type("ecdsa-sha2-nistp384"), "ECDSA");
	assert_string_equal(keygen_short_type("ssh-dss"), "DSA");
	assert_string_equal(keygen_short_type("ssh-ed25519-cert-v01@openssh.com"),
	    "ED25519-CERT");
	assert_string_equal(keygen_short_type("sk-ecdsa-sha2-nistp256@openssh.com"),
	    "ECDSA-SK");
	assert_null(keygen_short_type("ssh-ed448"));
	assert_null(keygen_short_type("SSH-ED25519"));
	assert_null(keygen_short_type(""));
	assert_null(keygen_short_type(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fingerprints),
		cmocka_unit_test(test_raw_lines),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_short_types),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
