/* apply.h: a cause's fix as an executable plan (the article's "== Apply" section filled from the diagnosis), printed as a dry run and applied in one change transaction. */
#ifndef APPLY_H
#define APPLY_H

#include <stdio.h>
#include <sys/types.h>

#include "lib/change.h"
#include "lib/util.h"
#include "content/walk.h"

/*
 * An article's "== Apply" section (content/FORMAT.md) is one step per line:
 * a verb and its arguments, words separated by spaces, with {fact:sample}
 * placeholders as in the Fix section. fix_plan_make fills them from the
 * cause's facts; the cause is fixable only when every placeholder got a
 * value from the diagnosis, its confidence is confirmed or likely, and each
 * step's verb accepts its arguments (the verb's plan function says so).
 */
#define FIX_STEP_ARGS_MAX	4

struct fix_plan;
struct fix_step;

/* What fix_plan_apply may do: consent and the sshd transaction's settings. */
struct fix_apply_opts {
	int		 yes;		/* the person consented (--yes, or y in the wizard): required */
	int		 confirm_timeout;	/* seconds of B's confirmation window (0: 120) */
	int		 interactive;	/* a person can answer the confirmation prompt now */
	FILE		*out;		/* progress lines as steps run, or NULL */
};

/*
 * One verb: the mechanism in C. Which verb a cause uses, with which facts,
 * is content. plan checks the (filled) arguments and fills the step's what,
 * commands, backups and diff without changing anything; apply makes the
 * change through the change_* calls of tx (so undo knows it). Both return 0,
 * or -1 with *cause.
 */
struct fix_verb {
	const char	*name;		/* as written in an Apply line; NULL ends a table */
	int		 minargs;	/* arguments it needs */
	int		 maxargs;	/* arguments it takes (<= FIX_STEP_ARGS_MAX) */
	int		 server;	/* changes the server's side (runs as root on the server) */
	int		(*plan)(struct fix_plan *, struct fix_step *, char **cause);
	int		(*apply)(struct change_tx *, struct fix_plan *, struct fix_step *,
			    const struct fix_apply_opts *, char **cause);
	/*
	 * Optional: runs after the transaction is committed (reload-sshd: the
	 * reload, the re-probe and the confirmation window, which need the
	 * journal entry). -1 means the entry was rolled back (plan->result says so).
	 */
	int		(*after)(struct fix_plan *, struct fix_step *,
			    const struct fix_apply_opts *, char **cause);
};

/*
 * The verb tables, each ending with an entry whose name is NULL:
 * fix_verbs_client (content/apply-client.c: chmod, chown, mkdir,
 * known-hosts-remove, client-config-block) and fix_verbs_server
 * (content/apply-server.c: sshd-config-comment, keygen-hostkeys, unban,
 * authorized-keys-add, reload-sshd).
 */
extern const struct fix_verb fix_verbs_client[];
extern const struct fix_verb fix_verbs_server[];
/* The verb called name in either table, or NULL. */
const struct fix_verb *fix_verb_find(const char *name);

struct fix_step {
	const struct fix_verb *verb;	/* what runs it */
	char		*args[FIX_STEP_ARGS_MAX];	/* filled arguments (sanitized facts) */
	int		 nargs;		/* number of args */
	char		*line;		/* the Apply line as filled, for messages */
	char		*what;		/* one human line: what it does (plan fills it) */
	struct strlist	 commands;	/* the exact commands it amounts to, shell-quoted, for the dry run */
	struct strlist	 backups;	/* paths backed up before the change */
	struct strlist	 notes;		/* lines the person must read first (fingerprints) */
	char		*diff;		/* a unified diff for a file edit, or NULL */
	char		*newtext;	/* a file edit: the new contents, computed by plan */
	size_t		 newlen;	/* its length */
	char		*path;		/* the file or directory it changes, or NULL */
	long		 ival[3];	/* numbers plan computed for apply (a mode, a uid, a gid) */
	int		 noop;		/* plan found nothing to change: apply skips it */
	int		 done;		/* apply finished this step */
};

struct fix_plan {
	char		*cause;		/* the cause id the plan fixes */
	char		*article;	/* the article it comes from (cause's fix, else its id) */
	char		*title;		/* the cause's title */
	char		*mode;		/* "client" or "server": where the diagnosis ran */
	struct fix_step	*steps;		/* in order */
	size_t		 nsteps;	/* number of steps */
	struct strlist	 risks;		/* the article's "Risks and undo" section, as lines of prose */
	int		 server;	/* some step changes the server's side */
	int		 sshd_reload;	/* the plan ends with reload-sshd: B's sshd transaction */
	int		 needs_out_of_band;	/* a step asks the person to check something first */
	/* Where the diagnosis connected, for verbs that look again (known-hosts-remove). */
	char		*host;		/* host as ssh connects (ssh -G) */
	char		*user;		/* user, or NULL */
	int		 port;		/* port */
	char		*ssh_config;	/* -F file, or NULL: ~/.ssh/config */
	char		*sshd_config;	/* --sshd-config, or NULL: /etc/ssh/sshd_config */
	int		 timeout_ms;	/* bound for each look (--timeout) */
	int		 quick;		/* only the verdict (fix_cause_fixable): plan runs no command */
	/* Filled by fix_plan_apply. */
	char		*entry;		/* the journal entry (change_dir's basename), or NULL */
	char		*entry_dir;	/* its directory */
	char		*result;	/* "applied", "failed", "rolled-back", "pending" */
};

/*
 * The cause's plan: 0 with *plan (free with fix_plan_free), or -1 with
 * *cause saying in one sentence why it is not fixable: no Apply section, a
 * fact the diagnosis did not establish, a confidence below likely, a verb
 * that refused its arguments. plan may be NULL: only the verdict.
 */
int	 fix_plan_make(const struct walk *, const struct walk_cause *,
	    struct fix_plan **plan, char **cause);
/* Whether fix_plan_make would succeed (JSON causes[].fixable, the status line's "f fix"). */
int	 fix_cause_fixable(const struct walk *, const struct walk_cause *);
/* The walk's cause with this id, or NULL. */
const struct walk_cause *fix_find_cause(const struct walk *, const char *id);

/*
 * The dry run: every step's exact commands and diffs, what is backed up
 * where, what to read first (fingerprints), what could go wrong (the
 * article's Risks and undo), and the way back (sshdoc --undo).
 */
void	 fix_plan_print(const struct fix_plan *, FILE *);

/*
 * Apply: refuses without opts->yes. Opens one change_begin transaction,
 * runs each step's apply in order, and commits it (pending when the plan
 * ends with reload-sshd and a confirmation window follows), then each
 * step's after hook. On a step's failure the steps already done are
 * restored (change_restore, "rolled-back") and -1 is returned with *cause.
 */
int	 fix_plan_apply(struct fix_plan *, const struct fix_apply_opts *, char **cause);
void	 fix_plan_free(struct fix_plan *);

/*
 * The lint of an article's Apply section: every line a known verb with
 * its number of arguments. Appends one message per problem.
 */
struct article;
void	 fix_apply_lint(const struct article *, const char *name, struct strlist *problems);
/* The first line of the Apply section, or a->nlines when there is none. */
size_t	 fix_apply_section(const struct article *, size_t *end);

/*
 * The options of the re-check after a fix: opt, with log lines from before
 * now left out (logs_since, and log_marks: the size of each log file now).
 * The marks live in static storage, valid for the process's life; one fix
 * at a time, from the thread that drives the front end.
 */
void	 fix_recheck_options(const struct check_options *opt, struct check_options *ropt);

/* For verbs: add a line to a strlist with printf formatting. */
void	 fix_step_command(struct fix_step *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * The words of an Apply line into out: split at spaces, a placeholder whole
 * even when its sample holds spaces. -1 beyond a verb and FIX_STEP_ARGS_MAX
 * arguments (content/apply-text.c, with the two below).
 */
int	 fix_apply_words(const char *raw, struct strlist *out);
/* A word shell-quoted for the dry run's commands (allocated). */
char	*fix_shell_word(const char *);
/* A unified diff of old and new contents of path (allocated; "" when equal). */
char	*fix_unified_diff(const char *path, const char *old, size_t oldlen,
	    const char *new, size_t newlen);

#endif
