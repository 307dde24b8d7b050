/* transcript-parse.h: reads an OpenSSH client transcript (ssh -v/-vvv output or an error line) into phases and findings. */
#ifndef TRANSCRIPT_PARSE_H
#define TRANSCRIPT_PARSE_H

#include <stddef.h>

#include "lib/util.h"

#define TRANSCRIPT_MAX		(4 * 1024 * 1024)	/* bytes parsed at most */
#define TRANSCRIPT_LINE_MAX	4096			/* longer lines are cut */

/* What a transcript can show; each kept with the first line that showed it. */
enum tr_finding {
	TR_DNS_NXDOMAIN,	/* Could not resolve hostname: Name or service not known */
	TR_DNS_TEMPORARY,	/* Could not resolve hostname: Temporary failure ... */
	TR_REFUSED,		/* connect to host ... Connection refused */
	TR_CONNECT_TIMEOUT,	/* connect to host ... Connection/Operation timed out */
	TR_UNREACHABLE,		/* No route to host, Network is unreachable */
	TR_CLOSED_EARLY,	/* closed by the peer before its identification */
	TR_RESET_EARLY,		/* reset by the peer before its identification */
	TR_BANNER_TIMEOUT,	/* Connection timed out during banner exchange */
	TR_MAXSTARTUPS,		/* banner line: Exceeded MaxStartups */
	TR_NOT_ALLOWED,		/* banner line: Not allowed at this time */
	TR_INVALID_BANNER,	/* invalid characters, too long, bad identification, invalid format */
	TR_PROTOCOL_MISMATCH,	/* Protocol major versions differ */
	TR_NO_KEX,		/* no matching key exchange method found */
	TR_NO_HOSTKEY,		/* no matching host key type found */
	TR_NO_CIPHER,		/* no matching cipher found */
	TR_NO_MAC,		/* no matching MAC found */
	TR_KEX_STALL,		/* ended while expecting the server's key exchange reply */
	TR_HOSTKEY_CHANGED,	/* REMOTE HOST IDENTIFICATION HAS CHANGED */
	TR_HOSTKEY_UNKNOWN,	/* no host key known and strict checking (BatchMode) */
	TR_KEY_PERMISSIONS,	/* UNPROTECTED PRIVATE KEY FILE, bad permissions */
	TR_CONFIG_PERMISSIONS,	/* Bad owner or permissions on ~/.ssh/config */
	TR_NO_MUTUAL_SIG,	/* no mutual signature supported/algorithm */
	TR_TOO_MANY_AUTH,	/* Too many authentication failures */
	TR_AUTH_DENIED,		/* Permission denied (publickey,...) */
	TR_PROXY_FAILED,	/* ProxyCommand/ProxyJump failure */
	TR_CLOSED_VIA_PROXY,	/* closed before the identification, through a proxy */
	TR_MAXSESSIONS,		/* channel open failed: administratively prohibited */
	TR_CLOSED_LATER,	/* closed or reset after the identification exchange */
	TR_AUTHENTICATED,	/* Authenticated to ... / Authentication succeeded */
	/* Authentication, keys and the session. */
	TR_HOSTKEY_VERIFY_FAILED, /* Host key verification failed., with no reason shown */
	TR_KEY_UNUSABLE,	/* Load key "F": invalid format, error in libcrypto, ... */
	TR_IDENTITY_MISSING,	/* an identity file named by -i or IdentityFile is absent */
	TR_AGENT_FAILED,	/* agent refused operation, communication with agent failed */
	TR_CERT_INVALID,	/* Certificate invalid: expired, not yet valid, ... */
	TR_NO_MORE_METHODS,	/* No more authentication methods to try. */
	TR_DENIED_CERT,		/* denied after a certificate was offered and not accepted */
	TR_DENIED_ROOT,		/* denied, logging in as root */
	TR_DENIED_METHODS,	/* denied, and no method the server allows is publickey */
	TR_DENIED_PASSWORD,	/* denied after a password was refused */
	TR_DENIED_NO_KEY,	/* denied, and -v shows no key was offered */
	TR_DENIED_LEGACY_KEY,	/* denied, and every key offered was RSA or DSA */
	TR_DENIED_KEYS_ONLY,	/* denied, and the server allows public keys only */
	TR_SESSION_REFUSED,	/* This account is currently not available. (nologin) */
	TR_SESSION_CLOSED,	/* the server closed the connection right after login */
	TR_IDLE_DISCONNECT,	/* Broken pipe, Timeout, server not responding */
	TR_MAC_CORRUPT,		/* Corrupted MAC on input, message authentication code incorrect */
	TR_COUNT
};

enum tr_phase {
	PHASE_NONE,		/* nothing recognised */
	PHASE_CONNECT,		/* resolving and connecting */
	PHASE_BANNER,		/* TCP up, waiting for the identification */
	PHASE_KEX,		/* key exchange */
	PHASE_HOSTKEY,		/* host key verification */
	PHASE_AUTH,		/* user authentication */
	PHASE_SESSION,		/* authenticated */
};

struct tr_seen {
	int		 line;		/* 1-based line number, 0 if not seen */
	char		*text;		/* the sanitized line */
};

struct transcript {
	struct tr_seen	 seen[TR_COUNT];	/* first line showing each finding */
	enum tr_phase	 phase;			/* furthest phase reached */
	int		 lines;			/* lines read */
	int		 truncated;		/* input was cut at TRANSCRIPT_MAX */
	int		 verbose;		/* debug lines present (ssh -v or more) */
	char		*local_version;		/* "OpenSSH_9.2p1" from the first -v line */
	char		*remote_version;	/* remote software version */
	char		*their_offer;		/* "Their offer:" list of a negotiation failure */
	char		*server_lists[4];	/* -vvv peer proposal: kex, hostkey, ciphers, MACs */
	char		*client_lists[4];	/* -vvv local proposal: kex, hostkey, ciphers, MACs */
	char		*last_expecting;	/* last "expecting SSH2_MSG_..." */
	char		*offending;		/* "Offending ... key in FILE:LINE" */
	char		*server_hostkey;	/* "Server host key: TYPE SHA256:..." */
	int		 keys_offered;		/* "Offering public key" lines */
	int		 keys_accepted;		/* "Server accepts key" lines */
	struct strlist	 offered;		/* the keys offered, as ssh names them (at most 8) */
	char		*auth_methods;		/* methods that can continue, last shown */
	char		*denied_user;		/* USER of "USER@HOST: Permission denied" */
	int		 password_refused;	/* "Permission denied, please try again." */
	int		 host_unverified;	/* "The authenticity of host ... can't be established" */
	int		 host_revoked;		/* "REVOKED HOST KEY DETECTED" */
	int		 after_auth;		/* non-debug lines since "Authenticated to" */
	int		 via_proxy;		/* a proxy command or jump was used */
	struct tr_seen	 shell_error;		/* a shell's error line, the proxy command's if via_proxy */
	struct strlist	 banner_lines;		/* pre-banner lines shown by -v */
	char		*raw;			/* the text as read (owned), or NULL */
	size_t		 raw_len;
};

void	 transcript_parse(const char *buf, size_t len, struct transcript *);
void	 transcript_free(struct transcript *);
const char *tr_phase_name(enum tr_phase);

#endif
