/* test_tree.c: the decision tree format (content/FORMAT.md) as tree_parse reads it (content/tree.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/tree.h"
#include "tests/unit/testutil.h"

/* Parse from an exact-size heap copy (no NUL after it), so ASan sees any over-read. */
static int
parse_n(const char *text, size_t len, const char *name, struct tree **t, char **cause)
{
	char	*copy = calloc(1, len ? len : 1);
	int	 rc;

	memcpy(copy, text, len);
	*t = NULL;
	*cause = NULL;
	rc = tree_parse(copy, len, name, t, cause);
	free(copy);
	return rc;
}

static struct tree *
parse_ok(const char *text)
{
	struct tree	*t;
	char		*cause;

	if (parse_n(text, strlen(text), "tree.txt", &t, &cause) != 0) {
		char msg[512];

		snprintf(msg, sizeof msg, "%s", cause ? cause : "(no cause)");
		free(cause);
		fail_msg("tree_parse failed: %s", msg);
	}
	assert_non_null(t);
	return t;
}

/* text must fail to parse with "tree.txt:LINE: ...". */
static void
err_at_n(const char *text, size_t len, int line, const char *what)
{
	struct tree	*t;
	char		*cause;

	if (parse_n(text, len, "tree.txt", &t, &cause) == 0) {
		tu_dump("input", text, len);
		fail_msg("%s: accepted, expected an error at line %d", what, line);
	}
	if (cause == NULL)
		fail_msg("%s: no cause", what);
	if (!tu_cause_at(cause, "tree.txt", line)) {
		tu_dump("input", text, len > 300 ? 300 : len);
		fail_msg("%s: cause \"%.200s\" does not name line %d", what, cause, line);
	}
	/* Something follows the prefix. */
	assert_true(strlen(cause) > strlen("tree.txt:1: "));
	free(cause);
}

static void
err_at(const char *text, int line, const char *what)
{
	err_at_n(text, strlen(text), line, what);
}

static const char VALID[] =
    "# sshdoc decision tree (test)\n"				/* 1 */
    "start client reach\n"					/* 2 */
    "start server srv\n"					/* 3 */
    "\n"							/* 4 */
    "node reach\n"						/* 5 */
    "  title Can this machine reach an SSH server there?\n"	/* 6 */
    "  run dns-resolve tcp-connect ssh-banner\n"		/* 7 */
    "  on dns-resolve nxdomain cause dns-failure confirmed\n"	/* 8 */
    "  on dns-resolve resolved ok\n"				/* 9 */
    "  on ssh-banner ssh goto kex\n"				/* 10 */
    "  on ssh-banner error inconclusive\n"			/* 11 */
    "  on tcp-connect * cause port-closed likely\n"		/* 12 */
    "  on tcp-connect refused cause firewall-reject possible\n"	/* 13 */
    "\n"							/* 14 */
    "   # an indented comment\n"				/* 15 */
    "node kex\n"						/* 16 */
    "  title Do client and server agree on algorithms?\n"	/* 17 */
    "  run ssh-kex\n"						/* 18 */
    "  on ssh-kex * inconclusive\n"				/* 19 */
    "\n"							/* 20 */
    "node srv\n"						/* 21 */
    "      title Is sshd running?\n"				/* 22: leading white space */
    "run sshd-running\n"					/* 23 */
    "on sshd-running no cause sshd-not-running confirmed\n";	/* 24 */

static void
test_parse_valid(void **state)
{
	struct tree *t;
	const struct tree_node *n;
	const struct tree_rule *r;

	(void)state;
	t = parse_ok(VALID);
	assert_int_equal(t->nnodes, 3);
	assert_int_equal(t->nstarts, 2);
	assert_string_equal(t->starts[0].mode, "client");
	assert_string_equal(t->starts[0].node, "reach");
	assert_int_equal(t->starts[0].line, 2);
	assert_string_equal(t->starts[1].mode, "server");
	assert_string_equal(t->starts[1].node, "srv");
	assert_int_equal(t->starts[1].line, 3);

	n = &t->nodes[0];
	assert_string_equal(n->id, "reach");
	assert_int_equal(n->line, 5);
	assert_string_equal(n->title, "Can this machine reach an SSH server there?");
	assert_int_equal(n->nrun, 3);
	assert_string_equal(n->run[0], "dns-resolve");
	assert_string_equal(n->run[1], "tcp-connect");
	assert_string_equal(n->run[2], "ssh-banner");
	assert_int_equal(n->nrules, 6);

	r = &n->rules[0];
	assert_string_equal(r->check, "dns-resolve");
	assert_string_equal(r->outcome, "nxdomain");
	assert_int_equal(r->action, RULE_CAUSE);
	assert_string_equal(r->target, "dns-failure");
	assert_int_equal(r->conf, CONF_CONFIRMED);
	assert_int_equal(r->line, 8);

	r = &n->rules[1];
	assert_string_equal(r->outcome, "resolved");
	assert_int_equal(r->action, RULE_OK);
	assert_int_equal(r->line, 9);

	r = &n->rules[2];
	assert_string_equal(r->check, "ssh-banner");
	assert_string_equal(r->outcome, "ssh");
	assert_int_equal(r->action, RULE_GOTO);
	assert_string_equal(r->target, "kex");
	assert_int_equal(r->line, 10);

	r = &n->rules[3];
	assert_int_equal(r->action, RULE_INCONCLUSIVE);
	assert_int_equal(r->line, 11);

	r = &n->rules[4];
	assert_string_equal(r->outcome, "*");
	assert_int_equal(r->action, RULE_CAUSE);
	assert_string_equal(r->target, "port-closed");
	assert_int_equal(r->conf, CONF_LIKELY);

	r = &n->rules[5];
	assert_int_equal(r->conf, CONF_POSSIBLE);
	assert_string_equal(r->target, "firewall-reject");
	assert_int_equal(r->line, 13);

	n = &t->nodes[1];
	assert_string_equal(n->id, "kex");
	assert_int_equal(n->line, 16);
	assert_int_equal(n->nrun, 1);
	assert_int_equal(n->nrules, 1);
	assert_int_equal(n->rules[0].line, 19);

	n = &t->nodes[2];
	assert_string_equal(n->id, "srv");
	assert_string_equal(n->title, "Is sshd running?");
	assert_int_equal(n->nrules, 1);
	assert_int_equal(n->rules[0].line, 24);
	assert_string_equal(n->rules[0].target, "sshd-not-running");

	assert_ptr_equal(tree_node_find(t, "kex"), &t->nodes[1]);
	assert_ptr_equal(tree_node_find(t, "reach"), &t->nodes[0]);
	assert_null(tree_node_find(t, "nope"));
	assert_null(tree_node_find(t, "kex "));
	assert_string_equal(tree_start_node(t, "client"), "reach");
	assert_string_equal(tree_start_node(t, "server"), "srv");
	assert_null(tree_start_node(t, "explain"));
	tree_free(t);
}

static void
test_no_final_newline(void **state)
{
	struct tree *t;

	(void)state;
	t = parse_ok("start client a\nnode a\n  title A\n  run c\n  on c * cause x likely");
	assert_int_equal(t->nnodes, 1);
	assert_int_equal(t->nodes[0].nrules, 1);
	assert_string_equal(t->nodes[0].rules[0].target, "x");
	assert_int_equal(t->nodes[0].rules[0].conf, CONF_LIKELY);
	tree_free(t);
}

static void
test_multiple_spaces(void **state)
{
	struct tree *t;

	(void)state;
	t = parse_ok("start  client   a\nnode   a\n  title  Two  spaces\n  run   c1    c2\n"
	    "  on  c1   *   goto    a\n");
	assert_string_equal(t->starts[0].node, "a");
	assert_string_equal(t->nodes[0].id, "a");
	assert_int_equal(t->nodes[0].nrun, 2);
	assert_string_equal(t->nodes[0].run[1], "c2");
	assert_string_equal(t->nodes[0].rules[0].target, "a");
	tree_free(t);
}

static void
test_format_md_example(void **state)
{
	/* The example in content/FORMAT.md, verbatim (with its trailing comments), plus node kex. */
	static const char ex[] =
	    "start client reach              # a walk in client mode begins at node \"reach\"\n"
	    "\n"
	    "node reach\n"
	    "  title Can this machine reach an SSH server there?\n"
	    "  run dns-resolve tcp-connect ssh-banner      # run concurrently (each waits for what it needs)\n"
	    "  on dns-resolve nxdomain cause dns-failure confirmed\n"
	    "  on dns-resolve resolved ok\n"
	    "  on ssh-banner ssh goto kex\n"
	    "  on ssh-banner error inconclusive\n"
	    "\n"
	    "node kex\n"
	    "  title K\n"
	    "  run ssh-kex\n"
	    "  on ssh-kex * ok\n";
	struct tree *t;

	(void)state;
	t = parse_ok(ex);
	assert_string_equal(tree_start_node(t, "client"), "reach");
	assert_int_equal(t->nodes[0].nrun, 3);
	assert_string_equal(t->nodes[0].run[2], "ssh-banner");
	assert_int_equal(t->nodes[0].nrules, 4);
	tree_free(t);
}

static void
test_confidence_names(void **state)
{
	enum confidence c;

	(void)state;
	assert_string_equal(confidence_name(CONF_CONFIRMED), "confirmed");
	assert_string_equal(confidence_name(CONF_LIKELY), "likely");
	assert_string_equal(confidence_name(CONF_POSSIBLE), "possible");
	assert_int_equal(confidence_parse("confirmed", &c), 0);
	assert_int_equal(c, CONF_CONFIRMED);
	assert_int_equal(confidence_parse("likely", &c), 0);
	assert_int_equal(c, CONF_LIKELY);
	assert_int_equal(confidence_parse("possible", &c), 0);
	assert_int_equal(c, CONF_POSSIBLE);
	assert_int_not_equal(confidence_parse("certain", &c), 0);
	assert_int_not_equal(confidence_parse("", &c), 0);
	assert_int_not_equal(confidence_parse("Likely", &c), 0);
}

#define HEAD "start client a\nnode a\n  title A\n  run c\n"	/* lines 1-4 */

static void
test_error_unknown_keyword(void **state)
{
	(void)state;
	err_at(HEAD "frobnicate x\n", 5, "unknown keyword");
	err_at("frobnicate\n", 1, "unknown keyword alone");
	err_at(HEAD "  titel typo\n", 5, "misspelt keyword");
	err_at(HEAD "\x01\x02\x03garbage\n", 5, "binary garbage line");
}

static void
test_error_outside_node(void **state)
{
	(void)state;
	err_at("start client a\non c o ok\n", 2, "on outside a node");
	err_at("# c\n\ntitle Hello\n", 3, "title outside a node");
	err_at("# c\nrun x\n", 2, "run outside a node");
}

static void
test_error_confidence(void **state)
{
	(void)state;
	err_at(HEAD "  on c o cause dns-failure certain\n", 5, "bad confidence");
	err_at(HEAD "  on c o cause dns-failure\n", 5, "missing confidence");
	err_at(HEAD "  on c o cause\n", 5, "missing cause id");
}

static void
test_error_missing_fields(void **state)
{
	(void)state;
	err_at(HEAD "  on c o\n", 5, "missing action");
	err_at(HEAD "  on c\n", 5, "missing outcome");
	err_at(HEAD "  on\n", 5, "bare on");
	err_at(HEAD "  on c o goto\n", 5, "goto without a node");
	err_at("start client\n", 1, "start without a node");
	err_at("# x\nstart\n", 2, "bare start");
	err_at(HEAD "node\n", 5, "node without an id");
	err_at(HEAD "node b\n  title\n", 6, "title without text");
}

static void
test_error_start_mode(void **state)
{
	(void)state;
	err_at("start bogus a\nnode a\n  title A\n", 1, "unknown start mode");
}

static void
test_error_duplicate_node(void **state)
{
	(void)state;
	err_at(HEAD "  on c * ok\n\nnode b\n  title B\nnode a\n  title again\n", 9,
	    "duplicate node id");
}

static void
test_error_unknown_action(void **state)
{
	(void)state;
	err_at(HEAD "  on c o explode\n", 5, "unknown action");
	err_at(HEAD "  on c o cause-x y likely\n", 5, "unknown action cause-x");
}

static void
test_error_overlong_line(void **state)
{
	size_t n = 70000, len;
	char *buf = malloc(n + 200);

	(void)state;
	len = (size_t)snprintf(buf, 200, "%snode b\n  title ", HEAD);
	memset(buf + len, 'x', n);
	len += n;
	buf[len++] = '\n';
	err_at_n(buf, len, 6, "overlong title line");
	free(buf);
}

static void
test_error_nul_and_invalid_utf8(void **state)
{
	static const char nul[] = HEAD "node b\n  title x\0y\n";
	static const char bad[] = HEAD "node b\n  title \xff\xfe\n";
	static const char nul2[] = HEAD "  on c o\0k ok\n";

	(void)state;
	err_at_n(nul, sizeof nul - 1, 6, "NUL in a title");
	err_at_n(nul2, sizeof nul2 - 1, 5, "NUL in a rule");
	err_at_n(bad, sizeof bad - 1, 6, "invalid UTF-8 in a title");
}

static void
test_error_line_counting(void **state)
{
	(void)state;
	err_at("\n\n# x\n\n   \nbogus line\n", 6, "after blank and comment lines");
	err_at(HEAD "  on c * ok\n# comment\n\n\n  on c o explode\n", 9, "after a valid rule");
}

static void
test_error_other_name(void **state)
{
	struct tree *t;
	char *cause;

	(void)state;
	assert_int_equal(parse_n("bogus\n", 6, "dir/custom.txt", &t, &cause), -1);
	assert_true(tu_cause_at(cause, "dir/custom.txt", 1));
	free(cause);
}

static void
test_empty_and_comments_only(void **state)
{
	struct tree *t;
	char *cause;

	(void)state;
	/* An empty tree may parse (the lint then complains) or fail with a located message. */
	if (parse_n("", 0, "tree.txt", &t, &cause) == 0)
		tree_free(t);
	else {
		assert_true(tu_cause_line(cause, "tree.txt") >= 0);
		free(cause);
	}
	if (parse_n("# only\n# comments\n", 18, "tree.txt", &t, &cause) == 0)
		tree_free(t);
	else {
		assert_true(tu_cause_line(cause, "tree.txt") >= 1);
		free(cause);
	}
}

static void
test_random_garbage(void **state)
{
	uint64_t rs = 1234;
	char buf[400];
	int iter;
	static const char *words[] = { "start ", "node ", "title ", "run ", "on ", "cause ",
	    "goto ", "ok", "inconclusive", "likely", "confirmed", "client ", "* ", "a ", "\n",
	    "\n", "#", "  " };

	(void)state;
	for (iter = 0; iter < 5000; iter++) {
		size_t len = 0, want = (size_t)(tu_rand(&rs) % 300);
		struct tree *t;
		char *cause;

		while (len < want) {
			uint64_t r = tu_rand(&rs);

			if (r % 4 == 0)
				buf[len++] = (char)(r >> 8);
			else {
				const char *w = words[(r >> 8) % (sizeof words / sizeof words[0])];
				size_t n = strlen(w);

				memcpy(buf + len, w, n);
				len += n;
			}
		}
		if (parse_n(buf, len, "tree.txt", &t, &cause) == 0) {
			assert_null(cause);
			tree_free(t);
		} else {
			int line = tu_cause_line(cause, "tree.txt");

			/* Line 0: a problem with the file as a whole. */
			if (line < 0 || (size_t)line > tu_count_lines(buf, len) + 1) {
				tu_dump("input", buf, len);
				fail_msg("bad cause \"%s\"", cause ? cause : "(null)");
			}
			free(cause);
		}
	}
}

static const char RELATIONS[] =
    "start server s\n"
    "node s\n"
    "  title S\n"
    "  run firewall\n"
    "  on firewall * ok\n"
    "\n"
    "explains fail2ban-banned firewall-reject   # the same rule\n"
    "  when firewall reject\n"
    "  when firewall fw_chain ~ *f2b-* other\n"
    "  carries-confidence\n"
    "  because which is why a rule\n"
    "  because rejects it\n"
    "  fix fail2ban-banned\n"
    "explains sshd-config-invalid sshd-not-running\n"
    "  because which is why sshd is down\n"
    "alternatives port-closed\n"
    "  also firewall-reject fail2ban-banned\n"
    "  when tcp-connect refused\n"
    "  tells-apart run it\n"
    "  tells-apart on the server\n"
    "node t\n"
    "  title T\n"
    "  run x\n"
    "  on x * ok\n";

static void
test_parse_relations(void **state)
{
	struct tree	*t;
	const struct tree_relation *r;
	const struct tree_alternatives *a;

	(void)state;
	t = parse_ok(RELATIONS);
	assert_int_equal(t->nrelations, 2);
	r = &t->relations[0];
	assert_string_equal(r->explaining, "fail2ban-banned");
	assert_string_equal(r->explained, "firewall-reject");
	assert_int_equal(r->line, 7);
	assert_int_equal(r->nconds, 2);
	assert_string_equal(r->conds[0].check, "firewall");
	assert_string_equal(r->conds[0].outcome, "reject");
	assert_null(r->conds[0].fact);
	assert_null(r->conds[1].outcome);
	assert_string_equal(r->conds[1].fact, "fw_chain");
	assert_int_equal(r->conds[1].npatterns, 2);
	assert_string_equal(r->conds[1].patterns[0], "*f2b-*");
	assert_string_equal(r->conds[1].patterns[1], "other");
	assert_int_equal(r->carries, 1);
	/* because lines join */
	assert_string_equal(r->because, "which is why a rule rejects it");
	assert_string_equal(r->fix, "fail2ban-banned");
	r = &t->relations[1];
	assert_int_equal(r->nconds, 0);
	assert_int_equal(r->carries, 0);
	assert_null(r->fix);
	assert_int_equal(t->nalternatives, 1);
	a = &t->alternatives[0];
	assert_string_equal(a->cause, "port-closed");
	assert_int_equal(a->nalso, 2);
	assert_string_equal(a->also[1], "fail2ban-banned");
	assert_int_equal(a->nconds, 1);
	assert_string_equal(a->tells_apart, "run it on the server");
	/* a node after the statements is a node again */
	assert_non_null(tree_node_find(t, "t"));
	assert_int_equal(tree_node_find(t, "t")->nrules, 1);
	tree_free(t);
}

static void
test_error_relations(void **state)
{
	(void)state;
	err_at("start client a\nexplains a\n", 2, "explains with one cause");
	err_at("start client a\nexplains a a\n", 2, "a cause explaining itself");
	err_at("start client a\nexplains a b c\n", 2, "explains with three causes");
	err_at("start client a\nexplains A b\n", 2, "a bad cause id");
	err_at("start client a\nexplains a b\n  when x\n", 3, "when with a check alone");
	err_at("start client a\nexplains a b\n  when x f = p\n", 3, "when without ~");
	err_at("start client a\nexplains a b\n  when x f ~\n", 3, "when without a pattern");
	err_at("start client a\nexplains a b\n  when x Bad\n", 3, "a bad outcome");
	err_at("start client a\nexplains a b\n  run x\n", 3, "run inside explains");
	err_at("start client a\nexplains a b\n  fix c\n  fix d\n", 4, "two fixes");
	err_at("start client a\nexplains a b\n  because\n", 3, "because without text");
	err_at("start client a\nexplains a b\n  carries-confidence yes\n", 3,
	    "carries-confidence with an argument");
	err_at("start client a\nalternatives\n", 2, "alternatives without a cause");
	err_at("start client a\nalternatives a\n  also\n", 3, "also without causes");
	err_at("start client a\nalternatives a\n  also B\n", 3, "also with a bad id");
	err_at("start client a\nalternatives a\n  because x\n", 3, "because in alternatives");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_relations),
		cmocka_unit_test(test_error_relations),
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_multiple_spaces),
		cmocka_unit_test(test_format_md_example),
		cmocka_unit_test(test_confidence_names),
		cmocka_unit_test(test_error_unknown_keyword),
		cmocka_unit_test(test_error_outside_node),
		cmocka_unit_test(test_error_confidence),
		cmocka_unit_test(test_error_missing_fields),
		cmocka_unit_test(test_error_start_mode),
		cmocka_unit_test(test_error_duplicate_node),
		cmocka_unit_test(test_error_unknown_action),
		cmocka_unit_test(test_error_overlong_line),
		cmocka_unit_test(test_error_nul_and_invalid_utf8),
		cmocka_unit_test(test_error_line_counting),
		cmocka_unit_test(test_error_other_name),
		cmocka_unit_test(test_empty_and_comments_only),
		cmocka_unit_test(test_random_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
