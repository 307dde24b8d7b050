/* sshconf.h: what `ssh -G` says the client will use, and where in the config files a directive is set. */
#ifndef SSHCONF_H
#define SSHCONF_H

#include "checks/check.h"
#include "lib/util.h"

/* Effective configuration, as ssh -G prints it: lower-case keyword, value. */
struct sshconf {
	struct strlist	 keys;		/* keywords, in output order */
	struct strlist	 values;	/* their values (sanitized) */
};

/* The two views the ssh-config check records. */
struct sshconf_pair {
	struct sshconf	 user;		/* with the person's configuration */
	struct sshconf	 clean;		/* with -F /dev/null */
	int		 have_clean;	/* the clean one could be read */
};

/*
 * Where ssh would really connect: HostName and Port from the ssh-config
 * check when it ran (ctx must need "ssh-config"), else the target as given.
 */
void	 sshconf_effective(struct check_ctx *, const char **host, int *port);
/* The ssh-config check's data once it ran (ctx must need "ssh-config"), else NULL. */
const struct sshconf_pair *sshconf_pair_dep(struct check_ctx *);
/* User (if asked), HostName and Port from pair, else (pair NULL or unset) from opt. */
void	 sshconf_pair_effective(const struct sshconf_pair *, const struct check_options *,
	    const char **user, const char **host, int *port);

void	 sshconf_parse(const char *out, struct sshconf *);
void	 sshconf_free(struct sshconf *);
/* First value of keyword, or NULL. */
const char *sshconf_get(const struct sshconf *, const char *keyword);

/* argv slots sshconf_target_argv may fill: room for CHECK_SSH_OPTIONS_MAX -o and ssh_attempt's own. */
#define SSHCONF_ARGV_MAX	160

/*
 * Build the argv of an ssh invocation for the check's target: ssh, the given
 * leading options, the person's -F/-i/-l/-p, "--", host. The host was
 * validated (never starts with '-'), and "--" makes sure of it. port is
 * the caller's buffer for the port number's text.
 */
void	 sshconf_target_argv(const struct check_options *, const char *const *pre,
	    int clean, const char *const *post, const char **argv, size_t max,
	    char port[8]);

/*
 * Find where keyword is set in the client configuration files (the -F file,
 * or ~/.ssh/config and /etc/ssh/ssh_config with their Includes). Appends
 * "FILE:LINE: text" entries to out.
 */
void	 sshconf_locate(const struct check_options *, const char *keyword,
	    struct strlist *out);

#endif
