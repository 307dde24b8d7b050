/* firewall-eval.c: follows a new TCP connection through base chains and the chains they jump to, for both firewall readers (pure). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/parse/firewall-eval.h"
#include "lib/xmalloc.h"

enum walk_result {
	R_GO_ON,		/* fell off the chain's end or returned: the caller goes on */
	R_ACCEPT,		/* accepted for sure in this base chain */
	R_FINAL,		/* dropped or rejected for sure */
	R_RETURN,		/* a rule returned from the chain (or a goto's chain ended) */
};

/* Where a walk stands. */
struct walk {
	const struct fw_rules	*rs;
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
terminal(struct walk *w, const struct fw_action *a, const char *chain)
{
	const char	*depends = a->why;
	struct fw_hit	*h;

	if (a->match == M_YES && w->certain) {
		if (a->verdict == FW_ACCEPT)
			return R_ACCEPT;
		hit_set(&w->ev->decided, a->verdict, a->rule, a->rule_len, chain, a->reject_with,
		    NULL, 0);
		return R_FINAL;
	}
	if (depends[0] == '\0')
		depends = w->ctx_why[0] != '\0' ? w->ctx_why :
		    "an earlier rule may accept the packet first";
	if (a->verdict == FW_ACCEPT)
		hit_set(&w->ev->maybe_accept, FW_ACCEPT, a->rule, a->rule_len, chain, NULL,
		    depends, 0);
	else if ((h = maybe_add(w->ev, a->verdict, a->rule, a->rule_len, chain, a->reject_with,
	    depends, 0)) != NULL)
		h->some_sources = a->match == M_SRC && w->certain;
	if (a->match != M_SRC) {
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
	char	 text[256];	/* where (up to 191 bytes) and the policy */

	if (policy == NULL || strcasecmp(policy, "drop") != 0)
		return R_GO_ON;
	w->ev->restrictive = 1;
	snprintf(text, sizeof text, "%s policy %s", chain, policy);
	if (w->certain) {
		hit_set(&w->ev->decided, FW_DROP, text, strlen(text), chain, NULL, NULL, 1);
		return R_FINAL;
	}
	(void)maybe_add(w->ev, FW_DROP, text, strlen(text), chain, NULL,
	    "unless a rule before it accepts the packet", 1);
	return R_GO_ON;
}

static int
strcmp_null(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

static int
rkey_cmp_chain(const struct fw_rkey *a, const char *family, const char *table,
    const char *chain)
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
	const struct fw_rkey *a = x, *b = y;
	int		 c = rkey_cmp_chain(a, b->family, b->table, b->chain);

	if (c != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

void
fw_rkeys_sort(struct fw_rkey *k, size_t n)
{
	if (n > 1)
		qsort(k, n, sizeof *k, rkey_cmp);
}

/* The first key of a chain (n if it has no rules): binary search, not a scan of every rule. */
static size_t
rkey_find(const struct fw_rkey *k, size_t n, const char *family, const char *table,
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

/* "filter INPUT" for iptables, "inet filter input" for nft. */
static void
chain_where(char *where, size_t size, const char *family, const char *table, const char *chain)
{
	if (family[0] == '\0')
		snprintf(where, size, "%s %s", table, chain);
	else
		snprintf(where, size, "%s %s %s", family, table, chain);
}

static enum walk_result walk_chain(struct walk *, const char *, const char *, const char *,
    int);

/* Into the chain a jump or goto names, and back: how sure is the packet to come back? */
static enum walk_result
jump(struct walk *w, const struct fw_action *a, const char *family, const char *table,
    int depth)
{
	char		 saved_why[WHY_MAX];
	enum walk_result wr;
	int		 saved_certain, forks;

	if (no_entry(w, a->target, depth))
		return R_GO_ON;
	saved_certain = w->certain;
	forks = w->forks;
	memcpy(saved_why, w->ctx_why, sizeof saved_why);
	if (a->match != M_YES && w->ctx_why[0] == '\0')
		snprintf(w->ctx_why, sizeof w->ctx_why, "%s", a->why);
	w->certain = a->match == M_YES && saved_certain;
	wr = walk_chain(w, family, table, a->target, depth + 1);
	memcpy(w->ctx_why, saved_why, sizeof saved_why);
	if (wr == R_FINAL || wr == R_ACCEPT)
		return wr;
	if (a->match == M_SRC) {
		/* the generic client does not take this jump */
		w->certain = saved_certain && !w->ev->incomplete;
		w->forks = forks;
		return R_GO_ON;
	}
	/* back from the chain for sure only if nothing in it may have taken the packet */
	w->certain = saved_certain && w->forks == forks && !w->ev->incomplete;
	if (a->act == ACT_GOTO && a->match == M_YES && saved_certain && w->forks == forks)
		return R_RETURN;	/* a goto's chain returns to our caller */
	return R_GO_ON;
}

static enum walk_result
rule_acts(struct walk *w, const struct fw_action *a, const char *family, const char *table,
    const char *where, int depth)
{
	if (a->match == M_NO)
		return R_GO_ON;
	switch (a->act) {
	case ACT_VERDICT:
		return terminal(w, a, where);
	case ACT_RETURN:
		if (a->match == M_YES && w->certain)
			return R_RETURN;
		if (a->match != M_SRC) {
			w->certain = 0;
			w->forks++;
		}
		return R_GO_ON;
	case ACT_JUMP:
	case ACT_GOTO:
		return jump(w, a, family, table, depth);
	default:
		return R_GO_ON;
	}
}

static enum walk_result
walk_chain(struct walk *w, const char *family, const char *table, const char *chain, int depth)
{
	const struct fw_rules *rs = w->rs;
	struct fw_action a;
	char		 where[192];
	size_t		 k;
	enum walk_result wr = R_GO_ON;

	chain_where(where, sizeof where, family, table, chain);
	w->stack[w->nstack++] = chain;
	for (k = rkey_find(rs->keys, rs->nkeys, family, table, chain); k < rs->nkeys &&
	    rkey_cmp_chain(&rs->keys[k], family, table, chain) == 0; k++) {
		if (exhausted(w))
			break;
		memset(&a, 0, sizeof a);
		rs->read(rs->arg, rs->keys[k].idx, w->pkt, &a);
		if ((wr = rule_acts(w, &a, family, table, where, depth)) != R_GO_ON)
			break;
	}
	w->nstack--;
	return wr == R_RETURN ? R_GO_ON : wr;
}

void
fw_walk(const struct fw_rules *rs, const struct fw_base *b, size_t nbases,
    const struct fw_packet *pkt, struct fw_eval *ev)
{
	struct walk	 w;
	enum walk_result wr;
	char		 where[192];
	size_t		 i;

	memset(&w, 0, sizeof w);
	w.rs = rs;
	w.pkt = pkt;
	w.ev = ev;
	for (i = 0; i < nbases; i++) {
		ev->base_chains++;
		w.certain = !w.lost;
		w.ctx_why[0] = '\0';
		wr = walk_chain(&w, b[i].family, b[i].table, b[i].name, 0);
		if (wr == R_FINAL)
			break;
		if (wr == R_GO_ON) {
			chain_where(where, sizeof where, b[i].family, b[i].table, b[i].name);
			if (policy_end(&w, b[i].policy, where) == R_FINAL)
				break;
		}
		if (!w.certain)
			w.lost = 1;	/* the packet may not reach the next base chain */
	}
}
