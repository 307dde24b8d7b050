/* test_logtime.c: --since values, the stamps of log lines (checks/parse/logtime.h), and the binary search for where a file reaches a time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checks/parse/logtime.h"

/* 2026-12-05 08:00:00 UTC */
#define NOW	((time_t)1796457600)

static int
setup_utc(void **state)
{
	(void)state;
	setenv("TZ", "UTC0", 1);
	tzset();
	return 0;
}

static time_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

static void
test_since_absolute(void **state)
{
	time_t	 t;

	(void)state;
	assert_int_equal(utc(2026, 12, 5, 8, 0, 0), NOW);
	assert_int_equal(logtime_since("2026-03-01", NOW, &t), 0);
	assert_int_equal(t, utc(2026, 3, 1, 0, 0, 0));
	assert_int_equal(logtime_since("2026-03-01 12:30", NOW, &t), 0);
	assert_int_equal(t, utc(2026, 3, 1, 12, 30, 0));
	assert_int_equal(logtime_since("2026-03-01 12:30:15", NOW, &t), 0);
	assert_int_equal(t, utc(2026, 3, 1, 12, 30, 15));
	assert_int_equal(logtime_since("2026-03-01T12:30:15Z", NOW, &t), 0);
	assert_int_equal(t, utc(2026, 3, 1, 12, 30, 15));
	assert_int_equal(logtime_since("2026-03-01T12:30:15+02:00", NOW, &t), 0);
	assert_int_equal(t, utc(2026, 3, 1, 10, 30, 15));
	assert_int_equal(logtime_since("2026-03-01T12:30:15.123456-0130", NOW, &t), 0);
	assert_int_equal(t, utc(2026, 3, 1, 14, 0, 15));
	assert_int_equal(logtime_since("2024-02-29", NOW, &t), 0);
	assert_int_equal(t, utc(2024, 2, 29, 0, 0, 0));
	assert_int_equal(logtime_since("today", NOW, &t), 0);
	assert_int_equal(t, utc(2026, 12, 5, 0, 0, 0));
	assert_int_equal(logtime_since("yesterday", NOW, &t), 0);
	assert_int_equal(t, utc(2026, 12, 4, 0, 0, 0));
}

static void
test_since_relative(void **state)
{
	time_t	 t;

	(void)state;
	assert_int_equal(logtime_since("-2h", NOW, &t), 0);
	assert_int_equal(t, NOW - 7200);
	assert_int_equal(logtime_since("2h ago", NOW, &t), 0);
	assert_int_equal(t, NOW - 7200);
	assert_int_equal(logtime_since("90 minutes ago", NOW, &t), 0);
	assert_int_equal(t, NOW - 5400);
	assert_int_equal(logtime_since("-30s", NOW, &t), 0);
	assert_int_equal(t, NOW - 30);
	assert_int_equal(logtime_since("3d ago", NOW, &t), 0);
	assert_int_equal(t, NOW - 3 * 86400);
	assert_int_equal(logtime_since("-1w", NOW, &t), 0);
	assert_int_equal(t, NOW - 604800);
	assert_int_equal(logtime_since("5 MIN AGO", NOW, &t), 0);
	assert_int_equal(t, NOW - 300);
}

static void
test_since_refused(void **state)
{
	static const char *const bad[] = {
		"", "2h", "-2", "-h", "ago", "2h ago ago", "-2h ago", "- 2h", "-2x", "2 fortnights ago",
		"2026-13-01", "2026-02-29", "2026-02-30", "2026-00-10", "2026-03-01 25:00",
		"2026-03-01 12:60", "2026-03-01garbage", "2026-3-1", "26-03-01", "1969-12-31",
		"2026-03-01T12:30:15+2", "2026-03-01T12:30:15+15:00", "-99999999999999999999h",
		"-999999999w", "now", "-2h;rm", "2026-03-01 12:30:15 extra",
		"2026-03-01T12:30:15+02:00xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	};
	size_t	 i;
	time_t	 t;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (logtime_since(bad[i], NOW, &t) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
	}
	assert_int_equal(logtime_since(NULL, NOW, &t), -1);
}

static void
test_since_zone(void **state)
{
	time_t	 t;

	(void)state;
	/* a POSIX zone two hours east of UTC (needs no tzdata) */
	setenv("TZ", "XYZ-2", 1);
	tzset();
	assert_int_equal(logtime_since("2026-03-01 12:00", NOW, &t), 0);
	assert_int_equal(t, utc(2026, 3, 1, 10, 0, 0));
	assert_int_equal(logtime_since("2026-03-01T12:00:00Z", NOW, &t), 0);
	assert_int_equal(t, utc(2026, 3, 1, 12, 0, 0));
	setenv("TZ", "UTC0", 1);
	tzset();
}

static void
test_line_stamps(void **state)
{
	time_t	 t, ref = NOW;
	const char *l;

	(void)state;
	l = "Mar  6 06:31:31 ip-172-31-35-28 sshd[620]: drop connection #10";
	assert_int_equal(logtime_line(l, strlen(l), ref, &t), 0);
	assert_int_equal(t, utc(2026, 3, 6, 6, 31, 31));
	l = "Dec 05 08:30:00 host sshd[1]: x";	/* short with a zero-padded day; half an hour after ref */
	assert_int_equal(logtime_line(l, strlen(l), ref, &t), 0);
	assert_int_equal(t, utc(2026, 12, 5, 8, 30, 0));
	l = "Dec 24 10:00:00 host sshd[1]: x";	/* after ref: last year's */
	assert_int_equal(logtime_line(l, strlen(l), ref, &t), 0);
	assert_int_equal(t, utc(2025, 12, 24, 10, 0, 0));
	l = "Dec 31 23:59:59 host sshd[1]: x";
	assert_int_equal(logtime_line(l, strlen(l), utc(2027, 1, 1, 0, 30, 0), &t), 0);
	assert_int_equal(t, utc(2026, 12, 31, 23, 59, 59));
	l = "Feb 29 10:00:00 host sshd[1]: x";	/* 2026 has none: 2024's? no, 2025 has none either */
	assert_int_equal(logtime_line(l, strlen(l), utc(2025, 3, 1, 0, 0, 0), &t), 0);
	assert_int_equal(t, utc(2024, 2, 29, 10, 0, 0));
	l = "2026-11-21T09:00:00.223456+00:00 host sshd[900]: drop connection #10";
	assert_int_equal(logtime_line(l, strlen(l), ref, &t), 0);
	assert_int_equal(t, utc(2026, 11, 21, 9, 0, 0));
	l = "2026-11-21T10:00:00+0100 host sshd[900]: x";	/* short-iso */
	assert_int_equal(logtime_line(l, strlen(l), ref, &t), 0);
	assert_int_equal(t, utc(2026, 11, 21, 9, 0, 0));
	l = "2024-05-01 12:00:00 host sshd[1]: x";
	assert_int_equal(logtime_line(l, strlen(l), ref, &t), 0);
	assert_int_equal(t, utc(2024, 5, 1, 12, 0, 0));
	/* no stamp */
	l = "error: Bind to port 22 on 0.0.0.0 failed: Address already in use.";
	assert_int_equal(logtime_line(l, strlen(l), ref, &t), -1);
	l = "2024-05-01 host sshd[1]: a date without a time";
	assert_int_equal(logtime_line(l, strlen(l), ref, &t), -1);
	l = "Mar  6 06:31";
	assert_int_equal(logtime_line(l, strlen(l), ref, &t), -1);
	l = "Mar 36 06:31:31 host";
	assert_int_equal(logtime_line(l, strlen(l), ref, &t), -1);
	assert_int_equal(logtime_line("Mar  6 06:31:31 host", 14, ref, &t), -1);
}

/* A log of n lines, one each step seconds from start (syslog or ISO), some unstamped. */
static int
write_log(char *path, int n, time_t start, int step, int iso, int unstamped_every,
    long long **offs, time_t **times)
{
	FILE	*f;
	struct tm tm;
	char	 ts[64];
	int	 fd, i;
	time_t	 t;

	strcpy(path, "/tmp/test_logtime.XXXXXX");
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	*offs = calloc((size_t)n + 1, sizeof **offs);
	*times = calloc((size_t)n + 1, sizeof **times);
	for (i = 0; i < n; i++) {
		t = start + (time_t)i * step;
		gmtime_r(&t, &tm);
		(*offs)[i] = ftell(f);
		(*times)[i] = t;
		if (unstamped_every > 0 && i % unstamped_every == 3) {
			(*times)[i] = -1;
			fprintf(f, "    continued: no stamp on this line, %d\n", i);
			continue;
		}
		strftime(ts, sizeof ts, iso ? "%Y-%m-%dT%H:%M:%S+00:00" : "%b %e %H:%M:%S", &tm);
		fprintf(f, "%s web1 sshd[%d]: Failed password for invalid user u%d from 192.0.2.%d port %d ssh2%s\n",
		    ts, 1000 + i, i, i % 250, 1024 + i, i % 97 == 0 ?
		    " and a much longer tail ............................................................................................................" : "");
	}
	(*offs)[n] = ftell(f);
	fclose(f);
	return open(path, O_RDONLY);
}

/* The reference: the first stamped line at or after since, by reading them all. */
static long long
linear(int n, const long long *offs, const time_t *times, time_t since)
{
	int	 i;

	for (i = 0; i < n; i++) {
		if (times[i] != -1 && times[i] >= since)
			return i == 0 || (times[0] == -1 && i == 1) ? 0 : offs[i];
	}
	return offs[n];
}

static void
check_file(int n, int step, int iso, int unstamped_every)
{
	char		 path[64];
	long long	*offs, start, want;
	time_t		*times, t0 = utc(2026, 1, 1, 0, 0, 0), since;
	int		 fd, k;

	fd = write_log(path, n, t0, step, iso, unstamped_every, &offs, &times);
	assert_true(fd >= 0);
	for (k = -2; k < n + 2; k += n > 1000 ? 97 : 1) {
		since = t0 + (time_t)k * step + (k % 3 == 0 ? 0 : 1);
		assert_int_equal(logtime_find_start(fd, offs[n], since, NOW, &start), 0);
		want = linear(n, offs, times, since);
		if (start != want)
			fail_msg("n %d step %d iso %d since +%lld: got %lld, want %lld", n, step,
			    iso, (long long)(since - t0), start, want);
	}
	close(fd);
	unlink(path);
	free(offs);
	free(times);
}

static void
test_find_start(void **state)
{
	(void)state;
	check_file(1, 1, 0, 0);
	check_file(30, 10, 0, 0);
	check_file(20000, 1, 0, 0);		/* about 2 MiB: real bisection */
	check_file(20000, 7, 1, 0);
	check_file(20000, 3, 0, 10);		/* unstamped lines in between */
	check_file(5000, 0, 0, 0);		/* every line the same second */
}

static void
test_find_start_unplaceable(void **state)
{
	char		 path[64];
	long long	 start;
	FILE		*f;
	int		 fd, i;

	(void)state;
	strcpy(path, "/tmp/test_logtime.XXXXXX");
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	for (i = 0; i < 30000; i++)
		fprintf(f, "error: no stamp at all on line %d of an sshd -E file\n", i);
	fclose(f);
	fd = open(path, O_RDONLY);
	assert_int_equal(logtime_find_start(fd, 30000LL * 52, NOW, NOW, &start), -1);
	close(fd);
	/* an empty file starts at 0 */
	fd = open("/dev/null", O_RDONLY);
	assert_int_equal(logtime_find_start(fd, 0, NOW, NOW, &start), 0);
	assert_int_equal(start, 0);
	close(fd);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_since_absolute),
		cmocka_unit_test(test_since_relative),
		cmocka_unit_test(test_since_refused),
		cmocka_unit_test(test_since_zone),
		cmocka_unit_test(test_line_stamps),
		cmocka_unit_test(test_find_start),
		cmocka_unit_test(test_find_start_unplaceable),
	};

	return cmocka_run_group_tests(tests, setup_utc, NULL);
}
