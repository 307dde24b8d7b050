/* test_apply.c: fix plans from Apply sections (content/apply.h): filling, the fixable rules, the client verbs' plans, the diff, the lint, and apply/undo of a real chmod. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/apply.h"
#include "content/content.h"
#include "lib/change.h"
#include "tests/unit/testutil.h"

static struct content *bundled;

static int
setup(void **state)
{
	char	*cause = NULL;

	(void)state;
	if (content_load(NULL, &bundled, &cause) != 0)
		fail_msg("content_load: %s", cause);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	content_free(bundled);
	return 0;
}

/* A finished client walk by hand: no checks, one cause with the given facts. */
struct fixture {
	struct walk		 w;
	struct walk_cause	 c;
	struct check_facts	 facts;
};

static void
fixture(struct fixture *f, const char *mode, const char *id, enum confidence conf)
{
	memset(f, 0, sizeof *f);
	f->w.content = bundled;
	f->w.opt.mode = mode;
	f->w.opt.host = "example.org";
	f->w.opt.port = 22;
	f->w.opt.timeout_ms = 1000;
	f->w.causes = &f->c;
	f->w.ncauses = 1;
	f->w.done = 1;
	f->c.id = id;
	f->c.conf = conf;
	f->c.facts = &f->facts;
}

static void
fact(struct fixture *f, const char *name, const char *value)
{
	f->facts.v[f->facts.n].name = name;
	f->facts.v[f->facts.n].value = (char *)value;
	f->facts.n++;
}

static char *
make_key(const char *dir, mode_t mode)
{
	char	*path = tu_write(dir, "id_test", "PRIVATE\n", 8);

	if (chmod(path, mode) != 0)
		abort();
	return path;
}

static void
test_plan_chmod_key(void **state)
{
	struct fixture	 f;
	struct fix_plan	*p = NULL;
	char		*dir = tu_tmpdir(), *key = make_key(dir, 0644), *cause = NULL;

	(void)state;
	fixture(&f, "client", "private-key-permissions", CONF_CONFIRMED);
	fact(&f, "key_file", key);
	assert_true(fix_cause_fixable(&f.w, &f.c));
	if (fix_plan_make(&f.w, &f.c, &p, &cause) != 0)
		fail_msg("fix_plan_make: %s", cause);
	assert_int_equal(p->nsteps, 1);
	assert_string_equal(p->steps[0].verb->name, "chmod");
	assert_string_equal(p->steps[0].args[0], "600");
	assert_string_equal(p->steps[0].args[1], key);
	assert_false(p->steps[0].noop);
	assert_non_null(strstr(p->steps[0].what, "from 0644 to 0600"));
	assert_int_equal(p->steps[0].backups.n, 1);
	assert_true(p->risks.n > 0);	/* the article's Risks and undo */
	assert_false(p->server);
	fix_plan_free(p);
	tu_rm_rf(dir);
	free(key);
	free(dir);
}

/* The rules: confirmed or likely, every fact from the diagnosis, an Apply section, not a transcript. */
static void
test_not_fixable(void **state)
{
	struct fixture	 f;
	struct fix_plan	*p = NULL;
	char		*dir = tu_tmpdir(), *key = make_key(dir, 0644), *cause = NULL;

	(void)state;
	fixture(&f, "client", "private-key-permissions", CONF_POSSIBLE);
	fact(&f, "key_file", key);
	assert_int_equal(fix_plan_make(&f.w, &f.c, &p, &cause), -1);
	assert_null(p);
	assert_non_null(strstr(cause, "confirmed or found likely"));
	free(cause);
	cause = NULL;

	fixture(&f, "client", "private-key-permissions", CONF_LIKELY);	/* no key_file */
	assert_int_equal(fix_plan_make(&f.w, &f.c, &p, &cause), -1);
	assert_non_null(strstr(cause, "{key_file}"));
	free(cause);
	cause = NULL;

	fixture(&f, "client", "private-key-permissions", CONF_CONFIRMED);
	fact(&f, "key_file", "-rf");	/* a value that would read as an option */
	assert_int_equal(fix_plan_make(&f.w, &f.c, &p, &cause), -1);
	assert_non_null(strstr(cause, "begins with '-'"));
	free(cause);
	cause = NULL;

	fixture(&f, "client", "private-key-permissions", CONF_CONFIRMED);
	fact(&f, "key_file", "relative/id_test");	/* not a path a verb changes */
	assert_int_equal(fix_plan_make(&f.w, &f.c, &p, &cause), -1);
	assert_non_null(strstr(cause, "not an absolute path"));
	free(cause);
	cause = NULL;

	fixture(&f, "client", "port-closed", CONF_CONFIRMED);	/* no Apply section */
	assert_int_equal(fix_plan_make(&f.w, &f.c, &p, &cause), -1);
	assert_non_null(strstr(cause, "no automatic fix"));
	free(cause);
	cause = NULL;

	fixture(&f, "explain", "private-key-permissions", CONF_CONFIRMED);
	fact(&f, "key_file", key);
	assert_int_equal(fix_plan_make(&f.w, &f.c, &p, &cause), -1);
	assert_non_null(strstr(cause, "transcript"));
	assert_false(fix_cause_fixable(&f.w, &f.c));
	free(cause);
	tu_rm_rf(dir);
	free(key);
	free(dir);
}

/* Nothing changes without consent; with it, one journal entry that undo takes back. */
static void
test_apply_and_undo(void **state)
{
	struct fixture	 f;
	struct fix_plan	*p = NULL;
	struct fix_apply_opts o;
	struct stat	 st;
	char		*dir = tu_tmpdir(), *key = make_key(dir, 0644), *cause = NULL, *sdir;

	(void)state;
	if (asprintf(&sdir, "%s/state", dir) == -1)
		abort();
	setenv("SSHDOC_STATE_DIR", sdir, 1);
	fixture(&f, "client", "private-key-permissions", CONF_CONFIRMED);
	fact(&f, "key_file", key);
	if (fix_plan_make(&f.w, &f.c, &p, &cause) != 0)
		fail_msg("fix_plan_make: %s", cause);
	memset(&o, 0, sizeof o);
	assert_int_equal(fix_plan_apply(p, &o, &cause), -1);
	assert_non_null(strstr(cause, "consent"));
	free(cause);
	cause = NULL;
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	o.yes = 1;
	if (fix_plan_apply(p, &o, &cause) != 0)
		fail_msg("fix_plan_apply: %s", cause);
	assert_string_equal(p->result, "applied");
	assert_non_null(p->entry);
	assert_non_null(strstr(p->entry, "private-key-permissions"));
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	if (change_undo(1, NULL, NULL, &cause) != 0)
		fail_msg("change_undo: %s", cause);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	fix_plan_free(p);
	unsetenv("SSHDOC_STATE_DIR");
	tu_rm_rf(dir);
	free(sdir);
	free(key);
	free(dir);
}

/* The chmod verb's plan on its own: symbolic modes against the present one, no-ops. */
static void
test_chmod_modes(void **state)
{
	const struct fix_verb *v = fix_verb_find("chmod");
	struct fix_plan	 p;
	struct fix_step	 s;
	char		*dir = tu_tmpdir(), *key = make_key(dir, 0666), *cause = NULL;
	static const struct { const char *mode; long want; int noop; } cases[] = {
		{ "go-w", 0644, 0 }, { "600", 0600, 0 }, { "0666", 0666, 1 },
		{ "u=rw,go=", 0600, 0 }, { "a+x", 0777, 0 }, { "o-rwx,g-w", 0640, 0 },
	};
	size_t		 i;

	(void)state;
	assert_non_null(v);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&p, 0, sizeof p);
		memset(&s, 0, sizeof s);
		s.args[0] = (char *)cases[i].mode;
		s.args[1] = key;
		s.nargs = 2;
		if (v->plan(&p, &s, &cause) != 0)
			fail_msg("%s: %s", cases[i].mode, cause);
		assert_int_equal(s.ival[0], cases[i].want);
		assert_int_equal(s.noop, cases[i].noop);
		free(s.what);
		free(s.path);
		strlist_free(&s.commands);
		strlist_free(&s.backups);
	}
	memset(&s, 0, sizeof s);
	s.args[0] = "u+q";
	s.args[1] = key;
	s.nargs = 2;
	assert_int_equal(v->plan(&p, &s, &cause), -1);
	free(cause);
	cause = NULL;
	s.args[0] = "600";
	s.args[1] = dir;	/* fine: a directory */
	assert_int_equal(v->plan(&p, &s, &cause), 0);
	free(s.what);
	free(s.path);
	strlist_free(&s.commands);
	strlist_free(&s.backups);
	tu_rm_rf(dir);
	free(key);
	free(dir);
}

/* client-config-block: the block on top as a diff; patterns and lists are refused. */
static void
test_config_block(void **state)
{
	const struct fix_verb *v = fix_verb_find("client-config-block");
	struct fix_plan	 p;
	struct fix_step	 s;
	char		*dir = tu_tmpdir(), *conf, *cause = NULL;
	static const char *const bad[][3] = {
		{ "*", "KexAlgorithms", "x" }, { "a,b", "KexAlgorithms", "x" },
		{ "example.org", "ProxyCommand", "x" }, { "example.org", "Ciphers", "a,b" },
		{ "example.org", "Ciphers", "-x" }, { "-oProxy", "Ciphers", "x" },
	};
	size_t		 i;

	(void)state;
	conf = tu_write(dir, "config", "Host *\n  User me\n", 17);
	memset(&p, 0, sizeof p);
	p.cause = "no-common-kex";
	p.ssh_config = conf;
	memset(&s, 0, sizeof s);
	s.args[0] = "example.org";
	s.args[1] = "KexAlgorithms";
	s.args[2] = "diffie-hellman-group14-sha1";
	s.nargs = 3;
	if (v->plan(&p, &s, &cause) != 0)
		fail_msg("plan: %s", cause);
	assert_non_null(strstr(s.newtext, "Host example.org\n    KexAlgorithms "
	    "+diffie-hellman-group14-sha1\n\nHost *\n  User me\n"));
	assert_true(strncmp(s.newtext, "# added by sshdoc ", 18) == 0);
	assert_non_null(strstr(s.newtext, " for no-common-kex\n"));
	assert_non_null(strstr(s.diff, "+Host example.org\n"));
	assert_non_null(strstr(s.diff, " Host *\n"));
	assert_null(strstr(s.diff, "-Host *"));
	free(s.what);
	free(s.diff);
	free(s.newtext);
	free(s.path);
	strlist_free(&s.backups);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&s, 0, sizeof s);
		s.args[0] = (char *)bad[i][0];
		s.args[1] = (char *)bad[i][1];
		s.args[2] = (char *)bad[i][2];
		s.nargs = 3;
		if (v->plan(&p, &s, &cause) == 0)
			fail_msg("accepted %s %s %s", bad[i][0], bad[i][1], bad[i][2]);
		free(cause);
		cause = NULL;
		free(s.path);
	}
	tu_rm_rf(dir);
	free(conf);
	free(dir);
}

static void
test_diff(void **state)
{
	char	*d;

	(void)state;
	d = fix_unified_diff("f", "a\nb\n", 4, "a\nb\n", 4);
	assert_string_equal(d, "");
	free(d);
	d = fix_unified_diff("f", "a\nb\n", 4, "x\na\nb\n", 6);
	assert_string_equal(d, "--- f\n+++ f (after the fix)\n@@ -1,2 +1,3 @@\n+x\n a\n b\n");
	free(d);
	d = fix_unified_diff("f", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", 18,
	    "1\n2\n3\n4\n# 5\n6\n7\n8\n9\n", 20);
	assert_string_equal(d, "--- f\n+++ f (after the fix)\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n"
	    "-5\n+# 5\n 6\n 7\n 8\n");
	free(d);
	d = fix_unified_diff("f", "", 0, "new\n", 4);
	assert_string_equal(d, "--- f\n+++ f (after the fix)\n@@ -0,0 +1,1 @@\n+new\n");
	free(d);
}

static void
test_lint(void **state)
{
	static const char text[] =
	    "id: x\ntitle: X\napplies: client\n\n== Fix\n$ true\n== Symptoms\n"
	    "== How sshdoc knows\n== Why it works\n== Risks and undo\n== If it still fails\n"
	    "== Apply\nchmod 600 {key_file:/a}\nfrobnicate /a\nchown me\n"
	    "client-config-block {host:h} {directive:Ciphers} {algorithm:a b c}\n";
	struct article	*a = NULL;
	struct strlist	 pr = { NULL, 0 };
	char		*cause = NULL;
	size_t		 start, end;

	(void)state;
	if (article_parse(text, sizeof text - 1, "x.txt", &a, &cause) != 0)
		fail_msg("article_parse: %s", cause);
	assert_int_equal(article_check(a, "x.txt", &cause), 0);
	start = fix_apply_section(a, &end);
	assert_true(start < end);
	assert_int_equal(a->lines[start].indent, ARTICLE_APPLY_INDENT);
	fix_apply_lint(a, "x.txt", &pr);
	assert_int_equal(pr.n, 2);
	assert_non_null(strstr(pr.v[0], "unknown verb frobnicate"));
	assert_non_null(strstr(pr.v[1], "chown takes 2 to 2 arguments, not 1"));
	strlist_free(&pr);
	article_free(a);
}

/* The re-check's options: the log files' sizes now, the time now, the rest as given. */
static void
test_recheck_options(void **state)
{
	struct check_options opt, r;
	const char	*logs[3];
	char		*dir = tu_tmpdir();
	char		*log1 = tu_write(dir, "a.log", "line one\nline two\n", 18);
	long long	 before = (long long)time(NULL);
	size_t		 i, found = 0;

	(void)state;
	memset(&opt, 0, sizeof opt);
	opt.mode = "server";
	opt.port = 2222;
	logs[0] = log1;
	logs[1] = "/nonexistent/sshdoc/log";	/* not there: no mark, read whole later */
	logs[2] = NULL;
	opt.logs = logs;
	fix_recheck_options(&opt, &r);
	assert_int_equal(r.port, 2222);
	assert_ptr_equal(r.logs, opt.logs);
	assert_true(r.logs_since >= before * 1000000 &&
	    r.logs_since <= ((long long)time(NULL) + 1) * 1000000);
	assert_non_null(r.log_marks);
	for (i = 0; r.log_marks[i].path != NULL; i++) {
		assert_string_not_equal(r.log_marks[i].path, "/nonexistent/sshdoc/log");
		if (strcmp(r.log_marks[i].path, log1) == 0) {
			assert_int_equal(r.log_marks[i].size, 18);
			found++;
		}
	}
	assert_int_equal(found, 1);
	tu_rm_rf(dir);
	free(log1);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_chmod_key),
		cmocka_unit_test(test_not_fixable),
		cmocka_unit_test(test_apply_and_undo),
		cmocka_unit_test(test_chmod_modes),
		cmocka_unit_test(test_config_block),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_lint),
		cmocka_unit_test(test_recheck_options),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
