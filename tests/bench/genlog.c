/* genlog.c: writes a synthetic sshd log of about N bytes to stdout, fast (the bench needs 1 GB). */
/* usage: genlog BYTES [START]: START seconds after Jan 1 00:00:00 is the first stamp (the lines: genlog.h) */
#include <stdio.h>
#include <stdlib.h>

#include "genlog.h"

int
main(int argc, char **argv)
{
	static char	 obuf[1 << 20];
	unsigned long long want;
	unsigned long	 start = 0;

	if (argc < 2 || argc > 3 || (want = strtoull(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: genlog BYTES [START]\n");
		return 2;
	}
	if (argc == 3)
		start = strtoul(argv[2], NULL, 10);
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	return genlog_write_from(stdout, want, start);
}
