/* unitshow-parse.c: the output of `systemctl show` for several units (sshd-service). */
#include <stdlib.h>
#include <string.h>

#include "checks/parse/unitshow-parse.h"

/* Copy [p, p+len) into dst (size dlen), cut to fit. */
static void
put(char *dst, size_t dlen, const char *p, size_t len)
{
	if (len >= dlen)
		len = dlen - 1;
	memcpy(dst, p, len);
	dst[len] = '\0';
}

/* The value of "key=" inside an exec value, up to " ;" or " }" or the end. */
static int
field(const char *v, size_t len, const char *key, const char **val, size_t *vlen)
{
	size_t	 klen = strlen(key), i, j;

	for (i = 0; i + klen <= len; i++) {
		if ((i == 0 || v[i - 1] == ' ' || v[i - 1] == '{') &&
		    memcmp(v + i, key, klen) == 0) {
			for (j = i + klen; j < len; j++) {
				if (v[j] == ' ' && j + 1 < len && (v[j + 1] == ';' ||
				    v[j + 1] == '}'))
					break;
			}
			*val = v + i + klen;
			*vlen = j - i - klen;
			return 1;
		}
	}
	return 0;
}

int
unitshow_exec_failed(const char *value, size_t len, char *argv, size_t alen, char *code,
    size_t clen, int *status)
{
	const char	*c, *s, *a;
	size_t		 cl, sl, al, i;
	int		 n = 0;

	*status = -1;
	if (len < 2 || value[0] != '{')
		return -1;
	if (!field(value, len, "code=", &c, &cl) || !field(value, len, "status=", &s, &sl))
		return -1;
	/* "status=255" or "status=255/EXCEPTION"; a command not yet run has "code=(null)" */
	for (i = 0; i < sl && s[i] >= '0' && s[i] <= '9' && i < 9; i++)
		n = n * 10 + (s[i] - '0');
	if (i == 0)
		return 0;
	if (cl == 6 && memcmp(c, "exited", 6) == 0 && n == 0)
		return 0;
	if (!(cl == 6 && memcmp(c, "exited", 6) == 0) && !(cl == 6 && memcmp(c, "killed", 6) == 0) &&
	    !(cl == 6 && memcmp(c, "dumped", 6) == 0))
		return 0;
	if (!field(value, len, "argv[]=", &a, &al) && !field(value, len, "path=", &a, &al))
		al = 0;
	put(argv, alen, al ? a : "", al);
	put(code, clen, c, cl);
	*status = n;
	return 1;
}

int
unitshow_has_word(const char *list, const char *word)
{
	size_t	 n = strlen(word), w;

	while (*list != '\0') {
		list += strspn(list, " ");
		w = strcspn(list, " ");
		if (w == n && n > 0 && memcmp(list, word, n) == 0)
			return 1;
		list += w;
	}
	return 0;
}

void
unitshow_parse(const char *out, struct unit_show *u, size_t nunits)
{
	const char	*p = out, *nl, *eq;
	size_t		 idx = 0, len, klen, vlen, i;
	char		*dst;
	size_t		 dlen;

	for (i = 0; i < nunits; i++)
		u[i].pre_status = -1;
	while (*p != '\0' && idx < nunits) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == 0) {
			idx++;	/* a blank line ends a unit's block */
			p = nl ? nl + 1 : p + len;
			continue;
		}
		dst = NULL;
		dlen = 0;
		if ((eq = memchr(p, '=', len)) != NULL) {
			klen = (size_t)(eq - p);
			vlen = len - klen - 1;
#define KEY(name, f) \
	if (klen == strlen(name) && memcmp(p, name, klen) == 0) { \
		dst = u[idx].f; dlen = sizeof u[idx].f; }
			KEY("Id", id)
			KEY("LoadState", load)
			KEY("ActiveState", active)
			KEY("SubState", sub)
			KEY("Result", result)
			KEY("ExecMainCode", code)
			KEY("ExecMainStatus", status)
			KEY("Listen", listen)
			KEY("RuntimeDirectory", runtime)
#undef KEY
			if (dst != NULL)
				put(dst, dlen, eq + 1, vlen);
			/* one line a command; the first that failed is the reason */
			else if (klen == 12 && memcmp(p, "ExecStartPre", 12) == 0 &&
			    u[idx].pre_status == -1)
				(void)unitshow_exec_failed(eq + 1, vlen, u[idx].pre_argv,
				    sizeof u[idx].pre_argv, u[idx].pre_code,
				    sizeof u[idx].pre_code, &u[idx].pre_status);
		}
		p = nl ? nl + 1 : p + len;
	}
}
