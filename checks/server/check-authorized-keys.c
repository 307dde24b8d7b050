/* check-authorized-keys.c: the authorized keys files of --user as sshd reads them: StrictModes on every path component, each line, and whether --key is there. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "checks/parse/authkeys-parse.h"
#include "checks/parse/usermatch.h"
#include "checks/server/account.h"
#include "lib/procfs.h"
#include "lib/xmalloc.h"

#define AK_FILES_MAX	8
#define PUB_MAX		(64 * 1024)

struct ak_state {
	struct check_result *res;
	const char	*outcome;	/* the most decisive finding so far */
	int		 rank;		/* its rank: lower decides */
	char		*summary;
	char		 want_fp[AUTHKEYS_FP_LEN + 1];	/* --key, "" if not given */
	char		 want_type[48];
	int		 found;		/* --key is in a file sshd reads */
	int		 found_broken;	/* a broken line was seen */
	int		 files_read;
	int		 strict;	/* StrictModes yes */
	int		 debian;	/* Debian's sshd: private groups may write */
	const char	*algos;		/* PubkeyAcceptedAlgorithms */
};

static void __attribute__((format(printf, 4, 5)))
finding(struct ak_state *s, int rank, const char *outcome, const char *fmt, ...)
{
	va_list	 ap;

	if (s->outcome != NULL && rank >= s->rank)
		return;
	free(s->summary);
	va_start(ap, fmt);
	if (vasprintf(&s->summary, fmt, ap) == -1)
		s->summary = NULL;
	va_end(ap);
	s->outcome = outcome;
	s->rank = rank;
}

/*
 * Debian and Ubuntu patch sshd (user-group-modes): a group-writable path is
 * fine when its group has exactly one member, the owner (a private group).
 */
static int
private_group(const struct stat *st, uid_t uid)
{
	struct passwd	*pw, *owner;
	struct group	*gr;
	int		 members = 0, ok = 1;

	if ((gr = getgrgid(st->st_gid)) == NULL || (owner = getpwuid(st->st_uid)) == NULL)
		return 0;
	if (gr->gr_mem[0] != NULL && (strcmp(gr->gr_mem[0], owner->pw_name) != 0 ||
	    gr->gr_mem[1] != NULL))
		return 0;
	members = gr->gr_mem[0] != NULL;
	setpwent();
	while (ok && (pw = getpwent()) != NULL) {
		if (pw->pw_gid == gr->gr_gid) {
			members++;
			ok = pw->pw_uid == uid;
		}
	}
	endpwent();
	return ok && members > 0;
}

/* Writable by others than root and the user, as this system's sshd judges it. */
static int
unsafe(const struct stat *st, uid_t uid, int debian)
{
	if (st->st_uid != 0 && st->st_uid != uid)
		return 1;
	if ((st->st_mode & 002) != 0)
		return 1;
	if ((st->st_mode & 020) != 0)
		return !(debian && private_group(st, uid));
	return 0;
}

/* auth.c auth_secure_path / misc.c safe_path: the file, then each directory up to the home. */
static int
secure_path(struct ak_state *s, const char *file, const struct stat *st,
    const struct account_data *a)
{
	char		 buf[PATH_MAX], home[PATH_MAX], *dir;
	struct stat	 dst;
	int		 comparehome;

	if (realpath(file, buf) == NULL)
		return 0;
	comparehome = realpath(a->home, home) != NULL;
	if (unsafe(st, a->uid, s->debian)) {
		check_fact(s->res, "key_file", "%s", buf);
		finding(s, 0, "permissions", "sshd ignores %s: bad ownership or modes for file %s "
		    "(owner uid %lu, mode %04o; StrictModes yes wants root or %s, not writable by "
		    "group or others)", file, buf, (unsigned long)st->st_uid,
		    (unsigned)(st->st_mode & 07777), a->name);
		return -1;
	}
	for (;;) {
		dir = dirname(buf);
		memmove(buf, dir, strlen(dir) + 1);
		if (stat(buf, &dst) == -1 || unsafe(&dst, a->uid, s->debian)) {
			check_fact(s->res, "key_file", "%s", buf);
			finding(s, 0, "permissions", "sshd ignores %s: bad ownership or modes for "
			    "directory %s (owner uid %lu, mode %04o; StrictModes yes wants root or %s, "
			    "not writable by group or others)", file, buf,
			    (unsigned long)dst.st_uid, (unsigned)(dst.st_mode & 07777), a->name);
			return -1;
		}
		if ((comparehome && strcmp(home, buf) == 0) || strcmp(buf, "/") == 0 ||
		    strcmp(buf, ".") == 0)
			break;
	}
	return 0;
}

/* A key type against PubkeyAcceptedAlgorithms (an RSA key serves rsa-sha2-256 and -512 too). */
static int
type_accepted(const char *algos, const char *type)
{
	char	*copy, *w, *save = NULL, alt[80];
	int	 ok = 0, rsa = strncmp(type, "ssh-rsa", 7) == 0;

	if (algos == NULL)
		return 1;
	copy = xstrdup(algos);
	for (w = strtok_r(copy, ",", &save); w != NULL; w = strtok_r(NULL, ",", &save)) {
		int neg = *w == '!';

		if (neg)
			w++;
		if (usermatch_pattern(type, w) || (rsa && ((snprintf(alt, sizeof alt,
		    "rsa-sha2-256%s", type + 7), usermatch_pattern(alt, w)) ||
		    (snprintf(alt, sizeof alt, "rsa-sha2-512%s", type + 7),
		    usermatch_pattern(alt, w))))) {
			ok = !neg;
			if (neg)
				break;
		}
	}
	free(copy);
	return ok;
}

static void
one_file(struct ak_state *s, const char *path, const struct account_data *a)
{
	struct authkeys_file f;
	struct stat	 st;
	char		*buf;
	size_t		 len, i, refused = 0;
	int		 fd, trunc;

	if ((fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		if (errno == EACCES && geteuid() != 0)
			check_evidence(s->res, "%s: %s (reading it needs root, or %s itself)",
			    path, strerror(errno), a->name);
		else if (errno != ENOENT)
			check_evidence(s->res, "%s: %s", path, strerror(errno));
		else
			check_evidence(s->res, "%s: does not exist", path);
		return;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		check_evidence(s->res, "%s: not a regular file", path);
		return;
	}
	close(fd);
	check_evidence(s->res, "%s: owner uid %lu, mode %04o", path, (unsigned long)st.st_uid,
	    (unsigned)(st.st_mode & 07777));
	if (s->strict && secure_path(s, path, &st, a) != 0)
		return;
	if (procfs_read(path, AUTHKEYS_MAX_BYTES, &buf, &len, &trunc) != 0) {
		check_evidence(s->res, "%s: cannot be read", path);
		return;
	}
	s->files_read++;
	authkeys_parse(buf, len, &f);
	free(buf);
	check_evidence(s->res, "%s: %zu key%s, %zu line%s sshd ignores%s", path, f.keys,
	    f.keys == 1 ? "" : "s", f.broken, f.broken == 1 ? "" : "s",
	    f.cut ? " (read in part)" : "");
	for (i = 0; i < f.n; i++) {
		const struct authkeys_entry *e = &f.v[i];

		if (e->kind == AK_BROKEN) {
			s->found_broken = 1;
			check_evidence(s->res, "%s:%d: %s%s%s", path, e->line, e->problem,
			    e->type[0] != '\0' ? ": " : "", e->type);
			continue;
		}
		if (e->kind != AK_KEY)
			continue;
		if (e->crlf)
			check_evidence(s->res, "%s:%d: ends in CR (Windows line end; sshd reads "
			    "the key anyway)", path, e->line);
		if (!e->cert_authority && !type_accepted(s->algos, e->type)) {
			refused++;
			check_evidence(s->res, "%s:%d: %s is not in PubkeyAcceptedAlgorithms", path,
			    e->line, e->type);
		}
		if (s->want_fp[0] != '\0' && strcmp(e->fp, s->want_fp) == 0) {
			s->found = 1;
			check_evidence(s->res, "%s:%d: %s %s is the key given with --key%s", path,
			    e->line, e->type, e->fp, e->options ? " (with options)" : "");
			if (!e->cert_authority && !type_accepted(s->algos, e->type))
				finding(s, 2, "algorithm", "the key %s is in %s:%d, but its type %s "
				    "is not in PubkeyAcceptedAlgorithms", e->fp, path, e->line, e->type);
		}
	}
	if (f.keys > 0 && refused == f.keys && s->want_fp[0] == '\0')
		finding(s, 4, "algorithm", "every key in %s has a type sshd does not accept "
		    "(PubkeyAcceptedAlgorithms)", path);
	authkeys_free(&f);
}

/* --key: a fingerprint as given, or the one of a .pub file. */
static int
wanted_key(struct check_ctx *ctx, struct ak_state *s)
{
	const char	*k = ctx->opt->key;
	char		*buf;
	size_t		 len;
	int		 trunc;

	if (k == NULL)
		return 0;
	if (strncmp(k, "SHA256:", 7) == 0) {
		snprintf(s->want_fp, sizeof s->want_fp, "%s", k);
		return 0;
	}
	if (procfs_read(k, PUB_MAX, &buf, &len, &trunc) != 0) {
		check_set(s->res, CHECK_ERROR, "error", "cannot read %s", k);
		return -1;
	}
	if (authkeys_pub_fingerprint(buf, len, s->want_fp, s->want_type,
	    sizeof s->want_type) != 0) {
		free(buf);
		check_set(s->res, CHECK_ERROR, "error", "%s is not a public key file", k);
		return -1;
	}
	free(buf);
	check_evidence(s->res, "--key %s: %s %s", k, s->want_type, s->want_fp);
	return 0;
}

static void
authorized_keys_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct account_data *a = account_dep(ctx);
	const char	*v[AK_FILES_MAX], *kc;
	struct ak_state	 s;
	char		*copy, *w, *save = NULL, *path;
	size_t		 i, n = 0;

	memset(&s, 0, sizeof s);
	s.res = res;
	if (wanted_key(ctx, &s) != 0)
		return;
	s.strict = sshconf_get(&a->conf, "strictmodes") == NULL ||
	    strcmp(sshconf_get(&a->conf, "strictmodes"), "no") != 0;
	if ((s.debian = access("/etc/debian_version", F_OK) == 0) && s.strict)
		check_evidence(res, "Debian's sshd: a path its owner's private group may write "
		    "passes StrictModes");
	if ((s.algos = sshconf_get(&a->conf, "pubkeyacceptedalgorithms")) == NULL)
		s.algos = sshconf_get(&a->conf, "pubkeyacceptedkeytypes");
	for (i = 0; i < a->conf.keys.n && n < AK_FILES_MAX; i++) {
		if (strcmp(a->conf.keys.v[i], "authorizedkeysfile") == 0)
			v[n++] = a->conf.values.v[i];
	}
	if (n == 0) {
		/* sshd -T did not run (not root, no sshd): sshd's default */
		v[n++] = ".ssh/authorized_keys .ssh/authorized_keys2";
		check_evidence(res, "AuthorizedKeysFile unknown: sshd's default %s assumed", v[0]);
	}
	for (i = 0; i < n; i++) {
		copy = xstrdup(v[i]);
		for (w = strtok_r(copy, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save)) {
			if (strcmp(w, "none") == 0)
				continue;
			if ((path = usermatch_expand(w, a->name, a->home, a->uid)) == NULL) {
				check_evidence(res, "AuthorizedKeysFile %s: a token sshdoc does not "
				    "know", w);
				continue;
			}
			one_file(&s, path, a);
			free(path);
		}
		free(copy);
	}
	kc = sshconf_get(&a->conf, "authorizedkeyscommand");
	if (kc != NULL && strcmp(kc, "none") == 0)
		kc = NULL;
	/* The account and the key a fix would add (--key FILE, not a fingerprint). */
	check_fact(res, "user", "%s", a->name);
	if (ctx->opt->key != NULL && strncmp(ctx->opt->key, "SHA256:", 7) != 0)
		check_fact(res, "pubkey_file", "%s", ctx->opt->key);
	if (s.outcome == NULL && s.files_read == 0 && kc == NULL) {
		if (geteuid() != 0 && geteuid() != a->uid)
			finding(&s, 9, "needs-root", "the authorized keys of %s could not be read: "
			    "that needs root (or %s itself)", a->name, a->name);
		else
			finding(&s, 1, "no-file", "%s has no authorized keys file sshd reads "
			    "(AuthorizedKeysFile %s)", a->name, n > 0 ? v[0] : "?");
	}
	if (s.want_fp[0] != '\0' && !s.found && s.files_read > 0 && kc == NULL)
		finding(&s, 1, "key-absent", "the key %s is not in the authorized keys of %s%s",
		    s.want_fp, a->name, s.found_broken ? " (some lines there are broken)" : "");
	if (s.want_fp[0] != '\0' && !s.found && kc != NULL)
		check_evidence(res, "the key is not in the files; AuthorizedKeysCommand %s may "
		    "still hold it", kc);
	if (s.found_broken && (s.want_fp[0] == '\0' || !s.found))
		finding(&s, 3, "broken-line", "sshd ignores some lines of the authorized keys of %s",
		    a->name);
	if (s.outcome == NULL)
		check_set(res, CHECK_PASS, "ok", "the authorized keys of %s are readable by sshd%s",
		    a->name, s.found ? " and hold the key given" : "");
	else
		check_set(res, strcmp(s.outcome, "needs-root") == 0 ? CHECK_SKIP : CHECK_FAIL,
		    s.outcome, "%s", s.summary != NULL ? s.summary : s.outcome);
	free(s.summary);
}

static const char *const ak_needs[] = { "account", NULL };
static const struct check_need ak_data[] = {
	{ "account", NEED_REQUIRED, "no account to look into (--user NAME)" },
	{ NULL, 0, NULL }
};
static const char *const ak_outcomes[] = {
	"ok", "permissions", "key-absent", "no-file", "broken-line", "algorithm", "needs-root",
	"skipped", "error", NULL
};
static const char *const ak_facts[] = { "key_file", "user", "pubkey_file", NULL };

const struct check_entry check_authorized_keys_entry = {
	.id = "authorized-keys",
	.title = "The account's authorized keys files",
	.needs = ak_needs,
	.outcomes = ak_outcomes,
	.exec = authorized_keys_exec,
	.data = ak_data,
	.facts = ak_facts,
};
