/* procfs.c: bounded reads of /proc for the server checks (process names, command lines, socket owners). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/procfs.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

#define PROCFS_CMDLINE_MAX	4096
#define PROCFS_PIDS_MAX		(1 << 22)	/* kernel's pid_max ceiling */

int
procfs_read(const char *path, size_t max, char **out, size_t *len, int *truncated)
{
	char	*buf, extra;
	size_t	 got = 0;
	ssize_t	 n;
	int	 fd, saved;

	*out = NULL;
	*len = 0;
	*truncated = 0;
	if ((fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC)) == -1)
		return -1;
	buf = xmalloc(max + 1);
	while (got < max) {
		n = read(fd, buf + got, max - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			saved = errno;
			free(buf);
			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got == max && read(fd, &extra, 1) == 1)
		*truncated = 1;
	close(fd);
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 0;
}

int
procfs_comm(int pid, char *buf, size_t len)
{
	char	 path[64], *s;
	size_t	 n;
	int	 trunc;

	snprintf(path, sizeof path, "/proc/%d/comm", pid);
	if (len == 0 || procfs_read(path, 64, &s, &n, &trunc) != 0)
		return -1;
	s[strcspn(s, "\n")] = '\0';
	snprintf(buf, len, "%s", s);
	free(s);
	return 0;
}

char *
procfs_cmdline(int pid)
{
	char	 path[64], *s;
	size_t	 n, i;
	int	 trunc;

	snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
	if (procfs_read(path, PROCFS_CMDLINE_MAX, &s, &n, &trunc) != 0)
		return NULL;
	while (n > 0 && s[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++) {
		if (s[i] == '\0')
			s[i] = ' ';
	}
	s[n] = '\0';
	return s;
}

char *
procfs_exe(int pid)
{
	char	 path[64], buf[PATH_MAX];
	ssize_t	 n;

	snprintf(path, sizeof path, "/proc/%d/exe", pid);
	if ((n = readlink(path, buf, sizeof buf - 1)) <= 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

int
procfs_stat(int pid, int *ppid, char *state)
{
	char	 path[64], *s, *p;
	size_t	 n;
	int	 trunc, rc = -1;

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if (procfs_read(path, 1024, &s, &n, &trunc) != 0)
		return -1;
	/* The name in parentheses may itself hold ")": the last one ends it. */
	if ((p = strrchr(s, ')')) != NULL && p[1] == ' ' && p[2] != '\0' && p[3] == ' ') {
		*state = p[2];
		*ppid = atoi(p + 4);
		rc = 0;
	}
	free(s);
	return rc;
}

int
procfs_each_pid(int64_t deadline_ms, int (*fn)(int, void *), void *arg)
{
	DIR		*d;
	struct dirent	*de;
	char		*end;
	long		 pid;
	int		 rc = 0;

	if ((d = opendir("/proc")) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		pid = strtol(de->d_name, &end, 10);
		if (*end != '\0' || pid <= 0 || pid > PROCFS_PIDS_MAX)
			continue;
		if (now_ms() > deadline_ms) {
			rc = -1;
			errno = ETIMEDOUT;
			break;
		}
		if (fn((int)pid, arg) != 0)
			break;
	}
	closedir(d);
	return rc;
}
