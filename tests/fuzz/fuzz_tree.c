/* fuzz_tree.c: tree_parse on any bytes: no crash or over-read, located errors, consistent trees. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content/tree.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tree	*t = NULL;
	char		*cause = NULL;
	size_t		 i, j;
	static const char *modes[] = { "client", "server", "explain", "bogus" };
	enum confidence	 c;

	if (tree_parse((const char *)data, size, "fuzz.txt", &t, &cause) != 0) {
		fuzz_check_cause(cause, "fuzz.txt", data, size);
		free(cause);
		return 0;
	}
	FUZZ_CHECK(t != NULL, "success without a tree");
	for (i = 0; i < t->nnodes; i++) {
		const struct tree_node *n = &t->nodes[i];

		FUZZ_CHECK(n->id != NULL && n->id[0] != '\0', "node without id");
		FUZZ_CHECK(tree_node_find(t, n->id) == n, "node %s not found (duplicate?)", n->id);
		for (j = 0; j < n->nrun; j++)
			FUZZ_CHECK(n->run[j] != NULL && n->run[j][0] != '\0', "empty run entry");
		for (j = 0; j < n->nrules; j++) {
			const struct tree_rule *r = &n->rules[j];

			FUZZ_CHECK(r->check != NULL && r->outcome != NULL, "rule without check");
			FUZZ_CHECK(r->action <= RULE_INCONCLUSIVE, "bad action %d", r->action);
			if (r->action == RULE_CAUSE || r->action == RULE_GOTO)
				FUZZ_CHECK(r->target != NULL && r->target[0] != '\0', "no target");
			if (r->action == RULE_CAUSE) {
				FUZZ_CHECK(r->conf <= CONF_POSSIBLE, "bad confidence");
				FUZZ_CHECK(confidence_parse(confidence_name(r->conf), &c) == 0 &&
				    c == r->conf, "confidence does not round-trip");
			}
			FUZZ_CHECK(r->line >= n->line, "rule line before its node");
		}
	}
	for (i = 0; i < t->nstarts; i++) {
		FUZZ_CHECK(t->starts[i].mode != NULL && t->starts[i].node != NULL, "bad start");
		FUZZ_CHECK(tree_start_node(t, t->starts[i].mode) != NULL, "start not found");
	}
	for (i = 0; i < t->nrelations; i++) {
		const struct tree_relation *r = &t->relations[i];

		FUZZ_CHECK(r->explaining != NULL && r->explained != NULL &&
		    strcmp(r->explaining, r->explained) != 0, "bad explains");
		for (j = 0; j < r->nconds; j++)
			FUZZ_CHECK(r->conds[j].check != NULL && (r->conds[j].outcome != NULL) !=
			    (r->conds[j].fact != NULL && r->conds[j].npatterns > 0),
			    "a condition is neither an outcome nor a fact");
	}
	for (i = 0; i < t->nalternatives; i++)
		FUZZ_CHECK(t->alternatives[i].cause != NULL, "alternatives without a cause");
	for (i = 0; i < sizeof modes / sizeof modes[0]; i++)
		(void)tree_start_node(t, modes[i]);
	(void)tree_node_find(t, "");
	tree_free(t);
	return 0;
}
