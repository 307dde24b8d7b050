/* apply-sshd.c: the reload-sshd step: reload never restart, re-probe, restore at once on no answer, the confirmation window with its detached watcher. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checks/server/listener.h"
#include "content/apply.h"
#include "content/apply-server.h"
#include "lib/procfs.h"
#include "lib/sshd-txn.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

#define CONFIRM_DEFAULT		120	/* seconds of the confirmation window */
#define REPROBE_MS		8000	/* how long the reloaded sshd has to send its banner */
#define WATCH_SLACK		30	/* the first watcher's margin for reload and re-probe */

/* The watcher armed by reload-sshd's apply, replaced when the window really starts. */
static pid_t	 watcher_pid = -1;
/* The window the dry run announces (--confirm-timeout, set by the command line). */
static int	 window_secs = CONFIRM_DEFAULT;

void
fix_server_set_window(int secs)
{
	window_secs = secs > 0 ? secs : CONFIRM_DEFAULT;
}

static int
plan_port(const struct fix_plan *p)
{
	return p->port > 0 ? p->port : 22;
}

/* ------------------------------------------------ reload-sshd */

int
fix_reload_plan(struct fix_plan *p, struct fix_step *s, char **cause)
{
	struct listener	 l;
	char		*unit = NULL;
	int		 port = plan_port(p), secs;

	if (fix_server_need_root("reload-sshd", cause) != 0)
		return -1;
	secs = window_secs;
	if (!p->quick && listener_find(port, 2000, &l) == 0 && l.pid > 0 &&
	    strncmp(l.comm, "sshd", 4) != 0) {
		if (l.pid == 1 || strcmp(l.comm, "systemd") == 0)
			fix_step_command(s, "(systemd holds port %d for ssh.socket: each new "
			    "connection starts sshd with the new file; nothing to reload)", port);
		else
			return set_cause(cause, "port %d is held by %s (pid %d), not by sshd: "
			    "sshdoc would not know what to reload", port, l.comm, l.pid);
	} else if (!p->quick && listener_find(port, 2000, &l) == 0 && l.pid > 0) {
		unit = sshd_txn_unit(l.pid);
		s->ival[0] = l.pid;
		if (unit != NULL)
			fix_step_command(s, "systemctl reload %s   # never a restart", unit);
		else
			fix_step_command(s, "kill -HUP %d   # the sshd listening on port %d; never "
			    "a restart", l.pid, port);
	} else if (!p->quick)
		fix_step_command(s, "(no process listens on port %d: nothing to reload)", port);
	xasprintf(&s->what, "reload sshd (never a restart: open sessions stay), check that "
	    "port %d answers with an SSH banner (else restore at once), then wait %d s "
	    "(--confirm-timeout) for you to confirm a new login, or roll back", port, secs);
	free(unit);
	return 0;
}

/* Whether pid is still an sshd (the one a reload was sent to). */
static int
is_sshd(int pid)
{
	char		 path[64], comm[32], state;
	FILE		*f;
	int		 ppid;

	if (pid <= 1)
		return 0;
	snprintf(path, sizeof path, "/proc/%d/comm", pid);
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	if (fgets(comm, sizeof comm, f) == NULL)
		comm[0] = '\0';
	fclose(f);
	/* a zombie (nobody reaped the stopped listener) is no sshd to reload */
	if (procfs_stat(pid, &ppid, &state) != 0 || state == 'Z' || state == 'X')
		return 0;
	return strncmp(comm, "sshd", 4) == 0;
}

/*
 * Reload the sshd on port (or, when nothing listens there any more, the
 * sshd pid that was reloaded before: a bad edit may have moved it) and wait
 * for its new sockets. -1 if there is no sshd to reload.
 */
static int
reload_port(int port, int pidhint, char **cause)
{
	struct listener	 before, after;
	struct timespec	 ts = { 0, 100 * 1000 * 1000 };
	char		*unit;
	int64_t		 end;
	int		 rc, pid;

	if (listener_find(port, 3000, &before) != 0)
		before.pid = 0;
	if ((pid = before.pid) <= 0 && is_sshd(pidhint))
		pid = pidhint;
	if (pid <= 0)
		return set_cause(cause, "no sshd listens on port %d: nothing to reload "
		    "(sshdoc never starts or restarts sshd)", port);
	if (!is_sshd(pid)) {
		/* ssh.socket: systemd starts sshd for connections, with the file as it is now */
		if (pid == 1 || strcmp(before.comm, "systemd") == 0)
			return 0;
		return set_cause(cause, "port %d is held by %s (pid %d), not by sshd: sshdoc "
		    "sends it no signal", port, before.comm[0] != '\0' ? before.comm : "?", pid);
	}
	unit = sshd_txn_unit(pid);
	rc = sshd_txn_reload(pid, unit, cause);
	free(unit);
	if (rc != 0)
		return -1;
	/* sshd re-executes itself and opens new sockets: wait for them (or its end). */
	end = now_ms() + 5000;
	while (now_ms() < end) {
		if (listener_find(port, 1000, &after) == 0 && after.ninodes > 0 &&
		    !listener_same(&before, &after))
			break;
		if (kill(pid, 0) == -1 && errno == ESRCH)
			break;
		nanosleep(&ts, NULL);
	}
	return 0;
}

/*
 * "@reload-sshd PORT CONFIG PID": the undo step every reload records, run
 * after the files are restored. Never into a configuration sshd refuses:
 * then the running sshd keeps what it has, and a warning says so.
 */
int
fix_server_internal(const char *const argv[], char **cause)
{
	char	*why = NULL, *err = NULL;
	long	 port;
	int	 pid;

	if (strcmp(argv[0], "@reload-sshd") != 0 || argv[1] == NULL || argv[2] == NULL)
		return set_cause(cause, "unknown internal undo step %s", argv[0]);
	port = strtol(argv[1], NULL, 10);
	if (port < 1 || port > 65535)
		return set_cause(cause, "bad port in %s", argv[0]);
	pid = argv[3] != NULL ? (int)strtol(argv[3], NULL, 10) : 0;
	{
		const char *t[] = { sshd_txn_binary(), "-t", "-f", argv[2], NULL };

		if (fix_server_run_ok(t, 20000, &err) != 0) {
			fprintf(stderr, "sshdoc: warning: %s is restored, but sshd -t refuses it, "
			    "so sshd was not reloaded (the running sshd keeps its configuration): "
			    "%s\n", argv[2], err);
			free(err);
			return 0;
		}
	}
	{
		struct listener l;

		/* sshd stopped since: the files are back, nothing to reload; say so. */
		if (listener_find((int)port, 3000, &l) == 0 && l.pid <= 0 && !is_sshd(pid)) {
			fprintf(stderr, "sshdoc: warning: %s is restored; no sshd runs on port %ld "
			    "to reload (sshdoc never starts sshd)\n", argv[2], port);
			return 0;
		}
	}
	if (reload_port((int)port, pid, cause) != 0)
		return -1;
	if (!sshd_txn_banner((int)port, REPROBE_MS, &why)) {
		set_cause(cause, "sshd was reloaded with the restored files but port %ld does "
		    "not answer: %s", port, why != NULL ? why : "no banner");
		free(why);
		return -1;
	}
	return 0;
}

int
fix_reload_apply(struct change_tx *tx, struct fix_plan *p, struct fix_step *s,
    const struct fix_apply_opts *o, char **cause)
{
	struct listener	 l;
	char	 pbuf[16], pidbuf[16];
	const char *argv[] = { "@reload-sshd", pbuf, fix_server_config(p), pidbuf, NULL };
	int	 secs = o->confirm_timeout > 0 ? o->confirm_timeout : window_secs;

	(void)s;
	snprintf(pbuf, sizeof pbuf, "%d", plan_port(p));
	/* The sshd to reload on the way back if the edit moved it off the port. */
	if (listener_find(plan_port(p), 3000, &l) != 0)
		l.pid = 0;
	snprintf(pidbuf, sizeof pidbuf, "%d", l.pid);
	if (change_undo_argv(tx, argv, cause) != 0)
		return -1;
	/*
	 * Armed before anything is reloaded: if sshdoc dies from here on (killed,
	 * its terminal gone), the watcher still rolls the entry back.
	 */
	if (sshd_txn_spawn_watcher(secs + WATCH_SLACK, change_entry(tx), &watcher_pid,
	    cause) != 0)
		return -1;
	return 0;
}

static void
say(const struct fix_apply_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
say(const struct fix_apply_opts *o, const char *fmt, ...)
{
	va_list	 ap;
	FILE	*f = o->out != NULL ? o->out : stderr;

	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
}

static void
set_result(struct fix_plan *p, const char *r)
{
	free(p->result);
	p->result = xstrdup(r);
}

/* Roll the entry back now (restore, reload, re-probe); the cause says why and how it went. */
static int
roll_back(struct fix_plan *p, const struct fix_apply_opts *o, const char *why, char **cause)
{
	char	*err = NULL;
	int	 rc;

	rc = change_undo_entry(p->entry, "rolled-back", &err);
	if (rc == 0) {
		set_result(p, "rolled-back");
		say(o, "rolled back: %s restored from %s and sshd reloaded", fix_server_config(p),
		    p->entry_dir);
		set_cause(cause, "%s: rolled back, the previous configuration is in place", why);
	} else if (rc == 1) {
		set_result(p, "applied");
		set_cause(cause, "%s, but the change had been confirmed meanwhile", why);
	} else {
		set_result(p, "failed");
		set_cause(cause, "%s, and rolling back failed: %s (backups in %s; sshdoc --undo)",
		    why, err, p->entry_dir);
	}
	free(err);
	if (watcher_pid > 0 && rc != -1)
		kill(watcher_pid, SIGTERM);
	return -1;
}

int
fix_reload_after(struct fix_plan *p, struct fix_step *s, const struct fix_apply_opts *o,
    char **cause)
{
	struct listener	 l;
	char	*why = NULL, *err = NULL, *msg;
	pid_t	 old = watcher_pid;
	int	 port = plan_port(p), secs, rc;

	(void)s;
	secs = o->confirm_timeout > 0 ? o->confirm_timeout : window_secs;
	if (listener_find(port, 3000, &l) == 0 && l.ninodes == 0) {
		/*
		 * No sshd runs (what the fix repaired may be why): nothing to reload,
		 * nobody's login at stake, so no window. sshdoc never starts sshd.
		 */
		say(o, "no process listens on port %d: nothing to reload (sshdoc never starts "
		    "or restarts sshd); start it when you are ready", port);
		if (change_confirm(p->entry, &err) != 0) {
			set_cause(cause, "%s", err);
			free(err);
			return -1;
		}
		if (watcher_pid > 0)
			kill(watcher_pid, SIGTERM);
		set_result(p, "applied");
		return 0;
	}
	if (reload_port(port, 0, &err) != 0) {
		xasprintf(&msg, "cannot reload sshd: %s", err);
		free(err);
		rc = roll_back(p, o, msg, cause);
		free(msg);
		return rc;
	}
	if (listener_find(port, 3000, &l) == 0 && l.ninodes == 0)
		xasprintf(&why, "nothing listens on port %d any more", port);
	if (why != NULL || !sshd_txn_banner(port, REPROBE_MS, &why)) {
		xasprintf(&msg, "the reloaded sshd does not answer on port %d (%s)", port,
		    why != NULL ? why : "no banner");
		free(why);
		say(o, "%s: restoring the backup and reloading at once", msg);
		rc = roll_back(p, o, msg, cause);
		free(msg);
		return rc;
	}
	say(o, "sshd reloaded and answers on port %d with an SSH banner", port);
	/* The window starts now: a watcher with exactly its length replaces the first. */
	if (sshd_txn_spawn_watcher(secs, p->entry, &watcher_pid, &err) != 0) {
		say(o, "warning: %s; the first watcher stays armed", err);
		free(err);
		watcher_pid = old;
	} else if (old > 0)
		kill(old, SIGTERM);
	/* On a terminal the person answers here; else they confirm with sshdoc --confirm. */
	if (!o->interactive && !isatty(STDIN_FILENO)) {
		say(o, "open a new login from elsewhere now; when it works, confirm within %d s:",
		    secs);
		say(o, "  sshdoc --confirm %s", p->entry);
		say(o, "without that, the change is rolled back (and the journal says so)");
		set_result(p, "pending");
		return 0;
	}
	say(o, "open a new login from elsewhere now; type yes when it works (%d s, else "
	    "rolled back):", secs);
	if (!sshd_txn_ask_yes(STDIN_FILENO, secs))
		return roll_back(p, o, "no confirmation within the window", cause);
	if (change_confirm(p->entry, &err) != 0) {
		set_cause(cause, "too late to confirm: %s", err);
		free(err);
		set_result(p, "rolled-back");
		return -1;
	}
	if (watcher_pid > 0)
		kill(watcher_pid, SIGTERM);
	set_result(p, "applied");
	say(o, "confirmed: the change stays (sshdoc --undo takes it back)");
	return 0;
}

