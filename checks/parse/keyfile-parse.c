/* keyfile-parse.c: classifies a key file by its bytes (OpenSSH, PEM, PuTTY, public, binary) and reads `ssh-add -L` (pure). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/keyfile-parse.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"

#define OPENSSH_BEGIN	"-----BEGIN OPENSSH PRIVATE KEY-----"
#define PEM_BEGIN	"-----BEGIN "
#define PPK_MAGIC	"PuTTY-User-Key-File-"
#define SSH2_PRIV	"---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----"
#define SSH2_PUB	"---- BEGIN SSH2 PUBLIC KEY ----"
#define B64_DECODE_MAX	768	/* bytes of the OpenSSH body decoded: the header fits */

const char *
keyfile_format_name(enum keyfile_format f)
{
	switch (f) {
	case KF_EMPTY: return "empty";
	case KF_OPENSSH: return "OpenSSH private key";
	case KF_PEM: return "PEM private key";
	case KF_PPK: return "PuTTY private key (.ppk)";
	case KF_SSH2_PRIVATE: return "ssh.com (SSH2) private key";
	case KF_PUBLIC: return "public key";
	case KF_BINARY: return "binary data";
	case KF_UNKNOWN: break;
	}
	return "unrecognised text";
}

/* Find needle in the first len bytes of buf (which need not end in NUL). */
static const char *
memfind(const char *buf, size_t len, const char *needle)
{
	size_t	 n = strlen(needle), i;

	if (n == 0 || n > len)
		return NULL;
	for (i = 0; i + n <= len; i++) {
		if (buf[i] == needle[0] && memcmp(buf + i, needle, n) == 0)
			return buf + i;
	}
	return NULL;
}

static int
starts(const char *p, size_t len, const char *prefix)
{
	size_t	 n = strlen(prefix);

	return len >= n && memcmp(p, prefix, n) == 0;
}

/* Copy the bytes up to end of line (at most dstlen - 1) as sanitized text. */
static void
copy_word(char *dst, size_t dstlen, const char *p, size_t len, const char *stops)
{
	size_t	 n = 0;
	char	*s;

	while (n < len && n < dstlen - 1 && strchr(stops, p[n]) == NULL)
		n++;
	s = sanitize(p, n, dstlen - 1);
	snprintf(dst, dstlen, "%s", s);
	free(s);
}

static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode base64 from p (line ends and blanks skipped) until '-', '=' or max output bytes. */
static size_t
b64_decode(const char *p, size_t len, unsigned char *out, size_t max)
{
	uint32_t acc = 0;
	size_t	 i, n = 0;
	int	 bits = 0, v;

	for (i = 0; i < len && n < max; i++) {
		if (p[i] == '\r' || p[i] == '\n' || p[i] == ' ' || p[i] == '\t')
			continue;
		if ((v = b64val((unsigned char)p[i])) < 0)
			break;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
			acc &= (1U << bits) - 1;
		}
	}
	return n;
}

/* An SSH string at *off in buf: its bytes and length, or -1 when it runs past the end. */
static int
sshstr(const unsigned char *buf, size_t len, size_t *off, const unsigned char **s,
    size_t *slen)
{
	uint32_t n;

	if (len - *off < 4)
		return -1;
	n = (uint32_t)buf[*off] << 24 | (uint32_t)buf[*off + 1] << 16 |
	    (uint32_t)buf[*off + 2] << 8 | buf[*off + 3];
	*off += 4;
	if (n > len - *off)
		return -1;
	*s = buf + *off;
	*slen = n;
	*off += n;
	return 0;
}

static void
copy_bytes(char *dst, size_t dstlen, const unsigned char *s, size_t n)
{
	char	*t = sanitize(s, n, dstlen - 1);

	snprintf(dst, dstlen, "%s", t);
	free(t);
}

/* openssh-key-v1: magic, cipher, kdf, kdf options, key count, first public key. */
static void
openssh_header(const char *body, size_t len, struct keyfile_info *ki)
{
	static const char magic[] = "openssh-key-v1";
	unsigned char	 buf[B64_DECODE_MAX];
	const unsigned char *s, *pk;
	size_t		 n, off, slen, pklen, pkoff = 0;

	n = b64_decode(body, len, buf, sizeof buf);
	ki->encrypted = -1;
	if (n < sizeof magic || memcmp(buf, magic, sizeof magic) != 0)
		return;
	off = sizeof magic;
	if (sshstr(buf, n, &off, &s, &slen) != 0)
		return;
	copy_bytes(ki->cipher, sizeof ki->cipher, s, slen);
	ki->encrypted = !(slen == 4 && memcmp(s, "none", 4) == 0);
	if (sshstr(buf, n, &off, &s, &slen) != 0 ||	/* kdf name */
	    sshstr(buf, n, &off, &s, &slen) != 0 ||	/* kdf options */
	    n - off < 4)
		return;
	off += 4;					/* number of keys */
	if (sshstr(buf, n, &off, &s, &pklen) != 0)
		return;
	pk = s;
	if (sshstr(pk, pklen, &pkoff, &s, &slen) == 0)
		copy_bytes(ki->keytype, sizeof ki->keytype, s, slen);
}

/* "-----BEGIN LABEL-----": the label, and whether a PEM header says it is encrypted. */
static void
pem(const char *p, size_t len, struct keyfile_info *ki)
{
	const char	*label = p + strlen(PEM_BEGIN), *end = p + len;
	size_t		 n = 0;

	while (label + n < end && label[n] != '-' && label[n] != '\n' && n < 31)
		n++;
	copy_word(ki->pem_label, sizeof ki->pem_label, label, n, "-\r\n");
	if (strstr(ki->pem_label, "PRIVATE KEY") == NULL) {
		ki->format = KF_UNKNOWN;	/* a certificate, a public key: not a private key */
		return;
	}
	ki->format = KF_PEM;
	ki->encrypted = strcmp(ki->pem_label, "ENCRYPTED PRIVATE KEY") == 0 ||
	    memfind(p, len, "Proc-Type: 4,ENCRYPTED") != NULL;
}

/* PuTTY: the key type on the first line, "Encryption: none" or a cipher below it. */
static void
ppk(const char *p, size_t len, struct keyfile_info *ki)
{
	const char	*colon = memchr(p, ':', len), *enc;

	ki->format = KF_PPK;
	if (colon != NULL && (size_t)(colon - p) + 2 < len)
		copy_word(ki->keytype, sizeof ki->keytype, colon + 2,
		    len - (size_t)(colon + 2 - p), " \r\n");
	ki->encrypted = -1;
	if ((enc = memfind(p, len, "\nEncryption: ")) != NULL) {
		enc += strlen("\nEncryption: ");
		ki->encrypted = !starts(enc, len - (size_t)(enc - p), "none");
	}
}

/* A one-line public key: a key type ssh knows, then base64 that starts "AAAA". */
static int
public_line(const char *p, size_t len)
{
	static const char *const types[] = {
		"ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-", "webauthn-", NULL
	};
	const char	*sp;
	size_t		 i;

	for (i = 0; types[i] != NULL && !starts(p, len, types[i]); i++)
		;
	if (types[i] == NULL || (sp = memchr(p, ' ', len < 128 ? len : 128)) == NULL)
		return 0;
	return starts(sp + 1, len - (size_t)(sp + 1 - p), "AAAA");
}

void
keyfile_classify(const char *buf, size_t len, int complete, struct keyfile_info *ki)
{
	const char	*p = buf, *begin;
	size_t		 i, rest;

	memset(ki, 0, sizeof *ki);
	ki->format = KF_UNKNOWN;
	if (len > KEYFILE_HEAD_MAX) {
		len = KEYFILE_HEAD_MAX;
		complete = 0;
	}
	ki->crlf = memfind(buf, len, "\r\n") != NULL;
	ki->no_final_newline = complete && len > 0 && buf[len - 1] != '\n';
	if (starts(p, len, "\xef\xbb\xbf")) {
		ki->bom = 1;
		p += 3;
	}
	rest = len - (size_t)(p - buf);
	for (i = 0; i < rest && i < 4096; i++) {
		unsigned char c = (unsigned char)p[i];

		if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
			ki->format = KF_BINARY;
			return;
		}
	}
	for (i = 0; i < rest && strchr(" \t\r\n", p[i]) != NULL; i++)
		;
	if (i == rest) {
		ki->format = KF_EMPTY;
		return;
	}
	if (starts(p, rest, PPK_MAGIC)) {
		ppk(p, rest, ki);
		return;
	}
	if (starts(p, rest, SSH2_PRIV)) {
		ki->format = KF_SSH2_PRIVATE;
		ki->encrypted = -1;
		return;
	}
	if (starts(p, rest, SSH2_PUB) || public_line(p + i, rest - i)) {
		ki->format = KF_PUBLIC;
		return;
	}
	if ((begin = memfind(p, rest, OPENSSH_BEGIN)) != NULL) {
		ki->leading_junk = begin != p;
		ki->format = KF_OPENSSH;
		begin += strlen(OPENSSH_BEGIN);
		openssh_header(begin, rest - (size_t)(begin - p), ki);
		return;
	}
	if ((begin = memfind(p, rest, PEM_BEGIN)) != NULL) {
		ki->leading_junk = begin != p;
		pem(begin, rest - (size_t)(begin - p), ki);
	}
}

/* Characters of a key type name: lower case, digits, '-', '.', '@'. */
static int
type_ok(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '.' || s[i] == '@'))
			return 0;
	}
	return 1;
}

static int
blob_ok(const char *s, size_t n)
{
	size_t	 i;

	if (n < 4 || n > AGENTKEY_BLOB_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (b64val((unsigned char)s[i]) < 0 && s[i] != '=')
			return 0;
	}
	return 1;
}

/* One line: "TYPE BASE64 [comment]". */
static void
agent_line(const char *p, size_t n, struct agentkeys *ak)
{
	const char	*sp1, *sp2, *end = p + n;
	struct agentkey	*k;

	if (n > 0 && p[n - 1] == '\r') {
		end--;
		n--;
	}
	if (n == 0)
		return;
	if (n >= 28 && memcmp(p, "The agent has no identities.", 28) == 0) {
		ak->none = 1;
		return;
	}
	if ((sp1 = memchr(p, ' ', n)) == NULL || !type_ok(p, (size_t)(sp1 - p))) {
		ak->skipped++;
		return;
	}
	if ((sp2 = memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1))) == NULL)
		sp2 = end;
	if (!blob_ok(sp1 + 1, (size_t)(sp2 - sp1 - 1)) || ak->n >= AGENTKEYS_MAX) {
		ak->skipped++;
		return;
	}
	ak->v = xreallocarray(ak->v, ak->n + 1, sizeof *ak->v);
	k = &ak->v[ak->n++];
	k->type = xstrndup(p, (size_t)(sp1 - p));
	k->blob = xstrndup(sp1 + 1, (size_t)(sp2 - sp1 - 1));
	k->comment = sp2 < end ? sanitize(sp2 + 1, (size_t)(end - sp2 - 1), 256) :
	    xstrdup("");
}

void
agentkeys_parse(const char *out, size_t len, struct agentkeys *ak)
{
	const char	*p = out, *end = out + len, *nl;

	memset(ak, 0, sizeof *ak);
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		agent_line(p, (size_t)(nl - p), ak);
		p = nl + 1;
	}
}

void
agentkeys_free(struct agentkeys *ak)
{
	size_t	 i;

	for (i = 0; i < ak->n; i++) {
		free(ak->v[i].type);
		free(ak->v[i].blob);
		free(ak->v[i].comment);
	}
	free(ak->v);
	memset(ak, 0, sizeof *ak);
}

/* A time as ssh-keygen prints it: digits, '-', 'T', ':' only, or "". */
static void
copy_time(char *dst, const char *p, size_t n)
{
	size_t	 i;

	dst[0] = '\0';
	if (n == 0 || n >= CERT_TIME_MAX)
		return;
	for (i = 0; i < n; i++) {
		if (!((p[i] >= '0' && p[i] <= '9') || p[i] == '-' || p[i] == 'T' ||
		    p[i] == ':'))
			return;
	}
	memcpy(dst, p, n);
	dst[n] = '\0';
}

/* "Valid: forever", "from A to B", "after A", "before B". */
static void
cert_valid(const char *p, size_t n, struct certinfo *ci)
{
	const char	*end = p + n, *sp;

	if (starts(p, n, "from ") && (sp = memfind(p + 5, n - 5, " to ")) != NULL) {
		copy_time(ci->from, p + 5, (size_t)(sp - p - 5));
		copy_time(ci->to, sp + 4, (size_t)(end - sp - 4));
	} else if (starts(p, n, "after "))
		copy_time(ci->from, p + 6, n - 6);
	else if (starts(p, n, "before "))
		copy_time(ci->to, p + 7, n - 7);
}

void
certinfo_parse(const char *out, size_t len, struct certinfo *ci)
{
	const char	*p = out, *end = out + len, *nl, *s;
	size_t		 n, indent;
	int		 in_principals = 0;

	memset(ci, 0, sizeof *ci);
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		for (indent = 0; indent < n && (p[indent] == ' ' || p[indent] == '\t'); indent++)
			;
		s = p + indent;
		n -= indent;
		if (in_principals && indent >= 12 && n > 0) {
			if (ci->nprincipals < CERT_PRINCIPALS_MAX)
				ci->principals[ci->nprincipals++] = sanitize(s, n, 256);
		} else {
			in_principals = 0;
			if (starts(s, n, "Type: ")) {
				ci->seen = 1;
				ci->host = memfind(s, n, " host certificate") != NULL;
			} else if (starts(s, n, "Valid: "))
				cert_valid(s + 7, n - 7, ci);
			else if (starts(s, n, "Principals:")) {
				ci->any_principal = memfind(s, n, "(none)") != NULL;
				in_principals = !ci->any_principal;
			}
		}
		p = nl + 1;
	}
}

void
certinfo_free(struct certinfo *ci)
{
	size_t	 i;

	for (i = 0; i < ci->nprincipals; i++)
		free(ci->principals[i]);
	memset(ci, 0, sizeof *ci);
}

int
certinfo_has_principal(const struct certinfo *ci, const char *name)
{
	size_t	 i;

	if (ci->any_principal)
		return 1;
	for (i = 0; i < ci->nprincipals; i++) {
		if (strcmp(ci->principals[i], name) == 0)
			return 1;
	}
	return 0;
}
