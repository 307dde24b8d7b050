/* check-dns.c: resolves the target name to every IPv4 and IPv6 address, bounded by the probe timeout. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/check.h"
#include "checks/client/netaddr.h"
#include "lib/resolve.h"
#include "checks/client/sshconf.h"
#include "lib/xmalloc.h"

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
dns_resolve_exec(struct check_ctx *ctx, struct check_result *res)
{
	struct lookup		*lk;
	struct netaddr_list	*l;
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

	if ((lk = resolve_bounded(host, port, ctx->deadline_ms)) == NULL) {
		check_set(res, CHECK_ERROR, "error", "cannot start the resolver thread");
		return;
	}
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
	.exec = dns_resolve_exec,
};
