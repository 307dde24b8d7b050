/* test_firewall.c: iptables-save and nft -j rulesets (checks/parse/firewall-parse.h) followed by a new connection to the SSH port. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/firewall-parse.h"
#include "lib/util.h"
#include "lib/xmalloc.h"
#include "tests/unit/testutil.h"

static const char *argv0;

/* A seed of the fuzz corpus (tests/fuzz/corpus/KIND/NAME), read from the top of the tree. */
static char *
corpus(const char *kind, const char *name, size_t *len)
{
	char	*path, *buf, *dir;
	const char *slash;

	xasprintf(&path, "tests/fuzz/corpus/%s/%s", kind, name);
	if (read_file_bounded(path, 1 << 20, &buf, len, NULL) == 0) {
		free(path);
		return buf;
	}
	free(path);
	if (argv0 != NULL && (slash = strrchr(argv0, '/')) != NULL) {
		dir = strndup(argv0, (size_t)(slash - argv0));
		xasprintf(&path, "%s/../../tests/fuzz/corpus/%s/%s", dir, kind, name);
		free(dir);
		if (read_file_bounded(path, 1 << 20, &buf, len, NULL) == 0) {
			free(path);
			return buf;
		}
		free(path);
	}
	fail_msg("cannot read tests/fuzz/corpus/%s/%s (run from the top of the tree)", kind, name);
	return NULL;
}

static void
packet(struct fw_packet *p, int family, const char *src, int port)
{
	memset(p, 0, sizeof *p);
	p->family = family;
	p->port = port;
	if (src != NULL) {
		assert_int_equal(ipnet_parse_str(src, &p->src), 0);
		p->have_src = 1;
	}
}

static void
ipt(const char *text, size_t len, const char *src, int port, struct fw_eval *ev)
{
	struct fw_packet p;
	char		*cause = NULL;

	packet(&p, AF_INET, src, port);
	if (fw_iptables_eval(text, len, &p, ev, &cause) != 0)
		fail_msg("fw_iptables_eval: %s", cause);
}

static void
test_iptables_sources(void **state)
{
	struct fw_eval	 ev;
	size_t		 len;
	char		*t = corpus("iptables", "f2b-office", &len);

	(void)state;
	/* a fail2ban ban: REJECT in the jail's chain */
	ipt(t, len, "192.0.2.7", 22, &ev);
	assert_int_equal(ev.decided.verdict, FW_REJECT);
	assert_string_equal(ev.decided.rule,
	    "-A f2b-sshd -s 192.0.2.7/32 -j REJECT --reject-with icmp-port-unreachable");
	assert_string_equal(ev.decided.chain, "filter f2b-sshd");
	assert_string_equal(ev.decided.reject_with, "icmp-port-unreachable");
	assert_true(ev.iptables_nft);
	fw_eval_free(&ev);

	/* the jail's chain on 2222 too (multiport) */
	ipt(t, len, "192.0.2.7", 2222, &ev);
	assert_int_equal(ev.decided.verdict, FW_REJECT);
	fw_eval_free(&ev);

	/* a network that gets a TCP reset */
	ipt(t, len, "203.0.113.5", 22, &ev);
	assert_int_equal(ev.decided.verdict, FW_REJECT);
	assert_string_equal(ev.decided.reject_with, "tcp-reset");
	fw_eval_free(&ev);

	/* the office is accepted */
	ipt(t, len, "198.51.100.9", 22, &ev);
	assert_int_equal(ev.decided.verdict, FW_NONE);
	assert_int_equal(ev.nmaybe, 0);
	fw_eval_free(&ev);

	/* anyone else is dropped */
	ipt(t, len, "8.8.8.8", 22, &ev);
	assert_int_equal(ev.decided.verdict, FW_DROP);
	assert_string_equal(ev.decided.rule, "-A INPUT -p tcp -m tcp --dport 22 -j DROP");
	fw_eval_free(&ev);

	/* another port passes */
	ipt(t, len, "8.8.8.8", 443, &ev);
	assert_int_equal(ev.decided.verdict, FW_NONE);
	fw_eval_free(&ev);

	/* no client: the generic client is dropped; the per-source rules are possible hits */
	ipt(t, len, NULL, 22, &ev);
	assert_int_equal(ev.decided.verdict, FW_DROP);
	assert_int_equal(ev.nmaybe, 2);
	assert_int_equal(ev.maybe[0].verdict, FW_REJECT);
	assert_non_null(strstr(ev.maybe[0].depends, "192.0.2.7"));
	assert_int_equal(ev.maybe[1].verdict, FW_REJECT);
	assert_string_equal(ev.maybe[1].reject_with, "tcp-reset");
	assert_int_equal(ev.maybe_accept.verdict, FW_ACCEPT);
	assert_non_null(strstr(ev.maybe_accept.rule, "ssh from office"));
	fw_eval_free(&ev);
	free(t);
}

static void
test_iptables_policy(void **state)
{
	struct fw_eval	 ev;
	struct fw_packet p;
	size_t		 len;
	char		*t = corpus("iptables", "ip6-policy", &len), *cause = NULL;

	(void)state;
	packet(&p, AF_INET6, NULL, 22);
	assert_int_equal(fw_iptables_eval(t, len, &p, &ev, &cause), 0);
	assert_int_equal(ev.decided.verdict, FW_DROP);
	assert_true(ev.decided.policy);
	assert_true(ev.restrictive);
	assert_non_null(strstr(ev.decided.rule, "policy DROP"));
	fw_eval_free(&ev);
	packet(&p, AF_INET6, "2001:db8::1", 80);
	assert_int_equal(fw_iptables_eval(t, len, &p, &ev, &cause), 0);
	assert_int_equal(ev.decided.verdict, FW_NONE);
	fw_eval_free(&ev);
	free(t);
}

/* ufw: policy DROP, chains that return, and an ACCEPT for 22 deep down. */
static void
test_iptables_ufw(void **state)
{
	struct fw_eval	 ev;
	size_t		 len;
	char		*t = corpus("iptables", "ufw", &len);

	(void)state;
	ipt(t, len, "192.0.2.7", 22, &ev);
	assert_int_equal(ev.decided.verdict, FW_NONE);
	fw_eval_free(&ev);
	ipt(t, len, NULL, 2222, &ev);
	assert_int_equal(ev.decided.verdict, FW_DROP);
	assert_true(ev.decided.policy);
	fw_eval_free(&ev);
	free(t);
}

static void
test_iptables_matches(void **state)
{
	static const struct {
		const char	*rules;
		const char	*src;
		int		 port;
		enum fw_verdict	 decided;
		int		 maybe;
	} cases[] = {
		/* negation */
		{ "-A INPUT ! -s 10.0.0.0/8 -p tcp --dport 22 -j DROP", "192.0.2.1", 22, FW_DROP, 0 },
		{ "-A INPUT ! -s 10.0.0.0/8 -p tcp --dport 22 -j DROP", "10.1.2.3", 22, FW_NONE, 0 },
		{ "-A INPUT -p tcp ! --dport 22 -j DROP", "192.0.2.1", 22, FW_NONE, 0 },
		/* port ranges */
		{ "-A INPUT -p tcp --dport 20:30 -j DROP", NULL, 22, FW_DROP, 0 },
		{ "-A INPUT -p tcp --dport 1024: -j DROP", NULL, 22, FW_NONE, 0 },
		{ "-A INPUT -p tcp -m multiport --dports 80,1000:3000 -j DROP", NULL, 2222, FW_DROP, 0 },
		/* other protocols, states, fragments */
		{ "-A INPUT -p udp --dport 22 -j DROP", NULL, 22, FW_NONE, 0 },
		{ "-A INPUT -m state --state INVALID -j DROP", NULL, 22, FW_NONE, 0 },
		{ "-A INPUT -m conntrack --ctstate NEW -p tcp --dport 22 -j DROP", NULL, 22, FW_DROP, 0 },
		{ "-A INPUT -f -j DROP", NULL, 22, FW_NONE, 0 },
		{ "-A INPUT -p tcp --tcp-flags SYN,ACK SYN --dport 22 -j DROP", NULL, 22, FW_DROP, 0 },
		{ "-A INPUT -p tcp ! --syn -j DROP", NULL, 22, FW_NONE, 0 },
		/* what sshdoc cannot decide */
		{ "-A INPUT -i eth0 -p tcp --dport 22 -j DROP", NULL, 22, FW_NONE, 1 },
		{ "-A INPUT -p tcp --dport 22 -m set --match-set blacklist src -j DROP", "192.0.2.1", 22, FW_NONE, 1 },
		{ "-A INPUT -p tcp --dport 22 -m recent --update --seconds 60 --hitcount 4 --name SSH --rsource -j DROP",
		    NULL, 22, FW_NONE, 1 },
		{ "-A INPUT -p tcp --dport 22 -m frobnicate --frob 3 -j DROP", NULL, 22, FW_NONE, 1 },
		/* loopback */
		{ "-A INPUT -i lo -j DROP", NULL, 22, FW_NONE, 0 },
		/* a DROP after a possible ACCEPT is only possible */
		{ "-A INPUT -p tcp --dport 22 -m limit --limit 3/min -j ACCEPT\n-A INPUT -p tcp --dport 22 -j DROP",
		    NULL, 22, FW_NONE, 1 },
		/* RETURN from a chain, goto */
		{ "-A INPUT -j c1\n-A INPUT -p tcp --dport 22 -j DROP\n-A c1 -j RETURN\n-A c1 -j ACCEPT",
		    NULL, 22, FW_DROP, 0 },
		{ "-A INPUT -g c1\n-A INPUT -p tcp --dport 22 -j DROP", NULL, 22, FW_NONE, 0 },
		/* a jump loop (iptables refuses to load one) ends at the depth limit, undecided */
		{ "-A INPUT -j c1\n-A c1 -j c1\n-A INPUT -p tcp --dport 22 -j DROP", NULL, 22, FW_NONE, 1 },
		/* source ranges */
		{ "-A INPUT -m iprange --src-range 192.0.2.1-192.0.2.9 -j DROP", "192.0.2.5", 22, FW_DROP, 0 },
		{ "-A INPUT -m iprange --src-range 192.0.2.1-192.0.2.9 -j DROP", "192.0.2.50", 22, FW_NONE, 0 },
		/* dotted masks */
		{ "-A INPUT -s 192.0.2.0/255.255.255.0 -j DROP", "192.0.2.5", 22, FW_DROP, 0 },
	};
	struct fw_eval	 ev;
	char		*text;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		xasprintf(&text, "*filter\n:INPUT ACCEPT [0:0]\n:c1 - [0:0]\n%s\nCOMMIT\n",
		    cases[i].rules);
		ipt(text, strlen(text), cases[i].src, cases[i].port, &ev);
		if (ev.decided.verdict != cases[i].decided || (ev.nmaybe > 0) != cases[i].maybe)
			fail_msg("case %zu: decided %s with %zu possible hits, want %s and %d: %s", i,
			    fw_verdict_name(ev.decided.verdict), ev.nmaybe,
			    fw_verdict_name(cases[i].decided), cases[i].maybe, cases[i].rules);
		fw_eval_free(&ev);
		free(text);
	}
}

/* Chains that jump to the next one four times each: 4^16 paths. The walk stops at its budget. */
static void
test_iptables_fanout(void **state)
{
	struct fw_eval	 ev;
	char		*text = NULL, *tmp;
	int		 c, k;

	(void)state;
	xasprintf(&text, "*filter\n:INPUT DROP [0:0]\n");
	for (c = 0; c < 18; c++) {
		xasprintf(&tmp, "%s:c%d - [0:0]\n", text, c);
		free(text);
		text = tmp;
	}
	xasprintf(&tmp, "%s-A INPUT -j c0\n", text);
	free(text);
	text = tmp;
	for (c = 0; c < 17; c++) {
		for (k = 0; k < 4; k++) {
			xasprintf(&tmp, "%s-A c%d -j c%d\n", text, c, c + 1);
			free(text);
			text = tmp;
		}
	}
	xasprintf(&tmp, "%s-A c17 -p tcp --dport 22 -j ACCEPT\nCOMMIT\n", text);
	free(text);
	text = tmp;
	ipt(text, strlen(text), NULL, 22, &ev);
	assert_true(ev.incomplete);
	/* cut short, it decides nothing: not even the drop policy */
	assert_int_equal(ev.decided.verdict, FW_NONE);
	fw_eval_free(&ev);
	free(text);
}

static void
test_iptables_garbage(void **state)
{
	struct fw_eval	 ev;
	struct fw_packet p;
	char		*cause = NULL;

	(void)state;
	packet(&p, AF_INET, NULL, 22);
	assert_int_equal(fw_iptables_eval("hello\nworld\n", 12, &p, &ev, &cause), -1);
	assert_non_null(cause);
	free(cause);
	/* empty output: no rules at all */
	assert_int_equal(fw_iptables_eval("", 0, &p, &ev, &cause), 0);
	assert_int_equal(ev.rules, 0);
	assert_int_equal(ev.base_chains, 0);
	fw_eval_free(&ev);
}

static void
nft(const char *json, size_t len, const char *text, size_t tlen, int family, const char *src,
    int port, int skip, struct fw_eval *ev)
{
	struct fw_packet p;
	char		*cause = NULL;

	packet(&p, family, src, port);
	if (fw_nft_eval(json, len, text, tlen, &p, skip, ev, &cause) != 0)
		fail_msg("fw_nft_eval: %s", cause);
}

static const char nft_text[] =
    "table ip filter { # handle 1\n"
    "\tchain INPUT { # handle 1\n"
    "\t}\n"
    "}\n"
    "table inet sshdoc_test { # handle 3\n"
    "\tchain input { # handle 1\n"
    "\t\ttype filter hook input priority filter; policy accept;\n"
    "\t\tip saddr @blocked tcp dport { 22, 2222 } drop # handle 4\n"
    "\t\ttcp dport 22 ct state new limit rate 5/minute accept # handle 5\n"
    "\t\ttcp dport 20-30 reject with tcp reset # handle 6\n"
    "\t\ttcp dport vmap { 22 : drop, 80 : accept } # handle 8\n"
    "\t}\n"
    "}\n";

static void
test_nft(void **state)
{
	struct fw_eval	 ev;
	size_t		 len, tl = sizeof nft_text - 1;
	char		*j = corpus("nft", "sshdoc-test.json", &len);

	(void)state;
	/* in the set: dropped, quoted from nft -a list ruleset */
	nft(j, len, nft_text, tl, AF_INET, "192.0.2.5", 22, 1, &ev);
	assert_int_equal(ev.decided.verdict, FW_DROP);
	assert_string_equal(ev.decided.rule, "ip saddr @blocked tcp dport { 22, 2222 } drop");
	assert_string_equal(ev.decided.chain, "inet sshdoc_test input");
	assert_true(ev.skipped > 0);	/* iptables-nft's own rules */
	fw_eval_free(&ev);

	/* a single address of the set, port 2222 */
	nft(j, len, nft_text, tl, AF_INET, "10.0.0.1", 2222, 1, &ev);
	assert_int_equal(ev.decided.verdict, FW_DROP);
	fw_eval_free(&ev);

	/* outside the set: a rate-limited accept first, so what follows is only possible */
	nft(j, len, nft_text, tl, AF_INET, "198.51.100.1", 22, 1, &ev);
	assert_int_equal(ev.decided.verdict, FW_NONE);
	assert_true(ev.nmaybe >= 1);
	assert_int_equal(ev.maybe[0].verdict, FW_REJECT);
	assert_string_equal(ev.maybe[0].reject_with, "tcp-reset");
	assert_int_equal(ev.maybe_accept.verdict, FW_ACCEPT);
	assert_non_null(strstr(ev.maybe_accept.depends, "limit"));
	fw_eval_free(&ev);

	/* port 25: the range 20-30 resets */
	nft(j, len, nft_text, tl, AF_INET, "198.51.100.1", 25, 1, &ev);
	assert_int_equal(ev.decided.verdict, FW_REJECT);
	assert_string_equal(ev.decided.reject_with, "tcp-reset");
	assert_string_equal(ev.decided.rule, "tcp dport 20-30 reject with tcp reset");
	fw_eval_free(&ev);

	/* port 80: the verdict map accepts */
	nft(j, len, NULL, 0, AF_INET, "198.51.100.1", 80, 1, &ev);
	assert_int_equal(ev.decided.verdict, FW_NONE);
	assert_int_equal(ev.nmaybe, 0);
	fw_eval_free(&ev);

	/* without the text, the rule is named by its handle */
	nft(j, len, NULL, 0, AF_INET, "192.0.2.7", 22, 1, &ev);
	assert_int_equal(ev.decided.verdict, FW_DROP);
	assert_string_equal(ev.decided.rule, "rule handle 4 in inet sshdoc_test chain input");
	fw_eval_free(&ev);

	/* iptables-nft's tables not skipped: its xt matches decide nothing, so neither does the rest */
	nft(j, len, NULL, 0, AF_INET, "192.0.2.7", 22, 0, &ev);
	assert_int_equal(ev.decided.verdict, FW_NONE);
	assert_true(ev.nmaybe >= 1);
	assert_int_equal(ev.base_chains, 2);
	fw_eval_free(&ev);

	/* IPv6: the ip saddr set does not apply, the vmap drop does after the limit */
	nft(j, len, NULL, 0, AF_INET6, "2001:db8::1", 22, 1, &ev);
	assert_int_equal(ev.decided.verdict, FW_NONE);
	assert_true(ev.nmaybe >= 1);
	fw_eval_free(&ev);

	/* no client: the set only names some sources */
	nft(j, len, nft_text, tl, AF_INET, NULL, 2222, 1, &ev);
	assert_int_equal(ev.decided.verdict, FW_NONE);
	assert_int_equal(ev.nmaybe, 1);
	assert_non_null(strstr(ev.maybe[0].depends, "@blocked"));
	fw_eval_free(&ev);
	free(j);
}

static void
test_nft_policy(void **state)
{
	struct fw_eval	 ev;
	size_t		 len;
	char		*j = corpus("nft", "policy-drop.json", &len);

	(void)state;
	nft(j, len, NULL, 0, AF_INET, "192.0.2.7", 22, 0, &ev);
	assert_int_equal(ev.decided.verdict, FW_DROP);
	assert_true(ev.decided.policy);
	assert_string_equal(ev.decided.rule, "inet f in policy drop");
	fw_eval_free(&ev);
	nft(j, len, NULL, 0, AF_INET6, NULL, 80, 0, &ev);
	assert_int_equal(ev.decided.verdict, FW_NONE);
	fw_eval_free(&ev);
	free(j);

	j = corpus("nft", "empty.json", &len);
	nft(j, len, NULL, 0, AF_INET, NULL, 22, 0, &ev);
	assert_int_equal(ev.base_chains, 0);
	assert_int_equal(ev.decided.verdict, FW_NONE);
	fw_eval_free(&ev);
	free(j);
}

static void
test_nft_matches(void **state)
{
	static const struct {
		const char	*expr;
		const char	*src;
		enum fw_verdict	 decided;
	} cases[] = {
		{ "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"th\", \"field\": \"dport\"}}, \"right\": \"ssh\"}}, {\"drop\": null}",
		    NULL, FW_DROP },
		{ "{\"match\": {\"op\": \"!=\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": 22}}, {\"drop\": null}",
		    NULL, FW_NONE },
		{ "{\"match\": {\"op\": \">=\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": 10}}, {\"reject\": null}",
		    NULL, FW_REJECT },
		{ "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"udp\", \"field\": \"dport\"}}, \"right\": 22}}, {\"drop\": null}",
		    NULL, FW_NONE },
		{ "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, \"right\": {\"prefix\": {\"addr\": \"192.0.2.0\", \"len\": 24}}}}, {\"drop\": null}",
		    "192.0.2.200", FW_DROP },
		{ "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, \"right\": {\"range\": [\"192.0.2.1\", \"192.0.2.9\"]}}}, {\"drop\": null}",
		    "192.0.2.10", FW_NONE },
		{ "{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"l4proto\"}}, \"right\": {\"set\": [\"udp\", \"tcp\"]}}}, {\"drop\": null}",
		    NULL, FW_DROP },
		{ "{\"match\": {\"op\": \"in\", \"left\": {\"ct\": {\"key\": \"state\"}}, \"right\": [\"established\", \"related\"]}}, {\"drop\": null}",
		    NULL, FW_NONE },
		{ "{\"match\": {\"op\": \"in\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"flags\"}}, \"right\": \"syn\"}}, {\"drop\": null}",
		    NULL, FW_DROP },
		{ "{\"match\": {\"op\": \"==\", \"left\": {\"fib\": {\"result\": \"type\", \"flags\": [\"daddr\"]}}, \"right\": \"local\"}}, {\"drop\": null}",
		    NULL, FW_DROP },
		{ "{\"jump\": {\"target\": \"sub\"}}, {\"drop\": null}", NULL, FW_REJECT },
		{ "{\"goto\": {\"target\": \"ret\"}}, {\"drop\": null}", NULL, FW_NONE },
		{ "{\"frobnicate\": {}}, {\"drop\": null}", NULL, FW_NONE },
	};
	struct fw_eval	 ev;
	char		*json;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		xasprintf(&json, "{\"nftables\": ["
		    "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"in\", \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"accept\"}},"
		    "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"sub\"}},"
		    "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"ret\"}},"
		    "{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"sub\", \"handle\": 9, \"expr\": [{\"reject\": {\"type\": \"tcp reset\"}}]}},"
		    "{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"in\", \"handle\": 2, \"expr\": [%s]}}]}",
		    cases[i].expr);
		nft(json, strlen(json), NULL, 0, AF_INET, cases[i].src, 22, 0, &ev);
		if (ev.decided.verdict != cases[i].decided)
			fail_msg("case %zu: decided %s, want %s", i, fw_verdict_name(ev.decided.verdict),
			    fw_verdict_name(cases[i].decided));
		fw_eval_free(&ev);
		free(json);
	}
}

static void
test_nft_bad_json(void **state)
{
	static const char *const bad[] = {
		"", "{", "[1,2", "{\"nftables\": [}", "{\"a\" 1}", "\"\\u12\"", "nul",
		"{\"nftables\": 3}", "{\"x\": []}", "-", "\"abc\\",
	};
	struct fw_eval	 ev;
	struct fw_packet p;
	char		*cause, deep[400];
	size_t		 i;

	(void)state;
	packet(&p, AF_INET, NULL, 22);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		if (fw_nft_eval(bad[i], strlen(bad[i]), NULL, 0, &p, 0, &ev, &cause) != -1)
			fail_msg("accepted bad JSON %zu: %s", i, bad[i]);
		assert_non_null(cause);
		free(cause);
	}
	memset(deep, '[', sizeof deep);
	cause = NULL;
	assert_int_equal(fw_nft_eval(deep, sizeof deep, NULL, 0, &p, 0, &ev, &cause), -1);
	assert_non_null(strstr(cause, "deep"));
	free(cause);
}

/* nft JSON of an inet table "t": base chain "in" (input, policy accept) and chains a, b, sub, g1, each rule "CHAIN|EXPR". */
static char *
nft_doc(const char *const *rules)
{
	char	*json, *tmp, *chain;
	size_t	 i;

	xasprintf(&json, "{\"nftables\": ["
	    "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"in\", \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"accept\"}},"
	    "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"a\"}},"
	    "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"b\"}},"
	    "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"sub\"}},"
	    "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"g1\"}}");
	for (i = 0; rules[i] != NULL; i++) {
		chain = xstrndup(rules[i], strcspn(rules[i], "|"));
		xasprintf(&tmp, "%s, {\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"%s\", "
		    "\"handle\": %zu, \"expr\": [%s]}}", json, chain, i + 10, rules[i] + strlen(chain) + 1);
		free(json);
		free(chain);
		json = tmp;
	}
	xasprintf(&tmp, "%s]}", json);
	free(json);
	return tmp;
}

#define NFT_DPORT22	"{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": 22}}, "
#define NFT_SRC24	"{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, \"right\": {\"prefix\": {\"addr\": \"192.0.2.0\", \"len\": 24}}}}, "

/* Jumps, gotos, returns and loops: iptables and nft follow them the same way. */
static void
test_jumps_both(void **state)
{
	static const struct {
		const char	*ipt;
		const char	*nft[4];
		enum fw_verdict	 decided;
		const char	*chain;
		size_t		 nmaybe;
		int		 incomplete;
	} cases[] = {
		{ "-A INPUT -j sub\n-A sub -p tcp --dport 22 -j DROP\n",
		    { "in|{\"jump\": {\"target\": \"sub\"}}", "sub|" NFT_DPORT22 "{\"drop\": null}" },
		    FW_DROP, "sub", 0, 0 },
		/* a goto's chain returns to the caller of the chain it left */
		{ "-A INPUT -g g1\n-A INPUT -j DROP\n-A g1 -j RETURN\n",
		    { "in|{\"goto\": {\"target\": \"g1\"}}", "in|{\"drop\": null}", "g1|{\"return\": null}" },
		    FW_NONE, NULL, 0, 0 },
		{ "-A INPUT -j g1\n-A INPUT -j DROP\n-A g1 -j RETURN\n",
		    { "in|{\"jump\": {\"target\": \"g1\"}}", "in|{\"drop\": null}", "g1|{\"return\": null}" },
		    FW_DROP, "in", 0, 0 },
		/* a loop: followed in part, nothing after it is certain */
		{ "-A INPUT -j a\n-A a -j b\n-A b -j a\n-A INPUT -j REJECT\n",
		    { "in|{\"jump\": {\"target\": \"a\"}}", "a|{\"jump\": {\"target\": \"b\"}}",
		      "b|{\"jump\": {\"target\": \"a\"}}", "in|{\"reject\": null}" },
		    FW_NONE, NULL, 1, 1 },
		/* a jump for some sources only leaves the generic client's path as it was */
		{ "-A INPUT -s 192.0.2.0/24 -j sub\n-A sub -j DROP\n-A INPUT -j REJECT\n",
		    { "in|" NFT_SRC24 "{\"jump\": {\"target\": \"sub\"}}", "sub|{\"drop\": null}",
		      "in|{\"reject\": null}" },
		    FW_REJECT, "in", 1, 0 },
	};
	struct fw_eval	 ev;
	char		*text, *json, where[32];
	size_t		 i, k;
	int		 tool;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		xasprintf(&text, "*filter\n:INPUT ACCEPT [0:0]\n:a - [0:0]\n:b - [0:0]\n"
		    ":sub - [0:0]\n:g1 - [0:0]\n%sCOMMIT\n", cases[i].ipt);
		json = nft_doc(cases[i].nft);
		for (tool = 0; tool < 2; tool++) {
			if (tool == 0)
				ipt(text, strlen(text), NULL, 22, &ev);
			else
				nft(json, strlen(json), NULL, 0, AF_INET, NULL, 22, 0, &ev);
			if (ev.decided.verdict != cases[i].decided)
				fail_msg("case %zu (%s): decided %s, want %s", i, tool ? "nft" : "iptables",
				    fw_verdict_name(ev.decided.verdict), fw_verdict_name(cases[i].decided));
			if (cases[i].chain != NULL) {
				snprintf(where, sizeof where, tool ? "inet t %s" : "filter %s",
				    strcmp(cases[i].chain, "in") == 0 && !tool ? "INPUT" : cases[i].chain);
				assert_string_equal(ev.decided.chain, where);
			}
			assert_int_equal(ev.nmaybe, cases[i].nmaybe);
			for (k = 0; k < ev.nmaybe; k++)
				assert_non_null(ev.maybe[k].depends);
			assert_int_equal(ev.incomplete, cases[i].incomplete);
			fw_eval_free(&ev);
		}
		free(text);
		free(json);
	}
}

/* A dump read once and walked for several packets: what one evaluation each gives. */
static void
test_nft_load_once(void **state)
{
	static const char *const srcs[] = { NULL, "192.0.2.5", "198.51.100.1", "2001:db8::1" };
	static const int ports[] = { 22, 2222, 25, 80 };
	struct fw_nft	*n = NULL;
	struct fw_packet p;
	struct fw_eval	 once, each;
	size_t		 len, s, k, tl = sizeof nft_text - 1;
	char		*j = corpus("nft", "sshdoc-test.json", &len), *cause = NULL;

	(void)state;
	assert_int_equal(fw_nft_load(j, len, nft_text, tl, 1, &n, &cause), 0);
	for (s = 0; s < sizeof srcs / sizeof srcs[0]; s++) {
		for (k = 0; k < sizeof ports / sizeof ports[0]; k++) {
			packet(&p, s == 3 ? AF_INET6 : AF_INET, srcs[s], ports[k]);
			fw_nft_walk(n, &p, &once);
			assert_int_equal(fw_nft_eval(j, len, nft_text, tl, &p, 1, &each, &cause), 0);
			assert_int_equal(once.decided.verdict, each.decided.verdict);
			if (each.decided.rule != NULL)
				assert_string_equal(once.decided.rule, each.decided.rule);
			assert_int_equal(once.nmaybe, each.nmaybe);
			assert_int_equal(once.rules, each.rules);
			assert_int_equal(once.skipped, each.skipped);
			assert_int_equal(once.base_chains, each.base_chains);
			fw_eval_free(&once);
			fw_eval_free(&each);
		}
	}
	fw_nft_free(n);
	fw_nft_free(NULL);
	/* duplicate keys are refused rather than one of them picked */
	packet(&p, AF_INET, NULL, 22);
	assert_int_equal(fw_nft_load("{\"nftables\": [], \"nftables\": []}", 32, NULL, 0, 0, &n,
	    &cause), -1);
	assert_null(n);
	assert_non_null(strstr(cause, "duplicate"));
	free(cause);
	free(j);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iptables_sources),
		cmocka_unit_test(test_iptables_policy),
		cmocka_unit_test(test_iptables_ufw),
		cmocka_unit_test(test_iptables_matches),
		cmocka_unit_test(test_iptables_fanout),
		cmocka_unit_test(test_iptables_garbage),
		cmocka_unit_test(test_nft),
		cmocka_unit_test(test_nft_policy),
		cmocka_unit_test(test_nft_matches),
		cmocka_unit_test(test_nft_bad_json),
		cmocka_unit_test(test_jumps_both),
		cmocka_unit_test(test_nft_load_once),
	};

	(void)argc;
	argv0 = argv[0];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
