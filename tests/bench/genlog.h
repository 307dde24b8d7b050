/* genlog.h: writes a synthetic sshd log of about N bytes, fast (the bench needs 1 GB); used by genlog.c and tests/unit/test_sshdlog_filter.c. */
/*
 * Realistic lines of an Internet-facing server under brute force: failed
 * passwords for invalid users, closed preauth connections, MaxStartups drops
 * (OpenSSH 9.2 and 9.8+ wording) and 9.8+ PerSourcePenalties lines, in syslog
 * form with timestamps that move forward. A fixed seed makes the bytes the
 * same on every run, so runs of the bench compare.
 */
#ifndef GENLOG_H
#define GENLOG_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t	 seed = 42;

/* xorshift64*: fast and deterministic; randomness quality is irrelevant here. */
static uint32_t
rnd(uint32_t n)
{
	seed ^= seed >> 12;
	seed ^= seed << 25;
	seed ^= seed >> 27;
	return (uint32_t)((seed * 2685821657736338717ULL) >> 32) % n;
}

/* An attacker among about 750 addresses of the documentation ranges. */
static void
addr(char *buf, size_t len)
{
	static const char *const nets[] = { "198.51.100", "203.0.113", "192.0.2" };

	snprintf(buf, len, "%s.%u", nets[rnd(3)], rnd(250) + 1);
}

/*
 * Write about want bytes of log lines to out (the same bytes for the same
 * arguments), the first stamped start seconds after Jan  1 00:00:00.
 */
static int
genlog_write_from(FILE *out, unsigned long long want, unsigned long start)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static const char *const users[] = { "admin", "root", "test", "user", "oracle",
	    "postgres", "ubuntu", "git", "ftpuser", "guest", "pi", "support", "deploy",
	    "jenkins", "hadoop", "mysql", "www-data", "nagios", "ansible", "minecraft" };
	unsigned long long total = 0;
	unsigned long	 t = start, pid = 10000;
	char		 ts[32], a[32];
	const char	*u;
	unsigned	 d, r, port;
	int		 n;

	seed = 42;
	while (total < want) {
		t += rnd(10) < 3;
		d = (unsigned)(t / 86400);
		snprintf(ts, sizeof ts, "%s %2u %02lu:%02lu:%02lu", mon[(d / 28) % 12],
		    d % 28 + 1, (t / 3600) % 24, (t / 60) % 60, t % 60);
		r = rnd(100);
		addr(a, sizeof a);
		port = 1024 + rnd(64000);
		u = users[rnd(sizeof users / sizeof users[0])];
		if (r < 40)
			n = fprintf(out, "%s web1 sshd[%lu]: Failed password for invalid user %s from %s port %u ssh2\n",
			    ts, ++pid, u, a, port);
		else if (r < 55)
			n = fprintf(out, "%s web1 sshd[%lu]: Invalid user %s from %s port %u\n", ts, pid, u, a, port);
		else if (r < 70)
			n = fprintf(out, "%s web1 sshd[%lu]: Connection closed by authenticating user root %s port %u [preauth]\n",
			    ts, pid, a, port);
		else if (r < 80)
			n = fprintf(out, "%s web1 sshd[%lu]: Received disconnect from %s port %u:11: Bye Bye [preauth]\n",
			    ts, pid, a, port);
		else if (r < 88)
			n = fprintf(out, "%s web1 sshd[%lu]: Disconnected from invalid user %s %s port %u [preauth]\n",
			    ts, pid, u, a, port);
		else if (r < 93)
			n = fprintf(out, "%s web1 sshd[812]: drop connection #%u from [%s]:%u on [192.0.2.1]:22 past MaxStartups\n",
			    ts, 10 + rnd(20), a, port);
		else if (r < 96)
			n = fprintf(out, "%s web1 sshd[812]: drop connection #0 from [%s]:%u on [192.0.2.1]:22 penalty: failed authentication\n",
			    ts, a, port);
		else if (r < 98)
			n = fprintf(out, "%s web1 sshd[812]: srclimit_penalise: ipv4: new %s/32 deferred penalty of 5 seconds for penalty: attempted authentication by invalid user\n",
			    ts, a);
		else if (r < 99)
			n = fprintf(out, "%s web1 sshd[812]: srclimit_penalise: %s/32: activating ipv4 penalty of 20.000 seconds for penalty: failed authentication\n",
			    ts, a);
		else
			n = fprintf(out, "%s web1 sshd-session[%lu]: Connection closed by %s port %u [preauth]\n",
			    ts, pid, a, port);
		if (n < 0)
			return 1;
		total += (unsigned long long)n;
	}
	return fflush(out) == 0 ? 0 : 1;
}

#endif
