/* libssh-session.h: one way to create and configure a libssh client session for the checks that handshake. */
#ifndef LIBSSH_SESSION_H
#define LIBSSH_SESSION_H

#include <libssh/libssh.h>

struct check_ctx;

/* What the session is set to; NULL members keep libssh's default. */
struct libssh_opts {
	const char	*host;		/* name or address to connect to */
	int		 port;
	const char	*user;		/* NULL: libssh's local user */
	const char	*known_hosts;	/* user known_hosts file ("/dev/null": none) */
	const char	*global_known_hosts;
	int		 fd;		/* a connected socket to use, or -1 */
	const char	*kex;		/* algorithm lists, comma-separated */
	const char	*hostkeys;
	const char	*cipher;	/* both directions */
	const char	*mac;		/* both directions */
	int		 no_compression;
};

/*
 * A blocking session with these options, libssh's logging silenced, no
 * ssh_config processing (it would override what is set here) and a timeout
 * from the check's deadline. NULL with *cause ("libssh refused an option:
 * ...") when libssh refuses; the caller still owns opts->fd then.
 */
ssh_session libssh_session_new(struct check_ctx *, const struct libssh_opts *,
	    char **cause);
/* Set the session's timeout to the time the check has left (whole seconds, at least 1). */
int	 libssh_set_timeout(ssh_session, struct check_ctx *);

#endif
