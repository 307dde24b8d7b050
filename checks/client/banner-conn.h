/* banner-conn.h: the connection ssh-banner hands on after a good identification, so the KEXINIT comes from the same one. */
#ifndef BANNER_CONN_H
#define BANNER_CONN_H

#include <stddef.h>

struct banner_conn {
	int		 fd;		/* connected socket; -1 once taken */
	unsigned char	 leftover[4096];	/* bytes read past the identification line */
	size_t		 leftover_len;	/* how many */
};

#endif
