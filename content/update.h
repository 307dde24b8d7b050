/* update.h: installing content bundles (--update-content), going back (--content-rollback), and finding the installed content. */
#ifndef UPDATE_H
#define UPDATE_H

#include "content/content.h"

/*
 * Where installed content lives: $SSHDOC_DATA_DIR if set (absolute), else
 * /var/lib/sshdoc as root, else $XDG_DATA_HOME/sshdoc or
 * ~/.local/share/sshdoc. The content is DIR/content, the one before it
 * DIR/content.previous. New string, or NULL if no home is known.
 */
char	*update_data_dir(void);

/*
 * The installed content directory to use by default, or NULL: the user's
 * own, else (not root, no SSHDOC_DATA_DIR) /var/lib/sshdoc/content.
 */
char	*update_installed(void);

/*
 * Load the content to use: dir when given; else the installed content if it
 * loads and lints clean (a line on standard error says why not, and the
 * bundled content is used); else the bundled content.
 */
int	 update_content_load(const char *dir, struct content **, char **cause);

/*
 * Fetch url (https://, or file:// for a local mirror), verify the bundle,
 * unpack it next to the installed content, lint it, and swap it in
 * atomically, keeping the one before as content.previous. Any failure leaves
 * everything as it was. progress: show a progress line on a terminal.
 * On success *installed is the new content directory.
 */
int	 update_install(const char *url, int timeout_ms, int progress,
	    char **installed, char **cause);

/*
 * Swap the installed content and content.previous (with no previous, go back
 * to the bundled content). *now: the content directory in use afterwards,
 * or NULL for the bundled content.
 */
int	 update_rollback(char **now, char **cause);

#endif
