/* check-transcript.c: the transcript the phase checks read: the person's own ssh -vvv attempt, or text given with --explain. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/check.h"
#include "lib/runner.h"
#include "checks/client/ssh-attempt.h"
#include "checks/parse/transcript-parse.h"
#include "lib/xmalloc.h"

/*
 * Read at most TRANSCRIPT_MAX bytes from fd; a pipe is bounded in time too.
 * When the deadline passes with input read, *still_open is set and that input is
 * used: a pipe from an ssh that still waits (a black-holed host) has already
 * said what matters, and the walk would drop the check soon after anyway.
 */
static int
read_bounded(int fd, int64_t deadline, char **out, size_t *outlen, int *cut,
    int *still_open, char **cause)
{
	struct pollfd	 pfd;
	char		*buf;
	size_t		 len = 0;
	ssize_t		 n;
	int		 left, tty = isatty(fd);

	buf = xmalloc(TRANSCRIPT_MAX + 1);
	*cut = *still_open = 0;
	for (;;) {
		if (!tty) {
			left = (int)(deadline - now_ms());
			if (left <= 0 && len > 0) {
				*still_open = 1;
				break;
			}
			if (left <= 0) {
				free(buf);
				return set_cause(cause, "nothing arrived in time");
			}
			pfd.fd = fd;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, left) == 0)
				continue;
		}
		if (len == TRANSCRIPT_MAX) {
			*cut = 1;	/* the head is where ssh's first error is */
			break;
		}
		n = read(fd, buf + len, TRANSCRIPT_MAX - len);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n == -1) {
			set_cause(cause, "read: %s", strerror(errno));
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

static void
free_transcript(void *p)
{
	transcript_free(p);
	free(p);
}

/* The person's own ssh, once, as they would run it: its -vvv transcript is what the phase checks read. */
static void
attempt_exec(struct check_ctx *ctx, struct check_result *res)
{
	struct run_result	 rr;
	struct transcript	*t;
	char			*cause = NULL, how[64];

	t = xcalloc(1, sizeof *t);
	if (ssh_attempt(ctx, ctx->opt, 0, t, &rr, &cause) != 0) {
		check_set(res, CHECK_ERROR, "error", "cannot run ssh: %s", cause);
		free(cause);
		free(t);
		return;
	}
	if (rr.not_found) {
		check_set(res, CHECK_SKIP, "skipped", "no OpenSSH client (ssh) on this machine");
		transcript_free(t);
		free(t);
		run_free(&rr);
		return;
	}
	/*
	 * The attempt runs "true": after login a non-zero status other than
	 * ssh's own 255 means the account's shell or a ForceCommand ended the
	 * session, even when ssh printed nothing about it.
	 */
	if (t->seen[TR_AUTHENTICATED].line != 0 && rr.exited && rr.status != 0 &&
	    rr.status != 255 && t->seen[TR_SESSION_CLOSED].line == 0 &&
	    t->seen[TR_SESSION_REFUSED].line == 0) {
		t->seen[TR_SESSION_CLOSED].line = t->lines > 0 ? t->lines : 1;
		xasprintf(&t->seen[TR_SESSION_CLOSED].text, "the remote command \"true\" "
		    "exited with status %d after login", rr.status);
	}
	res->data = t;
	res->data_free = free_transcript;
	run_describe(&rr, how, sizeof how);
	if (!rr.timed_out)	/* a timeout's description already says how long */
		snprintf(how + strlen(how), sizeof how - strlen(how), " after %ld ms", rr.ms);
	check_set(res, rr.exited && rr.status == 0 ? CHECK_PASS : CHECK_WARN, "read",
	    "ssh -vvv ... true: %s; furthest phase: %s", how, tr_phase_name(t->phase));
	if (t->local_version != NULL)
		check_evidence(res, "client: %s", t->local_version);
	if (t->remote_version != NULL)
		check_evidence(res, "server: %s", t->remote_version);
	if (rr.timed_out)
		check_evidence(res, "the attempt was stopped after %ld ms", rr.ms);
	check_evidence(res, "run with BatchMode=yes and StrictHostKeyChecking=yes: "
	    "no prompt, no host key accepted, nothing written");
	run_free(&rr);
}

static void
transcript_exec(struct check_ctx *ctx, struct check_result *res)
{
	const char		*file = ctx->opt->explain_file;
	struct transcript	*t;
	struct stat		 st;
	char			*buf = NULL, *cause = NULL;
	size_t			 len = 0, i, recognised = 0;
	int			 fd, cut = 0, open_at_end = 0;

	if (strcmp(ctx->opt->mode, "client") == 0 && ctx->opt->host != NULL) {
		attempt_exec(ctx, res);
		return;
	}
	if (strcmp(ctx->opt->mode, "explain") != 0 || file == NULL) {
		check_set(res, CHECK_SKIP, "skipped", "no transcript given (--explain FILE)");
		return;
	}
	if (strcmp(file, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(file, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		check_set(res, CHECK_ERROR, "unreadable", "cannot open %s: %s", file,
		    strerror(errno));
		return;
	}
	/* A pipe (--explain <(ssh -v ...)) is read as standard input is: bounded. */
	if (fd != STDIN_FILENO && (fstat(fd, &st) == -1 ||
	    (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)))) {
		close(fd);
		check_set(res, CHECK_ERROR, "unreadable", "%s is not a regular file or a pipe",
		    file);
		return;
	}
	if (fd != STDIN_FILENO)
		fcntl(fd, F_SETFL, 0);
	/* The check's own deadline: past it the walk stops waiting for this check. */
	if (read_bounded(fd, ctx->deadline_ms, &buf, &len, &cut, &open_at_end,
	    &cause) != 0) {
		check_set(res, CHECK_ERROR, "unreadable", "reading %s: %s",
		    fd == STDIN_FILENO ? "standard input" : file, cause);
		free(cause);
		if (fd != STDIN_FILENO)
			close(fd);
		return;
	}
	if (fd != STDIN_FILENO)
		close(fd);

	t = xcalloc(1, sizeof *t);
	transcript_parse(buf, len, t);
	t->raw = buf;		/* tr-sshd-log reads the same text for server lines */
	t->raw_len = len;
	for (i = 0; i < TR_COUNT; i++)
		recognised += t->seen[i].line != 0;
	res->data = t;
	res->data_free = free_transcript;
	if (len == 0)
		check_set(res, CHECK_FAIL, "empty", "the transcript is empty");
	else if (recognised == 0 && t->phase == PHASE_NONE)
		check_set(res, CHECK_WARN, "unrecognised",
		    "%d line%s read, but no OpenSSH client message recognised", t->lines,
		    t->lines == 1 ? "" : "s");
	else
		check_set(res, CHECK_PASS, "read", "%d line%s read; %s transcript, "
		    "furthest phase: %s", t->lines, t->lines == 1 ? "" : "s",
		    t->verbose ? "verbose" : "plain", tr_phase_name(t->phase));
	if (t->local_version != NULL)
		check_evidence(res, "client: %s", t->local_version);
	if (t->remote_version != NULL)
		check_evidence(res, "server: %s", t->remote_version);
	if (cut)
		check_evidence(res, "only the first %d bytes were read", TRANSCRIPT_MAX);
	if (open_at_end)
		check_evidence(res, "the input was still open after %d ms: this is what had "
		    "arrived (--timeout waits longer)", ctx->opt->timeout_ms);
	if (!t->verbose && len > 0)
		check_evidence(res, "tip: ssh -v shows more (pre-banner lines, the phase it stopped in)");
}

static const char *const transcript_outcomes[] = {
	"read", "empty", "unrecognised", "unreadable", "skipped", "error", NULL
};

const struct check_entry check_transcript_entry = {
	.id = "transcript",
	.title = "Transcript",
	.needs = NULL,
	.outcomes = transcript_outcomes,
	.exec = transcript_exec,
};
