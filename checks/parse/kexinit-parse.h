/* kexinit-parse.h: parser for the server's first binary packet, SSH_MSG_KEXINIT (RFC 4253 6.1, 7.1). */
#ifndef KEXINIT_PARSE_H
#define KEXINIT_PARSE_H

#include <stddef.h>

#define KEXINIT_PACKET_MIN	16
#define KEXINIT_PACKET_MAX	35000	/* RFC 4253 6.1: implementations must handle this much */
#define KEXINIT_NLISTS		10
#define KEXINIT_LIST_KEEP	4096	/* characters kept of each name-list */
#define SSH_MSG_KEXINIT		20

enum kexinit_list {
	KEXL_KEX,		/* kex_algorithms */
	KEXL_HOSTKEY,		/* server_host_key_algorithms */
	KEXL_CIPHER_CTOS,	/* encryption client to server */
	KEXL_CIPHER_STOC,	/* encryption server to client */
	KEXL_MAC_CTOS,		/* mac client to server */
	KEXL_MAC_STOC,		/* mac server to client */
	KEXL_COMP_CTOS,		/* compression client to server */
	KEXL_COMP_STOC,		/* compression server to client */
	KEXL_LANG_CTOS,		/* languages client to server */
	KEXL_LANG_STOC,		/* languages server to client */
};

struct kexinit {
	char	*lists[KEXINIT_NLISTS];	/* sanitized comma-separated name-lists */
	size_t	 names[KEXINIT_NLISTS];	/* number of names in each list */
	int	 first_kex_follows;	/* first_kex_packet_follows */
	size_t	 packet_length;		/* from the packet header */
};

enum kexinit_state {
	KEXINIT_MORE,		/* need more bytes */
	KEXINIT_OK,		/* parsed */
	KEXINIT_BAD,		/* malformed; see why */
};

/*
 * Parse the packet at the start of buf. KEXINIT_MORE sets *need to the total
 * bytes required (when known); KEXINIT_BAD sets *why. Free k with kexinit_free.
 */
enum kexinit_state kexinit_parse(const unsigned char *buf, size_t len,
	    struct kexinit *k, size_t *need, const char **why);
void	 kexinit_free(struct kexinit *);
const char *kexinit_list_name(int);
/* Non-zero if name appears in the comma-separated list. */
int	 namelist_has(const char *list, const char *name);

#endif
