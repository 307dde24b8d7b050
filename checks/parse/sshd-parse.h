/* sshd-parse.h: reads what sshd -t / -T say on stderr, line by line, and sshd's command lines (pure functions). */
#ifndef SSHD_PARSE_H
#define SSHD_PARSE_H

#include <stddef.h>

enum sshd_msg_kind {
	SSHD_MSG_OTHER,		/* not recognised */
	SSHD_MSG_CONFIG,	/* an error in a configuration file: sshd refuses it */
	SSHD_MSG_TERMINATING,	/* "FILE: terminating, N bad configuration options" */
	SSHD_MSG_DEPRECATED,	/* "FILE line N: Deprecated option X" (or Unsupported): a warning */
	SSHD_MSG_HOSTKEY,	/* a host key could not be loaded */
	SSHD_MSG_HOSTKEY_PERMS,	/* "Permissions 0644 for 'KEY' are too open." */
	SSHD_MSG_NO_HOSTKEYS,	/* "sshd: no hostkeys available -- exiting." */
	SSHD_MSG_PRIVSEP,	/* the privilege separation directory or user is wrong */
	SSHD_MSG_NOISE,		/* the rest of the UNPROTECTED PRIVATE KEY FILE block */
};

struct sshd_msg {
	enum sshd_msg_kind kind;
	char		*file;		/* the file the line names (config, key, directory), or NULL */
	long		 line;		/* its line number, 0 if none */
	char		*option;	/* the keyword of a bad or deprecated option, or NULL */
	char		*text;		/* the message without the "FILE: line N: " prefix */
};

/*
 * Classify one line (without its newline) of sshd -t or -T output, in the
 * forms of OpenSSH 7.4 to 10.x. Every string set is sanitized. Returns kind.
 */
enum sshd_msg_kind sshd_msg_parse(const char *line, struct sshd_msg *);
void	 sshd_msg_free(struct sshd_msg *);
const char *sshd_msg_kind_name(enum sshd_msg_kind);

/* The port of an sshd -T listenaddress value ("[::]:22", "0.0.0.0:2222 rdomain r"), or -1. */
int	 sshd_listen_port(const char *value);

/*
 * The -f argument of an sshd command line (argv joined by spaces, or the
 * process title "sshd: /usr/sbin/sshd -D -f FILE [listener] ..."), copied to
 * buf. Returns 1 if found, 0 if the line has no -f (sshd reads its default),
 * -1 if it is not an sshd command line.
 */
int	 sshd_cmdline_config(const char *cmdline, char *buf, size_t len);

#endif
