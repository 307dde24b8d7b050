/* bans-parse.c: reads fail2ban-client's status output and /etc/hosts.allow, /etc/hosts.deny (hosts_access(5)) for a client address (pure). */
#include <sys/socket.h>

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/bans-parse.h"
#include "lib/xmalloc.h"

#define HOSTS_LINE_MAX	8192	/* a logical line (continuations joined) */
#define HOSTS_QUOTE_MAX	300
#define HOSTS_WORDS_MAX	256

int
f2b_jail_name_ok(const char *s)
{
	size_t	 n;

	if (s == NULL || s[0] == '\0' || s[0] == '-')
		return 0;
	n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");
	return s[n] == '\0' && n <= 64;
}

/* The rest of the line after "key:" (tabs and spaces skipped), or NULL. */
static const char *
value_of(const char *line, size_t len, const char *key, size_t *vlen)
{
	const char	*k = memmem(line, len, key, strlen(key)), *v;

	if (k == NULL)
		return NULL;
	v = k + strlen(key);
	while (v < line + len && (*v == ' ' || *v == '\t'))
		v++;
	*vlen = (size_t)(line + len - v);
	while (*vlen > 0 && (v[*vlen - 1] == '\r' || v[*vlen - 1] == ' '))
		(*vlen)--;
	return v;
}

int
f2b_conf_socket(const char *text, size_t len, const char *section, char *out, size_t outlen)
{
	const char	*p = text, *end = text + len, *nl, *k, *v, *e;
	int		 in_def = 0, r = 0;
	size_t		 n, sl = strlen(section);

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		e = nl;
		while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		/* a continuation line (leading blank) belongs to the key above: not a key */
		if (p == e || *p == '#' || *p == ';' || *p == ' ' || *p == '\t')
			continue;
		if (*p == '[') {
			in_def = (size_t)(e - p) == sl + 2 && memcmp(p + 1, section, sl) == 0 &&
			    p[sl + 1] == ']';
			continue;
		}
		if (!in_def || (size_t)(e - p) < 7 || memcmp(p, "socket", 6) != 0)
			continue;
		for (k = p + 6; k < e && (*k == ' ' || *k == '\t'); k++)
			;
		if (k == e || (*k != '=' && *k != ':'))
			continue;	/* "socketfoo = ..." or no value */
		for (v = k + 1; v < e && (*v == ' ' || *v == '\t'); v++)
			;
		n = (size_t)(e - v);
		if (n == 0 || n >= outlen || *v != '/' || memchr(v, '%', n) != NULL ||
		    memchr(v, '\0', n) != NULL) {
			r = -1;
			continue;
		}
		memcpy(out, v, n);
		out[n] = '\0';
		r = 1;
	}
	return r;
}

int
f2b_parse_status(const char *out, struct strlist *jails, size_t *unsafe)
{
	const char	*p = out, *nl, *v;
	size_t		 len, vlen, i, start;
	char		*name;
	int		 found = 0;

	*unsafe = 0;
	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if ((v = value_of(p, len, "Jail list:", &vlen)) != NULL) {
			found = 1;
			for (i = 0; i < vlen; i = start) {
				while (i < vlen && (v[i] == ',' || v[i] == ' ' || v[i] == '\t'))
					i++;
				start = i;
				while (start < vlen && v[start] != ',' && v[start] != ' ' &&
				    v[start] != '\t')
					start++;
				if (start == i)
					break;
				name = xstrndup(v + i, start - i);
				if (f2b_jail_name_ok(name) && jails->n < F2B_JAILS_MAX)
					strlist_add(jails, name);
				else if (!f2b_jail_name_ok(name))
					(*unsafe)++;
				free(name);
			}
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return found ? (int)jails->n : -1;
}

static long
number_of(const char *v, size_t vlen)
{
	char	 buf[24];

	if (vlen == 0 || vlen >= sizeof buf || !isdigit((unsigned char)v[0]))
		return -1;
	memcpy(buf, v, vlen);
	buf[vlen] = '\0';
	return strtol(buf, NULL, 10);
}

int
f2b_parse_jail(const char *out, const struct ipnet *client, struct f2b_jail *j)
{
	const char	*p = out, *nl, *v;
	size_t		 len, vlen, i, start;
	struct ipnet	 net;
	int		 valid = 0;

	memset(j, 0, sizeof *j);
	j->currently_failed = j->currently_banned = j->total_banned = -1;
	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (memmem(p, len, "Status for the jail", 19) != NULL)
			valid = 1;
		if ((v = value_of(p, len, "Currently failed:", &vlen)) != NULL)
			j->currently_failed = number_of(v, vlen);
		else if ((v = value_of(p, len, "Currently banned:", &vlen)) != NULL) {
			j->currently_banned = number_of(v, vlen);
			valid = 1;
		} else if ((v = value_of(p, len, "Total banned:", &vlen)) != NULL)
			j->total_banned = number_of(v, vlen);
		else if (j->source == NULL &&
		    ((v = value_of(p, len, "File list:", &vlen)) != NULL ||
		    (v = value_of(p, len, "Journal matches:", &vlen)) != NULL))
			j->source = xstrndup(v, vlen > 300 ? 300 : vlen);
		else if ((v = value_of(p, len, "Banned IP list:", &vlen)) != NULL) {
			for (i = 0; i < vlen; i = start) {
				while (i < vlen && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
					i++;
				start = i;
				while (start < vlen && v[start] != ' ' && v[start] != '\t' &&
				    v[start] != ',')
					start++;
				if (start == i)
					break;
				j->listed++;
				if (j->sample.n < F2B_SAMPLE)
					strlist_addf(&j->sample, "%.*s",
					    (int)(start - i > 64 ? 64 : start - i), v + i);
				if (client != NULL && j->client_entry == NULL &&
				    ipnet_parse(v + i, start - i, &net) == 0 &&
				    ipnet_contains(&net, client))
					j->client_entry = xstrndup(v + i, start - i);
			}
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	if (!valid) {
		f2b_jail_free(j);
		return -1;
	}
	return 0;
}

void
f2b_jail_free(struct f2b_jail *j)
{
	strlist_free(&j->sample);
	free(j->client_entry);
	free(j->source);
	memset(j, 0, sizeof *j);
}

/* ---------------------------------------------------------------- hosts_access */

enum tri {
	T_NO,
	T_YES,
	T_MAYBE,
};

static enum tri
t_and(enum tri a, enum tri b)
{
	if (a == T_NO || b == T_NO)
		return T_NO;
	if (a == T_MAYBE || b == T_MAYBE)
		return T_MAYBE;
	return T_YES;
}

static enum tri
t_not(enum tri a)
{
	return a == T_YES ? T_NO : a == T_NO ? T_YES : T_MAYBE;
}

struct words {
	char	*v[HOSTS_WORDS_MAX];
	size_t	 n;
};

/* Split a list at blanks and commas (the buffer is changed). */
static void
split_words(char *s, struct words *w)
{
	char	*tok, *save = NULL;

	w->n = 0;
	for (tok = strtok_r(s, " \t,", &save); tok != NULL && w->n < HOSTS_WORDS_MAX;
	    tok = strtok_r(NULL, " \t,", &save))
		w->v[w->n++] = tok;
}

static void
why_once(char *why, size_t len, const char *what, const char *word)
{
	if (why[0] == '\0')
		snprintf(why, len, "%s%s%s", what, word != NULL ? " " : "", word != NULL ? word : "");
}

static enum tri
daemon_word(const char *w, const char *daemon, char *why, size_t wl)
{
	if (strcmp(w, "ALL") == 0)
		return T_YES;
	if (strchr(w, '@') != NULL) {
		why_once(why, wl, "a daemon@host pattern:", w);
		return T_MAYBE;
	}
	if (strpbrk(w, "*?") != NULL)
		return fnmatch(w, daemon, 0) == 0 ? T_YES : T_NO;
	return strcmp(w, daemon) == 0 ? T_YES : T_NO;
}

static enum tri
client_word(const char *w, const struct ipnet *client, char *why, size_t wl)
{
	struct ipnet	 net;
	char		 text[80];
	size_t		 n;

	if (strcmp(w, "ALL") == 0)
		return T_YES;
	if (client == NULL) {
		why_once(why, wl, "clients matching", w);
		return T_MAYBE;
	}
	ipnet_format(client, text, sizeof text);
	if (strcmp(w, "KNOWN") == 0 || strcmp(w, "UNKNOWN") == 0 || strcmp(w, "LOCAL") == 0 ||
	    strcmp(w, "PARANOID") == 0) {
		why_once(why, wl, "the client's host name:", w);
		return T_MAYBE;
	}
	if (w[0] == '/') {
		why_once(why, wl, "patterns in the file", w);
		return T_MAYBE;
	}
	if (strchr(w, '@') != NULL || w[0] == '.') {
		why_once(why, wl, "the client's host or user name:", w);
		return T_MAYBE;
	}
	n = strlen(w);
	if (strspn(w, "0123456789.") == n && n > 0 && w[n - 1] == '.')
		return client->family == AF_INET && strncmp(text, w, n) == 0 ? T_YES : T_NO;
	if (strpbrk(w, "*?") != NULL) {
		if (strspn(w, "0123456789.:abcdefABCDEF*?[]") == n)
			return fnmatch(w, text, 0) == 0 ? T_YES : T_NO;
		why_once(why, wl, "the client's host name:", w);
		return T_MAYBE;
	}
	if (ipnet_parse_str(w, &net) == 0)
		return ipnet_contains(&net, client) ? T_YES : T_NO;
	why_once(why, wl, "the client's host name:", w);
	return T_MAYBE;
}

/* "A B EXCEPT C D EXCEPT E": A or B, and not (C or D, and not E). */
static enum tri
list_match(struct words *w, size_t from, int daemon_list, const char *daemon,
    const struct ipnet *client, char *why, size_t wl)
{
	enum tri	 any = T_NO, m;
	size_t		 i;

	for (i = from; i < w->n; i++) {
		if (strcmp(w->v[i], "EXCEPT") == 0)
			return t_and(any, t_not(list_match(w, i + 1, daemon_list, daemon,
			    client, why, wl)));
		m = daemon_list ? daemon_word(w->v[i], daemon, why, wl) :
		    client_word(w->v[i], client, why, wl);
		if (m == T_YES)
			any = T_YES;
		else if (m == T_MAYBE && any == T_NO)
			any = T_MAYBE;
	}
	return any;
}

/* The next ':' outside [brackets] (IPv6 addresses), or NULL. */
static char *
field_end(char *s)
{
	int	 depth = 0;

	for (; *s != '\0'; s++) {
		if (*s == '[')
			depth++;
		else if (*s == ']' && depth > 0)
			depth--;
		else if (*s == ':' && depth == 0)
			return s;
	}
	return NULL;
}

static enum tri
line_match(char *line, const char *daemon, const struct ipnet *client, char *why, size_t wl)
{
	struct words	 w;
	char		*c1, *c2;
	enum tri	 d;

	if ((c1 = field_end(line)) == NULL)
		return T_NO;	/* not a rule */
	*c1 = '\0';
	if ((c2 = field_end(c1 + 1)) != NULL)
		*c2 = '\0';	/* options follow: not needed to know whether the line applies */
	split_words(line, &w);
	d = list_match(&w, 0, 1, daemon, client, why, wl);
	if (d == T_NO)
		return T_NO;
	split_words(c1 + 1, &w);
	return t_and(d, list_match(&w, 0, 0, daemon, client, why, wl));
}

static void
hit_fill(struct hosts_hit *hit, enum hosts_result r, long lineno, const char *text,
    const char *why)
{
	hosts_hit_free(hit);
	hit->result = r;
	hit->line = lineno;
	hit->text = xstrndup(text, HOSTS_QUOTE_MAX);
	hit->why = why != NULL && why[0] != '\0' ? xstrdup(why) : NULL;
}

enum hosts_result
hosts_access_match(const char *text, size_t len, const char *daemon,
    const struct ipnet *client, struct hosts_hit *hit)
{
	const char	*p = text, *end = text + len, *nl;
	char		*logical = xmalloc(HOSTS_LINE_MAX + 1), *copy, why[160];
	size_t		 ll, n = 0, k;
	long		 lineno = 0, first = 0;
	enum tri	 m;

	memset(hit, 0, sizeof *hit);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		ll = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		if (n == 0)
			first = lineno;
		for (k = 0; k < ll && n < HOSTS_LINE_MAX; k++)
			logical[n++] = p[k] == '\0' || p[k] == '\r' ? ' ' : p[k];
		p = nl != NULL ? nl + 1 : end;
		/* a backslash before the newline continues the line */
		if (n > 0 && logical[n - 1] == '\\' && p < end) {
			n--;
			continue;
		}
		logical[n] = '\0';
		n = 0;
		k = strspn(logical, " \t");
		if (logical[k] == '\0' || logical[k] == '#')
			continue;
		copy = xstrdup(logical + k);
		why[0] = '\0';
		m = line_match(copy, daemon, client, why, sizeof why);
		free(copy);
		if (m == T_YES) {
			hit_fill(hit, HOSTS_MATCH, first, logical + k, NULL);
			break;
		}
		if (m == T_MAYBE && hit->result == HOSTS_NONE)
			hit_fill(hit, HOSTS_MAYBE, first, logical + k, why);
	}
	free(logical);
	return hit->result;
}

void
hosts_hit_free(struct hosts_hit *hit)
{
	free(hit->text);
	free(hit->why);
	memset(hit, 0, sizeof *hit);
}
