/* check-tr-auth.c: what a transcript says about user authentication and the session. */
#include "checks/transcript/transcript-phase.h"

static const struct tr_rule auth_rules[] = {
	{ TR_KEY_PERMISSIONS, "key-permissions", "ssh ignored a private key because other users can read it" },
	{ TR_NO_MUTUAL_SIG, "no-mutual-signature", "the RSA key needs a signature algorithm one side no longer accepts" },
	{ TR_TOO_MANY_AUTH, "too-many", "the server cut the connection after too many authentication attempts" },
	{ TR_MAXSESSIONS, "maxsessions", "the server refused another session on this connection" },
	{ TR_AUTH_DENIED, "denied", "the server refused every authentication the client tried" },
	{ TR_CLOSED_LATER, "closed", "the connection closed after the identification exchange" },
	{ TR_AUTHENTICATED, "authenticated", "the client authenticated" },
};

static void
tr_auth_exec(struct check_ctx *ctx, struct check_result *res)
{
	tr_phase_exec(ctx, res, auth_rules, sizeof auth_rules / sizeof auth_rules[0],
	    PHASE_SESSION);
}

static const char *const tr_auth_needs[] = { "transcript", NULL };
static const char *const tr_auth_outcomes[] = {
	"ok", "key-permissions", "no-mutual-signature", "too-many", "maxsessions",
	"denied", "closed", "authenticated", "not-shown", "skipped", "error", NULL
};

const struct check_entry check_tr_auth_entry = {
	.id = "tr-auth",
	.title = "Transcript: authentication",
	.needs = tr_auth_needs,
	.data = tr_phase_needs,
	.outcomes = tr_auth_outcomes,
	.exec = tr_auth_exec,
};
