/* check-auth-keys.c: counts the keys ssh would offer (agent and IdentityFile) against the server's MaxAuthTries. */
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/check.h"
#include "lib/runner.h"
#include "checks/client/sshconf.h"
#include "checks/parse/authkeys-parse.h"
#include "checks/transcript/transcript-phase.h"
#include "checks/parse/transcript-parse.h"
#include "lib/xmalloc.h"

#define MAXAUTHTRIES_DEFAULT	6	/* sshd's default MaxAuthTries */
#define FILES_MAX		16	/* identity files looked at */
#define AGENT_KEYS_MAX		64	/* agent keys kept */
#define PATH_MAX_LEN		4096
#define PUB_MAX			(16 * 1024)	/* bytes of a .pub file read */

struct keys {
	struct strlist	 agent;		/* fingerprints of the agent's keys */
	int		 agent_state;	/* AGENT_* */
	struct strlist	 files;		/* identity files that exist */
	struct strlist	 file_fps;	/* their fingerprints ("" if unknown), as files */
	int		 unexpanded;	/* IdentityFile values sshdoc could not expand */
	int		 in_agent;	/* files whose key the agent also holds */
	int		 only;		/* IdentitiesOnly yes */
	int		 offered;	/* what ssh would offer, at most */
};

enum {
	AGENT_NONE,		/* no SSH_AUTH_SOCK, or IdentityAgent none */
	AGENT_EMPTY,		/* an agent with no identities */
	AGENT_KEYS,		/* an agent with identities */
	AGENT_UNREACHABLE,	/* SSH_AUTH_SOCK set, but no agent answers there */
	AGENT_OTHER,		/* IdentityAgent names another socket: not asked */
};

/* The second word of "256 SHA256:... comment (ED25519)": the fingerprint. */
static char *
fingerprint_of(const char *line)
{
	const char	*p = strchr(line, ' '), *end;

	if (p == NULL)
		return NULL;
	p++;
	if (strncmp(p, "SHA256:", 7) != 0 && strncmp(p, "MD5:", 4) != 0)
		return NULL;
	end = p + strcspn(p, " \n");
	return xstrndup(p, (size_t)(end - p));
}

static void
agent_keys(struct check_ctx *ctx, const struct sshconf *c, struct keys *k)
{
	static const char *const argv[] = { "ssh-add", "-l", NULL };
	const char	*sock = getenv("SSH_AUTH_SOCK"), *ia, *p;
	struct run_opts	 ro;
	struct run_result rr;
	char		*fp;

	ia = sshconf_get(c, "identityagent");
	if (ia != NULL && strcmp(ia, "none") == 0) {
		k->agent_state = AGENT_NONE;
		return;
	}
	if (ia != NULL && strcmp(ia, "SSH_AUTH_SOCK") != 0 &&
	    (sock == NULL || strcmp(ia, sock) != 0)) {
		k->agent_state = AGENT_OTHER;
		return;
	}
	if (sock == NULL || *sock == '\0') {
		k->agent_state = AGENT_NONE;
		return;
	}
	memset(&ro, 0, sizeof ro);
	ro.max_output = 64 * 1024;
	if ((ro.timeout_ms = check_remaining_ms(ctx)) == 0 ||
	    run_command(argv, &ro, &rr, NULL) != 0) {
		k->agent_state = AGENT_UNREACHABLE;
		return;
	}
	if (rr.exited && rr.status == 0) {
		k->agent_state = AGENT_KEYS;
		for (p = rr.out; p != NULL && *p != '\0' && k->agent.n < AGENT_KEYS_MAX;
		    p = (p = strchr(p, '\n')) != NULL ? p + 1 : NULL) {
			if ((fp = fingerprint_of(p)) != NULL) {
				strlist_add(&k->agent, fp);
				free(fp);
			}
		}
	} else if (rr.exited && rr.status == 1)
		k->agent_state = AGENT_EMPTY;	/* "The agent has no identities." */
	else
		k->agent_state = AGENT_UNREACHABLE;	/* 2: cannot connect to the agent */
	run_free(&rr);
}

static int
append(char *out, size_t *n, const char *s)
{
	size_t	 len = strlen(s);

	if (*n + len >= PATH_MAX_LEN)
		return -1;
	memcpy(out + *n, s, len);
	*n += len;
	out[*n] = '\0';
	return 0;
}

/*
 * ~ and the % tokens ssh expands in IdentityFile. ssh takes the home from
 * the password database, not $HOME: so does this. NULL for a token sshdoc
 * does not know (%C, %k, ...).
 */
static char *
expand(const char *in, const struct sshconf *c, const struct check_options *opt,
    const struct passwd *pw)
{
	char		 out[PATH_MAX_LEN], num[16], local[256];
	const char	*v;
	size_t		 n = 0;

	out[0] = '\0';
	if (in[0] == '~' && in[1] == '/') {
		if (append(out, &n, pw->pw_dir) != 0)
			return NULL;
		in++;
	}
	for (; *in != '\0'; in++) {
		char one[2] = { *in, '\0' };

		if (*in != '%') {
			if (append(out, &n, one) != 0)
				return NULL;
			continue;
		}
		switch (*++in) {
		case '%': v = "%"; break;
		case 'd': v = pw->pw_dir; break;
		case 'u': v = pw->pw_name; break;
		case 'h': v = sshconf_get(c, "hostname"); break;
		case 'r': v = sshconf_get(c, "user"); break;
		case 'p': v = sshconf_get(c, "port"); break;
		case 'n': v = opt->host; break;
		case 'i':
			snprintf(num, sizeof num, "%u", (unsigned)pw->pw_uid);
			v = num;
			break;
		case 'l':
			if (gethostname(local, sizeof local) != 0)
				return NULL;
			local[sizeof local - 1] = '\0';
			local[strcspn(local, ".")] = '\0';
			v = local;
			break;
		default:
			return NULL;
		}
		if (v == NULL || append(out, &n, v) != 0)
			return NULL;
	}
	return xstrdup(out);
}

static int
is_file(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * The fingerprint of a .pub file's first line, as ssh-keygen -l prints it
 * (SHA256 of the key blob, unpadded base64), computed here: no command runs
 * at the end of the attempt. NULL when it is not a line of that form.
 */
static char *
pub_fingerprint(const char *pub)
{
	char		 buf[PUB_MAX], fp[AUTHKEYS_FP_LEN + 1];
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(pub, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) == -1)
		return NULL;
	while (len < sizeof buf && (n = read(fd, buf + len, sizeof buf - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (authkeys_pub_fingerprint(buf, len, fp, NULL, 0) != 0 || *fp == '\0')
		return NULL;
	return xstrdup(fp);
}

/* The .pub beside a key, read here; else ssh-keygen -lf on the key (its public half is not encrypted). */
static char *
file_fingerprint(struct check_ctx *ctx, const char *path)
{
	const char	*argv[] = { "ssh-keygen", "-l", "-f", NULL, NULL };
	struct run_opts	 ro;
	struct run_result rr;
	char		*pub, *fp = NULL;

	xasprintf(&pub, "%s.pub", path);
	if (is_file(pub) && (fp = pub_fingerprint(pub)) != NULL) {
		free(pub);
		return fp;
	}
	argv[3] = is_file(pub) ? pub : path;
	memset(&ro, 0, sizeof ro);
	ro.max_output = 16 * 1024;
	if ((ro.timeout_ms = check_remaining_ms(ctx)) > 0 &&
	    run_command(argv, &ro, &rr, NULL) == 0) {
		if (rr.exited && rr.status == 0)
			fp = fingerprint_of(rr.out);
		run_free(&rr);
	}
	free(pub);
	return fp;
}

static void
identity_files(struct check_ctx *ctx, const struct sshconf *c, struct keys *k)
{
	struct passwd	 pwbuf, *pw = NULL;
	char		 buf[4096], *path, *pub, *fp;
	size_t		 i, j;
	int		 dup;

	if (getpwuid_r(getuid(), &pwbuf, buf, sizeof buf, &pw) != 0 || pw == NULL)
		return;
	for (i = 0; i < c->keys.n && k->files.n < FILES_MAX; i++) {
		if (strcmp(c->keys.v[i], "identityfile") != 0)
			continue;
		if ((path = expand(c->values.v[i], c, ctx->opt, pw)) == NULL) {
			k->unexpanded++;
			continue;
		}
		xasprintf(&pub, "%s.pub", path);
		for (dup = 0, j = 0; j < k->files.n; j++)
			dup |= strcmp(k->files.v[j], path) == 0;
		/* ssh offers a key when the private file or its .pub exists. */
		if (!dup && (is_file(path) || is_file(pub))) {
			strlist_add(&k->files, path);
			fp = file_fingerprint(ctx, path);
			strlist_add(&k->file_fps, fp != NULL ? fp : "");
			for (j = 0; fp != NULL && j < k->agent.n; j++) {
				if (strcmp(k->agent.v[j], fp) == 0) {
					k->in_agent++;
					break;
				}
			}
			free(fp);
		}
		free(pub);
		free(path);
	}
}

static const char *
agent_text(const struct keys *k, char *buf, size_t len)
{
	switch (k->agent_state) {
	case AGENT_NONE:
		return "no agent (SSH_AUTH_SOCK unset or IdentityAgent none)";
	case AGENT_EMPTY:
		return "the agent holds no keys";
	case AGENT_UNREACHABLE:
		return "SSH_AUTH_SOCK is set but no agent answers there";
	case AGENT_OTHER:
		return "IdentityAgent names another agent socket: its keys were not counted";
	}
	snprintf(buf, len, "%zu key%s in the agent", k->agent.n, k->agent.n == 1 ? "" : "s");
	return buf;
}

static void
count_evidence(struct check_result *res, const struct keys *k)
{
	char	 buf[64];
	size_t	 i;

	check_evidence(res, "agent: %s", agent_text(k, buf, sizeof buf));
	for (i = 0; i < k->files.n; i++)
		check_evidence(res, "identity file: %s%s", k->files.v[i],
		    *k->file_fps.v[i] == '\0' ? "" : " (fingerprint read)");
	if (k->in_agent > 0)
		check_evidence(res, "%d of the files hold a key the agent has too (offered once)",
		    k->in_agent);
	if (k->unexpanded > 0)
		check_evidence(res, "%d IdentityFile value%s with tokens sshdoc does not expand "
		    "(not counted)", k->unexpanded, k->unexpanded == 1 ? "" : "s");
	check_evidence(res, "IdentitiesOnly %s: %s", k->only ? "yes" : "no", k->only ?
	    "only the IdentityFile keys are offered" :
	    "ssh offers every agent key as well as the IdentityFile keys");
	check_evidence(res, "sshd disconnects once the failed attempts reach its MaxAuthTries "
	    "(default %d); each key offered and refused counts as one", MAXAUTHTRIES_DEFAULT);
}

/* Where the fix goes: the host as typed and the configuration file ssh reads. */
static void
record_facts(struct check_result *res, const struct check_options *opt)
{
	check_fact(res, "host", "%s", opt->host);
	check_fact(res, "config_file", "%s",
	    opt->ssh_config != NULL ? opt->ssh_config : "~/.ssh/config");
}

#define AUTH_KEYS_SKIP	"needs the client configuration (ssh -G) and your own attempt"

static void
auth_keys_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshconf_pair *pair = sshconf_pair_dep(ctx);	/* resolved: required */
	const struct transcript	*t;
	const struct sshconf	*c;
	struct keys		 k;
	const char		*v;
	char			 buf[64];
	size_t			 i;
	int			 tried_auth;

	c = &pair->user;
	memset(&k, 0, sizeof k);
	v = sshconf_get(c, "pubkeyauthentication");
	if (v != NULL && (strcmp(v, "no") == 0 || strcmp(v, "false") == 0)) {
		if (transcript_dep(ctx) == NULL)
			check_set(res, CHECK_SKIP, "skipped", "%s", AUTH_KEYS_SKIP);
		else
			check_set(res, CHECK_PASS, "ok",
			    "PubkeyAuthentication is off: ssh offers no keys");
		return;
	}
	v = sshconf_get(c, "identitiesonly");
	k.only = v != NULL && (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0);
	agent_keys(ctx, c, &k);
	identity_files(ctx, c, &k);
	if (k.only)
		k.offered = (int)k.files.n;
	else
		k.offered = (int)k.agent.n + (int)k.files.n - k.in_agent;

	/* A late need: the keys above were counted while the attempt ran. */
	if ((t = transcript_dep(ctx)) == NULL) {
		check_set(res, CHECK_SKIP, "skipped", "%s", AUTH_KEYS_SKIP);
		goto out;
	}
	if (t->seen[TR_TOO_MANY_AUTH].line != 0) {
		if (t->keys_offered > 0)
			check_set(res, CHECK_FAIL, "too-many",
			    "the server disconnected after your ssh offered %d key%s: too many "
			    "authentication failures", t->keys_offered,
			    t->keys_offered == 1 ? "" : "s");
		else
			check_set(res, CHECK_FAIL, "too-many",
			    "the server disconnected: too many authentication failures");
		check_evidence(res, "your attempt: %s", t->seen[TR_TOO_MANY_AUTH].text);
		check_evidence(res, "keys offered before the disconnect: %d (\"Offering public "
		    "key\" lines)", t->keys_offered);
		check_evidence(res, "ssh would offer %d key%s in all", k.offered,
		    k.offered == 1 ? "" : "s");
		count_evidence(res, &k);
		record_facts(res, ctx->opt);
		goto out;
	}
	/* Authentication was tried and refused, or cut off after the identification. */
	tried_auth = t->seen[TR_AUTH_DENIED].line != 0 ||
	    (t->phase == PHASE_AUTH && t->seen[TR_CLOSED_LATER].line != 0);
	if (k.offered >= MAXAUTHTRIES_DEFAULT && tried_auth &&
	    t->seen[TR_AUTHENTICATED].line == 0) {
		check_set(res, CHECK_WARN, "at-risk",
		    "ssh would offer %d keys, while sshd allows about %d failed attempts by "
		    "default (MaxAuthTries), and authentication failed", k.offered,
		    MAXAUTHTRIES_DEFAULT);
		if (t->keys_offered > 0)
			check_evidence(res, "your attempt offered %d key%s", t->keys_offered,
			    t->keys_offered == 1 ? "" : "s");
		count_evidence(res, &k);
		record_facts(res, ctx->opt);
		goto out;
	}
	if (k.offered >= MAXAUTHTRIES_DEFAULT && t->seen[TR_AUTHENTICATED].line == 0) {
		check_set(res, CHECK_WARN, "ok",
		    "ssh would offer %d keys, as many as sshd's default MaxAuthTries (%d); "
		    "your attempt did not get as far as authentication", k.offered,
		    MAXAUTHTRIES_DEFAULT);
		count_evidence(res, &k);
		goto out;
	}
	if (k.offered >= MAXAUTHTRIES_DEFAULT)
		check_set(res, CHECK_PASS, "ok", "ssh would offer %d keys, and your attempt "
		    "authenticated", k.offered);
	else
		check_set(res, CHECK_PASS, "ok", "ssh would offer %d key%s, fewer than sshd's "
		    "default MaxAuthTries (%d)", k.offered, k.offered == 1 ? "" : "s",
		    MAXAUTHTRIES_DEFAULT);
	for (i = 0; i < k.files.n && i < 4; i++)
		check_evidence(res, "identity file: %s", k.files.v[i]);
	check_evidence(res, "agent: %s", agent_text(&k, buf, sizeof buf));
out:
	strlist_free(&k.agent);
	strlist_free(&k.files);
	strlist_free(&k.file_fps);
}

static const char *const auth_keys_needs[] = { "ssh-config", "transcript", NULL };
static const struct check_need auth_keys_data[] = {
	{ "ssh-config", NEED_REQUIRED, AUTH_KEYS_SKIP },
	/* late: exec skips itself without it, as the scheduler would */
	{ "transcript", NEED_LATE, NULL },
	{ NULL, 0, NULL }
};
static const char *const auth_keys_outcomes[] = {
	"too-many", "at-risk", "ok", "skipped", "error", NULL
};

static const char *const auth_keys_facts[] = { "host", "config_file", NULL };

const struct check_entry check_auth_keys_entry = {
	.id = "auth-keys",
	.title = "Keys offered",
	.needs = auth_keys_needs,
	.data = auth_keys_data,
	.outcomes = auth_keys_outcomes,
	.exec = auth_keys_exec,
	.facts = auth_keys_facts,
};
