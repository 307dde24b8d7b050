/* check-kexinit.c: reads the server's KEXINIT on the connection ssh-banner opened: all ten algorithm lists. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checks/client/banner-conn.h"
#include "checks/client/server-kexinit.h"
#include "checks/check.h"
#include "checks/parse/kexinit-parse.h"
#include "lib/xmalloc.h"

static void
kexinit_data_free(void *p)
{
	struct server_kexinit	*sk = p;

	if (sk->fd != -1)
		close(sk->fd);
	pthread_mutex_destroy(&sk->lock);
	kexinit_free(&sk->k);
	free(sk->replay);
	free(sk);
}

int
kex_conn_take(struct server_kexinit *sk)
{
	int	 fd;

	pthread_mutex_lock(&sk->lock);
	fd = sk->fd;
	sk->fd = -1;
	pthread_mutex_unlock(&sk->lock);
	return fd;
}

static void
ssh_kexinit_exec(struct check_ctx *ctx, struct check_result *res)
{
	struct banner_conn	*bc = banner_conn_dep(ctx);	/* resolved: required */
	struct server_kexinit	*sk;
	struct kexinit		*k;
	struct pollfd		 pfd;
	enum kexinit_state	 st = KEXINIT_MORE;
	unsigned char		*buf;
	const char		*why = NULL;
	size_t			 len, need = 5;
	ssize_t			 got;
	int64_t			 start = now_ms();
	int			 fd, left, eof = 0, reset = 0, i;

	fd = bc->fd;
	bc->fd = -1;	/* ours now */
	if (fd == -1) {
		check_set(res, CHECK_SKIP, "skipped", "the connection is gone");
		return;
	}
	buf = xmalloc(KEXINIT_PACKET_MAX + 4);
	len = bc->leftover_len;
	memcpy(buf, bc->leftover, len);
	sk = xcalloc(1, sizeof *sk);
	pthread_mutex_init(&sk->lock, NULL);
	sk->fd = -1;
	k = &sk->k;
	for (;;) {
		st = kexinit_parse(buf, len, k, &need, &why);
		if (st != KEXINIT_MORE || eof)
			break;
		if ((left = check_remaining_ms(ctx)) == 0)
			break;
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, left) <= 0)
			continue;
		got = recv(fd, buf + len, need > len ? need - len : 1, 0);
		if (got == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0) {
			eof = 1;
			reset = got == -1 && errno == ECONNRESET;
		} else
			len += (size_t)got;
	}
	if (st == KEXINIT_OK && *bc->ident != '\0') {
		/* Kept open for the handshake: the server's line and what followed it. */
		sk->fd = fd;
		snprintf(sk->sent, sizeof sk->sent, "%s", bc->sent);
		sk->replay_len = strlen(bc->ident) + 2 + len;
		sk->replay = xmalloc(sk->replay_len);
		memcpy(sk->replay, bc->ident, strlen(bc->ident));
		memcpy(sk->replay + strlen(bc->ident), "\r\n", 2);
		memcpy(sk->replay + strlen(bc->ident) + 2, buf, len);
	} else
		close(fd);
	free(buf);
	if (st == KEXINIT_OK) {
		res->data = sk;
		res->data_free = kexinit_data_free;
		check_set(res, CHECK_PASS, "received",
		    "the server offers %zu key exchange, %zu host key, %zu cipher and "
		    "%zu MAC algorithms", k->names[KEXL_KEX], k->names[KEXL_HOSTKEY],
		    k->names[KEXL_CIPHER_STOC], k->names[KEXL_MAC_STOC]);
		for (i = 0; i < KEXINIT_NLISTS; i++)
			check_evidence(res, "%s: %s", kexinit_list_name(i), k->lists[i]);
		return;
	}
	kexinit_data_free(sk);
	if (st == KEXINIT_BAD) {
		check_set(res, CHECK_FAIL, "invalid",
		    "the server's first packet is not a valid KEXINIT: %s", why);
		return;
	}
	if (eof && len >= 5) {
		/* The header arrived: the packet's length is known. */
		check_set(res, CHECK_FAIL, "closed",
		    "the server %s the connection in the middle of its KEXINIT "
		    "(%zu of %zu bytes received)", reset ? "reset" : "closed", len,
		    need > len ? need : len);
		return;
	}
	if (eof && len > 0) {
		check_set(res, CHECK_FAIL, "closed",
		    "the server %s the connection in the middle of its KEXINIT "
		    "(%zu bytes received)", reset ? "reset" : "closed", len);
		return;
	}
	if (eof) {
		check_set(res, CHECK_FAIL, "closed",
		    "the server %s the connection after its identification, "
		    "before its KEXINIT", reset ? "reset" : "closed");
		return;
	}
	check_set(res, CHECK_FAIL, "stalled",
	    "the identification arrived but the KEXINIT did not within %ld ms "
	    "(%zu of %zu bytes)", (long)(now_ms() - start), len, need);
	check_evidence(res, "small packets pass but a large one does not arrive: "
	    "typical of a path MTU black hole");
}

static const char *const kexinit_needs[] = { "ssh-banner", NULL };
static const struct check_need kexinit_data[] = {
	{ "ssh-banner", NEED_REQUIRED, "no SSH identification to read on from" },
	{ NULL, 0, NULL }
};
static const char *const kexinit_outcomes[] = {
	"received", "stalled", "closed", "invalid", "skipped", "error", NULL
};

const struct check_entry check_ssh_kexinit_entry = {
	.id = "ssh-kexinit",
	.title = "Server algorithms (KEXINIT)",
	.needs = kexinit_needs,
	.data = kexinit_data,
	.outcomes = kexinit_outcomes,
	.exec = ssh_kexinit_exec,
};
