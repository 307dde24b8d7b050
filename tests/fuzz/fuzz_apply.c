/* fuzz_apply.c: an Apply line's words and the unified diff of two texts (content/apply-text.c) on any bytes: no crash, words as the line holds them, a diff made only of its own line forms. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content/apply.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strlist	 ws = { NULL, 0 };
	const uint8_t	*cut;
	char		*line, *d, *p, *nl;
	size_t		 i, half, total = 0;

	/* The words: as many as the line has (bounded), none empty, none longer than it. */
	line = malloc(size + 1);
	FUZZ_CHECK(line != NULL, "malloc");
	memcpy(line, data, size);
	line[size] = '\0';
	if (fix_apply_words(line, &ws) == 0) {
		for (i = 0; i < ws.n; i++) {
			FUZZ_CHECK(ws.v[i][0] != '\0', "empty word %zu", i);
			FUZZ_CHECK(ws.v[i][0] != ' ', "word %zu begins with a space", i);
			total += strlen(ws.v[i]);
		}
		FUZZ_CHECK(ws.n <= FIX_STEP_ARGS_MAX + 1, "%zu words", ws.n);
		FUZZ_CHECK(total <= strlen(line), "words longer than the line");
	}
	strlist_free(&ws);
	free(line);

	/* The diff: the input split at its first NUL (or in half) into old and new. */
	cut = memchr(data, '\0', size);
	half = cut != NULL ? (size_t)(cut - data) : size / 2;
	d = fix_unified_diff("f", (const char *)data, half, (const char *)data +
	    (cut != NULL ? half + 1 : half), size - half - (cut != NULL ? 1 : 0));
	if (cut == NULL && half * 2 == size && memcmp(data, data + half, half) == 0)
		FUZZ_CHECK(*d == '\0', "a diff of two equal texts");
	for (p = d; *p != '\0'; p = nl + 1) {
		FUZZ_CHECK((nl = strchr(p, '\n')) != NULL, "a diff line without its newline");
		FUZZ_CHECK(strncmp(p, "--- ", 4) == 0 || strncmp(p, "+++ ", 4) == 0 ||
		    strncmp(p, "@@ ", 3) == 0 || *p == ' ' || *p == '+' || *p == '-',
		    "a diff line of no known form");
	}
	free(d);
	return 0;
}
