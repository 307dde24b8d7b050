/* json.c: JSON through jansson: bounded reading of outside text, and helpers for writing reports. */
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"

/*
 * jansson nests up to its own compiled-in limit (2048): walk the brackets
 * first, outside strings, so deep input is refused before any of it is built.
 */
static int
depth_ok(const char *s, size_t len, int max)
{
	size_t	 i;
	int	 depth = 0, in_str = 0;

	for (i = 0; i < len; i++) {
		if (in_str) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_str = 0;
		} else if (s[i] == '"')
			in_str = 1;
		else if (s[i] == '[' || s[i] == '{') {
			if (++depth > max)
				return 0;
		} else if (s[i] == ']' || s[i] == '}')
			depth--;
	}
	return 1;
}

json_t *
js_load(const char *text, size_t len, size_t max, int depth, char **cause)
{
	json_error_t	 err;
	json_t		*v;

	if (len > max) {
		set_cause(cause, "JSON: %zu bytes, more than %zu", len, max);
		return NULL;
	}
	if (!depth_ok(text, len, depth)) {
		set_cause(cause, "JSON: nested more than %d deep", depth);
		return NULL;
	}
	if ((v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err)) == NULL) {
		set_cause(cause, "JSON: %s at byte %d", err.text, err.position);
		return NULL;
	}
	return v;
}

const char *
js_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

const char *
js_kind(const json_t *j, const json_t **val)
{
	const char	*key;
	json_t		*v;

	if (!json_is_object(j) || json_object_size(j) != 1)
		return NULL;
	json_object_foreach((json_t *)j, key, v) {
		*val = v;
		return key;
	}
	return NULL;
}

long long
js_int(const json_t *j)
{
	if (json_is_integer(j))
		return json_integer_value(j);
	if (json_is_real(j)) {
		double	 d = json_real_value(j);

		/* clamped: a cast out of range is undefined */
		if (d > 1e15)
			return 1000000000000000LL;
		if (d < -1e15)
			return -1000000000000000LL;
		return (long long)d;
	}
	return 0;
}

json_t *
js_text(const char *s)
{
	char	*clean = sanitize_str(s != NULL ? s : "", 0);
	json_t	*v;

	/* sanitize() gives valid UTF-8, which is all json_string() may refuse */
	if ((v = json_string(clean)) == NULL)
		fatal("json_string failed");
	free(clean);
	return v;
}

void
js_set(json_t *obj, const char *key, json_t *val)
{
	if (val == NULL || json_object_set_new(obj, key, val) != 0)
		fatal("json_object_set_new failed");
}

void
js_push(json_t *arr, json_t *val)
{
	if (val == NULL || json_array_append_new(arr, val) != 0)
		fatal("json_array_append_new failed");
}

int
js_write(FILE *f, const json_t *v)
{
	if (json_dumpf(v, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		return -1;
	return fputc('\n', f) == EOF ? -1 : 0;
}
