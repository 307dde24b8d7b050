/* test_bans.c: fail2ban-client output, hosts_access(5) rules (checks/bans-parse.h) and semanage port labels (checks/selinux-parse.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/bans-parse.h"
#include "checks/parse/selinux-parse.h"
#include "tests/unit/testutil.h"

static const char status_out[] =
    "Status\n"
    "|- Number of jail:\t3\n"
    "`- Jail list:\trecidive, sshd,nginx-http-auth, -evil, a;b\n";

static const char jail_out[] =
    "Status for the jail: sshd\n"
    "|- Filter\n"
    "|  |- Currently failed:\t2\n"
    "|  |- Total failed:\t17\n"
    "|  `- File list:\t/var/log/auth.log\n"
    "`- Actions\n"
    "   |- Currently banned:\t7\n"
    "   |- Total banned:\t9\n"
    "   `- Banned IP list:\t203.0.113.1 203.0.113.2 198.51.100.0/24 2001:db8::7 "
    "203.0.113.5 203.0.113.6 192.0.2.7\n";

static const char jail_journal[] =
    "Status for the jail: sshd\n"
    "|- Filter\n"
    "|  |- Currently failed:\t0\n"
    "|  |- Total failed:\t0\n"
    "|  `- Journal matches:\t_SYSTEMD_UNIT=sshd.service + _COMM=sshd\n"
    "`- Actions\n"
    "   |- Currently banned:\t0\n"
    "   |- Total banned:\t0\n"
    "   `- Banned IP list:\t\n";

static void
test_f2b_status(void **state)
{
	struct strlist	 jails;
	size_t		 unsafe;

	(void)state;
	memset(&jails, 0, sizeof jails);
	assert_int_equal(f2b_parse_status(status_out, &jails, &unsafe), 3);
	assert_string_equal(jails.v[0], "recidive");
	assert_string_equal(jails.v[1], "sshd");
	assert_string_equal(jails.v[2], "nginx-http-auth");
	assert_int_equal(unsafe, 2);
	strlist_free(&jails);

	assert_int_equal(f2b_parse_status("Status\n|- Number of jail:\t0\n`- Jail list:\t\n",
	    &jails, &unsafe), 0);
	strlist_free(&jails);
	assert_int_equal(f2b_parse_status("ERROR  Failed to access socket path\n", &jails,
	    &unsafe), -1);
	strlist_free(&jails);

	assert_true(f2b_jail_name_ok("sshd"));
	assert_true(f2b_jail_name_ok("my.jail_2-x"));
	assert_false(f2b_jail_name_ok("-s"));
	assert_false(f2b_jail_name_ok(""));
	assert_false(f2b_jail_name_ok("a b"));
	assert_false(f2b_jail_name_ok("a/../b"));
	assert_false(f2b_jail_name_ok("$(x)"));
}

static void
test_f2b_jail(void **state)
{
	struct f2b_jail	 j;
	struct ipnet	 c;

	(void)state;
	assert_int_equal(ipnet_parse_str("192.0.2.7", &c), 0);
	assert_int_equal(f2b_parse_jail(jail_out, &c, &j), 0);
	assert_int_equal(j.currently_failed, 2);
	assert_int_equal(j.currently_banned, 7);
	assert_int_equal(j.total_banned, 9);
	assert_int_equal(j.listed, 7);
	assert_int_equal(j.sample.n, F2B_SAMPLE);
	assert_string_equal(j.sample.v[0], "203.0.113.1");
	assert_string_equal(j.client_entry, "192.0.2.7");
	assert_string_equal(j.source, "/var/log/auth.log");
	f2b_jail_free(&j);

	/* a banned network covers the client */
	assert_int_equal(ipnet_parse_str("198.51.100.77", &c), 0);
	assert_int_equal(f2b_parse_jail(jail_out, &c, &j), 0);
	assert_string_equal(j.client_entry, "198.51.100.0/24");
	f2b_jail_free(&j);

	/* not banned; no client */
	assert_int_equal(ipnet_parse_str("192.0.2.8", &c), 0);
	assert_int_equal(f2b_parse_jail(jail_out, &c, &j), 0);
	assert_null(j.client_entry);
	f2b_jail_free(&j);
	assert_int_equal(f2b_parse_jail(jail_out, NULL, &j), 0);
	assert_null(j.client_entry);
	f2b_jail_free(&j);

	assert_int_equal(f2b_parse_jail(jail_journal, NULL, &j), 0);
	assert_int_equal(j.listed, 0);
	assert_string_equal(j.source, "_SYSTEMD_UNIT=sshd.service + _COMM=sshd");
	f2b_jail_free(&j);

	assert_int_equal(f2b_parse_jail("Sorry but the jail 'x' does not exist\n", NULL, &j), -1);
}

struct hcase {
	const char	*text;
	const char	*client;
	enum hosts_result want;
	long		 line;
};

/* fail2ban.conf and its .local/.d overrides: the [Definition] socket, the last one. */
#define DEF	"Definition"
static void
test_f2b_conf_socket(void **state)
{
	static const char debian[] =
	    "[DEFAULT]\n# socket = /nowhere\n[Definition]\nloglevel = INFO\n"
	    "socket = /run/fail2ban/fail2ban.sock\npidfile = /run/fail2ban/fail2ban.pid\n";
	static const char two[] =
	    "[Definition]\r\nsocket: /tmp/a.sock  \r\n[Thread]\nsocket = /not/this\n"
	    "[Definition]\nsocket=/tmp/b.sock\n";
	static const char deb12[] =
	    "[INCLUDES]\nbefore = paths-debian.conf\n[DEFAULT]\nloglevel = INFO\n"
	    "# Option: socket\nsocket = /var/run/fail2ban/fail2ban.sock\n"
	    "pidfile = /var/run/fail2ban/fail2ban.pid\n[Definition]\n[Thread]\n";
	char	 out[64];

	(void)state;
	assert_int_equal(f2b_conf_socket(debian, strlen(debian), DEF, out, sizeof out), 1);
	assert_string_equal(out, "/run/fail2ban/fail2ban.sock");
	assert_int_equal(f2b_conf_socket(two, strlen(two), DEF, out, sizeof out), 1);
	assert_string_equal(out, "/tmp/b.sock");
	/* Debian 12's fail2ban.conf: the socket in [DEFAULT] */
	assert_int_equal(f2b_conf_socket(deb12, strlen(deb12), DEF, out, sizeof out), 0);
	assert_int_equal(f2b_conf_socket(deb12, strlen(deb12), "DEFAULT", out, sizeof out), 1);
	assert_string_equal(out, "/var/run/fail2ban/fail2ban.sock");
	/* none set, in another section, a longer key, a continuation line */
	assert_int_equal(f2b_conf_socket("[Definition]\nloglevel = 3\n", 26, DEF, out,
	    sizeof out), 0);
	assert_int_equal(f2b_conf_socket("[Init]\nsocket = /x\n", 19, DEF, out, sizeof out), 0);
	assert_int_equal(f2b_conf_socket("[DEFAULTS]\nsocket = /x\n", 23, "DEFAULT", out,
	    sizeof out), 0);
	assert_int_equal(f2b_conf_socket("[Definition]\nsocketdir = /x\n  socket = /y\n", 42,
	    DEF, out, sizeof out), 0);
	/* values fail2ban would read otherwise: said unusable, never guessed */
	assert_int_equal(f2b_conf_socket("[Definition]\nsocket = %(run)s/f.sock\n", 37, DEF,
	    out, sizeof out), -1);
	assert_int_equal(f2b_conf_socket("[Definition]\nsocket = run/f.sock\n", 33, DEF, out,
	    sizeof out), -1);
	assert_int_equal(f2b_conf_socket("[Definition]\nsocket = /a/very/long/path/that/does/"
	    "not/fit/in/sixty/four/bytes/at/all.sock\n", 90, DEF, out, sizeof out), -1);
	assert_int_equal(f2b_conf_socket("", 0, DEF, out, sizeof out), 0);
}

static void
test_hosts_access(void **state)
{
	static const struct hcase cases[] = {
		{ "sshd: 192.0.2.7\n", "192.0.2.7", HOSTS_MATCH, 1 },
		{ "sshd: 192.0.2.7\n", "192.0.2.8", HOSTS_NONE, 0 },
		{ "# comment\n\nALL: ALL\n", "198.51.100.1", HOSTS_MATCH, 3 },
		{ "in.telnetd: ALL\n", "198.51.100.1", HOSTS_NONE, 0 },
		{ "sshd, vsftpd : 192.0.2.\n", "192.0.2.99", HOSTS_MATCH, 1 },
		{ "sshd : 192.0.2.\n", "192.0.22.1", HOSTS_NONE, 0 },
		{ "sshd: 192.0.2.0/255.255.255.0\n", "192.0.2.200", HOSTS_MATCH, 1 },
		{ "sshd: 192.0.2.0/24\n", "192.0.3.1", HOSTS_NONE, 0 },
		{ "sshd: [2001:db8::]/32\n", "2001:db8::7", HOSTS_MATCH, 1 },
		{ "sshd: [2001:db8::7]\n", "2001:db8::7", HOSTS_MATCH, 1 },
		{ "sshd: 192.0.2.*\n", "192.0.2.5", HOSTS_MATCH, 1 },
		{ "sshd: ALL EXCEPT 192.0.2.0/24\n", "192.0.2.5", HOSTS_NONE, 0 },
		{ "sshd: ALL EXCEPT 192.0.2.0/24\n", "10.0.0.1", HOSTS_MATCH, 1 },
		{ "ALL EXCEPT sshd: ALL\n", "10.0.0.1", HOSTS_NONE, 0 },
		{ "sshd: \\\n  192.0.2.7\nother: ALL\n", "192.0.2.7", HOSTS_MATCH, 1 },
		{ "sshd: .example.com\n", "192.0.2.7", HOSTS_MAYBE, 1 },
		{ "sshd: LOCAL\n", "192.0.2.7", HOSTS_MAYBE, 1 },
		{ "sshd: /etc/ssh/blocked\n", "192.0.2.7", HOSTS_MAYBE, 1 },
		{ "sshd@192.0.2.1: ALL\n", "192.0.2.7", HOSTS_MAYBE, 1 },
		{ "sshd: host.example.com\nsshd: 192.0.2.7\n", "192.0.2.7", HOSTS_MATCH, 2 },
		{ "sshd: 192.0.2.7: DENY\n", "192.0.2.7", HOSTS_MATCH, 1 },
		/* no client: only ALL decides */
		{ "sshd: 192.0.2.7\n", NULL, HOSTS_MAYBE, 1 },
		{ "sshd: ALL\n", NULL, HOSTS_MATCH, 1 },
		/* not rules */
		{ "just words\n", "192.0.2.7", HOSTS_NONE, 0 },
		{ "", "192.0.2.7", HOSTS_NONE, 0 },
	};
	struct hosts_hit hit;
	struct ipnet	 c;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].client != NULL)
			assert_int_equal(ipnet_parse_str(cases[i].client, &c), 0);
		if (hosts_access_match(cases[i].text, strlen(cases[i].text), "sshd",
		    cases[i].client ? &c : NULL, &hit) != cases[i].want || hit.line != cases[i].line)
			fail_msg("case %zu: got %d at line %ld, want %d at %ld: %s", i, hit.result,
			    hit.line, cases[i].want, cases[i].line, cases[i].text);
		if (hit.result == HOSTS_MAYBE)
			assert_non_null(hit.why);
		hosts_hit_free(&hit);
	}
}

static void
test_hosts_garbage(void **state)
{
	struct hosts_hit hit;
	struct ipnet	 c;
	char		 buf[20000];
	uint64_t	 rs = 99;
	size_t		 i, k;

	(void)state;
	assert_int_equal(ipnet_parse_str("192.0.2.7", &c), 0);
	for (k = 0; k < 50; k++) {
		for (i = 0; i < sizeof buf; i++)
			buf[i] = "sshd:ALL EXCEPT,[]/\\\n 192.0.2.*#\x01"[tu_rand(&rs) % 33];
		(void)hosts_access_match(buf, sizeof buf, "sshd", &c, &hit);
		if (hit.text != NULL)
			assert_true(strlen(hit.text) <= 300);
		hosts_hit_free(&hit);
	}
}

static void
test_semanage(void **state)
{
	static const char out[] =
	    "SELinux Port Type              Proto    Port Number\n"
	    "\n"
	    "afs3_callback_port_t           tcp      7001\n"
	    "ssh_port_t                     tcp      22, 2222, 40000-40010\n"
	    "ssh_port_tx                    tcp      3333\n"
	    "unreserved_port_t              tcp      61000-65535, 1024-32767\n";

	(void)state;
	assert_int_equal(semanage_port_labelled(out, "ssh_port_t", 22), 1);
	assert_int_equal(semanage_port_labelled(out, "ssh_port_t", 2222), 1);
	assert_int_equal(semanage_port_labelled(out, "ssh_port_t", 40005), 1);
	assert_int_equal(semanage_port_labelled(out, "ssh_port_t", 3333), 0);
	assert_int_equal(semanage_port_labelled(out, "ssh_port_t", 8022), 0);
	assert_int_equal(semanage_port_labelled("nothing\n", "ssh_port_t", 22), -1);
	assert_int_equal(semanage_port_labelled("", "ssh_port_t", 22), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_f2b_status),
		cmocka_unit_test(test_f2b_jail),
		cmocka_unit_test(test_f2b_conf_socket),
		cmocka_unit_test(test_hosts_access),
		cmocka_unit_test(test_hosts_garbage),
		cmocka_unit_test(test_semanage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
