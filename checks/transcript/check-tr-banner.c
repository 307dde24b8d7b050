/* check-tr-banner.c: what a transcript says about the identification exchange. */
#include "checks/transcript/transcript-phase.h"

static const struct tr_rule banner_rules[] = {
	{ TR_MAXSTARTUPS, "maxstartups", "sshd refused the connection: Exceeded MaxStartups" },
	{ TR_NOT_ALLOWED, "not-allowed", "sshd 9.8+ refused the connection: Not allowed at this time" },
	{ TR_INVALID_BANNER, "invalid", "the server's first line is not an SSH identification" },
	{ TR_PROTOCOL_MISMATCH, "protocol-1", "the server speaks an SSH protocol the client does not" },
	{ TR_BANNER_TIMEOUT, "timeout", "no SSH identification arrived in time" },
	{ TR_CLOSED_VIA_PROXY, "closed-via-proxy",
	  "the connection through the ProxyCommand or ProxyJump closed before an SSH identification" },
	{ TR_RESET_EARLY, "reset", "the server reset the connection before its identification" },
	{ TR_CLOSED_EARLY, "closed", "the server closed the connection before its identification" },
};

static void
tr_banner_exec(struct check_ctx *ctx, struct check_result *res)
{
	tr_phase_exec(ctx, res, banner_rules,
	    sizeof banner_rules / sizeof banner_rules[0], PHASE_BANNER);
}

static const char *const tr_banner_needs[] = { "transcript", NULL };
static const char *const tr_banner_outcomes[] = {
	"ok", "maxstartups", "not-allowed", "invalid", "protocol-1", "timeout",
	"reset", "closed", "closed-via-proxy", "not-shown", "skipped", "error", NULL
};

const struct check_entry check_tr_banner_entry = {
	.id = "tr-banner",
	.title = "Transcript: identification",
	.needs = tr_banner_needs,
	.data = tr_phase_needs,
	.outcomes = tr_banner_outcomes,
	.exec = tr_banner_exec,
};
