/* test_conffile.c: sshdoc's configuration file parser (checks/conffile.h): keys, comments, limits, located errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/conffile.h"
#include "lib/http.h"
#include "lib/xmalloc.h"
#include "tests/unit/testutil.h"

static void
parse_ok(const char *text, const char *ip, const char *ctl)
{
	struct sshdoc_config	 c;
	char			*cause = NULL;

	if (conffile_parse(text, strlen(text), "config", &c, &cause) != 0)
		fail_msg("refused: %s", cause);
	if (ip == NULL)
		assert_null(c.ip_url);
	else
		assert_string_equal(c.ip_url, ip);
	if (ctl == NULL)
		assert_null(c.control_url);
	else
		assert_string_equal(c.control_url, ctl);
	conffile_free(&c);
}

static void
parse_bad(const char *text, size_t len, int line, const char *needle)
{
	struct sshdoc_config	 c;
	char			*cause = NULL;

	if (conffile_parse(text, len, "config", &c, &cause) == 0)
		fail_msg("accepted: \"%s\"", text);
	assert_true(tu_cause_at(cause, "config", line));
	if (strstr(cause, needle) == NULL)
		fail_msg("cause \"%s\" lacks \"%s\"", cause, needle);
	assert_null(tu_unclean(cause, strlen(cause)));
	assert_null(c.ip_url);
	assert_null(c.control_url);
	free(cause);
}

static void
test_empty_and_comments(void **state)
{
	(void)state;
	parse_ok("", NULL, NULL);
	parse_ok("\n\n   \n\t\n", NULL, NULL);
	parse_ok("# nothing here\n  # indented comment\n", NULL, NULL);
}

static void
test_keys(void **state)
{
	(void)state;
	parse_ok("ip-url = https://echo.example/\n", "https://echo.example/", NULL);
	parse_ok("ip-url=https://echo.example/ip", "https://echo.example/ip", NULL);
	parse_ok("  control-url\t=\thttps://www.example.org/  # a comment\r\n",
	    NULL, "https://www.example.org/");
	parse_ok("# both\nip-url = https://[2001:db8::1]:8443/ip\ncontrol-url = https://c.example/\n",
	    "https://[2001:db8::1]:8443/ip", "https://c.example/");
	/* No newline at the end of the last line. */
	parse_ok("ip-url = https://e.example/", "https://e.example/", NULL);
}

static void
test_errors(void **state)
{
	char	*big;

	(void)state;
	parse_bad("ipurl = https://e.example/\n", 26, 1, "unknown key 'ipurl'");
	parse_bad("\n\nip-url https://e.example/\n", 27, 3, "expected \"key = value\"");
	parse_bad("ip-url = http://e.example/\n", 26, 1, "only https://");
	parse_bad("ip-url = file:///etc/passwd\n", 28, 1, "only https://");
	parse_bad("ip-url = \n", 10, 1, "needs a value");
	parse_bad("ip-url = https://a.example/ https://b.example/\n", 46, 1, "one value");
	parse_bad("ip-url = https://a.example/\nip-url = https://b.example/\n", 54, 2,
	    "set twice");
	parse_bad("control-url = https://\n", 23, 1, "control-url");
	parse_bad("ip-url = https://a.example/\n\x1b[31m = x\n", 38, 2, "unknown key '\\x1b[31m'");
	parse_bad("ip-url = https://a\0.example/\n", 29, 0, "NUL");
	big = xmalloc(CONFFILE_LINE_MAX + 20);
	memset(big, '#', CONFFILE_LINE_MAX + 19);
	big[CONFFILE_LINE_MAX + 19] = '\0';
	parse_bad(big, strlen(big), 1, "line longer than");
	free(big);
	big = xcalloc(1, CONFFILE_MAX + 2);
	memset(big, '\n', CONFFILE_MAX + 1);
	parse_bad(big, CONFFILE_MAX + 1, 0, "larger than");
	free(big);
}

static void
test_load_and_path(void **state)
{
	struct sshdoc_config	 c;
	char			*dir = tu_tmpdir(), *path, *cause = NULL, *p;

	(void)state;
	xasprintf(&path, "%s/config", dir);
	/* A missing file is an empty configuration. */
	assert_int_equal(conffile_load(path, &c, &cause), 0);
	assert_null(c.ip_url);
	tu_write_str(dir, "config", "ip-url = https://e.example/\n");
	assert_int_equal(conffile_load(path, &c, &cause), 0);
	assert_string_equal(c.ip_url, "https://e.example/");
	conffile_free(&c);
	tu_write_str(dir, "config", "bogus = 1\n");
	assert_int_equal(conffile_load(path, &c, &cause), -1);
	assert_true(tu_cause_at(cause, path, 1));
	free(cause);
	cause = NULL;
	/* A directory is not a configuration file. */
	assert_int_equal(conffile_load(dir, &c, &cause), -1);
	free(cause);

	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	p = conffile_path();
	assert_string_equal(p, "/xdg/sshdoc/config");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	setenv("HOME", "/home/alice", 1);
	p = conffile_path();
	assert_string_equal(p, "/home/alice/.config/sshdoc/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");

	free(path);
	tu_rm_rf(dir);
	free(dir);
}

static void
test_url_check(void **state)
{
	static const char *const good_https[] = {
		"https://e.example/", "https://e.example", "https://127.0.0.1:8443/ip",
		"https://[::1]:443/x?y=1", "https://user@e.example/%20", NULL
	};
	static const char *const bad[] = {
		"", "http://e.example/", "HTTPS://e.example/", "https:/e.example/",
		"https:///path", "ftp://e.example/", "e.example", "https://e.example/a b",
		"https://e.example/\x1b", "https://caf\xc3\xa9.example/", "file:///etc/hosts",
		"https://", "javascript:alert(1)", NULL
	};
	char	*cause;
	size_t	 i;

	(void)state;
	for (i = 0; good_https[i] != NULL; i++) {
		cause = NULL;
		if (http_url_check(good_https[i], 0, &cause) != 0)
			fail_msg("refused %s: %s", good_https[i], cause);
	}
	for (i = 0; bad[i] != NULL; i++) {
		cause = NULL;
		if (http_url_check(bad[i], 0, &cause) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_null(tu_unclean(cause, strlen(cause)));
		free(cause);
	}
	/* file:// only where a local mirror is allowed, and with a path. */
	cause = NULL;
	assert_int_equal(http_url_check("file:///srv/mirror/content.bundle", 1, &cause), 0);
	assert_int_equal(http_url_check("file://", 1, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(http_url_check("http://e.example/", 1, &cause), -1);
	assert_non_null(strstr(cause, "not http://"));
	free(cause);
}

/*
 * Inputs fuzz_conffile found (crash-21fdd5b9...): "https:/" and bytes that are
 * no host. conffile_parse must refuse what http_url_check refuses.
 */
static void
test_fuzz_regressions(void **state)
{
	static const char *const inputs[] = {
		"ip-url = https:/\xd1\x93\x8f\x8b ",
		"ip-url = https:///path\n",
		"control-url = https:/e.example/\n",
		NULL
	};
	struct sshdoc_config	 c;
	char			*cause;
	size_t			 i;

	(void)state;
	for (i = 0; inputs[i] != NULL; i++) {
		cause = NULL;
		if (conffile_parse(inputs[i], strlen(inputs[i]), "config", &c, &cause) != 0) {
			assert_null(tu_unclean(cause, strlen(cause)));
			free(cause);
			continue;
		}
		if (c.ip_url != NULL && http_url_check(c.ip_url, 0, &cause) != 0)
			fail_msg("accepted \"%s\", which http_url_check refuses: %s",
			    c.ip_url, cause);
		if (c.control_url != NULL && http_url_check(c.control_url, 0, &cause) != 0)
			fail_msg("accepted \"%s\", which http_url_check refuses: %s",
			    c.control_url, cause);
		conffile_free(&c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_comments),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_load_and_path),
		cmocka_unit_test(test_url_check),
		cmocka_unit_test(test_fuzz_regressions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
