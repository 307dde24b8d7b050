/* myip.h: the public address(es) this machine appears from, asked of an HTTPS echo service, and the validation of its answer. */
#ifndef MYIP_H
#define MYIP_H

#include <stddef.h>

/* Used only when the person asks (--my-ip) and names no service; never in tests. */
#define MYIP_DEFAULT_URL	"https://icanhazip.com/"
/* An echo answer is one address and a newline: anything longer is refused. */
#define MYIP_ANSWER_MAX		256

struct myip_family {
	char		 addr[64];	/* normalized address, or "" */
	char		*error;		/* why this family gave none, or NULL */
};

struct myip {
	struct myip_family v4;		/* asked over IPv4 */
	struct myip_family v6;		/* asked over IPv6 */
	int		 same;		/* both requests got the same answer (a proxy) */
};

/*
 * Validate an echo answer: one IPv4 or IPv6 address, optionally surrounded by
 * ASCII white space. Writes the normalized text (inet_ntop) to out and its
 * family (AF_INET, AF_INET6) to *family. 0, or -1 with *cause.
 */
int	 myip_parse(const char *body, size_t len, int *family, char *out,
	    size_t outlen, char **cause);

/*
 * Ask url over IPv4 and over IPv6 at once, each bounded by timeout_ms.
 * label: progress line text on a terminal (NULL: none). Returns the number
 * of families that gave an address.
 */
int	 myip_query(const char *url, int timeout_ms, const char *label, struct myip *);
void	 myip_free(struct myip *);

#endif
