/*
 * listener: a scriptable TCP server for sshdoc's integration tests.
 *
 *   listener [-6] [-p PORT] [-o PORTFILE] [-s FILE] [-d MS] [-r] [-t BYTES_PER_SEC]
 *            [-R] [-w MS] [-a close|reset|hold|http] [-c MAXCONN] [-H MAXHOLD_S]
 *
 * Listens on 127.0.0.1 (or ::1 with -6) on PORT (0 or absent: an ephemeral port),
 * writes the port number to PORTFILE once listening (atomically: temp file + rename),
 * and serves connections until killed, one forked child per connection, at most
 * MAXCONN (default 8) at once. For each connection, in this order:
 *   -r        read what the client sends first: up to 4 KiB, until a newline or 1 s
 *   -d MS     wait MS milliseconds
 *   -s FILE   send FILE's bytes (any bytes, up to 16 MiB); with -t at BYTES_PER_SEC;
 *             with -R repeat them until the client goes away or MAXHOLD_S passes
 *   -w MS     wait MS milliseconds after sending (so a reset comes after the data)
 *   -a ACTION close (FIN, the default), reset (SO_LINGER 0 then close: RST),
 *             hold (keep the connection open, send nothing more, until the client
 *             closes or MAXHOLD_S, default 300, passes), http (read a request line
 *             unless -r did, answer "HTTP/1.1 400 Bad Request" with headers, close).
 * One line per connection is logged to stderr. Every wait is bounded.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum action { ACT_CLOSE, ACT_RESET, ACT_HOLD, ACT_HTTP };

#define MAX_SEND	(16 * 1024 * 1024)	/* cap on -s FILE */
#define READ_CAP	4096		/* cap on -r and the http request read */

static struct {
	int		 v6;
	int		 port;
	const char	*portfile;
	unsigned char	*data;
	size_t		 datalen;
	long		 delay_ms;
	long		 after_ms;	/* -w: wait after sending */
	int		 readfirst;
	long		 rate;		/* bytes per second, 0: all at once */
	int		 repeat;
	enum action	 act;
	int		 maxconn;
	long		 maxhold_s;
} opt = { .act = ACT_CLOSE, .maxconn = 8, .maxhold_s = 300 };

static volatile sig_atomic_t stop;
static pid_t children[64];

static void die(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
static void logmsg(const char *, ...) __attribute__((format(printf, 1, 2)));

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("listener: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void
logmsg(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	/* one write() so lines from parallel children do not interleave */
	if (write(STDERR_FILENO, buf, (size_t)n) < 0) {
		/* nothing useful to do */
	}
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_ms(long ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR && !stop)
		;
}

static long
parse_long(const char *s, const char *what, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < min || v > max)
		die("bad %s: %s", what, s);
	return v;
}

static void
load_file(const char *path)
{
	FILE *f;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL)
		die("%s: %s", path, strerror(errno));
	if ((opt.data = malloc(MAX_SEND + 1)) == NULL)
		die("out of memory");
	n = fread(opt.data, 1, MAX_SEND + 1, f);
	if (ferror(f))
		die("%s: read error", path);
	if (n > MAX_SEND)
		die("%s: larger than %d bytes", path, MAX_SEND);
	fclose(f);
	opt.datalen = n;
}

static void
write_portfile(int port)
{
	char tmp[4096];
	FILE *f;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", opt.portfile) >= (int)sizeof(tmp))
		die("port file name too long");
	if ((f = fopen(tmp, "w")) == NULL)
		die("%s: %s", tmp, strerror(errno));
	fprintf(f, "%d\n", port);
	if (fclose(f) != 0)
		die("%s: %s", tmp, strerror(errno));
	if (rename(tmp, opt.portfile) != 0)
		die("rename %s: %s", opt.portfile, strerror(errno));
}

/* Wait for fd to become readable, at most ms; 1 readable, 0 timeout, -1 error. */
static int
wait_readable(int fd, long ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long long end = now_ms() + ms;
	int r;

	for (;;) {
		long left = (long)(end - now_ms());

		if (left < 0)
			left = 0;
		r = poll(&p, 1, (int)left);
		if (r > 0)
			return 1;
		if (r == 0)
			return 0;
		if (errno != EINTR)
			return -1;
		if (stop)
			return -1;
	}
}

/* Read until a newline, READ_CAP bytes, EOF or ms milliseconds; returns bytes read. */
static size_t
read_line(int fd, long ms, char *buf, size_t cap, int *eof)
{
	long long end = now_ms() + ms;
	size_t len = 0;

	*eof = 0;
	while (len < cap) {
		long left = (long)(end - now_ms());
		ssize_t n;

		if (left <= 0 || wait_readable(fd, left) <= 0)
			break;
		n = recv(fd, buf + len, cap - len, 0);
		if (n <= 0) {
			*eof = 1;
			break;
		}
		len += (size_t)n;
		if (memchr(buf + len - (size_t)n, '\n', (size_t)n) != NULL)
			break;
	}
	return len;
}

/* Has the client closed (EOF or error)? Discards whatever it sent. Never blocks. */
static int
peer_gone(int fd)
{
	char buf[1024];

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (n > 0)
			continue;
		if (n == 0)
			return 1;
		return !(errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
	}
}

static int
send_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR && !stop)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Send opt.data once, at opt.rate if set. -1 once the client went away. */
static int
send_data(int fd, long long hold_end)
{
	size_t off = 0, chunk;
	long tick_ms;

	if (opt.rate <= 0)
		return send_all(fd, opt.data, opt.datalen);
	/* at most 100 ticks a second; each tick sends rate/ticks bytes (>= 1) */
	if (opt.rate >= 100) {
		tick_ms = 10;
		chunk = (size_t)(opt.rate / 100);
	} else {
		tick_ms = 1000 / opt.rate;
		chunk = 1;
	}
	while (off < opt.datalen && !stop) {
		size_t n = opt.datalen - off < chunk ? opt.datalen - off : chunk;

		if (send_all(fd, opt.data + off, n) < 0 || peer_gone(fd))
			return -1;
		off += n;
		if (now_ms() >= hold_end)
			return -1;
		sleep_ms(tick_ms);
	}
	return 0;
}

static void
set_linger0(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
}

static const char http_body[] =
	"<html>\r\n<head><title>400 Bad Request</title></head>\r\n"
	"<body><center><h1>400 Bad Request</h1></center></body>\r\n</html>\r\n";

static void
send_http_400(int fd)
{
	char hdr[256];
	int n;

	n = snprintf(hdr, sizeof(hdr),
	    "HTTP/1.1 400 Bad Request\r\n"
	    "Server: nginx/1.22.1\r\n"
	    "Content-Type: text/html\r\n"
	    "Content-Length: %zu\r\n"
	    "Connection: close\r\n"
	    "\r\n", sizeof(http_body) - 1);
	if (n > 0 && send_all(fd, (const unsigned char *)hdr, (size_t)n) == 0)
		send_all(fd, (const unsigned char *)http_body, sizeof(http_body) - 1);
}

static void
serve(int fd, const char *peer)
{
	long long hold_end = now_ms() + opt.maxhold_s * 1000;
	char buf[READ_CAP];
	size_t got = 0;
	int eof = 0, gone = 0;

	if (opt.readfirst) {
		got = read_line(fd, 1000, buf, sizeof(buf), &eof);
		logmsg("listener: %s: read %zu bytes first%s", peer, got, eof ? " (then EOF)" : "");
	}
	sleep_ms(opt.delay_ms);
	if (opt.datalen > 0 && !stop) {
		do {
			if (send_data(fd, hold_end) < 0) {
				gone = 1;
				break;
			}
		} while (opt.repeat && !stop && now_ms() < hold_end && !(gone = peer_gone(fd)));
	}
	if (gone) {
		logmsg("listener: %s: client went away while sending", peer);
		close(fd);
		return;
	}
	sleep_ms(opt.after_ms);
	switch (opt.act) {
	case ACT_CLOSE:
		shutdown(fd, SHUT_WR);
		/* read briefly so the close is a FIN, not a RST for unread data */
		while (wait_readable(fd, 200) > 0 && recv(fd, buf, sizeof(buf), 0) > 0)
			;
		close(fd);
		logmsg("listener: %s: closed", peer);
		break;
	case ACT_RESET:
		set_linger0(fd);
		close(fd);
		logmsg("listener: %s: reset", peer);
		break;
	case ACT_HOLD:
		while (!stop && now_ms() < hold_end) {
			long left = (long)(hold_end - now_ms());
			int r = wait_readable(fd, left > 1000 ? 1000 : left);

			if (r < 0)
				break;
			if (r > 0 && recv(fd, buf, sizeof(buf), 0) <= 0)
				break;
		}
		close(fd);
		logmsg("listener: %s: hold ended", peer);
		break;
	case ACT_HTTP:
		if (!opt.readfirst)
			got = read_line(fd, 1000, buf, sizeof(buf), &eof);
		send_http_400(fd);
		shutdown(fd, SHUT_WR);
		while (wait_readable(fd, 200) > 0 && recv(fd, buf, sizeof(buf), 0) > 0)
			;
		close(fd);
		logmsg("listener: %s: answered HTTP 400 (request %zu bytes)", peer, got);
		break;
	}
}

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int
nchildren(void)
{
	int n = 0;

	for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
		if (children[i] > 0)
			n++;
	return n;
}

static void
reap(int block)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, block ? 0 : WNOHANG)) > 0) {
		for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
			if (children[i] == pid)
				children[i] = 0;
		block = 0;
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: listener [-6] [-p PORT] [-o PORTFILE] [-s FILE] [-d MS] [-r]"
	    " [-t BYTES_PER_SEC] [-R] [-w MS] [-a close|reset|hold|http] [-c MAXCONN]"
	    " [-H MAXHOLD_S]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	struct sockaddr_storage ss;
	socklen_t sl;
	int c, lfd, one = 1;
	pid_t parent = getpid();

	while ((c = getopt(argc, argv, "6p:o:s:d:rt:Rw:a:c:H:")) != -1) {
		switch (c) {
		case '6': opt.v6 = 1; break;
		case 'p': opt.port = (int)parse_long(optarg, "port", 0, 65535); break;
		case 'o': opt.portfile = optarg; break;
		case 's': load_file(optarg); break;
		case 'd': opt.delay_ms = parse_long(optarg, "delay", 0, 600000); break;
		case 'r': opt.readfirst = 1; break;
		case 't': opt.rate = parse_long(optarg, "rate", 1, 100000000); break;
		case 'R': opt.repeat = 1; break;
		case 'w': opt.after_ms = parse_long(optarg, "wait", 0, 600000); break;
		case 'c':
			opt.maxconn = (int)parse_long(optarg, "max connections", 1,
			    (long)(sizeof(children) / sizeof(children[0])));
			break;
		case 'H': opt.maxhold_s = parse_long(optarg, "max hold", 1, 86400); break;
		case 'a':
			if (strcmp(optarg, "close") == 0) opt.act = ACT_CLOSE;
			else if (strcmp(optarg, "reset") == 0) opt.act = ACT_RESET;
			else if (strcmp(optarg, "hold") == 0) opt.act = ACT_HOLD;
			else if (strcmp(optarg, "http") == 0) opt.act = ACT_HTTP;
			else die("bad action: %s", optarg);
			break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;	/* no SA_RESTART: let accept() return EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	memset(&ss, 0, sizeof(ss));
	if (opt.v6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_loopback;
		s6->sin6_port = htons((uint16_t)opt.port);
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s4->sin_port = htons((uint16_t)opt.port);
		sl = sizeof(*s4);
	}
	if ((lfd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		die("socket: %s", strerror(errno));
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (opt.v6)
		setsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&ss, sl) < 0)
		die("bind port %d: %s", opt.port, strerror(errno));
	if (listen(lfd, 16) < 0)
		die("listen: %s", strerror(errno));
	sl = sizeof(ss);
	if (getsockname(lfd, (struct sockaddr *)&ss, &sl) < 0)
		die("getsockname: %s", strerror(errno));
	opt.port = ntohs(opt.v6 ? ((struct sockaddr_in6 *)&ss)->sin6_port :
	    ((struct sockaddr_in *)&ss)->sin_port);
	if (opt.portfile)
		write_portfile(opt.port);
	else
		printf("%d\n", opt.port);
	fflush(stdout);
	logmsg("listener: pid %ld listening on %s port %d", (long)getpid(),
	    opt.v6 ? "::1" : "127.0.0.1", opt.port);

	while (!stop) {
		struct sockaddr_storage peer;
		socklen_t pl = sizeof(peer);
		char host[INET6_ADDRSTRLEN] = "?", name[INET6_ADDRSTRLEN + 16];
		int fd, pport;
		pid_t pid;

		reap(0);
		if (nchildren() >= opt.maxconn) {
			/* wait for one to finish; a signal interrupts this */
			reap(1);
			continue;
		}
		if (wait_readable(lfd, 500) <= 0)
			continue;
		fd = accept4(lfd, (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN)
				continue;
			logmsg("listener: accept: %s", strerror(errno));
			sleep_ms(50);
			continue;
		}
		if (peer.ss_family == AF_INET6) {
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&peer)->sin6_addr, host, sizeof(host));
			pport = ntohs(((struct sockaddr_in6 *)&peer)->sin6_port);
		} else {
			inet_ntop(AF_INET, &((struct sockaddr_in *)&peer)->sin_addr, host, sizeof(host));
			pport = ntohs(((struct sockaddr_in *)&peer)->sin_port);
		}
		snprintf(name, sizeof(name), "%s:%d", host, pport);
		logmsg("listener: accepted %s", name);

		pid = fork();
		if (pid < 0) {
			logmsg("listener: fork: %s", strerror(errno));
			set_linger0(fd);
			close(fd);
			continue;
		}
		if (pid == 0) {
			close(lfd);
			/* die with the parent, so killing the listener ends every connection */
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			if (getppid() != parent)
				_exit(0);
			serve(fd, name);
			_exit(0);
		}
		close(fd);
		for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
			if (children[i] == 0) {
				children[i] = pid;
				break;
			}
	}
	close(lfd);
	for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
		if (children[i] > 0)
			kill(children[i], SIGTERM);
	for (int tries = 0; tries < 20 && nchildren() > 0; tries++) {
		reap(0);
		if (nchildren() > 0)
			sleep_ms(50);
	}
	for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
		if (children[i] > 0)
			kill(children[i], SIGKILL);
	reap(0);
	free(opt.data);
	return 0;
}
