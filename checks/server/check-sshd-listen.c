/* check-sshd-listen.c: who listens on the ports sshd should serve (/proc/net/tcp{,6} mapped to processes via /proc/PID/fd). */
#include <sys/socket.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "lib/procfs.h"
#include "checks/parse/procnet-parse.h"
#include "lib/sanitize.h"
#include "checks/server/server.h"
#include "lib/xmalloc.h"

#define LISTEN_TABLE_MAX	(8 * 1024 * 1024)	/* bytes read of each table */
#define LISTEN_FDS_MAX		(1 << 20)		/* fd links looked at, in all */

/* Programs that accept connections on behalf of a container or a remote pod. */
static const char *const container_names[] = {
	"docker-proxy", "dockerd", "containerd", "podman", "conmon", "rootlessport",
	"rootlesskit", "slirp4netns", "pasta", "kubectl", "kube-proxy", "lxd", "incusd",
	NULL
};
static const char *const ssh_names[] = { "dropbear", "tinysshd", NULL };

/* A listening socket and the most telling process that holds it. */
struct holder {
	unsigned long	 inode;
	enum listen_owner owner;	/* OWNER_NONE until a holder is found */
	int		 pid;
	char		 comm[32];
	char		*exe;
};

struct fdscan {
	struct holder	*h;		/* sorted by inode */
	size_t		 n;
	size_t		 fds;		/* links looked at */
	size_t		 denied;	/* processes whose fds we may not read */
	int64_t		 deadline;
};

/* Lower is more telling: a socket systemd passed on is served by the one it passed it to. */
static int
rank(enum listen_owner o)
{
	switch (o) {
	case OWNER_SSHD:
		return 1;
	case OWNER_OTHER_SSH:
		return 2;
	case OWNER_CONTAINER:
		return 3;
	case OWNER_OTHER:
		return 4;
	case OWNER_SYSTEMD:
		return 5;
	case OWNER_UNKNOWN:
		return 6;
	case OWNER_NONE:
		break;
	}
	return 7;
}

/* How far from "sshd serves the port" a holder is: the outcome is the worst seen. */
static int
severity(enum listen_owner o)
{
	switch (o) {
	case OWNER_SSHD:
		return 0;
	case OWNER_OTHER_SSH:
		return 1;
	case OWNER_UNKNOWN:
		return 2;
	case OWNER_SYSTEMD:
		return 3;
	case OWNER_NONE:
		return 5;
	case OWNER_CONTAINER:
		return 6;
	case OWNER_OTHER:
		return 7;
	}
	return 7;
}

static int
in_list(const char *const *list, const char *name)
{
	size_t	 i;

	for (i = 0; list[i] != NULL; i++) {
		if (strcmp(list[i], name) == 0)
			return 1;
	}
	return 0;
}

static enum listen_owner
classify(int pid, const char *comm, const char *exe)
{
	const char	*base = NULL;
	char		 name[256];

	if (exe != NULL) {
		snprintf(name, sizeof name, "%s", exe);
		name[strcspn(name, " ")] = '\0';	/* " (deleted)" */
		base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	}
	if (strcmp(comm, "sshd") == 0 || (base != NULL && strcmp(base, "sshd") == 0))
		return OWNER_SSHD;
	if (in_list(ssh_names, comm) || (base != NULL && in_list(ssh_names, base)))
		return OWNER_OTHER_SSH;
	if (pid == 1 || strcmp(comm, "systemd") == 0)
		return OWNER_SYSTEMD;
	if (in_list(container_names, comm) || strncmp(comm, "containerd-shim", 15) == 0 ||
	    (base != NULL && in_list(container_names, base)))
		return OWNER_CONTAINER;
	return OWNER_OTHER;
}

static int
holder_cmp(const void *a, const void *b)
{
	unsigned long	 x = ((const struct holder *)a)->inode;
	unsigned long	 y = ((const struct holder *)b)->inode;

	return x < y ? -1 : x > y;
}

/* Every fd link of one process that names a listening socket. */
static int
scan_fds(int pid, void *arg)
{
	struct fdscan	*s = arg;
	struct holder	 key, *h;
	struct dirent	*de;
	DIR		*d;
	char		 path[64], link[64], comm[32], *clean, *exe;
	enum listen_owner o;
	ssize_t		 n;
	char		*end;

	snprintf(path, sizeof path, "/proc/%d/fd", pid);
	if ((d = opendir(path)) == NULL) {
		if (errno == EACCES || errno == EPERM)
			s->denied++;
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (++s->fds > LISTEN_FDS_MAX || (s->fds % 256 == 0 && now_ms() > s->deadline))
			break;
		snprintf(path, sizeof path, "/proc/%d/fd/%.16s", pid, de->d_name);
		if ((n = readlink(path, link, sizeof link - 1)) <= 0)
			continue;
		link[n] = '\0';
		if (strncmp(link, "socket:[", 8) != 0)
			continue;
		key.inode = strtoul(link + 8, &end, 10);
		if (*end != ']')
			continue;
		if ((h = bsearch(&key, s->h, s->n, sizeof *s->h, holder_cmp)) == NULL)
			continue;
		if (procfs_comm(pid, comm, sizeof comm) != 0)
			continue;
		exe = procfs_exe(pid);
		o = classify(pid, comm, exe);
		if (h->owner == OWNER_NONE || rank(o) < rank(h->owner)) {
			clean = sanitize_str(comm, sizeof h->comm - 4);
			h->owner = o;
			h->pid = pid;
			snprintf(h->comm, sizeof h->comm, "%s", clean);
			free(clean);
			free(h->exe);
			h->exe = exe != NULL ? sanitize_str(exe, 512) : NULL;
		}
		free(exe);
	}
	closedir(d);
	return s->fds > LISTEN_FDS_MAX || now_ms() > s->deadline;
}

static void
listen_free(void *p)
{
	struct sshd_listen	*l = p;

	free(l->socks);
	free(l);
}

static int
read_table(const char *path, int family, struct procnet_table *t, struct check_result *res)
{
	char	*buf;
	size_t	 len;
	int	 trunc;

	if (procfs_read(path, LISTEN_TABLE_MAX, &buf, &len, &trunc) != 0) {
		if (errno != ENOENT)	/* no tcp6 without IPv6 */
			check_evidence(res, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* Listening sockets come first in the table, so a cut one still has them all. */
	if (trunc)
		check_evidence(res, "%s: read the first %d bytes only", path, LISTEN_TABLE_MAX);
	procnet_parse(buf, len, family, 1, t);
	free(buf);
	return 0;
}

static const char *
owner_text(enum listen_owner o)
{
	switch (o) {
	case OWNER_SSHD:
		return "sshd";
	case OWNER_OTHER_SSH:
		return "another SSH server";
	case OWNER_SYSTEMD:
		return "systemd (socket activation)";
	case OWNER_CONTAINER:
		return "a container runtime or port-forwarder";
	case OWNER_OTHER:
		return "another program";
	case OWNER_UNKNOWN:
		return "a process this user may not look into";
	case OWNER_NONE:
		break;
	}
	return "nothing";
}

static int
has_port(const int *ports, size_t n, int port)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (ports[i] == port)
			return 1;
	}
	return 0;
}

/* ssh.socket (or the systemd socket found) listens where sshd_config does not say. */
static int
socket_mismatch(const struct sshd_config_facts *f, const struct sshd_service *svc, int port,
    struct check_result *res)
{
	size_t	 i;
	int	 differ = 0;

	if (f == NULL || f->nports == 0)
		return 0;
	if (!has_port(f->ports, f->nports, port)) {
		check_evidence(res, "systemd holds port %d, but sshd_config says port%s %d%s",
		    port, f->nports > 1 ? "s" : "", f->ports[0], f->nports > 1 ? ", ..." : "");
		return 1;
	}
	/* both directions, every port: the evidence shows the whole disagreement */
	for (i = 0; svc != NULL && i < svc->nsocket_ports; i++) {
		if (!has_port(f->ports, f->nports, svc->socket_ports[i])) {
			check_evidence(res, "ssh.socket listens on port %d, which sshd_config "
			    "does not name", svc->socket_ports[i]);
			differ = 1;
		}
	}
	for (i = 0; svc != NULL && svc->nsocket_ports > 0 && i < f->nports; i++) {
		if (!has_port(svc->socket_ports, svc->nsocket_ports, f->ports[i])) {
			check_evidence(res, "sshd_config names port %d, on which ssh.socket "
			    "does not listen", f->ports[i]);
			differ = 1;
		}
	}
	return differ;
}

/* An sshd serves the port, but not with the configuration being checked. */
static void
other_config(struct check_result *res, const struct sshd_service *svc, int pid)
{
	size_t	 i;

	for (i = 0; svc != NULL && i < svc->nprocs; i++) {
		if (svc->procs[i].pid != pid || svc->procs[i].ours)
			continue;
		check_evidence(res, "note: sshd pid %d runs with %s, not with the configuration "
		    "checked: changes to that one do not reach it", pid,
		    svc->procs[i].config ? svc->procs[i].config : "an unknown configuration");
	}
}

/* Where the sshd listeners of this configuration do listen, when not on the port. */
static void
show_sshd_elsewhere(struct check_result *res, const struct sshd_service *svc,
    const struct procnet_table *t, const struct holder *h, size_t nh)
{
	struct holder	 key;
	const struct holder *m;
	char		 ep[80];
	size_t		 i, j, shown = 0;

	for (i = 0; svc != NULL && i < svc->nprocs; i++) {
		if (!svc->procs[i].ours)
			continue;
		for (j = 0; j < t->n && shown < 8; j++) {
			key.inode = t->v[j].inode;
			m = bsearch(&key, h, nh, sizeof *h, holder_cmp);
			if (m == NULL || m->pid != svc->procs[i].pid)
				continue;
			procnet_endpoint_text(t->v[j].family, t->v[j].laddr, t->v[j].lport,
			    ep, sizeof ep);
			check_evidence(res, "sshd pid %d (the configuration checked) listens "
			    "on %s instead", m->pid, ep);
			shown++;
		}
	}
}

static void
sshd_listen_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshd_config_facts *f = sshd_config_dep(ctx);
	const struct sshd_service *svc = sshd_service_dep(ctx);
	struct sshd_listen	*l;
	struct procnet_table	 t;
	struct fdscan		 s;
	struct holder		 key, *h;
	enum listen_owner	 worst = OWNER_SSHD, po;
	const char		*outcome = "sshd", *source;
	char			 ep[80];
	size_t			 i, k, nsock;
	int			 got = 0, port, mismatch = 0, only_loopback, root = geteuid() == 0;

	l = xcalloc(1, sizeof *l);
	if (ctx->opt->server_port != 0) {
		l->ports[l->nports++] = ctx->opt->server_port;
		source = "--port";
	} else if (f != NULL && f->nports > 0) {
		memcpy(l->ports, f->ports, f->nports * sizeof *f->ports);
		l->nports = f->nports;
		source = f->ports_from_file ? "sshd_config as written, as sshd -T could "
		    "not run" : "sshd -T";
	} else {
		l->ports[l->nports++] = 22;
		source = "sshd's default, as sshd -T could not say";
	}

	memset(&t, 0, sizeof t);
	got += read_table("/proc/net/tcp", AF_INET, &t, res) == 0;
	got += read_table("/proc/net/tcp6", AF_INET6, &t, res) == 0;
	if (got == 0) {
		check_set(res, CHECK_ERROR, "error", "cannot read /proc/net/tcp");
		listen_free(l);
		return;
	}
	res->data = l;
	res->data_free = listen_free;

	/* Every listening socket's holder: also shows where sshd listens instead. */
	memset(&s, 0, sizeof s);
	s.n = t.n;
	s.h = xcalloc(t.n ? t.n : 1, sizeof *s.h);
	for (i = 0; i < t.n; i++)
		s.h[i].inode = t.v[i].inode;
	qsort(s.h, s.n, sizeof *s.h, holder_cmp);
	s.deadline = ctx->deadline_ms;
	procfs_each_pid(ctx->deadline_ms, scan_fds, &s);

	for (k = 0; k < l->nports; k++) {
		port = l->ports[k];
		po = OWNER_NONE;
		nsock = 0;
		only_loopback = 1;
		for (i = 0; i < t.n; i++) {
			struct listen_sock *ls;

			if ((int)t.v[i].lport != port)
				continue;
			l->socks = xreallocarray(l->socks, l->nsocks + 1, sizeof *l->socks);
			ls = &l->socks[l->nsocks++];
			memset(ls, 0, sizeof *ls);
			ls->family = t.v[i].family;
			memcpy(ls->addr, t.v[i].laddr, sizeof ls->addr);
			ls->port = port;
			ls->uid = t.v[i].uid;
			ls->inode = t.v[i].inode;
			key.inode = t.v[i].inode;
			h = bsearch(&key, s.h, s.n, sizeof *s.h, holder_cmp);
			ls->owner = h != NULL && h->owner != OWNER_NONE ? h->owner : OWNER_UNKNOWN;
			if (h != NULL && h->owner != OWNER_NONE) {
				ls->pid = h->pid;
				snprintf(ls->comm, sizeof ls->comm, "%s", h->comm);
			}
			if (!procnet_addr_loopback(ls->family, ls->addr))
				only_loopback = 0;
			procnet_endpoint_text(ls->family, ls->addr, (unsigned)port, ep, sizeof ep);
			if (ls->pid != 0)
				check_evidence(res, "port %d: %s held by %s: pid %d (%s%s%s)", port,
				    ep, owner_text(ls->owner), ls->pid, ls->comm,
				    h->exe ? ", " : "", h->exe ? h->exe : "");
			else
				check_evidence(res, "port %d: %s listens (socket of uid %lu); %s",
				    port, ep, ls->uid, root ? "no process of this machine's "
				    "process namespace holds it (a container's?)" :
				    "only root can see which process holds it");
			if (ls->owner == OWNER_SSHD)
				other_config(res, svc, ls->pid);
			if (nsock == 0 || severity(ls->owner) > severity(po))
				po = ls->owner;
			nsock++;
		}
		if (nsock == 0)
			check_evidence(res, "port %d: nothing listens", port);
		else if (only_loopback)
			check_evidence(res, "port %d: listens on loopback only: clients on "
			    "other machines get Connection refused", port);
		if (po == OWNER_SYSTEMD && socket_mismatch(f, svc, port, res))
			mismatch = 1;
		if (k == 0 || severity(po) > severity(worst))
			worst = po;
	}
	if (ctx->opt->server_port != 0 && f != NULL && f->nports > 0 &&
	    !has_port(f->ports, f->nports, ctx->opt->server_port))
		check_evidence(res, "note: sshd's configuration listens on port %d%s, not %d",
		    f->ports[0], f->nports > 1 ? " (and more)" : "", ctx->opt->server_port);
	/*
	 * Nothing on sshd_config's ports, but an active ssh.socket elsewhere: systemd
	 * decides the port and sshd_config's Port is silently ignored (no generator).
	 */
	if (worst == OWNER_NONE && ctx->opt->server_port == 0 && svc != NULL &&
	    svc->socket_active && socket_mismatch(f, svc, l->ports[0], res))
		mismatch = 1;
	if (worst == OWNER_NONE)
		show_sshd_elsewhere(res, svc, &t, s.h, s.n);
	if (!root && s.denied > 0)
		check_evidence(res, "not root: the open files of %zu processes could not be "
		    "read", s.denied);

	switch (worst) {
	case OWNER_SSHD:
		check_set(res, CHECK_PASS, outcome, "sshd listens on port %d%s (ports from %s)",
		    l->ports[0], l->nports > 1 ? " and the others" : "", source);
		break;
	case OWNER_OTHER_SSH:
		check_set(res, CHECK_PASS, outcome = "other-ssh", "another SSH server "
		    "(not OpenSSH's sshd) listens on port %d", l->ports[0]);
		break;
	case OWNER_SYSTEMD:
		if (mismatch)
			check_set(res, CHECK_FAIL, outcome = "socket-mismatch", "systemd socket "
			    "activation listens on other ports than sshd_config names");
		else
			check_set(res, CHECK_PASS, outcome = "systemd-socket", "systemd holds "
			    "the port (socket activation) and starts sshd on the first connection");
		break;
	case OWNER_CONTAINER:
		check_set(res, CHECK_WARN, outcome = "container-proxy", "a container runtime "
		    "or port-forwarder holds the port, not sshd on this machine");
		break;
	case OWNER_OTHER:
		check_set(res, CHECK_FAIL, outcome = "other-process", "another program holds "
		    "the SSH port, not sshd");
		break;
	case OWNER_UNKNOWN:
		check_set(res, CHECK_SKIP, outcome = "unknown-owner", "something listens on "
		    "the port, but %s", root ? "no process here holds the socket" :
		    "only root can see which process: run sshdoc --server as root");
		break;
	case OWNER_NONE:
		if (mismatch) {
			check_set(res, CHECK_FAIL, outcome = "socket-mismatch", "nothing "
			    "listens on port %d: systemd socket activation (ssh.socket) listens "
			    "on other ports than sshd_config names", l->ports[0]);
			break;
		}
		check_set(res, CHECK_FAIL, outcome = "nothing", "nothing listens on port %d%s "
		    "(ports from %s)", l->ports[0], l->nports > 1 ? " or another sshd port" : "",
		    source);
		break;
	}

	for (i = 0; i < s.n; i++)
		free(s.h[i].exe);
	free(s.h);
	procnet_free(&t);
}

static const char *const listen_needs[] = { "sshd-config", "sshd-service", NULL };
static const char *const listen_outcomes[] = {
	"sshd", "other-ssh", "systemd-socket", "socket-mismatch", "container-proxy",
	"other-process", "nothing", "unknown-owner", "error", NULL
};

const struct check_entry check_sshd_listen_entry = {
	.id = "sshd-listen",
	.title = "Who listens on the SSH port",
	.needs = listen_needs,
	.outcomes = listen_outcomes,
	.exec = sshd_listen_exec,
};
