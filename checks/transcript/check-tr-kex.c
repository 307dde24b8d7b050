/* check-tr-kex.c: what a transcript says about algorithm negotiation and the key exchange. */
#include "checks/transcript/transcript-phase.h"

static const struct tr_rule kex_rules[] = {
	{ TR_NO_KEX, "no-kex", "client and server share no key exchange algorithm" },
	{ TR_NO_HOSTKEY, "no-hostkey", "client and server share no host key algorithm" },
	{ TR_NO_CIPHER, "no-cipher", "client and server share no cipher" },
	{ TR_NO_MAC, "no-mac", "client and server share no MAC" },
	{ TR_KEX_STALL, "stall", "the key exchange stalled waiting for the server's reply" },
};

static void
tr_kex_exec(struct check_ctx *ctx, struct check_result *res)
{
	tr_phase_exec(ctx, res, kex_rules, sizeof kex_rules / sizeof kex_rules[0],
	    PHASE_KEX);
}

static const char *const tr_kex_needs[] = { "transcript", NULL };
static const char *const tr_kex_outcomes[] = {
	"ok", "no-kex", "no-hostkey", "no-cipher", "no-mac", "stall", "not-shown",
	"skipped", "error", NULL
};

const struct check_entry check_tr_kex_entry = {
	.id = "tr-kex",
	.title = "Transcript: key exchange",
	.needs = tr_kex_needs,
	.data = tr_phase_needs,
	.outcomes = tr_kex_outcomes,
	.exec = tr_kex_exec,
};
