/* test_sshdlog.c: the sshd log line catalog (checks/sshdlog-parse.h), its tally and pick, and address matching (checks/ipnet.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ipnet.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "checks/parse/sshdlog-parse.h"
#include "tests/unit/testutil.h"

struct want {
	const char	*line;
	enum sshdlog_cat cat;
	int		 drop;
	int		 startups;
	const char	*addr;		/* expected address text, NULL: none */
};

/* One line per message form and version range (and prefixes syslog, journal, -E give them). */
static const struct want catalog[] = {
	/* MaxStartups: 7.4 (verbose) to 9.7, 9.8+ lower-case s, 10.x rate limit */
	{ "Mar  6 06:31:31 ip-172-31-35-28 sshd[620]: drop connection #10 from [65.2.161.68]:46482 on [172.31.35.28]:22 past MaxStartups",
	    SSHDLOG_MAXSTARTUPS, 1, 10, "65.2.161.68" },
	{ "drop connection #1 from [127.0.0.1]:51092 on [127.0.0.1]:22998 past MaxStartups",
	    SSHDLOG_MAXSTARTUPS, 1, 1, "127.0.0.1" },
	{ "2026-11-21T09:00:00.223456+00:00 host sshd[900]: drop connection #10 from [2001:db8::7]:40000 on [2001:db8::1]:22 past Maxstartups",
	    SSHDLOG_MAXSTARTUPS, 1, 10, "2001:db8::7" },
	{ "Mar  6 06:31:31 h sshd[620]: error: beginning MaxStartups throttling", SSHDLOG_MAXSTARTUPS, 0, -1, NULL },
	{ "exited MaxStartups throttling after 00:01:09, 3 connections dropped", SSHDLOG_MAXSTARTUPS, 0, -1, NULL },
	{ "sshd[1]: error: in MaxStartups throttling for 00:05:01, 40 connections dropped", SSHDLOG_MAXSTARTUPS, 0, -1, NULL },
	{ "Nov 21 11:00:01 host sshd[77]: drop connection logging rate-limited: additional 312 connections dropped",
	    SSHDLOG_MAXSTARTUPS, 0, -1, NULL },
	/* hypothetical per-source wording */
	{ "sshd[620]: drop connection #4 from [192.0.2.9]:46482 on [192.0.2.1]:22 past PerSourceMaxStartups",
	    SSHDLOG_PERSOURCE, 1, 4, "192.0.2.9" },
	/* penalties, 9.8+ */
	{ "2026-11-22T08:00:03+0000 host sshd[700]: drop connection #0 from [192.0.2.7]:50010 on [192.0.2.1]:22 penalty: failed authentication",
	    SSHDLOG_PENALTY, 1, 0, "192.0.2.7" },
	{ "sshd[700]: drop connection #0 from [198.51.100.99]:1234 on [192.0.2.1]:22 too many penalised addresses",
	    SSHDLOG_PENALTY, 1, 0, "198.51.100.99" },
	{ "sshd[700]: srclimit_penalise: ipv4: new 203.0.113.0/24 active penalty of 30.000 seconds for penalty: connections without attempting authentication",
	    SSHDLOG_PENALTY, 0, -1, "203.0.113.0/24" },
	{ "sshd[700]: srclimit_penalise: ipv6: new 2001:db8::/64 active penalty of 30 seconds for penalty: caused crash",
	    SSHDLOG_PENALTY, 0, -1, "2001:db8::/64" },
	{ "sshd[700]: srclimit_penalise: ipv4: new 192.0.2.7/32 deferred penalty of 5 seconds for penalty: failed authentication",
	    SSHDLOG_PENALTY, 0, -1, NULL },
	{ "sshd[700]: srclimit_penalise: 192.0.2.7/32: activating ipv4 penalty of 20.000 seconds for penalty: failed authentication",
	    SSHDLOG_PENALTY, 0, -1, "192.0.2.7" },
	{ "sshd[700]: srclimit_penalise: ipv4 penalty table full, cannot penalise 198.51.100.100/32 for penalty: failed authentication",
	    SSHDLOG_PENALTY, 0, -1, NULL },
	/* host keys */
	{ "Unable to load host key: /etc/ssh/ssh_host_ecdsa_key", SSHDLOG_HOSTKEY_MISSING, 0, -1, NULL },
	{ "Unable to load host key \"/etc/ssh/k\": bad permissions", SSHDLOG_HOSTKEY_PERMS, 0, -1, NULL },
	{ "Jan 10 08:00:00 centos7 sshd[1001]: Could not load host key: /etc/ssh/ssh_host_ed25519_key",
	    SSHDLOG_HOSTKEY_MISSING, 0, -1, NULL },
	{ "sshd: no hostkeys available -- exiting.", SSHDLOG_HOSTKEY_MISSING, 0, -1, NULL },
	{ "Permissions 0644 for '/etc/ssh/ssh_host_ed25519_key' are too open.", SSHDLOG_HOSTKEY_PERMS, 0, -1, NULL },
	/* libraries and resources */
	{ "Feb  2 03:00:00 db1 sshd[2222]: OpenSSL version mismatch. Built against 30000020, you have 30000100",
	    SSHDLOG_OPENSSL, 0, -1, NULL },
	{ "2026-11-20T01:00:00+0000 app sshd[555]: error: fork: Cannot allocate memory", SSHDLOG_RESOURCE, 0, -1, NULL },
	{ "Nov 20 01:00:00 app sshd[555]: error: fork: Resource temporarily unavailable", SSHDLOG_RESOURCE, 0, -1, NULL },
	{ "Nov 20 01:00:00 app sshd[555]: error: accept: Too many open files", SSHDLOG_RESOURCE, 0, -1, NULL },
	{ "sshd[1]: fatal: fork of unprivileged child failed", SSHDLOG_RESOURCE, 0, -1, NULL },
	/* TCP wrappers */
	{ "Nov 20 02:00:00 gw sshd[4100]: refused connect from 192.0.2.7 (192.0.2.7)", SSHDLOG_TCPWRAP, 0, -1, "192.0.2.7" },
	{ "Nov 20 02:00:05 gw sshd[4101]: refused connect from ::ffff:192.0.2.7 (::ffff:192.0.2.7)",
	    SSHDLOG_TCPWRAP, 0, -1, "192.0.2.7" },
	{ "Nov 20 02:00:00 gw sshd[4100]: refused connect from host.example.net (198.51.100.3)",
	    SSHDLOG_TCPWRAP, 0, -1, "198.51.100.3" },
	{ "Nov 20 02:00:00 gw sshd[4100]: refused connect from host.example.net[198.51.100.4]",
	    SSHDLOG_TCPWRAP, 0, -1, "198.51.100.4" },
	{ "Nov 20 02:00:00 gw sshd[4100]: refused connect from bob@192.0.2.5", SSHDLOG_TCPWRAP, 0, -1, "192.0.2.5" },
	/* sessions and StrictModes */
	{ "sshd[5000]: Authentication refused: bad ownership or modes for directory /home/alice", SSHDLOG_AUTHKEYS, 0, -1, NULL },
	{ "sshd[5001]: Authentication refused: bad ownership or modes for file /home/b/.ssh/authorized_keys", SSHDLOG_AUTHKEYS, 0, -1, NULL },
	{ "2026-11-20T04:00:00+0000 srv sshd[6000]: error: no more sessions", SSHDLOG_MAXSESSIONS, 0, -1, NULL },
	/* mandatory access control */
	{ "type=AVC msg=audit(1700000000.123:456): avc:  denied  { name_bind } for  pid=1234 comm=\"sshd\" src=2222 scontext=system_u:system_r:sshd_t:s0-s0:c0.c1023 tcontext=system_u:object_r:unreserved_port_t:s0 tclass=tcp_socket permissive=0",
	    SSHDLOG_SELINUX, 0, -1, NULL },
	{ "[   12.345678] audit: type=1400 audit(1700000000.000:10): apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/sbin/sshd\" name=\"/x\" pid=700 comm=\"sshd\"",
	    SSHDLOG_APPARMOR, 0, -1, NULL },
	{ "2026-11-20T05:00:00+0000 srv kernel: audit: type=1400 audit(1:10): apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/sbin/sshd\" comm=\"sshd\"",
	    SSHDLOG_APPARMOR, 0, -1, NULL },
	/* banner exchange */
	{ "Nov 20 01:00:00 app sshd[3001]: banner exchange: Connection from 203.0.113.77 port 41234: invalid format",
	    SSHDLOG_BANNER, 0, -1, "203.0.113.77" },
	{ "sshd[3002]: error: kex_exchange_identification: Connection closed by remote host", SSHDLOG_BANNER, 0, -1, NULL },
	{ "Jan 10 08:00:00 centos7 sshd[1101]: Did not receive identification string from 192.0.2.80 port 40100",
	    SSHDLOG_BANNER, 0, -1, "192.0.2.80" },
	{ "sshd[1]: Bad protocol version identification 'GET / HTTP/1.1' from 192.0.2.81 port 4000",
	    SSHDLOG_BANNER, 0, -1, "192.0.2.81" },
	/* sshd-session (9.8+) and sshd-auth (10.x) are sshd too */
	{ "2026-11-20T06:00:00+0000 srv sshd-session[7000]: error: no more sessions", SSHDLOG_MAXSESSIONS, 0, -1, NULL },
	{ "2026-11-20T06:00:00+0000 srv sshd-auth[7000]: Authentication refused: bad ownership or modes for file /x [preauth]",
	    SSHDLOG_AUTHKEYS, 0, -1, NULL },
	/* other programs' lines and unrelated sshd lines */
	{ "Nov 20 01:00:11 app systemd[1]: fork: Cannot allocate memory", SSHDLOG_NONE, 0, -1, NULL },
	{ "Nov 20 02:00:06 gw in.telnetd[4102]: refused connect from 192.0.2.99", SSHDLOG_NONE, 0, -1, NULL },
	{ "type=AVC msg=audit(1:457): avc:  denied  { read } for  pid=99 comm=\"httpd\" scontext=system_u:system_r:httpd_t:s0", SSHDLOG_NONE, 0, -1, NULL },
	{ "Nov 20 01:00:10 app sshd[3003]: Accepted publickey for alice from 192.0.2.10 port 50000 ssh2", SSHDLOG_NONE, 0, -1, NULL },
	{ "Server listening on 0.0.0.0 port 22.", SSHDLOG_NONE, 0, -1, NULL },
	{ "", SSHDLOG_NONE, 0, -1, NULL },
	{ "-- No entries --", SSHDLOG_NONE, 0, -1, NULL },
	/* fail2ban 1.0 (fail2ban.log as a real fail2ban-server wrote it; the journal) */
	{ "2026-12-05 12:23:27,383 fail2ban.actions        [13333]: NOTICE  [sshd] Ban 203.0.113.7",
	    SSHDLOG_BANNED, 0, -1, "203.0.113.7" },
	{ "Dec 05 12:23:27 web1 fail2ban-server[13333]: fail2ban.actions        [13333]: NOTICE  "
	    "[sshd] Restore Ban 2001:db8::7", SSHDLOG_BANNED, 0, -1, "2001:db8::7" },
	{ "2026-12-05 12:23:27,383 fail2ban.actions [9]: WARNING [sshd-ddos] 192.0.2.7 already banned",
	    SSHDLOG_BANNED, 0, -1, "192.0.2.7" },
	{ "2026-12-05 12:23:27,383 fail2ban.actions [9]: NOTICE  [recidive] Ban 192.0.2.8",
	    SSHDLOG_BANNED, 0, -1, "192.0.2.8" },
	/* another service's jail, a lifted ban, a match that is no ban */
	{ "2026-12-05 12:23:27,494 fail2ban.actions        [13333]: NOTICE  [nginx-http-auth] Ban "
	    "198.51.100.9", SSHDLOG_NONE, 0, -1, NULL },
	{ "2026-12-05 12:23:27,547 fail2ban.actions        [13333]: NOTICE  [sshd] Unban 203.0.113.7",
	    SSHDLOG_NONE, 0, -1, NULL },
	{ "2026-12-05 12:23:27,547 fail2ban.filter         [13333]: INFO    [sshd] Found 203.0.113.7 - "
	    "2026-12-05 12:23:27", SSHDLOG_NONE, 0, -1, NULL },
	/* the kernel's log of ufw's and firewalld's rules (dmesg as this kernel wrote it, kern.log) */
	{ "[73434.080087] [UFW BLOCK] IN=lo OUT= MAC=00:00:00:00:00:00:00:00:00:00:00:00:08:00 "
	    "SRC=127.0.0.1 DST=127.0.0.1 LEN=60 TOS=0x10 PREC=0x00 TTL=64 ID=17091 DF PROTO=TCP "
	    "SPT=40816 DPT=22 WINDOW=65495 RES=0x00 SYN URGP=0 ", SSHDLOG_FW_DROP, 0, -1, "127.0.0.1" },
	{ "Dec  5 12:25:01 web1 kernel: [UFW LIMIT BLOCK] IN=eth0 OUT= SRC=203.0.113.9 DST=10.0.0.2 "
	    "LEN=60 PROTO=TCP SPT=40816 DPT=22 SYN URGP=0", SSHDLOG_FW_DROP, 0, -1, "203.0.113.9" },
	{ "Dec 05 12:25:01 web1 kernel: filter_IN_public_REJECT: IN=eth0 OUT= SRC=203.0.113.9 "
	    "DST=10.0.0.2 LEN=60 PROTO=TCP SPT=40816 DPT=22 SYN", SSHDLOG_FW_REJECT, 0, -1,
	    "203.0.113.9" },
	{ "kernel: filter_IN_public_DROP: IN=eth0 SRC=2001:db8::9 DST=2001:db8::2 PROTO=TCP SPT=4 "
	    "DPT=22", SSHDLOG_FW_DROP, 0, -1, "2001:db8::9" },
	/* another port, another protocol, a rule that lets it through */
	{ "[1.0] [UFW BLOCK] IN=eth0 SRC=203.0.113.9 DST=10.0.0.2 PROTO=TCP SPT=4 DPT=2222 SYN",
	    SSHDLOG_NONE, 0, -1, NULL },
	{ "[1.0] [UFW BLOCK] IN=eth0 SRC=203.0.113.9 DST=10.0.0.2 PROTO=UDP SPT=4 DPT=22",
	    SSHDLOG_NONE, 0, -1, NULL },
	{ "[1.0] [UFW ALLOW] IN=eth0 SRC=203.0.113.9 DST=10.0.0.2 PROTO=TCP SPT=4 DPT=22",
	    SSHDLOG_NONE, 0, -1, NULL },
	/* sshd's own line with those words in it is a client's words */
	{ "Dec  5 10:00:00 h sshd[1]: Invalid user fail2ban] Ban 192.0.2.1 from 192.0.2.2 port 2",
	    SSHDLOG_INVALID_USER, 0, -1, "192.0.2.2" },
};

static void
test_catalog(void **state)
{
	struct sshdlog_match	 m;
	char			 text[80];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof catalog / sizeof catalog[0]; i++) {
		const struct want *w = &catalog[i];

		sshdlog_match(w->line, strlen(w->line), &m);
		if (m.cat != w->cat)
			fail_msg("line %zu: got %s, want %s: %s", i, sshdlog_cat_name(m.cat),
			    sshdlog_cat_name(w->cat), w->line);
		assert_int_equal(m.drop, w->drop);
		if (m.startups != w->startups)
			fail_msg("line %zu: startups %d, want %d", i, m.startups, w->startups);
		if (w->addr == NULL) {
			if (m.has_addr)
				fail_msg("line %zu: unexpected address", i);
		} else {
			if (!m.has_addr)
				fail_msg("line %zu: no address, want %s", i, w->addr);
			ipnet_format(&m.addr, text, sizeof text);
			assert_string_equal(text, w->addr);
		}
		if (m.cat != SSHDLOG_NONE)
			assert_non_null(m.form);
	}
}

static void
test_rate_limited_count(void **state)
{
	struct sshdlog_scan	 s;
	const char		*text = "sshd[77]: drop connection #100 from [192.0.2.44]:3333 on "
	    "[192.0.2.1]:22 past Maxstartups\nsshd[77]: drop connection logging rate-limited: "
	    "additional 312 connections dropped\n";

	(void)state;
	sshdlog_scan_init(&s);
	sshdlog_feed(&s, text, strlen(text));
	sshdlog_finish(&s);
	assert_int_equal(s.cat[SSHDLOG_MAXSTARTUPS].lines, 2);
	assert_int_equal(s.cat[SSHDLOG_MAXSTARTUPS].drops, 313);
	sshdlog_scan_free(&s);
}

/* At the default LogLevel only an episode's first drop is logged: the summaries count. */
static void
test_episodes(void **state)
{
	struct sshdlog_scan	 s;
	const char		*text =
	    "sshd[1]: error: beginning MaxStartups throttling\n"
	    "sshd[1]: drop connection #10 from [192.0.2.7]:1 on [192.0.2.1]:22 past MaxStartups\n"
	    "sshd[1]: exited MaxStartups throttling after 00:01:09, 41 connections dropped\n"
	    "sshd[1]: error: beginning MaxStartups throttling\n"
	    "sshd[1]: drop connection #10 from [192.0.2.8]:1 on [192.0.2.1]:22 past MaxStartups\n"
	    "sshd[1]: error: in MaxStartups throttling for 00:05:00, 7 connections dropped\n"
	    "sshd[1]: error: in MaxStartups throttling for 00:10:00, 12 connections dropped\n";

	(void)state;
	sshdlog_scan_init(&s);
	sshdlog_feed(&s, text, strlen(text));
	assert_int_equal(s.cat[SSHDLOG_MAXSTARTUPS].drops, 2);
	assert_int_equal(sshdlog_maxstartups_drops(&s), 41 + 12);
	sshdlog_scan_free(&s);
}

/* A drop of connection #N below MaxStartups' start can only be the per-source limit. */
static void
test_persource_inference(void **state)
{
	struct sshdlog_scan	 s;
	const char		*text =
	    "sshd[1]: drop connection #2 from [192.0.2.7]:1 on [192.0.2.1]:22 past MaxStartups\n"
	    "sshd[1]: drop connection #12 from [192.0.2.8]:1 on [192.0.2.1]:22 past MaxStartups\n";
	int			 fc;

	(void)state;
	sshdlog_scan_init(&s);
	sshdlog_feed(&s, text, strlen(text));
	assert_int_equal(s.cat[SSHDLOG_MAXSTARTUPS].drops, 2);
	assert_int_equal(s.cat[SSHDLOG_PERSOURCE].drops, 0);
	sshdlog_scan_free(&s);

	sshdlog_scan_init(&s);
	s.maxstartups_begin = 10;
	assert_int_equal(ipnet_parse_str("192.0.2.7", &s.client), 0);
	s.have_client = 1;
	sshdlog_feed(&s, text, strlen(text));
	assert_int_equal(s.cat[SSHDLOG_MAXSTARTUPS].drops, 1);
	assert_int_equal(s.cat[SSHDLOG_PERSOURCE].drops, 1);
	assert_int_equal(s.cat[SSHDLOG_PERSOURCE].client, 1);
	assert_int_equal(sshdlog_pick(&s, &fc), SSHDLOG_PERSOURCE);
	assert_int_equal(fc, 1);
	sshdlog_scan_free(&s);
}

static void
feed_text(struct sshdlog_scan *s, const char *text)
{
	sshdlog_feed(s, text, strlen(text));
	sshdlog_finish(s);
}

static void
test_pick(void **state)
{
	struct sshdlog_scan	 s;
	int			 fc;

	(void)state;
	/* nothing, or only banner errors: no pick */
	sshdlog_scan_init(&s);
	feed_text(&s, "sshd[1]: banner exchange: Connection from 192.0.2.7 port 1: invalid format\n");
	assert_int_equal(sshdlog_pick(&s, &fc), SSHDLOG_NONE);
	sshdlog_scan_free(&s);

	/* priority without a client: TCP wrappers before MaxStartups before host keys */
	sshdlog_scan_init(&s);
	feed_text(&s, "sshd: no hostkeys available -- exiting.\n"
	    "sshd[1]: drop connection #10 from [192.0.2.9]:1 on [192.0.2.1]:22 past MaxStartups\n"
	    "sshd[2]: refused connect from 198.51.100.3 (198.51.100.3)\n");
	assert_int_equal(sshdlog_pick(&s, &fc), SSHDLOG_TCPWRAP);
	assert_int_equal(fc, 0);
	sshdlog_scan_free(&s);

	/* with a client: its lines first, whatever the priority */
	sshdlog_scan_init(&s);
	assert_int_equal(ipnet_parse_str("192.0.2.9", &s.client), 0);
	s.have_client = 1;
	feed_text(&s, "sshd: no hostkeys available -- exiting.\n"
	    "sshd[1]: drop connection #10 from [192.0.2.9]:1 on [192.0.2.1]:22 past MaxStartups\n"
	    "sshd[2]: refused connect from 198.51.100.3 (198.51.100.3)\n");
	assert_int_equal(sshdlog_pick(&s, &fc), SSHDLOG_MAXSTARTUPS);
	assert_int_equal(fc, 1);
	sshdlog_scan_free(&s);

	/* with a client: another address's per-source lines do not explain its failure */
	sshdlog_scan_init(&s);
	assert_int_equal(ipnet_parse_str("192.0.2.1", &s.client), 0);
	s.have_client = 1;
	feed_text(&s, "sshd[2]: refused connect from 198.51.100.3 (198.51.100.3)\n"
	    "sshd: Permissions 0644 for '/etc/ssh/k' are too open.\n");
	assert_int_equal(sshdlog_pick(&s, &fc), SSHDLOG_HOSTKEY_PERMS);
	assert_int_equal(fc, 0);
	sshdlog_scan_free(&s);

	/* a penalty on the client's network names the client */
	sshdlog_scan_init(&s);
	assert_int_equal(ipnet_parse_str("203.0.113.77", &s.client), 0);
	s.have_client = 1;
	feed_text(&s, "sshd[700]: srclimit_penalise: ipv4: new 203.0.113.0/24 active penalty of "
	    "30.000 seconds for penalty: failed authentication\n");
	assert_int_equal(sshdlog_pick(&s, &fc), SSHDLOG_PENALTY);
	assert_int_equal(fc, 1);
	sshdlog_scan_free(&s);
}

/* Every chunking of a stream gives the same tally as one feed. */
static void
test_chunking(void **state)
{
	static const char text[] =
	    "Mar  6 06:31:31 h sshd[620]: error: beginning MaxStartups throttling\n"
	    "Mar  6 06:31:31 h sshd[620]: drop connection #10 from [65.2.161.68]:46482 on [172.31.35.28]:22 past MaxStartups\r\n"
	    "\n"
	    "Nov 20 01:00:00 app sshd[555]: error: fork: Cannot allocate memory\n"
	    "sshd[4100]: refused connect from 192.0.2.7 (192.0.2.7)\n"
	    "Nov 20 01:00:10 app sshd[3003]: Accepted publickey for alice\n"
	    "sshd: no hostkeys available -- exiting.";
	struct sshdlog_scan	 a, b;
	uint64_t		 rs = 42;
	size_t			 off, n, c, i, round;

	(void)state;
	sshdlog_scan_init(&a);
	feed_text(&a, text);
	assert_int_equal(a.lines, 7);
	for (round = 0; round < 200; round++) {
		sshdlog_scan_init(&b);
		for (off = 0; off < sizeof text - 1; off += n) {
			n = (size_t)(tu_rand(&rs) % 23);
			if (n > sizeof text - 1 - off)
				n = sizeof text - 1 - off;
			sshdlog_feed(&b, text + off, n);
		}
		sshdlog_finish(&b);
		assert_int_equal(a.lines, b.lines);
		for (c = 0; c < SSHDLOG_NCATS; c++) {
			assert_int_equal(a.cat[c].lines, b.cat[c].lines);
			assert_int_equal(a.cat[c].drops, b.cat[c].drops);
			for (i = 0; i < a.cat[c].nfirst; i++)
				assert_string_equal(a.cat[c].first[i], b.cat[c].first[i]);
		}
		sshdlog_scan_free(&b);
	}
	sshdlog_scan_free(&a);
}

/* A line longer than the buffer is looked at in part; the next line is whole. */
static void
test_long_line(void **state)
{
	struct sshdlog_scan	 s;
	size_t			 big = 3 * SSHDLOG_LINE_MAX, i;
	char			*text = malloc(big + 200);
	int			 n;

	(void)state;
	assert_non_null(text);
	n = snprintf(text, 200, "sshd[1]: error: no more sessions ");
	for (i = (size_t)n; i < big; i++)
		text[i] = 'x';
	n = snprintf(text + big, 200, "\nsshd[1]: OpenSSL version mismatch. Built against 1, you have 2\n");
	sshdlog_scan_init(&s);
	for (i = 0; i < big + (size_t)n; i += 1000)
		sshdlog_feed(&s, text + i, big + (size_t)n - i < 1000 ? big + (size_t)n - i : 1000);
	sshdlog_finish(&s);
	assert_int_equal(s.lines, 2);
	assert_int_equal(s.cut, 1);
	assert_int_equal(s.cat[SSHDLOG_MAXSESSIONS].lines, 1);
	assert_int_equal(s.cat[SSHDLOG_OPENSSL].lines, 1);
	assert_true(strlen(s.cat[SSHDLOG_MAXSESSIONS].first[0]) <= SSHDLOG_QUOTE_MAX);
	sshdlog_scan_free(&s);
	free(text);
}

/* Quotes keep the first and the last lines, and are sanitized. */
static void
test_quotes(void **state)
{
	struct sshdlog_scan	 s;
	const struct sshdlog_tally *t;
	char			 line[128];
	unsigned long		 i;

	(void)state;
	sshdlog_scan_init(&s);
	for (i = 0; i < 10; i++) {
		snprintf(line, sizeof line, "sshd[1]: error: no more sessions %lu\x1b[31m\n", i);
		sshdlog_feed(&s, line, strlen(line));
	}
	sshdlog_finish(&s);	/* the ring of last lines is quoted there */
	t = &s.cat[SSHDLOG_MAXSESSIONS];
	assert_int_equal(t->lines, 10);
	assert_int_equal(t->nfirst, SSHDLOG_KEEP);
	assert_int_equal(t->nlast, 10 - SSHDLOG_KEEP);
	assert_non_null(strstr(t->first[0], "sessions 0"));
	assert_non_null(strstr(t->last[(t->nlast - 1) % SSHDLOG_KEEP], "sessions 9"));
	for (i = 0; i < SSHDLOG_KEEP; i++) {
		assert_null(tu_unclean(t->first[i], strlen(t->first[i])));
		assert_null(strchr(t->first[i], 0x1b));
	}
	sshdlog_scan_free(&s);
}

/* The prefilter's contract: a line holding none of its words matches nothing. */
static int
has_prefilter_word(const char *line)
{
	const char *const *w;

	for (w = sshdlog_prefilter_words(); *w != NULL; w++) {
		if (strstr(line, *w) != NULL)
			return 1;
	}
	return 0;
}

static void
test_prefilter(void **state)
{
	const char *const *w;
	size_t	 i, n = 0;

	(void)state;
	for (w = sshdlog_prefilter_words(); *w != NULL; w++, n++)
		assert_true(strlen(*w) >= 4);
	assert_true(n > 0);
	for (i = 0; i < sizeof catalog / sizeof catalog[0]; i++) {
		if (catalog[i].cat != SSHDLOG_NONE && !has_prefilter_word(catalog[i].line))
			fail_msg("line %zu matches but holds no prefilter word: %s", i,
			    catalog[i].line);
	}
	/* the bulk of a busy auth.log must not pass, or the prefilter saves nothing */
	assert_false(has_prefilter_word("Dec  4 10:00:00 srv sshd[3]: Accepted publickey for "
	    "alice from 192.0.2.10 port 50000 ssh2: ED25519 SHA256:abc"));
	assert_false(has_prefilter_word("Dec  4 10:00:00 srv sshd[3]: Failed password for "
	    "alice from 192.0.2.10 port 50000 ssh2"));
	assert_false(has_prefilter_word("Dec  4 10:00:00 srv sshd[3]: pam_unix(sshd:session): "
	    "session opened for user alice(uid=1000) by (uid=0)"));
	assert_false(has_prefilter_word("Dec  4 10:00:00 srv sshd[3]: Connection closed by "
	    "authenticating user root 192.0.2.10 port 50000 [preauth]"));
}

/* Bans and firewall drops count only in a pasted block; a later Unban of an SSH jail lifts the ban. */
static void
test_guard_pasted(void **state)
{
	static const char ban[] =
	    "2026-12-05 12:23:27,383 fail2ban.actions        [13333]: NOTICE  [sshd] Ban 203.0.113.7\n";
	static const char unban[] =
	    "2026-12-05 12:23:27,547 fail2ban.actions        [13333]: NOTICE  [sshd] Unban 203.0.113.7\n";
	struct sshdlog_scan	*s = xcalloc(1, sizeof *s);
	int			 fc;

	(void)state;
	sshdlog_scan_init(s);
	sshdlog_feed(s, ban, strlen(ban));
	sshdlog_finish(s);
	assert_int_equal(s->cat[SSHDLOG_BANNED].lines, 0);
	sshdlog_scan_free(s);

	sshdlog_scan_init(s);
	s->pasted = 1;
	sshdlog_feed(s, ban, strlen(ban));
	sshdlog_finish(s);
	assert_int_equal(s->cat[SSHDLOG_BANNED].lines, 1);
	assert_int_equal(sshdlog_pick(s, &fc), SSHDLOG_BANNED);
	sshdlog_scan_free(s);

	sshdlog_scan_init(s);
	s->pasted = 1;
	sshdlog_feed(s, ban, strlen(ban));
	sshdlog_feed(s, unban, strlen(unban));
	sshdlog_finish(s);
	assert_int_equal(sshdlog_pick(s, &fc), SSHDLOG_NONE);
	sshdlog_scan_free(s);
	free(s);
}

/*
 * A client's own words inside lines sshd begins itself (a user name, a
 * disconnect reason) are no cause: the catalog's words there are the
 * client's, not sshd's. The sshd tag also says a line is no kernel record.
 */
static void
test_client_words(void **state)
{
	static const struct {
		const char	*line;
		enum sshdlog_cat cat;
	} t[] = {
		{ "Dec  5 10:00:00 h sshd[1]: Disconnected from invalid user ROOT LOGIN REFUSED FROM "
		    "192.0.2.9 192.0.2.1 port 22 [preauth]", SSHDLOG_NONE },
		{ "Dec  5 10:00:00 h sshd[1]: Received disconnect from 192.0.2.1 port 22:11: "
		    "Certificate invalid: expired [preauth]", SSHDLOG_NONE },
		{ "Dec  5 10:00:00 h sshd[1]: Connection closed by authenticating user PAM: "
		    "pam_open_session(): x 192.0.2.1 port 2 [preauth]", SSHDLOG_NONE },
		{ "Dec  5 10:00:00 h sshd[1]: Failed password for ROOT LOGIN REFUSED FROM 192.0.2.9 "
		    "from 192.0.2.1 port 2 ssh2", SSHDLOG_NONE },
		{ "Dec  5 10:00:00 h sshd[1]: Invalid user avc:  denied comm=\"sshd\" from 192.0.2.1 "
		    "port 2", SSHDLOG_INVALID_USER },
		/* the same words where sshd or the kernel wrote them */
		{ "Dec  5 10:00:00 h sshd[1]: ROOT LOGIN REFUSED FROM 192.0.2.9 port 2",
		    SSHDLOG_ROOT_REFUSED },
		{ "Dec  5 10:00:00 h kernel: audit: type=1400 avc:  denied  { name_bind } for "
		    "pid=1 comm=\"sshd\" src=2222", SSHDLOG_SELINUX },
		{ "Dec  5 10:00:00 h sshd[1]: drop connection #3 from [192.0.2.1]:5 on "
		    "[192.0.2.2]:22 past MaxStartups", SSHDLOG_MAXSTARTUPS },
		{ "Dec  5 10:00:00 h sshd[1]: srclimit_penalise: ipv4: new 192.0.2.1/32 active "
		    "penalty of 10 seconds for authfail", SSHDLOG_PENALTY },
	};
	struct sshdlog_match	 m;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (sshdlog_match(t[i].line, strlen(t[i].line), &m) != t[i].cat)
			fail_msg("%s: category %d, want %d", t[i].line, (int)m.cat, (int)t[i].cat);
	}
}

/* Bytes that are no text at all: nothing crashes, quotes stay clean. */
static void
test_garbage(void **state)
{
	struct sshdlog_scan	 s;
	char			 buf[4096];
	uint64_t		 rs = 7;
	size_t			 i, c, k;

	(void)state;
	/* a level prefix and nothing after it (found by fuzz_sshdlog_filter: read past the end) */
	{
		static const char *const bare[] = { "zfatal: ", "fatal: ", "error: x", "fatal: f(): ",
		    "sshd[1]: error: ", "h sshd[1]: fatal: " };
		struct sshdlog_match m;

		for (i = 0; i < sizeof bare / sizeof bare[0]; i++) {
			char	*copy = xmalloc(strlen(bare[i]));	/* no NUL after it: ASan sees a read past */

			memcpy(copy, bare[i], strlen(bare[i]));
			assert_int_equal(sshdlog_match(copy, strlen(bare[i]), &m), SSHDLOG_NONE);
			free(copy);
		}
	}
	sshdlog_scan_init(&s);
	for (k = 0; k < 200; k++) {
		for (i = 0; i < sizeof buf; i++)
			buf[i] = (char)(tu_rand(&rs) & 0xff);
		memcpy(buf + 100, "sshd[1]: drop connection #", 26);
		memcpy(buf + 300, "refused connect from [", 22);
		sshdlog_feed(&s, buf, sizeof buf);
	}
	sshdlog_finish(&s);
	for (c = 0; c < SSHDLOG_NCATS; c++) {
		for (i = 0; i < s.cat[c].nfirst; i++)
			assert_null(tu_unclean(s.cat[c].first[i], strlen(s.cat[c].first[i])));
	}
	sshdlog_scan_free(&s);
}

static void
test_ipnet(void **state)
{
	struct ipnet	 a, b;
	char		 text[80];

	(void)state;
	assert_int_equal(ipnet_parse_str("192.0.2.7", &a), 0);
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(a.bits, 32);
	assert_int_equal(ipnet_parse_str("192.0.2.0/24", &b), 0);
	assert_true(ipnet_contains(&b, &a));
	assert_false(ipnet_contains(&a, &b));
	assert_true(ipnet_overlaps(&a, &b));
	assert_int_equal(ipnet_parse_str("192.0.2.9/255.255.255.0", &b), 0);
	assert_int_equal(b.bits, 24);
	ipnet_format(&b, text, sizeof text);
	assert_string_equal(text, "192.0.2.0/24");
	assert_int_equal(ipnet_parse_str("::ffff:192.0.2.7", &b), 0);
	assert_int_equal(b.family, AF_INET);
	assert_true(ipnet_contains(&b, &a));
	assert_int_equal(ipnet_parse_str("[2001:db8::7]", &a), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_int_equal(ipnet_parse_str("2001:db8::/32", &b), 0);
	assert_true(ipnet_contains(&b, &a));
	assert_int_equal(ipnet_parse_str("fe80::1%eth0", &a), 0);
	assert_int_equal(ipnet_parse_str("0.0.0.0/0", &b), 0);
	assert_int_equal(ipnet_parse_str("192.0.2.7", &a), 0);
	assert_true(ipnet_contains(&b, &a));
	/* not addresses */
	assert_int_equal(ipnet_parse_str("host.example", &a), -1);
	assert_int_equal(ipnet_parse_str("192.0.2.7/33", &a), -1);
	assert_int_equal(ipnet_parse_str("192.0.2.7/", &a), -1);
	assert_int_equal(ipnet_parse_str("192.0.2.7/255.0.255.0", &a), -1);
	assert_int_equal(ipnet_parse_str("2001:db8::/129", &a), -1);
	assert_int_equal(ipnet_parse_str("[192.0.2.7", &a), -1);
	assert_int_equal(ipnet_parse_str("", &a), -1);
	assert_int_equal(ipnet_parse("1.2.3.4\0", 8, &a), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_rate_limited_count),
		cmocka_unit_test(test_episodes),
		cmocka_unit_test(test_persource_inference),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_chunking),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_client_words),
		cmocka_unit_test(test_guard_pasted),
		cmocka_unit_test(test_prefilter),
		cmocka_unit_test(test_ipnet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
