/* check-mtu-probe.c: after a key exchange stall, a handshake made of small packets only: if it completes, the path loses large packets (MTU black hole). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "checks/check.h"
#include "checks/parse/kexinit-parse.h"
#include "checks/client/libssh-session.h"
#include "checks/client/netaddr.h"
#include "checks/client/server-kexinit.h"
#include "checks/transcript/transcript-phase.h"
#include "lib/connect.h"
#include "lib/runner.h"
#include "checks/parse/transcript-parse.h"
#include "lib/xmalloc.h"

/*
 * The MSS this probe announces and sends with. Every segment then carries at
 * most 536 bytes of data (the IPv4 minimum every host accepts), so packets
 * stay under 600 bytes both ways: the server's KEXINIT and host key reply too,
 * which short algorithm lists alone could not shrink.
 */
#define PROBE_MSS		536

/* Small key exchange methods: their client messages are tens of bytes. */
#define PROBE_KEX		"curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256"

/* Host key algorithms with small keys and signatures, best first; RSA only as a last resort. */
static const char *const small_hostkeys[] = { "ssh-ed25519", "ecdsa-sha2-nistp256", NULL };
static const char *const last_hostkeys[] = { "rsa-sha2-256", "rsa-sha2-512", NULL };
static const char *const probe_ciphers[] = {
	"aes128-ctr", "chacha20-poly1305@openssh.com", "aes256-ctr", "aes128-gcm@openssh.com",
	NULL
};
static const char *const probe_macs[] = {
	"hmac-sha2-256", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512",
	"hmac-sha2-512-etm@openssh.com", "hmac-sha1", NULL
};

/* What the probe handshake saw. */
struct probe {
	char		 hostkeys[64];	/* the host key list offered */
	const char	*cipher;	/* the one cipher offered */
	const char	*mac;		/* the one MAC offered */
	int		 ok;		/* ssh_connect completed */
	int		 connected;	/* the TCP connection was accepted */
	char		*error;		/* libssh's or the socket's text on failure */
	int		 timed_out;	/* the failure was a timeout */
	int		 got_banner;	/* the server's identification arrived */
	char		*kex;		/* negotiated, on success */
	int		 have_info;	/* tcp_info was read */
	struct tcp_info	 info;		/* the probe connection, before it closed */
	long		 ms;		/* time the handshake took */
};

/* First name of want[] in the server's list; with no list (KEXINIT not read), the first. */
static const char *
pick(const char *const *want, const char *offer)
{
	size_t	 i;

	for (i = 0; want[i] != NULL; i++) {
		if (offer == NULL || namelist_has(offer, want[i]))
			return want[i];
	}
	return NULL;
}

/* The small host key algorithms the server offers, comma-separated; RSA only when it offers no other. */
static int
pick_hostkeys(const char *offer, char *buf, size_t len)
{
	const char	*rsa;
	size_t		 i, used = 0;

	if (offer == NULL) {
		/* The server's list is unknown: small ones first, RSA as a fallback. */
		snprintf(buf, len, "%s,%s,%s", small_hostkeys[0], small_hostkeys[1],
		    last_hostkeys[0]);
		return 0;
	}
	buf[0] = '\0';
	for (i = 0; small_hostkeys[i] != NULL; i++) {
		if (namelist_has(offer, small_hostkeys[i]))
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
			    used > 0 ? "," : "", small_hostkeys[i]);
	}
	if (used > 0)
		return 0;
	if ((rsa = pick(last_hostkeys, offer)) == NULL)
		return -1;
	snprintf(buf, len, "%s", rsa);
	return 0;
}

/* A name from `ip route get` that is safe to put in a /sys path. */
static int
ifname_ok(const char *s)
{
	size_t	 n = strlen(s), i;

	if (n == 0 || n >= 16 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)s[i]) && strchr("_.:@-", s[i]) == NULL)
			return 0;
	}
	return 1;
}

/* The interface's MTU from /sys (read at most 31 bytes); 0 if unknown. */
static long
link_mtu(const char *dev)
{
	char	 path[64], buf[32];
	ssize_t	 n;
	int	 fd;
	long	 mtu;

	snprintf(path, sizeof path, "/sys/class/net/%s/mtu", dev);
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)) == -1)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	mtu = strtol(buf, NULL, 10);
	return mtu >= 68 && mtu <= 65536 ? mtu : 0;
}

/* The interface MTU as `ip -o link show dev DEV` prints it ("... mtu 1500 ..."); 0 if unknown. */
static long
link_mtu_ip(struct check_ctx *ctx, const char *dev)
{
	const char	*argv[] = { "ip", "-o", "link", "show", "dev", dev, NULL };
	struct run_opts	 ro;
	struct run_result rr;
	const char	*p;
	long		 mtu = 0;
	int		 left = check_remaining_ms(ctx);

	if (left == 0)
		return 0;
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = left < 2000 ? left : 2000;
	ro.max_output = 4096;
	if (run_command(argv, &ro, &rr, NULL) != 0)
		return 0;
	if (rr.exited && rr.status == 0 && (p = strstr(rr.out, " mtu ")) != NULL)
		mtu = strtol(p + 5, NULL, 10);
	run_free(&rr);
	return mtu >= 68 && mtu <= 65536 ? mtu : 0;
}

/*
 * The route to addr, as one line of evidence: `ip route get` names the
 * device and, when the route or a learned path MTU sets one, "mtu N"; else
 * the interface's MTU applies.
 */
static char *
route_mtu(struct check_ctx *ctx, const char *addr, char dev[16])
{
	const char	*argv[] = { "ip", "route", "get", addr, NULL };
	struct run_opts	 ro;
	struct run_result rr;
	char		*copy, *tok, *save = NULL, *prev = NULL, *out;
	char		 how[64];
	long		 mtu = 0, lmtu;
	int		 left = check_remaining_ms(ctx), locked = 0;

	dev[0] = '\0';
	if (left == 0)
		return xstrdup("route MTU not read: no time left");
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = left < 2000 ? left : 2000;
	ro.max_output = 4096;
	if (run_command(argv, &ro, &rr, NULL) != 0)
		return xstrdup("route MTU unknown: cannot run ip");
	if (rr.not_found) {
		run_free(&rr);
		return xstrdup("route MTU unknown: no ip command (iproute2) here");
	}
	if (!rr.exited || rr.status != 0) {
		rr.err[strcspn(rr.err, "\n")] = '\0';
		xasprintf(&out, "ip route get %s: %.200s", addr,
		    rr.err_len > 0 ? rr.err : run_describe(&rr, how, sizeof how));
		run_free(&rr);
		return out;
	}
	copy = xstrdup(rr.out);
	for (tok = strtok_r(copy, " \t\n", &save); tok != NULL;
	    prev = tok, tok = strtok_r(NULL, " \t\n", &save)) {
		if (prev == NULL)
			continue;
		if (strcmp(prev, "dev") == 0 && ifname_ok(tok) && dev[0] == '\0')
			snprintf(dev, 16, "%s", tok);
		else if (strcmp(prev, "mtu") == 0 && strcmp(tok, "lock") == 0)
			locked = 1;
		else if ((strcmp(prev, "mtu") == 0 || strcmp(prev, "lock") == 0) &&
		    isdigit((unsigned char)tok[0]) && mtu == 0)
			mtu = strtol(tok, NULL, 10);
	}
	free(copy);
	run_free(&rr);

	lmtu = dev[0] != '\0' ? link_mtu(dev) : 0;
	if (lmtu == 0 && dev[0] != '\0')
		lmtu = link_mtu_ip(ctx, dev);
	if (mtu > 0)
		xasprintf(&out, "route to %s: via %s, route MTU %ld%s (interface MTU %ld)",
		    addr, dev[0] != '\0' ? dev : "?", mtu, locked ? ", locked" : "", lmtu);
	else if (lmtu > 0)
		xasprintf(&out, "route to %s: via %s, MTU %ld (the interface's; the route "
		    "sets none and no smaller path MTU was learned)", addr, dev, lmtu);
	else
		xasprintf(&out, "route to %s: via %s, MTU unknown", addr,
		    dev[0] != '\0' ? dev : "?");
	return out;
}

/* A TCP connection with a clamped MSS, bounded by the deadline; -1 with *cause. */
static int
probe_socket(struct check_ctx *ctx, const struct netaddr *a, char **cause)
{
	struct connect_try	 t;
	int			 flags;

	t.sa = (const struct sockaddr *)&a->sa;
	t.salen = a->salen;
	/* Set before connect, the MSS is also what the SYN announces to the server. */
	if (connect_all(&t, 1, ctx->deadline_ms, PROBE_MSS, 0) == -1) {
		if (t.error == ETIMEDOUT && !t.immediate)
			return set_cause(cause, "connect: no answer in time");
		return set_cause(cause, "connect: %s", strerror(t.error));
	}
	/* libssh in blocking mode expects a blocking socket. */
	if ((flags = fcntl(t.fd, F_GETFL)) != -1)
		fcntl(t.fd, F_SETFL, flags & ~O_NONBLOCK);
	return t.fd;
}

/*
 * libssh closes the descriptor it was given on some paths and not on others:
 * close it only while it is still the same socket (another thread may have
 * reused the number once libssh closed it).
 */
static void
close_if_same(int fd, const struct stat *was)
{
	struct stat	 sb;

	if (fstat(fd, &sb) == 0 && sb.st_dev == was->st_dev && sb.st_ino == was->st_ino)
		close(fd);
}

static void
probe_run(struct check_ctx *ctx, const struct netaddr *a, int port, const char *hostkeys,
    struct probe *p)
{
	ssh_session	 s;
	struct stat	 sb, cur;
	socklen_t	 ilen = sizeof p->info;
	struct libssh_opts lo;
	int		 fd;
	int64_t		 start = now_ms();
	const char	*err;

	if ((fd = probe_socket(ctx, a, &p->error)) == -1)
		return;
	p->connected = 1;
	if (fstat(fd, &sb) == -1) {
		p->error = xstrdup(strerror(errno));
		close(fd);
		return;
	}
	/*
	 * known_hosts files that hold nothing and are never written: this probe
	 * tests the path, not the host key, and stops at the end of the key exchange.
	 */
	memset(&lo, 0, sizeof lo);
	lo.host = a->text;
	lo.port = port;
	lo.known_hosts = "/dev/null";
	lo.global_known_hosts = "/dev/null";
	lo.fd = fd;
	lo.kex = PROBE_KEX;
	lo.hostkeys = hostkeys;
	lo.cipher = p->cipher;
	lo.mac = p->mac;
	lo.no_compression = 1;
	if ((s = libssh_session_new(ctx, &lo, &p->error)) == NULL) {
		close(fd);
		return;
	}
	if (ssh_connect(s) == SSH_OK) {
		p->ok = 1;
		if (ssh_get_kex_algo(s) != NULL)
			p->kex = xstrdup(ssh_get_kex_algo(s));
	} else {
		err = ssh_get_error(s);
		p->error = xstrdup(err != NULL ? err : "unknown error");
		p->timed_out = strstr(p->error, "imeout") != NULL ||
		    strstr(p->error, "timed out") != NULL;
	}
	p->got_banner = ssh_get_serverbanner(s) != NULL;
	p->ms = (long)(now_ms() - start);
	/* Read before libssh may close the socket. */
	memset(&p->info, 0, sizeof p->info);
	if (fstat(fd, &cur) == 0 && cur.st_dev == sb.st_dev && cur.st_ino == sb.st_ino &&
	    getsockopt(fd, IPPROTO_TCP, TCP_INFO, &p->info, &ilen) == 0)
		p->have_info = 1;
	ssh_disconnect(s);
	ssh_free(s);
	close_if_same(fd, &sb);
}

/* "about N bytes": the size of ssh's KEXINIT, from the lists its -vvv transcript shows. */
static long
client_kexinit_size(const struct transcript *t)
{
	long	 len = 0;
	int	 i;

	for (i = 0; i < 4; i++) {
		if (t->client_lists[i] == NULL)
			return 0;
	}
	/*
	 * type, cookie, ten name-list lengths, the lists (ciphers and MACs
	 * twice, compression "none" both ways, no languages), first_kex_follows,
	 * reserved; then the packet header and about 8 bytes of padding.
	 */
	len = 1 + 16 + 10 * 4 + (long)strlen(t->client_lists[0]) +
	    (long)strlen(t->client_lists[1]) + 2 * (long)strlen(t->client_lists[2]) +
	    2 * (long)strlen(t->client_lists[3]) + 2 * 4 + 1 + 4;
	return len + 5 + 8;
}

/* The sizes that decide it: the server's KEXINIT, ssh's own, and what this probe sent. */
static void
sizes_evidence(struct check_ctx *ctx, struct check_result *res,
    const struct check_result *kx, const struct probe *p)
{
	const struct transcript	*tr = transcript_dep(ctx);
	const struct kexinit	*k = kexinit_dep(ctx);
	long			 csize = 0;

	if (k != NULL)
		check_evidence(res, "the server's KEXINIT arrived on the first connection: "
		    "a %zu-byte packet", k->packet_length + 4);
	else if (kx != NULL && kx->outcome != NULL && strcmp(kx->outcome, "stalled") == 0)
		check_evidence(res, "the server's KEXINIT (usually about 1 KB) did not arrive "
		    "on the first connection");
	if (tr != NULL)
		csize = client_kexinit_size(tr);
	if (csize > 0)
		check_evidence(res, "ssh's own KEXINIT: about %ld bytes (from the lists its "
		    "-vvv transcript shows), then its key exchange message", csize);
	else
		check_evidence(res, "ssh's own KEXINIT is typically about 1.5 KB, and its "
		    "post-quantum key exchange message more than 1 KB");
	check_evidence(res, "this probe: MSS clamped to %d bytes (every packet under 600 "
	    "bytes both ways); offered key exchange %s, host key %s, cipher %s, MAC %s",
	    PROBE_MSS, PROBE_KEX, p->hostkeys, p->cipher, p->mac);
	if (p->kex != NULL)
		check_evidence(res, "this probe negotiated key exchange %s", p->kex);
	if (p->have_info)
		check_evidence(res, "probe connection: MSS %u sent, %u received, path MTU "
		    "%u as the kernel knows it, %u segments retransmitted",
		    p->info.tcpi_snd_mss, p->info.tcpi_rcv_mss, p->info.tcpi_pmtu,
		    p->info.tcpi_total_retrans);
}

/* The first address tcp-connect got accepted: where ssh connected too. */
static const struct netaddr *
target_addr(struct check_ctx *ctx, int *port)
{
	const struct netaddr_list *l = netaddr_connected_dep(ctx);
	int			 i;

	if (l == NULL)
		return NULL;
	for (i = 0; i < l->n; i++) {
		if (l->a[i].error == 0) {
			*port = l->port;
			return &l->a[i];
		}
	}
	return NULL;
}

static void
mtu_probe_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct check_result *tk = check_dep(ctx, "tr-kex");
	const struct check_result *kx = check_dep(ctx, "ssh-kexinit");
	const struct check_result *cf = check_dep(ctx, "ssh-config");
	const struct kexinit	*k = kexinit_dep(ctx);
	const struct netaddr	*a;
	struct probe		 p;
	int			 full_stall, kexinit_stall, port = 0;
	char			 where[96], *route, dev[16];

	full_stall = tk != NULL && tk->outcome != NULL && strcmp(tk->outcome, "stall") == 0;
	kexinit_stall = kx != NULL && kx->outcome != NULL &&
	    strcmp(kx->outcome, "stalled") == 0;
	if (!full_stall && !kexinit_stall) {
		check_set(res, CHECK_SKIP, "not-needed",
		    "the key exchange did not stall: no small-packet probe needed");
		return;
	}
	if (cf != NULL && cf->outcome != NULL && strcmp(cf->outcome, "proxied") == 0) {
		/* ssh's stall is on the proxy's path; a direct probe would test another one. */
		check_set(res, CHECK_SKIP, "skipped", "ssh goes through a proxy: a direct "
		    "small-packet probe would test another path than the one that stalled");
		return;
	}
	if ((a = target_addr(ctx, &port)) == NULL) {
		check_set(res, CHECK_SKIP, "skipped",
		    "no address accepted a TCP connection to probe");
		return;
	}
	netaddr_format(a, port, where, sizeof where);

	memset(&p, 0, sizeof p);
	p.cipher = pick(probe_ciphers, k != NULL ? k->lists[KEXL_CIPHER_CTOS] : NULL);
	p.mac = pick(probe_macs, k != NULL ? k->lists[KEXL_MAC_CTOS] : NULL);
	if (k != NULL && pick((const char *const[]){ "curve25519-sha256",
	    "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", NULL },
	    k->lists[KEXL_KEX]) == NULL) {
		check_set(res, CHECK_SKIP, "skipped", "the server offers none of the small "
		    "key exchange methods (curve25519, ecdh-sha2-nistp256)");
		return;
	}
	if (pick_hostkeys(k != NULL ? k->lists[KEXL_HOSTKEY] : NULL, p.hostkeys,
	    sizeof p.hostkeys) != 0 || p.cipher == NULL || p.mac == NULL) {
		check_set(res, CHECK_SKIP, "skipped", "the server offers no host key type, "
		    "cipher or MAC that a small handshake can use");
		return;
	}

	/* First, while time is surely left: the route (quick, local). */
	route = route_mtu(ctx, a->text, dev);
	check_fact(res, "host", "%s", a->text);
	probe_run(ctx, a, port, p.hostkeys, &p);

	if (p.ok) {
		check_set(res, CHECK_FAIL, "small-ok",
		    "a handshake in small packets with %s completed in %ld ms, while %s "
		    "stalled: large packets are lost on the path", where, p.ms,
		    full_stall ? "ssh's own key exchange" : "the server's KEXINIT");
	} else if (!p.connected) {
		check_set(res, CHECK_ERROR, "error", "the small-packet probe could not "
		    "connect to %s: %s", where, p.error);
		check_evidence(res, "%s", route);
		free(route);
		free(p.error);
		return;
	} else if (p.timed_out) {
		check_set(res, CHECK_WARN, "small-stalls",
		    "a handshake in small packets with %s stalled too (%s): even packets "
		    "under 600 bytes do not get through after the banner, so this neither "
		    "confirms nor rules out a path MTU black hole (inconclusive)", where,
		    p.got_banner ? "after the server's identification" : "before any reply");
		check_evidence(res, "libssh: %s", p.error);
	} else {
		check_set(res, CHECK_ERROR, "error",
		    "the small-packet handshake with %s failed: %s", where, p.error);
		check_evidence(res, "neither confirms nor rules out a path MTU problem");
	}
	sizes_evidence(ctx, res, kx, &p);
	check_evidence(res, "%s", route);
	free(route);
	if (dev[0] != '\0')
		check_fact(res, "interface", "%s", dev);
	free(p.error);
	free(p.kex);
}

static const char *const mtu_needs[] = {
	"ssh-config", "tcp-connect", "ssh-kexinit", "transcript", "tr-kex", NULL
};
/* All optional: the probe falls back to the options and says less. */
static const struct check_need mtu_data[] = {
	{ "ssh-config", NEED_OPTIONAL, NULL },
	{ "tcp-connect", NEED_OPTIONAL, NULL },
	{ "ssh-kexinit", NEED_OPTIONAL, NULL },
	{ "transcript", NEED_OPTIONAL, NULL },
	{ NULL, 0, NULL }
};
static const char *const mtu_outcomes[] = {
	"small-ok", "small-stalls", "not-needed", "skipped", "error", NULL
};

static const char *const mtu_facts[] = { "interface", "host", NULL };

const struct check_entry check_mtu_probe_entry = {
	.id = "mtu-probe",
	.title = "Small-packet handshake (path MTU)",
	.needs = mtu_needs,
	.data = mtu_data,
	.outcomes = mtu_outcomes,
	.exec = mtu_probe_exec,
	.facts = mtu_facts,
};
