/* check-tr-connect.c: what a transcript says about reading the configuration, resolving and connecting. */
#include "checks/transcript/transcript-phase.h"

static const struct tr_rule connect_rules[] = {
	{ TR_CONFIG_PERMISSIONS, "config-permissions",
	  "ssh refuses its configuration file because of its owner or permissions" },
	{ TR_PROXY_FAILED, "proxy-failed", "the ProxyCommand or ProxyJump hop failed" },
	{ TR_DNS_NXDOMAIN, "nxdomain", "the host name does not resolve" },
	{ TR_DNS_TEMPORARY, "dns-temporary", "the name server did not answer" },
	{ TR_REFUSED, "refused", "the TCP connection was refused" },
	{ TR_CONNECT_TIMEOUT, "timeout", "the TCP connection timed out" },
	{ TR_UNREACHABLE, "unreachable", "the host or network is unreachable" },
};

static void
tr_connect_exec(struct check_ctx *ctx, struct check_result *res)
{
	tr_phase_exec(ctx, res, connect_rules,
	    sizeof connect_rules / sizeof connect_rules[0], PHASE_CONNECT);
}

static const char *const tr_connect_needs[] = { "transcript", NULL };
static const char *const tr_connect_outcomes[] = {
	"ok", "config-permissions", "proxy-failed", "nxdomain", "dns-temporary",
	"refused", "timeout", "unreachable", "not-shown", "skipped", "error", NULL
};

const struct check_entry check_tr_connect_entry = {
	.id = "tr-connect",
	.title = "Transcript: connect",
	.needs = tr_connect_needs,
	.data = tr_phase_needs,
	.outcomes = tr_connect_outcomes,
	.exec = tr_connect_exec,
};
