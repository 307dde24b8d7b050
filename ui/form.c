/* form.c: one-line text fields shared by the wizard's forms (target, server, explain), and file checks. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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
		if (f->len + 1 >= sizeof f->buf)
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
