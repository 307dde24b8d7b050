/* screen-progress.c: the checks of the walk, one line each, with live status, summary and time. */
#include <stdio.h>
#include <string.h>

#include "ui/wizard.h"

#define LIST_Y	3		/* first row of the list in the body */

struct progress {
	size_t		 sel;		/* selected check */
	size_t		 top;		/* first check shown */
};

static const char *
current_step(const struct wiz *w, const struct walk *wk)
{
	const struct tree_node *n;

	if (wk->path.n == 0)
		return "Starting";
	n = tree_node_find(w->content->tree, wk->path.v[wk->path.n - 1]);
	return n != NULL && n->title != NULL ? n->title : wk->path.v[wk->path.n - 1];
}

static void
draw_check(struct wiz *w, WINDOW *win, int y, const struct walk_check *c, int selected,
    int64_t now)
{
	int	 cols = getmaxx(win), sumx, sumw, tx = 9, tw = 22;
	char	 t[32];
	const char *summary;
	int64_t	 ms;

	if (cols >= 100)
		tw = 30;
	sumx = tx + tw + 2;
	sumw = cols - sumx - 9;
	if (selected)
		wiz_put(w, win, y, 0, 1, w->attr[WR_BOLD], w->g->pointer);
	wiz_put(w, win, y, 2, 6, wiz_status_attr(w, c->state, c->result.status),
	    wiz_status_word(c->state, c->result.status));
	wiz_put(w, win, y, tx, tw, w->attr[selected ? WR_SEL : WR_NORMAL],
	    c->entry->title != NULL ? c->entry->title : c->entry->id);
	*t = '\0';
	switch (c->state) {
	case RUN_PENDING:
		summary = "waiting for the checks it needs";
		break;
	case RUN_RUNNING:
		summary = "running";
		ms = now - c->started_ms;
		wiz_format_ms(ms - ms % 100, t, sizeof t);
		break;
	default:
		summary = c->result.summary != NULL ? c->result.summary : "";
		wiz_format_ms(c->result.ms, t, sizeof t);
		break;
	}
	wiz_put(w, win, y, sumx, sumw, w->attr[c->state == RUN_DONE ? WR_NORMAL : WR_DIM],
	    summary);
	if (*t != '\0')
		wiz_put(w, win, y, cols - 1 - (int)strlen(t), (int)strlen(t),
		    w->attr[WR_DIM], t);
}

static void
progress_draw(struct wiz *w, void *priv, WINDOW *win)
{
	struct progress *p = priv;
	struct walk *wk;
	const struct walk_check *oldest = NULL;
	int	 rows = getmaxy(win), cols = getmaxx(win), y, visible;
	size_t	 i, ncauses, ndone = 0;
	int64_t	 now = now_ms();
	char	 buf[200], t[32];
	int	 done;

	if (w->s.run == NULL || w->s.run->walk == NULL) {
		wiz_put(w, win, 1, 2, cols - 4, w->attr[WR_DIM], "No checks have run.");
		return;
	}
	wk = w->s.run->walk;
	walk_lock(wk);
	done = wk->done;
	ncauses = wk->ncauses;
	if (done) {
		wiz_format_ms((w->s.run->ended_ms != 0 ? w->s.run->ended_ms : now) -
		    w->s.run->started_ms, t, sizeof t);
		snprintf(buf, sizeof buf, "Finished: %zu check%s in %s, %zu cause%s found.",
		    wk->nchecks, wk->nchecks == 1 ? "" : "s", t, ncauses,
		    ncauses == 1 ? "" : "s");
		wiz_put(w, win, 1, 2, cols - 4, w->attr[WR_BOLD], buf);
	} else {
		/* How far, and what it waits for: the check running longest, and its bound. */
		for (i = 0; i < wk->nchecks; i++) {
			ndone += wk->checks[i].state == RUN_DONE;
			if (wk->checks[i].state == RUN_RUNNING && (oldest == NULL ||
			    wk->checks[i].started_ms < oldest->started_ms))
				oldest = &wk->checks[i];
		}
		wiz_format_ms(now - w->s.run->started_ms, t, sizeof t);
		snprintf(buf, sizeof buf, "Checking: %zu/%zu done, %s; ", ndone, wk->nchecks, t);
		y = wiz_put(w, win, 1, 2, cols - 4, w->attr[WR_BOLD], buf);
		if (oldest != NULL) {
			snprintf(buf, sizeof buf, "waiting for %s (limit %d s)",
			    oldest->entry->title != NULL ? oldest->entry->title :
			    oldest->entry->id, (wk->opt.timeout_ms + 999) / 1000);
			wiz_put(w, win, 1, 2 + y, cols - 4 - y, w->attr[WR_RUN], buf);
		} else
			wiz_put(w, win, 1, 2 + y, cols - 4 - y, w->attr[WR_RUN],
			    current_step(w, wk));
	}
	visible = rows - LIST_Y - 2;
	if (visible < 1)
		visible = 1;
	if (p->sel >= wk->nchecks && wk->nchecks > 0)
		p->sel = wk->nchecks - 1;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)visible)
		p->top = p->sel - (size_t)visible + 1;
	for (i = p->top, y = LIST_Y; i < wk->nchecks && y < LIST_Y + visible; i++, y++)
		draw_check(w, win, y, &wk->checks[i], i == p->sel, now);
	if (p->top > 0)
		wiz_put(w, win, LIST_Y - 1, cols - 13, 12, w->attr[WR_DIM], "(more above)");
	if (i < wk->nchecks)
		wiz_put(w, win, LIST_Y + visible, cols - 13, 12, w->attr[WR_DIM], "(more below)");
	walk_unlock(wk);
	if (done)
		wiz_put(w, win, rows - 1, 2, cols - 4, w->attr[WR_DIM],
		    "Enter shows a check's evidence; d shows the diagnosis.");
}

static int
progress_key(struct wiz *w, void *priv, int key)
{
	struct progress *p = priv;
	size_t	 n = 0, sel = p->sel;
	int	 page = getmaxy(w->wbody) - LIST_Y - 2;

	if (w->s.run != NULL && w->s.run->walk != NULL) {
		walk_lock(w->s.run->walk);
		n = w->s.run->walk->nchecks;
		walk_unlock(w->s.run->walk);
	}
	switch (key) {
	case KEY_UP:
	case 'k':
		if (sel > 0)
			sel--;
		break;
	case KEY_DOWN:
	case 'j':
	case '\t':
		if (sel + 1 < n)
			sel++;
		break;
	case KEY_PPAGE:
		sel = sel > (size_t)page ? sel - (size_t)page : 0;
		break;
	case KEY_NPAGE:
		sel = sel + (size_t)page < n ? sel + (size_t)page : (n > 0 ? n - 1 : 0);
		break;
	case KEY_HOME:
	case 'g':
		sel = 0;
		break;
	case KEY_END:
	case 'G':
		sel = n > 0 ? n - 1 : 0;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case KEY_RIGHT:
	case 'l':
		if (sel < n)
			wiz_push_arg(w, SCR_EVIDENCE, &sel);
		break;
	case 'd':
		if (wiz_walk_done(w))
			wiz_push(w, SCR_DIAGNOSIS);
		else
			wiz_message(w, 0, "The diagnosis shows when the checks finish.");
		break;
	default:
		return 0;
	}
	p->sel = sel;
	w->dirty |= WIZ_DRAW_BODY;
	return 1;
}

static const char *
progress_hints(struct wiz *w, void *priv)
{
	int	 q = session_questions(&w->s, wiz_mode(w), NULL, 0) > 0;

	(void)priv;
	if (wiz_walk_done(w))
		return q ? "Enter Evidence|d Diagnosis|a Answers|r Re-run|s Save|Esc Back|q Quit" :
		    "Enter Evidence|d Diagnosis|r Re-run|s Save|Esc Back|? Help|q Quit";
	return q ? "Up/Down Move|Enter Evidence|a Answer questions|Esc Back|? Help|q Quit" :
	    "Up/Down Move|Enter Evidence|Esc Back|? Help|q Quit";
}

const struct screen_ops screen_progress_ops = {
	.name = "Checks",
	.private_size = sizeof(struct progress),
	.init = NULL,
	.draw = progress_draw,
	.key = progress_key,
	.hints = progress_hints,
	.cursor = NULL,
	.resize = NULL,
	.live = 1,
	.typing = NULL,
	.keys = WIZ_KEY_RERUN | WIZ_KEY_SAVE | WIZ_KEY_ANSWERS,
};
