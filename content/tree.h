/* tree.h: the decision tree, parsed from content/tree.txt. */
#ifndef TREE_H
#define TREE_H

#include <stddef.h>

enum confidence {
	CONF_CONFIRMED,		/* direct evidence */
	CONF_LIKELY,
	CONF_POSSIBLE,
};

enum rule_action {
	RULE_CAUSE,		/* record a cause with a confidence */
	RULE_GOTO,		/* walk on to another node */
	RULE_OK,		/* this outcome is healthy: nothing to record */
	RULE_INCONCLUSIVE,	/* this outcome leaves the question open */
};

struct tree_rule {
	char		*check;		/* check id */
	char		*outcome;	/* outcome label, or "*" for any */
	enum rule_action action;	/* what a match does */
	char		*target;	/* cause id (RULE_CAUSE) or node id (RULE_GOTO) */
	enum confidence	 conf;		/* for RULE_CAUSE */
	int		 line;		/* line in tree.txt, for lint messages */
};

struct tree_node {
	char		*id;		/* node id */
	char		*title;		/* what this step asks, shown while it runs */
	char		**run;		/* check ids run (concurrently) at this node */
	size_t		 nrun;		/* number of run entries */
	struct tree_rule *rules;	/* routing, evaluated in order */
	size_t		 nrules;	/* number of rules */
	int		 line;		/* line of the node keyword */
};

struct tree_start {
	char		*mode;		/* client, server, explain */
	char		*node;		/* the node a walk in this mode starts at */
	int		 line;		/* line of the start keyword */
};

struct tree_answer {
	char		*id;		/* answer id */
	char		*text;		/* what the person picks */
	char		**boost;	/* cause ids this answer makes more probable */
	size_t		 nboost;	/* number of boosted causes */
};

/* A question only the person can answer; its answer re-ranks causes of equal confidence. */
struct tree_question {
	char		*id;		/* question id */
	char		*mode;		/* the mode it belongs to */
	char		*text;		/* the question */
	struct tree_answer *answers;	/* the choices, in order */
	size_t		 nanswers;	/* number of choices */
	int		 line;		/* line of the question keyword */
};

/* A condition on a finished check: its outcome, or a fact it recorded matching a pattern. */
struct tree_cond {
	char		*check;		/* check id */
	char		*outcome;	/* outcome label, or NULL for a fact condition */
	char		*fact;		/* fact name, or NULL for an outcome condition */
	char		**patterns;	/* fnmatch(3) patterns: any one may match the fact */
	size_t		 npatterns;	/* number of patterns */
	int		 line;		/* line of the when keyword */
};

/*
 * explains A B: when both causes are found and every condition holds, B is
 * A's consequence; B folds into A's evidence under the because line.
 */
struct tree_relation {
	char		*explaining;	/* cause id A: the specific cause */
	char		*explained;	/* cause id B: what A makes happen */
	struct tree_cond *conds;	/* all must hold */
	size_t		 nconds;	/* number of conditions */
	char		*because;	/* the line that introduces B's evidence under A */
	char		*fix;		/* article id for the merged cause, or NULL: A's own */
	int		 carries;	/* carries-confidence: A becomes as sure as B */
	int		 line;		/* line of the explains keyword */
};

/*
 * alternatives C: when C is found (and the conditions hold), the client
 * cannot tell it from the causes in also; they are listed as possible, with
 * what tells them apart.
 */
struct tree_alternatives {
	char		*cause;		/* the most likely cause */
	char		**also;		/* the causes it looks the same as */
	size_t		 nalso;		/* number of those */
	struct tree_cond *conds;	/* all must hold */
	size_t		 nconds;	/* number of conditions */
	char		*tells_apart;	/* what would tell them apart */
	int		 line;		/* line of the alternatives keyword */
};

struct tree {
	struct tree_node *nodes;	/* every node, in file order */
	size_t		 nnodes;	/* number of nodes */
	struct tree_start *starts;	/* one entry per mode */
	size_t		 nstarts;	/* number of starts */
	struct tree_question *questions;	/* questions, in file order */
	size_t		 nquestions;	/* number of questions */
	int		 in_question;	/* parser state: lines belong to the last question */
	struct tree_relation *relations;	/* explains statements, in file order */
	size_t		 nrelations;	/* number of relations */
	struct tree_alternatives *alternatives;	/* alternatives statements, in file order */
	size_t		 nalternatives;	/* number of those */
	int		 in_block;	/* parser state: 1 in a relation, 2 in alternatives */
};

/* Parse tree text; on error return -1 with *cause "NAME:LINE: message". */
int	 tree_parse(const char *text, size_t len, const char *name,
	    struct tree **out, char **cause);
void	 tree_free(struct tree *);
const struct tree_node *tree_node_find(const struct tree *, const char *id);
const char *tree_start_node(const struct tree *, const char *mode);
const struct tree_question *tree_question_find(const struct tree *, const char *id);
const struct tree_answer *tree_answer_find(const struct tree_question *, const char *id);
const char *confidence_name(enum confidence);
int	 confidence_parse(const char *, enum confidence *);

#endif
