/* form.c: the wizard's forms (target, server, explain): one-line text fields, focus, keys, drawing, complaints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "ui/wizard.h"

void
wiz_field_set(struct wiz_field *f, const char *s)
{
	snprintf(f->buf, sizeof f->buf, "%s", s != NULL ? s : "");
	f->len = strlen(f->buf);
	f->cur = f->len;
}

void
wiz_field_trim(struct wiz_field *f)
{
	size_t	 start = 0;

	while (f->len > 0 && f->buf[f->len - 1] == ' ')
		f->buf[--f->len] = '\0';
	while (f->buf[start] == ' ')
		start++;
	memmove(f->buf, f->buf + start, f->len - start + 1);
	f->len -= start;
	if (f->cur > f->len)
		f->cur = f->len;
}

size_t
wiz_field_scroll(const struct wiz_field *f)
{
	return f->cur >= (size_t)f->width ? f->cur - (size_t)f->width + 1 : 0;
}

int
wiz_field_key(struct wiz_field *f, int key)
{
	switch (key) {
	case KEY_LEFT:
		if (f->cur > 0)
			f->cur--;
		return 1;
	case KEY_RIGHT:
		if (f->cur < f->len)
			f->cur++;
		return 1;
	case KEY_HOME:
	case 1:		/* ^A */
		f->cur = 0;
		return 1;
	case KEY_END:
	case 5:		/* ^E */
		f->cur = f->len;
		return 1;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (f->cur > 0) {
			memmove(f->buf + f->cur - 1, f->buf + f->cur, f->len - f->cur + 1);
			f->cur--;
			f->len--;
		}
		return 1;
	case KEY_DC:
	case 4:		/* ^D */
		if (f->cur < f->len) {
			memmove(f->buf + f->cur, f->buf + f->cur + 1, f->len - f->cur);
			f->len--;
		}
		return 1;
	case 21:	/* ^U */
		f->len = f->cur = 0;
		f->buf[0] = '\0';
		return 1;
	case 11:	/* ^K */
		f->len = f->cur;
		f->buf[f->len] = '\0';
		return 1;
	}
	if (key >= 0x20 && key < 0x7f) {
		/* A port field swallows what can never be a port. */
		if (f->len + 1 >= sizeof f->buf || (f->digits && (key < '0' || key > '9')))
			return 1;
		memmove(f->buf + f->cur + 1, f->buf + f->cur, f->len - f->cur + 1);
		f->buf[f->cur++] = (char)key;
		f->len++;
		return 1;
	}
	return 0;
}

void
wiz_field_draw(struct wiz *w, WINDOW *win, int y, int x, const struct wiz_field *f,
    int focused)
{
	char	 pad[WIZ_FIELD_MAX + 64];

	snprintf(pad, sizeof pad, "%-*s", f->width, f->buf + wiz_field_scroll(f));
	wiz_put(w, win, y, x, f->width, w->attr[focused ? WR_SEL : WR_FIELD], pad);
}

void
wiz_form_error(struct wiz_form *f, int field, const char *msg)
{
	free(f->error);
	f->error = msg != NULL ? xstrdup(msg) : NULL;
	f->error_field = field;
	if (field >= 0)
		f->focus = field;
}

int
wiz_form_key(struct wiz *w, struct wiz_form *f, int key)
{
	int	 rc = 1;

	switch (key) {
	case '\t':
	case KEY_DOWN:
		f->focus = (f->focus + 1) % f->nstops;
		break;
	case KEY_BTAB:
	case KEY_UP:
		f->focus = (f->focus + f->nstops - 1) % f->nstops;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		rc = WIZ_FORM_SUBMIT;
		break;
	default:
		if (f->focus == f->nstops - 1) {
			/* On the button Backspace and the like go back, as on other screens. */
			if (key != ' ')
				return 0;
			rc = WIZ_FORM_SUBMIT;
			break;
		}
		if (f->focus >= f->nfields || !wiz_field_key(&f->fields[f->focus], key))
			return 0;
		f->edited |= 1U << f->focus;
		if (f->clear_any || f->error_field == f->focus)
			wiz_form_error(f, -1, NULL);
		break;
	}
	w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
	return rc;
}

void
wiz_form_draw_field(struct wiz *w, WINDOW *win, const struct wiz_form *f, int i, int y)
{
	const struct wiz_field *fl = &f->fields[i];
	int	 cols = getmaxx(win), x;

	wiz_put(w, win, y, f->label_x, f->field_x - f->label_x - 1,
	    w->attr[i == f->focus ? WR_BOLD : WR_NORMAL], fl->label);
	wiz_field_draw(w, win, y, f->field_x, fl, i == f->focus);
	x = f->field_x + fl->width + 2;
	if (x + 10 < cols && fl->note != NULL && *fl->note != '\0')
		wiz_put(w, win, y, x, cols - x - 1, w->attr[WR_DIM], fl->note);
}

void
wiz_form_draw_button(struct wiz *w, WINDOW *win, const struct wiz_form *f, int y)
{
	wiz_put(w, win, y, f->field_x, getmaxx(win) - f->field_x - 1,
	    w->attr[f->focus == f->nstops - 1 ? WR_SEL : WR_BOLD], f->button);
}

int
wiz_form_draw(struct wiz *w, WINDOW *win, const struct wiz_form *f)
{
	int	 i, y = f->field_y;

	for (i = 0; i < f->nfields; i++, y += 2)
		wiz_form_draw_field(w, win, f, i, y);
	wiz_form_draw_button(w, win, f, y);
	return y + 2;
}

int
wiz_form_draw_error(struct wiz *w, WINDOW *win, const struct wiz_form *f, int y)
{
	struct strlist lines = { NULL, 0 };
	int	 cols = getmaxx(win), rows = getmaxy(win);
	size_t	 j;

	if (f->error == NULL)
		return y;
	wiz_wrap(w, f->error, cols - f->label_x - 2, &lines);
	for (j = 0; j < lines.n && y < rows; j++)
		wiz_put(w, win, y++, f->label_x, cols - f->label_x - 1, w->attr[WR_ERROR],
		    lines.v[j]);
	strlist_free(&lines);
	return y;
}

int
wiz_form_draw_page(struct wiz *w, WINDOW *win, const struct wiz_form *f, const char *title)
{
	int	 y;

	wiz_put(w, win, 1, 2, getmaxx(win) - 4, w->attr[WR_BOLD], title);
	y = wiz_form_draw(w, win, f);
	if (f->error != NULL)
		y = wiz_form_draw_error(w, win, f, y) + 1;
	return y;
}

int
wiz_form_cursor(struct wiz *w, void *priv, int *y, int *x)
{
	const struct wiz_form *f = priv;
	const struct wiz_field *fl;

	(void)w;
	if (f->focus >= f->nfields)
		return 0;
	fl = &f->fields[f->focus];
	*y = f->field_y + f->focus * 2;
	*x = f->field_x + (int)(fl->cur - wiz_field_scroll(fl));
	return 1;
}

int
wiz_form_typing(struct wiz *w, void *priv)
{
	const struct wiz_form *f = priv;

	(void)w;
	return f->focus != f->nstops - 1;
}

const char *
wiz_form_run_hints(struct wiz *w, void *priv)
{
	if (!wiz_form_typing(w, priv))
		return "Enter Run checks|Tab Next field|Esc Back|q Quit";
	return "Enter Run checks|Tab Next field|Esc Back|F10 Quit";
}

void
wiz_form_free(void *priv)
{
	struct wiz_form *f = priv;

	free(f->error);
	f->error = NULL;
}
