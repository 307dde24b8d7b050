/* test_session.c: what the front ends share (ui/session.h): --answer parsing, port, address, name and file checks, answers kept per question. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/content.h"
#include "ui/session.h"

static void
test_port(void **state)
{
	(void)state;
	assert_int_equal(session_port("22"), 22);
	assert_int_equal(session_port("1"), 1);
	assert_int_equal(session_port("65535"), 65535);
	assert_int_equal(session_port("0"), -1);
	assert_int_equal(session_port("65536"), -1);
	assert_int_equal(session_port(""), -1);
	assert_int_equal(session_port("22x"), -1);
	assert_int_equal(session_port("-22"), -1);
	assert_int_equal(session_port("99999999999999999999999"), -1);
}

static void
test_address(void **state)
{
	(void)state;
	assert_true(session_address("198.51.100.7"));
	assert_true(session_address("2001:db8::7"));
	assert_false(session_address("example.org"));
	assert_false(session_address("198.51.100.7:22"));
	assert_false(session_address(""));
}

static void
test_names(void **state)
{
	(void)state;
	assert_true(session_safe_word("alice", "._-@+\\"));
	assert_false(session_safe_word("-oProxyCommand=x", "._-@+\\"));
	assert_false(session_safe_word("a b", "._-"));
	assert_false(session_safe_word("", "._-"));
	assert_null(session_bad_name("host.example.org", "host"));
	assert_null(session_bad_name("[2001:db8::1]", "host"));
	assert_string_equal(session_bad_name("-x", "host"), "The host may not begin with '-'.");
	assert_string_equal(session_bad_name("a b", "user name"),
	    "The user name may not contain spaces.");
	assert_string_equal(session_bad_name("a\x01", "host"),
	    "The host may not contain control characters.");
	assert_non_null(session_bad_name("a;b", "host"));
}

static void
test_files(void **state)
{
	(void)state;
	assert_null(session_bad_file("/etc/passwd", "file name"));
	assert_non_null(session_bad_file("-rf", "file name"));
	assert_non_null(session_bad_file("/nonexistent/sshdoc-test", "file name"));
	assert_string_equal(session_bad_file("/", "file name"), "/ is not a regular file.");
}

static void
test_answers(void **state)
{
	struct content *c = NULL;
	struct session s;
	const struct tree_question *q;
	const struct tree_answer *a;
	const struct session_answer *e;
	const char *preset[] = { "scope=only-here", "nosuch=x", NULL };
	char	*cause = NULL;

	(void)state;
	assert_int_equal(content_load(NULL, &c, &cause), 0);
	assert_int_equal(session_answer_parse(c, "scope=only-here", &q, &a), 0);
	assert_string_equal(q->id, "scope");
	assert_string_equal(a->id, "only-here");
	assert_int_equal(session_answer_parse(c, "scope=nosuch", &q, &a), -1);
	assert_int_equal(session_answer_parse(c, "nosuch=only-here", &q, &a), -1);
	assert_int_equal(session_answer_parse(c, "scope", &q, &a), -1);

	assert_int_equal(session_init(&s, c), 0);
	assert_int_equal(session_unasked(&s, "client"),
	    session_questions(&s, "client", NULL, 0));
	session_preset(&s, preset);
	assert_int_equal(s.nanswers, 1);
	assert_int_equal(session_answer_parse(c, "scope=only-here", &q, &a), 0);
	/* Skipping a question answered before keeps the answer. */
	session_answer(&s, q, NULL);
	e = session_answer_of(&s, q);
	assert_non_null(e);
	assert_ptr_equal(e->a, a);
	assert_int_equal(session_unasked(&s, "client"),
	    session_questions(&s, "client", NULL, 0) - 1);
	session_free(&s);
	content_free(c);
}

/* One case: s split as a Host field's "user@host:port"; NULL where a part is absent. */
static void
split_is(const char *s, const char *host, const char *user, const char *port)
{
	char	 buf[128], *h, *u, *p;

	snprintf(buf, sizeof buf, "%s", s);
	session_split_target(buf, &h, &u, &p);
	assert_string_equal(h, host);
	if (user == NULL)
		assert_null(u);
	else
		assert_string_equal(u, user);
	if (port == NULL)
		assert_null(p);
	else
		assert_string_equal(p, port);
}

static void
test_split_target(void **state)
{
	(void)state;
	split_is("127.0.0.1:12203", "127.0.0.1", NULL, "12203");
	split_is("alice@server.example", "server.example", "alice", NULL);
	split_is("alice@[2001:db8::1]:2222", "2001:db8::1", "alice", "2222");
	split_is("2001:db8::1", "2001:db8::1", NULL, NULL);	/* a bare IPv6 has no port */
	split_is("a@b@host:22", "host", "a@b", "22");		/* the last @ separates */
	split_is("@host", "@host", NULL, NULL);			/* no user before the @ */
	split_is("host:", "host", NULL, "");			/* an empty port is refused later */
	split_is("", "", NULL, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_address),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_split_target),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_answers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
