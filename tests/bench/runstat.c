/* runstat.c: runs one command and appends its wall time, exit status and peak memory to a file (the bench's stopwatch). */
/*
 * usage: runstat -o FILE [-t SECONDS] -- COMMAND [ARG...]
 *
 * Appends one line to FILE: "WALL_US STATUS TREE_KB OWN_KB CPU_US", where
 *   WALL_US  microseconds from fork to reaping the command (CLOCK_MONOTONIC);
 *   STATUS   its exit status, 128+N if killed by signal N (124 when -t expired);
 *   TREE_KB  ru_maxrss from wait4: the peak resident size of the command or of the
 *            largest of its children, whichever is larger (what GNU time's %M says);
 *   OWN_KB   VmHWM of the command's own process, read at its exit: the command is
 *            traced only to stop it there (PTRACE_O_TRACEEXIT, before its memory is
 *            released), so its children's memory is not counted. 0 if unreadable;
 *   CPU_US   user plus system time of the command and its reaped children: less
 *            sensitive than the wall time to other load on the machine.
 * The command's exec (one through `ip netns exec`, say) keeps the same process.
 * Standard streams are inherited: the caller redirects them.
 */
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t	 expired;

static void
on_alarm(int sig)
{
	(void)sig;
	expired = 1;
}

static long long
now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long long
tv_us(const struct timeval *tv)
{
	return (long long)tv->tv_sec * 1000000 + tv->tv_usec;
}

/* VmHWM of a live (or exit-stopped) process in kB, 0 if unreadable. */
static long
hwm_kb(pid_t pid)
{
	char	 path[64], buf[4096], *p;
	ssize_t	 n;
	int	 fd;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((fd = open(path, O_RDONLY)) == -1)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if ((p = strstr(buf, "\nVmHWM:")) == NULL)
		return 0;
	return strtol(p + 7, NULL, 10);
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	struct rusage	 ru;
	const char	*out = NULL;
	long long	 t0, t1;
	long		 own = 0;
	pid_t		 pid;
	FILE		*f;
	int		 c, st, rc, secs = 0, sig, traced;

	while ((c = getopt(argc, argv, "o:t:")) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 't':
			secs = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (out == NULL || optind >= argc)
		goto usage;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;	/* no SA_RESTART: wait4 returns EINTR */
	sigaction(SIGALRM, &sa, NULL);

	t0 = now_us();
	if ((pid = fork()) == -1) {
		perror("runstat: fork");
		return 1;
	}
	if (pid == 0) {
		/* stops with SIGTRAP at the exec, before the command runs */
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "runstat: %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	if (secs > 0)
		alarm((unsigned)secs);
	traced = 0;
	for (;;) {
		if (wait4(pid, &st, __WALL, &ru) == -1) {
			if (errno == EINTR && expired) {
				kill(pid, SIGKILL);
				expired = 2;
				continue;
			}
			if (errno == EINTR)
				continue;
			perror("runstat: wait4");
			return 1;
		}
		if (WIFEXITED(st) || WIFSIGNALED(st))
			break;
		if (!WIFSTOPPED(st))
			continue;
		sig = WSTOPSIG(st);
		if (!traced && sig == SIGTRAP) {
			/* the first exec: from now on, stop only at the exit */
			ptrace(PTRACE_SETOPTIONS, pid, NULL,
			    (void *)(long)(PTRACE_O_TRACEEXIT | PTRACE_O_TRACEEXEC));
			traced = 1;
			sig = 0;
		} else if ((st >> 8) == (SIGTRAP | (PTRACE_EVENT_EXIT << 8))) {
			own = hwm_kb(pid);
			sig = 0;
		} else if ((st >> 8) == (SIGTRAP | (PTRACE_EVENT_EXEC << 8)))
			sig = 0;
		/* any other stop is a signal for the command: deliver it */
		ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
	}
	t1 = now_us();

	if (expired == 2)
		rc = 124;
	else if (WIFEXITED(st))
		rc = WEXITSTATUS(st);
	else
		rc = 128 + WTERMSIG(st);
	if ((f = fopen(out, "a")) == NULL) {
		perror(out);
		return 1;
	}
	fprintf(f, "%lld %d %ld %ld %lld\n", t1 - t0, rc, ru.ru_maxrss, own,
	    tv_us(&ru.ru_utime) + tv_us(&ru.ru_stime));
	if (fclose(f) != 0) {
		perror(out);
		return 1;
	}
	return rc;

usage:
	fprintf(stderr, "usage: runstat -o FILE [-t SECONDS] -- COMMAND [ARG...]\n");
	return 2;
}
