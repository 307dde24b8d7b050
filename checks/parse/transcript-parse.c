/* transcript-parse.c: recognises OpenSSH 7.x-10.x client messages in a transcript, line by line. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "checks/parse/banner-parse.h"
#include "lib/sanitize.h"
#include "checks/parse/transcript-parse.h"
#include "lib/xmalloc.h"

/* Message fragments as OpenSSH prints them (see ../shared/notes/openssh-messages.md). */
static const struct {
	const char	*text;
	enum tr_finding	 finding;
} patterns[] = {
	{ "Could not resolve hostname", TR_DNS_NXDOMAIN },	/* refined below */
	{ "Connection refused", TR_REFUSED },
	{ "Connection timed out during banner exchange", TR_BANNER_TIMEOUT },
	{ "banner exchange: Connection to", TR_BANNER_TIMEOUT },	/* refined below */
	{ "No route to host", TR_UNREACHABLE },
	{ "Network is unreachable", TR_UNREACHABLE },
	{ "banner line contains invalid characters", TR_INVALID_BANNER },
	{ "banner line too long", TR_INVALID_BANNER },
	{ "Bad remote protocol version identification", TR_INVALID_BANNER },
	{ "Protocol major versions differ", TR_PROTOCOL_MISMATCH },
	{ "no matching key exchange method found", TR_NO_KEX },
	{ "no matching host key type found", TR_NO_HOSTKEY },
	{ "no matching cipher found", TR_NO_CIPHER },
	{ "no matching MAC found", TR_NO_MAC },
	{ "REMOTE HOST IDENTIFICATION HAS CHANGED", TR_HOSTKEY_CHANGED },
	{ "Host key for", TR_HOSTKEY_CHANGED },	/* "... has changed and you have requested strict checking" */
	{ "UNPROTECTED PRIVATE KEY FILE", TR_KEY_PERMISSIONS },
	{ "bad permissions", TR_KEY_PERMISSIONS },	/* 9.x: Load key "F": bad permissions */
	/* Windows OpenSSH: an ACL entry for another account (S-1-5-...) on the key file */
	{ "Bad permissions. Try removing permissions for user", TR_KEY_PERMISSIONS },
	{ "Bad owner or permissions on", TR_CONFIG_PERMISSIONS },
	{ "no mutual signature supported", TR_NO_MUTUAL_SIG },
	{ "no mutual signature algorithm", TR_NO_MUTUAL_SIG },
	{ "Too many authentication failures", TR_TOO_MANY_AUTH },
	{ "Permission denied (", TR_AUTH_DENIED },
	{ "administratively prohibited", TR_MAXSESSIONS },
	/* 9.x words a MaxSessions refusal as a failed connect of the session channel */
	{ "open failed: connect failed: open failed", TR_MAXSESSIONS },
	{ "Authenticated to ", TR_AUTHENTICATED },
	{ "Authentication succeeded", TR_AUTHENTICATED },
	{ "stdio forwarding failed", TR_PROXY_FAILED },
	{ "kex_exchange_identification: write: Broken pipe", TR_PROXY_FAILED },
	/* the same race, 9.x wording: the proxy command exited before ssh wrote its banner */
	{ "banner exchange: Connection to UNKNOWN port 65535: Broken pipe", TR_PROXY_FAILED },
	{ "Corrupted MAC on input", TR_MAC_CORRUPT },
	{ "message authentication code incorrect", TR_MAC_CORRUPT },
	{ "Certificate invalid: ", TR_CERT_INVALID },
	{ "No more authentication methods to try", TR_NO_MORE_METHODS },
	{ "No supported authentication methods available", TR_DENIED_METHODS },
	{ "This account is currently not available", TR_SESSION_REFUSED },
	{ "agent refused operation", TR_AGENT_FAILED },	/* refined below */
	{ "communication with agent failed", TR_AGENT_FAILED },
	{ "Could not open a connection to your authentication agent", TR_AGENT_FAILED },
	{ "Error connecting to agent", TR_AGENT_FAILED },
	{ "client_loop: send disconnect:", TR_IDLE_DISCONNECT },
	{ "Write failed: Broken pipe", TR_IDLE_DISCONNECT },	/* up to 7.x */
};

static const char *const phase_names[] = {
	"none", "connect", "banner", "key exchange", "host key",
	"authentication", "session",
};

const char *
tr_phase_name(enum tr_phase p)
{
	if ((size_t)p >= sizeof phase_names / sizeof phase_names[0])
		return "none";
	return phase_names[p];
}

static void
note(struct transcript *t, enum tr_finding f, int lineno, const char *line)
{
	if (t->seen[f].line != 0)
		return;
	t->seen[f].line = lineno;
	t->seen[f].text = sanitize_str(line, SANITIZE_LINE_MAX);
}

static void
forget(struct transcript *t, enum tr_finding f)
{
	free(t->seen[f].text);
	t->seen[f].text = NULL;
	t->seen[f].line = 0;
}

static void
set_once(char **field, const char *value, size_t max)
{
	if (*field == NULL)
		*field = sanitize_str(value, max);
}

static void
advance(struct transcript *t, enum tr_phase p)
{
	if (p > t->phase)
		t->phase = p;
}

/* "debug1: text" -> "text"; other lines unchanged. */
static const char *
strip_debug(const char *line, int *is_debug)
{
	*is_debug = 0;
	if (strncmp(line, "debug", 5) == 0 && line[5] >= '1' && line[5] <= '3' &&
	    line[6] == ':') {
		*is_debug = 1;
		line += 7;
		while (*line == ' ')
			line++;
	}
	return line;
}

/* Which of the four lists a -vvv proposal line carries, or -1. */
static int
proposal_slot(const char *s, const char **value)
{
	static const char *const keys[] = {
		"KEX algorithms: ", "host key algorithms: ", "ciphers ctos: ",
		"MACs ctos: ",
	};
	size_t	 i;

	for (i = 0; i < 4; i++) {
		if (strncmp(s, keys[i], strlen(keys[i])) == 0) {
			*value = s + strlen(keys[i]);
			return (int)i;
		}
	}
	return -1;
}

/* Keep the last of a repeated value (the method list changes as methods fail). */
static void
set_last(char **field, const char *value, size_t len, size_t max)
{
	free(*field);
	*field = sanitize(value, len, max);
}

/* Lines after login that say nothing about the session itself. */
static int
session_noise(const char *s)
{
	static const char *const noise[] = {
		"Transferred: ", "Bytes per second", "Last login:", "Warning: ",
		"Could not chdir", "Authenticated to ", "Authentication succeeded",
	};
	size_t	 i;

	if (*s == '\0')
		return 1;
	for (i = 0; i < sizeof noise / sizeof noise[0]; i++) {
		if (strncmp(s, noise[i], strlen(noise[i])) == 0)
			return 1;
	}
	return 0;
}

/* Authentication, key, agent and session messages (sshconnect2.c, clientloop.c, ssh.c). */
static void
parse_auth_line(struct transcript *t, const char *s, int is_debug, int lineno)
{
	const char	*p, *q;

	if (strncmp(s, "Authentications that can continue: ", 35) == 0)
		set_last(&t->auth_methods, s + 35, strlen(s + 35), 200);
	if (strncmp(s, "Server accepts key", 18) == 0)
		t->keys_accepted++;
	/* 8.x+: "Offering public key: IDENT"; up to 7.x: "Offering RSA public key: FILE". */
	if (strncmp(s, "Offering ", 9) == 0 && t->offered.n < 8) {
		char *clean = sanitize_str(strncmp(s, "Offering public key: ", 21) == 0 ?
		    s + 21 : s + 9, 300);

		strlist_add(&t->offered, clean);
		free(clean);
	}
	/* "Permission denied (LIST)." with "USER@HOST: " before it since 7.5. */
	if ((p = strstr(s, "Permission denied (")) != NULL &&
	    (q = strchr(p + 19, ')')) != NULL) {
		set_last(&t->auth_methods, p + 19, (size_t)(q - (p + 19)), 200);
		if (p - s >= 3 && p[-1] == ' ' && p[-2] == ':' && t->denied_user == NULL) {
			const char *start = p - 2, *at = NULL;

			while (start > s && start[-1] != ' ')
				start--;
			for (q = start; q < p - 2; q++) {
				if (*q == '@')
					at = q;
			}
			if (at != NULL)
				t->denied_user = sanitize(start, (size_t)(at - start), 64);
		}
	}
	if (strstr(s, "Permission denied, please try again") != NULL)
		t->password_refused = 1;
	if (strstr(s, "The authenticity of host") != NULL &&
	    strstr(s, "can't be established") != NULL)
		t->host_unverified = 1;
	if (strstr(s, "REVOKED HOST KEY DETECTED") != NULL)
		t->host_revoked = 1;
	if (strstr(s, "Host key verification failed") != NULL)
		note(t, TR_HOSTKEY_VERIFY_FAILED, lineno, s);

	/* A key file that failed to load, other than for its permissions or absence. */
	if ((p = strstr(s, "Load key \"")) != NULL) {
		if (strstr(p, "bad permissions") == NULL && strstr(p, "No such file") == NULL)
			note(t, TR_KEY_UNUSABLE, lineno, s);
	} else if (strstr(s, "incorrect passphrase supplied") != NULL ||
	    (strstr(s, "error in libcrypto") != NULL && strstr(s, "key") != NULL))
		note(t, TR_KEY_UNUSABLE, lineno, s);
	/* Absent default keys are a debug3 line; ones the person named are not. */
	if (!is_debug && (strncmp(s, "no such identity: ", 18) == 0 ||
	    (strstr(s, "Identity file ") != NULL && strstr(s, "not accessible") != NULL)))
		note(t, TR_IDENTITY_MISSING, lineno, s);
	if (strstr(s, "certificate") != NULL && (strstr(s, "not yet valid") != NULL ||
	    strstr(s, "expired") != NULL))
		note(t, TR_CERT_INVALID, lineno, s);

	if (strstr(s, "Timeout, server ") != NULL && strstr(s, "not responding") != NULL)
		note(t, TR_IDLE_DISCONNECT, lineno, s);
	/* 7.x "packet_write_wait: Connection to H port N: Broken pipe"; 8.x+ other callers */
	if (strstr(s, "Connection to ") != NULL && strstr(s, ": Broken pipe") != NULL &&
	    strstr(s, "exchange_identification") == NULL && strstr(s, "banner exchange") == NULL)
		note(t, TR_IDLE_DISCONNECT, lineno, s);

	if (t->seen[TR_AUTHENTICATED].line == 0 || t->seen[TR_AUTHENTICATED].line == lineno)
		return;
	if (!is_debug && (strstr(s, "/bin/false") != NULL || strstr(s, "/nologin") != NULL))
		note(t, TR_SESSION_REFUSED, lineno, s);
	/* Closed at once after login: a shell or session setup that ends it. */
	if ((strncmp(s, "Connection closed by ", 21) == 0 ||
	    (strncmp(s, "Connection to ", 14) == 0 && (strstr(s, " closed.") != NULL ||
	    strstr(s, " closed by remote host") != NULL))) && t->after_auth <= 3)
		note(t, TR_SESSION_CLOSED, lineno, s);
	if (!is_debug && !session_noise(s))
		t->after_auth++;
}

static void
parse_line(struct transcript *t, const char *raw, int lineno, int *proposal)
{
	const char	*s, *p, *v;
	int		 is_debug, slot;
	size_t		 i;

	s = strip_debug(raw, &is_debug);
	if (is_debug)
		t->verbose = 1;

	/* Phases, from the -v narration. */
	if (strncmp(s, "OpenSSH_", 8) == 0 && t->local_version == NULL) {
		p = strpbrk(s, " ,");
		t->local_version = sanitize(s, p ? (size_t)(p - s) : strlen(s), 64);
	}
	if (strncmp(s, "Connecting to ", 14) == 0)
		advance(t, PHASE_CONNECT);
	if (strncmp(s, "Executing proxy command", 23) == 0 ||
	    strncmp(s, "Setting implicit ProxyCommand from ProxyJump", 44) == 0 ||
	    strstr(s, "proxy_connect") != NULL)
		t->via_proxy = 1;
	if (strcmp(s, "Connection established.") == 0)
		advance(t, PHASE_BANNER);
	if ((p = strstr(s, "remote software version ")) != NULL) {
		set_once(&t->remote_version, p + 24, 128);
		advance(t, PHASE_KEX);
	}
	if ((p = strstr(s, "kex_exchange_identification: banner line ")) != NULL &&
	    (p = strchr(p + 41, ':')) != NULL) {
		p++;
		while (*p == ' ')
			p++;
		if (t->banner_lines.n < 8) {
			char *clean = sanitize_str(p, 255);
			strlist_add(&t->banner_lines, clean);
			free(clean);
		}
		if (strncmp(p, "Exceeded MaxStartups", 20) == 0)
			note(t, TR_MAXSTARTUPS, lineno, s);
		else if (strncmp(p, "Not allowed at this time", 24) == 0)
			note(t, TR_NOT_ALLOWED, lineno, s);
		else if (banner_guess_protocol((const unsigned char *)p, strlen(p)) != NULL)
			note(t, TR_INVALID_BANNER, lineno, s);	/* e.g. an HTTP status line */
	}
	if (strstr(s, "SSH2_MSG_KEXINIT sent") != NULL)
		advance(t, PHASE_KEX);
	if (strncmp(s, "expecting SSH2_MSG_", 19) == 0) {
		free(t->last_expecting);
		t->last_expecting = sanitize_str(s + 10, 64);
		/*
		 * Only the key exchange reply matters for a stall; later ones clear it.
		 * KEX_ECDH_REPLY (8.1+), KEX_DH_GEX_* and, up to 8.0, KEXDH_REPLY.
		 */
		if (strncmp(s + 19, "KEX_", 4) != 0 && strncmp(s + 19, "KEXDH_", 6) != 0) {
			free(t->last_expecting);
			t->last_expecting = NULL;
		}
	}
	if ((strncmp(s, "SSH2_MSG_KEX_", 13) == 0 || strncmp(s, "SSH2_MSG_KEXDH_", 15) == 0) &&
	    strstr(s, "received") != NULL) {
		free(t->last_expecting);
		t->last_expecting = NULL;
	}
	if (strncmp(s, "Server host key: ", 17) == 0) {
		free(t->last_expecting);
		t->last_expecting = NULL;
		set_once(&t->server_hostkey, s + 17, 200);
		advance(t, PHASE_HOSTKEY);
	}
	if (strstr(s, "SSH2_MSG_NEWKEYS received") != NULL ||
	    strncmp(s, "Authentications that can continue:", 34) == 0)
		advance(t, PHASE_AUTH);
	if (strncmp(s, "Offering public key:", 20) == 0 ||
	    strncmp(s, "Offering ", 9) == 0)
		t->keys_offered++;
	if ((p = strstr(s, "Offending ")) != NULL && strstr(p, " key in ") != NULL)
		set_once(&t->offending, p, 300);
	if (strstr(s, "No ") != NULL && strstr(s, "host key is known for") != NULL)
		note(t, TR_HOSTKEY_UNKNOWN, lineno, s);

	/* -vvv proposals: "local client KEXINIT proposal", then "peer server KEXINIT proposal". */
	if (strstr(s, "local client KEXINIT proposal") != NULL)
		*proposal = 1;
	else if (strstr(s, "peer server KEXINIT proposal") != NULL)
		*proposal = 2;
	else if (*proposal != 0 && (slot = proposal_slot(s, &v)) >= 0) {
		if (*proposal == 1)
			set_once(&t->client_lists[slot], v, 2000);
		else
			set_once(&t->server_lists[slot], v, 2000);
	}

	for (i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
		if (strstr(s, patterns[i].text) == NULL)
			continue;
		enum tr_finding f = patterns[i].finding;

		/* glibc "Temporary failure in name resolution", musl "Try again". */
		if (f == TR_DNS_NXDOMAIN && (strstr(s, "Temporary failure") != NULL ||
		    strstr(s, "try again") != NULL || strstr(s, "Try again") != NULL))
			f = TR_DNS_TEMPORARY;
		if (f == TR_BANNER_TIMEOUT && strstr(s, "timed out") == NULL) {
			/* "banner exchange: Connection to H port N: invalid format" etc. */
			if (strstr(s, "invalid format") != NULL)
				f = TR_INVALID_BANNER;
			else
				continue;
		}
		if (f == TR_HOSTKEY_CHANGED && strncmp(patterns[i].text, "Host key for", 12) == 0 &&
		    strstr(s, "has changed") == NULL)
			continue;
		/* Windows names the config file's ACL the same way: "Bad owner" follows. */
		if (f == TR_KEY_PERMISSIONS && strstr(s, "/config") != NULL &&
		    strncmp(patterns[i].text, "Bad permissions", 15) == 0)
			continue;
		/* 8.9+ asks the agent to bind the host key; old agents refuse, harmlessly. */
		if (f == TR_AGENT_FAILED && strstr(s, "bind_hostkey") != NULL)
			continue;
		if (f == TR_AUTHENTICATED)
			advance(t, PHASE_SESSION);
		note(t, f, lineno, s);
		if (f == TR_NO_KEX || f == TR_NO_HOSTKEY || f == TR_NO_CIPHER ||
		    f == TR_NO_MAC) {
			if ((p = strstr(s, "Their offer: ")) != NULL)
				set_once(&t->their_offer, p + 13, 2000);
		}
	}

	/* connect(2) failures: "ssh: connect to host H port N: REASON". */
	if (strstr(s, "connect to host ") != NULL) {
		if (strstr(s, "timed out") != NULL)
			note(t, TR_CONNECT_TIMEOUT, lineno, s);
	}
	/* Closed or reset: before the identification (which line says so varies by version). */
	if (strstr(s, "exchange_identification: Connection closed by remote host") != NULL ||
	    (strstr(s, "exchange_identification: read: Connection reset") != NULL)) {
		note(t, strstr(s, "reset") ? TR_RESET_EARLY : TR_CLOSED_EARLY, lineno, s);
	} else if (strncmp(s, "Connection closed by ", 21) == 0 ||
	    strncmp(s, "Connection reset by ", 20) == 0) {
		/* 9.5+ prints only this line; where it falls tells the phase. */
		int reset = s[11] == 'r';

		if (strstr(s, "UNKNOWN port 65535") != NULL)
			t->via_proxy = 1;
		if (t->phase >= PHASE_KEX)
			note(t, TR_CLOSED_LATER, lineno, s);
		else
			note(t, reset ? TR_RESET_EARLY : TR_CLOSED_EARLY, lineno, s);
		/* The server answered by closing: whatever we waited for, it is no stall. */
		free(t->last_expecting);
		t->last_expecting = NULL;
	}
	if (strstr(s, "Connection to ") != NULL && strstr(s, "timed out") != NULL &&
	    t->last_expecting != NULL)
		note(t, TR_KEX_STALL, lineno, s);
	parse_auth_line(t, s, is_debug, lineno);
	/* A proxy command's shell complains before ssh knows it used a proxy. */
	if (t->shell_error.line == 0 && (strstr(s, "command not found") != NULL ||
	    strstr(s, ": not found") != NULL) && strchr(s, ':') != NULL) {
		t->shell_error.line = lineno;
		t->shell_error.text = sanitize_str(s, SANITIZE_LINE_MAX);
	}
	/* Proxy helpers that fail print their own errors before ssh's. */
	if (t->via_proxy && (strstr(s, "command not found") != NULL ||
	    strstr(s, "channel 0: open failed: connect failed") != NULL ||
	    strstr(s, "Could not resolve hostname") != NULL))
		note(t, TR_PROXY_FAILED, lineno, s);
}

/* Whether the comma-separated method list names method. */
static int
has_method(const char *list, const char *method)
{
	size_t		 n = strlen(method);
	const char	*p = list;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, method, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
		if ((p = strchr(p, ',')) != NULL)
			p++;
	}
	return 0;
}

/* Whether every key offered was RSA or DSA (refused by default from 8.8 and 7.0). */
static int
offered_legacy_only(const struct transcript *t)
{
	size_t	 i;

	if (t->offered.n == 0)
		return 0;
	for (i = 0; i < t->offered.n; i++) {
		const char *k = t->offered.v[i];

		if (strstr(k, " RSA ") == NULL && strstr(k, " DSA ") == NULL &&
		    strncmp(k, "RSA public key", 14) != 0 &&
		    strncmp(k, "DSA public key", 14) != 0)
			return 0;
	}
	return 1;
}

static int
offered_certificate(const struct transcript *t)
{
	size_t	 i;

	for (i = 0; i < t->offered.n; i++) {
		if (strstr(t->offered.v[i], "-CERT") != NULL ||
		    strstr(t->offered.v[i], "-cert.pub") != NULL)
			return 1;
	}
	return 0;
}

/* Which refusal a "Permission denied" is, from what came before it. */
static enum tr_finding
denial_kind(const struct transcript *t)
{
	const char	*m = t->auth_methods;

	if (offered_certificate(t) && t->keys_accepted == 0)
		return TR_DENIED_CERT;
	if (t->denied_user != NULL && strcmp(t->denied_user, "root") == 0)
		return TR_DENIED_ROOT;
	if (m != NULL && *m != '\0' && !has_method(m, "publickey"))
		return TR_DENIED_METHODS;
	if (t->password_refused)
		return TR_DENIED_PASSWORD;
	if (t->verbose && t->keys_offered == 0)
		return TR_DENIED_NO_KEY;
	if (offered_legacy_only(t) && t->keys_accepted == 0)
		return TR_DENIED_LEGACY_KEY;
	if (m != NULL && !has_method(m, "password") &&
	    !has_method(m, "keyboard-interactive"))
		return TR_DENIED_KEYS_ONLY;
	return TR_AUTH_DENIED;
}

/* Findings whose meaning depends on the whole transcript. */
static void
classify_auth(struct transcript *t)
{
	const struct tr_seen	*d;
	enum tr_finding		 kind;

	/* A key or agent that failed did not stop a login that succeeded. */
	if (t->seen[TR_AUTHENTICATED].line != 0) {
		forget(t, TR_KEY_UNUSABLE);
		forget(t, TR_IDENTITY_MISSING);
		forget(t, TR_AGENT_FAILED);
	} else if (t->verbose && t->phase >= PHASE_BANNER) {
		/* a broken pipe before login is no idle session */
		forget(t, TR_IDLE_DISCONNECT);
	}

	/* "Host key verification failed." alone: unknown unless the key changed or was revoked. */
	if (t->seen[TR_HOSTKEY_VERIFY_FAILED].line != 0) {
		d = &t->seen[TR_HOSTKEY_VERIFY_FAILED];
		if (t->seen[TR_HOSTKEY_CHANGED].line != 0 || t->host_revoked ||
		    t->seen[TR_HOSTKEY_UNKNOWN].line != 0)
			forget(t, TR_HOSTKEY_VERIFY_FAILED);
		else if (t->host_unverified) {
			note(t, TR_HOSTKEY_UNKNOWN, d->line, d->text);
			forget(t, TR_HOSTKEY_VERIFY_FAILED);
		}
	}

	if (t->seen[TR_AUTH_DENIED].line == 0 && t->seen[TR_NO_MORE_METHODS].line != 0)
		note(t, TR_AUTH_DENIED, t->seen[TR_NO_MORE_METHODS].line,
		    t->seen[TR_NO_MORE_METHODS].text);
	d = &t->seen[TR_AUTH_DENIED];
	if (d->line != 0 && (kind = denial_kind(t)) != TR_AUTH_DENIED)
		note(t, kind, d->line, d->text);
}

/*
 * A server's line in a pasted block (tr-sshd-log reads those): an sshd
 * syslog tag, a "[preauth]" suffix, or a host key's errors, whose words
 * ("bad permissions", "UNPROTECTED PRIVATE KEY FILE") are also ssh's for
 * a client key. rest is the text after the line, for the banner's path.
 */
/*
 * Is the key of "Permissions 0NNN for 'PATH' are too open" at perm (len
 * bytes) a host key: sshd's path, or one the text says sshd loads as a host
 * key ("Unable to load host key: PATH", "Could not load host key: PATH")?
 */
static int
host_key_perm(const char *perm, size_t len, const char *all, size_t alllen)
{
	const char	*path, *end;
	char		 needle[TRANSCRIPT_LINE_MAX + 32];
	size_t		 n;

	if ((path = memmem(perm, len, "for '", 5)) == NULL)
		return 0;
	path += 5;
	if ((end = memmem(path, len - (size_t)(path - perm), "' are too open", 14)) == NULL)
		return 0;
	n = (size_t)(end - path);
	if (memmem(path, n, "ssh_host_", 9) != NULL || (n > 9 && memcmp(path, "/etc/ssh/", 9) == 0 &&
	    memmem(path, n, "/.ssh/", 6) == NULL))
		return 1;
	if (n == 0 || n > TRANSCRIPT_LINE_MAX)
		return 0;
	snprintf(needle, sizeof needle, "host key: %.*s", (int)n, path);
	if (memmem(all, alllen, needle, strlen(needle)) != NULL)
		return 1;
	snprintf(needle, sizeof needle, "host key \"%.*s\"", (int)n, path);
	return memmem(all, alllen, needle, strlen(needle)) != NULL;
}

static int
sshd_line(const char *line, const char *rest, size_t restlen, const char *all, size_t alllen)
{
	const char	*tag, *perm;
	size_t		 n = strlen(line), look;

	if (((tag = strstr(line, "sshd[")) != NULL || (tag = strstr(line, "sshd-session[")) !=
	    NULL || (tag = strstr(line, "sshd-auth[")) != NULL) && strstr(tag, "]: ") != NULL)
		return 1;
	/* ssh quotes a server's disconnect message, "[preauth]" and all */
	if (n >= 9 && strcmp(line + n - 9, "[preauth]") == 0 &&
	    strstr(line, "Received disconnect from") == NULL &&
	    strstr(line, "Disconnected from") == NULL)
		return 1;
	if (strstr(line, "host key") != NULL && (strstr(line, "Unable to load") != NULL ||
	    strstr(line, "Could not load") != NULL))
		return 1;
	if ((perm = strstr(line, "Permissions 0")) != NULL && strstr(perm, "are too open") != NULL)
		return host_key_perm(perm, strlen(perm), all, alllen);
	/* the warning banner above a host key's "Permissions 0NNN for '...'" */
	if (strstr(line, "UNPROTECTED PRIVATE KEY FILE") != NULL) {
		look = restlen < 400 ? restlen : 400;
		perm = memmem(rest, look, "Permissions 0", 13);
		return perm != NULL && host_key_perm(perm, look - (size_t)(perm - rest), all, alllen);
	}
	return 0;
}

void
transcript_parse(const char *buf, size_t len, struct transcript *t)
{
	const char	*p = buf, *end, *nl;
	char		*line;
	size_t		 llen;
	int		 proposal = 0;

	memset(t, 0, sizeof *t);
	if (len > TRANSCRIPT_MAX) {
		len = TRANSCRIPT_MAX;
		t->truncated = 1;
	}
	end = buf + len;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		llen = (size_t)((nl ? nl : end) - p);
		if (llen > TRANSCRIPT_LINE_MAX)
			llen = TRANSCRIPT_LINE_MAX;
		/* NULs would hide the rest of a line from strstr: they become spaces. */
		line = xmalloc(llen + 1);	/* not xstrndup: it stops at a NUL */
		memcpy(line, p, llen);
		for (size_t i = 0; i < llen; i++) {
			if (p[i] == '\0')
				line[i] = ' ';
		}
		line[llen] = '\0';
		if (llen > 0 && line[llen - 1] == '\r')
			line[llen - 1] = '\0';
		t->lines++;
		if (!sshd_line(line, nl ? nl + 1 : end, (size_t)(end - (nl ? nl + 1 : end)), buf, len))
			parse_line(t, line, t->lines, &proposal);
		free(line);
		p = nl ? nl + 1 : end;
	}
	/* "UNKNOWN port 65535" came last: reinterpret what came before it. */
	if (t->via_proxy && t->shell_error.line != 0)
		note(t, TR_PROXY_FAILED, t->shell_error.line, t->shell_error.text);
	if (t->via_proxy) {
		/* Resolve and connect errors came from the hop (ProxyJump's inner ssh). */
		static const enum tr_finding hop[] = {
			TR_DNS_NXDOMAIN, TR_DNS_TEMPORARY, TR_REFUSED,
			TR_CONNECT_TIMEOUT, TR_UNREACHABLE,
		};
		size_t	 k;

		for (k = 0; k < sizeof hop / sizeof hop[0]; k++) {
			if (t->seen[hop[k]].line == 0)
				continue;
			note(t, TR_PROXY_FAILED, t->seen[hop[k]].line, t->seen[hop[k]].text);
			free(t->seen[hop[k]].text);
			t->seen[hop[k]].text = NULL;
			t->seen[hop[k]].line = 0;
		}
	}
	if (t->via_proxy) {
		/* Both a close and a reset may show (two attempts): neither stays "early". */
		static const enum tr_finding early[] = { TR_CLOSED_EARLY, TR_RESET_EARLY };
		size_t	 k;

		if (t->seen[TR_RESET_EARLY].line != 0 && (t->seen[TR_CLOSED_EARLY].line == 0 ||
		    t->seen[TR_RESET_EARLY].line < t->seen[TR_CLOSED_EARLY].line))
			note(t, TR_CLOSED_VIA_PROXY, t->seen[TR_RESET_EARLY].line,
			    t->seen[TR_RESET_EARLY].text);
		for (k = 0; k < sizeof early / sizeof early[0]; k++) {
			if (t->seen[early[k]].line == 0)
				continue;
			note(t, TR_CLOSED_VIA_PROXY, t->seen[early[k]].line, t->seen[early[k]].text);
			free(t->seen[early[k]].text);
			t->seen[early[k]].text = NULL;
			t->seen[early[k]].line = 0;
		}
	}
	classify_auth(t);
	/* A transcript that ends while waiting for the server's key exchange reply stalled there. */
	if (t->last_expecting != NULL && t->seen[TR_AUTHENTICATED].line == 0 &&
	    t->phase <= PHASE_KEX)
		note(t, TR_KEX_STALL, t->lines, t->last_expecting);
}

void
transcript_free(struct transcript *t)
{
	size_t	 i;

	for (i = 0; i < TR_COUNT; i++)
		free(t->seen[i].text);
	free(t->raw);
	free(t->local_version);
	free(t->remote_version);
	free(t->their_offer);
	for (i = 0; i < 4; i++) {
		free(t->server_lists[i]);
		free(t->client_lists[i]);
	}
	free(t->last_expecting);
	free(t->offending);
	free(t->server_hostkey);
	strlist_free(&t->banner_lines);
	free(t->shell_error.text);
	strlist_free(&t->offered);
	free(t->auth_methods);
	free(t->denied_user);
	memset(t, 0, sizeof *t);
}
