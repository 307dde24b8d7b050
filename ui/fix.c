/* fix.c: --fix ID on the command line: the plan as a dry run, with --yes applied, then the checks again and what changed. */
#include <stdlib.h>
#include <string.h>

#include "content/apply.h"
#include "lib/json.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "ui/session.h"
#include "ui/ui.h"

/* The change object of the JSON report: what the fix does, did, and how it ended. */
static json_t *
fix_plan_json(const struct fix_plan *p, const char *id, const char *result, const char *error)
{
	json_t	*o = json_object(), *steps = json_array(), *backups = json_array(), *s, *a;
	size_t	 i, j;
	int	 k;

	js_set(o, "fix", js_text(id));
	js_set(o, "article", p != NULL ? js_text(p->article) : json_null());
	js_set(o, "entry", p != NULL && p->entry != NULL ? js_text(p->entry) : json_null());
	for (i = 0; p != NULL && i < p->nsteps; i++) {
		const struct fix_step *st = &p->steps[i];

		s = json_object();
		js_set(s, "verb", js_text(st->verb->name));
		a = json_array();
		for (k = 0; k < st->nargs; k++)
			js_push(a, js_text(st->args[k]));
		js_set(s, "args", a);
		js_set(s, "what", js_text(st->what != NULL ? st->what : st->line));
		a = json_array();
		for (j = 0; j < st->commands.n; j++)
			js_push(a, js_text(st->commands.v[j]));
		js_set(s, "commands", a);
		if (st->diff != NULL && *st->diff != '\0')
			js_set(s, "diff", js_text(st->diff));
		if (st->notes.n > 0) {
			a = json_array();
			for (j = 0; j < st->notes.n; j++)
				js_push(a, js_text(st->notes.v[j]));
			js_set(s, "notes", a);
		}
		js_set(s, "changed", json_boolean(!st->noop));
		js_push(steps, s);
		for (j = 0; j < st->backups.n; j++)
			js_push(backups, js_text(st->backups.v[j]));
	}
	js_set(o, "steps", steps);
	js_set(o, "backups", backups);
	if (p != NULL && p->entry_dir != NULL)
		js_set(o, "backup_dir", js_text(p->entry_dir));
	js_set(o, "result", js_text(result));
	if (error != NULL)
		js_set(o, "error", js_text(error));
	return o;
}

/* A second walk with the same options and answers: the checks again, after the fix. */
static struct walk *
recheck(const struct content *content, const struct check_options *opt,
    const char *const *answers)
{
	const struct tree_question *q;
	const struct tree_answer *a;
	struct walk	*w = walk_new(content, opt);
	char		*cause = NULL;
	size_t		 i;

	for (i = 0; answers != NULL && answers[i] != NULL; i++) {
		if (session_answer_parse(content, answers[i], &q, &a) == 0)
			(void)walk_answer(w, q->id, a->id);
	}
	if (walk_run(w, &cause) != 0)
		free(cause);
	return w;
}

/* "What changed": the cause fixed gone or not, and any cause that came or went besides. */
static void
print_changes(FILE *f, const struct walk *before, const struct walk *after, const char *id)
{
	size_t	 i;

	fprintf(f, "\nWhat changed:\n");
	fprintf(f, "  %s: %s\n", id, fix_find_cause(after, id) == NULL ? "gone" :
	    "still found");
	for (i = 0; i < before->ncauses; i++) {
		if (strcmp(before->causes[i].id, id) != 0 &&
		    fix_find_cause(after, before->causes[i].id) == NULL)
			fprintf(f, "  %s: gone too\n", before->causes[i].id);
	}
	for (i = 0; i < after->ncauses; i++) {
		if (strcmp(after->causes[i].id, id) != 0 &&
		    fix_find_cause(before, after->causes[i].id) == NULL)
			fprintf(f, "  %s: new (%s)\n", after->causes[i].id,
			    confidence_name(after->causes[i].conf));
	}
	fprintf(f, "Verdict now: %s\n", walk_verdict(after));
}

/* One line on stderr; the message may quote paths and names from outside. */
static void
say_error(const char *id, const char *err)
{
	char	*clean = sanitize_str(err, 0), *cid = sanitize_str(id, 0);

	fprintf(stderr, "sshdoc: --fix %s: %s\n", cid, clean);
	free(clean);
	free(cid);
}

int
fix_command(FILE *f, const struct content *content, struct walk *w,
    const struct fix_cli *cli)
{
	const struct walk_cause *c;
	struct fix_plan	*plan = NULL;
	struct fix_apply_opts ao;
	struct check_options ropt;
	struct walk	*after = NULL;
	json_t		*change;
	char		*err = NULL, *clean;
	const char	*result = "not-found";
	int		 rc = 1, gone = 0;

	if ((c = fix_find_cause(w, cli->id)) == NULL) {
		xasprintf(&err, "%s is not among the causes found (%s): nothing to fix",
		    cli->id, walk_verdict(w));
		result = "not-found";
	} else if (fix_plan_make(w, c, &plan, &err) != 0)
		result = "not-fixable";
	if (err != NULL) {
		if (cli->json) {
			change = fix_plan_json(NULL, cli->id, result, err);
			report_json_change(f, w, change);
			json_decref(change);
		} else
			report_text(f, w);
		say_error(cli->id, err);
		free(err);
		return 1;
	}
	if (!cli->json) {
		report_text(f, w);
		fprintf(f, "\n");
		fix_plan_print(plan, f);
	}
	if (!cli->yes) {
		if (cli->json) {
			change = fix_plan_json(plan, cli->id, "planned", NULL);
			report_json_change(f, w, change);
			json_decref(change);
		} else
			fprintf(f, "\nDry run: nothing was changed. To apply: the same command "
			    "with --yes.\n");
		fix_plan_free(plan);
		return 0;
	}
	fix_recheck_options(&w->opt, &ropt);
	memset(&ao, 0, sizeof ao);
	ao.yes = 1;
	ao.confirm_timeout = cli->confirm_timeout;
	ao.out = cli->json ? stderr : f;
	if (!cli->json)
		fprintf(f, "\nApplying:\n");
	if (fix_plan_apply(plan, &ao, &err) != 0) {
		say_error(cli->id, err);
		if (cli->json) {
			change = fix_plan_json(plan, cli->id, plan->result, err);
			report_json_change(f, w, change);
			json_decref(change);
		}
		free(err);
		fix_plan_free(plan);
		return 1;
	}
	if (!cli->json) {
		clean = sanitize_str(plan->entry_dir, 0);
		fprintf(f, "%s: journal entry %s (backups in %s)\n", plan->result,
		    strrchr(clean, '/') != NULL ? strrchr(clean, '/') + 1 : clean, clean);
		free(clean);
		fprintf(f, "\nChecking again...\n");
		fflush(f);
	}
	after = recheck(content, &ropt, cli->answers);
	gone = fix_find_cause(after, cli->id) == NULL;
	if (cli->json) {
		change = fix_plan_json(plan, cli->id, plan->result, NULL);
		js_set(change, "cause_gone", json_boolean(gone));
		report_json_change(f, after, change);
		json_decref(change);
	} else {
		print_changes(f, w, after, cli->id);
		fprintf(f, "The way back: sshdoc --undo\n");
	}
	rc = gone ? 0 : 1;
	walk_free(after);
	fix_plan_free(plan);
	return rc;
}
