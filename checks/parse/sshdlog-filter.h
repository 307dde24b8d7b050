/* sshdlog-filter.h: feeds a log to the sshd log scanner at grep's speed: only lines holding one of the catalog's prefilter words are parsed (pure). */
#ifndef SSHDLOG_FILTER_H
#define SSHDLOG_FILTER_H

#include <stddef.h>

#include "checks/parse/sshdlog-parse.h"

/*
 * The same as sshdlog_feed (any chunking, the same tally: lines, cut lines,
 * bytes, every category), but a line that holds none of
 * sshdlog_prefilter_words() in its first SSHDLOG_LINE_MAX bytes is only
 * counted, never parsed. Complete lines are looked at where they lie in buf;
 * only a line split between two chunks is copied.
 */
void	 sshdlog_filter_feed(struct sshdlog_scan *, const char *buf, size_t len);

/*
 * The last lines that named the client or user (the scan's have_client or
 * user), of any category: a tally keeps only its first and last two, and a
 * client's own attempt may lie between them.
 */
#define SSHDLOG_SUBJECT_KEEP	8
struct sshdlog_subject {
	char		*line[SSHDLOG_SUBJECT_KEEP];	/* a ring of sanitized quotes */
	unsigned long	 n;		/* lines that named the subject */
};
/* sshdlog_filter_feed that also keeps those lines in subj (freed by sshdlog_subject_free). */
void	 sshdlog_filter_feed_subject(struct sshdlog_scan *, struct sshdlog_subject *subj,
	    const char *buf, size_t len);
/* The stream's last line without a newline, as sshdlog_finish parses it: call before that. */
void	 sshdlog_filter_finish_subject(struct sshdlog_scan *, struct sshdlog_subject *subj);
void	 sshdlog_subject_free(struct sshdlog_subject *);

/* Does the line (len bytes, any bytes) hold a prefilter word? */
int	 sshdlog_filter_candidate(const char *line, size_t len);

#endif
