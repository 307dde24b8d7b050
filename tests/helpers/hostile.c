/*
 * hostile: writes what a broken or malicious SSH server sends first, for the
 * listener helper to serve (tests/integration/hostile-peers.sh).
 *
 *   hostile CASE > FILE
 *
 * CASE is one of:
 *   long-ident      "SSH-2.0-" and 1 MiB of 'A', no newline
 *   many-lines      50000 pre-banner lines, then a valid identification and KEXINIT
 *   nul             NUL bytes in a pre-banner line and in the identification
 *   esc-pre         terminal escapes in pre-banner lines, then a valid server start
 *   esc-banner      terminal escapes in the identification's comment, then a KEXINIT
 *   esc-kexinit     a valid identification, then a KEXINIT whose names hold escapes
 *   huge-length     a valid identification, then a packet length of 0xfffffff0
 *   list-past       a KEXINIT whose second name-list claims 0x7fffff00 bytes
 *   random          64 KiB of pseudo-random bytes (fixed seed: the same each run)
 *   ssh1            an SSH-1.5 identification
 *   many-names      a KEXINIT with 2000 key exchange names, the one ssh accepts last
 *   half-kexinit    a valid identification and the first half of a KEXINIT
 *   valid           a valid identification and KEXINIT (OpenSSH 9.2's lists)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ESCAPES	"\033]0;pwned\007\033[2J\033]52;c;cHduZWQ=\007"
#define IDENT	"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"

static const char *const lists[10] = {
	"sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,"
	"ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
	"diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
	"diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,kex-strict-s-v00@openssh.com",
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

struct buf {
	unsigned char	*p;
	size_t		 len, cap;
};

static void
put(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 1024;
		if ((b->p = realloc(b->p, b->cap)) == NULL) {
			perror("hostile: realloc");
			exit(1);
		}
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
put_u32(struct buf *b, uint32_t v)
{
	unsigned char	 x[4] = { v >> 24, v >> 16, v >> 8, v };

	put(b, x, 4);
}

/* A whole binary packet around a KEXINIT payload with these ten lists (no MAC). */
static void
put_kexinit(struct buf *out, const char *const l[10], uint32_t bad_len2)
{
	struct buf	 pl = { 0 };
	unsigned char	 c = 20, zero[16] = { 0 };
	size_t		 pad;
	int		 i;

	put(&pl, &c, 1);
	put(&pl, "0123456789abcdef", 16);	/* cookie */
	for (i = 0; i < 10; i++) {
		put_u32(&pl, i == 1 && bad_len2 ? bad_len2 : (uint32_t)strlen(l[i]));
		puts_(&pl, l[i]);
	}
	put(&pl, zero, 5);	/* first_kex_packet_follows, reserved */
	pad = 8 - (4 + 1 + pl.len) % 8;
	if (pad < 4)
		pad += 8;
	put_u32(out, (uint32_t)(1 + pl.len + pad));
	c = (unsigned char)pad;
	put(out, &c, 1);
	put(out, pl.p, pl.len);
	put(out, zero, pad);
	free(pl.p);
}

int
main(int argc, char **argv)
{
	struct buf	 b = { 0 };
	const char	*l[10];
	const char	*c;
	char		 line[64];
	uint64_t	 s = 0x5eed;
	size_t		 i;

	if (argc != 2) {
		fprintf(stderr, "usage: hostile CASE > FILE\n");
		return 2;
	}
	c = argv[1];
	memcpy(l, lists, sizeof l);
	if (strcmp(c, "long-ident") == 0) {
		puts_(&b, "SSH-2.0-");
		for (i = 0; i < 1024 * 1024; i++)
			put(&b, "A", 1);
	} else if (strcmp(c, "many-lines") == 0) {
		for (i = 0; i < 50000; i++) {
			snprintf(line, sizeof line, "pre-banner line %zu\r\n", i);
			puts_(&b, line);
		}
		puts_(&b, IDENT);
		put_kexinit(&b, l, 0);
	} else if (strcmp(c, "nul") == 0) {
		put(&b, "hello\0world\r\n", 13);
		put(&b, "SSH-2.0-Open\0SSH_9.2\r\n", 22);
	} else if (strcmp(c, "esc-pre") == 0) {
		puts_(&b, "title \033]0;pwned\007 here\r\n");
		puts_(&b, "clear \033[2J screen\r\n");
		puts_(&b, "clipboard \033]52;c;cHduZWQ=\007 write\r\n");
		puts_(&b, IDENT);
		put_kexinit(&b, l, 0);
	} else if (strcmp(c, "esc-banner") == 0) {
		puts_(&b, "SSH-2.0-OpenSSH_9.2p1 " ESCAPES "\r\n");
		put_kexinit(&b, l, 0);
	} else if (strcmp(c, "esc-kexinit") == 0) {
		l[0] = "curve25519-sha256," ESCAPES "evil@x";
		l[1] = "ssh-ed25519,\033]0;pwned\007";
		l[2] = l[3] = "aes128-ctr,\033[2J";
		l[8] = l[9] = "\033]52;c;cHduZWQ=\007";
		puts_(&b, IDENT);
		put_kexinit(&b, l, 0);
	} else if (strcmp(c, "huge-length") == 0) {
		puts_(&b, IDENT);
		put_u32(&b, 0xfffffff0);
		put(&b, "\x0a\x14", 2);
		for (i = 0; i < 1000; i++)
			put(&b, "x", 1);
	} else if (strcmp(c, "list-past") == 0) {
		puts_(&b, IDENT);
		put_kexinit(&b, l, 0x7fffff00);
	} else if (strcmp(c, "random") == 0) {
		for (i = 0; i < 65536; i++) {
			unsigned char	 r;

			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			r = (unsigned char)(s >> 33);
			put(&b, &r, 1);
		}
	} else if (strcmp(c, "ssh1") == 0) {
		puts_(&b, "SSH-1.5-OpenSSH_1.2.3\n");
	} else if (strcmp(c, "many-names") == 0) {
		struct buf	 names = { 0 };

		/* 2000 names of 14 bytes: within KEXINIT_PACKET_MAX (35000) */
		for (i = 0; i < 2000; i++) {
			snprintf(line, sizeof line, "k-%04zu@ex.org,", i);
			puts_(&names, line);
		}
		puts_(&names, "curve25519-sha256");
		put(&names, "", 1);
		l[0] = (const char *)names.p;
		puts_(&b, IDENT);
		put_kexinit(&b, l, 0);
		free(names.p);
	} else if (strcmp(c, "half-kexinit") == 0) {
		struct buf	 k = { 0 };

		put_kexinit(&k, l, 0);
		puts_(&b, IDENT);
		put(&b, k.p, k.len / 2);
		free(k.p);
	} else if (strcmp(c, "valid") == 0) {
		puts_(&b, IDENT);
		put_kexinit(&b, l, 0);
	} else {
		fprintf(stderr, "hostile: unknown case %s\n", c);
		return 2;
	}
	if (fwrite(b.p, 1, b.len, stdout) != b.len || fflush(stdout) != 0) {
		perror("hostile: write");
		return 1;
	}
	free(b.p);
	return 0;
}
