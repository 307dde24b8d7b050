/* report-text.c: the plain-text report, for a terminal, a pipe or a ticket. */
#include <stdlib.h>
#include <string.h>

#include "content/apply.h"
#include "lib/sanitize.h"
#include "ui/ui.h"

static const char *
status_tag(enum check_status st)
{
	switch (st) {
	case CHECK_PASS:
		return " ok ";
	case CHECK_FAIL:
		return "FAIL";
	case CHECK_WARN:
		return "warn";
	case CHECK_SKIP:
		return "skip";
	case CHECK_ERROR:
		break;
	}
	return "ERR ";
}

/* Causes the client cannot tell apart: which ones, and what would. */
static void
report_text_apart(FILE *f, const struct walk *w, const struct walk_cause *c)
{
	const struct tree	*t = w->content->tree;
	size_t			 i, j, n = 0;

	if (c->tells_apart == NULL)
		return;
	if (c->alternative_of != NULL) {
		fprintf(f, "     looks the same from here as %s (see above)\n", c->alternative_of);
		return;
	}
	for (i = 0; i < t->nalternatives; i++) {
		if (t->alternatives[i].tells_apart != c->tells_apart ||
		    strcmp(t->alternatives[i].cause, c->id) != 0)
			continue;
		fprintf(f, "     looks the same from here as:");
		for (j = 0; j < t->alternatives[i].nalso; j++)
			fprintf(f, "%s %s", n++ > 0 ? "," : "", t->alternatives[i].also[j]);
		fprintf(f, " (listed as possible)\n");
	}
	fprintf(f, "     tell apart: %s\n", c->tells_apart);
}

size_t
report_fix(FILE *f, const struct walk *w, const struct walk_cause *c, const char *indent)
{
	struct walk_fix	 fix;
	size_t		 i, n;

	walk_cause_fix(w, c, &fix);
	if (fix.commands.n > 0 && fix.lead != NULL)
		fprintf(f, "%s%s\n", indent, fix.lead);
	for (i = 0; i < fix.commands.n; i++)
		fprintf(f, "%s  %c %s\n", indent, fix.root & (1u << i) ? '#' : '$',
		    fix.commands.v[i]);
	n = fix.commands.n;
	walk_fix_free(&fix);
	return n;
}

void
report_text(FILE *f, const struct walk *w)
{
	const struct walk_check	*wc;
	const struct walk_cause	*c;
	const struct cause_info	*ci;
	const char		*verdict = walk_verdict(w);
	const char		*user, *host;
	char			*path;
	size_t			 i, j, idw = 12;
	int			 port;

	if (strcmp(w->opt.mode, "client") == 0) {
		/* As ssh -G says: a User or Port line in ssh_config counts. */
		walk_effective(w, &user, &host, &port);
		fprintf(f, "sshdoc %s: connecting to %s%s%s port %d\n\n", SSHDOC_VERSION,
		    user ? user : "", user ? "@" : "", w->opt.host ? w->opt.host : "?", port);
	} else
		fprintf(f, "sshdoc %s: %s mode\n\n", SSHDOC_VERSION, w->opt.mode);
	if ((path = walk_path_line(w, 0)) != NULL) {
		fprintf(f, "Path: %s\n\n", path);
		free(path);
	}
	if (w->content != NULL && w->content->dir != NULL) {
		char *dir = sanitize_str(w->content->dir, 0);

		fprintf(f, "content: %s (not the bundled content)\n\n", dir);
		free(dir);
	}

	fprintf(f, "Checks\n");
	/* The id column as wide as the longest id, so that summaries line up. */
	for (i = 0; i < w->nchecks; i++) {
		if (strlen(w->checks[i].entry->id) > idw)
			idw = strlen(w->checks[i].entry->id);
	}
	for (i = 0; i < w->nchecks; i++) {
		wc = &w->checks[i];
		fprintf(f, "  [%s] %-*s %s (%ld ms)\n", status_tag(wc->result.status),
		    (int)idw, wc->entry->id, wc->result.summary ? wc->result.summary : "",
		    wc->result.ms);
		for (j = 0; j < wc->result.evidence.n; j++)
			fprintf(f, "         %s\n", wc->result.evidence.v[j]);
	}
	if (w->error != NULL)
		fprintf(f, "\n  note: %s\n", w->error);

	fprintf(f, "\nDiagnosis: ");
	if (strcmp(verdict, "ok") == 0)
		fprintf(f, "no problem found\n");
	else if (strcmp(verdict, "inconclusive") == 0)
		fprintf(f, "inconclusive: the checks could not decide\n");
	else
		fprintf(f, "%zu cause%s found%s\n", w->ncauses, w->ncauses == 1 ? "" : "s",
		    w->ncauses == 1 ? "" : ", most probable first");
	for (i = 0; i < w->ncauses; i++) {
		c = &w->causes[i];
		ci = content_cause(w->content, c->id);
		fprintf(f, "\n  %zu. %s (%s)\n", i + 1, ci ? ci->title : c->id,
		    confidence_name(c->conf));
		fprintf(f, "     seen: %s\n", c->summary);
		/* folded causes add their evidence: show it too, still bounded */
		for (j = 0; j < c->evidence.n && j < (c->explains.n > 0 ? 16 : 6); j++)
			fprintf(f, "       %s\n", c->evidence.v[j]);
		fprintf(f, "     fix:\n");
		if (report_fix(f, w, c, "       ") > 0)
			fprintf(f, "     more: sshdoc --article %s\n", c->fix ? c->fix : c->id);
		else
			fprintf(f, "       sshdoc --article %s\n", c->fix ? c->fix : c->id);
		if (fix_cause_fixable(w, c))
			fprintf(f, "     automatic fix: --fix %s (shows the plan; --yes "
			    "applies it)\n", c->id);
		report_text_apart(f, w, c);
	}
	fprintf(f, "\nVerdict: %s\n", verdict);
}
