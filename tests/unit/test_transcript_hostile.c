/* test_transcript_hostile.c: the transcript parser on hostile input (NUL bytes, CR, long lines, the size cap, escapes, random bytes). */
#include "tests/unit/transcript_util.h"

/* NULs become spaces: text after one is still read, and no NUL reaches the kept text. */
static void
test_nul_bytes(void **state)
{
	static const char in1[] = "ssh: connect to host h port 22:\0Connection refused\n";
	static const char in2[] = "junk\0\0ssh: Could not resolve hostname x: Name or service "
	    "not known\n\0\0\0\nConnection closed by 192.0.2.1 port 22\0\n";
	struct transcript t;

	(void)state;
	transcript_parse(S(in1), &t);
	assert_clean(&t);
	expect_seen(&t, TR_REFUSED, 1);
	assert_string_equal(t.seen[TR_REFUSED].text, "ssh: connect to host h port 22: Connection refused");
	transcript_free(&t);

	transcript_parse(S(in2), &t);
	assert_clean(&t);
	expect_seen(&t, TR_DNS_NXDOMAIN, 1);
	expect_seen(&t, TR_CLOSED_EARLY, 3);
	assert_int_equal(t.lines, 3);
	transcript_free(&t);
}

/* CR LF endings are stripped; a CR inside a line is kept, escaped. */
static void
test_crlf(void **state)
{
	struct transcript t;

	(void)state;
	parse_str(&t, "Connection closed by 192.0.2.10 port 22\r\n"
	    "debug1: Remote protocol version 2.0, remote software version OpenSSH_9.2p1\r\n");
	assert_string_equal(t.seen[TR_CLOSED_EARLY].text, "Connection closed by 192.0.2.10 port 22");
	assert_string_equal(t.remote_version, "OpenSSH_9.2p1");
	transcript_free(&t);

	parse_str(&t, "alice@h: Permission\rdenied\r (publickey).\r\n");
	assert_clean(&t);
	expect_seen(&t, TR_AUTH_DENIED, 0);	/* the CR breaks the phrase */
	transcript_free(&t);

	parse_str(&t, "alice@h: Permission denied (publickey).\r\r\n");
	assert_clean(&t);
	expect_seen(&t, TR_AUTH_DENIED, 1);
	assert_string_equal(t.seen[TR_AUTH_DENIED].text,
	    "alice@h: Permission denied (publickey).\\r");
	transcript_free(&t);

	/* Old Mac line ends are not line ends: one line. */
	parse_str(&t, "a\rb\rc");
	assert_int_equal(t.lines, 1);
	transcript_free(&t);
}

/* Lines past TRANSCRIPT_LINE_MAX are cut: the rest is not read and is no new line. */
static void
test_long_lines(void **state)
{
	struct transcript t;
	size_t	 n = TRANSCRIPT_LINE_MAX * 3, len;
	char	*buf = malloc(n + 256);

	(void)state;
	/* A finding past the cut is not seen. */
	memset(buf, 'a', n);
	len = n;
	len += (size_t)sprintf(buf + len, " Connection refused\nnext line\n");
	transcript_parse(buf, len, &t);
	assert_clean(&t);
	expect_seen(&t, TR_REFUSED, 0);
	assert_int_equal(t.lines, 2);
	transcript_free(&t);

	/* One at the start is, with its text capped. */
	memcpy(buf, "ssh: connect to host h port 22: Connection refused ", 51);
	transcript_parse(buf, len, &t);
	assert_clean(&t);
	expect_seen(&t, TR_REFUSED, 1);
	assert_true(strlen(t.seen[TR_REFUSED].text) <= SANITIZE_LINE_MAX);
	assert_int_equal(strncmp(t.seen[TR_REFUSED].text, "ssh: connect to host", 20), 0);
	transcript_free(&t);

	/* Exactly TRANSCRIPT_LINE_MAX bytes ending in the phrase: found. */
	memset(buf, 'b', TRANSCRIPT_LINE_MAX);
	memcpy(buf + TRANSCRIPT_LINE_MAX - 18, "Connection refused", 18);
	buf[TRANSCRIPT_LINE_MAX] = '\n';
	transcript_parse(buf, TRANSCRIPT_LINE_MAX + 1, &t);
	expect_seen(&t, TR_REFUSED, 1);
	transcript_free(&t);

	/* One byte more and the phrase is cut. */
	memset(buf, 'b', TRANSCRIPT_LINE_MAX + 1);
	memcpy(buf + TRANSCRIPT_LINE_MAX + 1 - 18, "Connection refused", 18);
	transcript_parse(buf, TRANSCRIPT_LINE_MAX + 1, &t);
	expect_seen(&t, TR_REFUSED, 0);
	assert_int_equal(t.lines, 1);
	transcript_free(&t);

	/* Long values (offer, lists, versions) are capped too, and clean. */
	len = (size_t)sprintf(buf, "Unable to negotiate with h port 22: no matching cipher "
	    "found. Their offer: ");
	memset(buf + len, 'c', n - len);
	buf[n] = '\n';
	transcript_parse(buf, n + 1, &t);
	assert_clean(&t);
	assert_non_null(t.their_offer);
	assert_true(strlen(t.their_offer) <= 2000);
	transcript_free(&t);
	free(buf);
}

/* Only TRANSCRIPT_MAX bytes are read. */
static void
test_transcript_max(void **state)
{
	struct transcript t;
	size_t	 n = TRANSCRIPT_MAX + 4096, i;
	char	*buf = malloc(n);
	static const char late[] = "ssh: connect to host h port 22: Connection refused\n";

	(void)state;
	for (i = 0; i < n; i++)
		buf[i] = (i % 64 == 63) ? '\n' : 'x';
	memcpy(buf + TRANSCRIPT_MAX + 64, late, sizeof late - 1);
	transcript_parse(buf, n, &t);
	assert_true(t.truncated);
	expect_seen(&t, TR_REFUSED, 0);
	assert_int_equal(t.lines, TRANSCRIPT_MAX / 64);
	transcript_free(&t);

	/* Exactly TRANSCRIPT_MAX: nothing cut, the last line read. */
	memcpy(buf + TRANSCRIPT_MAX - (sizeof late - 1), late, sizeof late - 1);
	transcript_parse(buf, TRANSCRIPT_MAX, &t);
	assert_false(t.truncated);
	expect_seen(&t, TR_REFUSED, TRANSCRIPT_MAX / 64);
	transcript_free(&t);
	free(buf);
}

/* Terminal escapes and bidi controls in any kept text come out escaped. */
static void
test_escapes_sanitized(void **state)
{
	static const char in[] =
	    "OpenSSH_9.2p1\x1b]0;pwned\x07\x1b[2J, OpenSSL 3.0\n"
	    "debug1: Remote protocol version 2.0, remote software version Evil\x1b[31mSSH\x9b""1m\n"
	    "debug1: kex_exchange_identification: banner line 0: \x1b[2JExceeded MaxStartups\n"
	    "debug1: kex_exchange_identification: banner line 1: Exceeded MaxStartups\x1b[0m\n"
	    "debug2: peer server KEXINIT proposal\n"
	    "debug2: KEX algorithms: kex\x1b[1m,\xe2\x80\xae""evil\n"
	    "debug1: expecting SSH2_MSG_KEX_\x1b[5mECDH_REPLY\n"
	    "debug1: Server host key: ssh-ed25519 \x1b[8mSHA256:x\n"
	    "Offending ED25519 key in /tmp/\x1b[1mk:1\n"
	    "Unable to negotiate with h\x1b[0m port 22: no matching MAC found. Their offer: "
	    "\x1b[7mhmac\x07\xff\n"
	    "\x1b[31m/bin/bash: line 1: nc: command not found\n"
	    "ssh: connect to host \x1b[1;31mevil\x1b[0m port 22: Connection refused\n"
	    "Connection closed by 192.0.2.1 port 22\x1b[K\n";
	struct transcript t;
	int	 f;

	(void)state;
	parse_str(&t, in);
	assert_clean(&t);
	for (f = 0; f < TR_COUNT; f++) {
		if (t.seen[f].text != NULL)
			assert_null(strchr(t.seen[f].text, '\x1b'));
	}
	expect_seen(&t, TR_REFUSED, 12);
	assert_string_equal(t.seen[TR_REFUSED].text,
	    "ssh: connect to host \\x1b[1;31mevil\\x1b[0m port 22: Connection refused");
	expect_seen(&t, TR_NO_MAC, 10);
	expect_seen(&t, TR_CLOSED_LATER, 13);
	assert_int_equal(t.shell_error.line, 11);
	assert_null(strchr(t.shell_error.text, '\x1b'));
	expect_seen(&t, TR_MAXSTARTUPS, 4);	/* line 0 starts with an escape; line 1 counts */
	assert_string_equal(t.local_version, "OpenSSH_9.2p1\\x1b]0;pwned\\x07\\x1b[2J");
	assert_null(strchr(t.remote_version, '\x1b'));
	assert_int_equal(t.banner_lines.n, 2);
	assert_null(strchr(t.banner_lines.v[0], '\x1b'));
	assert_non_null(t.server_lists[0]);
	assert_null(strstr(t.server_lists[0], "\xe2\x80\xae"));
	assert_non_null(t.their_offer);
	assert_null(strchr(t.their_offer, '\x07'));
	assert_non_null(t.offending);
	assert_non_null(t.server_hostkey);
	transcript_free(&t);

	/* Through a proxy: the shell's line, with its escapes, becomes the proxy failure. */
	parse_str(&t, "\x1b[31m/bin/bash: line 1: nc: command not found\x1b[0m\n"
	    "Connection closed by UNKNOWN port 65535\x1b[K\n");
	assert_clean(&t);
	expect_seen(&t, TR_PROXY_FAILED, 1);
	expect_seen(&t, TR_CLOSED_VIA_PROXY, 2);
	assert_null(strchr(t.seen[TR_PROXY_FAILED].text, '\x1b'));
	assert_null(strchr(t.seen[TR_CLOSED_VIA_PROXY].text, '\x1b'));
	transcript_free(&t);

	/* The KEX stall text comes from last_expecting: clean too. */
	parse_str(&t, "debug1: expecting SSH2_MSG_KEX_\x1b[5mECDH_REPLY\n");
	assert_clean(&t);
	expect_seen(&t, TR_KEX_STALL, 1);
	assert_null(strchr(t.seen[TR_KEX_STALL].text, '\x1b'));
	transcript_free(&t);
}

static void
test_empty_and_free(void **state)
{
	struct transcript t;

	(void)state;
	transcript_parse("", 0, &t);
	assert_int_equal(t.lines, 0);
	assert_int_equal(t.phase, PHASE_NONE);
	assert_int_equal(count_findings(&t), 0);
	transcript_free(&t);
	transcript_free(&t);	/* free leaves it empty: twice is harmless */

	transcript_parse("no newline at all", 17, &t);
	assert_int_equal(t.lines, 1);
	transcript_free(&t);

	transcript_parse("x\n", 2, &t);
	assert_int_equal(t.lines, 1);
	transcript_free(&t);
}

/* Random mixes of real fragments and junk: never crash, always clean. */
static void
test_random_never_crash(void **state)
{
	static const char *const frags[] = {
		"debug1: ", "debug3: ", "Connection closed by ", "UNKNOWN port 65535",
		"kex_exchange_identification: ", "banner line 0: ", "Exceeded MaxStartups",
		"expecting SSH2_MSG_KEX_ECDH_REPLY", "Server host key: ", "Their offer: ",
		"no matching cipher found. ", "command not found", "Connection to ",
		"timed out", "local client KEXINIT proposal", "peer server KEXINIT proposal",
		"KEX algorithms: ", "MACs ctos: ", "Offending ", " key in ",
		"remote software version ", "OpenSSH_", "Authenticated to ", "\x1b[",
		"\r", "\n", "\0", "\xff", ":", "Connection reset by ",
		"Executing proxy command", "Could not resolve hostname ",
	};
	struct transcript t;
	uint64_t rs = 12345;
	char	 buf[2048];
	size_t	 len, k;
	int	 iter;

	(void)state;
	for (iter = 0; iter < 4000; iter++) {
		len = 0;
		while (len < sizeof buf - 64 && tu_rand(&rs) % 40 != 0) {
			uint64_t r = tu_rand(&rs);

			if (r % 3 == 0) {
				buf[len++] = (char)(r >> 16);
				continue;
			}
			k = (size_t)(r >> 8) % (sizeof frags / sizeof frags[0]);
			/* "\0" has length 0 as a string: copy one byte for it. */
			if (frags[k][0] == '\0')
				buf[len++] = '\0';
			else {
				memcpy(buf + len, frags[k], strlen(frags[k]));
				len += strlen(frags[k]);
			}
		}
		transcript_parse(buf, len, &t);
		assert_clean(&t);
		assert_true(t.lines >= 0 && (size_t)t.lines <= len);
		transcript_free(&t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_transcript_max),
		cmocka_unit_test(test_escapes_sanitized),
		cmocka_unit_test(test_empty_and_free),
		cmocka_unit_test(test_random_never_crash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
