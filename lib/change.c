/* change.c: backed-up, atomic, journaled, logged and undoable changes to files (lib/change.h). */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "lib/change.h"
#include "lib/change-int.h"
#include "lib/runner.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

/* A backup copy larger than this is refused: configuration files are small. */
#define CHANGE_FILE_MAX		(16u << 20)

static change_internal_fn internal_fn;

void
change_set_internal(change_internal_fn fn)
{
	internal_fn = fn;
}

/* Where entries live: $SSHDOC_STATE_DIR, /var/backups/sshdoc as root, else under $HOME. */
char *
chg_state_dir(char **cause)
{
	const char	*env, *home;
	struct passwd	*pw;
	char		*s;

	if ((env = getenv("SSHDOC_STATE_DIR")) != NULL && *env != '\0')
		return xstrdup(env);
	if (geteuid() == 0)
		return xstrdup("/var/backups/sshdoc");
	if ((home = getenv("HOME")) == NULL || *home != '/') {
		if ((pw = getpwuid(geteuid())) == NULL || pw->pw_dir == NULL) {
			set_cause(cause, "no home directory for the backups");
			return NULL;
		}
		home = pw->pw_dir;
	}
	xasprintf(&s, "%s/.local/state/sshdoc/backups", home);
	return s;
}

/* mkdir -p with mode 0700 for the parts it creates. */
static int
mkdirs(const char *path, char **cause)
{
	char	*p, *s;
	int	 rc = -1;

	p = xstrdup(path);
	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST) {
			set_cause(cause, "cannot create %s: %s", p, strerror(errno));
			goto out;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	rc = 0;
out:
	free(p);
	return rc;
}

static int
fsync_dir_of(const char *path)
{
	char	*d, *slash;
	int	 fd, rc;

	d = xstrdup(path);
	if ((slash = strrchr(d, '/')) == NULL)
		strcpy(d, ".");
	else if (slash == d)
		d[1] = '\0';
	else
		*slash = '\0';
	fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(d);
	if (fd == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 w;

	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Characters that would break a manifest or journal line. */
static int
bad_field(const char *s)
{
	return s == NULL || strpbrk(s, "\t\n\r") != NULL;
}

/*
 * The core of every write: a new file beside path (O_EXCL), the bytes,
 * fsync, owner and mode, mtime if given, rename, fsync of the directory. On
 * any error the temporary file is gone and path untouched.
 */
static int
atomic_replace(const char *path, const void *buf, size_t len, mode_t mode,
    uid_t uid, gid_t gid, const struct timespec *mtime, char **cause)
{
	char		*tmp = NULL, *slash;
	int		 fd = -1, rc = -1, tries, err;
	const char	*step = "create";
	struct timespec	 ts[2];

	for (tries = 0; tries < 100; tries++) {
		free(tmp);
		slash = strrchr(path, '/');
		xasprintf(&tmp, "%.*s.%s.sshdoc-%ld-%d", slash == NULL ? 0 :
		    (int)(slash - path + 1), path, slash == NULL ? path : slash + 1,
		    (long)getpid(), (int)(now_ms() % 1000000) + tries);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd != -1 || errno != EEXIST)
			break;
	}
	if (fd == -1) {
		set_cause(cause, "cannot create a temporary file beside %s: %s", path,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	step = "write";
	if (write_all(fd, buf, len) == -1)
		goto fail;
	step = "fsync";
	if (fsync(fd) == -1)
		goto fail;
	step = "chown";
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) && fchown(fd, uid, gid) == -1) {
		/* Not root: only a no-op change is allowed, and that is what we asked. */
		struct stat st;
		if (fstat(fd, &st) == -1 || (uid != (uid_t)-1 && st.st_uid != uid) ||
		    (gid != (gid_t)-1 && st.st_gid != gid))
			goto fail;
	}
	step = "chmod";
	if (fchmod(fd, mode & 07777) == -1)
		goto fail;
	if (mtime != NULL) {
		step = "set the time of";
		ts[0] = *mtime;
		ts[1] = *mtime;
		if (futimens(fd, ts) == -1)
			goto fail;
	}
	step = "close";
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	step = "rename";
	if (rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	tmp = NULL;
	if (fsync_dir_of(path) == -1) {
		/* The file is in place; only the durability of the rename is in doubt. */
		set_cause(cause, "%s replaced, but its directory could not be synced: %s",
		    path, strerror(errno));
		return -1;
	}
	return 0;
fail:
	err = errno;
	if (fd != -1)
		close(fd);
	if (tmp != NULL)
		unlink(tmp);
	set_cause(cause, "cannot %s a temporary copy of %s (original untouched): %s",
	    step, path, strerror(err));
	free(tmp);
	return rc;
}

/* Read a regular file (never a symlink, never blocking on a FIFO), bounded. */
int
chg_read_regular(const char *path, size_t max, char **out, size_t *len, struct stat *st,
    char **cause)
{
	int	 fd;
	size_t	 got = 0;
	ssize_t	 r;
	char	*buf;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) == -1)
		return set_cause(cause, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, st) == -1 || !S_ISREG(st->st_mode) || (size_t)st->st_size > max) {
		close(fd);
		return set_cause(cause, "%s is not a regular file of at most %zu bytes",
		    path, max);
	}
	buf = xmalloc((size_t)st->st_size + 1);
	while (got < (size_t)st->st_size) {
		r = read(fd, buf + got, (size_t)st->st_size - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got != (size_t)st->st_size) {
		free(buf);
		return set_cause(cause, "cannot read %s whole", path);
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 0;
}

void
chg_rec_free(struct change_rec *r)
{
	free(r->path);
	strlist_free(&r->argv);
}

/* One manifest line for a record. */
static char *
rec_line(const struct change_rec *r)
{
	char	*s = NULL, *t;
	size_t	 i;

	switch (r->kind) {
	case REC_FILE:
		xasprintf(&s, "file\t%u\t%lu\t%lu\t%o\t%lld\t%ld\t%s\n", r->copy,
		    (unsigned long)r->uid, (unsigned long)r->gid, (unsigned)r->mode,
		    (long long)r->mtime.tv_sec, r->mtime.tv_nsec, r->path);
		break;
	case REC_DIR:
		xasprintf(&s, "dir\t%lu\t%lu\t%o\t%s\n", (unsigned long)r->uid,
		    (unsigned long)r->gid, (unsigned)r->mode, r->path);
		break;
	case REC_ABSENT:
		xasprintf(&s, "absent\t%s\n", r->path);
		break;
	case REC_ARGV:
		s = xstrdup("argv");
		for (i = 0; i < r->argv.n; i++) {
			xasprintf(&t, "%s\t%s", s, r->argv.v[i]);
			free(s);
			s = t;
		}
		xasprintf(&t, "%s\n", s);
		free(s);
		s = t;
		break;
	}
	return s;
}

/* Append one line to a file with O_APPEND and fsync it. */
static int
append_line(const char *path, const char *line, char **cause)
{
	int	fd, rc = 0;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC,
	    0600)) == -1)
		return set_cause(cause, "cannot open %s: %s", path, strerror(errno));
	if (write_all(fd, line, strlen(line)) == -1 || fsync(fd) == -1)
		rc = set_cause(cause, "cannot write %s: %s", path, strerror(errno));
	if (close(fd) == -1 && rc == 0)
		rc = set_cause(cause, "cannot write %s: %s", path, strerror(errno));
	return rc;
}

/* Add a record and write its manifest line at once, so a crash mid-fix leaves it restorable. */
static int
tx_add(struct change_tx *tx, struct change_rec *r, char **cause)
{
	char	*line, *mf;
	int	 rc;

	line = rec_line(r);
	xasprintf(&mf, "%s/manifest", tx->dir);
	rc = append_line(mf, line, cause);
	free(mf);
	free(line);
	if (rc == -1) {
		chg_rec_free(r);
		return -1;
	}
	tx->v = xreallocarray(tx->v, tx->n + 1, sizeof *tx->v);
	tx->v[tx->n++] = *r;
	return 0;
}

struct change_tx *
change_begin(const char *fixid, char **cause)
{
	struct change_tx *tx;
	char		 stamp[32], *state, *name = NULL, *dir = NULL;
	const char	*p;
	time_t		 now;
	struct tm	 tm;
	int		 i;

	if (fixid == NULL || *fixid == '\0') {
		set_cause(cause, "no fix name");
		return NULL;
	}
	for (p = fixid; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || (*p >= 'A' && *p <= 'Z'))) {
			set_cause(cause, "fix name '%s' is not a cause id", fixid);
			return NULL;
		}
	}
	if ((state = chg_state_dir(cause)) == NULL)
		return NULL;
	if (mkdirs(state, cause) == -1) {
		free(state);
		return NULL;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	/* The same second and pid again (tests, one run fixing twice): a suffix. */
	for (i = 1; i < 1000; i++) {
		free(name);
		free(dir);
		if (i == 1)
			xasprintf(&name, "%s-%ld-%s", stamp, (long)getpid(), fixid);
		else
			xasprintf(&name, "%s-%ld-%s.%d", stamp, (long)getpid(), fixid, i);
		xasprintf(&dir, "%s/%s", state, name);
		if (mkdir(dir, 0700) == 0)
			break;
		if (errno != EEXIST) {
			set_cause(cause, "cannot create %s: %s", dir, strerror(errno));
			goto fail;
		}
	}
	if (i == 1000) {
		set_cause(cause, "cannot name a new entry under %s", state);
		goto fail;
	}
	tx = xcalloc(1, sizeof *tx);
	tx->state = state;
	tx->name = name;
	tx->dir = dir;
	tx->fixid = xstrdup(fixid);
	return tx;
fail:
	free(state);
	free(name);
	free(dir);
	return NULL;
}

char *
change_state_dir(char **cause)
{
	return chg_state_dir(cause);
}

const char *
change_dir(const struct change_tx *tx)
{
	return tx->dir;
}

const char *
change_entry(const struct change_tx *tx)
{
	return tx->name;
}

int
change_backup(struct change_tx *tx, const char *path, char **cause)
{
	struct change_rec r;
	struct stat	 st;
	char		*buf = NULL, *copy = NULL;
	size_t		 len, i;
	int		 rc = -1;

	if (path == NULL || *path != '/' || bad_field(path))
		return set_cause(cause, "not an absolute path: %s", path ? path : "(null)");
	for (i = 0; i < tx->n; i++)
		if (tx->v[i].path != NULL && strcmp(tx->v[i].path, path) == 0)
			return 0;
	memset(&r, 0, sizeof r);
	if (lstat(path, &st) == -1) {
		if (errno != ENOENT)
			return set_cause(cause, "cannot stat %s: %s", path, strerror(errno));
		r.kind = REC_ABSENT;
		r.path = xstrdup(path);
		return tx_add(tx, &r, cause);
	}
	if (S_ISLNK(st.st_mode))
		return set_cause(cause, "%s is a symbolic link: not changed", path);
	if (S_ISDIR(st.st_mode)) {
		r.kind = REC_DIR;
		r.path = xstrdup(path);
		r.uid = st.st_uid;
		r.gid = st.st_gid;
		r.mode = st.st_mode & 07777;
		return tx_add(tx, &r, cause);
	}
	if (!S_ISREG(st.st_mode))
		return set_cause(cause, "%s is not a regular file or directory", path);
	if (chg_read_regular(path, CHANGE_FILE_MAX, &buf, &len, &st, cause) == -1)
		return -1;
	r.kind = REC_FILE;
	r.copy = ++tx->copies;
	r.uid = st.st_uid;
	r.gid = st.st_gid;
	r.mode = st.st_mode & 07777;
	r.mtime = st.st_mtim;
	xasprintf(&copy, "%s/%u", tx->dir, r.copy);
	/* The copy keeps owner, mode and mtime too (the entry directory is 0700). */
	if (atomic_replace(copy, buf, len, r.mode, geteuid() == 0 ? r.uid : (uid_t)-1,
	    geteuid() == 0 ? r.gid : (gid_t)-1, &r.mtime, cause) == -1)
		goto out;
	r.path = xstrdup(path);
	rc = tx_add(tx, &r, cause);
out:
	free(copy);
	free(buf);
	return rc;
}

int
change_write(struct change_tx *tx, const char *path, const void *buf, size_t len,
    mode_t mode, uid_t uid, gid_t gid, char **cause)
{
	struct stat	st;

	if (change_backup(tx, path, cause) == -1)
		return -1;
	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return set_cause(cause, "%s is not a regular file", path);
		if (mode == (mode_t)-1)
			mode = st.st_mode & 07777;
		if (uid == (uid_t)-1)
			uid = st.st_uid;
		if (gid == (gid_t)-1)
			gid = st.st_gid;
	} else if (mode == (mode_t)-1)
		mode = 0600;
	return atomic_replace(path, buf, len, mode, uid, gid, NULL, cause);
}

/* Open path without following a symlink, for fchmod/fchown. */
static int
open_nofollow(const char *path, char **cause)
{
	int	fd;

	fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return set_cause(cause, "cannot open %s: %s", path, strerror(errno));
	return fd;
}

int
change_chmod(struct change_tx *tx, const char *path, mode_t mode, char **cause)
{
	char	 proc[64];
	int	 fd, rc = 0;
	struct stat st;

	if (change_backup(tx, path, cause) == -1)
		return -1;
	if ((fd = open_nofollow(path, cause)) == -1)
		return -1;
	/* chmod through the O_PATH descriptor: the object checked is the one changed. */
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if (fstat(fd, &st) == -1 || S_ISLNK(st.st_mode))
		rc = set_cause(cause, "%s is a symbolic link: not changed", path);
	else if (chmod(proc, mode & 07777) == -1)
		rc = set_cause(cause, "cannot chmod %s: %s", path, strerror(errno));
	close(fd);
	return rc;
}

int
change_chown(struct change_tx *tx, const char *path, uid_t uid, gid_t gid, char **cause)
{
	int	 fd, rc = 0;
	struct stat st;

	if (change_backup(tx, path, cause) == -1)
		return -1;
	if ((fd = open_nofollow(path, cause)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || S_ISLNK(st.st_mode))
		rc = set_cause(cause, "%s is a symbolic link: not changed", path);
	else if (fchownat(fd, "", uid, gid, AT_EMPTY_PATH) == -1)
		rc = set_cause(cause, "cannot chown %s: %s", path, strerror(errno));
	close(fd);
	return rc;
}

int
change_mkdir(struct change_tx *tx, const char *path, mode_t mode, uid_t uid, gid_t gid,
    char **cause)
{
	struct stat	st;

	if (change_backup(tx, path, cause) == -1)
		return -1;
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return set_cause(cause, "cannot create %s: %s", path, strerror(errno));
	if (lstat(path, &st) == -1 || !S_ISDIR(st.st_mode))
		return set_cause(cause, "%s exists and is not a directory", path);
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) && lchown(path, uid, gid) == -1)
		return set_cause(cause, "cannot chown %s: %s", path, strerror(errno));
	if (chmod(path, mode & 07777) == -1)
		return set_cause(cause, "cannot chmod %s: %s", path, strerror(errno));
	return fsync_dir_of(path) == -1 ? set_cause(cause, "cannot sync the directory of %s",
	    path) : 0;
}

int
change_undo_argv(struct change_tx *tx, const char *const argv[], char **cause)
{
	struct change_rec r;
	size_t		 i;

	memset(&r, 0, sizeof r);
	r.kind = REC_ARGV;
	for (i = 0; argv[i] != NULL; i++) {
		if (bad_field(argv[i]) || *argv[i] == '\0') {
			strlist_free(&r.argv);
			return set_cause(cause, "an undo command argument cannot be recorded");
		}
		strlist_add(&r.argv, argv[i]);
	}
	if (r.argv.n == 0)
		return set_cause(cause, "an empty undo command");
	return tx_add(tx, &r, cause);
}

/* "sshdoc: WHAT FIXID: DETAIL" to syslog (LOG_AUTHPRIV) when root; flattened to one line. */
void
chg_log_root(const char *what, const char *fixid, const char *detail)
{
	char	*msg, *p;

	if (geteuid() != 0)
		return;
	xasprintf(&msg, "sshdoc: %s %s: %s", what, fixid, detail != NULL ? detail : "");
	for (p = msg; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	openlog("sshdoc", LOG_PID, LOG_AUTHPRIV);
	syslog(LOG_AUTHPRIV | LOG_NOTICE, "%s", msg);
	closelog();
	free(msg);
}

/* Append the journal line; summary flattened to one line. */
int
chg_journal_add(const char *state, const char *entry, const char *fixid, const char *st,
    const char *summary, char **cause)
{
	char	*j, *line, *s, *p;
	int	 rc;

	s = xstrdup(summary != NULL ? summary : "");
	for (p = s; *p != '\0'; p++)
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	xasprintf(&j, "%s/journal", state);
	xasprintf(&line, "%s\t%s\t%s\t%s\n", entry, fixid, st, s);
	rc = append_line(j, line, cause);
	free(line);
	free(j);
	free(s);
	return rc;
}

int
change_commit(struct change_tx *tx, const char *summary, int pending, char **cause)
{
	struct jentry	*v = NULL;
	size_t		 n = 0, i;
	int		 lk, rc = -1;

	/* Under the lock: a watcher that already rolled this entry back wins. */
	if ((lk = chg_lock_state(tx->state, cause)) == -1)
		return -1;
	if (chg_journal_read(tx->state, &v, &n, cause) == -1)
		goto out;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].entry, tx->name) == 0)
			break;
	if (i < n) {
		set_cause(cause, "%s is already %s", tx->name, v[i].state);
		goto out;
	}
	if (chg_journal_add(tx->state, tx->name, tx->fixid, pending ? "pending" : "applied",
	    summary, cause) == -1)
		goto out;
	rc = 0;
out:
	close(lk);
	chg_jlist_free(v, n);
	if (rc == -1)
		return -1;
	tx->committed = 1;
	chg_log_root(pending ? "applied (pending confirmation)" : "applied", tx->fixid, summary);
	return 0;
}

/* Put one record back as it was. */
static int
rec_restore(const struct change_tx *tx, const struct change_rec *r, char **cause)
{
	struct run_result res;
	struct run_opts	 opts;
	struct stat	 st;
	char		*copy, *buf = NULL, *c2 = NULL, rb[64];
	size_t		 len;
	int		 rc = -1;

	switch (r->kind) {
	case REC_FILE:
		xasprintf(&copy, "%s/%u", tx->dir, r->copy);
		if (chg_read_regular(copy, CHANGE_FILE_MAX, &buf, &len, &st, cause) == 0)
			rc = atomic_replace(r->path, buf, len, r->mode, r->uid, r->gid,
			    &r->mtime, cause);
		free(copy);
		free(buf);
		return rc;
	case REC_DIR:
		if (mkdir(r->path, 0700) == -1 && errno != EEXIST)
			return set_cause(cause, "cannot recreate %s: %s", r->path,
			    strerror(errno));
		if (lstat(r->path, &st) == -1 || !S_ISDIR(st.st_mode))
			return set_cause(cause, "%s is no longer a directory", r->path);
		if ((st.st_uid != r->uid || st.st_gid != r->gid) &&
		    lchown(r->path, r->uid, r->gid) == -1)
			return set_cause(cause, "cannot chown %s back: %s", r->path,
			    strerror(errno));
		if (chmod(r->path, r->mode) == -1)
			return set_cause(cause, "cannot chmod %s back: %s", r->path,
			    strerror(errno));
		return 0;
	case REC_ABSENT:
		if (lstat(r->path, &st) == -1)
			return errno == ENOENT ? 0 : set_cause(cause, "cannot stat %s: %s",
			    r->path, strerror(errno));
		if ((S_ISDIR(st.st_mode) ? rmdir(r->path) : unlink(r->path)) == -1)
			return set_cause(cause, "cannot remove %s, which the fix created: %s",
			    r->path, strerror(errno));
		fsync_dir_of(r->path);
		return 0;
	case REC_ARGV:
		if (r->argv.v[0][0] == '@') {
			if (internal_fn == NULL)
				return set_cause(cause, "no handler for %s", r->argv.v[0]);
			return internal_fn((const char *const *)r->argv.v, cause);
		}
		memset(&opts, 0, sizeof opts);
		opts.timeout_ms = 30000;
		if (run_command((const char *const *)r->argv.v, &opts, &res, cause) == -1)
			return -1;
		if (!res.exited || res.status != 0) {
			c2 = xstrndup(res.err, 200);
			set_cause(cause, "%s: %s: %s", r->argv.v[0],
			    run_describe(&res, rb, sizeof rb), c2);
			free(c2);
		} else
			rc = 0;
		run_free(&res);
		return rc;
	}
	return set_cause(cause, "unknown record");
}

/* Restore every record, files in reverse order first, then the undo commands (newest first). */
static int
restore_all(const struct change_tx *tx, char **cause)
{
	size_t	 i;
	int	 rc = 0, pass;
	char	*c1 = NULL;

	for (pass = 0; pass < 2; pass++) {
		for (i = tx->n; i-- > 0;) {
			if ((tx->v[i].kind == REC_ARGV) != (pass == 1))
				continue;
			if (rec_restore(tx, &tx->v[i], &c1) == -1) {
				/* Keep going: restore what can be; report the first failure. */
				if (rc == 0 && cause != NULL)
					*cause = c1;
				else
					free(c1);
				c1 = NULL;
				rc = -1;
			}
		}
	}
	return rc;
}

int
change_restore(struct change_tx *tx, const char *state, char **cause)
{
	char	*c1 = NULL;
	int	 rc;

	rc = restore_all(tx, cause);
	if (chg_journal_add(tx->state, tx->name, tx->fixid, rc == 0 ? state : "restore-failed",
	    rc == 0 || cause == NULL ? "restored" : *cause, &c1) == -1) {
		if (rc == 0 && cause != NULL) {
			*cause = c1;
			rc = -1;
		} else
			free(c1);
	}
	chg_log_root(rc == 0 ? state : "restore failed", tx->fixid, tx->name);
	return rc;
}

void
change_free(struct change_tx *tx)
{
	size_t	i;

	if (tx == NULL)
		return;
	for (i = 0; i < tx->n; i++)
		chg_rec_free(&tx->v[i]);
	free(tx->v);
	free(tx->state);
	free(tx->name);
	free(tx->dir);
	free(tx->fixid);
	free(tx);
}

