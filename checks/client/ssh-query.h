/* ssh-query.h: what this machine's ssh binary supports (ssh -Q), for the checks that suggest an algorithm. */
#ifndef SSH_QUERY_H
#define SSH_QUERY_H

#include "checks/check.h"

/* ssh -Q QUERY as one comma-joined list (owned), or NULL when ssh cannot tell. */
char	*ssh_query(struct check_ctx *, const char *query);

#endif
