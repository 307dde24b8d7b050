/* fuzz_sshdlog.c: the sshd log scanner fed in chunks agrees with one feed, never overruns, keeps its quotes clean. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ipnet.h"
#include "lib/sanitize.h"
#include "checks/parse/sshdlog-parse.h"
#include "tests/fuzz/fuzz_common.h"

static void
check_tally(const struct sshdlog_tally *t)
{
	size_t	 i;

	FUZZ_CHECK(t->nfirst <= SSHDLOG_KEEP && t->ncfirst <= SSHDLOG_KEEP_CLIENT, "kept too many");
	FUZZ_CHECK(t->client <= t->lines, "client %lu > lines %lu", t->client, t->lines);
	FUZZ_CHECK(t->nforms <= SSHDLOG_FORMS_MAX, "forms %zu", t->nforms);
	for (i = 0; i < t->nfirst; i++) {
		FUZZ_CHECK(sanitized_ok(t->first[i]), "quote not sanitized");
		FUZZ_CHECK(strlen(t->first[i]) <= SSHDLOG_QUOTE_MAX, "quote too long");
	}
	for (i = 0; i < SSHDLOG_KEEP; i++) {
		if (t->last[i] != NULL)
			FUZZ_CHECK(sanitized_ok(t->last[i]), "quote not sanitized");
	}
	for (i = 0; i < t->ncfirst; i++)
		FUZZ_CHECK(sanitized_ok(t->cfirst[i]), "client quote not sanitized");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const clients[] = {
		"192.0.2.7", "2001:db8::7", "127.0.0.1", "65.2.161.68", "203.0.113.77"
	};
	struct sshdlog_scan	*a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
	struct sshdlog_match	 m;
	uint64_t		 rs = fuzz_hash(data, size);
	size_t			 off = 0, c, n, start;
	int			 fc1, fc2, which = (int)(rs % 6);
	enum sshdlog_cat	 p1, p2;

	if (a == NULL || b == NULL)
		abort();
	sshdlog_scan_init(a);
	sshdlog_scan_init(b);
	if (which < 5) {
		FUZZ_CHECK(ipnet_parse_str(clients[which], &a->client) == 0, "client");
		b->client = a->client;
		a->have_client = b->have_client = 1;
	}
	a->maxstartups_begin = b->maxstartups_begin = (int)(rs % 3) * 5;
	if (rs % 5 == 1) {
		/* --user: lines naming it, and StrictModes lines under its home, are its own */
		snprintf(a->user, sizeof a->user, "alice");
		snprintf(b->user, sizeof b->user, "alice");
		snprintf(a->home, sizeof a->home, "/home/alice");
		snprintf(b->home, sizeof b->home, "/home/alice");
	} else if (rs % 5 == 2)
		a->pasted = b->pasted = 1;

	sshdlog_feed(a, (const char *)data, size);
	sshdlog_finish(a);

	while (off < size) {
		n = (size_t)(fuzz_next(&rs) % 97);
		if (n > size - off)
			n = size - off;
		sshdlog_feed(b, (const char *)data + off, n);
		off += n;
	}
	sshdlog_finish(b);

	FUZZ_CHECK(a->lines == b->lines, "lines %lu vs %lu", a->lines, b->lines);
	FUZZ_CHECK(a->cut == b->cut, "cut differs");
	for (c = 0; c < SSHDLOG_NCATS; c++) {
		FUZZ_CHECK(a->cat[c].lines == b->cat[c].lines, "cat %zu lines differ", c);
		FUZZ_CHECK(a->cat[c].drops == b->cat[c].drops, "cat %zu drops differ", c);
		FUZZ_CHECK(a->cat[c].client == b->cat[c].client, "cat %zu client differs", c);
		check_tally(&a->cat[c]);
		check_tally(&b->cat[c]);
	}
	p1 = sshdlog_pick(a, &fc1);
	p2 = sshdlog_pick(b, &fc2);
	FUZZ_CHECK(p1 == p2 && fc1 == fc2, "pick differs");
	FUZZ_CHECK(p1 != SSHDLOG_BANNER, "banner picked");
	if (fc1)
		FUZZ_CHECK((a->have_client || a->user[0] != '\0' || a->pasted) &&
		    a->cat[p1].client > 0, "client pick without lines");
	if (!fc1 && p1 != SSHDLOG_NONE)
		FUZZ_CHECK(!sshdlog_names_subject(p1), "a line naming someone else picked");

	/* Each line on its own, as raw bytes without a NUL terminator. */
	start = 0;
	for (off = 0; off <= size; off++) {
		if (off == size || data[off] == '\n') {
			uint8_t	*copy = malloc(off - start + 1);

			if (copy == NULL)
				abort();
			memcpy(copy, data + start, off - start);
			(void)sshdlog_match((const char *)copy, off - start, &m);
			FUZZ_CHECK(m.cat < SSHDLOG_NCATS, "category");
			if (m.cat != SSHDLOG_NONE) {
				const char *const *w = sshdlog_prefilter_words();

				FUZZ_CHECK(m.form != NULL, "no form");
				/* the prefilter may skip only lines that match nothing */
				while (*w != NULL && memmem(copy, off - start, *w, strlen(*w)) == NULL)
					w++;
				FUZZ_CHECK(*w != NULL, "a match without a prefilter word");
			}
			if (m.has_addr)
				FUZZ_CHECK(m.addr.family != 0, "address without family");
			if (m.user != NULL)
				FUZZ_CHECK((m.user >= (const char *)copy && m.user + m.user_len <=
				    (const char *)copy + (off - start)) || (m.cat ==
				    SSHDLOG_ROOT_REFUSED && m.user_len == 4), "user outside the line");
			free(copy);
			start = off + 1;
		}
	}
	sshdlog_scan_free(a);
	sshdlog_scan_free(b);
	free(a);
	free(b);
	return 0;
}
