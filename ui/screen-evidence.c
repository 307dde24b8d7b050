/* screen-evidence.c: one check in full: status, summary, time, the node that ran it, and its evidence lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "ui/wizard.h"

struct evidence {
	size_t		 check;		/* index into the walk's checks */
	struct wiz_pager pg;		/* first row shown, rows at the last draw */
};

struct row {
	attr_t		 attr;		/* how it looks */
	int		 indent;	/* columns from the left margin */
	char		*text;		/* owned */
};

static void
evidence_init(struct wiz *w, void *priv, const void *arg)
{
	struct evidence *e = priv;

	(void)w;
	e->check = *(const size_t *)arg;
}

static void
add_rows(const struct wiz *w, struct row **rows, size_t *n, attr_t a, int indent,
    const char *text, int width)
{
	struct strlist lines = { NULL, 0 };
	size_t	 i;

	wiz_wrap(w, text, width - indent, &lines);
	for (i = 0; i < lines.n; i++) {
		*rows = xreallocarray(*rows, *n + 1, sizeof **rows);
		(*rows)[*n].attr = a;
		(*rows)[*n].indent = indent;
		(*rows)[*n].text = xstrdup(lines.v[i]);
		(*n)++;
	}
	strlist_free(&lines);
}

static void
evidence_draw(struct wiz *w, void *priv, WINDOW *win)
{
	struct evidence *e = priv;
	const struct walk_check *c;
	const struct tree_node *node;
	struct row *rows = NULL, *r;
	size_t	 n = 0, i;
	int	 width = getmaxx(win) - 4, height = getmaxy(win) - 1, y;
	char	*s = NULL, t[32];

	if (w->s.run == NULL || w->s.run->walk == NULL)
		return;
	walk_lock(w->s.run->walk);
	if (e->check >= w->s.run->walk->nchecks) {
		walk_unlock(w->s.run->walk);
		return;
	}
	c = &w->s.run->walk->checks[e->check];
	xasprintf(&s, "%s (%s)", c->entry->title != NULL ? c->entry->title : c->entry->id,
	    c->entry->id);
	add_rows(w, &rows, &n, w->attr[WR_HEADING], 0, s, width);
	free(s);
	if (c->state == RUN_DONE)
		wiz_format_ms(c->result.ms, t, sizeof t);
	else
		wiz_format_ms(now_ms() - c->started_ms, t, sizeof t);
	xasprintf(&s, "Status: %s   Time: %s%s",
	    wiz_status_word(c->state, c->result.status),
	    c->state == RUN_PENDING ? "-" : t, c->state == RUN_RUNNING ? " so far" : "");
	add_rows(w, &rows, &n, wiz_status_attr(w, c->state, c->result.status), 0, s, width);
	free(s);
	if (c->node != NULL) {
		node = tree_node_find(w->content->tree, c->node);
		xasprintf(&s, "Asked by: %s", node != NULL && node->title != NULL ?
		    node->title : c->node);
		add_rows(w, &rows, &n, w->attr[WR_DIM], 0, s, width);
		free(s);
	}
	add_rows(w, &rows, &n, w->attr[WR_NORMAL], 0, "", width);
	if (c->state != RUN_DONE)
		add_rows(w, &rows, &n, w->attr[WR_DIM], 0,
		    "This check has not finished yet.", width);
	else {
		add_rows(w, &rows, &n, w->attr[WR_BOLD], 0,
		    c->result.summary != NULL ? c->result.summary : "", width);
		if (c->result.outcome != NULL) {
			xasprintf(&s, "Outcome: %s", c->result.outcome);
			add_rows(w, &rows, &n, w->attr[WR_DIM], 0, s, width);
			free(s);
		}
		add_rows(w, &rows, &n, w->attr[WR_NORMAL], 0, "", width);
		if (c->result.evidence.n == 0)
			add_rows(w, &rows, &n, w->attr[WR_DIM], 0, "No evidence lines.", width);
		else
			add_rows(w, &rows, &n, w->attr[WR_HEADING], 0, "Evidence", width);
		for (i = 0; i < c->result.evidence.n; i++)
			add_rows(w, &rows, &n, w->attr[WR_NORMAL], 2,
			    c->result.evidence.v[i], width);
	}
	walk_unlock(w->s.run->walk);

	e->pg.rows = (int)n;
	if (e->pg.top > e->pg.rows - height)
		e->pg.top = e->pg.rows - height;
	if (e->pg.top < 0)
		e->pg.top = 0;
	for (y = 0; y < height && (size_t)(e->pg.top + y) < n; y++) {
		r = &rows[e->pg.top + y];
		wiz_put(w, win, y + 1, 2 + r->indent, width - r->indent, r->attr, r->text);
	}
	for (i = 0; i < n; i++)
		free(rows[i].text);
	free(rows);
}

static int
evidence_key(struct wiz *w, void *priv, int key)
{
	(void)priv;
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		wiz_pop(w);
		return 1;
	}
	return 0;
}

static struct wiz_pager *
evidence_pager(struct wiz *w, void *priv)
{
	struct evidence *e = priv;

	e->pg.page = getmaxy(w->wbody) - 2;
	e->pg.height = 0;
	return &e->pg;
}

static const char *
evidence_hints(struct wiz *w, void *priv)
{
	(void)w;
	(void)priv;
	return "Up/Down Scroll|Esc Back|? Help|q Quit";
}

const struct screen_ops screen_evidence_ops = {
	.name = "Evidence",
	.private_size = sizeof(struct evidence),
	.init = evidence_init,
	.draw = evidence_draw,
	.key = evidence_key,
	.hints = evidence_hints,
	.cursor = NULL,
	.resize = NULL,
	.live = 1,
	.typing = NULL,
	.pager = evidence_pager,
	.keys = 0,
};
