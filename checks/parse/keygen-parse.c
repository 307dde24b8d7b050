/* keygen-parse.c: the header-then-line output of `ssh-keygen -F`, shared by the known-hosts and handshake checks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/keygen-parse.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"

/* "# Host NAME found: line N [CA|REVOKED]": the line number and marker, or 0. */
static unsigned long
header_line(const char *line, size_t len, enum keygen_marker *marker)
{
	const char	*p;
	char		*end, *rest;
	unsigned long	 n;

	if (len < 7 || strncmp(line, "# Host ", 7) != 0)
		return 0;
	rest = xstrndup(line, len);
	if ((p = strstr(rest, " found: line ")) == NULL) {
		free(rest);
		return 0;
	}
	errno = 0;
	n = strtoul(p + 13, &end, 10);
	if (errno != 0 || end == p + 13 || *(p + 13) == '-' || *(p + 13) == '+') {
		free(rest);
		return 0;
	}
	*marker = KEYGEN_PLAIN;
	if (strstr(end, "REVOKED") != NULL)
		*marker = KEYGEN_REVOKED;
	else if (strstr(end, "CA") != NULL)
		*marker = KEYGEN_CA;
	free(rest);
	return n;
}

static void
split_words(struct keygen_entry *e, const char *line, size_t len)
{
	const char	*p = line, *end = line + len, *start;

	while (e->nword < KEYGEN_WORDS) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		start = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		if (start == p)
			break;
		e->word[e->nword++] = sanitize(start, (size_t)(p - start), KEYGEN_WORD_MAX);
	}
	if (e->nword == 0)
		return;
	if (strcmp(e->word[0], "@revoked") == 0)
		e->marker = KEYGEN_REVOKED;
	else if (strcmp(e->word[0], "@cert-authority") == 0)
		e->marker = KEYGEN_CA;
}

void
keygen_parse(const char *out, size_t len, struct keygen_matches *m)
{
	const char		*p = out, *end = out + len, *nl;
	struct keygen_entry	*e = NULL;
	enum keygen_marker	 marker = KEYGEN_PLAIN;
	unsigned long		 ln;
	size_t			 llen;

	memset(m, 0, sizeof *m);
	for (; p < end; p = nl != NULL ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		llen = (size_t)((nl != NULL ? nl : end) - p);
		if (llen > 0 && p[llen - 1] == '\r')
			llen--;
		if (llen > 0 && *p == '#') {
			e = NULL;
			if ((ln = header_line(p, llen, &marker)) == 0 ||
			    m->n >= KEYGEN_ENTRIES_MAX)
				continue;
			m->v = xreallocarray(m->v, m->n + 1, sizeof *m->v);
			e = &m->v[m->n++];
			memset(e, 0, sizeof *e);
			e->line = ln;
			e->marker = marker;
			continue;
		}
		/* Only the first line after a header belongs to it. */
		if (e == NULL || llen == 0)
			continue;
		split_words(e, p, llen);
		e = NULL;
	}
}

void
keygen_matches_free(struct keygen_matches *m)
{
	size_t	 i, j;

	for (i = 0; i < m->n; i++) {
		for (j = 0; j < m->v[i].nword; j++)
			free(m->v[i].word[j]);
	}
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* OpenSSH's sshkey.c: each key type and the short name sshkey_type() gives it. */
static const struct {
	const char	*name;
	const char	*shortname;
} short_types[] = {
	{ "ssh-ed25519", "ED25519" },
	{ "ssh-ed25519-cert-v01@openssh.com", "ED25519-CERT" },
	{ "sk-ssh-ed25519@openssh.com", "ED25519-SK" },
	{ "sk-ssh-ed25519-cert-v01@openssh.com", "ED25519-SK-CERT" },
	{ "ssh-rsa", "RSA" },
	{ "rsa-sha2-256", "RSA" },
	{ "rsa-sha2-512", "RSA" },
	{ "ssh-rsa-cert-v01@openssh.com", "RSA-CERT" },
	{ "rsa-sha2-256-cert-v01@openssh.com", "RSA-CERT" },
	{ "rsa-sha2-512-cert-v01@openssh.com", "RSA-CERT" },
	{ "ssh-dss", "DSA" },
	{ "ssh-dss-cert-v01@openssh.com", "DSA-CERT" },
	{ "ecdsa-sha2-nistp256", "ECDSA" },
	{ "ecdsa-sha2-nistp384", "ECDSA" },
	{ "ecdsa-sha2-nistp521", "ECDSA" },
	{ "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ECDSA-CERT" },
	{ "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ECDSA-CERT" },
	{ "ecdsa-sha2-nistp521-cert-v01@openssh.com", "ECDSA-CERT" },
	{ "sk-ecdsa-sha2-nistp256@openssh.com", "ECDSA-SK" },
	{ "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", "ECDSA-SK-CERT" },
};

const char *
keygen_short_type(const char *keytype)
{
	size_t	 i;

	if (keytype == NULL)
		return NULL;
	for (i = 0; i < sizeof short_types / sizeof short_types[0]; i++) {
		if (strcmp(short_types[i].name, keytype) == 0)
			return short_types[i].shortname;
	}
	return NULL;
}
