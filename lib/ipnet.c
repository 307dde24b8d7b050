/* ipnet.c: IPv4/IPv6 addresses and networks as logs, firewalls and ban lists write them, and whether one covers another (pure). */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ipnet.h"

#define IPNET_TEXT_MAX	64	/* longer than any address with a prefix */

static const unsigned char v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

static void
clear_host_bits(struct ipnet *n)
{
	int	 total = n->family == AF_INET ? 4 : 16, i, keep;

	for (i = 0; i < total; i++) {
		keep = n->bits - i * 8;
		if (keep >= 8)
			continue;
		if (keep <= 0)
			n->addr[i] = 0;
		else
			n->addr[i] &= (unsigned char)(0xff << (8 - keep));
	}
}

/* A dotted IPv4 mask ("255.255.255.0") as a prefix length; -1 if not contiguous. */
static int
mask_bits(const char *s)
{
	struct in_addr	 m;
	unsigned long	 v;
	int		 bits = 0;

	if (inet_pton(AF_INET, s, &m) != 1)
		return -1;
	v = ntohl(m.s_addr);
	while (bits < 32 && (v & (0x80000000UL >> bits)) != 0)
		bits++;
	if (bits < 32 && (v & (0xffffffffUL >> bits)) != 0)
		return -1;
	return bits;
}

int
ipnet_parse(const char *s, size_t len, struct ipnet *n)
{
	char		 buf[IPNET_TEXT_MAX], *slash, *pct, *addr, *end;
	unsigned char	 a6[16];
	long		 bits = -1;
	size_t		 alen;

	memset(n, 0, sizeof *n);
	if (s == NULL || len == 0 || len >= sizeof buf || memchr(s, '\0', len) != NULL)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	addr = buf;
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	if (addr[0] == '[') {
		alen = strlen(addr);
		if (alen < 3 || addr[alen - 1] != ']')
			return -1;
		addr[alen - 1] = '\0';
		addr++;
	}
	if ((pct = strchr(addr, '%')) != NULL && strchr(addr, ':') != NULL)
		*pct = '\0';
	if (slash != NULL) {
		if (*slash == '\0')
			return -1;
		if (strspn(slash, "0123456789") == strlen(slash) && strlen(slash) <= 3) {
			bits = strtol(slash, &end, 10);
		} else if (strchr(addr, ':') == NULL) {
			if ((bits = mask_bits(slash)) < 0)
				return -1;
		} else
			return -1;
	}
	if (inet_pton(AF_INET, addr, n->addr) == 1) {
		n->family = AF_INET;
		if (bits > 32)
			return -1;
		n->bits = bits < 0 ? 32 : (int)bits;
	} else if (inet_pton(AF_INET6, addr, a6) == 1) {
		if (bits > 128)
			return -1;
		if (memcmp(a6, v4mapped, sizeof v4mapped) == 0 && (bits < 0 || bits >= 96)) {
			/* ::ffff:192.0.2.7 is how a dual-stack socket names an IPv4 client */
			n->family = AF_INET;
			memcpy(n->addr, a6 + 12, 4);
			n->bits = bits < 0 ? 32 : (int)bits - 96;
		} else {
			n->family = AF_INET6;
			memcpy(n->addr, a6, 16);
			n->bits = bits < 0 ? 128 : (int)bits;
		}
	} else
		return -1;
	clear_host_bits(n);
	return 0;
}

int
ipnet_parse_str(const char *s, struct ipnet *n)
{
	return ipnet_parse(s, s != NULL ? strlen(s) : 0, n);
}

/* Do the first bits bits of a and b agree? */
static int
prefix_equal(const unsigned char *a, const unsigned char *b, int bits)
{
	int	 full = bits / 8, rest = bits % 8;
	unsigned char m;

	if (memcmp(a, b, (size_t)full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	m = (unsigned char)(0xff << (8 - rest));
	return (a[full] & m) == (b[full] & m);
}

int
ipnet_contains(const struct ipnet *net, const struct ipnet *host)
{
	if (net->family == 0 || net->family != host->family || host->bits < net->bits)
		return 0;
	return prefix_equal(net->addr, host->addr, net->bits);
}

int
ipnet_overlaps(const struct ipnet *a, const struct ipnet *b)
{
	if (a->family == 0 || a->family != b->family)
		return 0;
	return prefix_equal(a->addr, b->addr, a->bits < b->bits ? a->bits : b->bits);
}

void
ipnet_format(const struct ipnet *n, char *buf, size_t len)
{
	char	 text[INET6_ADDRSTRLEN];
	int	 full = n->family == AF_INET ? 32 : 128;

	if (len == 0)
		return;
	if (n->family == 0 || inet_ntop(n->family, n->addr, text, sizeof text) == NULL) {
		snprintf(buf, len, "?");
		return;
	}
	if (n->bits == full)
		snprintf(buf, len, "%s", text);
	else
		snprintf(buf, len, "%s/%d", text, n->bits);
}
