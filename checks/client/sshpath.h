/* sshpath.h: paths as ssh expands IdentityFile, UserKnownHostsFile and the like (~ and %-tokens). */
#ifndef SSHPATH_H
#define SSHPATH_H

#include <stddef.h>

/* What the tokens stand for; a NULL member makes its token unexpandable. */
struct sshpath_env {
	const char	*home;		/* ~ and %d */
	const char	*user;		/* %u: the local user */
	const char	*host;		/* %h: the host name ssh connects to */
	const char	*ruser;		/* %r: the remote user */
	const char	*port;		/* %p */
	unsigned long	 uid;		/* %i */
};

#define SSHPATH_BAD_MAX	8	/* room for the token that could not be expanded */

/*
 * Expand ~ and %d %u %h %r %p %i %% in one path. NULL, with bad (room for
 * SSHPATH_BAD_MAX bytes) naming the token, for any other token or ~user.
 */
char	*sshpath_expand(const char *in, const struct sshpath_env *, char *bad);
/* The same, but a path that cannot be expanded comes back as it is. */
char	*sshpath_expand_or_copy(const char *in, const struct sshpath_env *);
/* The home directory ssh uses: the password database, else $HOME; NULL if neither. */
const char *sshpath_home(char *buf, size_t len);

#endif
