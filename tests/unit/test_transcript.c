/* test_transcript.c: OpenSSH client transcripts into findings and phases (checks/transcript-parse.h). */
#include "tests/unit/transcript_util.h"

static const char *argv0;

/* Which refusal a "Permission denied" was: noted beside TR_AUTH_DENIED itself. */
static int
denial_kind(int f)
{
	return f >= TR_DENIED_CERT && f <= TR_DENIED_KEYS_ONLY;
}

/* Findings other than the kind of a refusal (and the refusal, when a kind is wanted). */
static int
count_primary(const struct transcript *t, enum tr_finding wanted)
{
	int	 f, n = 0;

	for (f = 0; f < TR_COUNT; f++) {
		if (t->seen[f].line == 0 || (denial_kind(f) && f != (int)wanted) ||
		    (denial_kind(wanted) && f == TR_AUTH_DENIED))
			continue;
		n++;
	}
	return n;
}

/*
 * One real line (with the lines it needs before it) per finding and per
 * OpenSSH version form; the finding must be the only one shown.
 */
static const struct {
	const char	*in;
	enum tr_finding	 f;
	int		 line;
	const char	*form;
} one[] = {
	{ "ssh: Could not resolve hostname nosuch.invalid: Name or service not known\n",
	    TR_DNS_NXDOMAIN, 1, "glibc" },
	{ "ssh: Could not resolve hostname foo.example: nodename nor servname provided, "
	    "or not known\n", TR_DNS_NXDOMAIN, 1, "macOS" },
	{ "ssh: Could not resolve hostname server.example: Temporary failure in name "
	    "resolution\n", TR_DNS_TEMPORARY, 1, "glibc" },
	{ "ssh: Could not resolve hostname nosuch.invalid: Name does not resolve\n",
	    TR_DNS_NXDOMAIN, 1, "musl" },
	{ "ssh: Could not resolve hostname server.example: Try again\n",
	    TR_DNS_TEMPORARY, 1, "musl (Alpine)" },
	{ "ssh: connect to host 127.0.0.1 port 1: Connection refused\n",
	    TR_REFUSED, 1, "all" },
	{ "ssh: connect to host 192.0.2.10 port 22: Connection timed out\n",
	    TR_CONNECT_TIMEOUT, 1, "Linux" },
	{ "ssh: connect to host 192.0.2.10 port 22: Operation timed out\n",
	    TR_CONNECT_TIMEOUT, 1, "macOS" },
	{ "ssh: connect to host 192.0.2.10 port 22: No route to host\n",
	    TR_UNREACHABLE, 1, "host" },
	{ "ssh: connect to host 2001:db8::1 port 22: Network is unreachable\n",
	    TR_UNREACHABLE, 1, "network" },
	{ "ssh_exchange_identification: Connection closed by remote host\n",
	    TR_CLOSED_EARLY, 1, "7.x" },
	{ "kex_exchange_identification: Connection closed by remote host\n"
	    "Connection closed by 192.0.2.10 port 22\n", TR_CLOSED_EARLY, 1, "8.0-9.4" },
	{ "Connection closed by 192.0.2.10 port 22\n", TR_CLOSED_EARLY, 1, "9.5+" },
	{ "ssh_exchange_identification: read: Connection reset by peer\n",
	    TR_RESET_EARLY, 1, "7.x" },
	{ "kex_exchange_identification: read: Connection reset by peer\n"
	    "Connection reset by 192.0.2.10 port 22\n", TR_RESET_EARLY, 1, "8.0+" },
	{ "Connection reset by 192.0.2.10 port 22\n", TR_RESET_EARLY, 1, "9.5+" },
	{ "Connection timed out during banner exchange\n", TR_BANNER_TIMEOUT, 1, "7.x-8.x" },
	{ "banner exchange: Connection to 192.0.2.10 port 22: Connection timed out\n",
	    TR_BANNER_TIMEOUT, 1, "9.x" },
	{ "debug1: Connection established.\n"
	    "debug1: kex_exchange_identification: banner line 0: Exceeded MaxStartups\r\n",
	    TR_MAXSTARTUPS, 2, "8.4-9.7 -v" },
	{ "debug1: kex_exchange_identification: banner line 0: Not allowed at this time\n",
	    TR_NOT_ALLOWED, 1, "9.8+ -v" },
	{ "kex_exchange_identification: banner line contains invalid characters\n",
	    TR_INVALID_BANNER, 1, "8.x+" },
	{ "kex_exchange_identification: banner line too long\n",
	    TR_INVALID_BANNER, 1, "8.x+" },
	{ "ssh_exchange_identification: Bad remote protocol version identification: "
	    "'HTTP/1.1 400 Bad Request'\n", TR_INVALID_BANNER, 1, "7.x" },
	{ "banner exchange: Connection to 192.0.2.10 port 22: invalid format\n",
	    TR_INVALID_BANNER, 1, "9.x" },
	{ "debug1: kex_exchange_identification: banner line 0: HTTP/1.1 400 Bad Request\n",
	    TR_INVALID_BANNER, 1, "-v, another protocol" },
	{ "Protocol major versions differ: 2 vs. 1\n", TR_PROTOCOL_MISMATCH, 1, "all" },
	{ "Unable to negotiate with 192.0.2.10 port 22: no matching key exchange method "
	    "found. Their offer: diffie-hellman-group1-sha1\n", TR_NO_KEX, 1, "7.x+" },
	{ "Unable to negotiate with 192.0.2.10 port 22: no matching host key type found. "
	    "Their offer: ssh-rsa,ssh-dss\n", TR_NO_HOSTKEY, 1, "7.x+" },
	{ "Unable to negotiate with 127.0.0.1 port 42222: no matching cipher found. "
	    "Their offer: aes128-cbc\r\n", TR_NO_CIPHER, 1, "7.x+" },
	{ "Unable to negotiate with 192.0.2.10 port 22: no matching MAC found. "
	    "Their offer: hmac-sha1,hmac-md5\n", TR_NO_MAC, 1, "7.x+" },
	{ "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
	    "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n",
	    TR_HOSTKEY_CHANGED, 2, "banner" },
	{ "Host key for server.example has changed and you have requested strict "
	    "checking.\nHost key verification failed.\n", TR_HOSTKEY_CHANGED, 1,
	    "strict line alone" },
	{ "No ED25519 host key is known for server.example and you have requested "
	    "strict checking.\nHost key verification failed.\n", TR_HOSTKEY_UNKNOWN, 1,
	    "BatchMode" },
	{ "@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\n",
	    TR_KEY_PERMISSIONS, 1, "7.x+" },
	{ "Load key \"/home/alice/.ssh/id_ed25519\": bad permissions\n",
	    TR_KEY_PERMISSIONS, 1, "9.x" },
	{ "Bad owner or permissions on /home/alice/.ssh/config\n",
	    TR_CONFIG_PERMISSIONS, 1, "all" },
	{ "sign_and_send_pubkey: no mutual signature supported\n",
	    TR_NO_MUTUAL_SIG, 1, "8.8+ error" },
	{ "debug1: send_pubkey_test: no mutual signature algorithm\n",
	    TR_NO_MUTUAL_SIG, 1, "8.8+ -v" },
	{ "Received disconnect from 192.0.2.10 port 22:2: Too many authentication "
	    "failures\nDisconnected from 192.0.2.10 port 22\n", TR_TOO_MANY_AUTH, 1, "all" },
	{ "alice@server.example: Permission denied (publickey).\n",
	    TR_AUTH_DENIED, 1, "7.x+" },
	{ "alice@127.0.0.1: Permission denied (publickey,password,keyboard-interactive).\r\n",
	    TR_AUTH_DENIED, 1, "9.x CRLF" },
	{ "channel 1: open failed: administratively prohibited: open failed\n",
	    TR_MAXSESSIONS, 1, "all" },
	{ "Authenticated to 127.0.0.1 ([127.0.0.1]:42222) using \"publickey\".\n",
	    TR_AUTHENTICATED, 1, "9.x" },
	{ "debug1: Authentication succeeded (publickey).\n", TR_AUTHENTICATED, 1, "7.x -v" },
	{ "channel 0: open failed: connect failed: Name or service not known\n"
	    "stdio forwarding failed\n", TR_PROXY_FAILED, 2, "ProxyJump" },
	{ "kex_exchange_identification: write: Broken pipe\n", TR_PROXY_FAILED, 1,
	    "ProxyCommand died" },
	{ "banner exchange: Connection to UNKNOWN port 65535: Broken pipe\n",
	    TR_PROXY_FAILED, 1, "proxy exited before the banner, 9.x" },
	{ "Connection closed by UNKNOWN port 65535\n", TR_CLOSED_VIA_PROXY, 1, "9.5+ proxy" },
	{ "debug1: Remote protocol version 2.0, remote software version OpenSSH_9.2p1\n"
	    "Connection closed by 192.0.2.10 port 22\n", TR_CLOSED_LATER, 2, "after ident" },
	{ "debug1: Server host key: ssh-ed25519 SHA256:fwOiOLpe44nT1zfZBFAtjV0IdV8SrQ7OmlaNuf3LDSI\n"
	    "Connection reset by 192.0.2.10 port 22\n", TR_CLOSED_LATER, 2, "reset later" },
	{ "debug1: SSH2_MSG_KEXINIT sent\n"
	    "debug1: expecting SSH2_MSG_KEX_ECDH_REPLY\n", TR_KEX_STALL, 2, "8.1+ -v" },
	{ "debug1: SSH2_MSG_KEXINIT sent\n"
	    "debug1: SSH2_MSG_KEXINIT received\n"
	    "debug1: expecting SSH2_MSG_KEXDH_REPLY\n", TR_KEX_STALL, 3,
	    "7.x-8.0 -v, diffie-hellman-group*" },
	{ "debug1: SSH2_MSG_KEX_DH_GEX_REQUEST(2048<3072<8192) sent\n"
	    "debug1: expecting SSH2_MSG_KEX_DH_GEX_GROUP\n", TR_KEX_STALL, 2,
	    "group exchange -v" },
};

static void
test_each_finding(void **state)
{
	struct transcript t;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof one / sizeof one[0]; i++) {
		parse_str(&t, one[i].in);
		assert_clean(&t);
		if (t.seen[one[i].f].line != one[i].line || count_primary(&t, one[i].f) != 1) {
			tu_dump("input", one[i].in, strlen(one[i].in));
			dump_findings(&t);
			fail_msg("form \"%s\": wanted only %s at line %d", one[i].form,
			    finding_names[one[i].f], one[i].line);
		}
		transcript_free(&t);
	}
}

/* Lines that look close to a finding but are not one. */
static void
test_near_misses(void **state)
{
	static const char *const none[] = {
		"Warning: Permanently added 'server.example' (ED25519) to the list of known hosts.\n",
		"debug1: Host 'server.example' is known and matches the ED25519 host key.\n",
		"debug1: Host key for server.example found in /etc/ssh/ssh_known_hosts\n",
		"banner exchange: Connection to 192.0.2.10 port 22: Broken pipe\n",
		"debug1: expecting SSH2_MSG_NEWKEYS\n",
		"debug1: kex_exchange_identification: banner line 0: Welcome to the server\n",
		"bash: nc: command not found\n",	/* no proxy: just a shell message */
		"Transferred: sent 3472, received 3328 bytes, in 0.2 seconds\n",
		"",
		"\n\n\n",
	};
	struct transcript t;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof none / sizeof none[0]; i++) {
		parse_str(&t, none[i]);
		assert_clean(&t);
		if (count_findings(&t) != 0) {
			tu_dump("input", none[i], strlen(none[i]));
			dump_findings(&t);
			fail_msg("expected no finding");
		}
		transcript_free(&t);
	}
}

/* The first line showing a finding is the one kept. */
static void
test_first_line_kept(void **state)
{
	struct transcript t;

	(void)state;
	parse_str(&t,
	    "debug1: Connecting to 127.0.0.1 [127.0.0.1] port 1.\n"
	    "debug1: connect to address 127.0.0.1 port 1: Connection refused\n"
	    "ssh: connect to host 127.0.0.1 port 1: Connection refused\n");
	expect_seen(&t, TR_REFUSED, 2);
	assert_string_equal(t.seen[TR_REFUSED].text,
	    "connect to address 127.0.0.1 port 1: Connection refused");
	assert_int_equal(t.phase, PHASE_CONNECT);
	assert_int_equal(t.lines, 3);
	transcript_free(&t);
}

static char *
read_fixture(const char *name, size_t *len)
{
	char	*path, *buf, *dir;
	const char *slash;

	xasprintf(&path, "tests/fixtures/transcripts/%s", name);
	if (read_file_bounded(path, 1 << 20, &buf, len, NULL) == 0) {
		free(path);
		return buf;
	}
	free(path);
	/* Run from elsewhere: BUILD/tests/test_transcript -> the tree two levels up. */
	if (argv0 != NULL && (slash = strrchr(argv0, '/')) != NULL) {
		dir = strndup(argv0, (size_t)(slash - argv0));
		xasprintf(&path, "%s/../../tests/fixtures/transcripts/%s", dir, name);
		free(dir);
		if (read_file_bounded(path, 1 << 20, &buf, len, NULL) == 0) {
			free(path);
			return buf;
		}
		free(path);
	}
	fail_msg("cannot read fixture %s (run from the top of the tree)", name);
	return NULL;
}


/* Every fixture: the findings it must show (and no others) and the phase reached. */
static const struct {
	const char	*file;
	enum tr_phase	 phase;
	int		 verbose;
	int		 want[6];
} fixtures[] = {
	{ "config-permissions-plain.txt", PHASE_NONE, 0,
	    { TR_CONFIG_PERMISSIONS, NF } },
	{ "connect-timeout-plain.txt", PHASE_NONE, 0,
	    { TR_CONNECT_TIMEOUT, NF } },
	{ "dns-nxdomain-plain.txt", PHASE_NONE, 0,
	    { TR_DNS_NXDOMAIN, NF } },
	{ "dns-temporary-plain.txt", PHASE_NONE, 0,
	    { TR_DNS_TEMPORARY, NF } },
	{ "git-hostkey-verification-failed-plain.txt", PHASE_NONE, 0,
	    { TR_HOSTKEY_VERIFY_FAILED, NF } },
	{ "kex-closed-by-server-v.txt", PHASE_KEX, 1,
	    { TR_CLOSED_LATER, NF } },
	{ "kex-stall-v.txt", PHASE_KEX, 1,
	    { TR_KEX_STALL, NF } },
	{ "macos-connect-timeout-plain.txt", PHASE_NONE, 0,
	    { TR_CONNECT_TIMEOUT, NF } },
	{ "macos-dns-plain.txt", PHASE_NONE, 0,
	    { TR_DNS_NXDOMAIN, NF } },
	{ "maxsessions-plain.txt", PHASE_NONE, 0,
	    { TR_MAXSESSIONS, NF } },
	{ "no-hostkey-plain.txt", PHASE_NONE, 0,
	    { TR_NO_HOSTKEY, NF } },
	{ "no-mac-plain.txt", PHASE_NONE, 0,
	    { TR_NO_MAC, NF } },
	{ "no-mutual-signature-v.txt", PHASE_NONE, 1,
	    { TR_NO_MUTUAL_SIG, TR_AUTH_DENIED, TR_NO_MORE_METHODS, TR_DENIED_LEGACY_KEY, NF } },
	{ "no-route-plain.txt", PHASE_NONE, 0,
	    { TR_UNREACHABLE, NF } },
	{ "openssh-10.0-agent-refused-v.txt", PHASE_AUTH, 1,
	    { TR_AUTH_DENIED, TR_AGENT_FAILED, TR_NO_MORE_METHODS, NF } },
	{ "openssh-10.0-denied-keys-only-v.txt", PHASE_AUTH, 1,
	    { TR_AUTH_DENIED, TR_NO_MORE_METHODS, TR_DENIED_KEYS_ONLY, NF } },
	{ "openssh-10.0-hostkey-unknown-v.txt", PHASE_HOSTKEY, 1,
	    { TR_HOSTKEY_UNKNOWN, NF } },
	{ "openssh-10.0-load-key-crlf-v.txt", PHASE_AUTH, 1,
	    { TR_AUTH_DENIED, TR_KEY_UNUSABLE, TR_NO_MORE_METHODS, TR_DENIED_NO_KEY, NF } },
	{ "openssh-10.0-session-nologin-v.txt", PHASE_SESSION, 1,
	    { TR_AUTHENTICATED, TR_SESSION_REFUSED, TR_SESSION_CLOSED, NF } },
	{ "openssh-7-denied-rsa-v.txt", PHASE_AUTH, 1,
	    { TR_AUTH_DENIED, TR_NO_MORE_METHODS, TR_DENIED_LEGACY_KEY, NF } },
	{ "openssh-7.2-agent-refused-plain.txt", PHASE_NONE, 0,
	    { TR_AUTH_DENIED, TR_AGENT_FAILED, TR_DENIED_KEYS_ONLY, NF } },
	{ "openssh-7.4-closed-plain.txt", PHASE_NONE, 0,
	    { TR_CLOSED_EARLY, NF } },
	{ "openssh-7.4-reset-plain.txt", PHASE_NONE, 0,
	    { TR_RESET_EARLY, NF } },
	{ "openssh-7.4-ssh1-plain.txt", PHASE_NONE, 0,
	    { TR_PROTOCOL_MISMATCH, NF } },
	{ "openssh-7.x-load-key-invalid-format-keyboard-plain.txt", PHASE_NONE, 0,
	    { TR_AUTH_DENIED, TR_KEY_UNUSABLE, TR_DENIED_ROOT, NF } },
	{ "openssh-7.x-packet-write-wait-v.txt", PHASE_SESSION, 1,
	    { TR_AUTHENTICATED, TR_IDLE_DISCONNECT, NF } },
	{ "openssh-8-client-loop-broken-pipe-plain.txt", PHASE_NONE, 0,
	    { TR_IDLE_DISCONNECT, NF } },
	{ "openssh-8-load-key-invalid-format-plain.txt", PHASE_NONE, 0,
	    { TR_AUTH_DENIED, TR_KEY_UNUSABLE, TR_DENIED_KEYS_ONLY, NF } },
	{ "openssh-8.2-banner-timeout-plain.txt", PHASE_NONE, 0,
	    { TR_BANNER_TIMEOUT, NF } },
	{ "openssh-8.4-reset-plain.txt", PHASE_NONE, 0,
	    { TR_RESET_EARLY, NF } },
	{ "openssh-8.8-no-mutual-signature-plain.txt", PHASE_NONE, 0,
	    { TR_NO_MUTUAL_SIG, TR_AUTH_DENIED, TR_DENIED_KEYS_ONLY, NF } },
	{ "openssh-8.9-invalid-chars-plain.txt", PHASE_NONE, 0,
	    { TR_INVALID_BANNER, NF } },
	{ "openssh-8.9-load-key-libcrypto-plain.txt", PHASE_NONE, 0,
	    { TR_KEY_UNUSABLE, NF } },
	{ "openssh-9-hostkey-unknown-strict-plain.txt", PHASE_NONE, 0,
	    { TR_HOSTKEY_UNKNOWN, NF } },
	{ "openssh-9-macos-agent-refused-plain.txt", PHASE_NONE, 0,
	    { TR_AUTH_DENIED, TR_IDENTITY_MISSING, TR_AGENT_FAILED, TR_DENIED_ROOT, NF } },
	{ "openssh-9.2-banner-timeout-plain.txt", PHASE_NONE, 0,
	    { TR_BANNER_TIMEOUT, NF } },
	{ "openssh-9.2-certificate-expired-v.txt", PHASE_AUTH, 1,
	    { TR_AUTH_DENIED, TR_NO_MORE_METHODS, TR_DENIED_CERT, NF } },
	{ "openssh-9.2-closed-v.txt", PHASE_BANNER, 1,
	    { TR_CLOSED_EARLY, NF } },
	{ "openssh-9.2-denied-keys-only-v.txt", PHASE_AUTH, 1,
	    { TR_AUTH_DENIED, TR_NO_MORE_METHODS, TR_DENIED_KEYS_ONLY, NF } },
	{ "openssh-9.2-denied-v.txt", PHASE_AUTH, 1,
	    { TR_AUTH_DENIED, TR_NO_MORE_METHODS, NF } },
	{ "openssh-9.2-hostkey-changed-v.txt", PHASE_HOSTKEY, 1,
	    { TR_HOSTKEY_CHANGED, NF } },
	{ "openssh-9.2-hostkey-unknown-v.txt", PHASE_HOSTKEY, 1,
	    { TR_HOSTKEY_UNKNOWN, NF } },
	{ "openssh-9.2-http-v.txt", PHASE_BANNER, 1,
	    { TR_CLOSED_EARLY, TR_INVALID_BANNER, NF } },
	{ "openssh-9.2-invalid-format-plain.txt", PHASE_NONE, 0,
	    { TR_INVALID_BANNER, NF } },
	{ "openssh-9.2-key-permissions-v.txt", PHASE_AUTH, 1,
	    { TR_KEY_PERMISSIONS, TR_AUTH_DENIED, TR_NO_MORE_METHODS, NF } },
	{ "openssh-9.2-load-key-libcrypto-v.txt", PHASE_AUTH, 1,
	    { TR_AUTH_DENIED, TR_KEY_UNUSABLE, TR_NO_MORE_METHODS, TR_DENIED_NO_KEY, NF } },
	{ "openssh-9.2-maxsessions-plain.txt", PHASE_NONE, 0,
	    { TR_MAXSESSIONS, NF } },
	{ "openssh-9.2-maxstartups-plain.txt", PHASE_NONE, 0,
	    { TR_CLOSED_EARLY, NF } },
	{ "openssh-9.2-maxstartups-v.txt", PHASE_BANNER, 1,
	    { TR_CLOSED_EARLY, TR_MAXSTARTUPS, NF } },
	{ "openssh-9.2-no-cipher-plain.txt", PHASE_NONE, 0,
	    { TR_NO_CIPHER, NF } },
	{ "openssh-9.2-no-kex-vvv.txt", PHASE_KEX, 1,
	    { TR_NO_KEX, NF } },
	{ "openssh-9.2-refused-v.txt", PHASE_CONNECT, 1,
	    { TR_REFUSED, NF } },
	{ "openssh-9.2-root-refused-v.txt", PHASE_AUTH, 1,
	    { TR_AUTH_DENIED, TR_NO_MORE_METHODS, TR_DENIED_ROOT, NF } },
	{ "openssh-9.2-session-nologin-v.txt", PHASE_SESSION, 1,
	    { TR_AUTHENTICATED, TR_SESSION_REFUSED, TR_SESSION_CLOSED, NF } },
	{ "openssh-9.2-success-v.txt", PHASE_SESSION, 1,
	    { TR_AUTHENTICATED, NF } },
	{ "openssh-9.5-load-key-bad-permissions-plain.txt", PHASE_NONE, 0,
	    { TR_KEY_PERMISSIONS, TR_AUTH_DENIED, TR_DENIED_KEYS_ONLY, NF } },
	{ "openssh-9.6-closed-plain.txt", PHASE_NONE, 0,
	    { TR_CLOSED_EARLY, NF } },
	{ "openssh-9.8-not-allowed-v.txt", PHASE_BANNER, 1,
	    { TR_CLOSED_EARLY, TR_NOT_ALLOWED, NF } },
	{ "openssh-9.9-hostkey-changed-plain.txt", PHASE_NONE, 0,
	    { TR_HOSTKEY_CHANGED, NF } },
	{ "proxy-command-missing-plain.txt", PHASE_NONE, 0,
	    { TR_PROXY_FAILED, TR_CLOSED_VIA_PROXY, NF } },
	{ "proxyjump-hop-refused-v.txt", PHASE_NONE, 1,
	    { TR_PROXY_FAILED, TR_CLOSED_VIA_PROXY, NF } },
	{ "too-many-auth-plain.txt", PHASE_NONE, 0,
	    { TR_TOO_MANY_AUTH, NF } },
	{ "windows-7.7-mac-corrupt-plain.txt", PHASE_NONE, 0,
	    { TR_MAC_CORRUPT, NF } },
	{ "windows-9.2-mac-corrupt-v.txt", PHASE_NONE, 1,
	    { TR_MAC_CORRUPT, NF } },
	{ "windows-bad-permissions-plain.txt", PHASE_NONE, 0,
	    { TR_KEY_PERMISSIONS, TR_AUTH_DENIED, TR_DENIED_KEYS_ONLY, NF } },
};

static void
test_fixtures(void **state)
{
	struct transcript t;
	size_t	 i, len;
	char	*buf;

	(void)state;
	for (i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		buf = read_fixture(fixtures[i].file, &len);
		transcript_parse(buf, len, &t);
		assert_clean(&t);
		expect_exactly(&t, fixtures[i].want, 6, fixtures[i].file);
		if (t.phase != fixtures[i].phase) {
			dump_findings(&t);
			fail_msg("%s: phase %s, wanted %s", fixtures[i].file,
			    tr_phase_name(t.phase), tr_phase_name(fixtures[i].phase));
		}
		assert_int_equal(t.verbose, fixtures[i].verbose);
		assert_int_equal(t.lines, (int)tu_count_lines(buf, len));
		assert_false(t.truncated);
		transcript_free(&t);
		free(buf);
	}
}

static void
test_success_details(void **state)
{
	struct transcript t;
	size_t	 len;
	char	*buf;

	(void)state;
	buf = read_fixture("openssh-9.2-success-v.txt", &len);
	transcript_parse(buf, len, &t);
	assert_int_equal(t.phase, PHASE_SESSION);
	assert_true(t.verbose);
	assert_string_equal(t.local_version, "OpenSSH_9.2p1");
	assert_string_equal(t.remote_version, "OpenSSH_9.2p1 Debian-2+deb12u10");
	assert_string_equal(t.server_hostkey,
	    "ssh-ed25519 SHA256:fwOiOLpe44nT1zfZBFAtjV0IdV8SrQ7OmlaNuf3LDSI");
	assert_int_equal(t.keys_offered, 1);
	assert_null(t.last_expecting);	/* NEWKEYS cleared the key exchange wait */
	assert_false(t.via_proxy);
	expect_seen(&t, TR_AUTHENTICATED, 43);
	assert_int_equal(t.lines, 57);
	transcript_free(&t);
	free(buf);

	buf = read_fixture("openssh-9.2-hostkey-changed-v.txt", &len);
	transcript_parse(buf, len, &t);
	assert_string_equal(t.offending,
	    "Offending ED25519 key in /home/alice/.ssh/known_hosts:1");
	assert_non_null(t.server_hostkey);
	expect_seen(&t, TR_HOSTKEY_CHANGED, 26);
	transcript_free(&t);
	free(buf);

	buf = read_fixture("openssh-9.8-not-allowed-v.txt", &len);
	transcript_parse(buf, len, &t);
	assert_string_equal(t.local_version, "OpenSSH_9.8p1");	/* "debug1: OpenSSH_9.8p1, ..." */
	assert_int_equal(t.banner_lines.n, 1);
	assert_string_equal(t.banner_lines.v[0], "Not allowed at this time");
	transcript_free(&t);
	free(buf);

	buf = read_fixture("openssh-9.2-http-v.txt", &len);
	transcript_parse(buf, len, &t);
	assert_int_equal(t.banner_lines.n, 2);
	assert_string_equal(t.banner_lines.v[0], "HTTP/1.1 400 Bad Request");
	assert_string_equal(t.banner_lines.v[1], "");
	transcript_free(&t);
	free(buf);
}

/* Phases only move forward, each from its own -v line. */
static void
test_phases(void **state)
{
	static const struct {
		const char	*line;
		enum tr_phase	 phase;
	} steps[] = {
		{ "debug1: Reading configuration data /dev/null", PHASE_NONE },
		{ "debug1: Connecting to 127.0.0.1 [127.0.0.1] port 42222.", PHASE_CONNECT },
		{ "debug1: Connection established.", PHASE_BANNER },
		{ "debug1: Remote protocol version 2.0, remote software version OpenSSH_7.4",
		    PHASE_KEX },
		{ "debug1: SSH2_MSG_KEXINIT sent", PHASE_KEX },
		{ "debug1: Server host key: ecdsa-sha2-nistp256 SHA256:abc", PHASE_HOSTKEY },
		{ "debug1: SSH2_MSG_NEWKEYS received", PHASE_AUTH },
		{ "debug1: Authentications that can continue: publickey", PHASE_AUTH },
		{ "Authenticated to 127.0.0.1 ([127.0.0.1]:42222) using \"publickey\".",
		    PHASE_SESSION },
		/* An earlier phase's line later does not move back. */
		{ "debug1: Connecting to 127.0.0.1 [127.0.0.1] port 42222.", PHASE_SESSION },
	};
	struct transcript t;
	char	 buf[2048];
	size_t	 i, len = 0;

	(void)state;
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s\n", steps[i].line);
		transcript_parse(buf, len, &t);
		if (t.phase != steps[i].phase)
			fail_msg("after \"%s\": phase %s, wanted %s", steps[i].line,
			    tr_phase_name(t.phase), tr_phase_name(steps[i].phase));
		transcript_free(&t);
	}

	/* Names, and no crash out of range. */
	assert_string_equal(tr_phase_name(PHASE_NONE), "none");
	assert_string_equal(tr_phase_name(PHASE_KEX), "key exchange");
	assert_string_equal(tr_phase_name(PHASE_SESSION), "session");
	assert_string_equal(tr_phase_name((enum tr_phase)99), "none");
	assert_string_equal(tr_phase_name((enum tr_phase)-1), "none");
}

/* -vvv: the local proposal fills client_lists, the peer's server_lists, each list in its slot. */
static void
test_kexinit_proposals(void **state)
{
	struct transcript t;
	size_t	 len;
	char	*buf;

	(void)state;
	buf = read_fixture("openssh-9.2-no-kex-vvv.txt", &len);
	transcript_parse(buf, len, &t);
	assert_clean(&t);
	assert_non_null(t.client_lists[0]);
	assert_int_equal(strncmp(t.client_lists[0], "sntrup761x25519-sha512,", 23), 0);
	assert_non_null(strstr(t.client_lists[0], "curve25519-sha256"));
	assert_non_null(t.client_lists[1]);
	assert_int_equal(strncmp(t.client_lists[1], "ssh-ed25519-cert-v01@openssh.com,", 33), 0);
	assert_string_equal(t.client_lists[2], "chacha20-poly1305@openssh.com,aes128-ctr,"
	    "aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com");
	assert_int_equal(strncmp(t.client_lists[3], "umac-64-etm@openssh.com,", 24), 0);
	assert_string_equal(t.server_lists[0],
	    "diffie-hellman-group14-sha1,kex-strict-s-v00@openssh.com");
	assert_string_equal(t.server_lists[1], "ssh-ed25519");
	assert_string_equal(t.server_lists[2], "chacha20-poly1305@openssh.com,aes128-ctr,"
	    "aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com");
	assert_int_equal(strncmp(t.server_lists[3], "umac-64-etm@openssh.com,", 24), 0);
	assert_string_equal(t.their_offer,
	    "diffie-hellman-group14-sha1,kex-strict-s-v00@openssh.com");
	expect_seen(&t, TR_NO_KEX, 56);
	transcript_free(&t);
	free(buf);

	/* Peer first, stoc lines ignored, lists kept once; without a header nothing is kept. */
	parse_str(&t,
	    "debug2: KEX algorithms: before-any-header\n"
	    "debug2: peer server KEXINIT proposal\n"
	    "debug2: KEX algorithms: srv-kex\n"
	    "debug2: host key algorithms: srv-hk\n"
	    "debug2: ciphers ctos: srv-c\n"
	    "debug2: ciphers stoc: srv-c-stoc\n"
	    "debug2: MACs ctos: srv-m\n"
	    "debug2: KEX algorithms: srv-kex-again\n"
	    "debug2: local client KEXINIT proposal\n"
	    "debug2: KEX algorithms: cli-kex\n"
	    "debug2: MACs ctos: cli-m\n");
	assert_string_equal(t.server_lists[0], "srv-kex");
	assert_string_equal(t.server_lists[1], "srv-hk");
	assert_string_equal(t.server_lists[2], "srv-c");
	assert_string_equal(t.server_lists[3], "srv-m");
	assert_string_equal(t.client_lists[0], "cli-kex");
	assert_null(t.client_lists[1]);
	assert_null(t.client_lists[2]);
	assert_string_equal(t.client_lists[3], "cli-m");
	assert_true(t.verbose);
	transcript_free(&t);
}

static void
test_their_offer(void **state)
{
	static const struct {
		const char	*line;
		const char	*offer;
	} cases[] = {
		{ "Unable to negotiate with 192.0.2.10 port 22: no matching key exchange method "
		    "found. Their offer: diffie-hellman-group1-sha1,diffie-hellman-group14-sha1",
		    "diffie-hellman-group1-sha1,diffie-hellman-group14-sha1" },
		{ "Unable to negotiate with 192.0.2.10 port 22: no matching host key type found. "
		    "Their offer: ssh-rsa,ssh-dss", "ssh-rsa,ssh-dss" },
		{ "Unable to negotiate with 127.0.0.1 port 42222: no matching cipher found. "
		    "Their offer: aes128-cbc\r", "aes128-cbc" },
		{ "Unable to negotiate with 192.0.2.10 port 22: no matching MAC found. "
		    "Their offer: hmac-sha1,hmac-md5", "hmac-sha1,hmac-md5" },
		/* No list after it: an empty offer, not a crash. */
		{ "Unable to negotiate with h port 22: no matching MAC found. Their offer: ", "" },
		/* Not a negotiation failure: not an offer. */
		{ "debug1: something else. Their offer: x", NULL },
	};
	struct transcript t;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		parse_str(&t, cases[i].line);
		if (cases[i].offer == NULL)
			assert_null(t.their_offer);
		else {
			assert_non_null(t.their_offer);
			assert_string_equal(t.their_offer, cases[i].offer);
		}
		transcript_free(&t);
	}

	/* The first failure's offer stays. */
	parse_str(&t,
	    "Unable to negotiate with h port 22: no matching cipher found. Their offer: c1\n"
	    "Unable to negotiate with h port 22: no matching MAC found. Their offer: m1\n");
	assert_string_equal(t.their_offer, "c1");
	expect_seen(&t, TR_NO_CIPHER, 1);
	expect_seen(&t, TR_NO_MAC, 2);
	transcript_free(&t);
}

/* A shell's complaint and "UNKNOWN port 65535" mean a proxy failed, not a server that closed. */
static void
test_proxy_reinterpretation(void **state)
{
	struct transcript t;

	(void)state;
	/* The fixture's shape: the shell's line comes before ssh knows a proxy was used. */
	parse_str(&t,
	    "/bin/bash: line 1: nc: command not found\n"
	    "kex_exchange_identification: Connection closed by remote host\n"
	    "Connection closed by UNKNOWN port 65535\n");
	assert_clean(&t);
	assert_true(t.via_proxy);
	expect_seen(&t, TR_PROXY_FAILED, 1);
	assert_string_equal(t.seen[TR_PROXY_FAILED].text, "/bin/bash: line 1: nc: command not found");
	expect_seen(&t, TR_CLOSED_VIA_PROXY, 2);
	expect_seen(&t, TR_CLOSED_EARLY, 0);
	expect_seen(&t, TR_RESET_EARLY, 0);
	assert_int_equal(count_findings(&t), 2);
	assert_int_equal(t.shell_error.line, 1);
	transcript_free(&t);

	/* dash says "not found"; 9.5+ prints only the last line. */
	parse_str(&t,
	    "/bin/sh: 1: exec: nc: not found\n"
	    "Connection closed by UNKNOWN port 65535\n");
	expect_seen(&t, TR_PROXY_FAILED, 1);
	expect_seen(&t, TR_CLOSED_VIA_PROXY, 2);
	expect_seen(&t, TR_CLOSED_EARLY, 0);
	assert_int_equal(count_findings(&t), 2);
	transcript_free(&t);

	/* A reset through the proxy. */
	parse_str(&t,
	    "kex_exchange_identification: read: Connection reset by peer\n"
	    "Connection reset by UNKNOWN port 65535\n");
	expect_seen(&t, TR_CLOSED_VIA_PROXY, 1);
	expect_seen(&t, TR_RESET_EARLY, 0);
	expect_seen(&t, TR_CLOSED_EARLY, 0);
	expect_seen(&t, TR_PROXY_FAILED, 0);
	transcript_free(&t);

	/* -v names the proxy command first: its errors count as the proxy's at once. */
	parse_str(&t,
	    "debug1: Executing proxy command: exec nc -X connect -x proxy:3128 server.example 22\n"
	    "bash: line 1: nc: command not found\n"
	    "kex_exchange_identification: Connection closed by remote host\n"
	    "Connection closed by UNKNOWN port 65535\n");
	assert_true(t.via_proxy);
	expect_seen(&t, TR_PROXY_FAILED, 2);
	expect_seen(&t, TR_CLOSED_VIA_PROXY, 3);
	expect_seen(&t, TR_CLOSED_EARLY, 0);
	transcript_free(&t);

	/* ProxyJump whose jump host cannot resolve the target. */
	parse_str(&t,
	    "debug1: Setting implicit ProxyCommand from ProxyJump: ssh -v -W '[%h]:%p' jump\n"
	    "channel 0: open failed: connect failed: Name or service not known\n"
	    "stdio forwarding failed\n"
	    "kex_exchange_identification: Connection closed by remote host\n"
	    "Connection closed by UNKNOWN port 65535\n");
	expect_seen(&t, TR_PROXY_FAILED, 2);
	expect_seen(&t, TR_CLOSED_VIA_PROXY, 4);
	expect_seen(&t, TR_CLOSED_EARLY, 0);
	transcript_free(&t);

	/* A reset and a close (two attempts pasted together): neither stays early. */
	parse_str(&t,
	    "kex_exchange_identification: read: Connection reset by peer\n"
	    "Connection reset by UNKNOWN port 65535\n"
	    "kex_exchange_identification: Connection closed by remote host\n"
	    "Connection closed by UNKNOWN port 65535\n");
	expect_seen(&t, TR_CLOSED_VIA_PROXY, 1);
	expect_seen(&t, TR_RESET_EARLY, 0);
	expect_seen(&t, TR_CLOSED_EARLY, 0);
	transcript_free(&t);

	/* Without the UNKNOWN port line, a shell message is just a message. */
	parse_str(&t,
	    "/bin/bash: line 1: nc: command not found\n"
	    "kex_exchange_identification: Connection closed by remote host\n"
	    "Connection closed by 192.0.2.10 port 22\n");
	assert_false(t.via_proxy);
	expect_seen(&t, TR_CLOSED_EARLY, 2);
	expect_seen(&t, TR_PROXY_FAILED, 0);
	expect_seen(&t, TR_CLOSED_VIA_PROXY, 0);
	transcript_free(&t);

	/* Closed through a proxy after the identification: closed later, not early. */
	parse_str(&t,
	    "debug1: Remote protocol version 2.0, remote software version OpenSSH_9.6\n"
	    "Connection closed by UNKNOWN port 65535\n");
	expect_seen(&t, TR_CLOSED_LATER, 2);
	expect_seen(&t, TR_CLOSED_VIA_PROXY, 0);
	transcript_free(&t);
}

static void
test_kex_stall(void **state)
{
	struct transcript t;
	size_t	 len;
	char	*buf;

	(void)state;
	buf = read_fixture("kex-stall-v.txt", &len);
	transcript_parse(buf, len, &t);
	expect_seen(&t, TR_KEX_STALL, 14);
	assert_string_equal(t.last_expecting, "SSH2_MSG_KEX_ECDH_REPLY");
	assert_string_equal(t.seen[TR_KEX_STALL].text, "SSH2_MSG_KEX_ECDH_REPLY");
	assert_string_equal(t.remote_version, "OpenSSH_8.9p1 Ubuntu-3ubuntu0.6");
	assert_int_equal(t.phase, PHASE_KEX);
	transcript_free(&t);

	/* The same, ending in packet.c's timeout: that line is the evidence. */
	{
		char *more;

		xasprintf(&more, "%.*sConnection to server.example port 22 timed out\n",
		    (int)len, buf);
		transcript_parse(more, strlen(more), &t);
		expect_seen(&t, TR_KEX_STALL, 15);
		assert_string_equal(t.seen[TR_KEX_STALL].text,
		    "Connection to server.example port 22 timed out");
		expect_seen(&t, TR_BANNER_TIMEOUT, 0);
		transcript_free(&t);
		free(more);
	}
	free(buf);

	/* The reply arrived: no stall, even if the transcript stops there. */
	parse_str(&t,
	    "debug1: SSH2_MSG_KEXINIT sent\n"
	    "debug1: expecting SSH2_MSG_KEX_ECDH_REPLY\n"
	    "debug1: SSH2_MSG_KEX_ECDH_REPLY received\n");
	expect_seen(&t, TR_KEX_STALL, 0);
	assert_null(t.last_expecting);
	transcript_free(&t);

	/* Waiting for NEWKEYS is not a key exchange stall. */
	parse_str(&t,
	    "debug1: expecting SSH2_MSG_KEX_ECDH_REPLY\n"
	    "debug1: expecting SSH2_MSG_NEWKEYS\n");
	expect_seen(&t, TR_KEX_STALL, 0);
	transcript_free(&t);

	/* Authenticated afterwards (a rekey that was still waiting): no stall. */
	parse_str(&t,
	    "debug1: expecting SSH2_MSG_KEX_ECDH_REPLY\n"
	    "Authenticated to h ([192.0.2.1]:22) using \"publickey\".\n");
	expect_seen(&t, TR_KEX_STALL, 0);
	transcript_free(&t);

	/* A banner exchange timeout is not a stall without a pending reply. */
	parse_str(&t, "banner exchange: Connection to 192.0.2.10 port 22: Connection timed out\n");
	expect_seen(&t, TR_KEX_STALL, 0);
	expect_seen(&t, TR_BANNER_TIMEOUT, 1);
	transcript_free(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_finding),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_first_line_kept),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_success_details),
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_kexinit_proposals),
		cmocka_unit_test(test_their_offer),
		cmocka_unit_test(test_proxy_reinterpretation),
		cmocka_unit_test(test_kex_stall),
	};

	(void)argc;
	argv0 = argv[0];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
