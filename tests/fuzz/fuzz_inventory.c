/* fuzz_inventory.c: any bytes as ansible-inventory --list JSON or --list-hosts output: a verdict without a crash, and every host kept is whole (a name, a host, a port in range, bounded values). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/inventory-parse.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inv_list	 l;
	struct strlist	 w = { NULL, 0 };
	char		*s, *cause = NULL;
	size_t		 i, j;

	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (inventory_parse(s, size, &l, &cause) == 0) {
		FUZZ_CHECK(l.n <= INV_HOSTS_MAX, "%zu hosts", l.n);
		for (i = 0; i < l.n; i++) {
			FUZZ_CHECK(l.v[i].name != NULL && *l.v[i].name != '\0', "host %zu: no name", i);
			FUZZ_CHECK(strlen(l.v[i].name) <= INV_NAME_MAX, "host %zu: long name", i);
			FUZZ_CHECK(l.v[i].host != NULL && *l.v[i].host != '\0', "host %zu: no host", i);
			FUZZ_CHECK(l.v[i].port >= 0 && l.v[i].port <= 65535, "port %d", l.v[i].port);
			FUZZ_CHECK(l.v[i].user == NULL || strlen(l.v[i].user) <= INV_NAME_MAX,
			    "long user");
			for (j = 0; j < i && j < 64; j++)
				FUZZ_CHECK(strcmp(l.v[i].name, l.v[j].name) != 0, "%s twice",
				    l.v[i].name);
		}
		inventory_filter(&l, &w);
		FUZZ_CHECK(l.n == 0, "an empty keep list kept %zu", l.n);
		inventory_free(&l);
	} else {
		FUZZ_CHECK(cause != NULL, "no cause");
		FUZZ_CHECK(l.n == 0, "hosts left after an error");
		free(cause);
	}
	if (inventory_parse_list_hosts(s, &w) == 0) {
		for (i = 0; i < w.n; i++)
			FUZZ_CHECK(*w.v[i] != '\0' && strchr(w.v[i], '\n') == NULL &&
			    strlen(w.v[i]) <= INV_NAME_MAX, "bad name in --list-hosts");
	}
	strlist_free(&w);
	if (size <= 4096) {
		if (inventory_split_words(s, &w) == 0) {
			for (i = 0; i < w.n; i++)
				FUZZ_CHECK(strlen(w.v[i]) <= size, "a word longer than the input");
		} else
			FUZZ_CHECK(w.n == 0, "words left after an error");
		strlist_free(&w);
	}
	free(s);
	return 0;
}
