/* sshdlog-parse.c: recognises what sshd (OpenSSH 7.4 to 10.x) and the kernel log about refused connections, line by line (sshdlog-scan.c tallies a stream of them; pure). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "checks/parse/sshdlog-parse.h"

#define ADDR_TEXT_MAX	63	/* an address with a prefix length, as logs write it */

/* A line as pointer and length: log lines are not NUL-terminated and may hold NULs. */
struct span {
	const char	*p;
	size_t		 n;
};

static const char *const cat_names[SSHDLOG_NCATS] = {
	"none", "maxstartups", "persource-maxstartups", "penalty", "hostkey-missing",
	"hostkey-permissions", "openssl-mismatch", "resource", "tcp-wrappers",
	"authorized-keys", "maxsessions", "selinux", "apparmor", "banner",
	"invalid-user", "not-allowed", "account", "shell", "root-refused", "session",
	"max-auth", "failed-publickey", "pubkey-algorithm", "certificate", "keys-command",
	"privsep-missing", "config-invalid", "deprecated-option", "bind-in-use", "idle-timeout",
	"no-kex", "no-hostkey-alg", "no-cipher", "no-mac", "service-failed", "fail2ban-ban",
	"firewall-drop", "firewall-reject"
};

const char *
sshdlog_cat_name(enum sshdlog_cat c)
{
	if ((int)c < 0 || c >= SSHDLOG_NCATS)
		return "?";
	return cat_names[c];
}

static const char *
find(struct span s, const char *needle)
{
	return memfind(s.p, s.n, needle, strlen(needle));
}

/*
 * find, looking for needle's byte k first (a byte rare in log text): the
 * same first occurrence, without a memchr call at each common first byte.
 */
static const char *
find_by(struct span s, const char *needle, size_t k)
{
	size_t		 n = strlen(needle);
	const char	*q, *end;

	if (s.n < n)
		return NULL;
	end = s.p + (s.n - n) + 1;	/* a match starts in [s.p, end) */
	for (q = s.p + k; q < end + k; q++) {
		if ((q = memchr(q, needle[k], (size_t)(end + k - q))) == NULL)
			return NULL;
		if (memcmp(q - k, needle, n) == 0)
			return q - k;
	}
	return NULL;
}

/* The span from p to the end of s. */
static struct span
from(struct span s, const char *p)
{
	struct span	 r;

	r.p = p;
	r.n = s.n - (size_t)(p - s.p);
	return r;
}

/* The span after needle's first occurrence; r.p is NULL if absent. */
static struct span
after(struct span s, const char *needle)
{
	const char	*p = find(s, needle);
	struct span	 r = { NULL, 0 };

	if (p != NULL)
		r = from(s, p + strlen(needle));
	return r;
}

static int
starts(struct span s, const char *prefix)
{
	size_t	 n = strlen(prefix);

	return s.n >= n && memcmp(s.p, prefix, n) == 0;
}

/* Parse an address from len bytes (brackets, prefix lengths allowed). */
static int
addr_at(const char *p, size_t len, struct ipnet *out)
{
	if (len == 0 || len > ADDR_TEXT_MAX)
		return -1;
	return ipnet_parse(p, len, out);
}

/* The address token at the start of s: up to a space, comma, '(' or the end. */
static int
addr_token(struct span s, struct ipnet *out, size_t *used)
{
	size_t	 n = 0;

	while (n < s.n && n <= ADDR_TEXT_MAX && s.p[n] != ' ' && s.p[n] != ',' &&
	    s.p[n] != '(' && s.p[n] != '\t')
		n++;
	if (used != NULL)
		*used = n;
	return addr_at(s.p, n, out);
}

/* A decimal number at the start of s (capped), or -1. */
static long
number(struct span s, size_t *used)
{
	long	 v = 0;
	size_t	 i = 0;

	while (i < s.n && isdigit((unsigned char)s.p[i]) && i < 12) {
		v = v * 10 + (s.p[i] - '0');
		i++;
	}
	if (used != NULL)
		*used = i;
	return i == 0 ? -1 : v;
}

static int
is_month(const char *p)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	size_t	 i;

	for (i = 0; i < 36; i += 3) {
		if (memcmp(p, months + i, 3) == 0)
			return 1;
	}
	return 0;
}

static size_t
skip_spaces(struct span s, size_t i)
{
	while (i < s.n && (s.p[i] == ' ' || s.p[i] == '\t'))
		i++;
	return i;
}

static size_t
skip_word(struct span s, size_t i)
{
	while (i < s.n && s.p[i] != ' ' && s.p[i] != '\t')
		i++;
	return i;
}

/* The length of a leading timestamp: "Mmm dd hh:mm:ss", ISO 8601, "[ 12.345]"; 0 if none. */
static size_t
timestamp_len(struct span s)
{
	size_t	 i;

	if (s.n >= 15 && is_month(s.p) && s.p[3] == ' ') {
		i = skip_spaces(s, 4);
		while (i < s.n && isdigit((unsigned char)s.p[i]))
			i++;
		if (i + 9 > s.n || s.p[i] != ' ' || !isdigit((unsigned char)s.p[i + 1]) ||
		    s.p[i + 3] != ':' || s.p[i + 6] != ':')
			return 0;
		return skip_word(s, i + 1);
	}
	if (s.n >= 11 && isdigit((unsigned char)s.p[0]) && isdigit((unsigned char)s.p[3]) &&
	    s.p[4] == '-' && s.p[7] == '-' && (s.p[10] == 'T' || s.p[10] == ' ')) {
		i = skip_word(s, 0);
		/* "2024-05-01 12:00:00" (journalctl short-full and others) */
		if (s.p[10] == ' ' && i + 1 < s.n && isdigit((unsigned char)s.p[i + 1]))
			i = skip_word(s, i + 1);
		return i;
	}
	/* journalctl -o short-full: "Sat 2026-12-05 10:00:01 UTC" */
	if (s.n >= 24 && s.p[3] == ' ' && isupper((unsigned char)s.p[0]) &&
	    isdigit((unsigned char)s.p[4]) && s.p[8] == '-' && s.p[11] == '-' && s.p[14] == ' ' &&
	    isdigit((unsigned char)s.p[15]) && s.p[17] == ':') {
		i = skip_spaces(s, skip_word(s, 15));
		/* the zone is a word of letters, or an offset */
		if (i < s.n && (isupper((unsigned char)s.p[i]) || s.p[i] == '+' || s.p[i] == '-'))
			i = skip_word(s, i);
		return i;
	}
	if (s.n >= 3 && s.p[0] == '[' && (s.p[1] == ' ' || isdigit((unsigned char)s.p[1]))) {
		for (i = 1; i < s.n && i < 24; i++) {
			if (s.p[i] == ']')
				return i + 1;
		}
	}
	return 0;
}

/* A byte of a syslog tag's name: isalnum or one of "_.-/@()" (and NUL, as strchr has it). */
static int
tag_char(unsigned char c)
{
	if (c >= 0x80)
		return isalnum(c);
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '.' || c == '-' || c == '/' || c == '@' || c == '(' || c == ')' ||
	    c == '\0';
}

/*
 * The syslog tag at s.p[i]: "prog[pid]:" (pid needed when require_pid) or
 * "prog:", followed by a space. Sets *prog and returns the index after the
 * tag and its space, or 0 if there is none.
 */
static size_t
tag_at(struct span s, size_t i, int require_pid, struct span *prog)
{
	size_t	 start = i, end;
	int	 pid = 0;

	while (i < s.n && i - start < 64 && tag_char((unsigned char)s.p[i]))
		i++;
	if (i == start || i >= s.n)
		return 0;
	end = i;
	if (s.p[i] == '[') {
		i++;
		while (i < s.n && isdigit((unsigned char)s.p[i]))
			i++;
		if (i >= s.n || s.p[i] != ']')
			return 0;
		pid = 1;
		i++;
	}
	if (i >= s.n || s.p[i] != ':' || (require_pid && !pid))
		return 0;
	i++;
	if (i < s.n && s.p[i] != ' ')
		return 0;
	prog->p = s.p + start;
	prog->n = end - start;
	return skip_spaces(s, i);
}

/*
 * Split a line into the program that logged it (prog.p NULL when the line
 * does not say: sshd -E files, journalctl -o cat) and the message.
 */
static void
split_line(struct span line, struct span *prog, struct span *msg)
{
	size_t	 i = skip_spaces(line, 0), ts, t, j;
	struct span rest = from(line, line.p + i);

	prog->p = NULL;
	prog->n = 0;
	/* docker compose: "one-sshd     | MESSAGE" */
	for (j = 0; j < rest.n && j < 64 && (isalnum((unsigned char)rest.p[j]) ||
	    strchr("_.-", rest.p[j]) != NULL); j++)
		;
	if (j > 0 && (t = skip_spaces(rest, j)) > j && t + 1 < rest.n && rest.p[t] == '|' &&
	    rest.p[t + 1] == ' ')
		rest = from(rest, rest.p + t + 2);
	*msg = rest;
	if ((ts = timestamp_len(rest)) > 0) {
		i = skip_spaces(rest, ts);
		/*
		 * A host name comes first when a tag follows it; not in dmesg style,
		 * before a "prog[pid]:" tag, nor in docker logs -t (no tag at all).
		 */
		if ((t = tag_at(rest, i, 1, prog)) == 0) {
			j = skip_spaces(rest, skip_word(rest, i));
			if ((t = tag_at(rest, j, 0, prog)) == 0)
				t = tag_at(rest, i, 0, prog);
		}
		if (t > 0)
			i = t;
		*msg = from(rest, rest.p + i);
		return;
	}
	/* "sshd[123]: ..." or "host sshd[123]: ..." without a timestamp; "error: ..." is no tag */
	if ((t = tag_at(rest, 0, 1, prog)) > 0 ||
	    (t = tag_at(rest, skip_spaces(rest, skip_word(rest, 0)), 1, prog)) > 0)
		*msg = from(rest, rest.p + t);
}

static int
is_sshd(struct span prog)
{
	/* Unknown: the source is sshd's own (a --log file, a unit's journal). */
	if (prog.p == NULL)
		return 1;
	return prog.n >= 4 && memcmp(prog.p, "sshd", 4) == 0;
}

/* Does a kernel or audit line concern sshd? */
static int
names_sshd(struct span s)
{
	return find(s, "comm=\"sshd") != NULL || find(s, ":sshd_t:") != NULL ||
	    find(s, "profile=\"/usr/sbin/sshd") != NULL ||
	    find(s, "exe=\"/usr/sbin/sshd") != NULL ||
	    find(s, "exe=\"/usr/lib/openssh/sshd") != NULL;
}

/* "drop connection #N from [ADDR]:PORT on [ADDR]:PORT REASON" (7.x to 10.x). */
static void
match_drop(struct span msg, struct span d, struct sshdlog_match *m)
{
	struct span	 a, reason = { NULL, 0 };
	const char	*close;
	size_t		 used;

	(void)msg;
	m->drop = 1;
	m->cat = SSHDLOG_MAXSTARTUPS;
	m->form = "drop connection (reason not recognised)";
	if ((m->startups = (int)number(d, &used)) > 100000000)
		m->startups = 100000000;
	a = after(from(d, d.p + used), " from [");
	if (a.p != NULL && (close = memchr(a.p, ']', a.n < 80 ? a.n : 80)) != NULL) {
		if (!m->no_subject && addr_at(a.p, (size_t)(close - a.p), &m->addr) == 0)
			m->has_addr = 1;
		reason = after(from(a, close), " on [");
		if (reason.p != NULL && (close = memchr(reason.p, ']', reason.n)) != NULL) {
			reason = from(reason, close + 1);
			if (starts(reason, ":")) {
				reason = from(reason, reason.p + 1);
				(void)number(reason, &used);
				reason = from(reason, reason.p + used);
			}
			while (reason.n > 0 && reason.p[0] == ' ')
				reason = from(reason, reason.p + 1);
		}
	}
	if (reason.p == NULL)
		reason = d;
	if (find(reason, "past MaxStartups") != NULL)
		m->form = "drop connection ... past MaxStartups (OpenSSH 7.4 to 9.7)";
	else if (find(reason, "past Maxstartups") != NULL)
		m->form = "drop connection ... past Maxstartups (OpenSSH 9.8 and later)";
	else if (find(reason, "past PerSourceMaxStartups") != NULL ||
	    find(reason, "past persourcemaxstartups") != NULL ||
	    find(reason, "per-source") != NULL) {
		/* No OpenSSH release is known to log this: matched in case a build does. */
		m->cat = SSHDLOG_PERSOURCE;
		m->form = "drop connection ... PerSourceMaxStartups (per-source wording)";
	} else if (find(reason, "too many penalised addresses") != NULL) {
		m->cat = SSHDLOG_PENALTY;
		m->form = "drop connection ... too many penalised addresses (OpenSSH 9.8 and later)";
	} else if (starts(reason, "penalty:") || find(reason, "penalty") != NULL) {
		m->cat = SSHDLOG_PENALTY;
		m->form = "drop connection ... penalty: REASON (OpenSSH 9.8 and later)";
	}
}

/* PerSourcePenalties bookkeeping lines (srclimit.c, 9.8 and later). */
static int
match_penalty(struct span msg, struct sshdlog_match *m)
{
	struct span	 a;
	const char	*p;
	size_t		 used, i;

	if (find(msg, "penalty of ") == NULL) {
		if ((a = after(msg, "penalty table full, cannot penalise ")).p != NULL) {
			m->cat = SSHDLOG_PENALTY;
			m->form = "penalty table full (OpenSSH 9.8 and later)";
			return 1;
		}
		return 0;
	}
	if ((a = after(msg, ": new ")).p != NULL) {
		m->cat = SSHDLOG_PENALTY;
		if (find(a, " deferred penalty") != NULL) {
			/* not active yet: the address is not refused (still counted) */
			m->form = "new deferred penalty (OpenSSH 9.8 and later)";
			return 1;
		}
		m->form = "new active penalty (OpenSSH 9.8 and later)";
		if (m->no_subject)
			return 1;
		if (addr_token(a, &m->addr, &used) == 0)
			m->has_addr = 1;
		else if ((a = after(a, " seconds for ")).p != NULL &&
		    addr_token(a, &m->addr, &used) == 0)
			m->has_addr = 1;	/* "penalty of N seconds for ADDR" */
		return 1;
	}
	if ((p = find(msg, ": activating ")) != NULL) {
		m->cat = SSHDLOG_PENALTY;
		m->form = "activating penalty (OpenSSH 9.8 and later)";
		/* "srclimit_penalise: ADDR/BITS: activating ipv4 penalty of ..." */
		i = (size_t)(p - msg.p);
		while (i > 0 && msg.p[i - 1] != ' ')
			i--;
		if (!m->no_subject && addr_at(msg.p + i, (size_t)(p - msg.p) - i, &m->addr) == 0)
			m->has_addr = 1;
		return 1;
	}
	return 0;
}

/* "refused connect from HOST", "... from ADDR (ADDR)", "user@host", "name[addr]". */
static void
match_tcpwrap(struct span a, struct sshdlog_match *m)
{
	struct span	 t = a, paren;
	const char	*at, *lb, *rb;
	size_t		 n = 0;

	m->cat = SSHDLOG_TCPWRAP;
	m->form = "refused connect from (TCP wrappers, distribution-patched sshd)";
	if (m->no_subject)
		return;
	while (n < t.n && t.p[n] != ' ' && n <= 2 * ADDR_TEXT_MAX)
		n++;
	t.n = n;
	if ((at = memchr(t.p, '@', t.n)) != NULL)
		t = from(t, at + 1);
	if ((lb = memchr(t.p, '[', t.n)) != NULL && lb > t.p &&
	    (rb = memchr(lb, ']', t.n - (size_t)(lb - t.p))) != NULL) {
		if (addr_at(lb + 1, (size_t)(rb - lb - 1), &m->addr) == 0)
			m->has_addr = 1;
		return;
	}
	if (addr_at(t.p, t.n, &m->addr) == 0) {
		m->has_addr = 1;
		return;
	}
	paren = after(from(a, a.p + n), "(");
	if (paren.p != NULL && (rb = memchr(paren.p, ')', paren.n)) != NULL &&
	    addr_at(paren.p, (size_t)(rb - paren.p), &m->addr) == 0)
		m->has_addr = 1;
}

/* Banner exchange failures: scanners and clients that do not speak SSH. */
static int
match_banner(struct span msg, struct sshdlog_match *m)
{
	struct span	 a;

	if ((a = after(msg, "banner exchange: Connection from ")).p != NULL)
		m->form = "banner exchange: Connection from ADDR port N: ... (OpenSSH 8.x and later)";
	else if ((a = after(msg, "Did not receive identification string from ")).p != NULL)
		m->form = "Did not receive identification string (OpenSSH 7.x)";
	else if (find(msg, "Bad protocol version identification") != NULL) {
		m->form = "Bad protocol version identification (OpenSSH 7.x)";
		a = after(msg, "' from ");
	} else if ((a = after(msg, "Protocol major versions differ for ")).p != NULL)
		m->form = "Protocol major versions differ for ADDR port N: 2 vs. 1 (OpenSSH 7.x)";
	else if (find(msg, "Protocol major versions differ: ") != NULL)
		m->form = "Protocol major versions differ: 2 vs. 1 (OpenSSH 8.0 and later)";
	else if (find(msg, "kex_exchange_identification: ") != NULL)
		m->form = "kex_exchange_identification: ... (OpenSSH 8.0 to 9.4)";
	else
		return 0;
	m->cat = SSHDLOG_BANNER;
	if (a.p != NULL && !m->no_subject && addr_token(a, &m->addr, NULL) == 0)
		m->has_addr = 1;
	return 1;
}

/* N of "..., N connections dropped". */
static unsigned long
episode_count(struct span msg)
{
	const char	*p = find(msg, " connections dropped");
	size_t		 i;

	if (p == NULL)
		return 0;
	i = (size_t)(p - msg.p);
	while (i > 0 && isdigit((unsigned char)msg.p[i - 1]))
		i--;
	if (i == (size_t)(p - msg.p))
		return 0;
	return (unsigned long)number(from(msg, msg.p + i), NULL);
}

/* The bulk of a busy auth.log: lines that never name a cause, recognised by their start. */
static int
common(struct span msg)
{
	static const char *const starts_with[] = {
		"Accepted ", "Failed ", "Invalid user ", "Disconnected from ",
		"Received disconnect from ", "Connection closed by ", "Connection reset by ",
		"pam_unix(", "Connection from ", "Postponed ", "Starting session:",
		"User child is on pid", "Close session:", "Server listening on ",
		"Received signal ", "input_userauth_request: ", "Unable to negotiate with ",
	};
	size_t	 i;

	for (i = 0; i < sizeof starts_with / sizeof starts_with[0]; i++) {
		if (starts(msg, starts_with[i]))
			return 1;
	}
	return 0;
}

/* Lines of a busy auth.log that no matcher reads, by their start (a subset of common's). */
static int
quiet(struct span msg)
{
	static const char *const starts_with[] = {
		"Accepted ", "Disconnected from ", "Received disconnect from ",
		"Connection closed by ", "Connection reset by ", "Connection from ",
		"Postponed ", "Starting session:", "User child is on pid", "Close session:",
	};
	size_t	 i;

	if (msg.n == 0 || strchr("ADRCPSU", msg.p[0]) == NULL)
		return 0;
	for (i = 0; i < sizeof starts_with / sizeof starts_with[0]; i++) {
		if (starts(msg, starts_with[i]))
			return 1;
	}
	return 0;
}

enum sshdlog_cat
sshdlog_match_for(const char *line, size_t len, struct sshdlog_match *m, int no_subject)
{
	struct span	 s = { line, len }, prog, msg, a;

	memset(m, 0, sizeof *m);
	m->startups = -1;
	m->no_subject = no_subject;
	while (s.n > 0 && (s.p[s.n - 1] == '\r' || s.p[s.n - 1] == '\n'))
		s.n--;
	if (s.p == NULL || s.n == 0)
		return SSHDLOG_NONE;
	split_line(s, &prog, &msg);

	/*
	 * Kernel and audit lines, whoever logged them, but never a line sshd's own
	 * tag says is sshd's: there the words are a client's (a user name can be
	 * "avc:  denied"), and most lines of a busy log are sshd's.
	 */
	/* searched from their 'v' and 'D': most lines hold many an 'a' */
	if (prog.p == NULL || !is_sshd(prog)) {
		if ((find_by(s, "avc:  denied", 1) != NULL ||
		    find_by(s, "avc: denied", 1) != NULL) && names_sshd(s)) {
			m->form = "SELinux avc: denied (audit or kernel log)";
			return m->cat = SSHDLOG_SELINUX;
		}
		if (find_by(s, "apparmor=\"DENIED\"", 10) != NULL && names_sshd(s)) {
			m->form = "AppArmor apparmor=\"DENIED\" (kernel or audit log)";
			return m->cat = SSHDLOG_APPARMOR;
		}
	}
	if (sshdlog_match_unit(prog.p, prog.n, msg.p, msg.n, m) != SSHDLOG_NONE)
		return m->cat;
	/* fail2ban's and the firewall's own lines, never sshd's */
	if ((prog.p == NULL || !is_sshd(prog)) &&
	    sshdlog_match_guard(s.p, s.n, m) != SSHDLOG_NONE)
		return m->cat;
	if (!is_sshd(prog))
		return SSHDLOG_NONE;
	/*
	 * The bulk of a busy log, known by how the message begins: sshd writes
	 * these starts itself, and what follows is numbers, addresses and a
	 * client's own words (a user name, a disconnect reason), which the
	 * catalog's searches below, looking anywhere in a line, must not read as
	 * sshd's.
	 */
	if (starts(msg, "drop connection #")) {
		match_drop(msg, from(msg, msg.p + 17), m);
		return m->cat;
	}
	if (starts(msg, "srclimit_penalise: ") && match_penalty(msg, m))
		return m->cat;
	if (quiet(msg))
		return SSHDLOG_NONE;
	if (sshdlog_match_auth(msg.p, msg.n, m) != SSHDLOG_NONE)
		return m->cat;
	if (sshdlog_match_service(msg.p, msg.n, prog.p != NULL, m) != SSHDLOG_NONE)
		return m->cat;
	if (common(msg))
		return SSHDLOG_NONE;

	if ((a = after(msg, "drop connection #")).p != NULL) {
		match_drop(msg, a, m);
		return m->cat;
	}
	if (find(msg, "beginning MaxStartups throttling") != NULL) {
		m->form = "beginning MaxStartups throttling (OpenSSH 8.4 to 9.9)";
		return m->cat = SSHDLOG_MAXSTARTUPS;
	}
	if (find(msg, "exited MaxStartups throttling") != NULL) {
		m->form = "exited MaxStartups throttling (OpenSSH 8.4 to 9.9)";
		m->episode = episode_count(msg);
		m->episode_end = 1;
		return m->cat = SSHDLOG_MAXSTARTUPS;
	}
	if (find(msg, "in MaxStartups throttling for") != NULL) {
		m->form = "in MaxStartups throttling for ... (OpenSSH 8.4 to 9.9)";
		m->episode = episode_count(msg);
		return m->cat = SSHDLOG_MAXSTARTUPS;
	}
	if ((a = after(msg, "logging rate-limited: additional ")).p != NULL) {
		long	 n = number(a, NULL);

		m->dropped = n > 0 ? (unsigned long)n : 0;
		/* 10.x names the limit that dropped them first: "PerSourcePenalties" or "Maxstartups" */
		if (find(msg, "PerSourcePenalties logging") != NULL) {
			m->form = "PerSourcePenalties logging rate-limited: additional N connections "
			    "dropped (OpenSSH 10.0 and later)";
			return m->cat = SSHDLOG_PENALTY;
		}
		m->form = "Maxstartups logging rate-limited: additional N connections dropped "
		    "(OpenSSH 10.0 and later)";
		return m->cat = SSHDLOG_MAXSTARTUPS;
	}
	if (match_penalty(msg, m))
		return m->cat;

	if (find(msg, "Unable to load host key") != NULL) {
		if (find(msg, "bad permissions") != NULL) {
			m->form = "Unable to load host key \"KEY\": bad permissions (OpenSSH 8.x and later)";
			return m->cat = SSHDLOG_HOSTKEY_PERMS;
		}
		m->form = "Unable to load host key (OpenSSH 8.0 and later)";
		return m->cat = SSHDLOG_HOSTKEY_MISSING;
	}
	if (find(msg, "Error loading host key \"") != NULL) {
		m->form = "Error loading host key \"KEY\": REASON (OpenSSH 7.8 and 7.9)";
		return m->cat = find(msg, "\": bad permissions") != NULL ?
		    SSHDLOG_HOSTKEY_PERMS : SSHDLOG_HOSTKEY_MISSING;
	}
	if (find(msg, "Could not load host key") != NULL) {
		m->form = "Could not load host key (OpenSSH 7.x)";
		return m->cat = SSHDLOG_HOSTKEY_MISSING;
	}
	if (find(msg, "no hostkeys available") != NULL) {
		m->form = "no hostkeys available -- exiting";
		return m->cat = SSHDLOG_HOSTKEY_MISSING;
	}
	/*
	 * ssh says the same of a private key: without an sshd tag (a pasted
	 * block) only a host key's path makes it sshd's.
	 */
	if ((starts(msg, "Permissions 0") || (find(msg, "Permissions 0") != NULL &&
	    find(msg, "are too open") != NULL)) && (prog.p != NULL ||
	    find(msg, "ssh_host_") != NULL || find(msg, "'/etc/ssh/") != NULL)) {
		m->form = "Permissions 0NNN for 'KEY' are too open";
		return m->cat = SSHDLOG_HOSTKEY_PERMS;
	}
	if (find(msg, "Missing privilege separation directory") != NULL) {
		m->form = "Missing privilege separation directory: DIR";
		return m->cat = SSHDLOG_PRIVSEP;
	}
	if (find(msg, " must be owned by root and not group or world-writable") != NULL) {
		m->form = "DIR must be owned by root and not group or world-writable. (privsep directory)";
		return m->cat = SSHDLOG_PRIVSEP;
	}
	if (find(msg, "SELinux") != NULL && find(msg, "(in enforcing mode)") != NULL) {
		m->form = "Failed to get default|set SELinux ... context for USER (in enforcing mode)";
		return m->cat = SSHDLOG_SELINUX;
	}
	if (find(msg, "OpenSSL version mismatch") != NULL) {
		m->form = "OpenSSL version mismatch. Built against ..., you have ...";
		return m->cat = SSHDLOG_OPENSSL;
	}
	if (find(msg, "fork") != NULL && (find(msg, "Cannot allocate memory") != NULL ||
	    find(msg, "Resource temporarily unavailable") != NULL)) {
		m->form = "fork: Cannot allocate memory / Resource temporarily unavailable";
		return m->cat = SSHDLOG_RESOURCE;
	}
	if (find(msg, "fork of unprivileged child failed") != NULL) {
		m->form = "fork of unprivileged child failed";
		return m->cat = SSHDLOG_RESOURCE;
	}
	if (find(msg, "Too many open files") != NULL) {
		m->form = "accept: Too many open files (file descriptors exhausted)";
		return m->cat = SSHDLOG_RESOURCE;
	}
	if (find(msg, ": out of memory") != NULL) {
		m->form = "out of memory";
		return m->cat = SSHDLOG_RESOURCE;
	}
	if ((a = after(msg, "refused connect from ")).p != NULL) {
		match_tcpwrap(a, m);
		return m->cat;
	}
	if (find(msg, "Authentication refused: bad ownership or modes for ") != NULL) {
		m->form = "Authentication refused: bad ownership or modes for file|directory";
		return m->cat = SSHDLOG_AUTHKEYS;
	}
	if (find(msg, "no more sessions") != NULL) {
		m->form = "no more sessions (MaxSessions)";
		return m->cat = SSHDLOG_MAXSESSIONS;
	}
	if (match_banner(msg, m))
		return m->cat;
	return SSHDLOG_NONE;
}

enum sshdlog_cat
sshdlog_match(const char *line, size_t len, struct sshdlog_match *m)
{
	return sshdlog_match_for(line, len, m, 0);
}
