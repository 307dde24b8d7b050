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

static const struct wiz_form form_init = {
	NULL, 1, F_COUNT, F_FILE, LABEL_X, FIELD_X, FILE_Y, "[ Explain ]",
	1, NULL, -1, 0
};

/* Kept between pushes: the file name and the pasted text stay. The form first: wiz_form_* ops take it. */
struct explain {
	struct wiz_form	 form;		/* file, the paste area, the button */
	struct wiz_field file;		/* the file field */
	int		 set;		/* the form was set up */
	char		*paste;		/* the pasted text (not NUL-terminated while growing) */
	size_t		 plen, pcap;
	int		 cut;		/* more than PASTE_MAX was pasted */
	int		 last_cr;	/* the last key was a CR: a following LF is the same line end */
};

static void
explain_init(struct wiz *w, void *priv, const void *arg)
{
	struct explain *e = priv;
	const struct wiz_field file = { "File", 50, "", "", 0, 0, 0 };

	(void)w;
	(void)arg;
	if (!e->set) {
		e->file = file;
		e->form = form_init;
		e->form.fields = &e->file;
		e->set = 1;
	}
	wiz_form_error(&e->form, -1, NULL);
}

static void
explain_free(void *priv)
{
	struct explain *e = priv;

	wiz_form_free(&e->form);
	free(e->paste);
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
last_lines(const struct explain *e, size_t *starts, size_t n)
{
	size_t	 k = 0, i = e->plen, t;

	if (n == 0)
		return 0;
	/* The line being typed counts, even if empty. */
	for (;;) {
		while (i > 0 && e->paste[i - 1] != '\n')
			i--;
		starts[k++] = i;
		if (i == 0 || k == n)
			break;
		i--;	/* before the '\n' that ended the previous line */
	}
	/* oldest first */
	for (i = 0; i < k / 2; i++) {
		t = starts[i];
		starts[i] = starts[k - 1 - i];
		starts[k - 1 - i] = t;
	}
	return k;
}

static char *
line_at(const struct explain *e, size_t start)
{
	size_t	 end = start;

	while (end < e->plen && e->paste[end] != '\n')
		end++;
	return xstrndup(e->paste + start, end - start);
}

static void
explain_draw(struct wiz *w, void *priv, WINDOW *win)
{
	struct explain *e = priv;
	size_t	 starts[64], n, i, nl = 0;
	int	 cols = getmaxx(win), rows = getmaxy(win), h = area_rows(rows), y;
	int	 focus = e->form.focus;
	char	*s, buf[128];

	wiz_put(w, win, 1, 2, cols - 4, w->attr[WR_BOLD],
	    "Explain an error message or the output of ssh -v.");
	wiz_form_draw_field(w, win, &e->form, F_FILE, FILE_Y);
	wiz_put(w, win, FILE_Y + 1, FIELD_X, cols - FIELD_X - 1, w->attr[WR_DIM],
	    "a file that holds it (ssh -v 2>file), or:");
	wiz_put(w, win, AREA_Y - 1, LABEL_X, cols - LABEL_X - 1,
	    w->attr[focus == F_PASTE ? WR_BOLD : WR_NORMAL],
	    "Paste it here (Tab here, paste, then Ctrl-D):");
	if (h > (int)(sizeof starts / sizeof starts[0]))
		h = (int)(sizeof starts / sizeof starts[0]);
	n = e->plen > 0 ? last_lines(e, starts, (size_t)h) : 0;
	for (y = 0; y < h; y++)
		wiz_put(w, win, AREA_Y + y, LABEL_X, 1, w->attr[focus == F_PASTE ? WR_BOLD :
		    WR_DIM], w->g->vline);
	if (n == 0 && focus != F_PASTE)
		wiz_put(w, win, AREA_Y, LABEL_X + 2, cols - LABEL_X - 3, w->attr[WR_DIM],
		    "(nothing pasted)");
	for (i = 0; i < n; i++) {
		s = line_at(e, starts[i]);
		wiz_put(w, win, AREA_Y + (int)i, LABEL_X + 2, cols - LABEL_X - 3,
		    w->attr[WR_NORMAL], s);
		free(s);
	}
	for (i = 0; i < e->plen; i++)
		nl += e->paste[i] == '\n';
	y = AREA_Y + h;
	if (e->plen > 0) {
		nl += e->paste[e->plen - 1] != '\n';
		snprintf(buf, sizeof buf, "%zu line%s, %zu bytes%s", nl, nl == 1 ? "" : "s",
		    e->plen, e->cut ? " (cut at 1 MiB)" : "");
		wiz_put(w, win, y, LABEL_X + 2, cols - LABEL_X - 3, w->attr[WR_DIM], buf);
	}
	y++;
	wiz_form_draw_button(w, win, &e->form, y);
	wiz_form_draw_error(w, win, &e->form, y + 2);
}

static int
explain_cursor(struct wiz *w, void *priv, int *y, int *x)
{
	struct explain *e = priv;
	size_t	 starts[64], n;
	int	 h, cx;
	char	*s;

	if (e->form.focus != F_PASTE)
		return wiz_form_cursor(w, &e->form, y, x);
	h = area_rows(getmaxy(w->wbody));
	if (h > 64)
		h = 64;
	n = e->plen > 0 ? last_lines(e, starts, (size_t)h) : 0;
	if (n == 0) {
		*y = AREA_Y;
		*x = LABEL_X + 2;
		return 1;
	}
	s = line_at(e, starts[n - 1]);
	cx = wiz_width(w, s);
	free(s);
	if (cx > getmaxx(w->wbody) - LABEL_X - 4)
		cx = getmaxx(w->wbody) - LABEL_X - 4;
	*y = AREA_Y + (int)n - 1;
	*x = LABEL_X + 2 + cx;
	return 1;
}

static void
paste_add(struct wiz *w, struct explain *e, char c)
{
	if (e->plen >= PASTE_MAX) {
		if (!e->cut)
			wiz_message(w, 1, "The pasted text is cut at 1 MiB.");
		e->cut = 1;
		return;
	}
	if (e->plen == e->pcap) {
		e->pcap = e->pcap == 0 ? 4096 : e->pcap * 2;
		if (e->pcap > PASTE_MAX)
			e->pcap = PASTE_MAX;
		e->paste = xreallocarray(e->paste, e->pcap, 1);
	}
	e->paste[e->plen++] = c;
}

static void
paste_clear(struct explain *e)
{
	free(e->paste);
	e->paste = NULL;
	e->plen = e->pcap = 0;
	e->cut = 0;
}

static void
submit(struct wiz *w, struct explain *e)
{
	struct check_options o = w->base;
	const char *bad, *path;

	wiz_field_trim(&e->file);
	if (e->file.len > 0 && e->plen > 0) {
		wiz_form_error(&e->form, -1, "Clear the file name (Ctrl-U) or the pasted "
		    "text: sshdoc explains one of them.");
		return;
	}
	if (e->file.len == 0 && e->plen == 0) {
		wiz_form_error(&e->form, F_FILE, "Give a file name, or paste the text.");
		return;
	}
	if (e->file.len > 0) {
		if ((bad = session_bad_file(e->file.buf, "file name")) != NULL) {
			wiz_form_error(&e->form, F_FILE, bad);
			return;
		}
		path = e->file.buf;
	} else if (wiz_paste_file(w, e->paste, e->plen, &path) != 0)
		return;
	wiz_form_error(&e->form, -1, NULL);
	o.mode = "explain";
	o.explain_file = path;
	wiz_start_walk(w, &o);
}

static int
paste_key(struct wiz *w, struct explain *e, int key)
{
	int	 cr = 0;

	switch (key) {
	case KEY_UP:
	case KEY_BTAB:
		e->form.focus = F_FILE;
		return 1;
	case KEY_DOWN:
		e->form.focus = F_RUN;
		return 1;
	case 4:		/* ^D */
	case KEY_F(2):
		submit(w, e);
		return 1;
	case 21:	/* ^U */
		paste_clear(e);
		return 1;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		/* a whole UTF-8 character */
		while (e->plen > 0 && ((unsigned char)e->paste[e->plen - 1] & 0xc0) == 0x80)
			e->plen--;
		if (e->plen > 0)
			e->plen--;
		return 1;
	case '\r':
	case KEY_ENTER:
		paste_add(w, e, '\n');
		cr = 1;
		break;
	case '\n':
		if (!e->last_cr)
			paste_add(w, e, '\n');
		break;
	default:
		if (key == '\t' || (key >= 0x20 && key <= 0xff && key != 0x7f))
			paste_add(w, e, (char)key);
		else
			return 0;
		break;
	}
	e->last_cr = cr;
	return 1;
}

static int
explain_key(struct wiz *w, void *priv, int key)
{
	struct explain *e = priv;
	int	 rc;

	if (e->form.focus == F_PASTE) {
		if (key != 4 && key != KEY_F(2))
			wiz_form_error(&e->form, -1, NULL);	/* an edit: the last complaint no longer holds */
		if (!paste_key(w, e, key))
			return 0;
		w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
		return 1;
	}
	if ((rc = wiz_form_key(w, &e->form, key)) == WIZ_FORM_SUBMIT)
		submit(w, e);
	return rc != 0;
}

static const char *
explain_hints(struct wiz *w, void *priv)
{
	struct explain *e = priv;

	(void)w;
	switch (e->form.focus) {
	case F_PASTE:
		return "^D Explain|Up File|^U Clear|Esc Back|F10 Quit";
	case F_FILE:
		return "Enter Explain|Tab Paste instead|Esc Back|F10 Quit";
	}
	return "Enter Explain|Tab Next|Esc Back|q Quit";
}

const struct screen_ops screen_explain_ops = {
	.name = "Explain",
	.private_size = sizeof(struct explain),
	.keep = 1,
	.init = explain_init,
	.free = explain_free,
	.draw = explain_draw,
	.key = explain_key,
	.hints = explain_hints,
	.cursor = explain_cursor,
	.resize = NULL,
	.live = 0,
	.typing = wiz_form_typing,
	.pager = NULL,
	.keys = 0,
};
