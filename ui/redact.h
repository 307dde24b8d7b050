/* redact.h: --redact: user names, host names and addresses in the JSON report replaced by consistent placeholders (user-1, host-1, addr-1) as it is written. */
#ifndef REDACT_H
#define REDACT_H

#include <stddef.h>

#include "lib/util.h"

struct redact {
	struct strlist	 users;		/* known user names (exact match) */
	struct strlist	 hosts;		/* known host names (case-insensitive) */
	struct strlist	 from;		/* what was replaced (host names lower-cased) */
	struct strlist	 to;		/* by what */
	int		 nuser, nhost, naddr;	/* placeholders handed out */
};

void	 redact_init(struct redact *);
void	 redact_free(struct redact *);
/* Names to replace wherever they stand as a word ("root" is never private). */
void	 redact_user(struct redact *, const char *);
void	 redact_host(struct redact *, const char *);

/*
 * Replace in text: IPv4 and IPv6 addresses (addr-N), known user names and
 * path components after /home/ (user-N), known host names and words shaped
 * like a domain name, except well-known software domains and file names
 * (host-N). The same input always gets the same placeholder. New string.
 */
char	*redact_text(struct redact *, const char *text);

#endif
