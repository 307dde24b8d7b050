/* apply-client.c: the generic and client-side fix verbs (chmod, chown, mkdir, known-hosts-remove, client-config-block): plan without changing, apply through lib/change. */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/apply.h"
#include "lib/runner.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"

#define CONFIG_MAX	(1024 * 1024)	/* largest ~/.ssh/config edited */

/* The lines of a command's output, each sanitized (text from outside). */
static void
split_text(const char *out, struct strlist *lines)
{
	const char	*p = out, *nl;
	char		*line;

	while (*p != '\0' && lines->n < 64) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		line = sanitize(p, (size_t)(nl - p), 300);
		strlist_add(lines, line);
		free(line);
		p = *nl == '\n' ? nl + 1 : nl;
	}
}

/* A path a verb changes: absolute, existing (unless may_miss), never a symbolic link. */
static int
path_ok(const char *path, struct stat *st, int may_miss, char **cause)
{
	size_t	 len;

	if (path[0] != '/')
		return set_cause(cause, "%s: not an absolute path", path);
	len = strlen(path);
	if (strstr(path, "/../") != NULL || strstr(path, "/./") != NULL ||
	    (len >= 3 && strcmp(path + len - 3, "/..") == 0) ||
	    (len >= 2 && strcmp(path + len - 2, "/.") == 0))
		return set_cause(cause, "%s: not a plain path", path);
	if (lstat(path, st) == -1) {
		if (errno == ENOENT && may_miss)
			return 1;
		return set_cause(cause, "%s: %s", path, strerror(errno));
	}
	if (S_ISLNK(st->st_mode))
		return set_cause(cause, "%s is a symbolic link: sshdoc changes only the file "
		    "itself", path);
	return 0;
}

/*
 * MODE as chmod takes it: octal (600, 0700) or symbolic clauses
 * ([ugoa]*[-+=][rwx]*, comma-separated) applied to the present mode.
 */
static int
parse_mode(const char *s, mode_t cur, mode_t *out)
{
	mode_t		 m = cur & 07777, who, perm;
	const char	*p = s;
	char		*end;
	unsigned long	 v;
	char		 op;

	if (isdigit((unsigned char)*s)) {
		v = strtoul(s, &end, 8);
		if (*end != '\0' || v > 07777 || strlen(s) > 4)
			return -1;
		*out = (mode_t)v;
		return 0;
	}
	while (*p != '\0') {
		who = 0;
		for (; *p != '\0' && strchr("ugoa", *p) != NULL; p++)
			who |= *p == 'u' ? 0700 : *p == 'g' ? 070 : *p == 'o' ? 07 : 0777;
		if (who == 0)
			who = 0777;
		if (*p != '-' && *p != '+' && *p != '=')
			return -1;
		op = *p++;
		perm = 0;
		for (; *p != '\0' && strchr("rwx", *p) != NULL; p++)
			perm |= *p == 'r' ? 0444 : *p == 'w' ? 0222 : 0111;
		perm &= who;
		if (op == '+')
			m |= perm;
		else if (op == '-')
			m &= ~perm;
		else
			m = (m & ~who) | perm;
		if (*p == ',')
			p++;
		else if (*p != '\0')
			return -1;
	}
	*out = m;
	return 0;
}

static int
chmod_plan(struct fix_plan *p, struct fix_step *s, char **cause)
{
	struct stat	 st;
	mode_t		 m;
	char		*q;

	(void)p;
	if (path_ok(s->args[1], &st, 0, cause) != 0)
		return -1;
	if (parse_mode(s->args[0], st.st_mode, &m) != 0)
		return set_cause(cause, "chmod: bad mode %s", s->args[0]);
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return set_cause(cause, "%s: not a file or a directory", s->args[1]);
	if (st.st_uid != geteuid() && geteuid() != 0)
		return set_cause(cause, "%s belongs to another user: only root can change it",
		    s->args[1]);
	s->path = xstrdup(s->args[1]);
	s->ival[0] = (long)m;
	s->noop = (st.st_mode & 07777) == m;
	if (s->noop)
		xasprintf(&s->what, "%s has mode %04o already", s->path, (unsigned)m);
	else
		xasprintf(&s->what, "change the mode of %s from %04o to %04o", s->path,
		    (unsigned)(st.st_mode & 07777), (unsigned)m);
	q = fix_shell_word(s->path);
	fix_step_command(s, "chmod %s %s", s->args[0], q);
	free(q);
	if (!s->noop)
		strlist_addf(&s->backups, "%s (its owner and mode)", s->path);
	return 0;
}

static int
chmod_apply(struct change_tx *tx, struct fix_plan *p, struct fix_step *s,
    const struct fix_apply_opts *o, char **cause)
{
	(void)p;
	(void)o;
	return change_chmod(tx, s->path, (mode_t)s->ival[0], cause);
}

/* USER or USER:GROUP into ids; gid -1 keeps the group. */
static int
parse_owner(const char *s, uid_t *uid, gid_t *gid, char **cause)
{
	struct passwd	*pw;
	struct group	*gr;
	char		*user = xstrdup(s), *group;
	int		 rc = -1;

	if ((group = strchr(user, ':')) != NULL)
		*group++ = '\0';
	if ((pw = getpwnam(user)) == NULL) {
		set_cause(cause, "no user %s on this machine", user);
		goto out;
	}
	*uid = pw->pw_uid;
	*gid = (gid_t)-1;
	if (group != NULL && *group != '\0') {
		if ((gr = getgrnam(group)) == NULL) {
			set_cause(cause, "no group %s on this machine", group);
			goto out;
		}
		*gid = gr->gr_gid;
	}
	rc = 0;
out:
	free(user);
	return rc;
}

static int
chown_plan(struct fix_plan *p, struct fix_step *s, char **cause)
{
	struct stat	 st;
	uid_t		 uid;
	gid_t		 gid;
	char		*q;

	(void)p;
	if (path_ok(s->args[1], &st, 0, cause) != 0 ||
	    parse_owner(s->args[0], &uid, &gid, cause) != 0)
		return -1;
	if (geteuid() != 0 && (uid != geteuid() || st.st_uid != geteuid()))
		return set_cause(cause, "only root can give %s to another user", s->args[1]);
	s->path = xstrdup(s->args[1]);
	s->ival[1] = (long)uid;
	s->ival[2] = gid == (gid_t)-1 ? -1 : (long)gid;
	s->noop = st.st_uid == uid && (gid == (gid_t)-1 || st.st_gid == gid);
	if (s->noop)
		xasprintf(&s->what, "%s belongs to %s already", s->path, s->args[0]);
	else
		xasprintf(&s->what, "give %s to %s (owner uid %lu now)", s->path, s->args[0],
		    (unsigned long)st.st_uid);
	q = fix_shell_word(s->path);
	fix_step_command(s, "chown %s %s", s->args[0], q);
	free(q);
	if (!s->noop)
		strlist_addf(&s->backups, "%s (its owner and mode)", s->path);
	return 0;
}

static int
chown_apply(struct change_tx *tx, struct fix_plan *p, struct fix_step *s,
    const struct fix_apply_opts *o, char **cause)
{
	(void)p;
	(void)o;
	return change_chown(tx, s->path, (uid_t)s->ival[1],
	    s->ival[2] == -1 ? (gid_t)-1 : (gid_t)s->ival[2], cause);
}

/* mkdir MODE OWNER PATH: create it, or set the mode and owner of the one there. */
static int
mkdir_plan(struct fix_plan *p, struct fix_step *s, char **cause)
{
	struct stat	 st;
	mode_t		 m;
	uid_t		 uid;
	gid_t		 gid;
	char		*q;
	int		 r;

	(void)p;
	if ((r = path_ok(s->args[2], &st, 1, cause)) < 0 ||
	    parse_owner(s->args[1], &uid, &gid, cause) != 0)
		return -1;
	if (parse_mode(s->args[0], 0, &m) != 0 || !isdigit((unsigned char)s->args[0][0]))
		return set_cause(cause, "mkdir: bad mode %s (octal)", s->args[0]);
	if (geteuid() != 0 && uid != geteuid())
		return set_cause(cause, "only root can create %s for %s", s->args[2], s->args[1]);
	if (r == 0 && !S_ISDIR(st.st_mode))
		return set_cause(cause, "%s exists and is not a directory", s->args[2]);
	s->path = xstrdup(s->args[2]);
	s->ival[0] = (long)m;
	s->ival[1] = (long)uid;
	s->ival[2] = gid == (gid_t)-1 ? -1 : (long)gid;
	q = fix_shell_word(s->path);
	if (r == 1) {
		xasprintf(&s->what, "create the directory %s, mode %04o, owner %s", s->path,
		    (unsigned)m, s->args[1]);
		fix_step_command(s, "install -d -m %04o -o %s %s", (unsigned)m, s->args[1], q);
		strlist_addf(&s->backups, "%s (that it did not exist: undo removes it)", s->path);
	} else {
		s->noop = (st.st_mode & 07777) == m && st.st_uid == uid &&
		    (gid == (gid_t)-1 || st.st_gid == gid);
		if (s->noop)
			xasprintf(&s->what, "%s exists with mode %04o and owner %s already",
			    s->path, (unsigned)m, s->args[1]);
		else {
			xasprintf(&s->what, "set %s to mode %04o, owner %s (now %04o, uid %lu)",
			    s->path, (unsigned)m, s->args[1], (unsigned)(st.st_mode & 07777),
			    (unsigned long)st.st_uid);
			strlist_addf(&s->backups, "%s (its owner and mode)", s->path);
		}
		fix_step_command(s, "chown %s %s", s->args[1], q);
		fix_step_command(s, "chmod %04o %s", (unsigned)m, q);
	}
	free(q);
	return 0;
}

static int
mkdir_apply(struct change_tx *tx, struct fix_plan *p, struct fix_step *s,
    const struct fix_apply_opts *o, char **cause)
{
	struct stat	 st;
	gid_t		 gid = s->ival[2] == -1 ? (gid_t)-1 : (gid_t)s->ival[2];

	(void)p;
	(void)o;
	if (lstat(s->path, &st) == -1 && errno == ENOENT)
		return change_mkdir(tx, s->path, (mode_t)s->ival[0], (uid_t)s->ival[1], gid,
		    cause);
	if (change_chown(tx, s->path, (uid_t)s->ival[1], gid, cause) != 0)
		return -1;
	return change_chmod(tx, s->path, (mode_t)s->ival[0], cause);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Each line of out as a note after a label: sanitized, comments left out, sorted
 * (a key scan answers in any order).
 */
static void
note_lines(struct fix_step *s, const char *label, const char *out)
{
	struct strlist	 lines = { NULL, 0 };
	size_t		 i;

	strlist_add(&s->notes, label);
	split_text(out, &lines);
	if (lines.n > 1)
		qsort(lines.v, lines.n, sizeof *lines.v, cmp_str);
	for (i = 0; i < lines.n; i++) {
		if (lines.v[i][0] != '\0' && lines.v[i][0] != '#')
			strlist_addf(&s->notes, "    %s", lines.v[i]);
	}
	strlist_free(&lines);
}

/* Fingerprints of the keys stored for entry in file, and of those the server presents now. */
static int
fingerprints(struct fix_plan *p, struct fix_step *s, char **cause)
{
	struct run_opts	 ro;
	struct run_result res, res2;
	char		 port[16], secs[16], *label;
	const char	*argv_old[] = { "ssh-keygen", "-l", "-F", s->args[1], "-f", s->args[0],
	    NULL };
	const char	*argv_scan[] = { "ssh-keyscan", "-T", secs, "-p", port, "--", p->host,
	    NULL };
	const char	*argv_fp[] = { "ssh-keygen", "-l", "-f", "-", NULL };
	int		 rc = -1;

	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = p->timeout_ms + 2000;
	ro.max_output = 256 * 1024;
	if (run_command(argv_old, &ro, &res, cause) != 0)
		return -1;
	if (!res.exited || res.status != 0 || res.out_len == 0) {
		set_cause(cause, "no entry for %s in %s", s->args[1], s->args[0]);
		run_free(&res);
		return -1;
	}
	xasprintf(&label, "the key you stored for %s (%s):", s->args[1], s->args[0]);
	note_lines(s, label, res.out);
	free(label);
	run_free(&res);
	if (p->host[0] == '-' || p->host[0] == '\0')
		return set_cause(cause, "no host to ask for its key");
	snprintf(port, sizeof port, "%d", p->port);
	snprintf(secs, sizeof secs, "%d", (p->timeout_ms + 999) / 1000);
	if (run_command(argv_scan, &ro, &res, cause) != 0)
		return -1;
	if (res.out_len == 0) {
		set_cause(cause, "%s port %d presented no host key now: nothing to compare",
		    p->host, p->port);
		goto out;
	}
	ro.input = res.out;
	ro.input_len = res.out_len;
	if (run_command(argv_fp, &ro, &res2, cause) != 0)
		goto out;
	if (!res2.exited || res2.status != 0 || res2.out_len == 0) {
		set_cause(cause, "could not read the keys %s presented", p->host);
		run_free(&res2);
		goto out;
	}
	xasprintf(&label, "the key %s port %d presents now (compare it out of band):", p->host,
	    p->port);
	note_lines(s, label, res2.out);
	free(label);
	run_free(&res2);
	rc = 0;
out:
	run_free(&res);
	return rc;
}

static int
kh_plan(struct fix_plan *p, struct fix_step *s, char **cause)
{
	struct stat	 st;
	char		*qf, *qe;

	if (path_ok(s->args[0], &st, 0, cause) != 0)
		return -1;
	if (!S_ISREG(st.st_mode))
		return set_cause(cause, "%s: not a regular file", s->args[0]);
	if (st.st_uid != geteuid() && geteuid() != 0)
		return set_cause(cause, "%s belongs to another user", s->args[0]);
	s->path = xstrdup(s->args[0]);
	p->needs_out_of_band = 1;
	xasprintf(&s->what, "remove the stored host key of %s from %s", s->args[1], s->path);
	qf = fix_shell_word(s->path);
	qe = fix_shell_word(s->args[1]);
	fix_step_command(s, "ssh-keygen -f %s -R %s", qf, qe);
	free(qf);
	free(qe);
	strlist_addf(&s->backups, "%s", s->path);
	strlist_addf(&s->backups, "%s.old (ssh-keygen writes it)", s->path);
	if (p->quick)
		return 0;
	return fingerprints(p, s, cause);
}

static int
kh_apply(struct change_tx *tx, struct fix_plan *p, struct fix_step *s,
    const struct fix_apply_opts *o, char **cause)
{
	struct run_opts	 ro;
	struct run_result res;
	char		*old, buf[64];
	const char	*argv[] = { "ssh-keygen", "-f", s->path, "-R", s->args[1], NULL };
	int		 rc = -1;

	(void)p;
	(void)o;
	xasprintf(&old, "%s.old", s->path);
	if (change_backup(tx, s->path, cause) != 0 || change_backup(tx, old, cause) != 0)
		goto out;
	memset(&ro, 0, sizeof ro);
	if (run_command(argv, &ro, &res, cause) != 0)
		goto out;
	if (!res.exited || res.status != 0) {
		char *msg = sanitize_str(res.err, 300);

		set_cause(cause, "ssh-keygen -R: %s: %s", run_describe(&res, buf, sizeof buf),
		    msg);
		free(msg);
	} else
		rc = 0;
	run_free(&res);
out:
	free(old);
	return rc;
}

/* The person's client configuration: -F, else ~/.ssh/config of the account ssh runs as. */
static char *
client_config_path(const struct fix_plan *p)
{
	struct passwd	*pw;
	char		*path;

	if (p->ssh_config != NULL)
		return xstrdup(p->ssh_config);
	if ((pw = getpwuid(getuid())) == NULL)
		return NULL;
	xasprintf(&path, "%s/.ssh/config", pw->pw_dir);
	return path;
}

/* Words ssh_config reads as one plain token: no patterns, quotes, spaces or commas. */
static int
plain_token(const char *s, const char *extra)
{
	if (*s == '\0' || *s == '-' || strlen(s) > 255)
		return 0;
	for (; *s != '\0'; s++) {
		if (!isalnum((unsigned char)*s) && strchr(extra, *s) == NULL)
			return 0;
	}
	return 1;
}

static const char *const block_directives[] = {
	"KexAlgorithms", "HostKeyAlgorithms", "Ciphers", "MACs", "PubkeyAcceptedAlgorithms",
	"PubkeyAcceptedKeyTypes", "CASignatureAlgorithms", "HostbasedAcceptedAlgorithms", NULL
};

/* The configuration with the new block on top, computed from its present text. */
static int
config_block_text(const struct fix_plan *p, const struct fix_step *s, const char *path,
    char **text, size_t *len, char **old, size_t *oldlen, mode_t *mode, char **cause)
{
	struct stat	 st;
	char		*block, date[16];
	const char	*value = s->args[2][0] == '+' ? s->args[2] + 1 : s->args[2];
	time_t		 now = time(NULL);
	struct tm	 tm;
	int		 r;

	if ((r = path_ok(path, &st, 1, cause)) < 0)
		return -1;
	*mode = 0600;
	*old = NULL;
	*oldlen = 0;
	if (r == 0) {
		if (!S_ISREG(st.st_mode))
			return set_cause(cause, "%s: not a regular file", path);
		if (read_file_bounded(path, CONFIG_MAX, old, oldlen, cause) != 0)
			return -1;
		*mode = st.st_mode & 07777;
	} else
		*old = xstrdup("");
	localtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	/* First match wins in ssh: on top, the block decides before any other for this host. */
	xasprintf(&block, "# added by sshdoc %s for %s\nHost %s\n    %s +%s\n\n", date,
	    p->cause, s->args[0], s->args[1], value);
	*len = strlen(block) + *oldlen;
	*text = xmalloc(*len + 1);
	memcpy(*text, block, strlen(block));
	memcpy(*text + strlen(block), *old, *oldlen);
	(*text)[*len] = '\0';
	free(block);
	return 0;
}

static int
block_plan(struct fix_plan *p, struct fix_step *s, char **cause)
{
	char	*path, *old = NULL;
	size_t	 oldlen, i;
	mode_t	 mode;
	const char *value = s->args[2][0] == '+' ? s->args[2] + 1 : s->args[2];

	if (!plain_token(s->args[0], ".-_:[]%"))
		return set_cause(cause, "client-config-block: %s is not a plain host name",
		    s->args[0]);
	for (i = 0; block_directives[i] != NULL; i++) {
		if (strcasecmp(block_directives[i], s->args[1]) == 0)
			break;
	}
	if (block_directives[i] == NULL)
		return set_cause(cause, "client-config-block: %s is not an algorithm list",
		    s->args[1]);
	if (!plain_token(value, "@.-_"))
		return set_cause(cause, "client-config-block: %s is not one algorithm name",
		    value);
	if ((path = client_config_path(p)) == NULL)
		return set_cause(cause, "no home directory for this account");
	s->path = path;
	if (config_block_text(p, s, path, &s->newtext, &s->newlen, &old, &oldlen, &mode,
	    cause) != 0)
		return -1;
	s->ival[0] = (long)mode;
	s->diff = fix_unified_diff(path, old, oldlen, s->newtext, s->newlen);
	free(old);
	xasprintf(&s->what, "add a Host %s block with %s +%s at the top of %s", s->args[0],
	    s->args[1], value, path);
	strlist_addf(&s->backups, "%s", path);
	return 0;
}

static int
block_apply(struct change_tx *tx, struct fix_plan *p, struct fix_step *s,
    const struct fix_apply_opts *o, char **cause)
{
	char	*text = NULL, *old = NULL;
	size_t	 len, oldlen;
	mode_t	 mode;
	int	 rc = -1;

	(void)o;
	/* What is written is what the dry run showed: refuse if the file changed since. */
	if (config_block_text(p, s, s->path, &text, &len, &old, &oldlen, &mode, cause) != 0)
		return -1;
	if (len != s->newlen || memcmp(text, s->newtext, len) != 0)
		set_cause(cause, "%s changed since the plan was made: nothing written", s->path);
	else
		rc = change_write(tx, s->path, text, len, mode, (uid_t)-1, (gid_t)-1, cause);
	free(text);
	free(old);
	return rc;
}

const struct fix_verb fix_verbs_client[] = {
	{ "chmod", 2, 2, 0, chmod_plan, chmod_apply, NULL },
	{ "chown", 2, 2, 0, chown_plan, chown_apply, NULL },
	{ "mkdir", 3, 3, 0, mkdir_plan, mkdir_apply, NULL },
	{ "known-hosts-remove", 2, 2, 0, kh_plan, kh_apply, NULL },
	{ "client-config-block", 3, 3, 0, block_plan, block_apply, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};
