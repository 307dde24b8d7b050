/* banner-parse.c: incremental parser for pre-banner lines and the SSH identification line, OpenSSH's rules. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/banner-parse.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"

void
banner_init(struct banner_parser *p)
{
	memset(p, 0, sizeof *p);
	p->state = BANNER_MORE;
	p->line = xmalloc(BANNER_LINE_MAX + 1);
}

void
banner_free(struct banner_parser *p)
{
	free(p->line);
	free(p->ident);
	free(p->proto);
	free(p->software);
	free(p->comment);
	strlist_free(&p->pre);
	memset(p, 0, sizeof *p);
}

static void
invalid(struct banner_parser *p, const char *why)
{
	p->state = BANNER_INVALID;
	p->problem = why;
}

/* "SSH-proto-software[ comment]": split into the parser's fields. */
static void
parse_ident(struct banner_parser *p, const char *line, size_t len)
{
	const char	*proto, *dash, *sp, *end = line + len;
	const char	*q;
	int		 digits_major = 0, digits_minor = 0, dot = 0;

	p->ident = sanitize(line, len, BANNER_KEEP_CHARS);
	proto = line + 4;
	dash = memchr(proto, '-', (size_t)(end - proto));
	if (dash == NULL) {
		p->proto = sanitize(proto, (size_t)(end - proto), 32);
		return;
	}
	p->proto = sanitize(proto, (size_t)(dash - proto), 32);
	for (q = proto; q < dash; q++) {
		if (*q == '.' && !dot)
			dot = 1;
		else if (isdigit((unsigned char)*q))
			dot ? digits_minor++ : digits_major++;
		else
			break;
	}
	sp = memchr(dash + 1, ' ', (size_t)(end - dash - 1));
	p->software = sanitize(dash + 1,
	    (size_t)((sp ? sp : end) - dash - 1), BANNER_KEEP_CHARS);
	if (sp != NULL)
		p->comment = sanitize(sp + 1, (size_t)(end - sp - 1),
		    BANNER_KEEP_CHARS);
	p->ident_ok = q == dash && dot && digits_major > 0 &&
	    digits_minor > 0 && *p->software != '\0';
}

static int
line_says(const char *line, size_t len, const char *what)
{
	size_t	 wlen = strlen(what);

	/* sshd writes exactly this text; allow stray spaces around it. */
	while (len > 0 && line[0] == ' ') {
		line++;
		len--;
	}
	return len >= wlen && memcmp(line, what, wlen) == 0;
}

static void
complete_line(struct banner_parser *p)
{
	const char	*line = p->line;
	size_t		 len = p->linelen;

	if (len >= 4 && memcmp(line, "SSH-", 4) == 0) {
		parse_ident(p, line, len);
		p->state = BANNER_FOUND;
		return;
	}
	if (++p->nlines > BANNER_LINES_MAX) {
		invalid(p, "too many pre-banner lines");
		return;
	}
	if (p->pre.n < BANNER_KEEP_LINES) {
		char *s = sanitize(line, len, BANNER_KEEP_CHARS);
		strlist_add(&p->pre, s);
		free(s);
	}
	if (p->refusal == REFUSAL_NONE) {
		if (line_says(line, len, "Exceeded MaxStartups"))
			p->refusal = REFUSAL_MAXSTARTUPS;
		else if (line_says(line, len, "Not allowed at this time"))
			p->refusal = REFUSAL_NOT_ALLOWED;
	}
	p->linelen = 0;
}

size_t
banner_feed(struct banner_parser *p, const void *buf, size_t len)
{
	const unsigned char	*b = buf;
	size_t			 i = 0;
	unsigned char		 c;

	while (i < len && p->state == BANNER_MORE) {
		c = b[i++];
		if (p->headlen < BANNER_HEAD_MAX)
			p->head[p->headlen++] = c;
		if (++p->total > BANNER_BYTES_MAX) {
			invalid(p, "too much data before the identification line");
			break;
		}
		if (c == '\r') {
			p->expect_nl = 1;
			continue;
		}
		if (c == '\n') {
			p->expect_nl = 0;
			complete_line(p);
			continue;
		}
		if (c == '\0' || p->expect_nl) {
			invalid(p, "banner line contains invalid characters");
			break;
		}
		if (p->linelen >= BANNER_LINE_MAX) {
			invalid(p, "banner line too long");
			break;
		}
		p->line[p->linelen++] = (char)c;
	}
	return i;
}

int
banner_major(const struct banner_parser *p)
{
	if (p->proto == NULL || !p->ident_ok)
		return -1;
	if (strcmp(p->proto, "1.99") == 0)
		return 2;
	return atoi(p->proto);
}

static int
starts(const unsigned char *buf, size_t len, const char *s)
{
	size_t	 n = strlen(s);

	return len >= n && memcmp(buf, s, n) == 0;
}

static int
contains(const unsigned char *buf, size_t len, const char *s)
{
	return memmem(buf, len, s, strlen(s)) != NULL;
}

const char *
banner_guess_protocol(const unsigned char *buf, size_t len)
{
	if (len == 0)
		return NULL;
	if (starts(buf, len, "HTTP/") || starts(buf, len, "<!DOCTYPE") ||
	    starts(buf, len, "<html") || starts(buf, len, "<HTML"))
		return "HTTP";
	/* TLS record: alert (21) or handshake (22), version 3.x */
	if (len >= 3 && (buf[0] == 0x15 || buf[0] == 0x16) && buf[1] == 0x03 &&
	    buf[2] <= 0x04)
		return "TLS";
	if (starts(buf, len, "220")) {
		if (contains(buf, len, "FTP"))
			return "FTP";
		return "SMTP";
	}
	if (starts(buf, len, "+OK"))
		return "POP3";
	if (starts(buf, len, "* OK") || starts(buf, len, "* PREAUTH"))
		return "IMAP";
	if (starts(buf, len, "-ERR") || starts(buf, len, "-NOAUTH") ||
	    starts(buf, len, "-DENIED"))
		return "Redis";
	if (starts(buf, len, "RFB "))
		return "VNC";
	if (starts(buf, len, "@RSYNCD:"))
		return "rsync";
	if (starts(buf, len, "AMQP"))
		return "AMQP";
	if (buf[0] == 0xff && len >= 2 && buf[1] >= 0xfb && buf[1] <= 0xfe)
		return "Telnet";
	/* MySQL greeting: 3-byte length, sequence 0, protocol 10 */
	if (len >= 5 && buf[3] == 0x00 && buf[4] == 0x0a &&
	    (size_t)(buf[0] | buf[1] << 8 | buf[2] << 16) + 4 >= len)
		return "MySQL";
	return NULL;
}
