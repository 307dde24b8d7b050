/* screen-fleet.c: many hosts from a --hosts list or an Ansible inventory, diagnosed in a thread of their own (ui/fleet.c), shown live as groups by cause; Enter on a group opens its first host's diagnosis as for one host. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "ui/fleet.h"
#include "ui/fleet-table.h"
#include "ui/wizard.h"

/* Shared with the run's thread: everything below lock, but the run's own fields. */
struct fleet_screen {
	struct wiz		*w;
	pthread_t		 thread;
	int			 started;	/* thread was created */
	pthread_mutex_t		 lock;
	char			*path;		/* the list or inventory (owned) */
	int			 inventory;	/* path is an inventory */
	struct check_options	 base;		/* the wizard's options (strings live in w) */
	struct fleet_list	 list;		/* loaded by the thread */
	struct fleet_table	 tab;
	struct fleet_run	 run;
	int			 loaded;	/* list and tab are set up */
	int			 finished;	/* the run ended (or never started: error) */
	char			*error;		/* why it could not run, or NULL */
	struct strlist		 notes;		/* the inventory's notes */
	volatile int		 stop;		/* leaving the screen: stop the run */
	int64_t			 started_ms, ended_ms;
	size_t			 sel;		/* selected group */
};

/* A byte on the session's notify pipe: the terminal loop wakes and redraws. */
static void
poke(struct fleet_screen *fs)
{
	char	 c = 0;

	if (write(fs->w->s.notify_fd[1], &c, 1) == -1) {
		/* a full pipe already holds a wake-up */
	}
}

static void
host_done(struct fleet_run *r, size_t idx, json_t *rep, const char *error)
{
	struct fleet_screen *fs = r->priv;

	pthread_mutex_lock(&fs->lock);
	fleet_table_add(&fs->tab, idx, r->list->v[idx].name, rep, error);
	pthread_mutex_unlock(&fs->lock);
	poke(fs);
}

/* the elapsed time on the screen moves while no host ends */
static void
run_tick(struct fleet_run *r)
{
	poke(r->priv);
}

static void *
run_thread(void *arg)
{
	struct fleet_screen *fs = arg;
	struct fleet_opts fo;
	char	*cause = NULL;

	memset(&fo, 0, sizeof fo);
	if (fs->inventory)
		fo.inventory = fs->path;
	else
		fo.hosts_file = fs->path;
	if (fleet_load(&fo, fs->base.timeout_ms, &fs->list, &fs->notes, &cause) != 0) {
		pthread_mutex_lock(&fs->lock);
		fs->error = cause;
		fs->finished = 1;
		fs->ended_ms = now_ms();
		pthread_mutex_unlock(&fs->lock);
		poke(fs);
		return NULL;
	}
	pthread_mutex_lock(&fs->lock);
	fleet_table_init(&fs->tab, fs->w->content, fs->list.n);
	fs->loaded = 1;
	pthread_mutex_unlock(&fs->lock);
	poke(fs);
	memset(&fs->run, 0, sizeof fs->run);
	fs->run.content = fs->w->content;
	fs->run.base = &fs->base;
	fs->run.list = &fs->list;
	fs->run.done = host_done;
	fs->run.priv = fs;
	fs->run.stop = &fs->stop;
	fs->run.tick = run_tick;
	fleet_run_all(&fs->run);
	pthread_mutex_lock(&fs->lock);
	fleet_table_sort(&fs->tab);
	fs->finished = 1;
	fs->ended_ms = now_ms();
	pthread_mutex_unlock(&fs->lock);
	poke(fs);
	return NULL;
}

static void
fleet_init(struct wiz *w, void *priv, const void *arg)
{
	struct fleet_screen *fs = priv;
	const char *path = arg;

	fs->w = w;
	pthread_mutex_init(&fs->lock, NULL);
	fs->path = xstrdup(path != NULL ? path : "");
	fs->inventory = fleet_is_inventory(fs->path) == 1;
	fs->base = w->base;
	fs->base.mode = "client";
	fs->started_ms = now_ms();
	if (pthread_create(&fs->thread, NULL, run_thread, fs) != 0) {
		fs->error = xstrdup("could not start a thread for the run");
		fs->finished = 1;
		return;
	}
	fs->started = 1;
}

static void
fleet_free(void *priv)
{
	struct fleet_screen *fs = priv;

	if (fs->started) {
		__atomic_store_n(&fs->stop, 1, __ATOMIC_RELAXED);
		pthread_join(fs->thread, NULL);
	}
	if (fs->loaded)
		fleet_table_free(&fs->tab);
	fleet_list_free(&fs->list);
	strlist_free(&fs->notes);
	free(fs->error);
	free(fs->path);
	pthread_mutex_destroy(&fs->lock);
}

/* "web1, web2, web3 and 4 more" in at most width columns. */
static void
host_names(const struct fleet_table *t, const struct fleet_group *g, char *buf, size_t len)
{
	size_t	 i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < g->n && i < 3 && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i > 0 ? ", " : "",
		    t->names[g->hosts[i]]);
	if (g->n > 3 && off < len)
		snprintf(buf + off, len - off, " and %zu more", g->n - 3);
}

static void
fleet_draw(struct wiz *w, void *priv, WINDOW *win)
{
	struct fleet_screen *fs = priv;
	const struct fleet_table *t = &fs->tab;
	const struct fleet_group *g;
	struct strlist lines = { NULL, 0 };
	int	 y = 1, cols = getmaxx(win), rows = getmaxy(win);
	size_t	 i, j;
	char	 buf[512], *clean, ms[32];

	pthread_mutex_lock(&fs->lock);
	clean = sanitize_str(fs->path, 200);
	snprintf(buf, sizeof buf, "Many hosts: %s (%s)", clean,
	    fs->inventory ? "Ansible inventory" : "one host a line");
	free(clean);
	wiz_put(w, win, y++, 2, cols - 4, w->attr[WR_BOLD], buf);
	y++;
	if (fs->error != NULL) {
		clean = sanitize_str(fs->error, 600);
		wiz_wrap(w, clean, cols - 6, &lines);
		for (i = 0; i < lines.n && y < rows - 1; i++)
			wiz_put(w, win, y++, 4, cols - 6, w->attr[WR_ERROR], lines.v[i]);
		strlist_free(&lines);
		free(clean);
		pthread_mutex_unlock(&fs->lock);
		return;
	}
	if (!fs->loaded) {
		wiz_put(w, win, y, 4, cols - 6, w->attr[WR_RUN], fs->inventory ?
		    "Reading the inventory (ansible-inventory)..." : "Reading the list...");
		pthread_mutex_unlock(&fs->lock);
		return;
	}
	wiz_format_ms((fs->finished ? fs->ended_ms : now_ms()) - fs->started_ms, ms, sizeof ms);
	snprintf(buf, sizeof buf, "%s%zu of %zu hosts in %s: %zu ok, %zu with a problem, "
	    "%zu undecided", fs->finished ? "" : "Running: ", t->nhosts, fs->list.n, ms, t->nok,
	    t->nproblem, t->ninconclusive);
	wiz_put(w, win, y++, 2, cols - 4, fs->finished ? w->attr[WR_NORMAL] : w->attr[WR_RUN],
	    buf);
	y++;
	if (fs->sel >= t->ngroups)	/* the groups were sorted at the end */
		fs->sel = t->ngroups > 0 ? t->ngroups - 1 : 0;
	for (i = 0; i < t->ngroups && y < rows - 8; i++) {
		g = &t->groups[i];
		host_names(t, g, buf, sizeof buf);
		clean = sanitize_str(buf, 300);
		snprintf(buf, sizeof buf, "%-28s %4zu  %s", g->id != NULL ? g->id : "(undecided)",
		    g->n, clean);
		free(clean);
		if (i == fs->sel) {
			wiz_put(w, win, y, 2, 2, w->attr[WR_BOLD], w->g->pointer);
			wiz_put(w, win, y++, 4, cols - 6, w->attr[WR_SEL], buf);
		} else
			wiz_put(w, win, y++, 4, cols - 6, g->id != NULL ? w->attr[WR_FAIL] :
			    w->attr[WR_WARN], buf);
	}
	if (t->nok > 0) {
		snprintf(buf, sizeof buf, "%-28s %4zu", "ok", t->nok);
		wiz_put(w, win, y++, 4, cols - 6, w->attr[WR_PASS], buf);
	}
	/* the selected group: its cause, its first host's finding and fix */
	if (fs->sel < t->ngroups && y < rows - 3) {
		g = &t->groups[fs->sel];
		y++;
		wiz_hline(w, win, y++, 2, cols - 4, w->attr[WR_DIM]);
		if (g->id != NULL)
			wiz_put(w, win, y++, 2, cols - 4, w->attr[WR_BOLD], wiz_cause_title(w, g->id));
		clean = sanitize_str(t->names[g->first], 80);
		snprintf(buf, sizeof buf, "%s: %s", clean, g->summary != NULL ? g->summary : "");
		free(clean);
		clean = sanitize_str(buf, 400);
		wiz_wrap(w, clean, cols - 6, &lines);
		free(clean);
		for (j = 0; j < lines.n && j < 2 && y < rows - 1; j++)
			wiz_put(w, win, y++, 4, cols - 6, w->attr[WR_NORMAL], lines.v[j]);
		strlist_free(&lines);
		for (j = 0; j < g->fix.n && y < rows - 1; j++) {
			clean = sanitize_str(g->fix.v[j], 300);
			snprintf(buf, sizeof buf, "%c %s", g->root & (1u << j) ? '#' : '$', clean);
			free(clean);
			wiz_put(w, win, y++, 6, cols - 8, w->attr[WR_COMMAND], buf);
		}
	}
	pthread_mutex_unlock(&fs->lock);
}

/* Enter: the group's first host (the one whose fix shows) as a single diagnosis. */
static void
open_group(struct wiz *w, struct fleet_screen *fs)
{
	const struct fleet_target *tg;
	const char	*opts[CHECK_SSH_OPTIONS_MAX + 1];
	struct check_options o;
	size_t	 idx;

	pthread_mutex_lock(&fs->lock);
	if (!fs->finished || fs->sel >= fs->tab.ngroups) {
		pthread_mutex_unlock(&fs->lock);
		wiz_message(w, 0, "Enter opens a group once every host is done.");
		return;
	}
	idx = fs->tab.groups[fs->sel].first;
	pthread_mutex_unlock(&fs->lock);
	tg = &fs->list.v[idx];
	fleet_target_options(&w->base, tg, &o, opts);
	o.mode = "client";
	wiz_start_walk(w, &o);
}

static int
fleet_key(struct wiz *w, void *priv, int key)
{
	struct fleet_screen *fs = priv;

	switch (key) {
	case KEY_UP:
	case 'k':
		if (fs->sel > 0)
			fs->sel--;
		break;
	case KEY_DOWN:
	case 'j':
	case '\t':
		pthread_mutex_lock(&fs->lock);
		if (fs->sel + 1 < fs->tab.ngroups)
			fs->sel++;
		pthread_mutex_unlock(&fs->lock);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		open_group(w, fs);
		break;
	default:
		return 0;
	}
	w->dirty |= WIZ_DRAW_BODY;
	return 1;
}

static const char *
fleet_hints(struct wiz *w, void *priv)
{
	struct fleet_screen *fs = priv;

	(void)w;
	return fs->finished ? "Up/Down Group|Enter Diagnose its first host|Esc Back|q Quit" :
	    "Up/Down Group|Esc Stop and go back|q Quit";
}

const struct screen_ops screen_fleet_ops = {
	.name = "Many hosts",
	.private_size = sizeof(struct fleet_screen),
	.keep = 0,
	.init = fleet_init,
	.free = fleet_free,
	.draw = fleet_draw,
	.key = fleet_key,
	.hints = fleet_hints,
	.cursor = NULL,
	.resize = NULL,
	.live = 0,
	.typing = NULL,
	.pager = NULL,
	.keys = 0,
};
