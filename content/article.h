/* article.h: fix articles (content/articles/ID.txt), parsed into typed lines for the text and curses renderers. */
#ifndef ARTICLE_H
#define ARTICLE_H

#include <stddef.h>

enum article_line_kind {
	ALINE_TEXT,		/* prose */
	ALINE_HEADING,		/* "== Heading" */
	ALINE_STEP,		/* "1. ..." numbered step (first line) */
	ALINE_COMMAND,		/* "$ cmd" (any user) or "# cmd" (root), indentation allowed */
	ALINE_QUOTE,		/* "> text": a message exactly as a program prints it */
	ALINE_SEE,		/* "see: cause-id" cross reference */
	ALINE_BLANK,		/* paragraph break */
};

struct article_line {
	enum article_line_kind kind;	/* what this line is */
	char		*text;		/* the text without markup (command without its prompt),
					   each placeholder shown as its default */
	char		*raw;		/* the same with its placeholders ({name:default}) */
	int		 root;		/* ALINE_COMMAND: '#' prompt, run as root */
	int		 indent;	/* leading spaces in the source */
	int		 number;	/* ALINE_STEP: the step number */
};

struct article {
	char		*id;		/* from the "id:" header, equals the file name */
	char		*title;		/* from the "title:" header */
	char		*applies;	/* from the "applies:" header: client, server, either, network */
	struct article_line *lines;	/* the body */
	size_t		 nlines;	/* number of body lines */
};

/* A placeholder "{name:default}" in an article's text (content/FORMAT.md). */
struct article_placeholder {
	const char	*name;		/* points into the text; namelen bytes */
	size_t		 namelen;
	const char	*def;		/* the default shown when no value is known; deflen bytes */
	size_t		 deflen;
	int		 has_def;	/* a ':' followed the name */
};

#define ARTICLE_PLACEHOLDER_NAME_MAX	32

/* Length of the placeholder that starts at s (filling *ph), or 0 if none does. */
size_t	 article_placeholder(const char *s, struct article_placeholder *ph);
/*
 * The text with each placeholder replaced: by lookup(name, arg) when lookup
 * is given and returns a value, else by its default.
 */
char	*article_fill(const char *raw, const char *(*lookup)(const char *name, void *arg),
	    void *arg);

/* The short fix: the first command block of the Fix section, at most this many lines. */
#define ARTICLE_FIX_MAX	3
/*
 * The short fix's lines: *start is the index of its first command, the return
 * value the length of that block of consecutive commands (0: none).
 */
size_t	 article_short_fix(const struct article *, size_t *start);

/* Where the fix is applied, for a sentence: "on the client", "on the client or the server"... */
const char *article_applies_where(const char *applies);

/* Indent given to the lines of an "== Apply" section: shown as preformatted steps. */
#define ARTICLE_APPLY_INDENT	5

/* The sections every article must have, in this order (then an optional "Apply"). */
extern const char *const article_sections[];

/* Parse; on error -1 and *cause "NAME:LINE: message". */
int	 article_parse(const char *text, size_t len, const char *name,
	    struct article **out, char **cause);
void	 article_free(struct article *);
/* Check the required sections; returns -1 with *cause naming the first problem. */
int	 article_check(const struct article *, const char *name, char **cause);

#endif
