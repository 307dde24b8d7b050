/* test_json.c: lib/json.h: bounded reading (size, depth, duplicates, invalid text) and the writing helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "tests/unit/testutil.h"

static json_t *
load(const char *s, size_t max, int depth, char **cause)
{
	*cause = NULL;
	return js_load(s, strlen(s), max, depth, cause);
}

static void
refused(const char *s, size_t max, int depth, const char *why)
{
	json_t	*v;
	char	*cause;

	if ((v = load(s, max, depth, &cause)) != NULL)
		fail_msg("accepted \"%s\"", s);
	assert_non_null(cause);
	if (why != NULL && strstr(cause, why) == NULL)
		fail_msg("\"%s\": cause \"%s\" does not say \"%s\"", s, cause, why);
	free(cause);
}

static void
test_load(void **state)
{
	static const char *const bad[] = {
		"", "{", "{\"a\" 1}", "{\"a\": }", "[1, 2", "\"abc", "{\"a\": \"\\x\"}",
		"{\"a\": \"\\u12\"}", "{\"a\": tru}", "{} {}", "{\"a\": \"x\ny\"}", "[1,]",
		"{\"a\": \"\xff\"}", NULL
	};
	json_t	*v;
	char	*cause;
	size_t	 i;

	(void)state;
	v = load(" {\"a\": [1, 2.5, \"x\"], \"b\": {\"drop\": null}} ", 1000, JS_DEPTH_MAX, &cause);
	assert_non_null(v);
	assert_int_equal(json_array_size(json_object_get(v, "a")), 3);
	json_decref(v);
	for (i = 0; bad[i] != NULL; i++)
		refused(bad[i], 1000, JS_DEPTH_MAX, "JSON: ");
	refused("{\"a\": 1, \"a\": 2}", 1000, JS_DEPTH_MAX, "duplicate");
	refused("[\"a\\u0000b\"]", 1000, JS_DEPTH_MAX, NULL);
	refused("[1, 2, 3]", 8, JS_DEPTH_MAX, "more than 8");
}

static void
test_depth(void **state)
{
	char	 deep[300], *cause;
	json_t	*v;
	int	 i;

	(void)state;
	for (i = 0; i < 4; i++)
		deep[i] = '[';
	for (; i < 8; i++)
		deep[i] = ']';
	deep[i] = '\0';
	assert_non_null(v = load(deep, 1000, 4, &cause));
	json_decref(v);
	refused(deep, 1000, 3, "nested more than 3");
	/* brackets inside strings are text */
	assert_non_null(v = load("[\"[[[[\\\"[[[\", {\"k\": \"{{{{\"}]", 1000, 2, &cause));
	json_decref(v);
	memset(deep, '[', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	refused(deep, 1000, JS_DEPTH_MAX, "nested");
}

static void
test_access(void **state)
{
	const json_t	*val;
	json_t		*v;
	char		*cause;

	(void)state;
	v = load("{\"s\": \"x\", \"n\": 7, \"r\": -2.9, \"big\": 1e300, \"one\": {\"jump\": {\"target\": \"t\"}}, "
	    "\"two\": {\"a\": 1, \"b\": 2}}", 1000, JS_DEPTH_MAX, &cause);
	assert_non_null(v);
	assert_string_equal(js_str(v, "s"), "x");
	assert_null(js_str(v, "n"));
	assert_null(js_str(v, "nope"));
	assert_null(js_str(NULL, "s"));
	assert_int_equal(js_int(json_object_get(v, "n")), 7);
	assert_int_equal(js_int(json_object_get(v, "r")), -2);
	assert_true(js_int(json_object_get(v, "big")) > 0);
	assert_int_equal(js_int(json_object_get(v, "s")), 0);
	assert_string_equal(js_kind(json_object_get(v, "one"), &val), "jump");
	assert_string_equal(js_str(val, "target"), "t");
	assert_null(js_kind(json_object_get(v, "two"), &val));
	assert_null(js_kind(json_object_get(v, "s"), &val));
	json_decref(v);
}

static void
test_write(void **state)
{
	json_t	*o, *a;
	FILE	*f;
	char	*buf = NULL;
	size_t	 size = 0;

	(void)state;
	o = json_object();
	js_set(o, "z", js_text("esc \x1b[2J bell \a nl \n"));
	js_set(o, "a", js_text(NULL));
	a = json_array();
	js_push(a, js_text("caf\xc3\xa9 \xff"));
	js_push(a, json_integer(3));
	js_set(o, "m", a);
	assert_non_null(f = open_memstream(&buf, &size));
	assert_int_equal(js_write(f, o), 0);
	assert_int_equal(fclose(f), 0);
	json_decref(o);
	assert_true(tu_valid_utf8(buf, size));
	/* keys in the order set, two spaces a level, control characters never raw */
	assert_string_equal(buf, "{\n  \"z\": \"esc \\\\x1b[2J bell \\\\x07 nl \\\\n\",\n"
	    "  \"a\": \"\",\n  \"m\": [\n    \"caf\xc3\xa9 \xef\xbf\xbd\",\n    3\n  ]\n}\n");
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_access),
		cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
