/* check-tcp-wrappers.c: does /etc/hosts.deny matter (only if this sshd links libwrap), and does it refuse the client? */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/parse/bans-parse.h"
#include "checks/check.h"
#include "lib/ipnet.h"
#include "lib/procfs.h"
#include "checks/server/server.h"
#include "lib/xmalloc.h"

#define WRAP_MAPS_MAX	(1024 * 1024)		/* /proc/PID/maps read */
#define WRAP_BINARY_MAX	(64UL * 1024 * 1024)	/* of the sshd binary, scanned for its libraries */
#define WRAP_FILE_MAX	(1024 * 1024)		/* hosts.allow, hosts.deny */
#define WRAP_DAEMON	"sshd"			/* the name sshd gives libwrap (its __progname) */

enum linked {
	LINK_UNKNOWN,
	LINK_NO,
	LINK_YES,
};

/* Does the running listener have libwrap mapped? Needs root for root's sshd. */
static enum linked
linked_maps(int pid, char *how, size_t len)
{
	char	 path[64], *maps;
	size_t	 n;
	int	 trunc;

	snprintf(path, sizeof path, "/proc/%d/maps", pid);
	if (procfs_read(path, WRAP_MAPS_MAX, &maps, &n, &trunc) != 0 || n == 0) {
		free(maps);
		return LINK_UNKNOWN;
	}
	snprintf(how, len, "the running sshd (pid %d) %s libwrap", pid,
	    strstr(maps, "/libwrap.so") != NULL ? "has loaded" : "has not loaded");
	n = strstr(maps, "/libwrap.so") != NULL;
	free(maps);
	return n ? LINK_YES : LINK_NO;
}

/*
 * Does the binary name libwrap among the libraries it needs? Its dynamic
 * string table holds "libwrap.so.0"; reading it needs no ldd (which may run
 * the program).
 */
static enum linked
linked_binary(struct check_ctx *ctx, const char *bin, char *how, size_t len)
{
	static const char needle[] = "libwrap.so";
	char		*buf;
	size_t		 keep = sizeof needle - 1, have = 0, total = 0;
	ssize_t		 n;
	int		 fd, found = 0;

	if (bin == NULL || (fd = open(bin, O_RDONLY | O_NOCTTY | O_CLOEXEC)) == -1)
		return LINK_UNKNOWN;
	buf = xmalloc(65536 + keep);
	for (;;) {
		n = read(fd, buf + have, 65536);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
		total += (size_t)n;
		if (memmem(buf, have, needle, keep) != NULL) {
			found = 1;
			break;
		}
		/* keep a tail so a name cut between two reads is still found */
		memmove(buf, buf + have - (have < keep ? have : keep), have < keep ? have : keep);
		have = have < keep ? have : keep;
		if (total >= WRAP_BINARY_MAX || check_remaining_ms(ctx) == 0)
			break;
	}
	close(fd);
	free(buf);
	snprintf(how, len, "%s %s libwrap.so among its libraries", bin,
	    found ? "names" : "does not name");
	return found ? LINK_YES : LINK_NO;
}

/* Read one of the hosts_access files and match it; 0 if it was read (or is absent). */
static int
match_file(const char *path, const struct ipnet *client, struct hosts_hit *hit,
    struct check_result *res)
{
	char	*text = NULL, *cause = NULL;
	size_t	 len;

	memset(hit, 0, sizeof *hit);
	if (access(path, F_OK) != 0)
		return 0;
	if (read_file_bounded(path, WRAP_FILE_MAX, &text, &len, &cause) != 0) {
		check_evidence(res, "%s: %s", path, cause);
		free(cause);
		return -1;
	}
	(void)hosts_access_match(text, len, WRAP_DAEMON, client, hit);
	free(text);
	return 0;
}

static void
tcp_wrappers_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshd_service *svc = sshd_service_dep(ctx);
	const struct sshd_config_facts *f = sshd_config_dep(ctx);
	struct hosts_hit allow, deny;
	struct ipnet	 client;
	const struct ipnet *cl = NULL;
	const char	*ip = ctx->opt->client_ip;
	enum linked	 l = LINK_UNKNOWN;
	char		 how[512] = "";
	size_t		 i;
	int		 bad = 0;

	for (i = 0; svc != NULL && i < svc->nprocs && l == LINK_UNKNOWN; i++) {
		if (svc->procs[i].ours)
			l = linked_maps(svc->procs[i].pid, how, sizeof how);
	}
	if (l == LINK_UNKNOWN && f != NULL)
		l = linked_binary(ctx, f->sshd, how, sizeof how);
	for (i = 0; l == LINK_UNKNOWN && svc != NULL && i < svc->nprocs; i++) {
		if (svc->procs[i].ours)
			l = linked_binary(ctx, svc->procs[i].exe, how, sizeof how);
	}
	if (l == LINK_UNKNOWN) {
		check_set(res, CHECK_SKIP, "unknown", "whether sshd uses TCP wrappers is unknown: "
		    "its binary could not be read");
		return;
	}
	check_evidence(res, "%s", how);
	if (l == LINK_NO) {
		check_set(res, CHECK_PASS, "not-linked", "this sshd does not use TCP wrappers: "
		    "/etc/hosts.allow and /etc/hosts.deny are ignored by it");
		return;
	}
	if (ip != NULL) {
		if (ipnet_parse_str(ip, &client) == 0)
			cl = &client;
		else
			check_evidence(res, "--client-ip %s is not a numeric address: the rules are "
			    "read for any client", ip);
	}
	bad |= match_file("/etc/hosts.allow", cl, &allow, res);
	bad |= match_file("/etc/hosts.deny", cl, &deny, res);
	if (allow.result != HOSTS_NONE)
		check_evidence(res, "/etc/hosts.allow line %ld %s: %s%s%s%s", allow.line,
		    allow.result == HOSTS_MATCH ? "allows" : "may allow", allow.text,
		    allow.why ? " (depends on " : "", allow.why ? allow.why : "",
		    allow.why ? ")" : "");
	if (deny.result != HOSTS_NONE)
		check_evidence(res, "/etc/hosts.deny line %ld %s: %s%s%s%s", deny.line,
		    deny.result == HOSTS_MATCH ? "refuses" : "may refuse", deny.text,
		    deny.why ? " (depends on " : "", deny.why ? deny.why : "",
		    deny.why ? ")" : "");

	if (allow.result == HOSTS_MATCH || deny.result == HOSTS_NONE) {
		if (bad)
			check_set(res, CHECK_SKIP, "needs-root", "sshd uses TCP wrappers, but "
			    "/etc/hosts.allow or /etc/hosts.deny could not be read");
		else
			check_set(res, CHECK_PASS, "allowed", "sshd uses TCP wrappers; "
			    "/etc/hosts.allow and /etc/hosts.deny let %s in", cl ? ip : "clients");
	} else if (deny.result == HOSTS_MATCH && allow.result == HOSTS_NONE) {
		check_set(res, CHECK_FAIL, "denied", "/etc/hosts.deny refuses %s (line %ld), and "
		    "this sshd honours it (libwrap)", cl ? ip : "every client", deny.line);
	} else {
		check_set(res, CHECK_WARN, "denied-possible", "/etc/hosts.deny may refuse %s "
		    "(line %ld%s%s)", cl ? ip : "some clients", deny.line,
		    deny.why ? ": depends on " : "", deny.why ? deny.why : "");
	}
	hosts_hit_free(&allow);
	hosts_hit_free(&deny);
}

static const char *const wrappers_needs[] = { "sshd-service", "sshd-config", NULL };
static const char *const wrappers_outcomes[] = {
	"denied", "denied-possible", "allowed", "not-linked", "needs-root", "unknown", "error", NULL
};

const struct check_entry check_tcp_wrappers_entry = {
	.id = "tcp-wrappers",
	.title = "TCP wrappers (hosts.allow, hosts.deny)",
	.needs = wrappers_needs,
	.outcomes = wrappers_outcomes,
	.exec = tcp_wrappers_exec,
};
