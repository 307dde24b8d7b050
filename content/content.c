/* content.c: loads the tree, the cause list and articles (embedded or from a directory) and lints them. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "content/apply.h"
#include "content/content.h"

#define CAUSES_MAX 1000

struct bundle_entry {
	const char		*name;
	const unsigned char	*data;
	size_t			 len;
};
extern const struct bundle_entry bundle_entries[];

const char *
bundle_file(const char *name, size_t *len)
{
	size_t	 i;

	for (i = 0; bundle_entries[i].name != NULL; i++) {
		if (strcmp(bundle_entries[i].name, name) == 0) {
			*len = bundle_entries[i].len;
			return (const char *)bundle_entries[i].data;
		}
	}
	return NULL;
}

/* Read one content file: from the bundle, or DIR/NAME bounded by CONTENT_FILE_MAX. */
static int
content_read(const struct content *c, const char *name, char **buf, size_t *len,
    char **cause)
{
	const char	*data;
	char		*path;
	int		 rc;

	if (c->dir == NULL) {
		if ((data = bundle_file(name, len)) == NULL)
			return set_cause(cause, "%s: not in the bundled content", name);
		*buf = xmalloc(*len + 1);
		memcpy(*buf, data, *len);
		(*buf)[*len] = '\0';
		return 0;
	}
	xasprintf(&path, "%s/%s", c->dir, name);
	rc = read_file_bounded(path, CONTENT_FILE_MAX, buf, len, cause);
	free(path);
	return rc;
}

static int
valid_cause_id(const char *s)
{
	if (*s == '\0' || *s == '-' || strlen(s) > 64)
		return 0;
	for (; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	}
	return 1;
}

static int
parse_causes(struct content *c, const char *text, size_t len, char **cause)
{
	const char	*p = text, *end = text + len, *nl;
	char		*line, *f[4], *s;
	int		 lineno = 0, i;
	size_t		 llen;

	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		llen = (size_t)((nl ? nl : end) - p);
		line = xstrndup(p, llen);
		p = nl ? nl + 1 : end;
		if (*line == '\0' || strncmp(line, "id\t", 3) == 0) {
			free(line);
			continue;
		}
		s = line;
		for (i = 0; i < 4; i++) {
			f[i] = s;
			if (i < 3 && (s = strchr(s, '\t')) != NULL)
				*s++ = '\0';
			else if (i < 3) {
				free(line);
				return set_cause(cause, "causes.tsv:%d: expected 4 "
				    "tab-separated fields", lineno);
			}
		}
		if (!valid_cause_id(f[0]) || content_cause(c, f[0]) != NULL ||
		    c->ncauses >= CAUSES_MAX) {
			set_cause(cause, "causes.tsv:%d: bad or repeated cause id", lineno);
			free(line);
			return -1;
		}
		c->causes = xreallocarray(c->causes, c->ncauses + 1, sizeof *c->causes);
		c->causes[c->ncauses].id = xstrdup(f[0]);
		c->causes[c->ncauses].seen_from = sanitize_str(f[1], 32);
		c->causes[c->ncauses].title = sanitize_str(f[2], 200);
		c->causes[c->ncauses].first_seen = sanitize_str(f[3], 300);
		c->ncauses++;
		free(line);
	}
	if (c->ncauses == 0)
		return set_cause(cause, "causes.tsv: no causes");
	return 0;
}

int
content_load(const char *dir, struct content **out, char **cause)
{
	struct content	*c;
	char		*buf = NULL;
	size_t		 len;
	int		 rc = -1;

	c = xcalloc(1, sizeof *c);
	if (dir != NULL)
		c->dir = xstrdup(dir);
	if (content_read(c, "causes.tsv", &buf, &len, cause) != 0)
		goto out;
	if (parse_causes(c, buf, len, cause) != 0)
		goto out;
	free(buf);
	buf = NULL;
	if (content_read(c, "tree.txt", &buf, &len, cause) != 0)
		goto out;
	if (tree_parse(buf, len, "tree.txt", &c->tree, cause) != 0)
		goto out;
	rc = 0;
out:
	free(buf);
	if (rc != 0) {
		content_free(c);
		c = NULL;
	}
	*out = c;
	return rc;
}

void
content_free(struct content *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ncauses; i++) {
		free(c->causes[i].id);
		free(c->causes[i].seen_from);
		free(c->causes[i].title);
		free(c->causes[i].first_seen);
	}
	free(c->causes);
	tree_free(c->tree);
	free(c->dir);
	free(c);
}

const struct cause_info *
content_cause(const struct content *c, const char *id)
{
	size_t	 i;

	for (i = 0; i < c->ncauses; i++) {
		if (strcmp(c->causes[i].id, id) == 0)
			return &c->causes[i];
	}
	return NULL;
}

int
content_article(const struct content *c, const char *id, struct article **out,
    char **cause)
{
	char	*name, *buf = NULL;
	size_t	 len;
	int	 rc;

	*out = NULL;
	/* The id becomes a file name: only plain ids, never a path. */
	if (!valid_cause_id(id))
		return set_cause(cause, "bad article id");
	xasprintf(&name, "articles/%s.txt", id);
	rc = content_read(c, name, &buf, &len, cause);
	if (rc == 0)
		rc = article_parse(buf, len, name, out, cause);
	free(buf);
	free(name);
	return rc;
}

/* --- lint --- */

static void
lint_node(const struct content *c, const struct tree_node *n, struct strlist *pr)
{
	const struct check_entry *e;
	const struct tree_rule	*r;
	size_t			 i, j, k;
	int			 found;

	if (n->title == NULL)
		strlist_addf(pr, "tree.txt:%d: node %s has no title", n->line, n->id);
	if (n->nrun == 0)
		strlist_addf(pr, "tree.txt:%d: node %s runs no check", n->line, n->id);
	for (i = 0; i < n->nrules; i++) {
		r = &n->rules[i];
		for (found = 0, j = 0; j < n->nrun; j++)
			found |= strcmp(n->run[j], r->check) == 0;
		if (!found)
			strlist_addf(pr, "tree.txt:%d: rule for %s, which node %s "
			    "does not run", r->line, r->check, n->id);
		e = check_find(r->check);
		if (e != NULL && strcmp(r->outcome, "*") != 0 &&
		    !check_has_outcome(e, r->outcome))
			strlist_addf(pr, "tree.txt:%d: check %s has no outcome '%s'",
			    r->line, r->check, r->outcome);
		if (r->action == RULE_CAUSE && content_cause(c, r->target) == NULL)
			strlist_addf(pr, "tree.txt:%d: unknown cause id %s", r->line,
			    r->target);
		if (r->action == RULE_GOTO && tree_node_find(c->tree, r->target) == NULL)
			strlist_addf(pr, "tree.txt:%d: goto unknown node %s", r->line,
			    r->target);
	}
	for (i = 0; i < n->nrun; i++) {
		if ((e = check_find(n->run[i])) == NULL) {
			strlist_addf(pr, "tree.txt:%d: node %s runs unknown check %s",
			    n->line, n->id, n->run[i]);
			continue;
		}
		for (j = 0; e->outcomes[j] != NULL; j++) {
			for (found = 0, k = 0; k < n->nrules; k++) {
				r = &n->rules[k];
				found |= strcmp(r->check, e->id) == 0 &&
				    (strcmp(r->outcome, "*") == 0 ||
				    strcmp(r->outcome, e->outcomes[j]) == 0);
			}
			if (!found)
				strlist_addf(pr, "tree.txt:%d: node %s does not route "
				    "outcome '%s' of %s", n->line, n->id,
				    e->outcomes[j], e->id);
		}
	}
}

/* Depth-first over gotos: marks reachable nodes and reports cycles. */
static void
lint_walk(const struct tree *t, size_t i, char *state, struct strlist *pr)
{
	const struct tree_node	*n = &t->nodes[i];
	const struct tree_node	*next;
	size_t			 j;

	state[i] = 1;	/* on the stack */
	for (j = 0; j < n->nrules; j++) {
		if (n->rules[j].action != RULE_GOTO)
			continue;
		if ((next = tree_node_find(t, n->rules[j].target)) == NULL)
			continue;
		size_t k = (size_t)(next - t->nodes);
		if (state[k] == 1)
			strlist_addf(pr, "tree.txt:%d: goto %s makes a cycle",
			    n->rules[j].line, next->id);
		else if (state[k] == 0)
			lint_walk(t, k, state, pr);
	}
	state[i] = 2;	/* done */
}

/*
 * A prose line that starts like a shell command ("systemctl reload ssh",
 * "chmod 600 ...") should be a "$ " or "# " line: only those are shown as
 * commands and can be copied.
 */
static int
looks_like_command(const char *text)
{
	static const char *const commands[] = {
		"sudo ", "systemctl ", "ssh-keygen ", "sshd ", "ssh ", "journalctl ",
		"iptables ", "ip6tables ", "nft ", "ufw ", "firewall-cmd ", "semanage ",
		"fail2ban-client ", "chmod ", "chown ", "restorecon ", "rc-service ",
		"ss ", "ssh-add ", "ssh-keyscan ", "grep ", "ldd ", NULL
	};
	size_t	 i, n;

	for (i = 0; commands[i] != NULL; i++) {
		n = strlen(commands[i]);
		/* a command takes an option or an argument; prose goes on in words */
		if (strncmp(text, commands[i], n) == 0 &&
		    (text[n] == '-' || text[n] == '/' || text[n] == '~'))
			return 1;
	}
	return 0;
}

/* Whether some check in the registry declares the fact, so that it may one day fill it. */
static int
fact_declared(const char *name)
{
	size_t	 i;

	for (i = 0; check_table[i] != NULL; i++) {
		if (check_declares_fact(check_table[i], name))
			return 1;
	}
	return 0;
}

/* Every placeholder names a fact of the vocabulary that some check declares. */
static void
lint_placeholders(const struct article *a, const char *name, struct strlist *pr)
{
	struct article_placeholder ph;
	const char	*p;
	char		 fact[ARTICLE_PLACEHOLDER_NAME_MAX + 1];
	size_t		 i, n;

	for (i = 0; i < a->nlines; i++) {
		for (p = a->lines[i].raw; *p != '\0'; p += n) {
			if ((n = article_placeholder(p, &ph)) == 0) {
				n = 1;
				continue;
			}
			snprintf(fact, sizeof fact, "%.*s", (int)ph.namelen, ph.name);
			if (!check_fact_known(fact))
				strlist_addf(pr, "%s: placeholder {%s}: not a fact name "
				    "(checks/check.c check_fact_names)", name, fact);
			else if (!fact_declared(fact))
				strlist_addf(pr, "%s: placeholder {%s}: no check declares "
				    "this fact in its facts list", name, fact);
		}
	}
}

static void
lint_article(const struct content *c, const struct cause_info *ci, struct strlist *pr)
{
	struct article	*a;
	char		*err = NULL, name[128];
	size_t		 i, apply, apply_end;

	snprintf(name, sizeof name, "articles/%s.txt", ci->id);
	if (content_article(c, ci->id, &a, &err) != 0) {
		strlist_addf(pr, "%s", err);
		free(err);
		return;
	}
	if (article_check(a, name, &err) != 0) {
		strlist_addf(pr, "%s", err);
		free(err);
	}
	if (strcmp(a->id, ci->id) != 0)
		strlist_addf(pr, "%s: id: %s does not match the file name", name, a->id);
	if (strcmp(a->title, ci->title) != 0)
		strlist_addf(pr, "%s: title differs from causes.tsv", name);
	apply = fix_apply_section(a, &apply_end);
	for (i = 0; i < a->nlines; i++) {
		if (i >= apply && i < apply_end)
			continue;	/* verbs, not commands: fix_apply_lint reads them */
		if (a->lines[i].kind == ALINE_SEE && content_cause(c, a->lines[i].text) == NULL)
			strlist_addf(pr, "%s: see: unknown cause %s", name, a->lines[i].text);
		/* Only where a paragraph starts: wrapped prose may begin with anything. */
		if ((a->lines[i].kind == ALINE_STEP || (a->lines[i].kind == ALINE_TEXT &&
		    (i == 0 || (a->lines[i - 1].kind != ALINE_TEXT &&
		    a->lines[i - 1].kind != ALINE_STEP)))) &&
		    looks_like_command(a->lines[i].text))
			strlist_addf(pr, "%s: a command outside a '$ ' or '# ' line: %.60s",
			    name, a->lines[i].text);
	}
	lint_placeholders(a, name, pr);
	fix_apply_lint(a, name, pr);
	article_free(a);
}

/* Every article file must belong to a cause id: an orphan is a renamed or misspelled id. */
static void
lint_orphans(const struct content *c, struct strlist *pr)
{
	struct strlist	 names = { NULL, 0 };
	struct dirent	*de;
	DIR		*d;
	char		*path, id[128];
	size_t		 i, len;

	if (c->dir == NULL) {
		for (i = 0; bundle_entries[i].name != NULL; i++) {
			if (strncmp(bundle_entries[i].name, "articles/", 9) == 0)
				strlist_add(&names, bundle_entries[i].name + 9);
		}
	} else {
		xasprintf(&path, "%s/articles", c->dir);
		if ((d = opendir(path)) != NULL) {
			while ((de = readdir(d)) != NULL && names.n < 10000) {
				if (de->d_name[0] != '.')
					strlist_add(&names, de->d_name);
			}
			closedir(d);
		}
		free(path);
	}
	for (i = 0; i < names.n; i++) {
		len = strlen(names.v[i]);
		if (len < 5 || len >= sizeof id || strcmp(names.v[i] + len - 4, ".txt") != 0) {
			strlist_addf(pr, "articles/%s: not an article file (ID.txt)",
			    names.v[i]);
			continue;
		}
		memcpy(id, names.v[i], len - 4);
		id[len - 4] = '\0';
		if (content_cause(c, id) == NULL)
			strlist_addf(pr, "articles/%s: no cause id %s in causes.tsv",
			    names.v[i], id);
	}
	strlist_free(&names);
}

static void
lint_questions(const struct content *c, struct strlist *pr)
{
	const struct tree_question *q;
	size_t			 i, j, k;

	for (i = 0; i < c->tree->nquestions; i++) {
		q = &c->tree->questions[i];
		if (q->text == NULL)
			strlist_addf(pr, "tree.txt:%d: question %s has no text", q->line, q->id);
		if (q->nanswers < 2)
			strlist_addf(pr, "tree.txt:%d: question %s needs two answers or more",
			    q->line, q->id);
		if (tree_start_node(c->tree, q->mode) == NULL)
			strlist_addf(pr, "tree.txt:%d: question %s is for mode %s, which has "
			    "no start", q->line, q->id, q->mode);
		for (j = 0; j < q->nanswers; j++) {
			for (k = 0; k < q->answers[j].nboost; k++) {
				if (content_cause(c, q->answers[j].boost[k]) == NULL)
					strlist_addf(pr, "tree.txt:%d: question %s boosts "
					    "unknown cause %s", q->line, q->id,
					    q->answers[j].boost[k]);
			}
		}
	}
}

/* A condition names a check in the registry, an outcome it declares, a fact it declares. */
static void
lint_conds(const struct tree_cond *conds, size_t n, struct strlist *pr)
{
	const struct check_entry *e;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if ((e = check_find(conds[i].check)) == NULL) {
			strlist_addf(pr, "tree.txt:%d: when: unknown check %s", conds[i].line,
			    conds[i].check);
			continue;
		}
		if (conds[i].outcome != NULL && !check_has_outcome(e, conds[i].outcome))
			strlist_addf(pr, "tree.txt:%d: when: check %s has no outcome '%s'",
			    conds[i].line, e->id, conds[i].outcome);
		if (conds[i].fact != NULL && !check_declares_fact(e, conds[i].fact))
			strlist_addf(pr, "tree.txt:%d: when: check %s does not declare the "
			    "fact %s", conds[i].line, e->id, conds[i].fact);
	}
}

/* Depth-first over explains: 1 on the stack, 2 done; reports each edge that closes a cycle. */
static void
lint_explains_walk(const struct tree *t, size_t i, char *state, struct strlist *pr)
{
	const struct tree_relation *r = &t->relations[i], *next;
	size_t			 j;

	state[i] = 1;
	for (j = 0; j < t->nrelations; j++) {
		next = &t->relations[j];
		if (strcmp(next->explaining, r->explained) != 0)
			continue;
		if (state[j] == 1)
			strlist_addf(pr, "tree.txt:%d: explains %s %s makes a cycle",
			    next->line, next->explaining, next->explained);
		else if (state[j] == 0)
			lint_explains_walk(t, j, state, pr);
	}
	state[i] = 2;
}

/* explains and alternatives: known cause ids, valid conditions, text, no cycle. */
static void
lint_relations(const struct content *c, struct strlist *pr)
{
	const struct tree	*t = c->tree;
	const struct tree_relation *r;
	const struct tree_alternatives *a;
	char			*state;
	size_t			 i, j;

	for (i = 0; i < t->nrelations; i++) {
		r = &t->relations[i];
		if (content_cause(c, r->explaining) == NULL)
			strlist_addf(pr, "tree.txt:%d: explains unknown cause id %s", r->line,
			    r->explaining);
		if (content_cause(c, r->explained) == NULL)
			strlist_addf(pr, "tree.txt:%d: explains unknown cause id %s", r->line,
			    r->explained);
		if (r->fix != NULL && content_cause(c, r->fix) == NULL)
			strlist_addf(pr, "tree.txt:%d: fix: unknown cause id %s", r->line,
			    r->fix);
		if (r->because == NULL)
			strlist_addf(pr, "tree.txt:%d: explains %s %s has no because line",
			    r->line, r->explaining, r->explained);
		lint_conds(r->conds, r->nconds, pr);
	}
	state = xcalloc(t->nrelations + 1, 1);
	for (i = 0; i < t->nrelations; i++) {
		if (state[i] == 0)
			lint_explains_walk(t, i, state, pr);
	}
	free(state);
	for (i = 0; i < t->nalternatives; i++) {
		a = &t->alternatives[i];
		if (content_cause(c, a->cause) == NULL)
			strlist_addf(pr, "tree.txt:%d: alternatives: unknown cause id %s",
			    a->line, a->cause);
		if (a->nalso == 0 || a->tells_apart == NULL)
			strlist_addf(pr, "tree.txt:%d: alternatives %s needs also and "
			    "tells-apart lines", a->line, a->cause);
		for (j = 0; j < a->nalso; j++) {
			if (content_cause(c, a->also[j]) == NULL ||
			    strcmp(a->also[j], a->cause) == 0)
				strlist_addf(pr, "tree.txt:%d: alternatives: bad cause id %s",
				    a->line, a->also[j]);
		}
		lint_conds(a->conds, a->nconds, pr);
	}
}

size_t
content_lint(const struct content *c, struct strlist *pr)
{
	const struct tree	*t = c->tree;
	const struct tree_node	*n;
	char			*state;
	size_t			 i, before = pr->n;

	state = xcalloc(t->nnodes + 1, 1);
	for (i = 0; i < t->nstarts; i++) {
		if ((n = tree_node_find(t, t->starts[i].node)) == NULL) {
			strlist_addf(pr, "tree.txt:%d: start at unknown node %s",
			    t->starts[i].line, t->starts[i].node);
			continue;
		}
		if (state[n - t->nodes] == 0)
			lint_walk(t, (size_t)(n - t->nodes), state, pr);
	}
	for (i = 0; i < t->nnodes; i++) {
		if (state[i] == 0)
			strlist_addf(pr, "tree.txt:%d: node %s is unreachable",
			    t->nodes[i].line, t->nodes[i].id);
		lint_node(c, &t->nodes[i], pr);
	}
	free(state);
	lint_questions(c, pr);
	lint_relations(c, pr);
	for (i = 0; i < c->ncauses; i++)
		lint_article(c, &c->causes[i], pr);
	lint_orphans(c, pr);
	return pr->n - before;
}

void
content_undetected(const struct content *c, struct strlist *out)
{
	const struct tree	*t = c->tree;
	size_t			 i, j, k;
	int			 found;

	for (i = 0; i < c->ncauses; i++) {
		found = 0;
		for (j = 0; j < t->nnodes && !found; j++) {
			for (k = 0; k < t->nodes[j].nrules; k++) {
				if (t->nodes[j].rules[k].action == RULE_CAUSE &&
				    strcmp(t->nodes[j].rules[k].target, c->causes[i].id) == 0)
					found = 1;
			}
		}
		if (!found)
			strlist_add(out, c->causes[i].id);
	}
}
