/* transcript_util.h: helpers the transcript parser's unit tests share (parse a string, expect findings). */
#ifndef TRANSCRIPT_UTIL_H
#define TRANSCRIPT_UTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "checks/parse/transcript-parse.h"
#include "lib/util.h"
#include "lib/xmalloc.h"
#include "tests/unit/testutil.h"

#define S(x) (x), (sizeof(x) - 1)


#define NF -1	/* end of a finding list */

static const char *const finding_names[TR_COUNT] = {
	"DNS_NXDOMAIN", "DNS_TEMPORARY", "REFUSED", "CONNECT_TIMEOUT",
	"UNREACHABLE", "CLOSED_EARLY", "RESET_EARLY", "BANNER_TIMEOUT",
	"MAXSTARTUPS", "NOT_ALLOWED", "INVALID_BANNER", "PROTOCOL_MISMATCH",
	"NO_KEX", "NO_HOSTKEY", "NO_CIPHER", "NO_MAC", "KEX_STALL",
	"HOSTKEY_CHANGED", "HOSTKEY_UNKNOWN", "KEY_PERMISSIONS",
	"CONFIG_PERMISSIONS", "NO_MUTUAL_SIG", "TOO_MANY_AUTH", "AUTH_DENIED",
	"PROXY_FAILED", "CLOSED_VIA_PROXY", "MAXSESSIONS", "CLOSED_LATER",
	"AUTHENTICATED", "HOSTKEY_VERIFY_FAILED", "KEY_UNUSABLE", "IDENTITY_MISSING",
	"AGENT_FAILED", "CERT_INVALID", "NO_MORE_METHODS", "DENIED_CERT", "DENIED_ROOT",
	"DENIED_METHODS", "DENIED_PASSWORD", "DENIED_NO_KEY", "DENIED_LEGACY_KEY",
	"DENIED_KEYS_ONLY", "SESSION_REFUSED", "SESSION_CLOSED", "IDLE_DISCONNECT",
	"MAC_CORRUPT",
};

static inline void
parse_str(struct transcript *t, const char *s)
{
	transcript_parse(s, strlen(s), t);
}

static inline void
dump_findings(const struct transcript *t)
{
	int	 i;

	fprintf(stderr, "phase %s, %d lines, findings:\n", tr_phase_name(t->phase), t->lines);
	for (i = 0; i < TR_COUNT; i++) {
		if (t->seen[i].line != 0)
			fprintf(stderr, "  %s at line %d: %s\n", finding_names[i],
			    t->seen[i].line, t->seen[i].text ? t->seen[i].text : "(null)");
	}
}

/* Every string the parser keeps is sanitize() output; every finding has a line in range. */
static inline void
assert_clean(const struct transcript *t)
{
	size_t	 i;
	int	 f;

	assert_true(t->phase >= PHASE_NONE && t->phase <= PHASE_SESSION);
	for (f = 0; f < TR_COUNT; f++) {
		if (t->seen[f].line == 0) {
			assert_null(t->seen[f].text);
			continue;
		}
		assert_true(t->seen[f].line >= 1 && t->seen[f].line <= t->lines);
		assert_non_null(t->seen[f].text);
		assert_true(sanitized_ok(t->seen[f].text));
		assert_true(strlen(t->seen[f].text) <= SANITIZE_LINE_MAX);
	}
#define CLEAN(s) do { if ((s) != NULL) assert_true(sanitized_ok(s)); } while (0)
	CLEAN(t->local_version);
	CLEAN(t->remote_version);
	CLEAN(t->their_offer);
	CLEAN(t->last_expecting);
	CLEAN(t->offending);
	CLEAN(t->server_hostkey);
	CLEAN(t->shell_error.text);
	CLEAN(t->auth_methods);
	CLEAN(t->denied_user);
	for (i = 0; i < t->offered.n; i++)
		CLEAN(t->offered.v[i]);
	for (i = 0; i < 4; i++) {
		CLEAN(t->server_lists[i]);
		CLEAN(t->client_lists[i]);
	}
	for (i = 0; i < t->banner_lines.n; i++)
		CLEAN(t->banner_lines.v[i]);
#undef CLEAN
}

static inline void
expect_seen(const struct transcript *t, enum tr_finding f, int line)
{
	if (t->seen[f].line != line) {
		dump_findings(t);
		fail_msg("%s: wanted line %d, got %d", finding_names[f], line,
		    t->seen[f].line);
	}
}

static inline int
count_findings(const struct transcript *t)
{
	int	 f, n = 0;

	for (f = 0; f < TR_COUNT; f++)
		n += t->seen[f].line != 0;
	return n;
}

/* The transcript shows exactly the findings of want (ended by NF); fails the test if not. */
static inline void
expect_exactly(const struct transcript *t, const int *want, int max, const char *label)
{
	int	 f, k, wanted[TR_COUNT];

	memset(wanted, 0, sizeof wanted);
	for (k = 0; k < max && want[k] != NF; k++)
		wanted[want[k]] = 1;
	for (f = 0; f < TR_COUNT; f++) {
		if ((t->seen[f].line != 0) != wanted[f]) {
			dump_findings(t);
			fail_msg("%s: %s %s", label, finding_names[f],
			    wanted[f] ? "missing" : "not expected");
		}
	}
}

#endif
