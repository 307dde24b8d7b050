/* fuzz_keyfile.c: key file bytes, `ssh-add -L` and `ssh-keygen -L` output of any shape never overrun their readers. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "checks/parse/keyfile-parse.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keyfile_info ki;
	struct agentkeys ak;
	struct certinfo	 ci;
	size_t		 i;

	/* Not NUL-terminated on purpose: both take a length. */
	keyfile_classify((const char *)data, size, 1, &ki);
	FUZZ_CHECK(ki.format <= KF_UNKNOWN, "format %d", (int)ki.format);
	FUZZ_CHECK(ki.encrypted >= -1 && ki.encrypted <= 1, "encrypted %d", ki.encrypted);
	FUZZ_CHECK(strlen(ki.cipher) < sizeof ki.cipher, "cipher");
	FUZZ_CHECK(strlen(ki.keytype) < sizeof ki.keytype, "keytype");
	FUZZ_CHECK(strlen(ki.pem_label) < sizeof ki.pem_label, "label");
	agentkeys_parse((const char *)data, size, &ak);
	FUZZ_CHECK(ak.n <= AGENTKEYS_MAX, "%zu keys", ak.n);
	for (i = 0; i < ak.n; i++)
		FUZZ_CHECK(strlen(ak.v[i].blob) <= AGENTKEY_BLOB_MAX, "blob %zu", i);
	agentkeys_free(&ak);
	certinfo_parse((const char *)data, size, &ci);
	FUZZ_CHECK(ci.nprincipals <= CERT_PRINCIPALS_MAX, "%zu principals", ci.nprincipals);
	FUZZ_CHECK(strlen(ci.from) < CERT_TIME_MAX && strlen(ci.to) < CERT_TIME_MAX, "times");
	(void)certinfo_has_principal(&ci, "alice");
	certinfo_free(&ci);
	return 0;
}
