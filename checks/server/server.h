/* server.h: facts the server-side checks (sshd-*, self-probe) hand to each other, and their typed accessors. */
#ifndef SERVER_H
#define SERVER_H

#include <stddef.h>

#include "checks/check.h"
#include "checks/client/sshconf.h"
#include "lib/util.h"

#define SERVER_PORTS_MAX	16	/* ports looked at, at most */
#define SERVER_DEFAULT_CONFIG	"/etc/ssh/sshd_config"

/* One sshd listener process (not a per-connection child). */
struct sshd_proc {
	int		 pid;
	char		*config;	/* its -f file, SERVER_DEFAULT_CONFIG without -f */
	int		 ours;		/* that is the configuration being checked */
	char		*exe;		/* its binary (/proc/PID/exe), or NULL */
	char		*title;		/* sanitized process title */
};

/* sshd-service: which sshd runs, and what systemd says. */
struct sshd_service {
	struct sshd_proc *procs;	/* sshd listeners found in /proc */
	size_t		 nprocs;
	int		 systemd;	/* systemd runs this machine and answered */
	int		 socket_active;	/* ssh.socket is active: systemd holds the port */
	int		 service_active; /* ssh.service or sshd.service is active */
	int		 socket_ports[SERVER_PORTS_MAX];	/* where ssh.socket listens */
	size_t		 nsocket_ports;
	char		 runtime_unit[32];	/* the loaded service unit asked about */
	int		 runtime_sshd;	/* its RuntimeDirectory= makes /run/sshd */
};

/* sshd-config: what sshd -t and sshd -T said. */
struct sshd_config_facts {
	char		*sshd;		/* absolute path of the sshd binary, or NULL */
	char		*config;	/* the configuration file checked */
	int		 root;		/* sshd ran as root (so it could read host keys) */
	int		 needs_root;	/* sshd -t failed only for lack of root */
	int		 invalid;	/* the configuration has errors */
	int		 have_conf;	/* sshd -T printed the effective configuration */
	struct sshconf	 conf;		/* its "keyword value" lines */
	int		 ports[SERVER_PORTS_MAX];	/* where it listens (listenaddress, else port) */
	size_t		 nports;
	int		 ports_from_file;	/* sshd -T could not run: read as written */
	struct strlist	 hostkey_lines;	/* sshd's own lines about host keys */
	struct strlist	 unloadable;	/* key files sshd said it could not load */
	int		 no_hostkeys;	/* "no hostkeys available": sshd cannot start */
	char		*privsep_line;	/* sshd's line about the privilege separation directory */
	char		*privsep_dir;	/* the directory it names, or NULL */
};

enum listen_owner {
	OWNER_NONE,		/* nothing listens */
	OWNER_SSHD,		/* OpenSSH's sshd */
	OWNER_OTHER_SSH,	/* another SSH server (dropbear, tinysshd) */
	OWNER_SYSTEMD,		/* systemd holds the socket (socket activation) */
	OWNER_CONTAINER,	/* a container runtime or port-forwarder */
	OWNER_OTHER,		/* any other program */
	OWNER_UNKNOWN,		/* a process this user may not look into */
};

/* One listening TCP socket on a port sshd should serve. */
struct listen_sock {
	int		 family;	/* AF_INET or AF_INET6 */
	unsigned char	 addr[16];	/* bound address */
	int		 port;
	unsigned long	 uid;		/* socket owner */
	unsigned long	 inode;
	enum listen_owner owner;
	int		 pid;		/* a process holding it (0: none found) */
	char		 comm[32];	/* its name, sanitized */
};

/* sshd-listen: the ports looked at and who listens there. */
struct sshd_listen {
	int		 ports[SERVER_PORTS_MAX];
	size_t		 nports;
	struct listen_sock *socks;
	size_t		 nsocks;
};

/* The first value of keyword in sshd -T's output, or NULL (facts may be NULL). */
const char *sshd_facts_get(const struct sshd_config_facts *, const char *keyword);

/* Typed needs: each producer's data, bound to its check id (NULL if it left none). */
static inline const struct sshd_service *
sshd_service_dep(struct check_ctx *ctx)
{
	return check_data(ctx, "sshd-service");
}

static inline const struct sshd_config_facts *
sshd_config_dep(struct check_ctx *ctx)
{
	return check_data(ctx, "sshd-config");
}

static inline const struct sshd_listen *
sshd_listen_dep(struct check_ctx *ctx)
{
	return check_data(ctx, "sshd-listen");
}

#endif
