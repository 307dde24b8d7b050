/* screen-questions.c: what only the person knows (the tree's questions), asked one at a time while the checks run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "ui/wizard.h"

#define QMAX	32		/* questions of one mode shown */

struct questions {
	const struct tree_question *qs[QMAX];
	size_t		 nq;
	size_t		 cur;		/* the question shown */
	size_t		 sel;		/* selected choice: an answer, or nanswers for "skip" */
	int		 from_first;	/* opened to go through every question */
};

/* Select the earlier answer, or the first choice. */
static void
select_current(struct wiz *w, struct questions *st)
{
	const struct session_answer *e;
	size_t	 i;

	st->sel = 0;
	if (st->cur >= st->nq)
		return;
	e = session_answer_of(&w->s, st->qs[st->cur]);
	for (i = 0; e != NULL && e->a != NULL && i < st->qs[st->cur]->nanswers; i++)
		if (&st->qs[st->cur]->answers[i] == e->a)
			st->sel = i;
}

static void
questions_init(struct wiz *w, void *priv, const void *arg)
{
	struct questions *st = priv;

	st->from_first = *(const int *)arg;
	if (st->from_first == WIZ_ASK_MATTER) {
		st->from_first = 0;
		st->nq = session_questions_matter(&w->s, st->qs, QMAX);
	} else
		st->nq = session_questions(&w->s, wiz_mode(w), st->qs, QMAX);
	if (st->nq > QMAX)
		st->nq = QMAX;
	st->cur = 0;
	if (!st->from_first)
		while (st->cur < st->nq && session_answer_of(&w->s, st->qs[st->cur]) != NULL)
			st->cur++;
	if (st->cur >= st->nq)
		st->cur = 0;
	select_current(w, st);
}

/* Back to the checks; the diagnosis if they are done. */
static void
leave(struct wiz *w)
{
	wiz_pop(w);
	if (wiz_current(w) == SCR_PROGRESS && w->s.run != NULL && w->s.run->joined)
		wiz_push(w, SCR_DIAGNOSIS);
}

/* Answer (or skip) the question shown and go on to the next one, or leave. */
static void
choose(struct wiz *w, struct questions *st, size_t choice)
{
	const struct tree_question *q = st->qs[st->cur];

	/* Leaving pops this screen, and st with it: nothing of st after leave(). */
	wiz_answer(w, q, choice < q->nanswers ? &q->answers[choice] : NULL);
	for (st->cur++; st->cur < st->nq && !st->from_first &&
	    session_answer_of(&w->s, st->qs[st->cur]) != NULL; st->cur++)
		;
	if (st->cur >= st->nq) {
		leave(w);
		return;
	}
	select_current(w, st);
}

/* One line on the checks running behind: how far, and what failed so far. */
static void
draw_checks_line(struct wiz *w, WINDOW *win, int y, int width)
{
	struct walk *wk;
	size_t	 i, ndone = 0, nfail = 0;
	char	 buf[256], t[32];
	int	 done;

	if (w->s.run == NULL || w->s.run->walk == NULL) {
		wiz_put(w, win, y, 2, width, w->attr[WR_DIM], "No checks are running.");
		return;
	}
	wk = w->s.run->walk;
	walk_lock(wk);
	for (i = 0; i < wk->nchecks; i++) {
		if (wk->checks[i].state != RUN_DONE)
			continue;
		ndone++;
		if (wk->checks[i].result.status == CHECK_FAIL)
			nfail++;
	}
	done = wk->done;
	if (done)
		snprintf(buf, sizeof buf, "Checks done: the first causes are equally "
		    "likely; answers can order them.");
	else {
		wiz_format_ms(now_ms() - w->s.run->started_ms, t, sizeof t);
		snprintf(buf, sizeof buf, "The checks run meanwhile: %zu of %zu done, "
		    "%zu failed so far (%s).", ndone, wk->nchecks, nfail, t);
	}
	walk_unlock(wk);
	wiz_put(w, win, y, 2, width, w->attr[done ? WR_BOLD : WR_RUN], buf);
}

static void
questions_draw(struct wiz *w, void *priv, WINDOW *win)
{
	struct questions *st = priv;
	const struct tree_question *q;
	const struct session_answer *e;
	struct strlist lines = { NULL, 0 };
	int	 y = 1, cols = getmaxx(win), rows = getmaxy(win), width = cols - 4;
	size_t	 i, j;
	char	 buf[64];
	const char *label;

	draw_checks_line(w, win, y, width);
	y += 2;
	if (st->nq == 0) {
		wiz_put(w, win, y, 2, width, w->attr[WR_DIM], "No questions for this mode.");
		return;
	}
	q = st->qs[st->cur];
	snprintf(buf, sizeof buf, "Question %zu of %zu", st->cur + 1, st->nq);
	wiz_put(w, win, y++, 2, width, w->attr[WR_DIM], buf);
	wiz_wrap(w, q->text, width, &lines);
	for (i = 0; i < lines.n && y < rows - 4; i++)
		wiz_put(w, win, y++, 2, width, w->attr[WR_BOLD], lines.v[i]);
	strlist_free(&lines);
	y++;
	e = session_answer_of(&w->s, q);
	for (j = 0; j <= q->nanswers && y < rows - 3; j++, y++) {
		label = j < q->nanswers ? q->answers[j].text :
		    e != NULL && e->a != NULL ? "Skip (keep my answer)" : "Skip this question";
		snprintf(buf, sizeof buf, "%zu", j + 1);
		if (j == st->sel)
			wiz_put(w, win, y, 2, 2, w->attr[WR_BOLD], w->g->pointer);
		if (j < 9)
			wiz_put(w, win, y, 4, 2, w->attr[WR_DIM], buf);
		wiz_put(w, win, y, 7, width - 5, w->attr[j == st->sel ? WR_SEL :
		    j < q->nanswers ? WR_NORMAL : WR_DIM], label);
		if (e != NULL && j < q->nanswers && e->a == &q->answers[j]) {
			i = (size_t)wiz_width(w, label);
			if (7 + (int)i + 16 < cols)
				wiz_put(w, win, y, 7 + (int)i + 2, 14, w->attr[WR_DIM],
				    "(your answer)");
		}
	}
	wiz_wrap(w, "Only you know this. The answer moves the causes it points at up among "
	    "causes sshdoc is equally sure of; it never hides one.", width, &lines);
	y = rows - 1 - (int)lines.n;
	for (i = 0; i < lines.n; i++)
		wiz_put(w, win, y++, 2, width, w->attr[WR_DIM], lines.v[i]);
	strlist_free(&lines);
}

static int
questions_key(struct wiz *w, void *priv, int key)
{
	struct questions *st = priv;
	size_t	 nchoices = st->nq > 0 ? st->qs[st->cur]->nanswers + 1 : 0;

	if (st->nq == 0) {
		if (key == 27 || key == '\n' || key == '\r' || key == KEY_ENTER) {
			leave(w);
			return 1;
		}
		return 0;
	}
	switch (key) {
	case KEY_UP:
	case 'k':
		if (st->sel > 0)
			st->sel--;
		break;
	case KEY_DOWN:
	case 'j':
	case '\t':
		if (st->sel + 1 < nchoices)
			st->sel++;
		break;
	case KEY_HOME:
	case 'g':
		st->sel = 0;
		break;
	case KEY_END:
	case 'G':
		st->sel = nchoices - 1;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case KEY_RIGHT:
		choose(w, st, st->sel);
		break;
	case 's':
	case ' ':
		choose(w, st, nchoices - 1);
		break;
	case KEY_BACKSPACE:
	case 127:
	case 8:
	case KEY_LEFT:
		/* back to the previous question, or out */
		if (st->cur == 0) {
			leave(w);
			break;
		}
		st->cur--;
		select_current(w, st);
		break;
	case 27:
		/* what is left stays unanswered (and is not asked again by itself) */
		for (; st->cur < st->nq; st->cur++)
			if (session_answer_of(&w->s, st->qs[st->cur]) == NULL)
				wiz_answer(w, st->qs[st->cur], NULL);
		leave(w);
		break;
	default:
		if (key >= '1' && key <= '9' && (size_t)(key - '1') < nchoices) {
			choose(w, st, (size_t)(key - '1'));
			break;
		}
		return 0;
	}
	w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
	return 1;
}

static const char *
questions_hints(struct wiz *w, void *priv)
{
	(void)w;
	(void)priv;
	return "Enter Answer|1-9 Choose|s Skip|Esc Skip all|? Help|q Quit";
}

const struct screen_ops screen_questions_ops = {
	.name = "Questions",
	.private_size = sizeof(struct questions),
	.init = questions_init,
	.draw = questions_draw,
	.key = questions_key,
	.hints = questions_hints,
	.cursor = NULL,
	.resize = NULL,
	.live = 1,
	.typing = NULL,
	.pager = NULL,
	.keys = 0,
};
