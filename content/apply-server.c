/* apply-server.c: the server-side fix verbs (sshd-config-comment, keygen-hostkeys, unban, authorized-keys-add) and their table; reload-sshd lives in apply-sshd.c. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/parse/authkeys-parse.h"
#include "content/apply.h"
#include "content/apply-server.h"
#include "lib/runner.h"
#include "lib/sanitize.h"
#include "lib/sshd-txn.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

#define SSHD_CONFIG_MAX		(1024 * 1024)	/* largest sshd_config edited */
#define PUBKEY_MAX		(64 * 1024)	/* largest public key file read */
#define AUTHKEYS_MAX		(4 * 1024 * 1024)	/* largest authorized_keys extended */

const char *
fix_server_config(const struct fix_plan *p)
{
	return p->sshd_config != NULL ? p->sshd_config : "/etc/ssh/sshd_config";
}


/* Read a regular file, never through a symlink: the bytes the plan and apply compare. */
static int
read_plain(const char *path, size_t max, char **buf, size_t *len, struct stat *st,
    char **cause)
{
	if (path[0] != '/' || strstr(path, "/../") != NULL)
		return set_cause(cause, "%s: not an absolute, plain path", path);
	if (lstat(path, st) == -1)
		return set_cause(cause, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st->st_mode))
		return set_cause(cause, "%s is not a regular file (a symbolic link?): sshdoc "
		    "edits only the file itself", path);
	return read_file_bounded(path, max, buf, len, cause);
}

/* The steps that change root's files or daemons say so before anything else. */
int
fix_server_need_root(const char *verb, char **cause)
{
	if (geteuid() == 0)
		return 0;
	return set_cause(cause, "%s changes the server's own files or daemons: run sshdoc "
	    "--server as root", verb);
}

/* ------------------------------------------------ sshd-config-comment FILE LINENO */

/* The file with line n (from 1) turned into a comment; -1 if n is not a setting. */
static int
comment_line(const char *buf, size_t len, long n, char **out, size_t *outlen,
    char **line, char **cause)
{
	const char	*p = buf, *end = buf + len, *nl, *q;
	long		 i;
	size_t		 head;
	char		*o;

	for (i = 1; i < n && p < end; i++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			p = end;
		else
			p = nl + 1;
	}
	if (p >= end)
		return set_cause(cause, "the file has no line %ld", n);
	nl = memchr(p, '\n', (size_t)(end - p));
	if (nl == NULL)
		nl = end;
	for (q = p; q < nl && (*q == ' ' || *q == '\t'); q++)
		;
	if (q == nl || *q == '#' || *q == '\r')
		return set_cause(cause, "line %ld is empty or a comment already", n);
	head = (size_t)(p - buf);
	/* "#" and a marker, the line kept as it was: the edit is visible and reversible. */
	o = xmalloc(len + 32);
	memcpy(o, buf, head);
	memcpy(o + head, "# (sshdoc) ", 11);
	memcpy(o + head + 11, p, len - head);
	*out = o;
	*outlen = len + 11;
	*line = xstrndup(p, (size_t)(nl - p));
	return 0;
}

static int
comment_plan(struct fix_plan *p, struct fix_step *s, char **cause)
{
	struct stat	 st;
	char		*buf = NULL, *end, *line = NULL, *clean;
	size_t		 len;
	long		 n;
	int		 rc = -1;

	if (fix_server_need_root("sshd-config-comment", cause) != 0)
		return -1;
	n = strtol(s->args[1], &end, 10);
	if (*end != '\0' || n < 1 || n > 1000000)
		return set_cause(cause, "sshd-config-comment: %s is not a line number", s->args[1]);
	if (strcmp(s->args[0], fix_server_config(p)) != 0)
		return set_cause(cause, "line %ld is in %s, not in %s: sshd -t can prove only an "
		    "edit of the file it is given, so sshdoc leaves an included file to you",
		    n, s->args[0], fix_server_config(p));
	if (read_plain(s->args[0], SSHD_CONFIG_MAX, &buf, &len, &st, cause) != 0)
		return -1;
	if (comment_line(buf, len, n, &s->newtext, &s->newlen, &line, cause) != 0)
		goto out;
	s->path = xstrdup(s->args[0]);
	s->ival[0] = n;
	clean = sanitize_str(line, 200);
	xasprintf(&s->what, "comment out line %ld of %s (%s), then sshd -t on the edited copy "
	    "before it replaces the file", n, s->path, clean);
	free(clean);
	s->diff = fix_unified_diff(s->path, buf, len, s->newtext, s->newlen);
	fix_step_command(s, "%s -t -f %s.sshdoc-test-PID-N  # the edited copy, beside it",
	    sshd_txn_binary(), s->path);
	strlist_addf(&s->backups, "%s (contents, owner, mode)", s->path);
	rc = 0;
out:
	free(line);
	free(buf);
	return rc;
}

static int
comment_apply(struct change_tx *tx, struct fix_plan *p, struct fix_step *s,
    const struct fix_apply_opts *o, char **cause)
{
	struct stat	 st;
	char		*buf = NULL, *text = NULL, *line = NULL;
	size_t		 len, tlen;
	int		 rc = -1;

	(void)p;
	(void)o;
	/* What is written is what the dry run showed: refuse if the file changed since. */
	if (read_plain(s->path, SSHD_CONFIG_MAX, &buf, &len, &st, cause) != 0)
		return -1;
	if (comment_line(buf, len, s->ival[0], &text, &tlen, &line, cause) != 0)
		goto out;
	if (tlen != s->newlen || memcmp(text, s->newtext, tlen) != 0) {
		set_cause(cause, "%s changed since the plan was made: nothing written", s->path);
		goto out;
	}
	rc = sshd_txn_write(tx, s->path, text, tlen, cause);
out:
	free(buf);
	free(text);
	free(line);
	return rc;
}

/* ------------------------------------------------ keygen-hostkeys [PATH] */

static const char *const default_hostkeys[] = {
	"/etc/ssh/ssh_host_rsa_key", "/etc/ssh/ssh_host_ecdsa_key",
	"/etc/ssh/ssh_host_ed25519_key", NULL
};

/* The key type a host key's file name implies (ssh-keygen -A's names). */
static const char *
key_type(const char *path)
{
	const char *b = strrchr(path, '/');

	b = b != NULL ? b + 1 : path;
	if (strstr(b, "rsa") != NULL)
		return "rsa";
	if (strstr(b, "ecdsa") != NULL)
		return "ecdsa";
	return "ed25519";
}

static int
keygen_plan(struct fix_plan *p, struct fix_step *s, char **cause)
{
	struct stat	 st;
	char		*q, *pub;
	size_t		 i;
	int		 missing = 0;

	(void)p;
	if (fix_server_need_root("keygen-hostkeys", cause) != 0)
		return -1;
	if (s->nargs == 1) {
		if (s->args[0][0] != '/' || strstr(s->args[0], "/../") != NULL)
			return set_cause(cause, "%s: not an absolute, plain path", s->args[0]);
		if (lstat(s->args[0], &st) == 0)
			return set_cause(cause, "%s exists: sshdoc never replaces a host key "
			    "(clients would see a changed key)", s->args[0]);
		s->path = xstrdup(s->args[0]);
		xasprintf(&pub, "%s.pub", s->path);
		if (lstat(pub, &st) == 0) {
			free(pub);
			return set_cause(cause, "%s.pub exists without its private key: move it "
			    "away first", s->path);
		}
		free(pub);
		xasprintf(&s->what, "create the missing %s host key %s (ssh-keygen)",
		    key_type(s->path), s->path);
		q = fix_shell_word(s->path);
		fix_step_command(s, "ssh-keygen -q -t %s -N '' -C '' -f %s", key_type(s->path), q);
		free(q);
		strlist_addf(&s->backups, "%s and %s.pub (they do not exist: undo removes them)",
		    s->path, s->path);
		return 0;
	}
	for (i = 0; default_hostkeys[i] != NULL; i++)
		if (lstat(default_hostkeys[i], &st) == -1)
			missing++;
	if (missing == 0)
		return set_cause(cause, "every default host key exists: ssh-keygen -A would do "
		    "nothing");
	xasprintf(&s->what, "create the %d missing default host key%s (ssh-keygen -A)",
	    missing, missing == 1 ? "" : "s");
	fix_step_command(s, "ssh-keygen -A");
	for (i = 0; default_hostkeys[i] != NULL; i++)
		if (lstat(default_hostkeys[i], &st) == -1)
			strlist_addf(&s->backups, "%s and .pub (absent now: undo removes them)",
			    default_hostkeys[i]);
	return 0;
}

int
fix_server_run_ok(const char *const argv[], int timeout_ms, char **cause)
{
	struct run_opts	 ro;
	struct run_result rr;
	char		 how[64], *err;
	int		 rc = -1;

	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = timeout_ms;
	ro.max_output = 64 * 1024;
	if (run_command(argv, &ro, &rr, cause) == -1)
		return -1;
	if (rr.exited && rr.status == 0)
		rc = 0;
	else {
		err = sanitize_str(rr.err_len > 0 ? rr.err : rr.out, 300);
		set_cause(cause, "%s: %s: %s", argv[0], run_describe(&rr, how, sizeof how), err);
		free(err);
	}
	run_free(&rr);
	return rc;
}

static int
keygen_apply(struct change_tx *tx, struct fix_plan *p, struct fix_step *s,
    const struct fix_apply_opts *o, char **cause)
{
	char	*pub;
	size_t	 i;
	int	 rc;

	(void)p;
	(void)o;
	if (s->path != NULL) {
		const char *argv[] = { "ssh-keygen", "-q", "-t", key_type(s->path), "-N", "",
		    "-C", "", "-f", s->path, NULL };

		xasprintf(&pub, "%s.pub", s->path);
		rc = change_backup(tx, s->path, cause) == 0 &&
		    change_backup(tx, pub, cause) == 0 ? 0 : -1;
		free(pub);
		if (rc == 0)
			rc = fix_server_run_ok(argv, 60000, cause);
		return rc;
	} else {
		const char *argv[] = { "ssh-keygen", "-A", NULL };

		for (i = 0; default_hostkeys[i] != NULL; i++) {
			xasprintf(&pub, "%s.pub", default_hostkeys[i]);
			rc = change_backup(tx, default_hostkeys[i], cause) == 0 &&
			    change_backup(tx, pub, cause) == 0 ? 0 : -1;
			free(pub);
			if (rc != 0)
				return -1;
		}
		return fix_server_run_ok(argv, 60000, cause);
	}
}

/* ------------------------------------------------ unban JAIL ADDR */

/* fail2ban-client's argv start: "-s SOCK" when SSHDOC_FAIL2BAN_SOCKET says (as the check). */
static size_t
f2b_argv(const char **argv)
{
	const char	*sock = getenv("SSHDOC_FAIL2BAN_SOCKET");
	size_t		 n = 0;

	argv[n++] = "fail2ban-client";
	if (sock != NULL && *sock == '/') {
		argv[n++] = "-s";
		argv[n++] = sock;
	}
	return n;
}

static int
plain_word(const char *s, const char *extra)
{
	if (*s == '\0' || *s == '-')
		return 0;
	for (; *s != '\0'; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && strchr(extra, *s) == NULL)
			return 0;
	return 1;
}

static int
unban_plan(struct fix_plan *p, struct fix_step *s, char **cause)
{
	const char	*argv[8];
	size_t		 n, i;
	char		*line = NULL, *t;

	(void)p;
	if (fix_server_need_root("unban", cause) != 0)
		return -1;
	if (!plain_word(s->args[0], "_-.@"))
		return set_cause(cause, "unban: %s is not a jail name", s->args[0]);
	if (!plain_word(s->args[1], ":./"))
		return set_cause(cause, "unban: %s is not an address", s->args[1]);
	n = f2b_argv(argv);
	argv[n++] = "set";
	argv[n++] = s->args[0];
	argv[n++] = "unbanip";
	argv[n++] = s->args[1];
	for (i = 0; i < n; i++) {
		xasprintf(&t, "%s%s%s", line != NULL ? line : "", i ? " " : "", argv[i]);
		free(line);
		line = t;
	}
	fix_step_command(s, "%s", line);
	free(line);
	xasprintf(&s->what, "lift fail2ban's ban of %s in jail %s (undo bans it again)",
	    s->args[1], s->args[0]);
	return 0;
}

static int
unban_apply(struct change_tx *tx, struct fix_plan *p, struct fix_step *s,
    const struct fix_apply_opts *o, char **cause)
{
	const char	*argv[10];
	size_t		 n;

	(void)p;
	(void)o;
	n = f2b_argv(argv);
	argv[n++] = "set";
	argv[n++] = s->args[0];
	argv[n++] = "banip";
	argv[n++] = s->args[1];
	argv[n] = NULL;
	/* The way back first: if sshdoc dies after the unban, undo still knows it. */
	if (change_undo_argv(tx, argv, cause) != 0)
		return -1;
	argv[n - 2] = "unbanip";
	return fix_server_run_ok(argv, 30000, cause);
}

/* ------------------------------------------------ authorized-keys-add USER KEYFILE */

/* The one public key line of keyfile, validated; NULL with *cause. */
static char *
pubkey_line(const char *keyfile, char **cause)
{
	struct authkeys_file af;
	char		*buf = NULL, *nl, *line = NULL;
	size_t		 len;

	/* Only read: a relative name (--key ./id.pub) or a link is fine here. */
	if (read_file_bounded(keyfile, PUBKEY_MAX, &buf, &len, cause) != 0)
		return NULL;
	if (memchr(buf, '\0', len) != NULL) {
		set_cause(cause, "%s is not a public key file", keyfile);
		goto out;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if ((nl = strchr(buf, '\n')) != NULL) {
		set_cause(cause, "%s holds more than one line: give one public key", keyfile);
		goto out;
	}
	authkeys_parse(buf, len, &af);
	if (af.n != 1 || af.v[0].kind != AK_KEY || af.v[0].options ||
	    af.v[0].cert_authority || strstr(af.v[0].type, "-cert-") != NULL) {
		authkeys_free(&af);
		set_cause(cause, "%s is not one plain public key (type, base64 key, comment)",
		    keyfile);
		goto out;
	}
	authkeys_free(&af);
	line = xstrdup(buf);
out:
	free(buf);
	return line;
}

struct akpaths {
	char	*dir;		/* ~USER/.ssh */
	char	*file;		/* ~USER/.ssh/authorized_keys */
	uid_t	 uid;
	gid_t	 gid;
};

static int
ak_paths(const char *user, struct akpaths *a, char **cause)
{
	struct passwd	*pw;

	memset(a, 0, sizeof *a);
	if ((pw = getpwnam(user)) == NULL)
		return set_cause(cause, "no account %s on this machine", user);
	if (pw->pw_dir == NULL || pw->pw_dir[0] != '/')
		return set_cause(cause, "account %s has no home directory", user);
	xasprintf(&a->dir, "%s/.ssh", pw->pw_dir);
	xasprintf(&a->file, "%s/.ssh/authorized_keys", pw->pw_dir);
	a->uid = pw->pw_uid;
	a->gid = pw->pw_gid;
	return 0;
}

static void
ak_free(struct akpaths *a)
{
	free(a->dir);
	free(a->file);
}

/* The new contents: the old file, a newline if it lacked one, the key. */
static int
ak_text(const struct akpaths *a, const char *key, char **old, size_t *oldlen, char **out,
    size_t *outlen, char **cause)
{
	struct stat	 st;
	size_t		 klen = strlen(key);

	*old = NULL;
	*oldlen = 0;
	if (lstat(a->file, &st) == 0) {
		if (read_plain(a->file, AUTHKEYS_MAX, old, oldlen, &st, cause) != 0)
			return -1;
		if (strstr(*old, key) != NULL)
			return set_cause(cause, "%s holds this key already", a->file);
	} else if (errno != ENOENT)
		return set_cause(cause, "%s: %s", a->file, strerror(errno));
	*out = xmalloc(*oldlen + klen + 3);
	memcpy(*out, *old != NULL ? *old : "", *oldlen);
	*outlen = *oldlen;
	if (*oldlen > 0 && (*out)[*oldlen - 1] != '\n')
		(*out)[(*outlen)++] = '\n';
	memcpy(*out + *outlen, key, klen);
	*outlen += klen;
	(*out)[(*outlen)++] = '\n';
	return 0;
}

static int
ak_plan(struct fix_plan *p, struct fix_step *s, char **cause)
{
	struct akpaths	 a;
	struct stat	 st;
	char		*key, *old = NULL;
	size_t		 oldlen;
	int		 rc = -1;

	(void)p;
	if (!plain_word(s->args[0], "._-"))
		return set_cause(cause, "authorized-keys-add: %s is not a user name", s->args[0]);
	if ((key = pubkey_line(s->args[1], cause)) == NULL)
		return -1;
	if (ak_paths(s->args[0], &a, cause) != 0)
		goto out;
	if (lstat(a.dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		set_cause(cause, "%s is not a directory", a.dir);
		goto out;
	}
	if (ak_text(&a, key, &old, &oldlen, &s->newtext, &s->newlen, cause) != 0)
		goto out;
	s->path = xstrdup(a.file);
	s->diff = fix_unified_diff(a.file, old != NULL ? old : "", oldlen, s->newtext,
	    s->newlen);
	xasprintf(&s->what, "add the key in %s to %s (owned by %s, mode 0600; %s 0700)",
	    s->args[1], a.file, s->args[0], a.dir);
	strlist_addf(&s->backups, "%s (%s)", a.file, old != NULL ? "contents, owner, mode" :
	    "absent now: undo removes it");
	if (lstat(a.dir, &st) == -1)
		strlist_addf(&s->backups, "%s (absent now: undo removes it)", a.dir);
	rc = 0;
out:
	free(old);
	free(key);
	ak_free(&a);
	return rc;
}

static int
ak_apply(struct change_tx *tx, struct fix_plan *p, struct fix_step *s,
    const struct fix_apply_opts *o, char **cause)
{
	struct akpaths	 a;
	struct stat	 st;
	char		*key, *old = NULL, *text = NULL;
	size_t		 oldlen, len;
	int		 rc = -1;

	(void)p;
	(void)o;
	if ((key = pubkey_line(s->args[1], cause)) == NULL)
		return -1;
	if (ak_paths(s->args[0], &a, cause) != 0)
		goto out;
	if (ak_text(&a, key, &old, &oldlen, &text, &len, cause) != 0)
		goto out;
	if (len != s->newlen || memcmp(text, s->newtext, len) != 0) {
		set_cause(cause, "%s changed since the plan was made: nothing written", a.file);
		goto out;
	}
	/* ~/.ssh: created 0700 for the user; an existing one keeps its owner and mode. */
	if (lstat(a.dir, &st) == -1 &&
	    change_mkdir(tx, a.dir, 0700, a.uid, a.gid, cause) != 0)
		goto out;
	rc = change_write(tx, a.file, text, len, old != NULL ? (mode_t)-1 : 0600,
	    old != NULL ? (uid_t)-1 : a.uid, old != NULL ? (gid_t)-1 : a.gid, cause);
out:
	free(old);
	free(text);
	free(key);
	ak_free(&a);
	return rc;
}

const struct fix_verb fix_verbs_server[] = {
	{ "sshd-config-comment", 2, 2, 1, comment_plan, comment_apply, NULL },
	{ "keygen-hostkeys", 0, 1, 1, keygen_plan, keygen_apply, NULL },
	{ "unban", 2, 2, 1, unban_plan, unban_apply, NULL },
	{ "authorized-keys-add", 2, 2, 1, ak_plan, ak_apply, NULL },
	{ "reload-sshd", 0, 0, 1, fix_reload_plan, fix_reload_apply, fix_reload_after },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};
