/* update.c: installs a verified, linted content bundle by atomic rename, keeps the one before for rollback, and picks the content a run uses. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/http.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "content/bundle.h"
#include "content/update.h"

#define SYSTEM_DATA_DIR	"/var/lib/sshdoc"
#define LINT_SHOWN	3		/* lint problems quoted in an error */

char *
update_data_dir(void)
{
	const char	*v = getenv("SSHDOC_DATA_DIR"), *home;
	struct passwd	*pw;
	char		*dir;

	if (v != NULL && v[0] == '/')
		return xstrdup(v);
	if (geteuid() == 0)
		return xstrdup(SYSTEM_DATA_DIR);
	if ((v = getenv("XDG_DATA_HOME")) != NULL && v[0] == '/') {
		xasprintf(&dir, "%s/sshdoc", v);
		return dir;
	}
	if ((home = getenv("HOME")) == NULL || home[0] != '/') {
		if ((pw = getpwuid(getuid())) == NULL || pw->pw_dir == NULL)
			return NULL;
		home = pw->pw_dir;
	}
	xasprintf(&dir, "%s/.local/share/sshdoc", home);
	return dir;
}

static int
is_dir(const char *path)
{
	struct stat	 st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
exists(const char *path)
{
	struct stat	 st;

	return lstat(path, &st) == 0;
}

char *
update_installed(void)
{
	char	*base, *dir;
	const char *v = getenv("SSHDOC_DATA_DIR");

	if ((base = update_data_dir()) != NULL) {
		xasprintf(&dir, "%s/content", base);
		free(base);
		if (is_dir(dir))
			return dir;
		free(dir);
	}
	/* What root installed serves every user who has none of their own. */
	if ((v == NULL || v[0] != '/') && geteuid() != 0 &&
	    is_dir(SYSTEM_DATA_DIR "/content"))
		return xstrdup(SYSTEM_DATA_DIR "/content");
	return NULL;
}

/* Load dir and lint it: 0, or -1 with *cause naming the first problems. */
static int
load_linted(const char *dir, struct content **out, char **cause)
{
	struct content	*c;
	struct strlist	 pr = { NULL, 0 };
	char		*why = NULL, *msg;
	size_t		 i;

	*out = NULL;
	if (content_load(dir, &c, &why) != 0) {
		set_cause(cause, "%s", why);
		free(why);
		return -1;
	}
	if (content_lint(c, &pr) != 0) {
		msg = xstrdup("");
		for (i = 0; i < pr.n && i < LINT_SHOWN; i++) {
			char *next;

			xasprintf(&next, "%s%s%s", msg, i ? "; " : "", pr.v[i]);
			free(msg);
			msg = next;
		}
		set_cause(cause, "the content fails the lint (%zu problem%s): %s%s", pr.n,
		    pr.n == 1 ? "" : "s", msg, pr.n > LINT_SHOWN ? "; ..." : "");
		free(msg);
		strlist_free(&pr);
		content_free(c);
		return -1;
	}
	strlist_free(&pr);
	*out = c;
	return 0;
}

int
update_content_load(const char *dir, struct content **out, char **cause)
{
	char	*installed, *why = NULL;

	if (dir != NULL)
		return content_load(dir, out, cause);
	if ((installed = update_installed()) != NULL) {
		if (load_linted(installed, out, &why) == 0) {
			free(installed);
			return 0;
		}
		fprintf(stderr, "sshdoc: the installed content in %s is not usable (%s): "
		    "using the bundled content (sshdoc --content-rollback goes back)\n",
		    installed, why);
		free(why);
		free(installed);
	}
	return content_load(NULL, out, cause);
}

static int
rm_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) == 0 || errno == ENOENT ? 0 : -1;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* Remove a directory tree that sshdoc made (never follows symlinks). */
static int
remove_tree(const char *path)
{
	if (!exists(path))
		return 0;
	return nftw(path, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

static int
write_all(int fd, const unsigned char *p, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write every file of b below dir (which exists and is empty). */
static int
unpack(const struct bundle *b, const char *dir, char **cause)
{
	char	*path, *slash;
	size_t	 i;
	int	 fd;

	for (i = 0; i < b->nfiles; i++) {
		xasprintf(&path, "%s/%s", dir, b->files[i].path);
		slash = strrchr(path, '/');
		if (slash > path + strlen(dir)) {
			*slash = '\0';
			if (mkdir(path, 0755) == -1 && errno != EEXIST) {
				set_cause(cause, "%s: %s", path, strerror(errno));
				free(path);
				return -1;
			}
			*slash = '/';
		}
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd == -1 || write_all(fd, b->files[i].data, b->files[i].len) != 0 ||
		    fsync(fd) != 0) {
			set_cause(cause, "%s: %s", path, strerror(errno));
			if (fd != -1)
				close(fd);
			free(path);
			return -1;
		}
		if (close(fd) != 0) {
			set_cause(cause, "%s: %s", path, strerror(errno));
			free(path);
			return -1;
		}
		free(path);
	}
	return 0;
}

/* Make base and its missing parents; made lists what was made, outermost first. */
static int
make_base(const char *base, struct strlist *made, char **cause)
{
	char	*p, *s;
	int	 rc = 0;

	if (is_dir(base))
		return 0;
	p = xstrdup(base);
	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0755) == 0)
				strlist_add(made, p);
			else if (errno != EEXIST) {
				rc = set_cause(cause, "%s: %s", p, strerror(errno));
				break;
			}
			*s = '/';
			continue;
		}
		if (mkdir(p, 0755) == 0)
			strlist_add(made, p);
		else if (errno != EEXIST || !is_dir(p))
			rc = set_cause(cause, "%s: %s", p, strerror(errno));
		break;
	}
	free(p);
	return rc;
}

/* Undo make_base: remove what it made, innermost first (only if still empty). */
static void
unmake_base(const char *base, struct strlist *made)
{
	char	*lock;
	size_t	 i;

	if (made->n == 0)
		return;
	xasprintf(&lock, "%s/.lock", base);
	unlink(lock);
	free(lock);
	for (i = made->n; i > 0; i--)
		rmdir(made->v[i - 1]);
}

/* Exchange two existing paths atomically; -1 with errno if the filesystem cannot. */
static int
exchange(const char *a, const char *b)
{
	return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

/* One sshdoc at a time changes the installed content. Returns the lock fd, or -1. */
static int
lock_base(const char *base, char **cause)
{
	char	*path;
	int	 fd;

	xasprintf(&path, "%s/.lock", base);
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd == -1) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		close(fd);
		return set_cause(cause, "another sshdoc is changing the content in %s", base);
	}
	return fd;
}

/* Put the verified tree tmp in place of base/content; the old one becomes previous. */
static int
swap_in(const char *tmp, const char *cur, const char *prev, char **cause)
{
	if (exists(cur) && !is_dir(cur))
		return set_cause(cause, "%s exists and is not a directory: not touching it", cur);
	if (exists(prev) && !is_dir(prev))
		return set_cause(cause, "%s exists and is not a directory: not touching it", prev);
	if (!is_dir(cur)) {
		/* Before this, the bundled content was in use: rollback goes back to it. */
		if (rename(tmp, cur) == -1)
			return set_cause(cause, "rename to %s: %s", cur, strerror(errno));
		remove_tree(prev);
		return 0;
	}
	if (exchange(tmp, cur) == 0) {
		/* tmp now holds the content that was in use. */
		if (remove_tree(prev) != 0 || rename(tmp, prev) == -1) {
			fprintf(stderr, "sshdoc: warning: could not keep the previous content "
			    "as %s: %s\n", prev, strerror(errno));
			remove_tree(tmp);
		}
		return 0;
	}
	/* No RENAME_EXCHANGE here: two renames, undone if the second fails. */
	if (remove_tree(prev) != 0)
		return set_cause(cause, "cannot remove %s: %s", prev, strerror(errno));
	if (rename(cur, prev) == -1)
		return set_cause(cause, "rename %s: %s", cur, strerror(errno));
	if (rename(tmp, cur) == -1) {
		set_cause(cause, "rename to %s: %s", cur, strerror(errno));
		if (rename(prev, cur) == -1)
			fprintf(stderr, "sshdoc: warning: the content in use is now %s\n", prev);
		return -1;
	}
	return 0;
}

int
update_install(const char *url, int timeout_ms, int progress, char **installed,
    char **cause)
{
	struct http_req	 req;
	struct bundle	 b;
	struct content	*c = NULL;
	struct strlist	 made = { NULL, 0 };
	char		*base = NULL, *tmp = NULL, *cur = NULL, *prev = NULL, *why = NULL;
	int		 rc = -1, lockfd = -1;

	*installed = NULL;
	memset(&b, 0, sizeof b);
	memset(&req, 0, sizeof req);
	if (http_url_check(url, 1, &why) != 0) {
		set_cause(cause, "%s", why);
		free(why);
		return -1;
	}
	if ((base = update_data_dir()) == NULL)
		return set_cause(cause, "no home directory to install the content in");

	req.url = url;
	req.allow_file = 1;
	req.max_body = BUNDLE_MAX;
	req.connect_timeout_ms = timeout_ms;
	/* A bundle is larger than a probe's answer: six probe timeouts in all. */
	req.timeout_ms = timeout_ms * 6;
	http_run(&req, 1, progress ? "downloading the content bundle" : NULL);
	if (req.kind != HTTP_OK) {
		set_cause(cause, "%s", req.error != NULL ? req.error : "download failed");
		goto out;
	}
	if (bundle_parse(req.body, req.body_len, &b, cause) != 0)
		goto out;

	if (make_base(base, &made, cause) != 0)
		goto out;
	if ((lockfd = lock_base(base, cause)) == -1)
		goto out;
	xasprintf(&tmp, "%s/.content-new.XXXXXX", base);
	if (mkdtemp(tmp) == NULL) {
		set_cause(cause, "%s: %s", tmp, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	chmod(tmp, 0755);
	if (unpack(&b, tmp, cause) != 0)
		goto out;
	/* The same lint as the test suite, on the unpacked copy. */
	if (load_linted(tmp, &c, &why) != 0) {
		set_cause(cause, "%s", why);
		free(why);
		goto out;
	}
	xasprintf(&cur, "%s/content", base);
	xasprintf(&prev, "%s/content.previous", base);
	if (swap_in(tmp, cur, prev, cause) != 0)
		goto out;
	free(tmp);
	tmp = NULL;
	*installed = cur;
	cur = NULL;
	rc = 0;
out:
	if (tmp != NULL) {
		remove_tree(tmp);
		free(tmp);
	}
	if (lockfd != -1)
		close(lockfd);
	/* A failed first install leaves no trace. */
	if (rc != 0)
		unmake_base(base, &made);
	strlist_free(&made);
	content_free(c);
	bundle_free(&b);
	http_req_free(&req);
	free(cur);
	free(prev);
	free(base);
	return rc;
}

int
update_rollback(char **now, char **cause)
{
	char	*base, *cur = NULL, *prev = NULL, *tmp = NULL;
	int	 rc = -1, lockfd = -1;

	*now = NULL;
	if ((base = update_data_dir()) == NULL)
		return set_cause(cause, "no home directory: no installed content");
	xasprintf(&cur, "%s/content", base);
	xasprintf(&prev, "%s/content.previous", base);
	if (!is_dir(cur) && !is_dir(prev)) {
		set_cause(cause, "nothing to roll back: no content was installed in %s "
		    "(the bundled content is in use)", base);
		goto out;
	}
	if ((lockfd = lock_base(base, cause)) == -1)
		goto out;
	if (is_dir(cur) && is_dir(prev)) {
		if (exchange(prev, cur) != 0) {
			xasprintf(&tmp, "%s/.content-swap", base);
			remove_tree(tmp);
			if (rename(cur, tmp) == -1 || rename(prev, cur) == -1 ||
			    rename(tmp, prev) == -1) {
				set_cause(cause, "cannot swap %s and %s: %s", cur, prev,
				    strerror(errno));
				goto out;
			}
		}
		*now = cur;
		cur = NULL;
	} else if (is_dir(cur)) {
		/* No previous install: go back to the bundled content. */
		if (rename(cur, prev) == -1) {
			set_cause(cause, "rename %s: %s", cur, strerror(errno));
			goto out;
		}
	} else {
		if (rename(prev, cur) == -1) {
			set_cause(cause, "rename %s: %s", prev, strerror(errno));
			goto out;
		}
		*now = cur;
		cur = NULL;
	}
	rc = 0;
out:
	if (lockfd != -1)
		close(lockfd);
	free(tmp);
	free(cur);
	free(prev);
	free(base);
	return rc;
}
