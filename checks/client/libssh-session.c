/* libssh-session.c: the one place a check's libssh session is created and configured. */
#include <stdbool.h>
#include <stddef.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include "checks/check.h"
#include "checks/client/libssh-session.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

/* libssh logs per thread: this thread's messages go nowhere, never to a curses screen. */
static void
quiet_log(int priority, const char *function, const char *buffer, void *userdata)
{
	(void)priority;
	(void)function;
	(void)buffer;
	(void)userdata;
}

int
libssh_set_timeout(ssh_session s, struct check_ctx *ctx)
{
	long	 sec = (check_remaining_ms(ctx) + 999L) / 1000L;

	if (sec < 1)
		sec = 1;
	return ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &sec);
}

/* Set one option unless its value is NULL (libssh's default stays). */
static int
opt_str(ssh_session s, enum ssh_options_e type, const char *value)
{
	return value != NULL ? ssh_options_set(s, type, value) : 0;
}

ssh_session
libssh_session_new(struct check_ctx *ctx, const struct libssh_opts *o, char **cause)
{
	ssh_session	 s;
	unsigned int	 uport = (unsigned int)o->port;
	socket_t	 sfd = o->fd;
	int		 verbosity = SSH_LOG_NOLOG;
	bool		 process_config = false;

	ssh_set_log_level(SSH_LOG_NOLOG);
	ssh_set_log_callback(quiet_log);
	if ((s = ssh_new()) == NULL) {
		set_cause(cause, "libssh could not create a session");
		return NULL;
	}
	/*
	 * No config processing: libssh would read ssh_config at connect and let
	 * it override what is set here. Strict host key checking stays at its
	 * default, so an unknown host is reported as unknown.
	 */
	if (ssh_options_set(s, SSH_OPTIONS_LOG_VERBOSITY, &verbosity) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &process_config) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_HOST, o->host) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_PORT, &uport) != 0 ||
	    opt_str(s, SSH_OPTIONS_USER, o->user) != 0 ||
	    opt_str(s, SSH_OPTIONS_KNOWNHOSTS, o->known_hosts) != 0 ||
	    opt_str(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, o->global_known_hosts) != 0 ||
	    opt_str(s, SSH_OPTIONS_KEY_EXCHANGE, o->kex) != 0 ||
	    opt_str(s, SSH_OPTIONS_HOSTKEYS, o->hostkeys) != 0 ||
	    opt_str(s, SSH_OPTIONS_CIPHERS_C_S, o->cipher) != 0 ||
	    opt_str(s, SSH_OPTIONS_CIPHERS_S_C, o->cipher) != 0 ||
	    opt_str(s, SSH_OPTIONS_HMAC_C_S, o->mac) != 0 ||
	    opt_str(s, SSH_OPTIONS_HMAC_S_C, o->mac) != 0 ||
	    opt_str(s, SSH_OPTIONS_COMPRESSION, o->no_compression ? "no" : NULL) != 0 ||
	    libssh_set_timeout(s, ctx) != 0) {
		set_cause(cause, "libssh refused an option: %s", ssh_get_error(s));
		ssh_free(s);
		return NULL;
	}
	if (o->fd != -1 && ssh_options_set(s, SSH_OPTIONS_FD, &sfd) != 0) {
		set_cause(cause, "libssh refused the socket: %s", ssh_get_error(s));
		ssh_free(s);
		return NULL;
	}
	ssh_set_blocking(s, 1);
	return s;
}
