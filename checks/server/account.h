/* account.h: what the account check found (--user), for the checks that look into the account's keys. */
#ifndef ACCOUNT_H
#define ACCOUNT_H

#include <sys/types.h>

#include "checks/check.h"
#include "checks/client/sshconf.h"

struct account_data {
	char		*name;		/* the account, as getpwnam found it */
	char		*home;		/* its home directory */
	uid_t		 uid;
	const char	*addr;		/* the client address the configuration was asked for */
	int		 have_conf;	/* sshd -T -C printed the configuration for it */
	struct sshconf	 conf;		/* that configuration */
};

static inline const struct account_data *
account_dep(struct check_ctx *ctx)
{
	return check_data(ctx, "account");
}

#endif
