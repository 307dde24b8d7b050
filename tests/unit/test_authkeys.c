/* test_authkeys.c: authorized_keys lines (checks/parse/authkeys-parse.h) and sshd's user patterns and tokens (checks/parse/usermatch.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/authkeys-parse.h"
#include "checks/parse/usermatch.h"

/* Made with ssh-keygen; the fingerprints are what ssh-keygen -lf printed. */
#define ED_B64	"AAAAC3NzaC1lZDI1NTE5AAAAIBXkguZLdlCEriEBJGr4PzODnzj2Sfz/syc/+/+E26yx"
#define ED_FP	"SHA256:o/bSy0XS3GQZ3POM7z07pYMRHsVMfyAOSUePfCoXzdA"
#define RSA_B64	"AAAAB3NzaC1yc2EAAAADAQABAAAAgQDrv47lwj09/Sy53VXylZtW6WU1NX6kk0kQpJvS8qB+ZUVh66Tv8UEZ" \
		"BcWU9zypQ4D7lWFuaNFt7uodUP4IPQoCrn0wKEigZ3Hfyi1SEmQwvCrHqGhdw0kHXsnIJttAVcWtk7nC7c" \
		"TctchlEy+uZS3LzwJ5WN4d2dHqRMG6p5Dt5w=="
#define RSA_FP	"SHA256:zKu3q9UquXEwQItnfRC4ksFXHeyMjJsfz4MZjU9oapg"

static void
parse(const char *text, struct authkeys_file *f)
{
	authkeys_parse(text, strlen(text), f);
}

static void
test_keys(void **state)
{
	struct authkeys_file f;

	(void)state;
	parse("# my keys\n\nssh-ed25519 " ED_B64 " alice@laptop\n"
	    "  ssh-rsa " RSA_B64 " bob\n", &f);
	assert_int_equal(f.n, 4);
	assert_int_equal(f.keys, 2);
	assert_int_equal(f.broken, 0);
	assert_int_equal(f.v[0].kind, AK_SKIP);
	assert_int_equal(f.v[2].kind, AK_KEY);
	assert_string_equal(f.v[2].type, "ssh-ed25519");
	assert_string_equal(f.v[2].fp, ED_FP);
	assert_string_equal(f.v[3].fp, RSA_FP);
	assert_int_equal(f.v[3].line, 4);
	authkeys_free(&f);
}

static void
test_options(void **state)
{
	struct authkeys_file f;

	(void)state;
	parse("from=\"10.0.0.0/8,192.0.2.1\",command=\"echo \\\"hi there\\\"\",no-pty ssh-ed25519 "
	    ED_B64 "\n"
	    "cert-authority,principals=\"alice\" ssh-rsa " RSA_B64 "\n"
	    "command=\"unterminated ssh-ed25519 " ED_B64 "\n"
	    "restrict\n", &f);
	assert_int_equal(f.v[0].kind, AK_KEY);
	assert_true(f.v[0].options);
	assert_string_equal(f.v[0].fp, ED_FP);
	assert_int_equal(f.v[1].kind, AK_KEY);
	assert_true(f.v[1].cert_authority);
	assert_int_equal(f.v[2].kind, AK_BROKEN);
	assert_non_null(strstr(f.v[2].problem, "quotes"));
	assert_int_equal(f.v[3].kind, AK_BROKEN);
	authkeys_free(&f);
}

/* What breaks keys in the wild: a BOM, a wrapped paste, a cut key, a mistyped type. */
static void
test_breakage(void **state)
{
	struct authkeys_file f;
	char	 buf[1024];

	(void)state;
	parse("\xef\xbb\xbfssh-ed25519 " ED_B64 " alice@laptop\r\nssh-rsa " RSA_B64 " bob\r\n", &f);
	assert_true(f.bom);
	assert_int_equal(f.v[0].kind, AK_BROKEN);
	assert_non_null(strstr(f.v[0].problem, "byte order mark"));
	/* CRLF: base64 decoding skips the CR, sshd reads the key */
	assert_int_equal(f.v[1].kind, AK_KEY);
	assert_true(f.v[1].crlf);
	authkeys_free(&f);

	/* a key broken over two lines by a terminal's wrap */
	snprintf(buf, sizeof buf, "ssh-rsa %.60s\n%s bob\n", RSA_B64, RSA_B64 + 60);
	parse(buf, &f);
	assert_int_equal(f.broken, 2);
	assert_non_null(strstr(f.v[0].problem, "cut short"));
	assert_non_null(strstr(f.v[1].problem, "broken onto its own line"));
	authkeys_free(&f);

	parse("ssh-rsa " ED_B64 " mislabelled\nssh-ed25519 AAAA!!!!\nssh-ed25519\n"
	    "ssh-ed448 " ED_B64 "\n", &f);
	assert_non_null(strstr(f.v[0].problem, "type differs"));
	assert_non_null(strstr(f.v[1].problem, "base64"));
	assert_non_null(strstr(f.v[2].problem, "no key"));
	assert_int_equal(f.v[3].kind, AK_BROKEN);
	assert_int_equal(f.keys, 0);
	authkeys_free(&f);
}

static void
test_pub(void **state)
{
	char	 fp[AUTHKEYS_FP_LEN + 1], type[48];
	const char *pub = "ssh-ed25519 " ED_B64 " alice@laptop\n";
	const char *rsa1024 = "ssh-rsa "
	    "AAAAB3NzaC1yc2EAAAADAQABAAAAgQCf2GtTQ4OtA4KgiHyelWNSrkD8ifufbjTi"
	    "t4AhL7YYM8aSadnz9KdlNOPzb3qpUA2/P9a0QHbi8KnWmvM93bE7R/YTh0u4JgQW"
	    "5zDWCi9qPT1myig8b/0TCzUkEUwYvEfG0feYQYHKPmFBntHKN3IG4fubX0AkGnrD"
	    "yCB9bHfx0w== r\n";
	const char *rsa3072 = "ssh-rsa "
	    "AAAAB3NzaC1yc2EAAAADAQABAAABgQCwPI78DSpIWFNw3yQEgbJgef3/GIJ8ZYvY"
	    "g8PcYW16v5qI3mxYHiR8AIe73lkifJaPnVeuyWka7TbBxVAe6Mw7nTuGFb09vWRS"
	    "jKJif1T5lZZ4XHuc1EhXSQPQGRav2F6QsYDpHvonDIEWo/BNlC4XoHbPEsPjfTo5"
	    "3Tf4Ad4pT/2gmbUFOvo0Vr1iUP+8jPRFNMoj4VaYXpsisTTxjtxW0ZDcXmnSMyf7"
	    "tZMaWPpUTzffS8/77SlY6HornB7qg9F8r5PvycBoFduRiCWEC6YdrOo7Ukt6nnIf"
	    "Li6yL0jaahxPxavuPS0TjgoyCIdZ/EFs32fFubh0y2wim6z7qjNVRWiEcaN9Jjjk"
	    "bzBxmTHs7guTqzgZ4JKklz/wOt6dcPjqutoNVbCAlx6AQb+PlrO4utuaABVteOTU"
	    "55VTIelCk3WxF5/TR6ufH+id6M5nbIT/+/iLoP5FuPck0IwxYBd/iRzZJZJQ2yWH"
	    "pQ4T8W7glncL+Gw2UBrtUWOxtpIjXR0= r3\n";
	const char *ecdsa384 = "ecdsa-sha2-nistp384 "
	    "AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBGvqN0DSIt8Y"
	    "V1eEpfepqZKltnCMf5SMZqfpIwBuohF4+3TrboFrg1SILEE89FVUvvs8HJiCZrMF"
	    "E5wiN9nZ9Ea/PVk7iQ+p1t66MK7b1qXMSADu6N4epZHM+nvP4AI76A== e\n";
	struct authkeys_entry e;

	(void)state;
	assert_int_equal(authkeys_pub_fingerprint(pub, strlen(pub), fp, type, sizeof type), 0);
	assert_string_equal(fp, ED_FP);
	assert_string_equal(type, "ssh-ed25519");
	assert_int_equal(authkeys_pub_fingerprint("-----BEGIN", 10, fp, type, sizeof type), -1);
	assert_int_equal(authkeys_pub_entry(pub, strlen(pub), &e), 0);
	assert_int_equal(e.bits, 256);
	/* sizes as ssh-keygen -l printed them for these keys */
	assert_int_equal(authkeys_pub_entry(rsa1024, strlen(rsa1024), &e), 0);
	assert_int_equal(e.bits, 1024);
	assert_string_equal(e.fp, "SHA256:oTo5Qh3ZQUD4k6XYwG+44aHl2PPSnHfHIIyO90IvIVs");
	assert_int_equal(authkeys_pub_entry(rsa3072, strlen(rsa3072), &e), 0);
	assert_int_equal(e.bits, 3072);
	assert_string_equal(e.fp, "SHA256:pKmlDe2tCVfjofNwSen5xOC/8qWALXxQ9ES1xqe5FO0");
	assert_int_equal(authkeys_pub_entry(ecdsa384, strlen(ecdsa384), &e), 0);
	assert_int_equal(e.bits, 384);
	assert_string_equal(e.fp, "SHA256:4elohHgzaoaayCfmYKnXYIu1EJ7y9PszB7RKOFaaI24");
	assert_true(authkeys_known_type("ssh-ed25519-cert-v01@openssh.com", 32));
	assert_true(authkeys_known_type("sk-ssh-ed25519-cert-v01@openssh.com", 35));
	assert_false(authkeys_known_type("ssh-ed2551", 10));
}

static void
test_limits(void **state)
{
	struct authkeys_file f;
	char	*big = malloc(AUTHKEYS_MAX_BYTES + 10);

	(void)state;
	assert_non_null(big);
	memset(big, '\n', AUTHKEYS_MAX_BYTES + 10);
	authkeys_parse(big, AUTHKEYS_MAX_BYTES + 10, &f);
	assert_true(f.cut);
	assert_int_equal(f.n, AUTHKEYS_MAX_LINES);
	authkeys_free(&f);
	authkeys_parse(NULL, 0, &f);
	assert_int_equal(f.n, 0);
	free(big);
}

/* match.c: match_pattern and match_user (AllowUsers, DenyUsers). */
static void
test_usermatch(void **state)
{
	(void)state;
	assert_true(usermatch_pattern("alice", "alice"));
	assert_true(usermatch_pattern("alice", "a*"));
	assert_true(usermatch_pattern("alice", "al?ce"));
	assert_false(usermatch_pattern("Alice", "alice"));
	assert_false(usermatch_pattern("alice", "bob"));
	assert_true(usermatch_pattern("", "*"));
	assert_false(usermatch_pattern("aaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
	    "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*ac"));
	assert_true(usermatch_user("alice", "192.0.2.7", "192.0.2.7", "alice@192.0.2.0/24"));
	assert_false(usermatch_user("alice", "198.51.100.1", "198.51.100.1", "alice@192.0.2.0/24"));
	assert_true(usermatch_user("alice", "host.example.org", "192.0.2.7", "alice@*.EXAMPLE.org"));
	assert_false(usermatch_user("alice", "10.0.0.1", "10.0.0.1", "alice@!10.0.0.1,10.0.0.0/8"));
	assert_true(usermatch_user("alice", "10.0.0.2", "10.0.0.2", "alice@!10.0.0.1,10.0.0.0/8"));
	assert_true(usermatch_user("bob", NULL, NULL, "*"));
	assert_false(usermatch_user(NULL, NULL, NULL, "*"));
}

static void
test_expand(void **state)
{
	char	*s;

	(void)state;
	s = usermatch_expand("%h/.ssh/authorized_keys", "alice", "/home/alice", 1000);
	assert_string_equal(s, "/home/alice/.ssh/authorized_keys");
	free(s);
	s = usermatch_expand(".ssh/authorized_keys2", "alice", "/home/alice", 1000);
	assert_string_equal(s, "/home/alice/.ssh/authorized_keys2");
	free(s);
	s = usermatch_expand("/etc/ssh/keys/%u.%U.100%%", "alice", "/home/alice", 1000);
	assert_string_equal(s, "/etc/ssh/keys/alice.1000.100%");
	free(s);
	assert_null(usermatch_expand("/etc/%x", "alice", "/home/alice", 1000));
	assert_null(usermatch_expand("/etc/%", "alice", "/home/alice", 1000));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_breakage),
		cmocka_unit_test(test_pub),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_usermatch),
		cmocka_unit_test(test_expand),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
