/* test_content.c: loading the bundled content and --content dirs, and the lint (content/content.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checks/check.h"
#include "lib/util.h"
#include "content/content.h"
#include "tests/unit/testutil.h"

static void
print_problems(const struct strlist *p)
{
	size_t	i;

	for (i = 0; i < p->n; i++)
		fprintf(stderr, "  lint: %s\n", p->v[i]);
}

static void
test_bundle_files(void **state)
{
	size_t len = 0;
	const char *s;

	(void)state;
	s = bundle_file("tree.txt", &len);
	assert_non_null(s);
	assert_true(len > 0);
	s = bundle_file("causes.tsv", &len);
	assert_non_null(s);
	assert_true(len > 0);
	assert_int_equal(strncmp(s, "id\t", 3), 0);
	assert_null(bundle_file("no-such-file.txt", &len));
	assert_null(bundle_file("../tree.txt", &len));
}

static size_t
tsv_rows(void)
{
	size_t len = 0, n, i;
	const char *s = bundle_file("causes.tsv", &len);

	assert_non_null(s);
	n = tu_count_lines(s, len);
	/* Blank lines do not count. */
	for (i = 0; i + 1 < len; i++) {
		if (s[i] == '\n' && s[i + 1] == '\n')
			n--;
	}
	return n - 1;		/* the header */
}

static void
test_load_bundled(void **state)
{
	struct content *c = NULL;
	char *cause = NULL;
	const struct cause_info *ci;
	size_t i;

	(void)state;
	if (content_load(NULL, &c, &cause) != 0)
		fail_msg("content_load(NULL): %s", cause ? cause : "(no cause)");
	assert_non_null(c);
	assert_null(c->dir);
	assert_non_null(c->tree);
	assert_int_equal(c->ncauses, tsv_rows());
	for (i = 0; i < c->ncauses; i++) {
		ci = &c->causes[i];
		assert_non_null(ci->id);
		assert_non_null(ci->seen_from);
		assert_non_null(ci->title);
		assert_true(strlen(ci->id) > 0);
		assert_true(strlen(ci->title) > 0);
		assert_ptr_equal(content_cause(c, ci->id), ci);
	}
	ci = content_cause(c, "port-closed");
	assert_non_null(ci);
	assert_string_equal(ci->seen_from, "client");
	assert_string_equal(ci->title, "Nothing accepts connections on that address and port");
	assert_null(content_cause(c, "no-such-cause"));
	assert_null(content_cause(c, ""));

	{
		static const char *modes[] = { "client", "server", "explain" };
		const char *missing = NULL;

		for (i = 0; i < 3; i++) {
			const char *start = tree_start_node(c->tree, modes[i]);

			if (start == NULL || tree_node_find(c->tree, start) == NULL)
				missing = modes[i];
		}
		content_free(c);
		if (missing != NULL)
			fail_msg("the bundled tree.txt has no usable 'start %s NODE'", missing);
	}
}

static void
test_bundled_lint_clean(void **state)
{
	struct content *c = NULL;
	struct strlist problems = { 0 };
	char *cause = NULL;
	size_t n;

	(void)state;
	if (content_load(NULL, &c, &cause) != 0)
		fail_msg("content_load(NULL): %s", cause ? cause : "(no cause)");
	n = content_lint(c, &problems);
	assert_int_equal(n, problems.n);
	print_problems(&problems);
	strlist_free(&problems);
	content_free(c);
	if (n != 0)
		fail_msg("the bundled content has %zu lint problems", n);
}

static void
test_bundled_articles(void **state)
{
	struct content *c = NULL;
	char *cause = NULL;
	size_t i, bad = 0;

	(void)state;
	if (content_load(NULL, &c, &cause) != 0)
		fail_msg("content_load(NULL): %s", cause ? cause : "(no cause)");
	for (i = 0; i < c->ncauses; i++) {
		struct article *a = NULL;

		cause = NULL;
		if (content_article(c, c->causes[i].id, &a, &cause) != 0) {
			fprintf(stderr, "  article %s: %s\n", c->causes[i].id, cause ? cause : "?");
			free(cause);
			bad++;
			continue;
		}
		if (strcmp(a->id, c->causes[i].id) != 0) {
			fprintf(stderr, "  article %s: id is %s\n", c->causes[i].id, a->id);
			bad++;
		}
		cause = NULL;
		if (article_check(a, c->causes[i].id, &cause) != 0) {
			fprintf(stderr, "  article %s: %s\n", c->causes[i].id, cause ? cause : "?");
			free(cause);
			bad++;
		}
		article_free(a);
	}
	cause = NULL;
	{
		struct article *a = NULL;

		assert_int_not_equal(content_article(c, "no-such-cause", &a, &cause), 0);
		assert_non_null(cause);
		free(cause);
		cause = NULL;
		assert_int_not_equal(content_article(c, "../tree", &a, &cause), 0);
		free(cause);
	}
	content_free(c);
	if (bad != 0)
		fail_msg("%zu of the bundled articles are missing or broken", bad);
}

/* --- lint on a scratch content dir --- */

static const struct check_entry *chk;	/* a check with no needs and at least two outcomes */
static const struct check_entry *chk2;	/* another check with no needs */

static int
no_needs(const struct check_entry *e)
{
	return e->needs == NULL || e->needs[0] == NULL;
}

static int
pick_checks(void)
{
	size_t i;

	chk = chk2 = NULL;
	for (i = 0; check_table[i] != NULL; i++) {
		const struct check_entry *e = check_table[i];

		if (!no_needs(e) || e->outcomes == NULL || e->outcomes[0] == NULL)
			continue;
		if (chk == NULL && e->outcomes[1] != NULL)
			chk = e;
		else if (chk2 == NULL)
			chk2 = e;
	}
	if (chk != NULL && chk2 == NULL) {
		for (i = 0; check_table[i] != NULL; i++) {
			if (check_table[i] != chk && no_needs(check_table[i]) &&
			    check_table[i]->outcomes != NULL && check_table[i]->outcomes[0] != NULL)
				chk2 = check_table[i];
		}
	}
	return chk != NULL && chk2 != NULL;
}

/* An article whose Fix section holds one command line (with its prompt). */
#define ART_CMD(id, title, see, cmd) \
	"id: " id "\n" \
	"title: " title "\n" \
	"applies: client\n" \
	"\n" \
	"== Fix\n" \
	"1. Do this:\n" \
	"   " cmd "\n" \
	"== Symptoms\n" \
	"The client prints:\n" \
	"> ssh: something went wrong\n" \
	"== How sshdoc knows\n" \
	"A check says so.\n" \
	"== Why it works\n" \
	"It does.\n" \
	"== Risks and undo\n" \
	"None.\n" \
	"== If it still fails\n" \
	"see: " see "\n"

#define ART(id, title, see)	ART_CMD(id, title, see, "$ true")

#define T_PC	"Nothing accepts connections on that address and port"
#define T_DNS	"The host name does not resolve"

static const char CAUSES[] =
    "id\tseen-from\ttitle\twhat the person sees first\n"
    "port-closed\tclient\t" T_PC "\tssh: connect to host ... port 22: Connection refused\n"
    "dns-failure\tclient\t" T_DNS "\tssh: Could not resolve hostname\n";

struct scratch {
	char	*tree;			/* tree.txt */
	const char *causes;		/* causes.tsv */
	const char *art_pc;		/* articles/port-closed.txt, or NULL for none */
	const char *art_dns;		/* articles/dns-failure.txt, or NULL */
};

/*
 * The clean tree, with extra rules in node a, extra checks run at node b,
 * extra rules in node b, and extra text at the end. Without star, node a
 * routes only the first outcome of chk.
 */
static char *
make_tree(const char *in_a, const char *run_b, const char *in_b, const char *tail, int star)
{
	char *t, star_rule[200] = "";

	if (star)
		snprintf(star_rule, sizeof star_rule, "  on %s * cause port-closed likely\n", chk->id);
	if (asprintf(&t,
	    "start client a\n"
	    "start server a\n"
	    "start explain a\n"
	    "\n"
	    "node a\n"
	    "  title Is A fine?\n"
	    "  run %s\n"
	    "%s"
	    "  on %s %s goto b\n"
	    "%s"
	    "\n"
	    "node b\n"
	    "  title Is B fine?\n"
	    "  run %s%s\n"
	    "  on %s * cause dns-failure possible\n"
	    "%s"
	    "%s",
	    chk->id, star_rule, chk->id, chk->outcomes[0], in_a,
	    chk2->id, run_b, chk2->id, in_b, tail) == -1)
		abort();
	return t;
}

static void
scratch_defaults(struct scratch *s)
{
	s->tree = make_tree("", "", "", "", 1);
	s->causes = CAUSES;
	s->art_pc = ART("port-closed", T_PC, "dns-failure");
	s->art_dns = ART("dns-failure", T_DNS, "port-closed");
}

/* Write the scratch content, load it, lint it; returns the problems (content freed). */
static size_t
lint_scratch(struct scratch *s, struct strlist *problems)
{
	char *dir = tu_tmpdir(), *sub, *cause = NULL;
	struct content *c = NULL;
	size_t n;

	tu_write_str(dir, "tree.txt", s->tree);
	tu_write_str(dir, "causes.tsv", s->causes);
	if (asprintf(&sub, "%s/articles", dir) == -1)
		abort();
	mkdir(sub, 0700);
	if (s->art_pc != NULL)
		tu_write_str(sub, "port-closed.txt", s->art_pc);
	if (s->art_dns != NULL)
		tu_write_str(sub, "dns-failure.txt", s->art_dns);
	if (content_load(dir, &c, &cause) != 0) {
		fprintf(stderr, "tree.txt:\n%s", s->tree);
		fail_msg("content_load(%s): %s", dir, cause ? cause : "(no cause)");
	}
	assert_non_null(c->dir);
	memset(problems, 0, sizeof *problems);
	n = content_lint(c, problems);
	assert_int_equal(n, problems->n);
	content_free(c);
	tu_rm_rf(dir);
	free(sub);
	free(dir);
	free(s->tree);
	s->tree = NULL;
	return n;
}

/* At least one problem, and one of them names what. */
static void
expect_problem(struct scratch *s, const char *what, const char *label)
{
	struct strlist p;
	size_t n, i;
	char *tree = strdup(s->tree);

	n = lint_scratch(s, &p);
	for (i = 0; i < p.n; i++) {
		if (strstr(p.v[i], what) != NULL)
			break;
	}
	if (n == 0 || i == p.n) {
		fprintf(stderr, "tree.txt:\n%s", tree);
		print_problems(&p);
		fail_msg("%s: lint reported %zu problems, none naming \"%s\"", label, n, what);
	}
	free(tree);
	strlist_free(&p);
}

static void
test_lint_scratch_clean(void **state)
{
	struct scratch s;
	struct strlist p;
	size_t n;

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	n = lint_scratch(&s, &p);
	print_problems(&p);
	strlist_free(&p);
	if (n != 0)
		fail_msg("a clean scratch content dir has %zu lint problems", n);
}

static void
test_lint_unreachable_node(void **state)
{
	struct scratch s;
	char tail[256];

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	free(s.tree);
	snprintf(tail, sizeof tail,
	    "\nnode orphan\n  title Never reached?\n  run %s\n  on %s * ok\n", chk2->id, chk2->id);
	s.tree = make_tree("", "", "", tail, 1);
	expect_problem(&s, "orphan", "unreachable node");
}

static void
test_lint_unrouted_outcome(void **state)
{
	struct scratch s;

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	free(s.tree);
	/* Node a routes only chk's first outcome. */
	s.tree = make_tree("", "", "", "", 0);
	expect_problem(&s, chk->outcomes[1], "unrouted outcome");
}

/* explains and alternatives: a clean one, then each problem the lint names. */
static void
test_lint_relations(void **state)
{
	static const struct {
		const char	*text;	/* statements after the nodes */
		const char	*when;	/* a condition on chk: " OUTCOME" or " FACT ~ P", or NULL */
		const char	*what;	/* what the lint must name */
	} bad[] = {
		{ "explains port-closed dns-failure\n  because x\n"
		  "explains dns-failure port-closed\n  because y\n", NULL, "makes a cycle" },
		{ "explains port-closed no-such-cause\n  because x\n", NULL,
		  "unknown cause id no-such-cause" },
		{ "explains port-closed dns-failure\n", NULL, "no because line" },
		{ "explains port-closed dns-failure\n  because x\n  fix no-such-article\n", NULL,
		  "fix: unknown cause id" },
		{ "explains port-closed dns-failure\n  because x\n  when no-such-check ok\n", NULL,
		  "unknown check no-such-check" },
		{ "explains port-closed dns-failure\n  because x\n", " no-such-outcome\n",
		  "no outcome 'no-such-outcome'" },
		{ "explains port-closed dns-failure\n  because x\n", " undeclared_fact ~ *\n",
		  "does not declare the fact undeclared_fact" },
		{ "alternatives port-closed\n  also port-closed\n  tells-apart x\n", NULL,
		  "alternatives: bad cause id port-closed" },
		{ "alternatives port-closed\n  also dns-failure\n", NULL,
		  "needs also and tells-apart" },
	};
	struct scratch s;
	struct strlist p;
	char tail[512];
	size_t n, i;

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	free(s.tree);
	snprintf(tail, sizeof tail, "\nexplains port-closed dns-failure\n  when %s %s\n"
	    "  because which is why\nalternatives dns-failure\n  also port-closed\n"
	    "  tells-apart ask\n", chk->id, chk->outcomes[0]);
	s.tree = make_tree("", "", "", tail, 1);
	n = lint_scratch(&s, &p);
	print_problems(&p);
	strlist_free(&p);
	if (n != 0)
		fail_msg("a valid relation has %zu lint problems", n);

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		scratch_defaults(&s);
		free(s.tree);
		/* a condition names the scratch tree's check: "  when CHECK" + the rest */
		snprintf(tail, sizeof tail, "\n%s%s%s%s", bad[i].text,
		    bad[i].when != NULL ? "  when " : "", bad[i].when != NULL ? chk->id : "",
		    bad[i].when != NULL ? bad[i].when : "");
		s.tree = make_tree("", "", "", tail, 1);
		expect_problem(&s, bad[i].what, bad[i].what);
	}
}

static void
test_lint_unknown_cause(void **state)
{
	struct scratch s;
	char extra[256];

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	free(s.tree);
	snprintf(extra, sizeof extra, "  on %s * cause no-such-cause likely\n", chk2->id);
	s.tree = make_tree("", "", extra, "", 1);
	expect_problem(&s, "no-such-cause", "unknown cause");
}

static void
test_lint_missing_article(void **state)
{
	struct scratch s;

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	s.art_dns = NULL;
	expect_problem(&s, "dns-failure", "missing article");
}

static void
test_lint_broken_article(void **state)
{
	struct scratch s;

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	s.art_dns = "id: dns-failure\ntitle: " T_DNS "\napplies: client\n\n== Symptoms\nonly this\n";
	expect_problem(&s, "dns-failure", "article without its sections");
}

static void
test_lint_article_id_mismatch(void **state)
{
	struct scratch s;

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	s.art_dns = ART("dns-failure-x", T_DNS, "port-closed");
	expect_problem(&s, "dns-failure", "article id differs from its file name");
}

static void
test_lint_see_unknown(void **state)
{
	struct scratch s;

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	s.art_pc = ART("port-closed", T_PC, "no-such-article");
	expect_problem(&s, "no-such-article", "see: an unknown cause");
}

static void
test_lint_undefined_goto(void **state)
{
	struct scratch s;
	char extra[256];

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	free(s.tree);
	snprintf(extra, sizeof extra, "  on %s * goto nowhere\n", chk2->id);
	s.tree = make_tree("", "", extra, "", 1);
	expect_problem(&s, "nowhere", "goto an undefined node");
}

static void
test_lint_unknown_check(void **state)
{
	struct scratch s;

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	free(s.tree);
	s.tree = make_tree("", " no-such-check", "  on no-such-check * ok\n", "", 1);
	expect_problem(&s, "no-such-check", "unknown check");
}

static void
test_lint_rule_for_check_not_run(void **state)
{
	struct scratch s;
	char extra[256];

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	free(s.tree);
	/* Node b routes chk, which only node a runs. */
	snprintf(extra, sizeof extra, "  on %s * ok\n", chk->id);
	s.tree = make_tree("", "", extra, "", 1);
	expect_problem(&s, chk->id, "rule for a check the node does not run");
}

static void
test_load_errors(void **state)
{
	struct content *c = NULL;
	char *cause = NULL, *dir;

	(void)state;
	assert_int_equal(content_load("/nonexistent/sshdoc-content", &c, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;

	/* A tree syntax error is reported with its file and line. */
	dir = tu_tmpdir();
	tu_write_str(dir, "tree.txt", "start client a\nnode a\n  bogus keyword\n");
	tu_write_str(dir, "causes.tsv", CAUSES);
	assert_int_equal(content_load(dir, &c, &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, "tree.txt:3: ") == NULL)
		fail_msg("cause \"%s\" does not say tree.txt:3", cause);
	free(cause);
	tu_rm_rf(dir);
	free(dir);
}

/* A placeholder must name a fact that some check declares; a declared one passes. */
static void
test_lint_placeholders(void **state)
{
	struct scratch s;
	struct strlist p;
	const char *name = NULL;
	size_t i, j, n;

	(void)state;
	if (!pick_checks())
		skip();
	scratch_defaults(&s);
	s.art_pc = ART_CMD("port-closed", T_PC, "dns-failure",
	    "# fail2ban-client set {jail:sshd} unbanip {no_such_fact:192.0.2.7}");
	expect_problem(&s, "{no_such_fact}", "placeholder outside the vocabulary");

	/* A fact of the vocabulary that no check declares. */
	for (i = 0; check_fact_names[i] != NULL && name == NULL; i++) {
		name = check_fact_names[i];
		for (j = 0; check_table[j] != NULL; j++) {
			if (check_declares_fact(check_table[j], check_fact_names[i]))
				name = NULL;
		}
	}
	if (name != NULL) {
		char cmd[128], *art;

		snprintf(cmd, sizeof cmd, "$ echo {%s:sample}", name);
		if (asprintf(&art, ART_CMD("port-closed", T_PC, "dns-failure", "%s"), cmd) == -1)
			abort();
		scratch_defaults(&s);
		s.art_pc = art;
		expect_problem(&s, "no check declares", "undeclared fact");
		free(art);
	}

	/* Declared facts and brace text that is no placeholder are fine. */
	scratch_defaults(&s);
	s.art_pc = ART_CMD("port-closed", T_PC, "dns-failure",
	    "# fail2ban-client set {jail:sshd} unbanip {client_ip:192.0.2.7} # {{.X}} {print $1}");
	n = lint_scratch(&s, &p);
	print_problems(&p);
	strlist_free(&p);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundle_files),
		cmocka_unit_test(test_load_bundled),
		cmocka_unit_test(test_bundled_lint_clean),
		cmocka_unit_test(test_bundled_articles),
		cmocka_unit_test(test_lint_scratch_clean),
		cmocka_unit_test(test_lint_unreachable_node),
		cmocka_unit_test(test_lint_unrouted_outcome),
		cmocka_unit_test(test_lint_unknown_cause),
		cmocka_unit_test(test_lint_relations),
		cmocka_unit_test(test_lint_missing_article),
		cmocka_unit_test(test_lint_broken_article),
		cmocka_unit_test(test_lint_article_id_mismatch),
		cmocka_unit_test(test_lint_see_unknown),
		cmocka_unit_test(test_lint_undefined_goto),
		cmocka_unit_test(test_lint_unknown_check),
		cmocka_unit_test(test_lint_rule_for_check_not_run),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_lint_placeholders),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
