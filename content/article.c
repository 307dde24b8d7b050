/* article.c: parser for fix articles (content/FORMAT.md) into typed lines. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "content/article.h"

#define ARTICLE_LINE_MAX	100	/* columns, as the lint demands */
#define ARTICLE_LINES_MAX	5000

const char *const article_sections[] = {
	"Fix", "Symptoms", "How sshdoc knows", "Why it works",
	"Risks and undo", "If it still fails", NULL
};

void
article_free(struct article *a)
{
	size_t	 i;

	if (a == NULL)
		return;
	free(a->id);
	free(a->title);
	free(a->applies);
	for (i = 0; i < a->nlines; i++) {
		free(a->lines[i].text);
		free(a->lines[i].raw);
	}
	free(a->lines);
	free(a);
}

static void
add_line(struct article *a, enum article_line_kind kind, const char *text,
    int indent, int root, int number)
{
	struct article_line	*l;

	a->lines = xreallocarray(a->lines, a->nlines + 1, sizeof *a->lines);
	l = &a->lines[a->nlines++];
	l->kind = kind;
	l->raw = xstrdup(text);
	l->text = article_fill(text, NULL, NULL);
	l->indent = indent;
	l->root = root;
	l->number = number;
}

/* Column count of a UTF-8 line (each code point one column: articles are mostly ASCII). */
static size_t
columns(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return n;
}

size_t
article_placeholder(const char *s, struct article_placeholder *ph)
{
	const char	*p = s + 1;

	/* "{{", "{ x }", "{.Field}", "{print $2}": not placeholders, text as written. */
	if (s[0] != '{' || !islower((unsigned char)*p))
		return 0;
	while (islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_')
		p++;
	if ((*p != ':' && *p != '}') || p - (s + 1) > ARTICLE_PLACEHOLDER_NAME_MAX)
		return 0;
	memset(ph, 0, sizeof *ph);
	ph->name = s + 1;
	ph->namelen = (size_t)(p - (s + 1));
	if (*p == '}')
		return (size_t)(p + 1 - s);
	ph->has_def = 1;
	ph->def = ++p;
	while (*p != '\0' && *p != '}' && *p != '{')
		p++;
	if (*p != '}')
		return 0;
	ph->deflen = (size_t)(p - ph->def);
	return (size_t)(p + 1 - s);
}

char *
article_fill(const char *raw, const char *(*lookup)(const char *, void *), void *arg)
{
	struct article_placeholder ph;
	const char	*v;
	char		*out, name[ARTICLE_PLACEHOLDER_NAME_MAX + 1];
	size_t		 len = 0, cap = strlen(raw) + 1, n, vlen;

	out = xmalloc(cap);
	while (*raw != '\0') {
		if ((n = article_placeholder(raw, &ph)) == 0) {
			v = raw;
			vlen = 1;
			n = 1;
		} else {
			memcpy(name, ph.name, ph.namelen);
			name[ph.namelen] = '\0';
			if (lookup == NULL || (v = lookup(name, arg)) == NULL) {
				v = ph.def != NULL ? ph.def : raw;
				vlen = ph.def != NULL ? ph.deflen : n;
			} else
				vlen = strlen(v);
		}
		if (len + vlen + 1 > cap) {
			cap = (len + vlen + 1) * 2;
			out = xreallocarray(out, 1, cap);
		}
		memcpy(out + len, v, vlen);
		len += vlen;
		raw += n;
	}
	out[len] = '\0';
	return out;
}

/* Every placeholder of a body line has a default: the article must read well without values. */
static int
placeholders_ok(const char *line, char **err)
{
	struct article_placeholder ph;
	size_t		 n;

	for (; *line != '\0'; line += n) {
		if ((n = article_placeholder(line, &ph)) == 0) {
			n = 1;
			continue;
		}
		if (!ph.has_def || ph.deflen == 0)
			return set_cause(err, "placeholder {%.*s} needs a default: "
			    "{%.*s:sample text}", (int)ph.namelen, ph.name,
			    (int)ph.namelen, ph.name);
	}
	return 0;
}

/* Columns of a body line as shown. */
static size_t
line_columns(const char *line)
{
	char	*shown = article_fill(line, NULL, NULL);
	size_t	 n = columns(shown);

	free(shown);
	return n;
}

static int
header(const char *line, const char *key, char **value)
{
	size_t	 klen = strlen(key);

	if (strncmp(line, key, klen) != 0 || line[klen] != ':')
		return 0;
	line += klen + 1;
	while (*line == ' ')
		line++;
	free(*value);
	*value = xstrdup(line);
	return 1;
}

static int
body_line(struct article *a, const char *line, char **err)
{
	const char	*p = line;
	int		 indent = 0, number = 0;

	while (*p == ' ') {
		p++;
		indent++;
	}
	if (*p == '\0') {
		add_line(a, ALINE_BLANK, "", 0, 0, 0);
		return 0;
	}
	if (indent == 0 && strncmp(p, "== ", 3) == 0) {
		if (p[3] == '\0')
			return set_cause(err, "empty heading");
		add_line(a, ALINE_HEADING, p + 3, 0, 0, 0);
		return 0;
	}
	if ((p[0] == '$' || p[0] == '#') && p[1] == ' ') {
		if (p[2] == '\0')
			return set_cause(err, "empty command");
		add_line(a, ALINE_COMMAND, p + 2, indent, p[0] == '#', 0);
		return 0;
	}
	if (p[0] == '>' && (p[1] == ' ' || p[1] == '\0')) {
		add_line(a, ALINE_QUOTE, p[1] ? p + 2 : "", indent, 0, 0);
		return 0;
	}
	if (strncmp(p, "see:", 4) == 0) {
		p += 4;
		while (*p == ' ')
			p++;
		if (*p == '\0')
			return set_cause(err, "'see:' needs a cause id");
		add_line(a, ALINE_SEE, p, indent, 0, 0);
		return 0;
	}
	if (indent == 0 && isdigit((unsigned char)p[0])) {
		const char *q = p;

		while (isdigit((unsigned char)*q) && number < 1000)
			number = number * 10 + (*q++ - '0');
		if (q[0] == '.' && q[1] == ' ') {
			add_line(a, ALINE_STEP, q + 2, 0, 0, number);
			return 0;
		}
	}
	add_line(a, ALINE_TEXT, p, indent, 0, 0);
	return 0;
}

int
article_parse(const char *text, size_t len, const char *name,
    struct article **out, char **cause)
{
	struct article	*a;
	const char	*p = text, *end = text + len, *nl;
	char		*line, *err = NULL;
	size_t		 llen;
	int		 lineno = 0, in_body = 0, in_apply = 0;

	*out = NULL;
	a = xcalloc(1, sizeof *a);
	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		llen = (size_t)((nl ? nl : end) - p);
		if (memchr(p, '\0', llen) != NULL) {
			set_cause(&err, "NUL byte");
			goto fail;
		}
		if (llen > ARTICLE_LINE_MAX * 8) {
			set_cause(&err, "line longer than %d columns", ARTICLE_LINE_MAX);
			goto fail;
		}
		line = xstrndup(p, llen);
		p = nl ? nl + 1 : end;
		if (!sanitized_ok(line)) {
			free(line);
			set_cause(&err, "tab, control character or invalid UTF-8");
			goto fail;
		}
		/*
		 * Headers repeat causes.tsv titles, which may be longer: only the
		 * body is bounded, as it is shown (placeholders as their defaults).
		 */
		if (in_body && (placeholders_ok(line, &err) != 0 ||
		    line_columns(line) > ARTICLE_LINE_MAX)) {
			free(line);
			if (err == NULL)
				set_cause(&err, "line longer than %d columns", ARTICLE_LINE_MAX);
			goto fail;
		}
		if (lineno > ARTICLE_LINES_MAX) {
			free(line);
			set_cause(&err, "more than %d lines", ARTICLE_LINES_MAX);
			goto fail;
		}
		if (!in_body) {
			if (*line == '\0')
				in_body = 1;
			else if (!header(line, "id", &a->id) &&
			    !header(line, "title", &a->title) &&
			    !header(line, "applies", &a->applies)) {
				free(line);
				set_cause(&err, "unknown header (id:, title:, applies:, "
				    "then a blank line)");
				goto fail;
			}
			free(line);
			continue;
		}
		if (body_line(a, line, &err) != 0) {
			free(line);
			goto fail;
		}
		free(line);
		/* Apply steps (content/apply.h) are shown as they are, like a snippet. */
		if (a->lines[a->nlines - 1].kind == ALINE_HEADING)
			in_apply = strcmp(a->lines[a->nlines - 1].text, "Apply") == 0;
		else if (in_apply && a->lines[a->nlines - 1].kind == ALINE_TEXT &&
		    a->lines[a->nlines - 1].indent < ARTICLE_APPLY_INDENT)
			a->lines[a->nlines - 1].indent = ARTICLE_APPLY_INDENT;
	}
	if (a->id == NULL || a->title == NULL || a->applies == NULL) {
		set_cause(&err, "missing header: id:, title: and applies: are required");
		goto fail;
	}
	*out = a;
	return 0;
fail:
	set_cause(cause, "%s:%d: %s", name, lineno, err);
	free(err);
	article_free(a);
	return -1;
}

const char *
article_applies_where(const char *applies)
{
	if (applies == NULL)
		return "where it says";
	if (strcmp(applies, "either") == 0)
		return "on the client or the server";
	if (strcmp(applies, "network") == 0)
		return "in the network between them";
	if (strcmp(applies, "server") == 0)
		return "on the server";
	return "on the client";
}

size_t
article_short_fix(const struct article *a, size_t *start)
{
	size_t	 i, n = 0;
	int	 in_fix = 0;

	*start = 0;
	for (i = 0; i < a->nlines; i++) {
		if (a->lines[i].kind == ALINE_HEADING) {
			if (in_fix)
				break;
			in_fix = strcmp(a->lines[i].text, "Fix") == 0;
			continue;
		}
		if (!in_fix)
			continue;
		if (a->lines[i].kind == ALINE_COMMAND) {
			if (n++ == 0)
				*start = i;
		} else if (n > 0)
			break;
	}
	return n;
}

int
article_check(const struct article *a, const char *name, char **cause)
{
	size_t	 i, next = 0;

	for (i = 0; i < a->nlines; i++) {
		if (a->lines[i].kind != ALINE_HEADING)
			continue;
		/* An optional last section: the automatic fix's steps (content/apply.h). */
		if (article_sections[next] == NULL && strcmp(a->lines[i].text, "Apply") == 0)
			continue;
		if (article_sections[next] == NULL ||
		    strcmp(a->lines[i].text, article_sections[next]) != 0) {
			return set_cause(cause, "%s: section '%s' out of place; "
			    "expected '%s'", name, a->lines[i].text,
			    article_sections[next] ? article_sections[next] : "(end)");
		}
		next++;
	}
	if (article_sections[next] != NULL)
		return set_cause(cause, "%s: missing section '%s'", name,
		    article_sections[next]);
	if (article_short_fix(a, &next) > ARTICLE_FIX_MAX)
		return set_cause(cause, "%s: the Fix section's first command block (the short "
		    "fix) has more than %d lines", name, ARTICLE_FIX_MAX);
	if (strcmp(a->applies, "client") != 0 && strcmp(a->applies, "server") != 0 &&
	    strcmp(a->applies, "either") != 0 && strcmp(a->applies, "network") != 0)
		return set_cause(cause, "%s: applies: must be client, server, "
		    "either or network", name);
	return 0;
}
