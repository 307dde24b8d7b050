/* screen-server.c: the server-mode form (port, client address, sshd_config, log files), validated before the checks run. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/xmalloc.h"
#include "ui/wizard.h"

enum { F_PORT, F_CLIENT, F_CONFIG, F_LOGS, F_RUN, F_COUNT };

#define LOGS_MAX	16	/* log files in the form */

static struct wiz_field fields[F_RUN] = {
	{ "Port", 6, "empty: the ports sshd uses", "", 0, 0 },
	{ "Client address", 30, "optional, IPv4 or IPv6", "", 0, 0 },
	{ "sshd config", 30, "empty: /etc/ssh/sshd_config", "", 0, 0 },
	{ "Log files", 30, "empty: journal, auth.log", "", 0, 0 },
};
static int	 focus;
static int	 filled;
static char	*error;		/* validation message, or NULL */
static int	 error_field = -1;

#define LABEL_X	4
#define FIELD_X	20
#define FIELD_Y	3		/* body row of the first field */

static void
set_error(int field, const char *msg)
{
	free(error);
	error = msg != NULL ? xstrdup(msg) : NULL;
	error_field = field;
	if (field >= 0)
		focus = field;
}

static void
server_init(struct wiz *w)
{
	char	 buf[WIZ_FIELD_MAX];
	size_t	 i, len = 0;

	if (!filled) {
		*buf = '\0';
		if (w->base.server_port > 0)
			snprintf(buf, sizeof buf, "%d", w->base.server_port);
		wiz_field_set(&fields[F_PORT], buf);
		wiz_field_set(&fields[F_CLIENT], w->base.client_ip);
		wiz_field_set(&fields[F_CONFIG], w->base.sshd_config);
		*buf = '\0';
		for (i = 0; w->base.logs != NULL && w->base.logs[i] != NULL; i++) {
			if (len + strlen(w->base.logs[i]) + 2 >= sizeof buf)
				break;
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
			    len > 0 ? " " : "", w->base.logs[i]);
		}
		wiz_field_set(&fields[F_LOGS], buf);
		filled = 1;
		focus = F_RUN;
	}
	set_error(-1, NULL);
}

static void
server_draw(struct wiz *w, WINDOW *win)
{
	struct strlist lines = { NULL, 0 };
	struct wiz_field *f;
	int	 y = 1, cols = getmaxx(win), rows = getmaxy(win), i, x;
	size_t	 j;

	wiz_put(w, win, y, 2, cols - 4, w->attr[WR_BOLD],
	    "Check the SSH server on this machine. Every field may stay empty.");
	y = FIELD_Y;
	for (i = 0; i < F_RUN; i++) {
		f = &fields[i];
		wiz_put(w, win, y, LABEL_X, FIELD_X - LABEL_X - 1,
		    w->attr[i == focus ? WR_BOLD : WR_NORMAL], f->label);
		wiz_field_draw(w, win, y, FIELD_X, f, i == focus);
		x = FIELD_X + f->width + 2;
		if (x + 10 < cols)
			wiz_put(w, win, y, x, cols - x - 1, w->attr[WR_DIM], f->note);
		y += 2;
	}
	wiz_put(w, win, y, FIELD_X, cols - FIELD_X - 1,
	    w->attr[focus == F_RUN ? WR_SEL : WR_BOLD], "[ Run the checks ]");
	y += 2;
	if (error != NULL) {
		wiz_wrap(w, error, cols - LABEL_X - 2, &lines);
		for (j = 0; j < lines.n && y < rows; j++)
			wiz_put(w, win, y++, LABEL_X, cols - LABEL_X - 1, w->attr[WR_ERROR],
			    lines.v[j]);
		strlist_free(&lines);
		y++;
	}
	wiz_wrap(w, "Port: the one clients fail to reach. Client address: a client that "
	    "cannot connect (bans, firewall rules and log lines are matched against it). "
	    "Log files: paths separated by spaces, read instead of the journal and "
	    "/var/log/auth.log or /var/log/secure.", cols - LABEL_X - 2, &lines);
	for (j = 0; j < lines.n && y < rows; j++)
		wiz_put(w, win, y++, LABEL_X, cols - LABEL_X - 1, w->attr[WR_DIM], lines.v[j]);
	strlist_free(&lines);
	if (geteuid() != 0) {
		y++;
		wiz_wrap(w, "You are not root: some checks need root (sshd's effective "
		    "configuration, its host keys, the logs). They will show as skipped, "
		    "with the reason. To see everything: sudo sshdoc --server",
		    cols - LABEL_X - 2, &lines);
		for (j = 0; j < lines.n && y < rows; j++)
			wiz_put(w, win, y++, LABEL_X, cols - LABEL_X - 1, w->attr[WR_WARN],
			    lines.v[j]);
		strlist_free(&lines);
	}
}

static int
server_cursor(struct wiz *w, int *y, int *x)
{
	const struct wiz_field *f;

	(void)w;
	if (focus == F_RUN)
		return 0;
	f = &fields[focus];
	*y = FIELD_Y + focus * 2;
	*x = FIELD_X + (int)(f->cur - wiz_field_scroll(f));
	return 1;
}

static int
valid_address(const char *s)
{
	unsigned char addr[16];

	return inet_pton(AF_INET, s, addr) == 1 || inet_pton(AF_INET6, s, addr) == 1;
}

static void
submit(struct wiz *w)
{
	struct check_options o = w->base;
	const char *logv[LOGS_MAX + 1], *bad;
	char	 logbuf[WIZ_FIELD_MAX], *p, *end;
	size_t	 nlogs = 0;
	long	 port = 0;
	int	 i;

	for (i = 0; i < F_RUN; i++)
		wiz_field_trim(&fields[i]);
	if (fields[F_PORT].len > 0) {
		port = strtol(fields[F_PORT].buf, &end, 10);
		if (*end != '\0' || port < 1 || port > 65535) {
			set_error(F_PORT, "The port is a number from 1 to 65535, or empty "
			    "for the ports sshd is configured with.");
			return;
		}
	}
	if (fields[F_CLIENT].len > 0 && !valid_address(fields[F_CLIENT].buf)) {
		set_error(F_CLIENT, "The client address is an IPv4 or IPv6 address, "
		    "such as 198.51.100.7 or 2001:db8::7 (no name, no port).");
		return;
	}
	if (fields[F_CONFIG].len > 0 &&
	    (bad = session_bad_file(fields[F_CONFIG].buf, "sshd config path")) != NULL) {
		set_error(F_CONFIG, bad);
		return;
	}
	snprintf(logbuf, sizeof logbuf, "%s", fields[F_LOGS].buf);
	for (p = strtok(logbuf, " "); p != NULL; p = strtok(NULL, " ")) {
		if (nlogs == LOGS_MAX) {
			set_error(F_LOGS, "At most 16 log files.");
			return;
		}
		if ((bad = session_bad_file(p, "log file path")) != NULL) {
			set_error(F_LOGS, bad);
			return;
		}
		logv[nlogs++] = p;
	}
	logv[nlogs] = NULL;
	set_error(-1, NULL);
	o.mode = "server";
	o.server_port = (int)port;
	o.client_ip = fields[F_CLIENT].len > 0 ? fields[F_CLIENT].buf : NULL;
	o.sshd_config = fields[F_CONFIG].len > 0 ? fields[F_CONFIG].buf : NULL;
	o.logs = nlogs > 0 ? logv : NULL;
	wiz_start_walk(w, &o);
}

static int
server_key(struct wiz *w, int key)
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
			return 0;	/* Backspace: back, as on other screens */
		}
		if (!wiz_field_key(&fields[focus], key))
			return 0;
		if (error_field == focus)
			set_error(-1, NULL);
		break;
	}
	w->dirty |= WIZ_DRAW_BODY | WIZ_DRAW_HINT;
	return 1;
}

static const char *
server_hints(struct wiz *w)
{
	(void)w;
	if (focus == F_RUN)
		return "Enter Run checks|Tab Next field|Esc Back|q Quit";
	return "Enter Run checks|Tab Next field|Esc Back|F10 Quit";
}

static int
server_typing(struct wiz *w)
{
	(void)w;
	return focus != F_RUN;
}

const struct screen_ops screen_server_ops = {
	.name = "Server",
	.init = server_init,
	.draw = server_draw,
	.key = server_key,
	.hints = server_hints,
	.cursor = server_cursor,
	.resize = NULL,
	.live = 0,
	.typing = server_typing,
};
