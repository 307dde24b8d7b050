/* report-json.c: the JSON report, field for field as ../shared/contract.md specifies, redacted as it is written when asked. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/apply.h"
#include "lib/json.h"
#include "lib/sanitize.h"
#include "ui/redact.h"
#include "ui/ui.h"

/*
 * A string that may name people or machines: with rd, replaced by its
 * placeholders. sshdoc's own vocabulary (ids, titles, statuses) goes through
 * js_text() directly, so its values never take a placeholder number.
 */
static json_t *
text(struct redact *rd, const char *s)
{
	char	*clean, *red;
	json_t	*v;

	if (rd == NULL)
		return js_text(s);
	clean = sanitize_str(s != NULL ? s : "", 0);
	red = redact_text(rd, clean);
	v = js_text(red);	/* sanitizing twice changes nothing */
	free(red);
	free(clean);
	return v;
}

static json_t *
text_list(struct redact *rd, const struct strlist *sl)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < sl->n; i++)
		js_push(a, text(rd, sl->v[i]));
	return a;
}

/* The cause's short fix with the person's values: the commands as typed, without prompts. */
static json_t *
fix_commands(const struct walk *w, const struct walk_cause *c, struct redact *rd)
{
	struct walk_fix	 fix;
	json_t		*a;

	walk_cause_fix(w, c, &fix);
	a = text_list(rd, &fix.commands);
	walk_fix_free(&fix);
	return a;
}

/*
 * Server mode: which machine and which sshd, so that many machines' reports
 * (ansible all -m command -a 'sshdoc --server --json') group at a glance.
 * The version is what the self-probe read in sshd's identification; null if it read none.
 */
static void
server_identity(json_t *o, const struct walk *w, struct redact *rd)
{
	const char	*v = NULL;
	char		 name[256];
	size_t		 i;

	if (gethostname(name, sizeof name) != 0)
		name[0] = '\0';
	name[sizeof name - 1] = '\0';
	js_set(o, "host", name[0] != '\0' ? text(rd, name) : json_null());
	for (i = 0; i < w->nchecks && v == NULL; i++)
		if (w->checks[i].state == RUN_DONE &&
		    strcmp(w->checks[i].entry->id, "self-probe") == 0)
			v = check_fact_get(&w->checks[i].result, "sshd_version");
	js_set(o, "sshd_version", v != NULL ? js_text(v) : json_null());
}

/* Members are added in the contract's order, which is the order placeholders are handed out. */
static json_t *
report(const struct walk *w, struct redact *rd, json_t *change)
{
	const struct walk_check	*wc;
	const struct walk_cause	*c;
	json_t			*o = json_object(), *t, *list, *item;
	size_t			 i;

	js_set(o, "tool", js_text("sshdoc"));
	js_set(o, "version", js_text(SSHDOC_VERSION));
	js_set(o, "mode", js_text(w->opt.mode));
	if (strcmp(w->opt.mode, "server") == 0)
		server_identity(o, w, rd);
	if (strcmp(w->opt.mode, "client") == 0) {
		t = json_object();
		js_set(t, "host", text(rd, w->opt.host));
		js_set(t, "port", json_integer(w->opt.port));
		js_set(t, "user", w->opt.user != NULL ? text(rd, w->opt.user) : json_null());
		js_set(o, "target", t);
	}
	/* Which content decided: "bundled", or the directory (--content, --update-content). */
	js_set(o, "content", text(rd, w->content != NULL && w->content->dir != NULL ?
	    w->content->dir : "bundled"));
	list = json_array();
	for (i = 0; i < w->nchecks; i++) {
		wc = &w->checks[i];
		item = json_object();
		js_set(item, "id", js_text(wc->entry->id));
		js_set(item, "title", js_text(wc->entry->title));
		js_set(item, "status", js_text(check_status_name(wc->result.status)));
		js_set(item, "outcome", js_text(wc->result.outcome));
		js_set(item, "summary", text(rd, wc->result.summary));
		js_set(item, "evidence", text_list(rd, &wc->result.evidence));
		js_set(item, "ms", json_integer(wc->result.ms));
		js_push(list, item);
	}
	js_set(o, "checks", list);
	list = json_array();
	for (i = 0; i < w->ncauses; i++) {
		c = &w->causes[i];
		item = json_object();
		js_set(item, "id", js_text(c->id));
		js_set(item, "confidence", js_text(confidence_name(c->conf)));
		js_set(item, "summary", text(rd, c->summary));
		js_set(item, "evidence", text_list(rd, &c->evidence));
		js_set(item, "fix", js_text(c->fix != NULL ? c->fix : c->id));
		js_set(item, "check", js_text(c->check));
		js_set(item, "fix_commands", fix_commands(w, c, rd));
		/* sshdoc --fix can apply it (content/apply.h: Apply section, facts, confidence) */
		js_set(item, "fixable", json_boolean(fix_cause_fixable(w, c)));
		/* additions, only when there is something to say (reports stay as they were) */
		if (c->explains.n > 0)
			js_set(item, "explains", text_list(NULL, &c->explains));
		if (c->tells_apart != NULL)
			js_set(item, "tells_apart", js_text(c->tells_apart));
		js_push(list, item);
	}
	js_set(o, "causes", list);
	js_set(o, "path", text_list(NULL, &w->path));
	if (w->nanswers > 0) {
		t = json_object();
		for (i = 0; i < w->nanswers; i++) {
			char *key = sanitize_str(w->answered[i]->id, 0);

			js_set(t, key, js_text(w->answers[i]->id));
			free(key);
		}
		js_set(o, "answers", t);
	}
	if (w->error != NULL)
		js_set(o, "error", text(rd, w->error));
	if (change != NULL) {
		json_incref(change);
		js_set(o, "change", change);
	}
	js_set(o, "verdict", js_text(walk_verdict(w)));
	return o;
}

void
report_json_redact(FILE *f, const struct walk *w, struct redact *rd)
{
	json_t	*o = report(w, rd, NULL);

	(void)js_write(f, o);
	json_decref(o);
}

void
report_json(FILE *f, const struct walk *w)
{
	report_json_redact(f, w, NULL);
}

void
report_json_change(FILE *f, const struct walk *w, json_t *change)
{
	json_t	*o = report(w, NULL, change);

	(void)js_write(f, o);
	json_decref(o);
}
