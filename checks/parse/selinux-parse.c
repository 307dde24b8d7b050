/* selinux-parse.c: reads `semanage port -l` for the ports a type may bind (pure). */
#include <stdlib.h>
#include <string.h>

#include "checks/parse/selinux-parse.h"
#include "lib/xmalloc.h"

/* "22", "61000-65535" against port. */
static int
item_has(const char *s, int port)
{
	char	*end;
	long	 lo, hi;

	lo = strtol(s, &end, 10);
	if (end == s)
		return 0;
	hi = lo;
	if (*end == '-')
		hi = strtol(end + 1, &end, 10);
	return *end == '\0' && port >= lo && port <= hi;
}

int
semanage_port_labelled(const char *out, const char *type, int port)
{
	const char	*p = out, *nl;
	char		*line, *tok, *save = NULL;
	size_t		 len, tlen = strlen(type);
	int		 found = -1, field;

	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		/* "ssh_port_t   tcp   22, 2222" */
		if (len > tlen && strncmp(p, type, tlen) == 0 && (p[tlen] == ' ' || p[tlen] == '\t')) {
			line = xstrndup(p, len);
			field = 0;
			for (tok = strtok_r(line, " \t,", &save); tok != NULL;
			    tok = strtok_r(NULL, " \t,", &save), field++) {
				if (field == 1 && strcmp(tok, "tcp") != 0)
					break;
				if (field == 1)
					found = found == 1 ? 1 : 0;
				if (field >= 2 && item_has(tok, port))
					found = 1;
			}
			free(line);
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
	return found;
}
