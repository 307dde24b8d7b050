/* check-auth-probe.c: after a refused login, asks the server which public key it would accept (no signature, no password). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libssh/libssh.h>

#include "checks/check.h"
#include "checks/client/identities.h"
#include "checks/client/known-hosts.h"
#include "checks/client/libssh-session.h"
#include "checks/client/sshconf.h"
#include "checks/client/sshpath.h"
#include "checks/parse/keyfile-parse.h"
#include "lib/runner.h"
#include "checks/transcript/transcript-phase.h"
#include "lib/xmalloc.h"

/*
 * Each refused query is a failed attempt for sshd (MaxAuthTries, default 6)
 * and a "Failed publickey" line that fail2ban may count: at most this many.
 */
#define QUERIES_MAX	5
#define CANDS_MAX	48
#define SSHDIR_SCAN_MAX	64	/* directory entries of ~/.ssh looked at */

struct cand {
	ssh_key		 key;
	char		*label;		/* "FILE" or "agent: comment" */
	char		*fp;		/* SHA256:... */
	int		 offered;	/* ssh would offer it */
	int		 cert;		/* a certificate */
	int		 asked;		/* queried */
	int		 answer;	/* SSH_AUTH_* when asked */
	char		*cert_problem;	/* why a certificate file cannot serve this user, or NULL */
};

struct cands {
	struct cand	 v[CANDS_MAX];
	size_t		 n;
	size_t		 offered;
};

static char *
fingerprint(ssh_key key)
{
	unsigned char	*hash = NULL;
	size_t		 hlen = 0;
	char		*fp, *out = NULL;

	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) != 0)
		return NULL;
	if ((fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen)) != NULL)
		out = xstrdup(fp);
	ssh_string_free_char(fp);
	ssh_clean_pubkey_hash(&hash);
	return out;
}

/* Add a key unless the same public key is already there; takes ownership of key. */
static void
cand_add(struct cands *cs, ssh_key key, const char *label, int offered, int cert)
{
	struct cand	*c;
	size_t		 i;

	for (i = 0; i < cs->n; i++) {
		if (ssh_key_cmp(cs->v[i].key, key, SSH_KEY_CMP_PUBLIC) == 0) {
			ssh_key_free(key);
			return;
		}
	}
	if (cs->n >= CANDS_MAX) {
		ssh_key_free(key);
		return;
	}
	c = &cs->v[cs->n++];
	memset(c, 0, sizeof *c);
	c->key = key;
	c->label = xstrdup(label);
	c->fp = fingerprint(key);
	c->offered = offered;
	c->cert = cert;
	cs->offered += offered;
}

static int
is_file(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < 64 * 1024;
}

/*
 * What ssh-keygen -L says of a certificate file against now and the login
 * name: expired, not yet valid, another principal, a host certificate.
 * Times are compared as ssh-keygen prints them, in local time.
 */
static char *
cert_problem(struct check_ctx *ctx, const char *file, const char *user)
{
	const char	*argv[] = { "ssh-keygen", "-L", "-f", file, NULL };
	struct run_opts	 ro;
	struct run_result rr;
	struct certinfo	 ci;
	struct tm	 tm;
	time_t		 now = time(NULL);
	char		 nowbuf[CERT_TIME_MAX], *out = NULL;

	memset(&ro, 0, sizeof ro);
	ro.max_output = 64 * 1024;
	if ((ro.timeout_ms = check_remaining_ms(ctx)) == 0 ||
	    run_command(argv, &ro, &rr, NULL) != 0)
		return NULL;
	if (!rr.exited || rr.status != 0) {
		run_free(&rr);
		return NULL;
	}
	certinfo_parse(rr.out, rr.out_len, &ci);
	run_free(&rr);
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(nowbuf, sizeof nowbuf, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		nowbuf[0] = '\0';
	if (!ci.seen)
		nowbuf[0] = '\0';	/* not a certificate listing: judge nothing */
	if (ci.seen && ci.host)
		xasprintf(&out, "%s is a host certificate, not a user certificate", file);
	else if (*nowbuf != '\0' && *ci.to != '\0' && strcmp(nowbuf, ci.to) >= 0)
		xasprintf(&out, "%s expired: valid to %s (now %s)", file, ci.to, nowbuf);
	else if (*nowbuf != '\0' && *ci.from != '\0' && strcmp(nowbuf, ci.from) < 0)
		xasprintf(&out, "%s is not valid yet: valid from %s (now %s)", file, ci.from,
		    nowbuf);
	else if (ci.seen && user != NULL && !certinfo_has_principal(&ci, user))
		xasprintf(&out, "%s does not name %s among its %zu principal%s", file, user,
		    ci.nprincipals, ci.nprincipals == 1 ? "" : "s");
	certinfo_free(&ci);
	return out;
}

/* The public half of an identity: its -cert.pub, its .pub, or the key file's own header. */
static void
add_identity(struct check_ctx *ctx, struct cands *cs, const char *path, int offered,
    const char *user)
{
	ssh_key		 key = NULL;
	char		*alt;
	size_t		 before = cs->n;

	xasprintf(&alt, "%s-cert.pub", path);
	if (is_file(alt) && ssh_pki_import_cert_file(alt, &key) == SSH_OK) {
		cand_add(cs, key, alt, offered, 1);
		if (cs->n > before)
			cs->v[before].cert_problem = cert_problem(ctx, alt, user);
	}
	free(alt);
	key = NULL;
	xasprintf(&alt, "%s.pub", path);
	if (is_file(alt) && ssh_pki_import_pubkey_file(alt, &key) == SSH_OK)
		cand_add(cs, key, path, offered, 0);
	else if (is_file(path) && ssh_pki_import_pubkey_file(path, &key) == SSH_OK)
		cand_add(cs, key, path, offered, 0);
	free(alt);
}

static void
add_agent(struct cands *cs, const struct agent *ag)
{
	ssh_key		 key;
	char		*label;
	size_t		 i;

	for (i = 0; i < ag->keys.n; i++) {
		key = NULL;
		if (ssh_pki_import_pubkey_base64(ag->keys.v[i].blob,
		    ssh_key_type_from_name(ag->keys.v[i].type), &key) != SSH_OK)
			continue;
		xasprintf(&label, "agent key %s", ag->keys.v[i].comment);
		cand_add(cs, key, label, 1, strstr(ag->keys.v[i].type, "-cert-") != NULL);
		free(label);
	}
}

/* Keys in ~/.ssh that ssh would not offer: *.pub beside a private key file. */
static void
add_unoffered(struct check_ctx *ctx, struct cands *cs, const char *user)
{
	char		 pwbuf[4096], *dir, *priv;
	const char	*home = sshpath_home(pwbuf, sizeof pwbuf);
	struct dirent	*de;
	DIR		*d;
	size_t		 len, seen = 0;

	if (home == NULL)
		return;
	xasprintf(&dir, "%s/.ssh", home);
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return;
	}
	while ((de = readdir(d)) != NULL && seen++ < SSHDIR_SCAN_MAX) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".pub") != 0 ||
		    (len > 9 && strcmp(de->d_name + len - 9, "-cert.pub") == 0))
			continue;
		xasprintf(&priv, "%s/%.*s", dir, (int)(len - 4), de->d_name);
		if (is_file(priv))
			add_identity(ctx, cs, priv, 0, user);
		free(priv);
	}
	closedir(d);
	free(dir);
}

static void
cands_free(struct cands *cs)
{
	size_t	 i;

	for (i = 0; i < cs->n; i++) {
		ssh_key_free(cs->v[i].key);
		free(cs->v[i].label);
		free(cs->v[i].fp);
		free(cs->v[i].cert_problem);
	}
}

/* The person's attempt was refused while authenticating. */
static int
auth_failed(const struct transcript *t)
{
	static const enum tr_finding f[] = {
		TR_AUTH_DENIED, TR_NO_MORE_METHODS, TR_TOO_MANY_AUTH, TR_DENIED_CERT,
		TR_DENIED_ROOT, TR_DENIED_METHODS, TR_DENIED_PASSWORD, TR_DENIED_NO_KEY,
		TR_DENIED_LEGACY_KEY, TR_DENIED_KEYS_ONLY, TR_CERT_INVALID,
	};
	size_t	 i;

	for (i = 0; i < sizeof f / sizeof f[0]; i++) {
		if (t->seen[f[i]].line != 0)
			return 1;
	}
	return 0;
}

/* Host key algorithms of the known entries, so libssh asks for a key known_hosts can vouch for. */
static char *
known_algorithms(const struct known_hosts *kh)
{
	char	 buf[512] = "";
	size_t	 i;
	const char *a;

	for (i = 0; i < kh->n; i++) {
		if (kh->v[i].marker != KH_PLAIN || kh->v[i].type == NULL)
			continue;
		if (strcmp(kh->v[i].type, "ED25519") == 0)
			a = "ssh-ed25519";
		else if (strcmp(kh->v[i].type, "RSA") == 0)
			a = "rsa-sha2-512,rsa-sha2-256";
		else if (strcmp(kh->v[i].type, "ECDSA") == 0)
			a = "ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521";
		else
			continue;
		if (strstr(buf, a) == NULL && strlen(buf) + strlen(a) + 2 < sizeof buf) {
			if (*buf != '\0')
				strcat(buf, ",");
			strcat(buf, a);
		}
	}
	return *buf != '\0' ? xstrdup(buf) : NULL;
}

/* The server's key is one known_hosts holds for this host (not revoked, not a CA). */
static int
host_verified(ssh_session s, const struct known_hosts *kh, char **fp)
{
	ssh_key		 key = NULL;
	size_t		 i;

	*fp = NULL;
	if (ssh_get_server_publickey(s, &key) != SSH_OK)
		return 0;
	*fp = fingerprint(key);
	ssh_key_free(key);
	for (i = 0; *fp != NULL && i < kh->n; i++) {
		if (kh->v[i].marker == KH_REVOKED && kh->v[i].fp != NULL &&
		    strcmp(kh->v[i].fp, *fp) == 0)
			return 0;
	}
	for (i = 0; *fp != NULL && i < kh->n; i++) {
		if (kh->v[i].marker == KH_PLAIN && kh->v[i].fp != NULL &&
		    strcmp(kh->v[i].fp, *fp) == 0)
			return 1;
	}
	return 0;
}

static int
legacy_type(ssh_key key)
{
	enum ssh_keytypes_e t = ssh_key_type(key);

	return t == SSH_KEYTYPE_RSA || t == SSH_KEYTYPE_DSS ||
	    t == SSH_KEYTYPE_RSA_CERT01 || t == SSH_KEYTYPE_DSS_CERT01;
}

/* Ask about offered keys first, then the others, within QUERIES_MAX; stop at the first yes. */
static int
query(ssh_session s, struct check_ctx *ctx, struct cands *cs, int *lost)
{
	size_t	 i;
	int	 pass, asked = 0;

	*lost = 0;
	for (pass = 1; pass >= 0; pass--) {
		for (i = 0; i < cs->n && asked < QUERIES_MAX; i++) {
			if (cs->v[i].offered != pass)
				continue;
			if (check_remaining_ms(ctx) == 0 || libssh_set_timeout(s, ctx) != 0) {
				*lost = 1;
				return asked;
			}
			cs->v[i].answer = ssh_userauth_try_publickey(s, NULL, cs->v[i].key);
			cs->v[i].asked = 1;
			asked++;
			if (cs->v[i].answer == SSH_AUTH_SUCCESS ||
			    cs->v[i].answer == SSH_AUTH_PARTIAL)
				return asked;
			if (cs->v[i].answer != SSH_AUTH_DENIED) {
				*lost = 1;
				return asked;
			}
		}
	}
	return asked;
}

static const char *
answer_text(const struct cand *c)
{
	if (!c->asked)
		return "not asked";
	switch (c->answer) {
	case SSH_AUTH_SUCCESS: return "the server would accept it";
	case SSH_AUTH_PARTIAL: return "the server would accept it, and then asks for more";
	case SSH_AUTH_DENIED: return "refused";
	}
	return "no answer (the connection ended)";
}

static void
cand_evidence(struct check_result *res, const struct cands *cs)
{
	size_t	 i;

	for (i = 0; i < cs->n; i++)
		check_evidence(res, "%s %s%s %s: %s", cs->v[i].offered ? "offered:" :
		    "not offered by ssh:", cs->v[i].label, cs->v[i].cert ? " (certificate)" : "",
		    cs->v[i].fp != NULL ? cs->v[i].fp : "", answer_text(&cs->v[i]));
}

/* What the answers mean; the evidence lists every key. */
static void
verdict(struct check_result *res, const struct cands *cs, int asked, int lost,
    const char *user)
{
	const struct cand *yes_off = NULL, *yes_other = NULL, *bad_cert = NULL;
	size_t	 i, refused = 0, legacy = 0, certs = 0;

	for (i = 0; i < cs->n; i++) {
		const struct cand *c = &cs->v[i];

		if (!c->asked)
			continue;
		if (c->answer == SSH_AUTH_SUCCESS || c->answer == SSH_AUTH_PARTIAL) {
			if (c->offered)
				yes_off = c;
			else
				yes_other = c;
		} else if (c->answer == SSH_AUTH_DENIED && c->offered) {
			refused++;
			legacy += legacy_type(c->key);
			certs += c->cert;
			if (c->cert_problem != NULL && bad_cert == NULL)
				bad_cert = c;
		}
	}
	if (yes_off != NULL) {
		check_fact(res, "key_file", "%s", yes_off->label);
		check_set(res, CHECK_WARN, "offered-accepted", "the server would accept %s "
		    "for %s, which ssh offers: the refusal came after, when the key had "
		    "to sign", yes_off->label, user);
	} else if (yes_other != NULL) {
		check_fact(res, "key_file", "%s", yes_other->label);
		check_set(res, CHECK_FAIL, "not-offered", "the server would accept %s for "
		    "%s, but ssh does not offer that key; it refused the %zu key%s ssh "
		    "offers", yes_other->label, user, refused, refused == 1 ? "" : "s");
	} else if (lost)
		check_set(res, CHECK_WARN, "cut-off", "the server ended the connection "
		    "after %d quer%s (a MaxAuthTries below %d, or a ban)", asked,
		    asked == 1 ? "y" : "ies", QUERIES_MAX + 1);
	else if (refused < cs->offered)
		check_set(res, CHECK_FAIL, "partly-refused", "the server refused the %zu "
		    "key%s sshdoc asked about for %s; %zu more that ssh offers were not "
		    "asked, to stay under MaxAuthTries", refused, refused == 1 ? "" : "s",
		    user, cs->offered - refused);
	else if (bad_cert != NULL) {
		check_fact(res, "key_file", "%s", bad_cert->label);
		check_set(res, CHECK_FAIL, "cert-invalid", "the server refused the "
		    "certificate ssh offers for %s: %s", user, bad_cert->cert_problem);
	} else if (certs > 0)
		check_set(res, CHECK_FAIL, "cert-refused", "the server refused every key "
		    "ssh offers for %s, certificates among them", user);
	else if (legacy == refused)
		check_set(res, CHECK_FAIL, "legacy-refused", "the server refused every key "
		    "ssh offers for %s, and all of them are RSA or DSA keys", user);
	else
		check_set(res, CHECK_FAIL, "none-accepted", "the server refused every key "
		    "ssh offers for %s (%zu key%s): none is authorized for this account",
		    user, refused, refused == 1 ? "" : "s");
}

static int
methods_allow_secret(int m)
{
	return (m & (SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_INTERACTIVE)) != 0;
}

static void
probe(struct check_ctx *ctx, struct check_result *res, const char *host, int port,
    const char *user, const struct known_hosts *kh, struct cands *cs,
    const struct identities *ids)
{
	struct libssh_opts lo;
	ssh_session	 s;
	char		*err = NULL, *fp = NULL, *algs;
	int		 rc, methods, asked = 0, lost;

	memset(&lo, 0, sizeof lo);
	lo.host = host;
	lo.port = port;
	lo.user = user;
	lo.known_hosts = "/dev/null";	/* verified below against the known-hosts check */
	lo.global_known_hosts = "/dev/null";
	lo.fd = -1;
	lo.hostkeys = algs = known_algorithms(kh);
	s = libssh_session_new(ctx, &lo, &err);
	free(algs);
	if (s == NULL) {
		check_set(res, CHECK_ERROR, "error", "%s", err);
		free(err);
		return;
	}
	if (ssh_connect(s) != SSH_OK) {
		check_set(res, CHECK_WARN, "no-connection", "sshdoc's connection to %s "
		    "port %d failed before authentication", host, port);
		check_evidence(res, "libssh: %s", ssh_get_error(s));
		goto out;
	}
	if (!host_verified(s, kh, &fp)) {
		check_set(res, CHECK_WARN, "host-unverified", "the host key %s presents "
		    "(%s) is not one known_hosts holds for it: no authentication was "
		    "tried", host, fp != NULL ? fp : "?");
		goto out;
	}
	check_evidence(res, "host key %s matches known_hosts", fp);
	rc = ssh_userauth_none(s, NULL);
	if (rc == SSH_AUTH_SUCCESS) {
		check_set(res, CHECK_PASS, "not-needed", "the server let %s in without "
		    "any credential", user);
		goto out;
	}
	if (rc != SSH_AUTH_DENIED && rc != SSH_AUTH_PARTIAL) {
		check_set(res, CHECK_WARN, "no-connection", "the server did not answer "
		    "the \"none\" request: %s", ssh_get_error(s));
		goto out;
	}
	methods = ssh_userauth_list(s, NULL);
	if ((methods & SSH_AUTH_METHOD_PUBLICKEY) == 0) {
		check_set(res, CHECK_FAIL, "no-publickey", "the server allows no public key "
		    "authentication for %s", user);
		goto out;
	}
	if (ids->pubkey_off) {
		check_set(res, CHECK_FAIL, "no-key", "PubkeyAuthentication is no in the "
		    "client configuration: ssh offers no key");
		goto out;
	}
	if (cs->n == 0) {
		if (methods_allow_secret(methods) && !ids->batch)
			check_set(res, CHECK_WARN, "no-key-password", "ssh has no public key "
			    "to offer; the server also allows a password for %s", user);
		else if (methods_allow_secret(methods))
			check_set(res, CHECK_FAIL, "no-key", "ssh has no public key to offer, "
			    "and with BatchMode yes it asks for no password");
		else
			check_set(res, CHECK_FAIL, "no-key", "ssh has no public key to offer, "
			    "and the server allows %s no password", user);
		goto out;
	}
	asked = query(s, ctx, cs, &lost);
	verdict(res, cs, asked, lost, user);
out:
	if (asked > 0 || res->outcome == NULL || strcmp(res->outcome, "host-unverified") != 0)
		check_evidence(res, "sshdoc asked the server about %d key%s on one "
		    "connection: %d failed attempt%s in the server's log at most; no "
		    "signature was made, no password was tried", asked, asked == 1 ? "" : "s",
		    asked, asked == 1 ? "" : "s");
	free(fp);
	ssh_disconnect(s);
	ssh_free(s);
}

static void
auth_probe_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshconf_pair *pair = sshconf_pair_dep(ctx);	/* required */
	const struct transcript	*t = transcript_dep(ctx);		/* required */
	const struct known_hosts *kh = known_hosts_dep(ctx);
	const struct sshconf	*c = &pair->user;
	struct identities	 ids;
	struct agent		 ag;
	struct cands		 cs;
	const char		*user, *host;
	char			 adesc[512];
	size_t			 i;
	int			 port;

	if (t->seen[TR_AUTHENTICATED].line != 0) {
		check_set(res, CHECK_SKIP, "not-needed", "your attempt authenticated: no "
		    "key was asked about");
		return;
	}
	if (!auth_failed(t)) {
		check_set(res, CHECK_SKIP, "not-needed", "your attempt did not fail while "
		    "authenticating (it ended in the %s phase): no key was asked about",
		    tr_phase_name(t->phase));
		return;
	}
	sshconf_pair_effective(pair, ctx->opt, &user, &host, &port);
	if (user == NULL || host == NULL || *host == '-' || strchr(host, '@') != NULL) {
		check_set(res, CHECK_SKIP, "skipped", "no user or usable host name to ask for");
		return;
	}
	if (kh == NULL || kh->n == 0) {
		check_set(res, CHECK_WARN, "host-unverified", "known_hosts holds no key for "
		    "%s: sshdoc cannot verify the server, so no authentication was tried",
		    host);
		return;
	}
	memset(&cs, 0, sizeof cs);
	identities_read(ctx, c, &ids);
	agent_read(ctx, c, &ag);
	if (!ids.pubkey_off) {
		if (!ids.only && ag.state == AGENT_KEYS)
			add_agent(&cs, &ag);
		for (i = 0; i < ids.paths.n; i++)
			add_identity(ctx, &cs, ids.paths.v[i], 1, user);
		add_unoffered(ctx, &cs, user);
	}
	probe(ctx, res, host, port, user, kh, &cs, &ids);
	cand_evidence(res, &cs);
	agent_describe(&ag, adesc, sizeof adesc);
	check_evidence(res, "agent: %s; IdentitiesOnly %s", adesc, ids.only ? "yes" : "no");
	check_fact(res, "user", "%s", user);
	check_fact(res, "host", "%s", ctx->opt->host);
	cands_free(&cs);
	identities_free(&ids);
	agent_free(&ag);
}

static const char *const auth_probe_needs[] = {
	"ssh-config", "transcript", "known-hosts", NULL
};
#define AUTH_PROBE_SKIP	"needs the client configuration (ssh -G) and your own attempt"
static const struct check_need auth_probe_data[] = {
	{ "ssh-config", NEED_REQUIRED, AUTH_PROBE_SKIP },
	{ "transcript", NEED_REQUIRED, AUTH_PROBE_SKIP },
	{ "known-hosts", NEED_OPTIONAL, NULL },
	{ NULL, 0, NULL }
};
static const char *const auth_probe_outcomes[] = {
	"not-needed", "offered-accepted", "not-offered", "none-accepted", "legacy-refused",
	"cert-refused", "cert-invalid", "partly-refused", "cut-off", "no-publickey", "no-key",
	"no-key-password", "host-unverified", "no-connection", "skipped", "error", NULL
};
static const char *const auth_probe_facts[] = { "key_file", "user", "host", NULL };

const struct check_entry check_auth_probe_entry = {
	.id = "auth-probe",
	.title = "Keys the server accepts",
	.needs = auth_probe_needs,
	.data = auth_probe_data,
	.outcomes = auth_probe_outcomes,
	.exec = auth_probe_exec,
	.facts = auth_probe_facts,
};
