/* firewall-parse.c: reads iptables-save and `nft -j list ruleset` output and follows a new TCP connection to the SSH port through the input path (pure). */
#include <sys/socket.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/parse/firewall-parse.h"
#include "lib/xmalloc.h"

/*
 * Matching: a rule matches the packet, does not, or may (sshdoc cannot
 * tell). M_SRC: without a client address, the rule matches some source
 * addresses only, which the generic client is not among.
 */
enum tri {
	M_NO,
	M_YES,
	M_MAYBE,
	M_SRC,
};

enum walk_result {
	R_GO_ON,		/* fell off the chain's end or returned: the caller goes on */
	R_ACCEPT,		/* accepted for sure in this base chain */
	R_FINAL,		/* dropped or rejected for sure */
	R_RETURN,		/* a rule returned from the chain (or a goto's chain ended) */
};

#define WHY_MAX		160

/* Where a walk stands. */
struct walk {
	const struct fw_packet	*pkt;
	struct fw_eval		*ev;
	int			 certain;	/* the packet surely reaches the rule at hand */
	int			 forks;		/* rules that may have taken the packet so far */
	int			 lost;		/* an earlier base chain may have dropped it */
	size_t			 steps;		/* rules visited, against FW_STEPS_MAX */
	const char		*stack[FW_DEPTH_MAX + 2];	/* chains being walked */
	int			 nstack;
	char			 ctx_why[WHY_MAX];	/* why the chain at hand may not be reached */
};

static enum tri
tri_and(enum tri a, enum tri b)
{
	if (a == M_NO || b == M_NO)
		return M_NO;
	if (a == M_MAYBE || b == M_MAYBE)
		return M_MAYBE;
	if (a == M_SRC || b == M_SRC)
		return M_SRC;
	return M_YES;
}

static enum tri
tri_not(enum tri a)
{
	if (a == M_YES)
		return M_NO;
	if (a == M_NO || a == M_SRC)
		return M_YES;	/* "all but these sources" takes the generic client */
	return M_MAYBE;
}

static enum tri
tri_bool(int b)
{
	return b ? M_YES : M_NO;
}

/* Keep the first reason a match could not be decided. */
static void __attribute__((format(printf, 2, 3)))
why_set(char *why, const char *fmt, ...)
{
	va_list	 ap;

	if (why[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(why, WHY_MAX, fmt, ap);
	va_end(ap);
}

const char *
fw_verdict_name(enum fw_verdict v)
{
	switch (v) {
	case FW_ACCEPT:
		return "accept";
	case FW_DROP:
		return "drop";
	case FW_REJECT:
		return "reject";
	default:
		return "none";
	}
}

static void
hit_free(struct fw_hit *h)
{
	free(h->rule);
	free(h->chain);
	free(h->reject_with);
	free(h->depends);
	memset(h, 0, sizeof *h);
}

void
fw_eval_free(struct fw_eval *ev)
{
	size_t	 i;

	hit_free(&ev->decided);
	for (i = 0; i < FW_MAYBE_MAX; i++)
		hit_free(&ev->maybe[i]);
	hit_free(&ev->maybe_accept);
	memset(ev, 0, sizeof *ev);
}

static void
hit_set(struct fw_hit *h, enum fw_verdict v, const char *rule, size_t rlen, const char *chain,
    const char *reject_with, const char *depends, int policy)
{
	if (h->verdict != FW_NONE)
		return;
	h->verdict = v;
	if (rlen > FW_TEXT_MAX)
		rlen = FW_TEXT_MAX;
	h->rule = xstrndup(rule, rlen);
	h->chain = xstrdup(chain);
	h->reject_with = reject_with != NULL ? xstrdup(reject_with) : NULL;
	h->depends = depends != NULL && depends[0] != '\0' ? xstrdup(depends) : NULL;
	h->policy = policy;
}

/* Note a drop or reject that may apply; returns it, or NULL if there are enough. */
static struct fw_hit *
maybe_add(struct fw_eval *ev, enum fw_verdict v, const char *rule, size_t rlen,
    const char *chain, const char *reject_with, const char *depends, int policy)
{
	if (ev->nmaybe >= FW_MAYBE_MAX) {
		ev->maybe_more++;
		return NULL;
	}
	hit_set(&ev->maybe[ev->nmaybe], v, rule, rlen, chain, reject_with, depends, policy);
	return &ev->maybe[ev->nmaybe++];
}

/*
 * A rule with a verdict matched (YES, MAYBE or SRC). Decides the packet when
 * the match is certain and nothing before may have taken it; otherwise notes
 * the possibility and goes on. A rule for other sources leaves the generic
 * client's path as it was.
 */
static enum walk_result
terminal(struct walk *w, enum tri r, const char *why, enum fw_verdict v, const char *rule,
    size_t rlen, const char *chain, const char *reject_with)
{
	const char	*depends = why;

	if (r == M_YES && w->certain) {
		if (v == FW_ACCEPT)
			return R_ACCEPT;
		hit_set(&w->ev->decided, v, rule, rlen, chain, reject_with, NULL, 0);
		return R_FINAL;
	}
	if (depends == NULL || depends[0] == '\0')
		depends = w->ctx_why[0] != '\0' ? w->ctx_why :
		    "an earlier rule may accept the packet first";
	if (v == FW_ACCEPT)
		hit_set(&w->ev->maybe_accept, v, rule, rlen, chain, NULL, depends, 0);
	else {
		struct fw_hit *h = maybe_add(w->ev, v, rule, rlen, chain, reject_with, depends, 0);

		if (h != NULL)
			h->some_sources = r == M_SRC && w->certain;
	}
	if (r != M_SRC) {
		w->certain = 0;
		w->forks++;
	}
	return R_GO_ON;
}

/*
 * A jump to a chain being walked already: a loop (which iptables and nft
 * refuse to load, but a dump can be anything), or nested too deep to follow.
 * What it would do stays open.
 */
static int
no_entry(struct walk *w, const char *chain, int depth)
{
	int	 i;

	for (i = 0; i < w->nstack; i++) {
		if (strcmp(w->stack[i], chain) == 0)
			break;
	}
	if (i == w->nstack && depth < FW_DEPTH_MAX)
		return 0;
	w->ev->incomplete = 1;
	w->certain = 0;
	return 1;
}

/* One more rule visited; past the budget, the walk stops deciding anything. */
static int
exhausted(struct walk *w)
{
	if (++w->steps <= FW_STEPS_MAX)
		return 0;
	w->ev->incomplete = 1;
	w->certain = 0;
	w->lost = 1;
	return 1;
}

/* The end of a base chain: its policy. */
static enum walk_result
policy_end(struct walk *w, const char *policy, const char *chain)
{
	char	 text[128];
	int	 drop;

	if (policy == NULL)
		return R_GO_ON;
	drop = strcasecmp(policy, "drop") == 0;
	if (!drop)
		return R_GO_ON;
	w->ev->restrictive = 1;
	snprintf(text, sizeof text, "%s policy %s", chain, policy);
	if (w->certain) {
		hit_set(&w->ev->decided, FW_DROP, text, strlen(text), chain, NULL,
		    NULL, 1);
		return R_FINAL;
	}
	(void)maybe_add(w->ev, FW_DROP, text, strlen(text), chain, NULL,
	    "unless a rule before it accepts the packet", 1);
	return R_GO_ON;
}

/*
 * Rules by chain: keys sorted by (family, table, chain, position), so a walk
 * finds a chain's rules by binary search instead of scanning every rule.
 */
struct rkey {
	const char	*family;	/* "" for iptables */
	const char	*table;
	const char	*chain;
	size_t		 idx;		/* the rule's position */
};

static int
strcmp_null(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

static int
rkey_cmp_chain(const struct rkey *a, const char *family, const char *table, const char *chain)
{
	int	 c;

	if ((c = strcmp_null(a->family, family)) != 0)
		return c;
	if ((c = strcmp_null(a->table, table)) != 0)
		return c;
	return strcmp_null(a->chain, chain);
}

static int
rkey_cmp(const void *x, const void *y)
{
	const struct rkey *a = x, *b = y;
	int		 c = rkey_cmp_chain(a, b->family, b->table, b->chain);

	if (c != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The first key of a chain (n if it has no rules). */
static size_t
rkey_find(const struct rkey *k, size_t n, const char *family, const char *table,
    const char *chain)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rkey_cmp_chain(&k[mid], family, table, chain) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---------------------------------------------------------------- iptables */

#define IPT_TOKENS_MAX	256

struct ipt_rule {
	char		*table;
	char		*chain;
	const char	*line;		/* the -A line as printed */
	size_t		 len;
	char		**tok;		/* its words, quotes removed */
	size_t		 ntok;
};

struct ipt_chain {
	char		*table;
	char		*name;
	char		*policy;	/* "ACCEPT", "DROP", or "-" for user chains */
};

struct ipt {
	struct ipt_rule	*rules;
	size_t		 nrules;
	struct rkey	*keys;		/* rules by chain */
	struct ipt_chain *chains;
	size_t		 nchains;
};

/* Split an iptables-save line into words; "double quoted" words keep their spaces. */
static size_t
tokenize(const char *s, size_t len, char ***out)
{
	char	**v = NULL, *w;
	size_t	 n = 0, i = 0, k;

	while (i < len && n < IPT_TOKENS_MAX) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= len)
			break;
		w = xmalloc(len - i + 1);
		k = 0;
		if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < len)
					i++;
				w[k++] = s[i];
			}
			i++;
		} else {
			while (i < len && s[i] != ' ' && s[i] != '\t')
				w[k++] = s[i++];
		}
		w[k] = '\0';
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = w;
	}
	*out = v;
	return n;
}

static int	 ipt_chain_cmp(const void *, const void *);

static void
ipt_free(struct ipt *t)
{
	size_t	 i, k;

	for (i = 0; i < t->nrules; i++) {
		free(t->rules[i].table);
		free(t->rules[i].chain);
		for (k = 0; k < t->rules[i].ntok; k++)
			free(t->rules[i].tok[k]);
		free(t->rules[i].tok);
	}
	free(t->rules);
	free(t->keys);
	for (i = 0; i < t->nchains; i++) {
		free(t->chains[i].table);
		free(t->chains[i].name);
		free(t->chains[i].policy);
	}
	free(t->chains);
	memset(t, 0, sizeof *t);
}

static int
ipt_parse(const char *text, size_t len, struct ipt *t, struct fw_eval *ev, char **cause)
{
	const char	*p = text, *end = text + len, *nl, *line;
	char		 table[32] = "", **tok;
	size_t		 llen, ntok, k;
	int		 tables = 0;

	memset(t, 0, sizeof *t);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		llen = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		line = p;
		p = nl != NULL ? nl + 1 : end;
		while (llen > 0 && (line[llen - 1] == '\r' || line[llen - 1] == ' '))
			llen--;
		if (llen == 0 || line[0] == '#')
			continue;
		if (line[0] == '*') {
			snprintf(table, sizeof table, "%.*s", (int)(llen - 1 < 31 ? llen - 1 : 31),
			    line + 1);
			tables++;
			continue;
		}
		if (table[0] == '\0' || (llen == 6 && memcmp(line, "COMMIT", 6) == 0))
			continue;
		ntok = tokenize(line, llen, &tok);
		k = 0;
		if (ntok > 0 && tok[0][0] == '[')	/* iptables-save -c: "[pkts:bytes] -A ..." */
			k = 1;
		if (line[0] == ':' && ntok >= 2 && t->nchains < FW_RULES_MAX) {
			t->chains = xreallocarray(t->chains, t->nchains + 1, sizeof *t->chains);
			t->chains[t->nchains].table = xstrdup(table);
			t->chains[t->nchains].name = xstrdup(tok[0] + 1);
			t->chains[t->nchains].policy = xstrdup(tok[1]);
			t->nchains++;
		} else if (ntok >= k + 2 && strcmp(tok[k], "-A") == 0) {
			if (t->nrules >= FW_RULES_MAX) {
				ev->skipped++;
			} else {
				struct ipt_rule *r;

				t->rules = xreallocarray(t->rules, t->nrules + 1, sizeof *t->rules);
				r = &t->rules[t->nrules++];
				r->table = xstrdup(table);
				r->chain = xstrdup(tok[k + 1]);
				r->line = line;
				r->len = llen;
				r->tok = tok;
				r->ntok = ntok;
				tok = NULL;
				ntok = 0;
			}
		}
		for (k = 0; k < ntok; k++)
			free(tok[k]);
		free(tok);
	}
	if (tables == 0 && len > 0) {
		xasprintf(cause, "no \"*table\" line: not iptables-save output");
		ipt_free(t);
		return -1;
	}
	ev->rules += t->nrules;
	t->keys = xreallocarray(NULL, t->nrules + 1, sizeof *t->keys);
	for (k = 0; k < t->nrules; k++) {
		t->keys[k].family = "";
		t->keys[k].table = t->rules[k].table;
		t->keys[k].chain = t->rules[k].chain;
		t->keys[k].idx = k;
	}
	qsort(t->keys, t->nrules, sizeof *t->keys, rkey_cmp);
	if (t->nchains > 1)
		qsort(t->chains, t->nchains, sizeof *t->chains, ipt_chain_cmp);
	return 0;
}

static int
ipt_chain_cmp(const void *x, const void *y)
{
	const struct ipt_chain *a = x, *b = y;
	int		 c = strcmp(a->table, b->table);

	return c != 0 ? c : strcmp(a->name, b->name);
}

/* A chain declared in the dump (chains are sorted after parsing). */
static const struct ipt_chain *
ipt_chain(const struct ipt *t, const char *table, const char *name)
{
	struct ipt_chain key;

	key.table = (char *)table;
	key.name = (char *)name;
	key.policy = NULL;
	return t->nchains == 0 ? NULL :
	    bsearch(&key, t->chains, t->nchains, sizeof *t->chains, ipt_chain_cmp);
}

/* "22", "20:30", ":1024", "1024:" against port. */
static int
port_range_has(const char *s, int port)
{
	const char	*colon = strchr(s, ':');
	long		 lo, hi;
	char		*end;

	if (colon == NULL) {
		lo = strtol(s, &end, 10);
		return end != s && *end == '\0' && lo == port;
	}
	lo = colon == s ? 0 : strtol(s, &end, 10);
	hi = colon[1] == '\0' ? 65535 : strtol(colon + 1, &end, 10);
	return port >= lo && port <= hi;
}

/* "22,80,1000:2000" (multiport). */
static int
port_list_has(const char *s, int port)
{
	char	*copy = xstrdup(s), *tok, *save = NULL;
	int	 found = 0;

	for (tok = strtok_r(copy, ",", &save); tok != NULL && !found;
	    tok = strtok_r(NULL, ",", &save))
		found = port_range_has(tok, port);
	free(copy);
	return found;
}

static enum tri
addr_match(const struct fw_packet *pkt, const char *list, char *why)
{
	char		*copy = xstrdup(list), *tok, *save = NULL;
	struct ipnet	 n;
	enum tri	 r = M_NO;

	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if (ipnet_parse_str(tok, &n) != 0) {
			r = M_MAYBE;
			why_set(why, "address %s", tok);
			continue;
		}
		if (n.bits == 0 && (n.family == pkt->family || pkt->family == 0)) {
			r = M_YES;
			break;
		}
		if (!pkt->have_src) {
			if (n.family == pkt->family && r == M_NO) {
				r = M_SRC;
				why_set(why, "source %s only", tok);
			}
			continue;
		}
		if (ipnet_contains(&n, &pkt->src)) {
			r = M_YES;
			break;
		}
	}
	free(copy);
	return r;
}

/* The flags of a SYN against "--tcp-flags MASK COMP". */
static int
tcp_flag_bits(const char *s)
{
	static const struct {
		const char *name;
		int bit;
	} flags[] = {
		{ "FIN", 1 }, { "SYN", 2 }, { "RST", 4 }, { "PSH", 8 }, { "ACK", 16 },
		{ "URG", 32 }, { "ECE", 64 }, { "CWR", 128 }, { "ALL", 255 }, { "NONE", 0 },
	};
	char	*copy = xstrdup(s), *tok, *save = NULL;
	size_t	 i;
	int	 bits = 0;

	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof flags / sizeof flags[0]; i++) {
			if (strcasecmp(tok, flags[i].name) == 0)
				bits |= flags[i].bit;
		}
	}
	free(copy);
	return bits;
}

static int
list_has_word(const char *list, const char *word)
{
	char	*copy = xstrdup(list), *tok, *save = NULL;
	int	 found = 0;

	for (tok = strtok_r(copy, ",", &save); tok != NULL && !found;
	    tok = strtok_r(NULL, ",", &save))
		found = strcasecmp(tok, word) == 0;
	free(copy);
	return found;
}

/* Options whose argument count is known, and which sshdoc cannot decide. */
static const struct {
	const char	*opt;
	int		 args;
	const char	*why;
} undecidable[] = {
	{ "--match-set", 2, "membership of ipset" },
	{ "--set", 0, "recent-connection tracking (-m recent)" },
	{ "--rcheck", 0, "recent-connection tracking (-m recent)" },
	{ "--update", 0, "recent-connection tracking (-m recent)" },
	{ "--limit", 1, "rate limit" },
	{ "--hashlimit-upto", 1, "rate limit" },
	{ "--hashlimit-above", 1, "rate limit" },
	{ "--connlimit-above", 1, "connection limit above" },
	{ "--connlimit-upto", 1, "connection limit" },
	{ "--mac-source", 1, "MAC address" },
	{ "--sport", 1, "source port" },
	{ "--source-port", 1, "source port" },
	{ "--sports", 1, "source ports" },
	{ "--source-ports", 1, "source ports" },
	{ "--dst-range", 1, "destination range" },
	{ "--mark", 1, "packet mark" },
	{ "--string", 1, "string match" },
	{ "--geoip-src-cc", 1, "source country" },
	{ "--src-cc", 1, "source country" },
	{ "--time", 1, "time of day" },
	{ "--timestart", 1, "time of day" },
};

/* Target options and match options that never change the answer. */
static const struct {
	const char	*opt;
	int		 args;
} neutral[] = {
	{ "--comment", 1 }, { "--name", 1 }, { "--seconds", 1 }, { "--hitcount", 1 },
	{ "--rsource", 0 }, { "--rdest", 0 }, { "--rttl", 0 }, { "--reap", 0 },
	{ "--mask", 1 }, { "--limit-burst", 1 }, { "--hashlimit-name", 1 },
	{ "--hashlimit-mode", 1 }, { "--hashlimit-burst", 1 }, { "--hashlimit-htable-expire", 1 },
	{ "--connlimit-mask", 1 }, { "--connlimit-saddr", 0 }, { "--log-prefix", 1 },
	{ "--log-level", 1 }, { "--log-uid", 0 }, { "--nflog-group", 1 }, { "--nflog-prefix", 1 },
	{ "--limit-iface-in", 0 }, { "--set-xmark", 1 }, { "--set-mark", 1 }, { "--algo", 1 },
	{ "--return-nomatch", 0 }, { "--exist", 0 },
};

/*
 * Evaluate one iptables rule's matches against the packet. Sets *target
 * (the -j or -g word), *is_goto and *reject_with. Returns the match.
 */
static enum tri
ipt_match(const struct fw_packet *pkt, const struct ipt_rule *r, char *why,
    const char **target, int *is_goto, const char **reject_with)
{
	enum tri	 res = M_YES, m;
	size_t		 i = 2, k;
	int		 inv = 0, args;
	const char	*t, *a;

	*target = NULL;
	*is_goto = 0;
	*reject_with = NULL;
	if (r->ntok > 0 && r->tok[0][0] == '[')
		i = 3;
	while (i < r->ntok) {
		t = r->tok[i];
		a = i + 1 < r->ntok ? r->tok[i + 1] : "";
		m = M_YES;
		args = 1;
		if (strcmp(t, "!") == 0) {
			inv = 1;
			i++;
			continue;
		}
		if (strcmp(t, "-j") == 0 || strcmp(t, "--jump") == 0 ||
		    strcmp(t, "-g") == 0 || strcmp(t, "--goto") == 0) {
			*target = a;
			*is_goto = t[1] == 'g' || t[2] == 'g';
		} else if (strcmp(t, "--reject-with") == 0) {
			*reject_with = a;
		} else if (strcmp(t, "-p") == 0 || strcmp(t, "--protocol") == 0) {
			m = tri_bool(strcasecmp(a, "tcp") == 0 || strcmp(a, "6") == 0 ||
			    strcasecmp(a, "all") == 0 || strcmp(a, "0") == 0);
		} else if (strcmp(t, "-s") == 0 || strcmp(t, "--source") == 0 ||
		    strcmp(t, "--src") == 0) {
			m = addr_match(pkt, a, why);
		} else if (strcmp(t, "-d") == 0 || strcmp(t, "--destination") == 0 ||
		    strcmp(t, "--dst") == 0) {
			if (strcmp(a, "0.0.0.0/0") != 0 && strcmp(a, "::/0") != 0) {
				m = M_MAYBE;
				why_set(why, "destination %s", a);
			}
		} else if (strcmp(t, "-i") == 0 || strcmp(t, "--in-interface") == 0) {
			if (strcmp(a, "lo") == 0)
				m = tri_bool(pkt->loopback);
			else if (strcmp(a, "+") != 0) {
				m = pkt->loopback ? M_NO : M_MAYBE;
				why_set(why, "interface %s", a);
			}
		} else if (strcmp(t, "-o") == 0 || strcmp(t, "--out-interface") == 0 ||
		    strcmp(t, "-m") == 0 || strcmp(t, "--match") == 0) {
			m = M_YES;	/* no output interface on input; modules by their options */
		} else if (strcmp(t, "-f") == 0 || strcmp(t, "--fragment") == 0) {
			m = M_NO;	/* a SYN is no fragment */
			args = 0;
		} else if (strcmp(t, "--dport") == 0 || strcmp(t, "--destination-port") == 0) {
			m = tri_bool(port_range_has(a, pkt->port));
		} else if (strcmp(t, "--dports") == 0 || strcmp(t, "--destination-ports") == 0) {
			m = tri_bool(port_list_has(a, pkt->port));
		} else if (strcmp(t, "--ports") == 0) {
			m = port_list_has(a, pkt->port) ? M_YES : M_MAYBE;
			if (m == M_MAYBE)
				why_set(why, "ports %s (source or destination)", a);
		} else if (strcmp(t, "--ctstate") == 0 || strcmp(t, "--state") == 0) {
			m = tri_bool(list_has_word(a, "NEW"));
		} else if (strcmp(t, "--syn") == 0) {
			args = 0;
		} else if (strcmp(t, "--tcp-flags") == 0) {
			const char *comp = i + 2 < r->ntok ? r->tok[i + 2] : "";

			m = tri_bool((2 & tcp_flag_bits(a)) == tcp_flag_bits(comp));
			args = 2;
		} else if (strcmp(t, "--src-range") == 0) {
			char		*dash = strchr(a, '-'), lo[64], hi[64];
			struct ipnet	 l, h;

			m = M_MAYBE;
			if (dash != NULL && pkt->have_src && (size_t)(dash - a) < sizeof lo) {
				snprintf(lo, sizeof lo, "%.*s", (int)(dash - a), a);
				snprintf(hi, sizeof hi, "%s", dash + 1);
				if (ipnet_parse_str(lo, &l) == 0 && ipnet_parse_str(hi, &h) == 0 &&
				    l.family == pkt->src.family && h.family == pkt->src.family)
					m = tri_bool(memcmp(pkt->src.addr, l.addr, 16) >= 0 &&
					    memcmp(pkt->src.addr, h.addr, 16) <= 0);
			}
			if (m == M_MAYBE)
				why_set(why, "source range %s", a);
		} else if (strcmp(t, "--dst-type") == 0) {
			/* input delivers to this machine's own (unicast) addresses */
			m = tri_bool(list_has_word(a, "LOCAL") || list_has_word(a, "UNICAST"));
		} else if (strcmp(t, "--src-type") == 0) {
			m = list_has_word(a, "LOCAL") ? tri_bool(pkt->loopback) :
			    tri_bool(list_has_word(a, "UNICAST"));
		} else if (strcmp(t, "--icmp-type") == 0 || strcmp(t, "--icmpv6-type") == 0) {
			m = M_NO;
		} else if (t[0] == '-') {
			for (k = 0; k < sizeof undecidable / sizeof undecidable[0]; k++) {
				if (strcmp(t, undecidable[k].opt) == 0)
					break;
			}
			if (k < sizeof undecidable / sizeof undecidable[0]) {
				m = M_MAYBE;
				args = undecidable[k].args;
				if (undecidable[k].args > 0)
					why_set(why, "%s %s", undecidable[k].why, a);
				else
					why_set(why, "%s", undecidable[k].why);
			} else {
				for (k = 0; k < sizeof neutral / sizeof neutral[0]; k++) {
					if (strcmp(t, neutral[k].opt) == 0)
						break;
				}
				if (k < sizeof neutral / sizeof neutral[0])
					args = neutral[k].args;
				else if (*target == NULL) {
					/* an option sshdoc does not know: it may or may not match */
					m = M_MAYBE;
					why_set(why, "match option %s", t);
					args = a[0] != '-' && a[0] != '\0' && strcmp(a, "!") != 0;
				} else
					args = a[0] != '-' && a[0] != '\0';
			}
		} else
			args = 0;	/* a stray word */
		if (inv)
			m = tri_not(m);
		res = tri_and(res, m);
		inv = 0;
		i += 1 + (size_t)args;
	}
	return res;
}

static enum walk_result ipt_walk(struct walk *, const struct ipt *, const char *, const char *, int);

static enum walk_result
ipt_rule(struct walk *w, const struct ipt *t, const struct ipt_rule *r, int depth)
{
	const char	*target, *reject_with;
	char		 why[WHY_MAX] = "", where[128], saved_why[WHY_MAX];
	enum tri	 m;
	enum walk_result wr;
	int		 is_goto, saved_certain, forks;

	m = ipt_match(w->pkt, r, why, &target, &is_goto, &reject_with);
	if (m == M_NO || target == NULL)
		return R_GO_ON;
	snprintf(where, sizeof where, "%s %s", r->table, r->chain);
	if (strcmp(target, "ACCEPT") == 0)
		return terminal(w, m, why, FW_ACCEPT, r->line, r->len, where, NULL);
	if (strcmp(target, "DROP") == 0 || strcmp(target, "TARPIT") == 0)
		return terminal(w, m, why, FW_DROP, r->line, r->len, where, NULL);
	if (strcmp(target, "REJECT") == 0)
		return terminal(w, m, why, FW_REJECT, r->line, r->len, where,
		    reject_with != NULL ? reject_with : "icmp-port-unreachable");
	if (strcmp(target, "RETURN") == 0) {
		if (m == M_YES && w->certain)
			return R_RETURN;
		if (m != M_SRC) {
			w->certain = 0;
			w->forks++;
		}
		return R_GO_ON;
	}
	if (ipt_chain(t, r->table, target) == NULL)
		return R_GO_ON;		/* LOG, MARK and other non-terminal targets */
	if (no_entry(w, target, depth))
		return R_GO_ON;
	saved_certain = w->certain;
	forks = w->forks;
	memcpy(saved_why, w->ctx_why, sizeof saved_why);
	if (m != M_YES && w->ctx_why[0] == '\0')
		snprintf(w->ctx_why, sizeof w->ctx_why, "%s", why);
	w->certain = m == M_YES && saved_certain;
	wr = ipt_walk(w, t, r->table, target, depth + 1);
	memcpy(w->ctx_why, saved_why, sizeof saved_why);
	if (wr == R_FINAL || wr == R_ACCEPT)
		return wr;
	if (m == M_SRC) {
		/* the generic client does not take this jump */
		w->certain = saved_certain && !w->ev->incomplete;
		w->forks = forks;
		return R_GO_ON;
	}
	/* back from the chain for sure only if nothing in it may have taken the packet */
	w->certain = saved_certain && w->forks == forks && !w->ev->incomplete;
	if (is_goto && m == M_YES && saved_certain && w->forks == forks)
		return R_RETURN;	/* a goto's chain returns to our caller */
	return R_GO_ON;
}

static enum walk_result
ipt_walk(struct walk *w, const struct ipt *t, const char *table, const char *chain, int depth)
{
	size_t		 k;
	enum walk_result wr;

	w->stack[w->nstack++] = chain;
	wr = R_GO_ON;
	for (k = rkey_find(t->keys, t->nrules, "", table, chain); k < t->nrules &&
	    rkey_cmp_chain(&t->keys[k], "", table, chain) == 0; k++) {
		const struct ipt_rule *r = &t->rules[t->keys[k].idx];

		if (exhausted(w))
			break;
		wr = ipt_rule(w, t, r, depth);
		if (wr != R_GO_ON)
			break;
	}
	w->nstack--;
	return wr == R_RETURN ? R_GO_ON : wr;
}

int
fw_iptables_eval(const char *text, size_t len, const struct fw_packet *pkt,
    struct fw_eval *ev, char **cause)
{
	static const char *const path[][2] = {
		{ "raw", "PREROUTING" }, { "mangle", "PREROUTING" }, { "mangle", "INPUT" },
		{ "filter", "INPUT" },
	};
	struct ipt		 t;
	struct walk		 w;
	const struct ipt_chain	*c;
	enum walk_result	 wr;
	char			 where[64];
	size_t			 i;

	memset(ev, 0, sizeof *ev);
	if (ipt_parse(text, len, &t, ev, cause) != 0)
		return -1;
	ev->iptables_nft = memmem(text, len < 4096 ? len : 4096, "(nf_tables)", 11) != NULL;
	memset(&w, 0, sizeof w);
	w.pkt = pkt;
	w.ev = ev;
	for (i = 0; i < sizeof path / sizeof path[0]; i++) {
		if ((c = ipt_chain(&t, path[i][0], path[i][1])) == NULL)
			continue;
		ev->base_chains++;
		w.certain = !w.lost;
		w.ctx_why[0] = '\0';
		wr = ipt_walk(&w, &t, path[i][0], path[i][1], 0);
		if (wr == R_FINAL)
			break;
		if (wr == R_GO_ON) {
			snprintf(where, sizeof where, "%s %s", path[i][0], path[i][1]);
			if (policy_end(&w, c->policy, where) == R_FINAL)
				break;
		}
		if (!w.certain)
			w.lost = 1;	/* the packet may not reach the next base chain */
	}
	ipt_free(&t);
	return 0;
}

/* ---------------------------------------------------------------- JSON */

#define JSON_DEPTH_MAX	64
#define JSON_NODES_MAX	2000000

enum jtype {
	J_NULL,
	J_BOOL,
	J_NUM,
	J_STR,
	J_ARR,
	J_OBJ,
};

struct jv {
	enum jtype	 t;
	long long	 num;		/* J_NUM (integer part), J_BOOL */
	int		 integer;	/* the number had no fraction or exponent */
	char		*s;		/* J_STR, NUL-terminated (a \u0000 becomes '?') */
	struct jv	*v;		/* J_ARR items, J_OBJ values */
	char		**k;		/* J_OBJ keys */
	size_t		 n;
};

struct jparse {
	const char	*start, *p, *end;
	size_t		 nodes;
	char		*err;
};

static void
jv_free(struct jv *j)
{
	size_t	 i;

	for (i = 0; i < j->n; i++) {
		jv_free(&j->v[i]);
		if (j->k != NULL)
			free(j->k[i]);
	}
	free(j->v);
	free(j->k);
	free(j->s);
	memset(j, 0, sizeof *j);
}

static void
jskip(struct jparse *jp)
{
	while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' ||
	    *jp->p == '\r'))
		jp->p++;
}

static int
jfail(struct jparse *jp, const char *what)
{
	if (jp->err == NULL)
		xasprintf(&jp->err, "JSON: %s at byte %zu", what, (size_t)(jp->p - jp->start));
	return -1;
}

static void
put_utf8(char *out, size_t *k, unsigned long cp)
{
	if (cp == 0)
		out[(*k)++] = '?';
	else if (cp < 0x80)
		out[(*k)++] = (char)cp;
	else if (cp < 0x800) {
		out[(*k)++] = (char)(0xc0 | (cp >> 6));
		out[(*k)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		if (cp >= 0xd800 && cp <= 0xdfff)
			cp = 0xfffd;	/* lone surrogate halves: the replacement character */
		out[(*k)++] = (char)(0xe0 | (cp >> 12));
		out[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*k)++] = (char)(0x80 | (cp & 0x3f));
	}
}

static int
jstring(struct jparse *jp, char **out)
{
	const char	*start = ++jp->p;
	char		*s;
	size_t		 k = 0;
	unsigned long	 cp;
	int		 i;

	while (jp->p < jp->end && *jp->p != '"')
		jp->p += *jp->p == '\\' && jp->p + 1 < jp->end ? 2 : 1;
	if (jp->p >= jp->end)
		return jfail(jp, "unterminated string");
	/* \uXXXX (6 bytes) gives at most 3: the text's length is enough */
	s = xmalloc((size_t)(jp->p - start) + 1);
	for (jp->p = start; *jp->p != '"'; jp->p++) {
		if (*jp->p != '\\') {
			s[k++] = *jp->p == '\0' ? '?' : *jp->p;
			continue;
		}
		switch (*++jp->p) {
		case 'n': s[k++] = '\n'; break;
		case 't': s[k++] = '\t'; break;
		case 'r': s[k++] = '\r'; break;
		case 'b': s[k++] = '\b'; break;
		case 'f': s[k++] = '\f'; break;
		case 'u':
			cp = 0;
			for (i = 0; i < 4; i++) {
				char c = jp->p + 1 < jp->end ? jp->p[1] : '"';

				if (!isxdigit((unsigned char)c))
					break;
				cp = cp * 16 + (unsigned long)(isdigit((unsigned char)c) ? c - '0' :
				    (tolower((unsigned char)c) - 'a' + 10));
				jp->p++;
			}
			if (i < 4) {
				free(s);
				return jfail(jp, "bad \\u escape");
			}
			put_utf8(s, &k, cp);
			break;
		default:
			s[k++] = *jp->p;	/* \" \\ \/ */
			break;
		}
	}
	jp->p++;
	s[k] = '\0';
	*out = s;
	return 0;
}

static int jvalue(struct jparse *, struct jv *, int);

static int
jcontainer(struct jparse *jp, struct jv *j, int depth, int obj)
{
	char	 close = obj ? '}' : ']';
	char	*key = NULL;

	j->t = obj ? J_OBJ : J_ARR;
	jp->p++;
	jskip(jp);
	if (jp->p < jp->end && *jp->p == close) {
		jp->p++;
		return 0;
	}
	for (;;) {
		jskip(jp);
		if (obj) {
			if (jp->p >= jp->end || *jp->p != '"')
				return jfail(jp, "expected a key");
			if (jstring(jp, &key) != 0)
				return -1;
			jskip(jp);
			if (jp->p >= jp->end || *jp->p != ':') {
				free(key);
				return jfail(jp, "expected ':'");
			}
			jp->p++;
		}
		j->v = xreallocarray(j->v, j->n + 1, sizeof *j->v);
		if (obj)
			j->k = xreallocarray(j->k, j->n + 1, sizeof *j->k);
		memset(&j->v[j->n], 0, sizeof j->v[j->n]);
		if (obj)
			j->k[j->n] = key;
		key = NULL;
		j->n++;
		if (jvalue(jp, &j->v[j->n - 1], depth + 1) != 0)
			return -1;
		jskip(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->end && *jp->p == close) {
			jp->p++;
			return 0;
		}
		return jfail(jp, obj ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int
jvalue(struct jparse *jp, struct jv *j, int depth)
{
	size_t	 n;

	memset(j, 0, sizeof *j);
	if (depth > JSON_DEPTH_MAX)
		return jfail(jp, "nested too deep");
	if (++jp->nodes > JSON_NODES_MAX)
		return jfail(jp, "too many values");
	jskip(jp);
	if (jp->p >= jp->end)
		return jfail(jp, "unexpected end");
	switch (*jp->p) {
	case '{':
		return jcontainer(jp, j, depth, 1);
	case '[':
		return jcontainer(jp, j, depth, 0);
	case '"':
		j->t = J_STR;
		return jstring(jp, &j->s);
	}
	n = (size_t)(jp->end - jp->p);
	if (n >= 4 && memcmp(jp->p, "null", 4) == 0) {
		jp->p += 4;
		return 0;
	}
	if (n >= 4 && memcmp(jp->p, "true", 4) == 0) {
		j->t = J_BOOL;
		j->num = 1;
		jp->p += 4;
		return 0;
	}
	if (n >= 5 && memcmp(jp->p, "false", 5) == 0) {
		j->t = J_BOOL;
		jp->p += 5;
		return 0;
	}
	if (*jp->p == '-' || isdigit((unsigned char)*jp->p)) {
		int	 neg = *jp->p == '-';

		j->t = J_NUM;
		j->integer = 1;
		if (neg)
			jp->p++;
		if (jp->p >= jp->end || !isdigit((unsigned char)*jp->p))
			return jfail(jp, "bad number");
		while (jp->p < jp->end && isdigit((unsigned char)*jp->p)) {
			if (j->num < 100000000000000LL)
				j->num = j->num * 10 + (*jp->p - '0');
			jp->p++;
		}
		while (jp->p < jp->end && (isdigit((unsigned char)*jp->p) || *jp->p == '.' ||
		    *jp->p == 'e' || *jp->p == 'E' || *jp->p == '+' || *jp->p == '-')) {
			j->integer = 0;
			jp->p++;
		}
		if (neg)
			j->num = -j->num;
		return 0;
	}
	return jfail(jp, "unexpected character");
}

static const struct jv *
jget(const struct jv *o, const char *key)
{
	size_t	 i;

	if (o == NULL || o->t != J_OBJ)
		return NULL;
	for (i = 0; i < o->n; i++) {
		if (strcmp(o->k[i], key) == 0)
			return &o->v[i];
	}
	return NULL;
}

static const char *
jstr(const struct jv *j)
{
	return j != NULL && j->t == J_STR ? j->s : NULL;
}

/* The only key of a one-member object ({"drop": null}), or NULL. */
static const char *
jkind(const struct jv *j, const struct jv **val)
{
	if (j == NULL || j->t != J_OBJ || j->n != 1)
		return NULL;
	*val = &j->v[0];
	return j->k[0];
}

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

/* ---------------------------------------------------------------- nft */

struct nft_chain {
	const char	*family, *table, *name, *hook, *type, *policy;
	long long	 prio;
	int		 hookorder;	/* prerouting 0, input 1 */
};

struct nft_rule {
	const char	*family, *table, *chain;
	long long	 handle;
	const struct jv	*expr;
};

struct nft_set {
	const char	*family, *table, *name;
	const struct jv	*elem;
};

struct nft {
	struct nft_chain *chains;
	size_t		 nchains;
	struct nft_rule	*rules;
	size_t		 nrules;
	struct rkey	*keys;		/* rules by chain */
	struct nft_set	*sets;
	size_t		 nsets;
	const char	*text;		/* nft -a list ruleset, for quoting */
	size_t		 textlen;
	char		 line[FW_TEXT_MAX + 1];
};

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

static const struct jv *
nft_set_elems(const struct nft *n, const struct nft_rule *r, const char *name)
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

/* An element's value: {"elem": {"val": X, ...}} holds X. */
static const struct jv *
elem_val(const struct jv *e)
{
	const struct jv	*inner = jget(e, "elem");

	if (inner != NULL && jget(inner, "val") != NULL)
		return jget(inner, "val");
	return e;
}

static enum tri
port_in(const struct nft *n, const struct nft_rule *r, const struct jv *v, int port, int depth)
{
	const struct jv	*x, *val;
	const char	*kind;
	enum tri	 res = M_NO, m;
	size_t		 i;
	int		 p;

	if (v == NULL || depth > 4)
		return M_MAYBE;
	v = elem_val(v);
	if (v->t == J_NUM)
		return tri_bool(v->num == port);
	if (v->t == J_STR) {
		if (v->s[0] == '@') {
			x = nft_set_elems(n, r, v->s + 1);
			return x == NULL ? M_NO : port_in(n, r, x, port, depth + 1);
		}
		if ((p = service_port(v->s)) < 0)
			return M_MAYBE;
		return tri_bool(p == port);
	}
	if (v->t == J_ARR) {
		for (i = 0; i < v->n; i++) {
			m = port_in(n, r, &v->v[i], port, depth + 1);
			if (m == M_YES)
				return M_YES;
			if (m == M_MAYBE)
				res = M_MAYBE;
			else if (m == M_SRC && res == M_NO)
				res = M_SRC;
		}
		return res;
	}
	if ((kind = jkind(v, &val)) == NULL)
		return M_MAYBE;
	if (streq(kind, "set"))
		return port_in(n, r, val, port, depth + 1);
	if (streq(kind, "range") && val->t == J_ARR && val->n == 2) {
		long long lo = -1, hi = -1;

		if (val->v[0].t == J_NUM)
			lo = val->v[0].num;
		else if (jstr(&val->v[0]) != NULL)
			lo = service_port(val->v[0].s);
		if (val->v[1].t == J_NUM)
			hi = val->v[1].num;
		else if (jstr(&val->v[1]) != NULL)
			hi = service_port(val->v[1].s);
		if (lo < 0 || hi < 0)
			return M_MAYBE;
		return tri_bool(port >= lo && port <= hi);
	}
	return M_MAYBE;
}

static enum tri
addr_in(const struct nft *n, const struct nft_rule *r, const struct fw_packet *pkt,
    const struct jv *v, char *why, int depth)
{
	const struct jv	*x, *val;
	const char	*kind;
	struct ipnet	 net, lo, hi;
	enum tri	 res = M_NO, m;
	size_t		 i;
	char		 text[80];

	if (v == NULL || depth > 4)
		return M_MAYBE;
	v = elem_val(v);
	if (v->t == J_STR && v->s[0] == '@') {
		if (!pkt->have_src) {
			why_set(why, "sources in set %s only", v->s);
			return M_SRC;
		}
		x = nft_set_elems(n, r, v->s + 1);
		return x == NULL ? M_NO : addr_in(n, r, pkt, x, why, depth + 1);
	}
	if (v->t == J_STR) {
		if (ipnet_parse_str(v->s, &net) != 0)
			return M_MAYBE;
		goto one;
	}
	if (v->t == J_ARR) {
		for (i = 0; i < v->n; i++) {
			m = addr_in(n, r, pkt, &v->v[i], why, depth + 1);
			if (m == M_YES)
				return M_YES;
			if (m == M_MAYBE)
				res = M_MAYBE;
			else if (m == M_SRC && res == M_NO)
				res = M_SRC;
		}
		return res;
	}
	if ((kind = jkind(v, &val)) == NULL)
		return M_MAYBE;
	if (streq(kind, "set"))
		return addr_in(n, r, pkt, val, why, depth + 1);
	if (streq(kind, "prefix")) {
		const char	*a = jstr(jget(val, "addr"));
		const struct jv	*len = jget(val, "len");

		if (a == NULL || len == NULL || len->t != J_NUM || len->num < 0 || len->num > 128)
			return M_MAYBE;
		snprintf(text, sizeof text, "%s/%lld", a, len->num);
		if (ipnet_parse_str(text, &net) != 0)
			return M_MAYBE;
		goto one;
	}
	if (streq(kind, "range") && val->t == J_ARR && val->n == 2 && jstr(&val->v[0]) &&
	    jstr(&val->v[1]) && ipnet_parse_str(val->v[0].s, &lo) == 0 &&
	    ipnet_parse_str(val->v[1].s, &hi) == 0) {
		if (!pkt->have_src) {
			why_set(why, "source range from %s only", val->v[0].s);
			return M_SRC;
		}
		if (lo.family != pkt->src.family || hi.family != pkt->src.family)
			return M_NO;
		return tri_bool(memcmp(pkt->src.addr, lo.addr, 16) >= 0 &&
		    memcmp(pkt->src.addr, hi.addr, 16) <= 0);
	}
	return M_MAYBE;
one:
	if (net.family != pkt->family)
		return M_NO;
	if (net.bits == 0)
		return M_YES;
	if (!pkt->have_src) {
		ipnet_format(&net, text, sizeof text);
		why_set(why, "source %s only", text);
		return M_SRC;
	}
	return tri_bool(ipnet_contains(&net, &pkt->src));
}

/* Does a word list (string, array, set) hold word? -1 if it cannot tell. */
static int
words_have(const struct jv *v, const char *word)
{
	const struct jv	*val;
	const char	*kind;
	size_t		 i;
	int		 r, res = 0;

	if (v == NULL)
		return -1;
	if (v->t == J_STR)
		return strcasecmp(v->s, word) == 0;
	if (v->t == J_ARR) {
		for (i = 0; i < v->n; i++) {
			if ((r = words_have(&v->v[i], word)) == 1)
				return 1;
			if (r < 0)
				res = -1;
		}
		return res;
	}
	if ((kind = jkind(v, &val)) != NULL && streq(kind, "set"))
		return words_have(val, word);
	return -1;
}

static enum tri
from_words(const struct jv *v, const char *word)
{
	int	 r = words_have(v, word);

	return r < 0 ? M_MAYBE : tri_bool(r);
}

/* TCP flags of a SYN (2) against a flag list. */
static int
nft_flags(const struct jv *v)
{
	static const char *const names[] = { "fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr" };
	size_t	 i;
	int	 bits = 0;

	if (v == NULL)
		return -1;
	if (v->t == J_NUM)
		return (int)(v->num & 0xff);
	if (v->t == J_STR) {
		for (i = 0; i < sizeof names / sizeof names[0]; i++) {
			if (strcmp(v->s, names[i]) == 0)
				return 1 << i;
		}
		return -1;
	}
	if (v->t == J_ARR) {
		for (i = 0; i < v->n; i++) {
			int b = nft_flags(&v->v[i]);

			if (b < 0)
				return -1;
			bits |= b;
		}
		return bits;
	}
	return -1;
}

/* One "match" expression of an nft rule. */
static enum tri
nft_match(const struct nft *n, const struct nft_rule *r, const struct fw_packet *pkt,
    const struct jv *m, char *why)
{
	const char	*op = jstr(jget(m, "op")), *kind, *proto, *field, *key;
	const struct jv	*left = jget(m, "left"), *right = jget(m, "right"), *val;
	enum tri	 res = M_MAYBE;
	int		 neg, ordered;

	if (op == NULL)
		op = "==";
	neg = strcmp(op, "!=") == 0;
	ordered = op[0] == '<' || op[0] == '>';
	if ((kind = jkind(left, &val)) == NULL) {
		why_set(why, "a match sshdoc does not read%s", "");
		return M_MAYBE;
	}
	if (streq(kind, "payload")) {
		proto = jstr(jget(val, "protocol"));
		field = jstr(jget(val, "field"));
		if (streq(field, "dport") && (streq(proto, "tcp") || streq(proto, "th"))) {
			if (ordered) {
				const struct jv *rv = elem_val(right);
				long long	 x;

				if (rv == NULL || rv->t != J_NUM)
					return M_MAYBE;
				x = rv->num;
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
			res = from_words(right, "tcp");
			if (res != M_YES && right != NULL && right->t == J_NUM)
				res = tri_bool(right->num == 6);
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
		key = jstr(jget(val, "key"));
		if (streq(key, "l4proto")) {
			res = from_words(right, "tcp");
			if (res != M_YES && right != NULL && right->t == J_NUM)
				res = tri_bool(right->num == 6);
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
		key = jstr(jget(val, "key"));
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
	} else if (streq(kind, "&") && val->t == J_ARR && val->n == 2) {
		const char	*k2;
		const struct jv	*v2;
		int		 mask = nft_flags(&val->v[1]), want = nft_flags(right);

		if ((k2 = jkind(&val->v[0], &v2)) == NULL || !streq(k2, "payload") ||
		    !streq(jstr(jget(v2, "protocol")), "tcp") ||
		    !streq(jstr(jget(v2, "field")), "flags") || mask < 0 || want < 0) {
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
nft_rule_text(struct nft *n, const struct nft_rule *r, size_t *len)
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

static enum walk_result nft_walk(struct walk *, struct nft *, const char *, const char *,
    const char *, int);

/* A verdict (accept, drop, reject, jump, goto, return) reached by a rule matching m. */
static enum walk_result
nft_verdict(struct walk *w, struct nft *n, const struct nft_rule *r, enum tri m, char *why,
    const char *kind, const struct jv *val, int depth)
{
	char		 where[192], saved_why[WHY_MAX];
	const char	*text, *target, *rtype;
	size_t		 tlen;
	enum walk_result wr;
	int		 saved_certain, forks, is_goto;

	snprintf(where, sizeof where, "%s %s %s", r->family, r->table, r->chain);
	if (streq(kind, "accept") || streq(kind, "drop") || streq(kind, "reject")) {
		text = nft_rule_text(n, r, &tlen);
		if (streq(kind, "accept"))
			return terminal(w, m, why, FW_ACCEPT, text, tlen, where, NULL);
		if (streq(kind, "drop"))
			return terminal(w, m, why, FW_DROP, text, tlen, where, NULL);
		rtype = jstr(jget(val, "type"));
		if (streq(rtype, "tcp reset"))
			rtype = "tcp-reset";
		else if (jstr(jget(val, "expr")) != NULL)
			rtype = jstr(jget(val, "expr"));
		else if (rtype == NULL)
			rtype = "icmp-port-unreachable";
		return terminal(w, m, why, FW_REJECT, text, tlen, where, rtype);
	}
	if (streq(kind, "return")) {
		if (m == M_YES && w->certain)
			return R_RETURN;
		if (m != M_SRC) {
			w->certain = 0;
			w->forks++;
		}
		return R_GO_ON;
	}
	if (!streq(kind, "jump") && !streq(kind, "goto"))
		return R_GO_ON;		/* continue, queue and the like */
	is_goto = streq(kind, "goto");
	if ((target = jstr(jget(val, "target"))) == NULL)
		return R_GO_ON;
	if (no_entry(w, target, depth))
		return R_GO_ON;
	saved_certain = w->certain;
	forks = w->forks;
	memcpy(saved_why, w->ctx_why, sizeof saved_why);
	if (m != M_YES && w->ctx_why[0] == '\0')
		snprintf(w->ctx_why, sizeof w->ctx_why, "%s", why);
	w->certain = m == M_YES && saved_certain;
	wr = nft_walk(w, n, r->family, r->table, target, depth + 1);
	memcpy(w->ctx_why, saved_why, sizeof saved_why);
	if (wr == R_FINAL || wr == R_ACCEPT)
		return wr;
	if (m == M_SRC) {
		/* the generic client does not take this jump */
		w->certain = saved_certain && !w->ev->incomplete;
		w->forks = forks;
		return R_GO_ON;
	}
	w->certain = saved_certain && w->forks == forks && !w->ev->incomplete;
	if (is_goto && m == M_YES && saved_certain && w->forks == forks)
		return R_RETURN;
	return R_GO_ON;
}

static enum walk_result
nft_rule(struct walk *w, struct nft *n, const struct nft_rule *r, int depth)
{
	static const char *const verdicts[] = {
		"accept", "drop", "reject", "jump", "goto", "return", "continue", "queue"
	};
	static const char *const statements[] = {
		"counter", "log", "set", "mangle", "notrack", "dup", "fwd", "snat", "dnat",
		"masquerade", "redirect", "tproxy", "ct helper", "ct timeout", "ct expectation",
		"secmark", "synproxy", "flow", "xt target",
	};
	const struct jv	*e, *val;
	const char	*kind;
	char		 why[WHY_MAX] = "";
	enum tri	 m = M_YES;
	size_t		 i, k;

	if (r->expr == NULL || r->expr->t != J_ARR)
		return R_GO_ON;
	for (i = 0; i < r->expr->n && m != M_NO; i++) {
		e = &r->expr->v[i];
		if ((kind = jkind(e, &val)) == NULL)
			continue;
		if (streq(kind, "match")) {
			m = tri_and(m, nft_match(n, r, w->pkt, val, why));
			continue;
		}
		for (k = 0; k < sizeof verdicts / sizeof verdicts[0]; k++) {
			if (streq(kind, verdicts[k]))
				return nft_verdict(w, n, r, m, why, kind, val, depth);
		}
		if (streq(kind, "vmap")) {
			const struct jv	*key = jget(val, "key"), *data = jget(val, "data"), *set, *kv;
			const char	*k2, *vk;
			const struct jv	*pv;

			/* tcp dport vmap { 22 : drop, ... }: the port picks the verdict */
			if ((k2 = jkind(key, &pv)) == NULL || !streq(k2, "payload") ||
			    !streq(jstr(jget(pv, "field")), "dport") ||
			    (set = jget(data, "set")) == NULL || set->t != J_ARR) {
				why_set(why, "a verdict map%s", "");
				m = tri_and(m, M_MAYBE);
				continue;
			}
			for (k = 0; k < set->n; k++) {
				kv = &set->v[k];
				if (kv->t != J_ARR || kv->n != 2)
					continue;
				if (port_in(n, r, &kv->v[0], w->pkt->port, 0) == M_YES &&
				    (vk = jkind(&kv->v[1], &pv)) != NULL)
					return nft_verdict(w, n, r, m, why, vk, pv, depth);
			}
			return R_GO_ON;
		}
		for (k = 0; k < sizeof statements / sizeof statements[0]; k++) {
			if (streq(kind, statements[k]))
				break;
		}
		if (k < sizeof statements / sizeof statements[0])
			continue;
		if (streq(kind, "xt")) {
			why_set(why, "iptables extension %s", nz(jstr(jget(val, "name"))));
		} else if (streq(kind, "limit") || streq(kind, "quota") || streq(kind, "meter") ||
		    streq(kind, "ct count")) {
			why_set(why, "%s", kind);
		} else
			why_set(why, "statement %s", kind);
		m = tri_and(m, M_MAYBE);
	}
	return R_GO_ON;
}

static enum walk_result
nft_walk(struct walk *w, struct nft *n, const char *family, const char *table,
    const char *chain, int depth)
{
	size_t		 k;
	enum walk_result wr;

	if (family == NULL || table == NULL || chain == NULL)
		return R_GO_ON;
	w->stack[w->nstack++] = chain;
	wr = R_GO_ON;
	for (k = rkey_find(n->keys, n->nrules, family, table, chain); k < n->nrules &&
	    rkey_cmp_chain(&n->keys[k], family, table, chain) == 0; k++) {
		const struct nft_rule *r = &n->rules[n->keys[k].idx];

		if (exhausted(w))
			break;
		wr = nft_rule(w, n, r, depth);
		if (wr != R_GO_ON)
			break;
	}
	w->nstack--;
	return wr == R_RETURN ? R_GO_ON : wr;
}

static int
chain_cmp(const void *a, const void *b)
{
	const struct nft_chain *x = a, *y = b;

	if (x->hookorder != y->hookorder)
		return x->hookorder - y->hookorder;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return 0;
}

/* Priorities may be numbers or names ("filter" is 0, "raw" -300, "mangle" -150). */
static long long
nft_prio(const struct jv *p)
{
	if (p == NULL)
		return 0;
	if (p->t == J_NUM)
		return p->num;
	if (streq(jstr(p), "raw"))
		return -300;
	if (streq(jstr(p), "mangle"))
		return -150;
	if (streq(jstr(p), "security"))
		return 50;
	return 0;
}

int
fw_nft_eval(const char *json, size_t len, const char *nft_text, size_t textlen,
    const struct fw_packet *pkt, int skip_xtables, struct fw_eval *ev, char **cause)
{
	struct jparse	 jp;
	struct jv	 root;
	struct nft	 n;
	struct walk	 w;
	const struct jv	*list, *item, *val;
	const char	*kind;
	struct nft_chain *c;
	size_t		 i;
	enum walk_result wr;
	char		 where[192];

	memset(ev, 0, sizeof *ev);
	memset(&jp, 0, sizeof jp);
	memset(&n, 0, sizeof n);
	jp.start = jp.p = json;
	jp.end = json + len;
	if (jvalue(&jp, &root, 0) != 0) {
		*cause = jp.err;
		jv_free(&root);
		return -1;
	}
	if ((list = jget(&root, "nftables")) == NULL || list->t != J_ARR) {
		xasprintf(cause, "no \"nftables\" array: not nft -j output");
		jv_free(&root);
		return -1;
	}
	n.text = nft_text;
	n.textlen = nft_text != NULL ? textlen : 0;
	for (i = 0; i < list->n; i++) {
		item = &list->v[i];
		if ((kind = jkind(item, &val)) == NULL)
			continue;
		if (skip_xtables && xtables_table(jstr(jget(val, "family")), jstr(jget(val, "table")))) {
			if (streq(kind, "rule"))
				ev->skipped++;
			continue;
		}
		if (streq(kind, "chain")) {
			const char *hook = jstr(jget(val, "hook"));

			if (hook == NULL || (!streq(hook, "input") && !streq(hook, "prerouting")) ||
			    !family_fits(jstr(jget(val, "family")), pkt->family))
				continue;
			if (jstr(jget(val, "type")) != NULL && !streq(jstr(jget(val, "type")), "filter"))
				continue;
			n.chains = xreallocarray(n.chains, n.nchains + 1, sizeof *n.chains);
			c = &n.chains[n.nchains++];
			c->family = jstr(jget(val, "family"));
			c->table = jstr(jget(val, "table"));
			c->name = jstr(jget(val, "name"));
			c->hook = hook;
			c->type = jstr(jget(val, "type"));
			c->policy = jstr(jget(val, "policy"));
			c->prio = nft_prio(jget(val, "prio"));
			c->hookorder = streq(hook, "input");
		} else if (streq(kind, "rule")) {
			if (n.nrules >= FW_RULES_MAX) {
				ev->skipped++;
				continue;
			}
			n.rules = xreallocarray(n.rules, n.nrules + 1, sizeof *n.rules);
			n.rules[n.nrules].family = jstr(jget(val, "family"));
			n.rules[n.nrules].table = jstr(jget(val, "table"));
			n.rules[n.nrules].chain = jstr(jget(val, "chain"));
			n.rules[n.nrules].handle = jget(val, "handle") != NULL ?
			    jget(val, "handle")->num : 0;
			n.rules[n.nrules].expr = jget(val, "expr");
			n.nrules++;
		} else if (streq(kind, "set") || streq(kind, "map")) {
			n.sets = xreallocarray(n.sets, n.nsets + 1, sizeof *n.sets);
			n.sets[n.nsets].family = jstr(jget(val, "family"));
			n.sets[n.nsets].table = jstr(jget(val, "table"));
			n.sets[n.nsets].name = jstr(jget(val, "name"));
			n.sets[n.nsets].elem = jget(val, "elem");
			n.nsets++;
		}
	}
	ev->rules = n.nrules;
	n.keys = xreallocarray(NULL, n.nrules + 1, sizeof *n.keys);
	for (i = 0; i < n.nrules; i++) {
		/* a rule without its names belongs to no chain: key it apart */
		n.keys[i].family = n.rules[i].family != NULL ? n.rules[i].family : "\001";
		n.keys[i].table = n.rules[i].table != NULL ? n.rules[i].table : "\001";
		n.keys[i].chain = n.rules[i].chain != NULL ? n.rules[i].chain : "\001";
		n.keys[i].idx = i;
	}
	qsort(n.keys, n.nrules, sizeof *n.keys, rkey_cmp);
	if (n.nchains > 1)
		qsort(n.chains, n.nchains, sizeof *n.chains, chain_cmp);
	memset(&w, 0, sizeof w);
	w.pkt = pkt;
	w.ev = ev;
	for (i = 0; i < n.nchains; i++) {
		c = &n.chains[i];
		if (c->family == NULL || c->table == NULL || c->name == NULL)
			continue;
		ev->base_chains++;
		w.certain = !w.lost;
		w.ctx_why[0] = '\0';
		wr = nft_walk(&w, &n, c->family, c->table, c->name, 0);
		if (wr == R_FINAL)
			break;
		if (wr == R_GO_ON) {
			snprintf(where, sizeof where, "%s %s %s", c->family, c->table, c->name);
			if (policy_end(&w, c->policy, where) == R_FINAL)
				break;
		}
		if (!w.certain)
			w.lost = 1;	/* the packet may not reach the next base chain */
	}
	free(n.chains);
	free(n.rules);
	free(n.keys);
	free(n.sets);
	jv_free(&root);
	return 0;
}
