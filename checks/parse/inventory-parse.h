/* inventory-parse.h: reads `ansible-inventory --list` JSON into hosts with their connection variables (pure). */
#ifndef INVENTORY_PARSE_H
#define INVENTORY_PARSE_H

#include <stddef.h>

#include "lib/util.h"

#define INV_JSON_MAX	(16 * 1024 * 1024)	/* bytes of JSON read */
#define INV_HOSTS_MAX	100000	/* hosts kept */
#define INV_NAME_MAX	255	/* bytes of a host name or a variable's value */

/* One inventory host and the variables Ansible's ssh connection would use. */
struct inv_host {
	char		*name;		/* the inventory name */
	char		*host;		/* ansible_host, else the name */
	char		*user;		/* ansible_user, or NULL */
	int		 port;		/* ansible_port, 0 if not set */
	char		*key_file;	/* ansible_ssh_private_key_file, or NULL */
	struct strlist	 ssh_args;	/* the values of -o in ansible_ssh_common_args/extra_args */
	struct strlist	 ignored;	/* other words of those, and variables that could not be read */
};

struct inv_list {
	struct inv_host	*v;
	size_t		 n;
};

/*
 * Parse text[0..len): groups from "all" down through "children" (hosts in
 * first-seen order, each once), variables from "_meta"."hostvars". 0, or -1
 * with *cause when it is not ansible-inventory's JSON. Free with inventory_free.
 */
int	 inventory_parse(const char *text, size_t len, struct inv_list *, char **cause);
void	 inventory_free(struct inv_list *);
/*
 * The names `ansible PATTERN --list-hosts` prints ("  hosts (N):" then a name
 * a line) into out. -1 when the text has no such header.
 */
int	 inventory_parse_list_hosts(const char *text, struct strlist *out);
/* Keep only the hosts whose names are in keep (order unchanged). */
void	 inventory_filter(struct inv_list *, const struct strlist *keep);
/*
 * Split s as a POSIX shell would split words (quotes, backslashes; no
 * expansions) into out. -1 for an unterminated quote (out is then emptied).
 */
int	 inventory_split_words(const char *s, struct strlist *out);

#endif
