/* screen-evidence.c: one check in full: status, summary, time, the node that ran it, and its evidence lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "ui/wizard.h"

static size_t	 check;		/* index into the walk's checks */
static int	 top;		/* first row shown */
static int	 nrows;		/* rows at the last draw */

struct row {
	attr_t		 attr;		/* how it looks */
	int		 indent;	/* columns from the left margin */
	char		*text;		/* owned */
};

void
screen_evidence_select(size_t i)
{
	check = i;
	top = 0;
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
evidence_draw(struct wiz *w, WINDOW *win)
{
	const struct walk_check *c;
	const struct tree_node *node;
	struct row *rows = NULL;
	size_t	 n = 0, i;
	int	 width = getmaxx(win) - 4, height = getmaxy(win) - 1, y;
	char	*s = NULL, t[32];

	if (w->s.run == NULL || w->s.run->walk == NULL)
		return;
	walk_lock(w->s.run->walk);
	if (check >= w->s.run->walk->nchecks) {
		walk_unlock(w->s.run->walk);
		return;
	}
	c = &w->s.run->walk->checks[check];
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

	nrows = (int)n;
	if (top > nrows - height)
		top = nrows - height;
	if (top < 0)
		top = 0;
	for (y = 0; y < height && (size_t)(top + y) < n; y++)
		wiz_put(w, win, y + 1, 2 + rows[top + y].indent, width - rows[top + y].indent,
		    rows[top + y].attr, rows[top + y].text);
	for (i = 0; i < n; i++)
		free(rows[i].text);
	free(rows);
}

static int
evidence_key(struct wiz *w, int key)
{
	int	 page = getmaxy(w->wbody) - 2;

	switch (key) {
	case KEY_UP:
	case 'k':
		top--;
		break;
	case KEY_DOWN:
	case 'j':
		top++;
		break;
	case KEY_PPAGE:
	case 'b':
		top -= page;
		break;
	case KEY_NPAGE:
	case ' ':
		top += page;
		break;
	case KEY_HOME:
	case 'g':
		top = 0;
		break;
	case KEY_END:
	case 'G':
		top = nrows;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		wiz_pop(w);
		return 1;
	default:
		return 0;
	}
	if (top < 0)
		top = 0;
	w->dirty |= WIZ_DRAW_BODY;
	return 1;
}

static const char *
evidence_hints(struct wiz *w)
{
	(void)w;
	return "Up/Down Scroll|Esc Back|? Help|q Quit";
}

const struct screen_ops screen_evidence_ops = {
	.name = "Evidence",
	.init = NULL,
	.draw = evidence_draw,
	.key = evidence_key,
	.hints = evidence_hints,
	.cursor = NULL,
	.resize = NULL,
	.live = 1,
	.typing = NULL,
};
