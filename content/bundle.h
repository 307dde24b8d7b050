/* bundle.h: the content bundle that --update-content installs: one file, a SHA-256 manifest, then the files. */
#ifndef BUNDLE_H
#define BUNDLE_H

#include <stddef.h>

/*
 * Format (text header, then raw bytes):
 *
 *   sshdoc-content-bundle 1
 *   SHA256-HEX SIZE PATH        one line per file, e.g. "e3b0...b855 1234 tree.txt"
 *   end
 *   <the files' bytes, back to back, in manifest order>
 *
 * PATH is NAME or DIR/NAME (letters, digits, '.', '_', '-'; not starting with
 * '.'); causes.tsv and tree.txt are required. The bytes after "end\n" must be
 * exactly the sum of the sizes. content/tools/mkupdate.sh writes bundles.
 */
#define BUNDLE_MAGIC		"sshdoc-content-bundle 1"
#define BUNDLE_MAX		(8 * 1024 * 1024)	/* a larger bundle is refused */
#define BUNDLE_FILES_MAX	1000			/* files in one bundle */
#define BUNDLE_PATH_MAX		128			/* bytes of one path */
#define BUNDLE_FILE_MAX		(1024 * 1024)		/* one file (CONTENT_FILE_MAX) */

struct bundle_file {
	char		*path;		/* relative path, validated */
	const unsigned char *data;	/* points into the parsed buffer */
	size_t		 len;		/* its length */
};

struct bundle {
	struct bundle_file *files;	/* in manifest order */
	size_t		 nfiles;	/* number of files */
};

/*
 * Parse buf and verify every file's SHA-256 (OpenSSL EVP). The files point
 * into buf, which must outlive the bundle. Errors read "bundle:LINE: ..."
 * (LINE 0: the bundle as a whole). On error the bundle is empty.
 */
int	 bundle_parse(const void *buf, size_t len, struct bundle *, char **cause);
void	 bundle_free(struct bundle *);
/* Non-zero if path is acceptable as a bundle path. */
int	 bundle_path_ok(const char *path);

#endif
