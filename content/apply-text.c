/* apply-text.c: the text side of fix plans, free of the rest of sshdoc: an Apply line's words, shell quoting for the dry run, and the unified diff of a file edit. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/apply.h"
#include "lib/xmalloc.h"

char *
fix_shell_word(const char *s)
{
	char		*out, *p;
	const char	*q;
	size_t		 n = 3;
	int		 plain = *s != '\0';

	for (q = s; *q != '\0'; q++) {
		if (!isalnum((unsigned char)*q) && strchr("_@%+=:,./-", *q) == NULL)
			plain = 0;
		n += *q == '\'' ? 4 : 1;
	}
	if (plain)
		return xstrdup(s);
	p = out = xmalloc(n);
	*p++ = '\'';
	for (; *s != '\0'; s++) {
		if (*s == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else
			*p++ = *s;
	}
	*p++ = '\'';
	*p = '\0';
	return out;
}

/* Lines of a buffer as a list (the last line may lack its newline). */
static void
split_lines(const char *buf, size_t len, struct strlist *out)
{
	const char	*p = buf, *end = buf + len, *nl;
	char		*line;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		line = xstrndup(p, (size_t)((nl != NULL ? nl : end) - p));
		strlist_add(out, line);
		free(line);
		p = nl != NULL ? nl + 1 : end;
	}
}

static void
hunk_lines(char **buf, size_t *len, size_t *cap, const struct strlist *sl,
    size_t from, size_t to, char mark)
{
	size_t	 i, n;

	for (i = from; i < to; i++) {
		n = strlen(sl->v[i]) + 2;
		if (*len + n + 1 > *cap) {
			*cap = (*len + n + 1) * 2;
			*buf = xreallocarray(*buf, 1, *cap);
		}
		(*buf)[(*len)++] = mark;
		memcpy(*buf + *len, sl->v[i], n - 2);
		*len += n - 2;
		(*buf)[(*len)++] = '\n';
		(*buf)[*len] = '\0';
	}
}

/*
 * One hunk around the changed region (common head and tail lines left out,
 * three lines of context): every edit a verb makes is one region (a block
 * added at the top, one line commented out), so this is the exact diff.
 */
char *
fix_unified_diff(const char *path, const char *old, size_t oldlen, const char *new,
    size_t newlen)
{
	struct strlist	 a = { NULL, 0 }, b = { NULL, 0 };
	size_t		 head = 0, tail = 0, from, ato, bto, len = 0, cap = 256;
	char		*out, *hdr;

	split_lines(old, oldlen, &a);
	split_lines(new, newlen, &b);
	while (head < a.n && head < b.n && strcmp(a.v[head], b.v[head]) == 0)
		head++;
	while (tail < a.n - head && tail < b.n - head &&
	    strcmp(a.v[a.n - 1 - tail], b.v[b.n - 1 - tail]) == 0)
		tail++;
	out = xmalloc(cap);
	out[0] = '\0';
	if (head == a.n && head == b.n)
		goto done;
	from = head > 3 ? head - 3 : 0;
	ato = a.n - tail + (tail > 3 ? 3 : tail);
	bto = b.n - tail + (tail > 3 ? 3 : tail);
	xasprintf(&hdr, "--- %s\n+++ %s (after the fix)\n@@ -%zu,%zu +%zu,%zu @@\n", path, path,
	    ato - from == 0 ? from : from + 1, ato - from,
	    bto - from == 0 ? from : from + 1, bto - from);
	len = strlen(hdr);
	if (len + 1 > cap) {
		cap = len + 1;
		out = xreallocarray(out, 1, cap);
	}
	memcpy(out, hdr, len + 1);
	free(hdr);
	hunk_lines(&out, &len, &cap, &a, from, head, ' ');
	hunk_lines(&out, &len, &cap, &a, head, a.n - tail, '-');
	hunk_lines(&out, &len, &cap, &b, head, b.n - tail, '+');
	hunk_lines(&out, &len, &cap, &a, a.n - tail, ato, ' ');
done:
	strlist_free(&a);
	strlist_free(&b);
	return out;
}

/*
 * The words of an Apply line: split at spaces, a placeholder whole even
 * when its sample holds spaces.
 */
int
fix_apply_words(const char *raw, struct strlist *out)
{
	struct article_placeholder ph;
	const char	*p = raw, *start;
	size_t		 n;
	char		*w;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ' ') {
			if ((n = article_placeholder(p, &ph)) > 0)
				p += n;
			else
				p++;
		}
		w = xstrndup(start, (size_t)(p - start));
		strlist_add(out, w);
		free(w);
		if (out->n > FIX_STEP_ARGS_MAX + 1)
			return -1;
	}
	return 0;
}

