/* screen-target.c: the target form (host, port, user), prefilled from the command line and validated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "ui/wizard.h"

enum { F_HOST, F_PORT, F_USER, F_RUN, F_COUNT };

static struct wiz_field fields[F_RUN] = {
	{ "Host", 34, "name or IP address", "", 0, 0 },
	{ "Port", 6, "22 unless the server uses another", "", 0, 0 },
	{ "User", 20, "empty: as ssh decides", "", 0, 0 },
};
static int	 focus;
static int	 filled;
static int	 edited[F_RUN];	/* the person changed the field (port, user: "given", as -p/-l) */
static char	*error;		/* validation message, or NULL */
static int	 error_field = -1;

#define LABEL_X	4
#define FIELD_X	11

static void
set_error(int field, const char *msg)
{
	free(error);
	error = msg != NULL ? xstrdup(msg) : NULL;
	error_field = field;
}

static void
target_init(struct wiz *w)
{
	char	 port[16];

	if (!filled) {
		wiz_field_set(&fields[F_HOST], w->base.host);
		snprintf(port, sizeof port, "%d", w->base.port > 0 ? w->base.port : 22);
		wiz_field_set(&fields[F_PORT], port);
		wiz_field_set(&fields[F_USER], w->base.user);
		filled = 1;
		focus = fields[F_HOST].len == 0 ? F_HOST : F_RUN;
	}
	set_error(-1, NULL);
}

static void
target_draw(struct wiz *w, WINDOW *win)
{
	struct strlist lines = { NULL, 0 };
	struct wiz_field *f;
	int	 y = 1, cols = getmaxx(win), i, x;
	size_t	 j;
	const char *btn = "[ Run the checks ]";

	wiz_put(w, win, y++, 2, cols - 4, w->attr[WR_BOLD],
	    "Which server does ssh fail to reach?");
	y++;
	for (i = 0; i < F_RUN; i++) {
		f = &fields[i];
		wiz_put(w, win, y, LABEL_X, 6, w->attr[i == focus ? WR_BOLD : WR_NORMAL],
		    f->label);
		wiz_field_draw(w, win, y, FIELD_X, f, i == focus);
		x = FIELD_X + f->width + 2;
		if (x + 10 < cols)
			wiz_put(w, win, y, x, cols - x - 1, w->attr[WR_DIM], f->note);
		y += 2;
	}
	wiz_put(w, win, y, FIELD_X, cols - FIELD_X - 1,
	    w->attr[focus == F_RUN ? WR_SEL : WR_BOLD], btn);
	y += 2;
	if (error != NULL) {
		wiz_wrap(w, error, cols - LABEL_X - 2, &lines);
		for (j = 0; j < lines.n; j++)
			wiz_put(w, win, y++, LABEL_X, cols - LABEL_X - 1, w->attr[WR_ERROR],
			    lines.v[j]);
		strlist_free(&lines);
		y++;
	}
	wiz_put(w, win, y++, LABEL_X, cols - LABEL_X - 1, w->attr[WR_DIM],
	    "Host also takes ssh's form: user@host:port.");
	wiz_put(w, win, y, LABEL_X, cols - LABEL_X - 1, w->attr[WR_DIM],
	    "Enter runs the checks; Tab moves between the fields.");
}

static int
target_cursor(struct wiz *w, int *y, int *x)
{
	const struct wiz_field *f;

	(void)w;
	if (focus == F_RUN)
		return 0;
	f = &fields[focus];
	*y = 3 + focus * 2;
	*x = FIELD_X + (int)(f->cur - wiz_field_scroll(f));
	return 1;
}

/* Accept "user@host:port" in the host field. */
static void
split_host(void)
{
	struct wiz_field *h = &fields[F_HOST];
	char	*at, *colon, host[WIZ_FIELD_MAX];

	snprintf(host, sizeof host, "%s", h->buf);
	if ((at = strrchr(host, '@')) != NULL && at != host) {
		*at = '\0';
		wiz_field_set(&fields[F_USER], host);
		edited[F_USER] = 1;
		memmove(host, at + 1, strlen(at + 1) + 1);
	}
	if (host[0] == '[' && (colon = strstr(host, "]:")) != NULL) {
		wiz_field_set(&fields[F_PORT], colon + 2);
		edited[F_PORT] = 1;
		*colon = '\0';
		memmove(host, host + 1, strlen(host + 1) + 1);
	} else if ((colon = strchr(host, ':')) != NULL && strchr(colon + 1, ':') == NULL) {
		wiz_field_set(&fields[F_PORT], colon + 1);
		edited[F_PORT] = 1;
		*colon = '\0';
	}
	wiz_field_set(h, host);
}

static void
submit(struct wiz *w)
{
	struct check_options o = w->base;
	const char *bad;
	char	*end;
	long	 port;
	int	 i;

	for (i = 0; i < F_RUN; i++)
		wiz_field_trim(&fields[i]);
	split_host();
	if (fields[F_HOST].len == 0) {
		set_error(F_HOST, "Type the server's name or address.");
		focus = F_HOST;
		return;
	}
	if ((bad = session_bad_name(fields[F_HOST].buf, "host")) != NULL) {
		set_error(F_HOST, bad);
		focus = F_HOST;
		return;
	}
	port = strtol(fields[F_PORT].buf, &end, 10);
	if (fields[F_PORT].len == 0 || *end != '\0' || port < 1 || port > 65535) {
		set_error(F_PORT, "The port is a number from 1 to 65535.");
		focus = F_PORT;
		return;
	}
	if ((bad = session_bad_name(fields[F_USER].buf, "user name")) != NULL) {
		set_error(F_USER, bad);
		focus = F_USER;
		return;
	}
	set_error(-1, NULL);
	o.mode = "client";
	o.host = fields[F_HOST].buf;
	o.port = (int)port;
	o.port_given = w->base.port_given || edited[F_PORT] || port != 22;
	o.user = fields[F_USER].len > 0 ? fields[F_USER].buf : NULL;
	/* An unchanged prefilled user is the local default: ssh_config may still choose. */
	o.user_given = o.user != NULL && (w->base.user_given || edited[F_USER]);
	wiz_start_walk(w, &o);
}

static int
target_key(struct wiz *w, int key)
{
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
			if (key == KEY_BACKSPACE || key == 127 || key == 8 ||
			    key == KEY_LEFT)
				return 0;	/* back, as on other screens */
			return 0;
		}
		if (!wiz_field_key(&fields[focus], key))
			return 0;
		edited[focus] = 1;
		if (error_field == focus)
			set_error(-1, NULL);
		break;
	}
	w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
	return 1;
}

static const char *
target_hints(struct wiz *w)
{
	(void)w;
	if (focus == F_RUN)
		return "Enter Run checks|Tab Next field|Esc Back|q Quit";
	return "Enter Run checks|Tab Next field|Esc Back|F10 Quit";
}

static int
target_typing(struct wiz *w)
{
	(void)w;
	return focus != F_RUN;
}

const struct screen_ops screen_target_ops = {
	.name = "Target",
	.init = target_init,
	.draw = target_draw,
	.key = target_key,
	.hints = target_hints,
	.cursor = target_cursor,
	.resize = NULL,
	.live = 0,
	.typing = target_typing,
};

