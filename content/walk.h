/* walk.h: walks the decision tree, asking a scheduler for each node's checks, collecting causes. */
#ifndef WALK_H
#define WALK_H

#include <pthread.h>
#include <stdint.h>

#include "checks/check.h"
#include "checks/sched.h"
#include "content/content.h"

/* One check of the walk as the UI reads it (under walk_lock, or once done). */
struct walk_check {
	const struct check_entry *entry;	/* the check */
	enum run_state	 state;		/* where it is */
	struct check_result result;	/* valid when state is RUN_DONE (owned by the scheduler) */
	int64_t		 started_ms;	/* monotonic start, for live timers */
	const char	*node;		/* the node that asked for it */
};

struct walk_cause {
	const char	*id;		/* cause id (points into the tree) */
	enum confidence	 conf;		/* how sure */
	char		*summary;	/* one line: what was seen */
	struct strlist	 evidence;	/* lines that support it */
	const char	*check;		/* the check whose outcome named it */
	struct strlist	 explains;	/* cause ids folded into this one (explains relations) */
	const char	*fix;		/* article to show, or NULL: the cause's own (points into the tree) */
	const char	*tells_apart;	/* what tells it from causes that look the same, or NULL */
	const char	*alternative_of;	/* added as a look-alike of this cause id, or NULL */
	struct check_facts *facts;	/* facts of the checks that named it (owned), or NULL */
};

struct walk {
	struct sched	*sched;		/* runs the checks; its lock guards the walk too */
	const struct content *content;	/* tree and causes */
	struct check_options opt;	/* what to look at */
	struct walk_check *checks;	/* every check started so far, in start order (never reallocated) */
	size_t		 nchecks;	/* number of checks */
	struct walk_cause *causes;	/* causes, ranked: most probable first */
	size_t		 ncauses;	/* number of causes */
	struct strlist	 path;		/* node ids visited */
	int		 inconclusive;	/* some outcome left the question open */
	int		 done;		/* the walk has finished */
	pthread_t	 thread;	/* the walk's thread, for walk_start */
	int		 started;	/* thread was created */
	char		*error;		/* why the walk could not run, or NULL */
	int		 cancelled;	/* walk_cancel was called: stop at once */
	const struct tree_answer **answers;	/* the person's answers, one per question at most */
	const struct tree_question **answered;	/* the questions they answer */
	size_t		 nanswers;	/* number of answers */
};

/* A walk of the tree from the start node of opt->mode, running checks from table. */
struct walk *walk_new_table(const struct content *, const struct check_options *,
	    const struct check_entry *const *table);
/* The same with every registered check (check_table). */
struct walk *walk_new(const struct content *, const struct check_options *);
/*
 * Record the person's answer to a tree question (replacing an earlier one);
 * causes are re-ranked at once if the walk is done. -1 if unknown.
 */
int	 walk_answer(struct walk *, const char *question, const char *answer);
/* The connection's way: name, address, TCP, banner, key exchange, host key, authentication, session. */
#define WALK_STEPS	8
extern const char *const walk_step_names[WALK_STEPS];
struct walk_step {
	enum { STEP_NOT_REACHED, STEP_PASSED, STEP_FAILED } state;
	long		 ms;		/* STEP_FAILED: the time the failing check took */
};
/*
 * Each step from the checks' results (content/path.c); returns the step where
 * it broke, WALK_STEPS if none, or -1 in server mode (no client path to tell).
 */
int	 walk_path(const struct walk *, struct walk_step steps[WALK_STEPS]);
/*
 * The same as one line, "name ok > address ok > TCP FAILED (0.1 s); not reached:
 * banner, ..." (with utf8: check marks and arrows), or NULL when nothing is known.
 */
char	*walk_path_line(const struct walk *, int utf8);

/*
 * Whether the person's answer to q can change the order of the causes: two or
 * more causes share the top confidence and some answer boosts some of them
 * but not all. Call when done (or locked).
 */
int	 walk_question_matters(const struct walk *, const struct tree_question *q);
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
/* Lock the walk; checks, nchecks and causes are then current. */
void	 walk_lock(struct walk *);
void	 walk_unlock(struct walk *);

/* Check threads still running in this process (abandoned or cancelled ones included). */
int	 walk_live_jobs(void);

/* "ok", "problem" or "inconclusive" (call when done). */
const char *walk_verdict(const struct walk *);
/* Exit status per the contract: 0 ok, 1 problem, 3 inconclusive. */
int	 walk_exit_status(const struct walk *);

/*
 * The user, host and port ssh connects as, by what ssh -G said (the
 * ssh-config check), else by the options. user may be NULL (the local user).
 */
void	 walk_effective(const struct walk *, const char **user, const char **host, int *port);

/*
 * A fact for a cause's article: recorded by a check that named the cause,
 * else the effective user, host or port, else recorded by any finished check.
 * NULL if no check knows it. Call locked or once done.
 */
const char *walk_cause_fact(const struct walk *, const struct walk_cause *, const char *name);

/* A cause's short fix: the first command block of its article's Fix section, filled in. */
struct walk_fix {
	char		*lead;		/* the prose line just before the block, or NULL */
	struct strlist	 commands;	/* one command per line, without its prompt */
	unsigned	 root;		/* bit i: command i runs as root */
};

/*
 * The cause's short fix with the checks' facts filled in, shell-quoted.
 * No commands when the article has none. Free with walk_fix_free.
 */
void	 walk_cause_fix(const struct walk *, const struct walk_cause *, struct walk_fix *);
void	 walk_fix_free(struct walk_fix *);
/* A line of an article with the cause's facts filled in (quoted on a command line). */
char	*walk_cause_fill(const struct walk *, const struct walk_cause *,
	    const struct article_line *);

#endif
