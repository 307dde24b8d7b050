/* check-local-files.c: owner and mode of ~/.ssh, the client configuration, private keys and known_hosts, judged as ssh judges them (stat only). */
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/check.h"
#include "checks/client/sshconf.h"
#include "checks/client/sshpath.h"
#include "lib/xmalloc.h"

#define CONF_FILE_MAX	(1024 * 1024)
#define CONF_FILES_MAX	64
#define CONF_DEPTH_MAX	16	/* readconf.c READCONF_MAX_DEPTH */
#define PATHS_MAX	64

/* Worst finding so far; the outcome follows it (config > key > dir). */
enum severity {
	SEV_NONE,
	SEV_DIR,
	SEV_KEY,
	SEV_CONFIG,
};

struct lf {
	struct check_ctx *ctx;
	struct check_result *res;	/* for the facts of the findings */
	uid_t		 uid;		/* the person running sshdoc, as ssh compares */
	const char	*home;		/* where ~ points */
	char		 user[256];	/* local user name, for %u */
	const struct sshconf *conf;	/* ssh -G output, or NULL */
	struct strlist	 findings;	/* problems, shown first */
	struct strlist	 notes;		/* what was examined and found healthy */
	char		*first;		/* summary of the worst finding */
	enum severity	 worst;
	struct strlist	 seen;		/* configuration files already examined */
	int		 out_of_time;
};

/* The user name of a uid, "uid N" when the password database does not know it. */
static void
owner_name(uid_t uid, char *buf, size_t len)
{
	struct passwd	 pw, *ret = NULL;
	char		 pwbuf[4096];

	if (getpwuid_r(uid, &pw, pwbuf, sizeof pwbuf, &ret) == 0 && ret != NULL)
		snprintf(buf, len, "%s", pw.pw_name);
	else
		snprintf(buf, len, "uid %lu", (unsigned long)uid);
}

static void
finding(struct lf *lf, enum severity sev, const char *summary, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	strlist_add(&lf->findings, s);
	free(s);
	if (sev > lf->worst) {
		lf->worst = sev;
		free(lf->first);
		lf->first = xstrdup(summary);
	}
}

static void
note(struct lf *lf, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	strlist_add(&lf->notes, s);
	free(s);
}

/* "owner alice, mode 0644" */
static void
describe(const struct stat *st, char *buf, size_t len)
{
	char	 who[128];

	owner_name(st->st_uid, who, sizeof who);
	snprintf(buf, len, "owner %s, mode 0%3.3o", who, (unsigned)(st->st_mode & 07777));
}

/* ssh and sshd accept files owned by root or by the user. */
static int
owner_ok(const struct lf *lf, const struct stat *st)
{
	return st->st_uid == 0 || st->st_uid == lf->uid;
}

static const char *
conf_value(const struct lf *lf, const char *key)
{
	return lf->conf != NULL ? sshconf_get(lf->conf, key) : NULL;
}

/* ~ and the tokens ssh knows for IdentityFile that sshdoc can know too; NULL with bad set otherwise. */
static char *
expand_path(const struct lf *lf, const char *in, char *bad)
{
	struct sshpath_env	 env;

	memset(&env, 0, sizeof env);
	env.home = lf->home;
	env.user = lf->user;
	env.host = conf_value(lf, "hostname");
	env.ruser = conf_value(lf, "user");
	env.port = conf_value(lf, "port");
	env.uid = (unsigned long)lf->uid;
	return sshpath_expand(in, &env, bad);
}

static int
in_list(const struct strlist *sl, const char *s)
{
	size_t	 i;

	for (i = 0; i < sl->n; i++) {
		if (strcmp(sl->v[i], s) == 0)
			return 1;
	}
	return 0;
}

/* ~/.ssh: not needed by ssh itself, but sshd's StrictModes judges it when this home serves logins. */
static int
examine_dir(struct lf *lf)
{
	struct stat	 st;
	char		*dir, how[192], sum[512];
	int		 rc = 0;

	xasprintf(&dir, "%s/.ssh", lf->home);
	check_fact(lf->res, "ssh_dir", "%s", dir);
	if (stat(dir, &st) == -1) {
		if (errno == ENOENT)
			note(lf, "%s does not exist (ssh creates it on the first connection)", dir);
		else if (errno == EACCES || errno == ENOTDIR)
			finding(lf, SEV_DIR, "~/.ssh cannot be examined", "%s: %s", dir,
			    strerror(errno));
		else {
			note(lf, "%s: %s", dir, strerror(errno));
			rc = -1;
		}
		free(dir);
		return rc;
	}
	describe(&st, how, sizeof how);
	if (!S_ISDIR(st.st_mode)) {
		snprintf(sum, sizeof sum, "%s is not a directory", dir);
		finding(lf, SEV_DIR, sum, "%s is not a directory (%s): ssh cannot keep keys or "
		    "known_hosts there", dir, how);
	} else if (!owner_ok(lf, &st)) {
		snprintf(sum, sizeof sum, "%s belongs to another user", dir);
		finding(lf, SEV_DIR, sum, "%s: %s: neither you nor root owns it; sshd's "
		    "StrictModes refuses keys below it when this home also serves logins", dir, how);
	} else if ((st.st_mode & 022) != 0) {
		snprintf(sum, sizeof sum, "%s is writable by other users", dir);
		finding(lf, SEV_DIR, sum, "%s: %s: group- or world-writable; sshd's StrictModes "
		    "refuses authorized_keys below it when this home also serves logins", dir, how);
	} else
		note(lf, "%s: %s", dir, how);
	free(dir);
	return 0;
}

static void examine_config(struct lf *, const char *path, int userconf, int checkperm,
    int depth);

/* One Include argument, resolved as readconf.c does: relative to ~/.ssh or /etc/ssh. */
static void
follow_include(struct lf *lf, const char *arg, const char *from, int userconf, int depth)
{
	char	*full;
	glob_t	 g;
	size_t	 i;

	if (arg[0] == '~' && !userconf) {
		note(lf, "%s: Include %s: ssh rejects ~ in system files", from, arg);
		return;
	}
	if (arg[0] == '~' && (arg[1] == '/' || arg[1] == '\0'))
		xasprintf(&full, "%s%s", lf->home, arg + 1);
	else if (arg[0] == '/')
		full = xstrdup(arg);
	else if (userconf)
		xasprintf(&full, "%s/.ssh/%s", lf->home, arg);
	else
		xasprintf(&full, "/etc/ssh/%s", arg);
	memset(&g, 0, sizeof g);
	if (glob(full, 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++)
			examine_config(lf, g.gl_pathv[i], userconf, 1, depth + 1);
		globfree(&g);
	}
	free(full);
}

/* The Include lines of a configuration file (arguments split on blanks, quotes removed). */
static void
scan_includes(struct lf *lf, const char *path, char *buf, int userconf, int depth)
{
	char	*line, *save = NULL, *p, *word, *arg;
	char	 quote;

	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		for (p = line; isspace((unsigned char)*p); p++)
			;
		word = p;
		while (*p != '\0' && !isspace((unsigned char)*p) && *p != '=')
			p++;
		if (p - word != 7 || strncasecmp(word, "include", 7) != 0)
			continue;
		while (*p != '\0' && (isspace((unsigned char)*p) || *p == '='))
			p++;
		while (*p != '\0' && *p != '#') {
			quote = '\0';
			if (*p == '"' || *p == '\'')
				quote = *p++;
			arg = p;
			while (*p != '\0' && (quote ? *p != quote : !isspace((unsigned char)*p)))
				p++;
			if (*p != '\0')
				*p++ = '\0';
			if (*arg != '\0' && !lf->out_of_time)
				follow_include(lf, arg, path, userconf, depth);
			while (isspace((unsigned char)*p))
				p++;
		}
	}
}

/*
 * readconf.c: a file read with SSHCONF_CHECKPERM (~/.ssh/config and every
 * included file) makes ssh stop with "Bad owner or permissions" when it is
 * owned by neither root nor the user, or is group- or world-writable.
 */
static void
examine_config(struct lf *lf, const char *path, int userconf, int checkperm, int depth)
{
	struct stat	 st;
	char		*buf, how[192], sum[512];

	if (depth > CONF_DEPTH_MAX || in_list(&lf->seen, path))
		return;
	if (lf->seen.n >= CONF_FILES_MAX) {
		lf->out_of_time = 1;
		return;
	}
	if (check_remaining_ms(lf->ctx) == 0) {
		lf->out_of_time = 1;
		return;
	}
	strlist_add(&lf->seen, path);
	if (stat(path, &st) == -1) {
		if (errno != ENOENT)
			note(lf, "%s: %s", path, strerror(errno));
		else if (depth == 0 && checkperm)
			note(lf, "%s does not exist", path);
		return;
	}
	describe(&st, how, sizeof how);
	if (checkperm && (!owner_ok(lf, &st) || (st.st_mode & 022) != 0)) {
		snprintf(sum, sizeof sum, "ssh refuses %s: %s", path,
		    !owner_ok(lf, &st) ? "another user owns it" : "other users can write it");
		finding(lf, SEV_CONFIG, sum, "ssh stops with \"Bad owner or permissions on %s\": "
		    "%s; it must be owned by you or root and not group- or world-writable",
		    path, how);
		if (check_fact_get(lf->res, "config_file") == NULL)
			check_fact(lf->res, "config_file", "%s", path);
	} else
		note(lf, "%s: %s%s", path, how, checkperm ? "" : " (ssh does not check this one)");
	if (access(path, R_OK) == -1) {
		note(lf, "%s: not readable by you: ssh skips it", path);
		return;
	}
	if (read_file_bounded(path, CONF_FILE_MAX, &buf, NULL, NULL) != 0)
		return;
	scan_includes(lf, path, buf, userconf, depth);
	free(buf);
}

/* authfile.c sshkey_perm_ok: a key owned by the user with any group or other bit is ignored. */
static void
examine_key(struct lf *lf, const char *path, struct strlist *absent)
{
	struct stat	 st;
	char		 how[192], who[128], sum[512];

	if (stat(path, &st) == -1) {
		if (errno == ENOENT)
			strlist_add(absent, path);
		else
			note(lf, "private key %s: %s", path, strerror(errno));
		return;
	}
	describe(&st, how, sizeof how);
	if (!S_ISREG(st.st_mode)) {
		note(lf, "private key %s: not a regular file (%s)", path, how);
		return;
	}
	if (st.st_uid == lf->uid && (st.st_mode & 077) != 0) {
		snprintf(sum, sizeof sum, "ssh ignores private key %s: mode 0%3.3o lets other "
		    "users read it", path, (unsigned)(st.st_mode & 0777));
		finding(lf, SEV_KEY, sum, "ssh prints \"WARNING: UNPROTECTED PRIVATE KEY FILE!\" "
		    "and \"Permissions 0%3.3o for '%s' are too open.\", then ignores the key (%s)",
		    (unsigned)(st.st_mode & 0777), path, how);
		if (check_fact_get(lf->res, "key_file") == NULL) {
			check_fact(lf->res, "key_file", "%s", path);
			check_fact(lf->res, "key_mode", "0%3.3o", (unsigned)(st.st_mode & 0777));
		}
	} else if (st.st_uid != lf->uid) {
		owner_name(lf->uid, who, sizeof who);
		note(lf, "private key %s: %s: not yours (%s), so ssh does not check its mode",
		    path, how, who);
	} else
		note(lf, "private key %s: %s", path, how);
	if (access(path, R_OK) == -1)
		note(lf, "private key %s is not readable by you: ssh cannot use it", path);
}

/* ssh never refuses known_hosts for its mode; a writable one lets others plant host keys. */
static void
examine_known_hosts(struct lf *lf, const char *path, struct strlist *absent)
{
	struct stat	 st;
	char		 how[192], sum[512];

	if (stat(path, &st) == -1) {
		if (errno == ENOENT)
			strlist_add(absent, path);
		else
			note(lf, "known_hosts %s: %s", path, strerror(errno));
		return;
	}
	describe(&st, how, sizeof how);
	if ((st.st_mode & 022) != 0) {
		snprintf(sum, sizeof sum, "%s is writable by other users", path);
		finding(lf, SEV_DIR, sum, "known_hosts %s: %s: group- or world-writable: other "
		    "users can add host keys that ssh then trusts", path, how);
	} else if (!owner_ok(lf, &st))
		note(lf, "known_hosts %s: %s: owned by another user; ssh cannot add keys to it",
		    path, how);
	else
		note(lf, "known_hosts %s: %s", path, how);
}

static void
list_absent(struct lf *lf, const char *what, const struct strlist *absent)
{
	char	*line, *tmp;
	size_t	 i;

	if (absent->n == 0)
		return;
	line = xstrdup(absent->v[0]);
	for (i = 1; i < absent->n; i++) {
		xasprintf(&tmp, "%s, %s", line, absent->v[i]);
		free(line);
		line = tmp;
	}
	note(lf, "%s absent (ssh skips them): %s", what, line);
	free(line);
}

/* OpenSSH's defaults, for when ssh -G could not say (readconf.c fill_default_options). */
static const char *const default_ids[] = {
	"~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519",
	"~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa", NULL
};

static void
examine_keys(struct lf *lf)
{
	struct strlist	 done = { NULL, 0 }, absent = { NULL, 0 };
	const char	*v;
	char		*path, bad[SSHPATH_BAD_MAX];
	size_t		 i;

	if (lf->conf == NULL) {
		note(lf, "ssh -G gave no configuration: examined OpenSSH's default identity files");
		for (i = 0; default_ids[i] != NULL; i++)
			strlist_add(&done, default_ids[i]);
		if (lf->ctx->opt->identity != NULL)
			strlist_add(&done, lf->ctx->opt->identity);
	} else {
		/* ssh -G prints one identityfile line per file, -i ones included. */
		for (i = 0; i < lf->conf->keys.n && done.n < PATHS_MAX; i++) {
			if (strcmp(lf->conf->keys.v[i], "identityfile") == 0 &&
			    !in_list(&done, lf->conf->values.v[i]))
				strlist_add(&done, lf->conf->values.v[i]);
		}
	}
	for (i = 0; i < done.n; i++) {
		v = done.v[i];
		if (strcasecmp(v, "none") == 0)
			continue;
		if ((path = expand_path(lf, v, bad)) == NULL) {
			note(lf, "IdentityFile %s: sshdoc cannot expand %s, so it did not examine "
			    "this file", v, bad);
			continue;
		}
		examine_key(lf, path, &absent);
		free(path);
	}
	list_absent(lf, "identity files", &absent);
	strlist_free(&absent);
	strlist_free(&done);
}

static void
examine_all_known_hosts(struct lf *lf)
{
	struct strlist	 done = { NULL, 0 }, absent = { NULL, 0 };
	const char	*v;
	char		*copy, *w, *save = NULL, *path, bad[SSHPATH_BAD_MAX];

	if (lf->conf == NULL || (v = sshconf_get(lf->conf, "userknownhostsfile")) == NULL)
		v = "~/.ssh/known_hosts ~/.ssh/known_hosts2";
	copy = xstrdup(v);
	for (w = strtok_r(copy, " ", &save); w != NULL && done.n < PATHS_MAX;
	    w = strtok_r(NULL, " ", &save)) {
		if (strcasecmp(w, "none") == 0 || in_list(&done, w))
			continue;
		strlist_add(&done, w);
		/* ssh -G already expanded these; only the fallback carries ~ */
		if ((path = expand_path(lf, w, bad)) == NULL) {
			note(lf, "UserKnownHostsFile %s: sshdoc cannot expand %s", w, bad);
			continue;
		}
		examine_known_hosts(lf, path, &absent);
		free(path);
	}
	free(copy);
	list_absent(lf, "known_hosts files", &absent);
	strlist_free(&absent);
	strlist_free(&done);
}

static void
local_files_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshconf_pair *pair;
	struct lf	 lf;
	struct passwd	 pw, *ret = NULL;
	struct stat	 st;
	char		 pwbuf[4096], *user_conf;
	const char	*env_home = getenv("HOME");
	size_t		 i;
	int		 dir_rc;

	memset(&lf, 0, sizeof lf);
	lf.ctx = ctx;
	lf.res = res;
	lf.uid = getuid();
	if (getpwuid_r(lf.uid, &pw, pwbuf, sizeof pwbuf, &ret) != 0)
		ret = NULL;
	snprintf(lf.user, sizeof lf.user, "%s", ret != NULL ? pw.pw_name : "");
	lf.home = env_home != NULL && *env_home == '/' ? env_home :
	    (ret != NULL ? pw.pw_dir : NULL);
	if (lf.home == NULL) {
		check_set(res, CHECK_SKIP, "skipped",
		    "no home directory: HOME is not set and uid %lu has no password entry",
		    (unsigned long)lf.uid);
		return;
	}
	if (stat(lf.home, &st) == -1 || !S_ISDIR(st.st_mode)) {
		check_set(res, CHECK_SKIP, "skipped",
		    "the home directory %s does not exist: no ~/.ssh to examine", lf.home);
		return;
	}
	if ((pair = sshconf_pair_dep(ctx)) != NULL)
		lf.conf = &pair->user;

	dir_rc = examine_dir(&lf);

	/* ssh checks ~/.ssh/config but not a -F file; Includes from either are checked. */
	if (ctx->opt->ssh_config != NULL) {
		if (strcmp(ctx->opt->ssh_config, "none") != 0)
			examine_config(&lf, ctx->opt->ssh_config, 1, 0, 0);
	} else {
		xasprintf(&user_conf, "%s/.ssh/config", lf.home);
		examine_config(&lf, user_conf, 1, 1, 0);
		/* The file a fix of ~/.ssh sets right too, even when only the directory is wrong. */
		if (check_fact_get(res, "config_file") == NULL && stat(user_conf, &st) == 0 &&
		    S_ISREG(st.st_mode))
			check_fact(res, "config_file", "%s", user_conf);
		free(user_conf);
		examine_config(&lf, "/etc/ssh/ssh_config", 0, 0, 0);
	}
	examine_keys(&lf);
	examine_all_known_hosts(&lf);

	if (ret != NULL && strcmp(pw.pw_dir, lf.home) != 0)
		note(&lf, "HOME (%s) is not your home directory in the password database (%s); "
		    "ssh itself reads ~/.ssh/config and expands ~ from the latter", lf.home,
		    pw.pw_dir);
	if (lf.out_of_time)
		note(&lf, "not every configuration file was examined (more than %d, or out of time)", CONF_FILES_MAX);

	switch (lf.worst) {
	case SEV_CONFIG:
		check_set(res, CHECK_FAIL, "config-permissions", "%s", lf.first);
		break;
	case SEV_KEY:
		check_set(res, CHECK_FAIL, "key-permissions", "%s", lf.first);
		break;
	case SEV_DIR:
		check_set(res, CHECK_WARN, "dir-permissions", "%s", lf.first);
		break;
	case SEV_NONE:
		if (dir_rc != 0)
			check_set(res, CHECK_ERROR, "error", "cannot examine %s/.ssh", lf.home);
		else
			check_set(res, CHECK_PASS, "ok", "owner and mode of ~/.ssh, the "
			    "configuration, keys and known_hosts are as ssh wants them");
		break;
	}
	for (i = 0; i < lf.findings.n; i++)
		check_evidence(res, "%s", lf.findings.v[i]);
	for (i = 0; i < lf.notes.n; i++)
		check_evidence(res, "%s", lf.notes.v[i]);
	free(lf.first);
	strlist_free(&lf.findings);
	strlist_free(&lf.notes);
	strlist_free(&lf.seen);
}

static const char *const local_files_needs[] = { "ssh-config", NULL };
static const char *const local_files_outcomes[] = {
	"ok", "config-permissions", "key-permissions", "dir-permissions", "skipped", "error", NULL
};

static const char *const local_files_facts[] = {
	"key_file", "key_mode", "ssh_dir", "config_file", NULL
};

const struct check_entry check_local_files_entry = {
	.id = "local-files",
	.title = "Permissions of ~/.ssh, configuration and keys",
	.needs = local_files_needs,
	.outcomes = local_files_outcomes,
	.exec = local_files_exec,
	.facts = local_files_facts,
};
