/* resolve.h: getaddrinfo bounded by a deadline (it has no timeout of its own). */
#ifndef RESOLVE_H
#define RESOLVE_H

#include <netdb.h>
#include <pthread.h>
#include <stdint.h>

struct lookup {
	pthread_mutex_t	 lock;		/* guards refs and the answer */
	pthread_cond_t	 cond;		/* signalled when the answer is in */
	int		 refs;		/* the waiter and the resolver thread */
	int		 done;		/* the answer is in (stable once set) */
	char		*host;		/* name to resolve */
	char		 port[8];	/* service */
	struct addrinfo	*ai;		/* answer, when gai is 0 */
	int		 gai;		/* getaddrinfo's return */
	int		 sys_errno;	/* errno, for EAI_SYSTEM */
};

/*
 * Resolve host and port (SOCK_STREAM, any family) in a thread and wait for
 * it until deadline (monotonic ms). Returns the lookup, done or not, or NULL
 * if no thread could be started. When done is 0 the resolver is still
 * running: read nothing but done. Release with lookup_unref either way.
 */
struct lookup *resolve_bounded(const char *host, int port, int64_t deadline);
void	 lookup_unref(struct lookup *);

#endif
