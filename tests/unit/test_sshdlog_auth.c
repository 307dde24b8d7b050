/* test_sshdlog_auth.c: the authentication lines of the sshd log catalog (checks/parse/sshdlog-auth.c): forms by OpenSSH version, the user and address each names, and the pick for --user, --client-ip and a pasted block. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ipnet.h"
#include "checks/parse/sshdlog-parse.h"
#include "checks/parse/transcript-parse.h"

struct want {
	const char	*line;
	enum sshdlog_cat cat;
	const char	*user;		/* the user the line names, NULL: none */
	const char	*addr;		/* the address, NULL: none */
};

/* The format strings of auth.c, auth2-pubkey.c, auth-shadow.c, session.c and misc.c, 7.4 to 10.x. */
static const struct want lines[] = {
	{ "Dec  4 17:30:01 srv sshd[1234]: Invalid user h7no from 127.0.0.1 port 36032",
	    SSHDLOG_INVALID_USER, "h7no", "127.0.0.1" },
	{ "2026-12-04T10:00:00+0000 srv sshd-session[9]: Invalid user admin from 2001:db8::7 port 4 [preauth]",
	    SSHDLOG_INVALID_USER, "admin", "2001:db8::7" },
	/* a user name may hold " from ": the last one before the address counts */
	{ "Invalid user x from y from 192.0.2.9 port 22", SSHDLOG_INVALID_USER, "x from y", "192.0.2.9" },
	{ "Invalid user  from 192.0.2.9 port 22", SSHDLOG_INVALID_USER, "", "192.0.2.9" },
	{ "sshd[5]: Failed password for invalid user oracle from 203.0.113.4 port 5 ssh2",
	    SSHDLOG_INVALID_USER, "oracle", "203.0.113.4" },
	{ "sshd[5]: Failed none for invalid user test from 203.0.113.4 port 5 ssh2",
	    SSHDLOG_INVALID_USER, "test", "203.0.113.4" },
	{ "User alice from 198.51.100.7 not allowed because not listed in AllowUsers",
	    SSHDLOG_NOT_ALLOWED, "alice", "198.51.100.7" },
	{ "sshd[1]: User alice from 198.51.100.7 not allowed because listed in DenyUsers",
	    SSHDLOG_NOT_ALLOWED, "alice", "198.51.100.7" },
	{ "User alice from host.example.org not allowed because none of user's groups are listed in AllowGroups",
	    SSHDLOG_NOT_ALLOWED, "alice", NULL },
	{ "User alice from 192.0.2.1 not allowed because a group is listed in DenyGroups",
	    SSHDLOG_NOT_ALLOWED, "alice", "192.0.2.1" },
	{ "User alice from 192.0.2.1 not allowed because not in any group",
	    SSHDLOG_NOT_ALLOWED, "alice", "192.0.2.1" },
	{ "Dec  4 17:30:05 srv sshd[77]: User h7lk not allowed because account is locked",
	    SSHDLOG_ACCOUNT, "h7lk", NULL },
	{ "User h7sh not allowed because shell /nonexistent does not exist", SSHDLOG_SHELL, "h7sh", NULL },
	{ "User bob not allowed because shell /bin/zsh is not executable", SSHDLOG_SHELL, "bob", NULL },
	{ "User bob not allowed because /etc/nologin exists", SSHDLOG_SESSION, "bob", NULL },
	{ "ROOT LOGIN REFUSED FROM 127.0.0.1 port 50000", SSHDLOG_ROOT_REFUSED, "root", "127.0.0.1" },
	{ "ROOT LOGIN REFUSED FROM 192.0.2.3 port 50000 [preauth]", SSHDLOG_ROOT_REFUSED, "root", "192.0.2.3" },
	{ "Failed publickey for h7ab from 127.0.0.1 port 41000 ssh2: ED25519 SHA256:abc",
	    SSHDLOG_FAILED_PUBKEY, "h7ab", "127.0.0.1" },
	/* a wrong password has no cause of its own */
	{ "Failed password for alice from 127.0.0.1 port 41000 ssh2", SSHDLOG_NONE, NULL, NULL },
	{ "error: maximum authentication attempts exceeded for alice from 192.0.2.5 port 1 ssh2 [preauth]",
	    SSHDLOG_MAXAUTH, "alice", "192.0.2.5" },
	{ "error: maximum authentication attempts exceeded for invalid user git from 192.0.2.5 port 1 ssh2 [preauth]",
	    SSHDLOG_MAXAUTH, "git", "192.0.2.5" },
	{ "sshd[3]: pam_unix(sshd:account): account carol has expired (account expired)",
	    SSHDLOG_ACCOUNT, "carol", NULL },
	{ "Account carol has expired", SSHDLOG_ACCOUNT, "carol", NULL },
	{ "User carol password has expired (password aged)", SSHDLOG_ACCOUNT, "carol", NULL },
	{ "fatal: Access denied for user carol by PAM account configuration [preauth]",
	    SSHDLOG_ACCOUNT, "carol", NULL },
	{ "error: PAM: pam_open_session(): Module is unknown", SSHDLOG_SESSION, NULL, NULL },
	{ "fatal: bad ownership or modes for chroot directory \"/srv/sftp\"", SSHDLOG_SESSION, NULL, NULL },
	{ "sshd[1]: userauth_pubkey: key type ssh-rsa not in PubkeyAcceptedAlgorithms [preauth]",
	    SSHDLOG_PUBKEY_ALGO, NULL, NULL },
	{ "sshd[1]: userauth_pubkey: signature algorithm ssh-rsa not in PubkeyAcceptedAlgorithms [preauth]",
	    SSHDLOG_PUBKEY_ALGO, NULL, NULL },
	{ "sshd[1]: userauth_pubkey: key type ssh-dss not in PubkeyAcceptedKeyTypes [preauth]",
	    SSHDLOG_PUBKEY_ALGO, NULL, NULL },
	{ "error: Certificate invalid: expired", SSHDLOG_CERT, NULL, NULL },
	{ "error: Refusing certificate ID \"alice\" serial=3 signed by ED25519 CA SHA256:x via /etc/ssh/ca.pub: Certificate invalid: name is not a listed principal",
	    SSHDLOG_CERT, NULL, NULL },
	{ "error: AuthorizedKeysCommand /usr/bin/keys alice failed, status 1", SSHDLOG_KEYS_COMMAND, NULL, NULL },
	{ "error: AuthorizedKeysCommand /usr/bin/keys exited on signal 9", SSHDLOG_KEYS_COMMAND, NULL, NULL },
	{ "fatal: Missing privilege separation directory: /run/sshd", SSHDLOG_PRIVSEP, NULL, NULL },
	/* the client's own words for a private key are not a host key's */
	{ "Permissions 0644 for '/home/u/.ssh/id_rsa' are too open.", SSHDLOG_NONE, NULL, NULL },
	{ "Permissions 0777 for '/etc/ssh/ssh_host_rsa_key' are too open.", SSHDLOG_HOSTKEY_PERMS, NULL, NULL },
	{ "srv sshd[1]: Accepted publickey for alice from 127.0.0.1 port 1 ssh2: ED25519 SHA256:x",
	    SSHDLOG_NONE, NULL, NULL },
	/* another program's words are not sshd's */
	{ "Dec  4 10:00:00 srv sudo[1]: Invalid user bob from 192.0.2.1 port 1", SSHDLOG_NONE, NULL, NULL },
};

/* sshdlog_prefilter_words' contract: every line that matches holds one of them. */
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
test_lines(void **state)
{
	struct sshdlog_match	 m;
	char			 text[80];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		const struct want *w = &lines[i];

		sshdlog_match(w->line, strlen(w->line), &m);
		if (m.cat != w->cat)
			fail_msg("line %zu: got %s, want %s: %s", i, sshdlog_cat_name(m.cat),
			    sshdlog_cat_name(w->cat), w->line);
		if (w->user == NULL && m.user != NULL && w->cat != SSHDLOG_NONE)
			fail_msg("line %zu: unexpected user", i);
		if (w->user != NULL && (m.user == NULL || m.user_len != strlen(w->user) ||
		    memcmp(m.user, w->user, m.user_len) != 0))
			fail_msg("line %zu: user '%.*s', want '%s'", i, (int)m.user_len,
			    m.user != NULL ? m.user : "", w->user);
		if (w->addr != NULL) {
			if (!m.has_addr)
				fail_msg("line %zu: no address, want %s", i, w->addr);
			ipnet_format(&m.addr, text, sizeof text);
			assert_string_equal(text, w->addr);
		} else if (m.has_addr)
			fail_msg("line %zu: unexpected address", i);
		if (m.cat != SSHDLOG_NONE)
			assert_non_null(m.form);
		if (m.cat != SSHDLOG_NONE && !has_prefilter_word(w->line))
			fail_msg("line %zu matches but holds no prefilter word", i);
	}
}

static void
scan(struct sshdlog_scan *s, const char *text)
{
	sshdlog_feed(s, text, strlen(text));
	sshdlog_finish(s);
}

/* A fresh scan of log for --user user (home its home directory); the pick. */
static enum sshdlog_cat
pick_for(struct sshdlog_scan *s, const char *user, const char *home, const char *log, int *fc)
{
	sshdlog_scan_init(s);
	snprintf(s->user, sizeof s->user, "%s", user);
	snprintf(s->home, sizeof s->home, "%s", home);
	scan(s, log);
	return sshdlog_pick(s, fc);
}

/* Scanners try names all day: only lines naming the user or the address explain. */
static void
test_pick_subject(void **state)
{
	static const char log[] =
	    "sshd[1]: Invalid user admin from 203.0.113.9 port 1\n"
	    "sshd[2]: error: maximum authentication attempts exceeded for root from 203.0.113.9 port 2 ssh2 [preauth]\n"
	    "sshd[3]: User alice from 192.0.2.7 not allowed because not listed in AllowUsers\n"
	    "sshd[4]: Authentication refused: bad ownership or modes for directory /home/bob/.ssh\n";
	struct sshdlog_scan	*s = calloc(1, sizeof *s);
	int			 fc;

	(void)state;
	assert_non_null(s);
	scan(s, log);
	/* nobody named: the lines that name a user explain nothing; StrictModes does */
	assert_int_equal(sshdlog_pick(s, &fc), SSHDLOG_AUTHKEYS);
	assert_false(fc);
	sshdlog_scan_free(s);

	assert_int_equal(pick_for(s, "alice", "/home/alice", log, &fc), SSHDLOG_NOT_ALLOWED);
	assert_true(fc);
	assert_int_equal(s->cat[SSHDLOG_NOT_ALLOWED].client, 1);
	assert_int_equal(s->cat[SSHDLOG_AUTHKEYS].client, 0);
	sshdlog_scan_free(s);

	/* bob's StrictModes line is bob's (his home), not that of a home "/home/bo" */
	assert_int_equal(pick_for(s, "bob", "/home/bob", log, &fc), SSHDLOG_AUTHKEYS);
	assert_true(fc);
	sshdlog_scan_free(s);
	assert_int_equal(pick_for(s, "bobby", "/home/bo", log, &fc), SSHDLOG_NONE);
	sshdlog_scan_free(s);

	/* by address: the scanner's own address */
	sshdlog_scan_init(s);
	assert_int_equal(ipnet_parse_str("203.0.113.9", &s->client), 0);
	s->have_client = 1;
	scan(s, log);
	assert_int_equal(sshdlog_pick(s, &fc), SSHDLOG_INVALID_USER);
	assert_true(fc);
	sshdlog_scan_free(s);

	/* pasted: every line counts, most decisive first */
	sshdlog_scan_init(s);
	s->pasted = 1;
	scan(s, log);
	assert_int_equal(sshdlog_pick(s, &fc), SSHDLOG_NOT_ALLOWED);
	sshdlog_scan_free(s);
	free(s);
}

static void
test_outcomes(void **state)
{
	int	 c;

	(void)state;
	for (c = SSHDLOG_INVALID_USER; c < SSHDLOG_NCATS; c++) {
		assert_string_not_equal(sshdlog_auth_outcome((enum sshdlog_cat)c), "clean");
		assert_string_not_equal(sshdlog_auth_summary((enum sshdlog_cat)c), "");
		assert_string_not_equal(sshdlog_cat_name((enum sshdlog_cat)c), "?");
	}
	assert_string_equal(sshdlog_auth_outcome(SSHDLOG_MAXSTARTUPS), "clean");
}

/* A pasted server block is not read as the client's words (tr-sshd-log reads it). */
static void
test_not_client(void **state)
{
	static const char host[] =
	    "@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\n"
	    "Permissions 0640 for '/etc/ssh/ssh_host_ed25519_key' are too open.\n"
	    "Unable to load host key \"/etc/ssh/ssh_host_ed25519_key\": bad permissions\n"
	    "Dec  4 17:31:10 srv sshd[1]: Connection closed by invalid user x 192.0.2.1 port 2 [preauth]\n";
	static const char client[] =
	    "@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\n"
	    "Permissions 0644 for '/home/u/.ssh/id_rsa' are too open.\n"
	    "Received disconnect from 192.0.2.10 port 22:14: No supported authentication "
	    "methods available [preauth]\n";
	struct transcript	 t;

	(void)state;
	transcript_parse(host, strlen(host), &t);
	assert_int_equal(t.seen[TR_KEY_PERMISSIONS].line, 0);
	assert_int_equal(t.seen[TR_CLOSED_EARLY].line, 0);
	transcript_free(&t);
	transcript_parse(client, strlen(client), &t);
	assert_int_equal(t.seen[TR_KEY_PERMISSIONS].line, 1);
	assert_int_equal(t.seen[TR_DENIED_METHODS].line, 3);
	transcript_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_pick_subject),
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_not_client),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
