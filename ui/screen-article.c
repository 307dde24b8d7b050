/* screen-article.c: the fix article viewer: scrolls, sets headings, steps and commands apart, copies a command, follows see: links. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "ui/wizard.h"

struct row {
	char		*lead;		/* first segment ("3. ", "$ ") or NULL; owned */
	attr_t		 lead_attr;	/* its attribute (a WA_* index) */
	char		*text;		/* the rest; owned */
	int		 attr;		/* WA_* index for text */
	int		 x;		/* column of lead (or text) */
	int		 cmd;		/* index of the item (command or link) it shows, or -1 */
	int		 rule;		/* fill the rest of the line with a rule */
};

/* What Tab selects: a command to copy, or a see: link to follow. */
struct item {
	int		 link;		/* 1: a see: link (text is a cause id); 0: a command */
	const char	*text;		/* points into art */
};

/* Articles left by following links, to go back to. */
struct hist {
	char		*id;
	int		 top;
	int		 sel;
};
#define HIST_MAX	16

/* What the screen shows, and the articles left by following links. */
struct article_view {
	char		*id;		/* the article's cause id */
	struct article	*art;		/* parsed, or NULL */
	char		*load_error;	/* why it could not be loaded */
	struct row	*rows;		/* laid out for built_width */
	size_t		 nrows;
	int		 built_width;	/* -1: lay out again */
	struct item	*cmds;		/* commands and links, in order */
	int		 ncmds;
	int		*cmd_row;	/* first row of each item */
	int		 sel;		/* selected item, or -1 */
	struct wiz_pager pg;		/* first row shown, rows laid out */
	struct hist	 hist[HIST_MAX];
	int		 nhist;
};

static void
clear_rows(struct article_view *st)
{
	size_t	 i;

	for (i = 0; i < st->nrows; i++) {
		free(st->rows[i].lead);
		free(st->rows[i].text);
	}
	free(st->rows);
	st->rows = NULL;
	st->nrows = 0;
	free(st->cmds);
	st->cmds = NULL;
	free(st->cmd_row);
	st->cmd_row = NULL;
	st->ncmds = 0;
	st->built_width = -1;
}

static void
load(struct article_view *st, const char *cause_id)
{
	free(st->id);
	st->id = xstrdup(cause_id);
	clear_rows(st);
	if (st->art != NULL)
		article_free(st->art);
	st->art = NULL;
	free(st->load_error);
	st->load_error = NULL;
	st->sel = -1;
	st->pg.top = 0;
}

static void
hist_clear(struct article_view *st)
{
	while (st->nhist > 0)
		free(st->hist[--st->nhist].id);
}

/* A cause of this run: its article shows the person's own values, not the samples. */
static void
fill_article(struct article *a, struct wiz *w)
{
	struct walk		*wk;
	const struct walk_cause	*c = NULL;
	size_t			 i;

	if (w->s.run == NULL || (wk = w->s.run->walk) == NULL || !wiz_walk_done(w))
		return;
	walk_lock(wk);
	for (i = 0; i < wk->ncauses && c == NULL; i++) {
		if (strcmp(wk->causes[i].id, a->id) == 0)
			c = &wk->causes[i];
	}
	for (i = 0; c != NULL && i < a->nlines; i++) {
		free(a->lines[i].text);
		a->lines[i].text = walk_cause_fill(wk, c, &a->lines[i]);
	}
	walk_unlock(wk);
}

static void
load_article(struct article_view *st, struct wiz *w)
{
	char	*cause = NULL;

	if (st->art != NULL || st->id == NULL)
		return;
	if (content_article(w->content, st->id, &st->art, &cause) != 0) {
		st->art = NULL;
		xasprintf(&st->load_error, "Could not load the article %s: %s", st->id,
		    cause != NULL ? cause : "unknown error");
	} else
		fill_article(st->art, w);
	free(cause);
}

/* From the diagnosis: a new article (arg, its cause id), no way back but to the diagnosis. */
static void
article_init(struct wiz *w, void *priv, const void *arg)
{
	struct article_view *st = priv;

	hist_clear(st);
	load(st, arg);
	load_article(st, w);
}

static void
article_free_view(void *priv)
{
	struct article_view *st = priv;

	hist_clear(st);
	clear_rows(st);
	if (st->art != NULL)
		article_free(st->art);
	free(st->id);
	free(st->load_error);
}

static void build(struct article_view *, struct wiz *, int);

/* Follow a see: link; the article shown now is remembered for Backspace. */
static void
follow(struct article_view *st, struct wiz *w, const char *target)
{
	char	*t = xstrdup(target);

	if (st->nhist == HIST_MAX) {
		free(st->hist[0].id);
		memmove(st->hist, st->hist + 1, (HIST_MAX - 1) * sizeof st->hist[0]);
		st->nhist--;
	}
	st->hist[st->nhist].id = xstrdup(st->id);
	st->hist[st->nhist].top = st->pg.top;
	st->hist[st->nhist].sel = st->sel;
	st->nhist++;
	load(st, t);
	free(t);
	load_article(st, w);
}

/* Back to the article the last link was followed from, where it was left. */
static void
back(struct article_view *st, struct wiz *w)
{
	struct hist h = st->hist[--st->nhist];

	load(st, h.id);
	free(h.id);
	load_article(st, w);
	build(st, w, getmaxx(w->wbody) - 4);
	st->pg.top = h.top;
	st->sel = h.sel < st->ncmds ? h.sel : -1;
}

static struct row *
add_row(struct article_view *st, int x, const char *lead, int lead_attr, const char *text, int attr, int cmd)
{
	struct row *r;

	st->rows = xreallocarray(st->rows, st->nrows + 1, sizeof *st->rows);
	r = &st->rows[st->nrows++];
	r->lead = lead != NULL ? xstrdup(lead) : NULL;
	r->lead_attr = (attr_t)lead_attr;
	r->text = xstrdup(text);
	r->attr = attr;
	r->x = x;
	r->cmd = cmd;
	r->rule = 0;
	return r;
}

static int
last_blank(struct article_view *st)
{
	return st->nrows == 0 || (st->rows[st->nrows - 1].lead == NULL && *st->rows[st->nrows - 1].text == '\0');
}

/* Wrap text after a lead of lw columns; continuation st->rows line up with the text. */
static void
add_wrapped(struct article_view *st, const struct wiz *w, int x, const char *lead, int lead_attr, const char *text,
    int attr, int cmd, int width)
{
	struct strlist lines = { NULL, 0 };
	int	 lw = lead != NULL ? wiz_width(w, lead) : 0;
	size_t	 i;

	wiz_wrap(w, text, width - x - lw, &lines);
	for (i = 0; i < lines.n; i++) {
		if (i == 0)
			add_row(st, x, lead, lead_attr, lines.v[i], attr, cmd);
		else
			add_row(st, x + lw, NULL, 0, lines.v[i], attr, cmd);
	}
	strlist_free(&lines);
}

/*
 * The text of line *i joined with the prose lines that continue it (the
 * source wraps at 100 columns; the screen wraps again): for a step, the
 * indented lines after it; for prose, the following lines of the same
 * indent. *i is left on the last line used.
 */
static char *
paragraph(struct article_view *st, size_t *i, int step)
{
	const struct article_line *first = &st->art->lines[*i], *l;
	char	*s = xstrdup(first->text), *t;

	while (*i + 1 < st->art->nlines) {
		l = &st->art->lines[*i + 1];
		if (l->kind != ALINE_TEXT)
			break;
		if (step ? l->indent == 0 : l->indent != first->indent)
			break;
		xasprintf(&t, "%s %s", s, l->text);
		free(s);
		s = t;
		(*i)++;
	}
	return s;
}

static void
build(struct article_view *st, struct wiz *w, int width)
{
	const struct article_line *l;
	char	*s = NULL, lead[32];
	size_t	 i;
	int	 indent;
	struct row *r;

	clear_rows(st);
	st->built_width = width;
	if (st->art == NULL)
		return;
	add_wrapped(st, w, 0, NULL, 0, st->art->title != NULL ? st->art->title : st->id, WR_BOLD, -1, width);
	xasprintf(&s, "Cause %s; the fix applies %s", st->art->id != NULL ? st->art->id :
	    st->id, article_applies_where(st->art->applies));
	add_wrapped(st, w, 0, NULL, 0, s, WR_DIM, -1, width);
	free(s);
	if (st->nhist > 0) {
		xasprintf(&s, "Backspace: back to %s", wiz_cause_title(w,
		    st->hist[st->nhist - 1].id));
		add_wrapped(st, w, 0, NULL, 0, s, WR_DIM, -1, width);
		free(s);
	}
	for (i = 0; i < st->art->nlines; i++) {
		l = &st->art->lines[i];
		indent = l->indent > 8 ? 8 : l->indent;
		switch (l->kind) {
		case ALINE_HEADING:
			if (!last_blank(st))
				add_row(st, 0, NULL, 0, "", WR_NORMAL, -1);
			r = add_row(st, 0, NULL, 0, l->text, WR_HEADING, -1);
			r->rule = 1;
			break;
		case ALINE_STEP:
			snprintf(lead, sizeof lead, "%d. ", l->number);
			s = paragraph(st, &i, 1);
			add_wrapped(st, w, indent, lead, WR_STEP, s, WR_NORMAL, -1, width);
			free(s);
			break;
		case ALINE_COMMAND:
			st->cmds = xreallocarray(st->cmds, (size_t)st->ncmds + 1, sizeof *st->cmds);
			st->cmd_row = xreallocarray(st->cmd_row, (size_t)st->ncmds + 1, sizeof *st->cmd_row);
			st->cmds[st->ncmds].link = 0;
			st->cmds[st->ncmds].text = l->text;
			st->cmd_row[st->ncmds] = (int)st->nrows;
			add_wrapped(st, w, indent < 3 ? 3 : indent, l->root ? "# " : "$ ", WR_DIM,
			    l->text, WR_COMMAND, st->ncmds, width);
			st->ncmds++;
			break;
		case ALINE_QUOTE:
			snprintf(lead, sizeof lead, "%s ", w->g->vline);
			add_wrapped(st, w, indent < 2 ? 2 : indent, lead, WR_QUOTE, l->text,
			    WR_QUOTE, -1, width);
			break;
		case ALINE_SEE:
			st->cmds = xreallocarray(st->cmds, (size_t)st->ncmds + 1, sizeof *st->cmds);
			st->cmd_row = xreallocarray(st->cmd_row, (size_t)st->ncmds + 1, sizeof *st->cmd_row);
			st->cmds[st->ncmds].link = 1;
			st->cmds[st->ncmds].text = l->text;
			st->cmd_row[st->ncmds] = (int)st->nrows;
			xasprintf(&s, "%s (%s)", wiz_cause_title(w, l->text), l->text);
			add_wrapped(st, w, indent, "See also: ", WR_BOLD, s, WR_NORMAL, st->ncmds, width);
			free(s);
			st->ncmds++;
			break;
		case ALINE_BLANK:
			if (!last_blank(st))
				add_row(st, 0, NULL, 0, "", WR_NORMAL, -1);
			break;
		case ALINE_TEXT:
			s = paragraph(st, &i, 0);
			add_wrapped(st, w, indent, NULL, 0, s, WR_NORMAL, -1, width);
			free(s);
			break;
		}
	}
}

static void
clamp(struct article_view *st, int height)
{
	if (st->pg.top > (int)st->nrows - height)
		st->pg.top = (int)st->nrows - height;
	if (st->pg.top < 0)
		st->pg.top = 0;
}

static void
article_draw(struct wiz *w, void *priv, WINDOW *win)
{
	struct article_view *st = priv;
	int	 width = getmaxx(win) - 4, height = getmaxy(win) - 2, y, x, used, pct;
	struct strlist lines = { NULL, 0 };
	size_t	 i;
	struct row *r;
	attr_t	 a;
	char	 pos[64];

	if (st->art == NULL) {
		wiz_wrap(w, st->load_error != NULL ? st->load_error : "No article.", width,
		    &lines);
		for (i = 0; i < lines.n && (int)i < height; i++)
			wiz_put(w, win, (int)i + 1, 2, width, w->attr[WR_ERROR], lines.v[i]);
		strlist_free(&lines);
		return;
	}
	if (st->built_width != width)
		build(st, w, width);
	clamp(st, height);
	for (y = 0; y < height && (size_t)(st->pg.top + y) < st->nrows; y++) {
		r = &st->rows[st->pg.top + y];
		x = 2 + r->x;
		if (r->lead != NULL)
			x += wiz_put(w, win, y + 1, x, width - r->x, w->attr[r->lead_attr],
			    r->lead);
		a = w->attr[r->attr];
		if (r->cmd >= 0 && r->cmd == st->sel) {
			a = w->attr[WR_SEL] | A_BOLD;
			if (st->pg.top + y == st->cmd_row[st->sel])
				wiz_put(w, win, y + 1, 0, 1, w->attr[WR_BOLD], w->g->pointer);
		}
		used = wiz_put(w, win, y + 1, x, width - (x - 2), a, r->text);
		if (r->rule && x + used + 1 < width + 2)
			wiz_hline(w, win, y + 1, x + used + 1, width + 2 - (x + used + 1),
			    w->attr[WR_DIM]);
	}
	if ((int)st->nrows > height) {
		pct = (st->pg.top + height) * 100 / (int)st->nrows;
		snprintf(pos, sizeof pos, "%s %d%% %s", w->g->hline, pct > 100 ? 100 : pct,
		    st->pg.top + height < (int)st->nrows ? "(Space: next page)" : "(end)");
		wiz_put(w, win, height + 1, 2, width, w->attr[WR_DIM], pos);
	}
}

/* Scroll so the selected command is on screen. */
static void
show_sel(struct article_view *st, int height)
{
	int	 r;

	if (st->sel < 0)
		return;
	r = st->cmd_row[st->sel];
	if (r < st->pg.top)
		st->pg.top = r > 1 ? r - 1 : 0;
	else if (r >= st->pg.top + height)
		st->pg.top = r - height + 2;
}

static int
visible_cmd(struct article_view *st, int c, int height)
{
	return c >= 0 && c < st->ncmds && st->cmd_row[c] >= st->pg.top &&
	    st->cmd_row[c] < st->pg.top + height;
}

static void
copy(struct article_view *st, struct wiz *w)
{
	if (st->sel < 0 || st->sel >= st->ncmds) {
		wiz_message(w, 1, st->ncmds > 0 ? "Select a command first (Tab)." :
		    "This article has no command to copy.");
		return;
	}
	if (st->cmds[st->sel].link) {
		wiz_message(w, 1, "That is a link to another article: Enter opens it.");
		return;
	}
	if (wiz_osc52(st->cmds[st->sel].text) != 0)
		wiz_message(w, 1, "Could not write to the terminal.");
	else
		wiz_message(w, 0, "Copied with OSC 52 (if your terminal allows it): %s",
		    st->cmds[st->sel].text);
}

static int
article_key(struct wiz *w, void *priv, int key)
{
	struct article_view *st = priv;
	int	 height = getmaxy(w->wbody) - 2, i;

	switch (key) {
	case KEY_DOWN:
	case 'j':
		if (visible_cmd(st, st->sel + 1, height) &&
		    (st->sel < 0 || st->cmd_row[st->sel] >= st->pg.top))
			st->sel++;
		else if (st->sel < 0 && st->ncmds > 0 && visible_cmd(st, 0, height))
			st->sel = 0;
		else
			st->pg.top++;
		break;
	case KEY_UP:
	case 'k':
		if (st->sel > 0 && visible_cmd(st, st->sel - 1, height) &&
		    st->cmd_row[st->sel] < st->pg.top + height)
			st->sel--;
		else
			st->pg.top--;
		break;
	case '\t':
	case 'n':
		if (st->ncmds == 0)
			break;
		if (st->sel < 0 || !visible_cmd(st, st->sel, height)) {
			/* the first command at or below the screen's top */
			for (i = 0; i < st->ncmds && st->cmd_row[i] < st->pg.top; i++)
				;
			st->sel = i < st->ncmds ? i : 0;
		} else
			st->sel = st->sel + 1 < st->ncmds ? st->sel + 1 : 0;
		show_sel(st, height);
		break;
	case KEY_BTAB:
	case 'p':
		if (st->ncmds == 0)
			break;
		st->sel = st->sel > 0 ? st->sel - 1 : st->ncmds - 1;
		show_sel(st, height);
		break;
	case 'c':
	case 'y':
		copy(st, w);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		/* a link opens its article; a command is copied */
		if (visible_cmd(st, st->sel, height) && st->cmds[st->sel].link) {
			if (content_cause(w->content, st->cmds[st->sel].text) == NULL) {
				wiz_message(w, 1, "No article for %s.", st->cmds[st->sel].text);
				break;
			}
			follow(st, w, st->cmds[st->sel].text);
			wiz_message(w, 0, "Backspace goes back.");
			w->dirty |= WIZ_DRAW_ALL;
		} else if (visible_cmd(st, st->sel, height))
			copy(st, w);
		else
			wiz_message(w, 0, "Tab selects a command to copy or a link to follow.");
		break;
	case KEY_BACKSPACE:
	case 127:
	case 8:
	case KEY_LEFT:
	case 'h':
	case 27:
		if (st->nhist == 0)
			return 0;	/* back to the diagnosis */
		back(st, w);
		w->dirty |= WIZ_DRAW_ALL;
		break;
	default:
		return 0;
	}
	clamp(st, height);
	w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
	return 1;
}

/* PgUp/PgDn, Home/End: the wizard's pager keys. */
static struct wiz_pager *
article_pager(struct wiz *w, void *priv)
{
	struct article_view *st = priv;

	st->pg.rows = (int)st->nrows;
	st->pg.height = getmaxy(w->wbody) - 2;
	st->pg.page = st->pg.height - 1;
	return &st->pg;
}

static const char *
article_hints(struct wiz *w, void *priv)
{
	struct article_view *st = priv;

	(void)w;
	if (st->sel >= 0 && st->sel < st->ncmds && st->cmds[st->sel].link)
		return "Enter Open link|Tab Next|r Re-check|s Save|Bksp Back|? Help|q Quit";
	return "Tab Next command/link|c Copy|r Re-check|s Save|Esc Back|? Help|q Quit";
}

static void
article_resize(struct wiz *w, void *priv)
{
	struct article_view *st = priv;

	(void)w;
	st->built_width = -1;
}

const struct screen_ops screen_article_ops = {
	.name = "Fix",
	.private_size = sizeof(struct article_view),
	.init = article_init,
	.free = article_free_view,
	.draw = article_draw,
	.key = article_key,
	.hints = article_hints,
	.cursor = NULL,
	.resize = article_resize,
	.live = 0,
	.typing = NULL,
	.pager = article_pager,
	.keys = WIZ_KEY_RERUN | WIZ_KEY_SAVE,
};
