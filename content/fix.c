/* fix.c: a cause's article filled with what the checks found, and its short fix (the first command block of the Fix section). */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/walk.h"
#include "lib/xmalloc.h"

struct fill {
	const struct walk	*w;
	const struct walk_cause	*c;
	int			 command;	/* the line is a command: quote values */
	char			*buf;		/* the last quoted value (owned) */
};

static const char *
facts_get(const struct check_facts *f, const char *name)
{
	size_t	 i;

	for (i = 0; f != NULL && i < f->n; i++) {
		if (strcmp(f->v[i].name, name) == 0)
			return f->v[i].value;
	}
	return NULL;
}

/* The local login name: ssh's user when neither the command nor the configuration names one. */
static const char *
local_user(void)
{
	static char	 name[64];	/* the same for every caller: the process's own user */
	struct passwd	*pw;

	if (name[0] == '\0' && (pw = getpwuid(getuid())) != NULL &&
	    strlen(pw->pw_name) < sizeof name)
		snprintf(name, sizeof name, "%s", pw->pw_name);
	return name[0] != '\0' ? name : NULL;
}

const char *
walk_cause_fact(const struct walk *w, const struct walk_cause *c, const char *name)
{
	static char	 portbuf[8];	/* only ever a decimal port: the walk's own */
	const char	*v, *user, *host;
	size_t		 i;
	int		 port = w->opt.port, client = strcmp(w->opt.mode, "client") == 0;

	if (c != NULL && (v = facts_get(c->facts, name)) != NULL)
		return v;
	/* The target as ssh goes there (ssh -G), not a port or host some other check tried. */
	if (client && (strcmp(name, "user") == 0 || strcmp(name, "host") == 0)) {
		walk_effective(w, &user, &host, &port);
		if (strcmp(name, "host") == 0)
			return w->opt.host != NULL ? w->opt.host : host;
		return user != NULL ? user : local_user();
	}
	if (strcmp(name, "port") == 0 && (client || strcmp(w->opt.mode, "server") == 0)) {
		if (client)
			walk_effective(w, &user, &host, &port);
		if (port <= 0 || port > 65535)
			return NULL;
		snprintf(portbuf, sizeof portbuf, "%d", port);
		return portbuf;
	}
	for (i = 0; i < w->nchecks; i++) {
		if (w->checks[i].state == RUN_DONE &&
		    (v = check_fact_get(&w->checks[i].result, name)) != NULL)
			return v;
	}
	return NULL;
}

/* Characters a POSIX shell takes literally anywhere in a word. */
static int
shell_plain(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789_@%+=:,./-", *s) == NULL)
			return 0;
	}
	return 1;
}

/* 'value', with each ' written as '\'' */
static char *
shell_quote(const char *s)
{
	char	*out, *p;
	size_t	 n = 3;
	const char *q;

	for (q = s; *q != '\0'; q++)
		n += *q == '\'' ? 4 : 1;
	p = out = xmalloc(n);
	*p++ = '\'';
	for (; *s != '\0'; s++) {
		if (*s == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else
			*p++ = *s;
	}
	*p++ = '\'';
	*p = '\0';
	return out;
}

static const char *
lookup(const char *name, void *arg)
{
	struct fill	*f = arg;
	const char	*v;

	if ((v = walk_cause_fact(f->w, f->c, name)) == NULL || *v == '\0')
		return NULL;
	if (!f->command)
		return v;
	/* On a command line a value is one word, and never an option. */
	if (*v == '-')
		return NULL;
	if (shell_plain(v))
		return v;
	free(f->buf);
	f->buf = shell_quote(v);
	return f->buf;
}

char *
walk_cause_fill(const struct walk *w, const struct walk_cause *c,
    const struct article_line *l)
{
	struct fill	 f = { w, c, l->kind == ALINE_COMMAND, NULL };
	char		*out;

	out = article_fill(l->raw, lookup, &f);
	free(f.buf);
	return out;
}

void
walk_fix_free(struct walk_fix *f)
{
	free(f->lead);
	strlist_free(&f->commands);
	memset(f, 0, sizeof *f);
}

/* Line i is a paragraph (or step) of one line that ends in ':'. */
static int
lead_line(const struct article *a, size_t i)
{
	const struct article_line *l = &a->lines[i];
	size_t	 len = strlen(l->text);

	if (len == 0 || l->text[len - 1] != ':')
		return 0;
	if (l->kind == ALINE_STEP)
		return 1;
	return l->kind == ALINE_TEXT && (i == 0 || (a->lines[i - 1].kind != ALINE_TEXT &&
	    a->lines[i - 1].kind != ALINE_STEP));
}

void
walk_cause_fix(const struct walk *w, const struct walk_cause *c, struct walk_fix *fix)
{
	struct article	*a = NULL;
	const struct article_line *l;
	char		*err = NULL, *s;
	size_t		 i, start, n;

	memset(fix, 0, sizeof *fix);
	if (w->content == NULL || content_article(w->content,
	    c->fix != NULL ? c->fix : c->id, &a, &err) != 0) {
		free(err);
		return;
	}
	n = article_short_fix(a, &start);
	/* A lead-in sentence of its own ("...:"), not the tail of a paragraph. */
	if (n > 0 && start > 0 && lead_line(a, start - 1))
		fix->lead = walk_cause_fill(w, c, &a->lines[start - 1]);
	for (i = 0; i < n && i < ARTICLE_FIX_MAX; i++) {
		l = &a->lines[start + i];
		if (l->root)
			fix->root |= 1u << i;
		s = walk_cause_fill(w, c, l);
		strlist_add(&fix->commands, s);
		free(s);
	}
	article_free(a);
}
