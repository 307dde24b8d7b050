/* banner-conn.h: the connection ssh-banner hands on after a good identification, so the KEXINIT comes from the same one. */
#ifndef BANNER_CONN_H
#define BANNER_CONN_H

#include <stddef.h>

#include "checks/check.h"

#define BANNER_IDENT_MAX	256

struct banner_conn {
	int		 fd;		/* connected socket; -1 once taken */
	unsigned char	 leftover[4096];	/* bytes read past the identification line */
	size_t		 leftover_len;	/* how many */
	char		 sent[BANNER_IDENT_MAX];	/* our identification, without CR LF */
	char		 ident[BANNER_IDENT_MAX];	/* the server's, as received, or "" */
};

/* The connection ssh-banner hands on (ctx must need "ssh-banner"), or NULL. */
static inline struct banner_conn *
banner_conn_dep(struct check_ctx *ctx)
{
	return check_data(ctx, "ssh-banner");
}

#endif
