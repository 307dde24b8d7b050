/* check-self-probe.c: connects to sshd's port on this machine and reads its identification: does sshd answer locally? */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/parse/banner-parse.h"
#include "checks/check.h"
#include "checks/parse/procnet-parse.h"
#include "checks/server/server.h"
#include "lib/connect.h"
#include "lib/xmalloc.h"

#define OUR_IDENT	"SSH-2.0-sshdoc_" SSHDOC_VERSION "\r\n"
#define PROBE_TARGETS	2	/* one IPv4, one IPv6 address */

enum probe_end {
	PROBE_BANNER,		/* an SSH-2 identification */
	PROBE_REFUSED,		/* nothing accepts connections there */
	PROBE_TIMEOUT,		/* the TCP connection got no answer */
	PROBE_CLOSED,		/* accepted, then closed or reset before any byte */
	PROBE_SILENT,		/* accepted, nothing sent */
	PROBE_NOT_SSH,		/* something that is not an SSH server */
	PROBE_MAXSTARTUPS,	/* "Exceeded MaxStartups" */
	PROBE_NOT_ALLOWED,	/* "Not allowed at this time" (9.8+) */
	PROBE_ERROR,		/* could not try */
};

static const char *const outcome_names[] = {
	[PROBE_BANNER] = "banner",
	[PROBE_REFUSED] = "refused",
	[PROBE_TIMEOUT] = "timeout",
	[PROBE_CLOSED] = "closed",
	[PROBE_SILENT] = "silent",
	[PROBE_NOT_SSH] = "not-ssh",
	[PROBE_MAXSTARTUPS] = "maxstartups",
	[PROBE_NOT_ALLOWED] = "not-allowed",
	[PROBE_ERROR] = "error",
};

struct target {
	int		 family;
	unsigned char	 addr[16];
	char		 text[80];	/* "127.0.0.1:22" or "[::1]:22" */
};

/* Where to knock: loopback for a wildcard or loopback socket, else the bound address. */
static size_t
pick_targets(const struct sshd_listen *l, int port, struct target *t)
{
	static const unsigned char v4lo[4] = { 127, 0, 0, 1 };
	static const unsigned char v6lo[16] = { [15] = 1 };
	size_t		 n = 0, i, k;
	int		 fam;

	for (k = 0; k < 2; k++) {
		fam = k == 0 ? AF_INET : AF_INET6;
		for (i = 0; l != NULL && i < l->nsocks; i++) {
			const struct listen_sock *s = &l->socks[i];

			if (s->port != port || s->family != fam)
				continue;
			memset(&t[n], 0, sizeof t[n]);
			t[n].family = fam;
			if (procnet_addr_any(fam, s->addr) || procnet_addr_loopback(fam, s->addr))
				memcpy(t[n].addr, fam == AF_INET ? v4lo : v6lo, fam == AF_INET ? 4 : 16);
			else
				memcpy(t[n].addr, s->addr, 16);
			n++;
			break;
		}
	}
	if (n == 0) {
		/* Nothing listens: knock on loopback anyway, as a client here would. */
		memset(&t[0], 0, sizeof t[0]);
		t[0].family = AF_INET;
		memcpy(t[0].addr, v4lo, 4);
		n = 1;
	}
	for (i = 0; i < n; i++)
		procnet_endpoint_text(t[i].family, t[i].addr, (unsigned)port, t[i].text,
		    sizeof t[i].text);
	return n;
}

static socklen_t
target_addr(const struct target *t, int port, struct sockaddr_storage *ss)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof *ss);
	if (t->family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		memcpy(&sin->sin_addr, t->addr, 4);
		return sizeof *sin;
	}
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons((uint16_t)port);
	memcpy(&sin6->sin6_addr, t->addr, 16);
	return sizeof *sin6;
}

static void
pre_lines(struct check_result *res, const struct banner_parser *p)
{
	size_t	 i;

	for (i = 0; i < p->pre.n; i++)
		check_evidence(res, "line before the identification: \"%s\"", p->pre.v[i]);
}

/* One connection: connect, send our identification, read what comes first. */
static enum probe_end
probe(struct check_result *res, const struct target *t, int port, int budget_ms)
{
	struct banner_parser	 p;
	struct pollfd		 pfd;
	enum probe_end		 end;
	int64_t			 start = now_ms(), until = start + budget_ms;
	char			 buf[4096];
	ssize_t			 got;
	struct sockaddr_storage	 ss;
	struct connect_try	 ct;
	int			 fd, err, eof = 0, left, sent = 0;
	const char		*proto;

	ct.sa = (const struct sockaddr *)&ss;
	ct.salen = target_addr(t, port, &ss);
	if (connect_all(&ct, 1, until, 0, 0) == -1 && ct.immediate) {
		if (ct.error == ECONNREFUSED) {
			check_evidence(res, "%s: connection refused", t->text);
			return PROBE_REFUSED;
		}
		check_evidence(res, "%s: cannot connect: %s", t->text, strerror(ct.error));
		return PROBE_ERROR;
	}
	if (ct.error == ETIMEDOUT) {
		check_evidence(res, "%s: no answer to the TCP connection within %d ms (on "
		    "this machine, only a firewall rule drops that)", t->text, budget_ms);
		return PROBE_TIMEOUT;
	}
	if ((err = ct.reset ? ECONNRESET : ct.error) != 0) {
		if (ct.fd != -1)
			close(ct.fd);
		check_evidence(res, "%s: %s", t->text, strerror(err));
		return err == ECONNREFUSED ? PROBE_REFUSED : PROBE_ERROR;
	}
	fd = ct.fd;
	pfd.fd = fd;
	/* OpenSSH answers at once; sending ours first is what ssh does too. */
	if (send(fd, OUR_IDENT, sizeof OUR_IDENT - 1, MSG_NOSIGNAL) == (ssize_t)sizeof OUR_IDENT - 1)
		sent = 1;
	banner_init(&p);
	while (p.state == BANNER_MORE) {
		if ((left = (int)(until - now_ms())) <= 0)
			break;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, left) <= 0)
			continue;
		got = recv(fd, buf, sizeof buf, 0);
		if (got == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0) {
			eof = got == 0 ? 1 : 2;
			break;
		}
		banner_feed(&p, buf, (size_t)got);
		if (p.state == BANNER_MORE && p.nlines > 0 &&
		    banner_guess_protocol(p.head, p.headlen) != NULL)
			break;
	}
	close(fd);
	proto = banner_guess_protocol(p.head, p.headlen);
	if (p.state == BANNER_FOUND && p.ident_ok && banner_major(&p) == 2) {
		check_evidence(res, "%s: %s (after %ld ms)", t->text, p.ident,
		    (long)(now_ms() - start));
		/* what a fleet's reports are grouped by (--server --json "sshd_version") */
		if (p.software != NULL && check_fact_get(res, "sshd_version") == NULL)
			check_fact(res, "sshd_version", "%s", p.software);
		end = PROBE_BANNER;
	} else if (p.refusal == REFUSAL_MAXSTARTUPS) {
		check_evidence(res, "%s: sshd refused the connection before its identification",
		    t->text);
		end = PROBE_MAXSTARTUPS;
	} else if (p.refusal == REFUSAL_NOT_ALLOWED) {
		check_evidence(res, "%s: sshd refused the connection before its identification "
		    "(sshd 9.8+ says this for PerSourcePenalties and for MaxStartups)", t->text);
		end = PROBE_NOT_ALLOWED;
	} else if (p.state == BANNER_FOUND || p.state == BANNER_INVALID || proto != NULL ||
	    p.nlines > 0) {
		check_evidence(res, "%s: not an SSH server%s%s: %s", t->text,
		    proto ? ", it speaks " : "", proto ? proto : "",
		    p.ident ? p.ident : p.problem ? p.problem : "no identification line");
		end = PROBE_NOT_SSH;
	} else if (p.total == 0 && eof != 0) {
		check_evidence(res, "%s: accepted, then %s after %ld ms without a byte", t->text,
		    eof == 2 ? "reset" : "closed", (long)(now_ms() - start));
		end = PROBE_CLOSED;
	} else {
		check_evidence(res, "%s: accepted, but %zu bytes and no identification in %ld ms",
		    t->text, p.total, (long)(now_ms() - start));
		end = PROBE_SILENT;
	}
	pre_lines(res, &p);
	if (!sent && end != PROBE_BANNER)
		check_evidence(res, "%s: our identification could not be sent", t->text);
	banner_free(&p);
	return end;
}

static void
self_probe_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshd_listen *l = sshd_listen_dep(ctx);
	struct target	 t[PROBE_TARGETS];
	enum probe_end	 end[PROBE_TARGETS], worst;
	size_t		 n, i, decided = 0;
	int		 port, left;

	port = l != NULL && l->nports > 0 ? l->ports[0] :
	    ctx->opt->server_port != 0 ? ctx->opt->server_port : 22;
	n = pick_targets(l, port, t);
	for (i = 0; i < n; i++) {
		left = check_remaining_ms(ctx);
		if (left < 50) {
			end[i] = PROBE_ERROR;
			check_evidence(res, "%s: no time left to try", t[i].text);
			continue;
		}
		/* Share what is left between the addresses still to try. */
		end[i] = probe(res, &t[i], port, left / (int)(n - i));
	}
	/* The first address decides, unless it answered and another did not. */
	worst = end[0];
	for (i = 1; i < n && worst == PROBE_BANNER; i++) {
		if (end[i] != PROBE_BANNER && end[i] != PROBE_ERROR) {
			worst = end[i];
			decided = i;
		}
	}
	switch (worst) {
	case PROBE_BANNER:
		check_set(res, CHECK_PASS, outcome_names[worst], "sshd answers on this machine "
		    "(%s): if clients elsewhere fail, the cause lies between them and it "
		    "(firewall, bans, penalties, network)", t[0].text);
		break;
	case PROBE_REFUSED:
		check_set(res, CHECK_FAIL, outcome_names[worst], "%s refuses connections: "
		    "nothing accepts them there", t[decided].text);
		break;
	case PROBE_TIMEOUT:
		check_set(res, CHECK_FAIL, outcome_names[worst], "a connection to %s gets no "
		    "answer, even from this machine", t[decided].text);
		break;
	case PROBE_CLOSED:
		check_set(res, CHECK_FAIL, outcome_names[worst], "%s accepts the connection and "
		    "closes it before any SSH identification", t[decided].text);
		break;
	case PROBE_SILENT:
		check_set(res, CHECK_FAIL, outcome_names[worst], "%s accepts the connection but "
		    "sends no SSH identification", t[decided].text);
		break;
	case PROBE_NOT_SSH:
		check_set(res, CHECK_FAIL, outcome_names[worst], "what answers on %s is not an "
		    "SSH server", t[decided].text);
		break;
	case PROBE_MAXSTARTUPS:
		check_set(res, CHECK_FAIL, outcome_names[worst], "sshd drops new connections: "
		    "too many unauthenticated ones at once (MaxStartups)");
		break;
	case PROBE_NOT_ALLOWED:
		check_set(res, CHECK_FAIL, outcome_names[worst], "sshd refuses connections from "
		    "this machine: \"Not allowed at this time\" (PerSourcePenalties or MaxStartups)");
		break;
	case PROBE_ERROR:
		check_set(res, CHECK_ERROR, outcome_names[worst], "could not probe %s",
		    t[decided].text);
		break;
	}
}

static const char *const self_probe_needs[] = { "sshd-listen", NULL };
static const char *const self_probe_outcomes[] = {
	"banner", "refused", "timeout", "closed", "silent", "not-ssh", "maxstartups",
	"not-allowed", "error", NULL
};

static const char *const self_probe_facts[] = { "sshd_version", NULL };

const struct check_entry check_self_probe_entry = {
	.id = "self-probe",
	.title = "sshd answers on this machine",
	.needs = self_probe_needs,
	.outcomes = self_probe_outcomes,
	.exec = self_probe_exec,
	.facts = self_probe_facts,
};
