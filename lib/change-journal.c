/* change-journal.c: the journal side of lib/change.h: reading entries back, undo, confirmation and rollback under one lock. */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/change.h"
#include "lib/change-int.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

/* Split a line at tabs into at most max fields; returns the count. */
static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t	n = 0;

	while (n < max) {
		f[n++] = line;
		if ((line = strchr(line, '\t')) == NULL)
			break;
		*line++ = '\0';
	}
	return n;
}

/* A decimal (or octal) number no larger than max, all digits: 0, or -1. */
static int
num(const char *s, int base, unsigned long long max, unsigned long long *out)
{
	const char		*p;
	unsigned long long	 v;
	char			*end;

	if (*s == '\0' || strlen(s) > 20)
		return -1;
	for (p = s; *p != '\0'; p++)
		if (*p < '0' || *p > (base == 8 ? '7' : '9'))
			return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

int
chg_manifest_parse(char *buf, size_t len, struct change_tx *tx, char **cause)
{
	struct change_rec	 r;
	char			*line, *next, *f[64];
	size_t			 n, i;
	unsigned long long	 v[6];
	int			 bad;

	if (strlen(buf) != len)
		return set_cause(cause, "the manifest holds a NUL byte: not one sshdoc wrote");
	for (line = buf; *line != '\0'; line = next) {
		/* a last line cut by a crash: its record was never acted on */
		if ((next = strchr(line, '\n')) == NULL)
			break;
		*next++ = '\0';
		n = split_tabs(line, f, 64);
		memset(&r, 0, sizeof r);
		bad = 0;
		if (strcmp(f[0], "file") == 0 && n == 8) {
			bad = num(f[1], 10, 1000000, &v[0]) || num(f[2], 10, 0xfffffffe, &v[1]) ||
			    num(f[3], 10, 0xfffffffe, &v[2]) || num(f[4], 8, 07777, &v[3]) ||
			    num(f[5], 10, 0x7fffffffffffffffULL, &v[4]) ||
			    num(f[6], 10, 999999999, &v[5]);
			r.kind = REC_FILE;
			if (!bad) {
				r.copy = (unsigned)v[0];
				r.uid = (uid_t)v[1];
				r.gid = (gid_t)v[2];
				r.mode = (mode_t)v[3];
				r.mtime.tv_sec = (time_t)v[4];
				r.mtime.tv_nsec = (long)v[5];
				r.path = xstrdup(f[7]);
			}
		} else if (strcmp(f[0], "dir") == 0 && n == 5) {
			bad = num(f[1], 10, 0xfffffffe, &v[1]) || num(f[2], 10, 0xfffffffe, &v[2]) ||
			    num(f[3], 8, 07777, &v[3]);
			r.kind = REC_DIR;
			if (!bad) {
				r.uid = (uid_t)v[1];
				r.gid = (gid_t)v[2];
				r.mode = (mode_t)v[3];
				r.path = xstrdup(f[4]);
			}
		} else if (strcmp(f[0], "absent") == 0 && n == 2) {
			r.kind = REC_ABSENT;
			r.path = xstrdup(f[1]);
		} else if (strcmp(f[0], "argv") == 0 && n >= 2) {
			r.kind = REC_ARGV;
			for (i = 1; i < n; i++)
				strlist_add(&r.argv, f[i]);
		} else
			bad = 1;
		if (bad || (r.path != NULL && (*r.path != '/' || strstr(r.path, "/../") != NULL)) ||
		    (r.kind == REC_ARGV && r.argv.v[0][0] == '\0')) {
			chg_rec_free(&r);
			return set_cause(cause, "the manifest has a line sshdoc did not write");
		}
		tx->v = xreallocarray(tx->v, tx->n + 1, sizeof *tx->v);
		tx->v[tx->n++] = r;
		if (r.kind == REC_FILE && r.copy > tx->copies)
			tx->copies = r.copy;
	}
	return 0;
}

/* Load an entry's transaction from its manifest. */
struct change_tx *
chg_tx_load(const char *state, const char *entry, const char *fixid, char **cause)
{
	struct change_tx *tx;
	char		*mf, *buf = NULL;
	size_t		 len;
	struct stat	 st;

	if (strchr(entry, '/') != NULL || *entry == '.' || *entry == '\0') {
		set_cause(cause, "not an entry name: %s", entry);
		return NULL;
	}
	tx = xcalloc(1, sizeof *tx);
	tx->state = xstrdup(state);
	tx->name = xstrdup(entry);
	xasprintf(&tx->dir, "%s/%s", state, entry);
	tx->fixid = xstrdup(fixid);
	tx->committed = 1;
	xasprintf(&mf, "%s/manifest", tx->dir);
	if (lstat(mf, &st) == -1 && errno == ENOENT) {
		free(mf);
		return tx;	/* an entry that changed nothing */
	}
	if (chg_read_regular(mf, CHANGE_MANIFEST_MAX, &buf, &len, &st, cause) == -1 ||
	    chg_manifest_parse(buf, len, tx, cause) == -1) {
		free(buf);
		free(mf);
		change_free(tx);
		return NULL;
	}
	free(buf);
	free(mf);
	return tx;
}

void
chg_jlist_free(struct jentry *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].entry);
		free(v[i].fixid);
		free(v[i].state);
		free(v[i].summary);
	}
	free(v);
}

int
chg_journal_parse(char *buf, size_t len, struct jentry **out, size_t *outn)
{
	char		*line, *next, *f[4];
	size_t		 n = 0, i;
	struct jentry	*v = NULL;

	*out = NULL;
	*outn = 0;
	if (strlen(buf) != len)
		return -1;
	for (line = buf; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) == NULL)
			break;
		*next++ = '\0';
		if (split_tabs(line, f, 4) != 4 || *f[0] == '\0')
			continue;
		/* newest first: a state line usually follows its entry closely */
		for (i = n; i-- > 0;)
			if (strcmp(v[i].entry, f[0]) == 0)
				break;
		if (i == (size_t)-1) {
			v = xreallocarray(v, n + 1, sizeof *v);
			v[n].entry = xstrdup(f[0]);
			v[n].fixid = xstrdup(f[1]);
			v[n].state = xstrdup(f[2]);
			v[n].summary = xstrdup(f[3]);
			n++;
		} else {
			free(v[i].state);
			v[i].state = xstrdup(f[2]);
		}
	}
	*out = v;
	*outn = n;
	return 0;
}

int
chg_journal_read(const char *state, struct jentry **out, size_t *outn, char **cause)
{
	char		*j, *buf = NULL;
	size_t		 len;
	struct stat	 st;
	int		 rc;

	*out = NULL;
	*outn = 0;
	xasprintf(&j, "%s/journal", state);
	if (lstat(j, &st) == -1 && errno == ENOENT) {
		free(j);
		return 0;
	}
	if (chg_read_regular(j, CHANGE_JOURNAL_MAX, &buf, &len, &st, cause) == -1) {
		free(j);
		return -1;
	}
	if ((rc = chg_journal_parse(buf, len, out, outn)) == -1)
		set_cause(cause, "%s holds a NUL byte: not a journal sshdoc wrote", j);
	free(j);
	free(buf);
	return rc;
}

/* An exclusive lock on STATE/lock: confirmation, undo and rollback never interleave. */
int
chg_lock_state(const char *state, char **cause)
{
	char	*l;
	int	 fd;

	/* Never created here: a watcher outliving its state directory must not remake it. */
	xasprintf(&l, "%s/lock", state);
	fd = open(l, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	free(l);
	if (fd == -1 && errno == ENOENT)
		return set_cause(cause, "nothing recorded: no change was ever applied here "
		    "(%s does not exist)", state);
	if (fd == -1)
		return set_cause(cause, "cannot open the lock in %s: %s", state,
		    strerror(errno));
	while (flock(fd, LOCK_EX) == -1) {
		if (errno != EINTR) {
			close(fd);
			return set_cause(cause, "cannot lock %s: %s", state,
			    strerror(errno));
		}
	}
	return fd;
}

/*
 * Undo the entry (by name, or the nth most recent applied or pending one)
 * under the lock. only_pending: do nothing (return 1) unless it is pending.
 */
static int
undo_locked(const char *name, int nth, const char *newstate, int only_pending,
    char **entry, char **fixid, char **cause)
{
	struct jentry	*v = NULL;
	struct change_tx *tx = NULL;
	char		*state;
	size_t		 n = 0, i;
	int		 lk = -1, rc = -1, k = 0;

	if ((state = chg_state_dir(cause)) == NULL)
		return -1;
	if ((lk = chg_lock_state(state, cause)) == -1)
		goto out;
	if (chg_journal_read(state, &v, &n, cause) == -1)
		goto out;
	for (i = n; i-- > 0;) {
		if (name != NULL) {
			if (strcmp(v[i].entry, name) == 0)
				break;
			continue;
		}
		if (strcmp(v[i].state, "applied") == 0 || strcmp(v[i].state, "pending") == 0)
			if (++k == nth)
				break;
	}
	if (i == (size_t)-1 && name != NULL && only_pending) {
		/*
		 * Never committed: sshdoc died between the change and its journal
		 * line (the watcher was armed first). Its manifest is all there is.
		 */
		const char *f = strchr(name, '-');
		struct stat sb;
		char *d;

		f = f != NULL ? strchr(f + 1, '-') : NULL;
		xasprintf(&d, "%s/%s", state, name);
		if (f != NULL && strchr(name, '/') == NULL && *name != '.' &&
		    stat(d, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			free(d);
			/* the fix id, without the ".N" of a second entry in the same second */
			d = xstrndup(f + 1, strcspn(f + 1, "."));
			tx = chg_tx_load(state, name, d, cause);
			free(d);
			if (tx == NULL)
				goto out;
			rc = change_restore(tx, newstate, cause);
			goto out;
		}
		free(d);
	}
	if (i == (size_t)-1) {
		if (name != NULL)
			set_cause(cause, "no entry %s in %s/journal", name, state);
		else if (k == 0)
			set_cause(cause, "nothing to undo: no applied change in %s/journal",
			    state);
		else
			set_cause(cause, "only %d applied change%s in %s/journal", k,
			    k == 1 ? "" : "s", state);
		goto out;
	}
	if (only_pending && strcmp(v[i].state, "pending") != 0) {
		rc = 1;
		goto out;
	}
	if (strcmp(v[i].state, "applied") != 0 && strcmp(v[i].state, "pending") != 0) {
		set_cause(cause, "%s is already %s", v[i].entry, v[i].state);
		goto out;
	}
	if ((tx = chg_tx_load(state, v[i].entry, v[i].fixid, cause)) == NULL)
		goto out;
	rc = change_restore(tx, newstate, cause);
	if (entry != NULL)
		*entry = xstrdup(v[i].entry);
	if (fixid != NULL)
		*fixid = xstrdup(v[i].fixid);
out:
	if (lk != -1)
		close(lk);
	change_free(tx);
	chg_jlist_free(v, n);
	free(state);
	return rc;
}

int
change_undo(int n, char **entry, char **fixid, char **cause)
{
	if (n < 1)
		return set_cause(cause, "--undo counts from 1 (the last change)");
	return undo_locked(NULL, n, "undone", 0, entry, fixid, cause);
}

int
change_undo_entry(const char *entry, const char *state, char **cause)
{
	return undo_locked(entry, 0, state, strcmp(state, "rolled-back") == 0, NULL, NULL,
	    cause);
}

int
change_confirm(const char *entry, char **cause)
{
	struct jentry	*v = NULL;
	char		*state;
	size_t		 n = 0, i;
	int		 lk = -1, rc = -1;

	if ((state = chg_state_dir(cause)) == NULL)
		return -1;
	if ((lk = chg_lock_state(state, cause)) == -1)
		goto out;
	if (chg_journal_read(state, &v, &n, cause) == -1)
		goto out;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].entry, entry) == 0)
			break;
	if (i == n)
		set_cause(cause, "no entry %s in %s/journal", entry, state);
	else if (strcmp(v[i].state, "pending") != 0)
		set_cause(cause, "%s is %s, not pending: nothing to confirm", entry,
		    v[i].state);
	else if (chg_journal_add(state, v[i].entry, v[i].fixid, "applied", "confirmed",
	    cause) == 0) {
		chg_log_root("confirmed", v[i].fixid, entry);
		rc = 0;
	}
out:
	if (lk != -1)
		close(lk);
	chg_jlist_free(v, n);
	free(state);
	return rc;
}

int
change_entry_state(const char *entry, char **statep, char **cause)
{
	struct jentry	*v = NULL;
	char		*state;
	size_t		 n = 0, i;
	int		 rc = -1;

	if ((state = chg_state_dir(cause)) == NULL)
		return -1;
	if (chg_journal_read(state, &v, &n, cause) == 0) {
		for (i = 0; i < n; i++)
			if (strcmp(v[i].entry, entry) == 0)
				break;
		if (i == n)
			set_cause(cause, "no entry %s", entry);
		else {
			*statep = xstrdup(v[i].state);
			rc = 0;
		}
	}
	chg_jlist_free(v, n);
	free(state);
	return rc;
}

int
change_entry_describe(const char *entry, struct strlist *out, char **cause)
{
	struct change_tx *tx;
	char		*state;
	size_t		 i, k;

	if ((state = chg_state_dir(cause)) == NULL)
		return -1;
	tx = chg_tx_load(state, entry, "-", cause);
	free(state);
	if (tx == NULL)
		return -1;
	for (i = 0; i < tx->n; i++) {
		const struct change_rec *r = &tx->v[i];
		switch (r->kind) {
		case REC_FILE:
			strlist_addf(out, "%s (contents, owner %lu:%lu, mode %04o)", r->path,
			    (unsigned long)r->uid, (unsigned long)r->gid, (unsigned)r->mode);
			break;
		case REC_DIR:
			strlist_addf(out, "%s (directory owner %lu:%lu, mode %04o)", r->path,
			    (unsigned long)r->uid, (unsigned long)r->gid, (unsigned)r->mode);
			break;
		case REC_ABSENT:
			strlist_addf(out, "%s (removed: the fix created it)", r->path);
			break;
		case REC_ARGV: {
			char *s = xstrdup("ran:");
			for (k = 0; k < r->argv.n; k++) {
				char *t;
				xasprintf(&t, "%s %s", s, r->argv.v[k]);
				free(s);
				s = t;
			}
			strlist_add(out, s);
			free(s);
			break;
		}
		}
	}
	change_free(tx);
	return 0;
}
