/* wizard-draw.c: drawing of the wizard: width-aware text, wrapping, status words, OSC 52 copy, and the frame (title, status line, hints) around the screens. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "lib/xmalloc.h"
#include "ui/wizard.h"

/*
 * The next character of s: its byte length and its column width. In a
 * UTF-8 locale a valid sequence keeps its width; anything else (and every
 * non-ASCII byte when the locale is not UTF-8) is shown as one '?'.
 */
static size_t
next_char(const struct wiz *w, const char *s, int *width, int *ascii_subst)
{
	mbstate_t st;
	wchar_t	 wc;
	size_t	 n;
	int	 cw;

	*ascii_subst = 0;
	if ((unsigned char)*s < 0x80) {
		*width = 1;
		return 1;
	}
	if (w->utf8) {
		memset(&st, 0, sizeof st);
		n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		if (n != (size_t)-1 && n != (size_t)-2 && n != 0) {
			cw = wcwidth(wc);
			if (cw >= 0) {
				*width = cw;
				return n;
			}
		}
		*ascii_subst = 1;
		*width = 1;
		return n == (size_t)-1 || n == (size_t)-2 || n == 0 ? 1 : n;
	}
	/* Skip the continuation bytes of one UTF-8 sequence. */
	n = 1;
	while ((s[n] & 0xc0) == 0x80 && n < 4)
		n++;
	*ascii_subst = 1;
	*width = 1;
	return n;
}

int
wiz_width(const struct wiz *w, const char *s)
{
	int	 total = 0, cw, sub;

	while (*s != '\0') {
		s += next_char(w, s, &cw, &sub);
		total += cw;
	}
	return total;
}

int
wiz_put(struct wiz *w, WINDOW *win, int y, int x, int width, attr_t a, const char *s)
{
	char	*out;
	size_t	 len, o = 0, n;
	int	 used = 0, cw, sub, ew, total, limit;
	const char *ell = w->g->ellipsis;

	if (width <= 0 || s == NULL)
		return 0;
	len = strlen(s);
	total = wiz_width(w, s);
	ew = wiz_width(w, ell);
	limit = total > width ? width - ew : width;
	out = xmalloc(len + strlen(ell) + 1);
	while (*s != '\0') {
		n = next_char(w, s, &cw, &sub);
		if (used + cw > limit)
			break;
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			out[o++] = '?';	/* never a control character on screen */
		else if (sub)
			out[o++] = '?';
		else {
			memcpy(out + o, s, n);
			o += n;
		}
		used += cw;
		s += n;
	}
	if (total > width && limit >= 0) {
		memcpy(out + o, ell, strlen(ell));
		o += strlen(ell);
		used += ew;
	}
	out[o] = '\0';
	wattrset(win, a);
	mvwaddnstr(win, y, x, out, (int)o);
	wattrset(win, A_NORMAL);
	free(out);
	return used;
}

void
wiz_wrap(const struct wiz *w, const char *s, int width, struct strlist *out)
{
	const char *line, *p, *brk;
	int	 used, cw, sub;
	size_t	 n;

	if (width < 8)
		width = 8;
	if (*s == '\0') {
		strlist_add(out, "");
		return;
	}
	while (*s != '\0') {
		line = s;
		used = 0;
		brk = NULL;
		p = s;
		while (*p != '\0') {
			n = next_char(w, p, &cw, &sub);
			if (used + cw > width)
				break;
			used += cw;
			p += n;
			if (*p == ' ')
				brk = p;
		}
		if (*p == '\0') {
			strlist_add(out, line);
			break;
		}
		if (brk == NULL || brk == line)
			brk = p;	/* no space: cut the word */
		n = (size_t)(brk - line);
		{
			char	*piece = xstrndup(line, n);

			strlist_add(out, piece);
			free(piece);
		}
		s = brk;
		while (*s == ' ')
			s++;
	}
}

void
wiz_hline(struct wiz *w, WINDOW *win, int y, int x, int width, attr_t a)
{
	int	 i;

	wattrset(win, a);
	for (i = 0; i < width; i++)
		mvwaddstr(win, y, x + i, w->g->hline);
	wattrset(win, A_NORMAL);
}

const char *
wiz_status_word(enum run_state st, enum check_status cs)
{
	if (st == RUN_PENDING)
		return "wait";
	if (st == RUN_RUNNING)
		return "run";
	switch (cs) {
	case CHECK_PASS:
		return "pass";
	case CHECK_FAIL:
		return "FAIL";
	case CHECK_WARN:
		return "WARN";
	case CHECK_SKIP:
		return "skip";
	case CHECK_ERROR:
		return "ERROR";
	}
	return "?";
}

attr_t
wiz_status_attr(const struct wiz *w, enum run_state st, enum check_status cs)
{
	if (st == RUN_PENDING)
		return w->attr[WR_DIM];
	if (st == RUN_RUNNING)
		return w->attr[WR_RUN];
	switch (cs) {
	case CHECK_PASS:
		return w->attr[WR_PASS];
	case CHECK_FAIL:
		return w->attr[WR_FAIL];
	case CHECK_WARN:
		return w->attr[WR_WARN];
	case CHECK_SKIP:
		return w->attr[WR_SKIP];
	case CHECK_ERROR:
		return w->attr[WR_ERROR];
	}
	return w->attr[WR_NORMAL];
}

void
wiz_format_ms(int64_t ms, char *buf, size_t len)
{
	if (ms < 0)
		ms = 0;
	if (ms < 1000)
		snprintf(buf, len, "%d ms", (int)ms);
	else if (ms < 60000)
		snprintf(buf, len, "%d.%d s", (int)(ms / 1000), (int)(ms % 1000 / 100));
	else
		snprintf(buf, len, "%dm%02ds", (int)(ms / 60000), (int)(ms % 60000 / 1000));
}

char *
wiz_base64(const void *buf, size_t len)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = buf;
	char	*out, *o;
	size_t	 i;
	unsigned v;

	out = o = xmalloc((len + 2) / 3 * 4 + 1);
	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		*o++ = tab[v >> 18 & 63];
		*o++ = tab[v >> 12 & 63];
		*o++ = tab[v >> 6 & 63];
		*o++ = tab[v & 63];
	}
	if (i < len) {
		v = (unsigned)p[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)p[i + 1] << 8;
		*o++ = tab[v >> 18 & 63];
		*o++ = tab[v >> 12 & 63];
		*o++ = i + 1 < len ? tab[v >> 6 & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

static int
write_all(int fd, const char *s, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		n = write(fd, s, len);
		if (n == -1)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

int
wiz_osc52(const char *text)
{
	char	*b64, *seq = NULL;
	const char *tmux = getenv("TMUX");
	int	 rc = -1;

	b64 = wiz_base64(text, strlen(text));
	/* ESC ] 52 ; c ; BASE64 BEL: the terminal (or tmux itself) sets the clipboard. */
	xasprintf(&seq, "\033]52;c;%s\a", b64);
	if (write_all(STDOUT_FILENO, seq, strlen(seq)) == -1)
		goto out;
	if (tmux != NULL && *tmux != '\0') {
		/* Also through tmux to the outer terminal: DCS tmux; ... ST with ESC doubled. */
		free(seq);
		xasprintf(&seq, "\033Ptmux;\033\033]52;c;%s\a\033\\", b64);
		if (write_all(STDOUT_FILENO, seq, strlen(seq)) == -1)
			goto out;
	}
	rc = 0;
out:
	free(seq);
	free(b64);
	return rc;
}

const char *
wiz_cause_title(const struct wiz *w, const char *id)
{
	const struct cause_info *ci = content_cause(w->content, id);

	return ci != NULL && ci->title != NULL ? ci->title : id;
}

/* The frame around the screens: title, status line, hints. */

static void
draw_too_small(struct wiz *w)
{
	char	 buf[160];
	int	 y;

	const char *hint = "Enlarge the window, or press q to quit.";
	int	 x;

	erase();
	y = LINES / 2 - 1;
	if (y < 0)
		y = 0;
	/* Left edge of the longest line, so the three lines centre as a block. */
	x = (COLS - (int)strlen(hint)) / 2;
	if (x < 0)
		x = 0;
	snprintf(buf, sizeof buf, "Terminal too small: %dx%d.", COLS, LINES);
	wiz_put(w, stdscr, y, x, COLS - x, A_BOLD, buf);
	snprintf(buf, sizeof buf, "sshdoc needs at least %dx%d.", WIZ_MIN_COLS, WIZ_MIN_LINES);
	wiz_put(w, stdscr, y + 1, x, COLS - x, A_NORMAL, buf);
	wiz_put(w, stdscr, y + 2, x, COLS - x, A_NORMAL, hint);
	curs_set(0);
	wnoutrefresh(stdscr);
	doupdate();
}

static void
draw_title(struct wiz *w)
{
	const struct screen_ops *ops = wiz_ops(w);
	char	 left[128], target[160];
	int	 tw;

	wbkgdset(w->wtitle, ' ' | w->attr[WR_BAR]);
	werase(w->wtitle);
	snprintf(left, sizeof left, " sshdoc %s %s", w->g->dot, ops->name);
	wiz_put(w, w->wtitle, 0, 0, COLS, w->attr[WR_BAR] | A_BOLD, left);
	wiz_target_label(w, target, sizeof target);
	if (*target != '\0' && wiz_current(w) != SCR_START && wiz_current(w) != SCR_TARGET) {
		tw = wiz_width(w, target);
		if (tw > COLS / 2)
			tw = COLS / 2;
		wiz_put(w, w->wtitle, 0, COLS - tw - 1, tw, w->attr[WR_BAR], target);
	}
	wnoutrefresh(w->wtitle);
}

static void
draw_status(struct wiz *w)
{
	struct wiz_prompt *p = &w->prompt;
	int	 x;

	werase(w->wstatus);
	if (p->active) {
		x = wiz_put(w, w->wstatus, 0, 0, COLS, w->attr[WR_BOLD], p->label);
		wiz_put(w, w->wstatus, 0, x, COLS - x - 1, w->attr[WR_FIELD], p->buf);
	} else if (w->message != NULL)
		wiz_put(w, w->wstatus, 0, 0, COLS, w->attr[w->message_error ?
		    WR_ERROR : WR_NORMAL], w->message);
	wnoutrefresh(w->wstatus);
}

static void
draw_hints(struct wiz *w)
{
	const struct screen_ops *ops = wiz_ops(w);
	const char *h, *sep, *sp;
	char	 items[16][64], *item;
	int	 x = 0, width = 0;
	size_t	 n, nitems = 0, i;

	wbkgdset(w->whint, ' ' | w->attr[WR_BAR]);
	werase(w->whint);
	if (w->prompt.active)
		h = "Enter OK|Esc Cancel|^U Clear";
	else
		h = ops->hints(w, wiz_priv(w));
	for (; *h != '\0' && nitems < 16; nitems++) {
		sep = strchr(h, '|');
		n = sep != NULL ? (size_t)(sep - h) : strlen(h);
		if (n >= sizeof items[0])
			n = sizeof items[0] - 1;
		memcpy(items[nitems], h, n);
		items[nitems][n] = '\0';
		width += wiz_width(w, items[nitems]) + 2;
		h += n;
		if (*h == '|')
			h++;
	}
	/*
	 * Too narrow for all: drop the ones before "? Help" and "q Quit" (the last
	 * two), nearest first, so that Quit is never cut off; Help lists them all.
	 */
	while (width > COLS && nitems > 3) {
		width -= wiz_width(w, items[nitems - 3]) + 2;
		memmove(items[nitems - 3], items[nitems - 2], 2 * sizeof items[0]);
		nitems--;
	}
	for (i = 0; i < nitems && x < COLS; i++) {
		item = items[i];
		sp = strchr(item, ' ');
		x += wiz_put(w, w->whint, 0, x, COLS - x, w->attr[WR_BAR], " ");
		if (sp != NULL) {
			item[sp - item] = '\0';
			x += wiz_put(w, w->whint, 0, x, COLS - x, w->attr[WR_BARKEY], item);
			x += wiz_put(w, w->whint, 0, x, COLS - x, w->attr[WR_BAR], " ");
			x += wiz_put(w, w->whint, 0, x, COLS - x, w->attr[WR_BAR], sp + 1);
		} else
			x += wiz_put(w, w->whint, 0, x, COLS - x, w->attr[WR_BARKEY], item);
		x += wiz_put(w, w->whint, 0, x, COLS - x, w->attr[WR_BAR], " ");
	}
	wnoutrefresh(w->whint);
}

void
wiz_redraw(struct wiz *w)
{
	const struct screen_ops *ops = wiz_ops(w);
	int	 y, x, cursor = 0;

	if (w->too_small) {
		if (w->dirty != 0)
			draw_too_small(w);
		w->dirty = 0;
		return;
	}
	if (w->dirty == 0)
		return;
	if (w->dirty & WIZ_DRAW_TITLE)
		draw_title(w);
	if (w->dirty & WIZ_DRAW_HINT)
		draw_hints(w);
	if (w->dirty & WIZ_DRAW_BODY) {
		werase(w->wbody);
		ops->draw(w, wiz_priv(w), w->wbody);
	}
	if (!w->prompt.active && ops->cursor != NULL && ops->cursor(w, wiz_priv(w), &y, &x)) {
		cursor = 1;
		wmove(w->wbody, y, x);
		if (w->dirty & WIZ_DRAW_STATUS)
			draw_status(w);
		wnoutrefresh(w->wbody);
	} else {
		if (w->dirty & WIZ_DRAW_BODY)
			wnoutrefresh(w->wbody);
		if (w->prompt.active || (w->dirty & WIZ_DRAW_STATUS)) {
			draw_status(w);
			if (w->prompt.active) {
				cursor = 1;
				wnoutrefresh(w->wstatus);
			}
		}
	}
	curs_set(cursor);
	doupdate();
	w->dirty = 0;
}
