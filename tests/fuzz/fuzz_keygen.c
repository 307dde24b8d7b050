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
	const char		*t;
	size_t			 i, j;

	/* Not NUL-terminated on purpose: the parser takes a length. */
	keygen_parse((const char *)data, size, &m);
	FUZZ_CHECK(m.n <= KEYGEN_ENTRIES_MAX, "%zu matches", m.n);
	for (i = 0; i < m.n; i++) {
		FUZZ_CHECK(m.v[i].line > 0, "line %lu", m.v[i].line);
		FUZZ_CHECK(m.v[i].nword <= KEYGEN_WORDS, "%zu words", m.v[i].nword);
		for (j = 0; j < m.v[i].nword; j++) {
			FUZZ_CHECK(strlen(m.v[i].word[j]) <= KEYGEN_WORD_MAX, "word %zu", j);
			/* a known type's short name is one of ssh-keygen -l's upper-case words */
			if ((t = keygen_short_type(m.v[i].word[j])) != NULL)
				FUZZ_CHECK(*t >= 'A' && *t <= 'Z', "short name %s", t);
		}
	}
	keygen_matches_free(&m);
	return 0;
}
