/* wizard.c: the curses wizard's main loop: terminal setup and restore, signals, poll, navigation, walks, saving. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "ui/ui.h"
#include "ui/wizard.h"

/* Last: term.h defines macros such as "lines" that clash with ordinary names. */
#include <term.h>

#define TICK_MS		250	/* live timers: at most four redraws a second */

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
};

/* Signal plumbing: handlers only set a flag and write to a self-pipe. */
static volatile sig_atomic_t got_signal;
static int sig_pipe[2] = { -1, -1 };
static int curses_active;
static struct termios saved_tio;
static int saved_tio_ok;
static char crash_reset[256];	/* rmkx, sgr0, cnorm, rmcup: written on a crash */
static size_t crash_reset_len;
static struct sigaction old_crash[NSIG];
/* The pasted-text file, removed on every way out (also from a signal handler). */
static char paste_path[PATH_MAX];

static void
remove_paste(void)
{
	if (paste_path[0] != '\0')
		unlink(paste_path);
	paste_path[0] = '\0';
}

static void
on_signal(int sig)
{
	int	 saved = errno;

	got_signal = sig;
	if (sig_pipe[1] != -1 && write(sig_pipe[1], "s", 1) == -1) {
		/* nothing to do: the flag is set */
	}
	errno = saved;
}

static void
on_crash(int sig)
{
	if (curses_active) {
		if (crash_reset_len > 0 &&
		    write(STDOUT_FILENO, crash_reset, crash_reset_len) == -1) {
			/* best effort */
		}
		if (saved_tio_ok)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	}
	if (paste_path[0] != '\0')
		unlink(paste_path);
	sigaction(sig, &old_crash[sig], NULL);
	raise(sig);
}

static void
restore_terminal(void)
{
	if (curses_active && !isendwin())
		endwin();
	curses_active = 0;
}

/* fatal() and exit(): the terminal back, the pasted text gone. */
static void
at_exit(void)
{
	restore_terminal();
	remove_paste();
}

static void
crash_add(const char *cap)
{
	char	*s = tigetstr(cap);
	size_t	 len;

	if (s == NULL || s == (char *)-1)
		return;
	len = strlen(s);
	if (crash_reset_len + len >= sizeof crash_reset)
		return;
	memcpy(crash_reset + crash_reset_len, s, len);
	crash_reset_len += len;
}

static void
install_signals(void)
{
	static const int crash_sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	size_t	 i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof crash_sigs / sizeof crash_sigs[0]; i++)
		sigaction(crash_sigs[i], &sa, &old_crash[crash_sigs[i]]);
}

static void
uninstall_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	static const int crash_sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	size_t	 i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	for (i = 0; i < sizeof crash_sigs / sizeof crash_sigs[0]; i++)
		sigaction(crash_sigs[i], &old_crash[crash_sigs[i]], NULL);
}

/* Navigation. */

enum wiz_screen
wiz_current(const struct wiz *w)
{
	return w->depth == 0 ? SCR_START : w->stack[w->depth - 1];
}

void
wiz_push(struct wiz *w, enum wiz_screen scr)
{
	if (w->depth == WIZ_STACK_MAX)
		w->depth--;
	w->stack[w->depth++] = scr;
	if (screens[scr]->init != NULL)
		screens[scr]->init(w);
	w->dirty = WIZ_DRAW_ALL;
}

void
wiz_pop(struct wiz *w)
{
	if (w->depth > 1)
		w->depth--;
	w->dirty = WIZ_DRAW_ALL;
}

void
wiz_back_to(struct wiz *w, enum wiz_screen scr)
{
	size_t	 i;

	for (i = w->depth; i > 0; i--) {
		if (w->stack[i - 1] == scr) {
			w->depth = i;
			w->dirty = WIZ_DRAW_ALL;
			return;
		}
	}
	wiz_push(w, scr);
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

static void
run_free(struct wiz_run *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	if (r->walk != NULL) {
		if (!r->joined) {
			walk_cancel(r->walk);
			walk_join(r->walk);
		}
		walk_free(r->walk);
	}
	free(r->host);
	free(r->user);
	free(r->mode);
	free(r->explain_file);
	free(r->sshd_config);
	free(r->client_ip);
	if (r->logs != NULL) {
		for (i = 0; r->logs[i] != NULL; i++)
			free(r->logs[i]);
		free(r->logs);
	}
	free(r);
}

void
wiz_target_label(const struct wiz *w, char *buf, size_t len)
{
	const struct check_options *o;
	char	*host = NULL, *user = NULL;

	if (w->run == NULL) {
		snprintf(buf, len, "%s", "");
		return;
	}
	o = &w->run->opt;
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
	if (o->user != NULL && *o->user != '\0')
		user = sanitize_str(o->user, 40);
	snprintf(buf, len, "%s%s%s port %d", user != NULL ? user : "",
	    user != NULL ? "@" : "", host, o->port > 0 ? o->port : 22);
	free(host);
	free(user);
}

/* Start a walk; keep_old: the current one becomes prev (a re-run). */
static int
start_walk(struct wiz *w, const struct check_options *opt, int keep_old)
{
	struct wiz_run *r;
	char	*cause = NULL;
	size_t	 i, n;
	int	 rc = -1;

	r = xcalloc(1, sizeof *r);
	r->opt = *opt;
	r->mode = xstrdup(opt->mode != NULL ? opt->mode : "client");
	r->opt.mode = r->mode;
	if (opt->host != NULL)
		r->opt.host = r->host = xstrdup(opt->host);
	if (opt->user != NULL && *opt->user != '\0')
		r->opt.user = r->user = xstrdup(opt->user);
	else
		r->opt.user = NULL;
	if (opt->explain_file != NULL)
		r->opt.explain_file = r->explain_file = xstrdup(opt->explain_file);
	if (opt->sshd_config != NULL)
		r->opt.sshd_config = r->sshd_config = xstrdup(opt->sshd_config);
	if (opt->client_ip != NULL)
		r->opt.client_ip = r->client_ip = xstrdup(opt->client_ip);
	if (opt->logs != NULL) {
		for (n = 0; opt->logs[n] != NULL; n++)
			;
		r->logs = xcalloc(n + 1, sizeof *r->logs);
		for (i = 0; i < n; i++)
			r->logs[i] = xstrdup(opt->logs[i]);
		r->opt.logs = (const char *const *)r->logs;
	}
	r->walk = walk_new(w->content, &r->opt);
	if (r->walk == NULL) {
		wiz_message(w, 1, "Could not set up the checks for mode %s", r->mode);
		goto out;
	}
	/* What the person said earlier holds for this walk too (re-runs, a new target). */
	for (i = 0; i < w->nanswers; i++)
		if (w->answers[i].a != NULL && strcmp(w->answers[i].q->mode, r->mode) == 0)
			walk_answer(r->walk, w->answers[i].q->id, w->answers[i].a->id);
	r->started_ms = now_ms();
	if (walk_start(r->walk, w->notify_fd[1], &cause) != 0) {
		wiz_message(w, 1, "Could not start the checks: %s",
		    cause != NULL ? cause : "unknown error");
		walk_free(r->walk);
		r->walk = NULL;
		goto out;
	}
	if (keep_old)
		w->prev = w->run;
	else {
		run_free(w->prev);
		w->prev = NULL;
		run_free(w->run);
		strlist_free(&w->changes);
	}
	w->run = r;
	r = NULL;
	screen_progress_reset();
	wiz_message(w, 0, NULL);
	wiz_back_to(w, SCR_PROGRESS);
	/* A new walk asks what only the person knows while its checks run. */
	if (!keep_old && wiz_unasked(w, w->run->mode) > 0)
		wiz_ask(w, 0);
	rc = 0;
out:
	free(cause);
	run_free(r);
	return rc;
}

int
wiz_start_walk(struct wiz *w, const struct check_options *opt)
{
	return start_walk(w, opt, 0);
}

void
wiz_rerun(struct wiz *w)
{
	struct wiz_run *old = w->run;

	if (old == NULL || old->walk == NULL) {
		wiz_message(w, 1, "No checks have run yet.");
		return;
	}
	if (!wiz_walk_done(w)) {
		wiz_message(w, 1, "The checks are still running.");
		return;
	}
	run_free(w->prev);
	w->prev = NULL;
	if (start_walk(w, &old->opt, 1) != 0)
		return;
	w->reruns++;
	strlist_free(&w->changes);
}

int
wiz_walk_done(struct wiz *w)
{
	int	 done;

	if (w->run == NULL || w->run->walk == NULL)
		return 1;
	walk_lock(w->run->walk);
	done = w->run->walk->done;
	walk_unlock(w->run->walk);
	return done;
}

static const struct walk_check *
find_check(const struct walk *wk, const char *id)
{
	size_t	 i;

	for (i = 0; i < wk->nchecks; i++)
		if (strcmp(wk->checks[i].entry->id, id) == 0)
			return &wk->checks[i];
	return NULL;
}

static const struct walk_cause *
find_cause(const struct walk *wk, const char *id)
{
	size_t	 i;

	for (i = 0; i < wk->ncauses; i++)
		if (strcmp(wk->causes[i].id, id) == 0)
			return &wk->causes[i];
	return NULL;
}

/* Compare the previous walk with the new one (both finished). */
static void
compute_changes(struct wiz *w)
{
	const struct walk *a = w->prev->walk, *b = w->run->walk;
	const struct walk_check *ca, *cb;
	const struct walk_cause *ka;
	size_t	 i;
	const char *arrow = w->g->arrow;

	strlist_free(&w->changes);
	for (i = 0; i < a->ncauses; i++) {
		if (find_cause(b, a->causes[i].id) == NULL)
			strlist_addf(&w->changes, "Gone: %s",
			    wiz_cause_title(w, a->causes[i].id));
	}
	for (i = 0; i < b->ncauses; i++) {
		ka = find_cause(a, b->causes[i].id);
		if (ka == NULL)
			strlist_addf(&w->changes, "New: %s",
			    wiz_cause_title(w, b->causes[i].id));
		else
			strlist_addf(&w->changes, "Still: %s",
			    wiz_cause_title(w, b->causes[i].id));
	}
	for (i = 0; i < b->nchecks; i++) {
		cb = &b->checks[i];
		ca = find_check(a, cb->entry->id);
		if (ca == NULL)
			strlist_addf(&w->changes, "%s: now runs, %s", cb->entry->title,
			    wiz_status_word(cb->state, cb->result.status));
		else if (ca->result.status != cb->result.status)
			strlist_addf(&w->changes, "%s: %s %s %s", cb->entry->title,
			    wiz_status_word(ca->state, ca->result.status), arrow,
			    wiz_status_word(cb->state, cb->result.status));
	}
	for (i = 0; i < a->nchecks; i++) {
		if (find_check(b, a->checks[i].entry->id) == NULL)
			strlist_addf(&w->changes, "%s: no longer needed",
			    a->checks[i].entry->title);
	}
	if (w->changes.n == 0)
		strlist_add(&w->changes, "Nothing changed.");
	if (strcmp(walk_verdict(a), walk_verdict(b)) != 0)
		strlist_addf(&w->changes, "Verdict: %s %s %s", walk_verdict(a), arrow,
		    walk_verdict(b));
}

/* The walk reported a change. */
static void
walk_changed(struct wiz *w)
{
	char	 buf[64];
	ssize_t	 n;

	do {
		n = read(w->notify_fd[0], buf, sizeof buf);
	} while (n > 0 || (n == -1 && errno == EINTR));
	if (w->run == NULL || w->run->walk == NULL)
		return;
	w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
	if (w->run->joined || !wiz_walk_done(w))
		return;
	walk_join(w->run->walk);
	w->run->joined = 1;
	w->run->ended_ms = now_ms();
	w->status = walk_exit_status(w->run->walk);
	if (w->prev != NULL) {
		compute_changes(w);
		run_free(w->prev);
		w->prev = NULL;
	}
	if (wiz_current(w) == SCR_PROGRESS)
		wiz_push(w, SCR_DIAGNOSIS);
	w->dirty = WIZ_DRAW_ALL;
}

/* Questions. */

const char *
wiz_mode(const struct wiz *w)
{
	if (w->run != NULL)
		return w->run->mode;
	return w->mode != NULL ? w->mode : "client";
}

size_t
wiz_questions(const struct wiz *w, const char *mode, const struct tree_question **out,
    size_t max)
{
	const struct tree *t = w->content->tree;
	size_t	 i, n = 0;

	for (i = 0; t != NULL && i < t->nquestions; i++) {
		if (strcmp(t->questions[i].mode, mode) != 0)
			continue;
		if (out != NULL && n < max)
			out[n] = &t->questions[i];
		n++;
	}
	return n;
}

const struct wiz_answer *
wiz_answer_of(const struct wiz *w, const struct tree_question *q)
{
	size_t	 i;

	for (i = 0; i < w->nanswers; i++)
		if (w->answers[i].q == q)
			return &w->answers[i];
	return NULL;
}

size_t
wiz_unasked(const struct wiz *w, const char *mode)
{
	const struct tree *t = w->content->tree;
	size_t	 i, n = 0;

	for (i = 0; t != NULL && i < t->nquestions; i++)
		if (strcmp(t->questions[i].mode, mode) == 0 &&
		    wiz_answer_of(w, &t->questions[i]) == NULL)
			n++;
	return n;
}

void
wiz_answer(struct wiz *w, const struct tree_question *q, const struct tree_answer *a)
{
	struct wiz_answer *e = (struct wiz_answer *)wiz_answer_of(w, q);

	if (e == NULL) {
		w->answers = xreallocarray(w->answers, w->nanswers + 1, sizeof *w->answers);
		e = &w->answers[w->nanswers++];
		e->q = q;
		e->a = NULL;
	}
	/* Skipping a question answered before keeps that answer. */
	if (a == NULL)
		return;
	e->a = a;
	/* The engine records it and, if the walk is done, re-ranks and notifies. */
	if (w->run != NULL && w->run->walk != NULL &&
	    strcmp(w->run->mode, q->mode) == 0)
		walk_answer(w->run->walk, q->id, a->id);
	w->dirty |= WIZ_DRAW_BODY;
}

void
wiz_ask(struct wiz *w, int all)
{
	if (wiz_questions(w, wiz_mode(w), NULL, 0) == 0) {
		wiz_message(w, 0, "There are no questions for this mode.");
		return;
	}
	screen_questions_open(all);
	wiz_push(w, SCR_QUESTIONS);
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
	remove_paste();
	free(w->paste_file);
	w->paste_file = xstrdup(tmpl);
	snprintf(paste_path, sizeof paste_path, "%s", tmpl);
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
	FILE	*f = NULL;
	size_t	 len = strlen(path);
	int	 fd, json;

	if (*path == '\0') {
		wiz_message(w, 0, "Not saved.");
		return;
	}
	json = len > 5 && strcmp(path + len - 5, ".json") == 0;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1) {
		if (errno == EEXIST)
			wiz_message(w, 1, "%s exists already: choose another name.", path);
		else
			wiz_message(w, 1, "Could not create %s: %s", path, strerror(errno));
		goto out;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		wiz_message(w, 1, "Could not write %s: %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	if (json)
		report_json(f, w->run->walk);
	else
		report_text(f, w->run->walk);
	if (ferror(f) || fflush(f) != 0) {
		wiz_message(w, 1, "Could not write %s: %s", path, strerror(errno));
		goto out;
	}
	wiz_message(w, 0, "Saved the %s report to %s", json ? "JSON" : "text", path);
out:
	if (f != NULL)
		fclose(f);
}

void
wiz_save(struct wiz *w)
{
	if (w->run == NULL || w->run->walk == NULL) {
		wiz_message(w, 1, "No checks have run yet: nothing to save.");
		return;
	}
	if (!wiz_walk_done(w)) {
		wiz_message(w, 1, "The checks are still running: save when they finish.");
		return;
	}
	wiz_prompt(w, "Save report to (.json for JSON): ", "sshdoc-report.txt", save_done);
}

/* Terminal. */

static void
setup_colors(struct wiz *w)
{
	const char *nc = getenv("NO_COLOR");
	attr_t	*a = w->attr;

	a[WR_NORMAL] = A_NORMAL;
	a[WR_BAR] = A_REVERSE;
	a[WR_BARKEY] = A_REVERSE | A_BOLD;
	a[WR_SEL] = A_REVERSE;
	a[WR_PASS] = A_NORMAL;
	a[WR_FAIL] = A_BOLD;
	a[WR_WARN] = A_BOLD;
	a[WR_SKIP] = A_NORMAL;
	a[WR_RUN] = A_BOLD;
	a[WR_HEADING] = A_BOLD | A_UNDERLINE;
	a[WR_STEP] = A_BOLD;
	a[WR_COMMAND] = A_BOLD;
	a[WR_QUOTE] = A_NORMAL;
	a[WR_DIM] = A_NORMAL;
	a[WR_ERROR] = A_BOLD;
	a[WR_BOLD] = A_BOLD;
	a[WR_FIELD] = A_UNDERLINE;

	w->color = 0;
	if ((nc != NULL && *nc != '\0') || !has_colors() || start_color() == ERR)
		return;
	if (use_default_colors() == ERR)
		return;
	w->color = 1;
	init_pair(1, COLOR_GREEN, -1);
	init_pair(2, COLOR_RED, -1);
	init_pair(3, COLOR_YELLOW, -1);
	init_pair(4, COLOR_CYAN, -1);
	init_pair(5, COLOR_BLUE, -1);
	init_pair(6, COLOR_MAGENTA, -1);
	a[WR_PASS] |= COLOR_PAIR(1);
	a[WR_FAIL] |= COLOR_PAIR(2);
	a[WR_ERROR] |= COLOR_PAIR(2);
	a[WR_WARN] |= COLOR_PAIR(3);
	a[WR_RUN] |= COLOR_PAIR(4);
	a[WR_HEADING] |= COLOR_PAIR(4);
	a[WR_COMMAND] |= COLOR_PAIR(1);
	a[WR_STEP] |= COLOR_PAIR(4);
	a[WR_QUOTE] |= COLOR_PAIR(6);
	if (COLORS >= 8)
		a[WR_DIM] = A_DIM, a[WR_SKIP] = A_DIM;
}

static void
make_windows(struct wiz *w)
{
	int	 body;

	if (w->wtitle != NULL)
		delwin(w->wtitle);
	if (w->wbody != NULL)
		delwin(w->wbody);
	if (w->wstatus != NULL)
		delwin(w->wstatus);
	if (w->whint != NULL)
		delwin(w->whint);
	w->wtitle = w->wbody = w->wstatus = w->whint = NULL;
	w->too_small = COLS < WIZ_MIN_COLS || LINES < WIZ_MIN_LINES;
	if (w->too_small)
		return;
	body = LINES - 3;
	w->wtitle = newwin(1, COLS, 0, 0);
	w->wbody = newwin(body, COLS, 1, 0);
	w->wstatus = newwin(1, COLS, LINES - 2, 0);
	w->whint = newwin(1, COLS, LINES - 1, 0);
}

static void
draw_too_small(struct wiz *w)
{
	char	 buf[160];
	int	 y;

	const char *hint = "Enlarge the window, or press q to quit.";
	int	 x;

	erase();
	y = LINES / 2 - 1;
	if (y < 0)
		y = 0;
	/* Left edge of the longest line, so the three lines centre as a block. */
	x = (COLS - (int)strlen(hint)) / 2;
	if (x < 0)
		x = 0;
	snprintf(buf, sizeof buf, "Terminal too small: %dx%d.", COLS, LINES);
	wiz_put(w, stdscr, y, x, COLS - x, A_BOLD, buf);
	snprintf(buf, sizeof buf, "sshdoc needs at least %dx%d.", WIZ_MIN_COLS, WIZ_MIN_LINES);
	wiz_put(w, stdscr, y + 1, x, COLS - x, A_NORMAL, buf);
	wiz_put(w, stdscr, y + 2, x, COLS - x, A_NORMAL, hint);
	curs_set(0);
	wnoutrefresh(stdscr);
	doupdate();
}

static void
draw_title(struct wiz *w)
{
	const struct screen_ops *ops = screens[wiz_current(w)];
	char	 left[128], target[160];
	int	 tw;

	wbkgdset(w->wtitle, ' ' | w->attr[WR_BAR]);
	werase(w->wtitle);
	snprintf(left, sizeof left, " sshdoc %s %s", w->g->dot, ops->name);
	wiz_put(w, w->wtitle, 0, 0, COLS, w->attr[WR_BAR] | A_BOLD, left);
	wiz_target_label(w, target, sizeof target);
	if (*target != '\0' && wiz_current(w) != SCR_START && wiz_current(w) != SCR_TARGET) {
		tw = wiz_width(w, target);
		if (tw > COLS / 2)
			tw = COLS / 2;
		wiz_put(w, w->wtitle, 0, COLS - tw - 1, tw, w->attr[WR_BAR], target);
	}
	wnoutrefresh(w->wtitle);
}

static void
draw_status(struct wiz *w)
{
	struct wiz_prompt *p = &w->prompt;
	int	 x;

	werase(w->wstatus);
	if (p->active) {
		x = wiz_put(w, w->wstatus, 0, 0, COLS, w->attr[WR_BOLD], p->label);
		wiz_put(w, w->wstatus, 0, x, COLS - x - 1, w->attr[WR_FIELD], p->buf);
	} else if (w->message != NULL)
		wiz_put(w, w->wstatus, 0, 0, COLS, w->attr[w->message_error ?
		    WR_ERROR : WR_NORMAL], w->message);
	wnoutrefresh(w->wstatus);
}

static void
draw_hints(struct wiz *w)
{
	const struct screen_ops *ops = screens[wiz_current(w)];
	const char *h, *sep, *sp;
	char	 item[64];
	int	 x = 0;
	size_t	 n;

	wbkgdset(w->whint, ' ' | w->attr[WR_BAR]);
	werase(w->whint);
	if (w->prompt.active)
		h = "Enter OK|Esc Cancel|^U Clear";
	else
		h = ops->hints(w);
	while (*h != '\0' && x < COLS) {
		sep = strchr(h, '|');
		n = sep != NULL ? (size_t)(sep - h) : strlen(h);
		if (n >= sizeof item)
			n = sizeof item - 1;
		memcpy(item, h, n);
		item[n] = '\0';
		sp = strchr(item, ' ');
		x += wiz_put(w, w->whint, 0, x, COLS - x, w->attr[WR_BAR], " ");
		if (sp != NULL) {
			item[sp - item] = '\0';
			x += wiz_put(w, w->whint, 0, x, COLS - x, w->attr[WR_BARKEY], item);
			x += wiz_put(w, w->whint, 0, x, COLS - x, w->attr[WR_BAR], " ");
			x += wiz_put(w, w->whint, 0, x, COLS - x, w->attr[WR_BAR],
			    item + (sp - item) + 1);
		} else
			x += wiz_put(w, w->whint, 0, x, COLS - x, w->attr[WR_BARKEY], item);
		x += wiz_put(w, w->whint, 0, x, COLS - x, w->attr[WR_BAR], " ");
		h += n;
		if (*h == '|')
			h++;
	}
	wnoutrefresh(w->whint);
}

static void
redraw(struct wiz *w)
{
	const struct screen_ops *ops = screens[wiz_current(w)];
	int	 y, x, cursor = 0;

	if (w->too_small) {
		if (w->dirty != 0)
			draw_too_small(w);
		w->dirty = 0;
		return;
	}
	if (w->dirty == 0)
		return;
	if (w->dirty & WIZ_DRAW_TITLE)
		draw_title(w);
	if (w->dirty & WIZ_DRAW_HINT)
		draw_hints(w);
	if (w->dirty & WIZ_DRAW_BODY) {
		werase(w->wbody);
		ops->draw(w, w->wbody);
	}
	if (!w->prompt.active && ops->cursor != NULL && ops->cursor(w, &y, &x)) {
		cursor = 1;
		wmove(w->wbody, y, x);
		if (w->dirty & WIZ_DRAW_STATUS)
			draw_status(w);
		wnoutrefresh(w->wbody);
	} else {
		if (w->dirty & WIZ_DRAW_BODY)
			wnoutrefresh(w->wbody);
		if (w->prompt.active || (w->dirty & WIZ_DRAW_STATUS)) {
			draw_status(w);
			if (w->prompt.active) {
				cursor = 1;
				wnoutrefresh(w->wstatus);
			}
		}
	}
	curs_set(cursor);
	doupdate();
	w->dirty = 0;
}

static void
resized(struct wiz *w)
{
	size_t	 i;

	make_windows(w);
	for (i = 0; i < w->depth; i++)
		if (screens[w->stack[i]]->resize != NULL)
			screens[w->stack[i]]->resize(w);
	clearok(curscr, TRUE);
	w->dirty = WIZ_DRAW_ALL;
}

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

static void
handle_key(struct wiz *w, int key)
{
	const struct screen_ops *ops;
	int	 typing;

	if (key == KEY_RESIZE) {
		resized(w);
		return;
	}
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
	typing = ops->typing != NULL && ops->typing(w);
	if (ops->key(w, key))
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

static SCREEN *screen;

static void
free_curses(struct wiz *w)
{
	if (screen == NULL)
		return;
	if (w->wtitle != NULL)
		delwin(w->wtitle);
	if (w->wbody != NULL)
		delwin(w->wbody);
	if (w->wstatus != NULL)
		delwin(w->wstatus);
	if (w->whint != NULL)
		delwin(w->whint);
	if (w->winput != NULL)
		delwin(w->winput);
	w->wtitle = w->wbody = w->wstatus = w->whint = w->winput = NULL;
	delscreen(screen);
	screen = NULL;
}

static int
curses_start(struct wiz *w)
{
	SCREEN	*scr;

	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		saved_tio_ok = 1;
	if ((scr = newterm(NULL, stdout, stdin)) == NULL)
		return -1;
	set_term(scr);
	screen = scr;
	curses_active = 1;
	crash_add("rmkx");
	crash_add("sgr0");
	crash_add("cnorm");
	crash_add("rmcup");
	cbreak();
	noecho();
	nonl();
	/*
	 * Keys are read from a pad that is never shown: wgetch on a window
	 * refreshes it first, which would paint a blank stdscr over the others.
	 */
	w->winput = newpad(1, 1);
	keypad(w->winput, TRUE);
	nodelay(w->winput, TRUE);
	set_escdelay(100);
	curs_set(0);
	setup_colors(w);
	make_windows(w);
	return 0;
}

/* Answers given with --answer Q=A (main.c checked them): not asked again. */
static void
preset_answers(struct wiz *w, const char *const *answers)
{
	const struct tree_question *q;
	const struct tree_answer *a;
	char	*qa, *eq;

	for (; answers != NULL && *answers != NULL; answers++) {
		qa = xstrdup(*answers);
		if ((eq = strchr(qa, '=')) != NULL) {
			*eq = '\0';
			if ((q = tree_question_find(w->content->tree, qa)) != NULL &&
			    (a = tree_answer_find(q, eq + 1)) != NULL)
				wiz_answer(w, q, a);
		}
		free(qa);
	}
}

int
wizard_main(const struct content *content, struct check_options *opt,
    const char *const *answers)
{
	struct wiz	 wz, *w = &wz;
	struct pollfd	 pfd[3];
	sigset_t	 block, oldmask;
	struct timespec	 ts, *tsp;
	const char	*cs;
	int		 key, n, live, rc = 3, sig = 0, nkeys, idle_reads = 0;
	static int	 registered;

	memset(w, 0, sizeof *w);
	w->content = content;
	w->base = *opt;
	w->notify_fd[0] = w->notify_fd[1] = -1;
	w->status = 0;
	preset_answers(w, answers);
	pthread_sigmask(SIG_BLOCK, NULL, &oldmask);

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	w->utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	w->g = w->utf8 ? &glyphs_utf8 : &glyphs_ascii;

	if (pipe2(w->notify_fd, O_NONBLOCK | O_CLOEXEC) == -1 ||
	    pipe2(sig_pipe, O_NONBLOCK | O_CLOEXEC) == -1) {
		fprintf(stderr, "sshdoc: pipe: %s\n", strerror(errno));
		goto out;
	}
	/*
	 * Signals are blocked in this thread (and so in every walk thread
	 * it starts) and only let in while ppoll waits: the handlers then
	 * always run here and always wake the loop.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGWINCH);
	sigaddset(&block, SIGTSTP);
	sigaddset(&block, SIGCONT);
	pthread_sigmask(SIG_BLOCK, &block, &oldmask);
	install_signals();
	fatal_set_hook(at_exit);
	if (!registered) {
		atexit(at_exit);
		registered = 1;
	}
	if (curses_start(w) != 0) {
		fprintf(stderr, "sshdoc: cannot use this terminal; try TERM=dumb\n");
		goto out;
	}

	wiz_push(w, SCR_START);
	if (opt->mode != NULL && strcmp(opt->mode, "client") != 0) {
		/* --server or --explain on the command line: straight to the checks */
		w->mode = opt->mode;
		wiz_start_walk(w, &w->base);
	} else if (opt->host != NULL && *opt->host != '\0') {
		w->mode = "client";
		w->base.mode = "client";
		wiz_push(w, SCR_TARGET);
		wiz_start_walk(w, &w->base);
	}

	while (!w->quit) {
		redraw(w);
		live = w->run != NULL && w->run->walk != NULL && !w->run->joined &&
		    screens[wiz_current(w)]->live && !w->too_small;
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = w->notify_fd[0];
		pfd[1].events = POLLIN;
		pfd[2].fd = sig_pipe[0];
		pfd[2].events = POLLIN;
		ts.tv_sec = 0;
		ts.tv_nsec = TICK_MS * 1000000L;
		tsp = live ? &ts : NULL;
		n = ppoll(pfd, 3, tsp, &oldmask);
		if (n == -1 && errno != EINTR) {
			wiz_message(w, 1, "poll: %s", strerror(errno));
			break;
		}
		if (got_signal != 0) {
			sig = got_signal;
			break;
		}
		if (n == 0 && live)
			w->dirty |= WIZ_DRAW_BODY;
		if (n > 0 && (pfd[1].revents & POLLIN))
			walk_changed(w);
		if (n > 0 && (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			/* The terminal went away. */
			sig = SIGHUP;
			break;
		}
		/* Keys, and KEY_RESIZE after SIGWINCH interrupted the wait. */
		nkeys = 0;
		while (!w->quit && (key = wgetch(w->winput)) != ERR) {
			handle_key(w, key);
			nkeys++;
		}
		/* Readable but nothing to read, again and again: end of input. */
		if (n > 0 && (pfd[0].revents & POLLIN) && nkeys == 0) {
			if (++idle_reads >= 100) {
				sig = SIGHUP;
				break;
			}
		} else
			idle_reads = 0;
	}

	restore_terminal();
	rc = w->run != NULL && w->run->walk != NULL ? w->status : 0;
	if (sig != 0) {
		/* Interrupted: the terminal is back; do not wait for the checks. */
		remove_paste();
		_exit(128 + sig);
	}
	if (w->run != NULL && !w->run->joined && w->run->walk != NULL) {
		/* Quitting mid-walk: what ran so far is the answer; do not wait. */
		if (!wiz_walk_done(w))
			walk_cancel(w->run->walk);
		walk_join(w->run->walk);
		w->run->joined = 1;
		rc = walk_exit_status(w->run->walk);
	}
out:
	restore_terminal();
	remove_paste();
	free(w->paste_file);
	free(w->answers);
	free_curses(w);
	uninstall_signals();
	pthread_sigmask(SIG_SETMASK, &oldmask, NULL);
	run_free(w->prev);
	run_free(w->run);
	strlist_free(&w->changes);
	free(w->message);
	if (w->notify_fd[0] != -1) {
		close(w->notify_fd[0]);
		close(w->notify_fd[1]);
	}
	if (sig_pipe[0] != -1) {
		close(sig_pipe[0]);
		close(sig_pipe[1]);
		sig_pipe[0] = sig_pipe[1] = -1;
	}
	return rc;
}
