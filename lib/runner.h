/* runner.h: the one way sshdoc runs a local command: argv only, no shell, with a deadline and capped capture. */
#ifndef RUNNER_H
#define RUNNER_H

#include <stddef.h>
#include <sys/types.h>

struct run_opts {
	int		 timeout_ms;	/* kill the command's process group after this (0: 10 s) */
	size_t		 max_output;	/* bytes kept of stdout and of stderr each (0: 1 MiB) */
	const char	*const *env;	/* extra NAME=VALUE entries, NULL-terminated, or NULL */
	const char	*input;		/* bytes for stdin, or NULL for /dev/null */
	size_t		 input_len;	/* length of input */
};

struct run_result {
	char		*out;		/* captured stdout, NUL-terminated, raw bytes */
	size_t		 out_len;	/* bytes captured of stdout */
	char		*err;		/* captured stderr, NUL-terminated, raw bytes */
	size_t		 err_len;	/* bytes captured of stderr */
	int		 truncated;	/* output beyond max_output was discarded */
	int		 timed_out;	/* the deadline passed and the command was killed */
	int		 exited;	/* the command exited normally */
	int		 status;	/* its exit status, when exited */
	int		 signal;	/* the signal that ended it, when not exited */
	int		 not_found;	/* the program could not be executed (exit 127 from exec) */
	long		 ms;		/* wall time */
};

/*
 * Run argv[0] (looked up in PATH) with argv, stdin from opts->input or
 * /dev/null. Returns 0 when the command ran (whatever its exit status) and -1
 * when it could not be started, with *cause set. Free res with run_free.
 */
int	 run_command(const char *const argv[], const struct run_opts *opts,
	    struct run_result *res, char **cause);
void	 run_free(struct run_result *);

/*
 * For unit tests only (the program never sets one): answer every command
 * with canned output, status and timing instead of running it. The hook
 * fills res (out and err allocated, NUL-terminated: run_free frees them) and
 * returns what run_command would. Set it before starting any check thread;
 * NULL restores running commands.
 */
typedef int (*run_hook_fn)(const char *const argv[], const struct run_opts *,
	    struct run_result *, char **cause);
void	 runner_set_hook(run_hook_fn);
/* One line describing how the command ended: "exit 0", "killed by SIGTERM", "timed out after 5000 ms". */
const char *run_describe(const struct run_result *, char *buf, size_t len);

/*
 * Processes that are not commands with output: a detached process that
 * outlives sshdoc (double fork, its own session, fds on /dev/null; *pidp its
 * pid), and a forked child of sshdoc running fn with a pipe's write end (the
 * read end in *rfd; returns the pid or -1). Every fork stays in runner.c.
 */
int	 run_detached(const char *path, const char *const argv[], pid_t *pidp, char **cause);
pid_t	 run_fork_pipe(void (*fn)(void *arg, int wfd), void *arg, int *rfd);

#endif
