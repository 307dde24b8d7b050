/* test_sshd_parse.c: sshd -t / -T output lines, listenaddress ports and sshd command lines (checks/sshd-parse.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/sshd-parse.h"
#include "tests/unit/testutil.h"

struct want {
	const char		*line;		/* as sshd prints it */
	enum sshd_msg_kind	 kind;
	const char		*file;		/* NULL: none expected */
	long			 lineno;
	const char		*option;	/* NULL: none expected */
	const char		*text;		/* NULL: not checked */
};

static int
streq_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static void
check_one(const struct want *w)
{
	struct sshd_msg	 m;

	sshd_msg_parse(w->line, &m);
	if (m.kind != w->kind || !streq_null(m.file, w->file) || m.line != w->lineno ||
	    !streq_null(m.option, w->option) || (w->text != NULL && !streq_null(m.text, w->text)))
		fail_msg("\"%s\": got kind %s file \"%s\" line %ld option \"%s\" text \"%s\"",
		    w->line, sshd_msg_kind_name(m.kind), m.file ? m.file : "(null)", m.line,
		    m.option ? m.option : "(null)", m.text ? m.text : "(null)");
	assert_non_null(m.text);
	assert_null(tu_unclean(m.text, strlen(m.text)));
	sshd_msg_free(&m);
}

/* Lines printed by OpenSSH 9.2p1 (Debian 12), and the forms of older and newer versions. */
static void
test_config_errors(void **state)
{
	static const struct want w[] = {
		{ "/etc/ssh/sshd_config: line 12: Bad configuration option: Foo",
		  SSHD_MSG_CONFIG, "/etc/ssh/sshd_config", 12, "Foo",
		  "Bad configuration option: Foo" },
		{ "/tmp/s1/c2: line 6: Bad configuration option: FooBar",
		  SSHD_MSG_CONFIG, "/tmp/s1/c2", 6, "FooBar", NULL },
		{ "/etc/ssh/sshd_config: terminating, 1 bad configuration options",
		  SSHD_MSG_TERMINATING, "/etc/ssh/sshd_config", 0, NULL,
		  "terminating, 1 bad configuration options" },
		{ "/tmp/s1/cy line 6: no argument after keyword \"Port\"",
		  SSHD_MSG_CONFIG, "/tmp/s1/cy", 6, NULL, "no argument after keyword \"Port\"" },
		{ "/tmp/s1/cy line 6: Badly formatted port number.",
		  SSHD_MSG_CONFIG, "/tmp/s1/cy", 6, NULL, NULL },
		{ "/tmp/s1/cy line 6: Invalid MaxStartups spec.",
		  SSHD_MSG_CONFIG, "/tmp/s1/cy", 6, NULL, NULL },
		{ "/tmp/s1/cy line 7: Directive 'Port' is not allowed within a Match block",
		  SSHD_MSG_CONFIG, "/tmp/s1/cy", 7, NULL, NULL },
		/* lower-case "unsupported option" is an error, not the Unsupported warning */
		{ "/tmp/s1/cy line 6: unsupported option \"maybe\".",
		  SSHD_MSG_CONFIG, "/tmp/s1/cy", 6, NULL, NULL },
		{ "/tmp/s1/cy line 6: keyword Port extra arguments at end of line",
		  SSHD_MSG_CONFIG, "/tmp/s1/cy", 6, NULL, NULL },
		{ "/tmp/s1/cy line 6: Bad SSH2 cipher spec 'foo'.",
		  SSHD_MSG_CONFIG, "/tmp/s1/cy", 6, NULL, NULL },
		{ "/etc/ssh/sshd_config.d/50-local.conf line 3: unsupported log level 'LOUD'",
		  SSHD_MSG_CONFIG, "/etc/ssh/sshd_config.d/50-local.conf", 3, NULL, NULL },
		{ "/tmp/s1/nonexist: No such file or directory",
		  SSHD_MSG_CONFIG, "/tmp/s1/nonexist", 0, NULL, "No such file or directory" },
		/* a file name with spaces, and a journal-style level prefix */
		{ "error: /etc/ssh/my config: line 3: Bad configuration option: X",
		  SSHD_MSG_CONFIG, "/etc/ssh/my config", 3, "X", NULL },
		{ "/etc/ssh/sshd_config: line 9: Bad configuration option: Foo\r",
		  SSHD_MSG_CONFIG, "/etc/ssh/sshd_config", 9, "Foo", NULL },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof w / sizeof w[0]; i++)
		check_one(&w[i]);
}

static void
test_deprecated(void **state)
{
	static const struct want w[] = {
		{ "/tmp/s1/c4 line 6: Deprecated option UsePrivilegeSeparation",
		  SSHD_MSG_DEPRECATED, "/tmp/s1/c4", 6, "UsePrivilegeSeparation", NULL },
		{ "/etc/ssh/sshd_config line 40: Deprecated option UseLogin",
		  SSHD_MSG_DEPRECATED, "/etc/ssh/sshd_config", 40, "UseLogin", NULL },
		{ "/etc/ssh/sshd_config line 77: Unsupported option GSSAPIAuthentication",
		  SSHD_MSG_DEPRECATED, "/etc/ssh/sshd_config", 77, "GSSAPIAuthentication", NULL },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof w / sizeof w[0]; i++)
		check_one(&w[i]);
}

static void
test_hostkeys(void **state)
{
	static const struct want w[] = {
		{ "Permissions 0644 for '/etc/ssh/ssh_host_rsa_key' are too open.",
		  SSHD_MSG_HOSTKEY_PERMS, "/etc/ssh/ssh_host_rsa_key", 0, NULL, NULL },
		{ "Unable to load host key \"/tmp/k3\": bad permissions",
		  SSHD_MSG_HOSTKEY, "/tmp/k3", 0, NULL, NULL },
		{ "Unable to load host key: /tmp/s1/nokey",
		  SSHD_MSG_HOSTKEY, "/tmp/s1/nokey", 0, NULL, NULL },
		/* OpenSSH before 8.0 */
		{ "Could not load host key: /etc/ssh/ssh_host_dsa_key",
		  SSHD_MSG_HOSTKEY, "/etc/ssh/ssh_host_dsa_key", 0, NULL, NULL },
		{ "sshd: no hostkeys available -- exiting.",
		  SSHD_MSG_NO_HOSTKEYS, NULL, 0, NULL, NULL },
		{ "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
		  SSHD_MSG_NOISE, NULL, 0, NULL, NULL },
		{ "@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @",
		  SSHD_MSG_NOISE, NULL, 0, NULL, NULL },
		{ "It is required that your private key files are NOT accessible by others.",
		  SSHD_MSG_NOISE, NULL, 0, NULL, NULL },
		{ "This private key will be ignored.", SSHD_MSG_NOISE, NULL, 0, NULL, NULL },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof w / sizeof w[0]; i++)
		check_one(&w[i]);
}

static void
test_privsep(void **state)
{
	static const struct want w[] = {
		{ "Missing privilege separation directory: /run/sshd",
		  SSHD_MSG_PRIVSEP, "/run/sshd", 0, NULL, NULL },
		{ "fatal: Missing privilege separation directory: /var/empty",
		  SSHD_MSG_PRIVSEP, "/var/empty", 0, NULL, NULL },
		{ "/var/empty must be owned by root and not group or world-writable.",
		  SSHD_MSG_PRIVSEP, "/var/empty", 0, NULL, NULL },
		{ "Privilege separation user sshd does not exist",
		  SSHD_MSG_PRIVSEP, NULL, 0, "sshd", NULL },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof w / sizeof w[0]; i++)
		check_one(&w[i]);
}

static void
test_other_and_hostile(void **state)
{
	static const struct want w[] = {
		{ "", SSHD_MSG_OTHER, NULL, 0, NULL, "" },
		{ "something else entirely", SSHD_MSG_OTHER, NULL, 0, NULL, NULL },
		{ "/usr/lib/openssh/sshd-session does not exist or is not executable",
		  SSHD_MSG_OTHER, NULL, 0, NULL, NULL },
		/* " line " without a number, and a number without the colon */
		{ "/x line abc: y", SSHD_MSG_OTHER, NULL, 0, NULL, NULL },
		{ "a line 5 b", SSHD_MSG_OTHER, NULL, 0, NULL, NULL },
		{ " line 5: leading", SSHD_MSG_OTHER, NULL, 0, NULL, NULL },
	};
	struct sshd_msg	 m;
	size_t		 i;
	char		 big[5000];

	(void)state;
	for (i = 0; i < sizeof w / sizeof w[0]; i++)
		check_one(&w[i]);
	/* control characters and escapes in a file name come out sanitized */
	sshd_msg_parse("/etc/\x1b[31mevil: line 3: Bad configuration option: \x07X", &m);
	assert_int_equal(m.kind, SSHD_MSG_CONFIG);
	assert_null(tu_unclean(m.file, strlen(m.file)));
	assert_null(tu_unclean(m.option, strlen(m.option)));
	assert_null(tu_unclean(m.text, strlen(m.text)));
	sshd_msg_free(&m);
	/* a huge line stays bounded */
	memset(big, 'a', sizeof big);
	memcpy(big, "/f: line 1: ", 12);
	big[sizeof big - 1] = '\0';
	sshd_msg_parse(big, &m);
	assert_true(strlen(m.text) <= 512);
	sshd_msg_free(&m);
	/* a huge line number is not an overflow */
	sshd_msg_parse("/f line 99999999999999999999999: x", &m);
	assert_true(m.line >= 0);
	sshd_msg_free(&m);
}

static void
test_listen_port(void **state)
{
	(void)state;
	assert_int_equal(sshd_listen_port("[::]:22"), 22);
	assert_int_equal(sshd_listen_port("0.0.0.0:2222"), 2222);
	assert_int_equal(sshd_listen_port("127.0.0.1:22 rdomain blue"), 22);
	assert_int_equal(sshd_listen_port("[2001:db8::1]:65535"), 65535);
	assert_int_equal(sshd_listen_port("[::]"), -1);
	assert_int_equal(sshd_listen_port("[::]22"), -1);
	assert_int_equal(sshd_listen_port("host"), -1);
	assert_int_equal(sshd_listen_port("1.2.3.4:0"), -1);
	assert_int_equal(sshd_listen_port("1.2.3.4:70000"), -1);
	assert_int_equal(sshd_listen_port("1.2.3.4:123456"), -1);
	assert_int_equal(sshd_listen_port("[::]:x"), -1);
	assert_int_equal(sshd_listen_port("1.2.3.4:"), -1);
	assert_int_equal(sshd_listen_port(""), -1);
	assert_int_equal(sshd_listen_port(NULL), -1);
}

static void
test_cmdline(void **state)
{
	char	 buf[256];

	(void)state;
	assert_int_equal(sshd_cmdline_config("sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 "
	    "startups", buf, sizeof buf), 0);
	assert_int_equal(sshd_cmdline_config("sshd: /usr/sbin/sshd -D -f /tmp/x/cfg -o "
	    "HostKey=/k [listener] 1 of 10-100 startups", buf, sizeof buf), 1);
	assert_string_equal(buf, "/tmp/x/cfg");
	assert_int_equal(sshd_cmdline_config("/usr/sbin/sshd -f /etc/a -E /tmp/log", buf,
	    sizeof buf), 1);
	assert_string_equal(buf, "/etc/a");
	assert_int_equal(sshd_cmdline_config("/usr/sbin/sshd -f/etc/b", buf, sizeof buf), 1);
	assert_string_equal(buf, "/etc/b");
	assert_int_equal(sshd_cmdline_config("/usr/sbin/sshd -Df /etc/c", buf, sizeof buf), 1);
	assert_string_equal(buf, "/etc/c");
	/* an argument that looks like -f belongs to the option before it */
	assert_int_equal(sshd_cmdline_config("/usr/sbin/sshd -E -f -D", buf, sizeof buf), 0);
	assert_int_equal(sshd_cmdline_config("/usr/sbin/sshd -oPort=2 -D", buf, sizeof buf), 0);
	/* the last -f wins, as in sshd's getopt loop */
	assert_int_equal(sshd_cmdline_config("sshd -f /a -f /b", buf, sizeof buf), 1);
	assert_string_equal(buf, "/b");
	/* the title after [listener] is not parsed */
	assert_int_equal(sshd_cmdline_config("sshd: /usr/sbin/sshd [listener] -f /x", buf,
	    sizeof buf), 0);
	/* relative, as a person typed it */
	assert_int_equal(sshd_cmdline_config("sshd: /usr/sbin/sshd -f cfg -E /tmp/sd/log "
	    "[listener] 0 of 10-100 startups", buf, sizeof buf), 1);
	assert_string_equal(buf, "cfg");
	assert_int_equal(sshd_cmdline_config("/usr/bin/python3 -f x", buf, sizeof buf), -1);
	assert_int_equal(sshd_cmdline_config("sshd: [accepted]", buf, sizeof buf), -1);
	assert_int_equal(sshd_cmdline_config("", buf, sizeof buf), -1);
	/* a small buffer truncates, never overflows */
	assert_int_equal(sshd_cmdline_config("sshd -f /a/very/long/path", buf, 4), 1);
	assert_string_equal(buf, "/a/");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_deprecated),
		cmocka_unit_test(test_hostkeys),
		cmocka_unit_test(test_privsep),
		cmocka_unit_test(test_other_and_hostile),
		cmocka_unit_test(test_listen_port),
		cmocka_unit_test(test_cmdline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
