/* fleet.h: many hosts at once (--hosts, --inventory): the target list, the driver that diagnoses them a bounded number at a time, the grouped result. */
#ifndef FLEET_H
#define FLEET_H

#include <stdio.h>

#include <jansson.h>

#include "content/content.h"
#include "lib/util.h"
#include "checks/check.h"

#define FLEET_HOSTS_MAX		10000	/* targets in one run */
#define FLEET_FILE_MAX		(1024 * 1024)	/* bytes of a --hosts file */
#define FLEET_LINE_MAX		1024	/* bytes of one of its lines */
#define FLEET_PARALLEL_MAX	256	/* --parallel at most */
#define FLEET_SSH_OPTIONS_MAX	16	/* -o options one inventory host may carry */

/* One host to diagnose, as the list or the inventory names it. */
struct fleet_target {
	char	*name;		/* what the person calls it (the line, the inventory name) */
	char	*host;		/* where to connect */
	char	*user;		/* or NULL: -l, else ssh's choice */
	int	 port;		/* 0: -p, else ssh's choice */
	char	*identity;	/* -i for this host, or NULL */
	char	*ssh_options[FLEET_SSH_OPTIONS_MAX + 1];	/* -o Key=Value, NULL-terminated */
	int	 nssh_options;
};

struct fleet_list {
	struct fleet_target *v;
	size_t	 n;
};

/* What the command line asks for. */
struct fleet_opts {
	const char	*args[4];	/* --hosts, --inventory, --limit, --parallel as typed */
	int		 active;	/* --hosts or --inventory was given */
	const char	*hosts_file;	/* --hosts FILE, "-" for standard input */
	const char	*inventory;	/* --inventory FILE|DIR */
	const char	*limit;		/* --limit PATTERN */
	int		 parallel;	/* --parallel N, 0: from the CPU count */
	int		 json;		/* --json: a report per line and a summary */
};

/*
 * Run one host's report on standard output in this (child) process, as the
 * single-host --json does; returns its exit status. main.c hands its own.
 */
typedef int (*fleet_report_fn)(void *arg, const struct content *,
	    const struct check_options *);

/*
 * Read the targets of --hosts (bounded: FLEET_FILE_MAX bytes, FLEET_HOSTS_MAX
 * lines) from f, named path in messages. 0, or -1 with *cause naming the line.
 */
int	 fleet_read_hosts(FILE *f, const char *path, struct fleet_list *, char **cause);
/* One "[user@]host[:port]" into t (name included). 0, or -1 with *cause. */
int	 fleet_parse_target(const char *s, struct fleet_target *t, char **cause);
/*
 * The targets of an Ansible inventory, through ansible-inventory --list
 * (lib/runner.h); notes (ignored variables) go to *notes. 0 or -1 with *cause.
 */
int	 fleet_read_inventory(const char *path, const char *limit, int timeout_ms,
	    struct fleet_list *, struct strlist *notes, char **cause);
/* Whether "-o" value s is one sshdoc passes on, as ssh's command line would take it. */
int	 fleet_ssh_option_ok(const char *s);
void	 fleet_list_free(struct fleet_list *);

/*
 * Check args (as main.c stored them) and fill in the rest of fo; NULL, or
 * why the command line is wrong (a usage error). target: a host was given too;
 * share: --share or --redact (one report's placeholders mean nothing across hosts).
 */
const char *fleet_check(struct fleet_opts *fo, int target, const char *mode, int json,
	    int share);
/*
 * One host's options: base with t's host, port, user, identity; t's -o after
 * base's, in o (CHECK_SSH_OPTIONS_MAX + 1 entries), which opt then points at.
 */
void	 fleet_target_options(const struct check_options *base, const struct fleet_target *t,
	    struct check_options *opt, const char **o);
/* --parallel's default: 4 per CPU, at most 64. */
int	 fleet_default_parallel(void);

/* The report function for fleet runs that main.c does not start itself (the wizard's). */
void	 fleet_set_report(fleet_report_fn, void *arg);

/* One run over a list: the children, and what becomes of each host's report. */
struct fleet_run {
	const struct content *content;
	const struct check_options *base;	/* the command line's options */
	const struct fleet_list *list;
	int		 parallel;	/* 0: fleet_default_parallel() */
	int		 progress;	/* a live line on stderr (a terminal, not the wizard's) */
	fleet_report_fn	 fn;		/* NULL: the one fleet_set_report gave */
	void		*arg;
	/* each host as it ends: its report (the single-host object, "host" added) or a stand-in */
	void		(*done)(struct fleet_run *, size_t idx, json_t *report, const char *error);
	void		*priv;		/* for done */
	void		(*tick)(struct fleet_run *);	/* every quarter second, or NULL */
	volatile int	*stop;		/* set (from any thread) to stop: children are killed */
	size_t		 ndone, nrunning;	/* for a progress line */
	size_t		 nok, nproblem;	/* verdicts so far (the rest of ndone: undecided) */
};
/* Run every host of r->list; 0, or -1 when stopped or no child could start. */
int	 fleet_run_all(struct fleet_run *);
/* The list from fo (--hosts FILE or -, --inventory); notes printed to stderr if non-NULL. */
int	 fleet_load(const struct fleet_opts *fo, int timeout_ms, struct fleet_list *,
	    struct strlist *notes, char **cause);
/*
 * Whether path looks like an Ansible inventory (a directory; a file with INI
 * groups, key=value pairs, YAML or JSON) rather than a --hosts list: 1, 0, or
 * -1 if it cannot be read.
 */
int	 fleet_is_inventory(const char *path);

/*
 * Diagnose every target of fo's list or inventory with base's options, a
 * bounded number at once, and print the grouped result (or JSON lines).
 * Returns the exit status: the worst verdict (2 for a bad list).
 */
int	 fleet_main(const struct content *, const struct check_options *base,
	    const struct fleet_opts *fo, fleet_report_fn, void *arg);

#endif
