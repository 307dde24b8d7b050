/* check-stale-sshd.c: does the running sshd still use a binary or libraries that an upgrade replaced (deleted mappings, files newer than the process)? */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "lib/procfs.h"
#include "checks/server/server.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

#define STALE_PROCS_MAX	8			/* listeners looked at */
#define STALE_MAPS_MAX	(4 * 1024 * 1024)	/* /proc/PID/maps read */
#define STALE_LIBS_MAX	64			/* mapped files whose times are compared */
#define STALE_SHOWN	6			/* file names quoted */

/* Per-connection programs the listener starts (OpenSSH 9.8 and later). */
static const char *const helpers[] = {
	"/usr/lib/openssh/sshd-session", "/usr/libexec/openssh/sshd-session",
	"/usr/libexec/sshd-session", "/usr/lib/openssh/sshd-auth",
	"/usr/libexec/openssh/sshd-auth", "/usr/libexec/sshd-auth", NULL
};

struct verdict {
	int		 deleted;	/* the binary or a library was replaced under the process */
	int		 newer;		/* a file it uses changed after it started */
	int		 denied;	/* a process this user may not look into */
	int		 looked;	/* processes looked into */
	struct strlist	 what;		/* what was seen, for the evidence */
};

/* When the process started, in seconds since the epoch; -1 if unknown. */
static long long
start_time(int pid)
{
	char		 path[64], *stat = NULL, *p, *end;
	size_t		 n;
	int		 trunc, field;
	long long	 ticks, btime = -1, hz = sysconf(_SC_CLK_TCK);

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if (procfs_read(path, 4096, &stat, &n, &trunc) != 0)
		return -1;
	/* the name in parentheses may hold spaces: count fields after the last ')' */
	if ((p = strrchr(stat, ')')) == NULL) {
		free(stat);
		return -1;
	}
	for (field = 2; field < 22 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	ticks = p != NULL ? strtoll(p + 1, &end, 10) : -1;
	free(stat);
	if (ticks < 0 || hz <= 0)
		return -1;
	if (procfs_read("/proc/stat", 64 * 1024, &stat, &n, &trunc) != 0)
		return -1;
	if ((p = strstr(stat, "\nbtime ")) != NULL)
		btime = strtoll(p + 7, NULL, 10);
	free(stat);
	return btime < 0 ? -1 : btime + ticks / hz;
}

static int
already(const struct strlist *l, const char *s)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], s) == 0)
			return 1;
	}
	return 0;
}

/* The mapped files of a process: deleted ones, and ones changed since start. */
static void
look_maps(int pid, long long started, struct verdict *v, struct strlist *gone,
    struct strlist *changed)
{
	char		 path[64], *maps = NULL, *line, *save = NULL, *file, *del;
	struct stat	 st;
	struct strlist	 seen;
	size_t		 n;
	int		 trunc;

	memset(&seen, 0, sizeof seen);
	snprintf(path, sizeof path, "/proc/%d/maps", pid);
	if (procfs_read(path, STALE_MAPS_MAX, &maps, &n, &trunc) != 0 || n == 0) {
		free(maps);
		return;
	}
	for (line = strtok_r(maps, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if ((file = strchr(line, '/')) == NULL)
			continue;
		del = strstr(file, " (deleted)");
		if (del != NULL)
			*del = '\0';
		if (already(&seen, file) || seen.n >= STALE_LIBS_MAX * 4)
			continue;
		strlist_add(&seen, file);
		if (del != NULL) {
			/* libraries only: "/dev/zero (deleted)" and memfds are shared memory */
			if (strstr(file, ".so") != NULL) {
				strlist_add(gone, file);
				v->deleted = 1;
			}
		} else if (started > 0 && strstr(file, ".so") != NULL && changed->n < STALE_LIBS_MAX &&
		    stat(file, &st) == 0 && (long long)st.st_mtime > started + 1) {
			strlist_add(changed, file);
			v->newer = 1;
		}
	}
	strlist_free(&seen);
	free(maps);
}

static void
listify(struct verdict *v, const char *what, int pid, const struct strlist *l)
{
	char	*joined = NULL, *tmp;
	size_t	 i;

	if (l->n == 0)
		return;
	for (i = 0; i < l->n && i < STALE_SHOWN; i++) {
		xasprintf(&tmp, "%s%s%s", joined ? joined : "", joined ? ", " : "", l->v[i]);
		free(joined);
		joined = tmp;
	}
	strlist_addf(&v->what, "pid %d %s: %s%s", pid, what, joined,
	    l->n > STALE_SHOWN ? ", ..." : "");
	free(joined);
}

static void
look(int pid, struct verdict *v)
{
	struct strlist	 gone, changed;
	struct stat	 st;
	char		*exe = procfs_exe(pid), *bin;
	long long	 started = start_time(pid);
	size_t		 i, len;

	memset(&gone, 0, sizeof gone);
	memset(&changed, 0, sizeof changed);
	if (exe == NULL) {
		v->denied++;
		return;
	}
	v->looked++;
	len = strlen(exe);
	bin = xstrdup(exe);
	if (len > 10 && strcmp(exe + len - 10, " (deleted)") == 0) {
		bin[len - 10] = '\0';
		v->deleted = 1;
		strlist_addf(&v->what, "pid %d runs %s, which has been deleted or replaced "
		    "since it started", pid, exe);
	} else if (started > 0 && stat(bin, &st) == 0 && (long long)st.st_mtime > started + 1) {
		v->newer = 1;
		strlist_addf(&v->what, "pid %d: %s changed after the process started", pid, bin);
	}
	look_maps(pid, started, v, &gone, &changed);
	listify(v, "still maps deleted files (replaced libraries)", pid, &gone);
	listify(v, "maps libraries changed after it started", pid, &changed);
	for (i = 0; started > 0 && helpers[i] != NULL; i++) {
		if (stat(helpers[i], &st) == 0 && (long long)st.st_mtime > started + 1) {
			v->newer = 1;
			strlist_addf(&v->what, "pid %d: %s (run for each connection) changed after "
			    "the listener started", pid, helpers[i]);
		}
	}
	strlist_free(&gone);
	strlist_free(&changed);
	free(bin);
	free(exe);
}

static void
stale_sshd_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshd_service *svc = sshd_service_dep(ctx);
	struct verdict	 v;
	size_t		 i, ours = 0, n = 0;

	memset(&v, 0, sizeof v);
	if (svc == NULL || svc->nprocs == 0) {
		check_set(res, CHECK_SKIP, "not-running", "no sshd listener to look at%s",
		    geteuid() != 0 ? " (as far as this user can see)" : "");
		return;
	}
	for (i = 0; i < svc->nprocs; i++)
		ours += svc->procs[i].ours;
	/* the listener serving the configuration checked; all of them if none does */
	for (i = 0; i < svc->nprocs && n < STALE_PROCS_MAX; i++) {
		if (ours > 0 && !svc->procs[i].ours)
			continue;
		look(svc->procs[i].pid, &v);
		n++;
		if (check_remaining_ms(ctx) == 0)
			break;
	}
	if (v.deleted)
		check_set(res, CHECK_FAIL, "stale", "the running sshd uses files that an upgrade "
		    "replaced: restart it");
	else if (v.newer)
		check_set(res, CHECK_FAIL, "newer", "files the running sshd uses changed after it "
		    "started: restart it to use them");
	else if (v.looked == 0)
		check_set(res, CHECK_SKIP, "needs-root", "looking into the sshd process%s needs "
		    "root: run sshdoc --server as root", n == 1 ? "" : "es");
	else
		check_set(res, CHECK_PASS, "current", "the running sshd uses the binary and "
		    "libraries installed now (%d process%s)", v.looked, v.looked == 1 ? "" : "es");
	for (i = 0; i < v.what.n; i++)
		check_evidence(res, "%s", v.what.v[i]);
	if (v.denied > 0 && v.looked > 0)
		check_evidence(res, "%d sshd process%s could not be looked into (needs root)",
		    v.denied, v.denied == 1 ? "" : "es");
	strlist_free(&v.what);
}

static const char *const stale_needs[] = { "sshd-service", NULL };
static const char *const stale_outcomes[] = {
	"stale", "newer", "current", "needs-root", "not-running", "error", NULL
};

const struct check_entry check_stale_sshd_entry = {
	.id = "stale-sshd",
	.title = "sshd binary and libraries up to date",
	.needs = stale_needs,
	.outcomes = stale_outcomes,
	.exec = stale_sshd_exec,
};
