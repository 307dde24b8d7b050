/* fuzz_bundle.c: bundle_parse on any bytes: no crash or over-read, located errors, and an accepted bundle is exactly what its manifest says. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "content/bundle.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle	 b;
	char		*cause = NULL;
	const uint8_t	*next = NULL;
	size_t		 i, total = 0;
	int		 causes = 0, tree = 0;

	if (bundle_parse(data, size, &b, &cause) != 0) {
		fuzz_check_cause(cause, "bundle", data, size);
		FUZZ_CHECK(b.nfiles == 0 && b.files == NULL, "files left after an error");
		free(cause);
		return 0;
	}
	FUZZ_CHECK(cause == NULL, "a cause with success");
	FUZZ_CHECK(size >= strlen(BUNDLE_MAGIC) + 1 &&
	    memcmp(data, BUNDLE_MAGIC "\n", strlen(BUNDLE_MAGIC) + 1) == 0, "accepted without magic");
	FUZZ_CHECK(b.nfiles >= 2 && b.nfiles <= BUNDLE_FILES_MAX, "%zu files", b.nfiles);
	for (i = 0; i < b.nfiles; i++) {
		const struct bundle_file *f = &b.files[i];

		FUZZ_CHECK(bundle_path_ok(f->path), "accepted path \"%s\"", f->path);
		FUZZ_CHECK(f->len <= BUNDLE_FILE_MAX, "file of %zu bytes", f->len);
		FUZZ_CHECK(f->data >= data && f->data + f->len <= data + size, "data outside input");
		FUZZ_CHECK(next == NULL || f->data == next, "files not back to back");
		next = f->data + f->len;
		total += f->len;
		causes += strcmp(f->path, "causes.tsv") == 0;
		tree += strcmp(f->path, "tree.txt") == 0;
	}
	FUZZ_CHECK(causes == 1 && tree == 1, "required files missing or repeated");
	FUZZ_CHECK(next == data + size, "bytes after the last file");
	FUZZ_CHECK(total <= size, "more data than input");
	bundle_free(&b);
	return 0;
}
