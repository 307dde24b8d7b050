/* myip.c: asks an HTTPS echo service, over IPv4 and IPv6 at once, which address this machine comes from, and believes only a well-formed address. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/http.h"
#include "lib/myip.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int
myip_parse(const char *body, size_t len, int *family, char *out, size_t outlen,
    char **cause)
{
	unsigned char	 bin[sizeof(struct in6_addr)];
	char		 text[INET6_ADDRSTRLEN];
	char		*shown;
	size_t		 i, n;

	if (body == NULL || len == 0)
		return set_cause(cause, "the answer is empty");
	if (len > MYIP_ANSWER_MAX)
		return set_cause(cause, "the answer is longer than %d bytes", MYIP_ANSWER_MAX);
	while (len > 0 && is_space(body[0])) {
		body++;
		len--;
	}
	while (len > 0 && is_space(body[len - 1]))
		len--;
	if (len == 0)
		return set_cause(cause, "the answer is empty");
	n = len;
	for (i = 0; i < len; i++) {
		char c = body[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F') || c == ':' || c == '.'))
			break;
	}
	if (i != len || n >= sizeof text)
		goto bad;
	memcpy(text, body, n);
	text[n] = '\0';
	if (inet_pton(AF_INET, text, bin) == 1)
		*family = AF_INET;
	else if (inet_pton(AF_INET6, text, bin) == 1)
		*family = AF_INET6;
	else
		goto bad;
	if (inet_ntop(*family, bin, text, sizeof text) == NULL || strlen(text) >= outlen)
		goto bad;
	strcpy(out, text);
	return 0;
bad:
	shown = sanitize(body, len, 60);
	set_cause(cause, "the answer is not an IP address: \"%s\"", shown);
	free(shown);
	return -1;
}

static void
take(struct myip *m, struct myip_family *slot, struct http_req *r)
{
	char	 addr[64], *cause = NULL;
	int	 family;

	if (slot->addr[0] != '\0')
		return;		/* already answered by the other request */
	free(slot->error);
	slot->error = NULL;
	if (r->kind != HTTP_OK) {
		slot->error = xstrdup(r->error != NULL ? r->error : "transfer failed");
		return;
	}
	if (myip_parse(r->body, r->body_len, &family, addr, sizeof addr, &cause) != 0) {
		slot->error = sanitize_str(cause, 200);
		free(cause);
		return;
	}
	if ((slot == &m->v4 && family == AF_INET6) || (slot == &m->v6 && family == AF_INET)) {
		/* A proxy or NAT64 in between: the answer belongs to the other family. */
		free(slot->error);
		xasprintf(&slot->error, "asked over %s, the service saw an %s address "
		    "(a proxy or NAT64 in between?)", slot == &m->v4 ? "IPv4" : "IPv6",
		    family == AF_INET ? "IPv4" : "IPv6");
		slot = slot == &m->v4 ? &m->v6 : &m->v4;
	}
	if (slot->addr[0] != '\0') {
		if (strcmp(slot->addr, addr) == 0)
			m->same = 1;
		return;
	}
	free(slot->error);
	slot->error = NULL;
	strcpy(slot->addr, addr);
}

/* AF_INET or AF_INET6 if the URL's host is an address, else 0. */
static int
literal_family(const char *url)
{
	unsigned char	 bin[sizeof(struct in6_addr)];
	char		*host = http_url_host(url), *h;
	size_t		 len;
	int		 af = 0;

	if (host == NULL)
		return 0;
	h = host;
	len = strlen(h);
	if (len > 2 && h[0] == '[' && h[len - 1] == ']') {
		h[len - 1] = '\0';
		h++;
	}
	if (inet_pton(AF_INET, h, bin) == 1)
		af = AF_INET;
	else if (inet_pton(AF_INET6, h, bin) == 1)
		af = AF_INET6;
	free(host);
	return af;
}

int
myip_query(const char *url, int timeout_ms, const char *label, struct myip *m)
{
	struct http_req	 r[2];
	int		 i, n = 0, literal;

	memset(m, 0, sizeof *m);
	memset(r, 0, sizeof r);
	literal = literal_family(url);
	for (i = 0; i < 2; i++) {
		r[i].url = url;
		r[i].max_body = MYIP_ANSWER_MAX;
		r[i].family = i == 0 ? HTTP_V4 : HTTP_V6;
		r[i].connect_timeout_ms = timeout_ms;
		r[i].timeout_ms = timeout_ms;
	}
	/* A URL naming an address can only be asked over that address's family. */
	if (literal == AF_INET) {
		http_run(&r[0], 1, label);
		m->v6.error = xstrdup("not asked over IPv6: the URL names an IPv4 address");
	} else if (literal == AF_INET6) {
		http_run(&r[1], 1, label);
		m->v4.error = xstrdup("not asked over IPv4: the URL names an IPv6 address");
	} else
		http_run(r, 2, label);
	if (literal != AF_INET6)
		take(m, &m->v4, &r[0]);
	if (literal != AF_INET)
		take(m, &m->v6, &r[1]);
	/* An address found by the other request answers for this family. */
	if (m->v4.addr[0] != '\0') {
		free(m->v4.error);
		m->v4.error = NULL;
		n++;
	}
	if (m->v6.addr[0] != '\0') {
		free(m->v6.error);
		m->v6.error = NULL;
		n++;
	}
	for (i = 0; i < 2; i++)
		http_req_free(&r[i]);
	return n;
}

void
myip_free(struct myip *m)
{
	free(m->v4.error);
	free(m->v6.error);
	m->v4.error = m->v6.error = NULL;
}
