/* firewall-eval.h: what the firewall readers share: three-way matches, and one walk of chains for both iptables and nft (inside checks/parse only). */
#ifndef FIREWALL_EVAL_H
#define FIREWALL_EVAL_H

#include <stdarg.h>
#include <stdio.h>

#include "checks/parse/firewall-parse.h"

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

#define WHY_MAX		160

static inline enum tri
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

static inline enum tri
tri_not(enum tri a)
{
	if (a == M_YES)
		return M_NO;
	if (a == M_NO || a == M_SRC)
		return M_YES;	/* "all but these sources" takes the generic client */
	return M_MAYBE;
}

static inline enum tri
tri_bool(int b)
{
	return b ? M_YES : M_NO;
}

/* Keep the first reason a match could not be decided (why holds WHY_MAX bytes). */
static inline void __attribute__((format(printf, 2, 3)))
why_set(char *why, const char *fmt, ...)
{
	va_list	 ap;

	if (why[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(why, WHY_MAX, fmt, ap);
	va_end(ap);
}

/* What one rule does to the packet, as a reader sees it. */
enum fw_act {
	ACT_NONE,		/* nothing that changes its path (LOG, counter, continue) */
	ACT_VERDICT,		/* accept, drop or reject */
	ACT_RETURN,
	ACT_JUMP,		/* into target, then back */
	ACT_GOTO,		/* into target, returning to our caller */
};

struct fw_action {
	enum fw_act	 act;
	enum tri	 match;		/* how the rule's matches fit the packet */
	char		 why[WHY_MAX];	/* why they may not */
	enum fw_verdict	 verdict;	/* ACT_VERDICT */
	const char	*reject_with;	/* FW_REJECT's answer */
	const char	*rule;		/* ACT_VERDICT: the rule's text for quoting */
	size_t		 rule_len;
	const char	*target;	/* ACT_JUMP, ACT_GOTO: a chain of the same table */
};

/* A rule by its chain: keys sorted by (family, table, chain, position). */
struct fw_rkey {
	const char	*family;	/* "" for iptables */
	const char	*table;
	const char	*chain;
	size_t		 idx;		/* the rule's position, for read */
};

/* A ruleset as the walk sees it: rules by chain, and a reader for one rule. */
struct fw_rules {
	struct fw_rkey	*keys;
	size_t		 nkeys;
	void		*arg;
	/* Fill *a (zeroed) with what rule idx does to pkt. */
	void		(*read)(void *arg, size_t idx, const struct fw_packet *pkt,
			    struct fw_action *a);
};

/* A base chain on the input path, in the order the packet meets them. */
struct fw_base {
	const char	*family;	/* "" for iptables */
	const char	*table;
	const char	*name;
	const char	*policy;	/* NULL for none */
};

/* Sort the keys once all rules are read. */
void	 fw_rkeys_sort(struct fw_rkey *, size_t);

/*
 * Follow pkt through the base chains in order, with the chains they jump
 * to, into ev: the decision, the possible drops, rejects and accepts.
 */
void	 fw_walk(const struct fw_rules *, const struct fw_base *, size_t nbases,
	    const struct fw_packet *, struct fw_eval *);

#endif
