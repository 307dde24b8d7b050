/* sshdconf-parse.h: the listening ports of an sshd_config file as written, for when sshd -T cannot run. */
#ifndef SSHDCONF_PARSE_H
#define SSHDCONF_PARSE_H

#include <stddef.h>

#include "lib/util.h"

#define SSHDCONF_PORTS_MAX	16

struct sshdconf_ports {
	int		 port[SSHDCONF_PORTS_MAX];	/* Port lines, in order */
	size_t		 nport;
	int		 la_port[SSHDCONF_PORTS_MAX];	/* ports written on ListenAddress */
	size_t		 nla_port;
	int		 la_bare;	/* a ListenAddress without a port (uses Port) */
	struct strlist	 includes;	/* Include arguments, as written */
};

/*
 * Add the Port, ListenAddress and Include lines of one file's text (the global part:
 * up to the first Match) to p. Keywords are case-insensitive, "Key value" or
 * "Key=value", comments and blank lines skipped, lines cut at 4096 bytes.
 */
void	 sshdconf_scan(const char *text, size_t len, struct sshdconf_ports *p);

/* The ports sshd would listen on, as sshd -T's listenaddress would show them: the
 * explicit ListenAddress ports, plus Port (or 22) for the others. Returns the count. */
size_t	 sshdconf_effective(const struct sshdconf_ports *p, int *out, size_t max);

void	 sshdconf_free(struct sshdconf_ports *p);

#endif
