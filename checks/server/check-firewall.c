/* check-firewall.c: do this machine's iptables or nftables rules drop or reject a new connection to the SSH port (for --client-ip, or for anyone)? */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "checks/parse/firewall-parse.h"
#include "lib/ipnet.h"
#include "lib/runner.h"
#include "checks/server/server.h"
#include "lib/xmalloc.h"

#define FW_OUTPUT_MAX	(4 * 1024 * 1024)	/* a ruleset's dump, kept */
#define FW_STATUS_MAX	(16 * 1024)		/* ufw and firewalld status */
#define FW_PORTS_MAX	4			/* SSH ports followed */

enum tool_state {
	TOOL_OK,		/* ran and printed its rules */
	TOOL_ABSENT,		/* not installed */
	TOOL_DENIED,		/* needs root */
	TOOL_FAILED,		/* ran and failed otherwise */
};

/* One ruleset dump. */
struct dump {
	const char	*name;		/* how the evidence names it */
	enum tool_state	 state;
	struct run_result rr;
	int		 have_rr;
};

/* The worst thing found, over rulesets, families and ports. */
struct finding {
	struct fw_eval	 ev;		/* the evaluation it comes from (owned) */
	int		 have;
	const char	*source;	/* "iptables-save", "nft" */
	int		 family;
	int		 port;
};

static enum tool_state
run_tool(struct check_ctx *ctx, const char *const *argv, struct dump *d)
{
	struct run_opts	 ro;
	int		 left = check_remaining_ms(ctx);

	memset(&d->rr, 0, sizeof d->rr);
	d->have_rr = 0;
	if (left < 50)
		return d->state = TOOL_FAILED;
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = left;
	ro.max_output = FW_OUTPUT_MAX;
	if (run_command(argv, &ro, &d->rr, NULL) != 0)
		return d->state = TOOL_FAILED;
	d->have_rr = 1;
	if (d->rr.not_found)
		return d->state = TOOL_ABSENT;
	if (d->rr.exited && d->rr.status == 0)
		return d->state = TOOL_OK;
	if (geteuid() != 0 || strstr(d->rr.err, "Permission denied") != NULL ||
	    strstr(d->rr.err, "Operation not permitted") != NULL ||
	    strstr(d->rr.err, "must be root") != NULL)
		return d->state = TOOL_DENIED;
	return d->state = TOOL_FAILED;
}

static void
dump_free(struct dump *d)
{
	if (d->have_rr)
		run_free(&d->rr);
	d->have_rr = 0;
}

/* Severity of an evaluation: a sure drop or reject beats a possible one beats nothing. */
static int
rank(const struct fw_eval *ev)
{
	size_t	 i;
	int	 r = 0;

	if (ev->decided.verdict == FW_DROP || ev->decided.verdict == FW_REJECT)
		return 4;
	for (i = 0; i < ev->nmaybe; i++)
		r = ev->maybe[i].some_sources ? (r > 1 ? r : 1) : 2;
	return r;
}

static void
consider(struct finding *best, struct fw_eval *ev, const char *source, int family, int port)
{
	if (best->have && rank(&best->ev) >= rank(ev)) {
		fw_eval_free(ev);
		return;
	}
	if (best->have)
		fw_eval_free(&best->ev);
	best->ev = *ev;
	memset(ev, 0, sizeof *ev);
	best->have = 1;
	best->source = source;
	best->family = family;
	best->port = port;
}

/* The SSH ports: --port, else where sshd-listen looked (sshd -T), else 22. */
static size_t
ssh_ports(struct check_ctx *ctx, int *ports)
{
	const struct sshd_listen *l = sshd_listen_dep(ctx);
	size_t		 n = 0, i;

	if (ctx->opt->server_port != 0) {
		ports[0] = ctx->opt->server_port;
		return 1;
	}
	for (i = 0; l != NULL && i < l->nports && n < FW_PORTS_MAX; i++)
		ports[n++] = l->ports[i];
	if (n == 0)
		ports[n++] = 22;
	return n;
}

static const char *
family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* First line of a tool's output, for the evidence. */
static void
status_line(struct check_ctx *ctx, struct check_result *res, const char *const *argv,
    const char *what)
{
	struct dump	 d;
	size_t		 n;

	memset(&d, 0, sizeof d);
	if (run_tool(ctx, argv, &d) == TOOL_ABSENT) {
		dump_free(&d);
		return;
	}
	if (d.have_rr) {
		const char *text = d.rr.out_len > 0 ? d.rr.out : d.rr.err;

		n = strcspn(text, "\n");
		check_evidence(res, "%s: %.*s", what, (int)(n > 200 ? 200 : n), text);
	}
	dump_free(&d);
}

static void
quote_hit(struct check_result *res, const char *label, const struct fw_hit *h)
{
	char	 with[96] = "";

	if (h->verdict == FW_REJECT && h->reject_with != NULL)
		snprintf(with, sizeof with, ", answers %s", h->reject_with);
	check_evidence(res, "%s: %s (%s%s)%s%s", label, h->rule, h->chain, with,
	    h->depends ? ": " : "", h->depends ? h->depends : "");
}

static const char *
reset_note(const struct fw_hit *h)
{
	if (h->reject_with == NULL)
		return "";
	if (strcmp(h->reject_with, "tcp-reset") == 0)
		return ": the client sees \"Connection reset by peer\"";
	return ": the client sees \"Connection refused\"";
}

static void
rule_facts(struct check_result *res, const struct fw_hit *h)
{
	if (h->chain != NULL)
		check_fact(res, "fw_chain", "%s", h->chain);
	if (h->rule != NULL)
		check_fact(res, "fw_rule", "%s", h->rule);
}

static void
conclude(struct check_result *res, const struct finding *f, const char *client)
{
	const struct fw_eval *ev = &f->ev;
	const struct fw_hit *h = &ev->decided;
	char		 who[128];
	size_t		 i;
	int		 some = 1;

	if (client != NULL)
		snprintf(who, sizeof who, "from %s", client);
	else
		snprintf(who, sizeof who, "from any %s address", family_name(f->family));
	/*
	 * Whose rule it is (fail2ban's chains and ipsets are f2b-*): the tree's
	 * explains relations test these facts.
	 */
	if (h->verdict == FW_DROP || h->verdict == FW_REJECT)
		rule_facts(res, h);
	else if (ev->nmaybe > 0)
		rule_facts(res, &ev->maybe[0]);
	if (h->verdict == FW_DROP) {
		if (h->policy)
			check_set(res, CHECK_FAIL, "drop", "the firewall drops new connections to port "
			    "%d %s: %s, and no rule before it accepts them", f->port, who, h->rule);
		else
			check_set(res, CHECK_FAIL, "drop", "a firewall rule drops new connections to "
			    "port %d %s (%s)", f->port, who, f->source);
		quote_hit(res, "rule", h);
	} else if (h->verdict == FW_REJECT) {
		check_set(res, CHECK_FAIL, "reject", "a firewall rule rejects new connections to "
		    "port %d %s (%s)%s", f->port, who, f->source, reset_note(h));
		quote_hit(res, "rule", h);
	} else if (ev->nmaybe > 0) {
		const struct fw_hit *m = &ev->maybe[0];

		for (i = 0; i < ev->nmaybe; i++)
			some = some && ev->maybe[i].some_sources;
		if (some)
			check_set(res, CHECK_WARN, m->verdict == FW_REJECT ? "reject-some-sources" :
			    "drop-some-sources", "firewall rules %s port %d for some source "
			    "addresses: give --client-ip to know whether the client is one",
			    m->verdict == FW_REJECT ? "reject" : "drop", f->port);
		else
			check_set(res, CHECK_WARN, m->verdict == FW_REJECT ? "reject-possible" :
			    "drop-possible", "a firewall rule may %s new connections to port %d %s: "
			    "it depends on %s", m->verdict == FW_REJECT ? "reject" : "drop", f->port,
			    who, m->depends);
	}
	for (i = 0; i < ev->nmaybe; i++)
		quote_hit(res, ev->maybe[i].verdict == FW_REJECT ? "may reject" : "may drop",
		    &ev->maybe[i]);
	if (ev->maybe_more > 0)
		check_evidence(res, "%zu more rules may drop or reject", ev->maybe_more);
	if (ev->maybe_accept.verdict == FW_ACCEPT)
		quote_hit(res, "may accept first", &ev->maybe_accept);
}

/* Follow the packet through one dump for each family and port that applies. */
static void
evaluate(struct check_result *res, struct dump *d, int is_nft, const struct dump *nft_text,
    int skip_xtables, const struct fw_packet *base, const int *ports, size_t nports,
    int only_family, struct finding *best, size_t *rules, int *restrictive)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct fw_packet p;
	struct fw_eval	 ev;
	struct fw_nft	*nft = NULL;
	char		*cause = NULL;
	size_t		 f, k;
	int		 first = 1;

	for (f = 0; f < 2; f++) {
		if (only_family != 0 && families[f] != only_family)
			continue;
		if (base->have_src && base->src.family != families[f])
			continue;
		for (k = 0; k < nports; k++) {
			p = *base;
			p.family = families[f];
			p.port = ports[k];
			/* the JSON is read once, on the first packet, for every packet */
			if (is_nft && nft == NULL && fw_nft_load(d->rr.out, d->rr.out_len,
			    nft_text != NULL && nft_text->state == TOOL_OK ? nft_text->rr.out : NULL,
			    nft_text != NULL && nft_text->state == TOOL_OK ? nft_text->rr.out_len : 0,
			    skip_xtables, &nft, &cause) != 0)
				goto fail;
			if (is_nft)
				fw_nft_walk(nft, &p, &ev);
			else if (fw_iptables_eval(d->rr.out, d->rr.out_len, &p, &ev, &cause) != 0)
				goto fail;
			if (first) {
				check_evidence(res, "%s: %zu rules, %zu chains on the input path%s%s",
				    d->name, ev.rules, ev.base_chains,
				    ev.skipped > 0 && is_nft ? " (iptables-nft's tables left to "
				    "iptables-save)" : "", ev.restrictive ? ", policy drop" : "");
				if (ev.incomplete)
					check_evidence(res, "%s: jumps loop, nest too deep or fan out "
					    "too far: followed in part, nothing decided past that point",
					    d->name);
				first = 0;
			}
			*rules += ev.rules;
			*restrictive |= ev.restrictive;
			consider(best, &ev, d->name, families[f], ports[k]);
		}
	}
	fw_nft_free(nft);
	return;
fail:
	check_evidence(res, "%s: %s", d->name, cause);
	free(cause);
	fw_nft_free(nft);
}

static void
firewall_exec(struct check_ctx *ctx, struct check_result *res)
{
	const char *const ipt_argv[] = { "iptables-save", NULL };
	const char *const ip6t_argv[] = { "ip6tables-save", NULL };
	const char *const legacy_argv[] = { "iptables-legacy-save", NULL };
	const char *const nftj_argv[] = { "nft", "-j", "list", "ruleset", NULL };
	const char *const nfta_argv[] = { "nft", "-a", "list", "ruleset", NULL };
	const char *const ufw_argv[] = { "ufw", "status", NULL };
	const char *const firewalld_argv[] = { "firewall-cmd", "--state", NULL };
	struct dump	 ipt, ip6t, legacy, nftj, nfta;
	struct dump	*all[] = { &ipt, &ip6t, &legacy, &nftj };
	struct finding	 best;
	struct fw_packet base;
	const char	*client = ctx->opt->client_ip;
	int		 ports[FW_PORTS_MAX], restrictive = 0, denied = 0, absent = 0, ok = 0;
	int		 xt_nft = 0;
	size_t		 nports, rules = 0, i;
	char		 how[96];

	memset(&ipt, 0, sizeof ipt);
	memset(&ip6t, 0, sizeof ip6t);
	memset(&legacy, 0, sizeof legacy);
	memset(&nftj, 0, sizeof nftj);
	memset(&nfta, 0, sizeof nfta);
	memset(&best, 0, sizeof best);
	memset(&base, 0, sizeof base);
	ipt.name = "iptables-save";
	ip6t.name = "ip6tables-save";
	legacy.name = "iptables-legacy-save";
	nftj.name = "nft";
	nfta.name = "nft -a";
	legacy.state = TOOL_ABSENT;

	nports = ssh_ports(ctx, ports);
	if (client != NULL) {
		if (ipnet_parse_str(client, &base.src) == 0 && base.src.bits ==
		    (base.src.family == AF_INET ? 32 : 128)) {
			base.have_src = 1;
			base.loopback = (base.src.family == AF_INET && base.src.addr[0] == 127) ||
			    (base.src.family == AF_INET6 && memcmp(base.src.addr,
			    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16) == 0);
		} else {
			check_evidence(res, "--client-ip %s is not one numeric address: rules are "
			    "followed for any client", client);
			client = NULL;
		}
	}

	run_tool(ctx, ipt_argv, &ipt);
	run_tool(ctx, ip6t_argv, &ip6t);
	/* iptables-nft warns when the legacy tables hold rules too: read those as well */
	if (ipt.state == TOOL_OK && (strstr(ipt.rr.out, "iptables-legacy tables present") ||
	    strstr(ipt.rr.err, "iptables-legacy tables present")))
		run_tool(ctx, legacy_argv, &legacy);
	run_tool(ctx, nftj_argv, &nftj);
	if (nftj.state == TOOL_OK)
		run_tool(ctx, nfta_argv, &nfta);

	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		switch (all[i]->state) {
		case TOOL_OK:
			ok++;
			break;
		case TOOL_ABSENT:
			if (all[i] != &legacy) {
				absent++;
				check_evidence(res, "%s: not installed", all[i]->name);
			}
			break;
		case TOOL_DENIED:
			denied++;
			check_evidence(res, "%s: needs root (%.*s)", all[i]->name,
			    (int)strcspn(all[i]->rr.err, "\n"), all[i]->rr.err);
			break;
		case TOOL_FAILED:
			check_evidence(res, "%s: %s%s%.*s", all[i]->name, all[i]->have_rr ?
			    run_describe(&all[i]->rr, how, sizeof how) : "could not run",
			    all[i]->have_rr ? ": " : "", all[i]->have_rr ?
			    (int)strcspn(all[i]->rr.err, "\n") : 0, all[i]->have_rr ? all[i]->rr.err : "");
			break;
		}
	}
	if (ipt.state == TOOL_OK) {
		evaluate(res, &ipt, 0, NULL, 0, &base, ports, nports, AF_INET, &best, &rules,
		    &restrictive);
		xt_nft = strstr(ipt.rr.out, "(nf_tables)") != NULL;
	}
	if (ip6t.state == TOOL_OK)
		evaluate(res, &ip6t, 0, NULL, 0, &base, ports, nports, AF_INET6, &best, &rules,
		    &restrictive);
	if (legacy.state == TOOL_OK)
		evaluate(res, &legacy, 0, NULL, 0, &base, ports, nports, AF_INET, &best, &rules,
		    &restrictive);
	if (nftj.state == TOOL_OK)
		evaluate(res, &nftj, 1, &nfta, xt_nft, &base, ports,
		    nports, 0, &best, &rules, &restrictive);

	if (ok == 0) {
		if (denied > 0)
			check_set(res, CHECK_SKIP, "needs-root", "reading the firewall rules needs "
			    "root: run sshdoc --server as root");
		else if (absent > 0)
			check_set(res, CHECK_PASS, "no-firewall", "neither iptables nor nft is "
			    "installed: no firewall rules sshdoc can read");
		else
			check_set(res, CHECK_ERROR, "error", "the firewall rules could not be read");
	} else if (best.have && rank(&best.ev) > 0) {
		conclude(res, &best, base.have_src ? client : NULL);
	} else if (rules == 0 && !restrictive) {
		check_set(res, CHECK_PASS, "no-firewall", "no firewall rules: nothing filters "
		    "port %d", ports[0]);
	} else {
		check_set(res, CHECK_PASS, "open", "the firewall lets new connections to port %d "
		    "through%s%s", ports[0], base.have_src ? " from " : "",
		    base.have_src ? client : "");
		if (best.have && best.ev.maybe_accept.verdict == FW_ACCEPT)
			quote_hit(res, "may accept", &best.ev.maybe_accept);
	}
	if (ok > 0 && denied > 0)
		check_evidence(res, "some rulesets need root to read: run as root to see them all");
	status_line(ctx, res, ufw_argv, "ufw status");
	status_line(ctx, res, firewalld_argv, "firewall-cmd --state");

	if (best.have)
		fw_eval_free(&best.ev);
	for (i = 0; i < sizeof all / sizeof all[0]; i++)
		dump_free(all[i]);
	dump_free(&nfta);
}

static const char *const firewall_needs[] = { "sshd-listen", NULL };
static const char *const firewall_outcomes[] = {
	"drop", "reject", "drop-possible", "reject-possible", "drop-some-sources",
	"reject-some-sources", "open", "no-firewall", "needs-root", "error", NULL
};

static const char *const firewall_facts[] = { "fw_chain", "fw_rule", NULL };

const struct check_entry check_firewall_entry = {
	.id = "firewall",
	.title = "firewall rules for the SSH port",
	.needs = firewall_needs,
	.outcomes = firewall_outcomes,
	.exec = firewall_exec,
	.facts = firewall_facts,
};
