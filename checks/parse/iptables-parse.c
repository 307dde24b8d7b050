/* iptables-parse.c: reads iptables-save (and ip6tables-save) text and says what each rule does to a new TCP connection to the SSH port (pure). */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/parse/firewall-eval.h"
#include "lib/xmalloc.h"

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
	struct fw_rkey	*keys;		/* rules by chain */
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
	fw_rkeys_sort(t->keys, t->nrules);
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

/* What rule idx does to pkt: its matches, and its target. */
static void
ipt_read(void *arg, size_t idx, const struct fw_packet *pkt, struct fw_action *a)
{
	const struct ipt	*t = arg;
	const struct ipt_rule	*r = &t->rules[idx];
	const char		*target, *reject_with;
	int			 is_goto;

	a->match = ipt_match(pkt, r, a->why, &target, &is_goto, &reject_with);
	if (a->match == M_NO || target == NULL)
		return;
	a->rule = r->line;
	a->rule_len = r->len;
	a->act = ACT_VERDICT;
	if (strcmp(target, "ACCEPT") == 0)
		a->verdict = FW_ACCEPT;
	else if (strcmp(target, "DROP") == 0 || strcmp(target, "TARPIT") == 0)
		a->verdict = FW_DROP;
	else if (strcmp(target, "REJECT") == 0) {
		a->verdict = FW_REJECT;
		a->reject_with = reject_with != NULL ? reject_with : "icmp-port-unreachable";
	} else if (strcmp(target, "RETURN") == 0)
		a->act = ACT_RETURN;
	else if (ipt_chain(t, r->table, target) != NULL) {
		a->act = is_goto ? ACT_GOTO : ACT_JUMP;
		a->target = target;
	} else
		a->act = ACT_NONE;	/* LOG, MARK and other non-terminal targets */
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
	struct fw_rules		 rs;
	struct fw_base		 bases[sizeof path / sizeof path[0]];
	const struct ipt_chain	*c;
	size_t			 i, n = 0;

	memset(ev, 0, sizeof *ev);
	if (ipt_parse(text, len, &t, ev, cause) != 0)
		return -1;
	ev->iptables_nft = memmem(text, len < 4096 ? len : 4096, "(nf_tables)", 11) != NULL;
	for (i = 0; i < sizeof path / sizeof path[0]; i++) {
		if ((c = ipt_chain(&t, path[i][0], path[i][1])) == NULL)
			continue;
		bases[n].family = "";
		bases[n].table = path[i][0];
		bases[n].name = path[i][1];
		bases[n].policy = c->policy;
		n++;
	}
	memset(&rs, 0, sizeof rs);
	rs.keys = t.keys;
	rs.nkeys = t.nrules;
	rs.arg = &t;
	rs.read = ipt_read;
	fw_walk(&rs, bases, n, pkt, ev);
	ipt_free(&t);
	return 0;
}
