/* logtime.h: the time of a log line (syslog, ISO 8601, journal short and short-iso) and of a --since value (pure, but for the local time zone). */
#ifndef LOGTIME_H
#define LOGTIME_H

#include <stddef.h>
#include <time.h>

#define LOGTIME_SINCE_MAX	64	/* bytes of a --since value */

/*
 * A --since value: "YYYY-MM-DD[ HH:MM[:SS]]" (local time), ISO 8601
 * ("YYYY-MM-DDTHH:MM[:SS[.frac]][Z|+HH:MM|+HHMM]"), "today", "yesterday",
 * or a time before now: "-2h", "2h ago", "90 minutes ago" (units s, m, h,
 * d, w, and their words). 0 and *out on success, -1 if it is none of these.
 */
int	 logtime_since(const char *s, time_t now, time_t *out);

/*
 * The time at the start of a log line (len bytes, not NUL-terminated):
 * ISO 8601 with or without a zone ("2024-05-01T12:00:00.123456+00:00",
 * journalctl short-iso and short-iso-precise, "2024-05-01 12:00:00"), or
 * syslog and journalctl short "Mon DD HH:MM:SS", whose year is that of ref
 * (the file's modification time) unless that puts it more than a day after
 * ref: then the year before. 0 and *out if the line starts with a time.
 */
int	 logtime_line(const char *line, size_t len, time_t ref, time_t *out);

/*
 * Where a log file (fd, size bytes, lines in time order) reaches since: the
 * offset of its first line stamped at or after since (size if none is), by
 * binary search on the stamps of the lines (a probe reads LOGTIME_PROBE
 * bytes), then a forward read of the last probe's span. ref is the file's
 * modification time (the year of syslog stamps). Lines without a stamp are
 * passed over. Returns 0, or -1 when no line near the start or a probe has
 * a stamp (the start cannot be placed) or the file cannot be read.
 */
#define LOGTIME_PROBE	65536
int	 logtime_find_start(int fd, long long size, time_t since, time_t ref,
	    long long *start);

#endif
