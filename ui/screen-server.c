/* screen-server.c: the server-mode form (port, client address, sshd_config, log files, the refused account), validated before the checks run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/xmalloc.h"
#include "ui/wizard.h"

enum { F_PORT, F_CLIENT, F_CONFIG, F_LOGS, F_USER, F_RUN, F_COUNT };

#define LOGS_MAX	16	/* log files in the form */
#define LABEL_X		4
#define FIELD_X		20
#define FIELD_Y		3	/* body row of the first field */

static const struct wiz_field fields_init[F_RUN] = {
	{ "Port", 6, "empty: the ports sshd uses", "", 0, 0, 0 },
	{ "Client address", 30, "optional, IPv4 or IPv6", "", 0, 0, 0 },
	{ "sshd config", 30, "empty: /etc/ssh/sshd_config", "", 0, 0, 0 },
	{ "Log files", 30, "empty: journal, auth.log", "", 0, 0, 0 },
	{ "Account", 30, "optional: who cannot log in", "", 0, 0, 0 },
};

static const struct wiz_form form_init = {
	NULL, F_RUN, F_COUNT, F_RUN, LABEL_X, FIELD_X, FIELD_Y, "[ Run the checks ]",
	0, NULL, -1, 0
};

/* Kept between pushes: what was typed stays. The form first: wiz_form_* ops take it. */
struct server {
	struct wiz_form	 form;
	struct wiz_field fields[F_RUN];
	int		 filled;	/* prefilled from the command line once */
};

static void
server_init(struct wiz *w, void *priv, const void *arg)
{
	struct server *sv = priv;
	char	 buf[WIZ_FIELD_MAX];
	size_t	 i, len = 0;

	(void)arg;
	if (!sv->filled) {
		memcpy(sv->fields, fields_init, sizeof sv->fields);
		sv->form = form_init;
		sv->form.fields = sv->fields;
		sv->fields[F_PORT].digits = 1;
		/* The first field has the focus, as on the target form: q types there. */
		sv->form.focus = F_PORT;
		*buf = '\0';
		if (w->base.server_port > 0)
			snprintf(buf, sizeof buf, "%d", w->base.server_port);
		wiz_field_set(&sv->fields[F_PORT], buf);
		wiz_field_set(&sv->fields[F_CLIENT], w->base.client_ip);
		wiz_field_set(&sv->fields[F_CONFIG], w->base.sshd_config);
		*buf = '\0';
		for (i = 0; w->base.logs != NULL && w->base.logs[i] != NULL; i++) {
			if (len + strlen(w->base.logs[i]) + 2 >= sizeof buf)
				break;
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
			    len > 0 ? " " : "", w->base.logs[i]);
		}
		wiz_field_set(&sv->fields[F_LOGS], buf);
		wiz_field_set(&sv->fields[F_USER], w->base.server_user);
		sv->filled = 1;
	}
	wiz_form_error(&sv->form, -1, NULL);
}

/* A dim or warning paragraph from row y, as far as the body goes; returns the row after it. */
static int
paragraph(struct wiz *w, WINDOW *win, int y, attr_t a, const char *text)
{
	struct strlist lines = { NULL, 0 };
	int	 cols = getmaxx(win), rows = getmaxy(win);
	size_t	 j;

	wiz_wrap(w, text, cols - LABEL_X - 2, &lines);
	for (j = 0; j < lines.n && y < rows; j++)
		wiz_put(w, win, y++, LABEL_X, cols - LABEL_X - 1, a, lines.v[j]);
	strlist_free(&lines);
	return y;
}

static void
server_draw(struct wiz *w, void *priv, WINDOW *win)
{
	struct server *sv = priv;
	int	 y;

	y = wiz_form_draw_page(w, win, &sv->form,
	    "Check the SSH server on this machine. Every field may stay empty.");
	y = paragraph(w, win, y, w->attr[WR_DIM], "Port: the one clients fail to reach. "
	    "Client address: a client that cannot connect (matched against bans, rules "
	    "and logs). Log files: read instead of the journal and auth.log. Account: "
	    "the user whose login is refused.");
	if (geteuid() != 0)
		paragraph(w, win, y + 1, w->attr[WR_WARN], "You are not root: some checks "
		    "need root (sshd's configuration, host keys, logs) and will show as "
		    "skipped. To see everything: sudo sshdoc --server");
}

static void
submit(struct wiz *w, struct server *sv)
{
	struct check_options o = w->base;
	struct wiz_field *f = sv->fields;
	const char *logv[LOGS_MAX + 1], *bad;
	char	 logbuf[WIZ_FIELD_MAX], *p;
	size_t	 nlogs = 0;
	int	 i, port = 0;

	for (i = 0; i < F_RUN; i++)
		wiz_field_trim(&f[i]);
	if (f[F_PORT].len > 0 && (port = session_port(f[F_PORT].buf)) == -1) {
		wiz_form_error(&sv->form, F_PORT, "The port is a number from 1 to 65535, "
		    "or empty for the ports sshd is configured with.");
		return;
	}
	if (f[F_CLIENT].len > 0 && !session_address(f[F_CLIENT].buf)) {
		wiz_form_error(&sv->form, F_CLIENT, "The client address is an IPv4 or IPv6 "
		    "address, such as 198.51.100.7 or 2001:db8::7 (no name, no port).");
		return;
	}
	if (f[F_CONFIG].len > 0 &&
	    (bad = session_bad_file(f[F_CONFIG].buf, "sshd config path")) != NULL) {
		wiz_form_error(&sv->form, F_CONFIG, bad);
		return;
	}
	snprintf(logbuf, sizeof logbuf, "%s", f[F_LOGS].buf);
	for (p = strtok(logbuf, " "); p != NULL; p = strtok(NULL, " ")) {
		if (nlogs == LOGS_MAX) {
			wiz_form_error(&sv->form, F_LOGS, "At most 16 log files.");
			return;
		}
		if ((bad = session_bad_file(p, "log file path")) != NULL) {
			wiz_form_error(&sv->form, F_LOGS, bad);
			return;
		}
		logv[nlogs++] = p;
	}
	logv[nlogs] = NULL;
	if (f[F_USER].len > 0 && !session_user_name(f[F_USER].buf)) {
		wiz_form_error(&sv->form, F_USER, "The account is a user name on this "
		    "machine, such as alice (no spaces, not beginning with '-').");
		return;
	}
	wiz_form_error(&sv->form, -1, NULL);
	o.mode = "server";
	o.server_port = port;
	o.client_ip = f[F_CLIENT].len > 0 ? f[F_CLIENT].buf : NULL;
	o.sshd_config = f[F_CONFIG].len > 0 ? f[F_CONFIG].buf : NULL;
	o.logs = nlogs > 0 ? logv : NULL;
	o.server_user = f[F_USER].len > 0 ? f[F_USER].buf : NULL;
	wiz_start_walk(w, &o);
}

static int
server_key(struct wiz *w, void *priv, int key)
{
	struct server *sv = priv;
	int	 rc = wiz_form_key(w, &sv->form, key);

	if (rc == WIZ_FORM_SUBMIT)
		submit(w, sv);
	return rc != 0;
}

const struct screen_ops screen_server_ops = {
	.name = "Server",
	.private_size = sizeof(struct server),
	.keep = 1,
	.init = server_init,
	.free = wiz_form_free,
	.draw = server_draw,
	.key = server_key,
	.hints = wiz_form_run_hints,
	.cursor = wiz_form_cursor,
	.resize = NULL,
	.live = 0,
	.typing = wiz_form_typing,
	.pager = NULL,
	.keys = 0,
};
