/* check-sshd-service.c: does an sshd run with this configuration (/proc), and what systemd says of its units. */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "lib/procfs.h"
#include "lib/runner.h"
#include "checks/server/server.h"
#include "checks/parse/sshd-parse.h"
#include "checks/parse/unitshow-parse.h"
#include "lib/xmalloc.h"

#define SERVICE_PROCS_MAX	64	/* sshd listeners recorded */
#define SERVICE_JOURNAL_LINES	"20"
#define SERVICE_UNITS_MAX	4

/* The units that can start sshd: Debian and Ubuntu name them ssh, the others sshd. */
static const char *const units[SERVICE_UNITS_MAX] = {
	"ssh.service", "sshd.service", "ssh.socket", "sshd.socket"
};

struct scan {
	struct sshd_service	*svc;
	struct stat		 want;		/* the configuration checked */
	int			 have_want;	/* it exists */
	size_t			 children;	/* per-connection sshd processes seen */
	size_t			 more;		/* listeners past SERVICE_PROCS_MAX */
};

static void
service_free(void *p)
{
	struct sshd_service	*svc = p;
	size_t			 i;

	for (i = 0; i < svc->nprocs; i++) {
		free(svc->procs[i].config);
		free(svc->procs[i].exe);
		free(svc->procs[i].title);
	}
	free(svc->procs);
	free(svc);
}

/* The -f file of a listener, resolved as sshd resolved it (relative to its directory). */
static char *
listener_config(int pid, const char *cmdline)
{
	char	 file[4096], cwdlink[64], cwd[4096], *out;
	ssize_t	 n;
	int	 r;

	r = sshd_cmdline_config(cmdline, file, sizeof file);
	if (r == 0)
		return xstrdup(SERVER_DEFAULT_CONFIG);
	if (r != 1)
		return NULL;
	if (file[0] == '/')
		return xstrdup(file);
	/* A relative -f: its directory now is only a guess (a daemon moves to /). */
	snprintf(cwdlink, sizeof cwdlink, "/proc/%d/cwd", pid);
	if ((n = readlink(cwdlink, cwd, sizeof cwd - 1)) <= 0)
		return xstrdup(file);
	cwd[n] = '\0';
	xasprintf(&out, "%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd, file);
	if (access(out, F_OK) != 0) {
		free(out);
		return xstrdup(file);	/* shown as sshd was given it; matches nothing */
	}
	return out;
}

static int
scan_pid(int pid, void *arg)
{
	struct scan	*s = arg;
	struct sshd_proc *sp;
	struct stat	 st;
	char		 comm[32], pcomm[32], state;
	char		*cmd;
	int		 ppid;

	if (procfs_comm(pid, comm, sizeof comm) != 0 || strcmp(comm, "sshd") != 0)
		return 0;
	if (procfs_stat(pid, &ppid, &state) != 0 || state == 'Z')
		return 0;
	/* A child of an sshd serves one connection; its parent is the listener. */
	if (ppid > 1 && procfs_comm(ppid, pcomm, sizeof pcomm) == 0 &&
	    strcmp(pcomm, "sshd") == 0) {
		s->children++;
		return 0;
	}
	if (s->svc->nprocs >= SERVICE_PROCS_MAX) {
		s->more++;
		return 0;
	}
	if ((cmd = procfs_cmdline(pid)) == NULL)
		return 0;
	s->svc->procs = xreallocarray(s->svc->procs, s->svc->nprocs + 1,
	    sizeof *s->svc->procs);
	sp = &s->svc->procs[s->svc->nprocs++];
	memset(sp, 0, sizeof *sp);
	sp->pid = pid;
	sp->config = listener_config(pid, cmd);
	sp->exe = procfs_exe(pid);
	sp->title = xstrdup(cmd);
	/* Same file, whatever path names it. */
	if (s->have_want && sp->config != NULL && stat(sp->config, &st) == 0 &&
	    st.st_dev == s->want.st_dev && st.st_ino == s->want.st_ino)
		sp->ours = 1;
	free(cmd);
	return 0;
}

/* Ports of a socket unit's Listen= value: "[::]:22 (Stream)", several joined. */
static void
socket_ports(struct sshd_service *svc, const char *listen)
{
	char	*copy = xstrdup(listen), *tok, *save = NULL;
	int	 port;
	size_t	 i;

	for (tok = strtok_r(copy, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
		if (tok[0] == '(')
			continue;
		if (strchr(tok, ':') == NULL && strspn(tok, "0123456789") == strlen(tok))
			port = atoi(tok);	/* ListenStream=22 */
		else
			port = sshd_listen_port(tok);
		if (port <= 0 || svc->nsocket_ports >= SERVER_PORTS_MAX)
			continue;
		for (i = 0; i < svc->nsocket_ports; i++) {
			if (svc->socket_ports[i] == port)
				break;
		}
		if (i == svc->nsocket_ports)
			svc->socket_ports[svc->nsocket_ports++] = port;
	}
	free(copy);
}

static int
unit_failed(const struct unit_show *u)
{
	return strcmp(u->active, "failed") == 0 ||
	    (strcmp(u->active, "activating") == 0 && strcmp(u->sub, "auto-restart") == 0);
}

static const char *
main_code(const char *code)
{
	if (strcmp(code, "1") == 0)
		return "exited with status";
	if (strcmp(code, "2") == 0)
		return "was killed by signal";
	if (strcmp(code, "3") == 0)
		return "dumped core on signal";
	return "ended with";
}

/* Does the line [line, line+len) occur whole before line in buf? */
static int
seen_line(const char *buf, const char *line, size_t len)
{
	const char	*p;

	for (p = buf; p < line; p = strchr(p, '\n') + 1) {
		if (strncmp(p, line, len) == 0 && p[len] == '\n')
			return 1;
		if (strchr(p, '\n') == NULL)
			break;
	}
	return 0;
}

/* The last lines a failed unit logged: usually sshd's own reason. */
static void
journal_tail(struct check_ctx *ctx, struct check_result *res, const char *unit)
{
	const char	*argv[] = { "journalctl", "-u", unit, "-n", SERVICE_JOURNAL_LINES,
			    "--no-pager", "-o", "cat", NULL };
	struct run_opts	 ro;
	struct run_result rr;
	char		*p, *nl;
	int		 left = check_remaining_ms(ctx), n = 0;

	if (left < 100)
		return;
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = left;
	ro.max_output = 64 * 1024;
	if (run_command(argv, &ro, &rr, NULL) != 0)
		return;
	for (p = rr.out; *p != '\0' && n < 20; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		/* a restart loop logs the same lines each round: quote each once */
		if (nl > p && !seen_line(rr.out, p, (size_t)(nl - p))) {
			check_evidence(res, "%s log: %.*s", unit, (int)(nl - p), p);
			n++;
		}
		if (*nl == '\0')
			break;
	}
	if (n == 0)
		check_evidence(res, "%s: the journal shows no lines for it (reading the "
		    "journal may need root or the systemd-journal group)", unit);
	run_free(&rr);
}

/* Ask systemd about the units; returns the failed unit's index, or -1. */
static int
ask_systemd(struct check_ctx *ctx, struct check_result *res, struct sshd_service *svc)
{
	const char	*argv[] = { "systemctl", "show", "--no-pager", "-p", "Id",
			    "-p", "ExecStartPre", "-p", "LoadState", "-p", "ActiveState", "-p", "SubState",
			    "-p", "Result", "-p", "ExecMainCode", "-p", "ExecMainStatus",
			    "-p", "Listen", "-p", "RuntimeDirectory", units[0], units[1], units[2], units[3], NULL };
	struct unit_show u[SERVICE_UNITS_MAX];
	struct run_opts	 ro;
	struct run_result rr;
	char		 how[96];
	int		 i, j, failed = -1, left = check_remaining_ms(ctx);

	if (access("/run/systemd/system", F_OK) != 0) {
		check_evidence(res, "systemd does not run this machine (no /run/systemd/system): "
		    "looked at processes only");
		return -1;
	}
	if (left < 100)
		return -1;
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = left;
	ro.max_output = 64 * 1024;
	if (run_command(argv, &ro, &rr, NULL) != 0) {
		check_evidence(res, "systemctl could not be run: looked at processes only");
		return -1;
	}
	if (rr.not_found) {
		check_evidence(res, "systemctl is not installed: looked at processes only");
		run_free(&rr);
		return -1;
	}
	if (!rr.exited || rr.status != 0) {
		check_evidence(res, "systemctl show failed (%s): looked at processes only",
		    run_describe(&rr, how, sizeof how));
		run_free(&rr);
		return -1;
	}
	memset(u, 0, sizeof u);
	unitshow_parse(rr.out, u, SERVICE_UNITS_MAX);
	run_free(&rr);
	svc->systemd = 1;
	for (i = 0; i < SERVICE_UNITS_MAX; i++) {
		if (strcmp(u[i].load, "loaded") != 0) {
			if (strcmp(u[i].load, "masked") == 0)
				check_evidence(res, "%s is masked: systemd will not start it",
				    units[i]);
			continue;
		}
		/* Debian's sshd.service is an alias of ssh.service: the same unit twice */
		for (j = 0; j < i && u[i].id[0] != '\0'; j++) {
			if (strcmp(u[j].id, u[i].id) == 0)
				break;
		}
		if (j < i && u[i].id[0] != '\0')
			continue;
		if (i < 2) {
			char	 mainproc[96] = "";

			if (u[i].code[0] != '\0' && strcmp(u[i].code, "0") != 0)
				snprintf(mainproc, sizeof mainproc, "; main process %s %s",
				    main_code(u[i].code), u[i].status);
			check_evidence(res, "%s: %s (%s), result %s%s", units[i], u[i].active,
			    u[i].sub, u[i].result[0] != '\0' ? u[i].result : "unknown", mainproc);
			/* a failed ExecStartPre (sshd -t) leaves ExecMain* empty */
			if (u[i].pre_status != -1)
				check_evidence(res, "%s: ExecStartPre %s %s %d", units[i],
				    u[i].pre_argv, strcmp(u[i].pre_code, "exited") == 0 ?
				    "exited with status" : strcmp(u[i].pre_code, "killed") == 0 ?
				    "was killed by signal" : "dumped core on signal",
				    u[i].pre_status);
			if (strcmp(u[i].active, "active") == 0)
				svc->service_active = 1;
			if (svc->runtime_unit[0] == '\0') {
				snprintf(svc->runtime_unit, sizeof svc->runtime_unit, "%s",
				    units[i]);
				svc->runtime_sshd = unitshow_has_word(u[i].runtime, "sshd");
			}
		} else {
			check_evidence(res, "%s: %s (%s), listening on %s", units[i],
			    u[i].active, u[i].sub, u[i].listen[0] ? u[i].listen : "?");
			if (strcmp(u[i].active, "active") == 0) {
				svc->socket_active = 1;
				socket_ports(svc, u[i].listen);
			}
		}
		if (unit_failed(&u[i]) && failed == -1)
			failed = i;
	}
	return failed;
}

static void
sshd_service_exec(struct check_ctx *ctx, struct check_result *res)
{
	const char		*want = ctx->opt->sshd_config ? ctx->opt->sshd_config :
				    SERVER_DEFAULT_CONFIG;
	struct sshd_service	*svc = xcalloc(1, sizeof *svc);
	struct scan		 s;
	size_t			 i, ours = 0;
	int			 failed, want_errno = 0;

	memset(&s, 0, sizeof s);
	s.svc = svc;
	if (stat(want, &s.want) == 0)
		s.have_want = 1;
	else
		want_errno = errno;
	if (procfs_each_pid(ctx->deadline_ms, scan_pid, &s) != 0 && errno != ETIMEDOUT) {
		check_set(res, CHECK_ERROR, "error", "cannot list processes in /proc: %s",
		    strerror(errno));
		service_free(svc);
		return;
	}
	res->data = svc;
	res->data_free = service_free;

	for (i = 0; i < svc->nprocs; i++) {
		if (svc->procs[i].ours)
			ours++;
	}
	for (i = 0; i < svc->nprocs; i++) {
		const struct sshd_proc *sp = &svc->procs[i];

		check_evidence(res, "pid %d: %s (%s%s)", sp->pid, sp->title,
		    sp->config ? sp->config : "configuration unknown",
		    sp->ours ? ": the configuration checked" : "");
	}
	if (s.more > 0)
		check_evidence(res, "%zu more sshd listeners not shown", s.more);
	if (s.children > 0)
		check_evidence(res, "%zu sshd processes serve connections", s.children);

	failed = ask_systemd(ctx, res, svc);

	if (svc->socket_active) {
		check_set(res, CHECK_PASS, "socket-activated",
		    "systemd socket activation: ssh.socket holds the port and starts sshd "
		    "on demand (%zu sshd listener%s with %s)", ours, ours == 1 ? "" : "s", want);
	} else if (ours > 0) {
		check_set(res, CHECK_PASS, "running", "sshd runs with %s (%zu listener "
		    "process%s)", want, ours, ours == 1 ? "" : "es");
	} else if (failed != -1) {
		check_set(res, CHECK_FAIL, "unit-failed",
		    "sshd is not running: systemd's %s failed", units[failed]);
		journal_tail(ctx, res, units[failed]);
	} else if (svc->nprocs > 0) {
		check_set(res, CHECK_FAIL, "not-running",
		    "no sshd runs with %s (%zu sshd with other configurations)", want,
		    svc->nprocs);
	} else {
		check_set(res, CHECK_FAIL, "not-running", "no sshd process runs on this machine%s",
		    geteuid() != 0 ? " (as far as this user can see)" : "");
	}
	if (!s.have_want)
		check_evidence(res, "%s: %s", want, strerror(want_errno));
}

static const char *const service_outcomes[] = {
	"running", "socket-activated", "not-running", "unit-failed", "error", NULL
};

const struct check_entry check_sshd_service_entry = {
	.id = "sshd-service",
	.title = "sshd process and service",
	.needs = NULL,
	.outcomes = service_outcomes,
	.exec = sshd_service_exec,
};
