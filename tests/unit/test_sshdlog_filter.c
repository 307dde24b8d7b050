/* test_sshdlog_filter.c: the prefiltered feed (checks/parse/sshdlog-filter.h) gives the very tally of the full parse, on the bench's generated log and the fixtures, in any chunking. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/sshdlog-filter.h"
#include "checks/parse/sshdlog-parse.h"
#include "lib/ipnet.h"
#include "lib/xmalloc.h"

#include "tests/bench/genlog.h"

#define FIXTURES	"tests/fixtures/sshd-logs"

static void
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* Every field a report reads, and the line assembly state. */
static void
same_scan(const struct sshdlog_scan *a, const struct sshdlog_scan *b)
{
	const struct sshdlog_tally *x, *y;
	size_t		 c, i;

	assert_int_equal(a->lines, b->lines);
	assert_int_equal(a->cut, b->cut);
	assert_int_equal(a->bytes, b->bytes);
	assert_int_equal(a->episodes_dropped, b->episodes_dropped);
	assert_int_equal(a->episode_running, b->episode_running);
	for (c = 0; c < SSHDLOG_NCATS; c++) {
		x = &a->cat[c];
		y = &b->cat[c];
		assert_int_equal(x->lines, y->lines);
		assert_int_equal(x->drops, y->drops);
		assert_int_equal(x->client, y->client);
		assert_int_equal(x->nfirst, y->nfirst);
		assert_int_equal(x->nlast, y->nlast);
		assert_int_equal(x->ncfirst, y->ncfirst);
		assert_int_equal(x->nclast, y->nclast);
		assert_int_equal(x->nforms, y->nforms);
		for (i = 0; i < SSHDLOG_KEEP; i++) {
			same_str(x->first[i], y->first[i]);
			same_str(x->last[i], y->last[i]);
		}
		for (i = 0; i < SSHDLOG_KEEP_CLIENT; i++) {
			same_str(x->cfirst[i], y->cfirst[i]);
			same_str(x->clast[i], y->clast[i]);
		}
		for (i = 0; i < x->nforms; i++)
			assert_ptr_equal(x->forms[i], y->forms[i]);
	}
}

static void
setup_scan(struct sshdlog_scan *s, const char *client, const char *user)
{
	sshdlog_scan_init(s);
	if (client != NULL) {
		assert_int_equal(ipnet_parse_str(client, &s->client), 0);
		s->have_client = 1;
	}
	if (user != NULL)
		snprintf(s->user, sizeof s->user, "%s", user);
}

/* The text through both feeds, the filtered one in chunks of chunk bytes (0: one). */
static void
compare(const char *text, size_t len, size_t chunk, const char *client, const char *user,
    unsigned long *lines, unsigned long *matched)
{
	struct sshdlog_scan *full = xcalloc(1, sizeof *full), *fast = xcalloc(1, sizeof *fast);
	struct sshdlog_subject subj;
	unsigned long	 named = 0;
	size_t		 off, n, c;

	setup_scan(full, client, user);
	setup_scan(fast, client, user);
	sshdlog_feed(full, text, len);
	sshdlog_finish(full);
	if (chunk == 0)
		chunk = len;
	memset(&subj, 0, sizeof subj);
	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		/* half the runs keep the lines naming the subject too: the tally is the same */
		if (chunk % 2)
			sshdlog_filter_feed_subject(fast, &subj, text + off, n);
		else
			sshdlog_filter_feed(fast, text + off, n);
	}
	if (chunk % 2)
		sshdlog_filter_finish_subject(fast, &subj);
	sshdlog_finish(fast);
	same_scan(full, fast);
	for (c = 0; c < SSHDLOG_NCATS; c++)
		named += full->cat[c].client;
	if (chunk % 2 && (client != NULL || user != NULL))
		assert_int_equal(subj.n, named);
	sshdlog_subject_free(&subj);
	if (lines != NULL)
		*lines = full->lines;
	if (matched != NULL) {
		for (*matched = 0, c = 1; c < SSHDLOG_NCATS; c++)
			*matched += full->cat[c].lines;
	}
	sshdlog_scan_free(full);
	sshdlog_scan_free(fast);
	free(full);
	free(fast);
}

/* The bench's log (tests/bench/genlog.h), 4 MiB of it: every category it writes, with a client and a user. */
static void
test_genlog_same(void **state)
{
	char		*text = NULL;
	size_t		 len = 0;
	FILE		*f;
	unsigned long	 lines, matched;

	(void)state;
	assert_non_null(f = open_memstream(&text, &len));
	assert_int_equal(genlog_write_from(f, 4UL * 1024 * 1024, 0), 0);
	fclose(f);
	compare(text, len, 0, NULL, NULL, &lines, &matched);
	/* the log is long enough to mean something, and the filter skipped lines */
	assert_true(lines > 30000);
	assert_true(matched > 1000 && matched < lines);
	compare(text, len, 1024 * 1024, "198.51.100.7", NULL, NULL, NULL);
	compare(text, len, 65536 + 7, NULL, "admin", NULL, NULL);
	compare(text, len, 4093, "203.0.113.0/24", "root", NULL, NULL);
	free(text);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE		*f = fopen(path, "rb");
	char		*buf;
	long		 n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Every fixture log, alone and in chunks down to single bytes. */
static void
test_fixtures_same(void **state)
{
	static const size_t chunks[] = { 0, 1, 2, 3, 7, 64, 4096, 4097 };
	DIR		*d;
	struct dirent	*e;
	char		 path[512], *text;
	size_t		 len, i;
	int		 files = 0;

	(void)state;
	assert_non_null(d = opendir(FIXTURES));
	while ((e = readdir(d)) != NULL) {
		if (strstr(e->d_name, ".log") == NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s", FIXTURES, e->d_name);
		text = slurp(path, &len);
		for (i = 0; i < sizeof chunks / sizeof chunks[0]; i++)
			compare(text, len, chunks[i], i % 2 ? "192.0.2.7" : NULL,
			    i % 3 ? NULL : "alice", NULL, NULL);
		free(text);
		files++;
	}
	closedir(d);
	assert_true(files >= 20);
}

/* Every line the catalog matches holds a prefilter word: the filter never hides one. */
static void
test_candidates_cover_matches(void **state)
{
	DIR		*d;
	struct dirent	*e;
	struct sshdlog_match m;
	char		 path[512], *text, *p, *nl;
	size_t		 len;
	int		 matched = 0, skipped = 0;

	(void)state;
	assert_non_null(d = opendir(FIXTURES));
	while ((e = readdir(d)) != NULL) {
		if (strstr(e->d_name, ".log") == NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s", FIXTURES, e->d_name);
		text = slurp(path, &len);
		text[len] = '\0';
		for (p = text; p < text + len; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(text + len - p))) == NULL)
				nl = text + len;
			if (sshdlog_match(p, (size_t)(nl - p), &m) != SSHDLOG_NONE) {
				if (!sshdlog_filter_candidate(p, (size_t)(nl - p)))
					fail_msg("%s: a matched line is no candidate: %.*s",
					    e->d_name, (int)(nl - p), p);
				matched++;
			} else if (!sshdlog_filter_candidate(p, (size_t)(nl - p)))
				skipped++;
		}
		free(text);
	}
	closedir(d);
	assert_true(matched > 50);
	assert_true(skipped > 10);
}

/* The last lines naming the client, of any category, in order. */
static void
test_subject_lines(void **state)
{
	struct sshdlog_scan *s = xcalloc(1, sizeof *s);
	struct sshdlog_subject subj;
	char		 line[256];
	int		 i;

	(void)state;
	setup_scan(s, "192.0.2.7", NULL);
	memset(&subj, 0, sizeof subj);
	for (i = 0; i < 20; i++) {
		snprintf(line, sizeof line, "Dec  5 08:00:%02d h sshd[1]: drop connection #1 from "
		    "[192.0.2.%d]:%d on [192.0.2.1]:22 past MaxStartups\n", i, i % 2 ? 7 : 8, 40000 + i);
		sshdlog_filter_feed_subject(s, &subj, line, strlen(line));
		snprintf(line, sizeof line, "Dec  5 08:00:%02d h sshd[2]: Invalid user u%d from "
		    "192.0.2.7 port %d\n", i, i, 50000 + i);
		if (i == 18)
			sshdlog_filter_feed_subject(s, &subj, line, strlen(line));
	}
	sshdlog_filter_feed_subject(s, &subj, "sshd[3]: Invalid user last from 192.0.2.7 port 9", 48);
	sshdlog_filter_finish_subject(s, &subj);
	sshdlog_finish(s);
	/* ten drops and two invalid users name the client: the last eight are kept */
	assert_int_equal(subj.n, 12);
	assert_non_null(strstr(subj.line[(subj.n - 1) % SSHDLOG_SUBJECT_KEEP], "Invalid user last"));
	assert_non_null(strstr(subj.line[(subj.n - 2) % SSHDLOG_SUBJECT_KEEP], "]:40019 on"));
	assert_non_null(strstr(subj.line[(subj.n - 3) % SSHDLOG_SUBJECT_KEEP], "port 50018"));
	assert_non_null(strstr(subj.line[(subj.n - 8) % SSHDLOG_SUBJECT_KEEP], "]:40009 on"));
	sshdlog_subject_free(&subj);
	sshdlog_scan_free(s);
	free(s);
}

/* The bench's grep looks for what sshdoc looks for: tests/bench/log-patterns.txt is the word list. */
static void
test_bench_patterns_are_the_words(void **state)
{
	const char *const *w = sshdlog_prefilter_words();
	char		*text, *p, *nl;
	size_t		 len, nwords = 0, nlines = 0, i;
	int		 found;

	(void)state;
	text = slurp("tests/bench/log-patterns.txt", &len);
	text[len] = '\0';
	for (i = 0; w[i] != NULL; i++) {
		nwords++;
		/* fixed strings, used as EREs by grep -E: none may hold a metacharacter */
		assert_null(strpbrk(w[i], ".[]()*+?{}|^$\\"));
		found = 0;
		for (p = text; *p != '\0'; p = nl + 1) {
			nl = strchr(p, '\n');
			assert_non_null(nl);
			if ((size_t)(nl - p) == strlen(w[i]) && memcmp(p, w[i], strlen(w[i])) == 0)
				found = 1;
		}
		if (!found)
			fail_msg("tests/bench/log-patterns.txt lacks \"%s\"", w[i]);
	}
	for (p = text; *p != '\0'; p = strchr(p, '\n') + 1)
		nlines++;
	assert_int_equal(nlines, nwords);
	free(text);
}

/* Edge cases of the line assembly: long lines, CR LF, no final newline, empty lines. */
static void
test_edges_same(void **state)
{
	static const char *const texts[] = {
		"",
		"\n\n\n",
		"Mar  6 06:31:31 h sshd[620]: drop connection #10 from [65.2.161.68]:46482 on [172.31.35.28]:22 past MaxStartups",
		"sshd[1]: Unable to load host key: /etc/ssh/ssh_host_rsa_key\r\nsshd[1]: no hostkeys available -- exiting.\r\n",
		"a\nfork\navc:\nfor\nav\n",
	};
	char		*big;
	size_t		 i, n, chunk;

	(void)state;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		for (chunk = 0; chunk < 9; chunk++)
			compare(texts[i], strlen(texts[i]), chunk, NULL, NULL, NULL, NULL);
	}
	/* lines around SSHDLOG_LINE_MAX, a word before and after the cut */
	n = 5 * SSHDLOG_LINE_MAX;
	big = xmalloc(n + 1);
	memset(big, 'x', n);
	memcpy(big + 10, "sshd[1]: Too many open files", 28);
	big[SSHDLOG_LINE_MAX - 1] = '\n';
	big[SSHDLOG_LINE_MAX] = 'y';
	big[2 * SSHDLOG_LINE_MAX + 1] = '\n';
	memcpy(big + 3 * SSHDLOG_LINE_MAX + 100, "no more sessions", 16);
	memcpy(big + 2 * SSHDLOG_LINE_MAX + 10, "sshd[2]: drop connection #3 past MaxStartups", 44);
	big[n] = '\0';
	for (chunk = 0; chunk < 3 * SSHDLOG_LINE_MAX; chunk += 1021)
		compare(big, n, chunk, NULL, NULL, NULL, NULL);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_genlog_same),
		cmocka_unit_test(test_fixtures_same),
		cmocka_unit_test(test_candidates_cover_matches),
		cmocka_unit_test(test_edges_same),
		cmocka_unit_test(test_bench_patterns_are_the_words),
		cmocka_unit_test(test_subject_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
