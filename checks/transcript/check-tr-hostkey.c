/* check-tr-hostkey.c: what a transcript says about host key verification. */
#include "checks/transcript/transcript-phase.h"

static const struct tr_rule hostkey_rules[] = {
	{ TR_HOSTKEY_CHANGED, "changed", "the server's host key differs from the one in known_hosts" },
	{ TR_HOSTKEY_UNKNOWN, "unknown", "the host key is not known and strict checking is on" },
	{ TR_HOSTKEY_VERIFY_FAILED, "verify-failed",
	  "ssh could not verify the host key and says no more (unknown key, no prompt possible)" },
};

static void
tr_hostkey_exec(struct check_ctx *ctx, struct check_result *res)
{
	tr_phase_exec(ctx, res, hostkey_rules,
	    sizeof hostkey_rules / sizeof hostkey_rules[0], PHASE_HOSTKEY);
}

static const char *const tr_hostkey_needs[] = { "transcript", NULL };
static const char *const tr_hostkey_outcomes[] = {
	"ok", "changed", "unknown", "verify-failed", "not-shown", "skipped", "error", NULL
};

const struct check_entry check_tr_hostkey_entry = {
	.id = "tr-hostkey",
	.title = "Transcript: host key",
	.needs = tr_hostkey_needs,
	.data = tr_phase_needs,
	.outcomes = tr_hostkey_outcomes,
	.exec = tr_hostkey_exec,
};
