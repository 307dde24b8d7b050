/* hostprobe.h: resolve a name, connect and read the SSH identification, under one deadline: for hosts beside the target (a ProxyJump hop, an SSH-over-443 alternative). */
#ifndef HOSTPROBE_H
#define HOSTPROBE_H

#include <stdint.h>

enum hostprobe_stage {
	HP_RESOLVE,		/* the name did not resolve (in time) */
	HP_CONNECT,		/* no address accepted the TCP connection */
	HP_BANNER,		/* connected, but no SSH identification came */
	HP_SSH,			/* an SSH-2 identification arrived */
};

struct hostprobe {
	enum hostprobe_stage stage;	/* how far the probe got */
	char		 addr[96];	/* "192.0.2.1:443": the one that answered, or the first */
	int		 naddr;		/* addresses tried */
	int		 error;		/* errno of the failed connect (ETIMEDOUT: silence) */
	char		*detail;	/* what happened, for people (sanitized) */
	char		*ident;		/* identification line (sanitized), HP_SSH only */
	long		 ms;		/* time taken */
};

/*
 * Probe host (a name or an address literal) on port by the monotonic
 * deadline. Never fails as such: the result says how far it got. Free the
 * result with hostprobe_free.
 */
void	 hostprobe_run(const char *host, int port, int64_t deadline, struct hostprobe *);
void	 hostprobe_free(struct hostprobe *);

#endif
