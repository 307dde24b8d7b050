/* test_facts.c: named facts on a check result (checks/check.h check_fact) and the facts each check declares. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"

static void
test_record_and_replace(void **state)
{
	struct check_result	 res;

	(void)state;
	memset(&res, 0, sizeof res);
	assert_null(check_fact_get(&res, "key_file"));
	check_fact(&res, "key_file", "%s/.ssh/id_%s", "/home/alice", "ed25519");
	check_fact(&res, "jail", "sshd");
	assert_string_equal(check_fact_get(&res, "key_file"), "/home/alice/.ssh/id_ed25519");
	check_fact(&res, "key_file", "%s", "/tmp/k");
	assert_string_equal(check_fact_get(&res, "key_file"), "/tmp/k");
	assert_int_equal(res.facts->n, 2);
	/* outside the vocabulary: ignored */
	check_fact(&res, "no_such_fact", "x");
	assert_null(check_fact_get(&res, "no_such_fact"));
	assert_int_equal(res.facts->n, 2);
	check_result_free(&res);
	assert_null(res.facts);
}

/* "FILE:LINE: text" (sshconf_locate) gives config_file and config_line; anything else nothing. */
static void
test_location(void **state)
{
	struct check_result	 res;

	(void)state;
	memset(&res, 0, sizeof res);
	check_fact_location(&res, "/home/a:b/.ssh/config:12: KexAlgorithms");
	assert_string_equal(check_fact_get(&res, "config_file"), "/home/a:b/.ssh/config");
	assert_string_equal(check_fact_get(&res, "config_line"), "12");
	check_result_free(&res);
	check_fact_location(&res, "no colon at all");
	check_fact_location(&res, "/etc/ssh/ssh_config:0: Port");
	check_fact_location(&res, "/etc/ssh/ssh_config:x: Port");
	check_fact_location(&res, ":");
	check_fact_location(&res, "");
	assert_null(check_fact_get(&res, "config_file"));
	check_result_free(&res);
}

static void
test_sanitized_and_bounded(void **state)
{
	struct check_result	 res;
	char			*big;
	const char		*v;

	(void)state;
	memset(&res, 0, sizeof res);
	check_fact(&res, "client_ip", "192.0.2.7\x1b[2J\nrm -rf /");
	v = check_fact_get(&res, "client_ip");
	assert_null(strchr(v, '\x1b'));
	assert_null(strchr(v, '\n'));
	big = malloc(10000);
	memset(big, 'a', 9999);
	big[9999] = '\0';
	check_fact(&res, "config_file", "%s", big);
	assert_true(strlen(check_fact_get(&res, "config_file")) <= CHECK_FACT_VALUE_MAX);
	free(big);
	check_result_free(&res);
}

/* Every name a check declares is in the vocabulary, and the vocabulary names are unique. */
static void
test_declarations(void **state)
{
	size_t	 i, j;

	(void)state;
	for (i = 0; check_table[i] != NULL; i++) {
		for (j = 0; check_table[i]->facts != NULL && check_table[i]->facts[j] != NULL; j++) {
			if (!check_fact_known(check_table[i]->facts[j]))
				fail_msg("%s declares unknown fact %s", check_table[i]->id,
				    check_table[i]->facts[j]);
			assert_true(check_declares_fact(check_table[i], check_table[i]->facts[j]));
		}
		assert_false(check_declares_fact(check_table[i], "no_such_fact"));
	}
	for (i = 0; check_fact_names[i] != NULL; i++) {
		for (j = i + 1; check_fact_names[j] != NULL; j++)
			assert_string_not_equal(check_fact_names[i], check_fact_names[j]);
	}
	assert_true(check_declares_fact(check_find("fail2ban"), "jail"));
	assert_true(check_declares_fact(check_find("local-files"), "key_file"));
	assert_true(check_declares_fact(check_find("sshd-hostkeys"), "hostkey_path"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_and_replace),
		cmocka_unit_test(test_sanitized_and_bounded),
		cmocka_unit_test(test_location),
		cmocka_unit_test(test_declarations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
