/* transcript-phase.c: turns the findings of one transcript phase into a check result with quoted evidence. */
#include <stdlib.h>
#include <string.h>

#include "checks/transcript/transcript-phase.h"

static const char *const list_names[] = {
	"key exchange", "host key", "cipher", "MAC"
};

/* What the client tried: the keys it offered and what the server still allowed. */
static void
auth_evidence(struct check_result *res, const struct transcript *t)
{
	size_t	 i;

	if (t->keys_offered > 0)
		check_evidence(res, "the client offered %d key%s", t->keys_offered,
		    t->keys_offered == 1 ? "" : "s");
	for (i = 0; i < t->offered.n; i++)
		check_evidence(res, "offered: %s", t->offered.v[i]);
	if (t->keys_offered > 0 && t->keys_accepted == 0 && t->verbose)
		check_evidence(res, "the server accepted none of them (no \"Server accepts key\")");
	if (t->auth_methods != NULL)
		check_evidence(res, "methods the server allows: %s", t->auth_methods);
	if (t->denied_user != NULL)
		check_evidence(res, "login name: %s", t->denied_user);
	if (t->password_refused)
		check_evidence(res, "a password was tried and refused");
}

static void
extra_evidence(struct check_result *res, const struct transcript *t,
    enum tr_finding f)
{
	int	 slot = -1;
	size_t	 i;

	switch (f) {
	case TR_NO_KEX: slot = 0; break;
	case TR_NO_HOSTKEY: slot = 1; break;
	case TR_NO_CIPHER: slot = 2; break;
	case TR_NO_MAC: slot = 3; break;
	case TR_MAXSTARTUPS:
	case TR_NOT_ALLOWED:
		for (i = 0; i < t->banner_lines.n; i++)
			check_evidence(res, "server sent before its banner: \"%s\"",
			    t->banner_lines.v[i]);
		break;
	case TR_HOSTKEY_CHANGED:
		if (t->offending != NULL)
			check_evidence(res, "%s", t->offending);
		if (t->server_hostkey != NULL)
			check_evidence(res, "the server now presents: %s", t->server_hostkey);
		break;
	case TR_HOSTKEY_UNKNOWN:
	case TR_HOSTKEY_VERIFY_FAILED:
		if (t->server_hostkey != NULL)
			check_evidence(res, "the server presents: %s (compare it with the "
			    "server's own before trusting it)", t->server_hostkey);
		break;
	case TR_TOO_MANY_AUTH:
	case TR_AUTH_DENIED:
	case TR_DENIED_CERT:
	case TR_DENIED_ROOT:
	case TR_DENIED_METHODS:
	case TR_DENIED_PASSWORD:
	case TR_DENIED_NO_KEY:
	case TR_DENIED_LEGACY_KEY:
	case TR_DENIED_KEYS_ONLY:
	case TR_IDENTITY_MISSING:
		auth_evidence(res, t);
		break;
	case TR_SESSION_CLOSED:
	case TR_SESSION_REFUSED:
	case TR_IDLE_DISCONNECT:
		if (t->seen[TR_AUTHENTICATED].line != 0)
			check_evidence(res, "after line %d: %s", t->seen[TR_AUTHENTICATED].line,
			    t->seen[TR_AUTHENTICATED].text);
		break;
	case TR_KEX_STALL:
		if (t->last_expecting != NULL)
			check_evidence(res, "last step: waiting for %s", t->last_expecting);
		break;
	default:
		break;
	}
	if (slot >= 0) {
		if (t->their_offer != NULL)
			check_evidence(res, "server offers (%s): %s", list_names[slot],
			    t->their_offer);
		if (t->client_lists[slot] != NULL)
			check_evidence(res, "client offers (%s): %s", list_names[slot],
			    t->client_lists[slot]);
	}
	if (t->via_proxy && f != TR_PROXY_FAILED)
		check_evidence(res, "the connection went through a ProxyCommand or ProxyJump");
}

const struct check_need tr_phase_needs[] = {
	{ "transcript", NEED_REQUIRED, "no transcript to read" },
	{ NULL, 0, NULL }
};

void
tr_phase_exec(struct check_ctx *ctx, struct check_result *res,
    const struct tr_rule *rules, size_t nrules, enum tr_phase done_after)
{
	const struct transcript	*t = transcript_dep(ctx);	/* resolved: tr_phase_needs */
	size_t			 i;

	for (i = 0; i < nrules; i++) {
		const struct tr_seen *seen = &t->seen[rules[i].finding];

		if (seen->line == 0)
			continue;
		check_set(res, rules[i].finding == TR_AUTHENTICATED ? CHECK_PASS :
		    rules[i].finding == TR_HOSTKEY_UNKNOWN ? CHECK_WARN : CHECK_FAIL,
		    rules[i].outcome, "%s", rules[i].summary);
		check_evidence(res, "line %d: %s", seen->line, seen->text);
		extra_evidence(res, t, rules[i].finding);
		return;
	}
	if (t->phase > done_after)
		check_set(res, CHECK_PASS, "ok", "the transcript goes past the %s phase",
		    tr_phase_name(done_after));
	else
		check_set(res, CHECK_SKIP, "not-shown",
		    "the transcript does not reach or show this phase");
}
