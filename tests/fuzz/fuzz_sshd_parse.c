/* fuzz_sshd_parse.c: sshd -t/-T message lines, listen addresses and command lines never overrun and stay sanitized. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize.h"
#include "checks/parse/sshd-parse.h"
#include "tests/fuzz/fuzz_common.h"

static void
clean(const char *what, const char *s)
{
	if (s != NULL)
		FUZZ_CHECK(sanitized_ok(s), "%s not sanitized", what);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sshd_msg	 m;
	enum sshd_msg_kind k;
	char		*line, buf[64];
	int		 port, rc;

	line = malloc(size + 1);
	memcpy(line, data, size);
	line[size] = '\0';

	memset(&m, 0, sizeof m);
	k = sshd_msg_parse(line, &m);
	FUZZ_CHECK(k == m.kind, "returned %d, stored %d", (int)k, (int)m.kind);
	FUZZ_CHECK(sshd_msg_kind_name(k) != NULL, "no name for %d", (int)k);
	FUZZ_CHECK(m.line >= 0, "line %ld", m.line);
	clean("file", m.file);
	clean("option", m.option);
	clean("text", m.text);
	sshd_msg_free(&m);

	port = sshd_listen_port(line);
	FUZZ_CHECK(port == -1 || (port >= 0 && port <= 65535), "port %d", port);

	memset(buf, 'x', sizeof buf);
	rc = sshd_cmdline_config(line, buf, sizeof buf);
	FUZZ_CHECK(rc >= -1 && rc <= 1, "rc %d", rc);
	if (rc == 1)
		FUZZ_CHECK(memchr(buf, '\0', sizeof buf) != NULL, "unterminated -f copy");
	free(line);
	return 0;
}
