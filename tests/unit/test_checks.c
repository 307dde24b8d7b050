/* test_checks.c: real checks' exec run through the scheduler, with canned command output (runner_set_hook). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/client/sshconf.h"
#include "checks/sched.h"
#include "checks/server/server.h"
#include "lib/runner.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

extern const struct check_entry check_ssh_config_entry;
extern const struct check_entry check_sshd_config_entry;
extern const struct check_entry check_proxy_hop_entry;

/* What the fake runner answers, by the command's shape. */
struct canned {
	const char	*match;		/* an argv element that picks this answer */
	const char	*out;		/* stdout */
	const char	*err;		/* stderr */
	int		 status;	/* exit status */
	long		 ms;		/* wall time */
};

static const struct canned *answers;
static pthread_mutex_t	 calls_lock = PTHREAD_MUTEX_INITIALIZER;
static struct strlist	 calls;		/* every argv seen, joined by spaces */

static int
fake_run(const char *const argv[], const struct run_opts *opts, struct run_result *res,
    char **cause)
{
	const struct canned	*c;
	char			*line = NULL, *tmp;
	size_t			 i;

	(void)opts;
	(void)cause;
	for (i = 0; argv[i] != NULL; i++) {
		xasprintf(&tmp, "%s%s%s", line ? line : "", line ? " " : "", argv[i]);
		free(line);
		line = tmp;
	}
	pthread_mutex_lock(&calls_lock);
	strlist_add(&calls, line);
	pthread_mutex_unlock(&calls_lock);
	for (c = answers; c->match != NULL; c++) {
		for (i = 0; argv[i] != NULL; i++) {
			if (strcmp(argv[i], c->match) == 0)
				break;
		}
		if (argv[i] != NULL)
			break;
	}
	free(line);
	res->out = xstrdup(c->out != NULL ? c->out : "");
	res->out_len = strlen(res->out);
	res->err = xstrdup(c->err != NULL ? c->err : "");
	res->err_len = strlen(res->err);
	res->exited = 1;
	res->status = c->match != NULL ? c->status : 127;
	res->not_found = c->match == NULL;
	res->ms = c->ms;
	return 0;
}

/* Stand-ins for the checks the real ones need, so nothing else runs. */
static const char *const stub_outcomes[] = { "ok", NULL };

static void
stub_exec(struct check_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	check_set(res, CHECK_PASS, "ok", "stand-in");
}

static const struct check_entry stub_service = { "sshd-service", "stub", NULL,
    stub_outcomes, stub_exec, NULL, NULL };
static const struct check_entry stub_transcript = { "transcript", "stub", NULL,
    stub_outcomes, stub_exec, NULL, NULL };

/* A consumer of ssh-config's data through its typed accessor. */
static const char *const eff_needs[] = { "ssh-config", NULL };
static const char *const eff_outcomes[] = { "ok", NULL };

static void
eff_exec(struct check_ctx *ctx, struct check_result *res)
{
	const char	*host;
	int		 port;

	sshconf_effective(ctx, &host, &port);
	check_set(res, CHECK_PASS, "ok", "%s %d %s", host, port,
	    sshconf_pair_dep(ctx) != NULL && sshconf_pair_dep(ctx)->have_clean ?
	    "clean" : "no-clean");
}

static const struct check_entry eff_entry = { "eff", "eff", eff_needs, eff_outcomes,
    eff_exec, NULL, NULL };

static const struct check_entry *const client_table[] = {
	&check_ssh_config_entry, &stub_transcript, &check_proxy_hop_entry, &eff_entry, NULL
};
static const struct check_entry *const server_table[] = {
	&stub_service, &check_sshd_config_entry, NULL
};

/* Run the checks ids (and what they need) from table, answering commands from a. */
static struct sched *
run_checks(const struct check_entry *const *table, const char *mode,
    const struct canned *a, const char *const *ids)
{
	struct check_options	 opt;
	struct sched		*s;

	memset(&opt, 0, sizeof opt);
	opt.mode = mode;
	opt.host = "web";
	opt.port = 22;
	opt.timeout_ms = 5000;
	answers = a;
	strlist_free(&calls);
	runner_set_hook(fake_run);
	s = sched_new(table, &opt);
	sched_lock(s);
	for (; *ids != NULL; ids++)
		assert_non_null(sched_want(s, *ids));
	sched_run(s);
	sched_unlock(s);
	return s;
}

/* A finished result: it never changes again, so it is read unlocked. */
static const struct check_result *
result(struct sched *s, const char *id)
{
	struct sched_check	*sc = sched_find(s, id);

	assert_non_null(sc);
	assert_int_equal(sc->state, RUN_DONE);
	return &sc->result;
}

static void
finish(struct sched *s)
{
	sched_free(s);
	runner_set_hook(NULL);
	strlist_free(&calls);
}

static int
called(const char *prefix)
{
	size_t	 i;

	for (i = 0; i < calls.n; i++) {
		if (strncmp(calls.v[i], prefix, strlen(prefix)) == 0)
			return 1;
	}
	return 0;
}

static int
has_evidence(const struct check_result *res, const char *text)
{
	size_t	 i;

	for (i = 0; i < res->evidence.n; i++) {
		if (strstr(res->evidence.v[i], text) != NULL)
			return 1;
	}
	return 0;
}

static void
test_ssh_config_read(void **state)
{
	static const struct canned a[] = {
		{ "/dev/null", "hostname web\nport 22\nuser root\n", NULL, 0, 5 },
		{ "-G", "hostname web.example.org\nport 2200\nuser bob\n", NULL, 0, 5 },
		{ NULL, NULL, NULL, 0, 0 }
	};
	static const char *const ids[] = { "ssh-config", "eff", NULL };
	struct sched		*s = run_checks(client_table, "client", a, ids);
	const struct check_result *c = result(s, "ssh-config");

	(void)state;
	assert_string_equal(c->outcome, "read");
	assert_string_equal(c->summary, "ssh connects to web.example.org port 2200 as bob");
	assert_true(has_evidence(c, "port 2200 (without your configuration: 22)"));
	/* The consumer sees the same data, typed, and what ssh would connect to. */
	assert_string_equal(result(s, "eff")->summary, "web.example.org 2200 clean");
	assert_true(called("ssh -G"));
	finish(s);
}

static void
test_ssh_config_refused(void **state)
{
	static const struct canned a[] = {
		{ "-G", NULL, "Bad owner or permissions on /root/.ssh/config\r\n", 255, 3 },
		{ NULL, NULL, NULL, 0, 0 }
	};
	static const char *const ids[] = { "ssh-config", "proxy-hop", "eff", NULL };
	struct sched		*s = run_checks(client_table, "client", a, ids);
	const struct check_result *c = result(s, "ssh-config"), *p = result(s, "proxy-hop");

	(void)state;
	assert_string_equal(c->outcome, "config-permissions");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_true(has_evidence(c, "stderr: Bad owner or permissions"));
	/* proxy-hop requires the data: skipped before exec, with its summary. */
	assert_int_equal(p->status, CHECK_SKIP);
	assert_string_equal(p->outcome, "skipped");
	assert_string_equal(p->summary, "the client configuration could not be read");
	/* An optional reader falls back to the options. */
	assert_string_equal(result(s, "eff")->summary, "web 22 no-clean");
	finish(s);
}

static const char *const sshd_ids[] = { "sshd-config", NULL };

static int
have_sshd(void)
{
	return access("/usr/sbin/sshd", X_OK) == 0 || access("/usr/local/sbin/sshd", X_OK) == 0 ||
	    access("/sbin/sshd", X_OK) == 0 || access("/usr/bin/sshd", X_OK) == 0;
}

static void
test_sshd_config_valid(void **state)
{
	static const struct canned a[] = {
		{ "-t", "", "", 0, 10 },
		{ "-T", "port 2222\nmaxstartups 10:30:100\nusepam yes\n", "", 0, 10 },
		{ NULL, NULL, NULL, 0, 0 }
	};
	struct sched		*s;
	const struct check_result *c;
	const struct sshd_config_facts *f;

	(void)state;
	if (!have_sshd())
		skip();	/* the check looks for the binary before it runs it */
	s = run_checks(server_table, "server", a, sshd_ids);
	c = result(s, "sshd-config");
	assert_string_equal(c->outcome, "valid");
	assert_int_equal(c->status, CHECK_PASS);
	assert_true(has_evidence(c, "-t -f /etc/ssh/sshd_config: exit 0"));
	f = c->data;
	assert_non_null(f);
	assert_string_equal(sshd_facts_get(f, "port"), "2222");
	assert_string_equal(sshd_facts_get(f, "maxstartups"), "10:30:100");
	assert_true(called("/"));
	finish(s);
}

static void
test_sshd_config_invalid(void **state)
{
	static const struct canned a[] = {
		{ "-t", "", "/etc/ssh/sshd_config: line 3: Bad configuration option: Foo\n"
		    "/etc/ssh/sshd_config: terminating, 1 bad configuration options\n", 255, 10 },
		{ NULL, NULL, NULL, 0, 0 }
	};
	struct sched		*s;
	const struct check_result *c;

	(void)state;
	if (!have_sshd())
		skip();
	s = run_checks(server_table, "server", a, sshd_ids);
	c = result(s, "sshd-config");
	assert_string_equal(c->outcome, "invalid");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->summary, "line 3: Bad configuration option: Foo"));
	/* An invalid configuration is not dumped with -T. */
	assert_int_equal(calls.n, 1);
	finish(s);
}

static void
test_needs_declared(void **state)
{
	const struct check_entry *e;
	size_t			 i, j, k;

	(void)state;
	/* Every data need is also a need, so the scheduler runs it first. */
	for (i = 0; check_table[i] != NULL; i++) {
		e = check_table[i];
		for (j = 0; e->data != NULL && e->data[j].id != NULL; j++) {
			for (k = 0; e->needs != NULL && e->needs[k] != NULL; k++) {
				if (strcmp(e->needs[k], e->data[j].id) == 0)
					break;
			}
			if (e->needs == NULL || e->needs[k] == NULL)
				fail_msg("%s: data need %s is not in needs", e->id, e->data[j].id);
			if (!e->data[j].optional && e->data[j].skip == NULL)
				fail_msg("%s: required need %s has no skip summary", e->id,
				    e->data[j].id);
			if (!e->data[j].optional && !check_has_outcome(e, "skipped"))
				fail_msg("%s: can be skipped but has no \"skipped\" outcome", e->id);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ssh_config_read),
		cmocka_unit_test(test_ssh_config_refused),
		cmocka_unit_test(test_sshd_config_valid),
		cmocka_unit_test(test_sshd_config_invalid),
		cmocka_unit_test(test_needs_declared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
