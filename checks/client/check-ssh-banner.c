/* check-banner.c: reads what the server sends first (pre-banner lines, identification) after sending ours. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "checks/parse/banner-parse.h"
#include "checks/client/banner-conn.h"
#include "checks/check.h"
#include "checks/client/netaddr.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"

/*
 * The identification sent: libssh's own ("SSH-2.0-libssh_0.10.6"), because
 * the libssh handshake may carry on this very connection after the KEXINIT
 * (server-kexinit.h), and the server has hashed the line it received.
 */
static void
our_ident(char *buf, size_t len)
{
	const char	*v = ssh_version(0);	/* "0.10.6/openssl/zlib" */
	size_t		 n = v != NULL ? strcspn(v, "/ ") : 0;

	if (n == 0 || n > 32)
		snprintf(buf, len, "SSH-2.0-sshdoc_%s", SSHDOC_VERSION);
	else
		snprintf(buf, len, "SSH-2.0-libssh_%.*s", (int)n, v);
}

/* Printable ASCII only: a line that can be handed on byte for byte. */
static int
plain_line(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	}
	return 1;
}
#define BANNER_SKIP "no TCP connection to read from"

static void
banner_conn_free(void *p)
{
	struct banner_conn	*bc = p;

	if (bc->fd != -1)
		close(bc->fd);
	free(bc);
}

enum ending {
	END_NONE,	/* still open when we stopped */
	END_EOF,	/* the server closed (FIN) */
	END_RESET,	/* the server reset the connection */
	END_ERROR,	/* another socket error */
};

static void
pre_banner_evidence(struct check_result *res, const struct banner_parser *p)
{
	size_t	 i;

	for (i = 0; i < p->pre.n; i++)
		check_evidence(res, "line before the identification: \"%s\"", p->pre.v[i]);
	if (p->nlines > p->pre.n)
		check_evidence(res, "%zu more lines before the identification",
		    p->nlines - p->pre.n);
}

static const char *
ending_text(enum ending how)
{
	switch (how) {
	case END_EOF:
		return "closed the connection";
	case END_RESET:
		return "reset the connection";
	case END_ERROR:
		return "broke the connection";
	case END_NONE:
		break;
	}
	return "still held the connection open";
}

static void
classify(struct check_result *res, const char *host, int port,
    struct banner_parser *p, enum ending how, long ms, int sock_errno)
{
	const char	*proto;

	proto = banner_guess_protocol(p->head, p->headlen);
	if (p->state == BANNER_FOUND) {
		int major = banner_major(p);

		if (!p->ident_ok) {
			check_set(res, CHECK_FAIL, "invalid",
			    "the identification line is malformed: \"%s\"", p->ident);
			check_evidence(res, "ssh would print: Bad remote protocol version "
			    "identification: '%s'", p->ident);
		} else if (major == 2) {
			check_set(res, CHECK_PASS, "ssh", "SSH server answers: %s", p->ident);
			check_evidence(res, "identification: %s", p->ident);
			check_evidence(res, "software: %s%s%s", p->software,
			    p->comment ? ", comment: " : "", p->comment ? p->comment : "");
			check_evidence(res, "received %ld ms after connecting", ms);
		} else {
			check_set(res, CHECK_FAIL, "ssh1",
			    "the server speaks only SSH protocol %s", p->proto);
			check_evidence(res, "identification: %s", p->ident);
			check_evidence(res, "ssh would print: Protocol major versions "
			    "differ: 2 vs. %d", major);
		}
		pre_banner_evidence(res, p);
		return;
	}
	if (p->state == BANNER_INVALID) {
		if (proto != NULL) {
			check_set(res, CHECK_FAIL, "not-ssh",
			    "a service speaking %s answers on port %d, not SSH",
			    proto, port);
		} else {
			check_set(res, CHECK_FAIL, "invalid",
			    "the server sent data no SSH client accepts: %s", p->problem);
		}
		check_evidence(res, "ssh would print: kex_exchange_identification: %s",
		    p->problem);
		goto first_bytes;
	}
	if (p->refusal == REFUSAL_MAXSTARTUPS) {
		check_set(res, CHECK_FAIL, "maxstartups",
		    "sshd refused the connection: too many unauthenticated connections "
		    "(MaxStartups)");
		pre_banner_evidence(res, p);
		check_evidence(res, "then the server %s after %ld ms", ending_text(how), ms);
		return;
	}
	if (p->refusal == REFUSAL_NOT_ALLOWED) {
		check_set(res, CHECK_FAIL, "not-allowed",
		    "sshd (9.8 or later) refused the connection before its banner: "
		    "\"Not allowed at this time\"");
		pre_banner_evidence(res, p);
		check_evidence(res, "then the server %s after %ld ms", ending_text(how), ms);
		check_evidence(res, "sshd 9.8+ sends this for PerSourcePenalties and for "
		    "MaxStartups drops alike");
		return;
	}
	if (proto != NULL) {
		check_set(res, CHECK_FAIL, "not-ssh",
		    "a service speaking %s answers on port %d, not SSH",
		    proto, port);
		goto first_bytes;
	}
	if (p->total == 0 && how != END_NONE) {
		check_set(res, CHECK_FAIL, "closed",
		    "%s accepted the TCP connection and %s %ld ms later without "
		    "sending an SSH banner", host, ending_text(how), ms);
		if (how == END_RESET)
			check_evidence(res, "ssh would print: kex_exchange_identification: "
			    "read: Connection reset by peer");
		else
			check_evidence(res, "ssh would print: kex_exchange_identification: "
			    "Connection closed by remote host (9.5+: Connection closed by "
			    "%s port %d)", host, port);
		if (how == END_ERROR)
			check_evidence(res, "socket error: %s", strerror(sock_errno));
		check_evidence(res, "no byte received before the connection ended");
		return;
	}
	if (p->total == 0) {
		check_set(res, CHECK_FAIL, "silent",
		    "%s accepted the TCP connection but sent nothing in %ld ms", host, ms);
		check_evidence(res, "no byte received; an SSH server sends its "
		    "identification at once");
		check_evidence(res, "ssh would wait, then print: Connection timed out "
		    "during banner exchange");
		return;
	}
	if (p->nlines > 0) {
		check_set(res, CHECK_FAIL, "other-text",
		    "the server sent %zu line%s of text but no SSH identification, then %s",
		    p->nlines, p->nlines == 1 ? "" : "s", ending_text(how));
		pre_banner_evidence(res, p);
		return;
	}
	check_set(res, CHECK_FAIL, "stalled",
	    "the server sent %zu byte%s, then no complete line within %ld ms",
	    p->total, p->total == 1 ? "" : "s", ms);
first_bytes:
	{
		char	*shown = NULL;
		size_t	 i, n = p->headlen < 64 ? p->headlen : 64;
		char	 hex[3 * 64 + 1];

		for (i = 0; i < n; i++)
			snprintf(hex + 3 * i, 4, "%02x ", p->head[i]);
		hex[n ? 3 * n - 1 : 0] = '\0';
		check_evidence(res, "first bytes: %s", hex);
		shown = sanitize(p->head, n, 0);
		check_evidence(res, "as text: \"%s\"", shown);
		free(shown);
		pre_banner_evidence(res, p);
		check_evidence(res, "then the server %s after %ld ms", ending_text(how), ms);
	}
}

static void
ssh_banner_exec(struct check_ctx *ctx, struct check_result *res)
{
	struct netaddr_list	*l = netaddr_connected_dep(ctx);	/* resolved: required */
	struct banner_parser	 p;
	struct pollfd		 pfd;
	enum ending		 how = END_NONE;
	char			 buf[4096], where[96], ident[BANNER_IDENT_MAX + 2];
	struct banner_conn	*bc = NULL;
	int64_t			 start = now_ms();
	int			 fd, idx = -1, sock_errno = 0, left, n;
	ssize_t			 got;

	if ((fd = netaddr_take_fd(l, &idx)) == -1) {
		check_set(res, CHECK_SKIP, "skipped", "%s", BANNER_SKIP);
		return;
	}
	netaddr_format(&l->a[idx],
	    l->port, where, sizeof where);
	banner_init(&p);

	if (l->a[idx].reset) {
		/* The reset came with the accept: nothing to read. */
		close(fd);
		classify(res, l->host,
		    l->port, &p, END_RESET,
		    l->a[idx].ms, ECONNRESET);
		check_evidence(res, "read from %s", where);
		banner_free(&p);
		return;
	}

	/* OpenSSH sends KEXINIT only after our identification: send it first, like ssh. */
	our_ident(ident, sizeof ident - 2);
	strcat(ident, "\r\n");
	if (send(fd, ident, strlen(ident), MSG_NOSIGNAL) == -1 &&
	    errno != EPIPE && errno != ECONNRESET)
		sock_errno = errno;

	while (p.state == BANNER_MORE) {
		if ((left = check_remaining_ms(ctx)) == 0)
			break;
		pfd.fd = fd;
		pfd.events = POLLIN;
		n = poll(&pfd, 1, left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got = recv(fd, buf, sizeof buf, 0);
		if (got == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got == 0) {
			how = END_EOF;
			break;
		}
		if (got == -1) {
			sock_errno = errno;
			how = errno == ECONNRESET ? END_RESET : END_ERROR;
			break;
		}
		size_t used = banner_feed(&p, buf, (size_t)got);

		if (p.state == BANNER_FOUND && banner_major(&p) == 2) {
			/* Keep the connection: the KEXINIT check reads on from here. */
			bc = xcalloc(1, sizeof *bc);
			bc->fd = fd;
			bc->leftover_len = (size_t)got - used;
			memcpy(bc->leftover, buf + used, bc->leftover_len);
			snprintf(bc->sent, sizeof bc->sent, "%.*s", (int)strlen(ident) - 2, ident);
			if (p.ident != NULL && plain_line(p.ident) &&
			    strlen(p.ident) < sizeof bc->ident)
				snprintf(bc->ident, sizeof bc->ident, "%s", p.ident);
		}
		/* Another protocol's greeting is evidence enough: no need to wait out the timeout. */
		if (p.state == BANNER_MORE && p.nlines > 0 &&
		    banner_guess_protocol(p.head, p.headlen) != NULL)
			break;
	}
	if (bc == NULL)
		close(fd);
	classify(res, l->host,
	    l->port, &p, how,
	    (long)(now_ms() - start), sock_errno);
	if (bc != NULL) {
		res->data = bc;
		res->data_free = banner_conn_free;
	}
	check_evidence(res, "read from %s", where);
	banner_free(&p);
}

static const char *const banner_needs[] = { "tcp-connect", NULL };
static const struct check_need banner_data[] = {
	{ "tcp-connect", NEED_REQUIRED, BANNER_SKIP },
	{ NULL, 0, NULL }
};
static const char *const banner_outcomes[] = {
	"ssh", "ssh1", "maxstartups", "not-allowed", "closed", "silent",
	"stalled", "not-ssh", "other-text", "invalid", "skipped", "error", NULL
};

const struct check_entry check_ssh_banner_entry = {
	.id = "ssh-banner",
	.title = "SSH identification",
	.needs = banner_needs,
	.data = banner_data,
	.outcomes = banner_outcomes,
	.exec = ssh_banner_exec,
};
