/* listener.h: which process listens on a TCP port of this machine (the sshd that a fix reloads). */
#ifndef LISTENER_H
#define LISTENER_H

#include <stdint.h>

/* The listening sockets of port and the process holding them. */
struct listener {
	int		 pid;		/* the holder: an sshd first, then the lowest pid; or 0 */
	unsigned long	 inodes[8];	/* the listening sockets' inodes, sorted */
	int		 ninodes;	/* how many (0: nothing listens) */
	char		 comm[32];	/* the holder's comm, raw */
};

/*
 * Fill l from /proc/net/tcp, /proc/net/tcp6 and /proc/PID/fd, within
 * timeout_ms. Returns 0 (l->ninodes 0 when nothing listens), -1 on error.
 */
int	 listener_find(int port, int timeout_ms, struct listener *l);
/* Whether two looks saw the same sockets (a reload of sshd opens new ones). */
int	 listener_same(const struct listener *, const struct listener *);

#endif
