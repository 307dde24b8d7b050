/* fuzz_logtime.c: the --since and log-stamp parsers (checks/parse/logtime.h) never overrun, and what they accept is a time they can say again. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/parse/logtime.h"
#include "tests/fuzz/fuzz_common.h"

#define NOW	((time_t)1796457600)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*buf, again[64];
	struct tm	 tm;
	time_t		 t, t2;

	if (getenv("TZ") == NULL) {
		setenv("TZ", "UTC0", 1);
		tzset();
	}
	/* a log line: the bytes as they are, not terminated */
	if ((buf = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	if (logtime_line(buf, size, NOW, &t) == 0)
		FUZZ_CHECK((buf[0] >= '0' && buf[0] <= '9') || t <= NOW + 86400,
		    "a syslog stamp more than a day after ref: %lld", (long long)t);
	free(buf);
	/* a --since value */
	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (logtime_since(buf, NOW, &t) == 0) {
		FUZZ_CHECK(strlen(buf) <= LOGTIME_SINCE_MAX, "accepted %zu bytes", strlen(buf));
		/* what it accepts names a time: said back in ISO 8601, it parses the same */
		FUZZ_CHECK(gmtime_r(&t, &tm) != NULL, "time %lld", (long long)t);
		if (tm.tm_year + 1900 >= 1970 && tm.tm_year + 1900 <= 9999) {
			strftime(again, sizeof again, "%Y-%m-%dT%H:%M:%SZ", &tm);
			FUZZ_CHECK(logtime_since(again, NOW, &t2) == 0 && t2 == t,
			    "'%s' does not parse back", again);
		}
	}
	free(buf);
	return 0;
}
