/* ssh-query.c: what this machine's ssh binary supports (ssh -Q), bounded like every command. */
#include <string.h>

#include "checks/client/ssh-query.h"
#include "lib/runner.h"
#include "lib/xmalloc.h"

char *
ssh_query(struct check_ctx *ctx, const char *query)
{
	const char	*argv[] = { "ssh", "-Q", query, NULL };
	struct run_opts	 ro;
	struct run_result rr;
	char		*out = NULL, *p;

	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = check_remaining_ms(ctx);
	ro.max_output = 64 * 1024;
	if (run_command(argv, &ro, &rr, NULL) != 0)
		return NULL;
	if (rr.exited && rr.status == 0 && rr.out != NULL) {
		for (p = rr.out; *p != '\0'; p++) {
			if (*p == '\n')
				*p = ',';
		}
		out = xstrdup(rr.out);
	}
	run_free(&rr);
	return out;
}
