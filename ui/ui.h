/* ui.h: entry points of the front ends (reports, article printer, wizard) that main.c dispatches to. */
#ifndef UI_H
#define UI_H

#include <stdio.h>

#include "content/walk.h"
#include "content/content.h"

/* --fix ID (ui/fix.c): what the command line asks of it. */
struct fix_cli {
	const char	*id;		/* the cause to fix */
	int		 yes;		/* --yes: apply (else a dry run) */
	int		 json;		/* --json: the report with a "change" object */
	int		 confirm_timeout;	/* --confirm-timeout, 0: the default */
	const char *const *answers;	/* --answer strings for the re-check, or NULL */
};
/*
 * The report of the finished walk w with the plan for cli->id (a dry run),
 * or with cli->yes the fix applied, the checks run again and what changed.
 * Exit status: 0 a plan printed, or applied and the cause gone; 1 otherwise.
 */
int	 fix_command(FILE *, const struct content *, struct walk *w, const struct fix_cli *);

/* Plain-text report of a finished walk. */
void	 report_text(FILE *, const struct walk *);
/* JSON report of a finished walk, exactly as ../shared/contract.md says. */
void	 report_json(FILE *, const struct walk *);
/* The same with names and addresses replaced as it is written (ui/redact.h). */
struct redact;
void	 report_json_redact(FILE *, const struct walk *, struct redact *);
/* The same with a "change" member (--fix: what the fix does or did), not redacted. */
struct json_t;
void	 report_json_change(FILE *, const struct walk *, struct json_t *change);
/*
 * A cause's short fix with the person's values, as lines that begin with
 * indent: the lead-in, then "$ command" or "# command". Returns the number of
 * commands (0: nothing printed).
 */
size_t	 report_fix(FILE *, const struct walk *, const struct walk_cause *, const char *indent);
/* An article as plain text for a terminal or a pipe; width 0 means 80. */
void	 article_print(FILE *, const struct article *, int width);

/*
 * The interactive wizard. opt holds what the command line gave (host may be
 * NULL: the wizard asks); answers, NULL-terminated "QUESTION=ANSWER" strings
 * from --answer (or NULL), are not asked again. Returns the exit status per
 * the contract.
 */
int	 wizard_main(const struct content *, struct check_options *opt,
	    const char *const *answers);
/* Non-zero if TERM names a terminal terminfo knows (not "dumb"): the wizard can run. */
int	 terminal_usable(void);
/* The same walk as numbered prompts on plain lines (TERM=dumb, unknown terminal). */
int	 lineui_main(const struct content *, struct check_options *opt,
	    const char *const *answers);

#endif
