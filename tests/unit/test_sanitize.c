/* test_sanitize.c: the escaping gate (checks/sanitize.h): controls, bidi, invalid UTF-8, caps, idempotence. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/sanitize.h"
#include "tests/unit/testutil.h"

static const char FFFD[] = "\xef\xbf\xbd";

/* sanitize(in, len, 0) must equal want exactly. */
static void
expect(const char *in, size_t len, const char *want)
{
	char	*out = sanitize(in, len, 0);

	assert_non_null(out);
	if (strcmp(out, want) != 0) {
		tu_dump("input", in, len);
		tu_dump("want", want, strlen(want));
		tu_dump("got", out, strlen(out));
	}
	assert_string_equal(out, want);
	free(out);
}

/* The same, but hex digits may be in either case (\x1b or \x1B, \u{202e} or \u{202E}). */
static void
expect_ci(const char *in, size_t len, const char *want)
{
	char	*out = sanitize(in, len, 0);

	assert_non_null(out);
	if (strcasecmp(out, want) != 0 || strlen(out) != strlen(want)) {
		tu_dump("input", in, len);
		tu_dump("want", want, strlen(want));
		tu_dump("got", out, strlen(out));
		fail_msg("escape mismatch");
	}
	/* The escape letters themselves are lower case: \x, \u. */
	assert_null(strstr(out, "\\X"));
	assert_null(strstr(out, "\\U"));
	free(out);
}

/* The output must consist of nothing but one or more U+FFFD. */
static void
expect_only_fffd(const char *in, size_t len)
{
	char	*out = sanitize(in, len, 0);
	size_t	 n, i;

	assert_non_null(out);
	n = strlen(out);
	if (n == 0 || n % 3 != 0)
		goto bad;
	for (i = 0; i < n; i += 3) {
		if (memcmp(out + i, FFFD, 3) != 0)
			goto bad;
	}
	free(out);
	return;
bad:
	tu_dump("input", in, len);
	tu_dump("got", out, n);
	fail_msg("expected only U+FFFD replacement characters");
}

static void
test_plain_ascii_unchanged(void **state)
{
	(void)state;
	expect("hello, world", 12, "hello, world");
	expect("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", 38,
	    "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3");
	expect("", 0, "");
	expect(" !\"#$%&'()*+,-./0123456789:;<=>?@[]^_`{|}~", 42,
	    " !\"#$%&'()*+,-./0123456789:;<=>?@[]^_`{|}~");
}

static void
test_valid_utf8_unchanged(void **state)
{
	static const char *ok[] = {
		"h\xc3\xa9llo",			/* é */
		"\xe2\x9c\x93 done",		/* ✓ */
		"\xf0\x9f\x98\x80",		/* 😀 */
		"\xc2\xa0nbsp",			/* U+00A0: first after C1 */
		"\xe2\x80\xaf",			/* U+202F: just after the bidi overrides */
		"\xe2\x80\xa9",			/* U+2029: not in the list */
		"\xef\xbf\xbd",			/* U+FFFD itself */
		"\xef\xbf\xbf",			/* U+FFFF */
		"\xf4\x8f\xbf\xbf",		/* U+10FFFF, the last code point */
		"\xed\x9f\xbf",			/* U+D7FF, just below the surrogates */
		"\xee\x80\x80",			/* U+E000, just above */
		"\xe4\xb8\xad\xe6\x96\x87",	/* 中文 */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		expect(ok[i], strlen(ok[i]), ok[i]);
}

static void
test_c0_controls_escaped(void **state)
{
	char	in[3], want[16];
	int	c;

	(void)state;
	for (c = 0; c < 0x20; c++) {
		if (c == '\t' || c == '\r' || c == '\n')
			continue;
		in[0] = 'a';
		in[1] = (char)c;
		in[2] = 'b';
		snprintf(want, sizeof want, "a\\x%02xb", c);
		expect_ci(in, 3, want);
	}
	expect_ci("\x7f", 1, "\\x7f");
	expect_ci("\x1b[31mred\x1b[0m", 12, "\\x1b[31mred\\x1b[0m");
}

static void
test_tab_cr_lf_named(void **state)
{
	(void)state;
	expect("a\tb", 3, "a\\tb");
	expect("line\r\n", 6, "line\\r\\n");
	expect("\n\n", 2, "\\n\\n");
	expect("\r", 1, "\\r");
}

static void
test_nul_escaped_not_terminator(void **state)
{
	(void)state;
	expect_ci("a\0b", 3, "a\\x00b");
	expect_ci("\0", 1, "\\x00");
	expect_ci("\0\0", 2, "\\x00\\x00");
}

static void
test_c1_controls_escaped(void **state)
{
	char	in[2], want[16];
	int	c;

	(void)state;
	/* U+0080..U+009F, encoded C2 80..C2 9F: one \xNN of the code point. */
	for (c = 0x80; c <= 0x9f; c++) {
		in[0] = (char)0xc2;
		in[1] = (char)c;
		snprintf(want, sizeof want, "\\x%02x", c);
		expect_ci(in, 2, want);
	}
}

static void
test_bidi_overrides_escaped(void **state)
{
	static const unsigned cps[] = {
		0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
		0x2066, 0x2067, 0x2068, 0x2069,
	};
	char	in[8], want[32];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		in[0] = 'x';
		in[1] = (char)(0xe0 | (cps[i] >> 12));
		in[2] = (char)(0x80 | ((cps[i] >> 6) & 0x3f));
		in[3] = (char)(0x80 | (cps[i] & 0x3f));
		in[4] = 'y';
		snprintf(want, sizeof want, "x\\u{%04X}y", cps[i]);
		expect_ci(in, 5, want);
	}
	/* The classic Trojan Source shape. */
	{
		static const char trojan[] = "admin\xe2\x80\xae txt.exe";

		expect_ci(trojan, sizeof trojan - 1, "admin\\u{202E} txt.exe");
	}
}

static void
test_invalid_utf8_replaced(void **state)
{
	char	want[64];

	(void)state;
	expect("\x80", 1, FFFD);
	expect("\xbf", 1, FFFD);
	expect("\xff", 1, FFFD);
	expect("\xfe", 1, FFFD);
	snprintf(want, sizeof want, "a%sb", FFFD);
	expect("a\xffz", 3, "a\xef\xbf\xbdz");
	expect("a\x80" "b", 3, want);
	/* A truncated sequence at the very end. */
	snprintf(want, sizeof want, "a%s", FFFD);
	expect("a\xc3", 2, want);
	/* A broken sequence must not swallow the ASCII byte that ends it. */
	snprintf(want, sizeof want, "%s(", FFFD);
	expect("\xc3(", 2, want);
	expect_only_fffd("\xe2\x82", 2);
	expect_only_fffd("\xf0\x9f\x98", 3);
	{
		char *out = sanitize("\xe2\x82(", 3, 0);
		size_t n = strlen(out);

		assert_true(n >= 4);
		assert_int_equal(out[n - 1], '(');
		free(out);
	}
	{
		char *out = sanitize("\xf0\x9f\x98\n", 4, 0);
		size_t n = strlen(out);

		assert_true(n >= 5);
		assert_string_equal(out + n - 2, "\\n");
		free(out);
	}
}

static void
test_overlong_invalid(void **state)
{
	(void)state;
	expect_only_fffd("\xc0\x80", 2);		/* overlong NUL */
	expect_only_fffd("\xc0\xaf", 2);		/* overlong '/' */
	expect_only_fffd("\xc1\xbf", 2);
	expect_only_fffd("\xe0\x80\x80", 3);
	expect_only_fffd("\xe0\x80\xaf", 3);
	expect_only_fffd("\xe0\x9f\xbf", 3);
	expect_only_fffd("\xf0\x80\x80\x80", 4);
	expect_only_fffd("\xf0\x8f\xbf\xbf", 4);
	/* An overlong ESC must not become a real ESC either. */
	expect_only_fffd("\xc0\x9b", 2);
	expect_only_fffd("\xe0\x80\x9b", 3);
}

static void
test_surrogates_and_out_of_range_invalid(void **state)
{
	(void)state;
	expect_only_fffd("\xed\xa0\x80", 3);		/* U+D800 */
	expect_only_fffd("\xed\xbf\xbf", 3);		/* U+DFFF */
	expect_only_fffd("\xed\xa0\xbd\xed\xb8\x80", 6);	/* CESU-8 pair */
	expect_only_fffd("\xf4\x90\x80\x80", 4);	/* U+110000 */
	expect_only_fffd("\xf5\x80\x80\x80", 4);
	expect_only_fffd("\xf8\x88\x80\x80\x80", 5);
	expect_only_fffd("\xfc\x84\x80\x80\x80\x80", 6);
}

static void
test_backslash_passes(void **state)
{
	(void)state;
	expect("a\\b", 3, "a\\b");
	expect("\\x1b", 4, "\\x1b");
	expect("\\u{202E}", 8, "\\u{202E}");
	expect("C:\\Users\\n", 10, "C:\\Users\\n");
	expect("\\", 1, "\\");
}

static void
test_sanitize_str_matches(void **state)
{
	static const char *in[] = { "", "plain", "a\tb\x1b", "\xff\xfe", "\xe2\x80\xae!" };
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		char *a = sanitize(in[i], strlen(in[i]), 0);
		char *b = sanitize_str(in[i], 0);

		assert_string_equal(a, b);
		free(a);
		free(b);
		a = sanitize(in[i], strlen(in[i]), 5);
		b = sanitize_str(in[i], 5);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
}

static void
test_sanitized_ok(void **state)
{
	(void)state;
	assert_true(sanitized_ok(""));
	assert_true(sanitized_ok("plain text"));
	assert_true(sanitized_ok("h\xc3\xa9llo \xf0\x9f\x98\x80"));
	assert_true(sanitized_ok("a\\x1b\\t\\u{202E}"));
	assert_true(sanitized_ok("\xef\xbf\xbd"));
	assert_false(sanitized_ok("\x1b[2J"));
	assert_false(sanitized_ok("a\tb"));
	assert_false(sanitized_ok("a\nb"));
	assert_false(sanitized_ok("a\rb"));
	assert_false(sanitized_ok("\x7f"));
	assert_false(sanitized_ok("\xc2\x85"));
	assert_false(sanitized_ok("\xe2\x80\xae"));
	assert_false(sanitized_ok("\xe2\x81\xa6"));
	assert_false(sanitized_ok("\xff"));
	assert_false(sanitized_ok("\xc0\x80"));
	assert_false(sanitized_ok("\xed\xa0\x80"));
	assert_false(sanitized_ok("abc\xc3"));
}

/*
 * Unit boundaries of sanitize() output produced from input without
 * backslashes: every backslash there starts an escape.
 */
static int
is_boundary(const char *u, size_t at)
{
	size_t	i = 0, n = strlen(u);

	while (i < n) {
		if (i == at)
			return 1;
		if (u[i] == '\\') {
			if (u[i + 1] == 'x')
				i += 4;
			else if (u[i + 1] == 'u') {
				const char *e = strchr(u + i, '}');

				if (e == NULL)
					return 0;
				i = (size_t)(e - u) + 1;
			} else
				i += 2;
		} else {
			unsigned char c = (unsigned char)u[i];

			if (c < 0x80)
				i += 1;
			else if (c < 0xe0)
				i += 2;
			else if (c < 0xf0)
				i += 3;
			else
				i += 4;
		}
	}
	return i == at;
}

/* Check a capped output c against the uncapped u. */
static void
check_cap(const char *in, size_t len, const char *u, const char *c, size_t max,
    int boundaries)
{
	size_t	ulen = strlen(u), clen = strlen(c), p;

	if (clen > max) {
		tu_dump("input", in, len);
		tu_dump("capped", c, clen);
		fail_msg("cap %zu exceeded: %zu bytes", max, clen);
	}
	if (tu_unclean(c, clen) != NULL) {
		tu_dump("input", in, len);
		tu_dump("capped", c, clen);
		fail_msg("capped output at %zu: %s", max, tu_unclean(c, clen));
	}
	if (ulen <= max) {
		if (strcmp(u, c) != 0) {
			tu_dump("input", in, len);
			tu_dump("uncapped", u, ulen);
			tu_dump("capped", c, clen);
			fail_msg("output fits in %zu but differs from the uncapped one", max);
		}
		return;
	}
	if (max < 3)
		return;
	if (clen < 3 || strcmp(c + clen - 3, "...") != 0) {
		tu_dump("input", in, len);
		tu_dump("capped", c, clen);
		fail_msg("cut output at %zu does not end in \"...\"", max);
	}
	p = clen - 3;
	if (memcmp(c, u, p) != 0) {
		tu_dump("uncapped", u, ulen);
		tu_dump("capped", c, clen);
		fail_msg("cut output at %zu is not a prefix of the uncapped output", max);
	}
	if (boundaries && !is_boundary(u, p)) {
		tu_dump("uncapped", u, ulen);
		tu_dump("capped", c, clen);
		fail_msg("cut at %zu splits a UTF-8 sequence or an escape", max);
	}
	/* No unit is longer than \u{XXXX} (8 bytes): the cut wastes at most 7. */
	if (p + 3 + 7 < max) {
		tu_dump("uncapped", u, ulen);
		tu_dump("capped", c, clen);
		fail_msg("cut at %zu drops more than needed (%zu bytes kept)", max, p);
	}
}

static void
cap_all(const char *in, size_t len, int boundaries)
{
	char	*u = sanitize(in, len, 0);
	size_t	 ulen = strlen(u), max;

	for (max = 3; max <= ulen + 2; max++) {
		char *c = sanitize(in, len, max);

		check_cap(in, len, u, c, max, boundaries);
		/* A cut output is itself final: sanitizing it changes nothing. */
		{
			char *again = sanitize(c, strlen(c), 0);

			assert_string_equal(again, c);
			free(again);
		}
		free(c);
	}
	free(u);
}

static void
test_cap_basic(void **state)
{
	char	*o;

	(void)state;
	o = sanitize("hello", 5, 5);
	assert_string_equal(o, "hello");
	free(o);
	o = sanitize("hello world", 11, 8);
	assert_true(strlen(o) <= 8);
	assert_string_equal(o, "hello...");
	free(o);
	o = sanitize("hello", 5, 4);
	assert_string_equal(o, "h...");
	free(o);
	o = sanitize_str("a long line of evidence", 10);
	assert_string_equal(o, "a long ...");
	free(o);
}

static void
test_cap_never_splits(void **state)
{
	(void)state;
	/* Two-byte characters. */
	cap_all("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 10, 1);
	/* Four-byte characters. */
	cap_all("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 12, 1);
	/* Escapes of every shape. */
	cap_all("\x1b\x1b\x1b\x1b", 4, 1);
	cap_all("\t\r\n\t\r\n", 6, 1);
	cap_all("\xe2\x80\xae\xe2\x80\xae\xe2\x81\xa6", 9, 1);
	cap_all("\xc2\x85\xc2\x9b\xc2\x80", 6, 1);
	cap_all("\xff\xfe\x80\xc0\x80", 5, 1);
	{
		static const char mixed[] = "ab\x1b" "cd\xc3\xa9" "e\xe2\x80\xae" "f\tg\xf0\x9f\x98\x80" "h\xff";

		cap_all(mixed, sizeof mixed - 1, 1);
	}
	cap_all("a\\x1b\\b", 7, 0);
}

static void
test_cap_tiny(void **state)
{
	size_t	max;

	(void)state;
	/* "At most max bytes": even when there is no room for "...". */
	for (max = 1; max <= 3; max++) {
		char *o = sanitize("hello world", 11, max);
		size_t n = strlen(o);

		free(o);
		if (n > max)
			fail_msg("sanitize(\"hello world\", 11, %zu) gave %zu bytes", max, n);
		o = sanitize("\xe2\x80\xae\xe2\x80\xae", 6, max);
		n = strlen(o);
		free(o);
		if (n > max)
			fail_msg("sanitize(RLO RLO, 6, %zu) gave %zu bytes", max, n);
	}
}

static void
test_default_line_max(void **state)
{
	char	in[2000];
	char	*o;

	(void)state;
	memset(in, 'z', sizeof in);
	o = sanitize(in, sizeof in, SANITIZE_LINE_MAX);
	assert_true(strlen(o) <= SANITIZE_LINE_MAX);
	assert_true(strlen(o) >= SANITIZE_LINE_MAX - 10);
	assert_string_equal(o + strlen(o) - 3, "...");
	free(o);
}

static void
check_idempotent(const char *in, size_t len)
{
	char	*a = sanitize(in, len, 0);
	char	*b = sanitize(a, strlen(a), 0);

	if (strcmp(a, b) != 0) {
		tu_dump("input", in, len);
		tu_dump("once", a, strlen(a));
		tu_dump("twice", b, strlen(b));
		fail_msg("sanitize is not idempotent");
	}
	if (!sanitized_ok(a)) {
		tu_dump("input", in, len);
		tu_dump("once", a, strlen(a));
		fail_msg("sanitized_ok rejects sanitize output");
	}
	free(a);
	free(b);
}

static void
test_idempotent_examples(void **state)
{
	static const struct { const char *s; size_t len; } in[] = {
		{ "plain", 5 },
		{ "\x1b[31m", 5 },
		{ "a\0b", 3 },
		{ "\t\r\n", 3 },
		{ "\xc2\x85", 2 },
		{ "\xe2\x80\xae", 3 },
		{ "\xff\xfe\xfd", 3 },
		{ "\xc0\x80", 2 },
		{ "\xed\xa0\x80", 3 },
		{ "\\x1b\\", 5 },
		{ "\\\x1b", 2 },
		{ "\\\\u{202E}", 9 },
		{ "\xe2\x80", 2 },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof in / sizeof in[0]; i++)
		check_idempotent(in[i].s, in[i].len);
}

/* Random input biased towards the interesting bytes and sequences. */
static size_t
random_input(uint64_t *rs, char *buf, size_t cap, int backslashes)
{
	static const char *pieces[] = {
		"\xc3\xa9", "\xe2\x9c\x93", "\xf0\x9f\x98\x80", "\xc2\x85", "\xc2\x9b",
		"\xc2\xa0", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa9", "\xe2\x80\xaa",
		"\xc0\x80", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xef\xbf\xbd", "\xe2\x82", "\xf0\x9f", "\r\n", "\x1b[0m",
	};
	size_t	len = 0, want = (size_t)(tu_rand(rs) % cap);

	while (len < want) {
		uint64_t r = tu_rand(rs);
		unsigned k = (unsigned)(r % 8);
		unsigned char c = (unsigned char)(r >> 8);

		if (k == 0)
			c = (unsigned char)(c % 0x20);
		else if (k == 1)
			c = (unsigned char)(0x80 + c % 0x80);
		else if (k == 2 || k == 3) {
			const char *p = pieces[(r >> 16) % (sizeof pieces / sizeof pieces[0])];
			size_t n = strlen(p);

			if (len + n > cap)
				break;
			memcpy(buf + len, p, n);
			len += n;
			continue;
		} else if (k == 4)
			c = (unsigned char)(r >> 20);	/* any byte */
		else
			c = (unsigned char)(0x20 + c % 0x5f);
		if (!backslashes && c == '\\')
			c = '/';
		buf[len++] = (char)c;
	}
	return len;
}

static void
test_random_properties(void **state)
{
	uint64_t	rs = 0x5eed5a17;
	char		in[80];
	int		iter;

	(void)state;
	for (iter = 0; iter < 20000; iter++) {
		int	 bs = (iter % 4 == 0);
		size_t	 len = random_input(&rs, in, sizeof in, bs);
		char	*u = sanitize(in, len, 0);
		char	*nt, *again;
		size_t	 ulen = strlen(u);
		size_t	 max = 3 + (size_t)(tu_rand(&rs) % (ulen + 4));

		if (tu_unclean(u, ulen) != NULL) {
			tu_dump("input", in, len);
			tu_dump("output", u, ulen);
			fail_msg("output %s", tu_unclean(u, ulen));
		}
		check_idempotent(in, len);
		{
			char *c = sanitize(in, len, max);

			check_cap(in, len, u, c, max, !bs);
			free(c);
		}
		/* sanitized_ok(s) is exactly "sanitize(s) == s". */
		nt = strndup(in, len);
		again = sanitize_str(nt, 0);
		if ((sanitized_ok(nt) != 0) != (strcmp(again, nt) == 0)) {
			tu_dump("input", nt, strlen(nt));
			tu_dump("sanitized", again, strlen(again));
			fail_msg("sanitized_ok disagrees with sanitize (ok=%d)", sanitized_ok(nt));
		}
		free(again);
		free(nt);
		free(u);
	}
}

static void
test_long_input(void **state)
{
	size_t	 n = 1 << 20, i;
	char	*in = malloc(n), *o;

	(void)state;
	for (i = 0; i < n; i++)
		in[i] = (char)(i * 7);
	o = sanitize(in, n, 0);
	assert_null(tu_unclean(o, strlen(o)));
	free(o);
	o = sanitize(in, n, SANITIZE_LINE_MAX);
	assert_true(strlen(o) <= SANITIZE_LINE_MAX);
	free(o);
	free(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_ascii_unchanged),
		cmocka_unit_test(test_valid_utf8_unchanged),
		cmocka_unit_test(test_c0_controls_escaped),
		cmocka_unit_test(test_tab_cr_lf_named),
		cmocka_unit_test(test_nul_escaped_not_terminator),
		cmocka_unit_test(test_c1_controls_escaped),
		cmocka_unit_test(test_bidi_overrides_escaped),
		cmocka_unit_test(test_invalid_utf8_replaced),
		cmocka_unit_test(test_overlong_invalid),
		cmocka_unit_test(test_surrogates_and_out_of_range_invalid),
		cmocka_unit_test(test_backslash_passes),
		cmocka_unit_test(test_sanitize_str_matches),
		cmocka_unit_test(test_sanitized_ok),
		cmocka_unit_test(test_cap_basic),
		cmocka_unit_test(test_cap_never_splits),
		cmocka_unit_test(test_cap_tiny),
		cmocka_unit_test(test_default_line_max),
		cmocka_unit_test(test_idempotent_examples),
		cmocka_unit_test(test_random_properties),
		cmocka_unit_test(test_long_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
