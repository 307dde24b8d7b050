/* sshd-txn.c: sshd -t on an edited copy, reload never restart, banner re-probe, the detached rollback watcher (lib/sshd-txn.h). */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/change.h"
#include "lib/connect.h"
#include "lib/procfs.h"
#include "lib/runner.h"
#include "lib/sanitize.h"
#include "lib/sshd-txn.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

/* sshd -t's output kept for the message; it says one thing per line. */
#define TXN_OUTPUT_MAX	(64u << 10)

const char *
sshd_txn_binary(void)
{
	static const char *const paths[] = {
		"/usr/sbin/sshd", "/usr/local/sbin/sshd", "/sbin/sshd", "/usr/bin/sshd", NULL
	};
	size_t	i;

	for (i = 0; paths[i] != NULL; i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return "sshd";
}

/* Write buf to a new file beside config (O_EXCL, mode 0600): the copy sshd -t reads. */
static char *
write_copy(const char *config, const char *buf, size_t len, char **cause)
{
	char	*tmp = NULL;
	int	 fd = -1, i;
	size_t	 off = 0;
	ssize_t	 w;

	for (i = 0; i < 100; i++) {
		free(tmp);
		xasprintf(&tmp, "%s.sshdoc-test-%ld-%d", config, (long)getpid(), i);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd != -1 || errno != EEXIST)
			break;
	}
	if (fd == -1) {
		set_cause(cause, "cannot create a copy beside %s: %s", config, strerror(errno));
		free(tmp);
		return NULL;
	}
	while (off < len) {
		if ((w = write(fd, buf + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += (size_t)w;
	}
	if (off < len || fsync(fd) == -1 || close(fd) == -1) {
		set_cause(cause, "cannot write the edited copy beside %s (nothing replaced): %s",
		    config, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	return tmp;
}

/*
 * How many lines of out are sshd's "Missing privilege separation directory",
 * or -1 if any other non-empty line is there.
 */
static int
only_privsep(const char *out)
{
	const char	*p = out, *nl;
	size_t		 len;
	int		 seen = 0;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (len > 0 && !(len == 1 && *p == '\r')) {
			if (strncmp(p, "Missing privilege separation directory: ", 40) != 0)
				return -1;
			seen++;
		}
		p += len + (nl != NULL);
	}
	return seen;
}

int
sshd_txn_write(struct change_tx *tx, const char *config, const char *newtext, size_t len,
    char **cause)
{
	struct run_opts	 ro;
	struct run_result rr;
	char		*copy, *msg, how[64];
	const char	*argv[5];
	int		 rc = -1, e, o;

	if ((copy = write_copy(config, newtext, len, cause)) == NULL)
		return -1;
	argv[0] = sshd_txn_binary();
	argv[1] = "-t";
	argv[2] = "-f";
	argv[3] = copy;
	argv[4] = NULL;
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = 20000;
	ro.max_output = TXN_OUTPUT_MAX;
	if (run_command(argv, &ro, &rr, cause) == -1) {
		unlink(copy);
		free(copy);
		return -1;
	}
	unlink(copy);
	if (rr.exited && rr.status != 0 && (e = only_privsep(rr.err)) >= 0 &&
	    (o = only_privsep(rr.out)) >= 0 && e + o > 0) {
		/*
		 * sshd -t checks the privilege separation directory last, after the
		 * options and keys: with ssh.socket waiting and ssh.service stopped,
		 * systemd has not made /run/sshd yet. The edit itself is proven.
		 */
		rr.status = 0;
	}
	if (!rr.exited || rr.status != 0) {
		/* sshd's own words, with the copy's name put back as the real file's. */
		const char *text = rr.err_len > 0 ? rr.err : rr.out;
		char *t = xstrdup(text), *p;
		size_t cl = strlen(copy);

		while ((p = strstr(t, copy)) != NULL) {
			char *u;
			xasprintf(&u, "%.*s%s%s", (int)(p - t), t, config, p + cl);
			free(t);
			t = u;
		}
		msg = sanitize_str(t, 600);
		free(t);
		set_cause(cause, "sshd -t refuses the edited %s (%s), so nothing was replaced: %s",
		    config, run_describe(&rr, how, sizeof how), msg);
		free(msg);
		goto out;
	}
	rc = change_write(tx, config, newtext, len, (mode_t)-1, (uid_t)-1, (gid_t)-1, cause);
out:
	run_free(&rr);
	free(copy);
	return rc;
}

char *
sshd_txn_unit(int pid)
{
	char	 path[64], *buf = NULL, *p, *unit = NULL;
	size_t	 len;
	int	 trunc;
	struct stat st;

	if (stat("/run/systemd/system", &st) == -1 || !S_ISDIR(st.st_mode))
		return NULL;
	snprintf(path, sizeof path, "/proc/%d/cgroup", pid);
	if (procfs_read(path, 8192, &buf, &len, &trunc) == -1)
		return NULL;
	/* "0::/system.slice/ssh.service": the unit is the last path element. */
	if ((p = strstr(buf, "/system.slice/")) != NULL) {
		p += strlen("/system.slice/");
		len = strcspn(p, "/\n");
		if (len > 8 && strncmp(p + len - 8, ".service", 8) == 0 &&
		    (strncmp(p, "ssh.service", len) == 0 || strncmp(p, "sshd.service", len) == 0))
			unit = xstrndup(p, len);
	}
	free(buf);
	return unit;
}

int
sshd_txn_reload(int pid, const char *unit, char **cause)
{
	struct run_opts	 ro;
	struct run_result rr;
	const char	*argv[4];
	char		 how[64], *err;
	int		 rc = -1;

	if (unit != NULL) {
		argv[0] = "systemctl";
		argv[1] = "reload";
		argv[2] = unit;
		argv[3] = NULL;
		memset(&ro, 0, sizeof ro);
		ro.timeout_ms = 30000;
		if (run_command(argv, &ro, &rr, cause) == -1)
			return -1;
		if (rr.exited && rr.status == 0)
			rc = 0;
		else {
			err = sanitize_str(rr.err, 300);
			set_cause(cause, "systemctl reload %s: %s: %s", unit,
			    run_describe(&rr, how, sizeof how), err);
			free(err);
		}
		run_free(&rr);
		return rc;
	}
	if (pid <= 1)
		return set_cause(cause, "no sshd process to reload");
	if (kill(pid, SIGHUP) == -1)
		return set_cause(cause, "cannot send SIGHUP to sshd (pid %d): %s", pid,
		    strerror(errno));
	return 0;
}

/* One connection: 1 banner, 0 something else or nothing (*why). */
static int
banner_once(int port, int64_t deadline, char **why)
{
	struct sockaddr_in	 s4;
	struct sockaddr_in6	 s6;
	struct connect_try	 t[2];
	struct pollfd		 pfd;
	char			 buf[256];
	size_t			 got = 0;
	ssize_t			 r;
	int			 i, ok = 0, left;

	memset(&s4, 0, sizeof s4);
	s4.sin_family = AF_INET;
	s4.sin_port = htons((uint16_t)port);
	s4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memset(&s6, 0, sizeof s6);
	s6.sin6_family = AF_INET6;
	s6.sin6_port = htons((uint16_t)port);
	s6.sin6_addr = in6addr_loopback;
	memset(t, 0, sizeof t);
	t[0].sa = (struct sockaddr *)&s4;
	t[0].salen = sizeof s4;
	t[1].sa = (struct sockaddr *)&s6;
	t[1].salen = sizeof s6;
	if ((i = connect_all(t, 2, deadline, 0, CONNECT_FIRST)) == -1) {
		free(*why);
		xasprintf(why, "nothing accepts connections on 127.0.0.1 or [::1] port %d (%s)",
		    port, strerror(t[0].error != 0 ? t[0].error : t[1].error));
		return 0;
	}
	pfd.fd = t[i].fd;
	pfd.events = POLLIN;
	while (got < sizeof buf - 1 && (left = (int)(deadline - now_ms())) > 0) {
		if (poll(&pfd, 1, left) <= 0)
			break;
		r = read(pfd.fd, buf + got, sizeof buf - 1 - got);
		if (r == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
		if (memchr(buf, '\n', got) != NULL)
			break;
	}
	buf[got] = '\0';
	if (strncmp(buf, "SSH-2.0-", 8) == 0 || strncmp(buf, "SSH-1.99-", 9) == 0)
		ok = 1;
	else {
		char *s = sanitize(buf, got, 80);
		free(*why);
		xasprintf(why, "port %d accepted but sent %s", port,
		    got == 0 ? "no banner" : s);
		free(s);
	}
	for (i = 0; i < 2; i++)
		if (t[i].fd != -1)
			close(t[i].fd);
	return ok;
}

int
sshd_txn_banner(int port, int timeout_ms, char **why)
{
	int64_t	 end = now_ms() + timeout_ms, step;
	char	*w = NULL;
	struct timespec ts = { 0, 200 * 1000 * 1000 };

	/* sshd closes and reopens its sockets as it re-executes: try until the deadline. */
	for (;;) {
		step = now_ms() + 2000;
		if (banner_once(port, step < end ? step : end, &w)) {
			free(w);
			return 1;
		}
		if (now_ms() + 200 >= end)
			break;
		nanosleep(&ts, NULL);
	}
	if (why != NULL)
		*why = w;
	else
		free(w);
	return 0;
}

int
sshd_txn_spawn_watcher(int secs, const char *entry, pid_t *pidp, char **cause)
{
	char	 sbuf[16];
	const char *const argv[] = { "sshdoc", "--rollback-after", sbuf, entry, NULL };

	snprintf(sbuf, sizeof sbuf, "%d", secs);
	return run_detached("/proc/self/exe", argv, pidp, cause);
}

int
sshd_txn_watch(int secs, const char *entry, char **cause)
{
	int64_t		 end = now_ms() + (int64_t)secs * 1000, left;
	struct timespec	 ts;

	char		*state, *st = NULL;
	struct stat	 sb;
	int		 done;

	/*
	 * Look once a second: a confirmed or undone entry ends the watch early,
	 * and so does a state directory that is gone (nothing left to restore).
	 */
	while ((left = end - now_ms()) > 0) {
		if (left > 1000)
			left = 1000;
		ts.tv_sec = left / 1000;
		ts.tv_nsec = (left % 1000) * 1000000;
		nanosleep(&ts, NULL);
		if ((state = change_state_dir(NULL)) == NULL || stat(state, &sb) == -1) {
			free(state);
			return set_cause(cause, "the state directory is gone");
		}
		free(state);
		if (change_entry_state(entry, &st, NULL) == 0) {
			done = strcmp(st, "pending") != 0;
			free(st);
			if (done)
				return 1;
		}
	}
	return change_undo_entry(entry, "rolled-back", cause);
}

int
sshd_txn_ask_yes(int fd, int secs)
{
	char		 line[64];
	size_t		 got = 0;
	int64_t		 end = now_ms() + (int64_t)secs * 1000;
	struct pollfd	 pfd;
	ssize_t		 r;
	int		 left;

	pfd.fd = fd;
	pfd.events = POLLIN;
	while ((left = (int)(end - now_ms())) > 0 && got < sizeof line - 1) {
		if (poll(&pfd, 1, left) <= 0)
			continue;
		r = read(fd, line + got, 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		if (line[got] == '\n')
			break;
		got++;
	}
	line[got] = '\0';
	if (left <= 0)
		return 0;
	while (got > 0 && (line[got - 1] == '\r' || line[got - 1] == ' '))
		line[--got] = '\0';
	return strcmp(line, "yes") == 0;
}
