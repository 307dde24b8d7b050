/* engine.c: walks the decision tree, running each node's checks concurrently under one deadline. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checks/engine.h"
#include "lib/xmalloc.h"

/* How long past its deadline a check may run before the walk gives up on it. */
#define ENGINE_GRACE_MS		2000
/* A walk never visits more nodes than this (the lint also forbids cycles). */
#define ENGINE_MAX_STEPS	64

/* Check threads alive in the whole process, walks freed or not. */
static int		live_jobs;
static pthread_mutex_t	live_lock = PTHREAD_MUTEX_INITIALIZER;

int
engine_live_jobs(void)
{
	int	 n;

	pthread_mutex_lock(&live_lock);
	n = live_jobs;
	pthread_mutex_unlock(&live_lock);
	return n;
}

static void
live_add(int delta)
{
	pthread_mutex_lock(&live_lock);
	live_jobs += delta;
	pthread_mutex_unlock(&live_lock);
}

struct job {
	struct walk	*walk;		/* the walk (valid while walk->jobs counts us) */
	size_t		 index;		/* our slot in walk->checks */
	struct check_ctx ctx;		/* what exec sees */
	struct check_result result;	/* filled by exec, moved into the slot */
};

static void
notify(struct walk *w)
{
	char	 c = 'w';
	ssize_t	 n;

	if (w->notify_fd != -1) {
		n = write(w->notify_fd, &c, 1);
		(void)n;	/* a full pipe already says "something changed" */
	}
}

struct walk *
walk_new(const struct content *content, const struct check_options *opt)
{
	struct walk	*w;
	size_t		 n = 0;

	while (check_table[n] != NULL)
		n++;
	w = xcalloc(1, sizeof *w);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->content = content;
	w->opt = *opt;
	w->maxchecks = n;
	w->checks = xcalloc(n, sizeof *w->checks);
	w->notify_fd = -1;
	return w;
}

void
walk_lock(struct walk *w)
{
	pthread_mutex_lock(&w->lock);
}

void
walk_unlock(struct walk *w)
{
	pthread_mutex_unlock(&w->lock);
}

static struct walk_check *
find_run(struct walk *w, const char *id)
{
	size_t	 i;

	for (i = 0; i < w->nchecks; i++) {
		if (strcmp(w->checks[i].entry->id, id) == 0)
			return &w->checks[i];
	}
	return NULL;
}

const struct check_result *
check_dep(struct check_ctx *ctx, const char *id)
{
	struct walk_check	*wc;
	const struct check_result *res = NULL;

	walk_lock(ctx->walk);
	wc = find_run(ctx->walk, id);
	if (wc != NULL && wc->state == RUN_DONE)
		res = &wc->result;
	walk_unlock(ctx->walk);
	/* A finished result never changes again, so it may be read unlocked. */
	return res;
}

static void *
job_main(void *arg)
{
	struct job		*job = arg;
	struct walk		*w = job->walk;
	const struct check_entry *e = w->checks[job->index].entry;
	int64_t			 start = now_ms();

	e->exec(&job->ctx, &job->result);
	job->result.ms = (long)(now_ms() - start);
	if (job->result.outcome == NULL || !check_has_outcome(e, job->result.outcome)) {
		/* A check that breaks its own contract is reported, not trusted. */
		check_set(&job->result, CHECK_ERROR, "error",
		    "check %s reported an undeclared outcome", e->id);
	}

	walk_lock(w);
	/* Still RUNNING unless the walk gave up on us (then the slot holds its error). */
	if (w->checks[job->index].state == RUN_RUNNING) {
		w->checks[job->index].result = job->result;
		w->checks[job->index].state = RUN_DONE;
	} else
		check_result_free(&job->result);
	w->jobs--;
	pthread_cond_broadcast(&w->cond);
	notify(w);
	walk_unlock(w);
	free(job);
	live_add(-1);
	return NULL;
}

/* Add a slot for id (and, first, for everything it needs). Called locked. */
static int
want_check(struct walk *w, const char *id, const char *node, int depth)
{
	const struct check_entry *e;
	size_t			 i;

	if (find_run(w, id) != NULL)
		return 0;
	if ((e = check_find(id)) == NULL || depth > 16)
		return -1;
	for (i = 0; e->needs != NULL && e->needs[i] != NULL; i++) {
		if (want_check(w, e->needs[i], node, depth + 1) != 0)
			return -1;
	}
	if (w->nchecks >= w->maxchecks)
		return -1;
	w->checks[w->nchecks].entry = e;
	w->checks[w->nchecks].state = RUN_PENDING;
	w->checks[w->nchecks].node = node;
	w->nchecks++;
	return 0;
}

static int
deps_done(struct walk *w, const struct check_entry *e)
{
	struct walk_check	*d;
	size_t			 i;

	for (i = 0; e->needs != NULL && e->needs[i] != NULL; i++) {
		d = find_run(w, e->needs[i]);
		if (d == NULL || d->state != RUN_DONE)
			return 0;
	}
	return 1;
}

static void
start_job(struct walk *w, size_t index)
{
	struct walk_check	*wc = &w->checks[index];
	struct job		*job;
	pthread_t		 t;

	job = xcalloc(1, sizeof *job);
	job->walk = w;
	job->index = index;
	job->ctx.opt = &w->opt;
	job->ctx.walk = w;
	wc->started_ms = now_ms();
	job->ctx.deadline_ms = wc->started_ms + w->opt.timeout_ms;
	wc->state = RUN_RUNNING;
	w->jobs++;
	live_add(1);
	if (pthread_create(&t, NULL, job_main, job) != 0) {
		live_add(-1);
		w->jobs--;
		free(job);
		check_set(&wc->result, CHECK_ERROR, "error",
		    "could not start a thread for this check");
		wc->state = RUN_DONE;
		return;
	}
	/* Joined in walk_free: a library's per-thread state must be gone before exit. */
	wc->thread = t;
	wc->has_thread = 1;
}

/* Run every pending check, each once its dependencies are done. Called locked. */
static void
run_pending(struct walk *w)
{
	struct walk_check	*wc;
	struct timespec		 ts;
	size_t			 i;
	int			 pending, running, started;
	int64_t			 wake, limit;

	for (;;) {
		if (w->cancelled) {
			for (i = 0; i < w->nchecks; i++) {
				wc = &w->checks[i];
				if (wc->state == RUN_DONE)
					continue;
				/* A running job sees state != RUNNING and drops its result. */
				memset(&wc->result, 0, sizeof wc->result);
				check_set(&wc->result, CHECK_ERROR, "error", "cancelled");
				wc->state = RUN_DONE;
			}
			return;
		}
		pending = running = started = 0;
		wake = now_ms() + 1000;
		for (i = 0; i < w->nchecks; i++) {
			wc = &w->checks[i];
			if (wc->state == RUN_PENDING && deps_done(w, wc->entry)) {
				start_job(w, i);
				started = 1;
			}
			if (wc->state == RUN_PENDING)
				pending++;
			if (wc->state != RUN_RUNNING)
				continue;
			running++;
			limit = wc->started_ms + w->opt.timeout_ms + ENGINE_GRACE_MS;
			if (now_ms() >= limit) {
				/* Stop waiting; the thread frees its own result later. */
				wc->state = RUN_DONE;
				memset(&wc->result, 0, sizeof wc->result);
				check_set(&wc->result, CHECK_ERROR, "error",
				    "did not finish within %d ms",
				    w->opt.timeout_ms + ENGINE_GRACE_MS);
				wc->result.ms = (long)(now_ms() - wc->started_ms);
				running--;
				notify(w);
			} else if (limit < wake)
				wake = limit;
		}
		if (started)
			notify(w);
		if (running == 0) {
			if (pending == 0)
				return;
			if (!started) {
				/* Unsatisfiable dependencies: report, never hang. */
				for (i = 0; i < w->nchecks; i++) {
					wc = &w->checks[i];
					if (wc->state != RUN_PENDING)
						continue;
					check_set(&wc->result, CHECK_ERROR, "error",
					    "a check it needs could not run");
					wc->state = RUN_DONE;
				}
				return;
			}
			continue;
		}
		ts.tv_sec = wake / 1000;
		ts.tv_nsec = (wake % 1000) * 1000000;
		/* The condvar uses CLOCK_MONOTONIC (set in walk_run). */
		pthread_cond_timedwait(&w->cond, &w->lock, &ts);
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
		if ((wc = find_run(w, node->run[i])) == NULL)
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

int
walk_run(struct walk *w, char **cause)
{
	const struct tree_node	*node;
	const char		*id;
	pthread_condattr_t	 ca;
	int			 steps = 0, rc = 0;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_destroy(&w->cond);
	pthread_cond_init(&w->cond, &ca);
	pthread_condattr_destroy(&ca);

	walk_lock(w);
	id = tree_start_node(w->content->tree, w->opt.mode);
	if (id == NULL) {
		xasprintf(&w->error, "the decision tree has no start for mode %s",
		    w->opt.mode);
		w->inconclusive = 1;
		rc = -1;
	}
	while (id != NULL && steps++ < ENGINE_MAX_STEPS && !w->cancelled) {
		if ((node = tree_node_find(w->content->tree, id)) == NULL)
			break;
		strlist_add(&w->path, node->id);
		for (size_t i = 0; i < node->nrun; i++) {
			if (want_check(w, node->run[i], node->id, 0) != 0) {
				xasprintf(&w->error, "node %s names a check "
				    "that cannot run: %s", node->id, node->run[i]);
				w->inconclusive = 1;
			}
		}
		notify(w);
		run_pending(w);
		id = route(w, node);
	}
	rank_causes(w);
	w->done = 1;
	notify(w);
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
		notify(w);
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
	w->notify_fd = notify_fd;
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
	pthread_cond_broadcast(&w->cond);
	walk_unlock(w);
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
	int64_t	 until = now_ms() + ENGINE_GRACE_MS;

	if (w == NULL)
		return;
	walk_join(w);
	/* Abandoned check threads still point at us: wait a little, else leak. */
	walk_lock(w);
	while (w->jobs > 0 && now_ms() < until) {
		walk_unlock(w);
		usleep(10000);
		walk_lock(w);
	}
	if (w->jobs > 0) {
		/* Still running past every deadline: detach them and leak the walk. */
		for (i = 0; i < w->nchecks; i++) {
			if (w->checks[i].has_thread)
				pthread_detach(w->checks[i].thread);
		}
		walk_unlock(w);
		return;
	}
	walk_unlock(w);
	for (i = 0; i < w->nchecks; i++) {
		if (w->checks[i].has_thread)
			pthread_join(w->checks[i].thread, NULL);
	}
	for (i = 0; i < w->nchecks; i++)
		check_result_free(&w->checks[i].result);
	free(w->checks);
	for (i = 0; i < w->ncauses; i++) {
		free(w->causes[i].summary);
		strlist_free(&w->causes[i].evidence);
	}
	free(w->causes);
	strlist_free(&w->path);
	free(w->answers);
	free(w->answered);
	free(w->error);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
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
