/* kex-relay.c: replays the server's identification and KEXINIT to libssh over a socketpair, then copies bytes both ways. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checks/client/kex-relay.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

#define RELAY_IDENT_MAX	256	/* an identification line, CR LF included (RFC 4253: 255) */

struct kex_relay {
	pthread_t	 thread;
	int		 net;		/* the connection to the server */
	int		 mine;		/* our end of the socketpair (libssh has the other) */
	char		*sent;		/* the identification sshdoc sent, without CR LF */
	unsigned char	*replay;	/* what the server already sent */
	size_t		 replay_len;
	int64_t		 deadline;
	int		 ident_ok;	/* libssh's identification was the one sent */
};

/* Write all of buf to fd by the deadline; -1 on error or timeout. */
static int
write_all(int fd, const unsigned char *buf, size_t len, int64_t deadline)
{
	struct pollfd	 pfd;
	ssize_t		 n;
	int64_t		 left;

	while (len > 0) {
		n = send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n == -1 && errno != EAGAIN && errno != EINTR)
			return -1;
		if ((left = deadline - now_ms()) <= 0)
			return -1;
		pfd.fd = fd;
		pfd.events = POLLOUT;
		(void)poll(&pfd, 1, (int)left);
	}
	return 0;
}

static void *
relay_main(void *arg)
{
	struct kex_relay	*r = arg;
	struct pollfd		 pfd[2];
	unsigned char		 buf[16384];
	char			 line[RELAY_IDENT_MAX];
	size_t			 linelen = 0, i, used;
	ssize_t			 n;
	int64_t			 left;
	int			 from, to;

	if (write_all(r->mine, r->replay, r->replay_len, r->deadline) != 0)
		goto out;
	for (;;) {
		if ((left = r->deadline - now_ms()) <= 0)
			break;
		pfd[0].fd = r->mine;
		pfd[1].fd = r->net;
		pfd[0].events = pfd[1].events = POLLIN;
		n = poll(pfd, 2, (int)left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		from = (pfd[0].revents != 0) ? 0 : 1;
		to = from == 0 ? r->net : r->mine;
		n = recv(pfd[from].fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			break;
		used = 0;
		if (from == 0 && !r->ident_ok) {
			/* libssh's identification: already sent as ours, so swallowed. */
			for (i = 0; i < (size_t)n && !r->ident_ok; i++) {
				if (linelen == sizeof line)
					goto out;
				line[linelen++] = (char)buf[i];
				if (buf[i] != '\n')
					continue;
				linelen--;
				if (linelen > 0 && line[linelen - 1] == '\r')
					linelen--;
				if (linelen != strlen(r->sent) ||
				    memcmp(line, r->sent, linelen) != 0)
					goto out;
				r->ident_ok = 1;
			}
			used = i;
		}
		if ((size_t)n > used && write_all(to, buf + used, (size_t)n - used,
		    r->deadline) != 0)
			break;
	}
out:
	/* Either side's end ends both: libssh sees EOF, the server a closed connection. */
	shutdown(r->mine, SHUT_RDWR);
	close(r->net);
	r->net = -1;
	return NULL;
}

struct kex_relay *
kex_relay_start(int fd, const char *sent_ident, const unsigned char *replay,
    size_t replay_len, int64_t deadline, int *libssh_fd)
{
	struct kex_relay	*r;
	int			 sp[2];

	*libssh_fd = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) == -1) {
		close(fd);
		return NULL;
	}
	r = xcalloc(1, sizeof *r);
	r->net = fd;
	r->mine = sp[1];
	r->sent = xstrdup(sent_ident);
	r->replay = xmalloc(replay_len > 0 ? replay_len : 1);
	memcpy(r->replay, replay, replay_len);
	r->replay_len = replay_len;
	r->deadline = deadline;
	if (pthread_create(&r->thread, NULL, relay_main, r) != 0) {
		close(sp[0]);
		close(sp[1]);
		close(fd);
		free(r->sent);
		free(r->replay);
		free(r);
		return NULL;
	}
	*libssh_fd = sp[0];
	return r;
}

int
kex_relay_finish(struct kex_relay *r)
{
	int	 ok;

	if (r == NULL)
		return 0;
	/* libssh is done with its end: wake the relay if it still waits. */
	shutdown(r->mine, SHUT_RDWR);
	pthread_join(r->thread, NULL);
	ok = r->ident_ok;
	if (r->net != -1)
		close(r->net);
	close(r->mine);
	free(r->sent);
	free(r->replay);
	free(r);
	return ok;
}
