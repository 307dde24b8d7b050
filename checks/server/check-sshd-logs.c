/* check-sshd-logs.c: what sshd logged lately (--log files, else the journal, else auth.log or secure): drops, penalties, key, library and resource errors, denials. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checks/check.h"
#include "checks/parse/logtime.h"
#include "lib/ipnet.h"
#include "lib/runner.h"
#include "checks/server/server.h"
#include "checks/parse/sshdlog-filter.h"
#include "checks/parse/sshdlog-parse.h"
#include "lib/xmalloc.h"

#define LOGS_TAIL_BYTES		(32ULL * 1024 * 1024)	/* of a file, only the last 32 MiB are read */
#define LOGS_SINCE_BYTES	(4ULL << 30)		/* with --since, up to 4 GiB back from the end */
#define LOGS_SINCE_JOURNAL	(64 * 1024 * 1024)	/* with --since, journal output kept */
#define LOGS_AUDIT_BYTES	(8ULL * 1024 * 1024)	/* of audit.log, the last 8 MiB */
#define LOGS_CHUNK		(1024 * 1024)		/* read buffer: files are streamed, never loaded */
#define LOGS_JOURNAL_BYTES	(8 * 1024 * 1024)	/* journal output kept */
#define LOGS_JOURNAL_LINES	"20000"
#define LOGS_WINDOW		"-24h"

/* Where the lines came from, and what could not be read. */
struct sources {
	struct strlist	 tried;		/* every source looked at, with what happened */
	int		 read;		/* sources that gave lines */
	int		 denied;	/* sources this user may not read */
	int		 have_since;	/* --since: read back to since, not a fixed window */
	time_t		 since;
	char		 since_text[32];	/* since in local time, "YYYY-MM-DD HH:MM:SS" */
	struct sshdlog_subject subj;	/* the last lines naming the client or user */
};

static void
fmt_size(unsigned long long n, char *buf, size_t len)
{
	if (n >= 1024ULL * 1024 * 1024)
		snprintf(buf, len, "%.1f GiB", (double)n / (1024.0 * 1024 * 1024));
	else if (n >= 1024ULL * 1024)
		snprintf(buf, len, "%.1f MiB", (double)n / (1024.0 * 1024));
	else if (n >= 1024)
		snprintf(buf, len, "%.1f KiB", (double)n / 1024.0);
	else
		snprintf(buf, len, "%llu bytes", n);
}

/* The size path had when a fix began (a re-check reads beyond it), or -1. */
static long long
log_mark(const struct check_options *opt, const char *path)
{
	const struct check_log_mark *m;

	for (m = opt->log_marks; m != NULL && m->path != NULL; m++) {
		if (strcmp(m->path, path) == 0)
			return m->size;
	}
	return -1;
}

/*
 * Where to start reading a file: its last max bytes, or with --since (when
 * with_since) the first line stamped at or after that time, found by binary
 * search, and at most LOGS_SINCE_BYTES back from the end. *partial says the
 * start is inside a line; how says what was chosen.
 */
static off_t
window_start(struct sources *src, int fd, const struct stat *st, unsigned long long max,
    int with_since, int *partial, char *how, size_t howlen)
{
	long long	 start;
	char		 size[32];

	*partial = 0;
	how[0] = '\0';
	if (with_since && src->have_since) {
		if (logtime_find_start(fd, (long long)st->st_size, src->since, st->st_mtime,
		    &start) == 0) {
			if ((unsigned long long)(st->st_size - start) <= LOGS_SINCE_BYTES) {
				snprintf(how, howlen, "from %s (--since)", src->since_text);
				return (off_t)start;
			}
			fmt_size(LOGS_SINCE_BYTES, size, sizeof size);
			snprintf(how, howlen, "the last %s (--since %s lies further back)", size,
			    src->since_text);
			*partial = 1;
			return st->st_size - (off_t)LOGS_SINCE_BYTES;
		}
		snprintf(how, howlen, "no time stamps to find --since %s by: ", src->since_text);
	}
	if ((unsigned long long)st->st_size > max) {
		*partial = 1;	/* the first line read is cut: skip it */
		return st->st_size - (off_t)max;
	}
	return 0;
}

/*
 * Stream a file through the scanner from its window's start (window_start)
 * with a fixed buffer: a log can be gigabytes. Returns 0 if it was read, -1
 * if not.
 */
static int
scan_file(struct check_ctx *ctx, struct sshdlog_scan *s, struct sources *src,
    const char *path, unsigned long long max, int quiet_missing, int with_since)
{
	struct stat	 st;
	char		*buf, size[32], window[32], how[160];
	unsigned long long total = 0, limit;
	unsigned long	 lines0 = s->lines;
	ssize_t		 n;
	off_t		 off = 0;
	long long	 mark;
	int		 fd, partial = 0, stopped = 0, saved;
	const char	*p;

	if ((fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		saved = errno;
		if (saved == EACCES || saved == EPERM) {
			src->denied = 1;
			strlist_addf(&src->tried, "%s: %s (readable by root or the adm group)",
			    path, strerror(saved));
		} else if (!(quiet_missing && saved == ENOENT))
			strlist_addf(&src->tried, "%s: %s", path, strerror(saved));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		strlist_addf(&src->tried, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	off = window_start(src, fd, &st, max, with_since, &partial, how, sizeof how);
	/* the file may grow while it is read: never more than the window at the start */
	limit = (unsigned long long)(st.st_size - off);
	if (off > 0 && lseek(fd, off, SEEK_SET) == -1) {
		strlist_addf(&src->tried, "%s: cannot seek: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	/* A re-check after a fix: only what was written since (a line boundary then). */
	if ((mark = log_mark(ctx->opt, path)) > (long long)off && mark <= (long long)st.st_size) {
		off = (off_t)mark;
		if (lseek(fd, off, SEEK_SET) == -1) {
			strlist_addf(&src->tried, "%s: cannot seek: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		partial = 0;
	}
	buf = xmalloc(LOGS_CHUNK);
	while (total < limit) {
		n = read(fd, buf, LOGS_CHUNK);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((unsigned long long)n > limit - total)
			n = (ssize_t)(limit - total);
		total += (unsigned long long)n;
		p = buf;
		if (partial) {
			const char *nl = memchr(buf, '\n', (size_t)n);

			if (nl == NULL)
				continue;
			partial = 0;
			n -= nl + 1 - buf;
			p = nl + 1;
		}
		sshdlog_filter_feed_subject(s, &src->subj, p, (size_t)n);
		if (check_remaining_ms(ctx) == 0) {
			stopped = total < limit;
			break;
		}
	}
	sshdlog_filter_finish_subject(s, &src->subj);
	sshdlog_finish(s);
	free(buf);
	close(fd);
	fmt_size((unsigned long long)st.st_size, size, sizeof size);
	fmt_size(total, window, sizeof window);
	if (how[0] != '\0' && strncmp(how, "no time", 7) != 0)
		strlist_addf(&src->tried, "%s: read %s, %s of %s (%lu lines)%s", path, how,
		    window, size, s->lines - lines0, stopped ? ", stopped at the deadline" : "");
	else if (off > 0)
		strlist_addf(&src->tried, "%s: %sread the last %s of %s (%lu lines)%s", path,
		    how, window, size, s->lines - lines0,
		    stopped ? ", stopped at the deadline" : "");
	else
		strlist_addf(&src->tried, "%s: %s%lu lines (%s)%s", path, how,
		    s->lines - lines0, size, stopped ? ", stopped at the deadline" : "");
	src->read++;
	return 0;
}

/* journalctl said it may not show the system's messages to this user. */
static int
journal_denied(const struct run_result *rr)
{
	return strstr(rr->err, "insufficient permissions") != NULL ||
	    strstr(rr->err, "not seeing messages from other users") != NULL ||
	    (strstr(rr->err, "No journal files were found") != NULL &&
	    geteuid() != 0);
}

/* Lines of one journalctl run into the scanner; returns the lines it gave, -1 if none could be read. */
static long
scan_journal(struct check_ctx *ctx, struct sshdlog_scan *s, struct sources *src,
    const char *const *argv, const char *what)
{
	struct run_opts	 ro;
	struct run_result rr;
	unsigned long	 lines0 = s->lines;
	char		 how[96], span[64], cap[32];
	long		 got;
	int		 left = check_remaining_ms(ctx);

	if (left < 100)
		return -1;
	if (src->have_since)
		snprintf(span, sizeof span, "since %s", src->since_text);
	else
		snprintf(span, sizeof span, "in the last 24 hours");
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = left;
	ro.max_output = src->have_since ? LOGS_SINCE_JOURNAL : LOGS_JOURNAL_BYTES;
	fmt_size((unsigned long long)ro.max_output, cap, sizeof cap);
	if (run_command(argv, &ro, &rr, NULL) != 0)
		return -1;
	if (rr.not_found) {
		strlist_addf(&src->tried, "%s: journalctl is not installed", what);
		run_free(&rr);
		return -1;
	}
	/* systemd before 234 has no short-iso-precise: the caller asks again */
	if (rr.exited && rr.status != 0 && strstr(rr.err, "Unknown output") != NULL) {
		run_free(&rr);
		return -2;
	}
	/* --grep without a match: exit 1, nothing said (systemd 252) */
	if (rr.exited && rr.status == 1 && rr.out_len == 0 && rr.err_len == 0) {
		strlist_addf(&src->tried, "%s: no matching entries %s", what, span);
		run_free(&rr);
		return 0;
	}
	if (journal_denied(&rr)) {
		src->denied = 1;
		strlist_addf(&src->tried, "%s: this user may not read the system journal "
		    "(root, or the adm or systemd-journal group)", what);
		run_free(&rr);
		return -1;
	}
	if (!rr.exited || rr.status != 0) {
		strlist_addf(&src->tried, "%s: %s%s%.*s", what, run_describe(&rr, how, sizeof how),
		    rr.err_len > 0 ? ": " : "", (int)strcspn(rr.err, "\n"), rr.err);
		run_free(&rr);
		return -1;
	}
	if (strncmp(rr.out, "-- No entries --", 16) == 0) {
		strlist_addf(&src->tried, "%s: no entries %s", what, span);
		run_free(&rr);
		return 0;
	}
	sshdlog_filter_feed_subject(s, &src->subj, rr.out, rr.out_len);
	sshdlog_filter_finish_subject(s, &src->subj);
	sshdlog_finish(s);
	got = (long)(s->lines - lines0);
	strlist_addf(&src->tried, "%s: %ld lines %s%s%s%s", what, got, span,
	    rr.truncated ? " (output cut at " : "", rr.truncated ? cap : "",
	    rr.truncated ? ")" : "");
	src->read++;
	run_free(&rr);
	return got;
}

static void
read_system(struct check_ctx *ctx, struct sshdlog_scan *s, struct sources *src)
{
	char	 since[64];
	/* microseconds: one attempt's line matches the client's own time and port */
	const char *units[] = { "journalctl", "-u", "ssh", "-u", "sshd", "-u", "ssh.socket",
	    since, "-o", "short-iso-precise", "--no-pager", "-n", LOGS_JOURNAL_LINES, NULL };
	const char *units_old[] = { "journalctl", "-u", "ssh", "-u", "sshd", "-u",
	    "ssh.socket", since, "-o", "short-iso", "--no-pager", "-n", LOGS_JOURNAL_LINES,
	    NULL };
	/* AppArmor and SELinux denials go to the kernel's log, not to sshd's units. */
	const char *kernel[] = { "journalctl", "-k", since, "-o", "short-iso", "--no-pager",
	    "--grep=sshd", "-n", "5000", NULL };
	long	 n;

	/* a re-check after a fix: only what the journal got since */
	if (ctx->opt->logs_since > 0)
		snprintf(since, sizeof since, "--since=@%lld.%06lld",
		    ctx->opt->logs_since / 1000000, ctx->opt->logs_since % 1000000);
	/* --since: journalctl reads that span whole (the output is still capped) */
	else if (src->have_since) {
		snprintf(since, sizeof since, "--since=%s", src->since_text);
		units[11] = units_old[11] = kernel[7] = NULL;
	} else
		snprintf(since, sizeof since, "--since=%s", LOGS_WINDOW);
	n = scan_journal(ctx, s, src, (const char *const *)units, "journal (ssh, sshd units)");
	if (n == -2)
		n = scan_journal(ctx, s, src, (const char *const *)units_old, "journal (ssh, sshd units)");
	if (n > 0)
		(void)scan_journal(ctx, s, src, (const char *const *)kernel, "journal (kernel, lines naming sshd)");
	else {
		/* no journal, or sshd logs through syslog only */
		if (scan_file(ctx, s, src, "/var/log/auth.log", LOGS_TAIL_BYTES, 1, 1) != 0 &&
		    scan_file(ctx, s, src, "/var/log/secure", LOGS_TAIL_BYTES, 1, 1) != 0 &&
		    src->read == 0 && !src->denied)
			strlist_add(&src->tried, "/var/log/auth.log, /var/log/secure: not present");
	}
	/* audit.log's lines carry epoch stamps, not a leading time: its usual window */
	(void)scan_file(ctx, s, src, "/var/log/audit/audit.log", LOGS_AUDIT_BYTES, 1, 0);
}

/* PerSourceMaxStartups drops read like MaxStartups drops; sshd -T tells them apart. */
static void
persource_setup(struct check_ctx *ctx, struct sshdlog_scan *s, struct check_result *res)
{
	const struct sshd_config_facts *f = sshd_config_dep(ctx);
	const char	*ps = sshd_facts_get(f, "persourcemaxstartups");
	const char	*ms = sshd_facts_get(f, "maxstartups");

	if (ps == NULL || ms == NULL) {
		check_evidence(res, "sshd -T was not available: drops by PerSourceMaxStartups "
		    "count as MaxStartups drops (OpenSSH logs both with the same words)");
		return;
	}
	if (strcmp(ps, "none") == 0)
		return;
	s->maxstartups_begin = atoi(ms);
	check_evidence(res, "PerSourceMaxStartups %s, MaxStartups %s: a drop of connection "
	    "#N below %d comes from the per-source limit", ps, ms, s->maxstartups_begin);
}

static const char *
outcome_for(enum sshdlog_cat c, int client)
{
	switch (c) {
	case SSHDLOG_MAXSTARTUPS:
		return client ? "maxstartups-client" : "maxstartups";
	case SSHDLOG_PERSOURCE:
		return client ? "persource-client" : "persource";
	case SSHDLOG_PENALTY:
		return client ? "penalty-client" : "penalty";
	case SSHDLOG_TCPWRAP:
		return client ? "tcp-wrappers-client" : "tcp-wrappers";
	case SSHDLOG_HOSTKEY_MISSING:
		return "hostkey-missing";
	case SSHDLOG_HOSTKEY_PERMS:
		return "hostkey-permissions";
	case SSHDLOG_OPENSSL:
		return "openssl-mismatch";
	case SSHDLOG_RESOURCE:
		return "resource-exhaustion";
	case SSHDLOG_SELINUX:
		return "selinux-denial";
	case SSHDLOG_APPARMOR:
		return "apparmor-denial";
	case SSHDLOG_AUTHKEYS:
		return "authorized-keys";
	case SSHDLOG_MAXSESSIONS:
		return "maxsessions";
	default:
		return sshdlog_auth_cat(c) ? sshdlog_auth_outcome(c) : "clean";
	}
}

/* "(5 of them name 192.0.2.7)" or "" */
static void
client_note(const struct sshdlog_scan *s, const struct sshdlog_tally *t, const char *ip,
    char *buf, size_t len)
{
	char	 who[160];

	buf[0] = '\0';
	if (s->pasted)
		return;
	if (s->have_client && s->user[0] != '\0')
		snprintf(who, sizeof who, "%s or %s", s->user, ip);
	else
		snprintf(who, sizeof who, "%s", s->have_client ? ip : s->user);
	if (who[0] != '\0' && t->client > 0)
		snprintf(buf, len, " (%lu line%s name %s)", t->client, t->client == 1 ? "" : "s", who);
	else if (who[0] != '\0')
		snprintf(buf, len, " (none names %s)", who);
}

static void
summarise(struct check_result *res, const struct sshdlog_scan *s, enum sshdlog_cat c,
    const char *outcome, const char *ip)
{
	const struct sshdlog_tally *t = &s->cat[c];
	unsigned long	 drops;
	char		 cn[256];

	client_note(s, t, ip, cn, sizeof cn);
	switch (c) {
	case SSHDLOG_MAXSTARTUPS:
		if ((drops = sshdlog_maxstartups_drops(s)) > 0)
			check_set(res, CHECK_FAIL, outcome, "sshd dropped %lu connection%s past "
			    "MaxStartups (too many unauthenticated connections)%s", drops,
			    drops == 1 ? "" : "s", cn);
		else
			check_set(res, CHECK_FAIL, outcome, "sshd throttled new connections past "
			    "MaxStartups (%lu line%s)%s", t->lines, t->lines == 1 ? "" : "s", cn);
		break;
	case SSHDLOG_PERSOURCE:
		check_set(res, CHECK_FAIL, outcome, "sshd dropped %lu connection%s past "
		    "PerSourceMaxStartups (too many from one address)%s", t->drops,
		    t->drops == 1 ? "" : "s", cn);
		break;
	case SSHDLOG_PENALTY:
		check_set(res, CHECK_FAIL, outcome, "sshd penalised addresses (PerSourcePenalties): "
		    "%lu connection%s refused, %lu penalty line%s%s", t->drops,
		    t->drops == 1 ? "" : "s", t->lines - t->drops,
		    t->lines - t->drops == 1 ? "" : "s", cn);
		break;
	case SSHDLOG_TCPWRAP:
		check_set(res, CHECK_FAIL, outcome, "TCP wrappers (/etc/hosts.deny) refused %lu "
		    "connection%s%s", t->lines, t->lines == 1 ? "" : "s", cn);
		break;
	case SSHDLOG_HOSTKEY_MISSING:
		check_set(res, CHECK_FAIL, outcome, "sshd could not load a host key (%lu line%s)",
		    t->lines, t->lines == 1 ? "" : "s");
		break;
	case SSHDLOG_HOSTKEY_PERMS:
		check_set(res, CHECK_FAIL, outcome, "sshd refused a host key whose permissions are "
		    "too open (%lu line%s)", t->lines, t->lines == 1 ? "" : "s");
		break;
	case SSHDLOG_OPENSSL:
		check_set(res, CHECK_FAIL, outcome, "sshd logged an OpenSSL version mismatch: the "
		    "library was upgraded under the running sshd (%lu line%s)", t->lines,
		    t->lines == 1 ? "" : "s");
		break;
	case SSHDLOG_RESOURCE:
		check_set(res, CHECK_FAIL, outcome, "sshd could not fork, accept or allocate "
		    "(%lu line%s): process, memory or file descriptor limits", t->lines,
		    t->lines == 1 ? "" : "s");
		break;
	case SSHDLOG_SELINUX:
		check_set(res, CHECK_FAIL, outcome, "SELinux denied sshd (%lu AVC line%s)",
		    t->lines, t->lines == 1 ? "" : "s");
		break;
	case SSHDLOG_APPARMOR:
		check_set(res, CHECK_FAIL, outcome, "AppArmor denied sshd (%lu line%s)",
		    t->lines, t->lines == 1 ? "" : "s");
		break;
	case SSHDLOG_AUTHKEYS:
		check_set(res, CHECK_FAIL, outcome, "sshd ignored authorized_keys: bad ownership "
		    "or modes of a file or directory (StrictModes, %lu line%s)", t->lines,
		    t->lines == 1 ? "" : "s");
		break;
	case SSHDLOG_MAXSESSIONS:
		check_set(res, CHECK_FAIL, outcome, "sshd refused sessions past MaxSessions "
		    "(%lu line%s)", t->lines, t->lines == 1 ? "" : "s");
		break;
	default:
		if (sshdlog_auth_cat(c)) {
			check_set(res, CHECK_FAIL, outcome, "%s (%lu line%s)%s",
			    sshdlog_auth_summary(c), t->lines, t->lines == 1 ? "" : "s", cn);
			break;
		}
		check_set(res, CHECK_PASS, outcome, "sshd logged nothing that explains refused "
		    "connections (%lu lines read)", s->lines);
		break;
	}
}

static int
shown(const struct sshdlog_tally *t, const char *line)
{
	size_t	 i;

	for (i = 0; i < SSHDLOG_KEEP_CLIENT; i++) {
		if ((t->cfirst[i] != NULL && strcmp(t->cfirst[i], line) == 0) ||
		    (t->clast[i] != NULL && strcmp(t->clast[i], line) == 0))
			return 1;
	}
	return 0;
}

/* The kept lines of a tally: those naming the client first, then the first and last of the rest. */
static void
quote(struct check_result *res, const struct sshdlog_tally *t, int with_client)
{
	unsigned long	 i, n, start;

	if (with_client && t->client > 0 && t->ncfirst > 0) {
		for (i = 0; i < t->ncfirst; i++)
			check_evidence(res, "client: %s", t->cfirst[i]);
		n = t->nclast < SSHDLOG_KEEP_CLIENT ? t->nclast : SSHDLOG_KEEP_CLIENT;
		if (t->nclast > n)
			check_evidence(res, "client: ... %lu more lines ...", t->nclast - n);
		start = t->nclast - n;
		for (i = start; i < t->nclast; i++)
			check_evidence(res, "client: %s", t->clast[i % SSHDLOG_KEEP_CLIENT]);
	} else
		with_client = 0;
	for (i = 0; i < t->nfirst; i++) {
		if (!with_client || !shown(t, t->first[i]))
			check_evidence(res, "log: %s", t->first[i]);
	}
	n = t->nlast < SSHDLOG_KEEP ? t->nlast : SSHDLOG_KEEP;
	if (t->nlast > n)
		check_evidence(res, "log: ... %lu more lines ...", t->nlast - n);
	start = t->nlast - n;
	for (i = start; i < t->nlast; i++) {
		if (!with_client || !shown(t, t->last[i % SSHDLOG_KEEP]))
			check_evidence(res, "log: %s", t->last[i % SSHDLOG_KEEP]);
	}
}

/*
 * The last lines naming the client or user that the tally did not quote: one
 * attempt's own line (its source port and time) may lie between the first
 * two and the last two a tally keeps.
 */
static void
quote_subject(struct check_result *res, const struct sshdlog_tally *t,
    const struct sshdlog_subject *subj)
{
	unsigned long	 i, n;
	const char	*line;

	n = subj->n < SSHDLOG_SUBJECT_KEEP ? subj->n : SSHDLOG_SUBJECT_KEEP;
	for (i = subj->n - n; i < subj->n; i++) {
		line = subj->line[i % SSHDLOG_SUBJECT_KEEP];
		if (line != NULL && (t == NULL || !shown(t, line)))
			check_evidence(res, "client: %s", line);
	}
}

static void
report(struct check_result *res, const struct sshdlog_scan *s, const char *ip,
    const struct sshdlog_subject *subj)
{
	enum sshdlog_cat pick;
	const struct sshdlog_tally *t;
	size_t		 c, i;
	int		 for_client;
	char		 cn[256];

	pick = sshdlog_pick(s, &for_client);
	summarise(res, s, pick, outcome_for(pick, for_client), ip);
	if (pick != SSHDLOG_NONE) {
		t = &s->cat[pick];
		quote(res, t, s->have_client || s->user[0] != '\0');
		for (i = 0; i < t->nforms; i++)
			check_evidence(res, "form: %s", t->forms[i]);
	}
	if (!s->pasted && (s->have_client || s->user[0] != '\0'))
		quote_subject(res, pick != SSHDLOG_NONE ? &s->cat[pick] : NULL, subj);
	/* Everything else that matched, as counts: one outcome, the rest in view. */
	for (c = 1; c < SSHDLOG_NCATS; c++) {
		t = &s->cat[c];
		if (c == (size_t)pick || t->lines == 0)
			continue;
		client_note(s, t, ip, cn, sizeof cn);
		check_evidence(res, "also: %lu %s line%s%s, e.g. %s", t->lines,
		    sshdlog_cat_name((enum sshdlog_cat)c), t->lines == 1 ? "" : "s", cn,
		    t->ncfirst > 0 ? t->cfirst[0] : t->first[0]);
	}
	if (s->cut > 0)
		check_evidence(res, "%lu lines longer than %d bytes were read in part", s->cut,
		    SSHDLOG_LINE_MAX);
}

static void
sshd_logs_exec(struct check_ctx *ctx, struct check_result *res)
{
	struct sshdlog_scan	*s = xcalloc(1, sizeof *s);
	struct sources		 src;
	const char		*ip = ctx->opt->client_ip;
	size_t			 i;

	memset(&src, 0, sizeof src);
	sshdlog_scan_init(s);
	if (ctx->opt->since != NULL) {
		struct tm	 tm;

		if (logtime_since(ctx->opt->since, time(NULL), &src.since) != 0 ||
		    localtime_r(&src.since, &tm) == NULL) {
			check_set(res, CHECK_ERROR, "error", "--since %s is not a time", ctx->opt->since);
			sshdlog_scan_free(s);
			free(s);
			return;
		}
		src.have_since = 1;
		strftime(src.since_text, sizeof src.since_text, "%Y-%m-%d %H:%M:%S", &tm);
	}
	if (ip != NULL) {
		if (ipnet_parse_str(ip, &s->client) == 0)
			s->have_client = 1;
		else
			check_evidence(res, "--client-ip %s is not a numeric address: lines are not "
			    "matched against it", ip);
	}
	if (ctx->opt->server_user != NULL) {
		struct passwd	 pwbuf, *pw = NULL;
		char		 pbuf[4096];

		snprintf(s->user, sizeof s->user, "%s", ctx->opt->server_user);
		if (getpwnam_r(s->user, &pwbuf, pbuf, sizeof pbuf, &pw) == 0 && pw != NULL)
			snprintf(s->home, sizeof s->home, "%s", pw->pw_dir);
	}
	persource_setup(ctx, s, res);

	if (ctx->opt->logs != NULL && ctx->opt->logs[0] != NULL) {
		for (i = 0; ctx->opt->logs[i] != NULL; i++)
			(void)scan_file(ctx, s, &src, ctx->opt->logs[i], LOGS_TAIL_BYTES, 0, 1);
	} else
		read_system(ctx, s, &src);

	if (src.read == 0) {
		if (ctx->opt->logs != NULL && ctx->opt->logs[0] != NULL)
			check_set(res, CHECK_SKIP, "no-logs", "none of the --log files could be read");
		else if (src.denied)
			check_set(res, CHECK_SKIP, "no-logs", "no sshd log could be read: the journal "
			    "and /var/log/auth.log need root (or the adm group); run sshdoc --server "
			    "as root, or give --log FILE");
		else
			check_set(res, CHECK_SKIP, "no-logs", "no sshd log found (no journal entries, "
			    "no /var/log/auth.log or /var/log/secure): give the file sshd logs to "
			    "with --log FILE");
		for (i = 0; i < src.tried.n; i++)
			check_evidence(res, "tried %s", src.tried.v[i]);
	} else {
		report(res, s, ip, &src.subj);
		for (i = 0; i < src.tried.n; i++)
			check_evidence(res, "source: %s", src.tried.v[i]);
	}
	strlist_free(&src.tried);
	sshdlog_subject_free(&src.subj);
	sshdlog_scan_free(s);
	free(s);
}

static const char *const logs_needs[] = { "sshd-config", NULL };
static const char *const logs_outcomes[] = {
	"maxstartups-client", "maxstartups", "persource-client", "persource",
	"penalty-client", "penalty", "tcp-wrappers-client", "tcp-wrappers",
	"hostkey-missing", "hostkey-permissions", "openssl-mismatch", "resource-exhaustion",
	"selinux-denial", "apparmor-denial", "authorized-keys", "maxsessions",
	SSHDLOG_AUTH_OUTCOMES,
	"clean", "no-logs", "error", NULL
};

const struct check_entry check_sshd_logs_entry = {
	.id = "sshd-logs",
	.title = "sshd's recent log lines",
	.needs = logs_needs,
	.outcomes = logs_outcomes,
	.exec = sshd_logs_exec,
};
