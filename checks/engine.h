/* engine.h: walks the decision tree, runs the checks each node names concurrently, collects causes. */
#ifndef ENGINE_H
#define ENGINE_H

#include <pthread.h>
#include <stdint.h>

#include "checks/check.h"
#include "content/content.h"

enum run_state {
	RUN_PENDING,		/* waiting for its dependencies */
	RUN_RUNNING,		/* exec is running in its own thread */
	RUN_DONE,		/* result is final */
};

struct walk_check {
	const struct check_entry *entry;	/* the check */
	enum run_state	 state;		/* where it is */
	struct check_result result;	/* valid when state is RUN_DONE */
	int64_t		 started_ms;	/* monotonic start, for live timers */
	const char	*node;		/* the node that asked for it */
	pthread_t	 thread;	/* the thread that ran exec */
	int		 has_thread;	/* thread must be joined by walk_free */
};

struct walk_cause {
	const char	*id;		/* cause id (points into the tree) */
	enum confidence	 conf;		/* how sure */
	char		*summary;	/* one line: what was seen */
	struct strlist	 evidence;	/* lines that support it */
	const char	*check;		/* the check whose outcome named it */
};

struct walk {
	pthread_mutex_t	 lock;		/* guards everything below while a walk runs */
	const struct content *content;	/* tree and causes */
	struct check_options opt;	/* what to look at */
	struct walk_check *checks;	/* every check started so far, in start order (never reallocated) */
	size_t		 nchecks;	/* number of checks */
	size_t		 maxchecks;	/* capacity: each registered check runs at most once */
	struct walk_cause *causes;	/* causes, ranked: most probable first */
	size_t		 ncauses;	/* number of causes */
	struct strlist	 path;		/* node ids visited */
	int		 inconclusive;	/* some outcome left the question open */
	int		 done;		/* the walk has finished */
	int		 notify_fd;	/* a byte is written here on every change (-1: none) */
	pthread_t	 thread;	/* the walk's thread, for walk_start */
	int		 started;	/* thread was created */
	pthread_cond_t	 cond;		/* signalled when a check finishes */
	int		 jobs;		/* check threads still running */
	char		*error;		/* why the walk could not run, or NULL */
	int		 cancelled;	/* walk_cancel was called: stop at once */
	const struct tree_answer **answers;	/* the person's answers, one per question at most */
	const struct tree_question **answered;	/* the questions they answer */
	size_t		 nanswers;	/* number of answers */
};

/* A walk of the tree from the start node of opt->mode. */
struct walk *walk_new(const struct content *, const struct check_options *);
/*
 * Record the person's answer to a tree question (replacing an earlier one);
 * causes are re-ranked at once if the walk is done. -1 if unknown.
 */
int	 walk_answer(struct walk *, const char *question, const char *answer);
/* Run to the end in the calling thread. Returns 0, or -1 (with *cause) if there is no start node. */
int	 walk_run(struct walk *, char **cause);
/* Run in a background thread; every change writes one byte to notify_fd. */
int	 walk_start(struct walk *, int notify_fd, char **cause);
/*
 * Stop a running walk at once: checks still running are marked as errors
 * and left to end by their own deadline. walk_join then returns promptly.
 */
void	 walk_cancel(struct walk *);
/* Wait for a walk_start walk to end. */
void	 walk_join(struct walk *);
void	 walk_free(struct walk *);
void	 walk_lock(struct walk *);
void	 walk_unlock(struct walk *);

/* Check threads still running in this process (abandoned or cancelled ones included). */
int	 engine_live_jobs(void);

/* "ok", "problem" or "inconclusive" (call when done). */
const char *walk_verdict(const struct walk *);
/* Exit status per the contract: 0 ok, 1 problem, 3 inconclusive. */
int	 walk_exit_status(const struct walk *);

#endif
