/* test_procnet.c: the /proc/net/tcp and /proc/net/tcp6 parser (checks/procnet-parse.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/procnet-parse.h"
#include "tests/unit/testutil.h"

static const char HEADER4[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
    "   uid  timeout inode\n";
static const char HEADER6[] =
    "  sl  local_address                         remote_address                        "
    "st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

/* An address as the kernel prints it: each 32-bit word as this machine holds it. */
static void
hexaddr(int family, const char *text, char *out)
{
	unsigned char	 a[16];
	uint32_t	 w;
	size_t		 i, words = family == AF_INET6 ? 4 : 1;

	assert_int_equal(inet_pton(family, text, a), 1);
	for (i = 0; i < words; i++) {
		memcpy(&w, a + 4 * i, 4);
		sprintf(out + 8 * i, "%08X", w);
	}
}

/* One table row in the kernel's layout. */
static char *
row(int family, int sl, const char *laddr, unsigned lport, const char *raddr,
    unsigned rport, unsigned st, unsigned long uid, unsigned long inode)
{
	char	 l[33], r[33], *s;

	hexaddr(family, laddr, l);
	hexaddr(family, raddr, r);
	if (asprintf(&s, "%4d: %s:%04X %s:%04X %02X 00000000:00000000 00:00000000 "
	    "00000000 %5lu        0 %lu 1 0000000000000000 100 0 0 10 0\n", sl, l, lport,
	    r, rport, st, uid, inode) == -1)
		abort();
	return s;
}

static void
parse_str(const char *text, int family, int listen_only, struct procnet_table *t)
{
	memset(t, 0, sizeof *t);
	procnet_parse(text, strlen(text), family, listen_only, t);
}

static char *
cat3(const char *a, char *b, char *c)
{
	char	*s;

	if (asprintf(&s, "%s%s%s", a, b, c ? c : "") == -1)
		abort();
	free(b);
	free(c);
	return s;
}

static void
test_ipv4_listen(void **state)
{
	struct procnet_table	 t;
	char			*text, buf[64];

	(void)state;
	text = cat3(HEADER4, row(AF_INET, 0, "127.0.0.1", 22, "0.0.0.0", 0, 0x0a, 0, 12345),
	    row(AF_INET, 1, "192.0.2.7", 22, "198.51.100.9", 51822, 0x01, 1000, 999));
	parse_str(text, AF_INET, 0, &t);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.bad, 0);
	assert_int_equal(t.v[0].family, AF_INET);
	assert_int_equal(t.v[0].lport, 22);
	assert_int_equal(t.v[0].state, PROCNET_LISTEN);
	assert_int_equal(t.v[0].uid, 0);
	assert_int_equal(t.v[0].inode, 12345);
	procnet_addr_text(AF_INET, t.v[0].laddr, buf, sizeof buf);
	assert_string_equal(buf, "127.0.0.1");
	assert_true(procnet_addr_loopback(AF_INET, t.v[0].laddr));
	assert_false(procnet_addr_any(AF_INET, t.v[0].laddr));
	procnet_endpoint_text(AF_INET, t.v[1].raddr, t.v[1].rport, buf, sizeof buf);
	assert_string_equal(buf, "198.51.100.9:51822");
	assert_int_equal(t.v[1].uid, 1000);
	assert_int_equal(t.v[1].state, 1);
	procnet_free(&t);

	/* listen_only keeps the LISTEN row and counts the other. */
	parse_str(text, AF_INET, 1, &t);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.dropped, 1);
	assert_int_equal(t.v[0].inode, 12345);
	procnet_free(&t);
	free(text);
}

static void
test_ipv6(void **state)
{
	struct procnet_table	 t;
	char			*text, buf[80];

	(void)state;
	text = cat3(HEADER6, row(AF_INET6, 0, "::", 2222, "::", 0, 0x0a, 0, 1),
	    row(AF_INET6, 1, "::ffff:127.0.0.1", 22, "2001:db8::5", 443, 0x0a, 0, 2));
	parse_str(text, AF_INET6, 1, &t);
	assert_int_equal(t.n, 2);
	assert_true(procnet_addr_any(AF_INET6, t.v[0].laddr));
	procnet_endpoint_text(AF_INET6, t.v[0].laddr, t.v[0].lport, buf, sizeof buf);
	assert_string_equal(buf, "[::]:2222");
	assert_true(procnet_addr_loopback(AF_INET6, t.v[1].laddr));
	procnet_addr_text(AF_INET6, t.v[1].raddr, buf, sizeof buf);
	assert_string_equal(buf, "2001:db8::5");
	assert_int_equal(t.v[1].rport, 443);
	procnet_free(&t);
	free(text);

	/* ::1 */
	text = cat3(HEADER6, row(AF_INET6, 0, "::1", 22, "::", 0, 0x0a, 0, 7), NULL);
	parse_str(text, AF_INET6, 1, &t);
	assert_int_equal(t.n, 1);
	assert_true(procnet_addr_loopback(AF_INET6, t.v[0].laddr));
	procnet_free(&t);
	free(text);
}

/* Real rows from an x86-64 Debian 12 machine. */
static void
test_real_rows(void **state)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	static const char v4[] =
	    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	    "   0: 0100007F:5DC1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4187795 1 0000000000000000 100 0 0 10 0\n"
	    "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20301 1 0000000000000000 100 0 0 10 0\n"
	    "   2: 0100007F:5DC1 0100007F:D2F0 01 00000000:00000000 02:0000A3C4 00000000   101        0 4190144 2 0000000000000000 20 4 30 10 -1\n";
	static const char v6[] =
	    "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	    "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20303 1 0000000000000000 100 0 0 10 0\n"
	    "   1: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 55 1 0000000000000000 100 0 0 10 0\n";
	struct procnet_table	 t;
	char			 buf[80];

	(void)state;
	parse_str(v4, AF_INET, 0, &t);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.bad, 0);
	procnet_endpoint_text(AF_INET, t.v[0].laddr, t.v[0].lport, buf, sizeof buf);
	assert_string_equal(buf, "127.0.0.1:24001");
	procnet_endpoint_text(AF_INET, t.v[1].laddr, t.v[1].lport, buf, sizeof buf);
	assert_string_equal(buf, "0.0.0.0:22");
	assert_int_equal(t.v[2].uid, 101);
	assert_int_equal(t.v[2].state, 1);
	procnet_free(&t);

	parse_str(v6, AF_INET6, 1, &t);
	assert_int_equal(t.n, 2);
	procnet_endpoint_text(AF_INET6, t.v[0].laddr, t.v[0].lport, buf, sizeof buf);
	assert_string_equal(buf, "[::]:22");
	procnet_endpoint_text(AF_INET6, t.v[1].laddr, t.v[1].lport, buf, sizeof buf);
	assert_string_equal(buf, "[::1]:8080");
	assert_int_equal(t.v[1].uid, 1000);
	assert_int_equal(t.v[1].inode, 55);
	procnet_free(&t);
#else
	(void)state;
	skip();
#endif
}

/* A bounded read may cut the last row: it is left out, not misread. */
static void
test_cut_last_line(void **state)
{
	struct procnet_table	 t;
	char			*text;
	size_t			 len, cut;

	(void)state;
	text = cat3(HEADER4, row(AF_INET, 0, "0.0.0.0", 22, "0.0.0.0", 0, 0x0a, 0, 1),
	    row(AF_INET, 1, "0.0.0.0", 2222, "0.0.0.0", 0, 0x0a, 0, 2));
	len = strlen(text);
	for (cut = 0; cut < len; cut++) {
		memset(&t, 0, sizeof t);
		procnet_parse(text, cut, AF_INET, 1, &t);
		assert_int_equal(t.bad, 0);
		assert_true(t.n <= 1);
		if (t.n == 1)
			assert_int_equal(t.v[0].lport, 22);
		procnet_free(&t);
	}
	parse_str(text, AF_INET, 1, &t);
	assert_int_equal(t.n, 2);
	procnet_free(&t);
	free(text);
}

static void
test_bad_rows(void **state)
{
	static const char *const bad[] = {
		"   0: 0100007F:0016 00000000:0000 0A\n",				/* short */
		"   0: 0100007:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
		"   0: 0100007F:00016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
		"   0: 0100007G:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
		"   0: 0100007F:0016 00000000:0000 0A0 00000000:00000000 00:00000000 00000000 0 0 1\n",
		"   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 -1 0 1\n",
		"   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 x1\n",
		"   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 99999999999999999999999\n",
		"x: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
		"   0 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
		/* an IPv6 address in the IPv4 table */
		"   0: 00000000000000000000000001000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
	};
	struct procnet_table	 t;
	size_t			 i;
	char			 longline[PROCNET_LINE_MAX + 64];

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		parse_str(bad[i], AF_INET, 0, &t);
		if (t.n != 0 || t.bad != 1)
			fail_msg("row %zu: n %zu bad %zu: %s", i, t.n, t.bad, bad[i]);
		procnet_free(&t);
	}
	/* a valid row padded past the limit */
	memset(longline, ' ', sizeof longline);
	memcpy(longline, "   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000 0 0 1", 80);
	longline[sizeof longline - 2] = '\n';
	longline[sizeof longline - 1] = '\0';
	parse_str(longline, AF_INET, 0, &t);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.bad, 1);
	procnet_free(&t);
	/* a bad family parses nothing */
	memset(&t, 0, sizeof t);
	procnet_parse(HEADER4, strlen(HEADER4), AF_UNIX, 0, &t);
	assert_int_equal(t.n, 0);
	/* blank lines and the header are not errors */
	parse_str("\n   \n", AF_INET, 0, &t);
	assert_int_equal(t.bad, 0);
	procnet_free(&t);
}

/* More rows than the cap: the rest is counted, memory stays bounded. */
static void
test_cap(void **state)
{
	struct procnet_table	 t;
	char			*one, *text;
	size_t			 n = PROCNET_MAX_ENTRIES + 10, i, len;

	(void)state;
	one = row(AF_INET, 0, "10.0.0.1", 22, "0.0.0.0", 0, 0x0a, 0, 1);
	len = strlen(one);
	text = malloc(n * len + 1);
	assert_non_null(text);
	for (i = 0; i < n; i++)
		memcpy(text + i * len, one, len);
	text[n * len] = '\0';
	memset(&t, 0, sizeof t);
	procnet_parse(text, n * len, AF_INET, 0, &t);
	assert_int_equal(t.n, PROCNET_MAX_ENTRIES);
	assert_int_equal(t.dropped, 10);
	procnet_free(&t);
	free(text);
	free(one);
}

/* Appending a second table to the same list (tcp, then tcp6). */
static void
test_append(void **state)
{
	struct procnet_table	 t;
	char			*a, *b;

	(void)state;
	a = cat3(HEADER4, row(AF_INET, 0, "0.0.0.0", 22, "0.0.0.0", 0, 0x0a, 0, 1), NULL);
	b = cat3(HEADER6, row(AF_INET6, 0, "::", 22, "::", 0, 0x0a, 0, 2), NULL);
	memset(&t, 0, sizeof t);
	procnet_parse(a, strlen(a), AF_INET, 1, &t);
	procnet_parse(b, strlen(b), AF_INET6, 1, &t);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.v[0].family, AF_INET);
	assert_int_equal(t.v[1].family, AF_INET6);
	procnet_free(&t);
	free(a);
	free(b);
}

/* Random bytes and mutated rows: never a crash, never more rows than lines. */
static void
test_garbage(void **state)
{
	struct procnet_table	 t;
	char			*good, buf[600];
	uint64_t		 rs = 0x9e3779b97f4a7c15ULL;
	size_t			 i, j, len, lines;

	(void)state;
	good = row(AF_INET6, 0, "::1", 22, "::", 0, 0x0a, 0, 3);
	for (i = 0; i < 20000; i++) {
		len = strlen(good);
		memcpy(buf, good, len);
		for (j = 0; j < 1 + tu_rand(&rs) % 4; j++)
			buf[tu_rand(&rs) % len] = (char)(tu_rand(&rs) & 0xff);
		if (i % 3 == 0) {
			len = tu_rand(&rs) % sizeof buf;
			for (j = 0; j < len; j++)
				buf[j] = (char)(tu_rand(&rs) & 0xff);
		}
		for (lines = 0, j = 0; j < len; j++)
			lines += buf[j] == '\n';
		memset(&t, 0, sizeof t);
		procnet_parse(buf, len, i % 2 ? AF_INET6 : AF_INET, 0, &t);
		assert_true(t.n + t.bad <= lines);
		procnet_free(&t);
	}
	free(good);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_listen),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_real_rows),
		cmocka_unit_test(test_cut_last_line),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
