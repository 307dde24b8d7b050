/* resolve.c: runs getaddrinfo in a thread so a dead name server costs one deadline, not its own timeouts. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/resolve.h"
#include "lib/xmalloc.h"

void
lookup_unref(struct lookup *lk)
{
	int	 last;

	if (lk == NULL)
		return;
	pthread_mutex_lock(&lk->lock);
	last = --lk->refs == 0;
	pthread_mutex_unlock(&lk->lock);
	if (!last)
		return;
	if (lk->ai != NULL)
		freeaddrinfo(lk->ai);
	free(lk->host);
	pthread_mutex_destroy(&lk->lock);
	pthread_cond_destroy(&lk->cond);
	free(lk);
}

static void *
lookup_main(void *arg)
{
	struct lookup	*lk = arg;
	struct addrinfo	 hints, *ai = NULL;
	int		 gai, err;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	gai = getaddrinfo(lk->host, lk->port, &hints, &ai);
	err = errno;
	pthread_mutex_lock(&lk->lock);
	lk->gai = gai;
	lk->sys_errno = err;
	lk->ai = ai;
	lk->done = 1;
	pthread_cond_signal(&lk->cond);
	pthread_mutex_unlock(&lk->lock);
	lookup_unref(lk);
	return NULL;
}

struct lookup *
resolve_bounded(const char *host, int port, int64_t deadline)
{
	struct lookup		*lk;
	pthread_condattr_t	 ca;
	struct timespec		 ts;
	pthread_t		 t;

	lk = xcalloc(1, sizeof *lk);
	pthread_mutex_init(&lk->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&lk->cond, &ca);
	pthread_condattr_destroy(&ca);
	lk->refs = 2;
	lk->host = xstrdup(host);
	snprintf(lk->port, sizeof lk->port, "%d", port);
	if (pthread_create(&t, NULL, lookup_main, lk) != 0) {
		lk->refs = 1;
		lookup_unref(lk);
		return NULL;
	}
	pthread_detach(t);
	ts.tv_sec = deadline / 1000;
	ts.tv_nsec = (deadline % 1000) * 1000000;
	pthread_mutex_lock(&lk->lock);
	while (!lk->done) {
		if (pthread_cond_timedwait(&lk->cond, &lk->lock, &ts) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&lk->lock);
	return lk;
}
