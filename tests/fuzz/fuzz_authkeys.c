/* fuzz_authkeys.c: authorized_keys parsing of any bytes stays in bounds, counts what it returns, and gives fingerprints of the ssh-keygen shape; sshd's patterns and tokens never overrun. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/authkeys-parse.h"
#include "checks/parse/usermatch.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct authkeys_file	 f;
	size_t			 i, keys = 0, broken = 0, half;
	char			 fp[AUTHKEYS_FP_LEN + 1], type[48], *a, *b, *e;

	authkeys_parse((const char *)data, size, &f);
	FUZZ_CHECK(f.n <= AUTHKEYS_MAX_LINES, "lines %zu", f.n);
	for (i = 0; i < f.n; i++) {
		const struct authkeys_entry *en = &f.v[i];

		FUZZ_CHECK(en->line == (int)i + 1, "line number");
		FUZZ_CHECK(strlen(en->type) < sizeof en->type, "type");
		if (en->kind == AK_KEY) {
			keys++;
			FUZZ_CHECK(en->problem == NULL, "key with a problem");
			FUZZ_CHECK(strlen(en->fp) == AUTHKEYS_FP_LEN &&
			    strncmp(en->fp, "SHA256:", 7) == 0, "fingerprint shape");
		} else if (en->kind == AK_BROKEN) {
			broken++;
			FUZZ_CHECK(en->problem != NULL, "broken without a problem");
		}
	}
	FUZZ_CHECK(keys == f.keys && broken == f.broken, "counts");
	authkeys_free(&f);
	if (authkeys_pub_fingerprint((const char *)data, size, fp, type, sizeof type) == 0)
		FUZZ_CHECK(strlen(fp) == AUTHKEYS_FP_LEN, "pub fingerprint");

	/* the first half a pattern, the second a user; then a token template */
	half = size / 2;
	a = malloc(half + 1);
	b = malloc(size - half + 1);
	if (a == NULL || b == NULL)
		abort();
	memcpy(a, data, half);
	a[half] = '\0';
	memcpy(b, data + half, size - half);
	b[size - half] = '\0';
	(void)usermatch_pattern(b, a);
	(void)usermatch_user(b, "host.example.org", "192.0.2.7", a);
	if ((e = usermatch_expand(a, "alice", "/home/alice", 1000)) != NULL) {
		FUZZ_CHECK(e[0] == '/', "expanded path not absolute");
		free(e);
	}
	free(a);
	free(b);
	return 0;
}
