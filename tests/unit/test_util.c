/* test_util.c: shared helpers (checks/util.h): bounded file reads, string lists, the clock. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"
#include "tests/unit/testutil.h"

static char *tmp;

static int
setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_rm_rf(tmp);
	free(tmp);
	return 0;
}

static void
on_alarm(int sig)
{
	static const char msg[] = "read_file_bounded blocked (FIFO or device read without a bound)\n";

	(void)sig;

	if (write(2, msg, sizeof msg - 1) < 0)
		_exit(1);
	_exit(1);
}

static void
test_read_regular(void **state)
{
	char data[100], *out = NULL, *cause = NULL, *path;
	size_t len = 0, i;

	(void)state;
	for (i = 0; i < sizeof data; i++)
		data[i] = (char)i;	/* includes a NUL at 0 */
	path = tu_write(tmp, "f100", data, sizeof data);

	assert_int_equal(read_file_bounded(path, 100, &out, &len, &cause), 0);
	assert_int_equal(len, 100);
	assert_memory_equal(out, data, 100);
	assert_int_equal(out[100], '\0');
	free(out);

	out = NULL;
	assert_int_equal(read_file_bounded(path, 1 << 20, &out, &len, &cause), 0);
	assert_int_equal(len, 100);
	free(out);
	free(path);
}

static void
test_read_empty(void **state)
{
	char *out = NULL, *cause = NULL, *path;
	size_t len = 99;

	(void)state;
	path = tu_write(tmp, "empty", "", 0);
	assert_int_equal(read_file_bounded(path, 10, &out, &len, &cause), 0);
	assert_int_equal(len, 0);
	assert_non_null(out);
	assert_string_equal(out, "");
	free(out);
	free(path);
}

static void
test_read_too_large(void **state)
{
	char data[101], *out = NULL, *cause = NULL, *path;
	size_t len = 0;

	(void)state;
	memset(data, 'x', sizeof data);
	path = tu_write(tmp, "f101", data, sizeof data);
	assert_int_equal(read_file_bounded(path, 100, &out, &len, &cause), -1);
	assert_non_null(cause);
	assert_true(strlen(cause) > 0);
	free(cause);
	free(path);
}

static void
test_read_not_regular(void **state)
{
	char *out = NULL, *cause = NULL, *fifo;
	size_t len = 0;

	(void)state;
	signal(SIGALRM, on_alarm);
	alarm(10);

	assert_int_equal(read_file_bounded(tmp, 1000, &out, &len, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;

	assert_int_equal(read_file_bounded("/dev/zero", 1000, &out, &len, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;

	assert_int_equal(read_file_bounded("/dev/null", 1000, &out, &len, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;

	/* Opening a FIFO with no writer must not block. */
	if (asprintf(&fifo, "%s/fifo", tmp) == -1)
		abort();
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(read_file_bounded(fifo, 1000, &out, &len, &cause), -1);
	assert_non_null(cause);
	free(cause);
	free(fifo);
	alarm(0);
}

static void
test_read_missing(void **state)
{
	char *out = NULL, *cause = NULL, *path;
	size_t len = 0;

	(void)state;
	if (asprintf(&path, "%s/does-not-exist", tmp) == -1)
		abort();
	assert_int_equal(read_file_bounded(path, 1000, &out, &len, &cause), -1);
	assert_non_null(cause);
	free(cause);
	free(path);
}

static void
test_read_unreadable(void **state)
{
	char *out = NULL, *cause = NULL, *path;
	size_t len = 0;

	(void)state;
	if (geteuid() == 0)
		skip();		/* root reads mode 000 files */
	path = tu_write(tmp, "secret", "x", 1);
	chmod(path, 0);
	assert_int_equal(read_file_bounded(path, 1000, &out, &len, &cause), -1);
	assert_non_null(cause);
	free(cause);
	free(path);
}

static void
test_read_large_exact(void **state)
{
	size_t n = 3 * 1024 * 1024 + 17, len = 0;
	char *data = malloc(n), *out = NULL, *cause = NULL, *path;
	size_t i;

	(void)state;
	for (i = 0; i < n; i++)
		data[i] = (char)(i % 251);
	path = tu_write(tmp, "big", data, n);
	assert_int_equal(read_file_bounded(path, n, &out, &len, &cause), 0);
	assert_int_equal(len, n);
	assert_memory_equal(out, data, n);
	free(out);
	assert_int_equal(read_file_bounded(path, n - 1, &out, &len, &cause), -1);
	free(cause);
	free(path);
	free(data);
}

static void
test_strlist(void **state)
{
	struct strlist sl = { 0 };
	size_t i;
	char buf[16];

	(void)state;
	strlist_add(&sl, "one");
	strlist_addf(&sl, "%d-%s", 2, "two");
	assert_int_equal(sl.n, 2);
	assert_string_equal(sl.v[0], "one");
	assert_string_equal(sl.v[1], "2-two");
	for (i = 0; i < 1000; i++) {
		snprintf(buf, sizeof buf, "%zu", i);
		strlist_add(&sl, buf);
	}
	assert_int_equal(sl.n, 1002);
	assert_string_equal(sl.v[1001], "999");
	strlist_free(&sl);
}

static void
test_now_ms(void **state)
{
	int64_t a, b;

	(void)state;
	a = now_ms();
	usleep(50000);
	b = now_ms();
	assert_true(b - a >= 45);
	assert_true(b - a < 5000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_regular),
		cmocka_unit_test(test_read_empty),
		cmocka_unit_test(test_read_too_large),
		cmocka_unit_test(test_read_not_regular),
		cmocka_unit_test(test_read_missing),
		cmocka_unit_test(test_read_unreadable),
		cmocka_unit_test(test_read_large_exact),
		cmocka_unit_test(test_strlist),
		cmocka_unit_test(test_now_ms),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
