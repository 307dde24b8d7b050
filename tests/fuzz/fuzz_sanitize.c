/* fuzz_sanitize.c: sanitize() output is clean, idempotent, and honours its cap. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "tests/fuzz/fuzz_common.h"

static void
check_capped(const char *u, const uint8_t *data, size_t size, size_t max)
{
	char	*c = sanitize(data, size, max);
	size_t	 ulen = strlen(u), clen = strlen(c);
	char	*again;

	FUZZ_CHECK(clen <= max, "cap %zu, got %zu bytes", max, clen);
	FUZZ_CHECK(fuzz_unclean(c, clen) == NULL, "capped output: %s", fuzz_unclean(c, clen));
	if (ulen <= max)
		FUZZ_CHECK(strcmp(c, u) == 0, "output fits cap %zu but differs", max);
	else {
		FUZZ_CHECK(clen >= 3 && memcmp(c + clen - 3, "...", 3) == 0,
		    "cut output does not end in ...");
		FUZZ_CHECK(memcmp(c, u, clen - 3) == 0, "cut output is not a prefix");
		FUZZ_CHECK(clen - 3 + 3 + 7 >= max, "cut at %zu kept only %zu", max, clen - 3);
	}
	again = sanitize(c, clen, 0);
	FUZZ_CHECK(strcmp(again, c) == 0, "capped output not idempotent");
	free(again);
	free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*u, *twice, *nt, *s2;
	size_t		 ulen;
	uint64_t	 h = fuzz_hash(data, size);

	u = sanitize(data, size, 0);
	FUZZ_CHECK(u != NULL, "NULL output");
	ulen = strlen(u);
	FUZZ_CHECK(fuzz_unclean(u, ulen) == NULL, "output: %s", fuzz_unclean(u, ulen));
	twice = sanitize(u, ulen, 0);
	FUZZ_CHECK(strcmp(u, twice) == 0, "not idempotent");
	FUZZ_CHECK(sanitized_ok(u), "sanitized_ok rejects sanitize output");
	free(twice);

	check_capped(u, data, size, 3 + (size_t)(h % 64));
	check_capped(u, data, size, 3 + (size_t)((h >> 16) % (ulen + 4)));
	check_capped(u, data, size, SANITIZE_LINE_MAX);

	/* The C-string forms agree, and sanitized_ok(s) means sanitize(s) == s. */
	nt = strndup((const char *)data, size);
	s2 = sanitize_str(nt, 0);
	{
		char *viabuf = sanitize(nt, strlen(nt), 0);

		FUZZ_CHECK(strcmp(s2, viabuf) == 0, "sanitize_str differs from sanitize");
		free(viabuf);
	}
	FUZZ_CHECK((sanitized_ok(nt) != 0) == (strcmp(s2, nt) == 0),
	    "sanitized_ok(s)=%d disagrees with sanitize(s)==s", sanitized_ok(nt));
	free(s2);
	free(nt);
	free(u);
	return 0;
}
