/* hostprobe.c: a self-contained resolve + connect + identification probe, bounded by one deadline. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "checks/parse/banner-parse.h"
#include "checks/client/hostprobe.h"
#include "lib/connect.h"
#include "lib/resolve.h"
#include "lib/sanitize.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

#define PROBE_ADDRS_MAX	8	/* addresses tried at once */
#define OUR_IDENT	"SSH-2.0-sshdoc_" SSHDOC_VERSION "\r\n"

static void
format_addr(const struct addrinfo *ai, char *buf, size_t len)
{
	char		 text[64];
	const void	*raw;
	int		 port;

	if (ai->ai_family == AF_INET) {
		raw = &((const struct sockaddr_in *)ai->ai_addr)->sin_addr;
		port = ntohs(((const struct sockaddr_in *)ai->ai_addr)->sin_port);
	} else {
		raw = &((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
		port = ntohs(((const struct sockaddr_in6 *)ai->ai_addr)->sin6_port);
	}
	if (inet_ntop(ai->ai_family, raw, text, sizeof text) == NULL)
		snprintf(text, sizeof text, "?");
	if (ai->ai_family == AF_INET6)
		snprintf(buf, len, "[%s]:%d", text, port);
	else
		snprintf(buf, len, "%s:%d", text, port);
}

static int
remaining(int64_t deadline)
{
	int64_t	 left = deadline - now_ms();

	return left > 0 ? (int)left : 0;
}

/* Connect to every address at once; returns the first accepted socket, or -1 with p->error. */
static int
connect_any(const struct addrinfo *list, int64_t deadline, struct hostprobe *p)
{
	const struct addrinfo	*ai, *tried[PROBE_ADDRS_MAX];
	struct connect_try	 t[PROBE_ADDRS_MAX];
	int			 n = 0, i, first, err = 0;

	for (ai = list; ai != NULL && n < PROBE_ADDRS_MAX; ai = ai->ai_next) {
		if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
			continue;
		tried[n] = ai;
		t[n].sa = ai->ai_addr;
		t[n].salen = ai->ai_addrlen;
		n++;
	}
	if (n > 0)
		format_addr(tried[0], p->addr, sizeof p->addr);
	first = connect_all(t, n, deadline, 0, CONNECT_FIRST);
	p->naddr = first != -1 ? first + 1 : n;
	if (first != -1) {
		format_addr(tried[first], p->addr, sizeof p->addr);
		return t[first].fd;
	}
	/* The first error that is not silence: a refusal says more than a timeout. */
	for (i = 0; i < n && err == 0; i++) {
		if (t[i].immediate)
			err = t[i].error;
	}
	for (i = 0; i < n && (err == 0 || err == ETIMEDOUT); i++)
		err = t[i].error;
	p->error = err != 0 ? err : ETIMEDOUT;
	return -1;
}

static const char *
connect_text(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return "refused";
	case ETIMEDOUT:
		return "no answer (timed out)";
	case ENETUNREACH:
		return "network unreachable";
	case EHOSTUNREACH:
		return "host unreachable";
	}
	return strerror(err);
}

/* Read until an identification line, the peer's end or the deadline. */
static void
read_banner(int fd, int64_t deadline, struct hostprobe *p)
{
	struct banner_parser	 bp;
	struct pollfd		 pfd;
	char			 buf[4096];
	const char		*how = "sent no SSH identification in time";
	const char		*proto;
	ssize_t			 got;
	int			 r, left;

	banner_init(&bp);
	(void)send(fd, OUR_IDENT, sizeof OUR_IDENT - 1, MSG_NOSIGNAL);
	while (bp.state == BANNER_MORE) {
		if ((left = remaining(deadline)) == 0)
			break;
		pfd.fd = fd;
		pfd.events = POLLIN;
		r = poll(&pfd, 1, left);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got = recv(fd, buf, sizeof buf, 0);
		if (got == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got == 0) {
			how = "closed the connection without an SSH identification";
			break;
		}
		if (got == -1) {
			how = errno == ECONNRESET ?
			    "reset the connection without an SSH identification" :
			    "broke the connection without an SSH identification";
			break;
		}
		banner_feed(&bp, buf, (size_t)got);
	}
	proto = banner_guess_protocol(bp.head, bp.headlen);
	if (bp.state == BANNER_FOUND && bp.ident_ok && banner_major(&bp) == 2) {
		p->stage = HP_SSH;
		p->ident = xstrdup(bp.ident);
		xasprintf(&p->detail, "SSH server answers: %s", bp.ident);
	} else if (bp.state == BANNER_FOUND) {
		p->stage = HP_BANNER;
		xasprintf(&p->detail, "unusable identification: %s", bp.ident);
	} else if (proto != NULL) {
		p->stage = HP_BANNER;
		xasprintf(&p->detail, "a %s service answers, not SSH", proto);
	} else if (bp.state == BANNER_INVALID) {
		p->stage = HP_BANNER;
		xasprintf(&p->detail, "the server sent what no SSH client accepts: %s",
		    bp.problem);
	} else {
		p->stage = HP_BANNER;
		xasprintf(&p->detail, "accepted the TCP connection, then %s", how);
	}
	banner_free(&bp);
}

void
hostprobe_run(const char *host, int port, int64_t deadline, struct hostprobe *p)
{
	struct lookup	*lk;
	int64_t		 start = now_ms();
	char		*h;
	int		 fd;

	memset(p, 0, sizeof *p);
	p->stage = HP_RESOLVE;
	h = sanitize_str(host, 256);
	snprintf(p->addr, sizeof p->addr, "%s:%d", h, port);
	if ((lk = resolve_bounded(host, port, deadline)) == NULL) {
		xasprintf(&p->detail, "cannot start a resolver thread for %s", h);
		goto out;
	}
	if (!lk->done)
		xasprintf(&p->detail, "%s did not resolve in time", h);
	else if (lk->gai != 0)
		xasprintf(&p->detail, "%s does not resolve: %s", h, gai_strerror(lk->gai));
	else {
		p->stage = HP_CONNECT;
		if ((fd = connect_any(lk->ai, deadline, p)) == -1)
			xasprintf(&p->detail, "TCP connection to %s: %s", p->addr,
			    connect_text(p->error));
		else {
			read_banner(fd, deadline, p);
			close(fd);
		}
	}
	lookup_unref(lk);
out:
	free(h);
	p->ms = (long)(now_ms() - start);
}

void
hostprobe_free(struct hostprobe *p)
{
	free(p->detail);
	free(p->ident);
	memset(p, 0, sizeof *p);
}
