/* check-tr-auth.c: what a transcript says about user authentication and the session. */
#include "checks/transcript/transcript-phase.h"

static const struct tr_rule auth_rules[] = {
	{ TR_KEY_PERMISSIONS, "key-permissions", "ssh ignored a private key because other users can read it" },
	{ TR_MAC_CORRUPT, "mac-corrupt", "a packet arrived with a wrong message authentication code" },
	{ TR_KEY_UNUSABLE, "key-unusable", "ssh could not load a private key file" },
	{ TR_AGENT_FAILED, "agent-failed", "the ssh-agent could not be reached or refused to sign" },
	{ TR_NO_MUTUAL_SIG, "no-mutual-signature", "the RSA key needs a signature algorithm one side no longer accepts" },
	{ TR_TOO_MANY_AUTH, "too-many", "the server cut the connection after too many authentication attempts" },
	{ TR_MAXSESSIONS, "maxsessions", "the server refused another session on this connection" },
	{ TR_CERT_INVALID, "certificate-invalid", "a certificate was refused as invalid" },
	{ TR_DENIED_CERT, "denied-certificate",
	  "the server did not accept the certificate the client offered" },
	{ TR_DENIED_ROOT, "denied-root", "the server refused every way of logging in as root" },
	{ TR_DENIED_METHODS, "denied-methods",
	  "the server allows no authentication method this client can use" },
	{ TR_IDENTITY_MISSING, "identity-missing", "an identity file the client was told to use is missing" },
	{ TR_DENIED_PASSWORD, "denied-password", "the server refused the password" },
	{ TR_DENIED_NO_KEY, "denied-no-key", "the client had no key to offer and the server refused" },
	{ TR_DENIED_LEGACY_KEY, "denied-legacy-key",
	  "the server accepted none of the RSA or DSA keys the client offered" },
	{ TR_DENIED_KEYS_ONLY, "denied-keys-only",
	  "the server refused the client's keys, and allows no password" },
	{ TR_AUTH_DENIED, "denied", "the server refused every authentication the client tried" },
	{ TR_SESSION_REFUSED, "session-refused", "the account's shell refuses logins (nologin)" },
	{ TR_SESSION_CLOSED, "session-closed", "the server ended the session right after login" },
	{ TR_IDLE_DISCONNECT, "idle-disconnect", "an established connection broke (broken pipe or no answer)" },
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
	"ok", "key-permissions", "mac-corrupt", "key-unusable", "agent-failed",
	"no-mutual-signature", "too-many", "maxsessions", "certificate-invalid",
	"denied-certificate", "denied-root", "denied-methods", "identity-missing",
	"denied-password", "denied-no-key", "denied-legacy-key", "denied-keys-only",
	"denied", "session-refused", "session-closed", "idle-disconnect", "closed",
	"authenticated", "not-shown", "skipped", "error", NULL
};

const struct check_entry check_tr_auth_entry = {
	.id = "tr-auth",
	.title = "Transcript: authentication",
	.needs = tr_auth_needs,
	.data = tr_phase_needs,
	.outcomes = tr_auth_outcomes,
	.exec = tr_auth_exec,
};
