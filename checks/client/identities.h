/* identities.h: the keys ssh would offer: IdentityFile paths from ssh -G and the agent's keys (ssh-add -L). */
#ifndef IDENTITIES_H
#define IDENTITIES_H

#include "checks/check.h"
#include "checks/client/sshconf.h"
#include "checks/parse/keyfile-parse.h"
#include "lib/util.h"

#define IDENTITY_FILES_MAX	16	/* IdentityFile values looked at */

struct identities {
	struct strlist	 paths;		/* IdentityFile values, expanded, in ssh -G order */
	int		 unexpanded;	/* values with tokens sshdoc cannot expand */
	int		 only;		/* IdentitiesOnly yes */
	int		 pubkey_off;	/* PubkeyAuthentication no */
	int		 batch;		/* BatchMode yes: ssh cannot ask for a passphrase */
};

enum agent_state {
	AGENT_UNSET,		/* no SSH_AUTH_SOCK */
	AGENT_DISABLED,		/* IdentityAgent none */
	AGENT_STALE,		/* the socket path is missing or not a socket */
	AGENT_UNREACHABLE,	/* a socket, but no agent answers on it */
	AGENT_EMPTY,		/* "The agent has no identities." */
	AGENT_KEYS,		/* it lists keys */
	AGENT_NO_SSH_ADD,	/* ssh-add is not installed */
};

struct agent {
	enum agent_state state;
	char		*sock;		/* the socket asked (sanitized for evidence), or NULL */
	struct agentkeys keys;		/* when AGENT_KEYS */
};

void	 identities_read(struct check_ctx *, const struct sshconf *, struct identities *);
void	 identities_free(struct identities *);
/* Ask the agent ssh would use (IdentityAgent, else SSH_AUTH_SOCK) for its public keys. */
void	 agent_read(struct check_ctx *, const struct sshconf *, struct agent *);
void	 agent_free(struct agent *);
/* One phrase for the evidence: "2 keys in the agent at /tmp/...". */
void	 agent_describe(const struct agent *, char *buf, size_t len);

#endif
