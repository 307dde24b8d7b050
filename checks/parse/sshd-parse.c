/* sshd-parse.c: reads what sshd -t / -T say on stderr, line by line, and sshd's command lines (pure functions). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "checks/parse/sshd-parse.h"
#include "lib/xmalloc.h"

#define MSG_FIELD_MAX	512	/* bytes kept of a file name or message */
#define OWNED_BY_ROOT	" must be owned by root and not group or world-writable."

static const char *const kind_names[] = {
	[SSHD_MSG_OTHER] = "other",
	[SSHD_MSG_CONFIG] = "config",
	[SSHD_MSG_TERMINATING] = "terminating",
	[SSHD_MSG_DEPRECATED] = "deprecated",
	[SSHD_MSG_HOSTKEY] = "hostkey",
	[SSHD_MSG_HOSTKEY_PERMS] = "hostkey-permissions",
	[SSHD_MSG_NO_HOSTKEYS] = "no-hostkeys",
	[SSHD_MSG_PRIVSEP] = "privsep",
	[SSHD_MSG_NOISE] = "noise",
};

const char *
sshd_msg_kind_name(enum sshd_msg_kind k)
{
	if ((size_t)k >= sizeof kind_names / sizeof kind_names[0])
		return "other";
	return kind_names[k];
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
ends(const char *s, size_t len, const char *suffix)
{
	size_t	 n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

static char *
field(const char *s, size_t len)
{
	return sanitize(s, len, MSG_FIELD_MAX);
}

/* The first word of s (up to a space, quote or end), as a new string. */
static char *
word(const char *s)
{
	size_t	 n = strcspn(s, " \t\"'");

	return field(s, n);
}

/*
 * "FILE: line N: TEXT" (errors) or "FILE line N: TEXT" (fatal errors and
 * warnings). Returns 1 and fills the fields when the line has that shape.
 */
static int
file_line(const char *s, size_t len, struct sshd_msg *m, const char **text)
{
	const char	*p = s, *q, *d;
	long		 n;

	while ((q = strstr(p, " line ")) != NULL) {
		d = q + 6;
		n = 0;
		while (*d >= '0' && *d <= '9' && n < 100000000)
			n = n * 10 + (*d++ - '0');
		if (d > q + 6 && d[0] == ':' && q > s) {
			m->file = field(s, (size_t)(q - s) - (q[-1] == ':'));
			m->line = n;
			d++;
			while (*d == ' ')
				d++;
			*text = d;
			return 1;
		}
		p = q + 1;
	}
	(void)len;
	return 0;
}

enum sshd_msg_kind
sshd_msg_parse(const char *in, struct sshd_msg *m)
{
	char		*line;
	const char	*s, *text, *q;
	size_t		 len;

	memset(m, 0, sizeof *m);
	len = strcspn(in, "\r\n");
	line = xstrndup(in, len);
	s = line;
	/* Journal and syslog forms carry a level; sshd -t does not. */
	if (starts(s, "error: ") || starts(s, "fatal: "))
		s += 7;
	len = strlen(s);

	/* The UNPROTECTED PRIVATE KEY FILE box: "@@@...@@@" and "@  WARNING: ...  @". */
	if (len > 0 && s[0] == '@' && s[len - 1] == '@')
		m->kind = SSHD_MSG_NOISE;
	else if (starts(s, "WARNING: UNPROTECTED PRIVATE KEY FILE!") ||
	    starts(s, "It is required that your private key files are NOT") ||
	    starts(s, "This private key will be ignored."))
		m->kind = SSHD_MSG_NOISE;
	else if (starts(s, "Permissions ") && (q = strstr(s, " for '")) != NULL &&
	    strstr(q, "' are too open") != NULL) {
		m->kind = SSHD_MSG_HOSTKEY_PERMS;
		q += 6;
		m->file = field(q, (size_t)(strstr(q, "' are too open") - q));
	} else if (starts(s, "Unable to load host key \"") ||
	    starts(s, "Unable to load host key: ") ||
	    starts(s, "Could not load host key: ")) {
		/* Both prefixes are 23 characters; then ' "KEY": why' or ": KEY". */
		m->kind = SSHD_MSG_HOSTKEY;
		q = s + 23;
		if (q[0] == ' ' && q[1] == '"') {
			q += 2;
			m->file = field(q, strcspn(q, "\""));
		} else {
			q += 2;
			m->file = field(q, strlen(q));
		}
	} else if (strstr(s, "no hostkeys available") != NULL)
		m->kind = SSHD_MSG_NO_HOSTKEYS;
	else if (starts(s, "Missing privilege separation directory: ")) {
		m->kind = SSHD_MSG_PRIVSEP;
		q = s + 40;
		m->file = field(q, strlen(q));
	} else if (ends(s, len, OWNED_BY_ROOT)) {
		m->kind = SSHD_MSG_PRIVSEP;
		m->file = field(s, len - strlen(OWNED_BY_ROOT));
	} else if (starts(s, "Privilege separation user ")) {
		m->kind = SSHD_MSG_PRIVSEP;
		m->option = word(s + 26);
	} else if (file_line(s, len, m, &text)) {
		if (starts(text, "Deprecated option ") || starts(text, "Unsupported option ")) {
			m->kind = SSHD_MSG_DEPRECATED;
			m->option = word(text + (text[0] == 'D' ? 18 : 19));
		} else {
			m->kind = SSHD_MSG_CONFIG;
			if (starts(text, "Bad configuration option: "))
				m->option = word(text + 26);
		}
		s = text;
	} else if (s[0] == '/' && (q = strstr(s, ": terminating, ")) != NULL) {
		m->kind = SSHD_MSG_TERMINATING;
		m->file = field(s, (size_t)(q - s));
		s = q + 2;
	} else if (s[0] == '/' && (q = strstr(s, ": ")) != NULL &&
	    memchr(s, ' ', (size_t)(q - s)) == NULL) {
		/* "FILE: No such file or directory" and the like: the file itself. */
		m->kind = SSHD_MSG_CONFIG;
		m->file = field(s, (size_t)(q - s));
		s = q + 2;
	} else
		m->kind = SSHD_MSG_OTHER;
	m->text = field(s, strlen(s));
	free(line);
	return m->kind;
}

void
sshd_msg_free(struct sshd_msg *m)
{
	free(m->file);
	free(m->option);
	free(m->text);
	memset(m, 0, sizeof *m);
}

int
sshd_listen_port(const char *v)
{
	const char	*p, *end;
	long		 port = 0;

	if (v == NULL)
		return -1;
	end = v + strcspn(v, " \t");
	if (*v == '[') {
		if ((p = memchr(v, ']', (size_t)(end - v))) == NULL || p[1] != ':')
			return -1;
		p += 2;
	} else {
		for (p = end; p > v && p[-1] != ':'; p--)
			;
		if (p == v)
			return -1;
	}
	if (p == end || end - p > 5)
		return -1;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		port = port * 10 + (*p - '0');
	}
	return port > 0 && port < 65536 ? (int)port : -1;
}

/* sshd's options that take an argument (sshd.c's getopt string). */
static int
takes_arg(char c)
{
	return strchr("CcEfghkoPpu", c) != NULL;
}

int
sshd_cmdline_config(const char *cmdline, char *buf, size_t len)
{
	char	*copy, *tok, *save = NULL, *base, *c;
	int	 found = -1, want = 0;

	if (len == 0)
		return -1;
	buf[0] = '\0';
	copy = xstrdup(cmdline);
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		if (found == -1) {
			/* Up to the program itself: "sshd:" of a title, or a path to sshd. */
			base = strrchr(tok, '/');
			base = base ? base + 1 : tok;
			if (strcmp(base, "sshd") == 0)
				found = 0;
			continue;
		}
		if (want) {
			if (want == 'f') {
				snprintf(buf, len, "%s", tok);
				found = 1;
			}
			want = 0;
			continue;
		}
		if (tok[0] == '[')
			break;	/* "[listener] 0 of 10-100 startups" */
		if (tok[0] != '-' || tok[1] == '\0' || strcmp(tok, "--") == 0)
			continue;
		for (c = tok + 1; *c != '\0'; c++) {
			if (!takes_arg(*c))
				continue;
			if (c[1] == '\0')
				want = *c;
			else if (*c == 'f') {
				snprintf(buf, len, "%s", c + 1);
				found = 1;
			}
			break;
		}
	}
	free(copy);
	return found;
}
