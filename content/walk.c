/* walk.c: walks the decision tree, asking the scheduler for each node's checks, ranking causes. */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "checks/client/sshconf.h"
#include "content/walk.h"
#include "lib/xmalloc.h"

/* A walk never visits more nodes than this (the lint also forbids cycles). */
#define WALK_MAX_STEPS	64

int
walk_live_jobs(void)
{
	return sched_live_jobs();
}

struct walk *
walk_new_table(const struct content *content, const struct check_options *opt,
    const struct check_entry *const *table)
{
	struct walk	*w;

	w = xcalloc(1, sizeof *w);
	w->sched = sched_new(table, opt);
	w->content = content;
	w->opt = *opt;
	w->checks = xcalloc(w->sched->maxchecks, sizeof *w->checks);
	return w;
}

struct walk *
walk_new(const struct content *content, const struct check_options *opt)
{
	return walk_new_table(content, opt, check_table);
}

/* Bring the walk's view of its checks up to date with the scheduler. Called locked. */
static void
sync_checks(struct walk *w)
{
	const struct sched_check *sc;
	struct walk_check	*wc;
	size_t			 i;

	for (i = 0; i < w->sched->nchecks; i++) {
		sc = &w->sched->checks[i];
		wc = &w->checks[i];
		wc->entry = sc->entry;
		wc->state = sc->state;
		wc->result = sc->result;
		wc->started_ms = sc->started_ms;
	}
	w->nchecks = w->sched->nchecks;
}

void
walk_lock(struct walk *w)
{
	sched_lock(w->sched);
	sync_checks(w);
}

void
walk_unlock(struct walk *w)
{
	sched_unlock(w->sched);
}

/* Ask the scheduler for a node's check (and what it needs). Called locked. */
static int
want_check(struct walk *w, const char *id, const char *node)
{
	size_t	 i, before = w->sched->nchecks;

	if (sched_want(w->sched, id) == NULL)
		return -1;
	for (i = before; i < w->sched->nchecks; i++)
		w->checks[i].node = node;
	sync_checks(w);
	return 0;
}

/* The walk's view of check id (slots line up with the scheduler's). Called locked. */
static struct walk_check *
find_check(struct walk *w, const char *id)
{
	struct sched_check	*sc;

	if ((sc = sched_find(w->sched, id)) == NULL)
		return NULL;
	return &w->checks[sc - w->sched->checks];
}

/* Add the facts of a check behind a cause that the cause does not have yet. */
static void
merge_facts(struct walk_cause *c, const struct check_result *res)
{
	const struct check_fact	*f;
	size_t			 i, j;

	for (i = 0; res->facts != NULL && i < res->facts->n; i++) {
		f = &res->facts->v[i];
		if (c->facts == NULL)
			c->facts = xcalloc(1, sizeof *c->facts);
		for (j = 0; j < c->facts->n; j++) {
			if (strcmp(c->facts->v[j].name, f->name) == 0)
				break;
		}
		if (j < c->facts->n || c->facts->n >= CHECK_FACTS_MAX)
			continue;
		c->facts->v[c->facts->n].name = f->name;
		c->facts->v[c->facts->n++].value = xstrdup(f->value);
	}
}

static void
add_cause(struct walk *w, const struct tree_rule *rule, const struct walk_check *wc)
{
	struct walk_cause	*c;
	size_t			 i, j;

	for (i = 0; i < w->ncauses; i++) {
		c = &w->causes[i];
		if (strcmp(c->id, rule->target) != 0)
			continue;
		if (rule->conf < c->conf)
			c->conf = rule->conf;
		for (j = 0; j < wc->result.evidence.n; j++)
			strlist_add(&c->evidence, wc->result.evidence.v[j]);
		merge_facts(c, &wc->result);
		return;
	}
	w->causes = xreallocarray(w->causes, w->ncauses + 1, sizeof *w->causes);
	c = &w->causes[w->ncauses++];
	memset(c, 0, sizeof *c);
	c->id = rule->target;
	c->conf = rule->conf;
	c->check = wc->entry->id;
	c->summary = xstrdup(wc->result.summary ? wc->result.summary : "");
	for (j = 0; j < wc->result.evidence.n; j++)
		strlist_add(&c->evidence, wc->result.evidence.v[j]);
	merge_facts(c, &wc->result);
}

/* Apply a node's rules to the finished checks; returns the next node id or NULL. Called locked. */
static const char *
route(struct walk *w, const struct tree_node *node)
{
	const struct tree_rule	*r;
	struct walk_check	*wc;
	const char		*next = NULL;
	size_t			 i, j;
	int			 routed;

	for (i = 0; i < node->nrun; i++) {
		if ((wc = find_check(w, node->run[i])) == NULL)
			continue;
		routed = 0;
		for (j = 0; j < node->nrules; j++) {
			r = &node->rules[j];
			if (strcmp(r->check, node->run[i]) != 0)
				continue;
			if (strcmp(r->outcome, "*") != 0 &&
			    strcmp(r->outcome, wc->result.outcome) != 0)
				continue;
			routed = 1;
			switch (r->action) {
			case RULE_CAUSE:
				add_cause(w, r, wc);
				break;
			case RULE_GOTO:
				if (next == NULL)
					next = r->target;
				break;
			case RULE_OK:
				break;
			case RULE_INCONCLUSIVE:
				w->inconclusive = 1;
				break;
			}
		}
		if (!routed)
			w->inconclusive = 1;
	}
	return next;
}

/* The index of cause id in the walk's list, or -1. */
static ssize_t
cause_index(const struct walk *w, const char *id)
{
	size_t	 i;

	for (i = 0; i < w->ncauses; i++) {
		if (strcmp(w->causes[i].id, id) == 0)
			return (ssize_t)i;
	}
	return -1;
}

/* Whether every condition holds for the checks that finished. Called locked. */
static int
conds_hold(struct walk *w, const struct tree_cond *conds, size_t n)
{
	const struct walk_check	*wc;
	const char		*v;
	size_t			 i, j;
	int			 match;

	for (i = 0; i < n; i++) {
		if ((wc = find_check(w, conds[i].check)) == NULL || wc->state != RUN_DONE ||
		    wc->result.outcome == NULL)
			return 0;
		if (conds[i].outcome != NULL) {
			if (strcmp(wc->result.outcome, conds[i].outcome) != 0)
				return 0;
			continue;
		}
		if ((v = check_fact_get(&wc->result, conds[i].fact)) == NULL)
			return 0;
		for (match = 0, j = 0; j < conds[i].npatterns && !match; j++)
			match = fnmatch(conds[i].patterns[j], v, 0) == 0;
		if (!match)
			return 0;
	}
	return 1;
}

/* A relation whose causes were both found and whose conditions hold. Called locked. */
static int
relation_applies(struct walk *w, const struct tree_relation *r)
{
	return cause_index(w, r->explaining) >= 0 && cause_index(w, r->explained) >= 0 &&
	    conds_hold(w, r->conds, r->nconds);
}

/* Whether cause id still has something of its own to fold in before it is folded itself. */
static int
fold_pending(struct walk *w, const char *id)
{
	const struct tree	*t = w->content->tree;
	size_t			 i;

	for (i = 0; i < t->nrelations; i++) {
		if (strcmp(t->relations[i].explaining, id) == 0 &&
		    relation_applies(w, &t->relations[i]))
			return 1;
	}
	return 0;
}

static void
cause_clear(struct walk_cause *c)
{
	size_t	 j;

	free(c->summary);
	strlist_free(&c->evidence);
	strlist_free(&c->explains);
	for (j = 0; c->facts != NULL && j < c->facts->n; j++)
		free(c->facts->v[j].value);
	free(c->facts);
}

/* B is A's consequence: its summary and evidence go under A, after the because line. */
static void
fold_one(struct walk *w, size_t ai, size_t bi, const struct tree_relation *r)
{
	struct walk_cause	*a = &w->causes[ai], *b = &w->causes[bi];
	size_t			 j;

	/* the relation's conditions tie B's evidence to A: A is as sure as the surer */
	if (r->carries && b->conf < a->conf)
		a->conf = b->conf;
	strlist_add(&a->evidence, r->because);
	if (b->summary != NULL && *b->summary != '\0')
		strlist_add(&a->evidence, b->summary);
	for (j = 0; j < b->evidence.n; j++)
		strlist_add(&a->evidence, b->evidence.v[j]);
	strlist_add(&a->explains, b->id);
	for (j = 0; j < b->explains.n; j++)
		strlist_add(&a->explains, b->explains.v[j]);
	if (r->fix != NULL)
		a->fix = r->fix;
	if (a->tells_apart == NULL)
		a->tells_apart = b->tells_apart;
	cause_clear(b);
	memmove(b, b + 1, (w->ncauses - bi - 1) * sizeof *b);
	w->ncauses--;
}

/*
 * Apply the explains relations: each explained cause folds into the cause
 * that explains it. Leaves first, so that a chain A explains B explains C
 * ends as one cause A carrying B and C. Called locked, before ranking.
 */
static void
fold_causes(struct walk *w)
{
	const struct tree	*t = w->content->tree;
	const struct tree_relation *r;
	size_t			 i, guard;

	for (guard = 0; guard < t->nrelations + 1 && w->ncauses > 1; guard++) {
		for (r = NULL, i = 0; i < t->nrelations && r == NULL; i++) {
			if (relation_applies(w, &t->relations[i]) &&
			    !fold_pending(w, t->relations[i].explained))
				r = &t->relations[i];
		}
		if (r == NULL)
			return;	/* nothing applies (or a cycle the lint would refuse) */
		fold_one(w, (size_t)cause_index(w, r->explaining),
		    (size_t)cause_index(w, r->explained), r);
	}
}

/* Whether cause id was folded into another: it is accounted for, not a look-alike. */
static int
folded(const struct walk *w, const char *id)
{
	size_t	 i, j;

	for (i = 0; i < w->ncauses; i++) {
		for (j = 0; j < w->causes[i].explains.n; j++) {
			if (strcmp(w->causes[i].explains.v[j], id) == 0)
				return 1;
		}
	}
	return 0;
}

/*
 * Apply the alternatives statements: a cause the client cannot tell from
 * others brings them in as possible causes, each with what tells them apart.
 * Called locked, after folding (a folded cause brings none), before ranking.
 */
static void
add_alternatives(struct walk *w)
{
	const struct tree	*t = w->content->tree;
	const struct tree_alternatives *s;
	struct walk_cause	*c;
	ssize_t			 p, q;
	size_t			 i, j;

	for (i = 0; i < t->nalternatives; i++) {
		s = &t->alternatives[i];
		if ((p = cause_index(w, s->cause)) < 0 || !conds_hold(w, s->conds, s->nconds))
			continue;
		if (w->causes[p].tells_apart == NULL)
			w->causes[p].tells_apart = s->tells_apart;
		for (j = 0; j < s->nalso; j++) {
			if ((q = cause_index(w, s->also[j])) >= 0) {
				/* found by a check of its own: it keeps that, and learns its group */
				if (w->causes[q].tells_apart == NULL) {
					w->causes[q].tells_apart = s->tells_apart;
					w->causes[q].alternative_of = s->cause;
				}
				continue;
			}
			if (folded(w, s->also[j]))
				continue;
			w->causes = xreallocarray(w->causes, w->ncauses + 1, sizeof *w->causes);
			c = &w->causes[w->ncauses++];
			memset(c, 0, sizeof *c);
			c->id = s->also[j];
			c->conf = CONF_POSSIBLE;
			c->check = w->causes[p].check;
			c->summary = xstrdup(w->causes[p].summary);
			c->tells_apart = s->tells_apart;
			c->alternative_of = s->cause;
		}
	}
}

/* How many of the person's answers make this cause more probable. */
static int
boosts(const struct walk *w, const char *cause)
{
	size_t	 i, j;
	int	 n = 0;

	for (i = 0; i < w->nanswers; i++) {
		for (j = 0; j < w->answers[i]->nboost; j++)
			n += strcmp(w->answers[i]->boost[j], cause) == 0;
	}
	return n;
}

int
walk_question_matters(const struct walk *w, const struct tree_question *q)
{
	size_t	 i, j, k, ntop = 0, nboosted;

	for (i = 0; i < w->ncauses; i++)
		ntop += w->causes[i].conf == w->causes[0].conf;
	if (ntop < 2)
		return 0;
	for (i = 0; i < q->nanswers; i++) {
		nboosted = 0;
		for (j = 0; j < ntop; j++) {
			for (k = 0; k < q->answers[i].nboost; k++) {
				if (strcmp(q->answers[i].boost[k], w->causes[j].id) == 0) {
					nboosted++;
					break;
				}
			}
		}
		if (nboosted > 0 && nboosted < ntop)
			return 1;
	}
	return 0;
}

/* Confidence first; among equals, what the person's answers point at. */
static int
cause_rank(const struct walk *w, const struct walk_cause *ca,
    const struct walk_cause *cb)
{
	if (ca->conf != cb->conf)
		return (int)ca->conf - (int)cb->conf;
	return boosts(w, cb->id) - boosts(w, ca->id);
}

static void
rank_causes(struct walk *w)
{
	/* Stable: insertion sort keeps the tree's order within a confidence. */
	struct walk_cause	 tmp;
	size_t			 i, j;

	for (i = 1; i < w->ncauses; i++) {
		tmp = w->causes[i];
		for (j = i; j > 0 && cause_rank(w, &w->causes[j - 1], &tmp) > 0; j--)
			w->causes[j] = w->causes[j - 1];
		w->causes[j] = tmp;
	}
}

/*
 * The node the walk goes to after node whatever its checks report: every goto
 * names the same node and one of them matches any outcome of a check the node
 * runs. Its checks can then be asked for at once (their needs still order
 * them), instead of after the slowest check of this node. NULL if not certain.
 */
static const char *
certain_next(const struct tree_node *node)
{
	const struct tree_rule	*r;
	const char		*target = NULL;
	size_t			 i, j;
	int			 any = 0;

	for (j = 0; j < node->nrules; j++) {
		r = &node->rules[j];
		if (r->action != RULE_GOTO)
			continue;
		if (target != NULL && strcmp(target, r->target) != 0)
			return NULL;
		target = r->target;
		for (i = 0; i < node->nrun; i++) {
			if (strcmp(r->outcome, "*") == 0 && strcmp(r->check, node->run[i]) == 0)
				any = 1;
		}
	}
	return any ? target : NULL;
}

int
walk_run(struct walk *w, char **cause)
{
	const struct tree_node	*node, *nnode;
	const char		*id, *next;
	size_t			 i;
	int			 steps = 0, rc = 0;

	walk_lock(w);
	id = tree_start_node(w->content->tree, w->opt.mode);
	if (id == NULL) {
		xasprintf(&w->error, "the decision tree has no start for mode %s",
		    w->opt.mode);
		w->inconclusive = 1;
		rc = -1;
	}
	while (id != NULL && steps++ < WALK_MAX_STEPS && !w->cancelled) {
		if ((node = tree_node_find(w->content->tree, id)) == NULL)
			break;
		strlist_add(&w->path, node->id);
		for (i = 0; i < node->nrun; i++) {
			if (want_check(w, node->run[i], node->id) != 0) {
				free(w->error);
				xasprintf(&w->error, "node %s names a check "
				    "that cannot run: %s", node->id, node->run[i]);
				w->inconclusive = 1;
			}
		}
		if ((next = certain_next(node)) != NULL &&
		    (nnode = tree_node_find(w->content->tree, next)) != NULL) {
			/* errors are reported when the walk reaches that node */
			for (i = 0; i < nnode->nrun; i++)
				(void)want_check(w, nnode->run[i], nnode->id);
		}
		sched_notify(w->sched);
		sched_run(w->sched);
		sync_checks(w);
		id = route(w, node);
	}
	fold_causes(w);
	add_alternatives(w);
	rank_causes(w);
	w->done = 1;
	sched_notify(w->sched);
	walk_unlock(w);
	if (rc != 0 && cause != NULL)
		*cause = xstrdup(w->error);
	return rc;
}

int
walk_answer(struct walk *w, const char *question, const char *answer)
{
	const struct tree_question *q;
	const struct tree_answer *a;
	size_t			 i;

	if ((q = tree_question_find(w->content->tree, question)) == NULL ||
	    (a = tree_answer_find(q, answer)) == NULL)
		return -1;
	walk_lock(w);
	for (i = 0; i < w->nanswers && w->answered[i] != q; i++)
		;
	if (i == w->nanswers) {
		w->answers = xreallocarray(w->answers, w->nanswers + 1, sizeof *w->answers);
		w->answered = xreallocarray(w->answered, w->nanswers + 1,
		    sizeof *w->answered);
		w->nanswers++;
	}
	w->answered[i] = q;
	w->answers[i] = a;
	if (w->done) {
		rank_causes(w);
		sched_notify(w->sched);
	}
	walk_unlock(w);
	return 0;
}

static void *
walk_thread(void *arg)
{
	walk_run(arg, NULL);
	return NULL;
}

int
walk_start(struct walk *w, int notify_fd, char **cause)
{
	w->sched->notify_fd = notify_fd;
	if (pthread_create(&w->thread, NULL, walk_thread, w) != 0)
		return set_cause(cause, "cannot start the walk: %s", strerror(errno));
	w->started = 1;
	return 0;
}

void
walk_cancel(struct walk *w)
{
	walk_lock(w);
	w->cancelled = 1;
	w->inconclusive = 1;
	walk_unlock(w);
	sched_cancel(w->sched);
}

void
walk_join(struct walk *w)
{
	if (w->started) {
		pthread_join(w->thread, NULL);
		w->started = 0;
	}
}

void
walk_free(struct walk *w)
{
	size_t	 i;

	if (w == NULL)
		return;
	walk_join(w);
	/* The results in checks belong to the scheduler. */
	sched_free(w->sched);
	free(w->checks);
	for (i = 0; i < w->ncauses; i++)
		cause_clear(&w->causes[i]);
	free(w->causes);
	strlist_free(&w->path);
	free(w->answers);
	free(w->answered);
	free(w->error);
	free(w);
}

const char *
walk_verdict(const struct walk *w)
{
	if (w->ncauses > 0)
		return "problem";
	if (w->inconclusive || w->nchecks == 0)
		return "inconclusive";
	return "ok";
}

int
walk_exit_status(const struct walk *w)
{
	const char	*v = walk_verdict(w);

	if (strcmp(v, "ok") == 0)
		return 0;
	if (strcmp(v, "problem") == 0)
		return 1;
	return 3;
}

void
walk_effective(const struct walk *w, const char **user, const char **host, int *port)
{
	const struct sshconf_pair *pair = NULL;
	size_t			 i;

	for (i = 0; i < w->nchecks; i++) {
		if (strcmp(w->checks[i].entry->id, "ssh-config") == 0 &&
		    w->checks[i].state == RUN_DONE)
			pair = w->checks[i].result.data;
	}
	sshconf_pair_effective(pair, &w->opt, user, host, port);
}
