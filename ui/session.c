/* session.c: the front-end neutral part of an interactive session: answers, input checks, walks, re-runs, saving. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/xmalloc.h"
#include "ui/session.h"
#include "ui/ui.h"

#define NAME_MSG_MAX	128
#define FILE_MSG_MAX	(256 + 128)

int
session_init(struct session *s, const struct content *content)
{
	memset(s, 0, sizeof *s);
	s->content = content;
	s->notify_fd[0] = s->notify_fd[1] = -1;
	return pipe2(s->notify_fd, O_NONBLOCK | O_CLOEXEC);
}

static void
run_free(struct session_run *r)
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
	free(r->server_user);
	if (r->logs != NULL) {
		for (i = 0; r->logs[i] != NULL; i++)
			free(r->logs[i]);
		free(r->logs);
	}
	free(r);
}

void
session_free(struct session *s)
{
	run_free(s->prev);
	run_free(s->run);
	s->prev = s->run = NULL;
	free(s->answers);
	s->answers = NULL;
	s->nanswers = 0;
	if (s->notify_fd[0] != -1) {
		close(s->notify_fd[0]);
		close(s->notify_fd[1]);
	}
	s->notify_fd[0] = s->notify_fd[1] = -1;
}

/* Answers. */

int
session_answer_parse(const struct content *c, const char *qa,
    const struct tree_question **qp, const struct tree_answer **ap)
{
	const struct tree_question *q = NULL;
	const struct tree_answer *a = NULL;
	char	*s = xstrdup(qa), *eq = strchr(s, '=');

	if (eq != NULL) {
		*eq = '\0';
		if ((q = tree_question_find(c->tree, s)) != NULL)
			a = tree_answer_find(q, eq + 1);
	}
	free(s);
	if (a == NULL)
		return -1;
	*qp = q;
	*ap = a;
	return 0;
}

void
session_preset(struct session *s, const char *const *answers)
{
	const struct tree_question *q;
	const struct tree_answer *a;

	for (; answers != NULL && *answers != NULL; answers++)
		if (session_answer_parse(s->content, *answers, &q, &a) == 0)
			session_answer(s, q, a);
}

size_t
session_questions(const struct session *s, const char *mode,
    const struct tree_question **out, size_t max)
{
	const struct tree *t = s->content->tree;
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

const struct session_answer *
session_answer_of(const struct session *s, const struct tree_question *q)
{
	size_t	 i;

	for (i = 0; i < s->nanswers; i++)
		if (s->answers[i].q == q)
			return &s->answers[i];
	return NULL;
}

size_t
session_questions_matter(const struct session *s, const struct tree_question **out,
    size_t max)
{
	const struct tree *t = s->content->tree;
	const struct walk *w;
	size_t	 i, n = 0;

	if (s->run == NULL || (w = s->run->walk) == NULL || !w->done)
		return 0;
	for (i = 0; t != NULL && i < t->nquestions; i++) {
		if (strcmp(t->questions[i].mode, s->run->mode) != 0 ||
		    session_answer_of(s, &t->questions[i]) != NULL ||
		    !walk_question_matters(w, &t->questions[i]))
			continue;
		if (out != NULL && n < max)
			out[n] = &t->questions[i];
		n++;
	}
	return n;
}

size_t
session_unasked(const struct session *s, const char *mode)
{
	const struct tree *t = s->content->tree;
	size_t	 i, n = 0;

	for (i = 0; t != NULL && i < t->nquestions; i++)
		if (strcmp(t->questions[i].mode, mode) == 0 &&
		    session_answer_of(s, &t->questions[i]) == NULL)
			n++;
	return n;
}

void
session_answer(struct session *s, const struct tree_question *q,
    const struct tree_answer *a)
{
	struct session_answer *e = (struct session_answer *)session_answer_of(s, q);

	if (e == NULL) {
		s->answers = xreallocarray(s->answers, s->nanswers + 1, sizeof *s->answers);
		e = &s->answers[s->nanswers++];
		e->q = q;
		e->a = NULL;
	}
	/* Skipping a question answered before keeps that answer. */
	if (a == NULL)
		return;
	e->a = a;
	/* The walk records it and, if the walk is done, re-ranks and notifies. */
	if (s->run != NULL && s->run->walk != NULL && strcmp(s->run->mode, q->mode) == 0)
		walk_answer(s->run->walk, q->id, a->id);
}

/* What the person types. */

int
session_port(const char *s)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 1 || v > 65535)
		return -1;
	return (int)v;
}

int
session_address(const char *s)
{
	unsigned char addr[16];

	return inet_pton(AF_INET, s, addr) == 1 || inet_pton(AF_INET6, s, addr) == 1;
}

int
session_user_name(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > 32 || s[0] == '-' || s[0] == '.' || strspn(s,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-$") != n)
		return 0;
	/* '$' only at the end, as for Samba machine accounts */
	return strchr(s, '$') == NULL || strchr(s, '$') == s + n - 1;
}

int
session_safe_word(const char *s, const char *extra)
{
	if (*s == '\0' || *s == '-' || strlen(s) > 255)
		return 0;
	for (; *s != '\0'; s++) {
		if (isalnum((unsigned char)*s) || strchr(extra, *s) != NULL)
			continue;
		return 0;
	}
	return 1;
}

int
session_split_target(char *s, char **host, char **user, char **port)
{
	char	*at, *colon, *close;

	*user = *port = NULL;
	if ((at = strrchr(s, '@')) != NULL && at != s) {
		*at = '\0';
		*user = s;
		s = at + 1;
	}
	if (s[0] == '[') {
		/* "[v6]" or "[v6]:port", nothing else after the bracket */
		if ((close = strchr(s, ']')) == NULL)
			return -1;
		*close = '\0';
		if (close[1] == ':')
			*port = close + 2;
		else if (close[1] != '\0')
			return -1;
		s++;
	} else if ((colon = strchr(s, ':')) != NULL && strchr(colon + 1, ':') == NULL) {
		*colon = '\0';
		*port = colon + 1;
	}
	*host = s;
	return 0;
}

const char *
session_bad_name(const char *s, const char *what)
{
	static char msg[NAME_MSG_MAX];
	const unsigned char *p;

	if (*s == '-') {
		snprintf(msg, sizeof msg, "The %s may not begin with '-'.", what);
		return msg;
	}
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t') {
			snprintf(msg, sizeof msg, "The %s may not contain spaces.", what);
			return msg;
		}
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(msg, sizeof msg, "The %s may not contain control characters.",
			    what);
			return msg;
		}
		/* The command line's rule (ui/main.c): ssh expands and passes these on. */
		if (!(*p < 0x80 && isalnum(*p)) && strchr("._-:%@+\\[]", *p) == NULL) {
			snprintf(msg, sizeof msg, "The %s may contain only letters, digits "
			    "and . _ - : %% @ + \\ [ ] (not '%c').", what, *p < 0x80 ? *p : '?');
			return msg;
		}
	}
	return NULL;
}

const char *
session_bad_file(const char *path, const char *what)
{
	static char msg[FILE_MSG_MAX];
	struct stat st;

	if (*path == '-') {
		snprintf(msg, sizeof msg, "The %s may not begin with '-' (write ./%s).", what,
		    path);
		return msg;
	}
	if (stat(path, &st) == -1) {
		snprintf(msg, sizeof msg, "%s: %s.", path, errno == ENOENT ?
		    "no such file" : strerror(errno));
		return msg;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(msg, sizeof msg, "%s is not a regular file.", path);
		return msg;
	}
	return NULL;
}

/* Walks. */

static char *
copy_opt(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

int
session_start(struct session *s, const struct check_options *opt, int keep_old,
    char **msg)
{
	struct session_run *r;
	char	*cause = NULL;
	size_t	 i, n;
	int	 rc = -1;

	*msg = NULL;
	r = xcalloc(1, sizeof *r);
	r->opt = *opt;
	r->opt.mode = r->mode = xstrdup(opt->mode != NULL ? opt->mode : "client");
	r->opt.host = r->host = copy_opt(opt->host);
	r->opt.user = r->user = opt->user != NULL && *opt->user != '\0' ?
	    xstrdup(opt->user) : NULL;
	r->opt.explain_file = r->explain_file = copy_opt(opt->explain_file);
	r->opt.sshd_config = r->sshd_config = copy_opt(opt->sshd_config);
	r->opt.client_ip = r->client_ip = copy_opt(opt->client_ip);
	r->opt.server_user = r->server_user = copy_opt(opt->server_user);
	if (opt->logs != NULL) {
		for (n = 0; opt->logs[n] != NULL; n++)
			;
		r->logs = xcalloc(n + 1, sizeof *r->logs);
		for (i = 0; i < n; i++)
			r->logs[i] = xstrdup(opt->logs[i]);
		r->opt.logs = (const char *const *)r->logs;
	}
	r->walk = walk_new(s->content, &r->opt);
	if (r->walk == NULL) {
		xasprintf(msg, "Could not set up the checks for mode %s", r->mode);
		goto out;
	}
	/* What the person said earlier holds for this walk too (re-runs, a new target). */
	for (i = 0; i < s->nanswers; i++)
		if (s->answers[i].a != NULL && strcmp(s->answers[i].q->mode, r->mode) == 0)
			walk_answer(r->walk, s->answers[i].q->id, s->answers[i].a->id);
	r->started_ms = now_ms();
	if (walk_start(r->walk, s->notify_fd[1], &cause) != 0) {
		xasprintf(msg, "Could not start the checks: %s",
		    cause != NULL ? cause : "unknown error");
		walk_free(r->walk);
		r->walk = NULL;
		goto out;
	}
	if (keep_old)
		s->prev = s->run;
	else {
		session_drop_prev(s);
		run_free(s->run);
	}
	s->run = r;
	r = NULL;
	rc = 0;
out:
	free(cause);
	run_free(r);
	return rc;
}

int
session_rerun(struct session *s, char **msg)
{
	*msg = NULL;
	if (s->run == NULL || s->run->walk == NULL) {
		*msg = xstrdup("No checks have run yet.");
		return -1;
	}
	if (!session_walk_done(s)) {
		*msg = xstrdup("The checks are still running.");
		return -1;
	}
	session_drop_prev(s);
	return session_start(s, &s->run->opt, 1, msg);
}

int
session_walk_done(const struct session *s)
{
	int	 done;

	if (s->run == NULL || s->run->walk == NULL)
		return 1;
	walk_lock(s->run->walk);
	done = s->run->walk->done;
	walk_unlock(s->run->walk);
	return done;
}

int
session_running(const struct session *s)
{
	return s->run != NULL && s->run->walk != NULL && !s->run->joined;
}

int
session_changed(struct session *s)
{
	char	 buf[64];
	ssize_t	 n;

	do {
		n = read(s->notify_fd[0], buf, sizeof buf);
	} while (n > 0 || (n == -1 && errno == EINTR));
	if (!session_running(s) || !session_walk_done(s))
		return 0;
	walk_join(s->run->walk);
	s->run->joined = 1;
	s->run->ended_ms = now_ms();
	return 1;
}

void
session_finish(struct session *s)
{
	if (!session_running(s))
		return;
	if (!session_walk_done(s))
		walk_cancel(s->run->walk);
	walk_join(s->run->walk);
	s->run->joined = 1;
}

void
session_drop_prev(struct session *s)
{
	run_free(s->prev);
	s->prev = NULL;
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

static void
add_change(struct session_change **v, size_t *n, enum session_change_kind kind,
    const char *id, const struct walk_check *before, const struct walk_check *after)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].kind = kind;
	(*v)[*n].id = id;
	(*v)[*n].before = before;
	(*v)[*n].after = after;
	(*n)++;
}

size_t
session_diff(const struct session *s, struct session_change **out)
{
	const struct walk *a = s->prev->walk, *b = s->run->walk;
	const struct walk_check *ca, *cb;
	size_t	 i, n = 0;

	*out = NULL;
	for (i = 0; i < a->ncauses; i++)
		if (find_cause(b, a->causes[i].id) == NULL)
			add_change(out, &n, CHANGE_CAUSE_GONE, a->causes[i].id, NULL, NULL);
	for (i = 0; i < b->ncauses; i++)
		add_change(out, &n, find_cause(a, b->causes[i].id) == NULL ?
		    CHANGE_CAUSE_NEW : CHANGE_CAUSE_STILL, b->causes[i].id, NULL, NULL);
	for (i = 0; i < b->nchecks; i++) {
		cb = &b->checks[i];
		ca = find_check(a, cb->entry->id);
		if (ca == NULL)
			add_change(out, &n, CHANGE_CHECK_NEW, NULL, NULL, cb);
		else if (ca->result.status != cb->result.status)
			add_change(out, &n, CHANGE_CHECK_STATUS, NULL, ca, cb);
	}
	for (i = 0; i < a->nchecks; i++)
		if (find_check(b, a->checks[i].entry->id) == NULL)
			add_change(out, &n, CHANGE_CHECK_GONE, NULL, &a->checks[i], NULL);
	return n;
}

/* Saving. */

int
session_save(const struct session *s, const char *path, int *json)
{
	FILE	*f;
	size_t	 len = strlen(path);
	int	 fd, rc = 0, saved;

	*json = len > 5 && strcmp(path + len - 5, ".json") == 0;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1)
		return SESSION_SAVE_CREATE;
	if ((f = fdopen(fd, "w")) == NULL) {
		saved = errno;
		close(fd);
		errno = saved;
		return SESSION_SAVE_WRITE;
	}
	if (*json)
		report_json(f, s->run->walk);
	else
		report_text(f, s->run->walk);
	if (ferror(f) || fflush(f) != 0)
		rc = SESSION_SAVE_WRITE;
	saved = errno;
	if (fclose(f) != 0 && rc == 0) {
		rc = SESSION_SAVE_WRITE;
		saved = errno;
	}
	errno = saved;
	return rc;
}
