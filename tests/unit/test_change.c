/* test_change.c: lib/change.c in a temp dir: backups, atomic writes (and a failing one), journal, undo, confirm, rollback. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/change.h"
#include "lib/change-int.h"
#include "lib/runner.h"
#include "lib/util.h"
#include "lib/xmalloc.h"
#include "tests/unit/testutil.h"

static char *tmp, *state;

static int
setup(void **st)
{
	(void)st;
	tmp = tu_tmpdir();
	xasprintf(&state, "%s/state", tmp);
	setenv("SSHDOC_STATE_DIR", state, 1);
	return 0;
}

static int
teardown(void **st)
{
	(void)st;
	tu_rm_rf(tmp);
	free(tmp);
	free(state);
	unsetenv("SSHDOC_STATE_DIR");
	runner_set_hook(NULL);
	change_set_internal(NULL);
	return 0;
}

static char *
slurp(const char *path, size_t *len)
{
	char	*out = NULL, *cause = NULL;

	if (read_file_bounded(path, 1 << 20, &out, len, &cause) == -1) {
		free(cause);
		return NULL;
	}
	return out;
}

/* Files in dir whose name contains "sshdoc-" (left-over temporary files). */
static int
temps_in(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	assert_non_null(d = opendir(dir));
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".sshdoc-") != NULL)
			n++;
	closedir(d);
	return n;
}

static void
test_write_undo_identical(void **st)
{
	struct change_tx *tx;
	char		*cause = NULL, *path, *entry = NULL, *fixid = NULL, *got, *j, *s = NULL;
	struct stat	 before, after;
	struct timespec	 ts[2] = { { 1000000000, 123456789 }, { 1000000000, 123456789 } };
	size_t		 len;
	static const char orig[] = "Port 22\n# a comment\n\001binary\n";

	(void)st;
	path = tu_write(tmp, "sshd_config", orig, sizeof orig - 1);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	assert_int_equal(stat(path, &before), 0);

	tx = change_begin("deprecated-option", &cause);
	assert_non_null(tx);
	assert_non_null(strstr(change_dir(tx), state));
	assert_non_null(strstr(change_entry(tx), "-deprecated-option"));
	assert_int_equal(change_write(tx, path, "Port 2222\n", 10, (mode_t)-1, (uid_t)-1,
	    (gid_t)-1, &cause), 0);
	assert_int_equal(change_commit(tx, "commented out line 2", 0, &cause), 0);
	change_free(tx);

	got = slurp(path, &len);
	assert_int_equal(len, 10);
	assert_memory_equal(got, "Port 2222\n", 10);
	free(got);
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(after.st_mode & 07777, 0640);	/* mode of the file it replaced */
	assert_int_equal(temps_in(tmp), 0);

	xasprintf(&j, "%s/journal", state);
	got = slurp(j, &len);
	assert_non_null(strstr(got, "\tdeprecated-option\tapplied\tcommented out line 2\n"));
	free(got);

	assert_int_equal(change_undo(1, &entry, &fixid, &cause), 0);
	assert_string_equal(fixid, "deprecated-option");
	got = slurp(path, &len);
	assert_int_equal(len, sizeof orig - 1);
	assert_memory_equal(got, orig, len);
	free(got);
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(after.st_mode, before.st_mode);
	assert_int_equal(after.st_uid, before.st_uid);
	assert_int_equal(after.st_gid, before.st_gid);
	assert_int_equal(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
	assert_int_equal(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);

	assert_int_equal(change_entry_state(entry, &s, &cause), 0);
	assert_string_equal(s, "undone");
	free(s);
	/* Nothing left to undo: said, not done twice. */
	assert_int_equal(change_undo(1, NULL, NULL, &cause), -1);
	assert_non_null(strstr(cause, "nothing to undo"));
	free(cause);
	free(entry);
	free(fixid);
	free(j);
	free(path);
}

static void
test_modes_mkdir_created(void **st)
{
	struct change_tx *tx;
	char		*cause = NULL, *key, *dir, *newf, *sub;
	struct stat	 sb;
	struct strlist	 d = { NULL, 0 };
	char		*entry = NULL;

	(void)st;
	key = tu_write(tmp, "id_ed25519", "KEY", 3);
	assert_int_equal(chmod(key, 0644), 0);
	xasprintf(&dir, "%s/privsep", tmp);
	xasprintf(&sub, "%s/dotssh", tmp);
	xasprintf(&newf, "%s/dotssh/authorized_keys", tmp);

	tx = change_begin("private-key-permissions", &cause);
	assert_non_null(tx);
	assert_int_equal(change_chmod(tx, key, 0600, &cause), 0);
	assert_int_equal(change_chown(tx, key, getuid(), getgid(), &cause), 0);
	assert_int_equal(change_mkdir(tx, dir, 0755, (uid_t)-1, (gid_t)-1, &cause), 0);
	assert_int_equal(change_mkdir(tx, sub, 0700, getuid(), getgid(), &cause), 0);
	assert_int_equal(change_write(tx, newf, "ssh-ed25519 AAAA x\n", 19, 0600, (uid_t)-1,
	    (gid_t)-1, &cause), 0);
	assert_int_equal(change_commit(tx, "modes", 0, &cause), 0);
	entry = xstrdup(change_entry(tx));
	change_free(tx);

	assert_int_equal(stat(key, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_int_equal(stat(dir, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0755);
	assert_int_equal(stat(newf, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);

	assert_int_equal(change_entry_describe(entry, &d, &cause), 0);
	assert_int_equal(d.n, 4);	/* key once, privsep, dotssh, authorized_keys */
	assert_non_null(strstr(d.v[0], "id_ed25519 (contents"));
	assert_non_null(strstr(d.v[1], "privsep (removed"));
	strlist_free(&d);

	assert_int_equal(change_undo(1, NULL, NULL, &cause), 0);
	assert_int_equal(stat(key, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0644);
	assert_int_equal(lstat(dir, &sb), -1);	/* created by the fix: removed */
	assert_int_equal(lstat(newf, &sb), -1);
	assert_int_equal(lstat(sub, &sb), -1);
	free(entry);
	free(key);
	free(dir);
	free(sub);
	free(newf);
}

/* A real write failure: the file size limit makes write(2) fail with EFBIG mid-copy. */
static void
test_write_failure_leaves_original(void **st)
{
	struct change_tx *tx;
	struct rlimit	 old, lim;
	char		*cause = NULL, *path, *big, *got;
	size_t		 len;
	static const char orig[] = "PermitRootLogin no\n";

	(void)st;
	path = tu_write(tmp, "cfg", orig, sizeof orig - 1);
	big = xmalloc(1 << 16);
	memset(big, 'x', 1 << 16);
	tx = change_begin("sshd-config-invalid", &cause);
	assert_non_null(tx);
	assert_int_equal(change_backup(tx, path, &cause), 0);

	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_int_equal(change_write(tx, path, big, 1 << 16, (mode_t)-1, (uid_t)-1,
	    (gid_t)-1, &cause), -1);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);

	assert_non_null(strstr(cause, "original untouched"));
	free(cause);
	cause = NULL;
	got = slurp(path, &len);
	assert_int_equal(len, sizeof orig - 1);
	assert_memory_equal(got, orig, len);
	free(got);
	assert_int_equal(temps_in(tmp), 0);	/* the temporary file is gone */
	change_free(tx);
	free(big);
	free(path);
}

static void
test_symlink_refused(void **st)
{
	struct change_tx *tx;
	char		*cause = NULL, *target, *link;

	(void)st;
	target = tu_write(tmp, "target", "x", 1);
	xasprintf(&link, "%s/link", tmp);
	assert_int_equal(symlink(target, link), 0);
	tx = change_begin("ssh-dir-permissions", &cause);
	assert_non_null(tx);
	assert_int_equal(change_chmod(tx, link, 0600, &cause), -1);
	assert_non_null(strstr(cause, "symbolic link"));
	free(cause);
	cause = NULL;
	assert_int_equal(change_backup(tx, "relative/path", &cause), -1);
	free(cause);
	change_free(tx);
	/* A fix name is a cause id, never a path. */
	assert_null(change_begin("../x", &cause));
	free(cause);
	free(target);
	free(link);
}

static void
test_pending_confirm_rollback(void **st)
{
	struct change_tx *tx;
	char		*cause = NULL, *path, *e1, *e2, *got, *s = NULL;
	size_t		 len;

	(void)st;
	path = tu_write(tmp, "sshd_config", "A\n", 2);

	/* Confirmed in time: the watcher does nothing. */
	tx = change_begin("deprecated-option", &cause);
	assert_non_null(tx);
	assert_int_equal(change_write(tx, path, "B\n", 2, (mode_t)-1, (uid_t)-1, (gid_t)-1,
	    &cause), 0);
	assert_int_equal(change_commit(tx, "edit", 1, &cause), 0);
	e1 = xstrdup(change_entry(tx));
	change_free(tx);
	assert_int_equal(change_entry_state(e1, &s, &cause), 0);
	assert_string_equal(s, "pending");
	free(s);
	assert_int_equal(change_confirm(e1, &cause), 0);
	assert_int_equal(change_undo_entry(e1, "rolled-back", &cause), 1);
	got = slurp(path, &len);
	assert_memory_equal(got, "B\n", 2);
	free(got);
	assert_int_equal(change_confirm(e1, &cause), -1);	/* not pending any more */
	free(cause);
	cause = NULL;

	/* Not confirmed: rolled back; a late confirmation is refused. */
	tx = change_begin("deprecated-option", &cause);
	assert_non_null(tx);
	assert_int_equal(change_write(tx, path, "C\n", 2, (mode_t)-1, (uid_t)-1, (gid_t)-1,
	    &cause), 0);
	assert_int_equal(change_commit(tx, "edit", 1, &cause), 0);
	e2 = xstrdup(change_entry(tx));
	change_free(tx);
	assert_string_not_equal(e1, e2);
	assert_int_equal(change_undo_entry(e2, "rolled-back", &cause), 0);
	got = slurp(path, &len);
	assert_memory_equal(got, "B\n", 2);
	free(got);
	assert_int_equal(change_entry_state(e2, &s, &cause), 0);
	assert_string_equal(s, "rolled-back");
	free(s);
	assert_int_equal(change_confirm(e2, &cause), -1);
	assert_non_null(strstr(cause, "rolled-back"));
	free(cause);
	cause = NULL;

	/* --undo 1 now means the confirmed e1 (the rolled-back one is skipped). */
	assert_int_equal(change_undo(1, &s, NULL, &cause), 0);
	assert_string_equal(s, e1);
	free(s);
	got = slurp(path, &len);
	assert_memory_equal(got, "A\n", 2);
	free(got);
	free(e1);
	free(e2);
	free(path);
}

/* sshdoc killed between the change and its journal line: the watcher still restores. */
static void
test_uncommitted_rollback(void **st)
{
	struct change_tx *tx;
	char		*cause = NULL, *path, *got, *e;
	size_t		 len;

	(void)st;
	path = tu_write(tmp, "sshd_config", "A\n", 2);
	tx = change_begin("sshd-config-invalid", &cause);
	assert_non_null(tx);
	assert_int_equal(change_write(tx, path, "B\n", 2, (mode_t)-1, (uid_t)-1, (gid_t)-1,
	    &cause), 0);
	e = xstrdup(change_entry(tx));
	assert_int_equal(change_undo_entry(e, "rolled-back", &cause), 0);
	got = slurp(path, &len);
	assert_memory_equal(got, "A\n", 2);
	free(got);
	/* The late commit loses: the journal keeps saying rolled-back. */
	assert_int_equal(change_commit(tx, "edit", 1, &cause), -1);
	assert_non_null(strstr(cause, "rolled-back"));
	free(cause);
	cause = NULL;
	assert_int_equal(change_entry_state(e, &cause, NULL), 0);
	assert_string_equal(cause, "rolled-back");
	free(cause);
	change_free(tx);
	free(e);
	free(path);
}

/* The manifest and journal parsers on what sshdoc writes, and on what it never writes. */
static void
test_parsers(void **st)
{
	struct change_tx tx;
	struct jentry	*v;
	size_t		 n, i;
	char		*cause = NULL, buf[512];
	static const char *const bad[] = {
		"file\t1\t0\t0\t644\t1\t2\trelative\n",	/* a relative path */
		"file\t1\tx\t0\t644\t1\t2\t/p\n",	/* an owner that is not a number */
		"file\t1\t0\t0\t999\t1\t2\t/p\n",	/* not an octal mode */
		"dir\t0\t0\t755\n",			/* a field short */
		"what\t/p\n",				/* an unknown record */
		"absent\t/a/../etc/shadow\n",		/* not a plain path */
		NULL
	};

	(void)st;
	memset(&tx, 0, sizeof tx);
	snprintf(buf, sizeof buf, "file\t1\t0\t0\t644\t1700000000\t5\t/etc/ssh/sshd_config\n"
	    "dir\t0\t0\t755\t/run/sshd\nabsent\t/x\nargv\tfail2ban-client\tset\tj\tbanip\t"
	    "192.0.2.7\nfile\t2\t0\t0\t600\t1\t0\t/cut-by-a-cr");
	assert_int_equal(chg_manifest_parse(buf, strlen(buf), &tx, &cause), 0);
	assert_int_equal(tx.n, 4);	/* the cut last line is not a record */
	assert_int_equal(tx.v[0].mode, 0644);
	assert_int_equal(tx.v[0].mtime.tv_nsec, 5);
	assert_string_equal(tx.v[1].path, "/run/sshd");
	assert_int_equal(tx.v[3].argv.n, 5);
	assert_int_equal(tx.copies, 1);
	for (i = 0; i < tx.n; i++)
		chg_rec_free(&tx.v[i]);
	free(tx.v);

	for (i = 0; bad[i] != NULL; i++) {
		memset(&tx, 0, sizeof tx);
		snprintf(buf, sizeof buf, "%s", bad[i]);
		assert_int_equal(chg_manifest_parse(buf, strlen(buf), &tx, &cause), -1);
		free(cause);
		cause = NULL;
		assert_int_equal(tx.n, 0);
		free(tx.v);
	}
	memcpy(buf, "absent\t/x\0\n", 11);
	memset(&tx, 0, sizeof tx);
	assert_int_equal(chg_manifest_parse(buf, 11, &tx, &cause), -1);	/* a NUL */
	free(cause);

	snprintf(buf, sizeof buf, "e1\tf\tpending\ts\ne2\tg\tapplied\tt\nbroken line\n"
	    "e1\tf\tapplied\tconfirmed\ne1\tf\tundone\trestored\n\t\t\t\n");
	assert_int_equal(chg_journal_parse(buf, strlen(buf), &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].entry, "e1");
	assert_string_equal(v[0].state, "undone");
	assert_string_equal(v[0].summary, "s");
	assert_string_equal(v[1].state, "applied");
	chg_jlist_free(v, n);
}

static struct strlist ran;

static int
fake_run(const char *const argv[], const struct run_opts *o, struct run_result *res,
    char **cause)
{
	size_t	i;
	char	*s = xstrdup("");

	(void)o;
	(void)cause;
	for (i = 0; argv[i] != NULL; i++) {
		char *t;
		xasprintf(&t, "%s%s%s", s, i ? " " : "", argv[i]);
		free(s);
		s = t;
	}
	strlist_add(&ran, s);
	free(s);
	memset(res, 0, sizeof *res);
	res->out = xstrdup("");
	res->err = xstrdup("");
	res->exited = 1;
	return 0;
}

static int
fake_internal(const char *const argv[], char **cause)
{
	(void)cause;
	strlist_addf(&ran, "internal %s %s", argv[0], argv[1]);
	return 0;
}

static void
test_undo_argv_order_and_nth(void **st)
{
	struct change_tx *tx;
	char		*cause = NULL, *path, *got, *fixid = NULL;
	const char	*unban[] = { "fail2ban-client", "set", "sshd", "banip", "192.0.2.7", NULL };
	const char	*reload[] = { "@reload-sshd", "2222", NULL };
	size_t		 len;

	(void)st;
	runner_set_hook(fake_run);
	change_set_internal(fake_internal);
	path = tu_write(tmp, "f", "1\n", 2);

	tx = change_begin("fail2ban-banned", &cause);
	assert_non_null(tx);
	assert_int_equal(change_undo_argv(tx, unban, &cause), 0);
	assert_int_equal(change_commit(tx, "unbanned", 0, &cause), 0);
	change_free(tx);

	tx = change_begin("deprecated-option", &cause);
	assert_non_null(tx);
	assert_int_equal(change_write(tx, path, "2\n", 2, (mode_t)-1, (uid_t)-1, (gid_t)-1,
	    &cause), 0);
	assert_int_equal(change_undo_argv(tx, reload, &cause), 0);
	assert_int_equal(change_commit(tx, "edit", 0, &cause), 0);
	change_free(tx);

	/* --undo 2: the older entry (the unban), not the edit. */
	assert_int_equal(change_undo(2, NULL, &fixid, &cause), 0);
	assert_string_equal(fixid, "fail2ban-banned");
	free(fixid);
	assert_int_equal(ran.n, 1);
	assert_string_equal(ran.v[0], "fail2ban-client set sshd banip 192.0.2.7");
	got = slurp(path, &len);
	assert_memory_equal(got, "2\n", 2);
	free(got);

	/* The edit: the file is restored before the reload runs. */
	assert_int_equal(change_undo(1, NULL, NULL, &cause), 0);
	assert_int_equal(ran.n, 2);
	assert_string_equal(ran.v[1], "internal @reload-sshd 2222");
	got = slurp(path, &len);
	assert_memory_equal(got, "1\n", 2);
	free(got);
	assert_int_equal(change_undo(1, NULL, NULL, &cause), -1);
	free(cause);
	strlist_free(&ran);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_undo_identical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_modes_mkdir_created, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_failure_leaves_original, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_symlink_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pending_confirm_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_argv_order_and_nth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uncommitted_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parsers, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
