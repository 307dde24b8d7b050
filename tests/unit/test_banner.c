/* test_banner.c: the incremental SSH identification parser (checks/banner-parse.h) and protocol guessing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/banner-parse.h"
#include "lib/sanitize.h"
#include "tests/unit/testutil.h"

#define S(x) (x), (sizeof(x) - 1)

static const char DEBIAN[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";

/* Feed everything at once; returns bytes used. */
static size_t
parse_once(struct banner_parser *bp, const void *buf, size_t len)
{
	banner_init(bp);
	return banner_feed(bp, buf, len);
}

/* Feed in pieces whose sizes come from sizes[] (cycled; 0 entries mean empty feeds). */
static size_t
parse_pieces(struct banner_parser *bp, const char *buf, size_t len,
    const size_t *sizes, size_t nsizes)
{
	size_t	off = 0, used = 0, k = 0, n, u;

	banner_init(bp);
	while (off < len && bp->state == BANNER_MORE) {
		n = sizes[k++ % nsizes];
		if (n > len - off)
			n = len - off;
		u = banner_feed(bp, buf + off, n);
		assert_true(u <= n);
		used += u;
		if (u < n && bp->state == BANNER_MORE)
			fail_msg("feed left bytes unused without finishing");
		off += n;
	}
	return used;
}

static int
streq_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Two parsers fed the same bytes must agree on everything they report. */
static void
assert_same(const struct banner_parser *a, const struct banner_parser *b,
    size_t used_a, size_t used_b, const char *input, size_t len)
{
	size_t	i;
	int	ok = 1;

	ok &= a->state == b->state;
	ok &= streq_null(a->problem, b->problem);
	ok &= streq_null(a->ident, b->ident);
	ok &= streq_null(a->proto, b->proto);
	ok &= streq_null(a->software, b->software);
	ok &= streq_null(a->comment, b->comment);
	ok &= a->ident_ok == b->ident_ok;
	ok &= a->refusal == b->refusal;
	ok &= a->nlines == b->nlines;
	ok &= a->pre.n == b->pre.n;
	for (i = 0; ok && i < a->pre.n; i++)
		ok &= strcmp(a->pre.v[i], b->pre.v[i]) == 0;
	ok &= a->headlen == b->headlen && memcmp(a->head, b->head, a->headlen) == 0;
	if (a->state != BANNER_INVALID) {
		ok &= used_a == used_b;
		ok &= a->total == b->total;
	}
	if (!ok) {
		tu_dump("input", input, len);
		fprintf(stderr, "state %d/%d problem %s/%s ident %s/%s used %zu/%zu "
		    "nlines %zu/%zu pre %zu/%zu refusal %d/%d total %zu/%zu\n",
		    a->state, b->state, a->problem ? a->problem : "-",
		    b->problem ? b->problem : "-", a->ident ? a->ident : "-",
		    b->ident ? b->ident : "-", used_a, used_b, a->nlines, b->nlines,
		    a->pre.n, b->pre.n, a->refusal, b->refusal, a->total, b->total);
		fail_msg("incremental parse differs from a single feed");
	}
}

static void
test_openssh_debian(void **state)
{
	struct banner_parser bp;
	size_t used;

	(void)state;
	used = parse_once(&bp, S(DEBIAN));
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_int_equal(used, sizeof DEBIAN - 1);
	assert_null(bp.problem);
	assert_string_equal(bp.ident, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3");
	assert_string_equal(bp.proto, "2.0");
	assert_string_equal(bp.software, "OpenSSH_9.2p1");
	assert_string_equal(bp.comment, "Debian-2+deb12u3");
	assert_true(bp.ident_ok);
	assert_int_equal(banner_major(&bp), 2);
	assert_int_equal(bp.refusal, REFUSAL_NONE);
	assert_int_equal(bp.nlines, 0);
	assert_int_equal(bp.pre.n, 0);
	assert_int_equal(bp.headlen, sizeof DEBIAN - 1);
	assert_memory_equal(bp.head, DEBIAN, sizeof DEBIAN - 1);
	banner_free(&bp);
}

static void
test_lf_only_and_no_comment(void **state)
{
	struct banner_parser bp;

	(void)state;
	parse_once(&bp, S("SSH-2.0-dropbear_2022.83\n"));
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_string_equal(bp.ident, "SSH-2.0-dropbear_2022.83");
	assert_string_equal(bp.proto, "2.0");
	assert_string_equal(bp.software, "dropbear_2022.83");
	assert_null(bp.comment);
	assert_true(bp.ident_ok);
	banner_free(&bp);

	parse_once(&bp, S("SSH-2.0-Go\r\n"));
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_string_equal(bp.software, "Go");
	assert_null(bp.comment);
	banner_free(&bp);
}

static void
test_comment_keeps_spaces(void **state)
{
	struct banner_parser bp;

	(void)state;
	parse_once(&bp, S("SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6 extra words\r\n"));
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_string_equal(bp.software, "OpenSSH_8.9p1");
	assert_string_equal(bp.comment, "Ubuntu-3ubuntu0.6 extra words");
	banner_free(&bp);
}

static void
test_protocol_versions(void **state)
{
	struct banner_parser bp;

	(void)state;
	parse_once(&bp, S("SSH-1.99-OpenSSH_3.9p1\r\n"));
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_string_equal(bp.proto, "1.99");
	assert_string_equal(bp.software, "OpenSSH_3.9p1");
	assert_int_equal(banner_major(&bp), 2);
	banner_free(&bp);

	parse_once(&bp, S("SSH-1.5-Cisco-1.25\r\n"));
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_string_equal(bp.proto, "1.5");
	assert_string_equal(bp.software, "Cisco-1.25");
	assert_int_equal(banner_major(&bp), 1);
	banner_free(&bp);

	parse_once(&bp, S("SSH-garbage\r\n"));
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_false(bp.ident_ok);
	assert_int_equal(banner_major(&bp), -1);
	banner_free(&bp);

	/* No software version: not RFC 4253's shape. */
	parse_once(&bp, S("SSH-2.0-\r\n"));
	assert_int_not_equal(bp.state, BANNER_MORE);
	assert_false(bp.ident_ok);
	banner_free(&bp);

	/* Nothing found yet: major is unreadable, not a crash. */
	banner_init(&bp);
	assert_int_equal(banner_major(&bp), -1);
	banner_free(&bp);
}

static void
test_bytes_after_ident_left(void **state)
{
	static const char in[] = "SSH-2.0-OpenSSH_9.6\r\n\x00\x00\x05\xdc\x07\x14kexinit";
	struct banner_parser bp;
	size_t used;

	(void)state;
	used = parse_once(&bp, in, sizeof in - 1);
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_int_equal(used, strlen("SSH-2.0-OpenSSH_9.6\r\n"));
	assert_string_equal(bp.ident, "SSH-2.0-OpenSSH_9.6");
	/* Once found, nothing more is consumed. */
	assert_int_equal(banner_feed(&bp, in + used, sizeof in - 1 - used), 0);
	assert_int_equal(bp.state, BANNER_FOUND);
	banner_free(&bp);
}

static void
test_pre_banner_lines(void **state)
{
	struct banner_parser bp;
	size_t used;
	static const char in[] =
	    "Welcome to host\r\n"
	    "Authorized use only\n"
	    "\r\n"
	    "SSH-2.0-OpenSSH_9.2p1\r\n";

	(void)state;
	used = parse_once(&bp, S(in));
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_int_equal(used, sizeof in - 1);
	assert_int_equal(bp.nlines, 3);
	assert_int_equal(bp.pre.n, 3);
	assert_string_equal(bp.pre.v[0], "Welcome to host");
	assert_string_equal(bp.pre.v[1], "Authorized use only");
	assert_string_equal(bp.pre.v[2], "");
	assert_string_equal(bp.ident, "SSH-2.0-OpenSSH_9.2p1");
	banner_free(&bp);
}

static void
test_pre_banner_kept_and_sanitized(void **state)
{
	struct banner_parser bp;
	char buf[64 * 40 + 2000];
	size_t len = 0, i;

	(void)state;
	for (i = 0; i < 20; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "line %zu \x1b[31mred\x1b[0m\r\n", i);
	memset(buf + len, 'A', 1000);
	len += 1000;
	{
		static const char tail[] = "\r\nSSH-2.0-X \x1b]0;pwned\x07\r\n";

		memcpy(buf + len, tail, sizeof tail - 1);
		len += sizeof tail - 1;
	}
	parse_once(&bp, buf, len);
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_int_equal(bp.nlines, 21);
	assert_int_equal(bp.pre.n, BANNER_KEEP_LINES);
	for (i = 0; i < bp.pre.n; i++) {
		assert_null(strchr(bp.pre.v[i], '\x1b'));
		assert_true(sanitized_ok(bp.pre.v[i]));
	}
	assert_non_null(strstr(bp.pre.v[0], "line 0"));
	assert_non_null(bp.ident);
	assert_null(strchr(bp.ident, '\x1b'));
	assert_null(strchr(bp.ident, '\x07'));
	assert_true(sanitized_ok(bp.ident));
	if (bp.comment != NULL)
		assert_true(sanitized_ok(bp.comment));
	banner_free(&bp);

	/* A long pre-banner line is kept to about BANNER_KEEP_CHARS. */
	len = 0;
	memset(buf, 'B', 1000);
	len = 1000;
	memcpy(buf + len, "\nSSH-2.0-X\n", 11);
	len += 11;
	parse_once(&bp, buf, len);
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_int_equal(bp.pre.n, 1);
	assert_true(strlen(bp.pre.v[0]) <= BANNER_KEEP_CHARS + 3);
	assert_true(strlen(bp.pre.v[0]) >= 100);
	assert_int_equal(strncmp(bp.pre.v[0], buf, 100), 0);
	banner_free(&bp);
}

static void
test_refusals(void **state)
{
	struct banner_parser bp;

	(void)state;
	parse_once(&bp, S("Exceeded MaxStartups\r\n"));
	assert_int_equal(bp.state, BANNER_MORE);
	assert_int_equal(bp.refusal, REFUSAL_MAXSTARTUPS);
	assert_int_equal(bp.nlines, 1);
	assert_int_equal(bp.total, 22);
	banner_free(&bp);

	parse_once(&bp, S("Not allowed at this time\r\n"));
	assert_int_equal(bp.state, BANNER_MORE);
	assert_int_equal(bp.refusal, REFUSAL_NOT_ALLOWED);
	banner_free(&bp);

	parse_once(&bp, S("Hello\r\nExceeded MaxStartups\r\n"));
	assert_int_equal(bp.refusal, REFUSAL_MAXSTARTUPS);
	banner_free(&bp);

	parse_once(&bp, S("Welcome, not a refusal\r\nSSH-2.0-OpenSSH_9.8\r\n"));
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_int_equal(bp.refusal, REFUSAL_NONE);
	banner_free(&bp);
}

static void
test_cr_must_precede_lf(void **state)
{
	struct banner_parser bp;

	(void)state;
	parse_once(&bp, S("SSH-2.0-OpenSSH_9.2\rX\n"));
	assert_int_equal(bp.state, BANNER_INVALID);
	assert_non_null(bp.problem);
	assert_non_null(strstr(bp.problem, "banner line contains invalid characters"));
	banner_free(&bp);

	parse_once(&bp, S("hello\rworld\r\nSSH-2.0-X\r\n"));
	assert_int_equal(bp.state, BANNER_INVALID);
	assert_non_null(strstr(bp.problem, "banner line contains invalid characters"));
	banner_free(&bp);
}

static void
test_nul_invalid(void **state)
{
	struct banner_parser bp;

	(void)state;
	parse_once(&bp, S("SSH-2.0-Open\0SSH\r\n"));
	assert_int_equal(bp.state, BANNER_INVALID);
	assert_non_null(strstr(bp.problem, "banner line contains invalid characters"));
	banner_free(&bp);

	parse_once(&bp, S("pre\0line\r\nSSH-2.0-X\r\n"));
	assert_int_equal(bp.state, BANNER_INVALID);
	banner_free(&bp);

	/* A TLS alert contains NUL bytes. */
	parse_once(&bp, S("\x15\x03\x03\x00\x02\x02\x46"));
	assert_int_equal(bp.state, BANNER_INVALID);
	banner_free(&bp);
}

static void
test_line_too_long(void **state)
{
	struct banner_parser bp;
	size_t n = BANNER_LINE_MAX + 200;
	char *buf = malloc(n + 64);

	(void)state;
	/* No newline at all: invalid as soon as the line passes the limit. */
	memset(buf, 'a', n);
	parse_once(&bp, buf, n);
	assert_int_equal(bp.state, BANNER_INVALID);
	assert_non_null(strstr(bp.problem, "banner line too long"));
	banner_free(&bp);

	/* The same with an ident line that is too long. */
	memcpy(buf, "SSH-2.0-", 8);
	memcpy(buf + n, "\r\n", 2);
	parse_once(&bp, buf, n + 2);
	assert_int_equal(bp.state, BANNER_INVALID);
	assert_non_null(strstr(bp.problem, "banner line too long"));
	banner_free(&bp);

	/* Exactly BANNER_LINE_MAX characters (CR LF not counted, as in OpenSSH) is fine. */
	memset(buf, 'b', BANNER_LINE_MAX);
	memcpy(buf + BANNER_LINE_MAX, "\r\nSSH-2.0-X\r\n", 13);
	parse_once(&bp, buf, BANNER_LINE_MAX + 13);
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_string_equal(bp.ident, "SSH-2.0-X");
	banner_free(&bp);

	/* Byte by byte, the line limit still trips without a newline. */
	{
		size_t i;

		memset(buf, 'c', n);
		banner_init(&bp);
		for (i = 0; i < n && bp.state == BANNER_MORE; i++)
			banner_feed(&bp, buf + i, 1);
		assert_int_equal(bp.state, BANNER_INVALID);
		assert_true(i <= BANNER_LINE_MAX + 3);
		banner_free(&bp);
	}
	free(buf);
}

static void
test_too_many_lines(void **state)
{
	struct banner_parser bp;
	size_t n = 1100, i, len = 0;
	char *buf = malloc(n * 3 + 64);

	(void)state;
	/* 1023 pre-banner lines and then the ident: fine under either reading of the limit. */
	for (i = 0; i < BANNER_LINES_MAX - 1; i++) {
		memcpy(buf + len, "x\r\n", 3);
		len += 3;
	}
	memcpy(buf + len, "SSH-2.0-X\r\n", 11);
	parse_once(&bp, buf, len + 11);
	assert_int_equal(bp.state, BANNER_FOUND);
	assert_int_equal(bp.nlines, BANNER_LINES_MAX - 1);
	assert_int_equal(bp.pre.n, BANNER_KEEP_LINES);
	banner_free(&bp);

	/* 1025 lines: invalid without waiting for more. */
	len = 0;
	for (i = 0; i < BANNER_LINES_MAX + 1; i++) {
		memcpy(buf + len, "x\r\n", 3);
		len += 3;
	}
	parse_once(&bp, buf, len);
	assert_int_equal(bp.state, BANNER_INVALID);
	assert_non_null(bp.problem);
	banner_free(&bp);

	/* Empty lines count too. */
	memset(buf, '\n', n);
	parse_once(&bp, buf, n);
	assert_int_equal(bp.state, BANNER_INVALID);
	banner_free(&bp);
	free(buf);
}

static void
test_total_limit(void **state)
{
	struct banner_parser bp;
	size_t linelen = 8000, nl = (BANNER_BYTES_MAX / linelen) + 10, i;
	char *buf = malloc(nl * (linelen + 1));

	(void)state;
	assert_true(nl < BANNER_LINES_MAX);
	for (i = 0; i < nl; i++) {
		memset(buf + i * (linelen + 1), 'm', linelen);
		buf[i * (linelen + 1) + linelen] = '\n';
	}
	parse_once(&bp, buf, nl * (linelen + 1));
	assert_int_equal(bp.state, BANNER_INVALID);
	assert_non_null(bp.problem);
	assert_true(bp.total <= BANNER_BYTES_MAX + BANNER_LINE_MAX + 2);
	banner_free(&bp);
	free(buf);
}

static void
test_head_kept(void **state)
{
	struct banner_parser bp;
	char buf[2000];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof buf; i++)
		buf[i] = (char)('a' + i % 26);
	for (i = 100; i < sizeof buf; i += 100)
		buf[i] = '\n';
	banner_init(&bp);
	for (i = 0; i < sizeof buf; i += 7)
		banner_feed(&bp, buf + i, sizeof buf - i < 7 ? sizeof buf - i : 7);
	assert_int_equal(bp.state, BANNER_MORE);
	assert_int_equal(bp.headlen, BANNER_HEAD_MAX);
	assert_memory_equal(bp.head, buf, BANNER_HEAD_MAX);
	assert_int_equal(bp.total, sizeof buf);
	banner_free(&bp);
}

static const struct { const char *s; size_t len; } corpus[] = {
#define C(x) { (x), sizeof(x) - 1 }
	C("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"),
	C("SSH-2.0-OpenSSH_9.6\r\n\x00\x00\x05\xdc\x07\x14trailing"),
	C("SSH-2.0-dropbear_2022.83\n"),
	C("SSH-1.99-OpenSSH_3.9p1\r\n"),
	C("SSH-1.5-Cisco-1.25\r\n"),
	C("Welcome\r\nAuthorized use only\n\r\nSSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\r\n"),
	C("Exceeded MaxStartups\r\n"),
	C("Not allowed at this time\r\n"),
	C("SSH-2.0-OpenSSH_9.2\rX\n"),
	C("SSH-2.0-Open\0SSH\r\n"),
	C("HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n"),
	C("\x15\x03\x03\x00\x02\x02\x46"),
	C("220 mail.example.com ESMTP Postfix\r\n"),
	C("SSH-garbage\r\n"),
	C("\r\n\r\n\n\nSSH-2.0-x y z\r\n"),
	C("line with \x1b[2J escapes\r\nSSH-2.0-X \xff\xfe\r\n"),
	C("partial line without end"),
	C("SSH-2.0-"),
	C("SSH-"),
	C("SSH-2.0-X\r"),
#undef C
};

static void
test_byte_by_byte_equals_one_feed(void **state)
{
	static const size_t one[] = { 1 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
		struct banner_parser a, b;
		size_t ua, ub;

		ua = parse_once(&a, corpus[i].s, corpus[i].len);
		ub = parse_pieces(&b, corpus[i].s, corpus[i].len, one, 1);
		assert_same(&a, &b, ua, ub, corpus[i].s, corpus[i].len);
		banner_free(&a);
		banner_free(&b);
	}
}

static void
test_random_chunks_equal_one_feed(void **state)
{
	uint64_t rs = 42;
	size_t i, k, j;

	(void)state;
	for (i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
		for (k = 0; k < 50; k++) {
			struct banner_parser a, b;
			size_t sizes[16], ua, ub;

			for (j = 0; j < 16; j++)
				sizes[j] = (size_t)(tu_rand(&rs) % 9);	/* 0: an empty feed */
			sizes[0] = 1 + sizes[0];
			ua = parse_once(&a, corpus[i].s, corpus[i].len);
			ub = parse_pieces(&b, corpus[i].s, corpus[i].len, sizes, 16);
			assert_same(&a, &b, ua, ub, corpus[i].s, corpus[i].len);
			banner_free(&a);
			banner_free(&b);
		}
	}
}

static void
test_random_bytes_never_crash(void **state)
{
	uint64_t rs = 7;
	char buf[600];
	int iter;

	(void)state;
	for (iter = 0; iter < 3000; iter++) {
		struct banner_parser a, b;
		size_t len = (size_t)(tu_rand(&rs) % sizeof buf), j, ua, ub;
		size_t sizes[4] = { 1, 3, 17, 64 };
		const char *g;

		for (j = 0; j < len; j++) {
			uint64_t r = tu_rand(&rs);

			buf[j] = (r % 5 == 0) ? '\n' : (r % 7 == 0) ? '\r' : (char)(r >> 8);
		}
		if (iter % 3 == 0 && len > 8)
			memcpy(buf + len / 2, "\nSSH-2.", 7 < len / 2 ? 7 : len / 2);
		ua = parse_once(&a, buf, len);
		ub = parse_pieces(&b, buf, len, sizes, 4);
		assert_same(&a, &b, ua, ub, buf, len);
		if (a.ident != NULL)
			assert_true(sanitized_ok(a.ident));
		for (j = 0; j < a.pre.n; j++)
			assert_true(sanitized_ok(a.pre.v[j]));
		g = banner_guess_protocol((const unsigned char *)buf, len);
		if (g != NULL)
			assert_true(strlen(g) > 0);
		(void)banner_major(&a);
		banner_free(&a);
		banner_free(&b);
	}
}

static void
guess(const char *in, size_t len, const char *want)
{
	const char *g = banner_guess_protocol((const unsigned char *)in, len);

	if (want == NULL) {
		if (g != NULL) {
			tu_dump("input", in, len);
			fail_msg("guessed %s, wanted none", g);
		}
		return;
	}
	if (g == NULL || strcmp(g, want) != 0) {
		tu_dump("input", in, len);
		fail_msg("guessed %s, wanted %s", g ? g : "(null)", want);
	}
}

static void
test_guess_protocol(void **state)
{
	(void)state;
	guess(S("HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\n\r\n"), "HTTP");
	guess(S("HTTP/1.0 200 OK\r\n"), "HTTP");
	guess(S("\x15\x03\x03\x00\x02\x02\x46"), "TLS");		/* alert, TLS 1.2 */
	guess(S("\x15\x03\x01\x00\x02\x02\x32"), "TLS");		/* alert, TLS 1.0 */
	guess(S("\x16\x03\x03\x00\x5a\x02\x00\x00\x56\x03\x03"), "TLS");	/* ServerHello */
	guess(S("220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n"), "SMTP");
	guess(S("220 (vsFTPd 3.0.3)\r\n"), "FTP");
	guess(S("220 ProFTPD Server (Debian) [::ffff:10.0.0.1]\r\n"), "FTP");
	guess(S("+OK Dovecot (Debian) ready.\r\n"), "POP3");
	guess(S("* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS] Dovecot ready.\r\n"), "IMAP");
	guess(S("SSH-2.0-OpenSSH_9.2p1\r\n"), NULL);
	guess("", 0, NULL);
	guess(S("\x16"), NULL);
	{
		/* A bare 220 greeting: SMTP or FTP, but something. */
		const char *g = banner_guess_protocol((const unsigned char *)"220 hello\r\n", 11);

		assert_non_null(g);
	}
}

static void
test_guess_random_never_crash(void **state)
{
	uint64_t rs = 99;
	unsigned char buf[BANNER_HEAD_MAX];
	int iter;

	(void)state;
	for (iter = 0; iter < 20000; iter++) {
		size_t len = (size_t)(tu_rand(&rs) % (sizeof buf + 1)), j;
		unsigned char *p;
		const char *g;

		for (j = 0; j < len; j++)
			buf[j] = (unsigned char)tu_rand(&rs);
		/* An exact-size heap copy, so ASan catches reads past len. */
		p = malloc(len ? len : 1);
		memcpy(p, buf, len);
		g = banner_guess_protocol(p, len);
		if (g != NULL)
			assert_true(sanitized_ok(g));
		free(p);
	}
}

static void
test_init_free_unused(void **state)
{
	struct banner_parser bp;

	(void)state;
	banner_init(&bp);
	assert_int_equal(bp.state, BANNER_MORE);
	assert_int_equal(banner_feed(&bp, "", 0), 0);
	assert_int_equal(bp.state, BANNER_MORE);
	banner_free(&bp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openssh_debian),
		cmocka_unit_test(test_lf_only_and_no_comment),
		cmocka_unit_test(test_comment_keeps_spaces),
		cmocka_unit_test(test_protocol_versions),
		cmocka_unit_test(test_bytes_after_ident_left),
		cmocka_unit_test(test_pre_banner_lines),
		cmocka_unit_test(test_pre_banner_kept_and_sanitized),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_cr_must_precede_lf),
		cmocka_unit_test(test_nul_invalid),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_too_many_lines),
		cmocka_unit_test(test_total_limit),
		cmocka_unit_test(test_head_kept),
		cmocka_unit_test(test_byte_by_byte_equals_one_feed),
		cmocka_unit_test(test_random_chunks_equal_one_feed),
		cmocka_unit_test(test_random_bytes_never_crash),
		cmocka_unit_test(test_guess_protocol),
		cmocka_unit_test(test_guess_random_never_crash),
		cmocka_unit_test(test_init_free_unused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
