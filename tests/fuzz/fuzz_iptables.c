/* fuzz_iptables.c: any iptables-save text: no crash, a decision always names its rule. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/firewall-parse.h"
#include "tests/fuzz/fuzz_firewall.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fw_packet p;
	struct fw_eval	 ev;
	uint64_t	 rs = fuzz_hash(data, size);
	char		*cause = NULL;
	int		 i;

	for (i = 0; i < 3; i++) {
		fuzz_fw_packet(&rs, &p);
		if (fw_iptables_eval((const char *)data, size, &p, &ev, &cause) != 0) {
			FUZZ_CHECK(cause != NULL, "error without a cause");
			free(cause);
			cause = NULL;
			continue;
		}
		fuzz_fw_eval(&ev);
		fw_eval_free(&ev);
	}
	return 0;
}
