/* sanitize.c: turns untrusted bytes into valid UTF-8 with every control character escaped. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "lib/xmalloc.h"

/*
 * Decode one UTF-8 sequence at p (n bytes available). Returns its length and
 * the code point in *cp, or 0 for an invalid, overlong, surrogate or
 * truncated sequence.
 */
static size_t
utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t		 len, i;
	uint32_t	 c, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2; c = p[0] & 0x1f; min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3; c = p[0] & 0x0f; min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4; c = p[0] & 0x07; min = 0x10000;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static int
is_bidi_control(uint32_t c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0x200e || c == 0x200f || c == 0x061c;
}

/* A byte that is its own safe form (encode_unit copies it unchanged). */
static inline int
printable(unsigned char b)
{
	return b >= 0x20 && b < 0x7f;
}

/* How many bytes at p are printable ASCII: eight at a time, then one by one. */
static size_t
printable_run(const unsigned char *p, size_t len)
{
	const uint64_t	 ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t	 x;
	size_t		 i = 0;

	while (i + 8 <= len) {
		memcpy(&x, p + i, sizeof x);
		/* a byte below 0x20 (borrow), 0x7f (carry into bit 7) or above 0x7f */
		if ((((x - ones * 0x20) & ~x) | (x + ones) | x) & highs)
			break;
		i += 8;
	}
	while (i < len && printable(p[i]))
		i++;
	return i;
}

/* Write the safe form of one decoded unit into tmp; returns its length. */
static size_t
encode_unit(const unsigned char *p, size_t ulen, uint32_t c, int valid,
    char tmp[16])
{
	if (!valid)
		return (size_t)snprintf(tmp, 16, "\xef\xbf\xbd");	/* U+FFFD */
	if (c == '\t')
		return (size_t)snprintf(tmp, 16, "\\t");
	if (c == '\n')
		return (size_t)snprintf(tmp, 16, "\\n");
	if (c == '\r')
		return (size_t)snprintf(tmp, 16, "\\r");
	if (c < 0x20 || c == 0x7f)
		return (size_t)snprintf(tmp, 16, "\\x%02x", (unsigned)c);
	if (c >= 0x80 && c < 0xa0)
		return (size_t)snprintf(tmp, 16, "\\x%02x", (unsigned)c);
	if (is_bidi_control(c))
		return (size_t)snprintf(tmp, 16, "\\u{%04x}", (unsigned)c);
	memcpy(tmp, p, ulen);
	return ulen;
}

/* Length of the safe form of buf[i..len). */
static size_t
escaped_length(const unsigned char *p, size_t len)
{
	char		 tmp[16];
	size_t		 i = 0, total = 0, ulen, run;
	uint32_t	 c = 0;

	while (i < len) {
		if (printable(p[i])) {
			run = printable_run(p + i, len - i);
			total += run;
			i += run;
			continue;
		}
		ulen = utf8_decode(p + i, len - i, &c);
		total += encode_unit(p + i, ulen ? ulen : 1, c, ulen != 0, tmp);
		i += ulen ? ulen : 1;
	}
	return total;
}

char *
sanitize(const void *buf, size_t len, size_t max)
{
	const unsigned char	*p = buf;
	char			*out;
	char			 tmp[16];
	size_t			 i = 0, o = 0, room, total, ulen, elen, run;
	uint32_t		 c = 0;
	int			 cut = 0, plain;

	/* all printable ASCII (most log lines): it is its own safe form, one pass */
	plain = printable_run(p, len) == len;
	total = plain ? len : escaped_length(p, len);
	room = total;
	if (max != 0 && total > max) {
		/* Too long: stop early enough to append the "..." marker. */
		cut = 1;
		room = max > 3 ? max - 3 : 0;
	}
	out = xmalloc(room + 4);
	if (plain) {
		if (room > 0)
			memcpy(out, p, room);
		o = room;
		i = len;
	}
	while (i < len) {
		/* Printable ASCII, most of any log or transcript, is copied by runs. */
		if (printable(p[i])) {
			run = printable_run(p + i, len - i);
			if (run > room - o)
				run = room - o;
			memcpy(out + o, p + i, run);
			o += run;
			i += run;
			if (o == room)
				break;
			continue;
		}
		ulen = utf8_decode(p + i, len - i, &c);
		elen = encode_unit(p + i, ulen ? ulen : 1, c, ulen != 0, tmp);
		if (o + elen > room)
			break;
		memcpy(out + o, tmp, elen);
		o += elen;
		i += ulen ? ulen : 1;
	}
	if (cut) {
		/* The marker shrinks with a tiny cap: never more than max bytes. */
		size_t dots = max < 3 ? max : 3;

		memcpy(out + o, "...", dots);
		o += dots;
	}
	out[o] = '\0';
	return out;
}

char *
sanitize_str(const char *s, size_t max)
{
	return sanitize(s, strlen(s), max);
}

int
sanitized_ok(const char *s)
{
	char	*t;
	int	 same;

	t = sanitize_str(s, 0);
	same = strcmp(s, t) == 0;
	free(t);
	return same;
}
