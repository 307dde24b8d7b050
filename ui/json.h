/* json.h: a minimal JSON writer that always emits valid UTF-8 with control characters escaped. */
#ifndef JSON_H
#define JSON_H

#include <stdio.h>

/* Write s as a JSON string literal (sanitized first: outside text never reaches a reader raw). */
void	 json_string(FILE *, const char *s);

#endif
