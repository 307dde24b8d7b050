/* keygen-parse.h: reads what `ssh-keygen [-l] -F NAME -f FILE` prints: the matching known_hosts lines (pure). */
#ifndef KEYGEN_PARSE_H
#define KEYGEN_PARSE_H

#include <stddef.h>

#define KEYGEN_ENTRIES_MAX	200	/* matches kept at most */
#define KEYGEN_WORDS		4	/* words kept of each matching line */
#define KEYGEN_WORD_MAX		8192	/* bytes of a word (an RSA key in base64 fits) */

enum keygen_marker {
	KEYGEN_PLAIN,		/* an ordinary entry */
	KEYGEN_REVOKED,		/* @revoked: ssh refuses this key */
	KEYGEN_CA,		/* @cert-authority: trusts host certificates signed by this key */
};

/*
 * One match: the header "# Host NAME found: line N [CA|REVOKED]", then the
 * line ssh-keygen prints for it: with -l "NAME TYPE SHA256:... [comment]",
 * without it the known_hosts line itself ("[@marker] hosts keytype key ...").
 */
struct keygen_entry {
	unsigned long	 line;			/* line number in the file (> 0) */
	enum keygen_marker marker;		/* from the header, or the line's @marker */
	char		*word[KEYGEN_WORDS];	/* the line's first words (sanitized), NULL past the end */
	size_t		 nword;			/* words present */
};

struct keygen_matches {
	struct keygen_entry *v;
	size_t		 n;
};

/* Parse len bytes of output (need not end in NUL); never fails, keeps what it understood. */
void	 keygen_parse(const char *out, size_t len, struct keygen_matches *);
void	 keygen_matches_free(struct keygen_matches *);
/*
 * The name ssh-keygen -l prints for a key type as known_hosts writes it
 * ("ssh-ed25519" -> "ED25519", "ecdsa-sha2-nistp256" -> "ECDSA", a
 * certificate type -> "...-CERT"), or NULL for a type it does not know.
 */
const char *keygen_short_type(const char *keytype);

#endif
