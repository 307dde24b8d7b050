/* terminal.c: decides whether the curses wizard can run on this terminal (term.h kept out of other files). */
#include "ui/ui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* Last: term.h defines macros such as "lines" that clash with ordinary names. */
#include <term.h>

int
terminal_usable(void)
{
	const char	*term = getenv("TERM");
	int		 err = 0;

	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0)
		return 0;
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return 0;
	del_curterm(cur_term);
	return 1;
}
