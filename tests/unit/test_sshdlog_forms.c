/* test_sshdlog_forms.c: every sshd log form of OpenSSH 7.4 to 10.x (tests/fixtures/sshd-forms.tsv, from tests/tools/sshd-forms.py) is matched to the category the table gives, or to none when evidence-only; matches hold a prefilter word. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ipnet.h"
#include "lib/util.h"
#include "lib/xmalloc.h"
#include "checks/parse/sshdlog-parse.h"

#define FORMS_FILE	"tests/fixtures/sshd-forms.tsv"
#define FORMS_MAX	(1 << 20)

static const char *argv0;

static char *
read_forms(size_t *len)
{
	char		*path, *buf, *dir;
	const char	*slash;

	if (read_file_bounded(FORMS_FILE, FORMS_MAX, &buf, len, NULL) == 0)
		return buf;
	/* Run from elsewhere: BUILD/tests/test_sshdlog_forms -> the tree two levels up. */
	if (argv0 != NULL && (slash = strrchr(argv0, '/')) != NULL) {
		dir = strndup(argv0, (size_t)(slash - argv0));
		xasprintf(&path, "%s/../../%s", dir, FORMS_FILE);
		free(dir);
		if (read_file_bounded(path, FORMS_MAX, &buf, len, NULL) == 0) {
			free(path);
			return buf;
		}
		free(path);
	}
	fail_msg("cannot read %s (run from the top of the tree)", FORMS_FILE);
	return NULL;
}

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

/* Split a TSV line in place into at most n fields; returns how many. */
static size_t
fields(char *line, char **f, size_t n)
{
	size_t	 i = 0;
	char	*p = line, *tab;

	while (i < n) {
		f[i++] = p;
		if ((tab = strchr(p, '\t')) == NULL)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return i;
}

static void
test_forms(void **state)
{
	struct sshdlog_match	 m;
	enum sshdlog_cat	 want;
	char			*buf, *line, *next, *f[8];
	size_t			 len, lineno = 0, nforms = 0, ncat = 0, bad = 0, used[SSHDLOG_NCATS];
	size_t			 c;

	(void)state;
	memset(used, 0, sizeof used);
	buf = read_forms(&len);
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		/* form, level, files, first, last, absent-in, category, sample */
		if (fields(line, f, 8) != 8)
			fail_msg("%s:%zu: not 8 fields", FORMS_FILE, lineno);
		nforms++;
		if (strcmp(f[6], "evidence-only") == 0)
			want = SSHDLOG_NONE;
		else if ((want = sshdlog_cat_by_name(f[6])) == SSHDLOG_NCATS ||
		    want == SSHDLOG_NONE)
			fail_msg("%s:%zu: unknown category %s", FORMS_FILE, lineno, f[6]);
		if (strncmp(f[3], "V_", 2) != 0 || strncmp(f[4], "V_", 2) != 0)
			fail_msg("%s:%zu: no release range", FORMS_FILE, lineno);
		sshdlog_match(f[7], strlen(f[7]), &m);
		if (m.cat != want) {
			print_message("%s:%zu: form \"%s\": got %s, want %s: %s\n", FORMS_FILE,
			    lineno, f[0], sshdlog_cat_name(m.cat), f[6], f[7]);
			bad++;
			continue;
		}
		if (want == SSHDLOG_NONE)
			continue;
		ncat++;
		used[want]++;
		assert_non_null(m.form);
		if (!has_prefilter_word(f[7])) {
			print_message("%s:%zu: matches but holds no prefilter word: %s\n",
			    FORMS_FILE, lineno, f[7]);
			bad++;
		}
	}
	free(buf);
	if (bad > 0)
		fail_msg("%zu of %zu forms misread", bad, nforms);
	/* the table is the whole catalog: every category that names a cause has a form in it */
	for (c = 1; c < SSHDLOG_NCATS; c++) {
		if (c == SSHDLOG_TCPWRAP || c == SSHDLOG_APPARMOR || c == SSHDLOG_PERSOURCE ||
		    c == SSHDLOG_OPENSSL || c == SSHDLOG_KEYS_COMMAND || c == SSHDLOG_SERVICE)
			continue;	/* patches, the kernel, OpenSSL, systemd: not sshd's sources */
		if (used[c] == 0)
			print_message("note: no form of category %s in the table\n",
			    sshdlog_cat_name((enum sshdlog_cat)c));
	}
	assert_true(nforms > 500);
	assert_true(ncat > 100);
}

/* The four negotiation failures and the address each names (7.4 and 7.5+ remote ids). */
static void
test_negotiate(void **state)
{
	static const struct {
		const char	*line;
		enum sshdlog_cat cat;
		const char	*addr;
	} lines[] = {
		{ "Dec  5 10:00:01 srv sshd[9]: Unable to negotiate with 192.0.2.7 port 50022: no matching key exchange method found. Their offer: diffie-hellman-group1-sha1 [preauth]",
		    SSHDLOG_NO_KEX, "192.0.2.7" },
		{ "Unable to negotiate with 2001:db8::7 port 50022: no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]",
		    SSHDLOG_NO_HOSTKEY, "2001:db8::7" },
		{ "sshd-session[9]: error: Unable to negotiate with 192.0.2.8 port 1: no matching cipher found. Their offer: aes128-cbc,3des-cbc",
		    SSHDLOG_NO_CIPHER, "192.0.2.8" },
		{ "sshd[9]: Unable to negotiate with authenticating user alice 192.0.2.9 port 3: no matching MAC found. Their offer: hmac-md5",
		    SSHDLOG_NO_MAC, "192.0.2.9" },
		/* the client's words for the same failure are about the server: not sshd's */
		{ "Unable to negotiate with 192.0.2.1 port 22: no matching host key type found. Their offer: ssh-ed25519",
		    SSHDLOG_NONE, NULL },
		{ "Timeout, client not responding from user alice 192.0.2.10 port 50000", SSHDLOG_IDLE, "192.0.2.10" },
		{ "Timeout, client not responding.", SSHDLOG_IDLE, NULL },
	};
	struct sshdlog_match	 m;
	char			 text[80];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		sshdlog_match(lines[i].line, strlen(lines[i].line), &m);
		if (m.cat != lines[i].cat)
			fail_msg("line %zu: got %s: %s", i, sshdlog_cat_name(m.cat), lines[i].line);
		if (lines[i].addr == NULL) {
			assert_false(m.has_addr && m.cat != SSHDLOG_NONE);
			continue;
		}
		if (!m.has_addr)
			fail_msg("line %zu: no address", i);
		ipnet_format(&m.addr, text, sizeof text);
		assert_string_equal(text, lines[i].addr);
	}
}

/* The user and address of sshd's remote id ("authenticating user NAME ADDR port N"). */
static void
test_remote_id(void **state)
{
	static const struct {
		const char	*line;
		enum sshdlog_cat cat;
		const char	*user, *addr;
	} lines[] = {
		{ "sshd[1]: Disconnecting authenticating user alice 192.0.2.7 port 50022: Too many authentication failures [preauth]",
		    SSHDLOG_MAXAUTH, "alice", "192.0.2.7" },
		{ "sshd[1]: Disconnecting invalid user git 2001:db8::7 port 50022: Too many authentication failures [preauth]",
		    SSHDLOG_MAXAUTH, "git", "2001:db8::7" },
		{ "sshd[1]: Timeout, client not responding from user bob 192.0.2.8 port 4", SSHDLOG_IDLE, "bob", "192.0.2.8" },
		{ "sshd[1]: Timeout, client not responding from 192.0.2.9 port 4", SSHDLOG_IDLE, NULL, "192.0.2.9" },
		{ "sshd[1]: Unable to negotiate with authenticating user carol 192.0.2.10 port 3: no matching MAC found. Their offer: hmac-md5 [preauth]",
		    SSHDLOG_NO_MAC, "carol", "192.0.2.10" },
	};
	struct sshdlog_match	 m;
	char			 text[80];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		sshdlog_match(lines[i].line, strlen(lines[i].line), &m);
		if (m.cat != lines[i].cat)
			fail_msg("line %zu: got %s", i, sshdlog_cat_name(m.cat));
		assert_true(m.has_addr);
		ipnet_format(&m.addr, text, sizeof text);
		assert_string_equal(text, lines[i].addr);
		if (lines[i].user == NULL)
			assert_null(m.user);
		else if (m.user == NULL || m.user_len != strlen(lines[i].user) ||
		    memcmp(m.user, lines[i].user, m.user_len) != 0)
			fail_msg("line %zu: user '%.*s'", i, (int)m.user_len, m.user ? m.user : "");
	}
}

/* sshd_config errors are sshd's; ssh_config's, with the same words, are not. */
static void
test_config(void **state)
{
	static const struct {
		const char	*line;
		enum sshdlog_cat cat;
	} lines[] = {
		{ "/etc/ssh/sshd_config: line 12: Bad configuration option: Foo", SSHDLOG_CONFIG },
		{ "/etc/ssh/sshd_config: terminating, 1 bad configuration options", SSHDLOG_CONFIG },
		/* sshd -t -f sshd_config: a relative path, no function name */
		{ "sshd_config: line 2: Bad configuration option: PermitRootLogn", SSHDLOG_CONFIG },
		{ "sshd_config: terminating, 1 bad configuration options", SSHDLOG_CONFIG },
		{ "Dec 05 10:00:01 srv sshd[77]: /etc/ssh/sshd_config line 7: Deprecated option UsePrivilegeSeparation",
		    SSHDLOG_DEPRECATED },
		{ "/etc/ssh/sshd_config line 3: Unsupported option GSSAPIAuthentication", SSHDLOG_DEPRECATED },
		{ "Dec 05 10:00:01 srv sshd[77]: /etc/ssh/sshd_config.d/50-x.conf line 2: Directive 'Port' is not allowed within a Match block",
		    SSHDLOG_CONFIG },
		{ "Dec 05 10:00:01 srv sshd[77]: error: Bind to port 22 on 0.0.0.0 failed: Address already in use.",
		    SSHDLOG_BIND },
		{ "Bind to port 22 on :: failed: Address already in use.", SSHDLOG_BIND },
		/* journalctl -o short-monotonic, -o short-precise */
		{ "[ 5231.118273] srv sshd[7012]: error: Bind to port 22 on 0.0.0.0 failed: Address already in use.",
		    SSHDLOG_BIND },
		{ "Dec 05 10:00:01.123456 srv sshd[7012]: error: Bind to port 22 on 0.0.0.0 failed: Address already in use.",
		    SSHDLOG_BIND },
		{ "Sat 2026-12-05 10:00:01 UTC srv sshd[7012]: error: Bind to port 22 on 0.0.0.0 failed: Address already in use.",
		    SSHDLOG_BIND },
		/* a host and a tag, no timestamp (some log collectors) */
		{ "srv sshd[7012]: error: Bind to port 22 on 0.0.0.0 failed: Address already in use.", SSHDLOG_BIND },
		/* ssh's own */
		{ "/home/alice/.ssh/config line 4: Bad configuration option: foo", SSHDLOG_NONE },
		{ "/etc/ssh/ssh_config line 4: Unsupported option \"rsaauthentication\"", SSHDLOG_NONE },
		{ "/home/alice/.ssh/config: terminating, 1 bad configuration options", SSHDLOG_NONE },
		{ "mine.conf line 4: Bad configuration option: foo", SSHDLOG_NONE },
		/* another program's line numbers */
		{ "Dec 05 10:00:01 srv cron[7]: /etc/crontab line 3: bad minute", SSHDLOG_NONE },
		/* 7.4 to 10.x: the cause of a rate-limited count is named by the line */
		{ "sshd[1]: PerSourcePenalties logging rate-limited: additional 12 connections dropped",
		    SSHDLOG_PENALTY },
		{ "sshd[1]: Maxstartups logging rate-limited: additional 12 connections dropped",
		    SSHDLOG_MAXSTARTUPS },
	};
	struct sshdlog_match	 m;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		sshdlog_match(lines[i].line, strlen(lines[i].line), &m);
		if (m.cat != lines[i].cat)
			fail_msg("line %zu: got %s: %s", i, sshdlog_cat_name(m.cat), lines[i].line);
	}
	sshdlog_match(lines[18].line, strlen(lines[18].line), &m);
	assert_int_equal(m.dropped, 12);
}

/* systemctl status and systemd's words on the unit: the service failed (pasted text only). */
static void
test_unit(void **state)
{
	static const struct {
		const char	*line;
		enum sshdlog_cat cat;
	} lines[] = {
		{ "   Main PID: 456 (code=exited, status=255/EXCEPTION)", SSHDLOG_SERVICE },
		{ "    Process: 455 ExecStartPre=/usr/sbin/sshd -t (code=exited, status=255/EXCEPTION)", SSHDLOG_SERVICE },
		{ "    Process: 455 ExecStartPre=/usr/sbin/sshd -t (code=exited, status=0/SUCCESS)", SSHDLOG_NONE },
		{ "   Main PID: 456 (sshd)", SSHDLOG_NONE },
		{ "     Active: failed (Result: exit-code) since Sat 2026-12-05 10:00:01 UTC; 5s ago", SSHDLOG_SERVICE },
		{ "     Active: active (running) since Sat 2026-12-05 10:00:01 UTC; 5s ago", SSHDLOG_NONE },
		{ "Dec 05 10:00:01 srv systemd[1]: ssh.service: Main process exited, code=exited, status=255/EXCEPTION", SSHDLOG_SERVICE },
		{ "Dec 05 10:00:01 srv systemd[1]: ssh.service: Failed with result 'exit-code'.", SSHDLOG_SERVICE },
		{ "Dec 05 10:00:01 srv systemd[1]: Failed to start ssh.service - OpenBSD Secure Shell server.", SSHDLOG_SERVICE },
		{ "Dec 05 10:00:01 srv systemd[1]: ssh.service: Start request repeated too quickly.", SSHDLOG_SERVICE },
		{ "Dec 05 10:00:01 srv systemd[1]: cron.service: Failed with result 'exit-code'.", SSHDLOG_NONE },
		{ "Dec 05 10:00:01 srv systemd[1]: Failed to start cron.service - Regular background program processing daemon.", SSHDLOG_NONE },
	};
	struct sshdlog_match	 m;
	struct sshdlog_scan	 s;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		sshdlog_match(lines[i].line, strlen(lines[i].line), &m);
		if (m.cat != lines[i].cat)
			fail_msg("line %zu: got %s: %s", i, sshdlog_cat_name(m.cat), lines[i].line);
	}
	/* read from a log (not pasted), a unit's failure is the service check's to judge */
	sshdlog_scan_init(&s);
	sshdlog_scan_line(&s, lines[0].line, strlen(lines[0].line));
	assert_int_equal(s.cat[SSHDLOG_SERVICE].lines, 0);
	sshdlog_scan_free(&s);
	sshdlog_scan_init(&s);
	s.pasted = 1;
	sshdlog_scan_line(&s, lines[0].line, strlen(lines[0].line));
	assert_int_equal(s.cat[SSHDLOG_SERVICE].lines, 1);
	sshdlog_scan_free(&s);
}

/* An untagged "too open" line is sshd's when sshd names its path a host key, before or after. */
static void
test_hostkey_context(void **state)
{
	static const char before[] =
	    "Permissions 0644 for '/config/keys/server_rsa' are too open.\n"
	    "This private key will be ignored.\n"
	    "Could not load host key: /config/keys/server_rsa\n";
	static const char after[] =
	    "Unable to load host key: /srv/k/hk\n"
	    "Permissions 0777 for '/srv/k/hk' are too open.\n";
	static const char user[] =
	    "Permissions 0644 for '/home/alice/.ssh/id_ed25519' are too open.\n"
	    "Unable to load host key: /etc/ssh/ssh_host_rsa_key\n";
	struct sshdlog_scan	 s;

	(void)state;
	sshdlog_scan_init(&s);
	s.pasted = 1;
	sshdlog_feed(&s, before, strlen(before));
	sshdlog_finish(&s);
	assert_int_equal(s.cat[SSHDLOG_HOSTKEY_PERMS].lines, 1);
	assert_int_equal(s.cat[SSHDLOG_HOSTKEY_MISSING].lines, 1);
	assert_int_equal(sshdlog_pick(&s, &(int){ 0 }), SSHDLOG_HOSTKEY_PERMS);
	assert_non_null(strstr(s.cat[SSHDLOG_HOSTKEY_PERMS].first[0], "/config/keys/server_rsa"));
	sshdlog_scan_free(&s);

	sshdlog_scan_init(&s);
	sshdlog_feed(&s, after, strlen(after));
	sshdlog_finish(&s);
	assert_int_equal(s.cat[SSHDLOG_HOSTKEY_PERMS].lines, 1);
	sshdlog_scan_free(&s);

	/* a user's key is the client's, even beside a host key's error */
	sshdlog_scan_init(&s);
	s.pasted = 1;
	sshdlog_feed(&s, user, strlen(user));
	sshdlog_finish(&s);
	assert_int_equal(s.cat[SSHDLOG_HOSTKEY_PERMS].lines, 0);
	assert_int_equal(s.cat[SSHDLOG_HOSTKEY_MISSING].lines, 1);
	sshdlog_scan_free(&s);
}

/* docker compose and docker logs -t prefixes; a host key sshd did without, as it went on. */
static void
test_container(void **state)
{
	static const char compose[] =
	    "one-sshd     | /etc/ssh/sshd_config line 19: Deprecated option KeyRegenerationInterval\n"
	    "one-sshd     | Could not load host key: /etc/ssh/ssh_host_dsa_key\n"
	    "one-sshd     | Server listening on 0.0.0.0 port 22.\n";
	static const char dead[] =
	    "2026-12-05T10:00:01.123456789Z Could not load host key: /etc/ssh/ssh_host_rsa_key\n"
	    "2026-12-05T10:00:01.123456789Z Server listening on 0.0.0.0 port 22.\n"
	    "2026-12-05T10:00:02.123456789Z sshd: no hostkeys available -- exiting.\n";
	struct sshdlog_scan	 s;
	int			 fc;

	(void)state;
	sshdlog_scan_init(&s);
	s.pasted = 1;
	sshdlog_feed(&s, compose, strlen(compose));
	sshdlog_finish(&s);
	assert_int_equal(s.cat[SSHDLOG_DEPRECATED].lines, 1);
	assert_int_equal(s.cat[SSHDLOG_HOSTKEY_MISSING].lines, 1);
	assert_int_equal(sshdlog_pick(&s, &fc), SSHDLOG_DEPRECATED);
	sshdlog_scan_free(&s);

	sshdlog_scan_init(&s);
	s.pasted = 1;
	sshdlog_feed(&s, dead, strlen(dead));
	sshdlog_finish(&s);
	assert_int_equal(s.cat[SSHDLOG_HOSTKEY_MISSING].lines, 2);
	assert_int_equal(sshdlog_pick(&s, &fc), SSHDLOG_HOSTKEY_MISSING);
	sshdlog_scan_free(&s);
}

/* A failed start that a later one resolved no longer explains anything; one after it does. */
static void
test_resolved(void **state)
{
	static const char fixed[] =
	    "Dec 05 09:00:01 srv sshd[3051]: /etc/ssh/sshd_config: line 33: Bad configuration option: Foo\n"
	    "Dec 05 09:00:01 srv sshd[3051]: /etc/ssh/sshd_config: terminating, 1 bad configuration options\n"
	    "Dec 05 09:02:01 srv sshd[3090]: Server listening on 0.0.0.0 port 22.\n";
	static const char latest[] =
	    "Dec 05 09:05:01 srv sshd[3101]: Permissions 0644 for '/etc/ssh/ssh_host_rsa_key' are too open.\n"
	    "Dec 05 09:05:01 srv sshd[3101]: sshd: no hostkeys available -- exiting.\n";
	static const char broken[] =
	    "Dec 05 09:02:01 srv sshd[3090]: Server listening on 0.0.0.0 port 22.\n"
	    "Dec 05 09:10:01 srv sshd[3151]: error: Bind to port 22 on 0.0.0.0 failed: Address already in use.\n";
	struct sshdlog_scan	 s;
	int			 fc;

	(void)state;
	sshdlog_scan_init(&s);
	sshdlog_feed(&s, fixed, strlen(fixed));
	sshdlog_finish(&s);
	assert_int_equal(s.cat[SSHDLOG_CONFIG].lines, 2);
	assert_int_equal(sshdlog_pick(&s, &fc), SSHDLOG_NONE);
	sshdlog_scan_free(&s);

	sshdlog_scan_init(&s);
	s.pasted = 1;
	sshdlog_feed(&s, fixed, strlen(fixed));
	sshdlog_finish(&s);
	assert_int_equal(sshdlog_pick(&s, &fc), SSHDLOG_NONE);
	sshdlog_scan_free(&s);

	sshdlog_scan_init(&s);
	sshdlog_feed(&s, broken, strlen(broken));
	sshdlog_finish(&s);
	assert_int_equal(sshdlog_pick(&s, &fc), SSHDLOG_BIND);
	sshdlog_scan_free(&s);

	/* two failed starts: the later one is the one to fix now */
	sshdlog_scan_init(&s);
	s.pasted = 1;
	sshdlog_feed(&s, fixed, (size_t)(strstr(fixed, "Dec 05 09:02") - fixed));
	sshdlog_feed(&s, latest, strlen(latest));
	sshdlog_finish(&s);
	assert_int_equal(s.cat[SSHDLOG_CONFIG].lines, 2);
	assert_int_equal(sshdlog_pick(&s, &fc), SSHDLOG_HOSTKEY_PERMS);
	sshdlog_scan_free(&s);
}

/* Every category can be picked, and names itself. */
static void
test_names(void **state)
{
	size_t	 c;

	(void)state;
	for (c = 0; c < SSHDLOG_NCATS; c++)
		assert_int_equal(sshdlog_cat_by_name(sshdlog_cat_name((enum sshdlog_cat)c)), c);
	assert_int_equal(sshdlog_cat_by_name("no-such"), SSHDLOG_NCATS);
	for (c = SSHDLOG_INVALID_USER; c < SSHDLOG_NCATS; c++)
		assert_string_not_equal(sshdlog_auth_outcome((enum sshdlog_cat)c), "clean");
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_remote_id),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_unit),
		cmocka_unit_test(test_hostkey_context),
		cmocka_unit_test(test_container),
		cmocka_unit_test(test_resolved),
		cmocka_unit_test(test_names),
	};

	(void)argc;
	argv0 = argv[0];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
