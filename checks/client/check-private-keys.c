/* check-private-keys.c: whether ssh can load each private key it would use, and whether its agent answers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libssh/libssh.h>

#include "checks/check.h"
#include "checks/client/identities.h"
#include "checks/client/sshconf.h"
#include "checks/parse/keyfile-parse.h"
#include "checks/transcript/transcript-phase.h"
#include "lib/runner.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"

/* What was found for one identity file. */
struct keycheck {
	int		 present;	/* the private file exists */
	int		 usable;	/* ssh can use it (perhaps after asking a passphrase) */
	int		 needs_passphrase; /* encrypted */
	char		*reason;	/* why not usable, NULL if usable */
	char		*loader;	/* ssh-keygen -y's message, sanitized, or NULL */
};

/* libssh must never ask on the terminal: every passphrase request is refused. */
static int
no_passphrase(const char *prompt, char *buf, size_t len, int echo, int verify,
    void *userdata)
{
	(void)prompt;
	(void)buf;
	(void)len;
	(void)echo;
	(void)verify;
	(void)userdata;
	return -1;
}

/*
 * OpenSSH's own loader: ssh-keygen -y with an empty passphrase reads the key
 * as ssh does and says what it could not. 0 loaded, 1 refused (msg set).
 */
static int
openssh_load(struct check_ctx *ctx, const char *path, char **msg)
{
	const char	*argv[] = { "ssh-keygen", "-y", "-P", "", "-f", path, NULL };
	struct run_opts	 ro;
	struct run_result rr;
	char		*line;
	int		 rc = -1;

	*msg = NULL;
	memset(&ro, 0, sizeof ro);
	ro.max_output = 64 * 1024;
	if ((ro.timeout_ms = check_remaining_ms(ctx)) == 0 ||
	    run_command(argv, &ro, &rr, NULL) != 0)
		return -1;
	if (rr.not_found)
		rc = -1;
	else if (rr.exited && rr.status == 0)
		rc = 0;
	else {
		/* the "Load key" line; a permissions warning comes before it */
		rc = 1;
		if ((line = strstr(rr.err, "Load key")) == NULL)
			line = rr.err;
		line[strcspn(line, "\r\n")] = '\0';
		*msg = sanitize_str(line, 300);
	}
	run_free(&rr);
	return rc;
}

static void set_reason(struct keycheck *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_reason(struct keycheck *kc, const char *fmt, ...)
{
	va_list	 ap;

	free(kc->reason);
	va_start(ap, fmt);
	xvasprintf(&kc->reason, fmt, ap);
	va_end(ap);
}

/* Why the bytes of a file ssh cannot load are wrong, from the classifier. */
static void
format_reason(struct keycheck *kc, const struct keyfile_info *ki)
{
	switch (ki->format) {
	case KF_PPK:
		set_reason(kc, "a PuTTY key file (%s), which ssh does not read",
		    "PuTTY-User-Key-File");
		return;
	case KF_PUBLIC:
		set_reason(kc, "%s", "it holds a public key, not the private key");
		return;
	case KF_SSH2_PRIVATE:
		set_reason(kc, "%s", "an ssh.com (SSH2) private key, which ssh does not read");
		return;
	case KF_BINARY:
		set_reason(kc, "%s", "binary data, not a text key file");
		return;
	case KF_EMPTY:
		set_reason(kc, "%s", "the file is empty");
		return;
	case KF_UNKNOWN:
		set_reason(kc, "%s", "text that is not a private key");
		return;
	case KF_OPENSSH:
	case KF_PEM:
		break;
	}
	if (ki->crlf)
		set_reason(kc, "%s", "Windows (CRLF) line ends in the key file");
	else if (ki->no_final_newline)
		set_reason(kc, "%s", "the key file does not end with a newline");
	else if (ki->bom || ki->leading_junk)
		set_reason(kc, "%s", "text before the -----BEGIN line");
	else
		set_reason(kc, "the %s cannot be decoded by this machine's OpenSSH and "
		    "libcrypto", keyfile_format_name(ki->format));
}

static void
check_one(struct check_ctx *ctx, struct check_result *res, const char *path, int batch,
    struct keycheck *kc)
{
	struct keyfile_info ki;
	struct stat	 st;
	ssh_key		 key = NULL;
	char		*buf = NULL, *cause = NULL;
	size_t		 len = 0;
	int		 lrc;

	memset(kc, 0, sizeof *kc);
	if (stat(path, &st) != 0) {
		check_evidence(res, "%s: %s", path, strerror(errno));
		return;
	}
	kc->present = 1;
	if (read_file_bounded(path, KEYFILE_HEAD_MAX, &buf, &len, &cause) != 0) {
		set_reason(kc, "cannot be read: %s", cause);
		check_evidence(res, "%s: %s", path, kc->reason);
		free(cause);
		return;
	}
	keyfile_classify(buf, len, 1, &ki);
	free(buf);
	check_evidence(res, "%s: %s%s%s%s%s%s", path, keyfile_format_name(ki.format),
	    *ki.keytype != '\0' ? " " : "", ki.keytype,
	    ki.encrypted == 1 ? ", protected by a passphrase" : "",
	    ki.crlf ? ", CRLF line ends" : "",
	    ki.no_final_newline ? ", no final newline" : "");
	lrc = openssh_load(ctx, path, &kc->loader);
	if (kc->loader != NULL)
		check_evidence(res, "ssh-keygen -y -f %s: %s", path, kc->loader);
	if (lrc == 0) {
		kc->usable = 1;
		return;
	}
	/* not a private key ssh reads, whatever else ssh-keygen complained about */
	if (ki.format != KF_OPENSSH && ki.format != KF_PEM) {
		format_reason(kc, &ki);
		return;
	}
	if (ki.encrypted == 1 || (kc->loader != NULL &&
	    strstr(kc->loader, "incorrect passphrase") != NULL)) {
		kc->needs_passphrase = 1;
		kc->usable = !batch;
		if (batch)
			set_reason(kc, "%s", "protected by a passphrase, and BatchMode is yes: "
			    "ssh cannot ask for it");
		return;
	}
	if (kc->loader != NULL && strstr(kc->loader, "bad permissions") != NULL) {
		kc->usable = 1;		/* permissions: the local-files check's cause */
		return;
	}
	if (lrc < 0) {
		/* no ssh-keygen: libssh's reading is the only word */
		if (ssh_pki_import_privkey_file(path, NULL, no_passphrase, NULL, &key) ==
		    SSH_OK) {
			kc->usable = 1;
			ssh_key_free(key);
			return;
		}
	}
	format_reason(kc, &ki);
}

/* The person's attempt got in: what is wrong here did not stop it. */
static int
authenticated(struct check_ctx *ctx)
{
	const struct transcript *t = transcript_dep(ctx);

	return t != NULL && t->seen[TR_AUTHENTICATED].line != 0;
}

static void
private_keys_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshconf_pair *pair = sshconf_pair_dep(ctx);	/* required */
	const struct sshconf	*c = &pair->user;
	struct identities	 ids;
	struct agent		 ag;
	struct keycheck		 kc;
	char			 adesc[512], *first_bad = NULL;
	size_t			 i, present = 0, usable = 0, bad = 0;
	int			 agent_dead, in;

	identities_read(ctx, c, &ids);
	agent_read(ctx, c, &ag);
	agent_describe(&ag, adesc, sizeof adesc);
	for (i = 0; i < ids.paths.n; i++) {
		check_one(ctx, res, ids.paths.v[i], ids.batch, &kc);
		present += kc.present;
		usable += kc.usable;
		if (kc.present && !kc.usable) {
			check_evidence(res, "%s: ssh cannot use it: %s", ids.paths.v[i],
			    kc.reason);
			if (bad++ == 0) {
				check_fact(res, "key_file", "%s", ids.paths.v[i]);
				xasprintf(&first_bad, "%s: %s", ids.paths.v[i], kc.reason);
			}
		}
		free(kc.reason);
		free(kc.loader);
	}
	/* Only now the attempt's result (a late need): the keys were read beside it. */
	in = authenticated(ctx);
	if (first_bad != NULL)
		check_set(res, in ? CHECK_WARN : CHECK_FAIL, in ? "unused" : "unusable",
		    "%s", first_bad);
	check_evidence(res, "agent: %s", adesc);
	if (ids.batch)
		check_evidence(res, "BatchMode is yes (ssh -G): ssh asks for no passphrase");
	if (ids.unexpanded > 0)
		check_evidence(res, "%d IdentityFile value%s with tokens sshdoc does not expand",
		    ids.unexpanded, ids.unexpanded == 1 ? "" : "s");
	if (bad > 0) {
		if (in)
			check_evidence(res, "your attempt authenticated all the same");
		goto out;
	}
	agent_dead = ag.state == AGENT_STALE || ag.state == AGENT_UNREACHABLE;
	if (agent_dead && !in) {
		check_set(res, usable == 0 ? CHECK_FAIL : CHECK_WARN,
		    usable == 0 ? "agent-dead" : "agent-dead-files", "%s%s", adesc,
		    usable == 0 ? ", and no identity file ssh can use exists" : "");
	} else if (ag.state == AGENT_EMPTY && present == 0 && !in) {
		check_set(res, CHECK_FAIL, "agent-empty", "%s, and none of the identity "
		    "files ssh would use exists", adesc);
	} else if (present == 0 && ag.state != AGENT_KEYS)
		check_set(res, CHECK_PASS, "no-keys", "no private key: none of the %zu "
		    "identity files ssh would use exists, and %s", ids.paths.n, adesc);
	else
		check_set(res, CHECK_PASS, "ok", "%zu private key%s ssh can load; %s", usable,
		    usable == 1 ? "" : "s", adesc);
out:
	free(first_bad);
	identities_free(&ids);
	agent_free(&ag);
}

static const char *const private_keys_needs[] = { "ssh-config", "transcript", NULL };
static const struct check_need private_keys_data[] = {
	{ "ssh-config", NEED_REQUIRED, "needs the client configuration (ssh -G)" },
	{ "transcript", NEED_LATE, NULL },
	{ NULL, 0, NULL }
};
static const char *const private_keys_outcomes[] = {
	"ok", "no-keys", "unusable", "unused", "agent-dead", "agent-dead-files",
	"agent-empty", "skipped", "error", NULL
};
static const char *const private_keys_facts[] = { "key_file", NULL };

const struct check_entry check_private_keys_entry = {
	.id = "private-keys",
	.title = "Private keys and agent",
	.needs = private_keys_needs,
	.data = private_keys_data,
	.outcomes = private_keys_outcomes,
	.exec = private_keys_exec,
	.facts = private_keys_facts,
};
