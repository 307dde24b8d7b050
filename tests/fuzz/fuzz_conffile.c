/* fuzz_conffile.c: conffile_parse on any bytes: no crash, located errors, and accepted values are clean https:// URLs. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui/conffile.h"
#include "lib/http.h"
#include "tests/fuzz/fuzz_common.h"

static void
check_url(const char *url)
{
	char	*cause = NULL;
	size_t	 i;

	if (url == NULL)
		return;
	FUZZ_CHECK(strncmp(url, "https://", 8) == 0, "not https: \"%.200s\"", url);
	for (i = 0; url[i] != '\0'; i++)
		FUZZ_CHECK((unsigned char)url[i] > 0x20 && url[i] != 0x7f, "space or control in a URL");
	FUZZ_CHECK(http_url_check(url, 0, &cause) == 0, "accepted URL fails the check");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sshdoc_config	 c;
	char			*cause = NULL;

	if (conffile_parse((const char *)data, size, "fuzz", &c, &cause) != 0) {
		fuzz_check_cause(cause, "fuzz", data, size);
		FUZZ_CHECK(fuzz_unclean(cause, strlen(cause)) == NULL, "unclean cause");
		FUZZ_CHECK(c.ip_url == NULL && c.control_url == NULL, "values left after an error");
		free(cause);
		return 0;
	}
	check_url(c.ip_url);
	check_url(c.control_url);
	conffile_free(&c);
	return 0;
}
