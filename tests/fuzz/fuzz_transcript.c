/* fuzz_transcript.c: the transcript parser never crashes, keeps only sanitized text, and reports lines and phases in range. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "checks/parse/transcript-parse.h"
#include "tests/fuzz/fuzz_common.h"

static void
check_clean(const char *what, const char *s)
{
	const char	*why;

	if (s == NULL)
		return;
	FUZZ_CHECK(sanitized_ok(s), "%s is not sanitized", what);
	why = fuzz_unclean(s, strlen(s));
	FUZZ_CHECK(why == NULL, "%s: %s", what, why);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct transcript	 t, u;
	size_t			 i, newlines = 0;
	int			 f;

	transcript_parse((const char *)data, size, &t);
	FUZZ_CHECK(t.phase >= PHASE_NONE && t.phase <= PHASE_SESSION, "phase %d", (int)t.phase);
	FUZZ_CHECK(strcmp(tr_phase_name(t.phase), "none") != 0 || t.phase == PHASE_NONE,
	    "phase %d has no name", (int)t.phase);
	FUZZ_CHECK(t.truncated == (size > TRANSCRIPT_MAX), "truncated %d for %zu bytes",
	    t.truncated, size);
	for (i = 0; i < size; i++)
		newlines += data[i] == '\n';
	FUZZ_CHECK(t.lines >= 0 && (size_t)t.lines <= newlines + 1, "%d lines from %zu newlines",
	    t.lines, newlines);
	FUZZ_CHECK((size == 0) == (t.lines == 0), "%d lines from %zu bytes", t.lines, size);
	for (f = 0; f < TR_COUNT; f++) {
		if (t.seen[f].line == 0) {
			FUZZ_CHECK(t.seen[f].text == NULL, "finding %d has text but no line", f);
			continue;
		}
		FUZZ_CHECK(t.seen[f].line >= 1 && t.seen[f].line <= t.lines,
		    "finding %d at line %d of %d", f, t.seen[f].line, t.lines);
		FUZZ_CHECK(t.seen[f].text != NULL, "finding %d without text", f);
		check_clean("finding text", t.seen[f].text);
		FUZZ_CHECK(strlen(t.seen[f].text) <= SANITIZE_LINE_MAX, "finding text too long");
	}
	/* A proxy reinterpretation never leaves the early closure it replaced. */
	if (t.seen[TR_CLOSED_VIA_PROXY].line != 0)
		FUZZ_CHECK(t.seen[TR_CLOSED_EARLY].line == 0 && t.seen[TR_RESET_EARLY].line == 0,
		    "closed early and via proxy at once");
	check_clean("local_version", t.local_version);
	check_clean("remote_version", t.remote_version);
	check_clean("their_offer", t.their_offer);
	check_clean("last_expecting", t.last_expecting);
	check_clean("offending", t.offending);
	check_clean("server_hostkey", t.server_hostkey);
	check_clean("shell_error", t.shell_error.text);
	for (i = 0; i < 4; i++) {
		check_clean("server list", t.server_lists[i]);
		check_clean("client list", t.client_lists[i]);
	}
	FUZZ_CHECK(t.banner_lines.n <= 8, "%zu banner lines kept", t.banner_lines.n);
	for (i = 0; i < t.banner_lines.n; i++)
		check_clean("banner line", t.banner_lines.v[i]);

	/* Same input, same answer. */
	transcript_parse((const char *)data, size, &u);
	FUZZ_CHECK(u.phase == t.phase && u.lines == t.lines, "second parse differs");
	for (f = 0; f < TR_COUNT; f++)
		FUZZ_CHECK(u.seen[f].line == t.seen[f].line, "finding %d differs", f);
	transcript_free(&u);
	transcript_free(&t);
	return 0;
}
