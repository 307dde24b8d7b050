/* fleet-table.h: the hosts' verdicts grouped by top cause, kept small (a name and a verdict per host, one fix per group), and their table and JSON summary. */
#ifndef FLEET_TABLE_H
#define FLEET_TABLE_H

#include <stdio.h>

#include <jansson.h>

#include "content/content.h"
#include "lib/util.h"

/* The hosts that share a top cause (or none: inconclusive), with the first listed one's short fix. */
struct fleet_group {
	char		*id;		/* cause id, or NULL for hosts with no cause and no verdict */
	size_t		*hosts;		/* indices into the table's names (list order once sorted) */
	size_t		 n;
	size_t		 first;		/* the host whose summary and fix are kept (first listed) */
	char		*summary;	/* its cause summary (or error) */
	char		*lead;		/* the short fix's lead-in, or NULL */
	struct strlist	 fix;		/* the first host's short fix, filled in */
	unsigned	 root;		/* bit i: fix line i runs as root */
};

struct fleet_table {
	const struct content *content;
	char		**names;	/* every host, in list order (NULL: not done) */
	size_t		 nhosts;	/* hosts done */
	size_t		 nlist;		/* hosts in the list */
	size_t		 nok, nproblem, ninconclusive;
	struct fleet_group *groups;	/* causes, then the inconclusive group, as first seen */
	size_t		 ngroups;
};

void	 fleet_table_init(struct fleet_table *, const struct content *, size_t nlist);
/*
 * Record one host's report (a single-host JSON report object, or NULL when
 * there is none: error says why). Returns its verdict: 0 ok, 1 problem, 3 inconclusive.
 */
int	 fleet_table_add(struct fleet_table *, size_t idx, const char *name,
	    const json_t *report, const char *error);
/* Groups largest first, their hosts in list order. */
void	 fleet_table_sort(struct fleet_table *);
/* The grouped table for a person: a line per cause, its hosts, its fix; ok hosts counted. */
void	 fleet_table_print(FILE *, const struct fleet_table *, long ms);
/* {"summary": {...}} on one line. */
void	 fleet_table_summary(FILE *, const struct fleet_table *, long ms);
/* The worst verdict as the exit status: 1 any problem, else 3 any inconclusive, else 0. */
int	 fleet_table_status(const struct fleet_table *);
void	 fleet_table_free(struct fleet_table *);

#endif
