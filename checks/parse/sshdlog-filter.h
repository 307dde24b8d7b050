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

/* Does the line (len bytes, any bytes) hold a prefilter word? */
int	 sshdlog_filter_candidate(const char *line, size_t len);

#endif
