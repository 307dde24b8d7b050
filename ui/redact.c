/* redact.c: consistent placeholders for user names, host names and addresses in the report's text, so it can be shared without them. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "lib/xmalloc.h"
#include "ui/redact.h"

/* Domains that name software, not anyone's machine (algorithm names, URLs in articles). */
static const char *const public_domains[] = {
	"openssh.com", "openssh.org", "libssh.org", "ssh.com", "liu.se",
	"openbsd.org", "debian.org", "ubuntu.com", "github.com", NULL
};

/* Last labels that make a word a file name rather than a host name. */
static const char *const file_suffixes[] = {
	"txt", "tsv", "conf", "cfg", "config", "pub", "key", "pem", "crt", "log",
	"json", "md", "sh", "so", "service", "socket", "target", "timer", "old",
	"bak", "tmp", "lock", "pid", "sock", "py", "pl", "gz", "xz", "deb", "rpm",
	"html", "xml", "yaml", "yml", "ini", "sig", "asc", NULL
};

struct buf {
	char	*p;
	size_t	 len;
	size_t	 size;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->size) {
		while (b->len + n + 1 > b->size)
			b->size = b->size == 0 ? 256 : b->size * 2;
		b->p = xreallocarray(b->p, 1, b->size);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
redact_init(struct redact *r)
{
	memset(r, 0, sizeof *r);
}

void
redact_free(struct redact *r)
{
	strlist_free(&r->users);
	strlist_free(&r->hosts);
	strlist_free(&r->from);
	strlist_free(&r->to);
	memset(r, 0, sizeof *r);
}

static int
in_list(const struct strlist *l, const char *s, size_t n, int nocase)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (strlen(l->v[i]) != n)
			continue;
		if (nocase ? strncasecmp(l->v[i], s, n) == 0 : strncmp(l->v[i], s, n) == 0)
			return 1;
	}
	return 0;
}

void
redact_user(struct redact *r, const char *name)
{
	if (name == NULL || *name == '\0' || strcmp(name, "root") == 0 ||
	    in_list(&r->users, name, strlen(name), 0))
		return;
	strlist_add(&r->users, name);
}

void
redact_host(struct redact *r, const char *name)
{
	const char	*dot;

	if (name == NULL || *name == '\0' || in_list(&r->hosts, name, strlen(name), 1))
		return;
	strlist_add(&r->hosts, name);
	/* "server.example.org" also appears as "server". */
	if ((dot = strchr(name, '.')) != NULL && dot > name) {
		char *shortname = xstrndup(name, (size_t)(dot - name));

		if (!in_list(&r->hosts, shortname, strlen(shortname), 1) &&
		    strspn(shortname, "0123456789") != strlen(shortname))
			strlist_add(&r->hosts, shortname);
		free(shortname);
	}
}

/* The placeholder for s (kind "user", "host" or "addr"), made on first sight. */
static const char *
placeholder(struct redact *r, const char *kind, const char *s, size_t n)
{
	char	*key, *val;
	size_t	 i;
	int	*counter;

	key = xstrndup(s, n);
	if (strcmp(kind, "host") == 0) {
		for (i = 0; key[i] != '\0'; i++)
			key[i] = (char)tolower((unsigned char)key[i]);
	} else if (strcmp(kind, "addr") == 0) {
		unsigned char	 bin[16];
		char		 norm[INET6_ADDRSTRLEN];
		int		 af = strchr(key, ':') != NULL ? AF_INET6 : AF_INET;

		/* "::1" and "0:0:0:0:0:0:0:1" are one address. */
		if (inet_pton(af, key, bin) == 1 &&
		    inet_ntop(af, bin, norm, sizeof norm) != NULL) {
			free(key);
			key = xstrdup(norm);
		}
	}
	for (i = 0; i < r->from.n; i++) {
		if (strcmp(r->from.v[i], key) == 0 &&
		    strncmp(r->to.v[i], kind, strlen(kind)) == 0) {
			free(key);
			return r->to.v[i];
		}
	}
	counter = strcmp(kind, "user") == 0 ? &r->nuser :
	    strcmp(kind, "host") == 0 ? &r->nhost : &r->naddr;
	xasprintf(&val, "%s-%d", kind, ++*counter);
	strlist_add(&r->from, key);
	strlist_add(&r->to, val);
	free(key);
	free(val);
	return r->to.v[r->to.n - 1];
}

static int
word_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-';
}

static int
v6_char(char c)
{
	return isxdigit((unsigned char)c) || c == ':' || c == '.';
}

/* Length of an IPv6 address starting at s (at most n bytes), or 0. */
static size_t
match_v6(const char *s, size_t n)
{
	unsigned char	 bin[16];
	char		 tmp[INET6_ADDRSTRLEN + 1];
	size_t		 run, len, colons = 0, i;

	for (run = 0; run < n && run < INET6_ADDRSTRLEN && v6_char(s[run]); run++)
		colons += s[run] == ':';
	if (colons < 2)
		return 0;
	for (len = run; len >= 2; len--) {
		if (len < run && isalnum((unsigned char)s[len]))
			continue;
		for (i = 0, colons = 0; i < len; i++)
			colons += s[i] == ':';
		if (colons < 2)
			break;
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		/* "::" alone is punctuation more often than an address. */
		if (strspn(tmp, ":") != len && inet_pton(AF_INET6, tmp, bin) == 1)
			return len;
	}
	return 0;
}

static int
is_ipv4(const char *s, size_t n)
{
	unsigned char	 bin[4];
	char		 tmp[INET_ADDRSTRLEN];

	if (n < 7 || n >= sizeof tmp)
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET, tmp, bin) == 1;
}

static int
ends_with_domain(const char *s, size_t n, const char *dom)
{
	size_t	 d = strlen(dom);

	if (n < d || strncasecmp(s + n - d, dom, d) != 0)
		return 0;
	return n == d || s[n - d - 1] == '.';
}

/* A word shaped like a host name: labels of letters, digits, '-', the last alphabetic. */
static int
is_domain(const char *s, size_t n)
{
	size_t	 i, label = 0, last = 0, dots = 0;
	int	 alpha = 1;

	if (n < 4 || n > 253)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			dots++;
			label = 0;
			last = i + 1;
			alpha = 1;
			continue;
		}
		if (!isalnum((unsigned char)c) && c != '-')
			return 0;
		if (label == 0 && c == '-')
			return 0;
		if (!isalpha((unsigned char)c))
			alpha = 0;
		label++;
	}
	if (dots == 0 || label < 2 || label > 24 || !alpha)
		return 0;
	for (i = 0; file_suffixes[i] != NULL; i++) {
		if (strlen(file_suffixes[i]) == n - last &&
		    strncasecmp(s + last, file_suffixes[i], n - last) == 0)
			return 0;
	}
	for (i = 0; public_domains[i] != NULL; i++) {
		if (ends_with_domain(s, n, public_domains[i]))
			return 0;
	}
	return 1;
}

char *
redact_text(struct redact *r, const char *text)
{
	struct buf	 out = { NULL, 0, 0 };
	const char	*s = text;
	size_t		 n = strlen(text), i = 0, j, w, m;
	int		 boundary;

	buf_add(&out, "", 0);
	while (i < n) {
		boundary = i == 0 || (!word_char(s[i - 1]) && s[i - 1] != ':');
		if (boundary && v6_char(s[i]) && (m = match_v6(s + i, n - i)) > 0) {
			const char *p = placeholder(r, "addr", s + i, m);

			buf_add(&out, p, strlen(p));
			i += m;
			continue;
		}
		if (!word_char(s[i])) {
			buf_addc(&out, s[i++]);
			continue;
		}
		for (j = i; j < n && word_char(s[j]); j++)
			;
		/* A trailing dot ends a sentence, not a name. */
		for (w = j - i; w > 0 && s[i + w - 1] == '.'; w--)
			;
		if (w == 0) {
			buf_add(&out, s + i, j - i);
			i = j;
			continue;
		}
		if (in_list(&r->to, s + i, w, 0)) {
			/* A placeholder already: redacting twice changes nothing. */
			buf_add(&out, s + i, w);
		} else if (is_ipv4(s + i, w)) {
			const char *p = placeholder(r, "addr", s + i, w);

			buf_add(&out, p, strlen(p));
		} else if (in_list(&r->users, s + i, w, 0) ||
		    (i >= 6 && strncmp(s + i - 6, "/home/", 6) == 0)) {
			const char *p = placeholder(r, "user", s + i, w);

			buf_add(&out, p, strlen(p));
		} else if (in_list(&r->hosts, s + i, w, 1) || is_domain(s + i, w)) {
			const char *p = placeholder(r, "host", s + i, w);

			buf_add(&out, p, strlen(p));
		} else
			buf_add(&out, s + i, w);
		buf_add(&out, s + i + w, j - i - w);
		i = j;
	}
	return out.p;
}
