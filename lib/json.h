/* json.h: JSON through jansson: bounded reading of outside text, and helpers for writing reports. */
#ifndef SSHDOC_JSON_H
#define SSHDOC_JSON_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#define JS_DEPTH_MAX	64	/* nesting accepted by default */

/*
 * Parse text[0..len) as one JSON object or array: at most max bytes, nested
 * at most depth deep, no duplicate keys, no NUL in strings. Returns the new
 * value (json_decref it), or NULL with *cause.
 */
json_t	*js_load(const char *text, size_t len, size_t max, int depth, char **cause);

/* The string value of key in obj, or NULL (no such key, not a string, obj no object). */
const char *js_str(const json_t *obj, const char *key);
/* The only key of a one-member object ({"drop": null}) with its value in *val, or NULL. */
const char *js_kind(const json_t *, const json_t **val);
/* An integer or real value as an integer (reals cut toward zero); 0 for anything else. */
long long js_int(const json_t *);

/* A string value holding s sanitized (lib/sanitize.h); NULL stands for "". */
json_t	*js_text(const char *s);
/* Add val to an object or an array; they take val's reference. */
void	 js_set(json_t *obj, const char *key, json_t *val);
void	 js_push(json_t *arr, json_t *val);
/* Write v indented by two, keys in the order they were set, and a newline. 0 or -1. */
int	 js_write(FILE *, const json_t *);

#endif
