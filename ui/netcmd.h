/* netcmd.h: the command line's network actions (--my-ip, --share, --update-content, --content-rollback) and sshdoc's configuration file; transfers go through checks/http.h. */
#ifndef NETCMD_H
#define NETCMD_H

#include <stdio.h>

#include "ui/conffile.h"
#include "content/walk.h"

/* Read ~/.config/sshdoc/config; a broken file is reported on stderr and ignored. */
void	 netcmd_config(struct sshdoc_config *);
/* Print the public address(es) from the echo service at url. Exit status. */
int	 netcmd_my_ip(const char *url, int timeout_ms);
/* Fetch, verify, lint and install a content bundle. Exit status. */
int	 netcmd_update(const char *url, int timeout_ms);
/* Go back to the content before the last update (or rollback). Exit status. */
int	 netcmd_rollback(void);
/* The JSON report, redacted as it is written when asked. 0 or -1. */
int	 netcmd_report_json(FILE *, const struct walk *, int redact);
/*
 * Show the JSON report (redacted when asked) on stderr, ask on the terminal
 * unless yes, POST it to url and print the answer. 0 sent or declined, 3
 * transfer failed.
 */
int	 netcmd_share(const struct walk *, const char *url, int redact, int yes,
	    int timeout_ms);

#endif
