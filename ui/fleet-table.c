/* fleet-table.c: many hosts' reports folded into groups by top cause (a name and a verdict kept per host, one filled-in fix per group), printed as a table or a JSON summary. */
#include <stdlib.h>
#include <string.h>

#include "content/article.h"
#include "lib/json.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "ui/fleet-table.h"

#define TABLE_HOSTS_SHOWN	5	/* host names printed per group before "and N more" */

void
fleet_table_init(struct fleet_table *t, const struct content *c, size_t nlist)
{
	memset(t, 0, sizeof *t);
	t->content = c;
	t->nlist = nlist;
	t->names = xcalloc(nlist > 0 ? nlist : 1, sizeof *t->names);
}

static struct fleet_group *
group_of(struct fleet_table *t, const char *id)
{
	struct fleet_group *g;
	size_t	 i;

	for (i = 0; i < t->ngroups; i++) {
		g = &t->groups[i];
		if ((id == NULL && g->id == NULL) || (id != NULL && g->id != NULL &&
		    strcmp(id, g->id) == 0))
			return g;
	}
	t->groups = xreallocarray(t->groups, t->ngroups + 1, sizeof *t->groups);
	g = &t->groups[t->ngroups++];
	memset(g, 0, sizeof *g);
	g->id = id != NULL ? xstrdup(id) : NULL;
	return g;
}

/*
 * The group's fix: the first host's fix_commands (filled in by its own walk)
 * with each line's prompt ('$' or '#') and the lead-in from the article.
 */
static void
group_fix(struct fleet_table *t, struct fleet_group *g, const json_t *cause)
{
	const json_t	*cmds = json_object_get(cause, "fix_commands"), *v;
	const char	*fix = js_str(cause, "fix");
	struct article	*a = NULL;
	char		*err = NULL;
	size_t		 i, start = 0, n = 0;

	if (fix != NULL && t->content != NULL &&
	    content_article(t->content, fix, &a, &err) == 0) {
		n = article_short_fix(a, &start);
		if (n > 0 && start > 0) {
			const struct article_line *l = &a->lines[start - 1];
			size_t len = strlen(l->text);

			if ((l->kind == ALINE_TEXT || l->kind == ALINE_STEP) && len > 0 &&
			    l->text[len - 1] == ':')
				g->lead = xstrdup(l->text);
		}
	}
	free(err);
	json_array_foreach(cmds, i, v) {
		if (json_string_value(v) == NULL || i >= 32)
			continue;
		strlist_add(&g->fix, json_string_value(v));
		if (a != NULL && i < n && a->lines[start + i].root)
			g->root |= 1u << i;
	}
	if (a != NULL)
		article_free(a);
}

int
fleet_table_add(struct fleet_table *t, size_t idx, const char *name,
    const json_t *report, const char *error)
{
	const json_t	*cause = json_array_get(json_object_get(report, "causes"), 0);
	const char	*verdict = js_str(report, "verdict"), *id = js_str(cause, "id");
	struct fleet_group *g;
	int		 rc;

	if (idx >= t->nlist || t->names[idx] != NULL)
		return 3;
	t->names[idx] = xstrdup(name);
	t->nhosts++;
	if (verdict != NULL && strcmp(verdict, "ok") == 0 && id == NULL) {
		t->nok++;
		return 0;
	}
	if (id != NULL) {
		t->nproblem++;
		rc = 1;
	} else {
		t->ninconclusive++;
		rc = 3;
	}
	g = group_of(t, id);
	g->hosts = xreallocarray(g->hosts, g->n + 1, sizeof *g->hosts);
	g->hosts[g->n++] = idx;
	/* the group's face is its first host in list order, whichever finished first */
	if (g->n == 1 || idx < g->first) {
		free(g->summary);
		free(g->lead);
		g->lead = NULL;
		strlist_free(&g->fix);
		g->root = 0;
		g->first = idx;
		if (id != NULL) {
			g->summary = xstrdup(js_str(cause, "summary") != NULL ?
			    js_str(cause, "summary") : "");
			group_fix(t, g, cause);
		} else {
			g->summary = xstrdup(error != NULL ? error : js_str(report, "error") != NULL ?
			    js_str(report, "error") : "the checks could not decide");
		}
	}
	return rc;
}

static int
group_cmp(const void *a, const void *b)
{
	const struct fleet_group *x = a, *y = b;

	/* causes before the undecided, then the larger group; stable enough by first host */
	if ((x->id == NULL) != (y->id == NULL))
		return x->id == NULL ? 1 : -1;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return x->hosts[0] < y->hosts[0] ? -1 : 1;
}

static int
index_cmp(const void *a, const void *b)
{
	size_t	 x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

void
fleet_table_sort(struct fleet_table *t)
{
	size_t	 i;

	for (i = 0; i < t->ngroups; i++)
		qsort(t->groups[i].hosts, t->groups[i].n, sizeof *t->groups[i].hosts, index_cmp);
	if (t->ngroups > 1)
		qsort(t->groups, t->ngroups, sizeof *t->groups, group_cmp);
}

/* "a, b, c, d, e and 12 more", names made safe for the terminal. */
static void
print_hosts(FILE *f, const struct fleet_table *t, const struct fleet_group *g)
{
	size_t	 i;
	char	*clean;

	for (i = 0; i < g->n && i < TABLE_HOSTS_SHOWN; i++) {
		clean = sanitize_str(t->names[g->hosts[i]], 80);
		fprintf(f, "%s%s", i > 0 ? ", " : "", clean);
		free(clean);
	}
	if (g->n > TABLE_HOSTS_SHOWN)
		fprintf(f, " and %zu more", g->n - TABLE_HOSTS_SHOWN);
	fputc('\n', f);
}

void
fleet_table_print(FILE *f, const struct fleet_table *t, long ms)
{
	const struct fleet_group *g;
	const struct cause_info *ci;
	size_t	 i, j;
	char	*clean, *first;

	fprintf(f, "%zu hosts in %.1f s: %zu ok, %zu with a problem, %zu undecided\n",
	    t->nhosts, ms / 1000.0, t->nok, t->nproblem, t->ninconclusive);
	for (i = 0; i < t->ngroups; i++) {
		g = &t->groups[i];
		fputc('\n', f);
		if (g->id == NULL) {
			fprintf(f, "Undecided (%zu host%s): ", g->n, g->n == 1 ? "" : "s");
			print_hosts(f, t, g);
			clean = sanitize_str(g->summary, 200);
			first = sanitize_str(t->names[g->first], 80);
			fprintf(f, "  %s: %s\n", first, clean);
			free(first);
			free(clean);
			continue;
		}
		ci = t->content != NULL ? content_cause(t->content, g->id) : NULL;
		clean = sanitize_str(ci != NULL ? ci->title : g->id, 200);
		fprintf(f, "%s: %s\n", g->id, clean);
		free(clean);
		fprintf(f, "  %zu host%s: ", g->n, g->n == 1 ? "" : "s");
		print_hosts(f, t, g);
		first = sanitize_str(t->names[g->first], 80);
		clean = sanitize_str(g->summary, 200);
		fprintf(f, "  %s: %s\n", first, clean);
		free(clean);
		if (g->fix.n > 0) {
			fprintf(f, "  fix%s%s%s\n", g->n > 1 ? " (as for " : "",
			    g->n > 1 ? first : "", g->n > 1 ? "; the others alike):" : ":");
			if (g->lead != NULL) {
				clean = sanitize_str(g->lead, 200);
				fprintf(f, "    %s\n", clean);
				free(clean);
			}
			for (j = 0; j < g->fix.n; j++) {
				clean = sanitize_str(g->fix.v[j], 300);
				fprintf(f, "      %c %s\n", g->root & (1u << j) ? '#' : '$', clean);
				free(clean);
			}
		}
		free(first);
		fprintf(f, "  more: sshdoc --article %s\n", g->id);
	}
	if (t->nok > 0)
		fprintf(f, "\nok: %zu host%s\n", t->nok, t->nok == 1 ? "" : "s");
}

static json_t *
host_list(const struct fleet_table *t, const struct fleet_group *g)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < g->n; i++)
		js_push(a, js_text(t->names[g->hosts[i]]));
	return a;
}

void
fleet_table_summary(FILE *f, const struct fleet_table *t, long ms)
{
	const struct fleet_group *g;
	json_t	*o = json_object(), *s = json_object(), *v = json_object(), *causes, *c;
	size_t	 i;

	js_set(s, "hosts", json_integer((json_int_t)t->nhosts));
	js_set(v, "ok", json_integer((json_int_t)t->nok));
	js_set(v, "problem", json_integer((json_int_t)t->nproblem));
	js_set(v, "inconclusive", json_integer((json_int_t)t->ninconclusive));
	js_set(s, "verdicts", v);
	causes = json_array();
	for (i = 0; i < t->ngroups; i++) {
		g = &t->groups[i];
		if (g->id == NULL) {
			js_set(s, "inconclusive_hosts", host_list(t, g));
			continue;
		}
		c = json_object();
		js_set(c, "id", js_text(g->id));
		js_set(c, "count", json_integer((json_int_t)g->n));
		js_set(c, "hosts", host_list(t, g));
		js_push(causes, c);
	}
	js_set(s, "causes", causes);
	js_set(s, "verdict", js_text(t->nproblem > 0 ? "problem" : t->ninconclusive > 0 ?
	    "inconclusive" : "ok"));
	js_set(s, "ms", json_integer(ms));
	js_set(o, "summary", s);
	json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	json_decref(o);
}

int
fleet_table_status(const struct fleet_table *t)
{
	return t->nproblem > 0 ? 1 : t->ninconclusive > 0 ? 3 : 0;
}

void
fleet_table_free(struct fleet_table *t)
{
	size_t	 i;

	for (i = 0; i < t->nlist; i++)
		free(t->names[i]);
	free(t->names);
	for (i = 0; i < t->ngroups; i++) {
		free(t->groups[i].id);
		free(t->groups[i].hosts);
		free(t->groups[i].summary);
		free(t->groups[i].lead);
		strlist_free(&t->groups[i].fix);
	}
	free(t->groups);
	memset(t, 0, sizeof *t);
}
