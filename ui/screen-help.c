/* screen-help.c: the help screen: what each screen does and the keys that work there. */
#include <stdio.h>

#include "ui/wizard.h"

static const char *const help[] = {
	"#sshdoc finds out why an SSH connection fails and shows the fix.",
	"",
	"#Screens",
	"What happened?  Choose where sshdoc runs.",
	"Target          The server ssh fails to reach: host, port, user.",
	"Server          This machine's sshd: port, client address, config, logs.",
	"Explain         A file with an error message or ssh -v output, or paste it.",
	"Questions       What only you know; answers rank causes of equal confidence.",
	"Checks          Each check with its live status; Enter shows its evidence.",
	"Diagnosis       The causes found, most probable first; Enter opens the fix.",
	"Fix             The article: symptoms, how sshdoc knows, the fix, the risks.",
	"",
	"#Keys",
	"Up/Down, j/k    Move, or scroll",
	"PgUp/PgDn       Scroll a page",
	"Enter           Choose, open; in a fix, open the selected link",
	"Esc, Backspace  Back one step; in a fix, back to the article you came from",
	"Tab, Shift-Tab  Next or previous field; in a fix, next command or link",
	"c               Copy the selected command to your clipboard (OSC 52)",
	"f               Apply fix: the plan of the cause's automatic fix; y applies it",
	"a               Answer (or change) the questions only you can answer",
	"r               Run the checks again and show what changed",
	"s               Save the report to a file (name it .json for JSON)",
	"?               This help",
	"q               Quit (F10 or Ctrl-C while typing in a field)",
	"",
	"#Copying",
	"Copy uses the terminal's OSC 52 sequence: it works over SSH and in tmux",
	"when the terminal allows it (in tmux: set -g set-clipboard on).",
	"",
	"sshdoc only looks, unless you press y on a fix's plan: then it backs up,",
	"applies and checks again; sshdoc --undo takes the change back.",
};
#define NHELP ((int)(sizeof help / sizeof help[0]))

struct help {
	struct wiz_pager pg;		/* first row shown */
};

static void
help_draw(struct wiz *w, void *priv, WINDOW *win)
{
	struct help *h = priv;
	int	 y, height = getmaxy(win), width = getmaxx(win) - 4, top;
	const char *s;

	/* rows 1 .. height - 2 hold text; the last one says whether more follows */
	if (h->pg.top > NHELP - height + 2)
		h->pg.top = NHELP - height + 2;
	if (h->pg.top < 0)
		h->pg.top = 0;
	top = h->pg.top;
	for (y = 0; y + 2 < height && top + y < NHELP; y++) {
		s = help[top + y];
		if (*s == '#')
			wiz_put(w, win, y + 1, 2, width, w->attr[WR_HEADING], s + 1);
		else
			wiz_put(w, win, y + 1, 2, width, w->attr[WR_NORMAL], s);
	}
	if (top + y < NHELP)
		wiz_put(w, win, height - 1, 2, width, w->attr[WR_DIM],
		    "(more below: Down or PgDn)");
}

static int
help_key(struct wiz *w, void *priv, int key)
{
	(void)priv;
	switch (key) {
	case '?':
	case '\n':
	case '\r':
	case KEY_ENTER:
		wiz_pop(w);
		return 1;
	}
	return 0;
}

static struct wiz_pager *
help_pager(struct wiz *w, void *priv)
{
	struct help *h = priv;

	h->pg.rows = NHELP;
	h->pg.page = getmaxy(w->wbody) - 1;
	h->pg.height = 0;
	return &h->pg;
}

static const char *
help_hints(struct wiz *w, void *priv)
{
	(void)w;
	(void)priv;
	return "Up/Down Scroll|Esc Back|q Quit";
}

const struct screen_ops screen_help_ops = {
	.name = "Help",
	.private_size = sizeof(struct help),
	.init = NULL,
	.draw = help_draw,
	.key = help_key,
	.hints = help_hints,
	.cursor = NULL,
	.resize = NULL,
	.live = 0,
	.typing = NULL,
	.pager = help_pager,
	.keys = 0,
};
