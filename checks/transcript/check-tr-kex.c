/* check-tr-kex.c: what a transcript says about algorithm negotiation and the key exchange. */
#include <stdlib.h>
#include <string.h>

#include "checks/transcript/transcript-phase.h"
#include "checks/client/ssh-query.h"
#include "lib/xmalloc.h"

#define OFFER_NAME_MAX	64	/* longer names are no algorithm OpenSSH knows */

static const struct tr_rule kex_rules[] = {
	{ TR_NO_KEX, "no-kex", "client and server share no key exchange algorithm" },
	{ TR_NO_HOSTKEY, "no-hostkey", "client and server share no host key algorithm" },
	{ TR_NO_CIPHER, "no-cipher", "client and server share no cipher" },
	{ TR_NO_MAC, "no-mac", "client and server share no MAC" },
	{ TR_KEX_STALL, "stall", "the key exchange stalled waiting for the server's reply" },
};

/* The ssh_config directive and ssh -Q list of each negotiation failure. */
static const struct {
	const char	*outcome;
	const char	*directive;
	const char	*query;
} kex_lists[] = {
	{ "no-kex", "KexAlgorithms", "kex" },
	{ "no-hostkey", "HostKeyAlgorithms", "key-sig" },
	{ "no-cipher", "Ciphers", "cipher" },
	{ "no-mac", "MACs", "mac" },
};

/* A name as algorithm names are spelt: the offer is pasted text and may reach a command. */
static int
offer_name_ok(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > OFFER_NAME_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789@._-", s[i]) == NULL)
			return 0;
	}
	/* Pseudo-algorithms announce extensions; they are never negotiated. */
	return strncmp(s, "ext-info-", 9) != 0 && strncmp(s, "kex-strict-", 11) != 0;
}

/* Whether the comma-separated list (ssh_query) holds name. */
static int
list_has(const char *list, const char *name, size_t len)
{
	const char	*p = list, *e;

	while (*p != '\0') {
		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) == len && strncmp(p, name, len) == 0)
			return 1;
		p = *e == '\0' ? e : e + 1;
	}
	return 0;
}

/*
 * The directive of the failing list, and the first algorithm of the server's
 * offer this ssh supports (else, when ssh cannot be asked, the offer's first).
 */
static void
offer_facts(struct check_ctx *ctx, struct check_result *res, const struct transcript *t)
{
	const char	*p, *e, *pick = NULL;
	char		*can;
	size_t		 i, len, picklen = 0;

	for (i = 0; i < sizeof kex_lists / sizeof kex_lists[0]; i++) {
		if (strcmp(res->outcome, kex_lists[i].outcome) == 0)
			break;
	}
	if (i == sizeof kex_lists / sizeof kex_lists[0])
		return;
	check_fact(res, "directive", "%s", kex_lists[i].directive);
	if (t->their_offer == NULL)
		return;
	can = ssh_query(ctx, kex_lists[i].query);
	for (p = t->their_offer; *p != '\0'; p = *e == '\0' ? e : e + 1) {
		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		len = e - p;
		if (!offer_name_ok(p, len))
			continue;
		if (can == NULL || list_has(can, p, len)) {
			pick = p;
			picklen = len;
			break;
		}
	}
	/* ssh answered and supports none: no algorithm would work, so name none. */
	if (pick != NULL)
		check_fact(res, "algorithm", "%.*s", (int)picklen, pick);
	free(can);
}

static void
tr_kex_exec(struct check_ctx *ctx, struct check_result *res)
{
	tr_phase_exec(ctx, res, kex_rules, sizeof kex_rules / sizeof kex_rules[0],
	    PHASE_KEX);
	if (res->status == CHECK_FAIL && res->outcome != NULL)
		offer_facts(ctx, res, transcript_dep(ctx));
}

static const char *const tr_kex_needs[] = { "transcript", NULL };
static const char *const tr_kex_outcomes[] = {
	"ok", "no-kex", "no-hostkey", "no-cipher", "no-mac", "stall", "not-shown",
	"skipped", "error", NULL
};
static const char *const tr_kex_facts[] = { "directive", "algorithm", NULL };

const struct check_entry check_tr_kex_entry = {
	.id = "tr-kex",
	.title = "Transcript: key exchange",
	.needs = tr_kex_needs,
	.data = tr_phase_needs,
	.outcomes = tr_kex_outcomes,
	.exec = tr_kex_exec,
	.facts = tr_kex_facts,
};
