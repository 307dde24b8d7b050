/* test_redact.c: --redact (ui/redact.h): addresses, user and host names replaced consistently; sshdoc's vocabulary and JSON shape kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "tests/unit/testutil.h"
#include "ui/redact.h"

static void
text_is(struct redact *r, const char *in, const char *want)
{
	char	*out = redact_text(r, in);

	if (strcmp(out, want) != 0)
		fail_msg("redact_text(\"%s\")\n  got  \"%s\"\n  want \"%s\"", in, out, want);
	free(out);
}

static void
setup(struct redact *r)
{
	redact_init(r);
	redact_user(r, "alice");
	redact_user(r, "root");		/* never private: ignored */
	redact_host(r, "db1.corp.example");
	redact_host(r, "laptop");
}

static void
test_addresses(void **state)
{
	struct redact	 r;

	(void)state;
	setup(&r);
	text_is(&r, "connection to 198.51.100.7 port 22 refused",
	    "connection to addr-1 port 22 refused");
	text_is(&r, "198.51.100.7:22: refused; 203.0.113.5:2222: timeout",
	    "addr-1:22: refused; addr-2:2222: timeout");
	text_is(&r, "[2001:db8::10]:22 and 2001:db8::10.", "[addr-3]:22 and addr-3.");
	/* One address, two spellings: one placeholder. */
	text_is(&r, "2001:0db8:0000:0000:0000:0000:0000:0010", "addr-3");
	text_is(&r, "::1 and 0:0:0:0:0:0:0:1 and ::ffff:198.51.100.7", "addr-4 and addr-4 and addr-5");
	text_is(&r, "fe80::1%eth0", "addr-6%eth0");
	/* Not addresses: versions, times, MaxStartups, fingerprints, punctuation. */
	text_is(&r, "OpenSSH_9.2p1 at 12:30:45, MaxStartups 10:30:100, version 0.1.0",
	    "OpenSSH_9.2p1 at 12:30:45, MaxStartups 10:30:100, version 0.1.0");
	text_is(&r, "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s", 
	    "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s");
	text_is(&r, "Their offer: :: none", "Their offer: :: none");
	text_is(&r, "1.2.3.4.5 is an OID", "1.2.3.4.5 is an OID");
	redact_free(&r);
}

static void
test_names(void **state)
{
	struct redact	 r;

	(void)state;
	setup(&r);
	text_is(&r, "ssh connects to db1.corp.example port 22 as alice",
	    "ssh connects to host-1 port 22 as user-1");
	/* Host names match whatever their case; the short name is known too. */
	text_is(&r, "DB1.Corp.Example and db1, on laptop", "host-1 and host-2, on host-3");
	text_is(&r, "alice@db1.corp.example", "user-1@host-1");
	/* Words shaped like a host name are hosts. */
	text_is(&r, "jump via bastion.other.example.", "jump via host-4.");
	/* Home directories name their user. */
	text_is(&r, "/home/bob/.ssh/id_ed25519: mode 0644", "/home/user-2/.ssh/id_ed25519: mode 0644");
	text_is(&r, "/home/alice/.ssh/config", "/home/user-1/.ssh/config");
	/* root, algorithm names, file names and sshdoc's words stay. */
	text_is(&r, "/root/.ssh/known_hosts: not present", "/root/.ssh/known_hosts: not present");
	text_is(&r, "chacha20-poly1305@openssh.com, curve25519-sha256@libssh.org",
	    "chacha20-poly1305@openssh.com, curve25519-sha256@libssh.org");
	text_is(&r, "rijndael-cbc@lysator.liu.se", "rijndael-cbc@lysator.liu.se");
	text_is(&r, "ssh.socket and sshd.service; /etc/ssh/sshd_config.d/x.conf",
	    "ssh.socket and sshd.service; /etc/ssh/sshd_config.d/x.conf");
	text_is(&r, "port-closed: the algorithms e.g. agree", "port-closed: the algorithms e.g. agree");
	/* "alice" inside a longer word is not the user. */
	text_is(&r, "malice and alicexyz", "malice and alicexyz");
	redact_free(&r);
}

static const char REPORT[] =
    "{\n  \"tool\": \"sshdoc\",\n  \"version\": \"0.1.0\",\n  \"mode\": \"client\",\n"
    "  \"target\": {\"host\": \"db1.corp.example\", \"port\": 22, \"user\": \"alice\"},\n"
    "  \"content\": \"/home/alice/.local/share/sshdoc/content\",\n"
    "  \"checks\": [\n"
    "    {\"id\": \"tcp-connect\", \"title\": \"TCP connection\", \"status\": \"fail\", "
    "\"outcome\": \"refused\", \"summary\": \"connection to db1.corp.example port 22 refused\",\n"
    "     \"evidence\": [\"198.51.100.7:22: refused\", \"quote \\\" backslash \\\\ esc \\u001b[1m caf\\u00e9 \\ud83d\\ude00\"], \"ms\": 3}\n"
    "  ],\n"
    "  \"causes\": [{\"id\": \"port-closed\", \"confidence\": \"confirmed\", "
    "\"summary\": \"198.51.100.7 refused\", \"evidence\": [], \"fix\": \"port-closed\", "
    "\"check\": \"tcp-connect\"}],\n"
    "  \"path\": [\"reach\"],\n  \"answers\": {\"scope\": \"only-here\"},\n"
    "  \"ok\": true, \"none\": null, \"n\": -1.5e3,\n"
    "  \"verdict\": \"problem\"\n}\n";

static const char WANT[] =
    "{\n  \"tool\": \"sshdoc\",\n  \"version\": \"0.1.0\",\n  \"mode\": \"client\",\n"
    "  \"target\": {\"host\": \"host-1\", \"port\": 22, \"user\": \"user-1\"},\n"
    "  \"content\": \"/home/user-1/.local/share/sshdoc/content\",\n"
    "  \"checks\": [\n"
    "    {\"id\": \"tcp-connect\", \"title\": \"TCP connection\", \"status\": \"fail\", "
    "\"outcome\": \"refused\", \"summary\": \"connection to host-1 port 22 refused\",\n"
    "     \"evidence\": [\"addr-1:22: refused\", \"quote \\\" backslash \\\\ esc \\u001b[1m caf\xc3\xa9 \xf0\x9f\x98\x80\"], \"ms\": 3}\n"
    "  ],\n"
    "  \"causes\": [{\"id\": \"port-closed\", \"confidence\": \"confirmed\", "
    "\"summary\": \"addr-1 refused\", \"evidence\": [], \"fix\": \"port-closed\", "
    "\"check\": \"tcp-connect\"}],\n"
    "  \"path\": [\"reach\"],\n  \"answers\": {\"scope\": \"only-here\"},\n"
    "  \"ok\": true, \"none\": null, \"n\": -1.5e3,\n"
    "  \"verdict\": \"problem\"\n}\n";

static void
test_json(void **state)
{
	struct redact	 r;
	char		*out = NULL, *again = NULL, *cause = NULL;

	(void)state;
	setup(&r);
	assert_int_equal(redact_json(&r, REPORT, sizeof REPORT - 1, &out, &cause), 0);
	if (strcmp(out, WANT) != 0)
		fail_msg("got:\n%s\nwant:\n%s", out, WANT);
	assert_true(tu_valid_utf8(out, strlen(out)));
	/* Redacting the result changes nothing more, and numbering is stable. */
	assert_int_equal(redact_json(&r, out, strlen(out), &again, &cause), 0);
	assert_string_equal(again, out);
	free(again);
	free(out);
	redact_free(&r);
}

static void
test_json_fixed_keys(void **state)
{
	struct redact	 r;
	static const char in[] = "{\"id\": \"db1.corp.example\", \"x\": [\"db1.corp.example\"]}";
	char		*out = NULL, *cause = NULL;

	(void)state;
	setup(&r);
	assert_int_equal(redact_json(&r, in, sizeof in - 1, &out, &cause), 0);
	assert_string_equal(out, "{\"id\": \"db1.corp.example\", \"x\": [\"host-1\"]}");
	free(out);
	redact_free(&r);
}

static void
test_json_invalid(void **state)
{
	static const char *const bad[] = {
		"", "{", "{\"a\" 1}", "{\"a\": }", "[1, 2", "\"abc", "{\"a\": \"\\x\"}",
		"{\"a\": \"\\u12\"}", "{\"a\": tru}", "{} {}", "{\"a\": \"x\ny\"}", "[1,]", NULL
	};
	struct redact	 r;
	char		*out, *cause, deep[300];
	size_t		 i;

	(void)state;
	redact_init(&r);
	for (i = 0; bad[i] != NULL; i++) {
		out = NULL;
		cause = NULL;
		if (redact_json(&r, bad[i], strlen(bad[i]), &out, &cause) == 0)
			fail_msg("accepted invalid JSON \"%s\" as \"%s\"", bad[i], out);
		assert_null(out);
		assert_non_null(cause);
		free(cause);
	}
	memset(deep, '[', sizeof deep);
	cause = NULL;
	assert_int_equal(redact_json(&r, deep, sizeof deep, &out, &cause), -1);
	assert_non_null(strstr(cause, "nested too deeply"));
	free(cause);
	redact_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_fixed_keys),
		cmocka_unit_test(test_json_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
