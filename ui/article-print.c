/* article-print.c: renders a fix article as plain text, wrapped for a terminal or a pipe. */
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"

#include "ui/ui.h"

/* Print text wrapped at width, each line starting with indent spaces (first with lead). */
static void
wrap(FILE *f, const char *text, int indent, const char *lead, int width)
{
	const char	*p = text, *word_end;
	int		 col, first = 1, len;

	col = fprintf(f, "%*s%s", indent, "", lead);
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		word_end = strchr(p, ' ');
		len = word_end ? (int)(word_end - p) : (int)strlen(p);
		if (!first && col + 1 + len > width) {
			col = fprintf(f, "\n%*s", indent + (int)strlen(lead), "") - 1;
		} else if (!first)
			col += fprintf(f, " ");
		col += fprintf(f, "%.*s", len, p);
		first = 0;
		p += len;
	}
	fputc('\n', f);
}

/* Text indented deeper than a step's continuation is preformatted (a config snippet). */
#define PREFORMATTED_INDENT 5

static int
continues(const struct article_line *l, int min_indent)
{
	return l->kind == ALINE_TEXT && l->indent >= min_indent &&
	    l->indent < PREFORMATTED_INDENT;
}

/*
 * Join line i with the prose lines that continue it into one paragraph;
 * returns the last index used.
 */
static size_t
paragraph(const struct article *a, size_t i, int min_indent, char **out)
{
	size_t	 len = strlen(a->lines[i].text), j;
	char	*buf;

	for (j = i + 1; j < a->nlines && continues(&a->lines[j], min_indent); j++)
		len += strlen(a->lines[j].text) + 1;
	buf = xmalloc(len + 1);
	strcpy(buf, a->lines[i].text);
	for (j = i + 1; j < a->nlines && continues(&a->lines[j], min_indent); j++) {
		strcat(buf, " ");
		strcat(buf, a->lines[j].text);
	}
	*out = buf;
	return j - 1;
}

void
article_print(FILE *f, const struct article *a, int width)
{
	const struct article_line *l;
	char			 lead[16], *text;
	size_t			 i, k;
	int			 in_step = 0;

	if (width <= 0)
		width = 80;
	fprintf(f, "%s\n", a->title);
	for (k = 0; k < strlen(a->title) && k < (size_t)width; k++)
		fputc('=', f);
	fprintf(f, "\n(cause id: %s; the fix applies %s)\n", a->id,
	    article_applies_where(a->applies));
	for (i = 0; i < a->nlines; i++) {
		l = &a->lines[i];
		switch (l->kind) {
		case ALINE_HEADING:
			in_step = 0;
			fprintf(f, "\n%s\n", l->text);
			for (k = 0; k < strlen(l->text); k++)
				fputc('-', f);
			fputc('\n', f);
			break;
		case ALINE_STEP:
			in_step = 1;
			snprintf(lead, sizeof lead, "%d. ", l->number);
			i = paragraph(a, i, 1, &text);
			wrap(f, text, 0, lead, width);
			free(text);
			break;
		case ALINE_COMMAND:
			fprintf(f, "%*s%s %s\n", in_step ? 6 : 4, "",
			    l->root ? "#" : "$", l->text);
			break;
		case ALINE_QUOTE:
			fprintf(f, "%*s| %s\n", l->indent + 2, "", l->text);
			break;
		case ALINE_SEE:
			fprintf(f, "%*ssee: sshdoc --article %s\n", l->indent, "", l->text);
			break;
		case ALINE_BLANK:
			in_step = 0;
			fputc('\n', f);
			break;
		case ALINE_TEXT:
			if (l->indent >= PREFORMATTED_INDENT) {
				fprintf(f, "%*s%s\n", l->indent + 1, "", l->text);
				break;
			}
			i = paragraph(a, i, l->indent, &text);
			wrap(f, text, in_step ? 3 : l->indent, "", width);
			free(text);
			break;
		}
	}
}
