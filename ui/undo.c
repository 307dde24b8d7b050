/* undo.c: --undo [N] (restore the Nth last change), --confirm ENTRY (keep a change in its window), --confirm-timeout, and the hidden --rollback-after watcher. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/apply-server.h"
#include "lib/change.h"
#include "lib/sanitize.h"
#include "lib/sshd-txn.h"
#include "lib/util.h"
#include "lib/xmalloc.h"
#include "ui/undo.h"

#define CONFIRM_TIMEOUT_MAX	86400	/* a day: longer is not a window */

static int confirm_timeout;

int
undo_confirm_timeout(void)
{
	return confirm_timeout;
}

/* A positive number no larger than max, or -1. */
static int
number(const char *s, int max)
{
	char	*end;
	long	 v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 1 || v > max)
		return -1;
	return (int)v;
}

static int
usage_line(const char *what)
{
	fprintf(stderr, "sshdoc: %s (see sshdoc --help)\n", what);
	return 2;
}

static int
do_undo(int n)
{
	struct strlist	 d = { NULL, 0 };
	char		*entry = NULL, *fixid = NULL, *cause = NULL, *c;
	size_t		 i;
	int		 rc;

	rc = change_undo(n, &entry, &fixid, &cause);
	if (entry != NULL) {
		c = sanitize_str(entry, 200);
		printf("%s %s (fix %s):\n", rc == 0 ? "undone" : "undo incomplete for", c, fixid);
		free(c);
		if (change_entry_describe(entry, &d, NULL) == 0) {
			for (i = 0; i < d.n; i++) {
				c = sanitize_str(d.v[i], 600);
				printf("  restored %s\n", c);
				free(c);
			}
		}
		strlist_free(&d);
	}
	if (rc != 0) {
		c = sanitize_str(cause != NULL ? cause : "undo failed", 1000);
		fprintf(stderr, "sshdoc: --undo: %s\n", c);
		free(c);
	}
	free(entry);
	free(fixid);
	free(cause);
	return rc == 0 ? 0 : 1;
}

static int
do_confirm(const char *entry)
{
	char	*cause = NULL, *c;

	if (change_confirm(entry, &cause) != 0) {
		c = sanitize_str(cause, 1000);
		fprintf(stderr, "sshdoc: --confirm: %s\n", c);
		free(c);
		free(cause);
		return 1;
	}
	c = sanitize_str(entry, 200);
	printf("confirmed %s: the change stays (sshdoc --undo takes it back)\n", c);
	free(c);
	return 0;
}

/* Remove argv[i] and k words after it. */
static void
take(int *argc, char **argv, int i, int k)
{
	int	j;

	for (j = i; j + k + 1 <= *argc; j++)
		argv[j] = argv[j + k + 1];
	*argc -= k + 1;
}

int
undo_main(int *argc, char **argv)
{
	char	*cause = NULL;
	int	 i, n, secs, rc;

	change_set_internal(fix_server_internal);
	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strncmp(argv[i], "--confirm-timeout=", 18) == 0) {
			if ((confirm_timeout = number(argv[i] + 18, CONFIRM_TIMEOUT_MAX)) == -1)
				return usage_line("--confirm-timeout: give seconds, 1 to 86400");
			take(argc, argv, i--, 0);
		} else if (strcmp(argv[i], "--confirm-timeout") == 0) {
			if ((confirm_timeout = number(argv[i + 1], CONFIRM_TIMEOUT_MAX)) == -1)
				return usage_line("--confirm-timeout: give seconds, 1 to 86400");
			take(argc, argv, i--, 1);
		}
	}
	fix_server_set_window(confirm_timeout);
	if (*argc < 2)
		return -1;
	if (strcmp(argv[1], "--undo") == 0 || strncmp(argv[1], "--undo=", 7) == 0) {
		const char *a = argv[1][6] == '=' ? argv[1] + 7 : *argc > 2 ? argv[2] : NULL;
		int words = argv[1][6] == '=' ? 1 : *argc > 2 ? 2 : 1;

		n = a == NULL ? 1 : number(a, 100000);
		if (n == -1 || *argc > 1 + words)
			return usage_line("usage: sshdoc --undo [N] (N: the Nth most recent change, "
			    "1 the last)");
		return do_undo(n);
	}
	if (strcmp(argv[1], "--confirm") == 0) {
		if (*argc != 3)
			return usage_line("usage: sshdoc --confirm ENTRY");
		return do_confirm(argv[2]);
	}
	if (strcmp(argv[1], "--rollback-after") == 0) {
		/* The detached watcher (lib/sshd-txn.c): no terminal, nothing to print to. */
		if (*argc != 4 || (secs = number(argv[2], CONFIRM_TIMEOUT_MAX + 3600)) == -1)
			return 2;
		rc = sshd_txn_watch(secs, argv[3], &cause);
		free(cause);
		return rc == -1 ? 1 : 0;
	}
	for (i = 2; i < *argc; i++)
		if (strcmp(argv[i], "--undo") == 0 || strcmp(argv[i], "--confirm") == 0 ||
		    strcmp(argv[i], "--rollback-after") == 0)
			return usage_line("--undo and --confirm come first and alone: "
			    "sshdoc --undo [N], sshdoc --confirm ENTRY");
	return -1;
}
