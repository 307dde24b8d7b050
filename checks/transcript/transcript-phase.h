/* transcript-phase.h: shared body of the checks that read one phase of a parsed transcript. */
#ifndef TRANSCRIPT_PHASE_H
#define TRANSCRIPT_PHASE_H

#include "checks/check.h"
#include "checks/parse/transcript-parse.h"

struct tr_rule {
	enum tr_finding	 finding;	/* what the transcript must show */
	const char	*outcome;	/* the outcome it becomes */
	const char	*summary;	/* one line for the report */
};

/*
 * Report the first rule whose finding the transcript shows (rules are in
 * priority order); else "ok" when the transcript went past phase done_after,
 * else "not-shown".
 */
void	 tr_phase_exec(struct check_ctx *, struct check_result *,
	    const struct tr_rule *, size_t nrules, enum tr_phase done_after);

/* What the tr-* checks need: the transcript, without which they skip. */
extern const struct check_need tr_phase_needs[];

/* The parsed transcript (ctx must need "transcript"), or NULL. */
static inline const struct transcript *
transcript_dep(struct check_ctx *ctx)
{
	return check_data(ctx, "transcript");
}

#endif
