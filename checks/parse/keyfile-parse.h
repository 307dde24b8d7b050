/* keyfile-parse.h: what a private key file's first bytes say about its format, and the keys `ssh-add -L` lists (pure). */
#ifndef KEYFILE_PARSE_H
#define KEYFILE_PARSE_H

#include <stddef.h>

#define KEYFILE_HEAD_MAX	(64 * 1024)	/* bytes of a key file looked at */

enum keyfile_format {
	KF_EMPTY,		/* no bytes, or only white space */
	KF_OPENSSH,		/* -----BEGIN OPENSSH PRIVATE KEY----- */
	KF_PEM,			/* -----BEGIN RSA/EC/DSA PRIVATE KEY----- or PKCS#8 */
	KF_PPK,			/* PuTTY-User-Key-File-N: */
	KF_SSH2_PRIVATE,	/* ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ---- (ssh.com) */
	KF_PUBLIC,		/* a public key: "ssh-ed25519 AAAA..." or an RFC 4716 block */
	KF_BINARY,		/* NUL or other control bytes: DER, a keystore, not a key file */
	KF_UNKNOWN,		/* text ssh does not read as a key */
};

struct keyfile_info {
	enum keyfile_format format;
	int		 encrypted;	/* a passphrase protects it (1), unknown (-1), no (0) */
	int		 crlf;		/* "\r\n" line ends */
	int		 no_final_newline; /* the whole file was seen and its last byte is not \n */
	int		 bom;		/* starts with a UTF-8 byte order mark */
	int		 leading_junk;	/* text before the -----BEGIN line */
	char		 pem_label[32];	/* "RSA PRIVATE KEY", "PRIVATE KEY", ... */
	char		 cipher[32];	/* OpenSSH format: its cipher name ("none", "aes256-ctr") */
	char		 keytype[48];	/* OpenSSH format: the public key's type; PPK: its type */
};

/*
 * Classify len bytes of a key file's start (complete: the whole file, so a
 * missing final newline can be told). Never fails.
 */
void	 keyfile_classify(const char *buf, size_t len, int complete, struct keyfile_info *);
const char *keyfile_format_name(enum keyfile_format);

#define AGENTKEYS_MAX		32	/* keys kept of an agent listing */
#define AGENTKEY_BLOB_MAX	16384	/* base64 bytes of one key (RSA 16384 fits) */

struct agentkey {
	char		*type;		/* "ssh-ed25519", "ssh-rsa-cert-v01@openssh.com", ... */
	char		*blob;		/* base64 key, validated alphabet */
	char		*comment;	/* sanitized, possibly empty */
};

struct agentkeys {
	struct agentkey	*v;
	size_t		 n;
	int		 none;		/* "The agent has no identities." */
	size_t		 skipped;	/* lines that are not a key */
};

/* Parse `ssh-add -L` output (len bytes, need not end in NUL). Never fails. */
void	 agentkeys_parse(const char *out, size_t len, struct agentkeys *);
void	 agentkeys_free(struct agentkeys *);

#define CERT_PRINCIPALS_MAX	32	/* principals kept of a certificate */
#define CERT_TIME_MAX		32	/* "2020-01-02T00:00:00" */

/* What `ssh-keygen -L -f CERT` prints about a certificate's validity and principals. */
struct certinfo {
	int		 seen;		/* a "Type:" line was read */
	int		 host;		/* a host certificate (not a user certificate) */
	char		 from[CERT_TIME_MAX];	/* valid from, local time as printed; "" always */
	char		 to[CERT_TIME_MAX];	/* valid to; "" forever */
	int		 any_principal;	/* "Principals: (none)": any name */
	char		*principals[CERT_PRINCIPALS_MAX];	/* sanitized */
	size_t		 nprincipals;
};

/* Parse `ssh-keygen -L` output (len bytes, need not end in NUL). Never fails. */
void	 certinfo_parse(const char *out, size_t len, struct certinfo *);
void	 certinfo_free(struct certinfo *);
/* Whether name is among the principals (or any name is). */
int	 certinfo_has_principal(const struct certinfo *, const char *name);

#endif
