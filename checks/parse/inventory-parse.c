/* inventory-parse.c: `ansible-inventory --list` JSON into hosts and the connection variables Ansible's ssh plugin reads (pure; jansson through lib/json.h). */
#include <stdlib.h>
#include <string.h>

#include "checks/parse/inventory-parse.h"
#include "lib/json.h"
#include "lib/xmalloc.h"

#define INV_GROUP_DEPTH	64	/* children nesting followed */
#define INV_WORDS_MAX	64	/* words of one ssh_common_args */

void
inventory_free(struct inv_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].host);
		free(l->v[i].user);
		free(l->v[i].key_file);
		strlist_free(&l->v[i].ssh_args);
		strlist_free(&l->v[i].ignored);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int
inventory_split_words(const char *s, struct strlist *out)
{
	char	*w = xmalloc(strlen(s) + 1);
	size_t	 n = 0;
	int	 in_word = 0;
	char	 q = 0;

	for (; *s != '\0'; s++) {
		if (q == '\'') {
			if (*s == '\'')
				q = 0;
			else
				w[n++] = *s;
			continue;
		}
		if (q == '"') {
			if (*s == '"')
				q = 0;
			else if (*s == '\\' && (s[1] == '"' || s[1] == '\\' || s[1] == '$' ||
			    s[1] == '`'))
				w[n++] = *++s;
			else
				w[n++] = *s;
			continue;
		}
		if (*s == ' ' || *s == '\t' || *s == '\n') {
			if (in_word) {
				w[n] = '\0';
				strlist_add(out, w);
				n = 0;
				in_word = 0;
			}
			continue;
		}
		in_word = 1;
		if (*s == '\'' || *s == '"')
			q = *s;
		else if (*s == '\\' && s[1] != '\0')
			w[n++] = *++s;
		else
			w[n++] = *s;
	}
	if (q != 0) {
		free(w);
		strlist_free(out);
		return -1;
	}
	if (in_word) {
		w[n] = '\0';
		strlist_add(out, w);
	}
	free(w);
	return 0;
}

/* A variable's string value (or NULL), with a note when it is set but unusable. */
static const char *
var_str(const json_t *vars, const char *const *names, struct inv_host *h)
{
	const json_t	*v;
	const char	*s;

	for (; *names != NULL; names++) {
		if ((v = json_object_get(vars, *names)) == NULL || json_is_null(v))
			continue;
		s = json_string_value(v);
		if (s == NULL || *s == '\0' || strlen(s) > INV_NAME_MAX) {
			strlist_addf(&h->ignored, "%s: not a usable string", *names);
			return NULL;
		}
		return s;
	}
	return NULL;
}

/* ansible_port as a number or a string of digits; 0 when unset, with a note when bad. */
static int
var_port(const json_t *vars, struct inv_host *h)
{
	static const char *const names[] = { "ansible_port", "ansible_ssh_port", NULL };
	const char *const *nm;
	const json_t	*v;
	const char	*s;
	char		*end;
	long		 p = -1;

	for (nm = names; *nm != NULL; nm++) {
		if ((v = json_object_get(vars, *nm)) == NULL || json_is_null(v))
			continue;
		if (json_is_integer(v))
			p = (long)json_integer_value(v);
		else if ((s = json_string_value(v)) != NULL && *s >= '0' && *s <= '9' &&
		    strlen(s) <= 5) {
			p = strtol(s, &end, 10);
			if (*end != '\0')
				p = -1;
		}
		if (p < 1 || p > 65535) {
			strlist_addf(&h->ignored, "%s: not a port (1-65535)", *nm);
			return 0;
		}
		return (int)p;
	}
	return 0;
}

/* The -o values of ssh_common_args and ssh_extra_args; every other word is noted. */
static void
var_ssh_args(const json_t *vars, struct inv_host *h)
{
	static const char *const names[] = { "ansible_ssh_common_args",
	    "ansible_ssh_extra_args", NULL };
	const char *const *nm;
	struct strlist	 words = { NULL, 0 };
	const char	*s;
	size_t		 i;

	for (nm = names; *nm != NULL; nm++) {
		if ((s = js_str(vars, *nm)) == NULL || *s == '\0')
			continue;
		if (strlen(s) > 4096 || inventory_split_words(s, &words) != 0) {
			strlist_addf(&h->ignored, "%s: cannot be split into words", *nm);
			continue;
		}
		for (i = 0; i < words.n && i < INV_WORDS_MAX; i++) {
			if (strcmp(words.v[i], "-o") == 0 && i + 1 < words.n)
				strlist_add(&h->ssh_args, words.v[++i]);
			else if (strncmp(words.v[i], "-o", 2) == 0 && words.v[i][2] != '\0')
				strlist_add(&h->ssh_args, words.v[i] + 2);
			else
				strlist_add(&h->ignored, words.v[i]);
		}
		strlist_free(&words);
	}
}

static void
add_host(struct inv_list *l, const char *name, const json_t *hostvars)
{
	static const char *const host_names[] = { "ansible_host", "ansible_ssh_host", NULL };
	static const char *const user_names[] = { "ansible_user", "ansible_ssh_user", NULL };
	static const char *const key_names[] = { "ansible_ssh_private_key_file",
	    "ansible_private_key_file", NULL };
	const json_t	*vars = json_object_get(hostvars, name);
	struct inv_host	*h;
	const char	*s;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	h = &l->v[l->n++];
	memset(h, 0, sizeof *h);
	h->name = xstrdup(name);
	if (!json_is_object(vars)) {
		h->host = xstrdup(name);
		return;
	}
	s = var_str(vars, host_names, h);
	h->host = xstrdup(s != NULL ? s : name);
	if ((s = var_str(vars, user_names, h)) != NULL)
		h->user = xstrdup(s);
	if ((s = var_str(vars, key_names, h)) != NULL)
		h->key_file = xstrdup(s);
	h->port = var_port(vars, h);
	var_ssh_args(vars, h);
}

/* The hosts of group and its children, each once (seen: a set of names), in order. */
static void
walk_group(const json_t *root, const char *group, int depth, json_t *seen_groups,
    json_t *seen_hosts, const json_t *hostvars, struct inv_list *l)
{
	const json_t	*g = json_object_get(root, group), *list, *v;
	size_t		 i;

	if (depth > INV_GROUP_DEPTH || !json_is_object(g) ||
	    json_object_get(seen_groups, group) != NULL)
		return;
	json_object_set_new(seen_groups, group, json_true());
	list = json_object_get(g, "hosts");
	json_array_foreach(list, i, v) {
		const char *name = json_string_value(v);

		if (name == NULL || *name == '\0' || strlen(name) > INV_NAME_MAX ||
		    json_object_get(seen_hosts, name) != NULL || l->n >= INV_HOSTS_MAX)
			continue;
		json_object_set_new(seen_hosts, name, json_true());
		add_host(l, name, hostvars);
	}
	list = json_object_get(g, "children");
	json_array_foreach(list, i, v) {
		if (json_string_value(v) != NULL)
			walk_group(root, json_string_value(v), depth + 1, seen_groups,
			    seen_hosts, hostvars, l);
	}
}

int
inventory_parse(const char *text, size_t len, struct inv_list *l, char **cause)
{
	json_t		*root, *seen_groups, *seen_hosts;
	const json_t	*meta, *hostvars;

	memset(l, 0, sizeof *l);
	if ((root = js_load(text, len, INV_JSON_MAX, JS_DEPTH_MAX, cause)) == NULL)
		return -1;
	if (!json_is_object(root) || !json_is_object(json_object_get(root, "all"))) {
		json_decref(root);
		return set_cause(cause, "not ansible-inventory --list output (no \"all\" group)");
	}
	meta = json_object_get(root, "_meta");
	hostvars = json_object_get(meta, "hostvars");
	seen_groups = json_object();
	seen_hosts = json_object();
	walk_group(root, "all", 0, seen_groups, seen_hosts, hostvars, l);
	json_decref(seen_groups);
	json_decref(seen_hosts);
	json_decref(root);
	return 0;
}

int
inventory_parse_list_hosts(const char *text, struct strlist *out)
{
	const char	*line, *end, *s, *e;
	int		 seen = 0;

	for (line = text; *line != '\0'; line = *end != '\0' ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		for (s = line; s < end && (*s == ' ' || *s == '\t'); s++)
			;
		for (e = end; e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'); e--)
			;
		if (!seen) {
			seen = e - s > 8 && strncmp(s, "hosts (", 7) == 0 && e[-1] == ':';
			continue;
		}
		if (e > s && (size_t)(e - s) <= INV_NAME_MAX && s != line && out->n < INV_HOSTS_MAX) {
			char *name = xstrndup(s, (size_t)(e - s));

			strlist_add(out, name);
			free(name);
		}
	}
	return seen ? 0 : -1;
}

void
inventory_filter(struct inv_list *l, const struct strlist *keep)
{
	json_t	*set = json_object();
	size_t	 i, j = 0;

	for (i = 0; i < keep->n; i++)
		json_object_set_new(set, keep->v[i], json_true());
	for (i = 0; i < l->n; i++) {
		if (json_object_get(set, l->v[i].name) != NULL) {
			l->v[j++] = l->v[i];
			continue;
		}
		free(l->v[i].name);
		free(l->v[i].host);
		free(l->v[i].user);
		free(l->v[i].key_file);
		strlist_free(&l->v[i].ssh_args);
		strlist_free(&l->v[i].ignored);
	}
	l->n = j;
	json_decref(set);
}
