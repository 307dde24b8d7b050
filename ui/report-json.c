/* report-json.c: the JSON report, field for field as ../shared/contract.md specifies. */
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "ui/json.h"
#include "ui/ui.h"

void
json_string(FILE *f, const char *s)
{
	char		*clean = sanitize_str(s ? s : "", 0);
	const char	*p;

	fputc('"', f);
	for (p = clean; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
	free(clean);
}

static void
json_strlist(FILE *f, const struct strlist *sl)
{
	size_t	 i;

	fputc('[', f);
	for (i = 0; i < sl->n; i++) {
		if (i > 0)
			fputs(", ", f);
		json_string(f, sl->v[i]);
	}
	fputc(']', f);
}

void
report_json(FILE *f, const struct walk *w)
{
	const struct walk_check	*wc;
	const struct walk_cause	*c;
	size_t			 i;

	fprintf(f, "{\n  \"tool\": \"sshdoc\",\n  \"version\": ");
	json_string(f, SSHDOC_VERSION);
	fprintf(f, ",\n  \"mode\": ");
	json_string(f, w->opt.mode);
	if (strcmp(w->opt.mode, "client") == 0) {
		fprintf(f, ",\n  \"target\": {\"host\": ");
		json_string(f, w->opt.host);
		fprintf(f, ", \"port\": %d, \"user\": ", w->opt.port);
		if (w->opt.user != NULL)
			json_string(f, w->opt.user);
		else
			fputs("null", f);
		fputc('}', f);
	}
	/* Which content decided: "bundled", or the directory (--content, --update-content). */
	fprintf(f, ",\n  \"content\": ");
	json_string(f, w->content != NULL && w->content->dir != NULL ?
	    w->content->dir : "bundled");
	fprintf(f, ",\n  \"checks\": [");
	for (i = 0; i < w->nchecks; i++) {
		wc = &w->checks[i];
		fprintf(f, "%s\n    {\"id\": ", i ? "," : "");
		json_string(f, wc->entry->id);
		fprintf(f, ", \"title\": ");
		json_string(f, wc->entry->title);
		fprintf(f, ", \"status\": ");
		json_string(f, check_status_name(wc->result.status));
		fprintf(f, ", \"outcome\": ");
		json_string(f, wc->result.outcome);
		fprintf(f, ", \"summary\": ");
		json_string(f, wc->result.summary);
		fprintf(f, ",\n     \"evidence\": ");
		json_strlist(f, &wc->result.evidence);
		fprintf(f, ", \"ms\": %ld}", wc->result.ms);
	}
	fprintf(f, "%s],\n  \"causes\": [", w->nchecks ? "\n  " : "");
	for (i = 0; i < w->ncauses; i++) {
		c = &w->causes[i];
		fprintf(f, "%s\n    {\"id\": ", i ? "," : "");
		json_string(f, c->id);
		fprintf(f, ", \"confidence\": ");
		json_string(f, confidence_name(c->conf));
		fprintf(f, ", \"summary\": ");
		json_string(f, c->summary);
		fprintf(f, ",\n     \"evidence\": ");
		json_strlist(f, &c->evidence);
		fprintf(f, ", \"fix\": ");
		json_string(f, c->id);
		fprintf(f, ", \"check\": ");
		json_string(f, c->check);
		fputc('}', f);
	}
	fprintf(f, "%s],\n  \"path\": ", w->ncauses ? "\n  " : "");
	json_strlist(f, &w->path);
	if (w->nanswers > 0) {
		fprintf(f, ",\n  \"answers\": {");
		for (i = 0; i < w->nanswers; i++) {
			fprintf(f, "%s", i ? ", " : "");
			json_string(f, w->answered[i]->id);
			fprintf(f, ": ");
			json_string(f, w->answers[i]->id);
		}
		fputc('}', f);
	}
	if (w->error != NULL) {
		fprintf(f, ",\n  \"error\": ");
		json_string(f, w->error);
	}
	fprintf(f, ",\n  \"verdict\": ");
	json_string(f, walk_verdict(w));
	fprintf(f, "\n}\n");
}
