/* check-https-control.c: when the SSH port gets no answer, one HTTPS request to the same host (and to a configured well-known URL) tells "this network reaches the host, not its SSH port" from "this network reaches nothing". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "lib/http.h"
#include "checks/client/sshconf.h"
#include "lib/xmalloc.h"

/* What one probe showed about the path to its host. */
enum reach {
	REACH_ANSWERED,		/* an HTTPS (or at least TCP/TLS) answer came from the host */
	REACH_REFUSED,		/* the host refused with a reset: it is up and reachable */
	REACH_NONE,		/* no answer: timeout, unreachable, DNS */
};

static enum reach
judge(const struct http_req *r, int proxied)
{
	if (r->status > 0 || r->tls_done)
		return REACH_ANSWERED;
	switch (r->kind) {
	case HTTP_OK:
	case HTTP_E_STATUS:
	case HTTP_E_TLS_VERIFY:
	case HTTP_E_TLS:
		/* A TLS failure needs the host's own bytes, proxy or not. */
		return REACH_ANSWERED;
	case HTTP_E_CONNECT:
		if (!proxied && r->os_errno == ECONNREFUSED)
			return REACH_REFUSED;
		return REACH_NONE;
	case HTTP_E_IO:
	case HTTP_E_SIZE:
		/* Through a proxy, a connection says only that the proxy answered. */
		return r->connected && !proxied ? REACH_ANSWERED : REACH_NONE;
	default:
		return REACH_NONE;
	}
}

static const char *
describe(const struct http_req *r, enum reach how)
{
	switch (how) {
	case REACH_ANSWERED:
		if (r->status > 0)
			return "answered over HTTPS";
		return "answered (TLS)";
	case REACH_REFUSED:
		return "refused the connection (the host is up)";
	case REACH_NONE:
		break;
	}
	return "no answer";
}

static void
https_control_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct check_result *tcp = check_dep(ctx, "tcp-connect");
	struct http_req	 req[2];
	enum reach	 how[2];
	const char	*host, *ctl = ctx->opt->control_url;
	char		*url, *ctl_host = NULL;
	int		 port, n = 1, i, proxied = http_proxy_set(), left;

	if (tcp == NULL || tcp->outcome == NULL ||
	    (strcmp(tcp->outcome, "timeout") != 0 && strcmp(tcp->outcome, "unreachable") != 0)) {
		/* A refused or accepted connection already proves the path to the host works. */
		check_set(res, CHECK_SKIP, "not-needed",
		    "not needed: the SSH port did not time out");
		return;
	}
	sshconf_effective(ctx, &host, &port);
	if (host == NULL || *host == '\0' || *host == '-') {
		check_set(res, CHECK_SKIP, "not-needed", "no host to probe");
		return;
	}
	if (strchr(host, ':') != NULL)
		xasprintf(&url, "https://[%s]/", host);
	else
		xasprintf(&url, "https://%s/", host);
	left = check_remaining_ms(ctx);
	memset(req, 0, sizeof req);
	req[0].url = url;
	req[0].head = 1;
	if (ctl != NULL) {
		req[1].url = ctl;
		req[1].head = 1;
		ctl_host = http_url_host(ctl);
		n = 2;
	}
	for (i = 0; i < n; i++) {
		req[i].max_body = 4096;
		req[i].connect_timeout_ms = left;
		req[i].timeout_ms = left;
	}
	http_run(req, (size_t)n, NULL);
	for (i = 0; i < n; i++)
		how[i] = judge(&req[i], proxied);

	check_evidence(res, "https://%s/ (port 443): %s%s%s", host, describe(&req[0], how[0]),
	    how[0] == REACH_ANSWERED || req[0].error == NULL ? "" : ": ",
	    how[0] == REACH_ANSWERED || req[0].error == NULL ? "" : req[0].error);
	if (n == 2)
		check_evidence(res, "control %s: %s%s%s", ctl_host ? ctl_host : ctl,
		    describe(&req[1], how[1]),
		    how[1] == REACH_ANSWERED || req[1].error == NULL ? "" : ": ",
		    how[1] == REACH_ANSWERED || req[1].error == NULL ? "" : req[1].error);
	else
		check_evidence(res, "no control URL configured (control-url in "
		    "~/.config/sshdoc/config): only the same host was asked");
	if (proxied)
		check_evidence(res, "HTTPS went through the proxy set in the environment; "
		    "ssh does not use it");

	if (how[0] == REACH_ANSWERED)
		check_set(res, CHECK_FAIL, "host-https", "%s answers HTTPS on port 443, but "
		    "not SSH on port %d: something on the way filters the SSH port", host, port);
	else if (how[0] == REACH_REFUSED)
		check_set(res, CHECK_FAIL, "host-refused", "%s answers on port 443 (refused), "
		    "but port %d gets no answer: the SSH port alone is filtered", host, port);
	else if (n == 2 && how[1] != REACH_NONE)
		check_set(res, CHECK_FAIL, "control-only", "this network reaches %s, but %s "
		    "answers nothing: the host is down, the address is wrong, or the path "
		    "to it drops everything", ctl_host ? ctl_host : "the control URL", host);
	else if (n == 2)
		check_set(res, CHECK_FAIL, "nothing", "neither %s nor %s answers: this "
		    "machine's network reaches nothing", host, ctl_host ? ctl_host : "the control URL");
	else
		check_set(res, CHECK_FAIL, "host-silent", "%s answers neither SSH nor HTTPS",
		    host);
	for (i = 0; i < n; i++)
		http_req_free(&req[i]);
	free(ctl_host);
	free(url);
	http_thread_end();
}

static const char *const https_control_needs[] = { "ssh-config", "tcp-connect", NULL };
static const char *const https_control_outcomes[] = {
	"host-https", "host-refused", "control-only", "nothing", "host-silent",
	"not-needed", "error", NULL
};

const struct check_entry check_https_control_entry = {
	.id = "https-control",
	.title = "HTTPS as a control",
	.needs = https_control_needs,
	.outcomes = https_control_outcomes,
	.exec = https_control_exec,
};
