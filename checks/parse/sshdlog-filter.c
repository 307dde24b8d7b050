/* sshdlog-filter.c: feeds a log to the sshd log scanner at grep's speed: only lines holding one of the catalog's prefilter words are parsed (pure). */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "checks/parse/sshdlog-filter.h"

/*
 * One pass over each line, four bytes at a time: the four bytes at every
 * position are hashed into a 64 Kibit set of the words' first four bytes; only
 * on a hit are the words of that hash compared. The set is 8 KiB (in L1) and
 * a hit is rare, so a line costs a few instructions per byte, against
 * thousands for the parse of a line (many memmem calls and a sanitized copy).
 */
#define HASH_BITS	16
#define NHASH		(1U << HASH_BITS)
#define WORDS_MAX	256
#define PREFIX		4	/* bytes hashed; shorter words are searched with memmem */

struct word {
	const char	*w;
	size_t		 n;
	uint32_t	 h;
};

static struct {
	uint64_t	 set[NHASH / 64];
	struct word	 words[WORDS_MAX];	/* of PREFIX bytes or more */
	size_t		 nwords;
	const char	*shortw[WORDS_MAX];	/* shorter ones */
	size_t		 nshort;
	int		 all;		/* too many words: every line is a candidate */
} tab;
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

static inline uint32_t
hash4(const unsigned char *p)
{
	uint32_t	 v;

	memcpy(&v, p, sizeof v);
	return (v * 2654435761U) >> (32 - HASH_BITS);
}

static void
tab_init(void)
{
	const char *const *w = sshdlog_prefilter_words();
	size_t		 n;

	for (; w != NULL && *w != NULL; w++) {
		n = strlen(*w);
		if (n == 0 || tab.nwords + tab.nshort >= WORDS_MAX) {
			/* an empty word is in every line; an overflow cannot be searched */
			tab.all = 1;
			return;
		}
		if (n < PREFIX) {
			tab.shortw[tab.nshort++] = *w;
			continue;
		}
		tab.words[tab.nwords].w = *w;
		tab.words[tab.nwords].n = n;
		tab.words[tab.nwords].h = hash4((const unsigned char *)*w);
		tab.set[tab.words[tab.nwords].h / 64] |= 1ULL << (tab.words[tab.nwords].h % 64);
		tab.nwords++;
	}
	/* no list at all: nothing can be skipped */
	if (w == NULL)
		tab.all = 1;
}

int
sshdlog_filter_candidate(const char *line, size_t len)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t		 i, k;
	uint32_t	 h;

	pthread_once(&tab_once, tab_init);
	if (tab.all)
		return 1;
	for (k = 0; k < tab.nshort; k++) {
		if (memmem(line, len, tab.shortw[k], strlen(tab.shortw[k])) != NULL)
			return 1;
	}
	if (len < PREFIX)
		return 0;
	for (i = 0; i + PREFIX <= len; i++) {
		h = hash4(p + i);
		if ((tab.set[h / 64] & (1ULL << (h % 64))) == 0)
			continue;
		for (k = 0; k < tab.nwords; k++) {
			if (tab.words[k].h == h && tab.words[k].n <= len - i &&
			    memcmp(p + i, tab.words[k].w, tab.words[k].n) == 0)
				return 1;
		}
	}
	return 0;
}

/* One whole line (len may exceed SSHDLOG_LINE_MAX): parsed as sshdlog_feed would, or counted. */
static void
one_line(struct sshdlog_scan *s, const char *line, size_t len)
{
	size_t	 n = len;

	if (n > SSHDLOG_LINE_MAX) {
		n = SSHDLOG_LINE_MAX;
		s->cut++;
	}
	if (sshdlog_filter_candidate(line, n))
		sshdlog_scan_line(s, line, n);
	else
		s->lines++;	/* what sshdlog_scan_line counts of a line that matches nothing */
}

void
sshdlog_filter_feed(struct sshdlog_scan *s, const char *buf, size_t len)
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
			sshdlog_scan_line(s, s->buf, s->buflen);
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
		one_line(s, buf, n);
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
