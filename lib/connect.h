/* connect.h: TCP connections to several addresses at once, under one deadline. */
#ifndef CONNECT_H
#define CONNECT_H

#include <stdint.h>
#include <sys/socket.h>

/* One address to try, and what became of it. */
struct connect_try {
	const struct sockaddr *sa;	/* in: the address, port set */
	socklen_t	 salen;		/* in: its length */
	int		 fd;		/* out: the connected socket (non-blocking), or -1 */
	int		 error;		/* out: 0 accepted, else errno (ETIMEDOUT: no answer in time) */
	int		 reset;		/* out: accepted, then reset at once (error 0, fd kept) */
	int		 immediate;	/* out: socket() or connect() failed at once with error */
	long		 ms;		/* out: time to the answer, or to the deadline */
};

#define CONNECT_FIRST	0x1	/* stop at the first accepted address; close the others */

/*
 * Connect to every address at once; each is reported, none is left pending
 * past the deadline (monotonic ms, lib/util.h now_ms). mss > 0 clamps the
 * TCP MSS before connect, so the SYN announces it. Returns the index of the
 * first address that accepted, or -1.
 */
int	 connect_all(struct connect_try *, int n, int64_t deadline, int mss, int flags);

#endif
