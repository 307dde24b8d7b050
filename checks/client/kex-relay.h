/* kex-relay.h: lets libssh carry on a connection whose identification and KEXINIT sshdoc already read, so one connection serves the probes and the handshake. */
#ifndef KEX_RELAY_H
#define KEX_RELAY_H

#include <stddef.h>
#include <stdint.h>

struct kex_relay;

/*
 * Start relaying between fd (connected; taken: closed by the relay) and a
 * socket for libssh (SSH_OPTIONS_FD), returned in *libssh_fd. libssh first
 * reads replay (what the server already sent: its identification line and
 * KEXINIT, as read), and its own identification line is swallowed: it must
 * be sent_ident, the line sshdoc already sent on fd, or the relay stops (the
 * handshake then fails, and the caller connects afresh). Every read and
 * write is bounded by deadline. Returns NULL (fd closed) if it cannot start.
 */
struct kex_relay *kex_relay_start(int fd, const char *sent_ident,
	    const unsigned char *replay, size_t replay_len, int64_t deadline,
	    int *libssh_fd);
/*
 * Once libssh is done with its socket: stop the relay, wait for it and free
 * it. Returns 1 when libssh's identification was the one sent, else 0.
 */
int	 kex_relay_finish(struct kex_relay *);

#endif
