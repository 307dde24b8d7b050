/* sched.h: runs checks from a table, each once, as soon as what it needs is done, under a deadline. */
#ifndef SCHED_H
#define SCHED_H

#include <pthread.h>
#include <stdint.h>

#include "checks/check.h"

/* How long past its deadline a check may run before the scheduler gives up on it. */
#define SCHED_GRACE_MS		2000

enum run_state {
	RUN_PENDING,		/* waiting for its needs */
	RUN_RUNNING,		/* exec is running in its own thread */
	RUN_DONE,		/* result is final */
};

struct sched_check {
	const struct check_entry *entry;	/* the check */
	enum run_state	 state;		/* where it is */
	struct check_result result;	/* valid when state is RUN_DONE */
	int64_t		 started_ms;	/* monotonic start, for live timers */
	pthread_t	 thread;	/* the thread that ran exec */
	int		 has_thread;	/* thread must be joined by sched_free */
};

struct sched {
	pthread_mutex_t	 lock;		/* guards everything below (callers may share it) */
	pthread_cond_t	 cond;		/* signalled when a check finishes (CLOCK_MONOTONIC) */
	const struct check_entry *const *table;	/* what may run, NULL-terminated */
	struct check_options opt;	/* what the checks look at */
	struct sched_check *checks;	/* every check asked for, in order (never reallocated) */
	size_t		 nchecks;	/* number of checks */
	size_t		 maxchecks;	/* capacity: each check in the table runs at most once */
	int		 notify_fd;	/* a byte is written here on every change (-1: none) */
	int		 jobs;		/* check threads still running */
	int		 cancelled;	/* sched_cancel was called: stop at once */
	int		 grace_ms;	/* past timeout_ms, how long a check may overrun */
};

struct sched	*sched_new(const struct check_entry *const *table,
		    const struct check_options *);
/* Gives up on checks still running past every deadline (their memory is then leaked). */
void		 sched_free(struct sched *);
void		 sched_lock(struct sched *);
void		 sched_unlock(struct sched *);
/* Write one byte to the notify fd (called locked). */
void		 sched_notify(struct sched *);

/*
 * Ask for check id (and, first, for what it needs); called locked. Returns
 * its slot, or NULL if id or one of its needs is not in the table.
 */
struct sched_check *sched_want(struct sched *, const char *id);
/* The slot of id, or NULL if it was never asked for (called locked). */
struct sched_check *sched_find(struct sched *, const char *id);
/* Run every check asked for until all are done; called locked, waits unlocked. */
void		 sched_run(struct sched *);
/* Stop at once: checks not done become errors and are left to end by their deadline. */
void		 sched_cancel(struct sched *);

/* Check threads still running in this process (abandoned or cancelled ones included). */
int		 sched_live_jobs(void);

#endif
