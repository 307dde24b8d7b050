/* undo.h: the command line's --undo [N], --confirm ENTRY, --confirm-timeout SECONDS and the hidden rollback watcher. */
#ifndef UNDO_H
#define UNDO_H

/*
 * Called first by main: registers the server fixes' internal undo steps,
 * takes --confirm-timeout SECONDS out of argv (see undo_confirm_timeout),
 * and runs --undo [N], --confirm ENTRY or the hidden --rollback-after SECS
 * ENTRY when argv holds one of them. Returns -1 to go on, else the exit status.
 */
int	 undo_main(int *argc, char **argv);
/* --confirm-timeout's value in seconds, or 0 (the default window). */
int	 undo_confirm_timeout(void);

#endif
