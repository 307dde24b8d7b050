/* sshdlog-filter.c: feeds a log to the sshd log scanner at grep's speed: only lines holding one of the catalog's prefilter words are parsed (pure). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"

#include "checks/parse/sshdlog-filter.h"

/*
 * The words of six bytes or more are found together, Wu-Manber style: a
 * window of M bytes (the shortest such word) slides along the line, and the
 * table says, for the two bytes at its end, how far it may jump without
 * passing the end of any word's first M bytes; most windows jump M - 1 bytes.
 * Where it cannot jump, the window's first four bytes are looked up in a set
 * of the words' first four bytes (8 KiB, so in L1), and only on a hit are
 * words compared. The few shorter words ("avc:", "fork") are searched one by
 * one from their rarest byte. A line costs a few instructions per byte,
 * against thousands for the parse of a line.
 */
#define HASH_BITS	16
#define NHASH		(1U << HASH_BITS)
#define SHIFT_BITS	12
#define NSHIFT		(1U << SHIFT_BITS)
#define WORDS_MAX	256
#define LONG_MIN	6	/* shorter words are searched one by one */
#define WINDOW_MAX	16

struct word {
	const char	*w;
	size_t		 n;
	uint32_t	 h;
};

struct shortword {
	const char	*w;
	size_t		 n;
	size_t		 rare;		/* index of the byte memchr looks for */
};

static struct {
	uint8_t		 shift[NSHIFT];
	uint64_t	 set[NHASH / 64];
	size_t		 m;		/* window: the shortest long word, at most WINDOW_MAX */
	struct word	 words[WORDS_MAX];
	size_t		 nwords;
	struct shortword shortw[WORDS_MAX];
	size_t		 nshort;
	int		 all;		/* no usable list: every line is a candidate */
} tab;
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

static inline uint32_t
hash4(const unsigned char *p)
{
	uint32_t	 v;

	memcpy(&v, p, sizeof v);
	return (v * 2654435761U) >> (32 - HASH_BITS);
}

static inline uint32_t
hash2(const unsigned char *p)
{
	return (((uint32_t)p[0] << 5) ^ p[1]) & (NSHIFT - 1);
}

/* How common a byte is in log text (lower is rarer): a short word is searched by its rarest. */
static int
commonness(unsigned char c)
{
	if (c == ' ' || (c >= '0' && c <= '9') || strchr("etaoinsrhldcu:[].", c) != NULL)
		return 2;
	if (c >= 'a' && c <= 'z')
		return 1;
	return 0;
}

static void
tab_init(void)
{
	const char *const *w = sshdlog_prefilter_words();
	size_t		 n, i, q;

	tab.m = WINDOW_MAX;
	for (; w != NULL && *w != NULL; w++) {
		n = strlen(*w);
		if (n == 0 || tab.nwords >= WORDS_MAX || tab.nshort >= WORDS_MAX) {
			/* an empty word is in every line; an overflow cannot be searched */
			tab.all = 1;
			return;
		}
		if (n < LONG_MIN) {
			tab.shortw[tab.nshort].w = *w;
			tab.shortw[tab.nshort].n = n;
			for (i = 1; i < n; i++) {
				if (commonness((unsigned char)(*w)[i]) <
				    commonness((unsigned char)(*w)[tab.shortw[tab.nshort].rare]))
					tab.shortw[tab.nshort].rare = i;
			}
			tab.nshort++;
			continue;
		}
		tab.words[tab.nwords].w = *w;
		tab.words[tab.nwords].n = n;
		tab.words[tab.nwords].h = hash4((const unsigned char *)*w);
		tab.set[tab.words[tab.nwords].h / 64] |= 1ULL << (tab.words[tab.nwords].h % 64);
		if (n < tab.m)
			tab.m = n;
		tab.nwords++;
	}
	/* no list at all: nothing can be skipped */
	if (w == NULL) {
		tab.all = 1;
		return;
	}
	memset(tab.shift, (int)(tab.m - 1), sizeof tab.shift);
	for (i = 0; i < tab.nwords; i++) {
		/* the pair ending at q of the word's first m bytes: the window may end there */
		for (q = 1; q < tab.m; q++) {
			const unsigned char *b = (const unsigned char *)tab.words[i].w + q - 1;

			if (tab.shift[hash2(b)] > tab.m - 1 - q)
				tab.shift[hash2(b)] = (uint8_t)(tab.m - 1 - q);
		}
	}
}

static const char *
short_find(const char *line, size_t len, const struct shortword *sw)
{
	const char	*q, *end;
	size_t		 k = sw->rare;

	if (len < sw->n)
		return NULL;
	/* a match starts in [line, end): its rare byte is in [line + k, end + k) */
	end = line + (len - sw->n) + 1;
	for (q = line + k; q < end + k; q++) {
		if ((q = memchr(q, sw->w[k], (size_t)(end + k - q))) == NULL)
			return NULL;
		if (memcmp(q - k, sw->w, sw->n) == 0)
			return q - k;
	}
	return NULL;
}

int
sshdlog_filter_candidate(const char *line, size_t len)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t		 j, i, k, m;
	uint32_t	 h;
	uint8_t		 sh;

	pthread_once(&tab_once, tab_init);
	if (tab.all)
		return 1;
	if (tab.nwords == 0 || len < (m = tab.m))
		goto shortwords;
	for (j = m - 1; j < len; ) {
		if ((sh = tab.shift[hash2(p + j - 1)]) != 0) {
			j += sh;
			continue;
		}
		i = j + 1 - m;
		h = hash4(p + i);
		if (tab.set[h / 64] & (1ULL << (h % 64))) {
			for (k = 0; k < tab.nwords; k++) {
				if (tab.words[k].h == h && tab.words[k].n <= len - i &&
				    memcmp(p + i, tab.words[k].w, tab.words[k].n) == 0)
					return 1;
			}
		}
		j++;
	}
 shortwords:
	/* after the long words: a line that holds one is spared these searches */
	for (k = 0; k < tab.nshort; k++) {
		if (short_find(line, len, &tab.shortw[k]) != NULL)
			return 1;
	}
	return 0;
}

/* Lines naming the subject so far: the sum of the tallies' client counts. */
static unsigned long
subject_lines(const struct sshdlog_scan *s)
{
	unsigned long	 n = 0;
	size_t		 c;

	for (c = 0; c < SSHDLOG_NCATS; c++)
		n += s->cat[c].client;
	return n;
}

/* Parse a candidate line; keep it in subj when it named the subject. */
static void
parse_line(struct sshdlog_scan *s, struct sshdlog_subject *subj, const char *line, size_t len)
{
	unsigned long	 before;
	size_t		 slot, n = len;

	if (subj == NULL || (!s->have_client && s->user[0] == '\0' && !s->pasted)) {
		sshdlog_scan_line(s, line, len);
		return;
	}
	before = subject_lines(s);
	sshdlog_scan_line(s, line, len);
	if (subject_lines(s) == before)
		return;
	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == '\n'))
		n--;
	slot = (size_t)(subj->n % SSHDLOG_SUBJECT_KEEP);
	free(subj->line[slot]);
	subj->line[slot] = sanitize(line, n, SSHDLOG_QUOTE_MAX);
	subj->n++;
}

/* One whole line (len may exceed SSHDLOG_LINE_MAX): parsed as sshdlog_feed would, or counted. */
static void
one_line(struct sshdlog_scan *s, struct sshdlog_subject *subj, const char *line, size_t len)
{
	size_t	 n = len;

	if (n > SSHDLOG_LINE_MAX) {
		n = SSHDLOG_LINE_MAX;
		s->cut++;
	}
	if (sshdlog_filter_candidate(line, n))
		parse_line(s, subj, line, n);
	else
		s->lines++;	/* what sshdlog_scan_line counts of a line that matches nothing */
}

void
sshdlog_filter_feed_subject(struct sshdlog_scan *s, struct sshdlog_subject *subj,
    const char *buf, size_t len)
{
	const char	*nl;
	size_t		 n, room, take;

	s->bytes += len;
	/* The end of a line begun in an earlier chunk: assembled as sshdlog_feed does. */
	if (len > 0 && (s->buflen > 0 || s->skipping)) {
		nl = memchr(buf, '\n', len);
		n = nl != NULL ? (size_t)(nl - buf) : len;
		if (!s->skipping) {
			room = sizeof s->buf - s->buflen;
			take = n < room ? n : room;
			memcpy(s->buf + s->buflen, buf, take);
			s->buflen += take;
			if (take < n) {
				s->skipping = 1;
				s->cut++;
			}
		}
		if (nl == NULL)
			return;
		if (sshdlog_filter_candidate(s->buf, s->buflen))
			parse_line(s, subj, s->buf, s->buflen);
		else
			s->lines++;
		s->buflen = 0;
		s->skipping = 0;
		buf = nl + 1;
		len -= n + 1;
	}
	/* Whole lines, where they lie. */
	while (len > 0 && (nl = memchr(buf, '\n', len)) != NULL) {
		n = (size_t)(nl - buf);
		one_line(s, subj, buf, n);
		buf = nl + 1;
		len -= n + 1;
	}
	/* A line the next chunk ends: kept for it (or for sshdlog_finish). */
	if (len > 0) {
		take = len < sizeof s->buf ? len : sizeof s->buf;
		memcpy(s->buf, buf, take);
		s->buflen = take;
		if (take < len) {
			s->skipping = 1;
			s->cut++;
		}
	}
}

void
sshdlog_filter_feed(struct sshdlog_scan *s, const char *buf, size_t len)
{
	sshdlog_filter_feed_subject(s, NULL, buf, len);
}

/* The line sshdlog_finish parses last, for subj: call before sshdlog_finish. */
void
sshdlog_filter_finish_subject(struct sshdlog_scan *s, struct sshdlog_subject *subj)
{
	if (s->buflen > 0 || s->skipping) {
		parse_line(s, subj, s->buf, s->buflen);
		s->buflen = 0;
		s->skipping = 0;
	}
}

void
sshdlog_subject_free(struct sshdlog_subject *subj)
{
	size_t	 i;

	for (i = 0; i < SSHDLOG_SUBJECT_KEEP; i++)
		free(subj->line[i]);
	memset(subj, 0, sizeof *subj);
}
