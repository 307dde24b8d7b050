/* unitshow-parse.h: the KEY=VALUE blocks of `systemctl show` for several units. */
#ifndef UNITSHOW_PARSE_H
#define UNITSHOW_PARSE_H

#include <stddef.h>

struct unit_show {
	char	 id[64];	/* Id: the unit's real name (an alias shows its target's) */
	char	 load[32];	/* LoadState: loaded, not-found, masked */
	char	 active[32];	/* ActiveState: active, inactive, failed, activating */
	char	 sub[32];	/* SubState: running, listening, dead, failed, auto-restart */
	char	 result[32];	/* Result: success, exit-code, signal, core-dump, ... */
	char	 code[32];	/* ExecMainCode: 1 exited, 2 killed, 3 dumped */
	char	 status[32];	/* ExecMainStatus: exit status or signal number */
	char	 listen[512];	/* Listen (sockets): "[::]:22 (Stream)" */
	char	 runtime[128];	/* RuntimeDirectory (services): "sshd", "" when none */
	char	 pre_argv[128];	/* the ExecStartPre= command that failed ("" if none) */
	char	 pre_code[16];	/* how it ended: exited, killed, dumped */
	int	 pre_status;	/* its exit status or signal; -1 if none failed */
};

/* Fill u[0..nunits) from the output of `systemctl show -p ... UNIT...`, whose blocks
 * (one a unit, in the order asked) end with a blank line. Values are cut to fit. */
void	 unitshow_parse(const char *out, struct unit_show *u, size_t nunits);

/* Is word one of the space-separated words of list? ("sshd" in RuntimeDirectory) */
int	 unitshow_has_word(const char *list, const char *word);

/* One ExecStartPre= (or ExecStart=) value: "{ path=... ; argv[]=... ; ... ; code=exited ;
 * status=255 }". Returns 1 if the command ran and failed (argv, code, status filled),
 * 0 if it succeeded or has not run, -1 if the value has no such shape. */
int	 unitshow_exec_failed(const char *value, size_t len, char *argv, size_t alen,
	    char *code, size_t clen, int *status);

#endif
