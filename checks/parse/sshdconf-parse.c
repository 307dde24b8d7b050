/* sshdconf-parse.c: Port, ListenAddress and Include of an sshd_config as written (sshd -T cannot run while systemd's /run/sshd is absent). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/parse/sshd-parse.h"
#include "checks/parse/sshdconf-parse.h"

#define LINE_MAX_BYTES	4096

static void
add(int *v, size_t *n, int port)
{
	size_t	 i;

	if (port <= 0 || port > 65535 || *n >= SSHDCONF_PORTS_MAX)
		return;
	for (i = 0; i < *n; i++) {
		if (v[i] == port)
			return;
	}
	v[(*n)++] = port;
}

/* A decimal port, whole: "22" but not "22x" or "". */
static int
number(const char *s)
{
	long	 n = 0;
	size_t	 i;

	for (i = 0; s[i] >= '0' && s[i] <= '9' && i < 6; i++)
		n = n * 10 + (s[i] - '0');
	return i > 0 && s[i] == '\0' ? (int)n : -1;
}

/* ListenAddress host[:port], [v6]:port, or a bare v6 address (several colons). */
static void
listen_address(struct sshdconf_ports *p, const char *v)
{
	const char	*c = strchr(v, ':');
	int		 port;

	if (v[0] == '[' || (c != NULL && strchr(c + 1, ':') == NULL)) {
		if ((port = sshd_listen_port(v)) > 0) {
			add(p->la_port, &p->nla_port, port);
			return;
		}
	}
	p->la_bare = 1;
}

static void
one_line(struct sshdconf_ports *p, char *s, int *stop)
{
	char	*key, *val, *tok, *save = NULL;
	size_t	 k;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0' || *s == '#')
		return;
	key = s;
	k = strcspn(s, " \t=");
	val = s + k;
	if (*val != '\0')
		*val++ = '\0';
	val += strspn(val, " \t");
	if (*val == '=')
		val += 1 + strspn(val + 1, " \t");
	if (strcasecmp(key, "match") == 0) {
		*stop = 1;	/* Port and ListenAddress are global only */
		return;
	}
	if (strcasecmp(key, "include") == 0) {
		for (tok = strtok_r(val, " \t", &save); tok != NULL && p->includes.n < 64;
		    tok = strtok_r(NULL, " \t", &save))
			strlist_add(&p->includes, tok);
		return;
	}
	/* one value: the first word, without quotes */
	if (*val == '"') {
		val++;
		val[strcspn(val, "\"")] = '\0';
	} else
		val[strcspn(val, " \t#")] = '\0';
	if (strcasecmp(key, "port") == 0)
		add(p->port, &p->nport, number(val));
	else if (strcasecmp(key, "listenaddress") == 0 && *val != '\0')
		listen_address(p, val);
}

void
sshdconf_scan(const char *text, size_t len, struct sshdconf_ports *p)
{
	char		 line[LINE_MAX_BYTES];
	const char	*nl, *end = text + len;
	size_t		 n;
	int		 stop = 0;

	while (text < end && !stop) {
		nl = memchr(text, '\n', (size_t)(end - text));
		n = nl ? (size_t)(nl - text) : (size_t)(end - text);
		if (n > 0 && text[n - 1] == '\r')
			n--;
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, text, n);
		line[n] = '\0';
		if (strlen(line) == n)	/* a NUL inside: not a line sshd would read */
			one_line(p, line, &stop);
		text = nl ? nl + 1 : end;
	}
}

size_t
sshdconf_effective(const struct sshdconf_ports *p, int *out, size_t max)
{
	size_t	 n = 0, i;

	for (i = 0; i < p->nla_port && n < max; i++)
		out[n++] = p->la_port[i];
	if (p->nla_port > 0 && !p->la_bare)
		return n;
	for (i = 0; i < p->nport && n < max; i++) {
		size_t	 j;

		for (j = 0; j < n && out[j] != p->port[i]; j++)
			;
		if (j == n)
			out[n++] = p->port[i];
	}
	if (p->nport == 0 && n < max) {
		size_t	 j;

		for (j = 0; j < n && out[j] != 22; j++)
			;
		if (j == n)
			out[n++] = 22;
	}
	return n;
}

void
sshdconf_free(struct sshdconf_ports *p)
{
	strlist_free(&p->includes);
	memset(p, 0, sizeof *p);
}
