/* check-proxy-hop.c: probes the first ProxyJump hop on its own (TCP, identification, a BatchMode login); names a ProxyCommand without running it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/client/hostprobe.h"
#include "lib/runner.h"
#include "checks/client/ssh-attempt.h"
#include "checks/client/sshconf.h"
#include "checks/transcript/transcript-phase.h"
#include "lib/xmalloc.h"

#define HOP_PART_MAX	255	/* longest user or host name accepted from a ProxyJump */

struct hop {
	char	*user;		/* NULL: the hop's own configuration decides */
	char	*host;		/* name or address literal, without brackets */
	int	 port;		/* 0: the hop's own configuration decides */
};

static void
hop_free(struct hop *h)
{
	free(h->user);
	free(h->host);
}

/*
 * A hop's user or host (ssh splits at the last '@'): it becomes an argument
 * of ssh, so nothing that could read as an option or break a word.
 */
static int
valid_part(const char *s, size_t len, int is_user)
{
	size_t	 i;

	if (len == 0 || len > HOP_PART_MAX || s[0] == '-')
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || c == '\'' || c == '"' || c == '\\' ||
		    (c == '@' && !is_user) || c == ',' || c == '/')
			return 0;
	}
	return 1;
}

static int
parse_port(const char *s, int *port)
{
	char	*end;
	long	 v;

	if (*s == '\0' || !isdigit((unsigned char)*s))
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 1 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

/*
 * The first hop of a ProxyJump list, in ssh's syntaxes: [user@]host[:port],
 * [user@][v6addr][:port] and ssh://[user@]host[:port]. -1 when it is not one
 * sshdoc can pass to ssh safely.
 */
static int
parse_hop(const char *list, struct hop *h)
{
	char	*first, *p, *at, *hostpart, *colon, *close;
	int	 rc = -1;

	memset(h, 0, sizeof *h);
	first = xstrndup(list, strcspn(list, ","));
	p = first;
	if (strncmp(p, "ssh://", 6) == 0) {
		p += 6;
		p[strcspn(p, "/")] = '\0';
	}
	if ((at = strrchr(p, '@')) != NULL) {
		*at = '\0';
		if (!valid_part(p, strlen(p), 1))
			goto out;
		h->user = xstrdup(p);
		hostpart = at + 1;
	} else
		hostpart = p;
	if (*hostpart == '[') {
		if ((close = strchr(hostpart, ']')) == NULL)
			goto out;
		*close = '\0';
		hostpart++;
		if (close[1] == ':' && parse_port(close + 2, &h->port) != 0)
			goto out;
		if (close[1] != '\0' && close[1] != ':')
			goto out;
	} else if ((colon = strchr(hostpart, ':')) != NULL && strchr(colon + 1, ':') == NULL) {
		*colon = '\0';
		if (parse_port(colon + 1, &h->port) != 0)
			goto out;
	}
	if (!valid_part(hostpart, strlen(hostpart), 0))
		goto out;
	h->host = xstrdup(hostpart);
	rc = 0;
out:
	if (rc != 0)
		hop_free(h);
	free(first);
	return rc;
}

/* ssh -G for the hop, with the person's configuration: the hop has its own Host block. */
static int
hop_config(struct check_ctx *ctx, const struct check_options *hopt, struct sshconf *c)
{
	static const char *const pre[] = { "-G", NULL };
	const char		*argv[SSHCONF_ARGV_MAX];
	char			 port[8];
	struct run_opts		 ro;
	struct run_result	 rr;
	int			 ok;

	memset(c, 0, sizeof *c);
	memset(&ro, 0, sizeof ro);
	if ((ro.timeout_ms = check_remaining_ms(ctx)) == 0)
		return -1;
	ro.max_output = 256 * 1024;
	sshconf_target_argv(hopt, pre, 0, NULL, argv, SSHCONF_ARGV_MAX, port);
	if (run_command(argv, &ro, &rr, NULL) != 0)
		return -1;
	ok = rr.exited && rr.status == 0;
	if (ok)
		sshconf_parse(rr.out, c);
	run_free(&rr);
	return ok ? 0 : -1;
}

static void
locate(struct check_ctx *ctx, struct check_result *res, const char *directive)
{
	struct strlist	 where = { NULL, 0 };
	size_t		 i;

	sshconf_locate(ctx->opt, directive, &where);
	for (i = 0; i < where.n && i < 3; i++)
		check_evidence(res, "set at %s", where.v[i]);
	strlist_free(&where);
}

/* What the person's own attempt says about the proxy. */
static void
own_attempt(struct check_ctx *ctx, struct check_result *res, int *failed)
{
	const struct transcript	*t = transcript_dep(ctx);

	*failed = 0;
	if (t == NULL)
		return;
	if (t->seen[TR_PROXY_FAILED].line != 0) {
		check_evidence(res, "your attempt: the proxy failed: %s",
		    t->seen[TR_PROXY_FAILED].text);
		*failed = 1;
	}
	if (t->seen[TR_CLOSED_VIA_PROXY].line != 0) {
		check_evidence(res, "your attempt: the connection through the proxy closed "
		    "before the server's identification: %s", t->seen[TR_CLOSED_VIA_PROXY].text);
		*failed = 1;
	}
	if (!*failed && t->remote_version != NULL)
		check_evidence(res, "your attempt reached the server through the proxy "
		    "(server: %s)", t->remote_version);
}

static void
proxy_command(struct check_ctx *ctx, struct check_result *res, const char *cmd)
{
	int	 failed;

	check_set(res, CHECK_PASS, "command",
	    "ssh reaches the server through a ProxyCommand; sshdoc does not run it");
	check_evidence(res, "ProxyCommand %.400s", cmd);
	locate(ctx, res, "ProxyCommand");
	own_attempt(ctx, res, &failed);
	if (failed)
		check_set(res, CHECK_WARN, "command",
		    "ssh reaches the server through a ProxyCommand, and your attempt failed "
		    "in it; sshdoc does not run it: try it by hand (below)");
	check_evidence(res, "to try it by hand, run the command with %%h and %%p replaced "
	    "by the host and port: it should print a line starting with SSH-");
}

static const struct {
	enum tr_finding	 finding;
	const char	*outcome;
	const char	*what;
} hop_rules[] = {
	{ TR_AUTHENTICATED, "hop-ok", "authenticated" },
	{ TR_TOO_MANY_AUTH, "hop-auth", "disconnected: too many authentication failures" },
	{ TR_KEY_PERMISSIONS, "hop-auth", "a private key was ignored for its permissions" },
	{ TR_NO_MUTUAL_SIG, "hop-auth", "no signature algorithm both accept for the RSA key" },
	{ TR_AUTH_DENIED, "hop-auth", "refused every authentication" },
	{ TR_HOSTKEY_CHANGED, "hop-other", "its host key changed" },
	{ TR_NO_KEX, "hop-other", "no common key exchange" },
	{ TR_NO_HOSTKEY, "hop-other", "no common host key type" },
	{ TR_NO_CIPHER, "hop-other", "no common cipher" },
	{ TR_NO_MAC, "hop-other", "no common MAC" },
	{ TR_HOSTKEY_UNKNOWN, "hop-unverified", "its host key is not in known_hosts" },
};

/* The BatchMode login to the hop, after its identification arrived. */
static void
hop_login(struct check_ctx *ctx, struct check_result *res, const struct check_options *hopt,
    const char *name)
{
	struct transcript	 t;
	struct run_result	 rr;
	char			*cause = NULL, how[64];
	size_t			 i;

	if (ssh_attempt(ctx, hopt, 0, &t, &rr, &cause) != 0) {
		check_set(res, CHECK_WARN, "hop-other",
		    "the ProxyJump hop %s answers SSH; a login could not be tried: %s",
		    name, cause);
		free(cause);
		return;
	}
	if (rr.not_found) {
		check_set(res, CHECK_SKIP, "skipped", "no OpenSSH client (ssh) on this machine");
		goto out;
	}
	for (i = 0; i < sizeof hop_rules / sizeof hop_rules[0]; i++) {
		const struct tr_seen *s = &t.seen[hop_rules[i].finding];

		if (s->line == 0)
			continue;
		if (strcmp(hop_rules[i].outcome, "hop-ok") == 0)
			check_set(res, CHECK_PASS, "hop-ok",
			    "the ProxyJump hop %s answers and accepts your login", name);
		else if (strcmp(hop_rules[i].outcome, "hop-unverified") == 0)
			check_set(res, CHECK_WARN, "hop-unverified",
			    "the ProxyJump hop %s answers SSH; its host key is not known yet, so "
			    "sshdoc did not log in (ssh asks you to confirm it on first use)",
			    name);
		else
			check_set(res, CHECK_FAIL, hop_rules[i].outcome,
			    "the ProxyJump hop %s answers SSH but the login failed: %s", name,
			    hop_rules[i].what);
		check_evidence(res, "ssh to the hop: %s", s->text);
		if (t.keys_offered > 0 && strcmp(hop_rules[i].outcome, "hop-auth") == 0)
			check_evidence(res, "keys offered to the hop: %d", t.keys_offered);
		if (t.server_hostkey != NULL &&
		    strcmp(hop_rules[i].outcome, "hop-unverified") == 0)
			check_evidence(res, "the hop's host key: %s (check it with its "
			    "administrator before accepting it)", t.server_hostkey);
		goto out;
	}
	check_set(res, CHECK_FAIL, "hop-other",
	    "the ProxyJump hop %s answers SSH but a login did not succeed (stopped at %s)",
	    name, tr_phase_name(t.phase));
	check_evidence(res, "ssh to the hop: %s after %ld ms",
	    run_describe(&rr, how, sizeof how), rr.ms);
out:
	check_evidence(res, "login tried with BatchMode=yes and StrictHostKeyChecking=yes: "
	    "no prompt, no host key accepted, nothing written");
	transcript_free(&t);
	run_free(&rr);
}

static void
proxy_hop_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshconf_pair *pair = sshconf_pair_dep(ctx);	/* resolved: required */
	struct check_options	 hopt;
	struct sshconf		 hc;
	struct hostprobe	 hp;
	struct hop		 hop;
	const char		*jump, *cmd, *v, *hname;
	char			*name = NULL;
	int			 hport, have_hc, failed;

	jump = sshconf_get(&pair->user, "proxyjump");
	cmd = sshconf_get(&pair->user, "proxycommand");
	if (jump == NULL || strcmp(jump, "none") == 0) {
		if (cmd != NULL && strcmp(cmd, "none") != 0)
			proxy_command(ctx, res, cmd);
		else
			check_set(res, CHECK_PASS, "no-proxy",
			    "ssh connects directly (no ProxyJump or ProxyCommand)");
		return;
	}
	if (parse_hop(jump, &hop) != 0) {
		check_set(res, CHECK_SKIP, "skipped",
		    "the ProxyJump value is not one sshdoc can probe safely: %.300s", jump);
		locate(ctx, res, "ProxyJump");
		return;
	}

	hopt = *ctx->opt;
	hopt.host = hop.host;
	hopt.user = hop.user;
	hopt.user_given = hop.user != NULL;
	hopt.port = hop.port != 0 ? hop.port : 22;
	hopt.port_given = hop.port != 0;
	hopt.identity = NULL;	/* ssh passes -i to the target, not to the hop */
	hopt.jump = NULL;	/* the hop itself is reached directly */
	hopt.ssh_options = NULL;	/* -o applies to the target, as ssh does for -J */

	have_hc = hop_config(ctx, &hopt, &hc) == 0;
	hname = hop.host;
	hport = hopt.port;
	if (have_hc) {
		if ((v = sshconf_get(&hc, "hostname")) != NULL && *v != '\0' && *v != '-')
			hname = v;
		if ((v = sshconf_get(&hc, "port")) != NULL && atoi(v) > 0 && atoi(v) < 65536)
			hport = atoi(v);
	}
	xasprintf(&name, "%s%s%s port %d", hop.user ? hop.user : "",
	    hop.user ? "@" : "", hname, hport);

	if (have_hc && (((v = sshconf_get(&hc, "proxyjump")) != NULL && strcmp(v, "none") != 0) ||
	    ((v = sshconf_get(&hc, "proxycommand")) != NULL && strcmp(v, "none") != 0))) {
		/* A direct probe would test a route ssh does not take. */
		hop_login(ctx, res, &hopt, name);
		check_evidence(res, "the hop is itself reached through a proxy: %.300s", v);
	} else {
		hostprobe_run(hname, hport, ctx->deadline_ms, &hp);
		if (hp.stage != HP_SSH) {
			check_set(res, CHECK_FAIL, "hop-down",
			    "the ProxyJump hop %s does not answer: %s", name, hp.detail);
			check_evidence(res, "probe of the hop: %s (%ld ms)", hp.detail, hp.ms);
			if (hp.stage == HP_CONNECT && hp.naddr > 1)
				check_evidence(res, "%d addresses tried, none accepted", hp.naddr);
		} else {
			hop_login(ctx, res, &hopt, name);
			check_evidence(res, "identification of the hop: %s (%s, %ld ms)",
			    hp.ident, hp.addr, hp.ms);
		}
		hostprobe_free(&hp);
	}
	check_evidence(res, "ProxyJump %.300s (the first hop was probed on its own)", jump);
	locate(ctx, res, "ProxyJump");
	own_attempt(ctx, res, &failed);
	if (have_hc)
		sshconf_free(&hc);
	free(name);
	hop_free(&hop);
}

/* The transcript too: a ProxyCommand is judged by the person's attempt, never run by sshdoc. */
static const char *const proxy_hop_needs[] = { "ssh-config", "transcript", NULL };
static const struct check_need proxy_hop_data[] = {
	{ "ssh-config", NEED_REQUIRED, "the client configuration could not be read" },
	/* Optional: the person's own attempt only adds evidence. */
	{ "transcript", NEED_OPTIONAL, NULL },
	{ NULL, 0, NULL }
};
static const char *const proxy_hop_outcomes[] = {
	"hop-ok", "hop-unverified", "hop-down", "hop-auth", "hop-other", "command",
	"no-proxy", "skipped", "error", NULL
};

const struct check_entry check_proxy_hop_entry = {
	.id = "proxy-hop",
	.title = "ProxyJump hop",
	.needs = proxy_hop_needs,
	.data = proxy_hop_data,
	.outcomes = proxy_hop_outcomes,
	.exec = proxy_hop_exec,
};
