/* lineui.c: the wizard's walk as numbered prompts on plain lines (TERM=dumb or a terminal curses cannot drive). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "ui/ui.h"
#include "ui/wizard.h"

struct lmode {
	const char	*mode;		/* check_options.mode */
	const char	*label;		/* the menu line */
};

static const struct lmode lmodes[] = {
	{ "client", "ssh from this machine to a server fails" },
	{ "server", "this machine is the SSH server that clients cannot reach" },
	{ "explain", "I have an error message or ssh -v output in a file" },
};
#define NLMODES (sizeof lmodes / sizeof lmodes[0])

#define LQ_MAX		32	/* questions of one mode */
#define LLOGS_MAX	16	/* log files in server mode */

/* Strings the options point at, owned here. */
struct lstate {
	const struct content *content;
	struct check_options opt;	/* the options of the walks */
	char		*host;
	char		*user;
	char		*file;
	char		*client_ip;	/* server mode */
	char		*sshd_config;
	char		*logbuf;	/* the log file names, NUL-separated */
	const char	*logv[LLOGS_MAX + 1];
	struct session	 s;		/* what the person said, the last walk and the one before */
	int		 eof;		/* standard input ended */
	const struct tree_question *qs[LQ_MAX];	/* the tree's questions for the mode */
	size_t		 nq;
};

/* Ask a question; returns a new string without the newline, or NULL at end of input. */
static char *
ask(struct lstate *ls, const char *question, const char *def)
{
	char	*line = NULL, *shown;
	size_t	 cap = 0;
	ssize_t	 n;

	if (def != NULL && *def != '\0') {
		shown = sanitize_str(def, 80);
		printf("%s [%s]: ", question, shown);
		free(shown);
	} else
		printf("%s: ", question);
	fflush(stdout);
	n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		ls->eof = 1;
		putchar('\n');
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	if (n == 0 && def != NULL) {
		free(line);
		return xstrdup(def);
	}
	return line;
}

static int
ask_mode(struct lstate *ls, const char **mode)
{
	size_t	 avail[NLMODES], navail = 0, i;
	char	*a;
	long	 k;
	int	 rc = -1;

	for (i = 0; i < NLMODES; i++)
		if (tree_start_node(ls->content->tree, lmodes[i].mode) != NULL)
			avail[navail++] = i;
	if (navail == 0) {
		printf("The content has no start node for any mode: nothing to check.\n");
		return -1;
	}
	printf("Where does sshdoc run?\n");
	for (i = 0; i < navail; i++)
		printf("  %zu) %s\n", i + 1, lmodes[avail[i]].label);
	for (;;) {
		if ((a = ask(ls, "Choose a number", "1")) == NULL)
			goto out;
		k = strtol(a, NULL, 10);
		free(a);
		if (k >= 1 && (size_t)k <= navail)
			break;
		printf("Type a number from 1 to %zu.\n", navail);
	}
	*mode = lmodes[avail[k - 1]].mode;
	rc = 0;
out:
	return rc;
}

static int
ask_target(struct lstate *ls)
{
	char	*a = NULL, port[16], *host, *user = NULL, *tport = NULL;
	const char *bad;
	int	 p;

	for (;;) {
		free(a);
		if ((a = ask(ls, "Host (name or address of the server; user@host:port works too)",
		    ls->opt.host)) == NULL)
			return -1;
		/* "user@host:port" as ssh takes it: the parts preset the next answers. */
		session_split_target(a, &host, &user, &tport);
		if (*host == '\0')
			printf("Type the server's name or address.\n");
		else if ((bad = session_bad_name(host, "host")) != NULL)
			printf("%s\n", bad);
		else if (user != NULL && (bad = session_bad_name(user, "user name")) != NULL)
			printf("%s\n", bad);
		else if (tport != NULL && session_port(tport) == -1)
			printf("The port is a number from 1 to 65535.\n");
		else
			break;
	}
	free(ls->host);
	ls->opt.host = ls->host = xstrdup(host);
	if (tport != NULL)
		ls->opt.port = session_port(tport);
	if (user != NULL) {
		free(ls->user);
		ls->opt.user = ls->user = xstrdup(user);
		ls->opt.user_given = 1;
	}
	free(a);
	snprintf(port, sizeof port, "%d", ls->opt.port > 0 ? ls->opt.port : 22);
	for (a = NULL;;) {
		free(a);
		if ((a = ask(ls, "Port", port)) == NULL)
			return -1;
		if ((p = session_port(a)) != -1)
			break;
		printf("The port is a number from 1 to 65535.\n");
	}
	free(a);
	if (p != ls->opt.port || p != 22)
		ls->opt.port_given = 1;
	ls->opt.port = p;
	for (a = NULL;;) {
		free(a);
		/* Only a user the person named: the local default is ssh's to apply. */
		if ((a = ask(ls, "User (empty: as ssh decides)", ls->opt.user != NULL &&
		    ls->opt.user_given ? ls->opt.user : "")) == NULL)
			return -1;
		if (*a == '\0' || (bad = session_bad_name(a, "user name")) == NULL)
			break;
		printf("%s\n", bad);
	}
	ls->opt.user_given = *a != '\0';
	free(ls->user);
	ls->user = a;
	ls->opt.user = *a != '\0' ? a : NULL;
	return 0;
}

/* The questions of the walk's mode; answers from --answer count as asked. */
static void
load_questions(struct lstate *ls, const char *const *answers)
{
	ls->nq = session_questions(&ls->s, ls->opt.mode, ls->qs, LQ_MAX);
	if (ls->nq > LQ_MAX)
		ls->nq = LQ_MAX;
	session_preset(&ls->s, answers);
}

/*
 * Ask the questions (all, or those not asked yet) with numbered choices;
 * Enter skips (keeping an earlier answer). Each answer goes to wk at once.
 */
static void
ask_questions(struct lstate *ls, int all)
{
	const struct tree_question *q;
	const struct session_answer *e;
	char	*a, def[16];
	size_t	 i, j, cur;
	long	 k;

	for (i = 0; i < ls->nq && !ls->eof; i++) {
		q = ls->qs[i];
		if ((e = session_answer_of(&ls->s, q)) != NULL && !all)
			continue;
		printf("\n%s\n", q->text);
		cur = 0;
		for (j = 0; j < q->nanswers; j++) {
			printf("  %zu) %s\n", j + 1, q->answers[j].text);
			if (e != NULL && e->a == &q->answers[j])
				cur = j + 1;
		}
		snprintf(def, sizeof def, "%zu", cur);
		for (;;) {
			a = ask(ls, cur > 0 ? "Your answer (Enter keeps it)" :
			    "Your answer (Enter skips)", cur > 0 ? def : "");
			if (a == NULL)
				return;
			k = strtol(a, NULL, 10);
			if (*a == '\0' || (k >= 1 && (size_t)k <= q->nanswers))
				break;
			printf("Type a number from 1 to %zu, or press Enter to skip.\n",
			    q->nanswers);
			free(a);
		}
		session_answer(&ls->s, q, *a != '\0' ? &q->answers[k - 1] : NULL);
		free(a);
	}
}

/* After the checks: only the questions whose answer can change which cause comes first. */
static void
ask_if_it_matters(struct lstate *ls)
{
	const struct tree_question *all[LQ_MAX];
	size_t	 nall = ls->nq;

	memcpy(all, ls->qs, sizeof all);
	ls->nq = session_questions_matter(&ls->s, ls->qs, LQ_MAX);
	if (ls->nq > LQ_MAX)
		ls->nq = LQ_MAX;
	if (ls->nq > 0) {
		printf("\nThe first causes are equally likely: your answer can tell them "
		    "apart (Enter skips).\n");
		ask_questions(ls, 0);
	}
	memcpy(ls->qs, all, sizeof all);
	ls->nq = nall;
}

/* Server mode: port, client address, sshd_config and log files, each optional. */
static int
ask_server(struct lstate *ls)
{
	char	*a = NULL, port[16], *p, *save = NULL;
	const char *bad;
	size_t	 n, i;
	int	 v = 0;

	if (geteuid() != 0)
		printf("You are not root: some checks need root (sshd's effective configuration,\n"
		    "its host keys, the logs) and will be skipped, with the reason.\n");
	snprintf(port, sizeof port, "%d", ls->opt.server_port);
	for (;;) {
		free(a);
		if ((a = ask(ls, "Port clients fail to reach (Enter: the ports sshd uses)",
		    ls->opt.server_port > 0 ? port : "")) == NULL)
			return -1;
		if (*a == '\0' || (v = session_port(a)) != -1)
			break;
		printf("The port is a number from 1 to 65535.\n");
	}
	ls->opt.server_port = *a != '\0' ? v : 0;
	for (;;) {
		free(a);
		if ((a = ask(ls, "Address of a client that cannot connect (Enter: none)",
		    ls->opt.client_ip)) == NULL)
			return -1;
		if (*a == '\0' || session_address(a))
			break;
		printf("Type an IPv4 or IPv6 address, such as 198.51.100.7 or 2001:db8::7.\n");
	}
	free(ls->client_ip);
	ls->client_ip = a;
	ls->opt.client_ip = *a != '\0' ? a : NULL;
	for (a = NULL;;) {
		free(a);
		if ((a = ask(ls, "sshd configuration file (Enter: /etc/ssh/sshd_config)",
		    ls->opt.sshd_config)) == NULL)
			return -1;
		if (*a == '\0' || (bad = session_bad_file(a, "file name")) == NULL)
			break;
		printf("%s\n", bad);
	}
	free(ls->sshd_config);
	ls->sshd_config = a;
	ls->opt.sshd_config = *a != '\0' ? a : NULL;
	for (a = NULL;;) {
		free(a);
		if ((a = ask(ls, "Log files, separated by spaces (Enter: the journal, auth.log)",
		    NULL)) == NULL)
			return -1;
		free(ls->logbuf);
		ls->logbuf = xstrdup(a);
		bad = NULL;
		n = 0;
		for (p = strtok_r(ls->logbuf, " ", &save); p != NULL && bad == NULL;
		    p = strtok_r(NULL, " ", &save)) {
			if (n == LLOGS_MAX)
				bad = "At most 16 log files.";
			else if ((bad = session_bad_file(p, "file name")) == NULL)
				ls->logv[n++] = p;
		}
		if (bad == NULL)
			break;
		printf("%s\n", bad);
	}
	free(a);
	for (i = n; i <= LLOGS_MAX; i++)
		ls->logv[i] = NULL;
	if (n > 0)
		ls->opt.logs = ls->logv;
	return 0;
}

/* One finished check; n counts the checks printed so far (they finish in any order). */
static void
print_check(const struct walk *wk, size_t i, size_t n)
{
	const struct walk_check *c = &wk->checks[i];

	printf("[%zu/%zu] %-5s %s: %s (%ld ms)\n", n, wk->nchecks,
	    wiz_status_word(RUN_DONE, c->result.status),
	    c->entry->title != NULL ? c->entry->title : c->entry->id,
	    c->result.summary != NULL ? c->result.summary : "", c->result.ms);
}

/*
 * Run a walk (keep_old: a re-run, the last walk stays to compare), printing
 * each check as it finishes. Returns 0, or -1 if it could not start.
 */
static int
run_walk(struct lstate *ls, int keep_old)
{
	struct walk *wk;
	struct pollfd pfd;
	char	*msg = NULL, *host = NULL;
	unsigned char *shown = NULL;
	size_t	 nshown = 0, i, npath = 0, nprinted = 0;
	const struct tree_node *node;
	int	 done = 0;

	if (strcmp(ls->opt.mode, "client") == 0 && ls->opt.host != NULL) {
		host = sanitize_str(ls->opt.host, 200);
		printf("\nChecking %s%s%s port %d ...\n", ls->opt.user != NULL ?
		    ls->opt.user : "", ls->opt.user != NULL ? "@" : "", host, ls->opt.port);
		free(host);
	} else
		printf("\nChecking (%s) ...\n", ls->opt.mode);
	fflush(stdout);
	if (session_start(&ls->s, &ls->opt, keep_old, &msg) != 0) {
		printf("%s\n", msg);
		free(msg);
		return -1;
	}
	wk = ls->s.run->walk;
	while (!done) {
		pfd.fd = ls->s.notify_fd[0];
		pfd.events = POLLIN;
		if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
			break;
		session_changed(&ls->s);
		walk_lock(wk);
		for (; npath < wk->path.n; npath++) {
			node = tree_node_find(ls->content->tree, wk->path.v[npath]);
			printf("-- %s\n", node != NULL && node->title != NULL ?
			    node->title : wk->path.v[npath]);
		}
		if (nshown < wk->nchecks) {
			shown = xreallocarray(shown, wk->nchecks, 1);
			memset(shown + nshown, 0, wk->nchecks - nshown);
			nshown = wk->nchecks;
		}
		for (i = 0; i < wk->nchecks; i++) {
			if (!shown[i] && wk->checks[i].state == RUN_DONE) {
				shown[i] = 1;
				print_check(wk, i, ++nprinted);
			}
		}
		done = wk->done;
		walk_unlock(wk);
		fflush(stdout);
	}
	session_finish(&ls->s);
	free(shown);
	ask_if_it_matters(ls);
	return 0;
}

static void
print_diagnosis(struct lstate *ls)
{
	const struct walk *wk = ls->s.run->walk;
	const struct session_answer *e;
	struct session_change *ch;
	const struct walk_cause *c;
	const char *v = walk_verdict(wk), *ev;
	const struct cause_info *ci;
	char	*path;
	size_t	 i, n;
	int	 found;

	printf("\n");
	if ((path = walk_path_line(wk, 0)) != NULL) {
		printf("Path: %s\n\n", path);
		free(path);
	}
	if (wk->ncauses == 0 && strcmp(v, "ok") == 0)
		printf("No cause found: every check on the way passed.\n");
	else if (wk->ncauses == 0)
		printf("Inconclusive: the checks could not decide (see the checks marked ERROR).\n");
	else
		printf("%zu cause%s found%s:\n", wk->ncauses,
		    wk->ncauses == 1 ? "" : "s", wk->ncauses == 1 ? "" : ", most probable first");
	for (i = 0; i < wk->ncauses; i++) {
		c = &wk->causes[i];
		ci = content_cause(ls->content, c->id);
		ev = c->summary != NULL && *c->summary != '\0' ? c->summary :
		    c->evidence.n > 0 ? c->evidence.v[0] : "";
		printf("  %zu) [%s] %s (%s)\n", i + 1, confidence_name(c->conf),
		    ci != NULL ? ci->title : c->id, c->id);
		if (*ev != '\0')
			printf("     %s\n", ev);
		report_fix(stdout, wk, c, "     ");
	}
	/* causes the client cannot tell apart (content's alternatives): what would */
	for (i = 0; i < wk->ncauses; i++) {
		c = &wk->causes[i];
		if (c->tells_apart != NULL && c->alternative_of == NULL)
			printf("%s\n", c->tells_apart);
	}
	for (i = 0; i < ls->nq; i++)
		if ((e = session_answer_of(&ls->s, ls->qs[i])) != NULL && e->a != NULL)
			printf("You said: %s.\n", e->a->text);
	if (ls->s.prev == NULL)
		goto out;
	printf("Compared with the previous run:\n");
	found = 0;
	n = session_diff(&ls->s, &ch);
	for (i = 0; i < n; i++) {
		if (ch[i].kind == CHANGE_CAUSE_GONE)
			printf("  gone: %s\n", ch[i].id);
		else if (ch[i].kind == CHANGE_CAUSE_NEW)
			printf("  new: %s\n", ch[i].id);
		else if (ch[i].kind == CHANGE_CAUSE_STILL)
			printf("  still: %s\n", ch[i].id);
		else
			continue;
		found = 1;
	}
	free(ch);
	if (!found)
		printf("  nothing changed\n");
	printf("  verdict: %s -> %s\n", walk_verdict(ls->s.prev->walk), v);
	session_drop_prev(&ls->s);
out:
	fflush(stdout);
}

static void
show_article(struct lstate *ls, const char *id)
{
	struct article *a = NULL;
	struct winsize ws;
	char	*cause = NULL;
	int	 width = 80;

	if (content_article(ls->content, id, &a, &cause) != 0) {
		printf("Could not load the article: %s\n", cause != NULL ? cause : "?");
		free(cause);
		return;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		width = ws.ws_col > 100 ? 100 : ws.ws_col;
	printf("\n");
	article_print(stdout, a, width);
	printf("\n");
	article_free(a);
	fflush(stdout);
}

static void
save(struct lstate *ls)
{
	char	*path;
	int	 json;

	if ((path = ask(ls, "Save report to (.json for JSON)", "sshdoc-report.txt")) == NULL)
		return;
	switch (session_save(&ls->s, path, &json)) {
	case 0:
		printf("Saved.\n");
		break;
	case SESSION_SAVE_CREATE:
		printf("Could not create that file: %s\n", strerror(errno));
		break;
	default:
		printf("Could not write that file: %s\n", strerror(errno));
		break;
	}
	free(path);
}

int
lineui_main(const struct content *content, struct check_options *opt,
    const char *const *answers)
{
	struct lstate ls;
	struct walk *wk;
	const char *mode = opt->mode != NULL ? opt->mode : "client", *bad;
	char	*a;
	long	 k;
	int	 rc = 0;

	memset(&ls, 0, sizeof ls);
	ls.content = content;
	ls.opt = *opt;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (session_init(&ls.s, content) != 0) {
		printf("pipe: %s\n", strerror(errno));
		rc = 3;
		goto out;
	}
	printf("sshdoc: finds out why an SSH connection fails, and shows the fix.\n"
	    "Answer each question and press Enter; q quits.\n\n");
	if (strcmp(mode, "client") == 0 && (opt->host == NULL || *opt->host == '\0')) {
		if (ask_mode(&ls, &mode) != 0)
			goto out;
		if (strcmp(mode, "client") == 0 && ask_target(&ls) != 0)
			goto out;
		if (strcmp(mode, "server") == 0 && ask_server(&ls) != 0)
			goto out;
		while (strcmp(mode, "explain") == 0) {
			free(ls.file);
			if ((ls.file = ask(&ls, "File with the message or ssh -v output",
			    NULL)) == NULL)
				goto out;
			if ((bad = session_bad_file(ls.file, "file name")) == NULL)
				break;
			printf("%s\n", bad);
		}
		ls.opt.explain_file = ls.file;
	}
	ls.opt.mode = mode;
	load_questions(&ls, answers);
	if (ls.opt.port <= 0)
		ls.opt.port = 22;
	if (run_walk(&ls, 0) != 0) {
		rc = 3;
		goto out;
	}
	print_diagnosis(&ls);
	for (;;) {
		wk = ls.s.run->walk;
		rc = walk_exit_status(wk);
		if (wk->ncauses > 0)
			printf("\nA number shows that fix; %sr checks again; s saves the report; "
			    "q quits.\n", ls.nq > 0 ? "a changes your answers; " : "");
		else
			printf("\n%sr checks again; s saves the report; q quits.\n",
			    ls.nq > 0 ? "a changes your answers; " : "");
		if ((a = ask(&ls, "Choice", NULL)) == NULL)
			break;
		if (strcmp(a, "q") == 0 || strcmp(a, "quit") == 0) {
			free(a);
			break;
		}
		if (strcmp(a, "r") == 0) {
			if (run_walk(&ls, 1) == 0)
				print_diagnosis(&ls);
		} else if (strcmp(a, "a") == 0 && ls.nq > 0) {
			ask_questions(&ls, 1);
			print_diagnosis(&ls);
		} else if (strcmp(a, "s") == 0)
			save(&ls);
		else if ((k = strtol(a, NULL, 10)) >= 1 && (size_t)k <= wk->ncauses)
			show_article(&ls, wk->causes[k - 1].id);
		else if (*a != '\0')
			printf("Not understood: type a number from the list, r, s or q.\n");
		free(a);
	}
out:
	session_free(&ls.s);
	free(ls.host);
	free(ls.user);
	free(ls.file);
	free(ls.client_ip);
	free(ls.sshd_config);
	free(ls.logbuf);
	return rc;
}
