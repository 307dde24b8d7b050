/* screen-explain.c: explain mode's form: a file holding the message or ssh -v output, or the text pasted in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "ui/wizard.h"

enum { F_FILE, F_PASTE, F_RUN, F_COUNT };

#define PASTE_MAX	(1024 * 1024)	/* bytes of pasted text kept */
#define LABEL_X		4
#define FIELD_X		10
#define FILE_Y		3	/* body row of the file field */
#define AREA_Y		7	/* first row of the paste area */

static struct wiz_field file = { "File", 50, "", "", 0, 0 };
static char	*paste;		/* the pasted text (not NUL-terminated while growing) */
static size_t	 plen, pcap;
static int	 cut;		/* more than PASTE_MAX was pasted */
static int	 last_cr;	/* the last key was a CR: a following LF is the same line end */
static int	 focus = F_FILE;
static char	*error;

static void
set_error(const char *msg)
{
	free(error);
	error = msg != NULL ? xstrdup(msg) : NULL;
}

static void
explain_init(struct wiz *w)
{
	(void)w;
	set_error(NULL);
}

/* Rows of the paste area for a body of rows lines. */
static int
area_rows(int rows)
{
	int	 n = rows - AREA_Y - 5;

	return n < 3 ? 3 : n;
}

/* Offsets of the starts of the last n lines of the paste (fewer if it has fewer). */
static size_t
last_lines(size_t *starts, size_t n)
{
	size_t	 k = 0, i = plen;

	if (n == 0)
		return 0;
	/* The line being typed counts, even if empty. */
	for (;;) {
		while (i > 0 && paste[i - 1] != '\n')
			i--;
		starts[k++] = i;
		if (i == 0 || k == n)
			break;
		i--;	/* before the '\n' that ended the previous line */
	}
	/* oldest first */
	for (i = 0; i < k / 2; i++) {
		size_t t = starts[i];

		starts[i] = starts[k - 1 - i];
		starts[k - 1 - i] = t;
	}
	return k;
}

static char *
line_at(size_t start)
{
	size_t	 end = start;

	while (end < plen && paste[end] != '\n')
		end++;
	return xstrndup(paste + start, end - start);
}

static void
explain_draw(struct wiz *w, WINDOW *win)
{
	struct strlist lines = { NULL, 0 };
	size_t	 starts[64], n, i, nl = 0;
	int	 cols = getmaxx(win), rows = getmaxy(win), h = area_rows(rows), y;
	char	*s, buf[128];

	wiz_put(w, win, 1, 2, cols - 4, w->attr[WR_BOLD],
	    "Explain an error message or the output of ssh -v.");
	wiz_put(w, win, FILE_Y, LABEL_X, FIELD_X - LABEL_X - 1,
	    w->attr[focus == F_FILE ? WR_BOLD : WR_NORMAL], file.label);
	wiz_field_draw(w, win, FILE_Y, FIELD_X, &file, focus == F_FILE);
	wiz_put(w, win, FILE_Y + 1, FIELD_X, cols - FIELD_X - 1, w->attr[WR_DIM],
	    "a file that holds it (ssh -v 2>file), or:");
	wiz_put(w, win, AREA_Y - 1, LABEL_X, cols - LABEL_X - 1,
	    w->attr[focus == F_PASTE ? WR_BOLD : WR_NORMAL],
	    "Paste it here (Tab here, paste, then Ctrl-D):");
	if (h > (int)(sizeof starts / sizeof starts[0]))
		h = (int)(sizeof starts / sizeof starts[0]);
	n = plen > 0 ? last_lines(starts, (size_t)h) : 0;
	for (y = 0; y < h; y++)
		wiz_put(w, win, AREA_Y + y, LABEL_X, 1, w->attr[focus == F_PASTE ? WR_BOLD :
		    WR_DIM], w->g->vline);
	if (n == 0 && focus != F_PASTE)
		wiz_put(w, win, AREA_Y, LABEL_X + 2, cols - LABEL_X - 3, w->attr[WR_DIM],
		    "(nothing pasted)");
	for (i = 0; i < n; i++) {
		s = line_at(starts[i]);
		wiz_put(w, win, AREA_Y + (int)i, LABEL_X + 2, cols - LABEL_X - 3,
		    w->attr[WR_NORMAL], s);
		free(s);
	}
	for (i = 0; i < plen; i++)
		nl += paste[i] == '\n';
	y = AREA_Y + h;
	if (plen > 0) {
		snprintf(buf, sizeof buf, "%zu line%s, %zu bytes%s", nl + (paste[plen - 1] !=
		    '\n'), nl + (paste[plen - 1] != '\n') == 1 ? "" : "s", plen,
		    cut ? " (cut at 1 MiB)" : "");
		wiz_put(w, win, y, LABEL_X + 2, cols - LABEL_X - 3, w->attr[WR_DIM], buf);
	}
	y++;
	wiz_put(w, win, y, FIELD_X, cols - FIELD_X - 1,
	    w->attr[focus == F_RUN ? WR_SEL : WR_BOLD], "[ Explain ]");
	y += 1;
	if (error != NULL) {
		wiz_wrap(w, error, cols - LABEL_X - 2, &lines);
		for (i = 0; i < lines.n && y + 1 < rows; i++)
			wiz_put(w, win, ++y, LABEL_X, cols - LABEL_X - 1, w->attr[WR_ERROR],
			    lines.v[i]);
		strlist_free(&lines);
	}
}

static int
explain_cursor(struct wiz *w, int *y, int *x)
{
	size_t	 starts[64], n;
	int	 h, cx;
	char	*s;

	if (focus == F_FILE) {
		*y = FILE_Y;
		*x = FIELD_X + (int)(file.cur - wiz_field_scroll(&file));
		return 1;
	}
	if (focus != F_PASTE)
		return 0;
	h = area_rows(getmaxy(w->wbody));
	if (h > 64)
		h = 64;
	n = plen > 0 ? last_lines(starts, (size_t)h) : 0;
	if (n == 0) {
		*y = AREA_Y;
		*x = LABEL_X + 2;
		return 1;
	}
	s = line_at(starts[n - 1]);
	cx = wiz_width(w, s);
	free(s);
	if (cx > getmaxx(w->wbody) - LABEL_X - 4)
		cx = getmaxx(w->wbody) - LABEL_X - 4;
	*y = AREA_Y + (int)n - 1;
	*x = LABEL_X + 2 + cx;
	return 1;
}

static void
paste_add(struct wiz *w, char c)
{
	if (plen >= PASTE_MAX) {
		if (!cut)
			wiz_message(w, 1, "The pasted text is cut at 1 MiB.");
		cut = 1;
		return;
	}
	if (plen == pcap) {
		pcap = pcap == 0 ? 4096 : pcap * 2;
		if (pcap > PASTE_MAX)
			pcap = PASTE_MAX;
		paste = xreallocarray(paste, pcap, 1);
	}
	paste[plen++] = c;
}

static void
paste_clear(void)
{
	free(paste);
	paste = NULL;
	plen = pcap = 0;
	cut = 0;
}

static void
submit(struct wiz *w)
{
	struct check_options o = w->base;
	const char *bad, *path;

	wiz_field_trim(&file);
	if (file.len > 0 && plen > 0) {
		set_error("Clear the file name (Ctrl-U) or the pasted text: sshdoc explains "
		    "one of them.");
		return;
	}
	if (file.len == 0 && plen == 0) {
		set_error("Give a file name, or paste the text.");
		focus = F_FILE;
		return;
	}
	if (file.len > 0) {
		if ((bad = session_bad_file(file.buf, "file name")) != NULL) {
			set_error(bad);
			focus = F_FILE;
			return;
		}
		path = file.buf;
	} else if (wiz_paste_file(w, paste, plen, &path) != 0)
		return;
	set_error(NULL);
	o.mode = "explain";
	o.explain_file = path;
	wiz_start_walk(w, &o);
}

static int
paste_key(struct wiz *w, int key)
{
	int	 cr = 0;

	switch (key) {
	case KEY_UP:
	case KEY_BTAB:
		focus = F_FILE;
		return 1;
	case KEY_DOWN:
		focus = F_RUN;
		return 1;
	case 4:		/* ^D */
	case KEY_F(2):
		submit(w);
		return 1;
	case 21:	/* ^U */
		paste_clear();
		return 1;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		/* a whole UTF-8 character */
		while (plen > 0 && ((unsigned char)paste[plen - 1] & 0xc0) == 0x80)
			plen--;
		if (plen > 0)
			plen--;
		return 1;
	case '\r':
	case KEY_ENTER:
		paste_add(w, '\n');
		cr = 1;
		break;
	case '\n':
		if (!last_cr)
			paste_add(w, '\n');
		break;
	default:
		if (key == '\t' || (key >= 0x20 && key <= 0xff && key != 0x7f))
			paste_add(w, (char)key);
		else
			return 0;
		break;
	}
	last_cr = cr;
	return 1;
}

static int
explain_key(struct wiz *w, int key)
{
	if (focus == F_PASTE) {
		if (key != 4 && key != KEY_F(2))
			set_error(NULL);	/* an edit: the last complaint no longer holds */
		if (!paste_key(w, key))
			return 0;
		w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
		return 1;
	}
	switch (key) {
	case '\t':
	case KEY_DOWN:
		focus = (focus + 1) % F_COUNT;
		break;
	case KEY_BTAB:
	case KEY_UP:
		focus = (focus + F_COUNT - 1) % F_COUNT;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		submit(w);
		break;
	default:
		if (focus == F_RUN) {
			if (key == ' ') {
				submit(w);
				break;
			}
			return 0;
		}
		if (!wiz_field_key(&file, key))
			return 0;
		set_error(NULL);
		break;
	}
	w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
	return 1;
}

static const char *
explain_hints(struct wiz *w)
{
	(void)w;
	switch (focus) {
	case F_PASTE:
		return "^D Explain|Up File|^U Clear|Esc Back|F10 Quit";
	case F_FILE:
		return "Enter Explain|Tab Paste instead|Esc Back|F10 Quit";
	}
	return "Enter Explain|Tab Next|Esc Back|q Quit";
}

static int
explain_typing(struct wiz *w)
{
	(void)w;
	return focus != F_RUN;
}

const struct screen_ops screen_explain_ops = {
	.name = "Explain",
	.init = explain_init,
	.draw = explain_draw,
	.key = explain_key,
	.hints = explain_hints,
	.cursor = explain_cursor,
	.resize = NULL,
	.live = 0,
	.typing = explain_typing,
};
