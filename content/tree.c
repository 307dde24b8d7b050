/* tree.c: parser for the decision tree text format (content/FORMAT.md), with line-numbered errors. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "content/tree.h"

#define TREE_LINE_MAX	1000
#define TREE_WORDS_MAX	32
#define TREE_NODES_MAX	1000
#define TREE_ITEMS_MAX	200	/* run entries or rules per node */

static const char *const confidence_names[] = {
	[CONF_CONFIRMED] = "confirmed",
	[CONF_LIKELY] = "likely",
	[CONF_POSSIBLE] = "possible",
};

const char *
confidence_name(enum confidence c)
{
	if ((size_t)c >= sizeof confidence_names / sizeof confidence_names[0])
		return "possible";
	return confidence_names[c];
}

int
confidence_parse(const char *s, enum confidence *c)
{
	size_t	 i;

	for (i = 0; i < sizeof confidence_names / sizeof confidence_names[0]; i++) {
		if (strcmp(s, confidence_names[i]) == 0) {
			*c = (enum confidence)i;
			return 0;
		}
	}
	return -1;
}

/* Ids are lower-case words with digits and dashes: safe in JSON, terminals and file names. */
static int
valid_id(const char *s)
{
	if (*s == '\0' || *s == '-')
		return 0;
	for (; *s != '\0'; s++) {
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-')
			return 0;
	}
	return 1;
}

static void
node_free(struct tree_node *n)
{
	size_t	 i;

	free(n->id);
	free(n->title);
	for (i = 0; i < n->nrun; i++)
		free(n->run[i]);
	free(n->run);
	for (i = 0; i < n->nrules; i++) {
		free(n->rules[i].check);
		free(n->rules[i].outcome);
		free(n->rules[i].target);
	}
	free(n->rules);
}

static void
question_free(struct tree_question *q)
{
	size_t	 i, j;

	free(q->id);
	free(q->mode);
	free(q->text);
	for (i = 0; i < q->nanswers; i++) {
		free(q->answers[i].id);
		free(q->answers[i].text);
		for (j = 0; j < q->answers[i].nboost; j++)
			free(q->answers[i].boost[j]);
		free(q->answers[i].boost);
	}
	free(q->answers);
}

const struct tree_question *
tree_question_find(const struct tree *t, const char *id)
{
	size_t	 i;

	for (i = 0; i < t->nquestions; i++) {
		if (strcmp(t->questions[i].id, id) == 0)
			return &t->questions[i];
	}
	return NULL;
}

const struct tree_answer *
tree_answer_find(const struct tree_question *q, const char *id)
{
	size_t	 i;

	for (i = 0; i < q->nanswers; i++) {
		if (strcmp(q->answers[i].id, id) == 0)
			return &q->answers[i];
	}
	return NULL;
}

static void
conds_free(struct tree_cond *conds, size_t n)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		free(conds[i].check);
		free(conds[i].outcome);
		free(conds[i].fact);
		for (j = 0; j < conds[i].npatterns; j++)
			free(conds[i].patterns[j]);
		free(conds[i].patterns);
	}
	free(conds);
}

static void
relations_free(struct tree *t)
{
	size_t	 i, j;

	for (i = 0; i < t->nrelations; i++) {
		free(t->relations[i].explaining);
		free(t->relations[i].explained);
		conds_free(t->relations[i].conds, t->relations[i].nconds);
		free(t->relations[i].because);
		free(t->relations[i].fix);
	}
	free(t->relations);
	for (i = 0; i < t->nalternatives; i++) {
		free(t->alternatives[i].cause);
		for (j = 0; j < t->alternatives[i].nalso; j++)
			free(t->alternatives[i].also[j]);
		free(t->alternatives[i].also);
		conds_free(t->alternatives[i].conds, t->alternatives[i].nconds);
		free(t->alternatives[i].tells_apart);
	}
	free(t->alternatives);
}

void
tree_free(struct tree *t)
{
	size_t	 i;

	if (t == NULL)
		return;
	relations_free(t);
	for (i = 0; i < t->nquestions; i++)
		question_free(&t->questions[i]);
	free(t->questions);
	for (i = 0; i < t->nnodes; i++)
		node_free(&t->nodes[i]);
	free(t->nodes);
	for (i = 0; i < t->nstarts; i++) {
		free(t->starts[i].mode);
		free(t->starts[i].node);
	}
	free(t->starts);
	free(t);
}

const struct tree_node *
tree_node_find(const struct tree *t, const char *id)
{
	size_t	 i;

	for (i = 0; i < t->nnodes; i++) {
		if (strcmp(t->nodes[i].id, id) == 0)
			return &t->nodes[i];
	}
	return NULL;
}

const char *
tree_start_node(const struct tree *t, const char *mode)
{
	size_t	 i;

	for (i = 0; i < t->nstarts; i++) {
		if (strcmp(t->starts[i].mode, mode) == 0)
			return t->starts[i].node;
	}
	return NULL;
}

/* Split line in place into words; returns the count or -1 when there are too many. */
static int
split(char *line, char **words)
{
	int	 n = 0;
	char	*p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return n;
		if (*p == '#')
			return n;	/* a comment runs to the end of the line */
		if (n == TREE_WORDS_MAX)
			return -1;
		words[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
}

static int
parse_rule(struct tree_node *node, char **w, int nw, int lineno, char **err)
{
	struct tree_rule	 r;

	memset(&r, 0, sizeof r);
	r.line = lineno;
	if (nw < 4)
		return set_cause(err, "'on' needs: on CHECK OUTCOME ACTION");
	if (!valid_id(w[1]))
		return set_cause(err, "bad check id '%s'", w[1]);
	if (strcmp(w[2], "*") != 0 && !valid_id(w[2]))
		return set_cause(err, "bad outcome '%s'", w[2]);
	if (strcmp(w[3], "cause") == 0) {
		if (nw != 6)
			return set_cause(err, "'cause' needs: cause CAUSE-ID CONFIDENCE");
		if (!valid_id(w[4]))
			return set_cause(err, "bad cause id '%s'", w[4]);
		if (confidence_parse(w[5], &r.conf) != 0)
			return set_cause(err, "bad confidence '%s' (confirmed, likely, possible)", w[5]);
		r.action = RULE_CAUSE;
		r.target = xstrdup(w[4]);
	} else if (strcmp(w[3], "goto") == 0) {
		if (nw != 5)
			return set_cause(err, "'goto' needs: goto NODE");
		if (!valid_id(w[4]))
			return set_cause(err, "bad node id '%s'", w[4]);
		r.action = RULE_GOTO;
		r.target = xstrdup(w[4]);
	} else if (strcmp(w[3], "ok") == 0 || strcmp(w[3], "inconclusive") == 0) {
		if (nw != 4)
			return set_cause(err, "'%s' takes no arguments", w[3]);
		r.action = w[3][0] == 'o' ? RULE_OK : RULE_INCONCLUSIVE;
	} else
		return set_cause(err, "unknown action '%s' (cause, goto, ok, inconclusive)", w[3]);
	if (node->nrules >= TREE_ITEMS_MAX) {
		free(r.target);
		return set_cause(err, "too many rules in node %s", node->id);
	}
	r.check = xstrdup(w[1]);
	r.outcome = xstrdup(w[2]);
	node->rules = xreallocarray(node->rules, node->nrules + 1, sizeof *node->rules);
	node->rules[node->nrules++] = r;
	return 0;
}

/* Words w[from..nw) joined by single spaces. */
static char *
join_words(char **w, int from, int nw)
{
	size_t	 len = 1;
	char	*s;
	int	 i;

	for (i = from; i < nw; i++)
		len += strlen(w[i]) + 1;
	s = xmalloc(len);
	s[0] = '\0';
	for (i = from; i < nw; i++) {
		strcat(s, w[i]);
		if (i + 1 < nw)
			strcat(s, " ");
	}
	return s;
}

/* question ID MODE / text ... / answer ID TEXT... / boost ANSWER-ID CAUSE... */
static int
parse_question_line(struct tree_question *q, char **w, int nw, char **err)
{
	struct tree_answer	*a;
	int			 i;

	if (strcmp(w[0], "text") == 0) {
		if (nw < 2 || q->text != NULL)
			return set_cause(err, "'text' needs the question, once");
		q->text = join_words(w, 1, nw);
		return 0;
	}
	if (strcmp(w[0], "answer") == 0) {
		if (nw < 3 || !valid_id(w[1]))
			return set_cause(err, "'answer' needs: answer ID TEXT");
		if (tree_answer_find(q, w[1]) != NULL || q->nanswers >= TREE_ITEMS_MAX)
			return set_cause(err, "answer %s repeated or too many answers", w[1]);
		q->answers = xreallocarray(q->answers, q->nanswers + 1, sizeof *q->answers);
		a = &q->answers[q->nanswers++];
		memset(a, 0, sizeof *a);
		a->id = xstrdup(w[1]);
		a->text = join_words(w, 2, nw);
		return 0;
	}
	if (strcmp(w[0], "boost") == 0) {
		if (nw < 3 || (a = (struct tree_answer *)tree_answer_find(q, w[1])) == NULL)
			return set_cause(err, "'boost' needs: boost ANSWER-ID CAUSE... "
			    "(after that answer)");
		for (i = 2; i < nw; i++) {
			if (!valid_id(w[i]) || a->nboost >= TREE_ITEMS_MAX)
				return set_cause(err, "bad cause id '%s'", w[i]);
			a->boost = xreallocarray(a->boost, a->nboost + 1, sizeof *a->boost);
			a->boost[a->nboost++] = xstrdup(w[i]);
		}
		return 0;
	}
	return set_cause(err, "unknown keyword '%s' in a question", w[0]);
}

/* Text that may go on over several lines of the same keyword: joined by a space. */
static void
append_text(char **to, char **w, int from, int nw)
{
	char	*more = join_words(w, from, nw), *s;

	if (*to == NULL) {
		*to = more;
		return;
	}
	xasprintf(&s, "%s %s", *to, more);
	free(*to);
	free(more);
	*to = s;
}

/* KEYWORD TEXT...: text that goes on over lines of the same keyword. */
static int
parse_text(char **to, char **w, int nw, char **err)
{
	if (nw < 2)
		return set_cause(err, "'%s' needs text", w[0]);
	append_text(to, w, 1, nw);
	return 0;
}

/* when CHECK OUTCOME | when CHECK FACT ~ PATTERN... */
static int
parse_cond(struct tree_cond **conds, size_t *nconds, char **w, int nw, int lineno,
    char **err)
{
	struct tree_cond	*c;
	int			 i;

	if (nw != 3 && (nw < 5 || strcmp(w[3], "~") != 0))
		return set_cause(err, "'when' needs: when CHECK OUTCOME, or "
		    "when CHECK FACT ~ PATTERN...");
	if (!valid_id(w[1]))
		return set_cause(err, "bad check id '%s'", w[1]);
	if (*nconds >= TREE_ITEMS_MAX)
		return set_cause(err, "too many conditions");
	*conds = xreallocarray(*conds, *nconds + 1, sizeof **conds);
	c = &(*conds)[(*nconds)++];
	memset(c, 0, sizeof *c);
	c->check = xstrdup(w[1]);
	c->line = lineno;
	if (nw == 3) {
		if (!valid_id(w[2]))
			return set_cause(err, "bad outcome '%s'", w[2]);
		c->outcome = xstrdup(w[2]);
		return 0;
	}
	c->fact = xstrdup(w[2]);
	c->patterns = xcalloc((size_t)(nw - 4), sizeof *c->patterns);
	for (i = 4; i < nw; i++)
		c->patterns[c->npatterns++] = xstrdup(w[i]);
	return 0;
}

/* The lines of an explains statement: when, because, fix. */
static int
parse_relation_line(struct tree_relation *r, char **w, int nw, int lineno, char **err)
{
	if (strcmp(w[0], "when") == 0)
		return parse_cond(&r->conds, &r->nconds, w, nw, lineno, err);
	if (strcmp(w[0], "because") == 0)
		return parse_text(&r->because, w, nw, err);
	if (strcmp(w[0], "carries-confidence") == 0) {
		if (nw != 1)
			return set_cause(err, "'carries-confidence' takes no arguments");
		r->carries = 1;
		return 0;
	}
	if (strcmp(w[0], "fix") == 0) {
		if (nw != 2 || !valid_id(w[1]) || r->fix != NULL)
			return set_cause(err, "'fix' needs: fix CAUSE-ID, once");
		r->fix = xstrdup(w[1]);
		return 0;
	}
	return set_cause(err, "unknown keyword '%s' in explains (when, because, "
	    "carries-confidence, fix)", w[0]);
}

/* The lines of an alternatives statement: also, when, tells-apart. */
static int
parse_alternatives_line(struct tree_alternatives *a, char **w, int nw, int lineno,
    char **err)
{
	int	 i;

	if (strcmp(w[0], "when") == 0)
		return parse_cond(&a->conds, &a->nconds, w, nw, lineno, err);
	if (strcmp(w[0], "tells-apart") == 0)
		return parse_text(&a->tells_apart, w, nw, err);
	if (strcmp(w[0], "also") == 0) {
		if (nw < 2)
			return set_cause(err, "'also' needs: also CAUSE...");
		for (i = 1; i < nw; i++) {
			if (!valid_id(w[i]) || a->nalso >= TREE_ITEMS_MAX)
				return set_cause(err, "bad cause id '%s'", w[i]);
			a->also = xreallocarray(a->also, a->nalso + 1, sizeof *a->also);
			a->also[a->nalso++] = xstrdup(w[i]);
		}
		return 0;
	}
	return set_cause(err, "unknown keyword '%s' in alternatives (also, when, "
	    "tells-apart)", w[0]);
}

/* explains A B / alternatives C: open a statement whose lines follow. */
static int
parse_statement(struct tree *t, char **w, int nw, int lineno, char **err)
{
	struct tree_relation	*r;
	struct tree_alternatives *a;

	if (t->nrelations + t->nalternatives >= TREE_NODES_MAX)
		return set_cause(err, "too many statements");
	if (strcmp(w[0], "explains") == 0) {
		if (nw != 3 || !valid_id(w[1]) || !valid_id(w[2]))
			return set_cause(err, "'explains' needs: explains CAUSE-ID CAUSE-ID");
		if (strcmp(w[1], w[2]) == 0)
			return set_cause(err, "a cause cannot explain itself");
		t->relations = xreallocarray(t->relations, t->nrelations + 1,
		    sizeof *t->relations);
		r = &t->relations[t->nrelations++];
		memset(r, 0, sizeof *r);
		r->explaining = xstrdup(w[1]);
		r->explained = xstrdup(w[2]);
		r->line = lineno;
		t->in_block = 1;
		return 0;
	}
	if (nw != 2 || !valid_id(w[1]))
		return set_cause(err, "'alternatives' needs: alternatives CAUSE-ID");
	t->alternatives = xreallocarray(t->alternatives, t->nalternatives + 1,
	    sizeof *t->alternatives);
	a = &t->alternatives[t->nalternatives++];
	memset(a, 0, sizeof *a);
	a->cause = xstrdup(w[1]);
	a->line = lineno;
	t->in_block = 2;
	return 0;
}

static int
parse_line(struct tree *t, struct tree_node **cur, char *line, int lineno, char **err)
{
	char		*w[TREE_WORDS_MAX];
	int		 nw, i;
	size_t		 j;

	nw = split(line, w);
	if (nw < 0)
		return set_cause(err, "too many words");
	if (nw == 0)
		return 0;
	if (strcmp(w[0], "explains") == 0 || strcmp(w[0], "alternatives") == 0) {
		*cur = NULL;
		t->in_question = 0;
		return parse_statement(t, w, nw, lineno, err);
	}
	if (t->in_block != 0 && strcmp(w[0], "node") != 0 && strcmp(w[0], "start") != 0 &&
	    strcmp(w[0], "question") != 0) {
		if (t->in_block == 1)
			return parse_relation_line(&t->relations[t->nrelations - 1], w, nw,
			    lineno, err);
		return parse_alternatives_line(&t->alternatives[t->nalternatives - 1], w,
		    nw, lineno, err);
	}
	t->in_block = 0;
	if (strcmp(w[0], "start") == 0) {
		if (nw != 3)
			return set_cause(err, "'start' needs: start MODE NODE");
		if (strcmp(w[1], "client") != 0 && strcmp(w[1], "server") != 0 &&
		    strcmp(w[1], "explain") != 0)
			return set_cause(err, "unknown mode '%s' (client, server, explain)", w[1]);
		if (!valid_id(w[2]))
			return set_cause(err, "bad node id '%s'", w[2]);
		if (tree_start_node(t, w[1]) != NULL)
			return set_cause(err, "second start for mode %s", w[1]);
		t->starts = xreallocarray(t->starts, t->nstarts + 1, sizeof *t->starts);
		t->starts[t->nstarts].mode = xstrdup(w[1]);
		t->starts[t->nstarts].node = xstrdup(w[2]);
		t->starts[t->nstarts].line = lineno;
		t->nstarts++;
		return 0;
	}
	if (strcmp(w[0], "question") == 0) {
		if (nw != 3 || !valid_id(w[1]))
			return set_cause(err, "'question' needs: question ID MODE");
		if (strcmp(w[2], "client") != 0 && strcmp(w[2], "server") != 0 &&
		    strcmp(w[2], "explain") != 0)
			return set_cause(err, "unknown mode '%s'", w[2]);
		if (tree_question_find(t, w[1]) != NULL || t->nquestions >= TREE_ITEMS_MAX)
			return set_cause(err, "question %s defined twice or too many", w[1]);
		t->questions = xreallocarray(t->questions, t->nquestions + 1,
		    sizeof *t->questions);
		memset(&t->questions[t->nquestions], 0, sizeof *t->questions);
		t->questions[t->nquestions].id = xstrdup(w[1]);
		t->questions[t->nquestions].mode = xstrdup(w[2]);
		t->questions[t->nquestions].line = lineno;
		t->nquestions++;
		*cur = NULL;
		t->in_question = 1;
		return 0;
	}
	if (t->in_question && strcmp(w[0], "node") != 0 && strcmp(w[0], "start") != 0)
		return parse_question_line(&t->questions[t->nquestions - 1], w, nw, err);
	if (strcmp(w[0], "node") == 0) {
		t->in_question = 0;
		if (nw != 2)
			return set_cause(err, "'node' needs: node ID");
		if (!valid_id(w[1]))
			return set_cause(err, "bad node id '%s'", w[1]);
		if (tree_node_find(t, w[1]) != NULL)
			return set_cause(err, "node %s defined twice", w[1]);
		if (t->nnodes >= TREE_NODES_MAX)
			return set_cause(err, "too many nodes");
		t->nodes = xreallocarray(t->nodes, t->nnodes + 1, sizeof *t->nodes);
		*cur = &t->nodes[t->nnodes++];
		memset(*cur, 0, sizeof **cur);
		(*cur)->id = xstrdup(w[1]);
		(*cur)->line = lineno;
		return 0;
	}
	if (*cur == NULL)
		return set_cause(err, "'%s' outside a node", w[0]);
	if (strcmp(w[0], "title") == 0) {
		if (nw < 2)
			return set_cause(err, "'title' needs text");
		if ((*cur)->title != NULL)
			return set_cause(err, "node %s has two titles", (*cur)->id);
		(*cur)->title = join_words(w, 1, nw);
		return 0;
	}
	if (strcmp(w[0], "run") == 0) {
		if (nw < 2)
			return set_cause(err, "'run' needs at least one check");
		for (i = 1; i < nw; i++) {
			if (!valid_id(w[i]))
				return set_cause(err, "bad check id '%s'", w[i]);
			for (j = 0; j < (*cur)->nrun; j++) {
				if (strcmp((*cur)->run[j], w[i]) == 0)
					return set_cause(err, "check %s named twice", w[i]);
			}
			if ((*cur)->nrun >= TREE_ITEMS_MAX)
				return set_cause(err, "too many checks in node %s", (*cur)->id);
			(*cur)->run = xreallocarray((*cur)->run, (*cur)->nrun + 1,
			    sizeof *(*cur)->run);
			(*cur)->run[(*cur)->nrun++] = xstrdup(w[i]);
		}
		return 0;
	}
	if (strcmp(w[0], "on") == 0)
		return parse_rule(*cur, w, nw, lineno, err);
	return set_cause(err, "unknown keyword '%s'", w[0]);
}

int
tree_parse(const char *text, size_t len, const char *name, struct tree **out,
    char **cause)
{
	struct tree	*t;
	struct tree_node *cur = NULL;
	const char	*p = text, *end = text + len, *nl;
	char		*line, *err = NULL;
	size_t		 llen;
	int		 lineno = 0;

	*out = NULL;
	t = xcalloc(1, sizeof *t);
	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		llen = (size_t)((nl ? nl : end) - p);
		if (llen > TREE_LINE_MAX) {
			set_cause(&err, "line longer than %d bytes", TREE_LINE_MAX);
			goto fail;
		}
		if (memchr(p, '\0', llen) != NULL) {
			set_cause(&err, "NUL byte");
			goto fail;
		}
		line = xstrndup(p, llen);
		if (llen > 0 && line[llen - 1] == '\r')
			line[llen - 1] = '\0';
		if (!sanitized_ok(line)) {
			free(line);
			set_cause(&err, "control character or invalid UTF-8");
			goto fail;
		}
		if (parse_line(t, &cur, line, lineno, &err) != 0) {
			free(line);
			goto fail;
		}
		free(line);
		p = nl ? nl + 1 : end;
	}
	if (t->nstarts == 0) {
		set_cause(&err, "no 'start' line");
		goto fail;
	}
	*out = t;
	return 0;
fail:
	set_cause(cause, "%s:%d: %s", name, lineno, err);
	free(err);
	tree_free(t);
	return -1;
}
