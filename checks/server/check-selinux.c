/* check-selinux.c: is SELinux enforcing, and may sshd bind its port (ssh_port_t) when that is not 22? */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "lib/procfs.h"
#include "lib/runner.h"
#include "checks/parse/selinux-parse.h"
#include "checks/server/server.h"
#include "lib/xmalloc.h"

#define SELINUX_FS	"/sys/fs/selinux"
#define SEMANAGE_MAX	(1024 * 1024)

/* 1 enforcing, 0 permissive, -1 unknown. */
static int
enforcing(struct check_ctx *ctx, const char **how)
{
	const char *const argv[] = { "getenforce", NULL };
	struct run_opts	 ro;
	struct run_result rr;
	char		*s = NULL;
	size_t		 n;
	int		 trunc, r = -1;

	if (procfs_read(SELINUX_FS "/enforce", 16, &s, &n, &trunc) == 0 && n > 0) {
		r = s[0] == '1';
		*how = SELINUX_FS "/enforce";
		free(s);
		return r;
	}
	free(s);
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = check_remaining_ms(ctx);
	ro.max_output = 4096;
	if (ro.timeout_ms > 0 && run_command(argv, &ro, &rr, NULL) == 0) {
		if (rr.exited && rr.status == 0) {
			if (strncmp(rr.out, "Enforcing", 9) == 0)
				r = 1;
			else if (strncmp(rr.out, "Permissive", 10) == 0 ||
			    strncmp(rr.out, "Disabled", 8) == 0)
				r = 0;
			*how = "getenforce";
		}
		run_free(&rr);
	}
	return r;
}

static size_t
ssh_ports(struct check_ctx *ctx, int *ports, size_t max)
{
	const struct sshd_listen *l = sshd_listen_dep(ctx);
	size_t		 n = 0, i;

	if (ctx->opt->server_port != 0) {
		ports[0] = ctx->opt->server_port;
		return 1;
	}
	for (i = 0; l != NULL && i < l->nports && n < max; i++)
		ports[n++] = l->ports[i];
	if (n == 0)
		ports[n++] = 22;
	return n;
}

static void
selinux_exec(struct check_ctx *ctx, struct check_result *res)
{
	const char *const argv[] = { "semanage", "port", "-l", NULL };
	struct run_opts	 ro;
	struct run_result rr;
	const char	*how = "?";
	int		 ports[SERVER_PORTS_MAX], mode, r, unlabelled = 0, other = 0;
	size_t		 n, i;
	char		 desc[96];

	if (access(SELINUX_FS, F_OK) != 0) {
		check_set(res, CHECK_SKIP, "absent", "SELinux is not present (no " SELINUX_FS ")");
		return;
	}
	mode = enforcing(ctx, &how);
	if (mode < 0) {
		check_set(res, CHECK_SKIP, "needs-root", "SELinux is present, but its mode could "
		    "not be read");
		return;
	}
	check_evidence(res, "SELinux is %s (%s)", mode ? "enforcing" : "permissive", how);
	n = ssh_ports(ctx, ports, SERVER_PORTS_MAX);
	for (i = 0; i < n; i++)
		other += ports[i] != 22;
	if (other == 0) {
		check_set(res, CHECK_PASS, mode ? "enforcing" : "permissive", "SELinux is %s; sshd "
		    "listens on port 22, which the policy labels ssh_port_t", mode ? "enforcing" :
		    "permissive");
		return;
	}
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = check_remaining_ms(ctx);
	ro.max_output = SEMANAGE_MAX;
	if (ro.timeout_ms <= 0 || run_command(argv, &ro, &rr, NULL) != 0) {
		check_set(res, CHECK_ERROR, "error", "semanage port -l could not be run");
		return;
	}
	if (rr.not_found || !rr.exited || rr.status != 0) {
		check_set(res, CHECK_SKIP, "needs-root", "SELinux is %s and sshd uses port %d, but "
		    "the port labels could not be read (%s%s)", mode ? "enforcing" : "permissive",
		    ports[0], rr.not_found ? "semanage is not installed: policycoreutils-python-utils" :
		    run_describe(&rr, desc, sizeof desc), !rr.not_found && geteuid() != 0 ?
		    "; it needs root" : "");
		run_free(&rr);
		return;
	}
	for (i = 0; i < n; i++) {
		if (ports[i] == 22)
			continue;
		r = semanage_port_labelled(rr.out, "ssh_port_t", ports[i]);
		check_evidence(res, "port %d: %s", ports[i], r == 1 ? "labelled ssh_port_t" :
		    r == 0 ? "not labelled ssh_port_t" : "semanage names no ssh_port_t");
		if (r != 1 && unlabelled == 0)
			unlabelled = ports[i];
	}
	run_free(&rr);
	if (unlabelled != 0)
		check_fact(res, "port", "%d", unlabelled);
	if (unlabelled != 0 && mode)
		check_set(res, CHECK_FAIL, "port-unlabelled", "SELinux is enforcing and port %d is "
		    "not labelled ssh_port_t: sshd may not bind it", unlabelled);
	else if (unlabelled != 0)
		check_set(res, CHECK_WARN, "permissive", "port %d is not labelled ssh_port_t; "
		    "SELinux is permissive, so it only logs the denial", unlabelled);
	else
		check_set(res, CHECK_PASS, mode ? "enforcing" : "permissive", "SELinux is %s and "
		    "the policy labels sshd's ports ssh_port_t", mode ? "enforcing" : "permissive");
}

static const char *const selinux_needs[] = { "sshd-listen", NULL };
static const char *const selinux_outcomes[] = {
	"port-unlabelled", "enforcing", "permissive", "absent", "needs-root", "error", NULL
};

static const char *const selinux_facts[] = { "port", NULL };

const struct check_entry check_selinux_entry = {
	.id = "selinux",
	.title = "SELinux mode and SSH port label",
	.needs = selinux_needs,
	.outcomes = selinux_outcomes,
	.exec = selinux_exec,
	.facts = selinux_facts,
};
