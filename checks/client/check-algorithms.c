/* check-algorithms.c: compares what the server offers (KEXINIT) with what this client would offer (ssh -G, ssh -Q). */
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/client/ssh-query.h"
#include "checks/parse/kexinit-parse.h"
#include "checks/client/server-kexinit.h"
#include "lib/runner.h"
#include "checks/client/sshconf.h"
#include "lib/xmalloc.h"

struct category {
	const char	*name;		/* for people */
	const char	*keyword;	/* ssh_config keyword, as ssh -G prints it */
	const char	*directive;	/* as written in ssh_config */
	const char	*query;		/* ssh -Q argument listing what the binary supports */
	int		 list;		/* KEXINIT list holding the server's offer */
	const char	*outcome;	/* when nothing is shared */
};

/* In OpenSSH's negotiation order: the first empty intersection is where ssh stops. */
static const struct category categories[] = {
	{ "key exchange", "kexalgorithms", "KexAlgorithms", "kex", KEXL_KEX, "no-kex" },
	{ "host key", "hostkeyalgorithms", "HostKeyAlgorithms", "key-sig", KEXL_HOSTKEY, "no-hostkey" },
	{ "cipher", "ciphers", "Ciphers", "cipher", KEXL_CIPHER_CTOS, "no-cipher" },
	{ "MAC", "macs", "MACs", "mac", KEXL_MAC_CTOS, "no-mac" },
};

/* Algorithms that still work but are broken or weak: enable only per host, as a stopgap. */
static const char *const legacy[] = {
	"diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1",
	"diffie-hellman-group-exchange-sha1", "ssh-rsa", "ssh-dss",
	"ssh-rsa-cert-v01@openssh.com", "ssh-dss-cert-v01@openssh.com",
	"3des-cbc", "aes128-cbc", "aes192-cbc", "aes256-cbc", "rijndael-cbc@lysator.liu.se",
	"hmac-sha1", "hmac-sha1-96", "hmac-md5", "hmac-md5-96", "hmac-sha1-etm@openssh.com",
	"umac-64@openssh.com", NULL
};

static int
is_legacy(const char *alg)
{
	size_t	 i;

	for (i = 0; legacy[i] != NULL; i++) {
		if (strcmp(legacy[i], alg) == 0)
			return 1;
	}
	return 0;
}

/*
 * OpenSSH's match_list() reads only the first 40 names of the server's list
 * (MAX_PROP): a name further on is never negotiated, however many are sent.
 */
#define SERVER_NAMES_READ	40

/* The part of the server's list that ssh reads: a copy of its first names. */
static char *
server_head(const char *server)
{
	char	*copy = xstrdup(server), *p;
	size_t	 n = 0;

	for (p = copy; *p != '\0'; p++) {
		if (*p == ',' && ++n == SERVER_NAMES_READ) {
			*p = '\0';
			break;
		}
	}
	return copy;
}

/* Pseudo-algorithms announce extensions; they are never negotiated. */
static int
is_pseudo(const char *alg)
{
	return strncmp(alg, "ext-info-", 9) == 0 || strncmp(alg, "kex-strict-", 11) == 0;
}

/* First name of the client's list that the server also offers (the one negotiated), or NULL. */
static char *
negotiate(const char *client, const char *server)
{
	char	*copy, *name, *save = NULL, *found = NULL;

	if (client == NULL || server == NULL)
		return NULL;
	copy = xstrdup(client);
	for (name = strtok_r(copy, ",", &save); name != NULL;
	    name = strtok_r(NULL, ",", &save)) {
		if (!is_pseudo(name) && namelist_has(server, name)) {
			found = xstrdup(name);
			break;
		}
	}
	free(copy);
	return found;
}

static int
aead(const char *cipher)
{
	return cipher != NULL && (strstr(cipher, "poly1305") != NULL ||
	    strstr(cipher, "-gcm") != NULL);
}

/* The smallest change: the first thing the server offers that this ssh can speak. */
static void
suggest(struct check_ctx *ctx, struct check_result *res, const struct category *c,
    const char *server, const char *host)
{
	char	*can = ssh_query(ctx, c->query), *copy, *name, *save = NULL;
	int	 found = 0;

	if (can == NULL)
		return;
	copy = xstrdup(server);
	for (name = strtok_r(copy, ",", &save); name != NULL && !found;
	    name = strtok_r(NULL, ",", &save)) {
		if (is_pseudo(name) || !namelist_has(can, name))
			continue;
		found = 1;
		check_fact(res, "directive", "%s", c->directive);
		check_fact(res, "algorithm", "%s", name);
		check_evidence(res, "smallest change, on the client, for this server only: "
		    "in ~/.ssh/config add \"Host %s\" with \"%s +%s\"", host, c->directive, name);
		if (is_legacy(name))
			check_evidence(res, "warning: %s is a legacy algorithm; use this only as "
			    "a stopgap and have the server upgraded or given new host keys", name);
	}
	if (!found)
		check_evidence(res, "this ssh supports none of the server's %s algorithms: "
		    "the server must be upgraded or reconfigured", c->name);
	free(copy);
	free(can);
}

static void
algorithms_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct kexinit	*k = kexinit_dep(ctx);	/* resolved: required */
	const struct sshconf_pair *pair = sshconf_pair_dep(ctx);	/* resolved: required */
	const struct category	*c;
	struct strlist		 where = { NULL, 0 };
	char			*chosen[4] = { NULL, NULL, NULL, NULL }, *clean;
	char			*theirs = NULL;
	const char		*mine;
	size_t			 i, j;

	for (i = 0; i < 4; i++) {
		c = &categories[i];
		mine = sshconf_get(&pair->user, c->keyword);
		if (mine == NULL || k->lists[c->list] == NULL)
			continue;	/* older ssh -G without this keyword: no claim */
		free(theirs);
		theirs = server_head(k->lists[c->list]);
		chosen[i] = negotiate(mine, theirs);
		if (chosen[i] != NULL)
			continue;
		if (i == 3 && aead(chosen[2]))
			continue;	/* an AEAD cipher brings its own integrity: no MAC needed */
		clean = pair->have_clean ?
		    negotiate(sshconf_get(&pair->clean, c->keyword), theirs) : NULL;
		if (clean != NULL) {
			check_set(res, CHECK_FAIL, "config-restricts",
			    "your ssh configuration's %s list excludes every %s algorithm the "
			    "server offers; without it ssh would use %s", c->directive, c->name,
			    clean);
			check_fact(res, "directive", "%s", c->directive);
			sshconf_locate(ctx->opt, c->directive, &where);
			if (where.n > 0)
				check_fact_location(res, where.v[0]);
			for (j = 0; j < where.n; j++)
				check_evidence(res, "set at %s", where.v[j]);
			strlist_free(&where);
			free(clean);
		} else {
			check_set(res, CHECK_FAIL, c->outcome,
			    "client and server share no %s algorithm", c->name);
			suggest(ctx, res, c, theirs, ctx->opt->host);
		}
		check_evidence(res, "server offers: %s", theirs);
		if (k->names[c->list] > SERVER_NAMES_READ)
			check_evidence(res, "the server sent %zu %s names; ssh reads only the "
			    "first %d (OpenSSH's match_list), shown above",
			    k->names[c->list], c->name, SERVER_NAMES_READ);
		check_evidence(res, "client offers: %s", mine);
		goto out;
	}
	check_set(res, CHECK_PASS, "agree", "client and server agree on %s, %s, %s%s%s",
	    chosen[0] ? chosen[0] : "?", chosen[1] ? chosen[1] : "?",
	    chosen[2] ? chosen[2] : "?", chosen[3] && !aead(chosen[2]) ? ", " : "",
	    chosen[3] && !aead(chosen[2]) ? chosen[3] : "");
	for (i = 0; i < 4; i++) {
		if (chosen[i] != NULL && is_legacy(chosen[i]))
			check_evidence(res, "note: the negotiated %s algorithm %s is a legacy one",
			    categories[i].name, chosen[i]);
	}
out:
	free(theirs);
	for (i = 0; i < 4; i++)
		free(chosen[i]);
}

static const char *const algorithms_needs[] = { "ssh-kexinit", "ssh-config", NULL };
#define ALGORITHMS_SKIP	"needs the server's KEXINIT and this client's configuration"
static const struct check_need algorithms_data[] = {
	{ "ssh-kexinit", NEED_REQUIRED, ALGORITHMS_SKIP },
	{ "ssh-config", NEED_REQUIRED, ALGORITHMS_SKIP },
	{ NULL, 0, NULL }
};
static const char *const algorithms_outcomes[] = {
	"agree", "no-kex", "no-hostkey", "no-cipher", "no-mac", "config-restricts",
	"skipped", "error", NULL
};

static const char *const algorithms_facts[] = {
	"directive", "algorithm", "config_file", "config_line", NULL
};

const struct check_entry check_algorithms_entry = {
	.id = "algorithms",
	.title = "Algorithm negotiation",
	.needs = algorithms_needs,
	.data = algorithms_data,
	.outcomes = algorithms_outcomes,
	.exec = algorithms_exec,
	.facts = algorithms_facts,
};
