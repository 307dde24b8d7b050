/* check-account.c: the account of --user as sshd sees it: passwd and shadow, shell, /etc/nologin, and the effective configuration for it (sshd -T -C: Allow/Deny, PermitRootLogin, methods, ForceCommand, ChrootDirectory). */
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <shadow.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checks/check.h"
#include "checks/parse/usermatch.h"
#include "checks/server/account.h"
#include "checks/server/server.h"
#include "lib/ipnet.h"
#include "lib/runner.h"
#include "lib/xmalloc.h"

#define ACCOUNT_GROUPS_MAX	256
#define ACCOUNT_CONF_MAX	(256 * 1024)
#define ACCOUNT_GRBUF		(256 * 1024)	/* a group's entry with all its members */

/* What was found, most decisive first: the first one set is the outcome. */
struct finding {
	const char	*outcome;
	enum check_status status;
	char		*summary;
};

struct account_ctx {
	struct check_result *res;
	struct finding	 found[8];
	size_t		 nfound;
};

static void __attribute__((format(printf, 4, 5)))
found(struct account_ctx *a, const char *outcome, enum check_status st, const char *fmt, ...)
{
	va_list	 ap;

	if (a->nfound == sizeof a->found / sizeof a->found[0])
		return;
	a->found[a->nfound].outcome = outcome;
	a->found[a->nfound].status = st;
	va_start(ap, fmt);
	if (vasprintf(&a->found[a->nfound].summary, fmt, ap) == -1)
		a->found[a->nfound].summary = NULL;
	va_end(ap);
	if (a->found[a->nfound].summary != NULL)
		a->nfound++;
}

/* Every value sshd -T printed for keyword (AllowUsers and the like come one per line). */
static size_t
conf_values(const struct sshconf *c, const char *keyword, const char **out, size_t max)
{
	size_t	 i, n = 0;

	for (i = 0; i < c->keys.n && n < max; i++) {
		if (strcmp(c->keys.v[i], keyword) == 0)
			out[n++] = c->values.v[i];
	}
	return n;
}

/*
 * Patterns of one line may be several words ("allowusers a b"): split them.
 * The pattern that matched goes to hit (hitlen bytes).
 */
static int
any_word_matches(const char *line, const char *user, const char *addr, char *hit,
    size_t hitlen, char **groups, int ngroups)
{
	char	*copy = xstrdup(line), *w, *save = NULL;
	int	 r = 0, i;

	for (w = strtok_r(copy, " ", &save); w != NULL && !r; w = strtok_r(NULL, " ", &save)) {
		if (groups != NULL) {
			for (i = 0; i < ngroups && !r; i++)
				r = usermatch_pattern(groups[i], w);
		} else
			r = usermatch_user(user, addr, addr, w);
		if (r)
			snprintf(hit, hitlen, "%s", w);
	}
	free(copy);
	return r;
}

/* AllowUsers, DenyUsers, AllowGroups, DenyGroups in sshd's order (auth.c allowed_user). */
static void
access_lists(struct account_ctx *a, const struct sshconf *c, const struct passwd *pw,
    const char *addr)
{
	const char	*v[64];
	char		*groups[ACCOUNT_GROUPS_MAX], hit[256];
	gid_t		 gids[ACCOUNT_GROUPS_MAX];
	struct group	 grs, *gr;
	char		*grbuf;
	size_t		 n, i;
	int		 ng = ACCOUNT_GROUPS_MAX, ngroups = 0, j, ok;

	n = conf_values(c, "denyusers", v, 64);
	for (i = 0; i < n; i++) {
		if (any_word_matches(v[i], pw->pw_name, addr, hit, sizeof hit, NULL, 0)) {
			check_fact(a->res, "directive", "DenyUsers %s", hit);
			found(a, "not-allowed", CHECK_FAIL, "%s is listed in DenyUsers (pattern %s)",
			    pw->pw_name, hit);
			return;
		}
	}
	n = conf_values(c, "allowusers", v, 64);
	for (i = 0, ok = 0; i < n && !ok; i++)
		ok = any_word_matches(v[i], pw->pw_name, addr, hit, sizeof hit, NULL, 0);
	if (n > 0 && !ok) {
		check_fact(a->res, "directive", "AllowUsers");
		found(a, "not-allowed", CHECK_FAIL, "%s from %s is not listed in AllowUsers "
		    "(%s%s)", pw->pw_name, addr, v[0], n > 1 ? " ..." : "");
		return;
	}
	if (conf_values(c, "denygroups", v, 1) == 0 && conf_values(c, "allowgroups", v, 1) == 0)
		return;
	if (getgrouplist(pw->pw_name, pw->pw_gid, gids, &ng) == -1)
		ng = ACCOUNT_GROUPS_MAX;
	grbuf = xmalloc(ACCOUNT_GRBUF);
	for (j = 0; j < ng; j++) {
		/* reentrant: other checks run in threads beside this one */
		if (getgrgid_r(gids[j], &grs, grbuf, ACCOUNT_GRBUF, &gr) == 0 && gr != NULL &&
		    gr->gr_name != NULL)
			groups[ngroups++] = xstrdup(gr->gr_name);
	}
	free(grbuf);
	n = conf_values(c, "denygroups", v, 64);
	for (i = 0; i < n; i++) {
		if (any_word_matches(v[i], NULL, NULL, hit, sizeof hit, groups, ngroups)) {
			check_fact(a->res, "directive", "DenyGroups %s", hit);
			found(a, "not-allowed", CHECK_FAIL, "a group of %s is listed in DenyGroups "
			    "(pattern %s)", pw->pw_name, hit);
			goto out;
		}
	}
	n = conf_values(c, "allowgroups", v, 64);
	for (i = 0, ok = 0; i < n && !ok; i++)
		ok = any_word_matches(v[i], NULL, NULL, hit, sizeof hit, groups, ngroups);
	if (n > 0 && !ok) {
		check_fact(a->res, "directive", "AllowGroups");
		found(a, "not-allowed", CHECK_FAIL, "none of the groups of %s is listed in "
		    "AllowGroups (%s%s)", pw->pw_name, v[0], n > 1 ? " ..." : "");
	}
out:
	for (j = 0; j < ngroups; j++)
		free(groups[j]);
}

/* ChrootDirectory: each component root's and not writable by group or others (session.c safely_chroot). */
static void
chroot_walk(struct account_ctx *a, const char *dir, const struct passwd *pw)
{
	char		 path[4096], *expanded;
	struct stat	 st;
	size_t		 i;

	if ((expanded = usermatch_expand(dir, pw->pw_name, pw->pw_dir, pw->pw_uid)) == NULL)
		return;
	if (expanded[0] != '/') {
		found(a, "chroot", CHECK_FAIL, "ChrootDirectory %s is not an absolute path",
		    expanded);
		goto out;
	}
	for (i = 1; ; i++) {
		if (expanded[i] != '/' && expanded[i] != '\0')
			continue;
		snprintf(path, sizeof path, "%.*s", (int)(i == 1 && expanded[1] == '\0' ? 1 : i),
		    expanded);
		if (stat(path, &st) != 0) {
			found(a, "chroot", CHECK_FAIL, "ChrootDirectory %s: %s: %s", expanded, path,
			    strerror(errno));
			break;
		}
		if (st.st_uid != 0 || (st.st_mode & 022) != 0) {
			found(a, "chroot", CHECK_FAIL, "ChrootDirectory %s: %s is owned by uid %lu "
			    "with mode %04o: sshd needs every component owned by root and not "
			    "writable by group or others", expanded, path,
			    (unsigned long)st.st_uid, (unsigned)(st.st_mode & 07777));
			break;
		}
		if (expanded[i] == '\0')
			break;
	}
out:
	free(expanded);
}

static int
nologin_shell(const char *shell)
{
	const char	*b = strrchr(shell, '/');

	b = b != NULL ? b + 1 : shell;
	return strcmp(b, "nologin") == 0 || strcmp(b, "false") == 0 || strcmp(b, "true") == 0;
}

/* passwd and shadow: what sshd's allowed_user and PAM's account stage look at. */
static void
account_files(struct account_ctx *a, const struct passwd *pw, const struct sshconf *c)
{
	const char	*usepam = c != NULL ? sshconf_get(c, "usepam") : NULL;
	const char	*chroot = c != NULL ? sshconf_get(c, "chrootdirectory") : NULL;
	const char	*shell = pw->pw_shell[0] == '\0' ? "/bin/sh" : pw->pw_shell;
	struct spwd	 spbuf, *sp = NULL;
	struct stat	 st;
	char		 spstr[4096];
	long		 today = (long)(time(NULL) / 86400);
	int		 pam = usepam == NULL || strcmp(usepam, "no") != 0;

	if (geteuid() != 0)
		check_evidence(a->res, "the shadow entry (lock, expiry) needs root: not read");
	else if (getspnam_r(pw->pw_name, &spbuf, spstr, sizeof spstr, &sp) != 0 || sp == NULL)
		check_evidence(a->res, "no shadow entry for %s", pw->pw_name);
	else {
		if (sp->sp_expire > 0 && today >= sp->sp_expire)
			found(a, "expired", CHECK_FAIL, "the account %s expired %ld day%s ago "
			    "(shadow expiry)", pw->pw_name, today - sp->sp_expire,
			    today - sp->sp_expire == 1 ? "" : "s");
		/*
		 * sshd without PAM treats a password starting with "!" (Linux's
		 * lock prefix, also the "no password yet" of useradd) as a locked
		 * account for every method, keys too; with PAM it does not look.
		 */
		if (sp->sp_pwdp != NULL && (sp->sp_pwdp[0] == '!' ||
		    strncmp(sp->sp_pwdp, "*LK*", 4) == 0)) {
			if (!pam)
				found(a, "locked", CHECK_FAIL, "the password of %s is locked (\"%.4s\" "
				    "in shadow) and UsePAM is no: sshd refuses every login, keys "
				    "too", pw->pw_name, sp->sp_pwdp[0] == '!' ? "!" : "*LK*");
			else
				check_evidence(a->res, "the password of %s is locked or unset; with "
				    "UsePAM yes sshd still accepts keys", pw->pw_name);
		}
		if (sp->sp_lstchg == 0)
			found(a, "password-expired", CHECK_WARN, "the password of %s must be changed "
			    "at the next login (shadow last change 0)", pw->pw_name);
		else if (sp->sp_max > 0 && sp->sp_max < 99999 && sp->sp_lstchg > 0 &&
		    today > sp->sp_lstchg + sp->sp_max)
			found(a, "password-expired", CHECK_WARN, "the password of %s expired %ld "
			    "days ago", pw->pw_name, today - sp->sp_lstchg - sp->sp_max);
	}
	/* sshd skips the shell test when it chroots (auth.c allowed_user) */
	if (chroot == NULL || strcasecmp(chroot, "none") == 0) {
		if (stat(shell, &st) != 0)
			found(a, "shell-missing", CHECK_FAIL, "the login shell of %s, %s, does not "
			    "exist: sshd refuses the account", pw->pw_name, shell);
		else if (!S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0)
			found(a, "shell-missing", CHECK_FAIL, "the login shell of %s, %s, is not "
			    "executable: sshd refuses the account", pw->pw_name, shell);
	}
	if (nologin_shell(shell))
		found(a, "nologin-shell", CHECK_FAIL, "the login shell of %s is %s: "
		    "authentication succeeds, then the session ends", pw->pw_name, shell);
	if (pw->pw_uid != 0 && access("/etc/nologin", F_OK) == 0)
		found(a, "nologin-file", CHECK_FAIL, "/etc/nologin exists: sshd (or "
		    "pam_nologin) refuses every login but root's");
}

/* The effective configuration for this user and address (sshd -T -C), so Match blocks count. */
static int
effective(struct check_ctx *ctx, struct account_ctx *a, const char *user, const char *addr,
    struct sshconf *c)
{
	const struct sshd_config_facts *f = sshd_config_dep(ctx);
	const char	*argv[8];
	struct run_opts	 ro;
	struct run_result rr;
	char		*spec = NULL, *cause = NULL, how[96];
	int		 rc = -1;

	if (f == NULL || f->sshd == NULL) {
		check_evidence(a->res, "no sshd found: the configuration for %s was not read", user);
		return -1;
	}
	xasprintf(&spec, "user=%s,host=%s,addr=%s", user, addr, addr);
	argv[0] = f->sshd;
	argv[1] = "-T";
	argv[2] = "-f";
	argv[3] = f->config;
	argv[4] = "-C";
	argv[5] = spec;
	argv[6] = NULL;
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = check_remaining_ms(ctx);
	ro.max_output = ACCOUNT_CONF_MAX;
	if (ro.timeout_ms == 0 || run_command(argv, &ro, &rr, &cause) != 0) {
		check_evidence(a->res, "sshd -T -C %s could not run: %s", spec,
		    cause != NULL ? cause : "no time left");
		free(cause);
		free(spec);
		return -1;
	}
	if (rr.exited && rr.status == 0) {
		sshconf_parse(rr.out, c);
		check_evidence(a->res, "effective configuration: sshd -T -f %s -C %s", f->config,
		    spec);
		rc = 0;
	} else
		check_evidence(a->res, "sshd -T -C %s failed (%s)%s%.*s", spec,
		    run_describe(&rr, how, sizeof how), geteuid() != 0 ? ", it needs root: " :
		    ": ", (int)strcspn(rr.err, "\n"), rr.err);
	run_free(&rr);
	free(spec);
	return rc;
}

/* What the configuration says of this account: root, methods, forced commands, chroot. */
static void
config_rules(struct account_ctx *a, const struct sshconf *c, const struct passwd *pw,
    const char *addr)
{
	const char	*prl = sshconf_get(c, "permitrootlogin");
	const char	*pk = sshconf_get(c, "pubkeyauthentication");
	const char	*pa = sshconf_get(c, "passwordauthentication");
	const char	*kbd = sshconf_get(c, "kbdinteractiveauthentication");
	const char	*am = sshconf_get(c, "authenticationmethods");
	const char	*fc = sshconf_get(c, "forcecommand");
	const char	*chroot = sshconf_get(c, "chrootdirectory");
	const char	*v[8];
	size_t		 i, n;

	access_lists(a, c, pw, addr);
	if (pw->pw_uid == 0 && prl != NULL) {
		check_evidence(a->res, "PermitRootLogin %s", prl);
		if (strcmp(prl, "no") == 0) {
			check_fact(a->res, "directive", "PermitRootLogin");
			found(a, "root-refused", CHECK_FAIL, "PermitRootLogin no: sshd refuses "
			    "every login as %s", pw->pw_name);
		} else if (strcmp(prl, "yes") != 0) {
			check_fact(a->res, "directive", "PermitRootLogin");
			found(a, "root-keys-only", CHECK_WARN, "PermitRootLogin %s: sshd refuses "
			    "passwords for %s%s", prl, pw->pw_name,
			    strcmp(prl, "forced-commands-only") == 0 ?
			    ", and keys without a command= option" : "");
		}
	}
	if (kbd == NULL)
		kbd = sshconf_get(c, "challengeresponseauthentication");
	check_evidence(a->res, "PubkeyAuthentication %s, PasswordAuthentication %s, "
	    "KbdInteractiveAuthentication %s, AuthenticationMethods %s", pk ? pk : "?",
	    pa ? pa : "?", kbd ? kbd : "?", am ? am : "?");
	if (pk != NULL && strcmp(pk, "no") == 0) {
		check_fact(a->res, "directive", "PubkeyAuthentication");
		found(a, "methods", (pa != NULL && strcmp(pa, "yes") == 0) ? CHECK_WARN :
		    CHECK_FAIL, "PubkeyAuthentication no for %s from %s: keys are refused%s",
		    pw->pw_name, addr, (pa != NULL && strcmp(pa, "yes") == 0) ?
		    " (passwords are accepted)" : ", and no password method is on");
	} else if (am != NULL && strcmp(am, "any") != 0 && strstr(am, "publickey") == NULL) {
		check_fact(a->res, "directive", "AuthenticationMethods");
		found(a, "methods", CHECK_WARN, "AuthenticationMethods %s for %s: no list holds "
		    "publickey", am, pw->pw_name);
	}
	if (fc != NULL && strcmp(fc, "none") != 0) {
		check_evidence(a->res, "ForceCommand %s", fc);
		if (nologin_shell(fc) || strcmp(fc, "exit") == 0 || strncmp(fc, "exit ", 5) == 0) {
			check_fact(a->res, "directive", "ForceCommand");
			found(a, "forcecommand", CHECK_FAIL, "ForceCommand %s for %s: every session "
			    "runs it and ends", fc, pw->pw_name);
		}
	}
	if (chroot != NULL && strcasecmp(chroot, "none") != 0) {
		check_evidence(a->res, "ChrootDirectory %s", chroot);
		chroot_walk(a, chroot, pw);
	}
	n = conf_values(c, "authorizedkeysfile", v, 8);
	for (i = 0; i < n; i++)
		check_evidence(a->res, "AuthorizedKeysFile %s", v[i]);
	if ((fc = sshconf_get(c, "authorizedkeyscommand")) != NULL && strcmp(fc, "none") != 0)
		check_evidence(a->res, "AuthorizedKeysCommand %s", fc);
	if ((fc = sshconf_get(c, "trustedusercakeys")) != NULL && strcmp(fc, "none") != 0)
		check_evidence(a->res, "TrustedUserCAKeys %s", fc);
}

static void
account_free(void *p)
{
	struct account_data *d = p;

	if (d == NULL)
		return;
	sshconf_free(&d->conf);
	free(d->name);
	free(d->home);
	free(d);
}

/* --client-ip as sshd would see it, or 127.0.0.1; only a numeric address reaches sshd -T. */
static const char *
client_addr(struct check_ctx *ctx, struct check_result *res)
{
	unsigned char	 buf[16];
	const char	*ip = ctx->opt->client_ip;

	if (ip == NULL)
		return "127.0.0.1";
	if (inet_pton(AF_INET, ip, buf) == 1 || inet_pton(AF_INET6, ip, buf) == 1)
		return ip;
	check_evidence(res, "--client-ip %s is not a numeric address: 127.0.0.1 used", ip);
	return "127.0.0.1";
}

static void
account_exec(struct check_ctx *ctx, struct check_result *res)
{
	const char		*user = ctx->opt->server_user, *addr;
	struct account_ctx	 a;
	struct account_data	*d;
	struct passwd		 pwbuf, *pw = NULL;
	char			 pwstr[4096];
	size_t			 i;

	if (user == NULL) {
		check_set(res, CHECK_SKIP, "skipped", "no account given (--user NAME)");
		return;
	}
	memset(&a, 0, sizeof a);
	a.res = res;
	check_fact(res, "user", "%s", user);
	addr = client_addr(ctx, res);
	if (getpwnam_r(user, &pwbuf, pwstr, sizeof pwstr, &pw) != 0 || pw == NULL) {
		check_set(res, CHECK_FAIL, "unknown-user", "there is no account %s on this machine "
		    "(getpwnam): sshd logs \"Invalid user %s\"", user, user);
		return;
	}
	d = xcalloc(1, sizeof *d);
	d->name = xstrdup(pw->pw_name);
	d->home = xstrdup(pw->pw_dir);
	d->uid = pw->pw_uid;
	d->addr = addr;
	check_evidence(res, "%s: uid %lu, home %s, shell %s", pw->pw_name,
	    (unsigned long)pw->pw_uid, pw->pw_dir, pw->pw_shell);
	/* in sshd's order (auth.c allowed_user): lock and shell, then the lists */
	d->have_conf = effective(ctx, &a, pw->pw_name, addr, &d->conf) == 0;
	account_files(&a, pw, d->have_conf ? &d->conf : NULL);
	if (d->have_conf)
		config_rules(&a, &d->conf, pw, addr);
	res->data = d;
	res->data_free = account_free;
	if (a.nfound == 0 && !d->have_conf) {
		if (geteuid() != 0)
			check_set(res, CHECK_SKIP, "needs-root", "the account %s exists; sshd's "
			    "configuration for it and its shadow entry need root", pw->pw_name);
		else
			check_set(res, CHECK_WARN, "ok", "the account %s exists; sshd's "
			    "configuration for it could not be read", pw->pw_name);
		return;
	}
	if (a.nfound == 0) {
		check_set(res, CHECK_PASS, "ok", "the account %s exists and sshd's configuration "
		    "lets it in from %s", pw->pw_name, addr);
		return;
	}
	/* the first failure decides; warnings only when nothing failed */
	for (i = 0; i < a.nfound && a.found[i].status != CHECK_FAIL; i++)
		;
	if (i == a.nfound)
		i = 0;
	check_set(res, a.found[i].status, a.found[i].outcome, "%s", a.found[i].summary);
	for (size_t j = 0; j < a.nfound; j++) {
		if (j != i)
			check_evidence(res, "also: %s", a.found[j].summary);
		free(a.found[j].summary);
	}
}

static const char *const account_needs[] = { "sshd-config", NULL };
static const struct check_need account_data_needs[] = {
	{ "sshd-config", NEED_OPTIONAL, NULL },
	{ NULL, 0, NULL }
};
static const char *const account_outcomes[] = {
	"ok", "unknown-user", "not-allowed", "root-refused", "root-keys-only", "locked",
	"expired", "password-expired", "shell-missing", "nologin-shell", "nologin-file",
	"methods", "forcecommand", "chroot", "needs-root", "skipped", "error", NULL
};
static const char *const account_facts[] = { "user", "directive", NULL };

const struct check_entry check_account_entry = {
	.id = "account",
	.title = "The account sshd is asked to log in",
	.needs = account_needs,
	.outcomes = account_outcomes,
	.exec = account_exec,
	.data = account_data_needs,
	.facts = account_facts,
};
