/* wizard.c: the curses wizard: the screen stack, messages and the prompt, the keys every screen shares, and the session glue (walks, answers, saving). */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "ui/ui.h"
#include "ui/wizard.h"

static const struct wiz_glyphs glyphs_utf8 = {
	.hline = "\xe2\x94\x80",	/* U+2500 */
	.vline = "\xe2\x94\x82",	/* U+2502 */
	.ellipsis = "\xe2\x80\xa6",	/* U+2026 */
	.arrow = "\xe2\x86\x92",	/* U+2192 */
	.dot = "\xc2\xb7",		/* U+00B7 */
	.pointer = "\xe2\x96\xb8",	/* U+25B8 */
};

static const struct wiz_glyphs glyphs_ascii = {
	.hline = "-",
	.vline = "|",
	.ellipsis = "~",
	.arrow = "->",
	.dot = "-",
	.pointer = ">",
};

static const struct screen_ops *const screens[SCR_COUNT] = {
	[SCR_START] = &screen_start_ops,
	[SCR_TARGET] = &screen_target_ops,
	[SCR_SERVER] = &screen_server_ops,
	[SCR_EXPLAIN] = &screen_explain_ops,
	[SCR_QUESTIONS] = &screen_questions_ops,
	[SCR_PROGRESS] = &screen_progress_ops,
	[SCR_EVIDENCE] = &screen_evidence_ops,
	[SCR_DIAGNOSIS] = &screen_diagnosis_ops,
	[SCR_ARTICLE] = &screen_article_ops,
	[SCR_HELP] = &screen_help_ops,
	[SCR_FIX] = &screen_fix_ops,
	[SCR_FLEET] = &screen_fleet_ops,
};

const struct screen_ops *
wiz_ops(const struct wiz *w)
{
	return screens[wiz_current(w)];
}

void *
wiz_priv(const struct wiz *w)
{
	return w->depth == 0 ? NULL : w->stack[w->depth - 1].priv;
}

void
wiz_resized(struct wiz *w)
{
	size_t	 i;

	for (i = 0; i < w->depth; i++)
		if (screens[w->stack[i].scr]->resize != NULL)
			screens[w->stack[i].scr]->resize(w, w->stack[i].priv);
}

/* Navigation: a stack of screens, each with its private state. */

enum wiz_screen
wiz_current(const struct wiz *w)
{
	return w->depth == 0 ? SCR_START : w->stack[w->depth - 1].scr;
}

/* A screen leaves the stack: its state goes, unless the screen keeps it. */
static void
frame_drop(struct wiz_frame *f)
{
	const struct screen_ops *ops = screens[f->scr];

	if (!ops->keep) {
		if (ops->free != NULL)
			ops->free(f->priv);
		free(f->priv);
	}
	f->priv = NULL;
}

void
wiz_push_arg(struct wiz *w, enum wiz_screen scr, const void *arg)
{
	const struct screen_ops *ops = screens[scr];
	struct wiz_frame *f;

	if (w->depth == WIZ_STACK_MAX)
		frame_drop(&w->stack[--w->depth]);
	f = &w->stack[w->depth++];
	f->scr = scr;
	if (ops->keep && w->kept[scr] != NULL)
		f->priv = w->kept[scr];
	else
		f->priv = xcalloc(1, ops->private_size > 0 ? ops->private_size : 1);
	if (ops->keep)
		w->kept[scr] = f->priv;
	if (ops->init != NULL)
		ops->init(w, f->priv, arg);
	w->dirty = WIZ_DRAW_ALL;
}

void
wiz_push(struct wiz *w, enum wiz_screen scr)
{
	wiz_push_arg(w, scr, NULL);
}

void
wiz_pop(struct wiz *w)
{
	if (w->depth > 1)
		frame_drop(&w->stack[--w->depth]);
	w->dirty = WIZ_DRAW_ALL;
}

void
wiz_back_to(struct wiz *w, enum wiz_screen scr)
{
	size_t	 i;

	for (i = w->depth; i > 0; i--) {
		if (w->stack[i - 1].scr == scr) {
			while (w->depth > i)
				frame_drop(&w->stack[--w->depth]);
			w->dirty = WIZ_DRAW_ALL;
			return;
		}
	}
	wiz_push(w, scr);
}

void
wiz_renew(struct wiz *w)
{
	enum wiz_screen scr = wiz_current(w);

	if (w->depth == 0)
		return;
	frame_drop(&w->stack[--w->depth]);
	wiz_push(w, scr);
}

void
wiz_stack_free(struct wiz *w)
{
	size_t	 i;

	while (w->depth > 0)
		frame_drop(&w->stack[--w->depth]);
	for (i = 0; i < SCR_COUNT; i++) {
		if (w->kept[i] != NULL && screens[i]->free != NULL)
			screens[i]->free(w->kept[i]);
		free(w->kept[i]);
		w->kept[i] = NULL;
	}
}

void
wiz_message(struct wiz *w, int error, const char *fmt, ...)
{
	va_list	 ap;
	char	*raw;

	free(w->message);
	w->message = NULL;
	if (fmt != NULL) {
		va_start(ap, fmt);
		xvasprintf(&raw, fmt, ap);
		va_end(ap);
		w->message = sanitize_str(raw, 0);
		free(raw);
	}
	w->message_error = error;
	w->dirty |= WIZ_DRAW_STATUS;
}

void
wiz_prompt(struct wiz *w, const char *label, const char *initial,
    void (*done)(struct wiz *, const char *))
{
	struct wiz_prompt *p = &w->prompt;

	p->active = 1;
	p->label = label;
	p->done = done;
	snprintf(p->buf, sizeof p->buf, "%s", initial != NULL ? initial : "");
	p->len = strlen(p->buf);
	wiz_message(w, 0, NULL);
	w->dirty = WIZ_DRAW_ALL;
}

/* Walks. */

void
wiz_target_label(const struct wiz *w, char *buf, size_t len)
{
	const struct check_options *o;
	const char *euser = NULL, *ehost;
	char	*host = NULL, *user = NULL;
	int	 eport;

	if (w->s.run == NULL) {
		snprintf(buf, len, "%s", "");
		return;
	}
	o = &w->s.run->opt;
	if (strcmp(o->mode, "client") != 0 || o->host == NULL) {
		if (strcmp(o->mode, "server") == 0 && o->server_port > 0)
			snprintf(buf, len, "this machine's sshd, port %d", o->server_port);
		else if (strcmp(o->mode, "server") == 0)
			snprintf(buf, len, "this machine's sshd");
		else if (strcmp(o->mode, "explain") == 0 && w->paste_file != NULL &&
		    o->explain_file != NULL && strcmp(o->explain_file, w->paste_file) == 0)
			snprintf(buf, len, "explaining pasted text");
		else if (strcmp(o->mode, "explain") == 0 && o->explain_file != NULL) {
			host = sanitize_str(o->explain_file, 60);
			snprintf(buf, len, "explaining %s", host);
			free(host);
		} else
			snprintf(buf, len, "%s", o->mode);
		return;
	}
	host = sanitize_str(o->host, 80);
	/* Who and where ssh really connects (ssh -G: a User or Port line), once known. */
	eport = o->port;
	if (w->s.run->walk != NULL) {
		walk_lock(w->s.run->walk);
		walk_effective(w->s.run->walk, &euser, &ehost, &eport);
		if (euser != NULL && *euser != '\0')
			user = sanitize_str(euser, 40);
		walk_unlock(w->s.run->walk);
	} else if (o->user != NULL && *o->user != '\0')
		user = sanitize_str(o->user, 40);
	snprintf(buf, len, "%s%s%s port %d", user != NULL ? user : "",
	    user != NULL ? "@" : "", host, eport > 0 ? eport : 22);
	free(host);
	free(user);
}

/* Start a walk; keep_old: the current one becomes prev (a re-run). */
static int
start_walk(struct wiz *w, const struct check_options *opt, int keep_old)
{
	char	*msg = NULL;
	int	 rc;

	rc = keep_old ? session_rerun(&w->s, &msg) : session_start(&w->s, opt, 0, &msg);
	if (rc != 0) {
		wiz_message(w, 1, "%s", msg);
		free(msg);
		return -1;
	}
	if (!keep_old)
		strlist_free(&w->changes);
	wiz_message(w, 0, NULL);
	/* A new walk's list starts at the top. */
	wiz_back_to(w, SCR_PROGRESS);
	wiz_renew(w);
	return 0;
}

int
wiz_start_walk(struct wiz *w, const struct check_options *opt)
{
	return start_walk(w, opt, 0);
}

void
wiz_rerun(struct wiz *w)
{
	if (start_walk(w, NULL, 1) != 0)
		return;
	w->reruns++;
	strlist_free(&w->changes);
}

int
wiz_walk_done(struct wiz *w)
{
	return session_walk_done(&w->s);
}

/* What the last re-run changed, one line each, for the diagnosis. */
static void
compute_changes(struct wiz *w)
{
	const struct walk *a = w->s.prev->walk, *b = w->s.run->walk;
	struct session_change *v;
	const char *arrow = w->g->arrow;
	size_t	 i, n;

	strlist_free(&w->changes);
	n = session_diff(&w->s, &v);
	for (i = 0; i < n; i++) {
		switch (v[i].kind) {
		case CHANGE_CAUSE_GONE:
			strlist_addf(&w->changes, "Gone: %s", wiz_cause_title(w, v[i].id));
			break;
		case CHANGE_CAUSE_NEW:
			strlist_addf(&w->changes, "New: %s", wiz_cause_title(w, v[i].id));
			break;
		case CHANGE_CAUSE_STILL:
			strlist_addf(&w->changes, "Still: %s", wiz_cause_title(w, v[i].id));
			break;
		case CHANGE_CHECK_NEW:
			strlist_addf(&w->changes, "%s: now runs, %s", v[i].after->entry->title,
			    wiz_status_word(v[i].after->state, v[i].after->result.status));
			break;
		case CHANGE_CHECK_STATUS:
			strlist_addf(&w->changes, "%s: %s %s %s", v[i].after->entry->title,
			    wiz_status_word(v[i].before->state, v[i].before->result.status),
			    arrow, wiz_status_word(v[i].after->state,
			    v[i].after->result.status));
			break;
		case CHANGE_CHECK_GONE:
			strlist_addf(&w->changes, "%s: no longer needed",
			    v[i].before->entry->title);
			break;
		}
	}
	free(v);
	if (w->changes.n == 0)
		strlist_add(&w->changes, "Nothing changed.");
	if (strcmp(walk_verdict(a), walk_verdict(b)) != 0)
		strlist_addf(&w->changes, "Verdict: %s %s %s", walk_verdict(a), arrow,
		    walk_verdict(b));
}

void
wiz_walk_changed(struct wiz *w)
{
	int	 finished = session_changed(&w->s);

	/* before the walk test: the many-hosts screen wakes the loop this way too */
	w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
	if (w->s.run == NULL || w->s.run->walk == NULL)
		return;
	if (!finished)
		return;
	w->status = walk_exit_status(w->s.run->walk);
	if (w->s.prev != NULL) {
		compute_changes(w);
		session_drop_prev(&w->s);
	}
	if (wiz_current(w) == SCR_PROGRESS) {
		wiz_push(w, SCR_DIAGNOSIS);
		/* Asked only when the answer can change which cause comes first. */
		if (session_questions_matter(&w->s, NULL, 0) > 0)
			wiz_ask(w, WIZ_ASK_MATTER);
	}
	w->dirty = WIZ_DRAW_ALL;
}

/* Questions. */

const char *
wiz_mode(const struct wiz *w)
{
	if (w->s.run != NULL)
		return w->s.run->mode;
	return w->mode != NULL ? w->mode : "client";
}

void
wiz_answer(struct wiz *w, const struct tree_question *q, const struct tree_answer *a)
{
	session_answer(&w->s, q, a);
	if (a != NULL)
		w->dirty |= WIZ_DRAW_BODY;
}

void
wiz_ask(struct wiz *w, int all)
{
	if (session_questions(&w->s, wiz_mode(w), NULL, 0) == 0) {
		wiz_message(w, 0, "There are no questions for this mode.");
		return;
	}
	wiz_push_arg(w, SCR_QUESTIONS, &all);
}

/* Pasted text. */

int
wiz_paste_file(struct wiz *w, const char *text, size_t len, const char **path)
{
	const char *dir = getenv("TMPDIR");
	char	 tmpl[PATH_MAX];
	ssize_t	 n;
	size_t	 off = 0;
	int	 fd;

	if (dir == NULL || *dir != '/' || strlen(dir) > PATH_MAX - 32)
		dir = "/tmp";
	snprintf(tmpl, sizeof tmpl, "%s/sshdoc-paste.XXXXXX", dir);
	if ((fd = mkstemp(tmpl)) == -1) {
		wiz_message(w, 1, "Could not create a file for the text in %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	if (fchmod(fd, 0600) == -1)
		goto fail;
	while (off < len) {
		n = write(fd, text + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		off += (size_t)n;
	}
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	/* One pasted text at a time: the previous one goes. */
	term_remove_on_exit(tmpl);
	free(w->paste_file);
	w->paste_file = xstrdup(tmpl);
	*path = w->paste_file;
	return 0;
fail:
	wiz_message(w, 1, "Could not write the text to %s: %s", tmpl, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmpl);
	return -1;
}

/* Saving the report. */

static void
save_done(struct wiz *w, const char *path)
{
	int	 json;

	if (*path == '\0') {
		wiz_message(w, 0, "Not saved.");
		return;
	}
	switch (session_save(&w->s, path, &json)) {
	case 0:
		wiz_message(w, 0, "Saved the %s report to %s", json ? "JSON" : "text", path);
		break;
	case SESSION_SAVE_CREATE:
		if (errno == EEXIST)
			wiz_message(w, 1, "%s exists already: choose another name.", path);
		else
			wiz_message(w, 1, "Could not create %s: %s", path, strerror(errno));
		break;
	default:
		wiz_message(w, 1, "Could not write %s: %s", path, strerror(errno));
		break;
	}
}

void
wiz_save(struct wiz *w)
{
	if (w->s.run == NULL || w->s.run->walk == NULL) {
		wiz_message(w, 1, "No checks have run yet: nothing to save.");
		return;
	}
	if (!wiz_walk_done(w)) {
		wiz_message(w, 1, "The checks are still running: save when they finish.");
		return;
	}
	wiz_prompt(w, "Save report to (.json for JSON): ", "sshdoc-report.txt", save_done);
}

/* Keys. */

static void
prompt_key(struct wiz *w, int key)
{
	struct wiz_prompt *p = &w->prompt;
	char	*answer;

	switch (key) {
	case 27:
		p->active = 0;
		wiz_message(w, 0, "Cancelled.");
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		p->active = 0;
		answer = xstrdup(p->buf);
		p->done(w, answer);
		free(answer);
		break;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (p->len > 0)
			p->buf[--p->len] = '\0';
		break;
	case 21:	/* ^U */
		p->len = 0;
		p->buf[0] = '\0';
		break;
	default:
		if (key >= 0x20 && key < 0x7f && p->len + 1 < sizeof p->buf) {
			p->buf[p->len++] = (char)key;
			p->buf[p->len] = '\0';
		}
		break;
	}
	w->dirty = WIZ_DRAW_ALL;
}

/* Scrolling, for the screens with a pager. */
static int
pager_key(struct wiz *w, const struct screen_ops *ops, void *priv, int key)
{
	struct wiz_pager *pg;

	if (ops->pager == NULL)
		return 0;
	pg = ops->pager(w, priv);
	switch (key) {
	case KEY_UP:
	case 'k':
		pg->top--;
		break;
	case KEY_DOWN:
	case 'j':
		pg->top++;
		break;
	case KEY_PPAGE:
	case 'b':
		pg->top -= pg->page;
		break;
	case KEY_NPAGE:
	case ' ':
		pg->top += pg->page;
		break;
	case KEY_HOME:
	case 'g':
		pg->top = 0;
		break;
	case KEY_END:
	case 'G':
		pg->top = pg->rows;
		break;
	default:
		return 0;
	}
	if (pg->height > 0 && pg->top > pg->rows - pg->height)
		pg->top = pg->rows - pg->height;
	if (pg->top < 0)
		pg->top = 0;
	w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
	return 1;
}

/* The keys screens share: r re-runs, s saves, a asks the questions (where the screen says). */
static int
global_key(struct wiz *w, const struct screen_ops *ops, int key)
{
	switch (key) {
	case 'r':
		if (!(ops->keys & WIZ_KEY_RERUN))
			return 0;
		wiz_rerun(w);
		break;
	case 's':
		if (!(ops->keys & WIZ_KEY_SAVE))
			return 0;
		wiz_save(w);
		break;
	case 'a':
		if (!(ops->keys & WIZ_KEY_ANSWERS))
			return 0;
		wiz_ask(w, 1);
		break;
	default:
		return 0;
	}
	w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
	return 1;
}

void
wiz_key(struct wiz *w, int key)
{
	const struct screen_ops *ops;
	void	*priv;
	int	 typing;

	if (w->too_small) {
		if (key == 'q' || key == 'Q')
			w->quit = 1;
		return;
	}
	if (w->prompt.active) {
		prompt_key(w, key);
		return;
	}
	if (w->message != NULL)
		wiz_message(w, 0, NULL);
	ops = screens[wiz_current(w)];
	priv = wiz_priv(w);
	typing = ops->typing != NULL && ops->typing(w, priv);
	if (ops->key(w, priv, key) || pager_key(w, ops, priv, key) ||
	    global_key(w, ops, key))
		return;
	switch (key) {
	case 'q':
	case 'Q':
		if (typing)
			break;
		w->quit = 1;
		break;
	case KEY_F(10):
		w->quit = 1;
		break;
	case '?':
	case KEY_F(1):
		if (typing && key == '?')
			break;
		if (wiz_current(w) != SCR_HELP)
			wiz_push(w, SCR_HELP);
		break;
	case 27:
	case KEY_BACKSPACE:
	case 127:
	case 8:
	case KEY_LEFT:
	case 'h':
		if (typing && key != 27)
			break;
		if (w->depth > 1)
			wiz_pop(w);
		break;
	}
}

/* On the normal screen after the wizard: the top cause and its fix stay in the terminal. */
static void
exit_summary(FILE *f, const struct walk *wk)
{
	const struct cause_info *ci;
	const struct walk_cause *c;
	size_t	 i;

	if (!wk->done)
		return;
	if (wk->ncauses == 0) {
		fprintf(f, "sshdoc: %s\n", strcmp(walk_verdict(wk), "ok") == 0 ?
		    "no cause found" : "inconclusive: the checks could not decide");
		return;
	}
	c = &wk->causes[0];
	ci = content_cause(wk->content, c->id);
	fprintf(f, "sshdoc: %s (%s)\n", ci != NULL ? ci->title : c->id,
	    confidence_name(c->conf));
	report_fix(f, wk, c, "  ");
	fprintf(f, "  The whole fix: sshdoc --article %s\n", c->id);
	if (wk->ncauses > 1) {
		fprintf(f, "  Also possible:");
		for (i = 1; i < wk->ncauses; i++)
			fprintf(f, "%s %s", i > 1 ? "," : "", wk->causes[i].id);
		fprintf(f, " (sshdoc --article ID)\n");
	}
	fflush(f);
}

int
wizard_main(const struct content *content, struct check_options *opt,
    const char *const *answers)
{
	struct wiz	 wz, *w = &wz;
	const char	*cs;
	size_t		 i;
	int		 rc = 3, sig;

	memset(w, 0, sizeof *w);
	w->content = content;
	w->base = *opt;
	w->status = 0;
	if (session_init(&w->s, content) != 0) {
		fprintf(stderr, "sshdoc: pipe: %s\n", strerror(errno));
		goto out;
	}
	/* Answers given with --answer Q=A (main.c checked them): not asked again. */
	session_preset(&w->s, answers);

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	w->utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	w->g = w->utf8 ? &glyphs_utf8 : &glyphs_ascii;
	if (term_open(w) != 0)
		goto out;

	wiz_push(w, SCR_START);
	if (opt->mode != NULL && strcmp(opt->mode, "explain") == 0 &&
	    opt->explain_file == NULL) {
		/* --explain - on a terminal: the paste form takes the text. */
		w->mode = opt->mode;
		wiz_push(w, SCR_EXPLAIN);
	} else if (opt->mode != NULL && strcmp(opt->mode, "client") != 0) {
		/* --server or --explain on the command line: straight to the checks */
		w->mode = opt->mode;
		wiz_start_walk(w, &w->base);
	} else if (opt->host != NULL && *opt->host != '\0') {
		w->mode = "client";
		w->base.mode = "client";
		wiz_push(w, SCR_TARGET);
		wiz_start_walk(w, &w->base);
	}

	sig = term_loop(w);
	term_restore();
	rc = w->s.run != NULL && w->s.run->walk != NULL ? w->status : 0;
	if (sig != 0) {
		/* Interrupted: the terminal is back; do not wait for the checks. */
		term_remove_file();
		_exit(128 + sig);
	}
	if (session_running(&w->s)) {
		/* Quitting mid-walk: what ran so far is the answer; do not wait. */
		printf("sshdoc: quit before the checks ended; stopping them.\n");
		fflush(stdout);
		session_finish(&w->s);
		rc = walk_exit_status(w->s.run->walk);
	} else if (w->s.run != NULL && w->s.run->walk != NULL)
		exit_summary(stdout, w->s.run->walk);
	/* What sshdoc changed stays on the screen too, with the way back. */
	for (i = 0; i < w->applied.n; i++)
		printf("sshdoc: changed: %s\n", w->applied.v[i]);
	if (w->applied.n > 0)
		printf("  The way back: sshdoc --undo (the last fix), sshdoc --undo N (the Nth last)\n");
out:
	term_close(w);
	wiz_stack_free(w);
	free(w->paste_file);
	session_free(&w->s);
	strlist_free(&w->changes);
	strlist_free(&w->applied);
	free(w->message);
	return rc;
}
