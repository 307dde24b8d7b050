/* fuzz_banner.c: the banner parser fed in chunks agrees with one feed, never overruns, keeps evidence clean. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/banner-parse.h"
#include "lib/sanitize.h"
#include "tests/fuzz/fuzz_common.h"

static int
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static void
check_clean(const char *what, const char *s)
{
	if (s != NULL)
		FUZZ_CHECK(sanitized_ok(s), "%s is not sanitized", what);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct banner_parser	 a, b;
	uint64_t		 rs = fuzz_hash(data, size);
	size_t			 ua, ub = 0, off = 0, maxchunk, i;
	const char		*g;

	/* One feed. */
	banner_init(&a);
	ua = banner_feed(&a, data, size);
	FUZZ_CHECK(ua <= size, "used %zu of %zu", ua, size);
	if (a.state == BANNER_MORE)
		FUZZ_CHECK(ua == size, "MORE but left %zu bytes", size - ua);
	if (a.state == BANNER_FOUND) {
		FUZZ_CHECK(a.ident != NULL, "FOUND without ident");
		FUZZ_CHECK(banner_feed(&a, data + ua, size - ua) == 0, "consumed after FOUND");
	}
	if (a.state == BANNER_INVALID)
		FUZZ_CHECK(a.problem != NULL, "INVALID without a problem");
	FUZZ_CHECK(a.headlen <= BANNER_HEAD_MAX && a.headlen <= size, "headlen %zu", a.headlen);
	FUZZ_CHECK(memcmp(a.head, data, a.headlen) == 0, "head differs from input");
	FUZZ_CHECK(a.pre.n <= BANNER_KEEP_LINES, "kept %zu lines", a.pre.n);
	FUZZ_CHECK(a.nlines <= BANNER_LINES_MAX, "nlines %zu", a.nlines);
	check_clean("ident", a.ident);
	check_clean("proto", a.proto);
	check_clean("software", a.software);
	check_clean("comment", a.comment);
	for (i = 0; i < a.pre.n; i++)
		check_clean("pre-banner line", a.pre.v[i]);
	(void)banner_major(&a);

	/* Random chunks (some empty) derived from the input. */
	maxchunk = 1 + (size_t)(fuzz_next(&rs) % 64);
	banner_init(&b);
	while (off < size && b.state == BANNER_MORE) {
		size_t n = (size_t)(fuzz_next(&rs) % (maxchunk + 1)), u;

		if (n > size - off)
			n = size - off;
		u = banner_feed(&b, data + off, n);
		FUZZ_CHECK(u <= n, "used %zu of a %zu chunk", u, n);
		if (b.state == BANNER_MORE)
			FUZZ_CHECK(u == n, "MORE but left bytes of a chunk");
		ub += u;
		off += n;
	}
	FUZZ_CHECK(a.state == b.state, "state %d vs %d chunked", a.state, b.state);
	FUZZ_CHECK(same_str(a.problem, b.problem), "problem differs");
	FUZZ_CHECK(same_str(a.ident, b.ident), "ident differs");
	FUZZ_CHECK(same_str(a.proto, b.proto), "proto differs");
	FUZZ_CHECK(same_str(a.software, b.software), "software differs");
	FUZZ_CHECK(same_str(a.comment, b.comment), "comment differs");
	FUZZ_CHECK(a.ident_ok == b.ident_ok, "ident_ok differs");
	FUZZ_CHECK(a.refusal == b.refusal, "refusal differs");
	FUZZ_CHECK(a.nlines == b.nlines, "nlines %zu vs %zu", a.nlines, b.nlines);
	FUZZ_CHECK(a.pre.n == b.pre.n, "kept lines differ");
	for (i = 0; i < a.pre.n; i++)
		FUZZ_CHECK(strcmp(a.pre.v[i], b.pre.v[i]) == 0, "kept line %zu differs", i);
	FUZZ_CHECK(a.headlen == b.headlen && memcmp(a.head, b.head, a.headlen) == 0,
	    "head differs");
	if (a.state != BANNER_INVALID) {
		FUZZ_CHECK(ua == ub, "used %zu vs %zu chunked", ua, ub);
		FUZZ_CHECK(a.total == b.total, "total differs");
	}
	FUZZ_CHECK(banner_major(&a) == banner_major(&b), "major differs");

	/* Protocol guessing on the raw input and on what the parser kept. */
	g = banner_guess_protocol(data, size);
	if (g != NULL)
		FUZZ_CHECK(sanitized_ok(g) && g[0] != '\0', "odd protocol name");
	(void)banner_guess_protocol(a.head, a.headlen);

	banner_free(&a);
	banner_free(&b);
	return 0;
}
