/* test_transcript_auth.c: the authentication, key, agent, host key and session messages of OpenSSH 7.4 to 10.x and Windows in transcripts. */
#include "tests/unit/transcript_util.h"

/*
 * Authentication, key, agent, host key and session messages, one real line per
 * form and version (sshconnect2.c, sshconnect.c, clientloop.c, packet.c, ssh.c of
 * V_7_4_P1 to V_10_0_P1; Windows OpenSSH); want is the exact set of findings.
 */
static const struct {
	const char	*in;
	int		 want[5];
	const char	*form;
} auth_forms[] = {
	{ "Load key \"/home/alice/.ssh/id_ed25519\": invalid format\n",
	    { TR_KEY_UNUSABLE, NF }, "7.4-10.x invalid format" },
	{ "Load key \"/home/alice/.ssh/id_rsa\": error in libcrypto\n",
	    { TR_KEY_UNUSABLE, NF }, "8.x+ libcrypto" },
	{ "Load key \"/home/alice/.ssh/id_rsa\": incorrect passphrase supplied to decrypt "
	    "private key\n", { TR_KEY_UNUSABLE, NF }, "7.4+ passphrase" },
	{ "debug2: Load key \"/home/alice/.ssh/id_rsa\": No such file or directory\n",
	    { NF }, "8.x+ debug2 absent key" },
	{ "Load key \"C:\\\\Users\\\\alice/.ssh/id_rsa\": bad permissions\n",
	    { TR_KEY_PERMISSIONS, NF }, "Windows load key" },
	{ "Bad permissions. Try removing permissions for user: NT AUTHORITY\\\\Authenticated "
	    "Users (S-1-5-11) on file C:/Users/alice/.ssh/id_rsa.\n",
	    { TR_KEY_PERMISSIONS, NF }, "Windows ACL on a key" },
	{ "Bad permissions. Try removing permissions for user: \\\\OWNER RIGHTS (S-1-3-4) on "
	    "file C:/Users/alice/.ssh/config.\n"
	    "Bad owner or permissions on C:\\\\Users\\\\alice/.ssh/config\n",
	    { TR_CONFIG_PERMISSIONS, NF }, "Windows ACL on the config" },
	{ "no such identity: /home/alice/.ssh/deploy: No such file or directory\n",
	    { TR_IDENTITY_MISSING, NF }, "8.x+ IdentityFile named" },
	{ "debug3: no such identity: /home/alice/.ssh/id_rsa: No such file or directory\n",
	    { NF }, "default key absent (debug3)" },
	{ "Warning: Identity file /home/alice/.ssh/deploy not accessible: No such file or "
	    "directory.\n", { TR_IDENTITY_MISSING, NF }, "-i missing" },
	{ "sign_and_send_pubkey: signing failed: agent refused operation\n",
	    { TR_AGENT_FAILED, NF }, "7.4" },
	{ "sign_and_send_pubkey: signing failed for ED25519 \"alice@laptop\" from agent: "
	    "agent refused operation\n", { TR_AGENT_FAILED, NF }, "8.5+" },
	{ "debug1: get_agent_identities: ssh_agent_bind_hostkey: agent refused operation\n",
	    { NF }, "8.9+ old agent, harmless" },
	{ "Could not open a connection to your authentication agent.\n",
	    { TR_AGENT_FAILED, NF }, "ssh-add, no agent" },
	{ "Error connecting to agent: No such file or directory\n",
	    { TR_AGENT_FAILED, NF }, "ssh-add 8.x+, stale socket" },
	{ "Permission denied (publickey).\n",
	    { TR_AUTH_DENIED, TR_DENIED_KEYS_ONLY, NF }, "7.4 without user@host" },
	{ "alice@server.example: Permission denied (publickey,gssapi-keyex,gssapi-with-mic).\n",
	    { TR_AUTH_DENIED, TR_DENIED_KEYS_ONLY, NF }, "RHEL" },
	{ "alice@server.example: Permission denied (publickey,password).\n",
	    { TR_AUTH_DENIED, NF }, "7.5+ with passwords" },
	{ "root@server.example: Permission denied (publickey,password).\n",
	    { TR_AUTH_DENIED, TR_DENIED_ROOT, NF }, "root" },
	{ "alice@server.example: Permission denied (password).\n",
	    { TR_AUTH_DENIED, TR_DENIED_METHODS, NF }, "no publickey" },
	{ "Received disconnect from 192.0.2.10 port 22:14: No supported authentication "
	    "methods available [preauth]\n", { TR_DENIED_METHODS, NF }, "no common method" },
	{ "Permission denied, please try again.\n"
	    "alice@server.example: Permission denied (publickey,password).\n",
	    { TR_AUTH_DENIED, TR_DENIED_PASSWORD, NF }, "password refused" },
	{ "debug1: Authentications that can continue: publickey\n"
	    "debug1: No more authentication methods to try.\n"
	    "alice@server.example: Permission denied (publickey).\n",
	    { TR_AUTH_DENIED, TR_NO_MORE_METHODS, TR_DENIED_NO_KEY, NF }, "-v, no key offered" },
	{ "debug1: Offering RSA public key: /home/alice/.ssh/id_rsa\n"
	    "Permission denied (publickey).\n",
	    { TR_AUTH_DENIED, TR_DENIED_LEGACY_KEY, NF }, "7.4 -v RSA" },
	{ "debug1: Offering public key: /home/alice/.ssh/id_ed25519-cert.pub ED25519-CERT "
	    "SHA256:Vd3X explicit\n"
	    "alice@server.example: Permission denied (publickey).\n",
	    { TR_AUTH_DENIED, TR_DENIED_CERT, NF }, "8.x+ certificate" },
	{ "Certificate invalid: expired\n", { TR_CERT_INVALID, NF }, "sshkey.c" },
	{ "error: Certificate invalid: not yet valid\n", { TR_CERT_INVALID, NF }, "sshd log" },
	{ "Host key verification failed.\n", { TR_HOSTKEY_VERIFY_FAILED, NF }, "bare" },
	{ "The authenticity of host 'server.example (192.0.2.10)' can't be established.\n"
	    "Host key verification failed.\n", { TR_HOSTKEY_UNKNOWN, NF }, "answered no" },
	{ "@       WARNING: REVOKED HOST KEY DETECTED!               @\n"
	    "Host key verification failed.\n", { NF }, "revoked key" },
	{ "No ECDSA host key is known for server.example and you have requested strict "
	    "checking.\n", { TR_HOSTKEY_UNKNOWN, NF }, "7.4" },
	{ "Corrupted MAC on input.\n", { TR_MAC_CORRUPT, NF }, "packet.c" },
	{ "ssh_dispatch_run_fatal: Connection to 192.0.2.10 port 22: message authentication "
	    "code incorrect\n", { TR_MAC_CORRUPT, NF }, "ssherr.c" },
	{ "client_loop: send disconnect: Broken pipe\n", { TR_IDLE_DISCONNECT, NF }, "8.0-8.4" },
	{ "client_loop: send disconnect: Connection reset by peer\n",
	    { TR_IDLE_DISCONNECT, NF }, "reset" },
	{ "packet_write_wait: Connection to 192.0.2.10 port 22: Broken pipe\n",
	    { TR_IDLE_DISCONNECT, NF }, "7.x" },
	{ "Write failed: Broken pipe\n", { TR_IDLE_DISCONNECT, NF }, "before 7.x" },
	{ "Timeout, server 192.0.2.10 not responding.\n",
	    { TR_IDLE_DISCONNECT, NF }, "ServerAlive" },
	{ "debug1: Connection established.\n"
	    "packet_write_wait: Connection to 192.0.2.10 port 22: Broken pipe\n",
	    { NF }, "-v, before login: no idle session" },
	{ "Authenticated to server.example ([192.0.2.10]:22) using \"publickey\".\n"
	    "This account is currently not available.\n"
	    "Connection to server.example closed.\n",
	    { TR_AUTHENTICATED, TR_SESSION_REFUSED, TR_SESSION_CLOSED, NF }, "9.0+ nologin" },
	{ "Authenticated to server.example ([192.0.2.10]:22).\n"
	    "Connection to server.example closed by remote host.\n",
	    { TR_AUTHENTICATED, TR_SESSION_CLOSED, NF }, "7.4-8.9 closed at once" },
	{ "Authenticated to server.example ([192.0.2.10]:22) using \"publickey\".\n"
	    "Connection closed by 192.0.2.10 port 22\n",
	    { TR_AUTHENTICATED, TR_SESSION_CLOSED, TR_CLOSED_LATER, NF }, "sshd gave up" },
	{ "Authenticated to server.example ([192.0.2.10]:22) using \"publickey\".\n"
	    "Welcome to Debian\nalice@server:~$ ls\nnotes.txt\nalice@server:~$ exit\nlogout\n"
	    "Connection to server.example closed.\n",
	    { TR_AUTHENTICATED, NF }, "a session that ended normally" },
	{ "Load key \"/home/alice/.ssh/old_rsa\": invalid format\n"
	    "sign_and_send_pubkey: signing failed: agent refused operation\n"
	    "Authenticated to server.example ([192.0.2.10]:22) using \"publickey\".\n",
	    { TR_AUTHENTICATED, NF }, "failures that did not stop the login" },
};

static void
test_auth_forms(void **state)
{
	struct transcript t;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof auth_forms / sizeof auth_forms[0]; i++) {
		parse_str(&t, auth_forms[i].in);
		assert_clean(&t);
		expect_exactly(&t, auth_forms[i].want, 5, auth_forms[i].form);
		transcript_free(&t);
	}
}

/* What the evidence quotes: keys offered, keys accepted, the method list, the login name. */
static void
test_auth_details(void **state)
{
	struct transcript t;

	(void)state;
	parse_str(&t,
	    "debug1: Will attempt key: /home/alice/.ssh/id_ed25519 ED25519 SHA256:LABF explicit\n"
	    "debug1: Authentications that can continue: publickey,password\n"
	    "debug1: Offering public key: /home/alice/.ssh/id_ed25519 ED25519 SHA256:LABF explicit\n"
	    "debug1: Offering public key: alice@laptop RSA SHA256:q3Lx agent\n"
	    "debug1: Authentications that can continue: publickey,password\n"
	    "debug1: No more authentication methods to try.\n"
	    "alice@server.example: Permission denied (publickey).\n");
	assert_int_equal(t.keys_offered, 2);
	assert_int_equal(t.keys_accepted, 0);
	assert_int_equal((int)t.offered.n, 2);
	assert_string_equal(t.offered.v[0],
	    "/home/alice/.ssh/id_ed25519 ED25519 SHA256:LABF explicit");
	assert_string_equal(t.offered.v[1], "alice@laptop RSA SHA256:q3Lx agent");
	/* the last list wins: the refusal's own */
	assert_string_equal(t.auth_methods, "publickey");
	assert_string_equal(t.denied_user, "alice");
	expect_seen(&t, TR_DENIED_KEYS_ONLY, 7);
	expect_seen(&t, TR_AUTH_DENIED, 7);
	transcript_free(&t);

	/* 7.4: "Offering RSA public key: FILE", "Server accepts key: pkalg ... blen N" */
	parse_str(&t,
	    "debug1: Offering RSA public key: /home/alice/.ssh/id_rsa\n"
	    "debug1: Server accepts key: pkalg rsa-sha2-512 blen 279\n"
	    "debug1: Authentication succeeded (publickey).\n");
	assert_int_equal(t.keys_accepted, 1);
	assert_string_equal(t.offered.v[0], "RSA public key: /home/alice/.ssh/id_rsa");
	assert_null(t.denied_user);
	expect_seen(&t, TR_AUTHENTICATED, 3);
	transcript_free(&t);

	/* A login name with no host part, a prefix before it, and at most 8 keys kept. */
	parse_str(&t,
	    "debug1: Offering public key: k1\ndebug1: Offering public key: k2\n"
	    "debug1: Offering public key: k3\ndebug1: Offering public key: k4\n"
	    "debug1: Offering public key: k5\ndebug1: Offering public key: k6\n"
	    "debug1: Offering public key: k7\ndebug1: Offering public key: k8\n"
	    "debug1: Offering public key: k9\n"
	    "[pull] git@github.com: Permission denied (publickey).\n");
	assert_int_equal(t.keys_offered, 9);
	assert_int_equal((int)t.offered.n, 8);
	assert_string_equal(t.denied_user, "git");
	transcript_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth_forms),
		cmocka_unit_test(test_auth_details),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
