/* fuzz_nft.c: any `nft -j list ruleset` text (also as the quoting text, also read once for several packets): no crash, a decision always names its rule. */
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
	struct fw_nft	*n = NULL;
	uint64_t	 rs = fuzz_hash(data, size);
	char		*cause = NULL;
	int		 i;

	for (i = 0; i < 3; i++) {
		fuzz_fw_packet(&rs, &p);
		if (fw_nft_eval((const char *)data, size, i == 1 ? (const char *)data : NULL,
		    i == 1 ? size : 0, &p, i == 2, &ev, &cause) != 0) {
			FUZZ_CHECK(cause != NULL, "error without a cause");
			free(cause);
			cause = NULL;
			continue;
		}
		fuzz_fw_eval(&ev);
		fw_eval_free(&ev);
	}
	/* read once, walked for packets of both families */
	if (fw_nft_load((const char *)data, size, NULL, 0, 1, &n, &cause) != 0) {
		FUZZ_CHECK(cause != NULL && n == NULL, "error without a cause");
		free(cause);
		return 0;
	}
	for (i = 0; i < 3; i++) {
		fuzz_fw_packet(&rs, &p);
		fw_nft_walk(n, &p, &ev);
		fuzz_fw_eval(&ev);
		fw_eval_free(&ev);
	}
	fw_nft_free(n);
	return 0;
}
