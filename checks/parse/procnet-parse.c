/* procnet-parse.c: parses the kernel's /proc/net/tcp and /proc/net/tcp6 tables (pure: text in, entries out). */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/procnet-parse.h"
#include "lib/xmalloc.h"

#define NTOKENS	10	/* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Exactly n hex digits (n <= 8) into *v. */
static int
hexn(const char *s, size_t n, uint32_t *v)
{
	size_t	 i;
	int	 d;

	*v = 0;
	if (n == 0 || n > 8)
		return -1;
	for (i = 0; i < n; i++) {
		if ((d = hexval(s[i])) == -1)
			return -1;
		*v = (*v << 4) | (uint32_t)d;
	}
	return 0;
}

/* Decimal digits only, at most 20, fitting an unsigned long. */
static int
decval(const char *s, size_t n, unsigned long *v)
{
	size_t	 i;

	*v = 0;
	if (n == 0 || n > 20)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (*v > (~0UL - 9) / 10)
			return -1;
		*v = *v * 10 + (unsigned long)(s[i] - '0');
	}
	return 0;
}

/* "HEXADDR:HEXPORT": 8 (IPv4) or 32 (IPv6) address digits, 1 to 4 port digits. */
static int
endpoint(const char *s, size_t n, int family, unsigned char *addr, unsigned int *port)
{
	const char	*colon = memchr(s, ':', n);
	size_t		 alen, i, words = family == AF_INET6 ? 4 : 1;
	uint32_t	 w, p;

	if (colon == NULL)
		return -1;
	alen = (size_t)(colon - s);
	if (alen != 8 * words)
		return -1;
	memset(addr, 0, 16);
	for (i = 0; i < words; i++) {
		if (hexn(s + 8 * i, 8, &w) != 0)
			return -1;
		/* The kernel prints each 32-bit word as this machine holds it in memory. */
		memcpy(addr + 4 * i, &w, 4);
	}
	if (hexn(colon + 1, n - alen - 1, &p) != 0 || n - alen - 1 > 4)
		return -1;
	*port = p;
	return 0;
}

/* "HEX:HEX" with 1 to 8 digits each side. */
static int
hexpair(const char *s, size_t n)
{
	const char	*colon = memchr(s, ':', n);
	uint32_t	 v;

	if (colon == NULL)
		return -1;
	if (hexn(s, (size_t)(colon - s), &v) != 0)
		return -1;
	return hexn(colon + 1, n - (size_t)(colon - s) - 1, &v);
}

/* One row; 1 parsed, 0 a line to skip quietly (header, blank), -1 not a row. */
static int
parse_row(const char *line, size_t len, int family, struct procnet_entry *e)
{
	const char	*tok[NTOKENS];
	size_t		 tlen[NTOKENS], nt = 0, i = 0, start;
	unsigned long	 v;
	uint32_t	 st;

	if (len > PROCNET_LINE_MAX)
		return -1;
	while (i < len && nt < NTOKENS) {
		while (i < len && line[i] == ' ')
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && line[i] != ' ')
			i++;
		tok[nt] = line + start;
		tlen[nt] = i - start;
		nt++;
	}
	if (nt == 0)
		return 0;
	if (nt >= 2 && tlen[1] == 13 && memcmp(tok[1], "local_address", 13) == 0)
		return 0;
	if (nt < NTOKENS)
		return -1;
	/* "sl" is a decimal row number with a colon. */
	if (tlen[0] < 2 || tok[0][tlen[0] - 1] != ':' ||
	    decval(tok[0], tlen[0] - 1, &v) != 0)
		return -1;
	memset(e, 0, sizeof *e);
	e->family = family;
	if (endpoint(tok[1], tlen[1], family, e->laddr, &e->lport) != 0 ||
	    endpoint(tok[2], tlen[2], family, e->raddr, &e->rport) != 0)
		return -1;
	if (tlen[3] > 2 || hexn(tok[3], tlen[3], &st) != 0)
		return -1;
	e->state = st;
	if (hexpair(tok[4], tlen[4]) != 0 || hexpair(tok[5], tlen[5]) != 0 ||
	    hexn(tok[6], tlen[6], &st) != 0)
		return -1;
	if (decval(tok[7], tlen[7], &e->uid) != 0)
		return -1;
	/* timeout is signed in the kernel's format */
	if (decval(tok[8][0] == '-' ? tok[8] + 1 : tok[8],
	    tok[8][0] == '-' ? tlen[8] - 1 : tlen[8], &v) != 0)
		return -1;
	if (decval(tok[9], tlen[9], &e->inode) != 0)
		return -1;
	return 1;
}

void
procnet_parse(const char *buf, size_t len, int family, int listen_only,
    struct procnet_table *t)
{
	struct procnet_entry	 e;
	const char		*p = buf, *end = buf + len, *nl;
	int			 r;

	if (family != AF_INET && family != AF_INET6)
		return;
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;	/* cut by the read: not a whole row */
		r = parse_row(p, (size_t)(nl - p), family, &e);
		p = nl + 1;
		if (r == 0)
			continue;
		if (r == -1) {
			t->bad++;
			continue;
		}
		if ((listen_only && e.state != PROCNET_LISTEN) ||
		    t->n >= PROCNET_MAX_ENTRIES) {
			t->dropped++;
			continue;
		}
		if (t->n == t->cap) {
			t->cap = t->cap == 0 ? 64 : t->cap * 2;
			t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
		}
		t->v[t->n++] = e;
	}
}

void
procnet_free(struct procnet_table *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}

void
procnet_addr_text(int family, const unsigned char *addr, char *buf, size_t len)
{
	if (len == 0)
		return;
	if (inet_ntop(family == AF_INET6 ? AF_INET6 : AF_INET, addr, buf,
	    (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
}

void
procnet_endpoint_text(int family, const unsigned char *addr, unsigned int port,
    char *buf, size_t len)
{
	char	 a[INET6_ADDRSTRLEN];

	procnet_addr_text(family, addr, a, sizeof a);
	if (family == AF_INET6)
		snprintf(buf, len, "[%s]:%u", a, port);
	else
		snprintf(buf, len, "%s:%u", a, port);
}

int
procnet_addr_any(int family, const unsigned char *addr)
{
	static const unsigned char zero[16];

	return memcmp(addr, zero, family == AF_INET6 ? 16 : 4) == 0;
}

int
procnet_addr_loopback(int family, const unsigned char *addr)
{
	static const unsigned char v6lo[16] = { [15] = 1 };
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (family == AF_INET)
		return addr[0] == 127;
	if (memcmp(addr, v6lo, 16) == 0)
		return 1;
	return memcmp(addr, mapped, 12) == 0 && addr[12] == 127;
}
