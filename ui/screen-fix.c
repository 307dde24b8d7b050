/* screen-fix.c: a fixable cause's plan exactly as the dry run prints it (commands, diff, backups, risks, the way back); y applies it and the checks run again, anything else cancels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/apply.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "ui/undo.h"
#include "ui/wizard.h"

struct fixscr {
	struct fix_plan	*plan;		/* the plan, or NULL when it could not be made */
	char		*error;		/* why there is no plan (or why applying failed), or NULL */
	struct strlist	 lines;		/* the dry run's text, one line each (sanitized) */
	struct wiz_pager pg;		/* scroll state */
};

/* The plan as fix_plan_print writes it, split into lines. */
static void
plan_lines(const struct fix_plan *p, struct strlist *out)
{
	char	*buf = NULL, *line, *nl, *s;
	size_t	 len = 0;
	FILE	*f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return;
	fix_plan_print(p, f);
	fclose(f);
	for (s = buf; s != NULL && *s != '\0'; s = nl + 1) {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = s + strlen(s) - 1;
		line = xstrndup(s, (size_t)(nl - s + (*nl == '\n' ? 0 : 1)));
		strlist_add(out, line);
		free(line);
	}
	free(buf);
}

static void
fix_init(struct wiz *w, void *priv, const void *arg)
{
	struct fixscr	*st = priv;
	const struct walk_cause *c;
	struct walk	*wk = w->s.run != NULL ? w->s.run->walk : NULL;

	if (wk == NULL || !wiz_walk_done(w) || (c = fix_find_cause(wk, arg)) == NULL) {
		st->error = xstrdup("That cause is not in the diagnosis any more.");
		return;
	}
	if (fix_plan_make(wk, c, &st->plan, &st->error) != 0)
		return;
	plan_lines(st->plan, &st->lines);
	if (st->lines.n == 0)
		strlist_addf(&st->lines, "Fix for %s", st->plan->cause);
}

static void
fix_free(void *priv)
{
	struct fixscr	*st = priv;

	fix_plan_free(st->plan);
	free(st->error);
	strlist_free(&st->lines);
}

/* How a line of the plan looks: commands, the diff's sides, headings. */
static attr_t
line_attr(const struct wiz *w, const char *s, size_t i)
{
	const char	*p = s + strspn(s, " ");

	if (i == 0)
		return w->attr[WR_HEADING];
	if ((p[0] == '$' || p[0] == '#') && p[1] == ' ')
		return w->attr[WR_COMMAND];
	if (p - s >= 5 && (p[0] == '+' || p[0] == '-') && strncmp(p, "+++", 3) != 0 &&
	    strncmp(p, "---", 3) != 0)
		return w->attr[p[0] == '+' ? WR_PASS : WR_FAIL];
	if (s[0] != ' ' && s[0] != '\0')
		return w->attr[WR_BOLD];
	return w->attr[WR_NORMAL];
}

static void
fix_draw(struct wiz *w, void *priv, WINDOW *win)
{
	struct fixscr	*st = priv;
	struct strlist	 rows = { NULL, 0 }, wrapped = { NULL, 0 };
	attr_t		*attrs = NULL;
	int		*indent = NULL;
	int		 width = getmaxx(win) - 4, height = getmaxy(win) - 1, y, ind;
	size_t		 i, j, n = 0;
	const char	*tail;

	if (st->error != NULL && st->plan == NULL) {
		wiz_wrap(w, st->error, width, &wrapped);
		for (i = 0; i < wrapped.n; i++)
			wiz_put(w, win, (int)i + 1, 2, width, w->attr[WR_WARN], wrapped.v[i]);
		strlist_free(&wrapped);
		return;
	}
	tail = st->error != NULL ? st->error : st->plan->needs_out_of_band ?
	    "Check the fingerprint the server presents now on its own console (out of band). "
	    "If it matches, press y and type yes; any other key cancels." :
	    st->plan->sshd_reload ? "Press y to apply this plan: sshd is reloaded, then you "
	    "confirm a new login on the normal screen. Any other key cancels." :
	    "Press y to apply this plan; any other key cancels and changes nothing.";
	/* the title, then what y does (or why it failed), then the plan */
	for (i = 0; i <= st->lines.n; i++) {
		const char *s = i == 0 ? st->lines.v[0] : i == 1 ? tail : st->lines.v[i - 1];

		ind = (int)strspn(s, " ");
		/* long lines wrap under themselves; a diff's lines are never joined */
		strlist_free(&wrapped);
		wiz_wrap(w, s + ind, width - ind > 10 ? width - ind : width, &wrapped);
		if (wrapped.n == 0)
			strlist_add(&wrapped, "");
		for (j = 0; j < wrapped.n; j++) {
			strlist_add(&rows, wrapped.v[j]);
			attrs = xreallocarray(attrs, rows.n, sizeof *attrs);
			indent = xreallocarray(indent, rows.n, sizeof *indent);
			attrs[rows.n - 1] = i == 1 ? w->attr[st->error != NULL ?
			    WR_ERROR : WR_BOLD] : line_attr(w, s, i);
			indent[rows.n - 1] = ind + (j > 0 ? 2 : 0);
		}
	}
	strlist_free(&wrapped);
	n = rows.n;
	st->pg.rows = (int)n;
	if (st->pg.top > st->pg.rows - height)
		st->pg.top = st->pg.rows - height;
	if (st->pg.top < 0)
		st->pg.top = 0;
	for (y = 0; y < height && (size_t)(st->pg.top + y) < n; y++) {
		i = (size_t)(st->pg.top + y);
		wiz_put(w, win, y + 1, 2 + indent[i], width - indent[i], attrs[i], rows.v[i]);
	}
	strlist_free(&rows);
	free(attrs);
	free(indent);
}

/*
 * A plan that reloads sshd runs on the normal screen: its confirmation window
 * asks the person, on this terminal, to type yes once a new login works.
 */
static int
apply_on_terminal(struct wiz *w, struct fixscr *st, struct fix_apply_opts *ao, char **err)
{
	char	 line[64], *clean;
	int	 rc;

	def_prog_mode();
	endwin();
	printf("\nsshdoc: applying the fix for %s\n", st->plan->cause);
	fflush(stdout);
	ao->out = stdout;
	ao->interactive = 1;
	rc = fix_plan_apply(st->plan, ao, err);
	if (rc != 0) {
		clean = sanitize_str(*err, 0);
		printf("sshdoc: not applied: %s\n", clean);
		free(clean);
	}
	printf("Press Enter to go back to sshdoc.\n");
	fflush(stdout);
	if (fgets(line, sizeof line, stdin) == NULL)
		clearerr(stdin);	/* end of input: go back all the same */
	reset_prog_mode();
	w->dirty = WIZ_DRAW_ALL;
	clearok(curscr, TRUE);
	return rc;
}

/* Apply, then the checks again: the Diagnosis then says what changed. */
static void
apply(struct wiz *w, struct fixscr *st)
{
	struct fix_apply_opts ao;
	struct check_options ropt;
	char		*err = NULL, *clean;
	int		 rc;

	memset(&ao, 0, sizeof ao);
	ao.yes = 1;
	ao.confirm_timeout = undo_confirm_timeout();
	/* log lines from before the change are history for the re-check */
	fix_recheck_options(&w->s.run->opt, &ropt);
	if (st->plan->sshd_reload)
		rc = apply_on_terminal(w, st, &ao, &err);
	else
		rc = fix_plan_apply(st->plan, &ao, &err);
	if (rc != 0) {
		free(st->error);
		clean = sanitize_str(err, 0);	/* it may quote paths and names from outside */
		xasprintf(&st->error, "Not applied: %s", clean);
		free(clean);
		free(err);
		w->dirty |= WIZ_DRAW_BODY;
		return;
	}
	w->s.run->opt.logs_since = ropt.logs_since;
	w->s.run->opt.log_marks = ropt.log_marks;
	strlist_addf(&w->applied, "%s (%s, journal entry %s)", st->plan->cause,
	    st->plan->result != NULL ? st->plan->result : "applied",
	    st->plan->entry != NULL ? st->plan->entry : "?");
	wiz_rerun(w);	/* pops this screen */
	wiz_message(w, 0, "Fix applied, the checks run again; sshdoc --undo takes it back.");
}

/* The status-line answer after y on a plan that needs an out-of-band check. */
static void
typed(struct wiz *w, const char *answer)
{
	struct fixscr	*st;

	if (wiz_current(w) != SCR_FIX || (st = wiz_priv(w)) == NULL || st->plan == NULL)
		return;
	if (strcmp(answer, "yes") != 0) {
		wiz_pop(w);
		wiz_message(w, 0, "Cancelled: nothing was changed.");
		return;
	}
	apply(w, st);
}

static int
fix_key(struct wiz *w, void *priv, int key)
{
	struct fixscr	*st = priv;

	switch (key) {
	case 'y':
	case 'Y':
		if (st->plan == NULL || st->error != NULL)
			break;
		if (st->plan->needs_out_of_band)
			wiz_prompt(w, "Fingerprint checked on the server's console? Type yes:", "",
			    typed);
		else
			apply(w, st);
		return 1;
	/* scrolling, help and quitting keep their meaning */
	case KEY_UP: case KEY_DOWN: case KEY_PPAGE: case KEY_NPAGE: case KEY_HOME:
	case KEY_END: case 'j': case 'k': case 'b': case ' ': case 'g': case 'G':
	case '?': case KEY_F(1): case 'q': case 'Q': case KEY_F(10): case KEY_RESIZE:
		return 0;
	}
	wiz_pop(w);
	wiz_message(w, 0, "Cancelled: nothing was changed.");
	return 1;
}

static struct wiz_pager *
fix_pager(struct wiz *w, void *priv)
{
	struct fixscr	*st = priv;

	st->pg.page = getmaxy(w->wbody) - 2;
	st->pg.height = 0;
	return &st->pg;
}

static const char *
fix_hints(struct wiz *w, void *priv)
{
	struct fixscr	*st = priv;

	(void)w;
	if (st->plan == NULL || st->error != NULL)
		return "Any key Back|? Help|q Quit";
	return "y Apply|Up/Down Scroll|Other keys Cancel|? Help|q Quit";
}

const struct screen_ops screen_fix_ops = {
	.name = "Apply fix",
	.private_size = sizeof(struct fixscr),
	.keep = 0,
	.init = fix_init,
	.free = fix_free,
	.draw = fix_draw,
	.key = fix_key,
	.hints = fix_hints,
	.cursor = NULL,
	.resize = NULL,
	.live = 0,
	.typing = NULL,
	.pager = fix_pager,
	.keys = 0,
};
