/* netaddr.h: facts about the target's addresses that the network checks hand to each other. */
#ifndef NETADDR_H
#define NETADDR_H

#include <sys/socket.h>
#include <netinet/in.h>

#include "checks/check.h"

#define NETADDR_MAX 16		/* addresses probed at most */

struct netaddr {
	struct sockaddr_storage	 sa;		/* the address with the port set */
	socklen_t		 salen;		/* its length */
	char			 text[64];	/* "192.0.2.1" or "2001:db8::1" */
	int			 fd;		/* connected socket left by tcp-connect, or -1 */
	int			 error;		/* errno of the connect, 0 if accepted */
	long			 ms;		/* connect time */
	int			 reset;		/* the handshake completed, then a reset came at once */
};

struct netaddr_list {
	struct netaddr	 a[NETADDR_MAX];	/* in getaddrinfo order, as ssh tries them */
	int		 n;			/* number of addresses */
	int		 total;			/* addresses resolved, before the cap */
	char		 host[256];		/* the name that was resolved */
	int		 port;			/* the port connected to */
};

/* The addresses dns-resolve found (ctx must need "dns-resolve"), or NULL. */
static inline const struct netaddr_list *
netaddr_resolved_dep(struct check_ctx *ctx)
{
	return check_data(ctx, "dns-resolve");
}

/* What tcp-connect tried, sockets included (ctx must need "tcp-connect"), or NULL. */
static inline struct netaddr_list *
netaddr_connected_dep(struct check_ctx *ctx)
{
	return check_data(ctx, "tcp-connect");
}

/* Take the connected socket of the first accepted address (ssh's choice); -1 if none. */
int	 netaddr_take_fd(struct netaddr_list *, int *index);
void	 netaddr_list_free(void *);
/* "[2001:db8::1]:22" or "192.0.2.1:22" */
void	 netaddr_format(const struct netaddr *, int port, char *buf, size_t len);

#endif
