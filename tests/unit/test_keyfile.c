/* test_keyfile.c: the key file classifier, the `ssh-add -L` and `ssh-keygen -L` readers (checks/parse/keyfile-parse.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/keyfile-parse.h"

/* A real ed25519 key from ssh-keygen -N '' (OpenSSH 9.2), used nowhere else. */
static const char openssh_plain[] =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACAnPhGJWIduisBH9aM4OKd3gxkyhAsGxARWDgwXv7x/2AAAAIjI1nRyyNZ0\n"
    "cgAAAAtzc2gtZWQyNTUxOQAAACAnPhGJWIduisBH9aM4OKd3gxkyhAsGxARWDgwXv7x/2A\n"
    "AAAEB9DnOSqV/Iw1zbrsRxlIvjEQwt0f/okH42nw03O1y5cSc+EYlYh26KwEf1ozg4p3eD\n"
    "GTKECwbEBFYODBe/vH/YAAAABHVuaXQB\n"
    "-----END OPENSSH PRIVATE KEY-----\n";

/* The first lines of one with a passphrase (aes256-ctr, bcrypt). */
static const char openssh_enc[] =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABDoQVAI3e\n"
    "l1rzwQnYKKn0V1AAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIMioQzkHl4y7/Ljg\n"
    "2U0uGYgJyyGHAHSxCMnpI95vg49/AAAAkNhGWvJaQAsdxNA7PdsYV7bzwlreC/JfjmSdgr\n"
    "-----END OPENSSH PRIVATE KEY-----\n";

static void
classify(const char *s, struct keyfile_info *ki)
{
	keyfile_classify(s, strlen(s), 1, ki);
}

static void
test_openssh(void **state)
{
	struct keyfile_info ki;
	char		*crlf, *p;
	const char	*q;

	(void)state;
	classify(openssh_plain, &ki);
	assert_int_equal(ki.format, KF_OPENSSH);
	assert_int_equal(ki.encrypted, 0);
	assert_string_equal(ki.cipher, "none");
	assert_string_equal(ki.keytype, "ssh-ed25519");
	assert_false(ki.crlf);
	assert_false(ki.no_final_newline);

	classify(openssh_enc, &ki);
	assert_int_equal(ki.format, KF_OPENSSH);
	assert_int_equal(ki.encrypted, 1);
	assert_string_equal(ki.cipher, "aes256-ctr");
	assert_string_equal(ki.keytype, "ssh-ed25519");

	/* CRLF, as a Windows editor or a git checkout leaves it */
	crlf = calloc(1, sizeof openssh_plain * 2);
	for (p = crlf, q = openssh_plain; *q != '\0'; q++) {
		if (*q == '\n')
			*p++ = '\r';
		*p++ = *q;
	}
	classify(crlf, &ki);
	assert_int_equal(ki.format, KF_OPENSSH);
	assert_true(ki.crlf);
	assert_int_equal(ki.encrypted, 0);
	free(crlf);

	/* no final newline: only when the whole file was seen */
	keyfile_classify(openssh_plain, strlen(openssh_plain) - 1, 1, &ki);
	assert_true(ki.no_final_newline);
	keyfile_classify(openssh_plain, strlen(openssh_plain) - 1, 0, &ki);
	assert_false(ki.no_final_newline);
}

static void
test_other_formats(void **state)
{
	struct keyfile_info ki;

	(void)state;
	classify("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: aes256-cbc\n"
	    "Comment: x\n", &ki);
	assert_int_equal(ki.format, KF_PPK);
	assert_string_equal(ki.keytype, "ssh-ed25519");
	assert_int_equal(ki.encrypted, 1);
	classify("PuTTY-User-Key-File-2: ssh-rsa\r\nEncryption: none\r\n", &ki);
	assert_int_equal(ki.format, KF_PPK);
	assert_int_equal(ki.encrypted, 0);
	assert_string_equal(ki.keytype, "ssh-rsa");

	classify("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
	    "DEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n", &ki);
	assert_int_equal(ki.format, KF_PEM);
	assert_string_equal(ki.pem_label, "RSA PRIVATE KEY");
	assert_int_equal(ki.encrypted, 1);
	classify("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n", &ki);
	assert_int_equal(ki.format, KF_PEM);
	assert_int_equal(ki.encrypted, 0);
	classify("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n", &ki);
	assert_int_equal(ki.encrypted, 1);
	classify("-----BEGIN CERTIFICATE-----\nMIIE\n", &ki);
	assert_int_equal(ki.format, KF_UNKNOWN);

	classify("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ4 me@host\n", &ki);
	assert_int_equal(ki.format, KF_PUBLIC);
	classify("---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n", &ki);
	assert_int_equal(ki.format, KF_PUBLIC);
	classify("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nx\n", &ki);
	assert_int_equal(ki.format, KF_SSH2_PRIVATE);

	classify("\xef\xbb\xbf-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbg==\n", &ki);
	assert_int_equal(ki.format, KF_OPENSSH);
	assert_true(ki.bom);
	assert_int_equal(ki.encrypted, -1);	/* cut before the cipher name */
	classify("key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n", &ki);
	assert_true(ki.leading_junk);

	classify("", &ki);
	assert_int_equal(ki.format, KF_EMPTY);
	classify(" \r\n\t\n", &ki);
	assert_int_equal(ki.format, KF_EMPTY);
	keyfile_classify("0\x82\x04\x00\x02\x01", 6, 1, &ki);
	assert_int_equal(ki.format, KF_BINARY);
	classify("hello world\n", &ki);
	assert_int_equal(ki.format, KF_UNKNOWN);
	assert_string_equal(keyfile_format_name(KF_PPK), "PuTTY private key (.ppk)");
}

static void
test_hostile_header(void **state)
{
	struct keyfile_info ki;
	/* magic, then a cipher name claiming 4 GiB, then a huge public key length */
	static const char bad_len[] =
	    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
	    "b3BlbnNzaC1rZXktdjEA/////w==\n";
	char	*big;

	(void)state;
	classify(bad_len, &ki);
	assert_int_equal(ki.format, KF_OPENSSH);
	assert_int_equal(ki.encrypted, -1);
	assert_string_equal(ki.cipher, "");

	big = malloc(KEYFILE_HEAD_MAX * 2);
	memset(big, 'A', KEYFILE_HEAD_MAX * 2);
	keyfile_classify(big, KEYFILE_HEAD_MAX * 2, 1, &ki);
	assert_int_equal(ki.format, KF_UNKNOWN);
	assert_false(ki.no_final_newline);	/* cut: the end was not seen */
	free(big);
}

static void
test_agent(void **state)
{
	struct agentkeys ak;
	static const char out[] =
	    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ4x alice@laptop\n"
	    "ssh-rsa-cert-v01@openssh.com AAAAHHNzaC1yc2EtY2VydA== cert \x1b[31m\r\n"
	    "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaA==\n"
	    "Bad Type AAAA\n"
	    "ssh-ed25519 not!base64 x\n"
	    "ssh-ed25519\n"
	    "\n";

	(void)state;
	agentkeys_parse(out, sizeof out - 1, &ak);
	assert_int_equal(ak.n, 3);
	assert_int_equal(ak.skipped, 3);
	assert_false(ak.none);
	assert_string_equal(ak.v[0].type, "ssh-ed25519");
	assert_string_equal(ak.v[0].blob, "AAAAC3NzaC1lZDI1NTE5AAAAIJ4x");
	assert_string_equal(ak.v[0].comment, "alice@laptop");
	assert_string_equal(ak.v[1].type, "ssh-rsa-cert-v01@openssh.com");
	assert_null(strchr(ak.v[1].comment, '\x1b'));
	assert_null(strchr(ak.v[1].comment, '\r'));
	assert_string_equal(ak.v[2].comment, "");
	agentkeys_free(&ak);

	agentkeys_parse("The agent has no identities.\n", 29, &ak);
	assert_true(ak.none);
	assert_int_equal(ak.n, 0);
	agentkeys_free(&ak);
	agentkeys_parse("", 0, &ak);
	assert_int_equal(ak.n, 0);
	agentkeys_free(&ak);
}

static void
test_agent_bounds(void **state)
{
	struct agentkeys ak;
	char	*out, *p;
	size_t	 i;

	(void)state;
	out = malloc(100 * 64 + AGENTKEY_BLOB_MAX + 64);
	p = out;
	for (i = 0; i < 100; i++)
		p += sprintf(p, "ssh-ed25519 AAAAC3Nz key%zu\n", i);
	p += sprintf(p, "ssh-rsa ");
	memset(p, 'A', AGENTKEY_BLOB_MAX + 1);
	p += AGENTKEY_BLOB_MAX + 1;
	agentkeys_parse(out, (size_t)(p - out), &ak);	/* no final newline, no NUL */
	assert_int_equal(ak.n, AGENTKEYS_MAX);
	assert_int_equal(ak.skipped, 100 - AGENTKEYS_MAX + 1);
	agentkeys_free(&ak);
	free(out);
}

static void
cparse(const char *s, struct certinfo *ci)
{
	certinfo_parse(s, strlen(s), ci);
}

static void
test_certinfo(void **state)
{
	struct certinfo	 ci;
	static const char expired[] =
	    "id-cert.pub:\n"
	    "        Type: ssh-ed25519-cert-v01@openssh.com user certificate\n"
	    "        Public key: ED25519-CERT SHA256:NG5c\n"
	    "        Key ID: \"expired\"\n"
	    "        Valid: from 2020-01-01T00:00:00 to 2020-01-02T00:00:00\n"
	    "        Principals: \n"
	    "                alice\n"
	    "                bob\x1b[2J\n"
	    "        Critical Options: (none)\n"
	    "        Extensions: \n"
	    "                permit-pty\n";

	(void)state;
	certinfo_parse(expired, sizeof expired - 1, &ci);
	assert_true(ci.seen);
	assert_false(ci.host);
	assert_string_equal(ci.from, "2020-01-01T00:00:00");
	assert_string_equal(ci.to, "2020-01-02T00:00:00");
	assert_int_equal(ci.nprincipals, 2);
	assert_true(certinfo_has_principal(&ci, "alice"));
	assert_false(certinfo_has_principal(&ci, "permit-pty"));
	assert_false(certinfo_has_principal(&ci, "carol"));
	assert_null(strchr(ci.principals[1], '\x1b'));
	certinfo_free(&ci);

	cparse("\tType: ssh-rsa-cert-v01@openssh.com host certificate\r\n"
	    "\tValid: forever\r\n\tPrincipals: (none)\r\n", &ci);
	assert_true(ci.seen);
	assert_true(ci.host);
	assert_string_equal(ci.to, "");
	assert_true(ci.any_principal);
	assert_true(certinfo_has_principal(&ci, "anyone"));
	certinfo_free(&ci);

	cparse("Type: x user certificate\nValid: after 2031-05-01T10:00:00\n"
	    "Valid: before 2030-01-01T00:00:00; rm -rf\n", &ci);
	assert_string_equal(ci.from, "2031-05-01T10:00:00");
	assert_string_equal(ci.to, "");		/* not a time: ignored */
	assert_int_equal(ci.nprincipals, 0);
	assert_false(certinfo_has_principal(&ci, "alice"));
	certinfo_free(&ci);

	certinfo_parse("", 0, &ci);
	assert_false(ci.seen);
	certinfo_free(&ci);
}

static void
test_certinfo_bounds(void **state)
{
	struct certinfo	 ci;
	char		*out, *p;
	size_t		 i;

	(void)state;
	out = malloc(64 + 100 * 40);
	p = out + sprintf(out, "Type: t user certificate\nPrincipals:\n");
	for (i = 0; i < 100; i++)
		p += sprintf(p, "                p%zu\n", i);
	certinfo_parse(out, (size_t)(p - out), &ci);
	assert_int_equal(ci.nprincipals, CERT_PRINCIPALS_MAX);
	certinfo_free(&ci);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openssh),
		cmocka_unit_test(test_other_formats),
		cmocka_unit_test(test_hostile_header),
		cmocka_unit_test(test_agent),
		cmocka_unit_test(test_agent_bounds),
		cmocka_unit_test(test_certinfo),
		cmocka_unit_test(test_certinfo_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
