/* banner-parse.h: incremental parser for what an SSH server sends first (RFC 4253 4.2), with OpenSSH's limits. */
#ifndef BANNER_PARSE_H
#define BANNER_PARSE_H

#include <stddef.h>

#include "lib/util.h"

#define BANNER_LINE_MAX		8192	/* OpenSSH's SSH_MAX_BANNER_LEN: longer is "banner line too long" */
#define BANNER_LINES_MAX	1024	/* OpenSSH's SSH_MAX_PRE_BANNER_LINES */
#define BANNER_BYTES_MAX	(1024 * 1024)	/* total bytes read before giving up */
#define BANNER_KEEP_LINES	8	/* pre-banner lines kept as evidence */
#define BANNER_KEEP_CHARS	255	/* characters kept of each line */
#define BANNER_HEAD_MAX		512	/* first raw bytes kept to recognise other protocols */

enum banner_state {
	BANNER_MORE,		/* no identification line yet: read on */
	BANNER_FOUND,		/* an identification line ("SSH-...") is complete */
	BANNER_INVALID,		/* the peer sent what OpenSSH's client rejects */
};

enum banner_refusal {
	REFUSAL_NONE,
	REFUSAL_MAXSTARTUPS,	/* "Exceeded MaxStartups" (sshd up to 9.7) */
	REFUSAL_NOT_ALLOWED,	/* "Not allowed at this time" (sshd 9.8+: MaxStartups or PerSourcePenalties) */
};

struct banner_parser {
	enum banner_state state;	/* where parsing stands */
	const char	*problem;	/* why BANNER_INVALID, in OpenSSH's words */
	char		*line;		/* the line being assembled (up to BANNER_LINE_MAX) */
	size_t		 linelen;	/* bytes in line */
	int		 expect_nl;	/* a CR was seen: only LF may follow */
	size_t		 total;		/* bytes consumed */
	size_t		 nlines;	/* complete pre-banner lines seen */
	unsigned char	 head[BANNER_HEAD_MAX];	/* the first raw bytes */
	size_t		 headlen;	/* bytes in head */
	struct strlist	 pre;		/* sanitized pre-banner lines, the first BANNER_KEEP_LINES */
	char		*ident;		/* sanitized identification line, without CR LF */
	char		*proto;		/* protocol version, "2.0", "1.99", "1.5" */
	char		*software;	/* software version, e.g. "OpenSSH_9.2p1" */
	char		*comment;	/* text after the first space, or NULL */
	int		 ident_ok;	/* the line has RFC 4253's "SSH-x.y-software" shape */
	enum banner_refusal refusal;	/* a known sshd refusal among the pre-banner lines */
};

void	 banner_init(struct banner_parser *);
/* Consume bytes; returns how many were used (bytes after the identification line are left). */
size_t	 banner_feed(struct banner_parser *, const void *buf, size_t len);
void	 banner_free(struct banner_parser *);
/* Name of a non-SSH protocol recognised from a peer's first bytes ("HTTP", "TLS", "SMTP", ...), or NULL. */
const char *banner_guess_protocol(const unsigned char *buf, size_t len);
/* The protocol major version from proto: 2 for "2.0" and "1.99", 1 for "1.x", -1 if unreadable. */
int	 banner_major(const struct banner_parser *);

#endif
