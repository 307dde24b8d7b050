/* check-my-ip.c: the public address(es) this machine appears from, for the server's admin to unban or allow; runs only when the person asked. */
#include <stdlib.h>

#include "checks/check.h"
#include "lib/http.h"
#include "lib/myip.h"

static void
my_ip_exec(struct check_ctx *ctx, struct check_result *res)
{
	struct myip	 m;
	const char	*url = ctx->opt->ip_url;
	char		*host;
	int		 n;

	if (url == NULL) {
		/* Asking an outside service is the person's choice, never a default. */
		check_set(res, CHECK_SKIP, "not-asked", "public address not asked "
		    "(--my-ip, --ip-url, or ip-url in ~/.config/sshdoc/config)");
		return;
	}
	host = http_url_host(url);
	n = myip_query(url, check_remaining_ms(ctx), NULL, &m);
	if (m.v4.addr[0] != '\0')
		check_evidence(res, "IPv4 %s (as %s sees it)", m.v4.addr, host ? host : url);
	else if (m.v4.error != NULL)
		check_evidence(res, "IPv4: %s", m.v4.error);
	if (m.v6.addr[0] != '\0')
		check_evidence(res, "IPv6 %s (as %s sees it)", m.v6.addr, host ? host : url);
	else if (m.v6.error != NULL)
		check_evidence(res, "IPv6: %s", m.v6.error);
	if (http_proxy_set())
		check_evidence(res, "through the proxy set in the environment: the service "
		    "may see the proxy's address");
	if (n == 0) {
		check_set(res, CHECK_SKIP, "no-answer", "could not learn the public address "
		    "from %s", host ? host : url);
	} else {
		const char *a = m.v4.addr[0] != '\0' ? m.v4.addr : m.v6.addr;

		if (n == 2)
			check_set(res, CHECK_PASS, "found", "this machine appears as %s (IPv4) "
			    "and %s (IPv6)", m.v4.addr, m.v6.addr);
		else
			check_set(res, CHECK_PASS, "found", "this machine appears as %s", a);
		check_evidence(res, "the address the server sees (without a proxy on the "
		    "way): %s", a);
		check_fact(res, "client_ip", "%s", a);
	}
	myip_free(&m);
	free(host);
	http_thread_end();
}

static const char *const my_ip_outcomes[] = {
	"found", "no-answer", "not-asked", NULL
};

static const char *const my_ip_facts[] = { "client_ip", NULL };

const struct check_entry check_my_ip_entry = {
	.id = "my-ip",
	.title = "Public address",
	.needs = NULL,
	.outcomes = my_ip_outcomes,
	.exec = my_ip_exec,
	.facts = my_ip_facts,
};
