/* sched.c: runs each check it is asked for once, in its own thread, once its needs are done. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checks/sched.h"
#include "lib/xmalloc.h"

/* A check's needs are followed no deeper than this (the lint also forbids cycles). */
#define SCHED_MAX_DEPTH		16

/* Check threads alive in the whole process, schedulers freed or not. */
static int		live_jobs;
static pthread_mutex_t	live_lock = PTHREAD_MUTEX_INITIALIZER;

int
sched_live_jobs(void)
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
	struct sched	*sched;		/* the scheduler (valid while sched->jobs counts us) */
	size_t		 index;		/* our slot in sched->checks */
	struct check_ctx ctx;		/* what exec sees */
	struct check_result result;	/* filled by exec, moved into the slot */
};

void
sched_notify(struct sched *s)
{
	char	 c = 'w';
	ssize_t	 n;

	if (s->notify_fd != -1) {
		n = write(s->notify_fd, &c, 1);
		(void)n;	/* a full pipe already says "something changed" */
	}
}

struct sched *
sched_new(const struct check_entry *const *table, const struct check_options *opt)
{
	struct sched		*s;
	pthread_condattr_t	 ca;
	size_t			 n = 0;

	while (table[n] != NULL)
		n++;
	s = xcalloc(1, sizeof *s);
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
	pthread_condattr_destroy(&ca);
	s->table = table;
	s->opt = *opt;
	s->maxchecks = n;
	s->checks = xcalloc(n, sizeof *s->checks);
	s->notify_fd = -1;
	s->grace_ms = SCHED_GRACE_MS;
	return s;
}

void
sched_lock(struct sched *s)
{
	pthread_mutex_lock(&s->lock);
}

void
sched_unlock(struct sched *s)
{
	pthread_mutex_unlock(&s->lock);
}

struct sched_check *
sched_find(struct sched *s, const char *id)
{
	size_t	 i;

	for (i = 0; i < s->nchecks; i++) {
		if (strcmp(s->checks[i].entry->id, id) == 0)
			return &s->checks[i];
	}
	return NULL;
}

static const struct check_entry *
table_find(const struct sched *s, const char *id)
{
	size_t	 i;

	for (i = 0; s->table[i] != NULL; i++) {
		if (strcmp(s->table[i]->id, id) == 0)
			return s->table[i];
	}
	return NULL;
}

/* Whether e declares id a NEED_LATE data need. */
static int
is_late(const struct check_entry *e, const char *id)
{
	const struct check_need	*n;

	return e != NULL && (n = check_need_find(e, id)) != NULL && n->optional == NEED_LATE;
}

const struct check_result *
check_dep_until(struct check_ctx *ctx, const char *id, int64_t until)
{
	struct sched		*s = ctx->sched;
	struct sched_check	*sc;
	const struct check_result *res = NULL;
	struct timespec		 ts;

	sched_lock(s);
	sc = sched_find(s, id);
	if (sc != NULL && sc->state != RUN_DONE && is_late(ctx->entry, id)) {
		/* Every finish (and every give-up) broadcasts the condition. */
		ts.tv_sec = until / 1000;
		ts.tv_nsec = (until % 1000) * 1000000;
		while (sc->state != RUN_DONE && !s->cancelled && now_ms() < until)
			pthread_cond_timedwait(&s->cond, &s->lock, &ts);
	}
	if (sc != NULL && sc->state == RUN_DONE)
		res = &sc->result;
	sched_unlock(s);
	/* A finished result never changes again, so it may be read unlocked. */
	return res;
}

const struct check_result *
check_dep(struct check_ctx *ctx, const char *id)
{
	return check_dep_until(ctx, id, ctx->deadline_ms + ctx->sched->grace_ms / 2);
}

void *
check_data(struct check_ctx *ctx, const char *id)
{
	const struct check_result *res;

	if ((res = check_dep(ctx, id)) == NULL)
		return NULL;
	return res->data;
}

/* A required need that left no data: the summary to skip with, else NULL. Called locked. */
static const char *
missing_need(struct sched *s, const struct check_entry *e)
{
	const struct check_need	*n;
	struct sched_check	*d;

	for (n = e->data; n != NULL && n->id != NULL; n++) {
		if (n->optional != NEED_REQUIRED)
			continue;
		d = sched_find(s, n->id);
		if (d == NULL || d->state != RUN_DONE || d->result.data == NULL)
			return n->skip;
	}
	return NULL;
}

/* A check that breaks its own contract is reported, not trusted. */
static void
check_contract(const struct check_entry *e, struct check_result *res)
{
	if (res->outcome == NULL || !check_has_outcome(e, res->outcome)) {
		check_set(res, CHECK_ERROR, "error",
		    "check %s reported an undeclared outcome", e->id);
	}
}

static void *
job_main(void *arg)
{
	struct job		*job = arg;
	struct sched		*s = job->sched;
	const struct check_entry *e = job->ctx.entry;
	int64_t			 start = now_ms();

	e->exec(&job->ctx, &job->result);
	job->result.ms = (long)(now_ms() - start);
	check_contract(e, &job->result);

	sched_lock(s);
	/* Still RUNNING unless the scheduler gave up on us (then the slot holds its error). */
	if (s->checks[job->index].state == RUN_RUNNING) {
		s->checks[job->index].result = job->result;
		s->checks[job->index].state = RUN_DONE;
	} else
		check_result_free(&job->result);
	s->jobs--;
	pthread_cond_broadcast(&s->cond);
	sched_notify(s);
	sched_unlock(s);
	free(job);
	live_add(-1);
	return NULL;
}

static struct sched_check *
want(struct sched *s, const char *id, int depth)
{
	const struct check_entry *e;
	struct sched_check	*sc;
	size_t			 i;

	if ((sc = sched_find(s, id)) != NULL)
		return sc;
	if ((e = table_find(s, id)) == NULL || depth > SCHED_MAX_DEPTH)
		return NULL;
	for (i = 0; e->needs != NULL && e->needs[i] != NULL; i++) {
		if (want(s, e->needs[i], depth + 1) == NULL)
			return NULL;
	}
	if (s->nchecks >= s->maxchecks)
		return NULL;
	sc = &s->checks[s->nchecks++];
	sc->entry = e;
	sc->state = RUN_PENDING;
	return sc;
}

struct sched_check *
sched_want(struct sched *s, const char *id)
{
	return want(s, id, 0);
}

static int
needs_done(struct sched *s, const struct check_entry *e)
{
	struct sched_check	*d;
	size_t			 i;

	for (i = 0; e->needs != NULL && e->needs[i] != NULL; i++) {
		d = sched_find(s, e->needs[i]);
		if (d == NULL)
			return 0;
		/* A late need is waited for inside exec (check_dep), not before. */
		if (d->state != RUN_DONE && !is_late(e, e->needs[i]))
			return 0;
	}
	return 1;
}

static void
start_job(struct sched *s, size_t index)
{
	struct sched_check	*sc = &s->checks[index];
	struct job		*job;
	const char		*skip;
	pthread_t		 t;

	sc->started_ms = now_ms();
	if ((skip = missing_need(s, sc->entry)) != NULL) {
		/* Resolved here, as tmux resolves a target before exec. */
		check_set(&sc->result, CHECK_SKIP, "skipped", "%s", skip);
		check_contract(sc->entry, &sc->result);
		sc->state = RUN_DONE;
		return;
	}
	job = xcalloc(1, sizeof *job);
	job->sched = s;
	job->index = index;
	job->ctx.opt = &s->opt;
	job->ctx.sched = s;
	job->ctx.entry = sc->entry;
	job->ctx.deadline_ms = sc->started_ms + s->opt.timeout_ms;
	sc->state = RUN_RUNNING;
	s->jobs++;
	live_add(1);
	if (pthread_create(&t, NULL, job_main, job) != 0) {
		live_add(-1);
		s->jobs--;
		free(job);
		check_set(&sc->result, CHECK_ERROR, "error",
		    "could not start a thread for this check");
		sc->state = RUN_DONE;
		return;
	}
	/* Joined in sched_free: a library's per-thread state must be gone before exit. */
	sc->thread = t;
	sc->has_thread = 1;
}

static void
fail_unfinished(struct sched *s, const char *why)
{
	struct sched_check	*sc;
	size_t			 i;

	for (i = 0; i < s->nchecks; i++) {
		sc = &s->checks[i];
		if (sc->state == RUN_DONE)
			continue;
		/* A running job sees state != RUNNING and drops its result. */
		memset(&sc->result, 0, sizeof sc->result);
		check_set(&sc->result, CHECK_ERROR, "error", "%s", why);
		sc->state = RUN_DONE;
	}
	/* Checks waiting for a late need (check_dep) see it done. */
	pthread_cond_broadcast(&s->cond);
}

void
sched_run(struct sched *s)
{
	struct sched_check	*sc;
	struct timespec		 ts;
	size_t			 i;
	int			 pending, running, started;
	int64_t			 wake, limit;

	for (;;) {
		if (s->cancelled) {
			fail_unfinished(s, "cancelled");
			return;
		}
		pending = running = started = 0;
		wake = now_ms() + 1000;
		for (i = 0; i < s->nchecks; i++) {
			sc = &s->checks[i];
			if (sc->state == RUN_PENDING && needs_done(s, sc->entry)) {
				start_job(s, i);
				started = 1;
			}
			if (sc->state == RUN_PENDING)
				pending++;
			if (sc->state != RUN_RUNNING)
				continue;
			running++;
			limit = sc->started_ms + s->opt.timeout_ms + s->grace_ms;
			if (now_ms() >= limit) {
				/* Stop waiting; the thread frees its own result later. */
				sc->state = RUN_DONE;
				memset(&sc->result, 0, sizeof sc->result);
				check_set(&sc->result, CHECK_ERROR, "error",
				    "did not finish within %d ms",
				    s->opt.timeout_ms + s->grace_ms);
				sc->result.ms = (long)(now_ms() - sc->started_ms);
				running--;
				pthread_cond_broadcast(&s->cond);
				sched_notify(s);
			} else if (limit < wake)
				wake = limit;
		}
		if (started)
			sched_notify(s);
		if (running == 0) {
			if (pending == 0)
				return;
			if (!started) {
				/* Unsatisfiable needs: report, never hang. */
				fail_unfinished(s, "a check it needs could not run");
				return;
			}
			continue;
		}
		ts.tv_sec = wake / 1000;
		ts.tv_nsec = (wake % 1000) * 1000000;
		pthread_cond_timedwait(&s->cond, &s->lock, &ts);
	}
}

void
sched_cancel(struct sched *s)
{
	sched_lock(s);
	s->cancelled = 1;
	pthread_cond_broadcast(&s->cond);
	sched_unlock(s);
}

void
sched_free(struct sched *s)
{
	struct timespec	 ts;
	size_t		 i;
	int64_t		 until;

	if (s == NULL)
		return;
	until = now_ms() + s->grace_ms;
	ts.tv_sec = until / 1000;
	ts.tv_nsec = (until % 1000) * 1000000;
	/* Abandoned check threads still point at us: wait a little (each end broadcasts), else leak. */
	sched_lock(s);
	while (s->jobs > 0 && now_ms() < until)
		pthread_cond_timedwait(&s->cond, &s->lock, &ts);
	if (s->jobs > 0) {
		/* Still running past every deadline: detach them and leak. */
		for (i = 0; i < s->nchecks; i++) {
			if (s->checks[i].has_thread)
				pthread_detach(s->checks[i].thread);
		}
		sched_unlock(s);
		return;
	}
	sched_unlock(s);
	for (i = 0; i < s->nchecks; i++) {
		if (s->checks[i].has_thread)
			pthread_join(s->checks[i].thread, NULL);
	}
	for (i = 0; i < s->nchecks; i++)
		check_result_free(&s->checks[i].result);
	free(s->checks);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->cond);
	free(s);
}
