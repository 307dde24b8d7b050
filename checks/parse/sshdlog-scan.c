/* sshdlog-scan.c: tallies a stream of sshd log lines that sshdlog_match classifies: counts, quotes, host key context, the line assembly (pure). */
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "lib/util.h"
#include "lib/xmalloc.h"
#include "checks/parse/sshdlog-parse.h"

/* A line as pointer and length: log lines are not NUL-terminated and may hold NULs. */
struct span {
	const char	*p;
	size_t		 n;
};

static const char *
find(struct span s, const char *needle)
{
	return memfind(s.p, s.n, needle, strlen(needle));
}

/* The span after needle's first occurrence; r.p is NULL if absent. */
static struct span
after(struct span s, const char *needle)
{
	const char	*p = find(s, needle);
	struct span	 r = { NULL, 0 };

	if (p != NULL) {
		r.p = p + strlen(needle);
		r.n = s.n - (size_t)(r.p - s.p);
	}
	return r;
}

void
sshdlog_scan_init(struct sshdlog_scan *s)
{
	memset(s, 0, sizeof *s);
}

/*
 * A ring slot holds the raw line until sshdlog_finish: most lines pass
 * through the ring and out again, and sanitizing each cost more than its
 * parse. The bytes after QUOTE_MAX + 3 never change the quote (sanitize's
 * output is at least as long as its input, and a unit is at most 4 bytes).
 */
#define RAW_MAX		(SSHDLOG_QUOTE_MAX + 8)

static void
keep(char **first, size_t *nfirst, char **last, unsigned long *nlast, size_t *raw,
    size_t max, const char *line, size_t len)
{
	size_t	 slot;

	/* sshd -E and some syslog setups end lines in CR LF; systemctl status indents */
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	while (len > 0 && (line[0] == ' ' || line[0] == '\t')) {
		line++;
		len--;
	}
	if (*nfirst < max) {
		first[(*nfirst)++] = sanitize(line, len, SSHDLOG_QUOTE_MAX);
		return;
	}
	slot = (size_t)(*nlast % max);
	if (last[slot] == NULL)
		last[slot] = xmalloc(RAW_MAX + 1);	/* holds a quote too: at most QUOTE_MAX */
	if (len > RAW_MAX)
		len = RAW_MAX;
	memcpy(last[slot], line, len);
	raw[slot] = len + 1;
	(*nlast)++;
}

/* The ring's raw lines become their quotes, in place. */
static void
quote_ring(char **last, size_t *raw, size_t max)
{
	char	*q;
	size_t	 i;

	for (i = 0; i < max; i++) {
		if (raw[i] == 0)
			continue;
		q = sanitize(last[i], raw[i] - 1, SSHDLOG_QUOTE_MAX);
		memcpy(last[i], q, strlen(q) + 1);
		free(q);
		raw[i] = 0;
	}
}

/* Does the line concern the failure looked into: its address, its account, or pasted? */
static int
names_subject(const struct sshdlog_scan *s, const struct sshdlog_match *m, const char *line,
    size_t len)
{
	size_t	 ulen = strlen(s->user), hlen = strlen(s->home);
	const char *p;

	if (s->pasted)
		return 1;
	/* "bad ownership or modes for directory /home/alice/.ssh" names no user, only a path */
	if (m->cat == SSHDLOG_AUTHKEYS && hlen > 1 &&
	    (p = memmem(line, len, s->home, hlen)) != NULL &&
	    ((size_t)(p - line) + hlen == len || p[hlen] == '/'))
		return 1;
	if (s->have_client && m->has_addr && ipnet_contains(&m->addr, &s->client))
		return 1;
	return ulen > 0 && m->user != NULL && m->user_len == ulen &&
	    memcmp(m->user, s->user, ulen) == 0;
}

/* Count one matched line in its category. */
static void
tally(struct sshdlog_scan *s, struct sshdlog_match *m, const char *line, size_t len)
{
	struct sshdlog_tally	*t;
	size_t			 i;

	if (m->cat == SSHDLOG_MAXSTARTUPS && m->drop && s->maxstartups_begin > 0 &&
	    m->startups >= 0 && m->startups < s->maxstartups_begin) {
		m->cat = SSHDLOG_PERSOURCE;
		m->form = "drop connection #N ... past MaxStartups with N below MaxStartups' "
		    "start: PerSourceMaxStartups";
	}
	if (m->episode_end) {
		s->episodes_dropped += m->episode;
		s->episode_running = 0;
	} else if (m->episode > 0)
		s->episode_running = m->episode;
	t = &s->cat[m->cat];
	t->lines++;
	t->last_at = s->lines;
	if (m->drop)
		t->drops++;
	t->drops += m->dropped;
	for (i = 0; i < t->nforms && t->forms[i] != m->form; i++)
		;
	if (i == t->nforms && t->nforms < SSHDLOG_FORMS_MAX)
		t->forms[t->nforms++] = m->form;
	keep(t->first, &t->nfirst, t->last, &t->nlast, t->lastraw, SSHDLOG_KEEP, line, len);
	if (names_subject(s, m, line, len)) {
		t->client++;
		keep(t->cfirst, &t->ncfirst, t->clast, &t->nclast, t->clastraw, SSHDLOG_KEEP_CLIENT,
		    line, len);
	}
}

/*
 * The key path a line names: 'PATH' of "Permissions 0NNN for 'PATH' are too
 * open", PATH of "... load host key: PATH" or "... load host key "PATH"".
 * Returns its length (0: none, or too long to remember).
 */
static size_t
key_path(struct span s, int tooopen, const char **path)
{
	struct span	 a;
	const char	*end = NULL;

	if (tooopen) {
		if ((a = after(s, "for '")).p == NULL || find(a, "' are too open") == NULL)
			return 0;
		end = find(a, "' are too open");
	} else if ((a = after(s, "host key \"")).p != NULL)
		end = memchr(a.p, '"', a.n);
	else if ((a = after(s, "load host key: ")).p != NULL) {
		end = a.p;
		while (end < a.p + a.n && *end != ' ')
			end++;
	}
	if (a.p == NULL || end == NULL || end == a.p || (size_t)(end - a.p) >= SSHDLOG_PATH_MAX)
		return 0;
	*path = a.p;
	return (size_t)(end - a.p);
}

/*
 * sshd and ssh write "Permissions 0NNN for 'PATH' are too open." alike: an
 * untagged one is sshd's when sshd calls PATH a host key, before or after.
 */
static void
host_key_context(struct sshdlog_scan *s, struct sshdlog_match *m, const char *line, size_t len)
{
	struct span	 l = { line, len };
	struct sshdlog_match pm;
	const char	*path;
	size_t		 n, i, j;

	if (m->cat == SSHDLOG_NONE) {
		if (find(l, "Permissions 0") == NULL || (n = key_path(l, 1, &path)) == 0)
			return;
		for (i = 0; i < s->nhostkey; i++) {
			if (strlen(s->hostkey[i]) == n && memcmp(s->hostkey[i], path, n) == 0) {
				m->cat = SSHDLOG_HOSTKEY_PERMS;
				m->form = "Permissions 0NNN for 'KEY' are too open (a key sshd "
				    "loads as a host key)";
				return;
			}
		}
		if (s->ntooopen < SSHDLOG_HOSTKEYS) {
			i = s->ntooopen++;
			memcpy(s->tooopen[i].path, path, n);
			s->tooopen[i].path[n] = '\0';
			s->tooopen[i].len = len < SSHDLOG_QUOTE_MAX ? len : SSHDLOG_QUOTE_MAX;
			memcpy(s->tooopen[i].line, line, s->tooopen[i].len);
		}
		return;
	}
	if ((m->cat != SSHDLOG_HOSTKEY_MISSING && m->cat != SSHDLOG_HOSTKEY_PERMS) ||
	    (n = key_path(l, 0, &path)) == 0)
		return;
	for (i = 0; i < s->nhostkey; i++) {
		if (strlen(s->hostkey[i]) == n && memcmp(s->hostkey[i], path, n) == 0)
			break;
	}
	if (i == s->nhostkey && s->nhostkey < SSHDLOG_HOSTKEYS) {
		memcpy(s->hostkey[s->nhostkey], path, n);
		s->hostkey[s->nhostkey++][n] = '\0';
	}
	/* the "too open" lines that came first about this path were sshd's */
	for (i = 0; i < s->ntooopen; ) {
		if (strlen(s->tooopen[i].path) != n || memcmp(s->tooopen[i].path, path, n) != 0) {
			i++;
			continue;
		}
		memset(&pm, 0, sizeof pm);
		pm.startups = -1;
		pm.cat = SSHDLOG_HOSTKEY_PERMS;
		pm.form = "Permissions 0NNN for 'KEY' are too open (a key sshd loads as a host key)";
		tally(s, &pm, s->tooopen[i].line, s->tooopen[i].len);
		for (j = i + 1; j < s->ntooopen; j++)
			s->tooopen[j - 1] = s->tooopen[j];
		s->ntooopen--;
	}
}

void
sshdlog_scan_line(struct sshdlog_scan *s, const char *line, size_t len)
{
	struct sshdlog_match	 m;

	s->lines++;
	/* names_subject reads the address and user only for a client or user given */
	sshdlog_match_for(line, len, &m, !s->have_client && s->user[0] == '\0');
	host_key_context(s, &m, line, len);
	if (m.cat == SSHDLOG_NONE) {
		if (m.unban)
			s->last_unban = s->lines;
		if (len > 20 && memmem(line, len, "Server listening on ", 20) != NULL) {
			s->listening = 1;
			s->last_listen = s->lines;
		}
		return;
	}
	if (sshdlog_start_cat(m.cat))
		s->last_start_error = s->lines;
	if (m.cat == SSHDLOG_HOSTKEY_MISSING && memmem(line, len, "no hostkeys available", 21))
		s->nohostkeys = 1;
	/*
	 * A unit that failed once, read from the journal, says nothing of sshd
	 * now; bans and firewall drops the server report asks fail2ban and the
	 * rules about themselves. Only a pasted block counts them.
	 */
	if ((m.cat == SSHDLOG_SERVICE || m.cat == SSHDLOG_BANNED || m.cat == SSHDLOG_FW_DROP ||
	    m.cat == SSHDLOG_FW_REJECT) && !s->pasted)
		return;
	tally(s, &m, line, len);
}

unsigned long
sshdlog_maxstartups_drops(const struct sshdlog_scan *s)
{
	unsigned long	 summed = s->episodes_dropped + s->episode_running;

	return s->cat[SSHDLOG_MAXSTARTUPS].drops > summed ?
	    s->cat[SSHDLOG_MAXSTARTUPS].drops : summed;
}

void
sshdlog_feed(struct sshdlog_scan *s, const char *buf, size_t len)
{
	const char	*nl;
	size_t		 n, room, take;

	s->bytes += len;
	while (len > 0) {
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
		sshdlog_scan_line(s, s->buf, s->buflen);
		s->buflen = 0;
		s->skipping = 0;
		buf = nl + 1;
		len -= n + 1;
	}
}

void
sshdlog_finish(struct sshdlog_scan *s)
{
	size_t	 c;

	if (s->buflen > 0 || s->skipping)
		sshdlog_scan_line(s, s->buf, s->buflen);
	s->buflen = 0;
	s->skipping = 0;
	for (c = 0; c < SSHDLOG_NCATS; c++) {
		quote_ring(s->cat[c].last, s->cat[c].lastraw, SSHDLOG_KEEP);
		quote_ring(s->cat[c].clast, s->cat[c].clastraw, SSHDLOG_KEEP_CLIENT);
	}
}

void
sshdlog_scan_free(struct sshdlog_scan *s)
{
	struct sshdlog_tally	*t;
	size_t			 c, i;

	for (c = 0; c < SSHDLOG_NCATS; c++) {
		t = &s->cat[c];
		for (i = 0; i < SSHDLOG_KEEP; i++) {
			free(t->first[i]);
			free(t->last[i]);
		}
		for (i = 0; i < SSHDLOG_KEEP_CLIENT; i++) {
			free(t->cfirst[i]);
			free(t->clast[i]);
		}
	}
	memset(s, 0, sizeof *s);
}
