/* fuzz_sshconf.c: ssh -G output of any shape parses into clean lower-case keywords and bounded values. */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "checks/client/sshconf.h"
#include "tests/fuzz/fuzz_common.h"

/* sshconf_effective needs the scheduler, which this target does not link. */
void *
check_data(struct check_ctx *ctx, const char *id)
{
	(void)ctx;
	(void)id;
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sshconf	 c;
	char		*s;
	const char	*v, *q;
	size_t		 i, j;

	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	sshconf_parse(s, &c);
	FUZZ_CHECK(c.keys.n == c.values.n, "%zu keys, %zu values", c.keys.n, c.values.n);
	FUZZ_CHECK(c.keys.n <= 2000, "%zu keys", c.keys.n);
	for (i = 0; i < c.keys.n; i++) {
		FUZZ_CHECK(c.keys.v[i][0] != '\0', "empty keyword");
		FUZZ_CHECK(strlen(c.keys.v[i]) <= 64, "keyword too long");
		FUZZ_CHECK(strlen(c.values.v[i]) <= 4096, "value too long");
		FUZZ_CHECK(sanitized_ok(c.keys.v[i]), "keyword not sanitized");
		FUZZ_CHECK(sanitized_ok(c.values.v[i]), "value not sanitized");
		FUZZ_CHECK(fuzz_unclean(c.keys.v[i], strlen(c.keys.v[i])) == NULL, "keyword unclean");
		FUZZ_CHECK(fuzz_unclean(c.values.v[i], strlen(c.values.v[i])) == NULL, "value unclean");
		for (q = c.keys.v[i]; *q != '\0'; q++)
			FUZZ_CHECK(!isupper((unsigned char)*q), "keyword not lower-case");
		/* The lookup answers with the first line of that keyword (a few: it is quadratic). */
		if (i >= 64)
			continue;
		v = sshconf_get(&c, c.keys.v[i]);
		for (j = 0; j < i && strcmp(c.keys.v[j], c.keys.v[i]) != 0; j++)
			;
		FUZZ_CHECK(v == c.values.v[j], "lookup of keyword %zu", i);
	}
	sshconf_free(&c);
	free(s);
	return 0;
}
