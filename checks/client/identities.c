/* identities.c: finds the identity files ssh -G names and the keys its agent holds, as ssh would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pwd.h>

#include "checks/client/identities.h"
#include "checks/client/sshpath.h"
#include "lib/runner.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"

static int
yes(const char *v)
{
	return v != NULL && (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0);
}

static void
path_env(struct check_ctx *ctx, const struct sshconf *c, struct sshpath_env *env,
    char *pwbuf, size_t pwlen, struct passwd *pwd)
{
	struct passwd	*pw = NULL;

	memset(env, 0, sizeof *env);
	env->home = sshpath_home(pwbuf, pwlen / 2);
	if (getpwuid_r(getuid(), pwd, pwbuf + pwlen / 2, pwlen / 2, &pw) == 0 && pw != NULL)
		env->user = pw->pw_name;
	env->host = sshconf_get(c, "hostname");
	if (env->host == NULL)
		env->host = ctx->opt->host;
	env->ruser = sshconf_get(c, "user");
	env->port = sshconf_get(c, "port");
	env->uid = (unsigned long)getuid();
}

void
identities_read(struct check_ctx *ctx, const struct sshconf *c, struct identities *id)
{
	struct sshpath_env env;
	struct passwd	 pwd;
	char		 pwbuf[8192], bad[SSHPATH_BAD_MAX], *path;
	size_t		 i, j;
	int		 dup;

	memset(id, 0, sizeof *id);
	id->only = yes(sshconf_get(c, "identitiesonly"));
	id->batch = yes(sshconf_get(c, "batchmode"));
	id->pubkey_off = sshconf_get(c, "pubkeyauthentication") != NULL &&
	    !yes(sshconf_get(c, "pubkeyauthentication"));
	path_env(ctx, c, &env, pwbuf, sizeof pwbuf, &pwd);
	for (i = 0; i < c->keys.n && id->paths.n < IDENTITY_FILES_MAX; i++) {
		if (strcmp(c->keys.v[i], "identityfile") != 0)
			continue;
		if ((path = sshpath_expand(c->values.v[i], &env, bad)) == NULL) {
			id->unexpanded++;
			continue;
		}
		for (dup = 0, j = 0; j < id->paths.n; j++)
			dup |= strcmp(id->paths.v[j], path) == 0;
		if (!dup)
			strlist_add(&id->paths, path);
		free(path);
	}
}

void
identities_free(struct identities *id)
{
	strlist_free(&id->paths);
}

void
agent_read(struct check_ctx *ctx, const struct sshconf *c, struct agent *a)
{
	static const char *const argv[] = { "ssh-add", "-L", NULL };
	const char	*ia = sshconf_get(c, "identityagent"), *sock, *env[2];
	struct sshpath_env penv;
	struct passwd	 pwd;
	struct run_opts	 ro;
	struct run_result rr;
	struct stat	 st;
	char		 pwbuf[8192], *envsock = NULL, *path = NULL;

	memset(a, 0, sizeof *a);
	if (ia != NULL && strcmp(ia, "none") == 0) {
		a->state = AGENT_DISABLED;
		return;
	}
	if (ia == NULL || strcmp(ia, "SSH_AUTH_SOCK") == 0)
		sock = getenv("SSH_AUTH_SOCK");
	else {
		path_env(ctx, c, &penv, pwbuf, sizeof pwbuf, &pwd);
		path = sshpath_expand_or_copy(ia, &penv);
		sock = path;
	}
	if (sock == NULL || *sock == '\0') {
		a->state = AGENT_UNSET;
		goto out;
	}
	a->sock = sanitize_str(sock, 256);
	if (stat(sock, &st) != 0 || !S_ISSOCK(st.st_mode)) {
		a->state = AGENT_STALE;
		goto out;
	}
	memset(&ro, 0, sizeof ro);
	ro.max_output = 256 * 1024;
	xasprintf(&envsock, "SSH_AUTH_SOCK=%s", sock);
	env[0] = envsock;
	env[1] = NULL;
	ro.env = env;
	if ((ro.timeout_ms = check_remaining_ms(ctx)) == 0 ||
	    run_command(argv, &ro, &rr, NULL) != 0) {
		a->state = AGENT_UNREACHABLE;
		goto out;
	}
	if (rr.not_found)
		a->state = AGENT_NO_SSH_ADD;
	else if (rr.exited && rr.status == 0) {
		agentkeys_parse(rr.out, rr.out_len, &a->keys);
		a->state = a->keys.n > 0 ? AGENT_KEYS : AGENT_EMPTY;
	} else if (rr.exited && rr.status == 1)
		a->state = AGENT_EMPTY;		/* "The agent has no identities." */
	else
		a->state = AGENT_UNREACHABLE;	/* 2: "Could not open a connection" */
	run_free(&rr);
out:
	free(envsock);
	free(path);
}

void
agent_free(struct agent *a)
{
	free(a->sock);
	agentkeys_free(&a->keys);
	memset(a, 0, sizeof *a);
}

void
agent_describe(const struct agent *a, char *buf, size_t len)
{
	const char	*s = a->sock != NULL ? a->sock : "?";

	switch (a->state) {
	case AGENT_UNSET:
		snprintf(buf, len, "no agent (SSH_AUTH_SOCK is not set)");
		break;
	case AGENT_DISABLED:
		snprintf(buf, len, "no agent (IdentityAgent none)");
		break;
	case AGENT_STALE:
		snprintf(buf, len, "the agent socket %s does not exist or is not a socket "
		    "(a stale SSH_AUTH_SOCK)", s);
		break;
	case AGENT_UNREACHABLE:
		snprintf(buf, len, "no agent answers on %s", s);
		break;
	case AGENT_EMPTY:
		snprintf(buf, len, "the agent at %s holds no keys (\"The agent has no "
		    "identities.\")", s);
		break;
	case AGENT_KEYS:
		snprintf(buf, len, "%zu key%s in the agent at %s", a->keys.n,
		    a->keys.n == 1 ? "" : "s", s);
		break;
	case AGENT_NO_SSH_ADD:
		snprintf(buf, len, "ssh-add is not installed: the agent was not asked");
		break;
	}
}
