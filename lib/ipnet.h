/* ipnet.h: IPv4/IPv6 addresses and networks as logs, firewalls and ban lists write them, and whether one covers another (pure). */
#ifndef IPNET_H
#define IPNET_H

#include <stddef.h>

struct ipnet {
	int		 family;	/* AF_INET or AF_INET6 (IPv4-mapped IPv6 becomes AF_INET) */
	unsigned char	 addr[16];	/* network order; 4 bytes used for AF_INET */
	int		 bits;		/* prefix length: 32 or 128 for a single address */
};

/*
 * Parse len bytes of "ADDR", "ADDR/BITS", "ADDR/DOTTED-MASK" (IPv4) or
 * "[ADDR]" (also "[ADDR]/BITS"); an IPv6 "%scope" is ignored. Host bits past
 * the prefix are cleared. Returns 0, or -1 if it is not an address.
 */
int	 ipnet_parse(const char *s, size_t len, struct ipnet *);
/* The same for a C string. */
int	 ipnet_parse_str(const char *s, struct ipnet *);
/* Non-zero if host (an address or a network) lies inside net. */
int	 ipnet_contains(const struct ipnet *net, const struct ipnet *host);
/* Non-zero if the two networks share at least one address. */
int	 ipnet_overlaps(const struct ipnet *, const struct ipnet *);
/* "192.0.2.0/24", or "192.0.2.7" for a single address, into buf. */
void	 ipnet_format(const struct ipnet *, char *buf, size_t len);

#endif
