/* change-int.h: what lib/change.c and lib/change-journal.c share (not for other files). */
#ifndef CHANGE_INT_H
#define CHANGE_INT_H

#include <sys/stat.h>
#include <time.h>

#include "lib/change.h"
#include "lib/util.h"

/* The journal and a manifest are read whole, so they are capped too. */
#define CHANGE_JOURNAL_MAX	(8u << 20)
#define CHANGE_MANIFEST_MAX	(1u << 20)

/* One thing recorded before it changed; restored in reverse order. */
struct change_rec {
	enum { REC_FILE, REC_DIR, REC_ABSENT, REC_ARGV } kind;
	char		*path;		/* the path (REC_ARGV: NULL) */
	unsigned	 copy;		/* REC_FILE: the copy's number in the entry directory */
	uid_t		 uid;		/* owner as found */
	gid_t		 gid;		/* group as found */
	mode_t		 mode;		/* permission bits as found */
	struct timespec	 mtime;		/* REC_FILE: modification time as found */
	struct strlist	 argv;		/* REC_ARGV: the command that undoes a non-file change */
};

struct change_tx {
	char		*state;		/* the state directory */
	char		*name;		/* the entry's name: YYYYmmddTHHMMSSZ-PID-FIXID */
	char		*dir;		/* state/name */
	char		*fixid;		/* the fix applied */
	struct change_rec *v;		/* records, in the order they were made */
	size_t		 n;		/* records */
	unsigned	 copies;	/* file copies made so far */
	int		 committed;	/* the journal has its line */
};

/* The journal's entries with their latest state, oldest first. */
struct jentry {
	char	*entry;
	char	*fixid;
	char	*state;
	char	*summary;
};

char	*chg_state_dir(char **cause);
int	 chg_read_regular(const char *path, size_t max, char **out, size_t *len,
	    struct stat *st, char **cause);
void	 chg_rec_free(struct change_rec *);
int	 chg_journal_add(const char *state, const char *entry, const char *fixid,
	    const char *st, const char *summary, char **cause);
void	 chg_log_root(const char *what, const char *fixid, const char *detail);
/* An exclusive lock on STATE/lock (an open descriptor), or -1. */
int	 chg_lock_state(const char *state, char **cause);
int	 chg_journal_read(const char *state, struct jentry **out, size_t *outn, char **cause);
void	 chg_jlist_free(struct jentry *, size_t);
/*
 * The parsers of what sshdoc wrote (pure: a NUL-terminated buffer of len
 * bytes, changed in place): a manifest's records appended to tx, and the
 * journal's entries with their latest state, oldest first. -1 on a line
 * sshdoc does not write (the manifest) or a NUL byte (both).
 */
int	 chg_manifest_parse(char *buf, size_t len, struct change_tx *, char **cause);
int	 chg_journal_parse(char *buf, size_t len, struct jentry **out, size_t *outn);
/* An entry's transaction as its manifest recorded it. */
struct change_tx *chg_tx_load(const char *state, const char *entry, const char *fixid,
	    char **cause);

#endif
