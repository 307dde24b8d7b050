/* genlog.c: writes a synthetic sshd log of about N bytes to stdout, fast (the bench needs 1 GB). */
/* usage: genlog BYTES (the lines: genlog.h) */
#include <stdio.h>
#include <stdlib.h>

#include "genlog.h"

int
main(int argc, char **argv)
{
	static char	 obuf[1 << 20];
	unsigned long long want;

	if (argc != 2 || (want = strtoull(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: genlog BYTES\n");
		return 2;
	}
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	return genlog_write(stdout, want);
}
