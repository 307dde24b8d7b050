/* test_kexinit.c: the server's first binary packet, SSH_MSG_KEXINIT (checks/kexinit-parse.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/kexinit-parse.h"
#include "lib/sanitize.h"
#include "tests/unit/testutil.h"

/* What OpenSSH 9.2p1 (Debian 12) offers as a server. */
static const char *const OPENSSH_92[KEXINIT_NLISTS] = {
	"sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,"
	    "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
	    "diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
	    "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,"
	    "kex-strict-s-v00@openssh.com",
	"rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519",
	"chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
	    "aes128-gcm@openssh.com,aes256-gcm@openssh.com",
	"chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
	    "aes128-gcm@openssh.com,aes256-gcm@openssh.com",
	"umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
	    "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
	    "umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
	"umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
	    "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
	    "umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
	"none,zlib@openssh.com",
	"none,zlib@openssh.com",
	"",
	"",
};
static const size_t OPENSSH_92_NAMES[KEXINIT_NLISTS] = { 11, 4, 6, 6, 10, 10, 2, 2, 0, 0 };

static void
put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/*
 * Build a packet as a server sends it before keys are set: uint32
 * packet_length, byte padding_length, payload (20, 16-byte cookie, ten
 * name-lists, bool first_kex_packet_follows, uint32 0), padding. lens[i]
 * (when lens is not NULL) overrides the length field of list i. Returns the
 * bytes written into a new buffer.
 */
static unsigned char *
build(const char *const lists[KEXINIT_NLISTS], const uint32_t *lens, int follows,
    size_t padding, size_t *outlen)
{
	size_t		 payload = 1 + 16 + 5, n, i, off;
	unsigned char	*b;

	for (i = 0; i < KEXINIT_NLISTS; i++)
		payload += 4 + strlen(lists[i]);
	n = 4 + 1 + payload + padding;
	b = malloc(n);
	put_u32(b, (uint32_t)(1 + payload + padding));
	b[4] = (unsigned char)padding;
	off = 5;
	b[off++] = SSH_MSG_KEXINIT;
	for (i = 0; i < 16; i++)
		b[off++] = (unsigned char)(0xa0 + i);	/* cookie */
	for (i = 0; i < KEXINIT_NLISTS; i++) {
		size_t l = strlen(lists[i]);

		put_u32(b + off, lens != NULL ? lens[i] : (uint32_t)l);
		memcpy(b + off + 4, lists[i], l);
		off += 4 + l;
	}
	b[off++] = (unsigned char)follows;
	put_u32(b + off, 0);
	off += 4;
	memset(b + off, 0, padding);
	off += padding;
	assert_int_equal(off, n);
	*outlen = n;
	return b;
}

/* A padding that makes the whole packet a multiple of 8, as RFC 4253 asks. */
static size_t
pad_for(const char *const lists[KEXINIT_NLISTS])
{
	size_t	 payload = 1 + 16 + 5, i, pad;

	for (i = 0; i < KEXINIT_NLISTS; i++)
		payload += 4 + strlen(lists[i]);
	pad = 8 - (4 + 1 + payload) % 8;
	if (pad < 4)
		pad += 8;
	return pad;
}

static void
assert_empty(const struct kexinit *k)
{
	int	 i;

	for (i = 0; i < KEXINIT_NLISTS; i++) {
		assert_null(k->lists[i]);
		assert_int_equal(k->names[i], 0);
	}
}

static void
expect_bad(const unsigned char *b, size_t len, const char *why_part)
{
	struct kexinit	 k;
	size_t		 need = 0;
	const char	*why = NULL;

	if (kexinit_parse(b, len, &k, &need, &why) != KEXINIT_BAD) {
		tu_dump("packet", b, len);
		fail_msg("wanted KEXINIT_BAD (%s)", why_part);
	}
	assert_non_null(why);
	if (strstr(why, why_part) == NULL)
		fail_msg("why \"%s\", wanted \"%s\"", why, why_part);
	assert_empty(&k);
	kexinit_free(&k);
}

static void
test_well_formed(void **state)
{
	struct kexinit	 k;
	unsigned char	*b;
	size_t		 len, need = 0;
	const char	*why = NULL;
	int		 i;

	(void)state;
	b = build(OPENSSH_92, NULL, 0, pad_for(OPENSSH_92), &len);
	assert_int_equal(len % 8, 0);
	assert_int_equal(kexinit_parse(b, len, &k, &need, &why), KEXINIT_OK);
	assert_int_equal(need, len);
	assert_int_equal(k.packet_length, len - 4);
	assert_int_equal(k.first_kex_follows, 0);
	for (i = 0; i < KEXINIT_NLISTS; i++) {
		assert_non_null(k.lists[i]);
		assert_string_equal(k.lists[i], OPENSSH_92[i]);
		if (k.names[i] != OPENSSH_92_NAMES[i])
			fail_msg("%s: %zu names, wanted %zu", kexinit_list_name(i),
			    k.names[i], OPENSSH_92_NAMES[i]);
	}
	assert_true(namelist_has(k.lists[KEXL_KEX], "curve25519-sha256"));
	assert_true(namelist_has(k.lists[KEXL_HOSTKEY], "ssh-ed25519"));
	assert_false(namelist_has(k.lists[KEXL_HOSTKEY], "ssh-rsa"));
	kexinit_free(&k);
	kexinit_free(&k);	/* free empties it: twice is harmless */
	free(b);

	/* first_kex_packet_follows set, the smallest padding, and bytes after the packet. */
	{
		unsigned char *c;
		size_t clen;

		b = build(OPENSSH_92, NULL, 1, 4, &len);
		c = malloc(len + 64);
		memcpy(c, b, len);
		memset(c + len, 0xee, 64);	/* the next packet */
		clen = len + 64;
		assert_int_equal(kexinit_parse(c, clen, &k, &need, &why), KEXINIT_OK);
		assert_int_equal(k.first_kex_follows, 1);
		assert_int_equal(need, len);
		assert_string_equal(k.lists[KEXL_COMP_STOC], "none,zlib@openssh.com");
		kexinit_free(&k);
		free(c);
		free(b);
	}

	/* The largest padding a byte holds. */
	b = build(OPENSSH_92, NULL, 0, 255, &len);
	assert_int_equal(kexinit_parse(b, len, &k, &need, &why), KEXINIT_OK);
	assert_string_equal(k.lists[KEXL_MAC_CTOS], OPENSSH_92[KEXL_MAC_CTOS]);
	kexinit_free(&k);
	free(b);
}

/* Growing the input a byte at a time: MORE with the right need, then OK at the full length. */
static void
test_byte_by_byte(void **state)
{
	struct kexinit	 k;
	unsigned char	*b;
	size_t		 len, i, need;
	const char	*why = NULL;

	(void)state;
	b = build(OPENSSH_92, NULL, 0, pad_for(OPENSSH_92), &len);
	for (i = 0; i < len; i++) {
		need = 0;
		if (kexinit_parse(b, i, &k, &need, &why) != KEXINIT_MORE)
			fail_msg("%zu of %zu bytes: not MORE", i, len);
		assert_int_equal(need, i < 5 ? 5 : len);
		assert_empty(&k);
		kexinit_free(&k);
	}
	assert_int_equal(kexinit_parse(b, len, &k, &need, &why), KEXINIT_OK);
	kexinit_free(&k);

	/* The caller's loop: read exactly need - len each time. */
	{
		size_t have = 0, rounds = 0;
		enum kexinit_state st;

		while ((st = kexinit_parse(b, have, &k, &need, &why)) == KEXINIT_MORE) {
			assert_true(need > have && need <= len);
			have = need;
			rounds++;
			kexinit_free(&k);
		}
		assert_int_equal(st, KEXINIT_OK);
		assert_int_equal(rounds, 2);
		kexinit_free(&k);
	}
	free(b);
}

static void
test_packet_length(void **state)
{
	unsigned char	 h[64];
	struct kexinit	 k;
	size_t		 need;
	const char	*why = NULL;
	static const uint32_t bad[] = {
		0, 1, 15, KEXINIT_PACKET_MAX + 1, 0x10000, 0x7fffffff, 0xfffffff0,
		0xffffffff,
	};
	size_t		 i;

	(void)state;
	memset(h, 0, sizeof h);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		put_u32(h, bad[i]);
		h[4] = 4;
		h[5] = SSH_MSG_KEXINIT;
		/* Refused from the header alone: never a wait for 4 GiB. */
		expect_bad(h, 5, "packet length out of range");
		expect_bad(h, sizeof h, "packet length out of range");
	}

	/* The limits themselves pass the length check. */
	put_u32(h, KEXINIT_PACKET_MAX);
	h[4] = 4;
	assert_int_equal(kexinit_parse(h, 5, &k, &need, &why), KEXINIT_MORE);
	assert_int_equal(need, 4 + KEXINIT_PACKET_MAX);
	put_u32(h, KEXINIT_PACKET_MIN);
	assert_int_equal(kexinit_parse(h, 5, &k, &need, &why), KEXINIT_MORE);
	assert_int_equal(need, 4 + KEXINIT_PACKET_MIN);
	/* ...but 16 bytes hold no cookie after the type and 4 bytes of padding. */
	h[5] = SSH_MSG_KEXINIT;
	expect_bad(h, 4 + KEXINIT_PACKET_MIN, "cookie");

	/* A full-size packet of KEXINIT_PACKET_MAX bytes parses. */
	{
		char *big = malloc(KEXINIT_PACKET_MAX);
		const char *lists[KEXINIT_NLISTS];
		unsigned char *b;
		size_t len, fill;

		for (i = 0; i < KEXINIT_NLISTS; i++)
			lists[i] = "none";
		/* payload = 1 + 16 + 5 + 10 * 4 + 9 * 4 + fill; plen = 1 + payload + 4 */
		fill = KEXINIT_PACKET_MAX - (1 + 1 + 16 + 5 + 40 + 36 + 4);
		memset(big, 'a', fill);
		for (i = 1; i < fill; i += 20)
			big[i] = ',';
		big[fill] = '\0';
		lists[0] = big;
		b = build(lists, NULL, 0, 4, &len);
		assert_int_equal(len, 4 + KEXINIT_PACKET_MAX);
		assert_int_equal(kexinit_parse(b, len, &k, &need, &why), KEXINIT_OK);
		assert_true(strlen(k.lists[0]) <= KEXINIT_LIST_KEEP);
		assert_int_equal(k.names[0], 1 + (fill - 2) / 20 + 1);
		kexinit_free(&k);
		free(b);
		free(big);
	}
}

static void
test_padding_length(void **state)
{
	unsigned char	*b;
	size_t		 len, pad;

	(void)state;
	b = build(OPENSSH_92, NULL, 0, pad_for(OPENSSH_92), &len);
	for (pad = 0; pad < 4; pad++) {
		b[4] = (unsigned char)pad;
		expect_bad(b, 5, "padding");
		expect_bad(b, len, "padding");
	}
	free(b);

	/* padding_length >= packet_length: nothing left for the payload. */
	{
		unsigned char h[64];

		memset(h, 0, sizeof h);
		put_u32(h, 40);
		h[4] = 40;
		expect_bad(h, 5, "padding");
		h[4] = 41;
		expect_bad(h, 5, "padding");
		h[4] = 255;
		expect_bad(h, 5, "padding");
		/* 39: 40 - 1 - 39 = no payload bytes, not even the message type. */
		h[4] = 39;
		h[5] = SSH_MSG_KEXINIT;
		expect_bad(h, 44, "not KEXINIT");
		/* 38: one byte of payload, the message type, and no cookie. */
		h[4] = 38;
		expect_bad(h, 44, "cookie");
	}
}

static void
test_not_kexinit(void **state)
{
	unsigned char	*b;
	size_t		 len;
	static const unsigned char types[] = { 0, 1, 2, 19, 21, 30, 255 };
	size_t		 i;

	(void)state;
	b = build(OPENSSH_92, NULL, 0, pad_for(OPENSSH_92), &len);
	for (i = 0; i < sizeof types; i++) {
		b[5] = types[i];
		expect_bad(b, len, "not KEXINIT");
	}
	free(b);

	/* SSH_MSG_DISCONNECT, as a server with no usable host key sends it. */
	{
		static const char reason[] = "no hostkeys available";
		unsigned char d[64];
		size_t n = 0, plen;

		memset(d, 0, sizeof d);
		d[5] = 1;
		put_u32(d + 6, 11);
		put_u32(d + 10, sizeof reason - 1);
		memcpy(d + 14, reason, sizeof reason - 1);
		n = 14 + sizeof reason - 1 + 4 + 4;	/* + language tag, empty */
		plen = n - 4 + 6;
		put_u32(d, (uint32_t)plen);
		d[4] = 6;
		expect_bad(d, 4 + plen, "not KEXINIT");
	}
}

static void
test_name_list_lengths(void **state)
{
	unsigned char	*b;
	size_t		 len, i;
	uint32_t	 lens[KEXINIT_NLISTS];

	(void)state;
	for (i = 0; i < KEXINIT_NLISTS; i++) {
		size_t j;

		for (j = 0; j < KEXINIT_NLISTS; j++)
			lens[j] = (uint32_t)strlen(OPENSSH_92[j]);
		/* One past what the packet holds, and the largest value a uint32 holds. */
		lens[i] = 100000;
		b = build(OPENSSH_92, lens, 0, pad_for(OPENSSH_92), &len);
		expect_bad(b, len, "name-list");
		free(b);
		lens[i] = 0xffffffff;
		b = build(OPENSSH_92, lens, 0, pad_for(OPENSSH_92), &len);
		expect_bad(b, len, "name-list");
		free(b);
		/* Long enough to run into the padding: the payload ends before it. */
		lens[i] = (uint32_t)strlen(OPENSSH_92[i]) + 5 + 1;
		for (j = i + 1; j < KEXINIT_NLISTS; j++)
			lens[i] += 4 + (uint32_t)strlen(OPENSSH_92[j]);
		b = build(OPENSSH_92, lens, 0, pad_for(OPENSSH_92), &len);
		expect_bad(b, len, "name-list longer than the packet");
		free(b);
	}
}

static void
test_truncated_payload(void **state)
{
	unsigned char	 p[4 + 1 + 64 + 8];
	size_t		 plen, i;

	(void)state;
	/* Type and cookie only, then padding: no name-list header. */
	memset(p, 0, sizeof p);
	plen = 1 + 1 + 16 + 4;
	put_u32(p, (uint32_t)plen);
	p[4] = 4;
	p[5] = SSH_MSG_KEXINIT;
	for (i = 0; i < 16; i++)
		p[6 + i] = (unsigned char)i;
	expect_bad(p, 4 + plen, "name-list header past the packet");

	/* Half a name-list header after the cookie. */
	plen = 1 + 1 + 16 + 2 + 4;
	put_u32(p, (uint32_t)plen);
	expect_bad(p, 4 + plen, "name-list header past the packet");

	/* All ten lists but no first_kex_packet_follows and reserved. */
	{
		static const char *const empty[KEXINIT_NLISTS] = {
			"", "", "", "", "", "", "", "", "", "",
		};
		unsigned char *b;
		size_t len, cut;

		b = build(empty, NULL, 0, 4, &len);
		assert_int_equal(len, 4 + 1 + 1 + 16 + 40 + 5 + 4);
		for (cut = 1; cut <= 5; cut++) {
			/* Shrink the payload by cut bytes, keeping 4 bytes of padding. */
			put_u32(b, (uint32_t)(len - 4 - cut));
			expect_bad(b, len - cut, "last fields");
		}
		free(b);
	}
}

static void
test_many_names(void **state)
{
	const char	*lists[KEXINIT_NLISTS];
	char		*big;
	unsigned char	*b;
	struct kexinit	 k;
	size_t		 len, need, off = 0, i, n = 3000;
	const char	*why = NULL;

	(void)state;
	big = malloc(n * 8);
	for (i = 0; i < n; i++)
		off += (size_t)sprintf(big + off, "%sk%zu", i ? "," : "", i);
	for (i = 0; i < KEXINIT_NLISTS; i++)
		lists[i] = OPENSSH_92[i];
	lists[KEXL_CIPHER_STOC] = big;
	b = build(lists, NULL, 0, pad_for(lists), &len);
	assert_true(len < KEXINIT_PACKET_MAX);
	assert_int_equal(kexinit_parse(b, len, &k, &need, &why), KEXINIT_OK);
	assert_int_equal(k.names[KEXL_CIPHER_STOC], n);
	assert_true(strlen(k.lists[KEXL_CIPHER_STOC]) <= KEXINIT_LIST_KEEP);
	assert_int_equal(strncmp(k.lists[KEXL_CIPHER_STOC], "k0,k1,k2,", 9), 0);
	assert_true(sanitized_ok(k.lists[KEXL_CIPHER_STOC]));
	assert_true(namelist_has(k.lists[KEXL_CIPHER_STOC], "k100"));
	assert_int_equal(k.names[KEXL_KEX], OPENSSH_92_NAMES[KEXL_KEX]);
	kexinit_free(&k);
	free(b);
	free(big);
}

static void
test_control_characters(void **state)
{
	const char	*lists[KEXINIT_NLISTS];
	unsigned char	*b;
	struct kexinit	 k;
	size_t		 len, need, i;
	const char	*why = NULL;

	(void)state;
	for (i = 0; i < KEXINIT_NLISTS; i++)
		lists[i] = OPENSSH_92[i];
	lists[KEXL_KEX] = "curve25519-sha256,\x1b]0;pwned\x07,\x1b[2Jevil";
	lists[KEXL_HOSTKEY] = "ssh-ed25519\r\n,\xe2\x80\xae""rsa,\xff\xfe";
	lists[KEXL_LANG_STOC] = "\x7f\x9b";
	b = build(lists, NULL, 0, pad_for(lists), &len);
	assert_int_equal(kexinit_parse(b, len, &k, &need, &why), KEXINIT_OK);
	for (i = 0; i < KEXINIT_NLISTS; i++) {
		assert_true(sanitized_ok(k.lists[i]));
		assert_null(strchr(k.lists[i], '\x1b'));
		assert_null(strchr(k.lists[i], '\x07'));
		assert_null(strchr(k.lists[i], '\r'));
		assert_null(strchr(k.lists[i], '\n'));
	}
	assert_string_equal(k.lists[KEXL_KEX],
	    "curve25519-sha256,\\x1b]0;pwned\\x07,\\x1b[2Jevil");
	assert_int_equal(k.names[KEXL_KEX], 3);
	assert_int_equal(k.names[KEXL_HOSTKEY], 3);
	assert_null(strstr(k.lists[KEXL_HOSTKEY], "\xe2\x80\xae"));
	assert_true(namelist_has(k.lists[KEXL_KEX], "curve25519-sha256"));
	kexinit_free(&k);
	free(b);

	/* A NUL inside a name-list is data, not its end. */
	{
		static const char *const one[KEXINIT_NLISTS] = {
			"a\x01" "b", "", "", "", "", "", "", "", "", "",
		};

		b = build(one, NULL, 0, 4, &len);
		b[4 + 1 + 1 + 16 + 4 + 1] = '\0';	/* the \x01 */
		assert_int_equal(kexinit_parse(b, len, &k, &need, &why), KEXINIT_OK);
		assert_string_equal(k.lists[0], "a\\x00b");
		kexinit_free(&k);
		free(b);
	}
}

static void
test_namelist_has(void **state)
{
	(void)state;
	assert_false(namelist_has("aes128-ctr-x,aes256-ctr", "aes128-ctr"));
	assert_false(namelist_has("x-aes128-ctr,aes256-ctr", "aes128-ctr"));
	assert_false(namelist_has("aes128-ctrl", "aes128-ctr"));
	assert_true(namelist_has("aes128-ctr-x,aes128-ctr", "aes128-ctr"));
	assert_true(namelist_has("aes128-ctr,aes256-ctr", "aes128-ctr"));	/* first */
	assert_true(namelist_has("aes256-ctr,aes128-ctr", "aes128-ctr"));	/* last */
	assert_true(namelist_has("aes192-ctr,aes128-ctr,aes256-ctr", "aes128-ctr"));
	assert_true(namelist_has("aes128-ctr", "aes128-ctr"));			/* only */
	assert_false(namelist_has("", "aes128-ctr"));
	assert_false(namelist_has("aes128-ctr", ""));
	assert_false(namelist_has(NULL, "aes128-ctr"));
	assert_false(namelist_has("aes128", "aes128-ctr"));
	assert_true(namelist_has("a,,b", "b"));
	assert_true(namelist_has("aaa,aa", "aa"));
	assert_false(namelist_has("aaa,aaaa", "aa"));
	assert_true(namelist_has("ssh-ed25519-cert-v01@openssh.com,ssh-ed25519", "ssh-ed25519"));
	assert_false(namelist_has("ssh-ed25519-cert-v01@openssh.com", "ssh-ed25519"));
	assert_false(namelist_has("curve25519-sha256@libssh.org", "curve25519-sha256"));
}

static void
test_list_names(void **state)
{
	(void)state;
	assert_string_equal(kexinit_list_name(KEXL_KEX), "kex_algorithms");
	assert_string_equal(kexinit_list_name(KEXL_HOSTKEY), "server_host_key_algorithms");
	assert_string_equal(kexinit_list_name(KEXL_LANG_STOC), "languages_server_to_client");
	assert_string_equal(kexinit_list_name(-1), "?");
	assert_string_equal(kexinit_list_name(KEXINIT_NLISTS), "?");
}

/* Random damage to a good packet: a clear verdict, never a crash or a dirty list. */
static void
test_random_mutations(void **state)
{
	struct kexinit	 k;
	unsigned char	*good, *b;
	size_t		 len, need, n, j;
	const char	*why;
	uint64_t	 rs = 99;
	int		 iter, i;
	enum kexinit_state st;

	(void)state;
	good = build(OPENSSH_92, NULL, 0, pad_for(OPENSSH_92), &len);
	b = malloc(len);
	for (iter = 0; iter < 20000; iter++) {
		memcpy(b, good, len);
		n = 1 + (size_t)(tu_rand(&rs) % 4);
		for (j = 0; j < n; j++) {
			uint64_t r = tu_rand(&rs);

			b[(r >> 8) % (iter % 2 ? len : 40)] = (unsigned char)r;
		}
		why = NULL;
		need = 0;
		st = kexinit_parse(b, (size_t)(tu_rand(&rs) % (len + 1)), &k, &need, &why);
		switch (st) {
		case KEXINIT_OK:
			for (i = 0; i < KEXINIT_NLISTS; i++) {
				assert_non_null(k.lists[i]);
				assert_true(sanitized_ok(k.lists[i]));
			}
			break;
		case KEXINIT_BAD:
			assert_non_null(why);
			assert_empty(&k);
			break;
		case KEXINIT_MORE:
			assert_true(need >= 5 && need <= 4 + KEXINIT_PACKET_MAX);
			assert_empty(&k);
			break;
		}
		kexinit_free(&k);
	}
	free(b);
	free(good);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_well_formed),
		cmocka_unit_test(test_byte_by_byte),
		cmocka_unit_test(test_packet_length),
		cmocka_unit_test(test_padding_length),
		cmocka_unit_test(test_not_kexinit),
		cmocka_unit_test(test_name_list_lengths),
		cmocka_unit_test(test_truncated_payload),
		cmocka_unit_test(test_many_names),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_namelist_has),
		cmocka_unit_test(test_list_names),
		cmocka_unit_test(test_random_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
