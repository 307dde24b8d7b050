/* check-tcp.c: connects to every resolved address at once, so a dead host costs one timeout, not one per address. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "checks/check.h"
#include "checks/client/netaddr.h"
#include "lib/connect.h"
#include "lib/xmalloc.h"

#define ERR_TIMEOUT	ETIMEDOUT

static const char *
describe(int err)
{
	switch (err) {
	case 0:
		return "accepted";
	case ECONNRESET:
		return "accepted, then reset at once";
	case ECONNREFUSED:
		return "refused (nothing listens, or a firewall rejects with RST)";
	case ERR_TIMEOUT:
		return "no answer (timed out)";
	case ENETUNREACH:
		return "network unreachable (no route)";
	case EHOSTUNREACH:
		return "host unreachable";
	default:
		return strerror(err);
	}
}

static void
tcp_connect_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct netaddr_list *in = netaddr_resolved_dep(ctx);	/* resolved: required */
	struct netaddr_list	*l;
	struct connect_try	 t[NETADDR_MAX];
	int			 i, accepted = 0, refused = 0;
	int			 timedout = 0, unreach = 0, port;
	char			 where[96];

	l = xcalloc(1, sizeof *l);
	*l = *in;
	port = l->port;
	for (i = 0; i < l->n; i++) {
		t[i].sa = (const struct sockaddr *)&l->a[i].sa;
		t[i].salen = l->a[i].salen;
	}
	connect_all(t, l->n, ctx->deadline_ms, 0, 0);
	for (i = 0; i < l->n; i++) {
		l->a[i].fd = t[i].fd;
		l->a[i].error = t[i].error;
		l->a[i].reset = t[i].reset;
		l->a[i].ms = t[i].ms;
		switch (l->a[i].error) {
		case 0: accepted++; break;
		case ECONNREFUSED: refused++; break;
		case ERR_TIMEOUT: timedout++; break;
		case ENETUNREACH: case EHOSTUNREACH: unreach++; break;
		}
		netaddr_format(&l->a[i], port, where, sizeof where);
		if (l->a[i].reset)
			check_evidence(res, "%s: %s in %ld ms", where,
			    describe(ECONNRESET), l->a[i].ms);
		else if (l->a[i].error == ERR_TIMEOUT)
			check_evidence(res, "%s: %s after %ld ms", where,
			    describe(l->a[i].error), l->a[i].ms);
		else
			check_evidence(res, "%s: %s in %ld ms", where,
			    describe(l->a[i].error), l->a[i].ms);
	}
	res->data = l;
	res->data_free = netaddr_list_free;

	if (accepted == l->n)
		check_set(res, CHECK_PASS, "accepted",
		    "TCP connection to %s port %d accepted", l->host, port);
	else if (accepted > 0)
		check_set(res, CHECK_WARN, "partial",
		    "%d of %d addresses accept on port %d; ssh tries them in order "
		    "and may wait on the others first", accepted, l->n, port);
	else if (refused > 0)
		check_set(res, CHECK_FAIL, "refused",
		    "connection to %s port %d refused", l->host, port);
	else if (timedout > 0)
		check_set(res, CHECK_FAIL, "timeout",
		    "no answer from %s port %d within %d ms", l->host,
		    port, ctx->opt->timeout_ms);
	else if (unreach > 0)
		check_set(res, CHECK_FAIL, "unreachable",
		    "%s is unreachable from this machine", l->host);
	else
		check_set(res, CHECK_ERROR, "error",
		    "could not attempt a TCP connection to %s", l->host);
}

static const char *const tcp_needs[] = { "dns-resolve", NULL };
static const struct check_need tcp_data[] = {
	{ "dns-resolve", NEED_REQUIRED, "no address to connect to" },
	{ NULL, 0, NULL }
};
static const char *const tcp_outcomes[] = {
	"accepted", "partial", "refused", "timeout", "unreachable", "skipped",
	"error", NULL
};

const struct check_entry check_tcp_connect_entry = {
	.id = "tcp-connect",
	.title = "TCP connection",
	.needs = tcp_needs,
	.data = tcp_data,
	.outcomes = tcp_outcomes,
	.exec = tcp_connect_exec,
};
