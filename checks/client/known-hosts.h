/* known-hosts.h: what the known-hosts check found, for checks that compare it with the server's key. */
#ifndef KNOWN_HOSTS_H
#define KNOWN_HOSTS_H

#include <stddef.h>

#include "checks/check.h"

enum kh_marker {
	KH_PLAIN,		/* an ordinary entry */
	KH_REVOKED,		/* @revoked: ssh refuses this key */
	KH_CA,			/* @cert-authority: trusts host certificates signed by this key */
};

struct kh_entry {
	char		*file;		/* known_hosts file */
	unsigned long	 line;		/* line number in it */
	enum kh_marker	 marker;
	int		 hashed;	/* the host name is hashed (|1|...) */
	char		*type;		/* key type as ssh-keygen -l prints it: ED25519, RSA, ... */
	char		*fp;		/* SHA256:... */
};

/* res->data of the known-hosts check when its outcome is "found" or "not-found". */
struct known_hosts {
	char		*name;		/* the name looked up: host, [host]:port or HostKeyAlias */
	struct kh_entry	*v;		/* entries, in file and line order */
	size_t		 n;
};

/* The known-hosts check's entries (ctx must need "known-hosts"), or NULL. */
static inline const struct known_hosts *
known_hosts_dep(struct check_ctx *ctx)
{
	return check_data(ctx, "known-hosts");
}

#endif
