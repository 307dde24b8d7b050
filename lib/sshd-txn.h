/* sshd-txn.h: the pieces of a safe sshd_config change: sshd -t on an edited copy, reload (never restart), a banner re-probe, the detached rollback watcher and the confirmation prompt. */
#ifndef SSHD_TXN_H
#define SSHD_TXN_H

#include <stdio.h>
#include <sys/types.h>

#include "lib/change.h"

/* The sshd binary: the first of the usual places that exists, else "sshd" from PATH. */
const char *sshd_txn_binary(void);

/*
 * Replace config with newtext only if sshd accepts it: the edited copy is
 * written to a temporary file beside config, `sshd -t -f COPY` runs on it,
 * and only on exit status 0 does change_write replace config. On refusal
 * nothing is replaced and *cause is sshd's own message. The copy is removed
 * in every case.
 */
int	 sshd_txn_write(struct change_tx *, const char *config, const char *newtext,
	    size_t len, char **cause);

/*
 * The systemd unit that runs pid ("ssh.service", "sshd.service") when
 * systemd is running and the pid's cgroup names that unit, else NULL
 * (reload by SIGHUP to the pid).
 */
char	*sshd_txn_unit(int pid);

/* Reload: `systemctl reload UNIT` when unit is set, else SIGHUP to pid. Never a restart. */
int	 sshd_txn_reload(int pid, const char *unit, char **cause);

/*
 * Whether something on 127.0.0.1:port (or [::1]:port) sends an "SSH-2.0-"
 * banner within timeout_ms: 1 yes, 0 no (*why says what it got instead).
 */
int	 sshd_txn_banner(int port, int timeout_ms, char **why);

/*
 * Start the detached rollback watcher: a grandchild in its own session, its
 * descriptors closed (stdio on /dev/null), executing /proc/self/exe
 * --rollback-after SECS ENTRY. It outlives sshdoc (SIGKILL, a lost
 * terminal) and undoes ENTRY after SECS seconds unless it was confirmed.
 * *pidp gets its pid. The caller's environment (SSHDOC_STATE_DIR) passes on.
 */
int	 sshd_txn_spawn_watcher(int secs, const char *entry, pid_t *pidp, char **cause);

/*
 * The watcher's body: sleep until SECS seconds from now, then
 * change_undo_entry(entry, "rolled-back"). Returns 0 rolled back, 1 it had
 * been confirmed (nothing done), -1 error.
 */
int	 sshd_txn_watch(int secs, const char *entry, char **cause);

/*
 * Read one line from fd within secs seconds: 1 the line is "yes", 0 another
 * line, end of input or the time ran out.
 */
int	 sshd_txn_ask_yes(int fd, int secs);

#endif
