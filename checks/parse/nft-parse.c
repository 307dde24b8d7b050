/* nft-parse.c: reads `nft -j list ruleset` through jansson and says what each rule does to a new TCP connection to the SSH port (pure). */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/parse/firewall-eval.h"
#include "lib/json.h"
#include "lib/xmalloc.h"

struct nft_chain {
	const char	*family, *table, *name, *policy;
	long long	 prio;
	int		 hookorder;	/* prerouting 0, input 1 */
	size_t		 order;		/* place in the dump: equal priorities keep it */
};

struct nft_rule {
	const char	*family, *table, *chain;
	long long	 handle;
	const json_t	*expr;
};

struct nft_set {
	const char	*family, *table, *name;
	const json_t	*elem;
};

struct fw_nft {
	json_t		*root;
	size_t		 skipped;	/* past FW_RULES_MAX, or iptables-nft's tables */
	struct nft_chain *chains;	/* base chains of the input path, every family */
	size_t		 nchains;
	struct nft_rule	*rules;
	size_t		 nrules;
	struct fw_rkey	*keys;		/* rules by chain */
	struct nft_set	*sets;
	size_t		 nsets;
	const char	*text;		/* nft -a list ruleset, for quoting */
	size_t		 textlen;
	char		 line[FW_TEXT_MAX + 1];
};

static const char *
nz(const char *s)
{
	return s != NULL ? s : "?";
}

static int
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int
family_fits(const char *family, int af)
{
	if (streq(family, "inet"))
		return 1;
	if (af == AF_INET)
		return streq(family, "ip");
	return streq(family, "ip6");
}

static int
xtables_table(const char *family, const char *table)
{
	static const char *const names[] = { "filter", "raw", "mangle", "nat", "security" };
	size_t	 i;

	if (!streq(family, "ip") && !streq(family, "ip6"))
		return 0;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (streq(table, names[i]))
			return 1;
	}
	return 0;
}

static const json_t *
nft_set_elems(const struct fw_nft *n, const struct nft_rule *r, const char *name)
{
	size_t	 i;

	for (i = 0; i < n->nsets; i++) {
		if (streq(n->sets[i].family, r->family) && streq(n->sets[i].table, r->table) &&
		    streq(n->sets[i].name, name))
			return n->sets[i].elem;
	}
	return NULL;
}

static int
service_port(const char *s)
{
	char	*end;
	long	 v;

	if (streq(s, "ssh"))
		return 22;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || v < 0 || v > 65535)
		return -1;
	return (int)v;
}

/* A port given as a number or a service name; -1 if it is neither. */
static long long
port_value(const json_t *v)
{
	if (json_is_number(v))
		return js_int(v);
	if (json_is_string(v))
		return service_port(json_string_value(v));
	return -1;
}

/* An element's value: {"elem": {"val": X, ...}} holds X. */
static const json_t *
elem_val(const json_t *e)
{
	const json_t	*val = json_object_get(json_object_get(e, "elem"), "val");

	return val != NULL ? val : e;
}

/* Fold one element's match into a list's: any YES wins, then MAYBE, then SRC. */
static enum tri
tri_any(enum tri res, enum tri m)
{
	if (m == M_YES || m == M_MAYBE)
		return res == M_YES ? M_YES : m;
	if (m == M_SRC && res == M_NO)
		return M_SRC;
	return res;
}

static enum tri
port_in(const struct fw_nft *n, const struct nft_rule *r, const json_t *v, int port, int depth)
{
	const json_t	*x, *val;
	const char	*kind, *s;
	enum tri	 res = M_NO;
	size_t		 i;
	long long	 lo, hi;
	int		 p;

	if (v == NULL || depth > 4)
		return M_MAYBE;
	v = elem_val(v);
	if (json_is_number(v))
		return tri_bool(js_int(v) == port);
	if ((s = json_string_value(v)) != NULL) {
		if (s[0] == '@') {
			x = nft_set_elems(n, r, s + 1);
			return x == NULL ? M_NO : port_in(n, r, x, port, depth + 1);
		}
		if ((p = service_port(s)) < 0)
			return M_MAYBE;
		return tri_bool(p == port);
	}
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v) && res != M_YES; i++)
			res = tri_any(res, port_in(n, r, json_array_get(v, i), port, depth + 1));
		return res;
	}
	if ((kind = js_kind(v, &val)) == NULL)
		return M_MAYBE;
	if (streq(kind, "set"))
		return port_in(n, r, val, port, depth + 1);
	if (streq(kind, "range") && json_array_size(val) == 2) {
		lo = port_value(json_array_get(val, 0));
		hi = port_value(json_array_get(val, 1));
		if (lo < 0 || hi < 0)
			return M_MAYBE;
		return tri_bool(port >= lo && port <= hi);
	}
	return M_MAYBE;
}

/* An address the generic client (no --client-ip) may or may not come from. */
static enum tri
addr_net(const struct fw_packet *pkt, const struct ipnet *net, char *why)
{
	char	 text[80];

	if (net->family != pkt->family)
		return M_NO;
	if (net->bits == 0)
		return M_YES;
	if (!pkt->have_src) {
		ipnet_format(net, text, sizeof text);
		why_set(why, "source %s only", text);
		return M_SRC;
	}
	return tri_bool(ipnet_contains(net, &pkt->src));
}

static enum tri
addr_in(const struct fw_nft *n, const struct nft_rule *r, const struct fw_packet *pkt,
    const json_t *v, char *why, int depth)
{
	const json_t	*x, *val, *len;
	const char	*kind, *s, *a, *s0, *s1;
	struct ipnet	 net, lo, hi;
	enum tri	 res = M_NO;
	size_t		 i;
	char		 text[80];

	if (v == NULL || depth > 4)
		return M_MAYBE;
	v = elem_val(v);
	if ((s = json_string_value(v)) != NULL && s[0] == '@') {
		if (!pkt->have_src) {
			why_set(why, "sources in set %s only", s);
			return M_SRC;
		}
		x = nft_set_elems(n, r, s + 1);
		return x == NULL ? M_NO : addr_in(n, r, pkt, x, why, depth + 1);
	}
	if (s != NULL)
		return ipnet_parse_str(s, &net) != 0 ? M_MAYBE : addr_net(pkt, &net, why);
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v) && res != M_YES; i++)
			res = tri_any(res, addr_in(n, r, pkt, json_array_get(v, i), why, depth + 1));
		return res;
	}
	if ((kind = js_kind(v, &val)) == NULL)
		return M_MAYBE;
	if (streq(kind, "set"))
		return addr_in(n, r, pkt, val, why, depth + 1);
	if (streq(kind, "prefix")) {
		a = js_str(val, "addr");
		len = json_object_get(val, "len");
		if (a == NULL || !json_is_number(len) || js_int(len) < 0 || js_int(len) > 128)
			return M_MAYBE;
		snprintf(text, sizeof text, "%s/%lld", a, js_int(len));
		return ipnet_parse_str(text, &net) != 0 ? M_MAYBE : addr_net(pkt, &net, why);
	}
	s0 = json_string_value(json_array_get(val, 0));
	s1 = json_string_value(json_array_get(val, 1));
	if (streq(kind, "range") && json_array_size(val) == 2 && s0 != NULL && s1 != NULL &&
	    ipnet_parse_str(s0, &lo) == 0 && ipnet_parse_str(s1, &hi) == 0) {
		if (!pkt->have_src) {
			why_set(why, "source range from %s only", s0);
			return M_SRC;
		}
		if (lo.family != pkt->src.family || hi.family != pkt->src.family)
			return M_NO;
		return tri_bool(memcmp(pkt->src.addr, lo.addr, 16) >= 0 &&
		    memcmp(pkt->src.addr, hi.addr, 16) <= 0);
	}
	return M_MAYBE;
}

/* Does a word list (string, array, set) hold word? -1 if it cannot tell. */
static int
words_have(const json_t *v, const char *word)
{
	const json_t	*val;
	const char	*kind;
	size_t		 i;
	int		 r, res = 0;

	if (v == NULL)
		return -1;
	if (json_is_string(v))
		return strcasecmp(json_string_value(v), word) == 0;
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			if ((r = words_have(json_array_get(v, i), word)) == 1)
				return 1;
			if (r < 0)
				res = -1;
		}
		return res;
	}
	if ((kind = js_kind(v, &val)) != NULL && streq(kind, "set"))
		return words_have(val, word);
	return -1;
}

static enum tri
from_words(const json_t *v, const char *word)
{
	int	 r = words_have(v, word);

	return r < 0 ? M_MAYBE : tri_bool(r);
}

/* A protocol given by name or by number (6 is TCP). */
static enum tri
proto_tcp(const json_t *right)
{
	enum tri	 res = from_words(right, "tcp");

	if (res != M_YES && json_is_number(right))
		res = tri_bool(js_int(right) == 6);
	return res;
}

/* TCP flags of a SYN (2) against a flag list. */
static int
nft_flags(const json_t *v)
{
	static const char *const names[] = { "fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr" };
	size_t	 i;
	int	 bits = 0, b;

	if (v == NULL)
		return -1;
	if (json_is_number(v))
		return (int)(js_int(v) & 0xff);
	if (json_is_string(v)) {
		for (i = 0; i < sizeof names / sizeof names[0]; i++) {
			if (strcmp(json_string_value(v), names[i]) == 0)
				return 1 << i;
		}
		return -1;
	}
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			if ((b = nft_flags(json_array_get(v, i))) < 0)
				return -1;
			bits |= b;
		}
		return bits;
	}
	return -1;
}

/* One "match" expression of an nft rule. */
static enum tri
nft_match(const struct fw_nft *n, const struct nft_rule *r, const struct fw_packet *pkt,
    const json_t *m, char *why)
{
	const char	*op = js_str(m, "op"), *kind, *proto, *field, *key;
	const json_t	*left = json_object_get(m, "left"), *right = json_object_get(m, "right");
	const json_t	*val;
	enum tri	 res = M_MAYBE;
	int		 neg, ordered;

	if (op == NULL)
		op = "==";
	neg = strcmp(op, "!=") == 0;
	ordered = op[0] == '<' || op[0] == '>';
	if ((kind = js_kind(left, &val)) == NULL) {
		why_set(why, "a match sshdoc does not read%s", "");
		return M_MAYBE;
	}
	if (streq(kind, "payload")) {
		proto = js_str(val, "protocol");
		field = js_str(val, "field");
		if (streq(field, "dport") && (streq(proto, "tcp") || streq(proto, "th"))) {
			if (ordered) {
				const json_t	*rv = right != NULL ? elem_val(right) : NULL;
				long long	 x;

				if (!json_is_number(rv))
					return M_MAYBE;
				x = js_int(rv);
				if (strcmp(op, "<") == 0)
					return tri_bool(pkt->port < x);
				if (strcmp(op, "<=") == 0)
					return tri_bool(pkt->port <= x);
				if (strcmp(op, ">") == 0)
					return tri_bool(pkt->port > x);
				return tri_bool(pkt->port >= x);
			}
			res = port_in(n, r, right, pkt->port, 0);
		} else if (streq(field, "sport") && (streq(proto, "tcp") || streq(proto, "th"))) {
			why_set(why, "source port%s", "");
			return M_MAYBE;
		} else if (streq(proto, "udp") || streq(proto, "sctp") || streq(proto, "dccp") ||
		    streq(proto, "icmp") || streq(proto, "icmpv6") || streq(proto, "udplite")) {
			return M_NO;	/* the header of another protocol: not a TCP packet */
		} else if (streq(field, "saddr") && (streq(proto, "ip") || streq(proto, "ip6"))) {
			if ((pkt->family == AF_INET) != streq(proto, "ip"))
				return M_NO;
			res = addr_in(n, r, pkt, right, why, 0);
		} else if (streq(field, "daddr") && (streq(proto, "ip") || streq(proto, "ip6"))) {
			if ((pkt->family == AF_INET) != streq(proto, "ip"))
				return M_NO;
			why_set(why, "destination address%s", "");
			return M_MAYBE;
		} else if ((streq(proto, "ip") && streq(field, "protocol")) ||
		    (streq(proto, "ip6") && streq(field, "nexthdr"))) {
			if ((pkt->family == AF_INET) != streq(proto, "ip"))
				return M_NO;
			res = proto_tcp(right);
		} else if (streq(proto, "tcp") && streq(field, "flags")) {
			int want = nft_flags(right);

			if (want < 0)
				return M_MAYBE;
			/* op "in" (tcp flags syn): some of them; "==": exactly */
			res = strcmp(op, "in") == 0 ? tri_bool((2 & want) != 0) : tri_bool(want == 2);
		} else if (streq(proto, "tcp")) {
			why_set(why, "tcp %s", nz(field));
			return M_MAYBE;
		} else {
			why_set(why, "header field %s", nz(field));
			return M_MAYBE;
		}
	} else if (streq(kind, "meta")) {
		key = js_str(val, "key");
		if (streq(key, "l4proto")) {
			res = proto_tcp(right);
		} else if (streq(key, "nfproto")) {
			res = from_words(right, pkt->family == AF_INET ? "ipv4" : "ipv6");
		} else if (streq(key, "protocol")) {
			res = from_words(right, pkt->family == AF_INET ? "ip" : "ip6");
		} else if (streq(key, "iif") || streq(key, "iifname")) {
			if (words_have(right, "lo") == 1)
				res = tri_bool(pkt->loopback);
			else if (pkt->loopback)
				res = M_NO;
			else {
				why_set(why, "input interface%s", "");
				res = M_MAYBE;
			}
		} else if (streq(key, "iiftype")) {
			res = tri_bool(words_have(right, "loopback") == 1 ? pkt->loopback :
			    !pkt->loopback);
		} else {
			why_set(why, "meta %s", nz(key));
			return M_MAYBE;
		}
	} else if (streq(kind, "ct")) {
		key = js_str(val, "key");
		if (!streq(key, "state")) {
			why_set(why, "ct %s", nz(key));
			return M_MAYBE;
		}
		res = from_words(right, "new");
	} else if (streq(kind, "fib")) {
		if (words_have(right, "local") == 1)
			res = M_YES;
		else if (words_have(right, "broadcast") == 1 || words_have(right, "multicast") == 1)
			res = M_NO;
		else {
			why_set(why, "a routing lookup (fib)%s", "");
			return M_MAYBE;
		}
	} else if (streq(kind, "&") && json_array_size(val) == 2) {
		const char	*k2;
		const json_t	*v2;
		int		 mask = nft_flags(json_array_get(val, 1)), want = nft_flags(right);

		if ((k2 = js_kind(json_array_get(val, 0), &v2)) == NULL || !streq(k2, "payload") ||
		    !streq(js_str(v2, "protocol"), "tcp") || !streq(js_str(v2, "field"), "flags") ||
		    mask < 0 || want < 0) {
			why_set(why, "a bitwise match%s", "");
			return M_MAYBE;
		}
		res = tri_bool((2 & mask) == want);
	} else {
		why_set(why, "%s match", kind);
		return M_MAYBE;
	}
	return neg ? tri_not(res) : res;
}

/* The rule's text from `nft -a list ruleset`, else a description. */
static const char *
nft_rule_text(struct fw_nft *n, const struct nft_rule *r, size_t *len)
{
	const char	*p = n->text, *end = n->text != NULL ? n->text + n->textlen : NULL;
	const char	*nl, *h, *s;
	char		 tab[256], suffix[40];
	size_t		 ll, sl;
	int		 in_table = 0;

	snprintf(tab, sizeof tab, "table %s %s ", r->family, r->table);
	snprintf(suffix, sizeof suffix, "# handle %lld", r->handle);
	sl = strlen(suffix);
	while (p != NULL && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		ll = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		s = p;
		p = nl != NULL ? nl + 1 : end;
		while (ll > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			ll--;
		}
		if (ll >= 6 && memcmp(s, "table ", 6) == 0) {
			in_table = ll >= strlen(tab) && memcmp(s, tab, strlen(tab)) == 0;
			continue;
		}
		if (!in_table || ll < sl || (h = memmem(s, ll, suffix, sl)) == NULL ||
		    (size_t)(h - s) + sl != ll)
			continue;
		while (h > s && h[-1] == ' ')
			h--;
		*len = (size_t)(h - s);
		return s;
	}
	snprintf(n->line, sizeof n->line, "rule handle %lld in %s %s chain %s", r->handle,
	    r->family, r->table, r->chain);
	*len = strlen(n->line);
	return n->line;
}

/* A verdict statement (accept, drop, reject, jump, goto, return) as an action. */
static void
nft_verdict(struct fw_nft *n, const struct nft_rule *r, const char *kind, const json_t *val,
    struct fw_action *a)
{
	const char	*rtype;

	if (streq(kind, "accept") || streq(kind, "drop") || streq(kind, "reject")) {
		a->act = ACT_VERDICT;
		a->rule = nft_rule_text(n, r, &a->rule_len);
		if (streq(kind, "accept"))
			a->verdict = FW_ACCEPT;
		else if (streq(kind, "drop"))
			a->verdict = FW_DROP;
		else {
			a->verdict = FW_REJECT;
			rtype = js_str(val, "type");
			if (streq(rtype, "tcp reset"))
				rtype = "tcp-reset";
			else if (js_str(val, "expr") != NULL)
				rtype = js_str(val, "expr");
			else if (rtype == NULL)
				rtype = "icmp-port-unreachable";
			a->reject_with = rtype;
		}
	} else if (streq(kind, "return"))
		a->act = ACT_RETURN;
	else if ((streq(kind, "jump") || streq(kind, "goto")) &&
	    (a->target = js_str(val, "target")) != NULL)
		a->act = streq(kind, "goto") ? ACT_GOTO : ACT_JUMP;
	/* continue, queue and the like change nothing */
}

/* tcp dport vmap { 22 : drop, ... }: the port picks the verdict. -1 if sshdoc cannot read it. */
static int
nft_vmap(struct fw_nft *n, const struct nft_rule *r, const struct fw_packet *pkt,
    const json_t *val, struct fw_action *a)
{
	const json_t	*set, *kv, *pv;
	const char	*k2, *vk;
	size_t		 k;

	set = json_object_get(json_object_get(val, "data"), "set");
	if ((k2 = js_kind(json_object_get(val, "key"), &pv)) == NULL || !streq(k2, "payload") ||
	    !streq(js_str(pv, "field"), "dport") || !json_is_array(set))
		return -1;
	for (k = 0; k < json_array_size(set); k++) {
		kv = json_array_get(set, k);
		if (json_array_size(kv) != 2)
			continue;
		if (port_in(n, r, json_array_get(kv, 0), pkt->port, 0) == M_YES &&
		    (vk = js_kind(json_array_get(kv, 1), &pv)) != NULL) {
			nft_verdict(n, r, vk, pv, a);
			break;
		}
	}
	return 0;
}

/* What rule idx does to pkt: its matches up to its verdict. */
static void
nft_read(void *arg, size_t idx, const struct fw_packet *pkt, struct fw_action *a)
{
	static const char *const verdicts[] = {
		"accept", "drop", "reject", "jump", "goto", "return", "continue", "queue"
	};
	static const char *const statements[] = {
		"counter", "log", "set", "mangle", "notrack", "dup", "fwd", "snat", "dnat",
		"masquerade", "redirect", "tproxy", "ct helper", "ct timeout", "ct expectation",
		"secmark", "synproxy", "flow", "xt target",
	};
	struct fw_nft		*n = arg;
	const struct nft_rule	*r = &n->rules[idx];
	const json_t		*val;
	const char		*kind;
	size_t			 i, k;

	a->match = M_YES;
	for (i = 0; i < json_array_size(r->expr) && a->match != M_NO; i++) {
		if ((kind = js_kind(json_array_get(r->expr, i), &val)) == NULL)
			continue;
		if (streq(kind, "match")) {
			a->match = tri_and(a->match, nft_match(n, r, pkt, val, a->why));
			continue;
		}
		for (k = 0; k < sizeof verdicts / sizeof verdicts[0]; k++) {
			if (streq(kind, verdicts[k])) {
				nft_verdict(n, r, kind, val, a);
				return;
			}
		}
		if (streq(kind, "vmap")) {
			if (nft_vmap(n, r, pkt, val, a) == 0)
				return;
			why_set(a->why, "a verdict map%s", "");
			a->match = tri_and(a->match, M_MAYBE);
			continue;
		}
		for (k = 0; k < sizeof statements / sizeof statements[0]; k++) {
			if (streq(kind, statements[k]))
				break;
		}
		if (k < sizeof statements / sizeof statements[0])
			continue;
		if (streq(kind, "xt"))
			why_set(a->why, "iptables extension %s", nz(js_str(val, "name")));
		else if (streq(kind, "limit") || streq(kind, "quota") || streq(kind, "meter") ||
		    streq(kind, "ct count"))
			why_set(a->why, "%s", kind);
		else
			why_set(a->why, "statement %s", kind);
		a->match = tri_and(a->match, M_MAYBE);
	}
}

static int
chain_cmp(const void *a, const void *b)
{
	const struct nft_chain *x = a, *y = b;

	if (x->hookorder != y->hookorder)
		return x->hookorder - y->hookorder;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Priorities may be numbers or names ("filter" is 0, "raw" -300, "mangle" -150). */
static long long
nft_prio(const json_t *p)
{
	if (json_is_number(p))
		return js_int(p);
	if (streq(json_string_value(p), "raw"))
		return -300;
	if (streq(json_string_value(p), "mangle"))
		return -150;
	if (streq(json_string_value(p), "security"))
		return 50;
	return 0;
}

/* A filter chain on the prerouting or input hook, or nothing. */
static void
add_chain(struct fw_nft *n, const json_t *val)
{
	const char		*hook = js_str(val, "hook"), *type = js_str(val, "type");
	struct nft_chain	*c;

	if (hook == NULL || (!streq(hook, "input") && !streq(hook, "prerouting")))
		return;
	if (type != NULL && !streq(type, "filter"))
		return;
	n->chains = xreallocarray(n->chains, n->nchains + 1, sizeof *n->chains);
	c = &n->chains[n->nchains];
	c->family = js_str(val, "family");
	c->table = js_str(val, "table");
	c->name = js_str(val, "name");
	c->policy = js_str(val, "policy");
	c->prio = nft_prio(json_object_get(val, "prio"));
	c->hookorder = streq(hook, "input");
	c->order = n->nchains++;
}

/* Chains, rules and sets of the dump, rules keyed by chain. */
static void
nft_read_list(struct fw_nft *n, const json_t *list, int skip_xtables)
{
	const json_t	*val;
	const char	*kind;
	struct nft_rule	*r;
	struct nft_set	*s;
	size_t		 i;

	for (i = 0; i < json_array_size(list); i++) {
		if ((kind = js_kind(json_array_get(list, i), &val)) == NULL)
			continue;
		if (skip_xtables && xtables_table(js_str(val, "family"), js_str(val, "table"))) {
			if (streq(kind, "rule"))
				n->skipped++;
			continue;
		}
		if (streq(kind, "chain"))
			add_chain(n, val);
		else if (streq(kind, "rule")) {
			if (n->nrules >= FW_RULES_MAX) {
				n->skipped++;
				continue;
			}
			n->rules = xreallocarray(n->rules, n->nrules + 1, sizeof *n->rules);
			r = &n->rules[n->nrules++];
			r->family = js_str(val, "family");
			r->table = js_str(val, "table");
			r->chain = js_str(val, "chain");
			r->handle = js_int(json_object_get(val, "handle"));
			r->expr = json_object_get(val, "expr");
		} else if (streq(kind, "set") || streq(kind, "map")) {
			n->sets = xreallocarray(n->sets, n->nsets + 1, sizeof *n->sets);
			s = &n->sets[n->nsets++];
			s->family = js_str(val, "family");
			s->table = js_str(val, "table");
			s->name = js_str(val, "name");
			s->elem = json_object_get(val, "elem");
		}
	}
	n->keys = xreallocarray(NULL, n->nrules + 1, sizeof *n->keys);
	for (i = 0; i < n->nrules; i++) {
		/* a rule without its names belongs to no chain: key it apart */
		n->keys[i].family = n->rules[i].family != NULL ? n->rules[i].family : "\001";
		n->keys[i].table = n->rules[i].table != NULL ? n->rules[i].table : "\001";
		n->keys[i].chain = n->rules[i].chain != NULL ? n->rules[i].chain : "\001";
		n->keys[i].idx = i;
	}
	fw_rkeys_sort(n->keys, n->nrules);
	if (n->nchains > 1)
		qsort(n->chains, n->nchains, sizeof *n->chains, chain_cmp);
}

int
fw_nft_load(const char *json, size_t len, const char *nft_text, size_t textlen,
    int skip_xtables, struct fw_nft **out, char **cause)
{
	struct fw_nft	*n;
	json_t		*root;
	const json_t	*list;

	*out = NULL;
	if ((root = js_load(json, len, FW_JSON_MAX, JS_DEPTH_MAX, cause)) == NULL)
		return -1;
	if (!json_is_array(list = json_object_get(root, "nftables"))) {
		json_decref(root);
		return set_cause(cause, "no \"nftables\" array: not nft -j output");
	}
	n = xcalloc(1, sizeof *n);
	n->root = root;
	n->text = nft_text;
	n->textlen = nft_text != NULL ? textlen : 0;
	nft_read_list(n, list, skip_xtables);
	*out = n;
	return 0;
}

void
fw_nft_walk(struct fw_nft *n, const struct fw_packet *pkt, struct fw_eval *ev)
{
	struct fw_rules	 rs;
	struct fw_base	*bases;
	size_t		 i, nb = 0;

	memset(ev, 0, sizeof *ev);
	ev->rules = n->nrules;
	ev->skipped = n->skipped;
	bases = xreallocarray(NULL, n->nchains + 1, sizeof *bases);
	for (i = 0; i < n->nchains; i++) {
		if (n->chains[i].family == NULL || n->chains[i].table == NULL ||
		    n->chains[i].name == NULL || !family_fits(n->chains[i].family, pkt->family))
			continue;
		bases[nb].family = n->chains[i].family;
		bases[nb].table = n->chains[i].table;
		bases[nb].name = n->chains[i].name;
		bases[nb].policy = n->chains[i].policy;
		nb++;
	}
	memset(&rs, 0, sizeof rs);
	rs.keys = n->keys;
	rs.nkeys = n->nrules;
	rs.arg = n;
	rs.read = nft_read;
	fw_walk(&rs, bases, nb, pkt, ev);
	free(bases);
}

void
fw_nft_free(struct fw_nft *n)
{
	if (n == NULL)
		return;
	free(n->chains);
	free(n->rules);
	free(n->keys);
	free(n->sets);
	json_decref(n->root);
	free(n);
}

int
fw_nft_eval(const char *json, size_t len, const char *nft_text, size_t textlen,
    const struct fw_packet *pkt, int skip_xtables, struct fw_eval *ev, char **cause)
{
	struct fw_nft	*n;

	memset(ev, 0, sizeof *ev);
	if (fw_nft_load(json, len, nft_text, textlen, skip_xtables, &n, cause) != 0)
		return -1;
	fw_nft_walk(n, pkt, ev);
	fw_nft_free(n);
	return 0;
}
