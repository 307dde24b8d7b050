/* check-fail2ban.c: does fail2ban ban the client (or anyone)? Asks fail2ban-client for its jails and their banned lists. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/parse/bans-parse.h"
#include "checks/check.h"
#include "lib/ipnet.h"
#include "lib/runner.h"
#include "lib/xmalloc.h"

#define F2B_OUTPUT_MAX	(4 * 1024 * 1024)	/* a jail's banned list can be long */
/*
 * For tests and unusual set-ups: the fail2ban server's socket (fail2ban-client
 * -s). An absolute path; unset, fail2ban-client uses its configured socket.
 */
#define F2B_SOCKET_ENV	"SSHDOC_FAIL2BAN_SOCKET"
#define F2B_CONF_DIR	"/etc/fail2ban"		/* fail2ban-client's default -c */
#define F2B_CONF_MAX	(1024 * 1024)		/* one configuration file */
#define F2B_CONF_D_MAX	64			/* files read from fail2ban.d */

enum f2b_run {
	F2B_OK,
	F2B_ABSENT,
	F2B_DOWN,		/* installed, but no server answers */
	F2B_DENIED,		/* the socket is root's */
	F2B_FAILED,
};

static enum f2b_run
f2b_client(struct check_ctx *ctx, const char *sock, const char *jail, struct run_result *rr)
{
	const char	*argv[6];
	struct run_opts	 ro;
	size_t		 n = 0;
	int		 left = check_remaining_ms(ctx);

	argv[n++] = "fail2ban-client";
	if (sock != NULL) {
		argv[n++] = "-s";
		argv[n++] = sock;
	}
	argv[n++] = "status";
	if (jail != NULL)
		argv[n++] = jail;	/* f2b_jail_name_ok: never an option */
	argv[n] = NULL;
	memset(rr, 0, sizeof *rr);
	if (left < 100)
		return F2B_FAILED;
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = left;
	ro.max_output = F2B_OUTPUT_MAX;
	if (run_command(argv, &ro, rr, NULL) != 0)
		return F2B_FAILED;
	if (rr->not_found)
		return F2B_ABSENT;
	if (rr->exited && rr->status == 0)
		return F2B_OK;
	if (strstr(rr->err, "ermission denied") != NULL || strstr(rr->out, "ermission denied"))
		return F2B_DENIED;
	/* a socket nobody listens on (a server that died): reached, so not a matter of rights */
	if (strstr(rr->err, "Unable to contact server") != NULL &&
	    strstr(rr->err, "Connection refused") != NULL)
		return F2B_DOWN;
	/* no socket (or one this user may not see): fail2ban 0.11 and 1.0 */
	if (strstr(rr->err, "Failed to access socket") != NULL ||
	    strstr(rr->err, "Is fail2ban running?") != NULL ||
	    strstr(rr->err, "Unable to contact server") != NULL ||
	    strstr(rr->out, "Is fail2ban running?") != NULL)
		return geteuid() == 0 ? F2B_DOWN : F2B_DENIED;
	return F2B_FAILED;
}

/* What the files read so far set: a [Definition] socket wins over a [DEFAULT] one. */
struct conf_sock {
	char	 path[2][108];		/* [0] Definition, [1] DEFAULT */
	char	 from[2][512];		/* the file that set it */
	int	 state[2];		/* 1 set, 0 not, -1 set to what cannot be told */
};

/* The sockets set in one file, if it sets them; later files override earlier ones. */
static void
conf_socket_file(const char *path, struct conf_sock *cs)
{
	static const char *const sections[2] = { "Definition", "DEFAULT" };
	char	*text = NULL, *cause = NULL, tmp[108];
	size_t	 len = 0, k;
	int	 r;

	if (read_file_bounded(path, F2B_CONF_MAX, &text, &len, &cause) != 0) {
		free(cause);
		return;
	}
	for (k = 0; k < 2; k++) {
		if ((r = f2b_conf_socket(text, len, sections[k], tmp, sizeof tmp)) == 1) {
			snprintf(cs->path[k], sizeof cs->path[k], "%s", tmp);
			snprintf(cs->from[k], sizeof cs->from[k], "%s", path);
		}
		if (r != 0)
			cs->state[k] = r;	/* -1: a value fail2ban reads otherwise */
	}
	free(text);
}

static int
conf_suffix(const struct dirent *d, const char *suffix)
{
	size_t	 n = strlen(d->d_name), k = strlen(suffix);

	return d->d_name[0] != '.' && n > k && strcmp(d->d_name + n - k, suffix) == 0;
}

static int
conf_d_conf(const struct dirent *d)
{
	return conf_suffix(d, ".conf");
}

static int
conf_d_local(const struct dirent *d)
{
	return conf_suffix(d, ".local");
}

/*
 * The server socket fail2ban's configuration names, read in fail2ban's own
 * order (fail2ban.conf, fail2ban.d/ *.conf, fail2ban.local, fail2ban.d/
 * *.local; the last setting counts, [Definition] over [DEFAULT]). Returns 1
 * with it, 0 when it cannot be told (no configuration, an interpolated value).
 */
static int
conf_socket(char *sock, size_t socklen, char *from, size_t fromlen)
{
	int		(*const sel[2])(const struct dirent *) = { conf_d_conf, conf_d_local };
	const char	*const top[2] = { F2B_CONF_DIR "/fail2ban.conf",
			    F2B_CONF_DIR "/fail2ban.local" };
	struct dirent	**list;
	struct conf_sock cs;
	char		 path[512];
	int		 n, i, k, w;

	memset(&cs, 0, sizeof cs);
	for (k = 0; k < 2; k++) {
		conf_socket_file(top[k], &cs);
		if ((n = scandir(F2B_CONF_DIR "/fail2ban.d", &list, sel[k], alphasort)) < 0)
			continue;
		for (i = 0; i < n; i++) {
			if (i < F2B_CONF_D_MAX && snprintf(path, sizeof path, "%s/fail2ban.d/%s",
			    F2B_CONF_DIR, list[i]->d_name) < (int)sizeof path)
				conf_socket_file(path, &cs);
			free(list[i]);
		}
		free(list);
	}
	w = cs.state[0] != 0 ? 0 : 1;
	if (cs.state[w] != 1 || strlen(cs.path[w]) >= socklen)
		return 0;	/* none set, or not as it stands: ask fail2ban-client */
	snprintf(sock, socklen, "%s", cs.path[w]);
	snprintf(from, fromlen, "%s", cs.from[w]);
	return 1;
}

/*
 * fail2ban-client only asks the server over its socket: when the socket is
 * not there, no server runs, and a Python start (most of this check's time)
 * is spared. Returns 1 with the evidence said, 0 to ask fail2ban-client.
 */
static int
no_socket(struct check_result *res, const char *env_sock)
{
	char		 sock[108], from[512];
	struct stat	 st;

	if (env_sock != NULL) {
		snprintf(sock, sizeof sock, "%s", env_sock);
		snprintf(from, sizeof from, "%s", F2B_SOCKET_ENV);
	} else if (!conf_socket(sock, sizeof sock, from, sizeof from))
		return 0;
	if (strlen(sock) >= sizeof sock - 1 || lstat(sock, &st) == 0 || errno != ENOENT)
		return 0;
	check_set(res, CHECK_SKIP, "not-running", "fail2ban's server does not run: it bans "
	    "nobody");
	check_evidence(res, "no fail2ban server socket at %s (the socket set in %s)", sock, from);
	return 1;
}

static const char *
first_line(const struct run_result *rr, int *len)
{
	const char	*t = rr->err_len > 0 ? rr->err : rr->out;
	size_t		 n = strcspn(t, "\n");

	*len = (int)(n > 200 ? 200 : n);
	return t;
}

static void
fail2ban_exec(struct check_ctx *ctx, struct check_result *res)
{
	struct run_result rr;
	struct strlist	 jails;
	struct f2b_jail	 j;
	struct ipnet	 client;
	const char	*sock = getenv(F2B_SOCKET_ENV), *ip = ctx->opt->client_ip, *t;
	const char	*banned_in = NULL;
	char		 how[96], *banned_entry = NULL, *banned_jail = NULL;
	size_t		 i, k, unsafe, total = 0, jails_with_bans = 0, asked = 0;
	int		 have_client = 0, n, len;

	memset(&jails, 0, sizeof jails);
	if (sock != NULL && (sock[0] != '/' || strlen(sock) > 1024)) {
		check_evidence(res, "%s=%s ignored: not an absolute path", F2B_SOCKET_ENV, sock);
		sock = NULL;
	}
	if (ip != NULL) {
		if (ipnet_parse_str(ip, &client) == 0)
			have_client = 1;
		else
			check_evidence(res, "--client-ip %s is not a numeric address: not looked "
			    "for in the banned lists", ip);
	}

	if (no_socket(res, sock))
		return;
	switch (f2b_client(ctx, sock, NULL, &rr)) {
	case F2B_OK:
		break;
	case F2B_ABSENT:
		check_set(res, CHECK_SKIP, "absent", "fail2ban is not installed "
		    "(no fail2ban-client)");
		run_free(&rr);
		return;
	case F2B_DOWN:
		t = first_line(&rr, &len);
		check_set(res, CHECK_SKIP, "not-running", "fail2ban is installed but its server "
		    "does not run: it bans nobody");
		check_evidence(res, "fail2ban-client status: %.*s", len, t);
		run_free(&rr);
		return;
	case F2B_DENIED:
		t = first_line(&rr, &len);
		check_set(res, CHECK_SKIP, "needs-root", "asking fail2ban for its bans needs root "
		    "(its socket is root's): run sshdoc --server as root");
		check_evidence(res, "fail2ban-client status: %.*s", len, t);
		run_free(&rr);
		return;
	case F2B_FAILED:
		check_set(res, CHECK_ERROR, "error", "fail2ban-client status failed (%s)",
		    run_describe(&rr, how, sizeof how));
		if (rr.err != NULL) {
			t = first_line(&rr, &len);
			check_evidence(res, "fail2ban-client status: %.*s", len, t);
		}
		run_free(&rr);
		return;
	}
	if (sock != NULL)
		check_evidence(res, "fail2ban server socket %s (from %s)", sock, F2B_SOCKET_ENV);
	n = f2b_parse_status(rr.out, &jails, &unsafe);
	run_free(&rr);
	if (n < 0) {
		check_set(res, CHECK_ERROR, "error", "fail2ban-client status printed no jail list");
		strlist_free(&jails);
		return;
	}
	if (unsafe > 0)
		check_evidence(res, "%zu jail names with unusual characters not asked about",
		    unsafe);

	for (i = 0; i < jails.n; i++) {
		if (f2b_client(ctx, sock, jails.v[i], &rr) != F2B_OK) {
			check_evidence(res, "jail %s: fail2ban-client status %s failed (%s)",
			    jails.v[i], jails.v[i], run_describe(&rr, how, sizeof how));
			if (rr.out != NULL || rr.err != NULL)
				run_free(&rr);
			if (check_remaining_ms(ctx) < 100)
				break;
			continue;
		}
		asked++;
		if (f2b_parse_jail(rr.out, have_client ? &client : NULL, &j) != 0) {
			check_evidence(res, "jail %s: status not understood", jails.v[i]);
			run_free(&rr);
			continue;
		}
		run_free(&rr);
		total += j.listed;
		if (j.listed > 0)
			jails_with_bans++;
		check_evidence(res, "jail %s: %ld banned now (%ld in all), %ld failing; reads %s",
		    jails.v[i], j.currently_banned, j.total_banned, j.currently_failed,
		    j.source != NULL ? j.source : "?");
		if (j.sample.n > 0) {
			char	*list = NULL, *tmp;

			for (k = 0; k < j.sample.n; k++) {
				xasprintf(&tmp, "%s%s%s", list ? list : "", list ? " " : "",
				    j.sample.v[k]);
				free(list);
				list = tmp;
			}
			check_evidence(res, "jail %s bans: %s%s", jails.v[i], list,
			    j.listed > j.sample.n ? " ..." : "");
			free(list);
		}
		if (j.client_entry != NULL && banned_jail == NULL) {
			banned_jail = xstrdup(jails.v[i]);
			banned_entry = xstrdup(j.client_entry);
		}
		f2b_jail_free(&j);
	}
	if (asked < jails.n)
		check_evidence(res, "%zu of %zu jails could be asked", asked, jails.n);

	if (banned_jail != NULL) {
		banned_in = banned_jail;
		check_set(res, CHECK_FAIL, "banned", "fail2ban's jail %s bans %s%s%s%s", banned_in,
		    ip, strcmp(banned_entry, ip) != 0 ? " (as " : "",
		    strcmp(banned_entry, ip) != 0 ? banned_entry : "",
		    strcmp(banned_entry, ip) != 0 ? ")" : "");
		check_evidence(res, "jail %s holds the ban on %s as %s", banned_in, ip,
		    banned_entry);
		check_fact(res, "jail", "%s", banned_in);
		check_fact(res, "client_ip", "%s", ip);
		check_fact(res, "ban_entry", "%s", banned_entry);
	} else if (total > 0 && have_client) {
		check_set(res, CHECK_WARN, "bans", "fail2ban bans %zu address%s in %zu jail%s, "
		    "not %s", total, total == 1 ? "" : "es", jails_with_bans,
		    jails_with_bans == 1 ? "" : "s", ip);
	} else if (total > 0) {
		check_set(res, CHECK_WARN, "bans", "fail2ban bans %zu address%s in %zu jail%s: "
		    "give --client-ip to know whether the client is one", total,
		    total == 1 ? "" : "es", jails_with_bans, jails_with_bans == 1 ? "" : "s");
	} else {
		check_set(res, CHECK_PASS, "no-bans", "fail2ban runs %zu jail%s and bans nobody",
		    jails.n, jails.n == 1 ? "" : "s");
	}
	free(banned_jail);
	free(banned_entry);
	strlist_free(&jails);
}

static const char *const fail2ban_outcomes[] = {
	"banned", "bans", "no-bans", "absent", "not-running", "needs-root", "error", NULL
};

static const char *const fail2ban_facts[] = { "jail", "client_ip", "ban_entry", NULL };

const struct check_entry check_fail2ban_entry = {
	.id = "fail2ban",
	.title = "fail2ban bans",
	.needs = NULL,
	.outcomes = fail2ban_outcomes,
	.exec = fail2ban_exec,
	.facts = fail2ban_facts,
};
