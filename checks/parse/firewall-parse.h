/* firewall-parse.h: reads iptables-save and `nft -j list ruleset` output and follows a new TCP connection to the SSH port through the input path (pure). */
#ifndef FIREWALL_PARSE_H
#define FIREWALL_PARSE_H

#include <stddef.h>

#include "lib/ipnet.h"

#define FW_RULES_MAX	50000	/* rules read of one ruleset; the rest is ignored (and said) */
#define FW_DEPTH_MAX	16	/* nested jumps followed */
#define FW_TEXT_MAX	512	/* bytes of a rule kept for quoting */
#define FW_MAYBE_MAX	4	/* possible drops and rejects kept */
#define FW_STEPS_MAX	100000	/* rules visited in one evaluation (jumps can fan out) */
#define FW_JSON_MAX	(16 * 1024 * 1024)	/* bytes of nft -j output read (jansson takes some 16 times that) */

enum fw_verdict {
	FW_NONE,		/* nothing decided here: the packet goes on */
	FW_ACCEPT,
	FW_DROP,
	FW_REJECT,
};

/* A new connection (a TCP SYN) to the SSH port. */
struct fw_packet {
	int		 family;	/* AF_INET or AF_INET6 */
	int		 have_src;	/* src is the client's address; otherwise any address */
	struct ipnet	 src;
	int		 port;		/* destination port */
	int		 loopback;	/* it arrives on lo (the client is this machine) */
};

/* A rule (or a chain's policy) that decides, or may decide, the packet's fate. */
struct fw_hit {
	enum fw_verdict	 verdict;	/* FW_NONE: no such rule */
	char		*rule;		/* the rule as the tool prints it (raw bytes, cut at FW_TEXT_MAX) */
	char		*chain;		/* where: "filter INPUT", "inet filter input" */
	char		*reject_with;	/* REJECT's answer: "tcp-reset", "icmp-port-unreachable", ... */
	char		*depends;	/* for a possible hit: what the match depends on */
	int		 policy;	/* the chain's policy, not a rule */
	int		 some_sources;	/* possible only because it names some source addresses */
};

struct fw_eval {
	size_t		 rules;		/* rules read */
	size_t		 skipped;	/* rules past FW_RULES_MAX, or of iptables' own tables in nft */
	size_t		 base_chains;	/* chains on the input path */
	int		 restrictive;	/* some chain on the input path has a drop policy */
	struct fw_hit	 decided;	/* what happens to the packet for sure (FW_NONE: it passes) */
	struct fw_hit	 maybe[FW_MAYBE_MAX];	/* drops and rejects that may apply (some sources, ...) */
	size_t		 nmaybe;
	size_t		 maybe_more;	/* more of them, not kept */
	struct fw_hit	 maybe_accept;	/* the first accept that may apply before the decision */
	int		 iptables_nft;	/* iptables-save: the nf_tables variant (its rules show in nft too) */
	int		 incomplete;	/* a loop, deep nesting or FW_STEPS_MAX: followed in part, undecided after */
};

/*
 * Follow pkt through an iptables-save (or ip6tables-save) dump: raw and
 * mangle PREROUTING, mangle INPUT, filter INPUT, with the chains they jump
 * to. Matches sshdoc cannot evaluate (ipsets, rate limits, interfaces other
 * than lo) make a hit possible, not certain. Without a client address, the
 * packet comes from an address that no source match names: rules for some
 * sources only are kept as possible hits and do not decide. Returns 0, or -1
 * with *cause if the text is no iptables-save output.
 */
int	 fw_iptables_eval(const char *text, size_t len, const struct fw_packet *,
	    struct fw_eval *, char **cause);

/*
 * The same for `nft -j list ruleset`: base chains of the prerouting and input
 * hooks of the packet's family (ip, ip6, inet), in priority order. nft_text
 * (`nft -a list ruleset`, may be NULL) gives the rules' text for quoting. With
 * skip_xtables, the tables iptables-nft keeps (ip/ip6 filter, raw, mangle,
 * nat, security) are left out, as iptables-save shows them already.
 */
int	 fw_nft_eval(const char *json, size_t len, const char *nft_text, size_t textlen,
	    const struct fw_packet *, int skip_xtables, struct fw_eval *, char **cause);

/* The same in two steps, to read a dump once for several packets. */
struct fw_nft;
int	 fw_nft_load(const char *json, size_t len, const char *nft_text, size_t textlen,
	    int skip_xtables, struct fw_nft **, char **cause);
void	 fw_nft_walk(struct fw_nft *, const struct fw_packet *, struct fw_eval *);
void	 fw_nft_free(struct fw_nft *);

void	 fw_eval_free(struct fw_eval *);
const char *fw_verdict_name(enum fw_verdict);

#endif
