/* check-dns.c: resolves the target name to every IPv4 and IPv6 address, bounded by the probe timeout. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "netaddr.h"
#include "sshconf.h"
#include "xmalloc.h"

/* getaddrinfo has no timeout: it runs in a thread we can stop waiting for. */
struct lookup {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	int		 refs;		/* the waiter and the resolver thread */
	int		 done;		/* the resolver has finished */
	char		*host;		/* name to resolve */
	char		 port[8];	/* service */
	struct addrinfo	*ai;		/* answer */
	int		 gai;		/* getaddrinfo's return */
	int		 sys_errno;	/* errno for EAI_SYSTEM */
};

static void
lookup_unref(struct lookup *lk)
{
	int	 last;

	pthread_mutex_lock(&lk->lock);
	last = --lk->refs == 0;
	pthread_mutex_unlock(&lk->lock);
	if (!last)
		return;
	if (lk->ai != NULL)
		freeaddrinfo(lk->ai);
	free(lk->host);
	pthread_mutex_destroy(&lk->lock);
	pthread_cond_destroy(&lk->cond);
	free(lk);
}

static void *
lookup_main(void *arg)
{
	struct lookup	*lk = arg;
	struct addrinfo	 hints, *ai = NULL;
	int		 gai;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	gai = getaddrinfo(lk->host, lk->port, &hints, &ai);
	pthread_mutex_lock(&lk->lock);
	lk->gai = gai;
	lk->sys_errno = errno;
	lk->ai = ai;
	lk->done = 1;
	pthread_cond_signal(&lk->cond);
	pthread_mutex_unlock(&lk->lock);
	lookup_unref(lk);
	return NULL;
}

static void
add_addresses(struct netaddr_list *l, const struct addrinfo *ai)
{
	const struct addrinfo	*p;
	struct netaddr		*a;
	const void		*raw;
	int			 i, dup;

	for (p = ai; p != NULL; p = p->ai_next) {
		if (p->ai_family != AF_INET && p->ai_family != AF_INET6)
			continue;
		if (p->ai_addrlen > sizeof a->sa)
			continue;
		raw = p->ai_family == AF_INET ?
		    (const void *)&((struct sockaddr_in *)p->ai_addr)->sin_addr :
		    (const void *)&((struct sockaddr_in6 *)p->ai_addr)->sin6_addr;
		char text[64];
		if (inet_ntop(p->ai_family, raw, text, sizeof text) == NULL)
			continue;
		for (dup = 0, i = 0; i < l->n; i++)
			dup |= strcmp(l->a[i].text, text) == 0;
		if (dup)
			continue;
		l->total++;
		if (l->n >= NETADDR_MAX)
			continue;
		a = &l->a[l->n++];
		memcpy(&a->sa, p->ai_addr, p->ai_addrlen);
		a->salen = p->ai_addrlen;
		snprintf(a->text, sizeof a->text, "%s", text);
		a->fd = -1;
		a->error = -1;
	}
}

static void
dns_exec(struct check_ctx *ctx, struct check_result *res)
{
	struct lookup		*lk;
	struct netaddr_list	*l;
	struct timespec		 ts;
	pthread_condattr_t	 ca;
	pthread_t		 t;
	int64_t			 deadline = ctx->deadline_ms;
	int			 i, v4 = 0, v6 = 0, numeric;
	unsigned char		 buf[sizeof(struct in6_addr)];
	const char		*host;
	int			 port;

	sshconf_effective(ctx, &host, &port);
	if (host == NULL || *host == '\0') {
		check_set(res, CHECK_SKIP, "skipped", "no host to resolve");
		return;
	}
	numeric = inet_pton(AF_INET, host, buf) == 1 ||
	    inet_pton(AF_INET6, host, buf) == 1;

	lk = xcalloc(1, sizeof *lk);
	pthread_mutex_init(&lk->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&lk->cond, &ca);
	pthread_condattr_destroy(&ca);
	lk->refs = 2;
	lk->host = xstrdup(host);
	snprintf(lk->port, sizeof lk->port, "%d", port);
	if (pthread_create(&t, NULL, lookup_main, lk) != 0) {
		lk->refs = 1;
		lookup_unref(lk);
		check_set(res, CHECK_ERROR, "error", "cannot start the resolver thread");
		return;
	}
	pthread_detach(t);

	pthread_mutex_lock(&lk->lock);
	ts.tv_sec = deadline / 1000;
	ts.tv_nsec = (deadline % 1000) * 1000000;
	while (!lk->done) {
		if (pthread_cond_timedwait(&lk->cond, &lk->lock, &ts) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&lk->lock);

	if (!lk->done) {
		check_set(res, CHECK_FAIL, "timeout",
		    "no answer resolving %s within %d ms", host,
		    ctx->opt->timeout_ms);
		check_evidence(res, "getaddrinfo(\"%s\") had not returned after %d ms",
		    host, ctx->opt->timeout_ms);
		check_evidence(res, "the resolvers in /etc/resolv.conf may be unreachable");
		goto out;
	}
	switch (lk->gai) {
	case 0:
		break;
	case EAI_NONAME:
		check_set(res, CHECK_FAIL, "nxdomain",
		    "%s does not resolve: the name does not exist", host);
		check_evidence(res, "getaddrinfo: %s", gai_strerror(lk->gai));
		check_evidence(res, "ssh would print: ssh: Could not resolve hostname %s: "
		    "Name or service not known", host);
		goto out;
#ifdef EAI_NODATA
	case EAI_NODATA:
#endif
	case EAI_ADDRFAMILY:
		check_set(res, CHECK_FAIL, "no-address",
		    "%s exists but has no address this machine can use", host);
		check_evidence(res, "getaddrinfo: %s", gai_strerror(lk->gai));
		goto out;
	case EAI_AGAIN:
	case EAI_FAIL:
		check_set(res, CHECK_FAIL, "temporary",
		    "the name server failed to answer for %s", host);
		check_evidence(res, "getaddrinfo: %s", gai_strerror(lk->gai));
		check_evidence(res, "ssh would print: ssh: Could not resolve hostname %s: "
		    "Temporary failure in name resolution", host);
		goto out;
	default:
		check_set(res, CHECK_ERROR, "error", "resolving %s failed: %s",
		    host, lk->gai == EAI_SYSTEM ? strerror(lk->sys_errno) :
		    gai_strerror(lk->gai));
		goto out;
	}

	l = xcalloc(1, sizeof *l);
	snprintf(l->host, sizeof l->host, "%s", host);
	l->port = port;
	add_addresses(l, lk->ai);
	for (i = 0; i < l->n; i++) {
		if (l->a[i].sa.ss_family == AF_INET)
			v4++;
		else
			v6++;
	}
	if (l->n == 0) {
		free(l);
		check_set(res, CHECK_FAIL, "no-address",
		    "%s resolved to no IPv4 or IPv6 address", host);
		goto out;
	}
	res->data = l;
	res->data_free = netaddr_list_free;
	if (numeric)
		check_set(res, CHECK_PASS, "resolved", "%s is an IP address",
		    host);
	else
		check_set(res, CHECK_PASS, "resolved",
		    "%s resolves to %d address%s (%d IPv4, %d IPv6)", host,
		    l->total, l->total == 1 ? "" : "es", v4, v6);
	for (i = 0; i < l->n; i++)
		check_evidence(res, "%s %s", l->a[i].sa.ss_family == AF_INET ?
		    "IPv4" : "IPv6", l->a[i].text);
	if (strcmp(host, ctx->opt->host) != 0 || port != ctx->opt->port)
		check_evidence(res, "your ssh configuration maps %s port %d to %s port %d",
		    ctx->opt->host, ctx->opt->port, host, port);
	if (l->total > l->n)
		check_evidence(res, "%d more addresses not probed", l->total - l->n);
out:
	lookup_unref(lk);
}

static const char *const dns_outcomes[] = {
	"resolved", "nxdomain", "no-address", "temporary", "timeout", "skipped",
	"error", NULL
};

static const char *const dns_needs[] = { "ssh-config", NULL };

const struct check_entry check_dns_resolve_entry = {
	.id = "dns-resolve",
	.title = "Name resolution",
	.needs = dns_needs,
	.outcomes = dns_outcomes,
	.exec = dns_exec,
};
