/* test_sched.c: the scheduler (checks/sched.h) on a check table of its own: needs, deadlines, cancel, concurrency. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/sched.h"
#include "lib/util.h"

static atomic_int	runs_a, runs_b, runs_c, runs_d;
static atomic_int	in_p1, in_p2;		/* concurrency: each is set while its check runs */
static atomic_int	release;		/* lets the hanging check end */
static atomic_int	a_done_before_b;

static const char *const outcomes[] = { "ok", "bad", "skipped", "error", NULL };

static void
free_int(void *p)
{
	free(p);
}

/* a: leaves data (42) for b. */
static void
a_exec(struct check_ctx *ctx, struct check_result *res)
{
	int	*v = malloc(sizeof *v);

	(void)ctx;
	atomic_fetch_add(&runs_a, 1);
	usleep(20000);
	*v = 42;
	res->data = v;
	res->data_free = free_int;
	check_set(res, CHECK_PASS, "ok", "a ran");
}

/* b: reads a's data through check_dep and check_data. */
static void
b_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct check_result *dep = check_dep(ctx, "a");
	const int	*v = check_data(ctx, "a");

	atomic_fetch_add(&runs_b, 1);
	if (dep != NULL && dep->status == CHECK_PASS && v != NULL && *v == 42)
		atomic_store(&a_done_before_b, 1);
	check_set(res, CHECK_PASS, "ok", "b saw %d", v != NULL ? *v : -1);
}

/* nodata: ends fine but leaves no data. */
static void
nodata_exec(struct check_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	check_set(res, CHECK_FAIL, "bad", "nothing to hand on");
}

/* c: requires nodata's data, so must never run. */
static void
c_exec(struct check_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	atomic_fetch_add(&runs_c, 1);
	check_set(res, CHECK_PASS, "ok", "c ran");
}

/* d: nodata is only optional: runs and falls back. */
static void
d_exec(struct check_ctx *ctx, struct check_result *res)
{
	atomic_fetch_add(&runs_d, 1);
	check_set(res, CHECK_PASS, "ok", "d ran %s",
	    check_data(ctx, "nodata") == NULL ? "without" : "with");
}

/* hang: ignores its deadline until released. */
static void
hang_exec(struct check_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	while (!atomic_load(&release))
		usleep(5000);
	check_set(res, CHECK_PASS, "ok", "too late");
}

/* Waits up to 2 s for the other one to be running at the same time. */
static void
overlap(atomic_int *mine, atomic_int *other, struct check_result *res)
{
	int64_t	 until = now_ms() + 2000;
	int	 seen = 0;

	atomic_store(mine, 1);
	while (now_ms() < until && !(seen = atomic_load(other)))
		usleep(2000);
	usleep(20000);	/* so the other sees us too */
	check_set(res, seen ? CHECK_PASS : CHECK_FAIL, seen ? "ok" : "bad",
	    "overlap %s", seen ? "seen" : "not seen");
}

static void
p1_exec(struct check_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	overlap(&in_p1, &in_p2, res);
}

static void
p2_exec(struct check_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	overlap(&in_p2, &in_p1, res);
}

/* late: starts beside a (a NEED_LATE need) and reads its data at the end. */
static void
late_exec(struct check_ctx *ctx, struct check_result *res)
{
	const int	*v = check_data(ctx, "a");

	check_set(res, CHECK_PASS, "ok", "late saw %d", v != NULL ? *v : -1);
}

/* peek: looks at hang for 50 ms only (check_dep_until), then goes on without it. */
static void
peek_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct check_result *dep = check_dep_until(ctx, "hang", now_ms() + 50);

	check_set(res, CHECK_PASS, "ok", "peek saw %s", dep == NULL ? "nothing" : "hang");
}

/* liar: reports an outcome it did not declare. */
static void
liar_exec(struct check_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	check_set(res, CHECK_PASS, "fine", "trust me");
}

static const char *const needs_a[] = { "a", NULL };
static const char *const needs_nodata[] = { "nodata", NULL };
static const char *const needs_ghost[] = { "ghost", NULL };
static const struct check_need data_b[] = {
	{ "a", NEED_REQUIRED, "no a to read" },
	{ NULL, 0, NULL }
};
static const struct check_need data_c[] = {
	{ "nodata", NEED_REQUIRED, "nodata left nothing to read" },
	{ NULL, 0, NULL }
};
static const struct check_need data_d[] = {
	{ "nodata", NEED_OPTIONAL, NULL },
	{ NULL, 0, NULL }
};

static const struct check_need data_late[] = {
	{ "a", NEED_LATE, NULL },
	{ NULL, 0, NULL }
};
static const char *const needs_hang[] = { "hang", NULL };
static const struct check_need data_peek[] = {
	{ "hang", NEED_LATE, NULL },
	{ NULL, 0, NULL }
};

static const struct check_entry e_a = { "a", "A", NULL, outcomes, a_exec, NULL, NULL };
static const struct check_entry e_b = { "b", "B", needs_a, outcomes, b_exec, data_b, NULL };
static const struct check_entry e_nodata = { "nodata", "No data", NULL, outcomes, nodata_exec, NULL, NULL };
static const struct check_entry e_c = { "c", "C", needs_nodata, outcomes, c_exec, data_c, NULL };
static const struct check_entry e_d = { "d", "D", needs_nodata, outcomes, d_exec, data_d, NULL };
static const struct check_entry e_hang = { "hang", "Hang", NULL, outcomes, hang_exec, NULL, NULL };
static const struct check_entry e_p1 = { "p1", "P1", NULL, outcomes, p1_exec, NULL, NULL };
static const struct check_entry e_p2 = { "p2", "P2", NULL, outcomes, p2_exec, NULL, NULL };
static const struct check_entry e_liar = { "liar", "Liar", NULL, outcomes, liar_exec, NULL, NULL };
static const struct check_entry e_orphan = { "orphan", "Orphan", needs_ghost, outcomes, c_exec, NULL, NULL };
static const struct check_entry e_late = { "late", "Late", needs_a, outcomes, late_exec, data_late, NULL };
static const struct check_entry e_peek = { "peek", "Peek", needs_hang, outcomes, peek_exec, data_peek, NULL };

static const struct check_entry *const table[] = {
	&e_a, &e_b, &e_nodata, &e_c, &e_d, &e_hang, &e_p1, &e_p2, &e_liar, &e_orphan,
	&e_late, &e_peek, NULL
};

static struct sched *
new_sched(int timeout_ms)
{
	struct check_options	 opt;

	memset(&opt, 0, sizeof opt);
	opt.mode = "client";
	opt.timeout_ms = timeout_ms;
	return sched_new(table, &opt);
}

/* Ask for id and run it to the end; the slot is final and read unlocked after. */
static struct sched_check *
run_one(struct sched *s, const char *id)
{
	struct sched_check	*sc;

	sched_lock(s);
	sc = sched_want(s, id);
	assert_non_null(sc);
	sched_run(s);
	sched_unlock(s);
	assert_int_equal(sc->state, RUN_DONE);
	return sc;
}

static int
setup(void **state)
{
	(void)state;
	runs_a = runs_b = runs_c = runs_d = 0;
	in_p1 = in_p2 = 0;
	release = 0;
	a_done_before_b = 0;
	return 0;
}

static void
test_needs_order(void **state)
{
	struct sched		*s = new_sched(2000);
	struct sched_check	*b, *a;

	(void)state;
	sched_lock(s);
	/* Asking for b brings in a first. */
	b = sched_want(s, "b");
	assert_non_null(b);
	assert_int_equal(s->nchecks, 2);
	assert_string_equal(s->checks[0].entry->id, "a");
	assert_string_equal(s->checks[1].entry->id, "b");
	sched_run(s);
	a = sched_find(s, "a");
	assert_int_equal(a->state, RUN_DONE);
	assert_int_equal(b->state, RUN_DONE);
	assert_int_equal(b->result.status, CHECK_PASS);
	assert_string_equal(b->result.summary, "b saw 42");
	assert_true(b->started_ms >= a->started_ms + a->result.ms);
	sched_unlock(s);
	assert_int_equal(a_done_before_b, 1);
	sched_free(s);
}

static void
test_each_runs_once(void **state)
{
	struct sched	*s = new_sched(2000);

	(void)state;
	sched_lock(s);
	assert_non_null(sched_want(s, "a"));
	assert_non_null(sched_want(s, "b"));
	sched_run(s);
	/* A later node asking again gets the finished slot back. */
	assert_ptr_equal(sched_want(s, "a"), &s->checks[0]);
	assert_ptr_equal(sched_want(s, "b"), &s->checks[1]);
	sched_run(s);
	assert_int_equal(s->nchecks, 2);
	sched_unlock(s);
	assert_int_equal(runs_a, 1);
	assert_int_equal(runs_b, 1);
	sched_free(s);
}

static void
test_missing_need_skips(void **state)
{
	struct sched		*s = new_sched(2000);
	struct sched_check	*c, *d;

	(void)state;
	sched_lock(s);
	c = sched_want(s, "c");
	d = sched_want(s, "d");
	sched_run(s);
	/* Required need without data: skipped before exec, with its summary. */
	assert_int_equal(c->state, RUN_DONE);
	assert_int_equal(c->result.status, CHECK_SKIP);
	assert_string_equal(c->result.outcome, "skipped");
	assert_string_equal(c->result.summary, "nodata left nothing to read");
	/* Optional need: exec runs and falls back. */
	assert_int_equal(d->result.status, CHECK_PASS);
	assert_string_equal(d->result.summary, "d ran without");
	/* A need that is not in the table: nothing is asked for. */
	assert_null(sched_want(s, "orphan"));
	assert_null(sched_want(s, "ghost"));
	assert_null(sched_find(s, "orphan"));
	sched_unlock(s);
	assert_int_equal(runs_c, 0);
	assert_int_equal(runs_d, 1);
	sched_free(s);
}

static void
test_deadline_grace(void **state)
{
	struct sched		*s = new_sched(100);
	struct sched_check	*h;
	int64_t			 t0;

	(void)state;
	s->grace_ms = 100;
	t0 = now_ms();
	h = run_one(s, "hang");
	assert_true(now_ms() - t0 >= 200);
	assert_true(now_ms() - t0 < 1500);
	assert_int_equal(h->result.status, CHECK_ERROR);
	assert_string_equal(h->result.outcome, "error");
	assert_string_equal(h->result.summary, "did not finish within 200 ms");
	assert_int_equal(sched_live_jobs(), 1);
	/* When it ends at last, its late result is dropped. */
	atomic_store(&release, 1);
	s->grace_ms = 2000;
	sched_free(s);
	assert_int_equal(sched_live_jobs(), 0);
}

static void *
cancel_later(void *arg)
{
	usleep(100000);
	sched_cancel(arg);
	return NULL;
}

static void
test_cancel(void **state)
{
	struct sched		*s = new_sched(10000);
	struct sched_check	*h;
	pthread_t		 t;
	int64_t			 t0;

	(void)state;
	sched_lock(s);
	h = sched_want(s, "hang");
	assert_int_equal(pthread_create(&t, NULL, cancel_later, s), 0);
	t0 = now_ms();
	sched_run(s);
	assert_true(now_ms() - t0 < 2000);
	assert_int_equal(h->result.status, CHECK_ERROR);
	assert_string_equal(h->result.summary, "cancelled");
	sched_unlock(s);
	pthread_join(t, NULL);
	atomic_store(&release, 1);
	sched_free(s);
}

static void
test_concurrent(void **state)
{
	struct sched		*s = new_sched(5000);
	struct sched_check	*p1, *p2;

	(void)state;
	sched_lock(s);
	p1 = sched_want(s, "p1");
	p2 = sched_want(s, "p2");
	sched_run(s);
	assert_string_equal(p1->result.summary, "overlap seen");
	assert_string_equal(p2->result.summary, "overlap seen");
	sched_unlock(s);
	sched_free(s);
}

static void
test_undeclared_outcome(void **state)
{
	struct sched		*s = new_sched(2000);
	struct sched_check	*l;

	(void)state;
	l = run_one(s, "liar");
	assert_int_equal(l->result.status, CHECK_ERROR);
	assert_string_equal(l->result.summary, "check liar reported an undeclared outcome");
	sched_free(s);
}

/* A late need does not hold the check back: it starts beside a, then waits for a's data. */
static void
test_late_need(void **state)
{
	struct sched		*s = new_sched(2000);
	struct sched_check	*a, *l;

	(void)state;
	sched_lock(s);
	l = sched_want(s, "late");
	a = sched_find(s, "a");
	assert_non_null(a);
	sched_run(s);
	assert_int_equal(l->state, RUN_DONE);
	assert_string_equal(l->result.summary, "late saw 42");
	/* started before a finished (a sleeps 20 ms); "saw 42": read a's data once done */
	assert_true(a->result.ms >= 20);
	assert_true(l->started_ms < a->started_ms + a->result.ms);
	sched_unlock(s);
	assert_int_equal(runs_a, 1);
	sched_free(s);
}

/* check_dep_until gives up at its bound: the need still runs, the reader goes on. */
static void
test_late_until(void **state)
{
	struct sched		*s = new_sched(300);
	struct sched_check	*p, *h;
	int64_t			 t0 = now_ms();

	(void)state;
	s->grace_ms = 100;
	sched_lock(s);
	p = sched_want(s, "peek");
	h = sched_find(s, "hang");
	assert_non_null(h);
	sched_run(s);
	assert_string_equal(p->result.summary, "peek saw nothing");
	assert_true(p->result.ms < 300);
	assert_int_equal(h->result.status, CHECK_ERROR);
	assert_true(now_ms() - t0 < 2000);
	sched_unlock(s);
	atomic_store(&release, 1);
	s->grace_ms = 2000;
	sched_free(s);
}

static void
test_notify(void **state)
{
	struct sched	*s = new_sched(2000);
	int		 p[2];
	char		 buf[64];

	(void)state;
	assert_int_equal(pipe(p), 0);
	s->notify_fd = p[1];
	run_one(s, "a");
	/* At least: started, finished. */
	assert_true(read(p[0], buf, sizeof buf) >= 2);
	sched_free(s);
	close(p[0]);
	close(p[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_needs_order, setup),
		cmocka_unit_test_setup(test_each_runs_once, setup),
		cmocka_unit_test_setup(test_missing_need_skips, setup),
		cmocka_unit_test_setup(test_deadline_grace, setup),
		cmocka_unit_test_setup(test_cancel, setup),
		cmocka_unit_test_setup(test_concurrent, setup),
		cmocka_unit_test_setup(test_undeclared_outcome, setup),
		cmocka_unit_test_setup(test_notify, setup),
		cmocka_unit_test_setup(test_late_need, setup),
		cmocka_unit_test_setup(test_late_until, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
