/* change.h: every change sshdoc makes to a machine: backed up first, written atomically, journaled, logged and undoable. */
#ifndef CHANGE_H
#define CHANGE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * One fix applied is one journal entry: a directory
 *   STATE/YYYYmmddTHHMMSSZ-PID-FIXID/
 * (STATE is /var/backups/sshdoc as root, ~/.local/state/sshdoc/backups
 * otherwise, or $SSHDOC_STATE_DIR when set: tests use it) holding a copy of
 * every file touched, with its owner and mode, and a manifest; the line
 * "ENTRY<TAB>FIXID<TAB>STATE<TAB>SUMMARY" in STATE/journal, STATE being
 * applied, undone, rolled-back or pending (a confirmation window is open).
 * Nothing is ever deleted from STATE by sshdoc.
 */
struct change_tx;

/* Open a new entry for fix FIXID (a cause id). NULL with *cause on failure. */
struct change_tx *change_begin(const char *fixid, char **cause);
/* STATE, the directory of every entry and the journal (allocated), or NULL with *cause. */
char	*change_state_dir(char **cause);
/* The entry's directory (for messages: "backups in ..."). */
const char *change_dir(const struct change_tx *);
/* The entry's name (for change_confirm, the rollback watcher and messages). */
const char *change_entry(const struct change_tx *);

/*
 * Record PATH's present state before it changes: a copy of a regular file
 * (same owner, mode, mtime), the owner and mode of a directory, or that it
 * does not exist (undo then removes what the fix created). Once per path;
 * later calls for the same path do nothing. Symlinks are refused.
 */
int	 change_backup(struct change_tx *, const char *path, char **cause);

/*
 * Replace PATH's contents atomically: backup, write a temporary file beside
 * it with MODE, UID and GID (-1: those of the file it replaces, or the
 * caller's), fsync it, rename over PATH, fsync the directory. On any error
 * PATH is untouched and the temporary file removed.
 */
int	 change_write(struct change_tx *, const char *path, const void *buf,
	    size_t len, mode_t mode, uid_t uid, gid_t gid, char **cause);
int	 change_chmod(struct change_tx *, const char *path, mode_t, char **cause);
int	 change_chown(struct change_tx *, const char *path, uid_t, gid_t, char **cause);
int	 change_mkdir(struct change_tx *, const char *path, mode_t, uid_t, gid_t, char **cause);

/* A change that is not a file (fail2ban unban): the argv that undoes it, run by undo. */
int	 change_undo_argv(struct change_tx *, const char *const argv[], char **cause);

/*
 * Write the manifest and the journal line (STATE applied, or pending when a
 * confirmation window follows), log "sshdoc: applied FIXID: SUMMARY" to
 * syslog (LOG_AUTHPRIV) as root. After commit the entry is undoable.
 */
int	 change_commit(struct change_tx *, const char *summary, int pending, char **cause);
/* Mark a pending entry applied (the person confirmed). */
int	 change_confirm(const char *entry, char **cause);

/*
 * Restore every path of the entry as backed up, in reverse order, then run
 * its undo argvs (newest first); journal it as STATE.
 */
int	 change_restore(struct change_tx *, const char *state, char **cause);
void	 change_free(struct change_tx *);

/*
 * Undo the Nth most recent applied entry (1: the last): restore its files
 * byte-identical with owner and mode, run its undo argvs, journal "undone".
 * *entry (optional) gets the entry's name and *fixid the fix it undid.
 */
int	 change_undo(int n, char **entry, char **fixid, char **cause);
/*
 * Undo one entry by name (the rollback watcher); state is "rolled-back" or
 * "undone". With "rolled-back" the entry is undone only if still pending:
 * returns 1 (nothing done) when it was confirmed. Confirmation, undo and
 * rollback hold one lock (STATE/lock), so they never interleave.
 */
int	 change_undo_entry(const char *entry, const char *state, char **cause);

/* An entry's latest journal state (applied, pending, undone, rolled-back, ...). */
int	 change_entry_state(const char *entry, char **state, char **cause);
struct strlist;
/* One line per thing the entry recorded (path with owner and mode, or a command), in order. */
int	 change_entry_describe(const char *entry, struct strlist *, char **cause);

/*
 * Undo argvs whose argv[0] starts with '@' are not commands but handled by
 * this function (set by the layer that recorded them: "@reload-sshd PORT"
 * reloads sshd without a shell or a guess at a pid recorded earlier).
 */
typedef int (*change_internal_fn)(const char *const argv[], char **cause);
void	 change_set_internal(change_internal_fn);

#endif
