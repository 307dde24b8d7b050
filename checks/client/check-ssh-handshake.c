/* check-handshake.c: one full key exchange with libssh: what is negotiated, the host key against known_hosts, the methods offered. */
#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "checks/check.h"
#include "lib/runner.h"
#include "lib/sanitize.h"
#include "checks/client/kex-relay.h"
#include "checks/client/libssh-session.h"
#include "checks/client/server-kexinit.h"
#include "checks/client/sshconf.h"
#include "checks/parse/keygen-parse.h"
#include "checks/parse/transcript-parse.h"
#include "checks/client/sshpath.h"
#include "lib/xmalloc.h"

/* A known_hosts file larger than this is not handed to libssh, which reads it whole. */
#define KNOWN_HOSTS_MAX		(64 * 1024 * 1024)

/* What the handshake saw, gathered while the session is up. */
struct handshake {
	char		*banner;	/* server identification */
	char		*kex;		/* negotiated key exchange */
	char		*cipher_in;	/* server to client */
	char		*cipher_out;	/* client to server */
	char		*hmac_in;
	char		*hmac_out;
	char		*keytype;	/* server host key type */
	char		*fingerprint;	/* "SHA256:..." as ssh-keygen -lf prints it */
	enum ssh_known_hosts_e known;	/* ssh_session_is_known_server */
	char		*known_error;	/* libssh's text when known is SSH_KNOWN_HOSTS_ERROR */
	int		 auth_asked;	/* the none request was sent */
	int		 auth_rc;	/* ssh_userauth_none's answer */
	int		 methods;	/* ssh_userauth_list bitmask */
	char		*auth_error;	/* why the methods could not be read */
};

/* Where known_hosts lives, and whether libssh may read it. */
struct khfile {
	char		*path;		/* expanded path, as ssh would read it */
	const char	*given;		/* what libssh is told ("/dev/null" when unusable) */
	const char	*state;		/* for the evidence: "exists", "does not exist", ... */
	int		 usable;	/* a readable regular file */
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static const char *
or_unknown(const char *s)
{
	return s != NULL ? s : "?";
}

static void
handshake_clear(struct handshake *h)
{
	free(h->banner);
	free(h->kex);
	free(h->cipher_in);
	free(h->cipher_out);
	free(h->hmac_in);
	free(h->hmac_out);
	free(h->keytype);
	free(h->fingerprint);
	free(h->known_error);
	free(h->auth_error);
}

/* First file of an ssh -G known-hosts list, ~ expanded; "none" reads nothing. */
static char *
first_file(const char *list, const char *fallback)
{
	struct sshpath_env	 env;
	char			 pwbuf[4096], *first, *out;
	size_t			 len;

	if (list == NULL || *list == '\0')
		list = fallback;
	len = strcspn(list, " \t");
	if (len == 4 && strncmp(list, "none", 4) == 0)
		return xstrdup("/dev/null");
	memset(&env, 0, sizeof env);
	env.home = sshpath_home(pwbuf, sizeof pwbuf);
	env.uid = (unsigned long)getuid();
	first = xstrndup(list, len);
	out = sshpath_expand_or_copy(first, &env);
	free(first);
	return out;
}

/*
 * Look at a known_hosts file before libssh does: a missing file makes libssh
 * answer "unknown" like an empty one, and a FIFO or a huge file would stall it.
 */
static void
khfile_init(struct khfile *f, const char *list, const char *fallback)
{
	struct stat	 sb;

	f->path = first_file(list, fallback);
	f->given = "/dev/null";
	f->usable = 0;
	if (strcmp(f->path, "/dev/null") == 0) {
		f->state = "none";
		return;
	}
	if (stat(f->path, &sb) != 0)
		f->state = "does not exist";
	else if (!S_ISREG(sb.st_mode))
		f->state = "is not a regular file, not read";
	else if (sb.st_size > KNOWN_HOSTS_MAX)
		f->state = "is too large, not read";
	else if (access(f->path, R_OK) != 0)
		f->state = "exists but is not readable";
	else {
		f->state = "exists";
		f->given = f->path;
		f->usable = 1;
	}
}

/* How a known_hosts file names host and port: "host", or "[host]:port" off port 22. */
static char *
lookup_name(const char *host, int port)
{
	char	*out;

	if (port == 22)
		return xstrdup(host);
	xasprintf(&out, "[%s]:%d", host, port);
	return out;
}

/* "TYPE SHA256:..." of a key written in a known_hosts line, or NULL. */
static char *
stored_key(const char *type, const char *b64)
{
	enum ssh_keytypes_e	 kt = ssh_key_type_from_name(type);
	ssh_key			 key = NULL;
	unsigned char		*hash = NULL;
	size_t			 hlen = 0;
	char			*fp, *out = NULL;

	if (kt == SSH_KEYTYPE_UNKNOWN)
		return NULL;
	if (ssh_pki_import_pubkey_base64(b64, kt, &key) != SSH_OK)
		return NULL;
	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) == 0) {
		fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
		if (fp != NULL)
			xasprintf(&out, "%s %s", type, fp);
		ssh_string_free_char(fp);
		ssh_clean_pubkey_hash(&hash);
	}
	ssh_key_free(key);
	return out;
}

/*
 * The lines of file that hold keys for name, through ssh-keygen -F (it also
 * matches hashed names). Each becomes "FILE line N: TYPE SHA256:...".
 */
static void
stored_lines(struct check_ctx *ctx, struct check_result *res, const char *file,
    const char *name)
{
	const char	*argv[] = { "ssh-keygen", "-F", name, "-f", file, NULL };
	struct run_opts	 ro;
	struct run_result rr;
	struct keygen_matches m;
	const struct keygen_entry *e;
	char		*key;
	size_t		 i;
	int		 shown = 0;

	memset(&ro, 0, sizeof ro);
	if ((ro.timeout_ms = check_remaining_ms(ctx)) == 0)
		return;
	ro.max_output = 256 * 1024;
	if (run_command(argv, &ro, &rr, NULL) != 0)
		return;
	if (!rr.exited || rr.status != 0) {
		run_free(&rr);
		return;
	}
	keygen_parse(rr.out, rr.out_len, &m);
	for (i = 0; i < m.n && shown < 10; i++) {
		e = &m.v[i];
		if (e->nword > 0 && *e->word[0] == '@') {	/* @cert-authority, @revoked */
			check_evidence(res, "%s line %lu: %s entry for %s", file, e->line,
			    e->word[0], name);
			shown++;
			continue;
		}
		if (e->nword < 3)
			continue;
		key = stored_key(e->word[1], e->word[2]);
		check_evidence(res, "%s line %lu holds for %s: %s", file, e->line, name,
		    key != NULL ? key : e->word[1]);
		if (check_fact_get(res, "known_hosts_line") == NULL) {
			check_fact(res, "known_hosts_file", "%s", file);
			check_fact(res, "known_hosts_line", "%lu", e->line);
		}
		free(key);
		shown++;
	}
	keygen_matches_free(&m);
	run_free(&rr);
}

static void
methods_text(int m, char *buf, size_t len)
{
	static const struct {
		int		 bit;
		const char	*name;
	} names[] = {
		{ SSH_AUTH_METHOD_PUBLICKEY, "publickey" },
		{ SSH_AUTH_METHOD_PASSWORD, "password" },
		{ SSH_AUTH_METHOD_INTERACTIVE, "keyboard-interactive" },
		{ SSH_AUTH_METHOD_GSSAPI_MIC, "gssapi-with-mic" },
		{ SSH_AUTH_METHOD_HOSTBASED, "hostbased" },
	};
	size_t	 i, used = 0;
	int	 n;

	*buf = '\0';
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if ((m & names[i].bit) == 0)
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used > 0 ? "," : "",
		    names[i].name);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
	if (used == 0)
		snprintf(buf, len, "(no method listed)");
}

/* Facts of an established session, read before anything else is sent. */
static void
gather(ssh_session s, struct handshake *h)
{
	ssh_key		 key = NULL;
	unsigned char	*hash = NULL;
	size_t		 hlen = 0;
	char		*fp;

	h->banner = dup_or_null(ssh_get_serverbanner(s));
	h->kex = dup_or_null(ssh_get_kex_algo(s));
	h->cipher_in = dup_or_null(ssh_get_cipher_in(s));
	h->cipher_out = dup_or_null(ssh_get_cipher_out(s));
	h->hmac_in = dup_or_null(ssh_get_hmac_in(s));
	h->hmac_out = dup_or_null(ssh_get_hmac_out(s));
	if (ssh_get_server_publickey(s, &key) == SSH_OK) {
		h->keytype = dup_or_null(ssh_key_type_to_char(ssh_key_type(key)));
		if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
		    &hlen) == 0) {
			fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
			h->fingerprint = dup_or_null(fp);
			ssh_string_free_char(fp);
			ssh_clean_pubkey_hash(&hash);
		}
		ssh_key_free(key);
	}
	/* Reads known_hosts only: nothing is ever written (no update_known_hosts). */
	h->known = ssh_session_is_known_server(s);
	if (h->known == SSH_KNOWN_HOSTS_ERROR)
		h->known_error = xstrdup(ssh_get_error(s));
}

/* Ask for the "none" method: the server's refusal lists what it accepts. No credential is sent. */
static void
ask_methods(ssh_session s, struct check_ctx *ctx, struct handshake *h, const char *user)
{
	if (user == NULL) {
		h->auth_error = xstrdup("no user name to ask for");
		return;
	}
	if (check_remaining_ms(ctx) == 0) {
		h->auth_error = xstrdup("no time left");
		return;
	}
	if (libssh_set_timeout(s, ctx) != 0) {
		h->auth_error = xstrdup("cannot set the timeout");
		return;
	}
	h->auth_asked = 1;
	h->auth_rc = ssh_userauth_none(s, NULL);
	if (h->auth_rc == SSH_AUTH_ERROR || h->auth_rc == SSH_AUTH_AGAIN) {
		h->auth_error = xstrdup(ssh_get_error(s));
		return;
	}
	h->methods = ssh_userauth_list(s, NULL);
}

static int
aead_mac(const char *mac)
{
	return mac != NULL && strncmp(mac, "aead-", 5) == 0;
}

static void
negotiated_evidence(struct check_result *res, const struct handshake *h)
{
	char	 cipher[256], mac[256];

	if (h->cipher_in != NULL && h->cipher_out != NULL &&
	    strcmp(h->cipher_in, h->cipher_out) != 0)
		snprintf(cipher, sizeof cipher, "%s to the server, %s from it",
		    h->cipher_out, h->cipher_in);
	else
		snprintf(cipher, sizeof cipher, "%s", or_unknown(h->cipher_out));
	if (aead_mac(h->hmac_out) && aead_mac(h->hmac_in))
		snprintf(mac, sizeof mac, "none needed (%s: the cipher brings its own "
		    "integrity)", h->hmac_out);
	else if (h->hmac_in != NULL && h->hmac_out != NULL &&
	    strcmp(h->hmac_in, h->hmac_out) != 0)
		snprintf(mac, sizeof mac, "%s to the server, %s from it", h->hmac_out,
		    h->hmac_in);
	else
		snprintf(mac, sizeof mac, "%s", or_unknown(h->hmac_out));
	check_evidence(res, "negotiated: key exchange %s, cipher %s, MAC %s",
	    or_unknown(h->kex), cipher, mac);
}

static void
report(struct check_ctx *ctx, struct check_result *res, const struct handshake *h,
    const char *host, int port, const char *user, const struct khfile *uf,
    const struct khfile *gf)
{
	char		*name = lookup_name(host, port), methods[160];
	const char	*type = or_unknown(h->keytype), *fp = or_unknown(h->fingerprint);

	check_fact(res, "known_hosts_entry", "%s", name);
	switch (h->known) {
	case SSH_KNOWN_HOSTS_OK:
		check_set(res, CHECK_PASS, "known",
		    "handshake with %s complete; its %s host key matches known_hosts", name,
		    type);
		break;
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		check_set(res, CHECK_WARN, "unknown",
		    "first connection to %s: known_hosts has no key for it; check %s %s "
		    "out of band before accepting it", name, type, fp);
		break;
	case SSH_KNOWN_HOSTS_CHANGED:
		check_set(res, CHECK_FAIL, "changed",
		    "the %s host key of %s differs from the one in known_hosts: it now "
		    "presents %s", type, name, fp);
		break;
	case SSH_KNOWN_HOSTS_OTHER:
		check_set(res, CHECK_WARN, "other-type",
		    "known_hosts holds a key of another type for %s than the %s key it "
		    "presented; OpenSSH may still connect with the known type", name, type);
		break;
	case SSH_KNOWN_HOSTS_ERROR:
		check_set(res, CHECK_ERROR, "error",
		    "handshake with %s complete, but known_hosts could not be checked: %s",
		    name, or_unknown(h->known_error));
		break;
	}
	if (h->banner != NULL)
		check_evidence(res, "server identification: %s", h->banner);
	negotiated_evidence(res, h);
	check_evidence(res, "server host key: %s %s", type, fp);
	check_evidence(res, "known_hosts: %s (%s); global: %s (%s)", uf->path, uf->state,
	    gf->path, gf->state);
	if (h->known == SSH_KNOWN_HOSTS_CHANGED || h->known == SSH_KNOWN_HOSTS_OTHER) {
		if (uf->usable)
			stored_lines(ctx, res, uf->path, name);
		if (gf->usable)
			stored_lines(ctx, res, gf->path, name);
	}
	if (!h->auth_asked)
		check_evidence(res, "authentication methods not asked: %s",
		    or_unknown(h->auth_error));
	else if (h->auth_rc == SSH_AUTH_SUCCESS)
		check_evidence(res, "the server let %s in without any credential "
		    "(the \"none\" method)", user);
	else if (h->auth_error != NULL)
		check_evidence(res, "authentication methods not read: %s", h->auth_error);
	else {
		methods_text(h->methods, methods, sizeof methods);
		check_evidence(res, "server allows: %s (asked for user %s; no credential "
		    "was sent)", methods, user);
	}
	free(name);
}

/* Texts libssh gives when it stops, turned into a sentence; the raw text goes to the evidence. */
static void
report_failure(struct check_result *res, const char *host, int port, const char *err,
    const char *banner)
{
	if (strstr(err, "no match for method") != NULL)
		check_set(res, CHECK_WARN, "failed",
		    "sshdoc's handshake with %s port %d found no common algorithm: %s",
		    host, port, err);
	else if (strstr(err, "Timeout") != NULL || strstr(err, "timeout") != NULL)
		check_set(res, CHECK_WARN, "failed",
		    "sshdoc's handshake with %s port %d did not finish in time", host, port);
	else if (strstr(err, "Socket error") != NULL || strstr(err, "disconnected") != NULL)
		check_set(res, CHECK_WARN, "failed",
		    "the server closed sshdoc's handshake with %s port %d%s", host, port,
		    banner != NULL ? " after its identification" : "");
	else
		check_set(res, CHECK_WARN, "failed",
		    "sshdoc's handshake with %s port %d failed", host, port);
	check_evidence(res, "libssh: %s", err);
	if (banner != NULL)
		check_evidence(res, "server identification: %s", banner);
	check_evidence(res, "the other checks (algorithms, transcript) tell whether "
	    "ssh itself fails the same way");
}

/* tcp-connect found an address that accepts; without one a handshake would only time out again. */
static int
tcp_reachable(struct check_ctx *ctx)
{
	const struct check_result *dep = check_dep(ctx, "tcp-connect");

	if (dep == NULL || dep->outcome == NULL)
		return 1;
	return strcmp(dep->outcome, "accepted") == 0 || strcmp(dep->outcome, "partial") == 0;
}

/*
 * Whether the person's attempt authenticated: then ssh itself verified the
 * host key against known_hosts (StrictHostKeyChecking=yes), negotiated and
 * logged in, and a second key exchange here would change nothing but cost
 * CPU beside it. Waited for up to half of this check's time: an attempt that
 * has not ended by then stalls, and the handshake runs with the rest.
 */
static int
attempt_got_in(struct check_ctx *ctx)
{
	const struct check_result *dep;
	const struct transcript	*t;

	if (ctx->opt->thorough)
		return 0;
	dep = check_dep_until(ctx, "transcript", now_ms() + check_remaining_ms(ctx) / 2);
	t = dep != NULL ? dep->data : NULL;
	return t != NULL && t->seen[TR_AUTHENTICATED].line != 0;
}

/* The probes' connection, when ssh-kexinit kept one; -1 if none (yet). */
static int
take_probe_conn(struct check_ctx *ctx, int64_t until, struct server_kexinit **skp)
{
	const struct check_result *dep = check_dep_until(ctx, "ssh-kexinit", until);
	struct server_kexinit	*sk = dep != NULL ? dep->data : NULL;

	*skp = sk;
	return sk != NULL ? kex_conn_take(sk) : -1;
}

/*
 * The handshake on the connection the identification and KEXINIT probes
 * opened (one connection, one sshd process, instead of two): libssh reads
 * the server's identification and KEXINIT from a relay that replays them,
 * then the relay copies both ways. NULL when there is no such connection or
 * the handshake on it fails for any reason: the caller then connects
 * afresh, so a failure is always the one a connection of its own meets.
 */
static ssh_session
shared_connect(struct check_ctx *ctx, const struct libssh_opts *lo,
    struct kex_relay **relay, int *lfd)
{
	struct server_kexinit	*sk;
	struct libssh_opts	 o = *lo;
	ssh_session		 s;
	int			 fd;

	*relay = NULL;
	*lfd = -1;
	if ((fd = take_probe_conn(ctx, now_ms() + check_remaining_ms(ctx) / 2, &sk)) == -1)
		return NULL;
	if ((*relay = kex_relay_start(fd, sk->sent, sk->replay, sk->replay_len,
	    ctx->deadline_ms, &o.fd)) == NULL)
		return NULL;
	if ((s = libssh_session_new(ctx, &o, NULL)) == NULL) {
		close(o.fd);
		kex_relay_finish(*relay);
		*relay = NULL;
		return NULL;
	}
	if (ssh_connect(s) != SSH_OK) {
		ssh_free(s);	/* libssh closed its socket */
		kex_relay_finish(*relay);
		*relay = NULL;
		return NULL;
	}
	*lfd = o.fd;
	return s;
}

/* libssh reads "user@host" in a host name: refuse anything that is not a plain name or address. */
static int
host_ok(const char *host)
{
	const char	*p;

	if (host == NULL || *host == '\0' || *host == '-' || strlen(host) > 255)
		return 0;
	for (p = host; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && strchr(".-_:%", *p) == NULL)
			return 0;
	}
	return 1;
}

static void
ssh_handshake_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshconf_pair *pair = NULL;
	const struct sshconf	*conf = NULL;
	struct handshake	 h;
	struct khfile		 uf, gf;
	ssh_session		 s;
	const char		*host, *user, *v;
	struct libssh_opts	 lo;
	struct kex_relay	*relay = NULL;
	int			 port, lfd = -1, shared = 0;
	char			*err = NULL;

	if (ctx->opt->host == NULL) {
		check_set(res, CHECK_SKIP, "skipped", "no target host");
		return;
	}
	if (!tcp_reachable(ctx)) {
		check_set(res, CHECK_SKIP, "skipped",
		    "no address accepted a TCP connection, so no handshake was tried");
		return;
	}
	if (attempt_got_in(ctx)) {
		struct server_kexinit *sk;
		int fd = take_probe_conn(ctx, now_ms(), &sk);

		if (fd != -1)
			close(fd);	/* the probes' connection, kept for nothing now */
		check_set(res, CHECK_SKIP, "not-needed", "not needed: your own attempt "
		    "authenticated, so its host key matched known_hosts (--thorough runs "
		    "this handshake anyway)");
		return;
	}
	sshconf_effective(ctx, &host, &port);
	if (!host_ok(host)) {
		check_set(res, CHECK_SKIP, "skipped",
		    "\"%s\" is not a host name or address sshdoc can hand to libssh", host);
		return;
	}
	if ((pair = sshconf_pair_dep(ctx)) != NULL)
		conf = &pair->user;
	/* The real user, as ssh would log in: a made-up one makes sshd log "Invalid user". */
	user = conf != NULL ? sshconf_get(conf, "user") : NULL;
	if (user == NULL || *user == '\0')
		user = ctx->opt->user;
	khfile_init(&uf, conf != NULL ? sshconf_get(conf, "userknownhostsfile") : NULL,
	    "~/.ssh/known_hosts");
	khfile_init(&gf, conf != NULL ? sshconf_get(conf, "globalknownhostsfile") : NULL,
	    "/etc/ssh/ssh_known_hosts");

	memset(&h, 0, sizeof h);
	memset(&lo, 0, sizeof lo);
	lo.host = host;
	lo.port = port;
	lo.user = user;
	lo.known_hosts = uf.given;
	lo.global_known_hosts = gf.given;
	lo.fd = -1;
	if ((s = shared_connect(ctx, &lo, &relay, &lfd)) == NULL) {
		if ((s = libssh_session_new(ctx, &lo, &err)) == NULL) {
			check_set(res, CHECK_ERROR, "error", "%s", err);
			free(err);
			goto out;
		}
		if (ssh_connect(s) != SSH_OK) {
			err = xstrdup(ssh_get_error(s));
			report_failure(res, host, port, err, ssh_get_serverbanner(s));
			free(err);
			ssh_disconnect(s);
			ssh_free(s);
			goto out;
		}
	}
	gather(s, &h);
	ask_methods(s, ctx, &h, user);
	ssh_disconnect(s);
	ssh_free(s);
	if (relay != NULL) {
		close(lfd);	/* libssh leaves a socket it was given open */
		shared = kex_relay_finish(relay);
	}

	report(ctx, res, &h, host, port, user, &uf, &gf);
	if (shared)
		check_evidence(res, "on the connection the identification and KEXINIT "
		    "probes opened (one connection to the server, not two)");
	if (pair != NULL && ((v = sshconf_get(&pair->user, "proxyjump")) != NULL ||
	    (v = sshconf_get(&pair->user, "proxycommand")) != NULL))
		check_evidence(res, "ssh goes through a proxy (%s); this handshake went "
		    "straight to %s", v, host);
	if (conf != NULL && (v = sshconf_get(conf, "hostkeyalias")) != NULL)
		check_evidence(res, "note: HostKeyAlias %s: ssh looks that name up in "
		    "known_hosts, this check looked up %s", v, host);
out:
	handshake_clear(&h);
	free(uf.path);
	free(gf.path);
}

static const char *const handshake_needs[] = {
	"ssh-config", "tcp-connect", "transcript", "ssh-kexinit", NULL
};
/*
 * The attempt decides whether to shake hands at all, and ssh-kexinit may
 * hand on its connection: both waited for, bounded, in exec.
 */
static const struct check_need handshake_data[] = {
	{ "transcript", NEED_LATE, NULL },
	{ "ssh-kexinit", NEED_LATE, NULL },
	{ NULL, 0, NULL }
};
static const char *const handshake_outcomes[] = {
	"known", "unknown", "changed", "other-type", "failed", "not-needed", "skipped",
	"error", NULL
};

static const char *const handshake_facts[] = {
	"known_hosts_file", "known_hosts_line", "known_hosts_entry", NULL
};

const struct check_entry check_ssh_handshake_entry = {
	.id = "ssh-handshake",
	.title = "SSH handshake (libssh)",
	.needs = handshake_needs,
	.data = handshake_data,
	.outcomes = handshake_outcomes,
	.exec = ssh_handshake_exec,
	.facts = handshake_facts,
};
