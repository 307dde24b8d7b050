/* test_sshd_txn.c: lib/sshd-txn.c (sshd -t before a replace, the banner re-probe, the yes prompt) and the server verbs' plans (content/apply-server.c) in a temp dir. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/apply.h"
#include "lib/change.h"
#include "lib/runner.h"
#include "lib/sshd-txn.h"
#include "lib/util.h"
#include "lib/xmalloc.h"
#include "tests/unit/testutil.h"

static char *tmp, *state;
static int sshd_t_status;	/* what the fake sshd -t exits with */
static const char *sshd_t_err;	/* its stderr instead of a bad option, or NULL */
static char *sshd_t_seen;	/* the file it was given */

static int
setup(void **st)
{
	(void)st;
	tmp = tu_tmpdir();
	xasprintf(&state, "%s/state", tmp);
	setenv("SSHDOC_STATE_DIR", state, 1);
	return 0;
}

static int
teardown(void **st)
{
	(void)st;
	tu_rm_rf(tmp);
	free(tmp);
	free(state);
	free(sshd_t_seen);
	sshd_t_seen = NULL;
	unsetenv("SSHDOC_STATE_DIR");
	runner_set_hook(NULL);
	return 0;
}

/* sshd -t -f COPY: remembers COPY (and that it exists then), answers sshd_t_status. */
static int
fake_sshd(const char *const argv[], const struct run_opts *o, struct run_result *res,
    char **cause)
{
	(void)o;
	(void)cause;
	memset(res, 0, sizeof *res);
	assert_string_equal(argv[1], "-t");
	assert_string_equal(argv[2], "-f");
	assert_int_equal(access(argv[3], R_OK), 0);
	free(sshd_t_seen);
	sshd_t_seen = xstrdup(argv[3]);
	res->out = xstrdup("");
	if (sshd_t_err != NULL)
		res->err = xstrdup(sshd_t_err);
	else if (sshd_t_status != 0)
		xasprintf(&res->err, "%s: line 3: Bad configuration option: Foo\n%s: terminating, "
		    "1 bad configuration options\n", argv[3], argv[3]);
	else
		res->err = xstrdup("");
	res->err_len = strlen(res->err);
	res->exited = 1;
	res->status = sshd_t_status;
	return 0;
}

static void
test_write_refused_replaces_nothing(void **st)
{
	struct change_tx *tx;
	char		*cause = NULL, *path, *out = NULL;
	size_t		 len;

	(void)st;
	runner_set_hook(fake_sshd);
	path = tu_write(tmp, "sshd_config", "Port 22\nFoo yes\n", 16);
	tx = change_begin("sshd-config-invalid", &cause);
	assert_non_null(tx);

	sshd_t_status = 255;
	assert_int_equal(sshd_txn_write(tx, path, "Port 22\n# Foo yes\n", 18, &cause), -1);
	/* sshd's words, naming the real file, not the copy */
	assert_non_null(strstr(cause, "nothing was replaced"));
	assert_non_null(strstr(cause, "Bad configuration option: Foo"));
	assert_null(strstr(cause, ".sshdoc-test-"));
	assert_non_null(strstr(sshd_t_seen, "/sshd_config.sshdoc-test-"));
	assert_int_equal(access(sshd_t_seen, F_OK), -1);	/* the copy is gone */
	free(cause);
	cause = NULL;
	assert_int_equal(read_file_bounded(path, 100, &out, &len, &cause), 0);
	assert_string_equal(out, "Port 22\nFoo yes\n");
	free(out);

	sshd_t_status = 0;
	assert_int_equal(sshd_txn_write(tx, path, "Port 22\n# Foo yes\n", 18, &cause), 0);
	assert_int_equal(access(sshd_t_seen, F_OK), -1);
	assert_int_equal(read_file_bounded(path, 100, &out, &len, &cause), 0);
	assert_string_equal(out, "Port 22\n# Foo yes\n");
	free(out);

	/* only the privsep directory missing (ssh.socket waiting): the options are proven */
	sshd_t_status = 255;
	sshd_t_err = "Missing privilege separation directory: /run/sshd\r\n";
	assert_int_equal(sshd_txn_write(tx, path, "Port 2\n", 7, &cause), 0);
	/* but a failure that says nothing proves nothing */
	sshd_t_err = "";
	assert_int_equal(sshd_txn_write(tx, path, "Port 3\n", 7, &cause), -1);
	free(cause);
	cause = NULL;
	sshd_t_err = "Missing privilege separation directory: /run/sshd\nno hostkeys available\n";
	assert_int_equal(sshd_txn_write(tx, path, "Port 3\n", 7, &cause), -1);
	free(cause);
	sshd_t_err = NULL;
	assert_int_equal(read_file_bounded(path, 100, &out, &len, &cause), 0);
	assert_string_equal(out, "Port 2\n");
	free(out);
	change_free(tx);
	free(path);
}

/* A listener on 127.0.0.1 that sends greeting to each client for two seconds. */
static int
serve_for_2s(const char *greeting, pid_t *pid)
{
	struct sockaddr_in sa;
	socklen_t	 sl = sizeof sa;
	int		 s, c, one = 1;

	s = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s >= 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(s, 4), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&sa, &sl), 0);
	if ((*pid = fork()) == 0) {
		/* every client for two seconds (the probe tries again until its deadline) */
		alarm(2);
		while ((c = accept(s, NULL, NULL)) >= 0) {
			if (write(c, greeting, strlen(greeting)) < 0)
				_exit(1);
			close(c);
		}
		_exit(0);
	}
	close(s);
	return ntohs(sa.sin_port);
}

static void
test_banner(void **st)
{
	char	*why = NULL;
	pid_t	 pid;
	int	 port;

	(void)st;
	port = serve_for_2s("SSH-2.0-OpenSSH_9.2p1 Debian\r\n", &pid);
	assert_int_equal(sshd_txn_banner(port, 3000, &why), 1);
	waitpid(pid, NULL, 0);

	port = serve_for_2s("HTTP/1.1 400 Bad Request\r\n", &pid);
	assert_int_equal(sshd_txn_banner(port, 600, &why), 0);
	assert_non_null(strstr(why, "HTTP/1.1 400"));
	free(why);
	why = NULL;
	waitpid(pid, NULL, 0);

	/* nothing listens there now (the server's two seconds are over) */
	assert_int_equal(sshd_txn_banner(port, 500, &why), 0);
	assert_non_null(strstr(why, "nothing accepts"));
	free(why);
}

static void
test_ask_yes(void **st)
{
	int	p[2];
	int64_t	t0;

	(void)st;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "yes\n", 4), 4);
	assert_int_equal(sshd_txn_ask_yes(p[0], 2), 1);
	assert_int_equal(write(p[1], "y\n", 2), 2);
	assert_int_equal(sshd_txn_ask_yes(p[0], 2), 0);
	assert_int_equal(write(p[1], "yes \r\n", 6), 6);
	assert_int_equal(sshd_txn_ask_yes(p[0], 2), 1);
	/* no answer: the window ends it */
	t0 = now_ms();
	assert_int_equal(sshd_txn_ask_yes(p[0], 1), 0);
	assert_true(now_ms() - t0 >= 900);
	close(p[1]);
	assert_int_equal(sshd_txn_ask_yes(p[0], 2), 0);	/* end of input */
	close(p[0]);
}

/* A plan with one step of verb name and its arguments, as fix_plan_make would fill it. */
static int
plan_one(const char *name, const char *sshd_config, const char *a0, const char *a1,
    struct fix_plan *p, struct fix_step *s, char **cause)
{
	memset(p, 0, sizeof *p);
	memset(s, 0, sizeof *s);
	p->sshd_config = (char *)sshd_config;
	p->port = 22;
	p->quick = 1;
	s->verb = fix_verb_find(name);
	assert_non_null(s->verb);
	if (a0 != NULL)
		s->args[s->nargs++] = (char *)a0;
	if (a1 != NULL)
		s->args[s->nargs++] = (char *)a1;
	return s->verb->plan(p, s, cause);
}

static void
step_free(struct fix_step *s)
{
	free(s->what);
	free(s->diff);
	free(s->newtext);
	free(s->path);
	strlist_free(&s->commands);
	strlist_free(&s->backups);
	strlist_free(&s->notes);
}

static void
test_comment_plan(void **st)
{
	struct fix_plan	 p;
	struct fix_step	 s;
	char		*cause = NULL, *path, *other;

	(void)st;
	path = tu_write(tmp, "sshd_config", "Port 22\n  # note\nFooBar yes\n", 28);
	other = tu_write(tmp, "other.conf", "FooBar yes\n", 11);
	assert_int_equal(plan_one("sshd-config-comment", path, path, "3", &p, &s, &cause), 0);
	assert_int_equal(s.newlen, 28 + 11);
	assert_memory_equal(s.newtext, "Port 22\n  # note\n# (sshdoc) FooBar yes\n", s.newlen);
	assert_non_null(strstr(s.diff, "-FooBar yes"));
	assert_non_null(strstr(s.diff, "+# (sshdoc) FooBar yes"));
	step_free(&s);

	/* a comment, a line past the end, not a number, a file sshd -t was not given */
	assert_int_equal(plan_one("sshd-config-comment", path, path, "2", &p, &s, &cause), -1);
	assert_non_null(strstr(cause, "comment already"));
	free(cause);
	step_free(&s);
	assert_int_equal(plan_one("sshd-config-comment", path, path, "9", &p, &s, &cause), -1);
	free(cause);
	step_free(&s);
	assert_int_equal(plan_one("sshd-config-comment", path, path, "3x", &p, &s, &cause), -1);
	free(cause);
	step_free(&s);
	assert_int_equal(plan_one("sshd-config-comment", path, other, "1", &p, &s, &cause), -1);
	assert_non_null(strstr(cause, "included file"));
	free(cause);
	step_free(&s);
	free(path);
	free(other);
}

static void
test_unban_and_keys_refuse(void **st)
{
	struct fix_plan	 p;
	struct fix_step	 s;
	char		*cause = NULL, *two, *one;

	(void)st;
	assert_int_equal(plan_one("unban", NULL, "sshd", "192.0.2.7", &p, &s, &cause), 0);
	assert_string_equal(s.commands.v[0], "fail2ban-client set sshd unbanip 192.0.2.7");
	step_free(&s);
	assert_int_equal(plan_one("unban", NULL, "-x", "192.0.2.7", &p, &s, &cause), -1);
	free(cause);
	step_free(&s);
	assert_int_equal(plan_one("unban", NULL, "sshd", "1.2.3.4;rm", &p, &s, &cause), -1);
	free(cause);
	step_free(&s);

	two = tu_write(tmp, "two.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKb6 a\n"
	    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKb6 b\n", 86);
	assert_int_equal(plan_one("authorized-keys-add", NULL, "root", two, &p, &s, &cause), -1);
	assert_non_null(strstr(cause, "more than one line"));
	free(cause);
	step_free(&s);
	one = tu_write(tmp, "opt.pub", "command=\"x\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKb6 a\n",
	    55);
	assert_int_equal(plan_one("authorized-keys-add", NULL, "root", one, &p, &s, &cause), -1);
	free(cause);
	step_free(&s);
	assert_int_equal(plan_one("authorized-keys-add", NULL, "no-such-user-sshdoc", "/x.pub",
	    &p, &s, &cause), -1);
	free(cause);
	step_free(&s);
	free(two);
	free(one);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_refused_replaces_nothing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_banner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ask_yes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comment_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unban_and_keys_refuse, setup, teardown),
	};

	signal(SIGPIPE, SIG_IGN);
	unsetenv("SSHDOC_FAIL2BAN_SOCKET");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
