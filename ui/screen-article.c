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

static char	*id;		/* the article's cause id */
static struct article *art;	/* parsed, or NULL */
static char	*load_error;	/* why it could not be loaded */
static struct row *rows;	/* laid out for built_width */
static size_t	 nrows;
static int	 built_width = -1;
static struct item *cmds;	/* commands and links, in order */
static int	 ncmds;
static int	*cmd_row;	/* first row of each item */
static int	 sel = -1;	/* selected item, or -1 */
static int	 top;		/* first row shown */
static struct hist hist[HIST_MAX];
static int	 nhist;

static void
clear_rows(void)
{
	size_t	 i;

	for (i = 0; i < nrows; i++) {
		free(rows[i].lead);
		free(rows[i].text);
	}
	free(rows);
	rows = NULL;
	nrows = 0;
	free(cmds);
	cmds = NULL;
	free(cmd_row);
	cmd_row = NULL;
	ncmds = 0;
	built_width = -1;
}

static void
load(const char *cause_id)
{
	free(id);
	id = xstrdup(cause_id);
	clear_rows();
	if (art != NULL)
		article_free(art);
	art = NULL;
	free(load_error);
	load_error = NULL;
	sel = -1;
	top = 0;
}

static void
hist_clear(void)
{
	while (nhist > 0)
		free(hist[--nhist].id);
}

/* From the diagnosis: a new article, no way back but to the diagnosis. */
void
screen_article_open(const char *cause_id)
{
	hist_clear();
	load(cause_id);
}

static void
article_init(struct wiz *w)
{
	char	*cause = NULL;

	if (art != NULL || id == NULL)
		return;
	if (content_article(w->content, id, &art, &cause) != 0) {
		art = NULL;
		xasprintf(&load_error, "Could not load the article %s: %s", id,
		    cause != NULL ? cause : "unknown error");
	}
	free(cause);
}

static void build(struct wiz *, int);

/* Follow a see: link; the article shown now is remembered for Backspace. */
static void
follow(struct wiz *w, const char *target)
{
	char	*t = xstrdup(target);

	if (nhist == HIST_MAX) {
		free(hist[0].id);
		memmove(hist, hist + 1, (HIST_MAX - 1) * sizeof hist[0]);
		nhist--;
	}
	hist[nhist].id = xstrdup(id);
	hist[nhist].top = top;
	hist[nhist].sel = sel;
	nhist++;
	load(t);
	free(t);
	article_init(w);
}

/* Back to the article the last link was followed from, where it was left. */
static void
back(struct wiz *w)
{
	struct hist h = hist[--nhist];

	load(h.id);
	free(h.id);
	article_init(w);
	build(w, getmaxx(w->wbody) - 4);
	top = h.top;
	sel = h.sel < ncmds ? h.sel : -1;
}

static struct row *
add_row(int x, const char *lead, int lead_attr, const char *text, int attr, int cmd)
{
	struct row *r;

	rows = xreallocarray(rows, nrows + 1, sizeof *rows);
	r = &rows[nrows++];
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
last_blank(void)
{
	return nrows == 0 || (rows[nrows - 1].lead == NULL && *rows[nrows - 1].text == '\0');
}

/* Wrap text after a lead of lw columns; continuation rows line up with the text. */
static void
add_wrapped(const struct wiz *w, int x, const char *lead, int lead_attr, const char *text,
    int attr, int cmd, int width)
{
	struct strlist lines = { NULL, 0 };
	int	 lw = lead != NULL ? wiz_width(w, lead) : 0;
	size_t	 i;

	wiz_wrap(w, text, width - x - lw, &lines);
	for (i = 0; i < lines.n; i++) {
		if (i == 0)
			add_row(x, lead, lead_attr, lines.v[i], attr, cmd);
		else
			add_row(x + lw, NULL, 0, lines.v[i], attr, cmd);
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
paragraph(size_t *i, int step)
{
	const struct article_line *first = &art->lines[*i], *l;
	char	*s = xstrdup(first->text), *t;

	while (*i + 1 < art->nlines) {
		l = &art->lines[*i + 1];
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
build(struct wiz *w, int width)
{
	const struct article_line *l;
	char	*s = NULL, lead[32];
	size_t	 i;
	int	 indent;
	struct row *r;

	clear_rows();
	built_width = width;
	if (art == NULL)
		return;
	add_wrapped(w, 0, NULL, 0, art->title != NULL ? art->title : id, WR_BOLD, -1, width);
	xasprintf(&s, "Cause %s%s%s", art->id != NULL ? art->id : id,
	    art->applies != NULL ? "; fix applies on the " : "",
	    art->applies != NULL ? art->applies : "");
	add_wrapped(w, 0, NULL, 0, s, WR_DIM, -1, width);
	free(s);
	if (nhist > 0) {
		xasprintf(&s, "Backspace: back to %s", wiz_cause_title(w,
		    hist[nhist - 1].id));
		add_wrapped(w, 0, NULL, 0, s, WR_DIM, -1, width);
		free(s);
	}
	for (i = 0; i < art->nlines; i++) {
		l = &art->lines[i];
		indent = l->indent > 8 ? 8 : l->indent;
		switch (l->kind) {
		case ALINE_HEADING:
			if (!last_blank())
				add_row(0, NULL, 0, "", WR_NORMAL, -1);
			r = add_row(0, NULL, 0, l->text, WR_HEADING, -1);
			r->rule = 1;
			break;
		case ALINE_STEP:
			snprintf(lead, sizeof lead, "%d. ", l->number);
			s = paragraph(&i, 1);
			add_wrapped(w, indent, lead, WR_STEP, s, WR_NORMAL, -1, width);
			free(s);
			break;
		case ALINE_COMMAND:
			cmds = xreallocarray(cmds, (size_t)ncmds + 1, sizeof *cmds);
			cmd_row = xreallocarray(cmd_row, (size_t)ncmds + 1, sizeof *cmd_row);
			cmds[ncmds].link = 0;
			cmds[ncmds].text = l->text;
			cmd_row[ncmds] = (int)nrows;
			add_wrapped(w, indent < 3 ? 3 : indent, l->root ? "# " : "$ ", WR_DIM,
			    l->text, WR_COMMAND, ncmds, width);
			ncmds++;
			break;
		case ALINE_QUOTE:
			snprintf(lead, sizeof lead, "%s ", w->g->vline);
			add_wrapped(w, indent < 2 ? 2 : indent, lead, WR_QUOTE, l->text,
			    WR_QUOTE, -1, width);
			break;
		case ALINE_SEE:
			cmds = xreallocarray(cmds, (size_t)ncmds + 1, sizeof *cmds);
			cmd_row = xreallocarray(cmd_row, (size_t)ncmds + 1, sizeof *cmd_row);
			cmds[ncmds].link = 1;
			cmds[ncmds].text = l->text;
			cmd_row[ncmds] = (int)nrows;
			xasprintf(&s, "%s (%s)", wiz_cause_title(w, l->text), l->text);
			add_wrapped(w, indent, "See also: ", WR_BOLD, s, WR_NORMAL, ncmds, width);
			free(s);
			ncmds++;
			break;
		case ALINE_BLANK:
			if (!last_blank())
				add_row(0, NULL, 0, "", WR_NORMAL, -1);
			break;
		case ALINE_TEXT:
			s = paragraph(&i, 0);
			add_wrapped(w, indent, NULL, 0, s, WR_NORMAL, -1, width);
			free(s);
			break;
		}
	}
}

static void
clamp(int height)
{
	if (top > (int)nrows - height)
		top = (int)nrows - height;
	if (top < 0)
		top = 0;
}

static void
article_draw(struct wiz *w, WINDOW *win)
{
	int	 width = getmaxx(win) - 4, height = getmaxy(win) - 2, y, x, used, pct;
	struct strlist lines = { NULL, 0 };
	size_t	 i;
	struct row *r;
	attr_t	 a;
	char	 pos[64];

	if (art == NULL) {
		wiz_wrap(w, load_error != NULL ? load_error : "No article.", width, &lines);
		for (i = 0; i < lines.n && (int)i < height; i++)
			wiz_put(w, win, (int)i + 1, 2, width, w->attr[WR_ERROR], lines.v[i]);
		strlist_free(&lines);
		return;
	}
	if (built_width != width)
		build(w, width);
	clamp(height);
	for (y = 0; y < height && (size_t)(top + y) < nrows; y++) {
		r = &rows[top + y];
		x = 2 + r->x;
		if (r->lead != NULL)
			x += wiz_put(w, win, y + 1, x, width - r->x, w->attr[r->lead_attr],
			    r->lead);
		a = w->attr[r->attr];
		if (r->cmd >= 0 && r->cmd == sel) {
			a = w->attr[WR_SEL] | A_BOLD;
			if (top + y == cmd_row[sel])
				wiz_put(w, win, y + 1, 0, 1, w->attr[WR_BOLD], w->g->pointer);
		}
		used = wiz_put(w, win, y + 1, x, width - (x - 2), a, r->text);
		if (r->rule && x + used + 1 < width + 2)
			wiz_hline(w, win, y + 1, x + used + 1, width + 2 - (x + used + 1),
			    w->attr[WR_DIM]);
	}
	if ((int)nrows > height) {
		pct = (top + height) * 100 / (int)nrows;
		snprintf(pos, sizeof pos, "%s %d%% %s", w->g->hline, pct > 100 ? 100 : pct,
		    top + height < (int)nrows ? "(Space: next page)" : "(end)");
		wiz_put(w, win, height + 1, 2, width, w->attr[WR_DIM], pos);
	}
}

/* Scroll so the selected command is on screen. */
static void
show_sel(int height)
{
	int	 r;

	if (sel < 0)
		return;
	r = cmd_row[sel];
	if (r < top)
		top = r > 1 ? r - 1 : 0;
	else if (r >= top + height)
		top = r - height + 2;
}

static int
visible_cmd(int c, int height)
{
	return c >= 0 && c < ncmds && cmd_row[c] >= top && cmd_row[c] < top + height;
}

static void
copy(struct wiz *w)
{
	if (sel < 0 || sel >= ncmds) {
		wiz_message(w, 1, ncmds > 0 ? "Select a command first (Tab)." :
		    "This article has no command to copy.");
		return;
	}
	if (cmds[sel].link) {
		wiz_message(w, 1, "That is a link to another article: Enter opens it.");
		return;
	}
	if (wiz_osc52(cmds[sel].text) != 0)
		wiz_message(w, 1, "Could not write to the terminal.");
	else
		wiz_message(w, 0, "Copied with OSC 52 (if your terminal allows it): %s",
		    cmds[sel].text);
}

static int
article_key(struct wiz *w, int key)
{
	int	 height = getmaxy(w->wbody) - 2, i;

	switch (key) {
	case KEY_DOWN:
	case 'j':
		if (visible_cmd(sel + 1, height) && (sel < 0 || cmd_row[sel] >= top))
			sel++;
		else if (sel < 0 && ncmds > 0 && visible_cmd(0, height))
			sel = 0;
		else
			top++;
		break;
	case KEY_UP:
	case 'k':
		if (sel > 0 && visible_cmd(sel - 1, height) && cmd_row[sel] < top + height)
			sel--;
		else
			top--;
		break;
	case '\t':
	case 'n':
		if (ncmds == 0)
			break;
		if (sel < 0 || !visible_cmd(sel, height)) {
			/* the first command at or below the screen's top */
			for (i = 0; i < ncmds && cmd_row[i] < top; i++)
				;
			sel = i < ncmds ? i : 0;
		} else
			sel = sel + 1 < ncmds ? sel + 1 : 0;
		show_sel(height);
		break;
	case KEY_BTAB:
	case 'p':
		if (ncmds == 0)
			break;
		sel = sel > 0 ? sel - 1 : ncmds - 1;
		show_sel(height);
		break;
	case KEY_NPAGE:
	case ' ':
		top += height - 1;
		break;
	case KEY_PPAGE:
	case 'b':
		top -= height - 1;
		break;
	case KEY_HOME:
	case 'g':
		top = 0;
		break;
	case KEY_END:
	case 'G':
		top = (int)nrows;
		break;
	case 'c':
	case 'y':
		copy(w);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		/* a link opens its article; a command is copied */
		if (sel >= 0 && sel < ncmds && visible_cmd(sel, height) && cmds[sel].link) {
			if (content_cause(w->content, cmds[sel].text) == NULL) {
				wiz_message(w, 1, "No article for %s.", cmds[sel].text);
				break;
			}
			follow(w, cmds[sel].text);
			wiz_message(w, 0, "Backspace goes back.");
			w->dirty |= WIZ_DRAW_ALL;
		} else if (sel >= 0 && sel < ncmds && visible_cmd(sel, height))
			copy(w);
		else
			wiz_message(w, 0, "Tab selects a command to copy or a link to follow.");
		break;
	case KEY_BACKSPACE:
	case 127:
	case 8:
	case KEY_LEFT:
	case 'h':
	case 27:
		if (nhist == 0)
			return 0;	/* back to the diagnosis */
		back(w);
		w->dirty |= WIZ_DRAW_ALL;
		break;
	default:
		return 0;
	}
	clamp(height);
	w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
	return 1;
}

static const char *
article_hints(struct wiz *w)
{
	(void)w;
	if (sel >= 0 && sel < ncmds && cmds[sel].link)
		return "Enter Open link|Tab Next|r Re-check|s Save|Bksp Back|? Help|q Quit";
	return "Tab Next command/link|c Copy|r Re-check|s Save|Esc Back|? Help|q Quit";
}

static void
article_resize(struct wiz *w)
{
	(void)w;
	built_width = -1;
}

const struct screen_ops screen_article_ops = {
	.name = "Fix",
	.init = article_init,
	.draw = article_draw,
	.key = article_key,
	.hints = article_hints,
	.cursor = NULL,
	.resize = article_resize,
	.live = 0,
	.typing = NULL,
	.keys = WIZ_KEY_RERUN | WIZ_KEY_SAVE,
};
