/* check-ssh-config.c: the person's effective client configuration for this target (ssh -G), and the clean one. */
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "lib/runner.h"
#include "lib/sanitize.h"
#include "checks/client/sshconf.h"
#include "lib/xmalloc.h"

/* Keywords worth showing: they change where and how ssh connects. */
static const char *const shown[] = {
	"hostname", "port", "user", "proxycommand", "proxyjump", "identityfile",
	"identitiesonly", "addressfamily", "connecttimeout", "stricthostkeychecking",
	"userknownhostsfile", NULL
};

static void
pair_free(void *p)
{
	struct sshconf_pair	*pair = p;

	sshconf_free(&pair->user);
	sshconf_free(&pair->clean);
	free(pair);
}

static int
run_g(struct check_ctx *ctx, int clean, struct run_result *rr, char **cause)
{
	static const char *const pre[] = { "-G", NULL };
	const char		*argv[SSHCONF_ARGV_MAX];
	char			 port[8];
	struct run_opts		 ro;

	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = check_remaining_ms(ctx);
	ro.max_output = 256 * 1024;
	sshconf_target_argv(ctx->opt, pre, clean, NULL, argv, SSHCONF_ARGV_MAX, port);
	return run_command(argv, &ro, rr, cause);
}

/* First line of stderr, for evidence (ssh ends its fatal lines with CR LF). */
static char *
first_line(const char *s)
{
	const char	*nl = strchr(s, '\n');
	size_t		 len = nl ? (size_t)(nl - s) : strlen(s);

	if (len > 0 && s[len - 1] == '\r')
		len--;
	return sanitize(s, len, 300);
}

static const char *
or_unknown(const char *s)
{
	return s != NULL ? s : "?";
}

static void
ssh_config_exec(struct check_ctx *ctx, struct check_result *res)
{
	struct sshconf_pair	*pair;
	struct run_result	 rr;
	char			*cause = NULL, *line, how[64];
	const char		*v, *clean_v;
	size_t			 i;

	if (ctx->opt->host == NULL) {
		check_set(res, CHECK_SKIP, "skipped", "no target host");
		return;
	}
	if (run_g(ctx, 0, &rr, &cause) != 0) {
		check_set(res, CHECK_ERROR, "error", "cannot run ssh -G: %s", cause);
		free(cause);
		return;
	}
	if (rr.not_found) {
		check_set(res, CHECK_SKIP, "no-ssh",
		    "no OpenSSH client (ssh) on this machine; its configuration cannot be read");
		run_free(&rr);
		return;
	}
	if (!rr.exited || rr.status != 0) {
		line = first_line(rr.err);
		if (rr.timed_out)
			check_set(res, CHECK_FAIL, "config-error",
			    "ssh -G did not finish within %ld ms: ssh cannot read its "
			    "configuration in time (an Include of a huge file or a device?)",
			    rr.ms);
		else if (strstr(rr.err, "Bad owner or permissions on") != NULL)
			check_set(res, CHECK_FAIL, "config-permissions",
			    "ssh refuses its configuration: %s", line);
		else
			check_set(res, CHECK_FAIL, "config-error",
			    "ssh cannot use its configuration: %s", line);
		check_evidence(res, "ssh -G: %s", run_describe(&rr, how, sizeof how));
		if (*line != '\0')
			check_evidence(res, "stderr: %s", line);
		free(line);
		run_free(&rr);
		return;
	}
	pair = xcalloc(1, sizeof *pair);
	sshconf_parse(rr.out, &pair->user);
	run_free(&rr);
	if (run_g(ctx, 1, &rr, NULL) == 0) {
		if (rr.exited && rr.status == 0) {
			sshconf_parse(rr.out, &pair->clean);
			pair->have_clean = 1;
		}
		run_free(&rr);
	}
	res->data = pair;
	res->data_free = pair_free;

	check_set(res, CHECK_PASS, "read", "ssh connects to %s port %s as %s",
	    or_unknown(sshconf_get(&pair->user, "hostname")),
	    or_unknown(sshconf_get(&pair->user, "port")),
	    or_unknown(sshconf_get(&pair->user, "user")));
	if ((v = sshconf_get(&pair->user, "proxyjump")) != NULL ||
	    (v = sshconf_get(&pair->user, "proxycommand")) != NULL)
		check_set(res, CHECK_PASS, "proxied", "ssh reaches %s through a proxy: %s",
		    or_unknown(sshconf_get(&pair->user, "hostname")), v);
	for (i = 0; shown[i] != NULL; i++) {
		if ((v = sshconf_get(&pair->user, shown[i])) == NULL)
			continue;
		clean_v = pair->have_clean ? sshconf_get(&pair->clean, shown[i]) : NULL;
		if (clean_v != NULL && strcmp(v, clean_v) != 0)
			check_evidence(res, "%s %s (without your configuration: %s)",
			    shown[i], v, clean_v);
		else if (strcmp(shown[i], "proxycommand") == 0 ||
		    strcmp(shown[i], "proxyjump") == 0 || strcmp(shown[i], "hostname") == 0)
			check_evidence(res, "%s %s", shown[i], v);
	}
}

static const char *const ssh_config_outcomes[] = {
	"read", "proxied", "config-permissions", "config-error", "no-ssh", "skipped", "error", NULL
};

const struct check_entry check_ssh_config_entry = {
	.id = "ssh-config",
	.title = "Client configuration (ssh -G)",
	.needs = NULL,
	.outcomes = ssh_config_outcomes,
	.exec = ssh_config_exec,
};
