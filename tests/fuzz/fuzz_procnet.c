/* fuzz_procnet.c: the /proc/net/tcp{,6} parser never overruns, keeps its bounds, and parses split tables as one. */
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/procnet-parse.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct procnet_table	 a, b;
	const char		*buf = (const char *)data;
	uint64_t		 rs = fuzz_hash(data, size);
	int			 family = (rs & 1) ? AF_INET6 : AF_INET;
	int			 listen_only = (rs >> 1) & 1;
	size_t			 lines = 0, i, cut;
	char			 text[80];

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';

	memset(&a, 0, sizeof a);
	procnet_parse(buf, size, family, listen_only, &a);
	FUZZ_CHECK(a.n + a.bad + a.dropped <= lines, "%zu rows from %zu lines",
	    a.n + a.bad + a.dropped, lines);
	FUZZ_CHECK(a.n <= PROCNET_MAX_ENTRIES, "kept %zu", a.n);
	for (i = 0; i < a.n; i++) {
		const struct procnet_entry *e = &a.v[i];

		FUZZ_CHECK(e->family == family, "family %d", e->family);
		FUZZ_CHECK(e->lport <= 0xffff && e->rport <= 0xffff, "port %u %u",
		    e->lport, e->rport);
		FUZZ_CHECK(e->state <= 0xff, "state %u", e->state);
		if (listen_only)
			FUZZ_CHECK(e->state == PROCNET_LISTEN, "state %u kept", e->state);
		procnet_endpoint_text(e->family, e->laddr, e->lport, text, sizeof text);
		FUZZ_CHECK(strlen(text) < sizeof text, "endpoint text");
		(void)procnet_addr_any(e->family, e->laddr);
		(void)procnet_addr_loopback(e->family, e->laddr);
	}

	/* Split after a newline (as tcp then tcp6 are appended): the same rows. */
	cut = size ? (size_t)(fuzz_next(&rs) % (size + 1)) : 0;
	while (cut > 0 && data[cut - 1] != '\n')
		cut--;
	memset(&b, 0, sizeof b);
	procnet_parse(buf, cut, family, listen_only, &b);
	procnet_parse(buf + cut, size - cut, family, listen_only, &b);
	FUZZ_CHECK(a.n == b.n && a.bad == b.bad && a.dropped == b.dropped,
	    "split at %zu: %zu/%zu/%zu vs %zu/%zu/%zu", cut, a.n, a.bad, a.dropped,
	    b.n, b.bad, b.dropped);
	FUZZ_CHECK(a.n == 0 || memcmp(a.v, b.v, a.n * sizeof *a.v) == 0, "rows differ");

	procnet_free(&a);
	procnet_free(&b);
	return 0;
}
