/* connect.c: parallel non-blocking connects bounded by one deadline, so a dead host costs one timeout, not one per address. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/connect.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

/* Start one connect; returns 1 if it is pending, 0 if it is over (accepted or failed). */
static int
start_one(struct connect_try *t, int mss, int64_t start)
{
	t->fd = socket(t->sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (t->fd == -1)
		goto failed;
	if (mss > 0 &&
	    setsockopt(t->fd, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss) == -1)
		goto failed;
	if (connect(t->fd, t->sa, t->salen) == 0) {
		t->ms = (long)(now_ms() - start);
		return 0;
	}
	if (errno == EINPROGRESS)
		return 1;
failed:
	t->error = errno;
	t->immediate = 1;
	t->ms = (long)(now_ms() - start);
	if (t->fd != -1)
		close(t->fd);
	t->fd = -1;
	return 0;
}

int
connect_all(struct connect_try *t, int n, int64_t deadline, int mss, int flags)
{
	struct pollfd	*pfd;
	int64_t		 start = now_ms(), left;
	socklen_t	 elen;
	int		 i, r, err, pending = 0, first = -1;

	if (n <= 0)
		return -1;
	pfd = xcalloc((size_t)n, sizeof *pfd);
	for (i = 0; i < n; i++) {
		t[i].error = 0;
		t[i].reset = 0;
		t[i].immediate = 0;
		pfd[i].fd = -1;
		pfd[i].events = POLLOUT;
		if (first != -1 && (flags & CONNECT_FIRST)) {
			t[i].fd = -1;
			t[i].error = ETIMEDOUT;	/* never tried: one was enough */
			continue;
		}
		if (start_one(&t[i], mss, start)) {
			pfd[i].fd = t[i].fd;
			pending++;
		} else if (t[i].fd != -1 && first == -1)
			first = i;
	}
	while (pending > 0 && !(first != -1 && (flags & CONNECT_FIRST))) {
		if ((left = deadline - now_ms()) <= 0)
			break;
		r = poll(pfd, (nfds_t)n, left > 0x7fffffff ? 0x7fffffff : (int)left);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (i = 0; i < n; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			err = 0;
			elen = sizeof err;
			if (getsockopt(pfd[i].fd, SOL_SOCKET, SO_ERROR, &err, &elen) == -1)
				err = errno;
			if (err == ECONNRESET) {
				/* Only an established connection can be reset: it was accepted. */
				t[i].reset = 1;
				err = 0;
			}
			t[i].error = err;
			t[i].ms = (long)(now_ms() - start);
			if (err != 0) {
				close(t[i].fd);
				t[i].fd = -1;
			} else if (first == -1)
				first = i;
			pfd[i].fd = -1;
			pending--;
			if (first != -1 && (flags & CONNECT_FIRST))
				break;
		}
	}
	for (i = 0; i < n; i++) {
		if (pfd[i].fd != -1) {
			close(t[i].fd);
			t[i].fd = -1;
			t[i].error = ETIMEDOUT;
			t[i].ms = (long)(now_ms() - start);
		}
		if ((flags & CONNECT_FIRST) && i != first && t[i].fd != -1) {
			close(t[i].fd);
			t[i].fd = -1;
		}
	}
	free(pfd);
	return first;
}
