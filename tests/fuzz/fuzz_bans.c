/* fuzz_bans.c: fail2ban status text and hosts.allow/deny lines never overrun; jail names kept are always safe argv words. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/bans-parse.h"
#include "lib/ipnet.h"
#include "tests/fuzz/fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strlist	 jails = { NULL, 0 };
	struct f2b_jail	 j;
	struct hosts_hit hit;
	struct ipnet	 client;
	enum hosts_result r;
	char		*text;
	size_t		 unsafe = 0, i;
	int		 n;

	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';

	n = f2b_parse_status(text, &jails, &unsafe);
	FUZZ_CHECK(n == -1 || (size_t)n == jails.n, "%d jails, %zu kept", n, jails.n);
	FUZZ_CHECK(jails.n <= F2B_JAILS_MAX, "%zu jails", jails.n);
	for (i = 0; i < jails.n; i++)
		FUZZ_CHECK(f2b_jail_name_ok(jails.v[i]), "unsafe jail name kept");
	strlist_free(&jails);

	ipnet_parse_str((fuzz_hash(data, size) & 1) ? "192.0.2.7" : "2001:db8::7", &client);
	memset(&j, 0, sizeof j);
	if (f2b_parse_jail(text, &client, &j) == 0)
		FUZZ_CHECK(j.sample.n <= F2B_SAMPLE && j.sample.n <= j.listed,
		    "sample %zu of %zu", j.sample.n, j.listed);
	f2b_jail_free(&j);

	{
		char	 sock[108];
		int	 r = f2b_conf_socket(text, size, (size & 2) ? "DEFAULT" : "Definition", sock,
		    sizeof sock);

		FUZZ_CHECK(r >= -1 && r <= 1, "socket result %d", r);
		if (r == 1)
			FUZZ_CHECK(sock[0] == '/' && strlen(sock) < sizeof sock &&
			    strchr(sock, '\n') == NULL, "socket path %s", sock);
	}
	memset(&hit, 0, sizeof hit);
	r = hosts_access_match(text, size, "sshd", (size & 1) ? &client : NULL, &hit);
	FUZZ_CHECK(r == HOSTS_NONE || r == HOSTS_MATCH || r == HOSTS_MAYBE, "result %d", (int)r);
	if (r != HOSTS_NONE)
		FUZZ_CHECK(hit.line >= 1 && hit.text != NULL, "hit without a line");
	hosts_hit_free(&hit);
	free(text);
	return 0;
}
