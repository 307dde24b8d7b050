/* fuzz_selinux.c: `semanage port -l` output of any shape never overruns the port-label parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/selinux-parse.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*text;
	int	 port = (int)(fuzz_hash(data, size) % 65536), rc;

	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	rc = semanage_port_labelled(text, "ssh_port_t", port);
	FUZZ_CHECK(rc >= -1 && rc <= 1, "rc %d", rc);
	rc = semanage_port_labelled(text, "ssh_port_t", 22);
	FUZZ_CHECK(rc >= -1 && rc <= 1, "rc %d", rc);
	free(text);
	return 0;
}
