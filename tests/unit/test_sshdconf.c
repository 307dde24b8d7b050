/* test_sshdconf.c: the ports of an sshd_config as written (checks/parse/sshdconf-parse.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "checks/parse/sshdconf-parse.h"

static size_t
ports_of(const char *text, int *out)
{
	struct sshdconf_ports	 p;
	size_t			 n;

	memset(&p, 0, sizeof p);
	sshdconf_scan(text, strlen(text), &p);
	n = sshdconf_effective(&p, out, 8);
	sshdconf_free(&p);
	return n;
}

/* Debian 12's sshd_config: everything commented, an Include of sshd_config.d. */
static void
test_debian_default(void **state)
{
	struct sshdconf_ports	 p;
	int			 v[8];
	const char		*t = "Include /etc/ssh/sshd_config.d/*.conf\n\n#Port 22\n"
	    "#AddressFamily any\n#ListenAddress 0.0.0.0\n#ListenAddress ::\n"
	    "KbdInteractiveAuthentication no\nUsePAM yes\n";

	(void)state;
	memset(&p, 0, sizeof p);
	sshdconf_scan(t, strlen(t), &p);
	assert_int_equal(p.includes.n, 1);
	assert_string_equal(p.includes.v[0], "/etc/ssh/sshd_config.d/*.conf");
	assert_int_equal(sshdconf_effective(&p, v, 8), 1);
	assert_int_equal(v[0], 22);
	sshdconf_free(&p);
}

static void
test_forms(void **state)
{
	int	 v[8];

	(void)state;
	assert_int_equal(ports_of("Port 2222\nport=2223\n  PORT\t2224 # note\n", v), 3);
	assert_int_equal(v[0], 2222);
	assert_int_equal(v[1], 2223);
	assert_int_equal(v[2], 2224);
	assert_int_equal(ports_of("Port \"2200\"\r\n", v), 1);
	assert_int_equal(v[0], 2200);
	/* ListenAddress with a port overrides Port; without one it uses Port */
	assert_int_equal(ports_of("Port 2222\nListenAddress 10.0.0.1:22\n", v), 1);
	assert_int_equal(v[0], 22);
	assert_int_equal(ports_of("Port 2222\nListenAddress [::1]:23\nListenAddress ::\n", v), 2);
	assert_int_equal(v[0], 23);
	assert_int_equal(v[1], 2222);
	/* after Match, no Port counts (sshd refuses it there) */
	assert_int_equal(ports_of("Match User x\nPort 2222\n", v), 1);
	assert_int_equal(v[0], 22);
}

static void
test_hostile(void **state)
{
	int	 v[8];
	char	 big[9000];
	const char nul[] = "Port 2222\0\nPort 2223\n";
	struct sshdconf_ports p;

	(void)state;
	assert_int_equal(ports_of("Port 99999\nPort -1\nPort 22x\nPort\nPort =\n", v), 1);
	assert_int_equal(v[0], 22);
	memset(big, ' ', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big + 8000, "Port 2222", 9);
	assert_int_equal(ports_of(big, v), 1);	/* cut at 4096: the Port is gone */
	assert_int_equal(v[0], 22);
	memset(&p, 0, sizeof p);
	sshdconf_scan(nul, sizeof nul - 1, &p);
	assert_int_equal(p.nport, 1);	/* the line with a NUL is skipped */
	assert_int_equal(p.port[0], 2223);
	sshdconf_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_default),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
