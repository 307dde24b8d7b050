/* bans-parse.h: reads fail2ban-client's status output and /etc/hosts.allow, /etc/hosts.deny (hosts_access(5)) for a client address (pure). */
#ifndef BANS_PARSE_H
#define BANS_PARSE_H

#include <stddef.h>

#include "lib/ipnet.h"
#include "lib/util.h"

#define F2B_JAILS_MAX	32	/* jails looked at */
#define F2B_SAMPLE	5	/* banned addresses quoted per jail */

/*
 * The jails of `fail2ban-client status` ("`- Jail list:\tsshd, recidive").
 * Names that are not safe as a command argument are counted in *unsafe and
 * left out. Returns the number of jails, or -1 if there is no jail list.
 */
int	 f2b_parse_status(const char *out, struct strlist *jails, size_t *unsafe);
/* A jail name sshdoc passes to fail2ban-client: [A-Za-z0-9_.-], not starting with '-'. */
int	 f2b_jail_name_ok(const char *);

struct f2b_jail {
	long		 currently_failed;	/* -1 if not shown */
	long		 currently_banned;
	long		 total_banned;
	size_t		 listed;		/* entries in "Banned IP list" */
	struct strlist	 sample;		/* the first F2B_SAMPLE of them (raw) */
	char		*client_entry;		/* the entry that covers the client, or NULL */
	char		*source;		/* "File list" or "Journal matches" (raw) */
};

/*
 * Read `fail2ban-client status JAIL`; client (may be NULL) is looked for in
 * the banned list (an entry may be a network). Returns 0, or -1 if the text
 * is no jail status.
 */
int	 f2b_parse_jail(const char *out, const struct ipnet *client, struct f2b_jail *);
void	 f2b_jail_free(struct f2b_jail *);

/*
 * The server socket a fail2ban configuration file sets in one section
 * (`socket = PATH`; "Definition", or "DEFAULT", whose values every section
 * has unless it sets its own; the last one counts, as in fail2ban's reader).
 * Returns 1 with the path in out, 0 when the text sets none there, -1 when
 * the value cannot be used as it stands (not absolute, too long, interpolated).
 */
int	 f2b_conf_socket(const char *text, size_t len, const char *section, char *out,
	    size_t outlen);

enum hosts_result {
	HOSTS_NONE,		/* no line applies */
	HOSTS_MATCH,		/* a line applies to the daemon and the client */
	HOSTS_MAYBE,		/* a line may apply: host names, LOCAL, files, or no client given */
};

struct hosts_hit {
	enum hosts_result result;
	long		 line;		/* its line number (the first of a continued line) */
	char		*text;		/* the line, raw (cut at 300 bytes) */
	char		*why;		/* for HOSTS_MAYBE: what it depends on */
};

/*
 * The first line of a hosts.allow or hosts.deny text that applies to daemon
 * (as sshd names itself to libwrap) and client (NULL: any client). A line
 * that surely applies ends the search; possible ones are remembered (the
 * first) and the search goes on. Returns HOSTS_MATCH if one surely applies,
 * else HOSTS_MAYBE or HOSTS_NONE; *hit gets that line.
 */
enum hosts_result hosts_access_match(const char *text, size_t len, const char *daemon,
	    const struct ipnet *client, struct hosts_hit *hit);
void	 hosts_hit_free(struct hosts_hit *);

#endif
