/* test_walk.c: the tree walker (content/walk.h) on a small tree and a fake check table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "content/walk.h"
#include "lib/xmalloc.h"

static const char TREE[] =
    "start client first\n"
    "start explain odd\n"
    "\n"
    "question scope client\n"
    "  text Where does it fail?\n"
    "  answer here Only here\n"
    "  boost here cause-b\n"
    "  answer all Everywhere\n"
    "  boost all cause-a\n"
    "\n"
    "node first\n"
    "  title First step\n"
    "  run t-a t-b\n"
    "  on t-a ok goto second\n"
    "  on t-a bad cause cause-a likely\n"
    "  on t-b ok ok\n"
    "  on t-b bad cause cause-b likely\n"
    "\n"
    "node second\n"
    "  title Second step\n"
    "  run t-c\n"
    "  on t-c ok ok\n"
    "  on t-c bad cause cause-c confirmed\n"
    "  on t-c worse cause cause-b possible\n"
    "\n"
    "node odd\n"
    "  title Nothing routes ok here\n"
    "  run t-a\n"
    "  on t-a bad ok\n";

/* What each fake check reports this time; t-c records fact_c as its directive. */
static const char *out_a, *out_b, *out_c, *fact_c;

static const char *const outcomes[] = { "ok", "bad", "worse", "skipped", "error", NULL };

static void
report(struct check_result *res, const char *id, const char *outcome)
{
	check_set(res, strcmp(outcome, "ok") == 0 ? CHECK_PASS : CHECK_FAIL, outcome,
	    "%s says %s", id, outcome);
	check_evidence(res, "%s evidence", id);
	/* t-c knows a key file whose name a shell would split; t-b a plain one. */
	if (strcmp(id, "t-c") == 0 && strcmp(outcome, "ok") != 0)
		check_fact(res, "key_file", "/srv/keys/it's id");
	if (strcmp(id, "t-b") == 0 && strcmp(outcome, "ok") != 0) {
		check_fact(res, "key_file", "/srv/keys/id_644");
		check_fact(res, "jail", "-oProxyCommand=x");
	}
}

static void
a_exec(struct check_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	report(res, "t-a", out_a);
}

static void
b_exec(struct check_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	report(res, "t-b", out_b);
}

static void
c_exec(struct check_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	report(res, "t-c", out_c);
	if (fact_c != NULL)
		check_fact(res, "directive", "%s", fact_c);
}

static const struct check_entry e_a = { "t-a", "A", NULL, outcomes, a_exec, NULL, NULL };
static const struct check_entry e_b = { "t-b", "B", NULL, outcomes, b_exec, NULL, NULL };
static const struct check_entry e_c = { "t-c", "C", NULL, outcomes, c_exec, NULL, NULL };
static const struct check_entry *const table[] = { &e_a, &e_b, &e_c, NULL };

static struct content	 content;

static int
setup(void **state)
{
	char	*cause = NULL;

	(void)state;
	if (tree_parse(TREE, strlen(TREE), "tree.txt", &content.tree, &cause) != 0)
		fail_msg("tree_parse: %s", cause);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tree_free(content.tree);
	return 0;
}

static struct walk *
run(const char *mode, const char *a, const char *b, const char *c)
{
	struct check_options	 opt;
	struct walk		*w;

	memset(&opt, 0, sizeof opt);
	opt.mode = mode;
	opt.host = "target.example";
	opt.user = "alice";
	opt.port = 2222;
	opt.timeout_ms = 2000;
	out_a = a;
	out_b = b;
	out_c = c;
	w = walk_new_table(&content, &opt, table);
	assert_int_equal(walk_run(w, NULL), 0);
	assert_int_equal(w->done, 1);
	return w;
}

static void
test_routing_ok(void **state)
{
	struct walk	*w;

	(void)state;
	w = run("client", "ok", "ok", "ok");
	assert_int_equal(w->path.n, 2);
	assert_string_equal(w->path.v[0], "first");
	assert_string_equal(w->path.v[1], "second");
	assert_int_equal(w->nchecks, 3);
	assert_string_equal(w->checks[0].entry->id, "t-a");
	assert_string_equal(w->checks[0].node, "first");
	assert_string_equal(w->checks[2].entry->id, "t-c");
	assert_string_equal(w->checks[2].node, "second");
	assert_int_equal(w->checks[2].state, RUN_DONE);
	assert_string_equal(w->checks[2].result.summary, "t-c says ok");
	assert_int_equal(w->ncauses, 0);
	assert_int_equal(w->inconclusive, 0);
	assert_string_equal(walk_verdict(w), "ok");
	assert_int_equal(walk_exit_status(w), 0);
	walk_free(w);
}

static void
test_causes(void **state)
{
	struct walk	*w;

	(void)state;
	/* t-a routes on to the second node; t-b and t-c each name a cause. */
	w = run("client", "ok", "bad", "bad");
	assert_int_equal(w->ncauses, 2);
	/* Confirmed ranks above likely, whatever the tree order. */
	assert_string_equal(w->causes[0].id, "cause-c");
	assert_int_equal(w->causes[0].conf, CONF_CONFIRMED);
	assert_string_equal(w->causes[0].check, "t-c");
	assert_string_equal(w->causes[0].summary, "t-c says bad");
	assert_int_equal(w->causes[0].evidence.n, 1);
	assert_string_equal(w->causes[0].evidence.v[0], "t-c evidence");
	assert_string_equal(w->causes[1].id, "cause-b");
	assert_int_equal(w->causes[1].conf, CONF_LIKELY);
	assert_string_equal(walk_verdict(w), "problem");
	assert_int_equal(walk_exit_status(w), 1);
	walk_free(w);

	/* A cause named twice keeps the surer confidence and both evidence lines. */
	w = run("client", "ok", "bad", "worse");
	assert_int_equal(w->ncauses, 1);
	assert_string_equal(w->causes[0].id, "cause-b");
	assert_int_equal(w->causes[0].conf, CONF_LIKELY);
	assert_string_equal(w->causes[0].summary, "t-b says bad");
	assert_int_equal(w->causes[0].evidence.n, 2);
	assert_string_equal(w->causes[0].evidence.v[1], "t-c evidence");
	walk_free(w);
}

static void
test_answers_rank(void **state)
{
	struct walk	*w;

	(void)state;
	w = run("client", "bad", "bad", "ok");
	/* Equal confidence: the tree's order. */
	assert_int_equal(w->ncauses, 2);
	assert_string_equal(w->causes[0].id, "cause-a");
	assert_string_equal(w->causes[1].id, "cause-b");
	assert_int_equal(w->path.n, 1);
	/* An answer that points at cause-b lifts it. */
	assert_int_equal(walk_answer(w, "scope", "here"), 0);
	assert_string_equal(w->causes[0].id, "cause-b");
	/* A new answer to the same question replaces the old one. */
	assert_int_equal(walk_answer(w, "scope", "all"), 0);
	assert_int_equal(w->nanswers, 1);
	assert_string_equal(w->causes[0].id, "cause-a");
	assert_int_equal(walk_answer(w, "scope", "nowhere"), -1);
	assert_int_equal(walk_answer(w, "nosuch", "here"), -1);
	walk_free(w);
}

static void
test_inconclusive(void **state)
{
	struct check_options	 opt;
	struct walk		*w;
	char			*cause = NULL;

	(void)state;
	/* t-a's "ok" is routed nowhere in node odd. */
	w = run("explain", "ok", "ok", "ok");
	assert_int_equal(w->ncauses, 0);
	assert_int_equal(w->inconclusive, 1);
	assert_string_equal(walk_verdict(w), "inconclusive");
	assert_int_equal(walk_exit_status(w), 3);
	walk_free(w);

	/* No start for the mode: an error, and inconclusive. */
	memset(&opt, 0, sizeof opt);
	opt.mode = "server";
	opt.timeout_ms = 1000;
	w = walk_new_table(&content, &opt, table);
	assert_int_equal(walk_run(w, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, "the decision tree has no start for mode server");
	assert_int_equal(walk_exit_status(w), 3);
	free(cause);
	walk_free(w);
}

static void
test_effective_fallback(void **state)
{
	struct walk	*w;
	const char	*user, *host;
	int		 port;

	(void)state;
	/* No ssh-config check ran: what the options say. */
	w = run("client", "ok", "ok", "ok");
	walk_effective(w, &user, &host, &port);
	assert_string_equal(user, "alice");
	assert_string_equal(host, "target.example");
	assert_int_equal(port, 2222);
	walk_free(w);
}

/* Relations: t-a names cause-a, t-b cause-b, t-c cause-c; a explains b, b explains c. */
static const char FOLD_TREE[] =
    "start client first\n"
    "node first\n"
    "  title First\n"
    "  run t-a t-b t-c\n"
    "  on t-a bad cause cause-a possible\n"
    "  on t-a * ok\n"
    "  on t-b bad cause cause-b likely\n"
    "  on t-b * ok\n"
    "  on t-c bad cause cause-c confirmed\n"
    "  on t-c * ok\n"
    "explains cause-a cause-b\n"
    "  when t-b bad\n"
    "  carries-confidence\n"
    "  because which is why B\n"
    "  fix cause-x\n"
    "explains cause-b cause-c\n"
    "  when t-c directive ~ Proxy* Other\n"
    "  because which is why C\n"
    "alternatives cause-a\n"
    "  also cause-d cause-b\n"
    "  tells-apart ask the server\n";

static struct walk *
run_fold(const char *a, const char *b, const char *c, const char *fact)
{
	struct content	*saved = xmalloc(sizeof *saved);
	struct walk	*w;
	char		*cause = NULL;

	*saved = content;
	if (tree_parse(FOLD_TREE, strlen(FOLD_TREE), "tree.txt", &content.tree, &cause) != 0)
		fail_msg("tree_parse: %s", cause);
	fact_c = fact;
	w = run("client", a, b, c);
	fact_c = NULL;
	/* the walk keeps pointers into the tree: free it with the walk's content later */
	w->content = xmalloc(sizeof content);
	memcpy((struct content *)w->content, &content, sizeof content);
	content = *saved;
	free(saved);
	return w;
}

static void
free_fold(struct walk *w)
{
	struct content *c = (struct content *)w->content;

	walk_free(w);
	tree_free(c->tree);
	free(c);
}

static void
test_fold_chain(void **state)
{
	struct walk	*w;
	const struct walk_cause *c;

	(void)state;
	/* A explains B explains C: one cause, A, carrying both, leaves first. */
	w = run_fold("bad", "bad", "bad", "ProxyCommand");
	c = &w->causes[0];
	assert_string_equal(c->id, "cause-a");
	/*
	 * B (likely) keeps its own confidence over C (confirmed): no
	 * carries-confidence; A (possible) carries B's: likely.
	 */
	assert_int_equal(c->conf, CONF_LIKELY);
	assert_int_equal(c->explains.n, 2);
	assert_string_equal(c->explains.v[0], "cause-b");
	assert_string_equal(c->explains.v[1], "cause-c");
	assert_string_equal(c->fix, "cause-x");
	assert_int_equal(c->evidence.n, 7);
	assert_string_equal(c->evidence.v[0], "t-a evidence");
	assert_string_equal(c->evidence.v[1], "which is why B");
	assert_string_equal(c->evidence.v[2], "t-b says bad");
	assert_string_equal(c->evidence.v[3], "t-b evidence");
	assert_string_equal(c->evidence.v[4], "which is why C");
	assert_string_equal(c->evidence.v[5], "t-c says bad");
	assert_string_equal(c->evidence.v[6], "t-c evidence");
	/* the look-alike comes after folding: cause-b is gone, only cause-d is added */
	assert_int_equal(w->ncauses, 2);
	assert_string_equal(c->tells_apart, "ask the server");
	assert_null(c->alternative_of);
	assert_string_equal(w->causes[1].id, "cause-d");
	assert_int_equal(w->causes[1].conf, CONF_POSSIBLE);
	assert_string_equal(w->causes[1].alternative_of, "cause-a");
	assert_string_equal(w->causes[1].summary, "t-a says bad");
	assert_int_equal(w->causes[1].evidence.n, 0);
	free_fold(w);
}

static void
test_fold_conditions(void **state)
{
	struct walk	*w;
	size_t		 i;

	(void)state;
	/* The fact does not match: C stands on its own; B still folds into A. */
	w = run_fold("bad", "bad", "bad", "HostName");
	assert_int_equal(w->ncauses, 3);
	/* C (confirmed) ranks above A (likely, carried from B), then A's look-alike */
	assert_string_equal(w->causes[0].id, "cause-c");
	assert_int_equal(w->causes[0].explains.n, 0);
	assert_string_equal(w->causes[1].id, "cause-a");
	assert_int_equal(w->causes[1].explains.n, 1);
	assert_string_equal(w->causes[2].id, "cause-d");
	for (i = 0; i < w->ncauses; i++)
		assert_string_not_equal(w->causes[i].id, "cause-b");
	free_fold(w);

	/* No fact at all: the same. */
	w = run_fold("bad", "bad", "bad", NULL);
	assert_int_equal(w->ncauses, 3);
	assert_string_equal(w->causes[0].id, "cause-c");
	free_fold(w);

	/* The explaining cause is absent: B and C fold between themselves (the other pattern). */
	w = run_fold("ok", "bad", "bad", "Other");
	assert_int_equal(w->ncauses, 1);
	assert_string_equal(w->causes[0].id, "cause-b");
	/* without carries-confidence the explaining cause keeps its own */
	assert_int_equal(w->causes[0].conf, CONF_LIKELY);
	assert_null(w->causes[0].fix);
	assert_null(w->causes[0].tells_apart);
	free_fold(w);
}

/* The article line raw of kind, filled for the walk's first cause, reads want. */
static void
fill_is(const struct walk *w, enum article_line_kind kind, const char *raw, const char *want)
{
	struct article_line	 l = { kind, NULL, NULL, 0, 3, 0 };
	char			*s;

	l.raw = (char *)raw;
	s = walk_cause_fill(w, &w->causes[0], &l);
	assert_string_equal(s, want);
	free(s);
}

/* Causes carry the facts of the checks that named them; articles are filled from them, quoted on commands. */
static void
test_cause_facts(void **state)
{
	struct walk		*w;

	(void)state;
	w = run("client", "ok", "bad", "worse");
	assert_int_equal(w->ncauses, 1);
	/* Named by t-b first, then t-c: t-b's value stands. */
	assert_string_equal(walk_cause_fact(w, &w->causes[0], "key_file"), "/srv/keys/id_644");
	assert_string_equal(walk_cause_fact(w, &w->causes[0], "user"), "alice");
	assert_string_equal(walk_cause_fact(w, &w->causes[0], "port"), "2222");
	assert_null(walk_cause_fact(w, &w->causes[0], "hostkey_path"));
	fill_is(w, ALINE_COMMAND, "ssh -p {port:22} {user:bob}@{host:x} -i {key_file:~/.ssh/id}",
	    "ssh -p 2222 alice@target.example -i /srv/keys/id_644");
	/* A value that begins with '-' never becomes an option: the sample stands. */
	fill_is(w, ALINE_COMMAND, "fail2ban-client status {jail:sshd}",
	    "fail2ban-client status sshd");
	walk_free(w);

	w = run("client", "ok", "ok", "bad");
	fill_is(w, ALINE_COMMAND, "chmod 600 {key_file:~/.ssh/id_ed25519} {hostkey_path:/etc/x}",
	    "chmod 600 '/srv/keys/it'\\''s id' /etc/x");
	/* Prose shows the value as it is. */
	fill_is(w, ALINE_TEXT, "The key {key_file:~/.ssh/id_ed25519} is open.",
	    "The key /srv/keys/it's id is open.");
	walk_free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routing_ok),
		cmocka_unit_test(test_causes),
		cmocka_unit_test(test_answers_rank),
		cmocka_unit_test(test_inconclusive),
		cmocka_unit_test(test_effective_fallback),
		cmocka_unit_test(test_fold_chain),
		cmocka_unit_test(test_fold_conditions),
		cmocka_unit_test(test_cause_facts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
