/* fuzz_sshdconf.c: the sshd_config port reader never overruns and keeps its bounds. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "checks/parse/sshdconf-parse.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sshdconf_ports	 p;
	int			 v[SSHDCONF_PORTS_MAX * 2 + 1];
	size_t			 n, i;

	memset(&p, 0, sizeof p);
	sshdconf_scan((const char *)data, size, &p);
	FUZZ_CHECK(p.nport <= SSHDCONF_PORTS_MAX && p.nla_port <= SSHDCONF_PORTS_MAX, "bounds");
	FUZZ_CHECK(p.includes.n <= 64, "includes %zu", p.includes.n);
	n = sshdconf_effective(&p, v, sizeof v / sizeof v[0]);
	FUZZ_CHECK(n >= 1, "no port at all");
	for (i = 0; i < n; i++)
		FUZZ_CHECK(v[i] > 0 && v[i] <= 65535, "port %d", v[i]);
	sshdconf_free(&p);
	return 0;
}
