/* term.c: the wizard's terminal: curses set-up and restore, signals, resizing, and the ppoll loop that feeds keys and walk changes to wizard.c. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "lib/xmalloc.h"
#include "ui/wizard.h"

/* Last: term.h defines macros such as "lines" that clash with ordinary names. */
#include <term.h>

#define TICK_MS		250	/* live timers: at most four redraws a second */

/* Signal plumbing: handlers only set a flag and write to a self-pipe. */
static volatile sig_atomic_t got_signal;
static int sig_pipe[2] = { -1, -1 };
static int curses_active;
static struct termios saved_tio;
static int saved_tio_ok;
static char crash_reset[256];	/* rmkx, sgr0, cnorm, rmcup: written on a crash */
static size_t crash_reset_len;
static struct sigaction old_crash[NSIG];
/* The pasted-text file, removed on every way out (also from a signal handler). */
static char paste_path[PATH_MAX];
static sigset_t oldmask;	/* the signal mask before the wizard */

void
term_remove_on_exit(const char *path)
{
	term_remove_file();
	snprintf(paste_path, sizeof paste_path, "%s", path);
}

void
term_remove_file(void)
{
	if (paste_path[0] != '\0')
		unlink(paste_path);
	paste_path[0] = '\0';
}

static void
on_signal(int sig)
{
	int	 saved = errno;

	got_signal = sig;
	if (sig_pipe[1] != -1 && write(sig_pipe[1], "s", 1) == -1) {
		/* nothing to do: the flag is set */
	}
	errno = saved;
}

static void
on_crash(int sig)
{
	if (curses_active) {
		if (crash_reset_len > 0 &&
		    write(STDOUT_FILENO, crash_reset, crash_reset_len) == -1) {
			/* best effort */
		}
		if (saved_tio_ok)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	}
	if (paste_path[0] != '\0')
		unlink(paste_path);
	sigaction(sig, &old_crash[sig], NULL);
	raise(sig);
}

void
term_restore(void)
{
	if (curses_active && !isendwin())
		endwin();
	curses_active = 0;
}

/* fatal() and exit(): the terminal back, the pasted text gone. */
static void
at_exit(void)
{
	term_restore();
	term_remove_file();
}

static void
crash_add(const char *cap)
{
	char	*s = tigetstr(cap);
	size_t	 len;

	if (s == NULL || s == (char *)-1)
		return;
	len = strlen(s);
	if (crash_reset_len + len >= sizeof crash_reset)
		return;
	memcpy(crash_reset + crash_reset_len, s, len);
	crash_reset_len += len;
}

/* Signals that end the wizard, and those that crash it. */
static const int stop_sigs[] = { SIGINT, SIGTERM, SIGHUP };
static const int crash_sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
#define NSTOP	(sizeof stop_sigs / sizeof stop_sigs[0])
#define NCRASH	(sizeof crash_sigs / sizeof crash_sigs[0])

/* install: the wizard's handlers; otherwise the default ones and those from before. */
static void
set_signals(int install)
{
	struct sigaction sa;
	size_t	 i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = install ? on_signal : SIG_DFL;
	for (i = 0; i < NSTOP; i++)
		sigaction(stop_sigs[i], &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < NCRASH; i++) {
		if (install)
			sigaction(crash_sigs[i], &sa, &old_crash[crash_sigs[i]]);
		else
			sigaction(crash_sigs[i], &old_crash[crash_sigs[i]], NULL);
	}
}

/* Each role without colour; colours are added on top where the terminal has them. */
static const attr_t mono[WR_COUNT] = {
	[WR_NORMAL] = A_NORMAL,
	[WR_BAR] = A_REVERSE,
	[WR_BARKEY] = A_REVERSE | A_BOLD,
	[WR_SEL] = A_REVERSE,
	[WR_PASS] = A_NORMAL,
	[WR_FAIL] = A_BOLD,
	[WR_WARN] = A_BOLD,
	[WR_SKIP] = A_NORMAL,
	[WR_RUN] = A_BOLD,
	[WR_HEADING] = A_BOLD | A_UNDERLINE,
	[WR_STEP] = A_BOLD,
	[WR_COMMAND] = A_BOLD,
	[WR_QUOTE] = A_NORMAL,
	[WR_DIM] = A_NORMAL,
	[WR_ERROR] = A_BOLD,
	[WR_BOLD] = A_BOLD,
	[WR_FIELD] = A_UNDERLINE,
};

static void
setup_colors(struct wiz *w)
{
	const char *nc = getenv("NO_COLOR");
	attr_t	*a = w->attr;

	memcpy(a, mono, sizeof mono);

	w->color = 0;
	if ((nc != NULL && *nc != '\0') || !has_colors() || start_color() == ERR)
		return;
	if (use_default_colors() == ERR)
		return;
	w->color = 1;
	init_pair(1, COLOR_GREEN, -1);
	init_pair(2, COLOR_RED, -1);
	init_pair(3, COLOR_YELLOW, -1);
	init_pair(4, COLOR_CYAN, -1);
	init_pair(5, COLOR_BLUE, -1);
	init_pair(6, COLOR_MAGENTA, -1);
	a[WR_PASS] |= COLOR_PAIR(1);
	a[WR_FAIL] |= COLOR_PAIR(2);
	a[WR_ERROR] |= COLOR_PAIR(2);
	a[WR_WARN] |= COLOR_PAIR(3);
	a[WR_RUN] |= COLOR_PAIR(4);
	a[WR_HEADING] |= COLOR_PAIR(4);
	a[WR_COMMAND] |= COLOR_PAIR(1);
	a[WR_STEP] |= COLOR_PAIR(4);
	a[WR_QUOTE] |= COLOR_PAIR(6);
	if (COLORS >= 8)
		a[WR_DIM] = A_DIM, a[WR_SKIP] = A_DIM;
}

static void
make_windows(struct wiz *w)
{
	int	 body;

	if (w->wtitle != NULL)
		delwin(w->wtitle);
	if (w->wbody != NULL)
		delwin(w->wbody);
	if (w->wstatus != NULL)
		delwin(w->wstatus);
	if (w->whint != NULL)
		delwin(w->whint);
	w->wtitle = w->wbody = w->wstatus = w->whint = NULL;
	w->too_small = COLS < WIZ_MIN_COLS || LINES < WIZ_MIN_LINES;
	if (w->too_small)
		return;
	body = LINES - 3;
	w->wtitle = newwin(1, COLS, 0, 0);
	w->wbody = newwin(body, COLS, 1, 0);
	w->wstatus = newwin(1, COLS, LINES - 2, 0);
	w->whint = newwin(1, COLS, LINES - 1, 0);
}

static SCREEN *screen;

static void
free_curses(struct wiz *w)
{
	if (screen == NULL)
		return;
	if (w->wtitle != NULL)
		delwin(w->wtitle);
	if (w->wbody != NULL)
		delwin(w->wbody);
	if (w->wstatus != NULL)
		delwin(w->wstatus);
	if (w->whint != NULL)
		delwin(w->whint);
	if (w->winput != NULL)
		delwin(w->winput);
	w->wtitle = w->wbody = w->wstatus = w->whint = w->winput = NULL;
	delscreen(screen);
	screen = NULL;
}

static int
curses_start(struct wiz *w)
{
	SCREEN	*scr;

	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		saved_tio_ok = 1;
	if ((scr = newterm(NULL, stdout, stdin)) == NULL)
		return -1;
	set_term(scr);
	screen = scr;
	curses_active = 1;
	crash_add("rmkx");
	crash_add("sgr0");
	crash_add("cnorm");
	crash_add("rmcup");
	cbreak();
	noecho();
	nonl();
	/*
	 * Keys are read from a pad that is never shown: wgetch on a window
	 * refreshes it first, which would paint a blank stdscr over the others.
	 */
	w->winput = newpad(1, 1);
	keypad(w->winput, TRUE);
	nodelay(w->winput, TRUE);
	set_escdelay(100);
	curs_set(0);
	setup_colors(w);
	make_windows(w);
	return 0;
}

int
term_open(struct wiz *w)
{
	static int	 registered;
	sigset_t	 block;

	pthread_sigmask(SIG_BLOCK, NULL, &oldmask);
	if (pipe2(sig_pipe, O_NONBLOCK | O_CLOEXEC) == -1) {
		fprintf(stderr, "sshdoc: pipe: %s\n", strerror(errno));
		return -1;
	}
	/*
	 * Signals are blocked in this thread (and so in every walk thread
	 * it starts) and only let in while ppoll waits: the handlers then
	 * always run here and always wake the loop.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGWINCH);
	sigaddset(&block, SIGTSTP);
	sigaddset(&block, SIGCONT);
	pthread_sigmask(SIG_BLOCK, &block, &oldmask);
	set_signals(1);
	fatal_set_hook(at_exit);
	if (!registered) {
		atexit(at_exit);
		registered = 1;
	}
	if (curses_start(w) != 0) {
		fprintf(stderr, "sshdoc: cannot use this terminal; try TERM=dumb\n");
		return -1;
	}
	return 0;
}

static void
resized(struct wiz *w)
{
	make_windows(w);
	wiz_resized(w);
	clearok(curscr, TRUE);
	w->dirty = WIZ_DRAW_ALL;
}

int
term_loop(struct wiz *w)
{
	struct pollfd	 pfd[3];
	struct timespec	 ts, *tsp;
	int		 key, n, live, sig = 0, nkeys, idle_reads = 0;

	while (!w->quit) {
		wiz_redraw(w);
		live = session_running(&w->s) && wiz_ops(w)->live && !w->too_small;
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = w->s.notify_fd[0];
		pfd[1].events = POLLIN;
		pfd[2].fd = sig_pipe[0];
		pfd[2].events = POLLIN;
		ts.tv_sec = 0;
		ts.tv_nsec = TICK_MS * 1000000L;
		tsp = live ? &ts : NULL;
		n = ppoll(pfd, 3, tsp, &oldmask);
		if (n == -1 && errno != EINTR) {
			wiz_message(w, 1, "poll: %s", strerror(errno));
			break;
		}
		if (got_signal != 0) {
			sig = got_signal;
			break;
		}
		if (n == 0 && live)
			w->dirty |= WIZ_DRAW_BODY;
		if (n > 0 && (pfd[1].revents & POLLIN))
			wiz_walk_changed(w);
		if (n > 0 && (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			/* The terminal went away. */
			sig = SIGHUP;
			break;
		}
		/* Keys, and KEY_RESIZE after SIGWINCH interrupted the wait. */
		nkeys = 0;
		while (!w->quit && (key = wgetch(w->winput)) != ERR) {
			if (key == KEY_RESIZE)
				resized(w);
			else
				wiz_key(w, key);
			nkeys++;
		}
		/* Readable but nothing to read, again and again: end of input. */
		if (n > 0 && (pfd[0].revents & POLLIN) && nkeys == 0) {
			if (++idle_reads >= 100) {
				sig = SIGHUP;
				break;
			}
		} else
			idle_reads = 0;
	}
	return sig;
}

void
term_close(struct wiz *w)
{
	term_restore();
	term_remove_file();
	free_curses(w);
	set_signals(0);
	pthread_sigmask(SIG_SETMASK, &oldmask, NULL);
	if (sig_pipe[0] != -1) {
		close(sig_pipe[0]);
		close(sig_pipe[1]);
		sig_pipe[0] = sig_pipe[1] = -1;
	}
}
