/* check-clean-attempt.c: when the person's ssh fails, runs it again without their configuration (-F /dev/null) and compares. */
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/client/ssh-attempt.h"
#include "checks/client/sshconf.h"
#include "checks/transcript/transcript-phase.h"
#include "lib/xmalloc.h"

#define DIFF_SHOWN_MAX	12	/* differing directives shown as evidence */
#define WHERE_SHOWN_MAX	3	/* places shown for one directive */
#define VALUE_SHOWN_MAX	120	/* characters shown of a value (algorithm lists) */

struct directive {
	const char	*keyword;	/* as ssh -G prints it */
	const char	*name;		/* as written in ssh_config */
	const char	*alias;		/* an older name that sets the same, or NULL */
	int		 route;		/* changes where ssh connects to */
	int		 phase;		/* the phase it acts in (PHASE_BANNER: the route) */
};

/* What most often breaks a connection, first; ssh -G's other keywords follow them. */
static const struct directive directives[] = {
	{ "hostname", "HostName", NULL, 1, PHASE_BANNER },
	{ "port", "Port", NULL, 1, PHASE_BANNER },
	{ "proxyjump", "ProxyJump", NULL, 1, PHASE_BANNER },
	{ "proxycommand", "ProxyCommand", NULL, 1, PHASE_BANNER },
	{ "addressfamily", "AddressFamily", NULL, 1, PHASE_BANNER },
	{ "bindaddress", "BindAddress", NULL, 1, PHASE_BANNER },
	{ "bindinterface", "BindInterface", NULL, 1, PHASE_BANNER },
	{ "user", "User", NULL, 0, PHASE_AUTH },
	{ "identityfile", "IdentityFile", NULL, 0, PHASE_AUTH },
	{ "identitiesonly", "IdentitiesOnly", NULL, 0, PHASE_AUTH },
	{ "identityagent", "IdentityAgent", NULL, 0, PHASE_AUTH },
	{ "certificatefile", "CertificateFile", NULL, 0, PHASE_AUTH },
	{ "kexalgorithms", "KexAlgorithms", NULL, 0, PHASE_KEX },
	{ "ciphers", "Ciphers", NULL, 0, PHASE_KEX },
	{ "macs", "MACs", NULL, 0, PHASE_KEX },
	{ "hostkeyalgorithms", "HostKeyAlgorithms", NULL, 0, PHASE_KEX },
	{ "pubkeyacceptedalgorithms", "PubkeyAcceptedAlgorithms", "PubkeyAcceptedKeyTypes", 0, PHASE_AUTH },
	{ "pubkeyauthentication", "PubkeyAuthentication", NULL, 0, PHASE_AUTH },
	{ "preferredauthentications", "PreferredAuthentications", NULL, 0, PHASE_AUTH },
	{ "hostkeyalias", "HostKeyAlias", NULL, 0, PHASE_HOSTKEY },
	{ "userknownhostsfile", "UserKnownHostsFile", NULL, 0, PHASE_HOSTKEY },
	{ "globalknownhostsfile", "GlobalKnownHostsFile", NULL, 0, PHASE_HOSTKEY },
	{ "requiredrsasize", "RequiredRSASize", NULL, 0, PHASE_AUTH },
	{ "ipqos", "IPQoS", NULL, 0, PHASE_NONE },
};

/* Set on the command line of both attempts (ssh-attempt.c): never a difference. */
static const char *const ignored[] = {
	"batchmode", "stricthostkeychecking", "updatehostkeys", "controlmaster",
	"controlpath", "controlpersist", "permitlocalcommand", "clearallforwardings",
	"forwardagent", "forwardx11", "connectionattempts", "escapechar",
	"connecttimeout", "loglevel", NULL
};

static int
is_ignored(const char *keyword)
{
	size_t	 i;

	for (i = 0; ignored[i] != NULL; i++) {
		if (strcmp(ignored[i], keyword) == 0)
			return 1;
	}
	return 0;
}

/* Every value of keyword (ssh -G repeats some), space-joined; NULL if absent. */
static char *
joined(const struct sshconf *c, const char *keyword)
{
	char	*out = NULL, *tmp;
	size_t	 i;

	for (i = 0; i < c->keys.n; i++) {
		if (strcmp(c->keys.v[i], keyword) != 0)
			continue;
		if (out == NULL)
			out = xstrdup(c->values.v[i]);
		else {
			xasprintf(&tmp, "%s %s", out, c->values.v[i]);
			free(out);
			out = tmp;
		}
	}
	return out;
}

static int
differs(const struct sshconf_pair *pair, const char *keyword)
{
	char	*u = joined(&pair->user, keyword), *c = joined(&pair->clean, keyword);
	int	 d;

	if (u == NULL || c == NULL)
		d = u != c;
	else
		d = strcmp(u, c) != 0;
	free(u);
	free(c);
	return d;
}

static const struct directive *
find_directive(const char *keyword)
{
	size_t	 i;

	for (i = 0; i < sizeof directives / sizeof directives[0]; i++) {
		if (strcmp(directives[i].keyword, keyword) == 0)
			return &directives[i];
	}
	return NULL;
}

/*
 * The one differing directive that acts in the phase where the person's
 * attempt stopped (the route, up to the identification or through a proxy),
 * or the only one that differs at all; NULL when that is not one directive.
 */
static const struct directive *
isolated(const struct transcript *mine, const struct strlist *diffs)
{
	const struct directive	*d, *found = NULL;
	int			 phase;
	size_t			 i;

	phase = mine->phase <= PHASE_BANNER || mine->via_proxy ? PHASE_BANNER :
	    (int)mine->phase;
	for (i = 0; i < diffs->n; i++) {
		d = find_directive(diffs->v[i]);
		if (d == NULL || d->phase != phase)
			continue;
		if (found != NULL)
			return NULL;
		found = d;
	}
	if (found == NULL && diffs->n == 1)
		found = find_directive(diffs->v[0]);
	return found;
}

/* Keywords whose values differ: the known ones in table order, then the rest in ssh -G order. */
static void
collect_diffs(const struct sshconf_pair *pair, struct strlist *out)
{
	const struct sshconf	*sides[2] = { &pair->user, &pair->clean };
	size_t			 i, j, k;
	int			 dup;

	for (i = 0; i < sizeof directives / sizeof directives[0]; i++) {
		if (differs(pair, directives[i].keyword))
			strlist_add(out, directives[i].keyword);
	}
	for (k = 0; k < 2; k++) {
		for (i = 0; i < sides[k]->keys.n; i++) {
			const char *kw = sides[k]->keys.v[i];

			if (find_directive(kw) != NULL || is_ignored(kw) || !differs(pair, kw))
				continue;
			for (dup = 0, j = 0; j < out->n; j++)
				dup |= strcmp(out->v[j], kw) == 0;
			if (!dup)
				strlist_add(out, kw);
		}
	}
}

static int
route_differs(const struct sshconf_pair *pair)
{
	size_t	 i;

	for (i = 0; i < sizeof directives / sizeof directives[0]; i++) {
		if (directives[i].route && differs(pair, directives[i].keyword))
			return 1;
	}
	return 0;
}

/* The failure a transcript shows first (the earliest line), or NULL. */
static const struct tr_seen *
first_failure(const struct transcript *t)
{
	const struct tr_seen	*best = NULL;
	size_t			 i;

	for (i = 0; i < TR_COUNT; i++) {
		if (i == TR_AUTHENTICATED || t->seen[i].line == 0 || t->seen[i].text == NULL)
			continue;
		if (best == NULL || t->seen[i].line < best->line)
			best = &t->seen[i];
	}
	return best;
}

/*
 * How far an attempt got: a phase, or past them all when it authenticated.
 * Failing to connect and failing in a proxy both mean "no server reached":
 * a clean attempt that is refused is no further than one whose proxy died.
 */
static int
progress(const struct transcript *t)
{
	if (t->seen[TR_AUTHENTICATED].line != 0)
		return PHASE_SESSION + 1;
	if (t->phase < PHASE_BANNER)
		return PHASE_NONE;
	return (int)t->phase;
}

static const char *
progress_name(const struct transcript *t)
{
	if (t->seen[TR_AUTHENTICATED].line != 0)
		return "authenticated";
	if (t->phase == PHASE_NONE)
		return "before connecting";
	return tr_phase_name(t->phase);
}

static void
describe_attempt(struct check_result *res, const char *who, const struct transcript *t)
{
	const struct tr_seen	*f = first_failure(t);

	if (t->seen[TR_AUTHENTICATED].line != 0)
		check_evidence(res, "%s: authenticated (%s)", who,
		    t->seen[TR_AUTHENTICATED].text);
	else if (f != NULL)
		check_evidence(res, "%s: stopped at %s: %s", who, progress_name(t), f->text);
	else
		check_evidence(res, "%s: stopped at %s", who, progress_name(t));
}

/* A value cut for one evidence line; NULL stays NULL. */
static char *
shorten(char *v)
{
	if (v != NULL && strlen(v) > VALUE_SHOWN_MAX)
		memcpy(v + VALUE_SHOWN_MAX - 3, "...", 4);
	return v;
}

/* One evidence line per differing directive, with where the person's files set it. */
static void
show_diffs(struct check_ctx *ctx, struct check_result *res,
    const struct sshconf_pair *pair, const struct strlist *diffs,
    const struct directive *iso)
{
	const struct directive	*d;
	struct strlist		 where = { NULL, 0 };
	char			*u, *c, *places = NULL, *tmp;
	const char		*name;
	size_t			 i, j;

	for (i = 0; i < diffs->n && i < DIFF_SHOWN_MAX; i++) {
		d = find_directive(diffs->v[i]);
		name = d != NULL ? d->name : diffs->v[i];
		sshconf_locate(ctx->opt, name, &where);
		if (d != NULL && d->alias != NULL)
			sshconf_locate(ctx->opt, d->alias, &where);
		/*
		 * The article points at the isolated directive's place, else at the
		 * first directive found in a file; only an isolated one is named as
		 * the directive (the tree's explains relations route on it).
		 */
		if (where.n > 0 && check_fact_get(res, "config_file") == NULL &&
		    (iso == NULL || d == iso))
			check_fact_location(res, where.v[0]);
		for (j = 0; j < where.n && j < WHERE_SHOWN_MAX; j++) {
			if (places == NULL)
				places = xstrdup(where.v[j]);
			else {
				xasprintf(&tmp, "%s; %s", places, where.v[j]);
				free(places);
				places = tmp;
			}
		}
		u = shorten(joined(&pair->user, diffs->v[i]));
		c = shorten(joined(&pair->clean, diffs->v[i]));
		check_evidence(res, "%s %s with your configuration, %s without it; %s%s", name,
		    u != NULL ? u : "(unset)", c != NULL ? c : "(unset)",
		    places != NULL ? "set at " : "not found in your configuration files "
		    "(a Match block, an Include outside them, or a default)",
		    places != NULL ? places : "");
		free(u);
		free(c);
		free(places);
		places = NULL;
		strlist_free(&where);
	}
	if (diffs->n > DIFF_SHOWN_MAX)
		check_evidence(res, "%zu more directives differ", diffs->n - DIFF_SHOWN_MAX);
}

static void
clean_attempt_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct transcript	*mine = transcript_dep(ctx);	/* resolved: required */
	const struct sshconf_pair *pair = sshconf_pair_dep(ctx);
	const struct directive	*d;
	struct transcript	 clean;
	struct run_result	 rr;
	struct strlist		 diffs = { NULL, 0 };
	const char		*v, *p;
	char			*cause = NULL;

	if (ctx->opt->host == NULL || strcmp(ctx->opt->mode, "client") != 0) {
		check_set(res, CHECK_SKIP, "skipped", "no target to connect to");
		return;
	}
	if (pair == NULL || !pair->have_clean) {
		check_set(res, CHECK_SKIP, "skipped",
		    "ssh -G could not show both configurations (yours and -F /dev/null)");
		return;
	}
	if (mine->seen[TR_AUTHENTICATED].line != 0) {
		check_set(res, CHECK_PASS, "not-needed",
		    "your own attempt authenticated: nothing to compare");
		return;
	}
	collect_diffs(pair, &diffs);
	if (diffs.n == 0) {
		check_set(res, CHECK_PASS, "not-needed",
		    "your configuration changes nothing for this host (ssh -G shows the same "
		    "with -F /dev/null): it cannot be the cause");
		goto out;
	}
	/*
	 * Up to the server's identification only the route matters (HostName,
	 * Port, proxies, address family): the same route meets the same refusal,
	 * silence or wrong greeting. Spare the host a connection and the person
	 * a timeout.
	 */
	if (mine->phase <= PHASE_BANNER && !mine->via_proxy && !route_differs(pair)) {
		v = sshconf_get(&pair->user, "hostname");
		p = sshconf_get(&pair->user, "port");
		check_set(res, CHECK_PASS, "same",
		    "without your configuration ssh would connect to the same place "
		    "(%s port %s) and fail the same way before the server's identification",
		    v != NULL ? v : ctx->opt->host, p != NULL ? p : "?");
		describe_attempt(res, "your attempt", mine);
		check_evidence(res, "HostName, Port, ProxyJump, ProxyCommand, AddressFamily, "
		    "BindAddress and BindInterface are the same with -F /dev/null");
		goto out;
	}

	if (ssh_attempt(ctx, ctx->opt, 1, &clean, &rr, &cause) != 0) {
		check_set(res, CHECK_ERROR, "error", "cannot run ssh -F /dev/null: %s", cause);
		free(cause);
		goto out;
	}
	if (rr.not_found) {
		check_set(res, CHECK_SKIP, "skipped", "no OpenSSH client (ssh) on this machine");
		goto done;
	}
	/* A name only the person's configuration defines (a Host alias) resolves nowhere else. */
	if ((clean.seen[TR_DNS_NXDOMAIN].line != 0 || clean.seen[TR_DNS_TEMPORARY].line != 0) &&
	    differs(pair, "hostname")) {
		check_set(res, CHECK_SKIP, "skipped",
		    "without your configuration %s does not resolve: only your configuration "
		    "says where it is (HostName %s), so there is nothing to compare",
		    ctx->opt->host, (v = sshconf_get(&pair->user, "hostname")) != NULL ? v : "?");
		describe_attempt(res, "with -F /dev/null", &clean);
		goto done;
	}
	if (progress(&clean) > progress(mine)) {
		check_set(res, CHECK_FAIL, "config-breaks",
		    "without your ssh configuration the same command gets further "
		    "(%s; yours stopped at %s): your configuration breaks this connection",
		    progress_name(&clean), progress_name(mine));
		describe_attempt(res, "your attempt", mine);
		describe_attempt(res, "with -F /dev/null", &clean);
		/* the tree's explains relations hand the diagnosis to this directive's cause */
		d = isolated(mine, &diffs);
		show_diffs(ctx, res, pair, &diffs, d);
		if (d != NULL)
			check_fact(res, "directive", "%s", d->name);
		check_evidence(res, "with -F /dev/null ssh still reads the default keys "
		    "(~/.ssh/id_*) and ~/.ssh/known_hosts");
	} else {
		check_set(res, CHECK_PASS, "same",
		    "without your ssh configuration the same command gets no further "
		    "(%s): your configuration is not the cause", progress_name(&clean));
		describe_attempt(res, "your attempt", mine);
		describe_attempt(res, "with -F /dev/null", &clean);
	}
done:
	transcript_free(&clean);
	run_free(&rr);
out:
	strlist_free(&diffs);
}

static const char *const clean_attempt_needs[] = { "transcript", "ssh-config", NULL };
static const struct check_need clean_attempt_data[] = {
	{ "transcript", NEED_REQUIRED, "no transcript of your own attempt to compare with" },
	/* Optional: without it, or without the clean view, exec skips itself. */
	{ "ssh-config", NEED_OPTIONAL, NULL },
	{ NULL, 0, NULL }
};
static const char *const clean_attempt_outcomes[] = {
	"config-breaks", "same", "not-needed", "skipped", "error", NULL
};

static const char *const clean_attempt_facts[] = {
	"directive", "config_file", "config_line", NULL
};

const struct check_entry check_clean_attempt_entry = {
	.id = "clean-attempt",
	.title = "Attempt without your configuration",
	.needs = clean_attempt_needs,
	.data = clean_attempt_data,
	.outcomes = clean_attempt_outcomes,
	.exec = clean_attempt_exec,
	.facts = clean_attempt_facts,
};
