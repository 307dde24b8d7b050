/* procnet-parse.h: parses the kernel's /proc/net/tcp and /proc/net/tcp6 tables (pure: text in, entries out). */
#ifndef PROCNET_PARSE_H
#define PROCNET_PARSE_H

#include <stddef.h>

#define PROCNET_LISTEN		0x0a	/* TCP_LISTEN in the "st" column */
#define PROCNET_MAX_ENTRIES	65536	/* entries kept of one table; the rest is counted */
#define PROCNET_LINE_MAX	512	/* a longer line is not one the kernel writes */

struct procnet_entry {
	int		 family;	/* AF_INET or AF_INET6 */
	unsigned char	 laddr[16];	/* local address, network order (4 bytes for AF_INET) */
	unsigned int	 lport;		/* local port */
	unsigned char	 raddr[16];	/* remote address */
	unsigned int	 rport;		/* remote port */
	unsigned int	 state;		/* TCP state; PROCNET_LISTEN for listening sockets */
	unsigned long	 uid;		/* the socket's owner */
	unsigned long	 inode;		/* as in /proc/PID/fd links "socket:[INODE]" */
};

struct procnet_table {
	struct procnet_entry *v;	/* entries, in table order */
	size_t		 n;		/* entries kept */
	size_t		 cap;		/* allocated */
	size_t		 bad;		/* lines that are not table rows */
	size_t		 dropped;	/* rows past PROCNET_MAX_ENTRIES or filtered out */
};

/*
 * Parse len bytes of a table of family (AF_INET: /proc/net/tcp, AF_INET6:
 * /proc/net/tcp6) and append its rows to t (zeroed before the first call).
 * The header line is skipped; a last line without a newline is ignored (a
 * bounded read cut it). With listen_only, rows in other states are only
 * counted. Addresses are read as the kernel prints them: 32-bit words in this
 * machine's byte order, so the table must come from this machine.
 */
void	 procnet_parse(const char *buf, size_t len, int family, int listen_only,
	    struct procnet_table *t);
void	 procnet_free(struct procnet_table *);

/* "127.0.0.1", "::1", "::ffff:192.0.2.1". */
void	 procnet_addr_text(int family, const unsigned char *addr, char *buf, size_t len);
/* "127.0.0.1:22" or "[::1]:22". */
void	 procnet_endpoint_text(int family, const unsigned char *addr, unsigned int port,
	    char *buf, size_t len);
/* Non-zero for the wildcard address (0.0.0.0 or ::). */
int	 procnet_addr_any(int family, const unsigned char *addr);
/* Non-zero for a loopback address (127/8, ::1, ::ffff:127/104). */
int	 procnet_addr_loopback(int family, const unsigned char *addr);

#endif
