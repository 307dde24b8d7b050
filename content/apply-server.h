/* apply-server.h: what the server fix verbs (content/apply-server.c) offer besides their table. */
#ifndef APPLY_SERVER_H
#define APPLY_SERVER_H

/*
 * The handler of the internal undo steps the server verbs record
 * ("@reload-sshd PORT CONFIG": sshd -t, reload the sshd listening on PORT,
 * re-probe). Every process that may undo an entry registers it with
 * change_set_internal (ui/undo.c does, for --undo, --fix and the watcher).
 */
int	 fix_server_internal(const char *const argv[], char **cause);

/* The confirmation window in seconds (--confirm-timeout; 0: the default, 120). */
void	 fix_server_set_window(int secs);

#endif
