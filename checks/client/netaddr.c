/* netaddr.c: shared address facts, so one TCP connection serves both the connect and the banner check. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/client/netaddr.h"

static pthread_mutex_t netaddr_lock = PTHREAD_MUTEX_INITIALIZER;

int
netaddr_take_fd(struct netaddr_list *l, int *index)
{
	int	 i, fd = -1;

	pthread_mutex_lock(&netaddr_lock);
	for (i = 0; i < l->n; i++) {
		if (l->a[i].error == 0 && l->a[i].fd != -1) {
			fd = l->a[i].fd;
			l->a[i].fd = -1;
			if (index != NULL)
				*index = i;
			break;
		}
	}
	pthread_mutex_unlock(&netaddr_lock);
	return fd;
}

void
netaddr_list_free(void *p)
{
	struct netaddr_list	*l = p;
	int			 i;

	for (i = 0; i < l->n; i++) {
		if (l->a[i].fd != -1)
			close(l->a[i].fd);
	}
	free(l);
}

void
netaddr_format(const struct netaddr *a, int port, char *buf, size_t len)
{
	if (a->sa.ss_family == AF_INET6)
		snprintf(buf, len, "[%s]:%d", a->text, port);
	else
		snprintf(buf, len, "%s:%d", a->text, port);
}
