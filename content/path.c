/* path.c: the connection's way from name to session as one line, each step passed, failed or not reached, from the checks' results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/walk.h"
#include "lib/xmalloc.h"

/* Which check (and outcome, or any) speaks for which step. */
static const struct {
	int		 step;
	const char	*check;
	const char	*outcome;	/* NULL: any */
} step_checks[] = {
	{ 0, "ssh-config", NULL },
	{ 0, "tr-connect", "config-permissions" },
	{ 1, "dns-resolve", NULL },
	{ 1, "tr-connect", "nxdomain" },
	{ 1, "tr-connect", "dns-temporary" },
	{ 2, "tcp-connect", NULL },
	{ 2, "tr-connect", NULL },
	{ 3, "ssh-banner", NULL },
	{ 3, "tr-banner", NULL },
	{ 4, "ssh-kexinit", NULL },
	{ 4, "algorithms", NULL },
	{ 4, "tr-kex", NULL },
	{ 4, "mtu-probe", NULL },
	{ 5, "ssh-handshake", NULL },
	{ 5, "tr-hostkey", NULL },
	{ 6, "tr-auth", NULL },
	{ 6, "local-files", NULL },
	{ 6, "auth-keys", NULL },
};

const char *const walk_step_names[WALK_STEPS] = {
	"name", "address", "TCP", "banner", "key exchange", "host key", "authentication",
	"session"
};

/* The step a finished check speaks for, or -1. */
static int
step_of(const struct walk_check *wc)
{
	size_t	 i;

	for (i = 0; i < sizeof step_checks / sizeof step_checks[0]; i++) {
		if (strcmp(step_checks[i].check, wc->entry->id) != 0)
			continue;
		if (step_checks[i].outcome == NULL ||
		    (wc->result.outcome != NULL &&
		    strcmp(step_checks[i].outcome, wc->result.outcome) == 0))
			return step_checks[i].step;
	}
	return -1;
}

int
walk_path(const struct walk *w, struct walk_step steps[WALK_STEPS])
{
	const struct walk_check	*wc;
	size_t			 i;
	int			 s, failed = WALK_STEPS;

	memset(steps, 0, WALK_STEPS * sizeof *steps);
	if (strcmp(w->opt.mode, "server") == 0)
		return -1;	/* the server sees no client's path */
	for (i = 0; i < w->nchecks; i++) {
		wc = &w->checks[i];
		if (wc->state != RUN_DONE || (s = step_of(wc)) == -1)
			continue;
		switch (wc->result.status) {
		case CHECK_FAIL:
			steps[s].state = STEP_FAILED;
			if (wc->result.ms > steps[s].ms)
				steps[s].ms = wc->result.ms;
			break;
		case CHECK_PASS:
		case CHECK_WARN:
			if (steps[s].state == STEP_NOT_REACHED)
				steps[s].state = STEP_PASSED;
			break;
		default:
			break;
		}
	}
	/* Where it broke first; nothing after it was reached, whatever a probe of its own saw. */
	for (s = 0; s < WALK_STEPS; s++) {
		if (steps[s].state == STEP_FAILED && failed == WALK_STEPS)
			failed = s;
		else if (s > failed)
			steps[s].state = STEP_NOT_REACHED;
	}
	/* Steps before a reached one were passed, even where no check of their own ran. */
	for (s = WALK_STEPS - 1; s > 0; s--) {
		if (steps[s].state != STEP_NOT_REACHED && steps[s - 1].state == STEP_NOT_REACHED)
			steps[s - 1].state = STEP_PASSED;
	}
	return failed < WALK_STEPS ? failed : WALK_STEPS;
}

/* out + more, out freed. */
static char *
append(char *out, const char *more)
{
	char	*tmp;

	xasprintf(&tmp, "%s%s", out != NULL ? out : "", more);
	free(out);
	return tmp;
}

char *
walk_path_line(const struct walk *w, int utf8)
{
	struct walk_step steps[WALK_STEPS];
	char		*out = NULL, buf[64];
	int		 s, last = -1;

	if (walk_path(w, steps) == -1)
		return NULL;
	for (s = 0; s < WALK_STEPS; s++) {
		if (steps[s].state != STEP_NOT_REACHED)
			last = s;
	}
	if (last == -1)
		return NULL;
	for (s = 0; s <= last; s++) {
		if (s > 0)
			out = append(out, utf8 ? " \u2192 " : " > ");
		out = append(out, walk_step_names[s]);
		if (steps[s].state == STEP_FAILED) {
			/* Seconds with one decimal: the same width for anything under 10 s. */
			snprintf(buf, sizeof buf, " %s (%ld.%ld s)", utf8 ? "\u2717" : "FAILED",
			    steps[s].ms / 1000, steps[s].ms % 1000 / 100);
			out = append(out, buf);
		} else
			out = append(out, utf8 ? " \u2713" : " ok");
	}
	/* No check follows ssh into the session: after authentication it is not checked. */
	if (last + 1 < WALK_STEPS)
		out = append(out, steps[last].state == STEP_PASSED && last + 1 == WALK_STEPS - 1 ?
		    "; not checked: " : "; not reached: ");
	for (s = last + 1; s < WALK_STEPS; s++) {
		out = append(out, walk_step_names[s]);
		if (s + 1 < WALK_STEPS)
			out = append(out, ", ");
	}
	return out;
}
