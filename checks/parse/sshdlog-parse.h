/* sshdlog-parse.h: recognises what sshd (OpenSSH 7.4 to 10.x) and the kernel log about refused connections, line by line, and tallies a stream of them (pure). */
#ifndef SSHDLOG_PARSE_H
#define SSHDLOG_PARSE_H

#include <stddef.h>

#include "lib/ipnet.h"

enum sshdlog_cat {
	SSHDLOG_NONE,		/* nothing sshdoc looks for */
	SSHDLOG_MAXSTARTUPS,	/* drops past MaxStartups; throttling begun, going on, ended */
	SSHDLOG_PERSOURCE,	/* drops by PerSourceMaxStartups (see sshdlog_scan.maxstartups_begin) */
	SSHDLOG_PENALTY,	/* PerSourcePenalties (9.8+): drops and penalties */
	SSHDLOG_HOSTKEY_MISSING, /* a host key could not be loaded; no host keys at all */
	SSHDLOG_HOSTKEY_PERMS,	/* a host key file is readable by others */
	SSHDLOG_OPENSSL,	/* "OpenSSL version mismatch": libraries upgraded under sshd */
	SSHDLOG_RESOURCE,	/* fork, accept or allocation failures */
	SSHDLOG_TCPWRAP,	/* "refused connect from": TCP wrappers (hosts.deny) */
	SSHDLOG_AUTHKEYS,	/* StrictModes: bad ownership or modes of authorized_keys or a directory */
	SSHDLOG_MAXSESSIONS,	/* "no more sessions": MaxSessions reached */
	SSHDLOG_SELINUX,	/* an SELinux AVC denial for sshd */
	SSHDLOG_APPARMOR,	/* an AppArmor denial for sshd */
	SSHDLOG_BANNER,		/* banner exchange errors: scanners and non-SSH clients (no cause by itself) */
	/* Authentication (sshdlog-auth.c): the first ones name a user or an address. */
	SSHDLOG_INVALID_USER,	/* "Invalid user NAME from ADDR": no such account */
	SSHDLOG_NOT_ALLOWED,	/* AllowUsers, DenyUsers, AllowGroups, DenyGroups */
	SSHDLOG_ACCOUNT,	/* locked or expired account, expired password, PAM account refusal */
	SSHDLOG_SHELL,		/* the login shell does not exist or is not executable */
	SSHDLOG_ROOT_REFUSED,	/* "ROOT LOGIN REFUSED FROM": PermitRootLogin */
	SSHDLOG_SESSION,	/* /etc/nologin, PAM session failures, a bad ChrootDirectory */
	SSHDLOG_MAXAUTH,	/* "maximum authentication attempts exceeded" */
	SSHDLOG_FAILED_PUBKEY,	/* "Failed publickey for NAME": a key offered and not found */
	/* These name nobody: they count for a user only in a pasted block. */
	SSHDLOG_PUBKEY_ALGO,	/* "key type|signature algorithm X not in PubkeyAccepted..." */
	SSHDLOG_CERT,		/* "Certificate invalid: ...", "Refusing certificate ID" */
	SSHDLOG_KEYS_COMMAND,	/* AuthorizedKeysCommand failed or was killed */
	SSHDLOG_PRIVSEP,	/* "Missing privilege separation directory": sshd cannot start */
	/* The service and the connection (sshdlog-service.c). */
	SSHDLOG_CONFIG,		/* "PATH line N: ...", "Bad configuration option": sshd_config invalid */
	SSHDLOG_DEPRECATED,	/* "PATH line N: Deprecated option|Unsupported option NAME" */
	SSHDLOG_BIND,		/* "Bind to port P on ADDR failed: Address already in use." */
	SSHDLOG_IDLE,		/* "Timeout, client not responding": ClientAlive* ended it */
	SSHDLOG_NO_KEX,		/* "Unable to negotiate with ADDR port N: no matching key exchange method found" */
	SSHDLOG_NO_HOSTKEY,	/* ... no matching host key type found */
	SSHDLOG_NO_CIPHER,	/* ... no matching cipher found */
	SSHDLOG_NO_MAC,		/* ... no matching MAC found */
	SSHDLOG_SERVICE,	/* systemctl status or systemd: the ssh unit failed (pasted text only) */
	/* What guards sshd's port logged (sshdlog_match_guard; pasted text only). */
	SSHDLOG_BANNED,		/* fail2ban: "[JAIL] Ban ADDR" of an SSH jail */
	SSHDLOG_FW_DROP,	/* the kernel's firewall log: a packet to port 22 dropped */
	SSHDLOG_FW_REJECT,	/* ... rejected */
	SSHDLOG_NCATS
};

#define SSHDLOG_LINE_MAX	4096	/* bytes of one line looked at; the rest is skipped */
#define SSHDLOG_QUOTE_MAX	400	/* bytes of a line kept as a quote */
#define SSHDLOG_KEEP		3	/* first and last lines kept of each category */
#define SSHDLOG_KEEP_CLIENT	2	/* first and last lines kept that name the client */
#define SSHDLOG_FORMS_MAX	8	/* distinct message forms remembered per category */
#define SSHDLOG_HOSTKEYS	4	/* host key paths remembered, "too open" lines held */
#define SSHDLOG_PATH_MAX	160

/* What one line says. */
struct sshdlog_match {
	enum sshdlog_cat cat;
	int		 drop;		/* the line refuses one connection ("drop connection #N ...") */
	int		 startups;	/* that N: unauthenticated connections at the time, or -1 */
	unsigned long	 dropped;	/* connections a rate-limited summary counts (10.x), else 0 */
	unsigned long	 episode;	/* "N connections dropped" of a throttling summary, else 0 */
	int		 episode_end;	/* that summary ends the episode ("exited ...") */
	int		 has_addr;	/* addr holds the client address or network the line names */
	struct ipnet	 addr;
	const char	*user;		/* the user name the line names (in the line), or NULL */
	size_t		 user_len;
	const char	*form;		/* the message form matched, with its OpenSSH versions (static) */
	/*
	 * Set by sshdlog_scan_line when the scan names no client, user or paste:
	 * the address and user are then not parsed (has_addr and user stay unset).
	 */
	int		 no_subject;
	int		 unban;		/* fail2ban's "[JAIL] Unban ADDR" of an SSH jail (cat NONE) */
};

/*
 * Classify one line of a log (len bytes, no newline; any bytes). Lines of
 * syslog, journalctl (short, short-iso, cat), sshd -E and audit.log are
 * understood; a line that names another program than sshd (sshd-session,
 * sshd-auth) is only looked at for kernel and audit denials. Returns m->cat.
 */
enum sshdlog_cat sshdlog_match(const char *line, size_t len, struct sshdlog_match *m);
/* sshdlog_match; no_subject: the address and user are not wanted (not parsed, as m->no_subject says). */
enum sshdlog_cat sshdlog_match_for(const char *line, size_t len, struct sshdlog_match *m,
    int no_subject);
/*
 * fail2ban's and the kernel firewall's words on a client, on a whole line
 * (fail2ban.log, the journal, kern.log, dmesg): SSHDLOG_BANNED, _FW_DROP,
 * _FW_REJECT, or SSHDLOG_NONE.
 */
enum sshdlog_cat sshdlog_match_guard(const char *line, size_t len, struct sshdlog_match *m);
/* The authentication part of the catalog, on a message without its syslog prefix. */
enum sshdlog_cat sshdlog_match_auth(const char *msg, size_t len, struct sshdlog_match *m);
/*
 * The service part (configuration, listening, negotiation, timeouts), on a
 * message without its syslog prefix; from_sshd says the line carried an sshd
 * tag (without one, ssh's own "PATH line N:" of ssh_config is not sshd's).
 */
enum sshdlog_cat sshdlog_match_service(const char *msg, size_t len, int from_sshd,
    struct sshdlog_match *m);
/*
 * What systemctl status and systemd say of sshd's unit ("Main PID: N
 * (code=exited, status=255/EXCEPTION)", "ssh.service: Failed with result");
 * prog is the line's syslog tag (NULL if none).
 */
enum sshdlog_cat sshdlog_match_unit(const char *prog, size_t plen, const char *msg, size_t len,
    struct sshdlog_match *m);
/*
 * The address and user of sshd's remote id at p (7.5 and later): "[authenticating
 * |invalid ]user NAME ADDR port N", or "ADDR port N"; sets m->addr and m->user.
 */
void	 sshdlog_remote_id(const char *p, size_t n, struct sshdlog_match *m);
/* A category by its name (sshdlog_cat_name), or SSHDLOG_NCATS if none. */
enum sshdlog_cat sshdlog_cat_by_name(const char *name);
/* The outcome and summary a check reports for an authentication category (static strings). */
const char *sshdlog_auth_outcome(enum sshdlog_cat);
const char *sshdlog_auth_summary(enum sshdlog_cat);
#define SSHDLOG_AUTH_OUTCOMES "invalid-user", "user-not-allowed", "account-refused", \
	"shell-refused", "root-refused", "session-refused", "max-auth", "failed-publickey", \
	"pubkey-algorithm", "certificate", "keys-command", "privsep-missing", \
	"config-invalid", "deprecated-option", "port-in-use", "idle-timeout", \
	"no-common-kex", "no-common-hostkey", "no-common-cipher", "no-common-mac", \
	"service-failed"
/* Outcomes of the categories only a pasted block has (sshdlog_match_guard). */
#define SSHDLOG_GUARD_OUTCOMES "fail2ban-ban", "firewall-drop-log", "firewall-reject-log"
/* The categories whose outcome and summary sshdlog-auth.c gives: invalid user onwards. */
int	 sshdlog_auth_cat(enum sshdlog_cat);
/*
 * Categories whose lines name a user or address: they explain a failure only
 * for that one (scanners produce them all day on any server).
 */
int	 sshdlog_names_subject(enum sshdlog_cat);
const char *sshdlog_cat_name(enum sshdlog_cat);
/*
 * Fixed strings (case-sensitive, NULL-terminated list) such that every line
 * sshdlog_match gives a category other than SSHDLOG_NONE contains at least
 * one of them: a line holding none can be skipped without parsing it. The
 * list may grow with the catalog; a line holding one may still match nothing.
 */
const char *const *sshdlog_prefilter_words(void);

struct sshdlog_tally {
	unsigned long	 lines;		/* matching lines */
	unsigned long	 drops;		/* connections refused that these lines report */
	unsigned long	 client;	/* lines that name the client (or the user, or pasted) */
	char		*first[SSHDLOG_KEEP];	/* the first lines (sanitized quotes) */
	size_t		 nfirst;
	char		*last[SSHDLOG_KEEP];	/* a ring of the last lines (quotes after sshdlog_finish) */
	unsigned long	 nlast;		/* lines that went through the ring */
	size_t		 lastraw[SSHDLOG_KEEP];	/* 1 + the length of a raw line in the slot, or 0 */
	char		*cfirst[SSHDLOG_KEEP_CLIENT];	/* the same for lines naming the client */
	size_t		 ncfirst;
	char		*clast[SSHDLOG_KEEP_CLIENT];
	unsigned long	 nclast;
	size_t		 clastraw[SSHDLOG_KEEP_CLIENT];
	const char	*forms[SSHDLOG_FORMS_MAX];	/* message forms seen */
	size_t		 nforms;
	unsigned long	 last_at;	/* the scan's line number of the last one */
};

struct sshdlog_scan {
	/* Set before the first line (sshdlog_scan_init zeroes them). */
	int		 have_client;	/* client is the address of a client that fails */
	struct ipnet	 client;
	char		 user[64];	/* the account that fails ("" if none): its lines count as the client's */
	int		 pasted;	/* every line is about the failure (explain mode) */
	char		 home[256];	/* that account's home: StrictModes lines under it are its own */
	/*
	 * OpenSSH logs a drop by PerSourceMaxStartups with the same words as one
	 * past MaxStartups; only the count tells them apart: below MaxStartups'
	 * start, the global limit cannot have dropped it. Set this to that start
	 * when PerSourceMaxStartups is configured, else leave it 0.
	 */
	int		 maxstartups_begin;

	unsigned long	 lines;		/* lines seen */
	unsigned long	 cut;		/* lines longer than SSHDLOG_LINE_MAX */
	unsigned long	 bytes;		/* bytes fed */
	/*
	 * sshd logs only the first drop of a MaxStartups episode at the default
	 * LogLevel; its summaries count them all: those of ended episodes, plus
	 * the last of one still going on.
	 */
	unsigned long	 episodes_dropped;
	unsigned long	 episode_running;
	struct sshdlog_tally cat[SSHDLOG_NCATS];

	/*
	 * A key's "Permissions 0NNN for 'PATH' are too open." is sshd's when
	 * sshd names PATH a host key ("Unable to load host key: PATH") before
	 * or after it: the paths named so far, and such lines still waiting.
	 */
	char		 hostkey[SSHDLOG_HOSTKEYS][SSHDLOG_PATH_MAX];
	size_t		 nhostkey;
	struct {
		char	 path[SSHDLOG_PATH_MAX];
		char	 line[SSHDLOG_QUOTE_MAX];
		size_t	 len;
	}		 tooopen[SSHDLOG_HOSTKEYS];
	size_t		 ntooopen;
	/* "Server listening on": sshd started, so host keys it could not load were not all */
	int		 listening;
	int		 nohostkeys;	/* "no hostkeys available -- exiting" */
	/*
	 * The line numbers of the last "Server listening on" and of the last
	 * line of a category that keeps sshd from starting (configuration, port,
	 * host keys, privsep directory, the unit): sshd started after it, so it
	 * no longer explains a failure.
	 */
	unsigned long	 last_listen;
	unsigned long	 last_unban;	/* line of fail2ban's last "Unban" for an SSH jail, or 0 */
	unsigned long	 last_start_error;

	/* Line assembly for sshdlog_feed. */
	char		 buf[SSHDLOG_LINE_MAX];
	size_t		 buflen;
	int		 skipping;	/* the rest of a line past SSHDLOG_LINE_MAX */
};

void	 sshdlog_scan_init(struct sshdlog_scan *);
/* Connections dropped past MaxStartups: the drop lines, or the summaries' count if larger. */
unsigned long sshdlog_maxstartups_drops(const struct sshdlog_scan *);
/* One complete line (without its newline). */
void	 sshdlog_scan_line(struct sshdlog_scan *, const char *line, size_t len);
/* A chunk of a stream: lines end in "\n"; any chunking gives the same tally. */
void	 sshdlog_feed(struct sshdlog_scan *, const char *buf, size_t len);
/*
 * The end of the stream: a last line without a newline counts too, and the
 * tallies' rings of last lines (last, clast) become sanitized quotes: read
 * them after this. More lines may follow (another file into the same scan).
 */
void	 sshdlog_finish(struct sshdlog_scan *);
void	 sshdlog_scan_free(struct sshdlog_scan *);

/*
 * The category that best explains a failure, by a fixed priority: lines
 * naming the client first; with a client given, per-source categories
 * (PerSourceMaxStartups, penalties, TCP wrappers) count only for it. Banner
 * errors never explain one. A failed start that a later "Server listening
 * on" resolved explains nothing; of several failed starts the last one
 * does. Returns SSHDLOG_NONE if nothing does; *for_client says the pick
 * rests on lines naming the client.
 */
enum sshdlog_cat sshdlog_pick(const struct sshdlog_scan *, int *for_client);
/* Does the category keep sshd from starting (so a later start resolves it)? */
int	 sshdlog_start_cat(enum sshdlog_cat);

#endif
