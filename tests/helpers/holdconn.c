/*
 * holdconn: open N TCP connections to HOST PORT and hold them open.
 *
 *   holdconn [-b] [-s SECONDS] [-w CONNECT_TIMEOUT_S] HOST PORT N
 *
 * Connects N times (each connect bounded by -w, default 5 s), optionally waits for the
 * first line the server sends on each (-b: e.g. sshd's banner, which proves the server
 * has taken the connection on), prints "ready" on standard output, then keeps every
 * connection open, sending nothing, for SECONDS (default 60) or until killed.
 * Exit 0 after the hold, 1 if a connection or the banner wait failed, 2 on usage errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define MAXN 256

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long
parse_long(const char *s, const char *what, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "holdconn: bad %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

/* Non-blocking connect bounded by ms; returns the fd (blocking again) or -1. */
static int
connect_to(const struct addrinfo *ai, long ms)
{
	struct pollfd p;
	int fd, err = 0, fl;
	socklen_t el = sizeof(err);

	if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol)) < 0)
		return -1;
	fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		if (errno != EINPROGRESS) {
			err = errno;
			goto fail;
		}
		p.fd = fd;
		p.events = POLLOUT;
		if (poll(&p, 1, (int)ms) <= 0) {
			err = ETIMEDOUT;
			goto fail;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0 || err != 0)
			goto fail;
	}
	fcntl(fd, F_SETFL, fl);
	return fd;
fail:
	close(fd);
	errno = err ? err : EIO;
	return -1;
}

/* Wait for a newline from fd, at most ms. 0 on success. */
static int
read_line(int fd, long ms)
{
	long long end = now_ms() + ms;
	char buf[512];

	while (!stop) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long left = (long)(end - now_ms());
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return -1;
		/* peek, so the bytes stay unread like a client that stalls after the banner */
		n = recv(fd, buf, sizeof(buf), MSG_PEEK);
		if (n <= 0)
			return -1;
		if (memchr(buf, '\n', (size_t)n) != NULL)
			return 0;
		if ((size_t)n == sizeof(buf))
			return 0;
		/* partial line: wait a little for more */
		poll(NULL, 0, 20);
	}
	return -1;
}

int
main(int argc, char **argv)
{
	struct addrinfo hints, *res;
	struct sigaction sa;
	int fds[MAXN];
	long secs = 60, wait_s = 5, n;
	int c, banner = 0, rc;
	long long end;

	while ((c = getopt(argc, argv, "bs:w:")) != -1) {
		switch (c) {
		case 'b': banner = 1; break;
		case 's': secs = parse_long(optarg, "seconds", 0, 86400); break;
		case 'w': wait_s = parse_long(optarg, "connect timeout", 1, 600); break;
		default: goto usage;
		}
	}
	if (argc - optind != 3)
		goto usage;
	n = parse_long(argv[optind + 2], "connection count", 1, MAXN);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(argv[optind], argv[optind + 1], &hints, &res)) != 0) {
		fprintf(stderr, "holdconn: %s: %s\n", argv[optind], gai_strerror(rc));
		return 1;
	}
	for (long i = 0; i < n; i++) {
		if ((fds[i] = connect_to(res, wait_s * 1000)) < 0) {
			fprintf(stderr, "holdconn: connection %ld: %s\n", i + 1, strerror(errno));
			freeaddrinfo(res);
			return 1;
		}
		if (banner && read_line(fds[i], wait_s * 1000) != 0) {
			fprintf(stderr, "holdconn: connection %ld: no line from the server\n", i + 1);
			freeaddrinfo(res);
			return 1;
		}
	}
	freeaddrinfo(res);
	printf("ready\n");
	fflush(stdout);

	end = now_ms() + secs * 1000;
	while (!stop && now_ms() < end) {
		long left = (long)(end - now_ms());
		struct timespec ts = { .tv_sec = 0, .tv_nsec = 200 * 1000000L };

		if (left < 200)
			ts.tv_nsec = left * 1000000L;
		nanosleep(&ts, NULL);
	}
	for (long i = 0; i < n; i++)
		close(fds[i]);
	return 0;
usage:
	fprintf(stderr, "usage: holdconn [-b] [-s SECONDS] [-w CONNECT_TIMEOUT_S] HOST PORT N\n");
	return 2;
}
