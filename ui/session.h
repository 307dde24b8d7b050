/* session.h: what the wizard and line mode share, front-end neutral: answers, input validation, the walk's lifecycle, re-runs and their differences, saving. */
#ifndef SESSION_H
#define SESSION_H

#include <stdint.h>

#include "content/walk.h"
#include "content/content.h"

/* One walk and the strings its options point at. */
struct session_run {
	struct walk	*walk;		/* the walk (NULL if it could not start) */
	struct check_options opt;	/* the options it runs with */
	char		*host;		/* owned copies the options point at */
	char		*user;
	char		*mode;
	char		*explain_file;
	char		*sshd_config;
	char		*client_ip;
	char		*server_user;
	char		**logs;		/* NULL-terminated, or NULL */
	int		 joined;	/* walk_join was called */
	int64_t		 started_ms;	/* monotonic start */
	int64_t		 ended_ms;	/* monotonic end, 0 while running */
};

/* The person's answer to one tree question. */
struct session_answer {
	const struct tree_question *q;	/* the question (points into the tree) */
	const struct tree_answer *a;	/* the answer, or NULL: skipped */
};

struct session {
	const struct content *content;	/* tree, causes, articles */
	struct session_run *run;	/* the current walk, or NULL */
	struct session_run *prev;	/* the walk before a re-run, until the caller drops it */
	struct session_answer *answers;	/* questions answered or skipped, in that order */
	size_t		 nanswers;	/* number of entries */
	int		 notify_fd[2];	/* the walk writes a byte to [1] on every change */
};

/* What differs between two finished walks, in the order it is told. */
enum session_change_kind {
	CHANGE_CAUSE_GONE,		/* id: a cause of the old walk only */
	CHANGE_CAUSE_NEW,		/* id: a cause of the new walk only */
	CHANGE_CAUSE_STILL,		/* id: a cause of both */
	CHANGE_CHECK_NEW,		/* after: a check that runs now only */
	CHANGE_CHECK_STATUS,		/* before, after: a check whose status changed */
	CHANGE_CHECK_GONE,		/* before: a check that no longer runs */
};

struct session_change {
	enum session_change_kind kind;	/* what changed */
	const char	*id;		/* the cause id (cause kinds) */
	const struct walk_check *before;	/* the check in the old walk, or NULL */
	const struct walk_check *after;	/* the check in the new walk, or NULL */
};

/* Outcomes of session_save (errno says why). */
#define SESSION_SAVE_CREATE	-1	/* the file could not be created */
#define SESSION_SAVE_WRITE	-2	/* it could not be written */

/* Set up (the notify pipe); -1 with errno if the pipe cannot be made. */
int	 session_init(struct session *, const struct content *);
/* Cancel and join a walk still running, free everything. */
void	 session_free(struct session *);

/* Split "QUESTION=ANSWER" and find both in the tree; -1 if either is unknown. */
int	 session_answer_parse(const struct content *, const char *qa,
	    const struct tree_question **, const struct tree_answer **);
/* Record NULL-terminated --answer strings (checked already); unknown ones are ignored. */
void	 session_preset(struct session *, const char *const *answers);
/* Questions of the tree for mode, in file order, up to max in out; returns their number. */
size_t	 session_questions(const struct session *, const char *mode,
	    const struct tree_question **out, size_t max);
/* The entry for q, or NULL if it was neither answered nor skipped. */
const struct session_answer *session_answer_of(const struct session *,
	    const struct tree_question *);
/* Questions of mode neither answered nor skipped. */
size_t	 session_unasked(const struct session *, const char *mode);
/*
 * The unanswered questions of the finished walk whose answer can change the
 * order of its causes (walk_question_matters); with out, up to max of them.
 */
size_t	 session_questions_matter(const struct session *,
	    const struct tree_question **out, size_t max);
/* Record an answer (NULL: skipped, an earlier answer stays) and give it to the current walk. */
void	 session_answer(struct session *, const struct tree_question *,
	    const struct tree_answer *);

/* Port 1-65535 as typed (no blanks, no sign games); -1 if it is not one. */
int	 session_port(const char *);
/* An IPv4 or IPv6 address, nothing else. */
int	 session_address(const char *);
/* 1 if s is a user name as useradd accepts it (at most 32 bytes, no leading - or .). */
int	 session_user_name(const char *);
/* Printable, no spaces, no leading '-', only alphanumerics and extra: never an option. */
int	 session_safe_word(const char *, const char *extra);
/*
 * Split "user@host:port" or "user@[v6]:port" in place, as typed in a Host
 * field or on the command line: *host, *user and *port point into s (user and
 * port NULL if absent); "[v6]" loses its brackets. -1 for a '[' without its ']'
 * or with anything but ":port" after it.
 */
int	 session_split_target(char *s, char **host, char **user, char **port);
/* Why a host or user name is refused (begins with '-', blanks, controls), or NULL if it is fine. */
const char *session_bad_name(const char *, const char *what);
/* Why path cannot be read as a file (missing, not a regular file, begins with '-'), or NULL. */
const char *session_bad_file(const char *path, const char *what);

/*
 * Start a walk with opt's strings copied and the recorded answers of its
 * mode given; keep_old: the current walk becomes prev (a re-run), otherwise
 * it and prev are freed. -1 with *msg (a sentence to show) if it could not start.
 */
int	 session_start(struct session *, const struct check_options *, int keep_old,
	    char **msg);
/* Start the current walk's options again (a re-run); -1 with a message if not now. */
int	 session_rerun(struct session *, char **msg);
/* The current walk has finished, or there is none (call with nothing locked). */
int	 session_walk_done(const struct session *);
/* A walk is there and has not been joined. */
int	 session_running(const struct session *);
/* Drain the notify pipe; 1 if the walk finished now (it is joined then), else 0. */
int	 session_changed(struct session *);
/* Wait for the current walk (cancelled if it still runs: what ran so far counts). */
void	 session_finish(struct session *);
/* Free the walk before a re-run. */
void	 session_drop_prev(struct session *);
/* Differences between prev and run (both finished); a new array in *out, its length returned. */
size_t	 session_diff(const struct session *, struct session_change **out);

/* Save the finished walk's report at path (new file only; JSON if it ends .json). */
int	 session_save(const struct session *, const char *path, int *json);

#endif
