/* test_inventory.c: ansible-inventory --list JSON into hosts and connection variables, ansible --list-hosts output, shell word splitting (checks/parse/inventory-parse.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/inventory-parse.h"

/* What ansible-inventory 2.14 prints for a small INI inventory (groups, vars, children). */
static const char LIST[] =
"{\n"
"    \"_meta\": {\n"
"        \"hostvars\": {\n"
"            \"db1\": {\"ansible_host\": \"10.0.0.5\", \"ansible_port\": 2222,\n"
"                      \"ansible_user\": \"deploy\",\n"
"                      \"ansible_ssh_private_key_file\": \"/keys/db\",\n"
"                      \"ansible_ssh_common_args\": \"-o ProxyJump=bastion -oConnectTimeout=3 -J x -o 'User Known'\"},\n"
"            \"web1\": {\"ansible_port\": \"2200\", \"ansible_ssh_user\": \"www\"},\n"
"            \"web2\": {\"ansible_port\": 70000, \"ansible_host\": 5}\n"
"        }\n"
"    },\n"
"    \"all\": {\"children\": [\"ungrouped\", \"web\", \"db\", \"loop\"]},\n"
"    \"ungrouped\": {\"hosts\": [\"lonely\"]},\n"
"    \"web\": {\"hosts\": [\"web1\", \"web2\"], \"children\": [\"db\"]},\n"
"    \"db\": {\"hosts\": [\"db1\", \"web1\"]},\n"
"    \"loop\": {\"children\": [\"loop\", \"all\"]}\n"
"}\n";

static const struct inv_host *
find(const struct inv_list *l, const char *name)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

static void
test_list(void **state)
{
	struct inv_list	 l;
	const struct inv_host *h;
	char		*cause = NULL;

	(void)state;
	assert_int_equal(inventory_parse(LIST, strlen(LIST), &l, &cause), 0);
	/* every host once, groups in order, children followed, loops ignored */
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].name, "lonely");
	assert_string_equal(l.v[1].name, "web1");
	assert_string_equal(l.v[2].name, "web2");
	assert_string_equal(l.v[3].name, "db1");
	h = find(&l, "lonely");
	assert_string_equal(h->host, "lonely");
	assert_null(h->user);
	assert_int_equal(h->port, 0);
	h = find(&l, "db1");
	assert_string_equal(h->host, "10.0.0.5");
	assert_string_equal(h->user, "deploy");
	assert_int_equal(h->port, 2222);
	assert_string_equal(h->key_file, "/keys/db");
	assert_int_equal(h->ssh_args.n, 3);
	assert_string_equal(h->ssh_args.v[0], "ProxyJump=bastion");
	assert_string_equal(h->ssh_args.v[1], "ConnectTimeout=3");
	assert_string_equal(h->ssh_args.v[2], "User Known");
	assert_int_equal(h->ignored.n, 2);
	assert_string_equal(h->ignored.v[0], "-J");
	assert_string_equal(h->ignored.v[1], "x");
	/* a port as a string; the old ansible_ssh_user name */
	h = find(&l, "web1");
	assert_int_equal(h->port, 2200);
	assert_string_equal(h->user, "www");
	/* a port out of range and a host that is not a string: noted, not used */
	h = find(&l, "web2");
	assert_int_equal(h->port, 0);
	assert_string_equal(h->host, "web2");
	assert_int_equal(h->ignored.n, 2);
	inventory_free(&l);
}

static void
test_not_inventory(void **state)
{
	struct inv_list	 l;
	char		*cause = NULL;
	const char	*bad[] = { "", "[]", "{\"hosts\": []}", "{\"all\": 1}", "{\"all\": {}",
	    "{\"all\": {}, \"all\": {}}", NULL };
	size_t		 i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++) {
		assert_int_equal(inventory_parse(bad[i], strlen(bad[i]), &l, &cause), -1);
		assert_non_null(cause);
		assert_int_equal(l.n, 0);
		free(cause);
		cause = NULL;
	}
	/* an empty inventory is one, with no hosts */
	assert_int_equal(inventory_parse("{\"all\": {}}", 11, &l, &cause), 0);
	assert_int_equal(l.n, 0);
	inventory_free(&l);
}

static void
test_split_words(void **state)
{
	struct strlist	 w = { NULL, 0 };

	(void)state;
	assert_int_equal(inventory_split_words("  -o 'A=b c'  \"x\\\"y\" z\\ w '' ", &w), 0);
	assert_int_equal(w.n, 5);
	assert_string_equal(w.v[0], "-o");
	assert_string_equal(w.v[1], "A=b c");
	assert_string_equal(w.v[2], "x\"y");
	assert_string_equal(w.v[3], "z w");
	assert_string_equal(w.v[4], "");
	strlist_free(&w);
	assert_int_equal(inventory_split_words("-o 'open", &w), -1);
	assert_int_equal(w.n, 0);
	assert_int_equal(inventory_split_words("", &w), 0);
	assert_int_equal(w.n, 0);
}

static void
test_list_hosts(void **state)
{
	struct strlist	 w = { NULL, 0 };

	(void)state;
	assert_int_equal(inventory_parse_list_hosts("  hosts (2):\n    web1\n    db-1 \n", &w), 0);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.v[0], "web1");
	assert_string_equal(w.v[1], "db-1");
	strlist_free(&w);
	assert_int_equal(inventory_parse_list_hosts("[WARNING]: x\n  hosts (0):\n", &w), 0);
	assert_int_equal(w.n, 0);
	assert_int_equal(inventory_parse_list_hosts("ERROR! no hosts\n", &w), -1);
}

static void
test_filter(void **state)
{
	struct inv_list	 l;
	struct strlist	 keep = { NULL, 0 };
	char		*cause = NULL;

	(void)state;
	assert_int_equal(inventory_parse(LIST, strlen(LIST), &l, &cause), 0);
	strlist_add(&keep, "db1");
	strlist_add(&keep, "lonely");
	strlist_add(&keep, "not-there");
	inventory_filter(&l, &keep);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].name, "lonely");
	assert_string_equal(l.v[1].name, "db1");
	inventory_free(&l);
	strlist_free(&keep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_not_inventory),
		cmocka_unit_test(test_split_words),
		cmocka_unit_test(test_list_hosts),
		cmocka_unit_test(test_filter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
