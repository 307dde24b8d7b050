/* check.h: the uniform shape of a check (one file each in checks/) and of the result it reports. */
#ifndef CHECK_H
#define CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

enum check_status {
	CHECK_PASS,
	CHECK_FAIL,
	CHECK_WARN,
	CHECK_SKIP,
	CHECK_ERROR,
};

struct check_result {
	enum check_status status;	/* pass|fail|warn|skip|error */
	char		*summary;	/* one sanitized line */
	struct strlist	 evidence;	/* sanitized lines supporting the summary */
	struct check_facts *facts;	/* named facts the check recorded (check_fact), or NULL */
	const char	*outcome;	/* label the decision tree routes on; one of the entry's outcomes */
	long		 ms;		/* time the check took */
	void		*data;		/* facts for checks that need this one (read via check_data) */
	void		(*data_free)(void *);	/* releases data */
};

#define CHECK_SSH_OPTIONS_MAX	16	/* -o options taken from the command line */

/* What a check is asked to look at. Filled from the command line. */
struct check_options {
	const char	*mode;		/* "client", "server" or "explain" */
	const char	*host;		/* target host as given */
	const char	*user;		/* target user, or NULL for the local user */
	int		 port;		/* target port (22 unless given) */
	int		 port_given;	/* -p or host:port was given (else ssh_config may choose) */
	int		 user_given;	/* -l or user@ was given (else ssh_config may choose) */
	int		 timeout_ms;	/* bound for each network probe */
	const char	*ssh_config;	/* -F */
	const char	*identity;	/* -i */
	const char	*const *ssh_options;	/* -o KEY=VALUE, as typed, NULL-terminated, or NULL */
	const char	*jump;		/* -J destination[,destination...], or NULL */
	int		 family;	/* -4 or -6: 4 or 6; 0 for either */
	const char	*sshd_config;	/* --sshd-config */
	const char	*const *logs;	/* --log files, NULL-terminated */
	const char	*client_ip;	/* --client-ip */
	const char	*since;		/* --since TIME (valid: logtime_since), or NULL */
	const char	*server_user;	/* --user: the account that cannot log in, or NULL */
	const char	*key;		/* --key: a .pub file or a SHA256: fingerprint, or NULL */
	int		 server_port;	/* --port, 0 if not given */
	const char	*explain_file;	/* --explain */
	const char	*ip_url;	/* echo service for the my-ip check; NULL: not asked */
	const char	*control_url;	/* well-known HTTPS URL for https-control, or NULL */
	int		 thorough;	/* --thorough: probes run even when the attempt succeeded */
	/*
	 * A re-check after a fix (ui/fix.c): log lines from before the fix are
	 * history, not the present. logs_since: journal entries before this
	 * unix time in microseconds are skipped (0: none; a second is too coarse:
	 * lines of the diagnosis's last moments share the fix's second); log_marks: the size each log file had
	 * then, read only beyond it ({NULL, 0} ends the list), or NULL.
	 */
	long long	 logs_since;
	const struct check_log_mark *log_marks;
};

/* A log file's size when a fix began (check_options.log_marks). */
struct check_log_mark {
	const char	*path;		/* as the check opens it */
	long long	 size;		/* bytes it held then */
};

struct sched;
struct check_entry;

struct check_ctx {
	const struct check_options *opt;	/* what to look at */
	int64_t		 deadline_ms;	/* monotonic time by which the check must return */
	struct sched	*sched;		/* the scheduler running it, for check_dep() */
	const struct check_entry *entry; /* the check being run */
};

/*
 * The data a check reads from one of its needs. The scheduler resolves it
 * before exec: when a required need left no data, the check is reported
 * skipped (outcome "skipped") with the skip summary and exec never runs.
 * An optional need may be missing; exec then falls back (to the options).
 */
struct check_need {
	const char	*id;		/* the check that produces the data (also in needs) */
	int		 optional;	/* NEED_OPTIONAL or NEED_REQUIRED */
	const char	*skip;		/* summary when a required need left no data */
};
#define NEED_REQUIRED	0
#define NEED_OPTIONAL	1
/*
 * Optional, and read only at the end of exec: the check starts without
 * waiting for it, and check_data() waits for it then (until it is done, or
 * the reader's deadline plus half the grace). So work that does not depend
 * on it (running ssh-keygen, reading files) overlaps the need instead of
 * following it.
 */
#define NEED_LATE	2

struct check_entry {
	const char	*id;		/* stable id used by the tree and the JSON report */
	const char	*title;		/* short human title */
	const char	*const *needs;	/* ids of checks whose results this one reads (NULL-terminated) */
	const char	*const *outcomes; /* every outcome label exec may report (NULL-terminated) */
	void		(*exec)(struct check_ctx *, struct check_result *);
	const struct check_need *data;	/* data exec reads from needs (id NULL ends), or NULL */
	const char	*const *facts;	/* fact names exec may record (NULL-terminated), or NULL */
};

/* The registry: every check, in one table (checks/registry.c). */
extern const struct check_entry *const check_table[];
const struct check_entry *check_find(const char *id);
int	 check_has_outcome(const struct check_entry *, const char *outcome);

/*
 * The result of a dependency declared in needs, finished; NULL if it never
 * ran. A NEED_LATE dependency is waited for here (bounded).
 */
const struct check_result *check_dep(struct check_ctx *, const char *id);
/*
 * A NEED_LATE dependency's result, waiting for it no later than until_ms
 * (monotonic); NULL when it is not done by then (or never ran). For a check
 * that decides from the need whether to start its own work at all.
 */
const struct check_result *check_dep_until(struct check_ctx *, const char *id,
	    int64_t until_ms);
/*
 * The data of need id once it finished, or NULL if it left none. Producers
 * wrap it in a typed accessor in their header (sshconf_pair_dep() and so
 * on), so the id is the type tag and no consumer casts by hand.
 */
void	*check_data(struct check_ctx *, const char *id);
/* The declaration of need id in e's data needs, or NULL. */
const struct check_need *check_need_find(const struct check_entry *, const char *id);

/* Set status, outcome and a formatted summary (sanitized). */
void	 check_set(struct check_result *, enum check_status, const char *outcome,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Append one formatted line of evidence (sanitized; capped at 50 lines). */
void	 check_evidence(struct check_result *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 check_result_free(struct check_result *);

const char *check_status_name(enum check_status);
/* Milliseconds left before the check's deadline (never negative). */
int	 check_remaining_ms(const struct check_ctx *);

#define CHECK_EVIDENCE_MAX 50

/*
 * Facts: what a check found, by name (the key file, the jail, the directive),
 * so that an article can say its advice with the real values. Names come from
 * one vocabulary (check_fact_names); values are sanitized and bounded.
 */
#define CHECK_FACTS_MAX		32
#define CHECK_FACT_VALUE_MAX	512

struct check_fact {
	const char	*name;		/* one of check_fact_names */
	char		*value;		/* sanitized, at most CHECK_FACT_VALUE_MAX bytes */
};

struct check_facts {
	struct check_fact v[CHECK_FACTS_MAX];
	size_t		 n;
};

extern const char *const check_fact_names[];
int	 check_fact_known(const char *name);
/* Record (or replace) a named fact; a name outside the vocabulary is ignored. */
void	 check_fact(struct check_result *, const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The value recorded under name, or NULL. */
const char *check_fact_get(const struct check_result *, const char *name);
/* Record config_file and config_line from a "FILE:LINE: text" location (sshconf_locate). */
void	 check_fact_location(struct check_result *, const char *where);
/* Whether the entry declares name in its facts list. */
int	 check_declares_fact(const struct check_entry *, const char *name);

#endif
