/* sshdlog-service.c: the service part of the sshd log catalog (OpenSSH 7.4 to 10.x): configuration errors, listening, algorithm negotiation, idle timeouts, the ssh unit's state; the prefilter words and the pick over a whole scan (pure). */
#include <ctype.h>
#include <string.h>

#include "checks/parse/sshdlog-parse.h"

#define ADDR_TEXT_MAX	63

/*
 * The format strings (servconf.c, sshd.c, packet.c, serverloop.c; every
 * form with its releases is in tests/fixtures/sshd-forms.tsv):
 *   %s line %d: ...  |  %s: line %d: Bad configuration option: %s	7.4 to 10.x
 *   %s: terminating, %d bad configuration options			7.4 to 10.x
 *   %s line %d: Deprecated option %s | Unsupported option %s		7.4 to 10.x
 *   Invalid Match address argument '%s' at line %d			8.4 to 10.x
 *   Bind to port %s on %s failed: %.200s.				7.4 to 10.x
 *   Unable to negotiate with %.200s port %d: %s. Their offer: %s		7.4
 *   Unable to negotiate with %s: %s. Their offer: %s			7.5 to 10.x
 *	(%s is "ADDR port N", or "[authenticating|invalid] user NAME ADDR port N")
 *   Timeout, client not responding.					7.4 to 7.6
 *   Timeout, client not responding from %s				7.7 to 10.x
 */

/*
 * One word each match of the catalog requires (here, sshdlog-parse.c and
 * sshdlog-auth.c): the unit tests check every sample line, the fuzz target
 * every line that matches. Rare words in a busy auth.log: "Accepted",
 * "Failed password", "Connection closed" hold none.
 */
static const char *const prefilter_words[] = {
	"avc:", "DENIED",			/* SELinux, AppArmor */
	"nvalid user",				/* Invalid user, Failed ... for invalid user */
	"not allowed because", "has expired", "expired password", "ROOT LOGIN REFUSED",
	"Failed publickey", "maximum authentication attempts", "Access denied for user",
	"Refused user", "pam_open_session", "pam_setcred", "session setup failed",
	"bad ownership or modes", "not in PubkeyAccepted", "Certificate invalid",
	"Refusing certificate", "AuthorizedKeysCommand",
	"drop connection", "MaxStartups throttling", "rate-limited", "penalt",
	"host key", "hostkeys available", "Permissions 0", "privilege separation directory",
	"OpenSSL version mismatch", "fork", "Too many open files", "out of memory",
	"refused connect from", "no more sessions",
	"banner exchange", "identification string", "protocol version identification",
	"Protocol major versions", "kex_exchange_identification",
	" line ", "bad configuration option", "Bind to port", "client not responding",
	"Unable to negotiate", "must be owned by root", "enforcing mode", "Password expired",
	"chroot path", "Too many authentication failures",
	"code=exited", "code=killed", "code=dumped", "Active: failed", "Failed to start",
	"Failed with result", "Start request repeated", "Server listening on",
	" Ban ", "Unban ", "already banned",			/* fail2ban */
	"UFW BLOCK", "LIMIT BLOCK", "_REJECT: ", "_DROP: ",	/* ufw, firewalld */
	NULL
};

const char *const *
sshdlog_prefilter_words(void)
{
	return prefilter_words;
}

struct sv {
	const char	*p;
	size_t		 n;
};

static const char *
has(struct sv s, const char *needle)
{
	return memmem(s.p, s.n, needle, strlen(needle));
}

static int
opens(struct sv s, const char *prefix)
{
	size_t	 n = strlen(prefix);

	return s.n >= n && memcmp(s.p, prefix, n) == 0;
}

static struct sv
rest(struct sv s, const char *p)
{
	struct sv	 r = { p, s.n - (size_t)(p - s.p) };

	return r;
}

/*
 * "PATH line N: " or "PATH: line N: " at the start of s: returns the text
 * after it, or p NULL. The path is one word; ssh's own configuration files
 * (~/.ssh/config, ssh_config) write the same and are not sshd's.
 */
static struct sv
config_line(struct sv s, size_t *pathlen)
{
	struct sv	 r = { NULL, 0 };
	size_t		 i = 0, w;

	while (i < s.n && s.p[i] != ' ')
		i++;
	w = i;
	if (w == 0 || i + 6 > s.n || memcmp(s.p + i, " line ", 6) != 0)
		return r;
	i += 6;
	if (i >= s.n || !isdigit((unsigned char)s.p[i]))
		return r;
	while (i < s.n && isdigit((unsigned char)s.p[i]))
		i++;
	if (i + 2 > s.n || s.p[i] != ':' || s.p[i + 1] != ' ')
		return r;
	if (w > 0 && s.p[w - 1] == ':')
		w--;
	if ((w >= 12 && memcmp(s.p + w - 12, "/.ssh/config", 12) == 0) ||
	    memmem(s.p, w, "ssh_config", 10) != NULL)
		return r;
	*pathlen = w;
	return rest(s, s.p + i + 2);
}

/*
 * What guards the port says of a client:
 *   fail2ban.actions [PID]: NOTICE  [JAIL] Ban ADDR			0.9 to 1.x
 *   fail2ban.actions [PID]: NOTICE  [JAIL] Restore Ban ADDR		(after a restart)
 *   fail2ban.actions [PID]: WARNING [JAIL] ADDR already banned
 *   fail2ban.actions [PID]: NOTICE  [JAIL] Unban ADDR		(lifted: m->unban)
 * for a jail that guards SSH (its name holds "ssh", or recidive, which bans
 * every port); and the kernel's log of a TCP packet to port 22 by the rules
 * ufw and firewalld write (LogDenied):
 *   [UFW BLOCK] IN=eth0 ... SRC=ADDR DST=... PROTO=TCP SPT=N DPT=22 ...	(a drop)
 *   [UFW LIMIT BLOCK] ...						(ufw limit ssh)
 *   filter_IN_public_REJECT: ... DPT=22 ... | FINAL_REJECT: ... | ..._DROP: ...
 * SSH on another port is not told from other traffic, so not read.
 */
static int
ssh_jail(const char *p, size_t n)
{
	size_t	 i;

	if (n == 8 && memcmp(p, "recidive", 8) == 0)
		return 1;
	for (i = 0; i + 3 <= n; i++) {
		if (memcmp(p + i, "ssh", 3) == 0)
			return 1;
	}
	return 0;
}

/* An address that ends at a blank or the end; m->has_addr when it parses. */
static void
guard_addr(struct sshdlog_match *m, const char *p, const char *end)
{
	size_t	 n = 0;

	if (m->no_subject)
		return;
	while (p + n < end && p[n] != ' ' && p[n] != '\t' && n <= ADDR_TEXT_MAX)
		n++;
	if (n > 0 && n <= ADDR_TEXT_MAX && ipnet_parse(p, n, &m->addr) == 0)
		m->has_addr = 1;
}

static enum sshdlog_cat
match_fail2ban(struct sv s, struct sshdlog_match *m)
{
	const char	*b, *j, *a, *end = s.p + s.n;
	size_t		 skip;

	if (has(s, "fail2ban") == NULL)
		return SSHDLOG_NONE;
	if ((b = has(s, "] Unban ")) != NULL) {
		/* the ban is lifted: no category, but a later pick must know */
		for (j = b; j > s.p && j[-1] != '['; j--)
			;
		m->unban = j > s.p && ssh_jail(j, (size_t)(b - j));
		return SSHDLOG_NONE;
	}
	if ((b = has(s, "] Ban ")) != NULL)
		skip = 6;
	else if ((b = has(s, "] Restore Ban ")) != NULL)
		skip = 14;
	else if ((a = has(s, " already banned")) != NULL) {
		/* "[JAIL] ADDR already banned" */
		for (b = a; b > s.p && b[-1] != ' '; b--)
			;
		if (b - s.p < 2 || b[-2] != ']')
			return SSHDLOG_NONE;
		b -= 2;
		skip = 2;
	} else
		return SSHDLOG_NONE;
	for (j = b; j > s.p && j[-1] != '['; j--)
		;
	if (j == s.p || !ssh_jail(j, (size_t)(b - j)))
		return SSHDLOG_NONE;
	m->form = skip == 2 ? "fail2ban: [JAIL] ADDR already banned" :
	    "fail2ban: [JAIL] Ban ADDR | Restore Ban ADDR";
	guard_addr(m, b + skip, end);
	return m->cat = SSHDLOG_BANNED;
}

static enum sshdlog_cat
match_firewall(struct sv s, struct sshdlog_match *m)
{
	const char	*src, *d;
	enum sshdlog_cat c;

	if (has(s, " PROTO=TCP ") == NULL || (d = has(s, " DPT=22")) == NULL ||
	    (d + 7 < s.p + s.n && d[7] != ' '))
		return SSHDLOG_NONE;
	if (has(s, "[UFW BLOCK] ") != NULL || has(s, "[UFW LIMIT BLOCK] ") != NULL) {
		m->form = "kernel: [UFW BLOCK] ... DPT=22 (ufw deny: dropped)";
		c = SSHDLOG_FW_DROP;
	} else if (has(s, "_REJECT: ") != NULL) {
		m->form = "kernel: filter_IN_ZONE_REJECT|FINAL_REJECT: ... DPT=22 (firewalld)";
		c = SSHDLOG_FW_REJECT;
	} else if (has(s, "_DROP: ") != NULL) {
		m->form = "kernel: filter_IN_ZONE_DROP: ... DPT=22 (firewalld)";
		c = SSHDLOG_FW_DROP;
	} else
		return SSHDLOG_NONE;
	if ((src = has(s, " SRC=")) != NULL)
		guard_addr(m, src + 5, s.p + s.n);
	return m->cat = c;
}

enum sshdlog_cat
sshdlog_match_guard(const char *line, size_t len, struct sshdlog_match *m)
{
	struct sv	 s = { line, len };

	if (line == NULL || len < 12)
		return SSHDLOG_NONE;
	if (match_fail2ban(s, m) != SSHDLOG_NONE)
		return m->cat;
	return match_firewall(s, m);
}

/* "FUNCTION: " that *_f calls put first (8.5 and later), or the old "%s: " __func__. */
static struct sv
skip_function(struct sv s)
{
	size_t	 i = 0;

	while (i < s.n && i < 64 && (isalnum((unsigned char)s.p[i]) || s.p[i] == '_'))
		i++;
	if (i > 0 && i + 1 < s.n && s.p[i] == ':' && s.p[i + 1] == ' ' &&
	    islower((unsigned char)s.p[0]))
		return rest(s, s.p + i + 2);
	return s;
}

static enum sshdlog_cat
negotiate(struct sshdlog_match *m, struct sv s, int from_sshd)
{
	struct sv	 who = rest(s, s.p + 24);	/* after "Unable to negotiate with " */
	const char	*colon;

	if (has(s, "no matching key exchange method found") != NULL) {
		m->cat = SSHDLOG_NO_KEX;
		m->form = "Unable to negotiate with ADDR port N: no matching key exchange method "
		    "found. Their offer: ...";
	} else if (has(s, "no matching host key type found") != NULL) {
		m->cat = SSHDLOG_NO_HOSTKEY;
		m->form = "Unable to negotiate with ADDR port N: no matching host key type found. "
		    "Their offer: ...";
	} else if (has(s, "no matching cipher found") != NULL) {
		m->cat = SSHDLOG_NO_CIPHER;
		m->form = "Unable to negotiate with ADDR port N: no matching cipher found. Their "
		    "offer: ...";
	} else if (has(s, "no matching MAC found") != NULL) {
		m->cat = SSHDLOG_NO_MAC;
		m->form = "Unable to negotiate with ADDR port N: no matching MAC found. Their offer: ...";
	} else
		return SSHDLOG_NONE;
	/*
	 * ssh prints the same words about the server; sshd's line carries its
	 * tag, or "[preauth]" (the unprivileged child logged it).
	 */
	if (!from_sshd && has(s, "[preauth]") == NULL) {
		m->cat = SSHDLOG_NONE;
		m->form = NULL;
		return SSHDLOG_NONE;
	}
	if ((colon = memchr(who.p, ':', who.n)) != NULL && has(who, " port ") != NULL &&
	    has(who, " port ") < colon)
		who.n = (size_t)(colon - who.p) + 1;	/* IPv6 colons come before " port " */
	sshdlog_remote_id(who.p, who.n, m);
	return m->cat;
}

enum sshdlog_cat
sshdlog_match_service(const char *msg, size_t len, int from_sshd, struct sshdlog_match *m)
{
	struct sv	 s = { msg, len }, a, whole;
	size_t		 pathlen = 0;

	if (msg == NULL || len < 8)
		return SSHDLOG_NONE;
	if (opens(s, "error: ") || opens(s, "fatal: "))
		s = rest(s, s.p + 7);
	whole = s;	/* "sshd_config: line 1: ..." of sshd -t -f sshd_config is no function */
	s = skip_function(s);
	/* Dispatch on the first byte: most lines of a busy log begin otherwise. */
	switch (s.n > 0 ? s.p[0] : '\0') {
	case 'B':
		if (opens(s, "Bind to port ") && has(s, " failed: Address already in use") != NULL) {
			m->form = "Bind to port P on ADDR failed: Address already in use.";
			return m->cat = SSHDLOG_BIND;
		}
		break;
	case 'U':
		if (opens(s, "Unable to negotiate with "))
			return negotiate(m, (struct sv){ s.p, s.n }, from_sshd);
		break;
	case 'T':
		if (opens(s, "Timeout, client not responding")) {
			m->form = "Timeout, client not responding[ from ADDR] (ClientAliveInterval)";
			if ((a.p = has(s, " from ")) != NULL) {
				a = rest(s, a.p + 6);
				sshdlog_remote_id(a.p, a.n, m);
				if (!m->has_addr && !m->no_subject) {
					size_t	 n = 0;

					while (n < a.n && a.p[n] != ' ' && n <= ADDR_TEXT_MAX)
						n++;
					if (n > 0 && n <= ADDR_TEXT_MAX &&
					    ipnet_parse(a.p, n, &m->addr) == 0)
						m->has_addr = 1;
				}
			}
			return m->cat = SSHDLOG_IDLE;
		}
		break;
	case 'A':
		if (opens(s, "AuthorizedKeysCommand set without AuthorizedKeysCommandUser")) {
			m->form = "AuthorizedKeysCommand set without AuthorizedKeysCommandUser";
			return m->cat = SSHDLOG_CONFIG;
		}
		break;
	case 'I':
		if (opens(s, "Invalid Match ") && has(s, "' at line ") != NULL) {
			m->form = "Invalid Match address|localaddress argument 'ARG' at line N";
			return m->cat = SSHDLOG_CONFIG;
		}
		break;
	default:
		break;
	}
	if ((a = config_line(whole, &pathlen)).p != NULL)
		s = whole;
	else if ((a = config_line(s, &pathlen)).p == NULL) {
		s = whole;
		/* "PATH: terminating, N bad configuration options" */
		if ((a.p = memchr(s.p, ' ', s.n)) != NULL && a.p > s.p && a.p[-1] == ':' &&
		    opens(rest(s, a.p + 1), "terminating, ") &&
		    has(s, " bad configuration option") != NULL &&
		    (from_sshd || memmem(s.p, (size_t)(a.p - s.p), "sshd", 4) != NULL)) {
			m->form = "PATH: terminating, N bad configuration options";
			return m->cat = SSHDLOG_CONFIG;
		}
		return SSHDLOG_NONE;
	}
	/* untagged (sshd -t, a paste), "FILE line N:" is sshd's only for its own file */
	if (!from_sshd && memmem(s.p, pathlen, "sshd", 4) == NULL)
		return SSHDLOG_NONE;
	if (opens(a, "Deprecated option ") || opens(a, "Unsupported option ")) {
		m->form = "PATH line N: Deprecated option|Unsupported option NAME";
		return m->cat = SSHDLOG_DEPRECATED;
	}
	m->form = opens(a, "Bad configuration option") ?
	    "PATH: line N: Bad configuration option: NAME" : "PATH line N: ... (sshd_config error)";
	return m->cat = SSHDLOG_CONFIG;
}

/* Does "status=N/NAME" (or code=killed|dumped) after p say the process failed? */
static int
failed_status(struct sv s)
{
	const char	*p;

	if (has(s, "code=killed") != NULL || has(s, "code=dumped") != NULL)
		return 1;
	if ((p = has(s, "code=exited, status=")) == NULL)
		return 0;
	p += 20;
	return p < s.p + s.n && *p != '0';
}

/* The unit ssh.service, sshd.service, ssh.socket or an instance ssh@...service. */
static int
ssh_unit(struct sv s)
{
	return opens(s, "ssh.service") || opens(s, "sshd.service") || opens(s, "ssh.socket") ||
	    opens(s, "sshd.socket") || opens(s, "ssh@") || opens(s, "sshd@") ||
	    opens(s, "sshd-keygen");
}

enum sshdlog_cat
sshdlog_match_unit(const char *prog, size_t plen, const char *msg, size_t len,
    struct sshdlog_match *m)
{
	struct sv	 s = { msg, len }, unit;

	if (msg == NULL || len < 8)
		return SSHDLOG_NONE;
	/* systemctl status: "Main PID: 456 (code=exited, status=255/EXCEPTION)" */
	if (prog == NULL && (opens(s, "Main PID: ") || opens(s, "Process: "))) {
		if (!failed_status(s))
			return SSHDLOG_NONE;
		m->form = opens(s, "Main PID: ") ?
		    "systemctl status: Main PID: N (code=exited, status=N/NAME)" :
		    "systemctl status: Process: N ExecStartPre=... (code=exited, status=N/NAME)";
		return m->cat = SSHDLOG_SERVICE;
	}
	if (prog == NULL && opens(s, "Active: failed ")) {
		m->form = "systemctl status: Active: failed (Result: ...)";
		return m->cat = SSHDLOG_SERVICE;
	}
	/* the journal: what systemd said about sshd's unit */
	if (prog == NULL || plen != 7 || memcmp(prog, "systemd", 7) != 0)
		return SSHDLOG_NONE;
	if (opens(s, "Failed to start ") && (has(s, "ssh") != NULL || has(s, "SSH") != NULL)) {
		m->form = "systemd: Failed to start ssh.service (OpenBSD Secure Shell server)";
		return m->cat = SSHDLOG_SERVICE;
	}
	if (!ssh_unit(s) || (unit.p = has(s, ": ")) == NULL)
		return SSHDLOG_NONE;
	unit = rest(s, unit.p + 2);
	if (opens(unit, "Failed with result ") || opens(unit, "Start request repeated too quickly") ||
	    ((opens(unit, "Main process exited, ") || opens(unit, "Control process exited, ")) &&
	    failed_status(unit))) {
		m->form = "systemd: ssh.service: Main process exited|Failed with result|Start "
		    "request repeated too quickly";
		return m->cat = SSHDLOG_SERVICE;
	}
	return SSHDLOG_NONE;
}

enum sshdlog_cat
sshdlog_cat_by_name(const char *name)
{
	size_t	 i;

	for (i = 0; i < SSHDLOG_NCATS; i++) {
		if (strcmp(sshdlog_cat_name((enum sshdlog_cat)i), name) == 0)
			return (enum sshdlog_cat)i;
	}
	return SSHDLOG_NCATS;
}

/* Most specific first: a line that names the client beats one that names nobody. */
static const enum sshdlog_cat priority[] = {
	SSHDLOG_TCPWRAP, SSHDLOG_BANNED, SSHDLOG_FW_REJECT, SSHDLOG_FW_DROP, SSHDLOG_PENALTY, SSHDLOG_PERSOURCE, SSHDLOG_MAXSTARTUPS,
	SSHDLOG_NO_KEX, SSHDLOG_NO_HOSTKEY, SSHDLOG_NO_CIPHER, SSHDLOG_NO_MAC,
	SSHDLOG_ROOT_REFUSED, SSHDLOG_NOT_ALLOWED, SSHDLOG_ACCOUNT, SSHDLOG_SHELL,
	SSHDLOG_INVALID_USER, SSHDLOG_SESSION,
	SSHDLOG_CONFIG, SSHDLOG_BIND,
	SSHDLOG_HOSTKEY_PERMS, SSHDLOG_HOSTKEY_MISSING, SSHDLOG_PRIVSEP, SSHDLOG_OPENSSL,
	SSHDLOG_RESOURCE, SSHDLOG_SELINUX, SSHDLOG_APPARMOR, SSHDLOG_AUTHKEYS, SSHDLOG_CERT,
	SSHDLOG_PUBKEY_ALGO, SSHDLOG_KEYS_COMMAND, SSHDLOG_MAXSESSIONS, SSHDLOG_MAXAUTH,
	SSHDLOG_FAILED_PUBKEY, SSHDLOG_IDLE, SSHDLOG_DEPRECATED, SSHDLOG_SERVICE,
};

/* Categories whose lines concern one source address, not every client. */
static int
per_source(enum sshdlog_cat c)
{
	return c == SSHDLOG_TCPWRAP || c == SSHDLOG_PENALTY || c == SSHDLOG_PERSOURCE ||
	    c == SSHDLOG_BANNED || c == SSHDLOG_FW_DROP || c == SSHDLOG_FW_REJECT;
}

int
sshdlog_start_cat(enum sshdlog_cat c)
{
	return c == SSHDLOG_CONFIG || c == SSHDLOG_BIND || c == SSHDLOG_HOSTKEY_MISSING ||
	    c == SSHDLOG_HOSTKEY_PERMS || c == SSHDLOG_PRIVSEP || c == SSHDLOG_SERVICE;
}

/* A category that no longer explains a failure: sshd started (listens) after it. */
static int
resolved(const struct sshdlog_scan *s, enum sshdlog_cat c)
{
	if (c == SSHDLOG_HOSTKEY_MISSING && s->listening && !s->nohostkeys)
		return 1;	/* sshd went on with the keys it could load */
	if (c == SSHDLOG_BANNED && s->last_unban > s->cat[c].last_at)
		return 1;	/* fail2ban lifted the ban after it */
	return sshdlog_start_cat(c) && s->last_listen > s->last_start_error;
}

/*
 * Of the failed starts, the last one: a journal that shows a configuration
 * error, then host keys refused after it was repaired, is about the keys.
 */
static int
start_seen(const struct sshdlog_scan *s, enum sshdlog_cat k, int client)
{
	return sshdlog_start_cat(k) && !resolved(s, k) &&
	    (client ? s->cat[k].client : s->cat[k].lines) > 0;
}

/* When the category's lines were last seen; a refused host key and "no hostkeys" are one. */
static unsigned long
start_at(const struct sshdlog_scan *s, enum sshdlog_cat k, int client)
{
	unsigned long	 at = s->cat[k].last_at;
	enum sshdlog_cat other;

	if (k != SSHDLOG_HOSTKEY_PERMS && k != SSHDLOG_HOSTKEY_MISSING)
		return at;
	other = k == SSHDLOG_HOSTKEY_PERMS ? SSHDLOG_HOSTKEY_MISSING : SSHDLOG_HOSTKEY_PERMS;
	if (start_seen(s, other, client) && s->cat[other].last_at > at)
		at = s->cat[other].last_at;
	return at;
}

static enum sshdlog_cat
latest_start(const struct sshdlog_scan *s, enum sshdlog_cat c, int client)
{
	size_t	 i;
	enum sshdlog_cat best = c, k;

	/* in priority order: of two at the same time, the more specific stays */
	for (i = 0; i < sizeof priority / sizeof priority[0]; i++) {
		k = priority[i];
		/* systemd's words on the unit follow sshd's own: they only repeat the failure */
		if (k == SSHDLOG_SERVICE)
			continue;
		if (start_seen(s, k, client) && start_at(s, k, client) > start_at(s, best, client))
			best = k;
	}
	return best;
}

enum sshdlog_cat
sshdlog_pick(const struct sshdlog_scan *s, int *for_client)
{
	size_t	 i;

	*for_client = 0;
	if (s->have_client || s->user[0] != '\0' || s->pasted) {
		for (i = 0; i < sizeof priority / sizeof priority[0]; i++) {
			if (resolved(s, priority[i]))
				continue;
			if (s->cat[priority[i]].client > 0) {
				*for_client = 1;
				return sshdlog_start_cat(priority[i]) ?
				    latest_start(s, priority[i], 1) : priority[i];
			}
		}
	}
	for (i = 0; i < sizeof priority / sizeof priority[0]; i++) {
		if (s->cat[priority[i]].lines == 0)
			continue;
		if (s->have_client && per_source(priority[i]))
			continue;
		/* scanners try "admin" and "root" all day: such lines explain nothing unasked */
		if (sshdlog_names_subject(priority[i]))
			continue;
		/* sshd started after it (or went on without a DSA key old configs name) */
		if (resolved(s, priority[i]))
			continue;
		/* another account's StrictModes refusal does not explain this one's */
		if (s->user[0] != '\0' && priority[i] == SSHDLOG_AUTHKEYS)
			continue;
		return sshdlog_start_cat(priority[i]) ? latest_start(s, priority[i], 0) :
		    priority[i];
	}
	return SSHDLOG_NONE;
}
