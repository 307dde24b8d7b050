/* test_myip.c: validation of an echo service's answer (checks/myip.h): one IPv4 or IPv6 address, normalized, nothing else. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/myip.h"
#include "lib/xmalloc.h"
#include "tests/unit/testutil.h"

static void
ok(const char *body, size_t len, int family, const char *want)
{
	char	 out[64], *cause = NULL;
	int	 f = -1;

	if (myip_parse(body, len, &f, out, sizeof out, &cause) != 0)
		fail_msg("\"%s\" refused: %s", body, cause);
	assert_int_equal(f, family);
	assert_string_equal(out, want);
}

static void
bad(const char *body, size_t len, const char *needle)
{
	char	 out[64], *cause = NULL;
	int	 f;

	if (myip_parse(body, len, &f, out, sizeof out, &cause) == 0)
		fail_msg("accepted \"%s\" as %s", body, out);
	assert_non_null(cause);
	if (strstr(cause, needle) == NULL)
		fail_msg("cause \"%s\" lacks \"%s\"", cause, needle);
	assert_null(tu_unclean(cause, strlen(cause)));
	assert_true(strlen(cause) < 200);
	free(cause);
}

#define OK(s, f, w)	ok(s, sizeof s - 1, f, w)
#define BAD(s, n)	bad(s, sizeof s - 1, n)

static void
test_valid(void **state)
{
	(void)state;
	OK("203.0.113.7", AF_INET, "203.0.113.7");
	OK("203.0.113.7\n", AF_INET, "203.0.113.7");
	OK("  203.0.113.7\r\n", AF_INET, "203.0.113.7");
	OK("2001:db8::7\n", AF_INET6, "2001:db8::7");
	OK("2001:DB8:0:0:0:0:0:7", AF_INET6, "2001:db8::7");
	OK("0000:0000:0000:0000:0000:0000:0000:0001\n", AF_INET6, "::1");
	OK("::ffff:192.0.2.1", AF_INET6, "::ffff:192.0.2.1");
	OK("\t127.0.0.1\t", AF_INET, "127.0.0.1");
}

static void
test_invalid(void **state)
{
	char	*big;

	(void)state;
	BAD("", "empty");
	BAD(" \r\n\t", "empty");
	BAD("<html><body>203.0.113.7</body></html>", "not an IP address");
	BAD("1.2.3", "not an IP address");
	BAD("1.2.3.4.5", "not an IP address");
	BAD("256.1.1.1", "not an IP address");
	BAD("1.2.3.4 5.6.7.8", "not an IP address");
	BAD("1.2.3.4\n5.6.7.8\n", "not an IP address");
	BAD("{\"ip\": \"1.2.3.4\"}", "not an IP address");
	BAD("fe80::1%eth0", "not an IP address");
	BAD("2001:db8::7::1", "not an IP address");
	BAD("1.2.3.4\0", "not an IP address");
	BAD("\x1b[31m1.2.3.4", "\\x1b");
	BAD("deadbeef", "not an IP address");
	big = xmalloc(MYIP_ANSWER_MAX + 2);
	memset(big, '1', MYIP_ANSWER_MAX + 1);
	big[MYIP_ANSWER_MAX + 1] = '\0';
	bad(big, MYIP_ANSWER_MAX + 1, "longer than 256 bytes");
	free(big);
}

static void
test_small_buffer(void **state)
{
	char	 out[8], *cause = NULL;
	int	 f;

	(void)state;
	/* A valid address that does not fit the caller's buffer is refused, not cut. */
	assert_int_equal(myip_parse("2001:db8::7", 11, &f, out, sizeof out, &cause), -1);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_small_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
