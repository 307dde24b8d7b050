/* ssh-attempt.h: one ssh run on the person's behalf, with options that keep it from prompting, writing or forwarding anything. */
#ifndef SSH_ATTEMPT_H
#define SSH_ATTEMPT_H

#include "checks/check.h"
#include "lib/runner.h"
#include "checks/parse/transcript-parse.h"

/* The safety options, NULL-terminated (ssh-attempt.c says why each). */
extern const char *const ssh_attempt_opts[];

/*
 * Run "ssh -vvv [safety options] ... -- HOST true" for opt's target (clean:
 * with -F /dev/null), bounded by ctx's deadline, and parse its stderr into
 * *t. opt may differ from ctx->opt (another host: a ProxyJump hop). Returns 0
 * when ssh was started (rr filled, rr->not_found if there is no ssh: free it
 * with run_free; *t filled: free it with transcript_free), -1 with *cause.
 */
int	 ssh_attempt(struct check_ctx *, const struct check_options *opt, int clean,
	    struct transcript *t, struct run_result *rr, char **cause);

#endif
