/* check-sshd-privsep.c: the privilege separation directory sshd chroots into (/run/sshd, /var/empty): there, root's, not writable by others. */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "lib/procfs.h"
#include "checks/server/server.h"
#include "lib/xmalloc.h"

#define PRIVSEP_BINARY_MAX	(16 * 1024 * 1024)	/* bytes of the sshd binary searched */

/*
 * Where distributions put it (sshd -T has no keyword for it: it is compiled
 * in). Debian and Ubuntu: /run/sshd; Fedora and RHEL: /usr/share/empty.sshd;
 * most others: /var/empty.
 */
static const char *const candidates[] = {
	"/run/sshd", "/var/run/sshd", "/usr/share/empty.sshd", "/var/empty/sshd",
	"/var/empty", "/var/lib/empty", "/var/chroot/ssh", NULL
};

/* The per-connection binary of OpenSSH 9.8+ holds the path instead of sshd. */
static const char *const session_binaries[] = {
	"/usr/lib/openssh/sshd-session", "/usr/libexec/openssh/sshd-session",
	"/usr/libexec/sshd-session", "/usr/lib/ssh/sshd-session", NULL
};

/* The candidate compiled into binary, found as a NUL-terminated string; NULL if none. */
static const char *
compiled_in(const char *binary)
{
	char		*buf, pat[64];
	size_t		 len, i, n;
	int		 trunc;
	const char	*found = NULL;

	if (binary == NULL || procfs_read(binary, PRIVSEP_BINARY_MAX, &buf, &len, &trunc) != 0)
		return NULL;
	for (i = 0; candidates[i] != NULL && found == NULL; i++) {
		n = (size_t)snprintf(pat, sizeof pat, "%c%s", '\0', candidates[i]) + 1;
		/* "\0/run/sshd\0": the whole string, not a prefix of a longer one. */
		if (memmem(buf, len, pat, n) != NULL)
			found = candidates[i];
	}
	free(buf);
	return found;
}

static void
sshd_privsep_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshd_config_facts *f = sshd_config_dep(ctx);
	const struct sshd_service *svc = sshd_service_dep(ctx);
	const char	*dir = NULL, *how = NULL;
	struct stat	 st;
	size_t		 i;
	int		 stopped_unit, notdir;

	if (f != NULL && f->privsep_dir != NULL) {
		dir = f->privsep_dir;
		how = "named by sshd -t";
	}
	if (dir == NULL && f != NULL && (dir = compiled_in(f->sshd)) != NULL)
		how = "compiled into sshd";
	for (i = 0; dir == NULL && session_binaries[i] != NULL; i++) {
		if ((dir = compiled_in(session_binaries[i])) != NULL)
			how = "compiled into sshd-session";
	}
	for (i = 0; dir == NULL && candidates[i] != NULL; i++) {
		if (stat(candidates[i], &st) == 0) {
			dir = candidates[i];
			how = "the first usual place that exists";
		}
	}
	if (dir == NULL) {
		check_set(res, CHECK_SKIP, "skipped", "cannot tell which privilege separation "
		    "directory this sshd uses, and none of the usual ones exists");
		return;
	}
	if (f != NULL && f->privsep_line != NULL)
		check_evidence(res, "sshd -t: %s", f->privsep_line);

	/* systemd makes /run/sshd (RuntimeDirectory) when it starts the service. */
	stopped_unit = svc != NULL && svc->systemd && !svc->service_active &&
	    strcmp(dir, "/run/sshd") == 0 && svc->runtime_sshd;
	for (i = 0; stopped_unit && i < svc->nprocs; i++) {
		if (svc->procs[i].ours)
			stopped_unit = 0;	/* a running sshd needs it for every connection */
	}

	notdir = stat(dir, &st) == 0;
	if (!notdir || !S_ISDIR(st.st_mode)) {
		if (stopped_unit) {
			check_set(res, CHECK_PASS, "ok", "%s (%s) is missing, as expected while "
			    "ssh.service is stopped: systemd creates it when it starts sshd",
			    dir, how);
			if (svc->socket_active)
				check_evidence(res, "socket activation: sshd -t run by hand reports "
				    "this directory missing until ssh.service has started");
			return;
		}
		check_set(res, CHECK_FAIL, "missing", "the privilege separation directory %s "
		    "(%s) %s: sshd will not start", dir, how,
		    notdir ? "is not a directory" : "is missing");
		/* a unit without it (a hand-written or old one) never makes /run/sshd */
		if (svc != NULL && svc->systemd && svc->runtime_unit[0] != '\0' &&
		    !svc->runtime_sshd && strcmp(dir, "/run/sshd") == 0)
			check_evidence(res, "%s has no RuntimeDirectory=sshd: systemd does not "
			    "create %s when it starts sshd", svc->runtime_unit, dir);
		check_evidence(res, "sshd says: Missing privilege separation directory: %s", dir);
		if (!notdir)
			check_fact(res, "privsep_dir", "%s", dir);
		return;
	}
	check_evidence(res, "%s: owner uid %lu, mode %04o (%s)", dir, (unsigned long)st.st_uid,
	    (unsigned)(st.st_mode & 07777), how);
	if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		check_set(res, CHECK_FAIL, "permissions", "%s must be owned by root and not "
		    "group or world-writable, or sshd will not start", dir);
		check_fact(res, "privsep_dir", "%s", dir);
		return;
	}
	check_set(res, CHECK_PASS, "ok", "%s is there, root's, and not writable by others", dir);
}

static const char *const privsep_needs[] = { "sshd-config", "sshd-service", NULL };
static const char *const privsep_facts[] = { "privsep_dir", NULL };
static const char *const privsep_outcomes[] = {
	"ok", "missing", "permissions", "skipped", "error", NULL
};

const struct check_entry check_sshd_privsep_entry = {
	.id = "sshd-privsep",
	.title = "sshd privilege separation directory",
	.needs = privsep_needs,
	.outcomes = privsep_outcomes,
	.facts = privsep_facts,
	.exec = sshd_privsep_exec,
};
