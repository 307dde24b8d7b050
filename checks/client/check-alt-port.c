/* check-alt-port.c: when port 22 of a code forge cannot be reached, tries the SSH-over-443 alternative the forge documents. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/check.h"
#include "checks/client/hostprobe.h"
#include "checks/client/netaddr.h"
#include "lib/xmalloc.h"

/* "host=althost:port,...": more entries (and how tests map names to local hosts) */
#define ALT_ENV		"SSHDOC_ALT_PORTS"
#define ALT_ENV_MAX	4096			/* bytes of it read */
#define ALT_NAME_MAX	253

struct alt {
	char	*host;		/* the name people use: github.com */
	char	*alt;		/* where SSH also answers: ssh.github.com */
	int	 port;		/* and on which port: 443 */
	int	 forge;		/* from the built-in table: the forge's user is "git" */
};

/* What the forges document (GitHub, GitLab, Bitbucket help pages on SSH over the HTTPS port). */
static const struct {
	const char	*host;
	const char	*alt;
	int		 port;
} forges[] = {
	{ "github.com", "ssh.github.com", 443 },
	{ "gitlab.com", "altssh.gitlab.com", 443 },
	{ "bitbucket.org", "altssh.bitbucket.org", 443 },
};

/* A host name or address: only resolved, but shown in evidence and the config block. */
static int
valid_name(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > ALT_NAME_MAX || s[0] == '-')
		return 0;
	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)s[i]) && strchr(".-_:", s[i]) == NULL)
			return 0;
	}
	return 1;
}

/* One "host=althost:port" entry; the althost may be [v6]:port. */
static int
parse_entry(const char *e, size_t len, struct alt *a)
{
	const char	*eq, *colon, *host, *alt, *q;
	size_t		 hlen, alen;
	char		*end, num[8];
	long		 port;

	if ((eq = memchr(e, '=', len)) == NULL)
		return -1;
	host = e;
	hlen = (size_t)(eq - e);
	alt = eq + 1;
	/* the port follows the last colon; brackets keep a v6 address whole */
	for (colon = NULL, q = alt; q < e + len; q++) {
		if (*q == ':')
			colon = q;
	}
	if (colon == NULL || (size_t)(e + len - colon - 1) >= sizeof num)
		return -1;
	alen = (size_t)(colon - alt);
	if (alen > 2 && alt[0] == '[' && alt[alen - 1] == ']') {
		alt++;
		alen -= 2;
	}
	if (!valid_name(host, hlen) || !valid_name(alt, alen))
		return -1;
	memcpy(num, colon + 1, (size_t)(e + len - colon - 1));
	num[e + len - colon - 1] = '\0';
	port = strtol(num, &end, 10);
	if (num[0] == '\0' || *end != '\0' || port < 1 || port > 65535)
		return -1;
	a->host = xstrndup(host, hlen);
	a->alt = xstrndup(alt, alen);
	a->port = (int)port;
	a->forge = 0;
	return 0;
}

/* The entry for host: SSHDOC_ALT_PORTS first (it may override), then the table. -1 if none. */
static int
find_alt(const char *host, struct alt *a, int *bad_entries)
{
	const char	*env = getenv(ALT_ENV), *p, *end;
	struct alt	 e;
	size_t		 i, len, hlen = strlen(host);

	*bad_entries = 0;
	/* "github.com." is github.com */
	if (hlen > 0 && host[hlen - 1] == '.')
		hlen--;
	if (env != NULL && strlen(env) <= ALT_ENV_MAX) {
		for (p = env; *p != '\0'; p = *end == ',' ? end + 1 : end) {
			end = p + strcspn(p, ",");
			len = (size_t)(end - p);
			if (len == 0)
				continue;
			if (parse_entry(p, len, &e) != 0) {
				(*bad_entries)++;
				continue;
			}
			if (strlen(e.host) == hlen && strncasecmp(e.host, host, hlen) == 0) {
				*a = e;
				return 0;
			}
			free(e.host);
			free(e.alt);
		}
	}
	for (i = 0; i < sizeof forges / sizeof forges[0]; i++) {
		if (strlen(forges[i].host) == hlen &&
		    strncasecmp(forges[i].host, host, hlen) == 0) {
			a->host = xstrdup(forges[i].host);
			a->alt = xstrdup(forges[i].alt);
			a->port = forges[i].port;
			a->forge = 1;
			return 0;
		}
	}
	return -1;
}

static void
alt_port_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct check_result *dep = check_dep(ctx, "tcp-connect");
	const struct netaddr_list *l = netaddr_connected_dep(ctx);	/* resolved: required */
	struct hostprobe	 hp;
	struct alt		 a;
	int			 bad;

	if (dep->outcome == NULL || (strcmp(dep->outcome, "refused") != 0 &&
	    strcmp(dep->outcome, "timeout") != 0 && strcmp(dep->outcome, "unreachable") != 0)) {
		check_set(res, CHECK_PASS, "not-applicable",
		    "the TCP connection to %s port %d did not fail", l->host, l->port);
		return;
	}
	if (l->port != 22) {
		check_set(res, CHECK_PASS, "not-applicable",
		    "the failing port is %d, not 22: no known alternative route", l->port);
		return;
	}
	if (find_alt(l->host, &a, &bad) != 0) {
		check_set(res, CHECK_PASS, "not-applicable",
		    "%s documents no SSH alternative to port 22 that sshdoc knows", l->host);
		check_evidence(res, "known: github.com, gitlab.com, bitbucket.org; more with "
		    ALT_ENV "=host=althost:port,...");
		if (bad > 0)
			check_evidence(res, ALT_ENV ": %d entr%s ignored (not host=althost:port)",
			    bad, bad == 1 ? "y" : "ies");
		return;
	}

	hostprobe_run(a.alt, a.port, ctx->deadline_ms, &hp);
	if (hp.stage == HP_SSH) {
		check_set(res, CHECK_FAIL, "alt-works",
		    "port 22 of %s cannot be reached from here, but its alternative %s port %d "
		    "answers SSH: this network blocks outgoing SSH", l->host, a.alt, a.port);
		check_evidence(res, "%s port %d: %s", a.alt, a.port, hp.detail);
		check_evidence(res, "%s port 22: %s (tcp-connect)", l->host, dep->outcome);
		/* Host is the name typed, which may be an alias of the forge's. */
		check_evidence(res, "alternative for %s: host %s, port %d%s", ctx->opt->host,
		    a.alt, a.port, a.forge ? ", user git" : "");
		check_fact(res, "host", "%s", ctx->opt->host);
		check_fact(res, "hostname", "%s", a.alt);
		check_fact(res, "port", "%d", a.port);
		if (a.forge)
			check_fact(res, "user", "git");
	} else {
		check_set(res, CHECK_FAIL, "alt-fails",
		    "neither port 22 of %s nor its alternative %s port %d answers from here",
		    l->host, a.alt, a.port);
		check_evidence(res, "%s port %d: %s", a.alt, a.port, hp.detail);
		check_evidence(res, "%s port 22: %s (tcp-connect)", l->host, dep->outcome);
		if (hp.stage == HP_RESOLVE)
			check_evidence(res, "the alternative's name does not resolve here: "
			    "the problem is wider than a blocked SSH port");
		else
			check_evidence(res, "this network reaches neither: the connection "
			    "problem is wider than a blocked SSH port");
	}
	check_evidence(res, "probe took %ld ms", hp.ms);
	hostprobe_free(&hp);
	free(a.host);
	free(a.alt);
}

static const char *const alt_port_needs[] = { "tcp-connect", NULL };
static const struct check_need alt_port_data[] = {
	{ "tcp-connect", NEED_REQUIRED, "no TCP connection attempt to compare with" },
	{ NULL, 0, NULL }
};
static const char *const alt_port_outcomes[] = {
	"alt-works", "alt-fails", "not-applicable", "skipped", "error", NULL
};

static const char *const alt_port_facts[] = { "host", "hostname", "port", "user", NULL };

const struct check_entry check_alt_port_entry = {
	.id = "alt-port",
	.title = "SSH over port 443",
	.needs = alt_port_needs,
	.data = alt_port_data,
	.outcomes = alt_port_outcomes,
	.exec = alt_port_exec,
	.facts = alt_port_facts,
};
