/* test_fleet.c: the --hosts list (bounded, validated lines), the -o values an inventory may pass, and the table that groups hosts by top cause (ui/fleet.h, ui/fleet-table.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/xmalloc.h"
#include "ui/fleet.h"
#include "ui/fleet-table.h"
#include "tests/unit/testutil.h"

static int
read_hosts(const char *text, struct fleet_list *l, char **cause)
{
	FILE	*f = fmemopen((void *)text, strlen(text), "r");
	int	 rc;

	assert_non_null(f);
	rc = fleet_read_hosts(f, "hosts", l, cause);
	fclose(f);
	return rc;
}

static void
test_targets(void **state)
{
	struct fleet_target t;
	char	*cause = NULL;

	(void)state;
	assert_int_equal(fleet_parse_target("alice@web.example:2222", &t, &cause), 0);
	assert_string_equal(t.user, "alice");
	assert_string_equal(t.host, "web.example");
	assert_int_equal(t.port, 2222);
	assert_string_equal(t.name, "alice@web.example:2222");
	free(t.name); free(t.host); free(t.user);
	assert_int_equal(fleet_parse_target("[2001:db8::1]:22", &t, &cause), 0);
	assert_string_equal(t.host, "2001:db8::1");
	assert_null(t.user);
	free(t.name); free(t.host);
	assert_int_equal(fleet_parse_target("ssh://b@h/", &t, &cause), 0);
	assert_string_equal(t.host, "h");
	free(t.name); free(t.host); free(t.user);
	/* refused: options in disguise, bad ports, shell characters, empty parts */
	const char *bad[] = { "-oProxyCommand=x", "u@-h", "h:0", "h:65536", "h:2x", "h;rm",
	    "@h", "-u@h", "[::1", "[::1]x", "h%1", "u@", "a b", NULL };
	for (size_t i = 0; bad[i] != NULL; i++) {
		assert_int_equal(fleet_parse_target(bad[i], &t, &cause), -1);
		assert_non_null(cause);
		free(cause);
		cause = NULL;
	}
}

static void
test_read_hosts(void **state)
{
	struct fleet_list l;
	char	*cause = NULL;

	(void)state;
	assert_int_equal(read_hosts("# fleet\n\n  web1  \nroot@10.0.0.1:22 # db\r\n\tb:2\n", &l,
	    &cause), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].host, "web1");
	assert_string_equal(l.v[1].name, "root@10.0.0.1:22");
	assert_int_equal(l.v[2].port, 2);
	fleet_list_free(&l);
	/* the refusal names the line */
	assert_int_equal(read_hosts("a\n\n-b\n", &l, &cause), -1);
	assert_string_equal(cause, "hosts:3: a host that begins with '-' is refused: '-b'");
	free(cause);
	assert_int_equal(read_hosts("# nothing\n\n", &l, &cause), -1);
	assert_string_equal(cause, "hosts: no hosts in it");
	free(cause);
}

static void
test_read_bounds(void **state)
{
	struct fleet_list l;
	char	*cause = NULL, *big;
	size_t	 i;

	(void)state;
	big = malloc(FLEET_LINE_MAX + 10);
	memset(big, 'a', FLEET_LINE_MAX + 8);
	big[FLEET_LINE_MAX + 8] = '\0';
	assert_int_equal(read_hosts(big, &l, &cause), -1);
	assert_non_null(strstr(cause, "hosts:1: line longer than"));
	free(cause);
	free(big);
	/* FLEET_HOSTS_MAX + 1 lines "h\n" */
	big = malloc(2 * (FLEET_HOSTS_MAX + 1) + 1);
	for (i = 0; i < FLEET_HOSTS_MAX + 1; i++)
		memcpy(big + 2 * i, "h\n", 2);
	big[2 * (FLEET_HOSTS_MAX + 1)] = '\0';
	assert_int_equal(read_hosts(big, &l, &cause), -1);
	assert_non_null(strstr(cause, "more than"));
	free(cause);
	/* a file over FLEET_FILE_MAX bytes of comments */
	free(big);
	big = malloc(FLEET_FILE_MAX + 100);
	for (i = 0; i + 100 < FLEET_FILE_MAX + 100; i += 100) {
		memset(big + i, '#', 99);
		big[i + 99] = '\n';
	}
	big[i] = '\0';
	assert_int_equal(read_hosts(big, &l, &cause), -1);
	assert_non_null(strstr(cause, "bytes"));
	free(cause);
	free(big);
}

static void
test_ssh_options(void **state)
{
	(void)state;
	assert_true(fleet_ssh_option_ok("ConnectTimeout=3"));
	assert_true(fleet_ssh_option_ok("User Known"));
	assert_true(fleet_ssh_option_ok("ProxyJump=bastion"));
	assert_false(fleet_ssh_option_ok("=x"));
	assert_false(fleet_ssh_option_ok("NoValue"));
	assert_false(fleet_ssh_option_ok("Bad-Key=x"));
	assert_false(fleet_ssh_option_ok("Key=a\nb"));
	assert_false(fleet_ssh_option_ok(""));
}

static void
test_check(void **state)
{
	struct fleet_opts fo;

	(void)state;
	memset(&fo, 0, sizeof fo);
	assert_null(fleet_check(&fo, 1, "client", 0, 0));
	assert_false(fo.active);
	fo.args[0] = "-";
	fo.args[3] = "50";
	assert_null(fleet_check(&fo, 0, "client", 1, 0));
	assert_true(fo.active && fo.json && fo.parallel == 50);
	assert_string_equal(fo.hosts_file, "-");
	fo.args[3] = "0";
	assert_non_null(fleet_check(&fo, 0, "client", 0, 0));
	fo.args[3] = "257";
	assert_non_null(fleet_check(&fo, 0, "client", 0, 0));
	fo.args[3] = "+5";
	assert_non_null(fleet_check(&fo, 0, "client", 0, 0));
	fo.args[3] = NULL;
	assert_non_null(fleet_check(&fo, 1, "client", 0, 0));	/* and a target */
	assert_non_null(fleet_check(&fo, 0, "server", 0, 0));
	assert_non_null(fleet_check(&fo, 0, "client", 0, 1));	/* --share */
	fo.args[2] = "web";					/* --limit without --inventory */
	assert_non_null(fleet_check(&fo, 0, "client", 0, 0));
	memset(&fo, 0, sizeof fo);
	fo.args[1] = "inv";
	fo.args[2] = "web:!db";
	assert_null(fleet_check(&fo, 0, "client", 0, 0));
	fo.args[2] = "-x";
	assert_non_null(fleet_check(&fo, 0, "client", 0, 0));
	fo.args[2] = NULL;
	fo.args[1] = "-";					/* no stdin inventory */
	assert_non_null(fleet_check(&fo, 0, "client", 0, 0));
	fo.args[0] = "h";
	fo.args[1] = "inv";
	assert_non_null(fleet_check(&fo, 0, "client", 0, 0));	/* both */
}

static void
test_target_options(void **state)
{
	struct check_options base, opt;
	struct fleet_target t;
	const char *cl[] = { "ConnectTimeout=9", NULL }, *o[CHECK_SSH_OPTIONS_MAX + 1];
	char	*cause = NULL;
	int	 i;

	(void)state;
	memset(&base, 0, sizeof base);
	base.port = 22;
	base.user = "me";
	base.identity = "/k/cl";
	base.ssh_options = cl;
	assert_int_equal(fleet_parse_target("db:2222", &t, &cause), 0);
	fleet_target_options(&base, &t, &opt, o);
	assert_string_equal(opt.host, "db");
	assert_int_equal(opt.port, 2222);
	assert_true(opt.port_given);
	assert_string_equal(opt.user, "me");		/* the command line's, not given */
	assert_false(opt.user_given);
	assert_ptr_equal(opt.ssh_options, cl);		/* no -o of its own: the command line's */
	/* the host's -o after the command line's, bounded; its key file over -i */
	t.identity = xstrdup("/k/db");
	for (i = 0; i < FLEET_SSH_OPTIONS_MAX; i++)
		xasprintf(&t.ssh_options[t.nssh_options++], "Opt%d=x", i);
	fleet_target_options(&base, &t, &opt, o);
	assert_string_equal(opt.identity, "/k/db");
	assert_string_equal(opt.ssh_options[0], "ConnectTimeout=9");
	assert_string_equal(opt.ssh_options[1], "Opt0=x");
	assert_string_equal(opt.ssh_options[CHECK_SSH_OPTIONS_MAX - 1], "Opt14=x");
	assert_null(opt.ssh_options[CHECK_SSH_OPTIONS_MAX]);
	for (i = 0; i < t.nssh_options; i++)
		free(t.ssh_options[i]);
	free(t.identity);
	free(t.name);
	free(t.host);
}

static void
test_is_inventory(void **state)
{
	static const struct { const char *name, *text; int want; } cases[] = {
		{ "hosts", "# fleet\nweb1\nroot@db:2222\n[2001:db8::1]\n[2001:db8::2]:22\n", 0 },
		{ "ini", "web1\n[web]\nweb2\n", 1 },
		{ "vars", "[web:vars]\n", 1 },
		{ "kv", "web1 ansible_host=10.0.0.1\n", 1 },
		{ "yaml", "all:\n  hosts:\n    web1:\n", 1 },
		{ "json", "{\"all\": {}}\n", 1 },
		{ "inv.yml", "web1\n", 1 },
		{ "empty", "", 0 },
	};
	char	*dir = tu_tmpdir(), *path;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		path = tu_write(dir, cases[i].name, cases[i].text, strlen(cases[i].text));
		if (fleet_is_inventory(path) != cases[i].want)
			fail_msg("%s: expected %d", cases[i].name, cases[i].want);
		free(path);
	}
	assert_int_equal(fleet_is_inventory(dir), 1);	/* a directory: an inventory */
	xasprintf(&path, "%s/missing", dir);
	assert_int_equal(fleet_is_inventory(path), -1);
	free(path);
	tu_rm_rf(dir);
	free(dir);
}

static json_t *
report(const char *verdict, const char *cause, const char *fix_cmd)
{
	char	*text;
	json_t	*o;

	if (cause == NULL)
		xasprintf(&text, "{\"causes\": [], \"verdict\": \"%s\"}", verdict);
	else
		xasprintf(&text, "{\"causes\": [{\"id\": \"%s\", \"summary\": \"s %s\", \"fix\": "
		    "\"%s\", \"fix_commands\": [\"%s\"]}], \"verdict\": \"%s\"}", cause, cause,
		    cause, fix_cmd, verdict);
	o = json_loads(text, 0, NULL);
	free(text);
	assert_non_null(o);
	return o;
}

static void
test_table(void **state)
{
	struct fleet_table t;
	json_t	*r;
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;
	int	 i;

	(void)state;
	fleet_table_init(&t, NULL, 8);
	assert_int_equal(fleet_table_status(&t), 0);
	r = report("ok", NULL, NULL);
	assert_int_equal(fleet_table_add(&t, 0, "ok1", r, NULL), 0);
	json_decref(r);
	for (i = 7; i >= 3; i--) {	/* finishing out of list order */
		char name[8];

		snprintf(name, sizeof name, "c%d", i);
		r = report("problem", "port-closed", name);
		assert_int_equal(fleet_table_add(&t, (size_t)i, name, r, NULL), 1);
		json_decref(r);
	}
	r = report("problem", "hostkey-changed", "ssh-keygen -R h");
	assert_int_equal(fleet_table_add(&t, 1, "hk", r, NULL), 1);
	json_decref(r);
	assert_int_equal(fleet_table_add(&t, 2, "dead", NULL, "no report"), 3);
	/* the same index twice is not counted twice */
	assert_int_equal(fleet_table_add(&t, 2, "dead", NULL, "no report"), 3);
	assert_int_equal(t.nhosts, 8);
	assert_int_equal(fleet_table_status(&t), 1);
	fleet_table_sort(&t);
	assert_int_equal(t.ngroups, 3);
	assert_string_equal(t.groups[0].id, "port-closed");
	assert_int_equal(t.groups[0].n, 5);
	assert_int_equal(t.groups[0].hosts[0], 3);	/* list order */
	assert_int_equal(t.groups[0].hosts[4], 7);
	assert_int_equal(t.groups[0].first, 3);		/* the first listed shows its fix */
	assert_string_equal(t.groups[0].fix.v[0], "c3");
	assert_int_equal(t.groups[0].fix.n, 1);
	assert_string_equal(t.groups[1].id, "hostkey-changed");
	assert_null(t.groups[2].id);			/* the undecided last */

	f = open_memstream(&buf, &len);
	fleet_table_print(f, &t, 1500);
	fclose(f);
	assert_non_null(strstr(buf, "8 hosts in 1.5 s: 1 ok, 6 with a problem, 1 undecided\n"));
	assert_non_null(strstr(buf, "  5 hosts: c3, c4, c5, c6, c7\n"));
	assert_non_null(strstr(buf, "  fix (as for c3; the others alike):\n"));
	assert_non_null(strstr(buf, "      $ c3\n"));
	assert_non_null(strstr(buf, "Undecided (1 host): dead\n  dead: no report\n"));
	assert_non_null(strstr(buf, "\nok: 1 host\n"));
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	fleet_table_summary(f, &t, 1500);
	fclose(f);
	r = json_loads(buf, 0, NULL);
	assert_non_null(r);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    json_object_get(r, "summary"), "verdicts"), "problem")), 6);
	assert_string_equal(js_str(json_object_get(r, "summary"), "verdict"), "problem");
	assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(
	    json_object_get(r, "summary"), "causes"), 0), "hosts")), 5);
	json_decref(r);
	free(buf);
	fleet_table_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_read_hosts),
		cmocka_unit_test(test_read_bounds),
		cmocka_unit_test(test_ssh_options),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_target_options),
		cmocka_unit_test(test_is_inventory),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
