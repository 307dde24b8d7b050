/* listener.c: the process listening on a TCP port, from /proc/net/tcp{,6} and /proc/PID/fd (checks/server/listener.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checks/parse/procnet-parse.h"
#include "checks/server/listener.h"
#include "lib/procfs.h"
#include "lib/util.h"

#define LISTENER_TABLE_MAX	(4 << 20)
#define LISTENER_FDS_MAX	200000

struct scan {
	struct listener	*l;		/* what is being filled */
	int64_t		 deadline;	/* monotonic ms */
	long		 fds;		/* fd links looked at */
	int		 sshd;		/* the holder found is an sshd */
};

static int
ulcmp(const void *a, const void *b)
{
	unsigned long	x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static void
read_table(const char *path, int family, struct procnet_table *t)
{
	char	*buf;
	size_t	 len;
	int	 trunc;

	if (procfs_read(path, LISTENER_TABLE_MAX, &buf, &len, &trunc) != 0)
		return;
	procnet_parse(buf, len, family, 1, t);
	free(buf);
}

static int
scan_fds(int pid, void *arg)
{
	struct scan	*s = arg;
	struct dirent	*de;
	DIR		*d;
	char		 path[64], link[64], comm[32], *end;
	unsigned long	 ino;
	ssize_t		 n;
	int		 sshd;

	snprintf(path, sizeof path, "/proc/%d/fd", pid);
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (++s->fds > LISTENER_FDS_MAX)
			break;
		snprintf(path, sizeof path, "/proc/%d/fd/%.16s", pid, de->d_name);
		if ((n = readlink(path, link, sizeof link - 1)) <= 0)
			continue;
		link[n] = '\0';
		if (strncmp(link, "socket:[", 8) != 0)
			continue;
		ino = strtoul(link + 8, &end, 10);
		if (*end != ']' || bsearch(&ino, s->l->inodes, (size_t)s->l->ninodes,
		    sizeof ino, ulcmp) == NULL)
			continue;
		/*
		 * An sshd before anything else (with ssh.socket, systemd holds the
		 * socket too, as pid 1), then the lowest pid: the listener, not a
		 * child that inherited the socket.
		 */
		if (procfs_comm(pid, comm, sizeof comm) != 0)
			comm[0] = '\0';
		sshd = strncmp(comm, "sshd", 4) == 0;
		if (s->l->pid == 0 || sshd > s->sshd || (sshd == s->sshd && pid < s->l->pid)) {
			s->l->pid = pid;
			s->sshd = sshd;
			snprintf(s->l->comm, sizeof s->l->comm, "%s", comm);
		}
		break;
	}
	closedir(d);
	return s->fds > LISTENER_FDS_MAX || now_ms() > s->deadline;
}

int
listener_find(int port, int timeout_ms, struct listener *l)
{
	struct procnet_table t;
	struct scan	 s;
	size_t		 i;

	memset(l, 0, sizeof *l);
	memset(&t, 0, sizeof t);
	read_table("/proc/net/tcp", AF_INET, &t);
	read_table("/proc/net/tcp6", AF_INET6, &t);
	for (i = 0; i < t.n && l->ninodes < 8; i++)
		if (t.v[i].state == PROCNET_LISTEN && (int)t.v[i].lport == port)
			l->inodes[l->ninodes++] = t.v[i].inode;
	procnet_free(&t);
	if (l->ninodes == 0)
		return 0;
	qsort(l->inodes, (size_t)l->ninodes, sizeof l->inodes[0], ulcmp);
	s.l = l;
	s.deadline = now_ms() + timeout_ms;
	s.fds = 0;
	s.sshd = 0;
	if (procfs_each_pid(s.deadline, scan_fds, &s) != 0 && errno != 0 && l->pid == 0)
		return -1;
	return 0;
}

int
listener_same(const struct listener *a, const struct listener *b)
{
	return a->ninodes == b->ninodes && memcmp(a->inodes, b->inodes,
	    sizeof a->inodes[0] * (size_t)a->ninodes) == 0;
}
