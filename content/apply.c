/* apply.c: a cause's "== Apply" section turned into a plan filled from the diagnosis, its dry run, and applying it in one change transaction. */
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/apply.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"

const struct fix_verb *
fix_verb_find(const char *name)
{
	const struct fix_verb *const tables[] = { fix_verbs_client, fix_verbs_server };
	const struct fix_verb *v;
	size_t	 i;

	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		for (v = tables[i]; v->name != NULL; v++) {
			if (strcmp(v->name, name) == 0)
				return v;
		}
	}
	return NULL;
}

void
fix_step_command(struct fix_step *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*line;

	va_start(ap, fmt);
	xvasprintf(&line, fmt, ap);
	va_end(ap);
	strlist_add(&s->commands, line);
	free(line);
}

size_t
fix_apply_section(const struct article *a, size_t *end)
{
	size_t	 i, start = a->nlines;

	for (i = 0; i < a->nlines; i++) {
		if (a->lines[i].kind != ALINE_HEADING)
			continue;
		if (start < a->nlines)
			break;
		if (strcmp(a->lines[i].text, "Apply") == 0)
			start = i + 1;
	}
	*end = start < a->nlines ? i : a->nlines;
	return start;
}

/* Another section, as lines of text (for the dry run's risks). */
static void
section_lines(const struct walk *w, const struct walk_cause *c, const struct article *a,
    const char *heading, struct strlist *out)
{
	const struct article_line *l;
	size_t	 i;
	int	 in = 0, joinable = 0;
	char	*s;

	for (i = 0; i < a->nlines; i++) {
		l = &a->lines[i];
		if (l->kind == ALINE_HEADING) {
			in = strcmp(l->text, heading) == 0;
			joinable = 0;
			continue;
		}
		if (!in)
			continue;
		s = walk_cause_fill(w, c, l);
		if (l->kind == ALINE_COMMAND)
			strlist_addf(out, "%c %s", l->root ? '#' : '$', s);
		else if (l->kind == ALINE_TEXT && l->indent < ARTICLE_APPLY_INDENT && joinable &&
		    out->n > 0) {
			/* a paragraph's lines as one: the printer wraps it */
			char *t;

			xasprintf(&t, "%s %s", out->v[out->n - 1], s);
			free(out->v[out->n - 1]);
			out->v[out->n - 1] = t;
		} else if (l->kind != ALINE_BLANK)
			strlist_add(out, s);
		joinable = l->kind == ALINE_TEXT && l->indent < ARTICLE_APPLY_INDENT;
		free(s);
	}
	while (out->n > 0 && out->v[out->n - 1][0] == '\0')
		free(out->v[--out->n]);
}

struct fill_state {
	const struct walk	*w;
	const struct walk_cause	*c;
	char			*missing;	/* the first fact without a value */
	char			*dash;		/* the first value that begins with '-' */
};

/* A fact's value, only from the diagnosis: no value means no plan (never the sample). */
static const char *
fill_lookup(const char *name, void *arg)
{
	struct fill_state	*st = arg;
	const char		*v;

	if (st->w == NULL)
		return NULL;
	if ((v = walk_cause_fact(st->w, st->c, name)) == NULL || *v == '\0') {
		if (st->missing == NULL)
			st->missing = xstrdup(name);
		return NULL;
	}
	if (*v == '-' && st->dash == NULL)
		st->dash = xstrdup(name);
	return v;
}

const struct walk_cause *
fix_find_cause(const struct walk *w, const char *id)
{
	size_t	 i;

	for (i = 0; i < w->ncauses; i++) {
		if (strcmp(w->causes[i].id, id) == 0)
			return &w->causes[i];
	}
	return NULL;
}

static void
step_free(struct fix_step *s)
{
	int	 i;

	for (i = 0; i < s->nargs; i++)
		free(s->args[i]);
	free(s->line);
	free(s->what);
	strlist_free(&s->commands);
	strlist_free(&s->backups);
	strlist_free(&s->notes);
	free(s->diff);
	free(s->newtext);
	free(s->path);
}

void
fix_plan_free(struct fix_plan *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nsteps; i++)
		step_free(&p->steps[i]);
	free(p->steps);
	free(p->cause);
	free(p->article);
	free(p->title);
	free(p->mode);
	strlist_free(&p->risks);
	free(p->host);
	free(p->user);
	free(p->ssh_config);
	free(p->sshd_config);
	free(p->entry);
	free(p->entry_dir);
	free(p->result);
	free(p);
}

/* One Apply line into a step: the verb, its arity, every placeholder filled from the diagnosis. */
static int
make_step(const struct walk *w, const struct walk_cause *c, struct fix_plan *p,
    const struct article_line *l, char **cause)
{
	struct strlist	 ws = { NULL, 0 };
	struct fill_state st = { w, c, NULL, NULL };
	struct fix_step	*s;
	const struct fix_verb *v;
	size_t		 i;
	int		 rc = -1, n;

	if (fix_apply_words(l->raw, &ws) != 0 || ws.n == 0) {
		set_cause(cause, "Apply line '%s': no verb, or too many arguments", l->text);
		goto out;
	}
	if ((v = fix_verb_find(ws.v[0])) == NULL) {
		set_cause(cause, "Apply line '%s': unknown verb %s", l->text, ws.v[0]);
		goto out;
	}
	n = (int)ws.n - 1;
	if (n < v->minargs || n > v->maxargs) {
		set_cause(cause, "Apply line '%s': %s takes %d to %d arguments", l->text,
		    v->name, v->minargs, v->maxargs);
		goto out;
	}
	if (v->server && strcmp(p->mode, "server") != 0) {
		set_cause(cause, "this fix changes the server: run sshdoc --server --fix %s "
		    "there, as root", p->cause);
		goto out;
	}
	p->steps = xreallocarray(p->steps, p->nsteps + 1, sizeof *p->steps);
	s = &p->steps[p->nsteps++];
	memset(s, 0, sizeof *s);
	s->verb = v;
	s->line = walk_cause_fill(w, c, l);
	for (i = 1; i < ws.n; i++)
		s->args[s->nargs++] = article_fill(ws.v[i], fill_lookup, &st);
	if (st.missing != NULL) {
		set_cause(cause, "the diagnosis did not establish {%s}, which the fix needs",
		    st.missing);
		goto out;
	}
	if (st.dash != NULL) {
		set_cause(cause, "{%s} begins with '-': sshdoc does not pass it on", st.dash);
		goto out;
	}
	if (v->server)
		p->server = 1;
	rc = 0;
out:
	free(st.missing);
	free(st.dash);
	strlist_free(&ws);
	return rc;
}

int
fix_plan_make(const struct walk *w, const struct walk_cause *c, struct fix_plan **out,
    char **cause)
{
	struct fix_plan	*p;
	struct article	*a = NULL;
	const struct cause_info *ci;
	const char	*artid = c->fix != NULL ? c->fix : c->id, *user, *host;
	char		*err = NULL;
	size_t		 i, start, end;
	int		 port, rc = -1;

	if (out != NULL)
		*out = NULL;
	if (strcmp(w->opt.mode, "explain") == 0)
		return set_cause(cause, "the diagnosis read a transcript, not this machine: "
		    "nothing here to change");
	if (c->conf != CONF_CONFIRMED && c->conf != CONF_LIKELY)
		return set_cause(cause, "%s is only %s: sshdoc applies a fix only for a cause "
		    "the diagnosis confirmed or found likely", c->id, confidence_name(c->conf));
	if (w->content == NULL || content_article(w->content, artid, &a, &err) != 0) {
		set_cause(cause, "no article for %s: %s", artid, err != NULL ? err : "no content");
		free(err);
		return -1;
	}
	start = fix_apply_section(a, &end);
	if (start >= a->nlines) {
		set_cause(cause, "%s has no automatic fix (its article has no Apply section): "
		    "sshdoc shows its commands only (sshdoc --article %s)", c->id, artid);
		article_free(a);
		return -1;
	}
	p = xcalloc(1, sizeof *p);
	p->cause = xstrdup(c->id);
	p->article = xstrdup(artid);
	ci = content_cause(w->content, c->id);
	p->title = xstrdup(ci != NULL ? ci->title : a->title);
	p->mode = xstrdup(w->opt.mode);
	p->quick = out == NULL;
	walk_effective(w, &user, &host, &port);
	p->host = xstrdup(host != NULL ? host : w->opt.host != NULL ? w->opt.host : "");
	p->user = user != NULL ? xstrdup(user) : NULL;
	p->port = port;
	/* --server --port: the port sshd must keep answering on (reload-sshd re-probes it). */
	if (strcmp(w->opt.mode, "server") == 0 && w->opt.server_port > 0)
		p->port = w->opt.server_port;
	p->ssh_config = w->opt.ssh_config != NULL ? xstrdup(w->opt.ssh_config) : NULL;
	p->sshd_config = w->opt.sshd_config != NULL ? xstrdup(w->opt.sshd_config) : NULL;
	p->timeout_ms = w->opt.timeout_ms > 0 ? w->opt.timeout_ms : 5000;
	for (i = start; i < end; i++) {
		if (a->lines[i].kind == ALINE_BLANK)
			continue;
		if (make_step(w, c, p, &a->lines[i], cause) != 0)
			goto out;
	}
	if (p->nsteps == 0) {
		set_cause(cause, "%s: the Apply section is empty", artid);
		goto out;
	}
	for (i = 0; i < p->nsteps; i++) {
		if (p->steps[i].verb->plan(p, &p->steps[i], &err) != 0) {
			set_cause(cause, "%s", err);
			free(err);
			goto out;
		}
		if (strcmp(p->steps[i].verb->name, "reload-sshd") == 0)
			p->sshd_reload = 1;
	}
	section_lines(w, c, a, "Risks and undo", &p->risks);
	rc = 0;
out:
	article_free(a);
	if (rc == 0 && out != NULL)
		*out = p;
	else
		fix_plan_free(p);
	return rc;
}

int
fix_cause_fixable(const struct walk *w, const struct walk_cause *c)
{
	char	*err = NULL;

	if (fix_plan_make(w, c, NULL, &err) == 0)
		return 1;
	free(err);
	return 0;
}

/* Where change_begin keeps the backups (lib/change.h), for the dry run. */
static void
state_dir(char *buf, size_t len)
{
	const char	*env = getenv("SSHDOC_STATE_DIR"), *home = getenv("HOME");
	struct passwd	*pw;

	if (env != NULL && *env != '\0')
		snprintf(buf, len, "%s", env);
	else if (geteuid() == 0)
		snprintf(buf, len, "/var/backups/sshdoc");
	else {
		if ((pw = getpwuid(getuid())) != NULL)
			home = pw->pw_dir;
		snprintf(buf, len, "%s/.local/state/sshdoc/backups", home != NULL ? home : "~");
	}
}

/* Text from outside (paths, fingerprints) passes the sanitizer before the terminal. */
static void
put(FILE *f, const char *indent, const char *s)
{
	char	*clean = sanitize_str(s, 0);

	fprintf(f, "%s%s\n", indent, clean);
	free(clean);
}

#define FIX_PRINT_WIDTH	72	/* prose of the plan wraps here (the wizard's body fits it) */

/* A paragraph, word-wrapped after indent; a word longer than the line stands alone. */
static void
put_wrapped(FILE *f, const char *indent, const char *s)
{
	char		*clean = sanitize_str(s, 0), *p = clean, *sp;
	int		 col = 0, room = FIX_PRINT_WIDTH - (int)strlen(indent), len;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		len = (int)((sp = strchr(p, ' ')) != NULL ? (size_t)(sp - p) : strlen(p));
		if (col > 0 && col + 1 + len > room) {
			fputc('\n', f);
			col = 0;
		}
		fprintf(f, "%s%.*s", col == 0 ? indent : " ", len, p);
		col += (col == 0 ? 0 : 1) + len;
		p += len;
	}
	fputc('\n', f);
	free(clean);
}

void
fix_plan_print(const struct fix_plan *p, FILE *f)
{
	const struct fix_step *s;
	const char	*d, *nl;
	char		 dir[1024], *line;
	size_t		 i, j;
	int		 nbackups = 0;

	fprintf(f, "Fix for %s: %s\n", p->cause, p->title);
	for (i = 0; i < p->nsteps; i++) {
		s = &p->steps[i];
		fprintf(f, "\n%zu. ", i + 1);
		put(f, "", s->what != NULL ? s->what : s->line);
		for (j = 0; j < s->notes.n; j++)
			put(f, "   ", s->notes.v[j]);
		for (j = 0; j < s->commands.n && !s->noop; j++) {
			fprintf(f, "   %c ", p->server || geteuid() == 0 ? '#' : '$');
			put(f, "", s->commands.v[j]);
		}
		for (d = s->diff; d != NULL && *d != '\0'; d = nl + 1) {
			if ((nl = strchr(d, '\n')) == NULL)
				nl = d + strlen(d) - 1;
			line = xstrndup(d, (size_t)(nl - d) + (*nl == '\n' ? 0 : 1));
			put(f, "     ", line);
			free(line);
		}
		nbackups += (int)s->backups.n;
	}
	state_dir(dir, sizeof dir);
	fprintf(f, "\nBacked up first, with owner and mode, under %s/\n", dir);
	for (i = 0; i < p->nsteps; i++) {
		for (j = 0; j < p->steps[i].backups.n; j++)
			put(f, "  ", p->steps[i].backups.v[j]);
	}
	if (nbackups == 0)
		fprintf(f, "  (nothing: no file changes)\n");
	if (p->risks.n > 0) {
		fprintf(f, "\nWhat could go wrong:\n");
		for (i = 0; i < p->risks.n; i++)
			put_wrapped(f, "  ", p->risks.v[i]);
	}
	fprintf(f, "\nThe way back: sshdoc --undo (the last fix), sshdoc --undo N (the Nth last).\n");
}

int
fix_plan_apply(struct fix_plan *p, const struct fix_apply_opts *opts, char **cause)
{
	struct change_tx *tx;
	struct fix_step	*s;
	struct strlist	 what = { NULL, 0 };
	const char	*base;
	char		*err = NULL, *err2 = NULL, *summary = NULL;
	size_t		 i, len = 0;
	int		 rc = -1;

	free(p->result);
	p->result = xstrdup("failed");
	if (opts == NULL || !opts->yes)
		return set_cause(cause, "not applied: nothing changes without consent (--yes)");
	if ((tx = change_begin(p->cause, cause)) == NULL)
		return -1;
	free(p->entry_dir);
	p->entry_dir = xstrdup(change_dir(tx));
	base = strrchr(p->entry_dir, '/');
	free(p->entry);
	p->entry = xstrdup(base != NULL ? base + 1 : p->entry_dir);
	for (i = 0; i < p->nsteps; i++) {
		s = &p->steps[i];
		if (s->noop)
			continue;
		if (opts->out != NULL) {
			fprintf(opts->out, "applying %zu/%zu: ", i + 1, p->nsteps);
			put(opts->out, "", s->what != NULL ? s->what : s->line);
			fflush(opts->out);
		}
		if (s->verb->apply(tx, p, s, opts, &err) != 0) {
			if (change_restore(tx, "rolled-back", &err2) != 0) {
				set_cause(cause, "step %zu (%s) failed: %s; restoring what it backed "
				    "up failed too: %s (backups in %s)", i + 1, s->verb->name, err,
				    err2, p->entry_dir);
				free(err2);
			} else {
				set_cause(cause, "step %zu (%s) failed: %s; nothing is changed",
				    i + 1, s->verb->name, err);
				free(p->result);
				p->result = xstrdup("rolled-back");
			}
			free(err);
			goto out;
		}
		s->done = 1;
		strlist_add(&what, s->what != NULL ? s->what : s->line);
		len += strlen(what.v[what.n - 1]) + 2;
	}
	summary = xmalloc(len + 1);
	summary[0] = '\0';
	for (i = 0; i < what.n; i++) {
		if (i > 0)
			strcat(summary, "; ");
		strcat(summary, what.v[i]);
	}
	if (change_commit(tx, what.n > 0 ? summary : "nothing to change", p->sshd_reload,
	    cause) != 0)
		goto out;
	free(p->result);
	p->result = xstrdup(p->sshd_reload ? "pending" : "applied");
	for (i = 0; i < p->nsteps; i++) {
		s = &p->steps[i];
		if (s->verb->after != NULL && s->verb->after(p, s, opts, cause) != 0)
			goto out;
	}
	rc = 0;
out:
	free(summary);
	strlist_free(&what);
	change_free(tx);
	return rc;
}

void
fix_apply_lint(const struct article *a, const char *name, struct strlist *pr)
{
	struct strlist	 ws = { NULL, 0 };
	const struct fix_verb *v;
	size_t		 i, start, end;
	int		 n;

	start = fix_apply_section(a, &end);
	if (start >= a->nlines)
		return;
	if (end < a->nlines)
		strlist_addf(pr, "%s: the Apply section must be the last one", name);
	for (i = start; i < end; i++) {
		if (a->lines[i].kind == ALINE_BLANK)
			continue;
		strlist_free(&ws);
		if (a->lines[i].kind != ALINE_TEXT || fix_apply_words(a->lines[i].raw, &ws) != 0 ||
		    ws.n == 0) {
			strlist_addf(pr, "%s: Apply: not a step (a verb and its arguments): %.60s",
			    name, a->lines[i].text);
			continue;
		}
		if ((v = fix_verb_find(ws.v[0])) == NULL) {
			strlist_addf(pr, "%s: Apply: unknown verb %s", name, ws.v[0]);
			continue;
		}
		n = (int)ws.n - 1;
		if (n < v->minargs || n > v->maxargs)
			strlist_addf(pr, "%s: Apply: %s takes %d to %d arguments, not %d", name,
			    v->name, v->minargs, v->maxargs, n);
	}
	strlist_free(&ws);
}

#define FIX_LOG_MARKS	(32 + 3 + 1)	/* --log files (main.c's LOGS_MAX), the system's, the end */
#define FIX_LOG_PATH	512

void
fix_recheck_options(const struct check_options *opt, struct check_options *ropt)
{
	/* One fix at a time, from the UI thread; re-runs after it keep pointing here. */
	static struct check_log_mark marks[FIX_LOG_MARKS];
	static char	 paths[FIX_LOG_MARKS][FIX_LOG_PATH];
	static const char *const system[] = { "/var/log/auth.log", "/var/log/secure",
	    "/var/log/audit/audit.log", NULL };
	struct stat	 st;
	struct timespec	 ts;
	const char	*path;
	size_t		 i, n = 0;

	*ropt = *opt;
	clock_gettime(CLOCK_REALTIME, &ts);
	ropt->logs_since = (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	for (i = 0; opt->logs != NULL && opt->logs[i] != NULL && n < FIX_LOG_MARKS - 4; i++) {
		path = opt->logs[i];
		if (strlen(path) < FIX_LOG_PATH && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			snprintf(paths[n], FIX_LOG_PATH, "%s", path);
			marks[n].path = paths[n];
			marks[n++].size = (long long)st.st_size;
		}
	}
	for (i = 0; system[i] != NULL && n < FIX_LOG_MARKS - 1; i++) {
		if (stat(system[i], &st) == 0 && S_ISREG(st.st_mode)) {
			marks[n].path = system[i];
			marks[n++].size = (long long)st.st_size;
		}
	}
	marks[n].path = NULL;
	marks[n].size = 0;
	ropt->log_marks = marks;
}
