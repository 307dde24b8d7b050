/* screen-diagnosis.c: the verdict and the causes, ranked, with confidence, one line of evidence and the short fix with the person's own values; c copies it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/apply.h"
#include "lib/xmalloc.h"
#include "ui/wizard.h"

struct diagnosis {
	size_t		 sel;		/* selected cause */
	int		 top;		/* first row shown */
};

struct row {
	attr_t		 attr;		/* how it looks */
	int		 x;		/* column */
	int		 cause;		/* index of the cause it belongs to, or -1 */
	char		*text;		/* owned */
	const char	*right;		/* right-aligned text (static), or NULL */
	attr_t		 rattr;		/* its attribute */
};

struct rows {
	struct row	*v;
	size_t		 n;
};

static struct row *
add(struct rows *r, attr_t a, int x, int cause, const char *text)
{
	struct row *row;

	r->v = xreallocarray(r->v, r->n + 1, sizeof *r->v);
	row = &r->v[r->n++];
	row->attr = a;
	row->x = x;
	row->cause = cause;
	row->text = xstrdup(text);
	row->right = NULL;
	row->rattr = a;
	return row;
}

static void
add_wrapped(const struct wiz *w, struct rows *r, attr_t a, int x, int cause,
    const char *text, int width)
{
	struct strlist lines = { NULL, 0 };
	size_t	 i;

	wiz_wrap(w, text, width - x - (x > 0 ? 2 : 0), &lines);
	for (i = 0; i < lines.n; i++)	/* indented items hang: continuations 2 further in */
		add(r, a, i > 0 && x > 0 ? x + 2 : x, cause, lines.v[i]);
	strlist_free(&lines);
}

static attr_t
conf_attr(const struct wiz *w, enum confidence c)
{
	switch (c) {
	case CONF_CONFIRMED:
		return w->attr[WR_FAIL];
	case CONF_LIKELY:
		return w->attr[WR_WARN];
	case CONF_POSSIBLE:
		break;
	}
	return w->attr[WR_NORMAL];
}

/* What the person said (it ranks causes of equal confidence), or an offer to ask. */
static void
add_answers(struct wiz *w, struct rows *r, int width)
{
	const struct tree_question *qs[32];
	const struct session_answer *e;
	size_t	 nq, i, nsaid = 0;
	char	*s;

	nq = session_questions(&w->s, w->s.run->mode, qs, 32);
	if (nq > 32)
		nq = 32;
	if (nq == 0)
		return;
	for (i = 0; i < nq; i++) {
		if ((e = session_answer_of(&w->s, qs[i])) == NULL || e->a == NULL)
			continue;
		xasprintf(&s, "You said: %s.", e->a->text);
		add_wrapped(w, r, w->attr[WR_NORMAL], 0, -1, s, width);
		free(s);
		nsaid++;
	}
	if (nsaid > 0)
		add_wrapped(w, r, w->attr[WR_DIM], 0, -1, "Causes your answers point at rank first "
		    "among those of equal confidence. Press a to change your answers.", width);
	else {
		xasprintf(&s, "Press a to answer %s only you know; %s can change the order "
		    "of causes of equal confidence.", nq == 1 ? "a question" : "questions",
		    nq == 1 ? "the answer" : "the answers");
		add_wrapped(w, r, w->attr[WR_DIM], 0, -1, s, width);
		free(s);
	}
	add(r, w->attr[WR_NORMAL], 0, -1, "");
}

/* The short fix under its cause: the lead-in, then each command with its prompt. */
static void
add_fix(struct wiz *w, struct rows *r, const struct walk *wk, const struct walk_cause *c,
    int cause, int width)
{
	struct walk_fix	 fix;
	char		*s;
	size_t		 i;

	walk_cause_fix(wk, c, &fix);
	if (fix.commands.n > 0 && fix.lead != NULL)
		add_wrapped(w, r, w->attr[WR_NORMAL], 3, cause, fix.lead, width);
	for (i = 0; i < fix.commands.n; i++) {
		xasprintf(&s, "%c %s", fix.root & (1u << i) ? '#' : '$', fix.commands.v[i]);
		add_wrapped(w, r, w->attr[WR_COMMAND], 5, cause, s, width);
		free(s);
	}
	walk_fix_free(&fix);
}

/* c: the selected cause's short fix to the clipboard, exactly as shown, without prompts. */
static void
copy_fix(struct wiz *w, size_t sel)
{
	const struct walk *wk = w->s.run->walk;
	struct walk_fix	 fix;
	char		*text = NULL, *tmp;
	size_t		 i;

	walk_cause_fix(wk, &wk->causes[sel], &fix);
	for (i = 0; i < fix.commands.n; i++) {
		xasprintf(&tmp, "%s%s%s", text != NULL ? text : "", i > 0 ? "\n" : "",
		    fix.commands.v[i]);
		free(text);
		text = tmp;
	}
	if (text == NULL)
		wiz_message(w, 1, "This cause has no short fix: Enter opens the article.");
	else if (wiz_osc52(text) != 0)
		wiz_message(w, 1, "Could not write to the terminal: select the command%s "
		    "above with the mouse.", fix.commands.n == 1 ? "" : "s");
	else
		wiz_message(w, 0, "Copied %zu line%s (OSC 52). Not in your clipboard? "
		    "Select %s above.", fix.commands.n, fix.commands.n == 1 ? "" : "s",
		    fix.commands.n == 1 ? "it" : "them");
	free(text);
	walk_fix_free(&fix);
}

static void
build(struct wiz *w, struct rows *r, int width)
{
	const struct walk *wk = w->s.run->walk;
	const struct walk_cause *c;
	const char *verdict, *ev;
	char	*s = NULL;
	struct strlist title = { NULL, 0 };
	size_t	 i, j, nerr = 0, nskip = 0, nwarn = 0;
	struct row *row;

	verdict = walk_verdict(wk);
	if ((s = walk_path_line(wk, w->utf8)) != NULL) {
		add_wrapped(w, r, w->attr[WR_NORMAL], 0, -1, s, width);
		free(s);
		s = NULL;
		add(r, w->attr[WR_NORMAL], 0, -1, "");
	}
	/* After a re-run, what the fix changed is the first thing to see. */
	if (w->changes.n > 0) {
		add(r, w->attr[WR_HEADING], 0, -1, "What changed since the previous run");
		for (i = 0; i < w->changes.n; i++)
			add_wrapped(w, r, w->attr[WR_NORMAL], 2, -1, w->changes.v[i], width);
		add(r, w->attr[WR_NORMAL], 0, -1, "");
	}
	if (wk->ncauses > 0) {
		xasprintf(&s, "%zu cause%s found%s.", wk->ncauses, wk->ncauses == 1 ? "" : "s",
		    wk->ncauses > 1 ? ", most probable first" : "");
		add(r, w->attr[WR_BOLD], 0, -1, s);
		free(s);
		add_wrapped(w, r, w->attr[WR_DIM], 0, -1,
		    "c copies the selected cause's fix; Enter opens its article. After fixing, "
		    "press r to check again.", width);
	} else if (strcmp(verdict, "ok") == 0) {
		add(r, w->attr[WR_PASS] | A_BOLD, 0, -1, "No cause found.");
		add_wrapped(w, r, w->attr[WR_NORMAL], 0, -1,
		    "No check on the way found anything that stops this connection. If ssh "
		    "still fails, run ssh -v and look at the last lines, or run sshdoc on "
		    "the server.", width);
		for (i = 0; i < wk->nchecks; i++)
			nwarn += wk->checks[i].state == RUN_DONE &&
			    wk->checks[i].result.status == CHECK_WARN;
		if (nwarn > 0) {
			/* A warning is worth knowing (a host key not yet known) but stops nothing. */
			xasprintf(&s, "%zu check%s warn%s: %s worth knowing (a host key not yet "
			    "in known_hosts, a legacy algorithm) but %s not stop ssh. Esc shows "
			    "%s.", nwarn, nwarn == 1 ? "" : "s", nwarn == 1 ? "s" : "",
			    nwarn == 1 ? "it is" : "they are", nwarn == 1 ? "does" : "do",
			    nwarn == 1 ? "it" : "them");
			add_wrapped(w, r, w->attr[WR_WARN], 0, -1, s, width);
			free(s);
			s = NULL;
		}
	} else {
		add(r, w->attr[WR_WARN], 0, -1, "Inconclusive: the checks could not decide.");
		add_wrapped(w, r, w->attr[WR_NORMAL], 0, -1,
		    "Some checks could not run or gave no clear answer. Their evidence "
		    "(Esc, then Enter on a check) says why.", width);
	}
	add(r, w->attr[WR_NORMAL], 0, -1, "");
	for (i = 0; i < wk->ncauses; i++) {
		c = &wk->causes[i];
		/* The whole title, wrapped beside its confidence: never cut off. */
		xasprintf(&s, "%zu. %s", i + 1, wiz_cause_title(w, c->id));
		wiz_wrap(w, s, width - (int)strlen(confidence_name(c->conf)) - 2, &title);
		free(s);
		s = NULL;
		for (j = 0; j < title.n; j++) {
			row = add(r, w->attr[WR_BOLD], j > 0 ? 3 : 0, (int)i, title.v[j]);
			if (j == 0) {
				row->right = confidence_name(c->conf);
				row->rattr = conf_attr(w, c->conf);
			}
		}
		strlist_free(&title);
		ev = c->summary != NULL && *c->summary != '\0' ? c->summary :
		    c->evidence.n > 0 ? c->evidence.v[0] : "no evidence recorded";
		add_wrapped(w, r, w->attr[WR_DIM], 3, (int)i, ev, width);
		add_fix(w, r, wk, c, (int)i, width);
		add(r, w->attr[WR_NORMAL], 0, -1, "");
	}
	add_answers(w, r, width);
	for (i = 0; i < wk->nchecks; i++) {
		if (wk->checks[i].state == RUN_DONE &&
		    wk->checks[i].result.status == CHECK_ERROR)
			nerr++;
		if (wk->checks[i].state == RUN_DONE &&
		    wk->checks[i].result.status == CHECK_SKIP)
			nskip++;
	}
	if (nskip > 0 && geteuid() != 0 && strcmp(w->s.run->mode, "server") == 0) {
		xasprintf(&s, "You are not root: %zu check%s skipped (Esc shows why). "
		    "To see everything: sudo sshdoc --server", nskip, nskip == 1 ? " was" :
		    "s were");
		add_wrapped(w, r, w->attr[WR_WARN], 0, -1, s, width);
		free(s);
		add(r, w->attr[WR_NORMAL], 0, -1, "");
	}
	if (nerr > 0 && wk->ncauses > 0) {
		xasprintf(&s, "%zu check%s could not run: see Esc for the list.", nerr,
		    nerr == 1 ? "" : "s");
		add(r, w->attr[WR_WARN], 0, -1, s);
		free(s);
		add(r, w->attr[WR_NORMAL], 0, -1, "");
	}
	/* causes the client cannot tell apart (content's alternatives): what would, last */
	for (i = 0; i < wk->ncauses; i++) {
		c = &wk->causes[i];
		if (c->tells_apart == NULL || c->alternative_of != NULL)
			continue;
		add_wrapped(w, r, w->attr[WR_NORMAL], 0, -1, c->tells_apart, width);
		add(r, w->attr[WR_NORMAL], 0, -1, "");
	}
}

static void
diagnosis_draw(struct wiz *w, void *priv, WINDOW *win)
{
	struct diagnosis *st = priv;
	struct rows r = { NULL, 0 };
	int	 width = getmaxx(win) - 4, height = getmaxy(win), y, first = -1, last = -1;
	int	 x, rw;
	size_t	 i, ncauses;
	struct row *row;

	if (w->s.run == NULL || w->s.run->walk == NULL)
		return;
	if (!wiz_walk_done(w)) {
		wiz_put(w, win, 1, 2, width, w->attr[WR_DIM], "The checks are still running.");
		return;
	}
	walk_lock(w->s.run->walk);
	build(w, &r, width);
	ncauses = w->s.run->walk->ncauses;
	walk_unlock(w->s.run->walk);
	if (st->sel >= ncauses)
		st->sel = ncauses > 0 ? ncauses - 1 : 0;
	for (i = 0; i < r.n; i++) {
		if (r.v[i].cause == (int)st->sel && ncauses > 0) {
			if (first == -1)
				first = (int)i;
			last = (int)i;
		}
	}
	if (first != -1) {
		if (first < st->top)
			st->top = first > 3 ? first : 0;
		if (last >= st->top + height - 1)
			st->top = last - height + 2;
	}
	if (st->top > (int)r.n - height)
		st->top = (int)r.n - height;
	if (st->top < 0)
		st->top = 0;
	for (y = 0; y < height - 1 && (size_t)(st->top + y) < r.n; y++) {
		row = &r.v[st->top + y];
		x = 2 + row->x;
		rw = row->right != NULL ? (int)strlen(row->right) + 2 : 0;
		if (row->cause == (int)st->sel && row->right != NULL && ncauses > 0) {
			wiz_put(w, win, y + 1, 0, 1, w->attr[WR_BOLD], w->g->pointer);
			wiz_put(w, win, y + 1, x, width - rw, w->attr[WR_SEL], row->text);
		} else
			wiz_put(w, win, y + 1, x, width - row->x - rw, row->attr, row->text);
		if (row->right != NULL)
			wiz_put(w, win, y + 1, 2 + width - (rw - 2), rw - 2, row->rattr,
			    row->right);
	}
	for (i = 0; i < r.n; i++)
		free(r.v[i].text);
	free(r.v);
}

/* f: the Fix screen for a cause sshdoc can fix, else why it cannot. */
static void
open_fix(struct wiz *w, size_t sel)
{
	const struct walk_cause *c = &w->s.run->walk->causes[sel];
	char	*err = NULL;

	if (fix_plan_make(w->s.run->walk, c, NULL, &err) != 0) {
		wiz_message(w, 1, "No automatic fix: %s", err);
		free(err);
		return;
	}
	wiz_push_arg(w, SCR_FIX, c->id);
}

static int
diagnosis_key(struct wiz *w, void *priv, int key)
{
	struct diagnosis *st = priv;
	size_t	 n = 0;

	if (w->s.run != NULL && w->s.run->walk != NULL && wiz_walk_done(w))
		n = w->s.run->walk->ncauses;
	switch (key) {
	case KEY_UP:
	case 'k':
		if (st->sel > 0)
			st->sel--;
		else
			st->top = 0;
		break;
	case KEY_DOWN:
	case 'j':
	case '\t':
		if (st->sel + 1 < n)
			st->sel++;
		else
			st->top++;
		break;
	case KEY_HOME:
	case 'g':
		st->sel = 0;
		st->top = 0;
		break;
	case KEY_END:
	case 'G':
		st->sel = n > 0 ? n - 1 : 0;
		st->top = 1 << 20;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case KEY_RIGHT:
	case 'l':
		if (st->sel < n)
			wiz_push_arg(w, SCR_ARTICLE, w->s.run->walk->causes[st->sel].id);
		break;
	case 'c':
		if (st->sel < n)
			copy_fix(w, st->sel);
		break;
	case 'f':
		if (st->sel < n)
			open_fix(w, st->sel);
		break;
	default:
		return 0;
	}
	w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;	/* "f Fix" follows the selection */
	return 1;
}

static const char *
diagnosis_hints(struct wiz *w, void *priv)
{
	struct diagnosis *st = priv;
	const struct walk *wk = w->s.run != NULL ? w->s.run->walk : NULL;
	int	 q = w->s.run != NULL && session_questions(&w->s, w->s.run->mode, NULL, 0) > 0;

	if (wk != NULL && wiz_walk_done(w) && wk->ncauses > 0 && st->sel < wk->ncauses &&
	    fix_cause_fixable(wk, &wk->causes[st->sel]))
		return q ? "f Fix|c Copy|Enter Article|a Answers|r Re-run|s Save|? Help|q Quit" :
		    "f Fix|c Copy|Enter Article|r Re-run|s Save|Esc Checks|? Help|q Quit";
	if (wk != NULL && wiz_walk_done(w) && wk->ncauses > 0)
		return q ? "c Copy|Enter Article|a Answers|r Re-run|s Save|Esc Checks|? Help|q Quit" :
		    "c Copy|Enter Article|r Re-run|s Save|Esc Checks|? Help|q Quit";
	return q ? "a Answers|r Re-run|s Save|Esc Checks|? Help|q Quit" :
	    "r Re-run|s Save|Esc Checks|? Help|q Quit";
}

const struct screen_ops screen_diagnosis_ops = {
	.name = "Diagnosis",
	.private_size = sizeof(struct diagnosis),
	.init = NULL,
	.draw = diagnosis_draw,
	.key = diagnosis_key,
	.hints = diagnosis_hints,
	.cursor = NULL,
	.resize = NULL,
	.live = 0,
	.typing = NULL,
	.pager = NULL,
	.keys = WIZ_KEY_RERUN | WIZ_KEY_SAVE | WIZ_KEY_ANSWERS,
};
