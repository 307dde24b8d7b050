/* fuzz_article.c: article_parse and article_check on any bytes: no crash or over-read, located errors. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content/article.h"
#include "tests/fuzz/fuzz_common.h"

/* A value for every placeholder, longer than most defaults: filling must grow the line safely. */
static const char *
long_value(const char *name, void *arg)
{
	(void)arg;
	return name[0] == 'k' ? "/a/path/far/longer/than/the/default/it/replaces" : NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct article	*a = NULL;
	char		*cause = NULL;
	size_t		 i;

	if (article_parse((const char *)data, size, "fuzz.txt", &a, &cause) != 0) {
		fuzz_check_cause(cause, "fuzz.txt", data, size);
		free(cause);
		return 0;
	}
	FUZZ_CHECK(a != NULL, "success without an article");
	FUZZ_CHECK(a->id != NULL && a->title != NULL && a->applies != NULL, "missing header");
	for (i = 0; i < a->nlines; i++) {
		const struct article_line *l = &a->lines[i];

		FUZZ_CHECK(l->kind <= ALINE_BLANK, "bad kind %d", l->kind);
		if (l->kind != ALINE_BLANK)
			FUZZ_CHECK(l->text != NULL, "line %zu without text", i);
		if (l->text != NULL)
			FUZZ_CHECK(memchr(l->text, '\n', strlen(l->text)) == NULL, "newline in text");
		FUZZ_CHECK(l->indent >= 0, "negative indent");
		if (l->raw != NULL) {
			char	*filled = article_fill(l->raw, long_value, NULL);

			FUZZ_CHECK(strchr(filled, '\n') == NULL, "newline in a filled line");
			free(filled);
		}
		if (l->kind == ALINE_STEP)
			FUZZ_CHECK(l->number >= 0, "negative step number");
	}
	if (article_check(a, "fuzz.txt", &cause) != 0) {
		FUZZ_CHECK(cause != NULL, "check failed without a cause");
		free(cause);
	}
	article_free(a);
	return 0;
}
