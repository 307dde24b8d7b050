/* transcript-phase.c: turns the findings of one transcript phase into a check result with quoted evidence. */
#include <stdlib.h>
#include <string.h>

#include "checks/transcript/transcript-phase.h"

static const char *const list_names[] = {
	"key exchange", "host key", "cipher", "MAC"
};

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
	case TR_TOO_MANY_AUTH:
	case TR_AUTH_DENIED:
		if (t->keys_offered > 0)
			check_evidence(res, "the client offered %d key%s", t->keys_offered,
			    t->keys_offered == 1 ? "" : "s");
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
