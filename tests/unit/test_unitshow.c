/* test_unitshow.c: the `systemctl show` parser (checks/parse/unitshow-parse.h), on output of systemd 252. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "checks/parse/unitshow-parse.h"

/* Debian 12 after an invalid sshd_config and `systemctl restart ssh` (seen in systemd-nspawn):
 * ssh.service, then sshd.service (its alias), ssh.socket, sshd.socket (not found). */
static const char FAILED[] =
    "Id=ssh.service\n"
    "ExecStartPre={ path=/usr/sbin/sshd ; argv[]=/usr/sbin/sshd -t ; ignore_errors=no ; "
    "start_time=[Fri 2026-12-04 17:29:11 UTC] ; stop_time=[Fri 2026-12-04 17:29:11 UTC] ; "
    "pid=89 ; code=exited ; status=255 }\n"
    "LoadState=loaded\nActiveState=failed\nSubState=failed\nResult=exit-code\n"
    "ExecMainCode=0\nExecMainStatus=0\n\n"
    "Id=ssh.service\n"
    "ExecStartPre={ path=/usr/sbin/sshd ; argv[]=/usr/sbin/sshd -t ; ignore_errors=no ; "
    "start_time=[Fri 2026-12-04 17:29:11 UTC] ; stop_time=[Fri 2026-12-04 17:29:11 UTC] ; "
    "pid=89 ; code=exited ; status=255 }\n"
    "LoadState=loaded\nActiveState=failed\nSubState=failed\nResult=exit-code\n"
    "ExecMainCode=0\nExecMainStatus=0\nRuntimeDirectory=sshd\n\n"
    "Id=ssh.socket\nLoadState=loaded\nActiveState=inactive\nSubState=dead\n"
    "Result=success\nListen=[::]:22 (Stream)\n\n"
    "Id=sshd.socket\nLoadState=not-found\nActiveState=inactive\nSubState=dead\n"
    "Result=success\n";

static void
test_failed_restart(void **state)
{
	struct unit_show u[4];

	(void)state;
	memset(u, 0, sizeof u);
	unitshow_parse(FAILED, u, 4);
	assert_string_equal(u[0].id, "ssh.service");
	assert_string_equal(u[1].id, "ssh.service");
	assert_string_equal(u[0].active, "failed");
	assert_string_equal(u[0].result, "exit-code");
	assert_string_equal(u[0].pre_argv, "/usr/sbin/sshd -t");
	assert_string_equal(u[0].pre_code, "exited");
	assert_int_equal(u[0].pre_status, 255);
	assert_string_equal(u[2].listen, "[::]:22 (Stream)");
	assert_int_equal(u[2].pre_status, -1);
	assert_string_equal(u[3].load, "not-found");
	assert_true(unitshow_has_word(u[1].runtime, "sshd"));
	assert_false(unitshow_has_word(u[0].runtime, "sshd"));
}

static void
test_has_word(void **state)
{
	(void)state;
	assert_true(unitshow_has_word("sshd", "sshd"));
	assert_true(unitshow_has_word("foo  sshd bar", "sshd"));
	assert_false(unitshow_has_word("sshd2 xsshd", "sshd"));
	assert_false(unitshow_has_word("", "sshd"));
	assert_false(unitshow_has_word("sshd", ""));
}

static void
test_exec_values(void **state)
{
	char	 argv[32], code[16];
	int	 st;
	const char *ok = "{ path=/usr/sbin/sshd ; argv[]=/usr/sbin/sshd -t ; ignore_errors=no ; "
	    "start_time=[n/a] ; stop_time=[n/a] ; pid=35 ; code=exited ; status=0 }";
	const char *notrun = "{ path=/usr/sbin/sshd ; argv[]=/usr/sbin/sshd -t ; "
	    "ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; "
	    "status=0/0 }";
	const char *killed = "{ path=/x ; argv[]=/x -t ; pid=7 ; code=killed ; status=9/KILL }";
	const char *longargv = "{ path=/x ; argv[]=/usr/sbin/sshd -t -f "
	    "/etc/ssh/a-very-long-configuration-file-name ; code=exited ; status=1/FAILURE }";

	(void)state;
	assert_int_equal(unitshow_exec_failed(ok, strlen(ok), argv, sizeof argv, code,
	    sizeof code, &st), 0);
	assert_int_equal(unitshow_exec_failed(notrun, strlen(notrun), argv, sizeof argv, code,
	    sizeof code, &st), 0);
	assert_int_equal(unitshow_exec_failed(killed, strlen(killed), argv, sizeof argv, code,
	    sizeof code, &st), 1);
	assert_string_equal(code, "killed");
	assert_int_equal(st, 9);
	assert_int_equal(unitshow_exec_failed(longargv, strlen(longargv), argv, sizeof argv,
	    code, sizeof code, &st), 1);
	assert_int_equal(strlen(argv), sizeof argv - 1);	/* cut, terminated */
	assert_int_equal(st, 1);
	assert_int_equal(unitshow_exec_failed("", 0, argv, sizeof argv, code, sizeof code,
	    &st), -1);
	assert_int_equal(unitshow_exec_failed("{ code=exited", 13, argv, sizeof argv, code,
	    sizeof code, &st), -1);
}

/* More blocks than units, keys without values, an overlong value: all bounded. */
static void
test_hostile(void **state)
{
	struct unit_show u[1];
	char	 big[2048];

	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "Listen=", 7);
	memset(u, 0, sizeof u);
	unitshow_parse(big, u, 1);
	assert_int_equal(strlen(u[0].listen), sizeof u[0].listen - 1);
	unitshow_parse("Id=\n\nId=b\n\nId=c\nActiveState\n", u, 1);
	assert_string_equal(u[0].id, "");
	unitshow_parse("ExecStartPre={ code=exited ; status=3 }\n", u, 1);
	assert_int_equal(u[0].pre_status, 3);
	assert_string_equal(u[0].pre_argv, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failed_restart),
		cmocka_unit_test(test_exec_values),
		cmocka_unit_test(test_has_word),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
