/* runner.c: runs local commands from argv (never a shell) with a deadline and capped output capture. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/runner.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

#define RUN_DEFAULT_TIMEOUT_MS	10000
#define RUN_DEFAULT_MAX		(1024 * 1024)
#define RUN_KILL_GRACE_MS	500

extern char **environ;

/* Unit tests' fake command runner; NULL in the program. */
static run_hook_fn run_hook;

void
runner_set_hook(run_hook_fn fn)
{
	run_hook = fn;
}

struct capture {
	int	 fd;		/* read end, -1 once at EOF */
	char	*buf;		/* bytes kept */
	size_t	 len;		/* bytes in buf */
	size_t	 max;		/* bytes to keep */
	int	 truncated;	/* bytes were dropped */
};

static void
capture_read(struct capture *c)
{
	char	 tmp[8192];
	ssize_t	 n;
	size_t	 keep;

	n = read(c->fd, tmp, sizeof tmp);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(c->fd);
		c->fd = -1;
		return;
	}
	keep = (size_t)n;
	if (keep > c->max - c->len) {
		keep = c->max - c->len;
		c->truncated = 1;
	}
	memcpy(c->buf + c->len, tmp, keep);
	c->len += keep;
}

/* Build the child's environment: ours, with LC_ALL=C and the extra entries. */
static char **
build_env(const char *const *extra)
{
	char	**env;
	size_t	  n = 0, m = 0, i, j;

	while (environ[n] != NULL)
		n++;
	while (extra != NULL && extra[m] != NULL)
		m++;
	env = xcalloc(n + m + 2, sizeof *env);
	j = 0;
	for (i = 0; i < n; i++) {
		if (strncmp(environ[i], "LC_ALL=", 7) == 0)
			continue;
		env[j++] = environ[i];
	}
	/*
	 * Parsers read English messages; the person's locale must not change them.
	 * An extra LC_ALL replaces it (ansible refuses to start without UTF-8).
	 */
	for (i = 0; i < m && strncmp(extra[i], "LC_ALL=", 7) != 0; i++)
		;
	if (i == m)
		env[j++] = (char *)"LC_ALL=C";
	for (i = 0; i < m; i++)
		env[j++] = (char *)extra[i];
	env[j] = NULL;
	return env;
}

/*
 * A command may exit without reading its input: the write then raises
 * SIGPIPE, which must not end sshdoc whatever the caller's disposition.
 * Block it in this thread and swallow the one the write raised.
 */
static ssize_t
write_nosigpipe(int fd, const void *buf, size_t len)
{
	sigset_t	 pipe_set, old;
	struct timespec	 zero = { 0, 0 };
	ssize_t		 n;
	int		 saved;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	n = write(fd, buf, len);
	saved = errno;
	if (n == -1 && errno == EPIPE) {
		while (sigtimedwait(&pipe_set, NULL, &zero) == -1 && errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return n;
}

static void
kill_group(pid_t pid, int sig)
{
	if (kill(-pid, sig) == -1)
		kill(pid, sig);
}

static atomic_int pidfd_works = 1;	/* pidfd_open exists here (threads share the answer) */

/*
 * Wait for pid to end, by deadline (then SIGTERM to its group) and the kill
 * grace after it (then SIGKILL). The command usually exits right after
 * closing its output: a pidfd says so the moment it happens, with no sleep in
 * between (kernels without pidfd_open, before 5.3, look again every few ms).
 */
static void
reap(pid_t pid, int *status, int64_t deadline, int *killed, int64_t *kill_at,
    int *timed_out)
{
	struct pollfd	 pfd;
	int64_t		 left;
	int		 pidfd, nap = 1;
	pid_t		 w;

	pidfd = pidfd_works ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
	if (pidfd == -1 && errno == ENOSYS)
		pidfd_works = 0;	/* an old kernel (or valgrind): do not ask again */
	for (;;) {
		w = waitpid(pid, status, WNOHANG);
		if (w == pid)
			break;
		if (w == -1 && errno != EINTR) {
			*status = 0;
			break;
		}
		if (now_ms() >= deadline && !*killed) {
			*timed_out = 1;
			kill_group(pid, SIGTERM);
			*killed = 1;
			*kill_at = now_ms() + RUN_KILL_GRACE_MS;
		} else if (*killed && now_ms() >= *kill_at) {
			kill_group(pid, SIGKILL);
			waitpid(pid, status, 0);
			break;
		}
		left = (*killed ? *kill_at : deadline) - now_ms();
		if (left < 0)
			left = 0;
		if (pidfd != -1) {
			pfd.fd = pidfd;
			pfd.events = POLLIN;
			poll(&pfd, 1, (int)left);
		} else {
			poll(NULL, 0, nap < left ? nap : (int)left);
			if (nap < 10)
				nap *= 2;
		}
	}
	if (pidfd != -1)
		close(pidfd);
}

int
run_command(const char *const argv[], const struct run_opts *opts,
    struct run_result *res, char **cause)
{
	struct capture	 cap[2];
	struct pollfd	 pfd[3];
	int		 outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int		 inp[2] = { -1, -1 }, execp[2] = { -1, -1 };
	int		 timeout_ms, status, rc = -1, nfd, i, exec_errno = 0;
	int		 killed = 0;
	size_t		 max, in_off = 0;
	int64_t		 start, deadline, kill_at = 0, left;
	char		**env = NULL;
	pid_t		 pid;
	ssize_t		 n;
	sigset_t	 child_mask;

	memset(res, 0, sizeof *res);
	if (run_hook != NULL)
		return run_hook(argv, opts, res, cause);
	memset(cap, 0, sizeof cap);
	cap[0].fd = cap[1].fd = -1;
	timeout_ms = (opts && opts->timeout_ms > 0) ? opts->timeout_ms : RUN_DEFAULT_TIMEOUT_MS;
	max = (opts && opts->max_output > 0) ? opts->max_output : RUN_DEFAULT_MAX;
	if (argv == NULL || argv[0] == NULL)
		return set_cause(cause, "empty command");

	if (pipe2(outp, O_CLOEXEC) == -1 || pipe2(errp, O_CLOEXEC) == -1 ||
	    pipe2(execp, O_CLOEXEC) == -1 ||
	    (opts && opts->input && pipe2(inp, O_CLOEXEC) == -1)) {
		set_cause(cause, "pipe: %s", strerror(errno));
		goto out;
	}
	env = build_env(opts ? opts->env : NULL);
	start = now_ms();
	switch (pid = fork()) {
	case -1:
		set_cause(cause, "fork: %s", strerror(errno));
		goto out;
	case 0:
		/*
		 * Child: only async-signal-safe calls until exec. A new session
		 * has no controlling terminal, so nothing it runs can prompt on
		 * ours, and its process group is what a timeout kills.
		 */
		setsid();
		/*
		 * The calling thread may block signals (the wizard blocks
		 * SIGTERM, SIGINT and others in every walk thread); the
		 * command must not inherit that, or a timeout's SIGTERM
		 * never reaches it.
		 */
		sigemptyset(&child_mask);
		sigprocmask(SIG_SETMASK, &child_mask, NULL);
		if (inp[0] != -1)
			dup2(inp[0], STDIN_FILENO);
		else {
			int devnull = open("/dev/null", O_RDONLY);
			if (devnull != -1)
				dup2(devnull, STDIN_FILENO);
		}
		dup2(outp[1], STDOUT_FILENO);
		dup2(errp[1], STDERR_FILENO);
		signal(SIGPIPE, SIG_DFL);
		execvpe(argv[0], (char *const *)argv, env);
		exec_errno = errno;
		n = write(execp[1], &exec_errno, sizeof exec_errno);
		(void)n;
		_exit(127);
	}
	close(outp[1]); outp[1] = -1;
	close(errp[1]); errp[1] = -1;
	close(execp[1]); execp[1] = -1;
	if (inp[0] != -1) {
		close(inp[0]);
		inp[0] = -1;
		fcntl(inp[1], F_SETFL, O_NONBLOCK);
	}

	/* exec failures arrive as an errno on the CLOEXEC pipe; success as EOF. */
	n = read(execp[0], &exec_errno, sizeof exec_errno);
	if (n == (ssize_t)sizeof exec_errno)
		res->not_found = 1;

	for (i = 0; i < 2; i++) {
		cap[i].fd = i == 0 ? outp[0] : errp[0];
		cap[i].max = max;
		cap[i].buf = xmalloc(max + 1);
	}
	outp[0] = errp[0] = -1;
	deadline = start + timeout_ms;
	while (cap[0].fd != -1 || cap[1].fd != -1) {
		nfd = 0;
		for (i = 0; i < 2; i++) {
			if (cap[i].fd != -1) {
				pfd[nfd].fd = cap[i].fd;
				pfd[nfd].events = POLLIN;
				nfd++;
			}
		}
		if (inp[1] != -1) {
			pfd[nfd].fd = inp[1];
			pfd[nfd].events = POLLOUT;
			nfd++;
		}
		left = (killed ? kill_at : deadline) - now_ms();
		if (left <= 0) {
			if (killed)
				break;	/* descendants hold the pipes open: stop reading */
			res->timed_out = 1;
			kill_group(pid, SIGTERM);
			killed = 1;
			kill_at = now_ms() + RUN_KILL_GRACE_MS;
			continue;
		}
		if (poll(pfd, (nfds_t)nfd, (int)left) == -1) {
			if (errno == EINTR)
				continue;
			set_cause(cause, "poll: %s", strerror(errno));
			kill_group(pid, SIGKILL);
			waitpid(pid, &status, 0);
			goto out;
		}
		for (i = 0; i < nfd; i++) {
			if (pfd[i].revents == 0)
				continue;
			if (pfd[i].fd == inp[1]) {
				n = write_nosigpipe(inp[1], opts->input + in_off,
				    opts->input_len - in_off);
				if (n > 0)
					in_off += (size_t)n;
				if (n == -1 && errno != EAGAIN && errno != EINTR)
					in_off = opts->input_len;
				if (in_off >= opts->input_len) {
					close(inp[1]);
					inp[1] = -1;
				}
			} else if (pfd[i].fd == cap[0].fd)
				capture_read(&cap[0]);
			else
				capture_read(&cap[1]);
		}
	}
	/* Pipes closed (or abandoned): reap, killing the group if it lingers. */
	reap(pid, &status, deadline, &killed, &kill_at, &res->timed_out);
	/* Whatever is left of the group after the leader ended goes too. */
	kill(-pid, SIGKILL);
	if (WIFEXITED(status)) {
		res->exited = 1;
		res->status = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status))
		res->signal = WTERMSIG(status);
	res->ms = (long)(now_ms() - start);
	res->out = cap[0].buf;
	res->out_len = cap[0].len;
	res->out[res->out_len] = '\0';
	res->err = cap[1].buf;
	res->err_len = cap[1].len;
	res->err[res->err_len] = '\0';
	res->truncated = cap[0].truncated || cap[1].truncated;
	cap[0].buf = cap[1].buf = NULL;
	rc = 0;
out:
	for (i = 0; i < 2; i++) {
		if (cap[i].fd != -1)
			close(cap[i].fd);
		free(cap[i].buf);
	}
	for (i = 0; i < 2; i++) {
		if (outp[i] != -1) close(outp[i]);
		if (errp[i] != -1) close(errp[i]);
		if (inp[i] != -1) close(inp[i]);
		if (execp[i] != -1) close(execp[i]);
	}
	free(env);
	return rc;
}

void
run_free(struct run_result *res)
{
	free(res->out);
	free(res->err);
	memset(res, 0, sizeof *res);
}

const char *
run_describe(const struct run_result *res, char *buf, size_t len)
{
	if (res->not_found)
		snprintf(buf, len, "could not be executed");
	else if (res->timed_out)
		snprintf(buf, len, "timed out after %ld ms", res->ms);
	else if (res->exited)
		snprintf(buf, len, "exit %d", res->status);
	else
		snprintf(buf, len, "killed by SIG%s",
		    sigabbrev_np(res->signal) ? sigabbrev_np(res->signal) : "?");
	return buf;
}

/*
 * A process that outlives sshdoc (the rollback watcher): a session of its
 * own, detached from the terminal and sshdoc's process group, reparented
 * to init through a double fork, fds on /dev/null. No deadline: it is not
 * waited for. *pidp gets the detached process's pid.
 */
int
run_detached(const char *path, const char *const argv[], pid_t *pidp, char **cause)
{
	int	 p[2], fd, st, rc = -1;
	pid_t	 child, grand = -1;
	ssize_t	 r;

	if (pipe2(p, O_CLOEXEC) == -1) {
		if (cause != NULL)
			xasprintf(cause, "pipe: %s", strerror(errno));
		return -1;
	}
	if ((child = fork()) == -1) {
		if (cause != NULL)
			xasprintf(cause, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (child == 0) {
		/* A session of its own: no terminal, no signal from sshdoc's group. */
		setsid();
		signal(SIGHUP, SIG_IGN);
		if ((grand = fork()) != 0) {
			if (write(p[1], &grand, sizeof grand) < 0)
				_exit(1);
			_exit(grand == -1);
		}
		close(p[0]);
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		closefrom(3);
		if (chdir("/") == -1)
			_exit(1);
		execv(path, (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	while ((r = read(p[0], &grand, sizeof grand)) == -1 && errno == EINTR)
		;
	close(p[0]);
	while (waitpid(child, &st, 0) == -1 && errno == EINTR)
		;
	if (r != (ssize_t)sizeof grand || grand <= 0) {
		if (cause != NULL)
			xasprintf(cause, "cannot start %s", path);
		goto out;
	}
	if (pidp != NULL)
		*pidp = grand;
	rc = 0;
out:
	return rc;
}

/*
 * A child process of sshdoc itself (one host of many): fn runs in the child
 * with the write end of a pipe and must not return; the parent gets the
 * read end in *rfd. Returns the child's pid, or -1 (errno set).
 */
pid_t
run_fork_pipe(void (*fn)(void *arg, int wfd), void *arg, int *rfd)
{
	int	 p[2];
	pid_t	 pid;

	if (pipe(p) == -1)
		return -1;
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		fn(arg, p[1]);
		_exit(127);
	}
	close(p[1]);
	*rfd = p[0];
	return pid;
}
