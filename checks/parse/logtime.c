/* logtime.c: the time of a log line (syslog, ISO 8601, journal short and short-iso) and of a --since value (pure, but for the local time zone). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <time.h>

#include "checks/parse/logtime.h"

#define RELATIVE_MAX	(20LL * 366 * 86400)	/* "N units ago": at most twenty years */

/* Exactly n digits at p (len bytes there): their value, or -1. */
static int
digits(const char *p, size_t len, size_t n)
{
	int	 v = 0;
	size_t	 i;

	if (len < n)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int
days_in(int year, int mon)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int	 leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return mon == 2 && leap ? 29 : d[mon - 1];
}

/* A broken-down time to time_t: in UTC shifted by off seconds when zoned, else local. */
static int
to_time(struct tm *tm, int zoned, long off, time_t *out)
{
	time_t	 t;

	if (tm->tm_mon < 0 || tm->tm_mon > 11 || tm->tm_mday < 1 ||
	    tm->tm_mday > days_in(tm->tm_year + 1900, tm->tm_mon + 1) ||
	    tm->tm_hour > 23 || tm->tm_min > 59 || tm->tm_sec > 60)
		return -1;
	if (zoned) {
		if ((t = timegm(tm)) == (time_t)-1)
			return -1;
		t -= off;
	} else {
		tm->tm_isdst = -1;
		if ((t = mktime(tm)) == (time_t)-1)
			return -1;
	}
	*out = t;
	return 0;
}

/*
 * ISO 8601 at p: the date, then (need_time: required) "T" or " " and
 * HH:MM[:SS[.frac]], then an optional zone. Returns the bytes used, 0 if none.
 */
static size_t
iso_at(const char *p, size_t len, int need_time, time_t *out)
{
	struct tm tm;
	size_t	 i;
	long	 off = 0;
	int	 y, mo, d, h, mi, s = 0, zoned = 0, zh, zm = 0;

	if ((y = digits(p, len, 4)) < 1970 || len < 10 || p[4] != '-' || p[7] != '-' ||
	    (mo = digits(p + 5, len - 5, 2)) < 1 || (d = digits(p + 8, len - 8, 2)) < 1)
		return 0;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	i = 10;
	if (i + 6 <= len && (p[i] == 'T' || p[i] == ' ') &&
	    (h = digits(p + i + 1, len - i - 1, 2)) >= 0 && p[i + 3] == ':' &&
	    (mi = digits(p + i + 4, len - i - 4, 2)) >= 0) {
		tm.tm_hour = h;
		tm.tm_min = mi;
		i += 6;
		if (i + 3 <= len && p[i] == ':' && (s = digits(p + i + 1, len - i - 1, 2)) >= 0) {
			tm.tm_sec = s;
			i += 3;
			if (i + 1 < len && (p[i] == '.' || p[i] == ',') &&
			    isdigit((unsigned char)p[i + 1])) {
				for (i++; i < len && isdigit((unsigned char)p[i]); i++)
					;
			}
		}
		if (i < len && p[i] == 'Z') {
			zoned = 1;
			i++;
		} else if (i + 3 <= len && (p[i] == '+' || p[i] == '-') &&
		    (zh = digits(p + i + 1, len - i - 1, 2)) >= 0 && zh <= 14) {
			size_t	 j = i + 3;

			if (j + 3 <= len && p[j] == ':' && (zm = digits(p + j + 1, len - j - 1, 2)) >= 0)
				j += 3;
			else if ((zm = digits(p + j, len - j, 2)) >= 0)
				j += 2;
			else
				zm = 0;
			if (zm > 59)
				return 0;
			off = (zh * 3600L + zm * 60L) * (p[i] == '-' ? -1 : 1);
			zoned = 1;
			i = j;
		}
	} else if (need_time)
		return 0;
	if (to_time(&tm, zoned, off, out) != 0)
		return 0;
	return i;
}

static int
month_at(const char *p)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int	 i;

	for (i = 0; i < 12; i++) {
		if (memcmp(p, months + 3 * i, 3) == 0)
			return i;
	}
	return -1;
}

/* "Mon DD HH:MM:SS" (DD may be " 5" or "05"), the year from ref. */
static int
syslog_at(const char *p, size_t len, time_t ref, time_t *out)
{
	struct tm tm, rt;
	size_t	 i = 4;
	int	 mon, d;

	if (len < 15 || (mon = month_at(p)) < 0 || p[3] != ' ')
		return -1;
	if (p[i] == ' ')
		i++;
	if (isdigit((unsigned char)p[i]) && isdigit((unsigned char)p[i + 1])) {
		d = (p[i] - '0') * 10 + (p[i + 1] - '0');
		i += 2;
	} else if (isdigit((unsigned char)p[i])) {
		d = p[i] - '0';
		i++;
	} else
		return -1;
	if (i + 9 > len || p[i] != ' ' || p[i + 3] != ':' || p[i + 6] != ':')
		return -1;
	memset(&tm, 0, sizeof tm);
	if ((tm.tm_hour = digits(p + i + 1, len - i - 1, 2)) < 0 ||
	    (tm.tm_min = digits(p + i + 4, len - i - 4, 2)) < 0 ||
	    (tm.tm_sec = digits(p + i + 7, len - i - 7, 2)) < 0)
		return -1;
	if (localtime_r(&ref, &rt) == NULL)
		return -1;
	tm.tm_mon = mon;
	tm.tm_mday = d;
	tm.tm_year = rt.tm_year;
	/* Feb 29 of a year that has none: the log was written in the year before */
	if (d > days_in(tm.tm_year + 1900, mon + 1) && d <= days_in(tm.tm_year + 1900 - 1, mon + 1))
		tm.tm_year--;
	if (to_time(&tm, 0, 0, out) != 0)
		return -1;
	/* a log does not run ahead of its last write: December's lines seen in January */
	if (*out > ref + 86400) {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = rt.tm_year - 1;
		tm.tm_mon = mon;
		tm.tm_mday = d;
		tm.tm_hour = digits(p + i + 1, 2, 2);
		tm.tm_min = digits(p + i + 4, 2, 2);
		tm.tm_sec = digits(p + i + 7, 2, 2);
		if (to_time(&tm, 0, 0, out) != 0)
			return -1;
	}
	return 0;
}

int
logtime_line(const char *line, size_t len, time_t ref, time_t *out)
{
	if (line == NULL || len < 15)
		return -1;
	if (isdigit((unsigned char)line[0]))
		return iso_at(line, len, 1, out) > 0 ? 0 : -1;
	return syslog_at(line, len, ref, out);
}

/* The seconds of a unit word ("h", "hours", "min", ...), or 0. */
static long long
unit_seconds(const char *u, size_t n)
{
	static const struct {
		const char	*name;
		long long	 sec;
	} units[] = {
		{ "s", 1 }, { "sec", 1 }, { "secs", 1 }, { "second", 1 }, { "seconds", 1 },
		{ "m", 60 }, { "min", 60 }, { "mins", 60 }, { "minute", 60 }, { "minutes", 60 },
		{ "h", 3600 }, { "hr", 3600 }, { "hour", 3600 }, { "hours", 3600 },
		{ "d", 86400 }, { "day", 86400 }, { "days", 86400 },
		{ "w", 604800 }, { "week", 604800 }, { "weeks", 604800 },
	};
	size_t	 i;

	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strlen(units[i].name) == n && strncasecmp(u, units[i].name, n) == 0)
			return units[i].sec;
	}
	return 0;
}

/* "-2h", "2h ago", "2 hours ago": the seconds back, or -1. */
static long long
relative(const char *s)
{
	const char	*p = s, *u;
	long long	 n = 0, unit;
	int		 minus = 0, ago = 0;
	size_t		 len = strlen(s), ulen;

	if (len > 4 && strcasecmp(s + len - 4, " ago") == 0) {
		ago = 1;
		len -= 4;
		while (len > 0 && s[len - 1] == ' ')
			len--;
	}
	if (*p == '-') {
		minus = 1;
		p++;
	}
	if (minus == ago || !isdigit((unsigned char)*p))
		return -1;
	while (p < s + len && isdigit((unsigned char)*p)) {
		n = n * 10 + (*p++ - '0');
		if (n > RELATIVE_MAX)
			return -1;
	}
	while (p < s + len && *p == ' ')
		p++;
	u = p;
	while (p < s + len && isalpha((unsigned char)*p))
		p++;
	ulen = (size_t)(p - u);
	if (p != s + len || ulen == 0 || (unit = unit_seconds(u, ulen)) == 0 ||
	    n * unit > RELATIVE_MAX)
		return -1;
	return n * unit;
}

int
logtime_since(const char *s, time_t now, time_t *out)
{
	struct tm	 tm;
	long long	 back;
	size_t		 len, used;

	if (s == NULL || (len = strlen(s)) == 0 || len > LOGTIME_SINCE_MAX)
		return -1;
	if (strcmp(s, "today") == 0 || strcmp(s, "yesterday") == 0) {
		if (localtime_r(&now, &tm) == NULL)
			return -1;
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		if (s[0] == 'y')
			tm.tm_mday--;	/* mktime carries it into the month before */
		tm.tm_isdst = -1;
		if ((*out = mktime(&tm)) == (time_t)-1)
			return -1;
		return 0;
	}
	if (isdigit((unsigned char)s[0]) && (used = iso_at(s, len, 0, out)) > 0 && used == len)
		return 0;
	if ((back = relative(s)) >= 0) {
		*out = now - (time_t)back;
		return 0;
	}
	return -1;
}

/*
 * The first stamped line that starts in [off, off + LOGTIME_PROBE): its
 * offset and time; with since, the first whose time is at or after *since.
 * The byte before off is read too: it tells whether a line starts at off.
 * Returns 0, 1 if the span holds no such line, -1 on a read error.
 */
#define PROBE_BUF	(LOGTIME_PROBE + 4096 + 1)

static int
probe(char *buf, int fd, long long size, long long off, time_t ref, const time_t *since,
    long long *line_off, time_t *t)
{
	const char	*p, *nl, *end;
	long long	 from = off > 0 ? off - 1 : 0;
	ssize_t		 n;
	size_t		 want;

	if (off >= size)
		return 1;
	want = size - from < PROBE_BUF ? (size_t)(size - from) : PROBE_BUF;
	do
		n = pread(fd, buf, want, (off_t)from);
	while (n == -1 && errno == EINTR);
	if (n < 0)
		return -1;
	p = buf;
	end = buf + n;
	if (off > 0) {
		/* a line that begins before off belongs to the span before */
		if ((nl = memchr(buf, '\n', (size_t)n)) == NULL)
			return 1;
		p = nl + 1;
	}
	/* lines that start in the span (the extra 4 KiB completes the last one) */
	while (p < end && from + (p - buf) < off + LOGTIME_PROBE) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (logtime_line(p, (size_t)((nl != NULL ? nl : end) - p), ref, t) == 0 &&
		    (since == NULL || *t >= *since)) {
			*line_off = from + (p - buf);
			return 0;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return 1;
}

static int
find_start(char *buf, int fd, long long size, time_t since, time_t ref, long long *start)
{
	long long	 lo = 0, hi = size, mid, at;
	time_t		 t;
	int		 r;

	if ((r = probe(buf, fd, size, 0, ref, NULL, &at, &t)) != 0)
		return r == 1 && size == 0 ? (*start = 0, 0) : -1;
	if (t >= since) {
		*start = 0;	/* the whole file, with any unstamped lines it begins with */
		return 0;
	}
	lo = at;
	/* the line at lo is before since: the first line at or after since starts after it */
	while (hi - lo > LOGTIME_PROBE) {
		mid = lo + (hi - lo) / 2;
		if ((r = probe(buf, fd, size, mid, ref, NULL, &at, &t)) != 0)
			return -1;	/* a read error, or a whole probe without a stamp */
		if (t < since)
			lo = at;
		else
			hi = mid;
	}
	/* forward from lo, probe by probe, to the first line at or after since */
	for (at = lo; at < size; at += LOGTIME_PROBE) {
		if ((r = probe(buf, fd, size, at, ref, &since, start, &t)) == 0)
			return 0;
		if (r == -1)
			return -1;
	}
	*start = size;
	return 0;
}

int
logtime_find_start(int fd, long long size, time_t since, time_t ref, long long *start)
{
	char	*buf;
	int	 r;

	if ((buf = malloc(PROBE_BUF)) == NULL)
		return -1;
	r = find_start(buf, fd, size, since, ref, start);
	free(buf);
	return r;
}
