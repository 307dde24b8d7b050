/* screen-start.c: the first question: what happened, and where does sshdoc run (only modes the tree can start). */
#include <stdio.h>
#include <string.h>

#include "ui/wizard.h"

struct mode_item {
	const char	*mode;		/* check_options.mode */
	const char	*label;		/* the menu line */
	const char	*detail;	/* what sshdoc will do */
};

static const struct mode_item items[] = {
	{ "client", "ssh from this machine to a server fails",
	  "Checks name resolution, the TCP connection, the server's SSH answer, "
	  "and this machine's ssh setup. Nothing is changed." },
	{ "server", "This machine is the SSH server that clients cannot reach",
	  "Run it on the server, over a console or a session that still works. "
	  "Reads sshd's configuration, state and logs. Nothing is changed." },
	{ "explain", "I have an error message or ssh -v output",
	  "Give a file holding the message or the output of ssh -v, or paste it; "
	  "sshdoc explains it." },
};
#define NITEMS (sizeof items / sizeof items[0])

struct start {
	size_t		 avail[NITEMS];	/* indexes into items of the modes offered */
	size_t		 navail;
	size_t		 sel;
};

static void
start_init(struct wiz *w, void *priv, const void *arg)
{
	struct start *st = priv;
	size_t	 i;

	(void)arg;
	st->navail = 0;
	for (i = 0; i < NITEMS; i++)
		if (w->content->tree != NULL &&
		    tree_start_node(w->content->tree, items[i].mode) != NULL)
			st->avail[st->navail++] = i;
	st->sel = 0;
}

static void
start_draw(struct wiz *w, void *priv, WINDOW *win)
{
	struct start *st = priv;
	const struct mode_item *it;
	struct strlist lines = { NULL, 0 };
	int	 y = 1, cols = getmaxx(win), rows = getmaxy(win);
	size_t	 i, j;
	char	 num[24];

	wiz_put(w, win, y++, 2, cols - 4, w->attr[WR_BOLD],
	    "What happened, and where does sshdoc run?");
	y++;
	if (st->navail == 0) {
		wiz_put(w, win, y, 2, cols - 4, w->attr[WR_ERROR],
		    "The content has no start node for any mode: nothing to check.");
		return;
	}
	for (i = 0; i < st->navail && y < rows - 1; i++) {
		it = &items[st->avail[i]];
		/* The digit that picks it, as on the Questions screen. */
		snprintf(num, sizeof num, "%zu", i + 1);
		wiz_put(w, win, y, 4, 2, w->attr[WR_DIM], num);
		if (i == st->sel) {
			wiz_put(w, win, y, 2, 2, w->attr[WR_BOLD], w->g->pointer);
			wiz_put(w, win, y, 7, cols - 9, w->attr[WR_SEL], it->label);
		} else
			wiz_put(w, win, y, 7, cols - 9, w->attr[WR_NORMAL], it->label);
		y++;
		wiz_wrap(w, it->detail, cols - 13, &lines);
		for (j = 0; j < lines.n && y < rows - 1; j++)
			wiz_put(w, win, y++, 9, cols - 11, w->attr[WR_DIM], lines.v[j]);
		strlist_free(&lines);
		y++;
	}
	if (y < rows - 2) {
		wiz_put(w, win, rows - 2, 2, cols - 4, w->attr[WR_DIM],
		    "sshdoc only looks: it changes nothing here or on the server.");
	}
}

static int
start_key(struct wiz *w, void *priv, int key)
{
	struct start *st = priv;
	const char *mode;

	switch (key) {
	case KEY_UP:
	case 'k':
		if (st->sel > 0)
			st->sel--;
		break;
	case KEY_DOWN:
	case 'j':
	case '\t':
		if (st->sel + 1 < st->navail)
			st->sel++;
		break;
	case KEY_HOME:
		st->sel = 0;
		break;
	case KEY_END:
		st->sel = st->navail > 0 ? st->navail - 1 : 0;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case KEY_RIGHT:
		if (st->navail == 0)
			return 1;
		mode = items[st->avail[st->sel]].mode;
		w->mode = mode;
		if (strcmp(mode, "client") == 0)
			wiz_push(w, SCR_TARGET);
		else if (strcmp(mode, "server") == 0)
			wiz_push(w, SCR_SERVER);
		else
			wiz_push(w, SCR_EXPLAIN);
		break;
	default:
		if (key >= '1' && key <= '9' && (size_t)(key - '1') < st->navail) {
			st->sel = (size_t)(key - '1');
			return start_key(w, priv, '\n');
		}
		return 0;
	}
	w->dirty |= WIZ_DRAW_BODY;
	return 1;
}

static const char *
start_hints(struct wiz *w, void *priv)
{
	(void)w;
	(void)priv;
	return "Up/Down Move|Enter or 1-3 Choose|? Help|q Quit";
}

const struct screen_ops screen_start_ops = {
	.name = "What happened?",
	.private_size = sizeof(struct start),
	.init = start_init,
	.draw = start_draw,
	.key = start_key,
	.hints = start_hints,
	.cursor = NULL,
	.resize = NULL,
	.live = 0,
	.typing = NULL,
	.pager = NULL,
	.keys = 0,
};
