/* usermatch.h: sshd's user, group and address patterns (match.c match_pattern, match_user) and AuthorizedKeysFile tokens, evaluated without sshd (pure). */
#ifndef USERMATCH_H
#define USERMATCH_H

#include <sys/types.h>

/* "*" and "?" globbing as sshd's match_pattern (case-sensitive): 1 or 0. */
int	 usermatch_pattern(const char *s, const char *pattern);
/*
 * One AllowUsers or DenyUsers word against user, host and address:
 * "alice", "a*", "alice@192.0.2.0/24", "alice@*.example.org",
 * "bob@!10.0.0.1,10.0.0.0/8". 1 matches, 0 does not.
 */
int	 usermatch_user(const char *user, const char *host, const char *addr,
	    const char *pattern);
/*
 * AuthorizedKeysFile or ChrootDirectory tokens: %h home, %u user, %U uid,
 * %% a percent; a relative result is taken from home. NULL for an unknown token.
 */
char	*usermatch_expand(const char *tmpl, const char *user, const char *home, uid_t uid);

#endif
