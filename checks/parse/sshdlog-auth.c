/* sshdlog-auth.c: the authentication part of the sshd log catalog (OpenSSH 7.4 to 10.x): refused users, accounts, keys, sessions (pure). */
#include <string.h>

#include "checks/parse/sshdlog-parse.h"
#include "lib/util.h"

#define NAME_MAX_LOGGED	100	/* sshd logs user names with %.100s */
#define ADDR_TEXT_MAX	63

/*
 * The format strings, by OpenSSH version (auth.c, auth2-pubkey.c,
 * auth2-pubkeyfile.c, auth-shadow.c, session.c, misc.c):
 *   Invalid user %.100s from %.100s port %d			7.4 to 10.x
 *   User %.100s from %.100s not allowed because ...		7.4 to 10.x
 *   User %.100s not allowed because account is locked		7.4 to 10.x (UsePAM no)
 *   User %.100s not allowed because shell %.100s does not exist|is not executable
 *   User %.100s not allowed because %s exists			session.c do_nologin (UsePAM no)
 *   ROOT LOGIN REFUSED FROM %.200s port %d			7.4 to 10.x
 *   Failed %s for [invalid user ]%s from %.200s port %d ssh2	7.4 to 10.x
 *   maximum authentication attempts exceeded for [invalid user ]%s from %s port %d ssh2
 *   %s: key type %s not in PubkeyAcceptedKeyTypes		7.4 to 8.4
 *   userauth_pubkey: key type %s not in PubkeyAcceptedAlgorithms	8.5 to 8.9
 *   userauth_pubkey: signature algorithm %s not in PubkeyAcceptedAlgorithms	9.0 and later
 *   Certificate invalid: expired|not yet valid|name is not a listed principal
 *	(7.4: "error: %s"; later inside "Refusing certificate ID ... : %s")
 *   Account %.100s has expired; User %.100s password has expired (...)	auth-shadow.c
 *   AuthorizedKeysCommand %s failed, status %d | exited on signal %d | returned status %d
 */

struct sp {
	const char	*p;
	size_t		 n;
};

static const char *
in(struct sp s, const char *needle)
{
	return memfind(s.p, s.n, needle, strlen(needle));
}

static struct sp
past(struct sp s, const char *needle)
{
	const char	*p = in(s, needle);
	struct sp	 r = { NULL, 0 };

	if (p != NULL) {
		r.p = p + strlen(needle);
		r.n = s.n - (size_t)(r.p - s.p);
	}
	return r;
}

static int
begins(struct sp s, const char *prefix)
{
	size_t	 n = strlen(prefix);

	return s.n >= n && memcmp(s.p, prefix, n) == 0;
}

/* The last occurrence of needle in s (a user name may itself hold " from "). */
static const char *
last(struct sp s, const char *needle)
{
	const char	*p, *found = NULL;
	struct sp	 t = s;

	while ((p = in(t, needle)) != NULL) {
		found = p;
		t.p = p + 1;
		t.n = s.n - (size_t)(t.p - s.p);
	}
	return found;
}

/* The length of the word at s.p (lines are not NUL-terminated). */
static size_t
word(struct sp s)
{
	size_t	 n = 0;

	while (n < s.n && s.p[n] != ' ')
		n++;
	return n;
}

static void
set_user(struct sshdlog_match *m, const char *p, size_t n)
{
	if (m->no_subject)
		return;
	if (n > NAME_MAX_LOGGED)
		n = NAME_MAX_LOGGED;
	m->user = p;
	m->user_len = n;
}

/* The address at s.p, up to a space, or nothing (UseDNS may log a host name). */
static void
set_addr(struct sshdlog_match *m, struct sp s)
{
	size_t	 n = 0;

	if (m->no_subject)
		return;
	while (n < s.n && n <= ADDR_TEXT_MAX && s.p[n] != ' ')
		n++;
	if (n > 0 && n <= ADDR_TEXT_MAX && ipnet_parse(s.p, n, &m->addr) == 0)
		m->has_addr = 1;
}

/*
 * sshd's remote id (7.5 and later): "[authenticating |invalid ]user NAME ADDR
 * port N" or "ADDR port N". The name is what lies between "user " and the
 * word before " port ".
 */
void
sshdlog_remote_id(const char *p, size_t n, struct sshdlog_match *m)
{
	struct sp	 s = { p, n };
	const char	*port, *u;
	size_t		 end, start;

	if (m->no_subject || (port = in(s, " port ")) == NULL)
		return;
	end = (size_t)(port - s.p);
	start = end;
	while (start > 0 && s.p[start - 1] != ' ')
		start--;
	if (end > start && end - start <= ADDR_TEXT_MAX &&
	    ipnet_parse(s.p + start, end - start, &m->addr) == 0)
		m->has_addr = 1;
	if (start == 0 || (u = in((struct sp){ s.p, start }, "user ")) == NULL)
		return;
	u += 5;
	if ((size_t)(u - s.p) < start - 1)
		set_user(m, u, start - 1 - (size_t)(u - s.p));
}

/* "NAME from ADDR ..." (NAME up to the last " from " before the end or stop). */
static int
user_from(struct sshdlog_match *m, struct sp s, const char *stop)
{
	struct sp	 head = s;
	const char	*f, *e;

	if (m->no_subject)
		return 0;	/* neither is wanted: set_user would not set the name */
	if (stop != NULL && (e = in(s, stop)) != NULL)
		head.n = (size_t)(e - s.p);
	if ((f = last(head, " from ")) == NULL)
		return -1;
	set_user(m, s.p, (size_t)(f - s.p));
	head.p = f + 6;
	head.n = s.n - (size_t)(head.p - s.p);
	set_addr(m, head);
	return 0;
}

/* "User NAME [from ADDR] not allowed because REASON" */
static enum sshdlog_cat
not_allowed(struct sshdlog_match *m, struct sp s)
{
	const char	*b = in(s, " not allowed because ");
	struct sp	 reason, who;

	if (b == NULL)
		return SSHDLOG_NONE;
	who.p = s.p;
	who.n = (size_t)(b - s.p);
	reason.p = b + 21;
	reason.n = s.n - (size_t)(reason.p - s.p);
	if (user_from(m, who, NULL) != 0)
		set_user(m, who.p, who.n);
	if (begins(reason, "account is locked")) {
		m->form = "User NAME not allowed because account is locked (UsePAM no)";
		return m->cat = SSHDLOG_ACCOUNT;
	}
	if (begins(reason, "shell ")) {
		m->form = in(reason, "does not exist") != NULL ?
		    "User NAME not allowed because shell SHELL does not exist" :
		    "User NAME not allowed because shell SHELL is not executable";
		return m->cat = SSHDLOG_SHELL;
	}
	if (in(reason, " exists") != NULL && in(reason, "nologin") != NULL) {
		m->form = "User NAME not allowed because /etc/nologin exists (UsePAM no)";
		return m->cat = SSHDLOG_SESSION;
	}
	if (in(reason, "AllowUsers") != NULL)
		m->form = "User NAME from ADDR not allowed because not listed in AllowUsers";
	else if (in(reason, "DenyUsers") != NULL)
		m->form = "User NAME from ADDR not allowed because listed in DenyUsers";
	else if (in(reason, "AllowGroups") != NULL)
		m->form = "User NAME from ADDR not allowed because none of user's groups are "
		    "listed in AllowGroups";
	else if (in(reason, "DenyGroups") != NULL)
		m->form = "User NAME from ADDR not allowed because a group is listed in DenyGroups";
	else if (in(reason, "not in any group") != NULL)
		m->form = "User NAME from ADDR not allowed because not in any group";
	else
		return m->cat = SSHDLOG_NONE;
	return m->cat = SSHDLOG_NOT_ALLOWED;
}

/* "Failed METHOD for [invalid user ]NAME from ADDR port N ssh2[: KEY]" */
static enum sshdlog_cat
failed(struct sshdlog_match *m, struct sp s)
{
	struct sp	 who;
	int		 pubkey = begins(s, "publickey for ");

	if ((who = past(s, " for ")).p == NULL)
		return SSHDLOG_NONE;
	if (begins(who, "invalid user ")) {
		who.p += 13;
		who.n -= 13;
		(void)user_from(m, who, " port ");
		m->form = "Failed METHOD for invalid user NAME from ADDR port N ssh2";
		return m->cat = SSHDLOG_INVALID_USER;
	}
	if (!pubkey)
		return SSHDLOG_NONE;	/* a wrong password: no cause of its own */
	(void)user_from(m, who, " port ");
	m->form = "Failed publickey for NAME from ADDR port N ssh2: TYPE SHA256:...";
	return m->cat = SSHDLOG_FAILED_PUBKEY;
}

enum sshdlog_cat
sshdlog_match_auth(const char *msg, size_t len, struct sshdlog_match *m)
{
	struct sp	 s = { msg, len }, a;

	if (msg == NULL || len == 0)
		return SSHDLOG_NONE;
	/* sshd's level prefixes (sshd -E, journal -o cat) */
	if (begins(s, "error: ") || begins(s, "fatal: ")) {
		s.p += 7;
		s.n -= 7;
	}
	/* (the first "Invalid user " is at the start exactly when the line begins with it) */
	if (begins(s, "Invalid user ")) {
		a.p = s.p + 13;
		a.n = s.n - 13;
		(void)user_from(m, a, " port ");
		m->form = "Invalid user NAME from ADDR port N";
		return m->cat = SSHDLOG_INVALID_USER;
	}
	if (begins(s, "User ")) {
		a.p = s.p + 5;
		a.n = s.n - 5;
		if (in(a, " password has expired") != NULL) {
			set_user(m, a.p, (size_t)(in(a, " password has expired") - a.p));
			m->form = "User NAME password has expired (root forced|password aged)";
			return m->cat = SSHDLOG_ACCOUNT;
		}
		return not_allowed(m, a);
	}
	/* before the searches below: what follows "Failed " holds a client's user name */
	if (begins(s, "Failed "))
		return failed(m, (struct sp){ s.p + 7, s.n - 7 });
	if ((a = past(s, "ROOT LOGIN REFUSED FROM ")).p != NULL) {
		set_user(m, "root", 4);
		set_addr(m, a);
		m->form = "ROOT LOGIN REFUSED FROM ADDR port N (PermitRootLogin)";
		return m->cat = SSHDLOG_ROOT_REFUSED;
	}
	if ((a = past(s, "maximum authentication attempts exceeded for ")).p != NULL) {
		if (begins(a, "invalid user ")) {
			a.p += 13;
			a.n -= 13;
		}
		(void)user_from(m, a, " port ");
		m->form = "maximum authentication attempts exceeded for NAME from ADDR port N ssh2";
		return m->cat = SSHDLOG_MAXAUTH;
	}
	if (begins(s, "Account ")) {
		a.p = s.p + 8;
		a.n = s.n - 8;
		if (in(a, " has expired") != NULL) {
			set_user(m, a.p, (size_t)(in(a, " has expired") - a.p));
			m->form = "Account NAME has expired (shadow expiry, UsePAM no)";
			return m->cat = SSHDLOG_ACCOUNT;
		}
	}
	if ((a = past(s, "pam_unix(sshd:account): account ")).p != NULL &&
	    in(a, " has expired") != NULL) {
		set_user(m, a.p, (size_t)(in(a, " has expired") - a.p));
		m->form = "pam_unix(sshd:account): account NAME has expired (account expired)";
		return m->cat = SSHDLOG_ACCOUNT;
	}
	if ((a = past(s, "pam_unix(sshd:account): expired password for user ")).p != NULL) {
		set_user(m, a.p, word(a));
		m->form = "pam_unix(sshd:account): expired password for user NAME";
		return m->cat = SSHDLOG_ACCOUNT;
	}
	if ((a = past(s, "Access denied for user ")).p != NULL &&
	    in(a, " by PAM account configuration") != NULL) {
		set_user(m, a.p, (size_t)(in(a, " by PAM account configuration") - a.p));
		m->form = "Access denied for user NAME by PAM account configuration";
		return m->cat = SSHDLOG_ACCOUNT;
	}
	if ((a = past(s, "Refused user ")).p != NULL && in(s, "nologin") != NULL) {
		set_user(m, a.p, word(a));
		m->form = "pam_nologin: Refused user NAME (/etc/nologin)";
		return m->cat = SSHDLOG_SESSION;
	}
	if (begins(s, "PAM: pam_open_session()") || begins(s, "PAM: pam_setcred()") ||
	    begins(s, "PAM: session setup failed") || in(s, "pam_open_session(): ") != NULL) {
		m->form = "PAM: pam_open_session()|pam_setcred(): ... (a PAM session module)";
		return m->cat = SSHDLOG_SESSION;
	}
	if (begins(s, "Password expired")) {
		m->form = "fatal: Password expired (PAM, the password cannot be changed here)";
		return m->cat = SSHDLOG_ACCOUNT;
	}
	/* session.c safely_chroot: ChrootDirectory is no usable directory */
	if ((a = past(s, "chroot path ")).p != NULL && (in(a, " is not a directory") != NULL ||
	    begins(a, "does not begin at root") || begins(a, "too long"))) {
		m->form = "fatal: chroot path \"DIR\" is not a directory | does not begin at root";
		return m->cat = SSHDLOG_SESSION;
	}
	if (begins(s, "Unable to chdir to chroot path ")) {
		m->form = "fatal: Unable to chdir to chroot path \"DIR\": REASON";
		return m->cat = SSHDLOG_SESSION;
	}
	if (begins(s, "Disconnecting ") && in(s, ": Too many authentication failures") != NULL) {
		sshdlog_remote_id(s.p + 14, s.n - 14, m);
		m->form = "Disconnecting [authenticating|invalid] user NAME ADDR port N: Too many "
		    "authentication failures";
		return m->cat = SSHDLOG_MAXAUTH;
	}
	if (in(s, "bad ownership or modes for chroot directory") != NULL) {
		m->form = "fatal: bad ownership or modes for chroot directory \"DIR\"";
		return m->cat = SSHDLOG_SESSION;
	}
	if (in(s, " not in PubkeyAccepted") != NULL &&
	    (in(s, "key type ") != NULL || in(s, "signature algorithm ") != NULL)) {
		if (in(s, "PubkeyAcceptedKeyTypes") != NULL)
			m->form = "key type TYPE not in PubkeyAcceptedKeyTypes (OpenSSH 7.4 to 8.4)";
		else if (in(s, "signature algorithm ") != NULL)
			m->form = "userauth_pubkey: signature algorithm TYPE not in "
			    "PubkeyAcceptedAlgorithms (OpenSSH 9.0 and later)";
		else
			m->form = "userauth_pubkey: key type TYPE not in PubkeyAcceptedAlgorithms "
			    "(OpenSSH 8.5 to 8.9)";
		return m->cat = SSHDLOG_PUBKEY_ALGO;
	}
	if (in(s, "Certificate invalid: ") != NULL) {
		m->form = "Certificate invalid: expired|not yet valid|name is not a listed principal";
		return m->cat = SSHDLOG_CERT;
	}
	if (begins(s, "Refusing certificate ID ")) {
		m->form = "Refusing certificate ID \"ID\" serial=N signed by ... CA ...: REASON";
		return m->cat = SSHDLOG_CERT;
	}
	if (begins(s, "AuthorizedKeysCommand ") && (in(s, " failed, status ") != NULL ||
	    in(s, " exited on signal ") != NULL || in(s, " returned status ") != NULL)) {
		m->form = "AuthorizedKeysCommand CMD failed, status N | exited on signal N";
		return m->cat = SSHDLOG_KEYS_COMMAND;
	}
	/* the command cannot even run: its user or its words are wrong */
	if ((begins(s, "AuthorizedKeysCommandUser \"") && in(s, "\" not found") != NULL) ||
	    (begins(s, "AuthorizedKeysCommand \"") && (in(s, "\" contains invalid quotes") !=
	    NULL || in(s, "\" yielded no arguments") != NULL))) {
		m->form = "AuthorizedKeysCommandUser \"USER\" not found | AuthorizedKeysCommand "
		    "\"CMD\" contains invalid quotes|yielded no arguments";
		return m->cat = SSHDLOG_KEYS_COMMAND;
	}
	return SSHDLOG_NONE;
}

int
sshdlog_names_subject(enum sshdlog_cat c)
{
	switch (c) {
	case SSHDLOG_IDLE:
	case SSHDLOG_NO_KEX:
	case SSHDLOG_NO_HOSTKEY:
	case SSHDLOG_NO_CIPHER:
	case SSHDLOG_NO_MAC:
		return 1;	/* old clients and scanners fail to negotiate all day */
	default:
		return c >= SSHDLOG_INVALID_USER && c <= SSHDLOG_FAILED_PUBKEY;
	}
}

static const struct {
	enum sshdlog_cat cat;
	const char	*outcome;
	const char	*summary;
} auth_outcomes[] = {
	{ SSHDLOG_INVALID_USER, "invalid-user",
	    "sshd has no such account: it logged \"Invalid user\"" },
	{ SSHDLOG_NOT_ALLOWED, "user-not-allowed",
	    "sshd refused the account by AllowUsers, DenyUsers, AllowGroups or DenyGroups" },
	{ SSHDLOG_ACCOUNT, "account-refused",
	    "sshd or PAM refused the account: locked or expired, or its password expired" },
	{ SSHDLOG_SHELL, "shell-refused",
	    "sshd refused the account: its login shell does not exist or is not executable" },
	{ SSHDLOG_ROOT_REFUSED, "root-refused",
	    "sshd refused a root login (PermitRootLogin)" },
	{ SSHDLOG_SESSION, "session-refused",
	    "sshd ended the session after authentication (/etc/nologin, PAM session, "
	    "ChrootDirectory)" },
	{ SSHDLOG_MAXAUTH, "max-auth",
	    "sshd ended the connection after too many authentication attempts (MaxAuthTries)" },
	{ SSHDLOG_FAILED_PUBKEY, "failed-publickey",
	    "sshd did not find the offered key in the account's authorized keys" },
	{ SSHDLOG_PUBKEY_ALGO, "pubkey-algorithm",
	    "sshd refused a key type or signature algorithm (PubkeyAcceptedAlgorithms)" },
	{ SSHDLOG_CERT, "certificate",
	    "sshd refused a user certificate (expired, not yet valid, or principal not listed)" },
	{ SSHDLOG_KEYS_COMMAND, "keys-command",
	    "sshd's AuthorizedKeysCommand failed" },
	{ SSHDLOG_PRIVSEP, "privsep-missing",
	    "sshd's privilege separation directory is missing or not owned by root" },
	{ SSHDLOG_CONFIG, "config-invalid",
	    "sshd rejected its configuration (sshd_config or an included file)" },
	{ SSHDLOG_DEPRECATED, "deprecated-option",
	    "sshd_config uses options this sshd no longer supports" },
	{ SSHDLOG_BIND, "port-in-use",
	    "sshd could not listen: another program already holds the port" },
	{ SSHDLOG_IDLE, "idle-timeout",
	    "sshd ended an idle connection: the client did not answer its keepalives" },
	{ SSHDLOG_NO_KEX, "no-common-kex",
	    "sshd and the client share no key exchange method" },
	{ SSHDLOG_NO_HOSTKEY, "no-common-hostkey",
	    "sshd and the client share no host key type" },
	{ SSHDLOG_NO_CIPHER, "no-common-cipher",
	    "sshd and the client share no cipher" },
	{ SSHDLOG_NO_MAC, "no-common-mac",
	    "sshd and the client share no MAC" },
	{ SSHDLOG_SERVICE, "service-failed",
	    "sshd's service failed: it exited with an error or did not start" },
	{ SSHDLOG_BANNED, "fail2ban-ban",
	    "fail2ban banned an address in a jail that guards SSH" },
	{ SSHDLOG_FW_DROP, "firewall-drop-log",
	    "the firewall logged dropping a connection to port 22" },
	{ SSHDLOG_FW_REJECT, "firewall-reject-log",
	    "the firewall logged rejecting a connection to port 22" },
};

const char *
sshdlog_auth_outcome(enum sshdlog_cat c)
{
	size_t	 i;

	for (i = 0; i < sizeof auth_outcomes / sizeof auth_outcomes[0]; i++) {
		if (auth_outcomes[i].cat == c)
			return auth_outcomes[i].outcome;
	}
	return "clean";
}

const char *
sshdlog_auth_summary(enum sshdlog_cat c)
{
	size_t	 i;

	for (i = 0; i < sizeof auth_outcomes / sizeof auth_outcomes[0]; i++) {
		if (auth_outcomes[i].cat == c)
			return auth_outcomes[i].summary;
	}
	return "";
}

int
sshdlog_auth_cat(enum sshdlog_cat c)
{
	return c >= SSHDLOG_INVALID_USER && c < SSHDLOG_NCATS;
}
