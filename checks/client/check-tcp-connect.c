/* check-tcp.c: connects to every resolved address at once, so a dead host costs one timeout, not one per address. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checks/check.h"
#include "checks/client/netaddr.h"
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
	struct pollfd		 pfd[NETADDR_MAX];
	int64_t			 start = now_ms();
	int			 i, n, pending = 0, accepted = 0, refused = 0;
	int			 timedout = 0, unreach = 0, err, port;
	socklen_t		 elen;
	char			 where[96];

	l = xcalloc(1, sizeof *l);
	*l = *in;
	port = l->port;
	for (i = 0; i < l->n; i++) {
		struct netaddr *a = &l->a[i];

		pfd[i].fd = -1;
		pfd[i].events = POLLOUT;
		a->fd = socket(a->sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (a->fd == -1) {
			a->error = errno;
			continue;
		}
		if (connect(a->fd, (struct sockaddr *)&a->sa, a->salen) == 0) {
			a->error = 0;
			a->ms = (long)(now_ms() - start);
			continue;
		}
		if (errno != EINPROGRESS) {
			a->error = errno;
			close(a->fd);
			a->fd = -1;
			continue;
		}
		pfd[i].fd = a->fd;
		pending++;
	}
	while (pending > 0) {
		int left = check_remaining_ms(ctx);

		if (left == 0)
			break;
		n = poll(pfd, (nfds_t)l->n, left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (i = 0; i < l->n; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			err = 0;
			elen = sizeof err;
			if (getsockopt(pfd[i].fd, SOL_SOCKET, SO_ERROR, &err, &elen) == -1)
				err = errno;
			if (err == ECONNRESET) {
				/* Only an established connection can be reset: it was accepted. */
				l->a[i].reset = 1;
				err = 0;
			}
			l->a[i].error = err;
			l->a[i].ms = (long)(now_ms() - start);
			if (err != 0) {
				close(l->a[i].fd);
				l->a[i].fd = -1;
			}
			pfd[i].fd = -1;
			pending--;
		}
	}
	for (i = 0; i < l->n; i++) {
		if (pfd[i].fd != -1) {
			close(l->a[i].fd);
			l->a[i].fd = -1;
			l->a[i].error = ERR_TIMEOUT;
			l->a[i].ms = (long)(now_ms() - start);
		}
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
