/* test_article.c: fix articles (content/FORMAT.md) as article_parse and article_check read them (content/article.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/article.h"
#include "tests/unit/testutil.h"

static int
parse_n(const char *text, size_t len, const char *name, struct article **a, char **cause)
{
	char	*copy = calloc(1, len ? len : 1);
	int	 rc;

	memcpy(copy, text, len);
	*a = NULL;
	*cause = NULL;
	rc = article_parse(copy, len, name, a, cause);
	free(copy);
	return rc;
}

static struct article *
parse_ok(const char *text)
{
	struct article	*a;
	char		*cause;

	if (parse_n(text, strlen(text), "port-closed.txt", &a, &cause) != 0)
		fail_msg("article_parse failed: %s", cause ? cause : "(no cause)");
	assert_non_null(a);
	return a;
}

static void
err_at(const char *text, size_t len, int line, const char *what)
{
	struct article	*a;
	char		*cause;

	if (parse_n(text, len, "port-closed.txt", &a, &cause) == 0) {
		article_free(a);
		fail_msg("%s: accepted, expected an error at line %d", what, line);
	}
	if (line > 0) {
		if (!tu_cause_at(cause, "port-closed.txt", line))
			fail_msg("%s: cause \"%s\" does not name line %d", what,
			    cause ? cause : "(null)", line);
	} else if (tu_cause_line(cause, "port-closed.txt") < 0)
		fail_msg("%s: cause \"%s\" is not \"NAME:LINE: ...\"", what, cause ? cause : "(null)");
	free(cause);
}

#define HEADERS \
	"id: port-closed\n" \
	"title: Nothing accepts connections on that address and port\n" \
	"applies: client\n" \
	"\n"

static const char FULL[] = HEADERS
    "== Fix\n"								/* 5 */
    "1. On the server, see whether sshd listens at all:\n"		/* 6 */
    "   # ss -tlnp 'sport = :22'\n"					/* 7 */
    "2. If it listens on another port, connect there:\n"		/* 8 */
    "   $ ssh -v -p 2222 alice@server.example\n"			/* 9 */
    "   continuation of step two\n"					/* 10 */
    "== Symptoms\n"							/* 11 */
    "The client prints:\n"						/* 12 */
    "> ssh: connect to host server.example port 22: Connection refused\n"	/* 13 */
    "\n"								/* 14 */
    "== How sshdoc knows\n"						/* 15 */
    "sshdoc connects and the kernel answers with a reset.\n"		/* 16 */
    "== Why it works\n"							/* 17 */
    "Because.\n"							/* 18 */
    "== Risks and undo\n"						/* 19 */
    "None.\n"								/* 20 */
    "== If it still fails\n"						/* 21 */
    "see: firewall-reject\n";						/* 22 */

static void
test_parse_full(void **state)
{
	static const struct {
		enum article_line_kind kind;
		const char *text;
	} want[] = {
		{ ALINE_HEADING, "Fix" },
		{ ALINE_STEP, "On the server, see whether sshd listens at all:" },
		{ ALINE_COMMAND, "ss -tlnp 'sport = :22'" },
		{ ALINE_STEP, "If it listens on another port, connect there:" },
		{ ALINE_COMMAND, "ssh -v -p 2222 alice@server.example" },
		{ ALINE_TEXT, NULL },
		{ ALINE_HEADING, "Symptoms" },
		{ ALINE_TEXT, "The client prints:" },
		{ ALINE_QUOTE, "ssh: connect to host server.example port 22: Connection refused" },
		{ ALINE_BLANK, NULL },
		{ ALINE_HEADING, "How sshdoc knows" },
		{ ALINE_TEXT, "sshdoc connects and the kernel answers with a reset." },
		{ ALINE_HEADING, "Why it works" },
		{ ALINE_TEXT, "Because." },
		{ ALINE_HEADING, "Risks and undo" },
		{ ALINE_TEXT, "None." },
		{ ALINE_HEADING, "If it still fails" },
		{ ALINE_SEE, "firewall-reject" },
	};
	struct article *a;
	size_t i;
	char *cause = NULL;

	(void)state;
	a = parse_ok(FULL);
	assert_string_equal(a->id, "port-closed");
	assert_string_equal(a->title, "Nothing accepts connections on that address and port");
	assert_string_equal(a->applies, "client");
	if (a->nlines != sizeof want / sizeof want[0]) {
		for (i = 0; i < a->nlines; i++)
			fprintf(stderr, "line %zu: kind %d \"%s\"\n", i, a->lines[i].kind,
			    a->lines[i].text ? a->lines[i].text : "(null)");
		fail_msg("%zu body lines, expected %zu", a->nlines, sizeof want / sizeof want[0]);
	}
	for (i = 0; i < a->nlines; i++) {
		if (a->lines[i].kind != want[i].kind)
			fail_msg("body line %zu: kind %d, expected %d (\"%s\")", i,
			    a->lines[i].kind, want[i].kind, a->lines[i].text ? a->lines[i].text : "");
		if (want[i].text != NULL)
			assert_string_equal(a->lines[i].text, want[i].text);
	}
	assert_int_equal(a->lines[1].number, 1);
	assert_int_equal(a->lines[3].number, 2);
	assert_int_equal(a->lines[2].root, 1);
	assert_int_equal(a->lines[2].indent, 3);
	assert_int_equal(a->lines[4].root, 0);
	assert_int_equal(a->lines[4].indent, 3);
	assert_int_equal(a->lines[5].indent, 3);
	assert_non_null(strstr(a->lines[5].text, "continuation of step two"));
	assert_int_equal(a->lines[7].indent, 0);

	assert_int_equal(article_check(a, "port-closed.txt", &cause), 0);
	assert_null(cause);
	article_free(a);
}

static void
test_sections_list(void **state)
{
	static const char *want[] = { "Fix", "Symptoms", "How sshdoc knows", "Why it works",
	    "Risks and undo", "If it still fails" };
	size_t i;

	(void)state;
	for (i = 0; i < 6; i++)
		assert_string_equal(article_sections[i], want[i]);
	assert_null(article_sections[6]);
}

static void
test_command_prompts(void **state)
{
	struct article *a;

	(void)state;
	a = parse_ok(HEADERS
	    "== Symptoms\n"
	    "$ ssh host\n"
	    "# systemctl restart ssh\n"
	    "      $ deeply indented\n"
	    "$notacommand\n"
	    "#notacommand either\n");
	assert_int_equal(a->nlines, 6);
	assert_int_equal(a->lines[1].kind, ALINE_COMMAND);
	assert_string_equal(a->lines[1].text, "ssh host");
	assert_int_equal(a->lines[1].root, 0);
	assert_int_equal(a->lines[2].kind, ALINE_COMMAND);
	assert_string_equal(a->lines[2].text, "systemctl restart ssh");
	assert_int_equal(a->lines[2].root, 1);
	assert_int_equal(a->lines[3].kind, ALINE_COMMAND);
	assert_int_equal(a->lines[3].indent, 6);
	assert_string_equal(a->lines[3].text, "deeply indented");
	assert_int_equal(a->lines[4].kind, ALINE_TEXT);
	assert_int_equal(a->lines[5].kind, ALINE_TEXT);
	article_free(a);
}

static void
test_steps_and_quotes(void **state)
{
	struct article *a;

	(void)state;
	a = parse_ok(HEADERS
	    "== Fix\n"
	    "1. First\n"
	    "12. Twelfth\n"
	    "> quoted \"exactly\"\n"
	    "1.5 is a number, not a step\n"
	    "see: dns-failure\n");
	assert_int_equal(a->nlines, 6);
	assert_int_equal(a->lines[1].kind, ALINE_STEP);
	assert_int_equal(a->lines[1].number, 1);
	assert_string_equal(a->lines[1].text, "First");
	assert_int_equal(a->lines[2].kind, ALINE_STEP);
	assert_int_equal(a->lines[2].number, 12);
	assert_string_equal(a->lines[2].text, "Twelfth");
	assert_int_equal(a->lines[3].kind, ALINE_QUOTE);
	assert_string_equal(a->lines[3].text, "quoted \"exactly\"");
	assert_int_equal(a->lines[4].kind, ALINE_TEXT);
	assert_int_equal(a->lines[5].kind, ALINE_SEE);
	assert_string_equal(a->lines[5].text, "dns-failure");
	article_free(a);
}

static void rejected(const char *, size_t, int, const char *);

static void
test_applies_values(void **state)
{
	static const char *ok[] = { "client", "server", "either", "network" };
	char buf[256];
	size_t i;
	struct article *a;

	(void)state;
	for (i = 0; i < 4; i++) {
		snprintf(buf, sizeof buf, "id: port-closed\ntitle: T\napplies: %s\n\n== Symptoms\n", ok[i]);
		a = parse_ok(buf);
		assert_string_equal(a->applies, ok[i]);
		article_free(a);
	}
	/* A complete article except for its applies value. */
	{
		char *moon = strdup(FULL), *p = strstr(moon, "applies: client");

		memcpy(p + 9, "moon  ", 6);
		rejected(moon, strlen(moon), 3, "bad applies value");
		free(moon);
	}
}

static void
test_missing_headers(void **state)
{
	static const char noid[] = "title: T\napplies: client\n\n== Symptoms\n";
	static const char notitle[] = "id: x\napplies: client\n\n== Symptoms\n";
	static const char noapplies[] = "id: x\ntitle: T\n\n== Symptoms\n";
	static const char nothing[] = "== Symptoms\ntext\n";
	static const char empty[] = "";

	(void)state;
	err_at(noid, sizeof noid - 1, 0, "no id header");
	err_at(notitle, sizeof notitle - 1, 0, "no title header");
	err_at(noapplies, sizeof noapplies - 1, 0, "no applies header");
	err_at(nothing, sizeof nothing - 1, 0, "no headers at all");
	err_at(empty, 0, 0, "empty file");
}

static void
test_nul_rejected(void **state)
{
	static const char nul[] = HEADERS "== Symptoms\nbad\0byte\n";
	static const char nulhdr[] = "id: po\0rt\ntitle: T\napplies: client\n\n== Symptoms\n";

	(void)state;
	err_at(nul, sizeof nul - 1, 6, "NUL in the body");
	err_at(nulhdr, sizeof nulhdr - 1, 1, "NUL in a header");
}

/* Tabs and long lines are forbidden: either the parser or the check must say so, with the line. */
static void
rejected(const char *text, size_t len, int line, const char *what)
{
	struct article	*a;
	char		*cause;

	if (parse_n(text, len, "port-closed.txt", &a, &cause) != 0) {
		if (!tu_cause_at(cause, "port-closed.txt", line))
			fail_msg("%s: cause \"%s\" does not name line %d", what,
			    cause ? cause : "(null)", line);
		free(cause);
		return;
	}
	cause = NULL;
	if (article_check(a, "port-closed.txt", &cause) == 0) {
		article_free(a);
		fail_msg("%s: neither article_parse nor article_check objects", what);
	}
	assert_non_null(cause);
	free(cause);
	article_free(a);
}

static void
test_tabs_and_long_lines(void **state)
{
	char *buf;
	size_t len;
	char line101[102];

	(void)state;
	len = strlen(FULL);
	buf = malloc(len + 200);
	/* A tab in line 16. */
	memcpy(buf, FULL, len + 1);
	*strstr(buf, "connects and") = '\t';
	rejected(buf, len, 16, "tab in prose");

	/* A 101-character line at line 16 (100 is the limit). */
	memset(line101, 'w', 101);
	line101[101] = '\0';
	{
		char *p = strstr(FULL, "sshdoc connects");
		size_t off = (size_t)(p - FULL), rest;
		const char *end = strchr(p, '\n');

		rest = strlen(end);
		memcpy(buf, FULL, off);
		memcpy(buf + off, line101, 101);
		memcpy(buf + off + 101, end, rest + 1);
		rejected(buf, off + 101 + rest, 16, "101-character line");

		/* Exactly 100 is fine. */
		memcpy(buf + off + 100, end, rest + 1);
		{
			struct article *a;
			char *cause;

			if (parse_n(buf, off + 100 + rest, "port-closed.txt", &a, &cause) != 0)
				fail_msg("100-character line rejected: %s", cause);
			assert_int_equal(article_check(a, "port-closed.txt", &cause), 0);
			article_free(a);
		}
	}
	free(buf);
}

static int
check_text(const char *text, char **cause)
{
	struct article	*a;
	int		 rc;

	if (parse_n(text, strlen(text), "port-closed.txt", &a, cause) != 0)
		fail_msg("parse failed: %s", *cause);
	*cause = NULL;
	rc = article_check(a, "port-closed.txt", cause);
	article_free(a);
	return rc;
}

static void
test_check_sections(void **state)
{
	char *cause;
	static const char missing_fix[] = HEADERS
	    "== Symptoms\nx\n== How sshdoc knows\nx\n== Why it works\nx\n"
	    "== Risks and undo\nx\n== If it still fails\nx\n";
	static const char out_of_order[] = HEADERS
	    "== Symptoms\nx\n== Fix\nx\n== How sshdoc knows\nx\n== Why it works\nx\n"
	    "== Risks and undo\nx\n== If it still fails\nx\n";
	static const char missing_last[] = HEADERS
	    "== Fix\nx\n== Symptoms\nx\n== How sshdoc knows\nx\n== Why it works\nx\n"
	    "== Risks and undo\nx\n";
	/* The short fix (the Fix section's first command block) is at most three lines. */
	static const char long_short_fix[] = HEADERS
	    "== Fix\n$ a\n$ b\n# c\n$ d\n== Symptoms\nx\n== How sshdoc knows\nx\n"
	    "== Why it works\nx\n== Risks and undo\nx\n== If it still fails\nx\n";
	static const char no_sections[] = HEADERS "just prose\n";
	static const char all[] = HEADERS
	    "== Fix\nx\n$ a\n$ b\n# c\nx\n$ d\n== Symptoms\nx\n== How sshdoc knows\nx\n"
	    "== Why it works\nx\n== Risks and undo\nx\n== If it still fails\nx\n";

	(void)state;
	assert_int_equal(check_text(all, &cause), 0);

	assert_int_equal(check_text(missing_fix, &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, "Fix") == NULL)
		fail_msg("cause \"%s\" does not name the missing section", cause);
	free(cause);

	assert_int_equal(check_text(out_of_order, &cause), -1);
	assert_non_null(cause);
	free(cause);

	assert_int_equal(check_text(missing_last, &cause), -1);
	assert_non_null(strstr(cause, "If it still fails"));
	free(cause);

	assert_int_equal(check_text(long_short_fix, &cause), -1);
	assert_non_null(strstr(cause, "short fix"));
	free(cause);

	assert_int_equal(check_text(no_sections, &cause), -1);
	assert_non_null(strstr(cause, "Fix"));
	free(cause);
}

static void
test_random_garbage(void **state)
{
	uint64_t rs = 4321;
	char buf[500];
	int iter;
	static const char *pieces[] = { "id: x\n", "title: t\n", "applies: client\n", "\n",
	    "== Symptoms\n", "== Fix\n", "1. ", "$ ", "# ", "> ", "see: ", "   ", "text",
	    "99999999999999999999. ", "\t", "== ", "\n" };

	(void)state;
	for (iter = 0; iter < 5000; iter++) {
		size_t len = 0, want = (size_t)(tu_rand(&rs) % 400);
		struct article *a;
		char *cause;

		if (iter % 2 == 0) {
			memcpy(buf, HEADERS, sizeof HEADERS - 1);
			len = sizeof HEADERS - 1;
		}
		while (len < want) {
			uint64_t r = tu_rand(&rs);

			if (r % 5 == 0)
				buf[len++] = (char)(r >> 8);
			else {
				const char *w = pieces[(r >> 8) % (sizeof pieces / sizeof pieces[0])];
				size_t n = strlen(w);

				memcpy(buf + len, w, n);
				len += n;
			}
		}
		if (parse_n(buf, len, "a.txt", &a, &cause) == 0) {
			size_t i;

			for (i = 0; i < a->nlines; i++)
				assert_true(a->lines[i].kind <= ALINE_BLANK);
			cause = NULL;
			if (article_check(a, "a.txt", &cause) != 0) {
				assert_non_null(cause);
				free(cause);
			}
			article_free(a);
		} else {
			int line = tu_cause_line(cause, "a.txt");

			/* Line 0: a problem with the file as a whole. */
			if (line < 0 || (size_t)line > tu_count_lines(buf, len) + 1) {
				tu_dump("input", buf, len);
				fail_msg("bad cause \"%s\"", cause ? cause : "(null)");
			}
			free(cause);
		}
	}
}

/* "{name:default}" is a placeholder; other braces are text. */
static void
test_placeholder_syntax(void **state)
{
	struct article_placeholder ph;

	(void)state;
	assert_int_equal(article_placeholder("{key_file:~/.ssh/id_ed25519} x", &ph), 28);
	assert_int_equal(ph.namelen, 8);
	assert_memory_equal(ph.name, "key_file", 8);
	assert_true(ph.has_def);
	assert_int_equal(ph.deflen, 17);
	assert_memory_equal(ph.def, "~/.ssh/id_ed25519", 17);
	assert_int_equal(article_placeholder("{jail}", &ph), 6);
	assert_false(ph.has_def);
	assert_int_equal(article_placeholder("{port2:}", &ph), 8);
	assert_int_equal(ph.deflen, 0);
	/* not placeholders */
	assert_int_equal(article_placeholder("{{.State.Status}}", &ph), 0);
	assert_int_equal(article_placeholder("{ name_bind }", &ph), 0);
	assert_int_equal(article_placeholder("{print $6}", &ph), 0);
	assert_int_equal(article_placeholder("{} +", &ph), 0);
	assert_int_equal(article_placeholder("{Key:x}", &ph), 0);
	assert_int_equal(article_placeholder("{1x:y}", &ph), 0);
	assert_int_equal(article_placeholder("{key_file:unterminated", &ph), 0);
	assert_int_equal(article_placeholder("{a:b{c}", &ph), 0);
	assert_int_equal(article_placeholder("x{a:b}", &ph), 0);
	assert_int_equal(article_placeholder(
	    "{a_name_that_is_far_too_long_to_be_a_fact:x}", &ph), 0);
}

static const char *
lookup_jail(const char *name, void *arg)
{
	(void)arg;
	return strcmp(name, "jail") == 0 ? "recidive" : NULL;
}

/* Defaults when nothing is known; values where lookup has one. */
static void
test_placeholder_fill(void **state)
{
	char	*s;

	(void)state;
	s = article_fill("fail2ban-client set {jail:sshd} unbanip {ban_entry:198.51.100.7}",
	    NULL, NULL);
	assert_string_equal(s, "fail2ban-client set sshd unbanip 198.51.100.7");
	free(s);
	s = article_fill("fail2ban-client set {jail:sshd} unbanip {ban_entry:198.51.100.7}",
	    lookup_jail, NULL);
	assert_string_equal(s, "fail2ban-client set recidive unbanip 198.51.100.7");
	free(s);
	s = article_fill("awk '{print $6}' {{.X}} {jail} {}", NULL, NULL);
	assert_string_equal(s, "awk '{print $6}' {{.X}} {jail} {}");
	free(s);
	s = article_fill("", NULL, NULL);
	assert_string_equal(s, "");
	free(s);
}

/* A parsed line keeps its placeholders in raw and shows defaults in text; a missing default is an error. */
static void
test_placeholder_parse(void **state)
{
	static const char with[] = HEADERS
	    "== Symptoms\n"
	    "   $ chmod 600 {key_file:~/.ssh/id_ed25519}\n";
	static const char nodef[] = HEADERS
	    "== Symptoms\n"
	    "   $ chmod 600 {key_file}\n";
	static const char emptydef[] = HEADERS
	    "== Symptoms\n"
	    "\n"
	    "   $ chmod 600 {key_file:}\n";
	struct article	*a;
	char		*buf;

	(void)state;
	a = parse_ok(with);
	assert_int_equal(a->lines[1].kind, ALINE_COMMAND);
	assert_string_equal(a->lines[1].text, "chmod 600 ~/.ssh/id_ed25519");
	assert_string_equal(a->lines[1].raw, "chmod 600 {key_file:~/.ssh/id_ed25519}");
	article_free(a);
	err_at(nodef, sizeof nodef - 1, 6, "placeholder without a default");
	err_at(emptydef, sizeof emptydef - 1, 7, "placeholder with an empty default");
	/* The width limit is on the line as shown: a long name with a short default fits. */
	if (asprintf(&buf, HEADERS "== Symptoms\n%.90s {known_hosts_entry:x}\n",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") == -1)
		abort();
	a = parse_ok(buf);
	article_free(a);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_full),
		cmocka_unit_test(test_sections_list),
		cmocka_unit_test(test_command_prompts),
		cmocka_unit_test(test_steps_and_quotes),
		cmocka_unit_test(test_applies_values),
		cmocka_unit_test(test_missing_headers),
		cmocka_unit_test(test_nul_rejected),
		cmocka_unit_test(test_tabs_and_long_lines),
		cmocka_unit_test(test_check_sections),
		cmocka_unit_test(test_random_garbage),
		cmocka_unit_test(test_placeholder_syntax),
		cmocka_unit_test(test_placeholder_fill),
		cmocka_unit_test(test_placeholder_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
