/* test_runner.c: running local commands (checks/runner.h): argv only, status, signals, deadlines, caps, stdin, env. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/runner.h"
#include "lib/util.h"
#include "tests/unit/testutil.h"

static void
run_ok(const char *const argv[], const struct run_opts *o, struct run_result *r)
{
	char	*cause = NULL;
	int	 rc;

	memset(r, 0, sizeof *r);
	rc = run_command(argv, o, r, &cause);
	if (rc != 0)
		fail_msg("run_command(%s) = %d: %s", argv[0], rc, cause ? cause : "(no cause)");
	assert_non_null(r->out);
	assert_non_null(r->err);
	assert_int_equal(r->out[r->out_len], '\0');
	assert_int_equal(r->err[r->err_len], '\0');
}

/* Is any live (non-zombie) process left in process group pgid? */
static int
group_alive(pid_t pgid)
{
	DIR		*d;
	struct dirent	*de;
	int		 alive = 0;

	if ((d = opendir("/proc")) == NULL)
		return 0;
	while (!alive && (de = readdir(d)) != NULL) {
		char	 path[300], buf[512], *p, st;
		FILE	*f;
		long	 ppid, pgrp;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fgets(buf, sizeof buf, f) != NULL && (p = strrchr(buf, ')')) != NULL &&
		    sscanf(p + 1, " %c %ld %ld", &st, &ppid, &pgrp) == 3 &&
		    pgrp == (long)pgid && st != 'Z' && st != 'X')
			alive = 1;
		fclose(f);
	}
	closedir(d);
	return alive;
}

/* Wait up to ms for the group to die; kill it ourselves if it does not (it is ours). */
static int
group_gone(pid_t pgid, int ms)
{
	int64_t	end = now_ms() + ms;

	if (pgid <= 1 || pgid == getpgrp())
		return 1;
	while (now_ms() < end) {
		if (!group_alive(pgid))
			return 1;
		usleep(20000);
	}
	kill(-pgid, SIGKILL);
	return 0;
}

static void
test_argv_literal(void **state)
{
	static const char *const a1[] = { "printf", "%s", "; rm -rf /", NULL };
	static const char *const a2[] = { "/bin/echo", "$(id)", "`id`", "*", "a b", "&&", "|", NULL };
	struct run_opts o = { 0 };
	struct run_result r;
	char buf[128];

	(void)state;
	o.timeout_ms = 5000;
	run_ok(a1, &o, &r);
	assert_true(r.exited);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "; rm -rf /");
	assert_int_equal(r.out_len, 10);
	assert_string_equal(run_describe(&r, buf, sizeof buf), "exit 0");
	run_free(&r);

	run_ok(a2, &o, &r);
	assert_string_equal(r.out, "$(id) `id` * a b && |\n");
	run_free(&r);
}

static void
test_exit_status_and_stderr(void **state)
{
	static const char *const a[] = { "sh", "-c", "echo out; echo err >&2; exit 3", NULL };
	struct run_opts o = { 0 };
	struct run_result r;
	char buf[128];

	(void)state;
	o.timeout_ms = 5000;
	run_ok(a, &o, &r);
	assert_true(r.exited);
	assert_int_equal(r.status, 3);
	assert_false(r.timed_out);
	assert_false(r.truncated);
	assert_false(r.not_found);
	assert_string_equal(r.out, "out\n");
	assert_int_equal(r.out_len, 4);
	assert_string_equal(r.err, "err\n");
	assert_int_equal(r.err_len, 4);
	assert_string_equal(run_describe(&r, buf, sizeof buf), "exit 3");
	run_free(&r);
}

static void
test_signal_reported(void **state)
{
	static const char *const term[] = { "sh", "-c", "kill -TERM $$", NULL };
	static const char *const kil[] = { "sh", "-c", "kill -KILL $$", NULL };
	struct run_opts o = { 0 };
	struct run_result r;
	char buf[128];

	(void)state;
	o.timeout_ms = 5000;
	run_ok(term, &o, &r);
	assert_false(r.exited);
	assert_false(r.timed_out);
	assert_int_equal(r.signal, SIGTERM);
	assert_string_equal(run_describe(&r, buf, sizeof buf), "killed by SIGTERM");
	run_free(&r);

	run_ok(kil, &o, &r);
	assert_false(r.exited);
	assert_int_equal(r.signal, SIGKILL);
	assert_string_equal(run_describe(&r, buf, sizeof buf), "killed by SIGKILL");
	run_free(&r);
}

static void
test_timeout_kills_group(void **state)
{
	static const char *const a[] = { "sh", "-c", "echo $$; sleep 100 & sleep 100", NULL };
	struct run_opts o = { 0 };
	struct run_result r;
	int64_t t0, elapsed;
	char buf[128];
	pid_t pgid;

	(void)state;
	o.timeout_ms = 1000;
	t0 = now_ms();
	run_ok(a, &o, &r);
	elapsed = now_ms() - t0;
	pgid = (pid_t)atol(r.out);
	assert_true(pgid > 1);
	if (!group_gone(pgid, 1000))
		fail_msg("process group %ld still has live processes after a timeout", (long)pgid);
	if (elapsed > o.timeout_ms + 1000)
		fail_msg("run took %lld ms with a %d ms timeout", (long long)elapsed, o.timeout_ms);
	assert_true(elapsed >= o.timeout_ms - 50);
	assert_true(r.timed_out);
	assert_false(r.exited);
	assert_non_null(strstr(run_describe(&r, buf, sizeof buf), "timed out"));
	assert_true(r.ms >= o.timeout_ms - 50);
	run_free(&r);
}

static void
test_background_child_does_not_block(void **state)
{
	/* The shell exits at once; a background child keeps stdout open. */
	static const char *const a[] = { "sh", "-c", "echo $$; sleep 100 &", NULL };
	struct run_opts o = { 0 };
	struct run_result r;
	int64_t t0, elapsed;
	pid_t pgid;

	(void)state;
	o.timeout_ms = 1000;
	t0 = now_ms();
	run_ok(a, &o, &r);
	elapsed = now_ms() - t0;
	pgid = (pid_t)atol(r.out);
	assert_true(pgid > 1);
	if (!group_gone(pgid, 1000))
		fail_msg("the background sleep (group %ld) was left running", (long)pgid);
	if (elapsed > o.timeout_ms + 1000)
		fail_msg("run took %lld ms with a %d ms timeout", (long long)elapsed, o.timeout_ms);
	run_free(&r);
}

static void
test_output_capped(void **state)
{
	static const char *const a[] = { "head", "-c", "10000000", "/dev/zero", NULL };
	static const char *const b[] = { "sh", "-c", "head -c 50000 /dev/zero >&2; echo hi", NULL };
	struct run_opts o = { 0 };
	struct run_result r;
	int64_t t0;
	size_t i;

	(void)state;
	o.timeout_ms = 10000;
	o.max_output = 1000;
	t0 = now_ms();
	run_ok(a, &o, &r);
	assert_true(now_ms() - t0 < 8000);
	assert_false(r.timed_out);
	assert_true(r.truncated);
	assert_int_equal(r.out_len, 1000);
	for (i = 0; i < r.out_len; i++)
		assert_int_equal(r.out[i], 0);
	run_free(&r);

	o.max_output = 100;
	run_ok(b, &o, &r);
	assert_true(r.truncated);
	assert_int_equal(r.err_len, 100);
	assert_string_equal(r.out, "hi\n");
	assert_true(r.exited);
	assert_int_equal(r.status, 0);
	run_free(&r);
}

static void
test_stdin_input(void **state)
{
	static const char *const a[] = { "cat", NULL };
	struct run_opts o = { 0 };
	struct run_result r;

	(void)state;
	o.timeout_ms = 5000;
	o.input = "hello\0world";
	o.input_len = 11;
	run_ok(a, &o, &r);
	assert_true(r.exited);
	assert_int_equal(r.out_len, 11);
	assert_memory_equal(r.out, "hello\0world", 11);
	run_free(&r);
}

static void
test_stdin_large_no_deadlock(void **state)
{
	static const char *const a[] = { "cat", NULL };
	struct run_opts o = { 0 };
	struct run_result r;
	size_t n = 3 * 1024 * 1024, i;
	char *in = malloc(n);

	(void)state;
	for (i = 0; i < n; i++)
		in[i] = (char)(i * 31 + (i >> 13));
	o.timeout_ms = 20000;
	o.max_output = 4 * 1024 * 1024;
	o.input = in;
	o.input_len = n;
	run_ok(a, &o, &r);
	assert_false(r.timed_out);
	assert_true(r.exited);
	assert_int_equal(r.out_len, n);
	assert_memory_equal(r.out, in, n);
	run_free(&r);
	free(in);
}

static void
test_stdin_unread_no_sigpipe(void **state)
{
	/*
	 * The command never reads its input: the runner must survive EPIPE
	 * without the caller having to ignore SIGPIPE. Run in a child process
	 * so a SIGPIPE does not end the whole test program.
	 */
	/* Close stdin first, so the write fails with EPIPE every time. */
	static const char *const a[] = { "sh", "-c", "exec 0<&-; sleep 0.3", NULL };
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		struct run_opts o = { 0 };
		struct run_result r;
		size_t n = 2 * 1024 * 1024;
		char *in = calloc(1, n), *cause = NULL;

		signal(SIGPIPE, SIG_DFL);
		o.timeout_ms = 5000;
		o.input = in;
		o.input_len = n;
		memset(&r, 0, sizeof r);
		if (run_command(a, &o, &r, &cause) != 0 || r.timed_out || !r.exited ||
		    r.status != 0)
			_exit(2);
		run_free(&r);
		free(in);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status))
		fail_msg("the caller was killed by signal %d (%s) while the runner wrote stdin "
		    "to a command that does not read it", WTERMSIG(status),
		    WTERMSIG(status) == SIGPIPE ? "SIGPIPE" : "?");
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void
test_stdin_default_devnull(void **state)
{
	static const char *const a[] = { "cat", NULL };
	struct run_opts o = { 0 };
	struct run_result r;

	(void)state;
	o.timeout_ms = 3000;
	run_ok(a, &o, &r);
	assert_false(r.timed_out);
	assert_true(r.exited);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, 0);
	assert_string_equal(r.out, "");
	run_free(&r);
}

static void
test_not_found(void **state)
{
	static const char *const a[] = { "sshdoc-no-such-program-xyzzy", NULL };
	static const char *const b[] = { "/nonexistent/dir/prog", "arg", NULL };
	struct run_opts o = { 0 };
	struct run_result r;

	(void)state;
	o.timeout_ms = 5000;
	run_ok(a, &o, &r);
	assert_true(r.not_found);
	run_free(&r);
	run_ok(b, &o, &r);
	assert_true(r.not_found);
	run_free(&r);
}

static void
test_env_added(void **state)
{
	static const char *const a[] = { "sh", "-c",
	    "printf '%s|%s|%s' \"$SSHDOC_ADDED\" \"$SSHDOC_PARENT\" \"$SSHDOC_OVR\"", NULL };
	static const char *const env[] = { "SSHDOC_ADDED=hello world", "SSHDOC_OVR=child", NULL };
	struct run_opts o = { 0 };
	struct run_result r;

	(void)state;
	setenv("SSHDOC_PARENT", "from-parent", 1);
	setenv("SSHDOC_OVR", "parent", 1);
	o.timeout_ms = 5000;
	o.env = env;
	run_ok(a, &o, &r);
	assert_string_equal(r.out, "hello world|from-parent|child");
	run_free(&r);
	/* The caller's environment is not changed. */
	assert_string_equal(getenv("SSHDOC_OVR"), "parent");
	assert_null(getenv("SSHDOC_ADDED"));
	unsetenv("SSHDOC_PARENT");
	unsetenv("SSHDOC_OVR");
}

static void
test_wall_time(void **state)
{
	static const char *const a[] = { "sleep", "0.3", NULL };
	struct run_opts o = { 0 };
	struct run_result r;

	(void)state;
	o.timeout_ms = 5000;
	run_ok(a, &o, &r);
	assert_true(r.exited);
	assert_true(r.ms >= 250);
	assert_true(r.ms < 3000);
	run_free(&r);
}

static int
count_fds(void)
{
	DIR		*d = opendir("/proc/self/fd");
	struct dirent	*de;
	int		 n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] != '.')
			n++;
	}
	closedir(d);
	return n;
}

static void
test_no_fd_leak(void **state)
{
	static const char *const a[] = { "sh", "-c", "cat; echo y >&2", NULL };
	static const char *const b[] = { "sshdoc-no-such-program-xyzzy", NULL };
	static const char *const c[] = { "sleep", "5", NULL };
	struct run_opts o = { 0 };
	struct run_result r;
	int before, i;

	(void)state;
	before = count_fds();
	o.timeout_ms = 5000;
	for (i = 0; i < 20; i++) {
		o.input = "data";	/* cat reads it: no EPIPE (see test_stdin_unread_no_sigpipe) */
		o.input_len = 4;
		run_ok(a, &o, &r);
		run_free(&r);
		o.input = NULL;
		o.input_len = 0;
		run_ok(b, &o, &r);
		run_free(&r);
	}
	o.timeout_ms = 100;
	run_ok(c, &o, &r);
	assert_true(r.timed_out);
	run_free(&r);
	assert_int_equal(count_fds(), before);
}

/*
 * The wizard blocks SIGTERM and others in the threads that run checks; a
 * command must not inherit that mask, or the timeout's SIGTERM never lands.
 */
static void
test_child_signal_mask(void **state)
{
	/* not through sh: dash clears its signal mask when it starts */
	static const char *const a[] = { "sed", "-n", "s/^SigBlk:[[:space:]]*//p",
	    "/proc/self/status", NULL };
	static const char *const slow[] = { "sleep", "10", NULL };
	struct run_opts o = { 0 };
	struct run_result r;
	sigset_t block, old;

	(void)state;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	o.timeout_ms = 5000;
	run_ok(a, &o, &r);
	if (strcmp(r.out, "0000000000000000\n") != 0)
		fail_msg("the command inherited blocked signals: SigBlk %s", r.out);
	run_free(&r);
	/* SIGTERM ends it at the deadline, without waiting for the SIGKILL grace */
	o.timeout_ms = 200;
	run_ok(slow, &o, &r);
	assert_true(r.timed_out);
	assert_int_equal(r.signal, SIGTERM);
	run_free(&r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Concurrent checks run commands from several threads at once. */
static void *
quick_runs(void *arg)
{
	static const char *const a[] = { "sh", "-c", "echo hi", NULL };
	struct run_opts o = { 0 };
	struct run_result r;
	long worst = 0;
	int i;

	(void)arg;
	o.timeout_ms = 5000;
	for (i = 0; i < 15; i++) {
		char *cause = NULL;
		int64_t t0 = now_ms();

		memset(&r, 0, sizeof r);
		if (run_command(a, &o, &r, &cause) != 0 || strcmp(r.out, "hi\n") != 0) {
			free(cause);
			return (void *)-1L;
		}
		run_free(&r);
		if (now_ms() - t0 > worst)
			worst = (long)(now_ms() - t0);
	}
	return (void *)worst;
}

static void *
slow_run(void *arg)
{
	static const char *const a[] = { "sleep", "3", NULL };
	struct run_opts o = { 0 };
	struct run_result r;
	char *cause = NULL;

	(void)arg;
	o.timeout_ms = 10000;
	memset(&r, 0, sizeof r);
	if (run_command(a, &o, &r, &cause) == 0)
		run_free(&r);
	free(cause);
	return NULL;
}

static void
test_threads_do_not_share_pipes(void **state)
{
	pthread_t slow, quick[4];
	void *ret;
	int i;

	(void)state;
	/* A pipe end leaked into the long child would hold the quick runs until it ends. */
	assert_int_equal(pthread_create(&slow, NULL, slow_run, NULL), 0);
	usleep(50000);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&quick[i], NULL, quick_runs, NULL), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(quick[i], &ret), 0);
		if ((long)ret < 0)
			fail_msg("a concurrent run failed or mixed up output");
		if ((long)ret > 1500)
			fail_msg("a quick run took %ld ms while another thread ran a long command "
			    "(pipe fds inherited without close-on-exec?)", (long)ret);
	}
	pthread_join(slow, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv_literal),
		cmocka_unit_test(test_exit_status_and_stderr),
		cmocka_unit_test(test_signal_reported),
		cmocka_unit_test(test_timeout_kills_group),
		cmocka_unit_test(test_background_child_does_not_block),
		cmocka_unit_test(test_output_capped),
		cmocka_unit_test(test_stdin_input),
		cmocka_unit_test(test_stdin_large_no_deadlock),
		cmocka_unit_test(test_stdin_unread_no_sigpipe),
		cmocka_unit_test(test_stdin_default_devnull),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_env_added),
		cmocka_unit_test(test_wall_time),
		cmocka_unit_test(test_no_fd_leak),
		cmocka_unit_test(test_child_signal_mask),
		cmocka_unit_test(test_threads_do_not_share_pipes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
