/* authkeys-parse.h: authorized_keys lines as sshd reads them (options, type, base64 blob, comment), with the breakages seen in the wild (pure). */
#ifndef AUTHKEYS_PARSE_H
#define AUTHKEYS_PARSE_H

#include <stddef.h>

#define AUTHKEYS_MAX_BYTES	(1024 * 1024)	/* bytes of one file looked at */
#define AUTHKEYS_MAX_LINES	4096		/* lines of one file looked at */
#define AUTHKEYS_FP_LEN		50		/* "SHA256:" and 43 base64 characters */

enum authkeys_kind {
	AK_SKIP,		/* blank or comment */
	AK_KEY,			/* a key sshd can use */
	AK_BROKEN,		/* a line sshd ignores (problem says why) */
};

struct authkeys_entry {
	int		 line;		/* 1-based */
	enum authkeys_kind kind;
	const char	*problem;	/* why sshd ignores it (static), or NULL */
	int		 crlf;		/* ends in CR: harmless to sshd (base64 skips it), noted */
	int		 options;	/* options precede the key */
	int		 cert_authority; /* the cert-authority option */
	char		 type[48];	/* the written type, sanitized */
	char		 fp[AUTHKEYS_FP_LEN + 1];	/* SHA256 fingerprint, "" if none */
	int		 bits;		/* the key's size as ssh-keygen -l prints it, 0 if not known */
};

struct authkeys_file {
	struct authkeys_entry *v;
	size_t		 n;
	size_t		 keys;		/* AK_KEY entries */
	size_t		 broken;	/* AK_BROKEN entries */
	int		 bom;		/* the file starts with a UTF-8 byte order mark */
	int		 cut;		/* more than AUTHKEYS_MAX_BYTES or _LINES: the rest unread */
};

/* Parse len bytes of an authorized_keys file (any bytes). */
void	 authkeys_parse(const char *buf, size_t len, struct authkeys_file *);
void	 authkeys_free(struct authkeys_file *);
/* A known public key type name (plain or -cert-v01@openssh.com). */
int	 authkeys_known_type(const char *p, size_t n);
/*
 * The SHA256 fingerprint of a key blob, as ssh-keygen -l prints it
 * ("SHA256:" and unpadded base64) into fp (AUTHKEYS_FP_LEN + 1 bytes).
 */
void	 authkeys_fingerprint(const unsigned char *blob, size_t len, char *fp);
/* A ".pub" line ("TYPE BASE64 [comment]") parsed as authkeys_parse would; -1 if it is no key. */
int	 authkeys_pub_entry(const char *buf, size_t len, struct authkeys_entry *);
/* The fingerprint of a ".pub" line ("TYPE BASE64 [comment]"); -1 if it is not one. */
int	 authkeys_pub_fingerprint(const char *buf, size_t len, char *fp, char *type,
	    size_t typelen);

#endif
