/* screen-target.c: the target form (host, port, user), prefilled from the command line and validated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "ui/fleet.h"
#include "ui/wizard.h"

enum { F_HOST, F_PORT, F_USER, F_LIST, F_RUN, F_COUNT };

#define LABEL_X	4
#define FIELD_X	11
#define FIELD_Y	3		/* body row of the first field */

static const struct wiz_field fields_init[F_RUN] = {
	{ "Host", 34, "name or IP address", "", 0, 0, 0 },
	{ "Port", 6, "22 unless the server uses another", "", 0, 0, 0 },
	{ "User", 20, "empty: as ssh decides", "", 0, 0, 0 },
	{ "Or", 34, "hosts from a file or inventory", "", 0, 0, 0 },
};

static const struct wiz_form form_init = {
	NULL, F_RUN, F_COUNT, F_HOST, LABEL_X, FIELD_X, FIELD_Y, "[ Run the checks ]",
	0, NULL, -1, 0
};

/* Kept between pushes: what was typed stays. The form first: wiz_form_* ops take it. */
struct target {
	struct wiz_form	 form;
	struct wiz_field fields[F_RUN];
	int		 filled;	/* prefilled from the command line once */
};

static void
target_init(struct wiz *w, void *priv, const void *arg)
{
	struct target *t = priv;
	char	 port[16];

	(void)arg;
	if (!t->filled) {
		memcpy(t->fields, fields_init, sizeof t->fields);
		t->form = form_init;
		t->form.fields = t->fields;
		t->fields[F_PORT].digits = 1;
		wiz_field_set(&t->fields[F_HOST], w->base.host);
		snprintf(port, sizeof port, "%d", w->base.port > 0 ? w->base.port : 22);
		wiz_field_set(&t->fields[F_PORT], port);
		/* Only a user the person named: empty lets ssh_config decide, as the hint says. */
		wiz_field_set(&t->fields[F_USER], w->base.user_given ? w->base.user : NULL);
		t->filled = 1;
		t->form.focus = t->fields[F_HOST].len == 0 ? F_HOST : F_RUN;
	}
	wiz_form_error(&t->form, -1, NULL);
}

static void
target_draw(struct wiz *w, void *priv, WINDOW *win)
{
	struct target *t = priv;
	int	 y, cols = getmaxx(win);

	y = wiz_form_draw_page(w, win, &t->form, "Which server does ssh fail to reach?");
	wiz_put(w, win, y++, LABEL_X, cols - LABEL_X - 1, w->attr[WR_DIM],
	    "Host also takes ssh's form: user@host:port.");
	wiz_put(w, win, y++, LABEL_X, cols - LABEL_X - 1, w->attr[WR_DIM],
	    "Enter runs the checks; Tab moves between the fields.");
	wiz_put(w, win, y, LABEL_X, cols - LABEL_X - 1, w->attr[WR_DIM],
	    "Or: a file of user@host:port lines, or an Ansible inventory.");
}

/* Accept "user@host:port" in the host field. */
static void
split_host(struct target *t)
{
	char	 buf[WIZ_FIELD_MAX], *host, *user, *port;

	snprintf(buf, sizeof buf, "%s", t->fields[F_HOST].buf);
	session_split_target(buf, &host, &user, &port);
	if (user != NULL) {
		wiz_field_set(&t->fields[F_USER], user);
		t->form.edited |= 1U << F_USER;
	}
	if (port != NULL) {
		wiz_field_set(&t->fields[F_PORT], port);
		t->form.edited |= 1U << F_PORT;
	}
	wiz_field_set(&t->fields[F_HOST], host);
}

/* "Or": a --hosts list or an Ansible inventory instead of one host: the grouped table. */
static void
many_hosts(struct wiz *w, struct target *t)
{
	const char *path = t->fields[F_LIST].buf, *bad;

	if (t->fields[F_HOST].len > 0 && (t->form.edited & (1U << F_HOST))) {
		wiz_form_error(&t->form, F_LIST, "Either one host or a list: empty one of them.");
		return;
	}
	/* a file, or an inventory directory; never what reads as an option */
	if ((bad = session_bad_file(path, "list")) != NULL &&
	    (*path == '-' || fleet_is_inventory(path) != 1)) {
		wiz_form_error(&t->form, F_LIST, bad);
		return;
	}
	wiz_form_error(&t->form, -1, NULL);
	wiz_push_arg(w, SCR_FLEET, path);
}

static void
submit(struct wiz *w, struct target *t)
{
	struct check_options o = w->base;
	const char *bad;
	int	 i, port;

	for (i = 0; i < F_RUN; i++)
		wiz_field_trim(&t->fields[i]);
	if (t->fields[F_LIST].len > 0) {
		many_hosts(w, t);
		return;
	}
	split_host(t);
	if (t->fields[F_HOST].len == 0) {
		wiz_form_error(&t->form, F_HOST, "Type the server's name or address.");
		return;
	}
	if ((bad = session_bad_name(t->fields[F_HOST].buf, "host")) != NULL) {
		wiz_form_error(&t->form, F_HOST, bad);
		return;
	}
	if ((port = session_port(t->fields[F_PORT].buf)) == -1) {
		wiz_form_error(&t->form, F_PORT, "The port is a number from 1 to 65535.");
		return;
	}
	if ((bad = session_bad_name(t->fields[F_USER].buf, "user name")) != NULL) {
		wiz_form_error(&t->form, F_USER, bad);
		return;
	}
	wiz_form_error(&t->form, -1, NULL);
	o.mode = "client";
	o.host = t->fields[F_HOST].buf;
	o.port = port;
	o.port_given = w->base.port_given || (t->form.edited & (1U << F_PORT)) || port != 22;
	o.user = t->fields[F_USER].len > 0 ? t->fields[F_USER].buf : NULL;
	/* An unchanged prefilled user is the local default: ssh_config may still choose. */
	o.user_given = o.user != NULL &&
	    (w->base.user_given || (t->form.edited & (1U << F_USER)));
	wiz_start_walk(w, &o);
}

static int
target_key(struct wiz *w, void *priv, int key)
{
	struct target *t = priv;
	int	 rc = wiz_form_key(w, &t->form, key);

	if (rc == WIZ_FORM_SUBMIT)
		submit(w, t);
	return rc != 0;
}

const struct screen_ops screen_target_ops = {
	.name = "Target",
	.private_size = sizeof(struct target),
	.keep = 1,
	.init = target_init,
	.free = wiz_form_free,
	.draw = target_draw,
	.key = target_key,
	.hints = wiz_form_run_hints,
	.cursor = wiz_form_cursor,
	.resize = NULL,
	.live = 0,
	.typing = wiz_form_typing,
	.pager = NULL,
	.keys = 0,
};
