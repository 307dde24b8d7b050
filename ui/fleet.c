/* fleet.c: --hosts and --inventory: one child process per host runs the single-host JSON report into a pipe, at most N at once (and a few per host and per network), each bounded in time and bytes; the parent keeps only each host's verdict. */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "lib/json.h"
#include "lib/runner.h"
#include "lib/sanitize.h"
#include "lib/util.h"
#include "lib/xmalloc.h"
#include "ui/fleet.h"
#include "ui/fleet-table.h"

#define FLEET_REPORT_MAX	(2 * 1024 * 1024)	/* bytes of one host's JSON report */
#define FLEET_PER_HOST		3	/* diagnoses of one address at once: each opens up to
					   three connections, and sshd's MaxStartups begins
					   dropping at 10 unauthenticated ones */
#define FLEET_PER_NET		32	/* diagnoses in one /24 (IPv4), /64 (IPv6) or domain */
#define FLEET_PROGRESS_MS	250	/* redraw of the progress line at most this often */
#define FLEET_TERM_GRACE_MS	1000	/* a child's time to end its commands after SIGTERM */

/* One running child. */
struct slot {
	pid_t		 pid;		/* 0: free */
	int		 fd;		/* its report pipe, -1 once at EOF */
	size_t		 target;	/* index into the list */
	char		*buf;		/* the report so far */
	size_t		 len;
	int		 overflow;	/* the report passed FLEET_REPORT_MAX */
	int64_t		 deadline;	/* monotonic: killed after this */
	int		 killed;
};

/*
 * What the caps count, as 64-bit hashes (16 bytes a host however long its
 * name; a collision only makes a cap stricter): the address (a name case-folded)
 * and its network.
 */
struct target_keys {
	uint64_t	 host;
	uint64_t	 net;
};

static volatile sig_atomic_t fleet_stop;

static void
on_signal(int sig)
{
	fleet_stop = sig;
}

const char *
fleet_check(struct fleet_opts *fo, int target, const char *mode, int json, int share)
{
	static char	 msg[160];
	const char	*p = fo->args[3];
	int		 i;

	fo->hosts_file = fo->args[0];
	fo->inventory = fo->args[1];
	fo->limit = fo->args[2];
	fo->json = json;
	fo->active = fo->hosts_file != NULL || fo->inventory != NULL;
	/* paths and patterns that begin with '-' could read as options of ansible */
	for (i = 0; i < 3; i++) {
		if (fo->args[i] != NULL && (*fo->args[i] == '\0' || strlen(fo->args[i]) > 4096 ||
		    (*fo->args[i] == '-' && !(i == 0 && fo->args[i][1] == '\0')))) {
			snprintf(msg, sizeof msg, "%s: '%.40s' is refused (empty, too long, or "
			    "beginning with '-': write ./%.40s)", i == 0 ? "--hosts" :
			    i == 1 ? "--inventory" : "--limit", fo->args[i], fo->args[i]);
			return msg;
		}
	}
	if (p != NULL && (strspn(p, "0123456789") != strlen(p) || (fo->parallel = atoi(p)) < 1 ||
	    fo->parallel > FLEET_PARALLEL_MAX)) {
		snprintf(msg, sizeof msg, "--parallel: bad value '%.40s' (1-%d)", p,
		    FLEET_PARALLEL_MAX);
		return msg;
	}
	if ((fo->hosts_file != NULL) + (fo->inventory != NULL) + (target != 0) > 1 ||
	    (fo->limit != NULL && fo->inventory == NULL) || (p != NULL && !fo->active))
		return "one of a target, --hosts or --inventory; --limit goes with "
		    "--inventory, --parallel with either";
	if (fo->active && (strcmp(mode, "client") != 0 || share))
		return "--hosts and --inventory run client reports (no --server, --explain, "
		    "--share, --redact)";
	return NULL;
}

int
fleet_default_parallel(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	return n * 4 > 64 ? 64 : (int)(n * 4);
}

static uint64_t
fnv(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * An address literal counts in its /24 or /64; a name in its domain (the name
 * without its first label), which is what a list of names says of its network
 * without resolving every name first.
 */
static void
target_keys(const char *host, struct target_keys *k)
{
	unsigned char	 a[16];
	const char	*dot;
	char		 net[64];

	k->host = fnv(host);
	if (inet_pton(AF_INET, host, a) == 1) {
		snprintf(net, sizeof net, "%u.%u.%u/24", a[0], a[1], a[2]);
		k->net = fnv(net);
	} else if (inet_pton(AF_INET6, host, a) == 1) {
		snprintf(net, sizeof net, "%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64",
		    a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
		k->net = fnv(net);
	} else if ((dot = strchr(host, '.')) != NULL && dot[1] != '\0')
		k->net = fnv(dot + 1);
	else
		k->net = k->host;
}

/* Whether target i may start now, given what runs. */
static int
may_start(const struct target_keys *keys, size_t i, const struct slot *s, int nslots)
{
	int	 j, same_host = 0, same_net = 0;

	for (j = 0; j < nslots; j++) {
		if (s[j].pid == 0)
			continue;
		same_host += keys[s[j].target].host == keys[i].host;
		same_net += keys[s[j].target].net == keys[i].net;
	}
	return same_host < FLEET_PER_HOST && same_net < FLEET_PER_NET;
}

void
fleet_target_options(const struct check_options *base, const struct fleet_target *t,
    struct check_options *opt, const char **o)
{
	size_t	 n;
	int	 i;

	*opt = *base;
	opt->host = t->host;
	if (t->port != 0) {
		opt->port = t->port;
		opt->port_given = 1;
	}
	if (t->user != NULL) {
		opt->user = t->user;
		opt->user_given = 1;
	}
	if (t->identity != NULL)
		opt->identity = t->identity;
	/* the command line's -o first (ssh keeps the first value), then the host's own */
	if (t->nssh_options > 0) {
		for (n = 0; base->ssh_options != NULL && base->ssh_options[n] != NULL &&
		    n < CHECK_SSH_OPTIONS_MAX; n++)
			o[n] = base->ssh_options[n];
		for (i = 0; i < t->nssh_options && n < CHECK_SSH_OPTIONS_MAX; i++)
			o[n++] = t->ssh_options[i];
		o[n] = NULL;
		opt->ssh_options = o;
	}
}

/* A getdents64 record, as the kernel writes it. */
struct fleet_dirent {
	uint64_t	 d_ino;
	int64_t		 d_off;
	unsigned short	 d_reclen;
	unsigned char	 d_type;
	char		 d_name[];
};

/* Append s to dst[off..cap) without a library call (signal handler); the new length. */
static size_t
put(char *dst, size_t off, size_t cap, const char *s)
{
	while (*s != '\0' && off + 1 < cap)
		dst[off++] = *s++;
	dst[off] = '\0';
	return off;
}

/*
 * The child's SIGTERM: the commands its checks started (each the leader of a
 * process group of its own, lib/runner.c) end with it, instead of living on
 * until their own timeouts. Only system calls: it runs as a signal handler.
 */
static void
child_term(int sig)
{
	char	 dents[4096], path[96], buf[4096];
	struct fleet_dirent *d;
	long	 n, off;
	ssize_t	 got, i;
	pid_t	 pid;
	int	 dfd, fd;

	if ((dfd = open("/proc/self/task", O_RDONLY | O_DIRECTORY)) != -1) {
		while ((n = syscall(SYS_getdents64, dfd, dents, sizeof dents)) > 0) {
			for (off = 0; off < n; off += d->d_reclen) {
				d = (struct fleet_dirent *)(void *)(dents + off);
				if (d->d_name[0] < '0' || d->d_name[0] > '9')
					continue;
				put(path, put(path, put(path, 0, sizeof path, "/proc/self/task/"),
				    sizeof path, d->d_name), sizeof path, "/children");
				if ((fd = open(path, O_RDONLY)) == -1)
					continue;
				got = read(fd, buf, sizeof buf - 1);
				close(fd);
				for (i = 0, pid = 0; i < got; i++) {
					if (buf[i] >= '0' && buf[i] <= '9') {
						pid = pid * 10 + (buf[i] - '0');
						continue;
					}
					if (pid > 0) {
						kill(-pid, SIGKILL);
						kill(pid, SIGKILL);
					}
					pid = 0;
				}
			}
		}
		close(dfd);
	}
	_exit(128 + sig);
}

/* In the child: the target's options over the command line's, then the single-host report. */
static void __attribute__((noreturn))
child_run(const struct content *content, const struct check_options *base,
    const struct fleet_target *t, int out_fd, fleet_report_fn fn, void *arg)
{
	struct check_options opt;
	const char	*o[CHECK_SSH_OPTIONS_MAX + 1];
	struct sigaction sa;
	sigset_t set;
	int	 devnull, rc;

	/* A thread of the wizard forks with signals blocked: the child takes them again. */
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = child_term;
	sigaction(SIGTERM, &sa, NULL);
	/* what the parent had buffered for its own stdout (the wizard's screen) is not ours */
	__fpurge(stdout);
	if (dup2(out_fd, STDOUT_FILENO) == -1)
		_exit(3);
	close(out_fd);
	/* Nothing of a host's run reaches the person's terminal but its report. */
	if ((devnull = open("/dev/null", O_RDWR)) != -1) {
		dup2(devnull, STDIN_FILENO);
		dup2(devnull, STDERR_FILENO);
		if (devnull > STDERR_FILENO)
			close(devnull);
	}
	fleet_target_options(base, t, &opt, o);
	rc = fn(arg, content, &opt);
	fflush(stdout);
	_exit(rc);
}

/* What a host's child needs: its slot's siblings to close, then the report. */
struct slot_child {
	struct slot	*all;
	int		 nslots;
	const struct content *content;
	const struct check_options *base;
	const struct fleet_target *target;
	fleet_report_fn	 fn;
	void		*arg;
};

static void
slot_child(void *arg, int wfd)
{
	struct slot_child *c = arg;
	int	 j;

	for (j = 0; j < c->nslots; j++)
		if (c->all[j].pid != 0 && c->all[j].fd != -1)
			close(c->all[j].fd);
	child_run(c->content, c->base, c->target, wfd, c->fn, c->arg);
}

static int
slot_start(struct slot *s, struct slot *all, int nslots, const struct content *content,
    const struct check_options *base, const struct fleet_list *l, size_t i,
    fleet_report_fn fn, void *arg)
{
	struct slot_child c = { all, nslots, content, base, &l->v[i], fn, arg };
	int	 fd;
	pid_t	 pid;

	if ((pid = run_fork_pipe(slot_child, &c, &fd)) == -1)
		return -1;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	memset(s, 0, sizeof *s);
	s->pid = pid;
	s->fd = fd;
	s->target = i;
	/* A walk is bounded per probe; the whole of one host, generously beyond. */
	s->deadline = now_ms() + 4LL * base->timeout_ms + 20000;
	return 0;
}

/* Read what the child wrote; 1 at end of file. Past the cap, bytes are read and dropped. */
static int
slot_read(struct slot *s)
{
	char	 tmp[16384];
	ssize_t	 n;

	for (;;) {
		n = read(s->fd, tmp, sizeof tmp);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return errno == EAGAIN ? 0 : 1;
		if (n == 0)
			return 1;
		if (s->len + (size_t)n > FLEET_REPORT_MAX) {
			s->overflow = 1;
			continue;
		}
		s->buf = xreallocarray(s->buf, s->len + (size_t)n + 1, 1);
		memcpy(s->buf + s->len, tmp, (size_t)n);
		s->len += (size_t)n;
	}
}

/* A report for a host whose child gave none: the single-host shape, with error. */
static json_t *
stand_in(const struct fleet_target *t, const struct check_options *base, const char *error)
{
	json_t	*o = json_object(), *tg = json_object();

	js_set(o, "tool", js_text("sshdoc"));
	js_set(o, "version", js_text(SSHDOC_VERSION));
	js_set(o, "mode", js_text("client"));
	js_set(tg, "host", js_text(t->host));
	js_set(tg, "port", json_integer(t->port != 0 ? t->port : base->port));
	js_set(tg, "user", t->user != NULL ? js_text(t->user) :
	    base->user != NULL ? js_text(base->user) : json_null());
	js_set(o, "target", tg);
	js_set(o, "checks", json_array());
	js_set(o, "causes", json_array());
	js_set(o, "error", js_text(error));
	js_set(o, "verdict", js_text("inconclusive"));
	return o;
}

/* The child ended: its report (or a stand-in) to r->done. */
static void
slot_finish(struct slot *s, struct fleet_run *r)
{
	const struct fleet_target *t = &r->list->v[s->target];
	json_t	*rep = NULL;
	char	*cause = NULL, *error = NULL;
	int	 status = 0;

	if (s->fd != -1)
		close(s->fd);
	while (waitpid(s->pid, &status, 0) == -1 && errno == EINTR)
		;
	if (s->killed)
		xasprintf(&error, "no report within %lld s: stopped",
		    (long long)(4LL * r->base->timeout_ms + 20000) / 1000);
	else if (s->overflow)
		xasprintf(&error, "the report was larger than %d bytes", FLEET_REPORT_MAX);
	else if (s->len == 0)
		xasprintf(&error, "the diagnosis ended without a report (%s %d)",
		    WIFSIGNALED(status) ? "signal" : "exit",
		    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	else if ((rep = js_load(s->buf, s->len, FLEET_REPORT_MAX, JS_DEPTH_MAX, &cause)) == NULL ||
	    !json_is_object(rep)) {
		xasprintf(&error, "unreadable report: %s", cause != NULL ? cause : "not an object");
		json_decref(rep);
		rep = NULL;
	}
	free(cause);
	if (rep == NULL)
		rep = stand_in(t, r->base, error);
	if (json_object_get(rep, "host") == NULL)
		js_set(rep, "host", js_text(t->name));
	if (json_array_size(json_object_get(rep, "causes")) > 0)
		r->nproblem++;
	else if (js_str(rep, "verdict") != NULL && strcmp(js_str(rep, "verdict"), "ok") == 0)
		r->nok++;
	r->done(r, s->target, rep, error);
	json_decref(rep);
	free(error);
	free(s->buf);
	memset(s, 0, sizeof *s);
	s->fd = -1;
}

static void
progress(const struct fleet_run *r)
{
	fprintf(stderr, "\r\033[K%zu/%zu hosts done, %zu running: %zu ok, %zu with a problem, "
	    "%zu undecided", r->ndone, r->list->n, r->nrunning, r->nok, r->nproblem,
	    r->ndone - r->nok - r->nproblem);
	fflush(stderr);
}

static fleet_report_fn	 default_fn;
static void		*default_arg;

void
fleet_set_report(fleet_report_fn fn, void *arg)
{
	default_fn = fn;
	default_arg = arg;
}

static int
stopped(const struct fleet_run *r)
{
	return fleet_stop || (r->stop != NULL && __atomic_load_n(r->stop, __ATOMIC_RELAXED));
}

int
fleet_run_all(struct fleet_run *r)
{
	const struct fleet_list *l = r->list;
	struct target_keys *keys = xcalloc(l->n > 0 ? l->n : 1, sizeof *keys);
	int		 nslots = r->parallel > 0 ? r->parallel : fleet_default_parallel();
	fleet_report_fn	 fn = r->fn != NULL ? r->fn : default_fn;
	void		*arg = r->fn != NULL ? r->arg : default_arg;
	struct slot	*slots;
	struct pollfd	*pfd;
	int		*pslot, np, j, rc = 0;
	size_t		 i, next = 0;
	char		*started = xcalloc(l->n > 0 ? l->n : 1, 1);
	int64_t		 now, wait, last_draw = 0;

	r->ndone = r->nrunning = r->nok = r->nproblem = 0;
	if (fn == NULL)
		fatal("fleet: no report function");
	if ((size_t)nslots > l->n)
		nslots = l->n > 0 ? (int)l->n : 1;
	slots = xcalloc((size_t)nslots, sizeof *slots);
	pfd = xcalloc((size_t)nslots, sizeof *pfd);
	pslot = xcalloc((size_t)nslots, sizeof *pslot);
	for (i = 0; i < l->n; i++)
		target_keys(l->v[i].host, &keys[i]);
	for (j = 0; j < nslots; j++)
		slots[j].fd = -1;
	while (r->ndone < l->n) {
		if (stopped(r)) {
			rc = -1;
			break;
		}
		/* Fill free slots with the first targets the caps let through. */
		for (j = 0; j < nslots && next < l->n; j++) {
			if (slots[j].pid != 0)
				continue;
			for (i = next; i < l->n; i++)
				if (!started[i] && may_start(keys, i, slots, nslots))
					break;
			if (i == l->n)
				break;
			if (slot_start(&slots[j], slots, nslots, r->content, r->base, l, i, fn,
			    arg) != 0) {
				/* no process now (fork or pipe): wait for one to end */
				if (r->nrunning == 0) {
					rc = -1;
					goto out;
				}
				break;
			}
			started[i] = 1;
			r->nrunning++;
			while (next < l->n && started[next])
				next++;
		}
		np = 0;
		now = now_ms();
		wait = FLEET_PROGRESS_MS;
		for (j = 0; j < nslots; j++) {
			if (slots[j].pid == 0)
				continue;
			if (slots[j].deadline <= now && !slots[j].killed) {
				kill(slots[j].pid, SIGTERM);	/* child_term: its commands too */
				slots[j].killed = 1;
				slots[j].deadline = now + FLEET_TERM_GRACE_MS;
			} else if (slots[j].deadline <= now && slots[j].killed)
				kill(slots[j].pid, SIGKILL);
			if (slots[j].deadline - now < wait)
				wait = slots[j].deadline - now > 0 ? slots[j].deadline - now : 0;
			pfd[np].fd = slots[j].fd;
			pfd[np].events = POLLIN;
			pslot[np++] = j;
		}
		if (poll(pfd, (nfds_t)np, (int)wait) == -1 && errno != EINTR) {
			rc = -1;
			break;
		}
		for (j = 0; j < np; j++) {
			struct slot *s = &slots[pslot[j]];

			if (pfd[j].revents == 0 || slot_read(s) == 0)
				continue;
			slot_finish(s, r);
			r->nrunning--;
			r->ndone++;
		}
		if ((r->progress || r->tick != NULL) && (now_ms() - last_draw >=
		    FLEET_PROGRESS_MS || r->ndone == l->n)) {
			if (r->progress)
				progress(r);
			if (r->tick != NULL)
				r->tick(r);
			last_draw = now_ms();
		}
	}
 out:
	if (r->progress)
		fprintf(stderr, "\r\033[K");
	/* Stopped: the children go, with their commands (child_term), SIGKILL after a grace. */
	for (j = 0; j < nslots; j++)
		if (slots[j].pid != 0)
			kill(slots[j].pid, SIGTERM);
	now = now_ms();
	for (j = 0; j < nslots; j++) {
		if (slots[j].pid == 0)
			continue;
		while (waitpid(slots[j].pid, NULL, WNOHANG) == 0) {
			if (now_ms() - now > FLEET_TERM_GRACE_MS) {
				kill(slots[j].pid, SIGKILL);
				waitpid(slots[j].pid, NULL, 0);
				break;
			}
			poll(NULL, 0, 10);
		}
		if (slots[j].fd != -1)
			close(slots[j].fd);
		free(slots[j].buf);
	}
	free(keys);
	free(started);
	free(slots);
	free(pfd);
	free(pslot);
	return rc;
}

int
fleet_load(const struct fleet_opts *fo, int timeout_ms, struct fleet_list *l,
    struct strlist *notes, char **cause)
{
	FILE	*f;
	int	 rc;

	if (fo->inventory != NULL)
		return fleet_read_inventory(fo->inventory, fo->limit, timeout_ms, l, notes, cause);
	if (strcmp(fo->hosts_file, "-") == 0)
		return fleet_read_hosts(stdin, "standard input", l, cause);
	if ((f = fopen(fo->hosts_file, "r")) == NULL)
		return set_cause(cause, "--hosts %s: %s", fo->hosts_file, strerror(errno));
	rc = fleet_read_hosts(f, fo->hosts_file, l, cause);
	fclose(f);
	return rc;
}

/* fleet_main's done: the table, and the report as one line with --json. */
static void
main_done(struct fleet_run *r, size_t idx, json_t *rep, const char *error)
{
	const struct fleet_opts *fo = ((void **)r->priv)[0];
	struct fleet_table *tab = ((void **)r->priv)[1];

	fleet_table_add(tab, idx, r->list->v[idx].name, rep, error);
	if (fo->json) {
		json_dumpf(rep, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		fflush(stdout);
	}
}

int
fleet_main(const struct content *content, const struct check_options *base,
    const struct fleet_opts *fo, fleet_report_fn fn, void *arg)
{
	struct fleet_list l;
	struct fleet_table tab;
	struct fleet_run r;
	struct strlist	 notes = { NULL, 0 };
	struct sigaction sa, old_int, old_term, old_hup;
	void	*priv[2];
	char	*cause = NULL, *clean;
	int64_t	 start = now_ms();
	size_t	 i;
	int	 rc;

	rc = fleet_load(fo, base->timeout_ms, &l, &notes, &cause);
	for (i = 0; i < notes.n; i++) {
		clean = sanitize_str(notes.v[i], 400);
		fprintf(stderr, "sshdoc: note: %s\n", clean);
		free(clean);
	}
	strlist_free(&notes);
	if (rc != 0) {
		clean = sanitize_str(cause, 600);
		fprintf(stderr, "sshdoc: %s\n", clean);
		free(clean);
		free(cause);
		return 2;
	}
	fleet_table_init(&tab, content, l.n);
	priv[0] = (void *)fo;
	priv[1] = &tab;
	memset(&r, 0, sizeof r);
	r.content = content;
	r.base = base;
	r.list = &l;
	r.parallel = fo->parallel;
	r.progress = isatty(STDERR_FILENO);
	r.fn = fn;
	r.arg = arg;
	r.done = main_done;
	r.priv = priv;
	/* A signal stops the run: children are ended and the table so far printed. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	rc = fleet_run_all(&r);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	fleet_table_sort(&tab);
	if (fo->json)
		fleet_table_summary(stdout, &tab, (long)(now_ms() - start));
	else
		fleet_table_print(stdout, &tab, (long)(now_ms() - start));
	fflush(stdout);
	if (rc != 0)
		fprintf(stderr, "sshdoc: stopped after %zu of %zu hosts\n", tab.nhosts, l.n);
	rc = rc != 0 ? 3 : fleet_table_status(&tab);
	if (tab.nproblem > 0)
		rc = 1;
	fleet_table_free(&tab);
	fleet_list_free(&l);
	return rc;
}
