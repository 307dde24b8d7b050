/* ssh-attempt.c: the person's ssh, run for them under options that make the run read-only and prompt-free. */
#include <stdio.h>
#include <string.h>

#include "checks/client/sshconf.h"
#include "checks/client/ssh-attempt.h"
#include "lib/xmalloc.h"

#define ATTEMPT_MIN_MS	200	/* less than this left: not worth starting ssh */

/*
 * Options that keep the attempt from changing anything or waiting on a
 * person, whatever the configuration says: no prompts, no host key accepted
 * or rewritten, no control master socket, no forwarding, no local command.
 */
const char *const ssh_attempt_opts[] = {
	"-vvv", "-T",
	"-o", "BatchMode=yes",
	"-o", "StrictHostKeyChecking=yes",
	"-o", "UpdateHostKeys=no",
	"-o", "ControlMaster=no",
	"-o", "ControlPath=none",
	"-o", "ControlPersist=no",
	"-o", "PermitLocalCommand=no",
	"-o", "ClearAllForwardings=yes",
	"-o", "ForwardAgent=no",
	"-o", "ForwardX11=no",
	"-o", "ConnectionAttempts=1",
	"-o", "EscapeChar=none",
	NULL
};

int
ssh_attempt(struct check_ctx *ctx, const struct check_options *opt, int clean,
    struct transcript *t, struct run_result *rr, char **cause)
{
	static const char *const post[] = { "true", NULL };
	const char	*pre[64], *argv[SSHCONF_ARGV_MAX];
	char		 port[8], ct[32];
	struct run_opts	 ro;
	size_t		 n = 0, i;
	int		 left = check_remaining_ms(ctx), secs;

	memset(t, 0, sizeof *t);
	if (left < ATTEMPT_MIN_MS)
		return set_cause(cause, "no time left for an ssh attempt");
	for (i = 0; ssh_attempt_opts[i] != NULL; i++)
		pre[n++] = ssh_attempt_opts[i];
	/* ssh's own connect bound: the probe timeout, never past our deadline. */
	secs = ((opt->timeout_ms < left ? opt->timeout_ms : left) + 999) / 1000;
	snprintf(ct, sizeof ct, "ConnectTimeout=%d", secs > 0 ? secs : 1);
	pre[n++] = "-o";
	pre[n++] = ct;
	pre[n] = NULL;
	sshconf_target_argv(opt, pre, clean, post, argv, sizeof argv / sizeof argv[0], port);

	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = left;
	ro.max_output = TRANSCRIPT_MAX;
	if (run_command(argv, &ro, rr, cause) != 0)
		return -1;
	transcript_parse(rr->err, rr->err_len, t);
	return 0;
}
