/* conffile.h: sshdoc's own small configuration file (~/.config/sshdoc/config): "key = value" lines. */
#ifndef CONFFILE_H
#define CONFFILE_H

#include <stddef.h>

#define CONFFILE_MAX		(64 * 1024)	/* larger files are refused */
#define CONFFILE_LINE_MAX	1024		/* longer lines are refused */

struct sshdoc_config {
	char		*ip_url;	/* ip-url: echo service for --my-ip, or NULL */
	char		*control_url;	/* control-url: well-known HTTPS URL for https-control, or NULL */
};

/*
 * Parse text: blank lines, "# comments", and "key = value" with the keys
 * ip-url and control-url (https:// URLs). Errors read "NAME:LINE: message";
 * on error *conf is left empty.
 */
int	 conffile_parse(const char *text, size_t len, const char *name,
	    struct sshdoc_config *conf, char **cause);
/* Read and parse path; a missing file is an empty configuration. */
int	 conffile_load(const char *path, struct sshdoc_config *conf, char **cause);
/* $XDG_CONFIG_HOME/sshdoc/config, else $HOME/.config/sshdoc/config (new string), or NULL. */
char	*conffile_path(void);
void	 conffile_free(struct sshdoc_config *);

#endif
