/* redact.c: consistent placeholders for user names, host names and addresses in a JSON report, so it can be shared without them. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "lib/xmalloc.h"
#include "ui/redact.h"

#define REDACT_DEPTH_MAX	64

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

/* JSON keys whose values are sshdoc's own vocabulary: never private. */
static const char *const fixed_keys[] = {
	"tool", "version", "mode", "id", "title", "status", "outcome", "confidence",
	"fix", "check", "verdict", "path", "answers", NULL
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

/* JSON: a small recursive-descent copier that rewrites string values. */
struct jctx {
	struct redact	*r;
	const char	*s;
	size_t		 len;
	size_t		 pos;
	struct buf	 out;
	char		*err;
};

static void
skip_ws(struct jctx *j)
{
	while (j->pos < j->len && (j->s[j->pos] == ' ' || j->s[j->pos] == '\t' ||
	    j->s[j->pos] == '\n' || j->s[j->pos] == '\r'))
		buf_addc(&j->out, j->s[j->pos++]);
}

static int
jfail(struct jctx *j, const char *what)
{
	if (j->err == NULL)
		xasprintf(&j->err, "invalid JSON at byte %zu: %s", j->pos, what);
	return -1;
}

static int
hex4(const char *s, unsigned int *v)
{
	int	 i, d;

	*v = 0;
	for (i = 0; i < 4; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return -1;
		*v = *v << 4 | (unsigned int)d;
	}
	return 0;
}

static void
put_utf8(struct buf *b, unsigned int cp)
{
	char	 u[4];

	if (cp < 0x80)
		buf_addc(b, (char)cp);
	else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

/* Decode the string at j->pos (on its quote) into *text; j->pos moves past it. */
static int
read_string(struct jctx *j, struct buf *text)
{
	unsigned int	 cp, lo;
	char		 c;

	buf_add(text, "", 0);
	j->pos++;
	while (j->pos < j->len) {
		c = j->s[j->pos++];
		if (c == '"')
			return 0;
		if ((unsigned char)c < 0x20)
			return jfail(j, "control character in a string");
		if (c != '\\') {
			buf_addc(text, c);
			continue;
		}
		if (j->pos >= j->len)
			break;
		c = j->s[j->pos++];
		switch (c) {
		case '"': case '\\': case '/':
			buf_addc(text, c);
			break;
		case 'b': buf_addc(text, '\b'); break;
		case 'f': buf_addc(text, '\f'); break;
		case 'n': buf_addc(text, '\n'); break;
		case 'r': buf_addc(text, '\r'); break;
		case 't': buf_addc(text, '\t'); break;
		case 'u':
			if (j->len - j->pos < 4 || hex4(j->s + j->pos, &cp) != 0)
				return jfail(j, "bad \\u escape");
			j->pos += 4;
			if (cp >= 0xd800 && cp <= 0xdbff && j->len - j->pos >= 6 &&
			    j->s[j->pos] == '\\' && j->s[j->pos + 1] == 'u' &&
			    hex4(j->s + j->pos + 2, &lo) == 0 && lo >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				j->pos += 6;
			} else if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0xfffd;
			/* NUL would end the C string: keep it visible instead. */
			if (cp == 0)
				buf_add(text, "\\x00", 4);
			else
				put_utf8(text, cp);
			break;
		default:
			return jfail(j, "bad escape");
		}
	}
	return jfail(j, "unterminated string");
}

static void
write_string(struct buf *b, const char *s)
{
	const unsigned char *p;
	char		 esc[8];

	buf_addc(b, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f) {
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			buf_add(b, esc, 6);
		} else
			buf_addc(b, (char)*p);
	}
	buf_addc(b, '"');
}

static int
fixed_key(const char *key)
{
	size_t	 i;

	if (key == NULL)
		return 0;
	for (i = 0; fixed_keys[i] != NULL; i++) {
		if (strcmp(fixed_keys[i], key) == 0)
			return 1;
	}
	return 0;
}

static int json_value(struct jctx *, const char *key, int fixed, int depth);

static int
json_string_value(struct jctx *j, int fixed)
{
	struct buf	 text = { NULL, 0, 0 };
	size_t		 start = j->pos;
	char		*red;

	if (read_string(j, &text) != 0) {
		free(text.p);
		return -1;
	}
	if (fixed)
		buf_add(&j->out, j->s + start, j->pos - start);
	else {
		red = redact_text(j->r, text.p);
		write_string(&j->out, red);
		free(red);
	}
	free(text.p);
	return 0;
}

static int
json_object(struct jctx *j, int fixed, int depth)
{
	struct buf	 key = { NULL, 0, 0 };
	size_t		 start;
	int		 rc = -1;

	buf_addc(&j->out, j->s[j->pos++]);
	skip_ws(j);
	if (j->pos < j->len && j->s[j->pos] == '}') {
		buf_addc(&j->out, j->s[j->pos++]);
		return 0;
	}
	for (;;) {
		if (j->pos >= j->len || j->s[j->pos] != '"')
			return jfail(j, "expected a key");
		start = j->pos;
		free(key.p);
		memset(&key, 0, sizeof key);
		if (read_string(j, &key) != 0)
			break;
		buf_add(&j->out, j->s + start, j->pos - start);
		skip_ws(j);
		if (j->pos >= j->len || j->s[j->pos] != ':') {
			jfail(j, "expected ':'");
			break;
		}
		buf_addc(&j->out, j->s[j->pos++]);
		skip_ws(j);
		if (json_value(j, key.p, fixed || fixed_key(key.p), depth + 1) != 0)
			break;
		skip_ws(j);
		if (j->pos < j->len && j->s[j->pos] == ',') {
			buf_addc(&j->out, j->s[j->pos++]);
			skip_ws(j);
			continue;
		}
		if (j->pos < j->len && j->s[j->pos] == '}') {
			buf_addc(&j->out, j->s[j->pos++]);
			rc = 0;
		} else
			jfail(j, "expected ',' or '}'");
		break;
	}
	free(key.p);
	return rc;
}

static int
json_array(struct jctx *j, const char *key, int fixed, int depth)
{
	buf_addc(&j->out, j->s[j->pos++]);
	skip_ws(j);
	if (j->pos < j->len && j->s[j->pos] == ']') {
		buf_addc(&j->out, j->s[j->pos++]);
		return 0;
	}
	for (;;) {
		if (json_value(j, key, fixed, depth + 1) != 0)
			return -1;
		skip_ws(j);
		if (j->pos < j->len && j->s[j->pos] == ',') {
			buf_addc(&j->out, j->s[j->pos++]);
			skip_ws(j);
			continue;
		}
		if (j->pos < j->len && j->s[j->pos] == ']') {
			buf_addc(&j->out, j->s[j->pos++]);
			return 0;
		}
		return jfail(j, "expected ',' or ']'");
	}
}

static int
json_value(struct jctx *j, const char *key, int fixed, int depth)
{
	size_t	 start = j->pos;
	char	 c;

	if (depth > REDACT_DEPTH_MAX)
		return jfail(j, "nested too deeply");
	if (j->pos >= j->len)
		return jfail(j, "expected a value");
	c = j->s[j->pos];
	if (c == '{')
		return json_object(j, fixed, depth);
	if (c == '[')
		return json_array(j, key, fixed, depth);
	if (c == '"')
		return json_string_value(j, fixed);
	if (c == '-' || (c >= '0' && c <= '9')) {
		while (j->pos < j->len && strchr("+-.eE0123456789", j->s[j->pos]) != NULL)
			j->pos++;
	} else if (j->len - j->pos >= 4 && (strncmp(j->s + j->pos, "true", 4) == 0 ||
	    strncmp(j->s + j->pos, "null", 4) == 0))
		j->pos += 4;
	else if (j->len - j->pos >= 5 && strncmp(j->s + j->pos, "false", 5) == 0)
		j->pos += 5;
	else
		return jfail(j, "unexpected character");
	buf_add(&j->out, j->s + start, j->pos - start);
	return 0;
}

int
redact_json(struct redact *r, const char *json, size_t len, char **out, char **cause)
{
	struct jctx	 j;

	memset(&j, 0, sizeof j);
	j.r = r;
	j.s = json;
	j.len = len;
	*out = NULL;
	buf_add(&j.out, "", 0);
	skip_ws(&j);
	if (json_value(&j, NULL, 0, 0) == 0) {
		skip_ws(&j);
		if (j.pos != j.len)
			jfail(&j, "bytes after the value");
	}
	if (j.err != NULL) {
		set_cause(cause, "%s", j.err);
		free(j.err);
		free(j.out.p);
		return -1;
	}
	*out = j.out.p;
	return 0;
}
