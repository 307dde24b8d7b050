/* article-print.c: renders a fix article as plain text, wrapped for a terminal or a pipe. */
#include <string.h>

#include "ui.h"

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

void
article_print(FILE *f, const struct article *a, int width)
{
	const struct article_line *l;
	char			 lead[16];
	size_t			 i;
	int			 in_step = 0;

	if (width <= 0)
		width = 80;
	fprintf(f, "%s\n", a->title);
	for (i = 0; i < strlen(a->title) && i < (size_t)width; i++)
		fputc('=', f);
	fprintf(f, "\n(cause id: %s; applies to the %s)\n", a->id,
	    strcmp(a->applies, "either") == 0 ? "client or the server" : a->applies);
	for (i = 0; i < a->nlines; i++) {
		l = &a->lines[i];
		switch (l->kind) {
		case ALINE_HEADING:
			in_step = 0;
			fprintf(f, "\n%s\n", l->text);
			for (size_t k = 0; k < strlen(l->text); k++)
				fputc('-', f);
			fputc('\n', f);
			break;
		case ALINE_STEP:
			in_step = 1;
			snprintf(lead, sizeof lead, "%d. ", l->number);
			wrap(f, l->text, 0, lead, width);
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
			fputc('\n', f);
			break;
		case ALINE_TEXT:
			wrap(f, l->text, l->indent, "", width);
			break;
		}
	}
}
