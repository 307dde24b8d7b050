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

/* Between the server steps' files (apply-server.c, apply-sshd.c). */
struct fix_plan;
struct fix_step;
struct fix_apply_opts;
struct change_tx;
/* --sshd-config, or /etc/ssh/sshd_config. */
const char *fix_server_config(const struct fix_plan *);
/* 0 as root, else -1 with a cause naming verb. */
int	 fix_server_need_root(const char *verb, char **cause);
/* Run argv; 0 only for exit status 0, else -1 with its (sanitized) stderr. */
int	 fix_server_run_ok(const char *const argv[], int timeout_ms, char **cause);
/* reload-sshd's plan, apply and after (content/apply-sshd.c). */
int	 fix_reload_plan(struct fix_plan *, struct fix_step *, char **cause);
int	 fix_reload_apply(struct change_tx *, struct fix_plan *, struct fix_step *,
	    const struct fix_apply_opts *, char **cause);
int	 fix_reload_after(struct fix_plan *, struct fix_step *, const struct fix_apply_opts *,
	    char **cause);

#endif
