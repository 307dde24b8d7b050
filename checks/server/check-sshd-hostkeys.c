/* check-sshd-hostkeys.c: each configured host key present, root's, not readable by others, and loadable (never shown). */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/parse/authkeys-parse.h"
#include "checks/check.h"
#include "lib/runner.h"
#include "checks/server/server.h"
#include "lib/xmalloc.h"

#define HOSTKEYS_MAX	16

/* sshd's list when sshd_config names no HostKey. */
static const char *const default_keys[] = {
	"/etc/ssh/ssh_host_rsa_key", "/etc/ssh/ssh_host_ecdsa_key",
	"/etc/ssh/ssh_host_ed25519_key", NULL
};

enum key_state {
	KEY_OK,		/* loadable (or looks so, without root) */
	KEY_MISSING,	/* no such file */
	KEY_PERMS,	/* sshd refuses it for its mode */
	KEY_BROKEN,	/* there, but not a key sshd can load */
};

/*
 * The public half's size and fingerprint, as ssh-keygen -l prints them, from
 * ssh-keygen -y's output: computed here (no second ssh-keygen run).
 */
static void
fingerprint(struct check_result *res, const char *path, const char *pub, size_t publen)
{
	static const struct {
		const char	*type;
		const char	*name;
	} names[] = {
		{ "ssh-ed25519", "ED25519" }, { "ssh-rsa", "RSA" }, { "ssh-dss", "DSA" },
		{ "ecdsa-sha2-nistp256", "ECDSA" }, { "ecdsa-sha2-nistp384", "ECDSA" },
		{ "ecdsa-sha2-nistp521", "ECDSA" }, { "sk-ssh-ed25519@openssh.com", "ED25519-SK" },
		{ "sk-ecdsa-sha2-nistp256@openssh.com", "ECDSA-SK" },
	};
	struct authkeys_entry e;
	const char	*name = NULL;
	size_t		 i;

	if (authkeys_pub_entry(pub, publen, &e) != 0 || e.fp[0] == '\0') {
		check_evidence(res, "%s: loadable", path);
		return;
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(e.type, names[i].type) == 0)
			name = names[i].name;
	}
	if (e.bits > 0 && name != NULL)
		check_evidence(res, "%s: loadable, %d %s (%s)", path, e.bits, e.fp, name);
	else
		check_evidence(res, "%s: loadable, %s (%s)", path, e.fp, e.type);
}

/* ssh-keygen -y with an empty passphrase, as sshd loads it; the key itself stays in the pipe. */
static enum key_state
try_load(struct check_ctx *ctx, struct check_result *res, const char *path)
{
	const char	*argv[] = { "ssh-keygen", "-y", "-P", "", "-f", path, NULL };
	struct run_opts	 ro;
	struct run_result rr;
	char		*cause = NULL, how[96];
	enum key_state	 st;
	int		 left = check_remaining_ms(ctx);

	if (left == 0) {
		check_evidence(res, "%s: no time left to load it", path);
		return KEY_OK;
	}
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = left;
	ro.max_output = 16 * 1024;
	if (run_command(argv, &ro, &rr, &cause) != 0) {
		check_evidence(res, "%s: cannot run ssh-keygen: %s", path, cause);
		free(cause);
		return KEY_OK;
	}
	if (rr.exited && rr.status == 0) {
		fingerprint(res, path, rr.out, rr.out_len);
		st = KEY_OK;
	} else {
		/* stderr names the reason ("invalid format", "incorrect passphrase"). */
		check_evidence(res, "%s: sshd cannot load it: ssh-keygen -y %s: %.*s", path,
		    run_describe(&rr, how, sizeof how), (int)strcspn(rr.err, "\n"), rr.err);
		st = KEY_BROKEN;
	}
	run_free(&rr);
	return st;
}

static enum key_state
check_key(struct check_ctx *ctx, struct check_result *res, const char *path, int root)
{
	struct stat	 st;

	if (stat(path, &st) != 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			check_evidence(res, "%s: missing", path);
			return KEY_MISSING;
		}
		check_evidence(res, "%s: %s", path, strerror(errno));
		return root ? KEY_BROKEN : KEY_OK;
	}
	if (!S_ISREG(st.st_mode)) {
		check_evidence(res, "%s: not a regular file", path);
		return KEY_BROKEN;
	}
	/*
	 * sshd refuses a key of its own user (root, or whoever runs a test
	 * sshd) that others may read, as ssh does; another owner's key it loads.
	 */
	if ((st.st_uid == 0 || st.st_uid == geteuid()) && (st.st_mode & 077) != 0) {
		check_evidence(res, "%s: mode %04o, owner uid %lu: sshd says \"Permissions "
		    "0%03o for '%s' are too open\" and ignores the key",
		    path, (unsigned)(st.st_mode & 07777), (unsigned long)st.st_uid,
		    (unsigned)(st.st_mode & 0777), path);
		if (check_fact_get(res, "hostkey_mode") == NULL) {
			check_fact(res, "hostkey_path", "%s", path);
			check_fact(res, "hostkey_mode", "%04o", (unsigned)(st.st_mode & 07777));
		}
		return KEY_PERMS;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid())
		check_evidence(res, "%s: owned by uid %lu, not root: that user can read or "
		    "replace the server's identity", path, (unsigned long)st.st_uid);
	if ((st.st_mode & 077) != 0)
		check_evidence(res, "%s: mode %04o: others may read the private key", path,
		    (unsigned)(st.st_mode & 07777));
	if (!root)
		return KEY_OK;
	return try_load(ctx, res, path);
}

/* A key once, however often sshd -T or sshd -t names it (one per algorithm it tried). */
static void
add_key(const char **keys, size_t *nkeys, const char *path)
{
	size_t	 i;

	for (i = 0; i < *nkeys; i++) {
		if (strcmp(keys[i], path) == 0)
			return;
	}
	keys[(*nkeys)++] = path;
}

static void
sshd_hostkeys_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshd_config_facts *f = sshd_config_dep(ctx);
	const char	*keys[HOSTKEYS_MAX + 1];
	const char	*source;
	size_t		 nkeys = 0, i, usable = 0, missing = 0, perms = 0, broken = 0;
	int		 root = geteuid() == 0;
	enum key_state	 st;

	if (f != NULL && f->have_conf) {
		for (i = 0; i < f->conf.keys.n && nkeys < HOSTKEYS_MAX; i++) {
			if (strcmp(f->conf.keys.v[i], "hostkey") == 0)
				add_key(keys, &nkeys, f->conf.values.v[i]);
		}
		source = "sshd -T";
	} else if (f != NULL && f->unloadable.n > 0) {
		/* sshd -T stopped on the keys themselves; sshd -t named each. */
		for (i = 0; i < f->unloadable.n && nkeys < HOSTKEYS_MAX; i++)
			add_key(keys, &nkeys, f->unloadable.v[i]);
		source = "sshd -t's errors";
	} else if (f != NULL && (f->invalid || f->sshd == NULL)) {
		check_set(res, CHECK_SKIP, "skipped", "the host keys are unknown: %s",
		    f->sshd == NULL ? "no sshd binary" : "sshd cannot read its configuration");
		return;
	} else if (f != NULL && f->no_hostkeys && !root) {
		check_set(res, CHECK_SKIP, "needs-root", "only root can see which host keys "
		    "sshd loads: run sshdoc --server as root");
		return;
	} else {
		for (i = 0; default_keys[i] != NULL; i++)
			keys[nkeys++] = default_keys[i];
		source = "sshd's defaults";
	}
	keys[nkeys] = NULL;

	for (i = 0; i < nkeys; i++) {
		st = check_key(ctx, res, keys[i], root);
		/* A key sshd ignores (check_key records it) comes before a missing one. */
		if (st == KEY_MISSING && missing == 0 && perms == 0)
			check_fact(res, "hostkey_path", "%s", keys[i]);
		usable += st == KEY_OK;
		missing += st == KEY_MISSING;
		perms += st == KEY_PERMS;
		broken += st == KEY_BROKEN;
	}
	/* When sshd lacked root to read the keys, its complaints would only mislead. */
	for (i = 0; f != NULL && !f->needs_root && i < f->hostkey_lines.n; i++)
		check_evidence(res, "sshd -t: %s", f->hostkey_lines.v[i]);

	if (perms > 0) {
		check_set(res, CHECK_FAIL, "permissions", "sshd ignores %zu host key%s because "
		    "others may read %s (%zu of %zu keys usable)", perms, perms == 1 ? "" : "s",
		    perms == 1 ? "it" : "them", usable, nkeys);
	} else if (usable == 0) {
		check_set(res, CHECK_FAIL, "missing", "sshd has no usable host key: %zu missing, "
		    "%zu unloadable of %zu (from %s); sshd will not start", missing, broken,
		    nkeys, source);
	} else if (missing + broken > 0) {
		check_set(res, CHECK_WARN, "partial", "%zu of %zu host keys are missing or "
		    "unloadable; sshd serves with the other %zu", missing + broken, nkeys, usable);
	} else if (!root) {
		check_set(res, CHECK_SKIP, "needs-root", "the %zu host keys are present with safe "
		    "modes; whether they load needs root", nkeys);
	} else {
		check_set(res, CHECK_PASS, "ok", "%zu host key%s present and loadable (from %s)",
		    nkeys, nkeys == 1 ? "" : "s", source);
	}
}

static const char *const hostkeys_needs[] = { "sshd-config", NULL };
static const char *const hostkeys_outcomes[] = {
	"ok", "missing", "permissions", "partial", "needs-root", "skipped", "error", NULL
};

static const char *const hostkeys_facts[] = { "hostkey_path", "hostkey_mode", NULL };

const struct check_entry check_sshd_hostkeys_entry = {
	.id = "sshd-hostkeys",
	.title = "sshd host keys",
	.needs = hostkeys_needs,
	.outcomes = hostkeys_outcomes,
	.exec = sshd_hostkeys_exec,
	.facts = hostkeys_facts,
};
