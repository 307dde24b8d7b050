/* server-kexinit.h: the server's KEXINIT that the ssh-kexinit check hands on, with the connection it came on. */
#ifndef SERVER_KEXINIT_H
#define SERVER_KEXINIT_H

#include <pthread.h>
#include <stddef.h>

#include "checks/check.h"
#include "checks/parse/kexinit-parse.h"

#define SERVER_IDENT_MAX	256

/*
 * ssh-kexinit's data. The connection stays open after the KEXINIT so that
 * the libssh handshake, when it runs, goes on from there instead of making
 * a connection of its own (kex_conn_take); whatever no one took is closed
 * when the result is freed.
 */
struct server_kexinit {
	struct kexinit	 k;		/* first: kexinit_dep() points here */
	pthread_mutex_t	 lock;		/* guards the taking of fd */
	int		 fd;		/* the connection, or -1 once taken or unusable */
	char		 sent[SERVER_IDENT_MAX];	/* the identification sshdoc sent */
	unsigned char	*replay;	/* the server's identification line and bytes after it */
	size_t		 replay_len;
};

/* The server's parsed KEXINIT (ctx must need "ssh-kexinit"), or NULL. */
static inline const struct kexinit *
kexinit_dep(struct check_ctx *ctx)
{
	struct server_kexinit	*sk = check_data(ctx, "ssh-kexinit");

	return sk != NULL ? &sk->k : NULL;
}

/*
 * Take the connection of a finished ssh-kexinit (sk from check_dep's data):
 * the fd is the caller's to close, sent and replay stay valid while the
 * result lives. -1 when there is none (or another took it).
 */
int	 kex_conn_take(struct server_kexinit *sk);

#endif
