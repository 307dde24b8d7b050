/* content.h: the knowledge sshdoc ships (decision tree, cause list, articles), embedded or from --content DIR. */
#ifndef CONTENT_H
#define CONTENT_H

#include <stddef.h>

#include "lib/util.h"
#include "content/article.h"
#include "content/tree.h"

#define CONTENT_FILE_MAX (1024 * 1024)	/* largest content file read */

struct cause_info {
	char		*id;		/* cause id, as in causes.tsv */
	char		*seen_from;	/* client, server, either, network */
	char		*title;		/* one-line title */
	char		*first_seen;	/* what the person sees first */
};

struct content {
	char		*dir;		/* NULL when bundled */
	struct tree	*tree;		/* the decision tree */
	struct cause_info *causes;	/* every known cause, in causes.tsv order */
	size_t		 ncauses;	/* number of causes */
};

/* Load from dir, or the bundled copy when dir is NULL. */
int	 content_load(const char *dir, struct content **, char **cause);
void	 content_free(struct content *);
const struct cause_info *content_cause(const struct content *, const char *id);
/* Read and parse the article for a cause id. */
int	 content_article(const struct content *, const char *id,
	    struct article **, char **cause);
/*
 * Check everything: tree references, reachability, every check outcome routed,
 * every cause with a valid article. Appends one message per problem to
 * problems; returns the number of problems.
 */
size_t	 content_lint(const struct content *, struct strlist *problems);

/* Cause ids that no tree rule names yet (their articles still exist for --article). */
void	 content_undetected(const struct content *, struct strlist *ids);

/* Embedded files (generated at build time). */
const char *bundle_file(const char *name, size_t *len);

#endif
