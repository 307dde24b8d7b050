/* fuzz_change.c: the manifest and journal parsers of lib/change (what --undo reads back) never overrun, and keep only records sshdoc would write. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/change-int.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct change_tx tx;
	struct jentry	*v;
	char		*buf, *cause = NULL;
	size_t		 n, i, k;
	int		 rc;

	buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	memset(&tx, 0, sizeof tx);
	rc = chg_manifest_parse(buf, size, &tx, &cause);
	FUZZ_CHECK(rc == 0 || cause != NULL, "no cause for a refusal");
	for (i = 0; i < tx.n; i++) {
		const struct change_rec *r = &tx.v[i];

		if (r->kind == REC_ARGV) {
			FUZZ_CHECK(r->argv.n >= 1 && r->argv.v[0][0] != '\0', "empty argv");
			for (k = 0; k < r->argv.n; k++)
				FUZZ_CHECK(strpbrk(r->argv.v[k], "\n") == NULL, "newline in argv");
		} else {
			FUZZ_CHECK(r->path != NULL && r->path[0] == '/', "relative path");
			FUZZ_CHECK(strstr(r->path, "/../") == NULL, "dotdot path");
			FUZZ_CHECK((r->mode & ~07777) == 0, "mode %o", (unsigned)r->mode);
		}
		chg_rec_free(&tx.v[i]);
	}
	free(tx.v);
	free(cause);

	memcpy(buf, data, size);
	buf[size] = '\0';
	if (chg_journal_parse(buf, size, &v, &n) == 0) {
		for (i = 0; i < n; i++) {
			FUZZ_CHECK(v[i].entry[0] != '\0', "empty entry name");
			for (k = 0; k < i; k++)
				FUZZ_CHECK(strcmp(v[i].entry, v[k].entry) != 0, "entry twice");
		}
		chg_jlist_free(v, n);
	} else
		FUZZ_CHECK(memchr(data, '\0', size) != NULL, "refused without a NUL");
	free(buf);
	return 0;
}
