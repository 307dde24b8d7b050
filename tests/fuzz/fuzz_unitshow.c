/* fuzz_unitshow.c: the `systemctl show` parser never overruns and keeps every value terminated. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/unitshow-parse.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unit_show u[4];
	char		*buf, argv[64], code[16];
	size_t		 i;
	int		 st, r;

	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	memset(u, 0, sizeof u);
	unitshow_parse(buf, u, 4);
	for (i = 0; i < 4; i++) {
		FUZZ_CHECK(strlen(u[i].id) < sizeof u[i].id, "id");
		FUZZ_CHECK(strlen(u[i].listen) < sizeof u[i].listen, "listen");
		FUZZ_CHECK(strlen(u[i].pre_argv) < sizeof u[i].pre_argv, "pre_argv");
		FUZZ_CHECK(u[i].pre_status >= -1, "pre_status %d", u[i].pre_status);
	}
	/* the raw bytes (not terminated) as one exec value */
	r = unitshow_exec_failed((const char *)data, size, argv, sizeof argv, code,
	    sizeof code, &st);
	FUZZ_CHECK(r >= -1 && r <= 1, "r %d", r);
	if (r == 1)
		FUZZ_CHECK(st >= 0 && strlen(argv) < sizeof argv && strlen(code) < sizeof code,
		    "filled");
	free(buf);
	return 0;
}
