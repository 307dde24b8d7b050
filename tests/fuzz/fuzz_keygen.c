/* fuzz_keygen.c: `ssh-keygen -F` output of any shape never overruns the known_hosts match parser. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "checks/parse/keygen-parse.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keygen_matches	 m;
	size_t			 i, j;

	/* Not NUL-terminated on purpose: the parser takes a length. */
	keygen_parse((const char *)data, size, &m);
	FUZZ_CHECK(m.n <= KEYGEN_ENTRIES_MAX, "%zu matches", m.n);
	for (i = 0; i < m.n; i++) {
		FUZZ_CHECK(m.v[i].line > 0, "line %lu", m.v[i].line);
		FUZZ_CHECK(m.v[i].nword <= KEYGEN_WORDS, "%zu words", m.v[i].nword);
		for (j = 0; j < m.v[i].nword; j++)
			FUZZ_CHECK(strlen(m.v[i].word[j]) <= KEYGEN_WORD_MAX, "word %zu", j);
	}
	keygen_matches_free(&m);
	return 0;
}
