/* probes.c: global set-up and tear-down of libssh and libcurl, so that front ends include neither. */
#include <curl/curl.h>
#include <libssh/libssh.h>

#include "lib/probes.h"

void
probes_init(void)
{
	/* Neither library's global initialisation is thread-safe: before any thread. */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	ssh_init();
}

void
probes_done(void)
{
	ssh_finalize();
	curl_global_cleanup();
}
