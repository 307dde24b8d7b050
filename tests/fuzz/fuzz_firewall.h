/* fuzz_firewall.h: the invariants both firewall fuzz targets check on an evaluation. */
#ifndef FUZZ_FIREWALL_H
#define FUZZ_FIREWALL_H

#include <sys/socket.h>

#include "checks/parse/firewall-parse.h"
#include "tests/fuzz/fuzz_common.h"

static inline void
fuzz_fw_hit(const struct fw_hit *h, int need_rule)
{
	FUZZ_CHECK(h->verdict >= FW_NONE && h->verdict <= FW_REJECT, "verdict %d", h->verdict);
	if (h->verdict == FW_NONE) {
		FUZZ_CHECK(h->rule == NULL && h->chain == NULL, "rule without a verdict");
		return;
	}
	if (need_rule) {
		FUZZ_CHECK(h->rule != NULL && h->chain != NULL, "verdict without a rule");
		FUZZ_CHECK(strlen(h->rule) <= FW_TEXT_MAX, "rule text too long");
	}
	if (h->verdict == FW_REJECT)
		FUZZ_CHECK(h->reject_with != NULL, "reject without its answer");
}

static inline void
fuzz_fw_eval(const struct fw_eval *ev)
{
	size_t	 i;

	fuzz_fw_hit(&ev->decided, 1);
	FUZZ_CHECK(ev->decided.verdict != FW_ACCEPT, "accept as a decision");
	FUZZ_CHECK(ev->nmaybe <= FW_MAYBE_MAX, "nmaybe %zu", ev->nmaybe);
	for (i = 0; i < ev->nmaybe; i++) {
		fuzz_fw_hit(&ev->maybe[i], 1);
		FUZZ_CHECK(ev->maybe[i].verdict == FW_DROP || ev->maybe[i].verdict == FW_REJECT,
		    "possible hit %zu is no drop or reject", i);
		FUZZ_CHECK(ev->maybe[i].depends != NULL, "possible hit without a reason");
	}
	fuzz_fw_hit(&ev->maybe_accept, 1);
	FUZZ_CHECK(ev->rules <= FW_RULES_MAX, "rules %zu", ev->rules);
}

/* A packet chosen by the input's hash: both families, with and without a client. */
static inline void
fuzz_fw_packet(uint64_t *rs, struct fw_packet *p)
{
	static const char *const v4[] = { "192.0.2.7", "203.0.113.5", "10.0.0.1", "127.0.0.1" };
	static const char *const v6[] = { "2001:db8::7", "::1", "fe80::1" };
	uint64_t r = fuzz_next(rs);

	memset(p, 0, sizeof *p);
	p->family = (r & 1) ? AF_INET6 : AF_INET;
	p->port = (r & 2) ? 22 : (int)(fuzz_next(rs) % 65536);
	p->loopback = (r & 4) != 0;
	if (r & 8) {
		const char *a = p->family == AF_INET ? v4[(r >> 4) % 4] : v6[(r >> 4) % 3];

		FUZZ_CHECK(ipnet_parse_str(a, &p->src) == 0, "client");
		p->have_src = 1;
	}
}

#endif
