/* authkeys-parse.c: authorized_keys lines as sshd reads them (auth2-pubkeyfile.c, sshkey_read): options, type, base64 blob, comment; and what breaks them (pure). */
#include <openssl/evp.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/authkeys-parse.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"

#define BLOB_MAX	(16 * 1024)	/* the largest key blob sshd reads (RSA 16384, certificates) */

static const char *const key_types[] = {
	"ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
	"ecdsa-sha2-nistp521", "sk-ecdsa-sha2-nistp256@openssh.com",
	"sk-ssh-ed25519@openssh.com", "ssh-xmss@openssh.com", NULL
};

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int
authkeys_known_type(const char *p, size_t n)
{
	static const char cert[] = "-cert-v01@openssh.com";
	size_t	 i, tl, cl = sizeof cert - 1;

	for (i = 0; key_types[i] != NULL; i++) {
		tl = strlen(key_types[i]);
		if (n == tl && memcmp(p, key_types[i], n) == 0)
			return 1;
		/* "ssh-ed25519-cert-v01@openssh.com", "sk-...-cert-v01@openssh.com" */
		if (strchr(key_types[i], '@') == NULL && n == tl + cl &&
		    memcmp(p, key_types[i], tl) == 0 && memcmp(p + tl, cert, cl) == 0)
			return 1;
		if (strchr(key_types[i], '@') != NULL && n == tl - 12 + cl &&
		    memcmp(p, key_types[i], tl - 12) == 0 && memcmp(p + tl - 12, cert, cl) == 0)
			return 1;
	}
	return 0;
}

/* Base64 as b64_pton: whitespace skipped, padding only at the end. Returns bytes, -1 if invalid. */
static long
b64_decode(const char *s, size_t n, unsigned char *out, size_t max)
{
	uint32_t	 acc = 0;
	size_t		 i, o = 0;
	int		 bits = 0, pad = 0;
	const char	*c;

	for (i = 0; i < n; i++) {
		if (s[i] == '\r' || s[i] == '\n' || s[i] == ' ' || s[i] == '\t')
			continue;
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || s[i] == '\0' || (c = strchr(b64, s[i])) == NULL)
			return -1;
		acc = (acc << 6) | (uint32_t)(c - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o == max)
				return -1;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	if (pad > 2 || (bits == 6))
		return -1;
	return (long)o;
}

void
authkeys_fingerprint(const unsigned char *blob, size_t len, char *fp)
{
	unsigned char	 md[32];
	unsigned int	 mdlen = 0;
	size_t		 i, o = 7;
	uint32_t	 v;

	memcpy(fp, "SHA256:", 7);
	if (EVP_Digest(blob, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32) {
		fp[0] = '\0';
		return;
	}
	for (i = 0; i + 3 <= 30; i += 3) {
		v = (uint32_t)md[i] << 16 | (uint32_t)md[i + 1] << 8 | md[i + 2];
		fp[o++] = b64[v >> 18 & 63];
		fp[o++] = b64[v >> 12 & 63];
		fp[o++] = b64[v >> 6 & 63];
		fp[o++] = b64[v & 63];
	}
	/* the last 2 bytes: 3 characters, no padding (ssh-keygen strips '=') */
	v = (uint32_t)md[30] << 16 | (uint32_t)md[31] << 8;
	fp[o++] = b64[v >> 18 & 63];
	fp[o++] = b64[v >> 12 & 63];
	fp[o++] = b64[v >> 6 & 63];
	fp[o] = '\0';
}

static size_t
word_len(const char *p, size_t n)
{
	size_t	 i = 0;

	while (i < n && p[i] != ' ' && p[i] != '\t')
		i++;
	return i;
}

static size_t
skip_ws(const char *p, size_t n, size_t i)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i;
}

/* The options field: up to unquoted whitespace (auth-options.c). Returns its length, 0 if unterminated. */
static size_t
options_len(const char *p, size_t n)
{
	size_t	 i;
	int	 quoted = 0;

	for (i = 0; i < n; i++) {
		if (!quoted && (p[i] == ' ' || p[i] == '\t'))
			return i;
		if (p[i] == '\\' && i + 1 < n && p[i + 1] == '"')
			i++;
		else if (p[i] == '"')
			quoted = !quoted;
	}
	return quoted ? 0 : n;
}

/* The fields after the type, each a length-prefixed string, by plain key type (sshkey.c). */
static int
fields_of(const char *type, size_t n)
{
	static const struct {
		const char	*type;
		int		 fields;
	} t[] = {
		{ "ssh-rsa", 2 }, { "ssh-dss", 4 }, { "ssh-ed25519", 1 },
		{ "ecdsa-sha2-nistp256", 2 }, { "ecdsa-sha2-nistp384", 2 },
		{ "ecdsa-sha2-nistp521", 2 }, { "sk-ecdsa-sha2-nistp256@openssh.com", 3 },
		{ "sk-ssh-ed25519@openssh.com", 2 },
	};
	size_t	 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (strlen(t[i].type) == n && memcmp(t[i].type, type, n) == 0)
			return t[i].fields;
	}
	return -1;	/* a certificate or XMSS: not walked */
}

/* Does the blob hold exactly the fields its type has? A key cut by a paste does not. */
static int
blob_complete(const unsigned char *b, size_t len, size_t off, int fields)
{
	uint32_t	 l;

	while (fields-- > 0) {
		if (len - off < 4)
			return 0;
		l = (uint32_t)b[off] << 24 | (uint32_t)b[off + 1] << 16 |
		    (uint32_t)b[off + 2] << 8 | b[off + 3];
		off += 4;
		if (l > len - off)
			return 0;
		off += l;
	}
	return off == len;
}

/* The size of an mpint's value in bits (leading zero bytes and bits not counted). */
static int
mpint_bits(const unsigned char *p, uint32_t n)
{
	int	 b;

	while (n > 0 && *p == 0) {
		p++;
		n--;
	}
	if (n == 0 || n > 4096)
		return 0;
	for (b = 8; b > 0 && (*p & (1U << (b - 1))) == 0; b--)
		;
	return (int)(n - 1) * 8 + b;
}

/*
 * The key's size as ssh-keygen -l prints it (sshkey_size): the modulus of RSA,
 * p of DSA, the curve of ECDSA, 256 for Ed25519. The blob is complete.
 */
static int
blob_bits(const unsigned char *b, size_t len, const char *type, size_t tl)
{
	size_t		 off = 4 + tl;
	uint32_t	 l;

	if (tl == 11 && memcmp(type, "ssh-ed25519", 11) == 0)
		return 256;
	if (tl == 26 && memcmp(type, "sk-ssh-ed25519@openssh.com", 26) == 0)
		return 256;
	if (tl == 34 && memcmp(type, "sk-ecdsa-sha2-nistp256@openssh.com", 34) == 0)
		return 256;
	if (tl == 19 && memcmp(type, "ecdsa-sha2-nistp", 16) == 0) {
		if (memcmp(type + 16, "256", 3) == 0)
			return 256;
		if (memcmp(type + 16, "384", 3) == 0)
			return 384;
		return memcmp(type + 16, "521", 3) == 0 ? 521 : 0;
	}
	if ((tl == 7 && memcmp(type, "ssh-rsa", 7) == 0) ||
	    (tl == 7 && memcmp(type, "ssh-dss", 7) == 0)) {
		/* RSA: e, then n; DSA: p first */
		if (type[4] == 'r') {
			l = (uint32_t)b[off] << 24 | (uint32_t)b[off + 1] << 16 |
			    (uint32_t)b[off + 2] << 8 | b[off + 3];
			off += 4 + (size_t)l;
		}
		if (len - off < 4)
			return 0;
		l = (uint32_t)b[off] << 24 | (uint32_t)b[off + 1] << 16 |
		    (uint32_t)b[off + 2] << 8 | b[off + 3];
		if (l > len - off - 4)
			return 0;
		return mpint_bits(b + off + 4, l);
	}
	return 0;
}

/* "TYPE BASE64": decode, compare the blob's own type, fingerprint. NULL or the problem. */
static const char *
key_part(const char *p, size_t n, struct authkeys_entry *e)
{
	unsigned char	*blob;
	size_t		 tl = word_len(p, n), i, bl;
	long		 got;
	uint32_t	 inner;
	const char	*problem = NULL;

	e->type[0] = '\0';
	{
		char *t = sanitize(p, tl, sizeof e->type - 1);

		memcpy(e->type, t, strlen(t) + 1);
		free(t);
	}
	if (!authkeys_known_type(p, tl))
		return "not a key type sshd knows";
	i = skip_ws(p, n, tl);
	bl = word_len(p + i, n - i);
	if (bl == 0)
		return "the key type has no key after it";
	blob = xmalloc(BLOB_MAX);
	if ((got = b64_decode(p + i, bl, blob, BLOB_MAX)) < 4)
		problem = "the key is not valid base64 (cut, wrapped or mistyped)";
	else {
		inner = (uint32_t)blob[0] << 24 | (uint32_t)blob[1] << 16 |
		    (uint32_t)blob[2] << 8 | blob[3];
		if ((long)inner > got - 4)
			problem = "the key is cut short (a line wrapped when pasted?)";
		else if (inner != tl || memcmp(blob + 4, p, tl) != 0)
			problem = "the key's own type differs from the type written before it";
		else if (fields_of(p, tl) > 0 &&
		    !blob_complete(blob, (size_t)got, 4 + tl, fields_of(p, tl)))
			problem = "the key is cut short or has bytes too many (a line wrapped "
			    "when pasted?)";
		else {
			authkeys_fingerprint(blob, (size_t)got, e->fp);
			if (fields_of(p, tl) > 0)
				e->bits = blob_bits(blob, (size_t)got, p, tl);
		}
	}
	free(blob);
	return problem;
}

/* A line that is nothing but base64: the rest of a key broken over two lines. */
static int
base64_only(const char *p, size_t n)
{
	size_t	 i;

	if (n < 16)
		return 0;
	for (i = 0; i < n; i++) {
		if (strchr(b64, p[i]) == NULL && p[i] != '=')
			return 0;
	}
	return 1;
}

static void
parse_line(const char *p, size_t n, struct authkeys_entry *e, int first, int prev_broken)
{
	size_t	 i, ol, tl;

	if (n > 0 && p[n - 1] == '\r') {
		e->crlf = 1;
		n--;
	}
	i = skip_ws(p, n, 0);
	if (i == n || p[i] == '#') {
		e->kind = AK_SKIP;
		return;
	}
	e->kind = AK_BROKEN;
	if (first && n - i >= 3 && memcmp(p + i, "\xef\xbb\xbf", 3) == 0) {
		e->problem = "the file starts with a byte order mark (saved by a Windows editor)";
		return;
	}
	if (prev_broken && base64_only(p + i, word_len(p + i, n - i))) {
		e->problem = "the rest of the key above, broken onto its own line when pasted";
		return;
	}
	tl = word_len(p + i, n - i);
	if (!authkeys_known_type(p + i, tl)) {
		/* options first, then the key (sshd tries the line both ways) */
		if ((ol = options_len(p + i, n - i)) == 0) {
			e->problem = "an option's quotes are not closed";
			return;
		}
		e->options = 1;
		if (memmem(p + i, ol, "cert-authority", 14) != NULL)
			e->cert_authority = 1;
		i = skip_ws(p, n, i + ol);
		if (i == n) {
			char *t = sanitize(p, word_len(p, n), sizeof e->type - 1);

			memcpy(e->type, t, strlen(t) + 1);
			free(t);
			e->problem = base64_only(p, n) ?
			    "the rest of a key, broken onto its own line when pasted" :
			    "not a key type sshd knows";
			return;
		}
	}
	if ((e->problem = key_part(p + i, n - i, e)) == NULL)
		e->kind = AK_KEY;
}

void
authkeys_parse(const char *buf, size_t len, struct authkeys_file *f)
{
	const char	*p = buf, *end, *nl;
	size_t		 cap = 0, n;
	struct authkeys_entry *e;

	memset(f, 0, sizeof *f);
	if (buf == NULL)
		return;
	if (len > AUTHKEYS_MAX_BYTES) {
		len = AUTHKEYS_MAX_BYTES;
		f->cut = 1;
	}
	end = buf + len;
	f->bom = len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0;
	while (p < end) {
		if (f->n == AUTHKEYS_MAX_LINES) {
			f->cut = 1;
			break;
		}
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (f->n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			f->v = xreallocarray(f->v, cap, sizeof *f->v);
		}
		e = &f->v[f->n];
		memset(e, 0, sizeof *e);
		e->line = (int)f->n + 1;
		parse_line(p, n, e, f->n == 0, f->n > 0 && f->v[f->n - 1].kind == AK_BROKEN);
		if (e->kind == AK_KEY)
			f->keys++;
		else if (e->kind == AK_BROKEN)
			f->broken++;
		f->n++;
		p = nl != NULL ? nl + 1 : end;
	}
}

void
authkeys_free(struct authkeys_file *f)
{
	free(f->v);
	memset(f, 0, sizeof *f);
}

int
authkeys_pub_entry(const char *buf, size_t len, struct authkeys_entry *e)
{
	const char	*nl = memchr(buf, '\n', len);

	memset(e, 0, sizeof *e);
	parse_line(buf, nl != NULL ? (size_t)(nl - buf) : len, e, 1, 0);
	return e->kind == AK_KEY ? 0 : -1;
}

int
authkeys_pub_fingerprint(const char *buf, size_t len, char *fp, char *type, size_t typelen)
{
	struct authkeys_entry	 e;

	if (authkeys_pub_entry(buf, len, &e) != 0)
		return -1;
	memcpy(fp, e.fp, sizeof e.fp);
	if (typelen > 0)
		snprintf(type, typelen, "%s", e.type);
	return 0;
}
