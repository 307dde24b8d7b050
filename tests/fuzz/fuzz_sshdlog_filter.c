/* fuzz_sshdlog_filter.c: the prefiltered feed (checks/parse/sshdlog-filter.h) gives the full parse's tally on any bytes in any chunking, and every line the catalog matches is a candidate. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/sshdlog-filter.h"
#include "checks/parse/sshdlog-parse.h"
#include "lib/ipnet.h"
#include "lib/sanitize.h"
#include "tests/fuzz/fuzz_common.h"

static int
same(const char *x, const char *y)
{
	return (x == NULL && y == NULL) || (x != NULL && y != NULL && strcmp(x, y) == 0);
}

static void
compare(const struct sshdlog_scan *a, const struct sshdlog_scan *b)
{
	const struct sshdlog_tally *x, *y;
	size_t		 c, i;

	FUZZ_CHECK(a->lines == b->lines && a->cut == b->cut && a->bytes == b->bytes,
	    "lines %lu/%lu cut %lu/%lu bytes %lu/%lu", a->lines, b->lines, a->cut, b->cut,
	    a->bytes, b->bytes);
	FUZZ_CHECK(a->episodes_dropped == b->episodes_dropped &&
	    a->episode_running == b->episode_running, "episodes");
	for (c = 0; c < SSHDLOG_NCATS; c++) {
		x = &a->cat[c];
		y = &b->cat[c];
		FUZZ_CHECK(x->lines == y->lines && x->drops == y->drops && x->client == y->client,
		    "category %zu: lines %lu/%lu", c, x->lines, y->lines);
		FUZZ_CHECK(x->nfirst == y->nfirst && x->nlast == y->nlast &&
		    x->ncfirst == y->ncfirst && x->nclast == y->nclast && x->nforms == y->nforms,
		    "category %zu: kept lines", c);
		for (i = 0; i < SSHDLOG_KEEP; i++)
			FUZZ_CHECK(same(x->first[i], y->first[i]) && same(x->last[i], y->last[i]),
			    "category %zu: quote %zu", c, i);
		for (i = 0; i < SSHDLOG_KEEP_CLIENT; i++)
			FUZZ_CHECK(same(x->cfirst[i], y->cfirst[i]) && same(x->clast[i], y->clast[i]),
			    "category %zu: client quote %zu", c, i);
		for (i = 0; i < x->nforms; i++)
			FUZZ_CHECK(x->forms[i] == y->forms[i], "category %zu: form %zu", c, i);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sshdlog_scan	*a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
	struct sshdlog_subject	 subj;
	struct sshdlog_match	 m;
	uint64_t		 rs = fuzz_hash(data, size);
	const char		*p = (const char *)data, *nl, *end = p + size;
	size_t			 off, n, c;
	unsigned long		 named = 0;

	if (a == NULL || b == NULL)
		abort();
	sshdlog_scan_init(a);
	sshdlog_scan_init(b);
	if (rs & 1) {
		(void)ipnet_parse_str("192.0.2.7", &a->client);
		a->have_client = 1;
		b->client = a->client;
		b->have_client = 1;
	}
	if (rs & 2) {
		strcpy(a->user, "root");
		strcpy(b->user, "root");
	}
	memset(&subj, 0, sizeof subj);
	sshdlog_feed(a, (const char *)data, size);
	sshdlog_finish(a);
	/* chunks of 1 to 64 bytes, or the whole, chosen by the input's hash */
	for (off = 0; off < size; off += n) {
		rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
		n = (rs >> 60) == 0 ? size - off : 1 + (size_t)((rs >> 33) % 64);
		if (n > size - off)
			n = size - off;
		sshdlog_filter_feed_subject(b, &subj, (const char *)data + off, n);
	}
	sshdlog_filter_finish_subject(b, &subj);
	sshdlog_finish(b);
	compare(a, b);
	for (c = 0; c < SSHDLOG_NCATS; c++)
		named += a->cat[c].client;
	if (a->have_client || a->user[0] != '\0')
		FUZZ_CHECK(subj.n == named, "subject lines %lu, tallies name %lu", subj.n, named);
	for (c = 0; c < SSHDLOG_SUBJECT_KEEP; c++)
		FUZZ_CHECK(subj.line[c] == NULL || sanitized_ok(subj.line[c]), "subject quote");
	/* line by line: a match is always a candidate */
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > SSHDLOG_LINE_MAX)
			n = SSHDLOG_LINE_MAX;
		if (sshdlog_match(p, n, &m) != SSHDLOG_NONE)
			FUZZ_CHECK(sshdlog_filter_candidate(p, n), "a matched line is no candidate");
	}
	sshdlog_subject_free(&subj);
	sshdlog_scan_free(a);
	sshdlog_scan_free(b);
	free(a);
	free(b);
	return 0;
}
