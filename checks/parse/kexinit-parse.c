/* kexinit-parse.c: bounds-checked parser for the server's SSH_MSG_KEXINIT packet. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/kexinit-parse.h"
#include "lib/sanitize.h"

static const char *const list_names[KEXINIT_NLISTS] = {
	"kex_algorithms", "server_host_key_algorithms",
	"encryption_algorithms_client_to_server", "encryption_algorithms_server_to_client",
	"mac_algorithms_client_to_server", "mac_algorithms_server_to_client",
	"compression_algorithms_client_to_server", "compression_algorithms_server_to_client",
	"languages_client_to_server", "languages_server_to_client",
};

const char *
kexinit_list_name(int i)
{
	return (i >= 0 && i < KEXINIT_NLISTS) ? list_names[i] : "?";
}

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void
kexinit_free(struct kexinit *k)
{
	int	 i;

	for (i = 0; i < KEXINIT_NLISTS; i++)
		free(k->lists[i]);
	memset(k, 0, sizeof *k);
}

enum kexinit_state
kexinit_parse(const unsigned char *buf, size_t len, struct kexinit *k,
    size_t *need, const char **why)
{
	const unsigned char	*p, *end;
	uint32_t		 plen, llen;
	size_t			 padding, j;
	int			 i;

	memset(k, 0, sizeof *k);
	*need = 5;
	if (len < 5)
		return KEXINIT_MORE;
	plen = get_u32(buf);
	padding = buf[4];
	if (plen < KEXINIT_PACKET_MIN || plen > KEXINIT_PACKET_MAX) {
		*why = "packet length out of range";
		return KEXINIT_BAD;
	}
	if (padding < 4 || padding >= plen) {
		*why = "bad padding length";
		return KEXINIT_BAD;
	}
	*need = 4 + (size_t)plen;
	if (len < *need)
		return KEXINIT_MORE;
	k->packet_length = plen;
	p = buf + 5;
	end = buf + 4 + plen - padding;	/* the payload ends where the padding starts */
	if (p >= end || *p != SSH_MSG_KEXINIT) {
		*why = "first packet is not KEXINIT";
		return KEXINIT_BAD;
	}
	p++;
	if ((size_t)(end - p) < 16) {
		*why = "KEXINIT shorter than its cookie";
		return KEXINIT_BAD;
	}
	p += 16;	/* cookie */
	for (i = 0; i < KEXINIT_NLISTS; i++) {
		if ((size_t)(end - p) < 4) {
			*why = "name-list header past the packet";
			goto bad;
		}
		llen = get_u32(p);
		p += 4;
		if (llen > (size_t)(end - p)) {
			*why = "name-list longer than the packet";
			goto bad;
		}
		k->lists[i] = sanitize(p, llen, KEXINIT_LIST_KEEP);
		k->names[i] = llen > 0;
		for (j = 0; j < llen; j++)
			k->names[i] += p[j] == ',';
		p += llen;
	}
	if ((size_t)(end - p) < 5) {
		*why = "KEXINIT ends before its last fields";
		goto bad;
	}
	k->first_kex_follows = p[0] != 0;
	return KEXINIT_OK;
bad:
	kexinit_free(k);
	return KEXINIT_BAD;
}

int
namelist_has(const char *list, const char *name)
{
	size_t	 n = strlen(name);
	const char *p = list;

	if (list == NULL || n == 0)
		return 0;
	while ((p = strstr(p, name)) != NULL) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}
