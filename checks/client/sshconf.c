/* sshconf.c: reads `ssh -G` output and finds directives in ssh_config files (Includes followed, bounded). */
#include <ctype.h>
#include <stdio.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/sanitize.h"
#include "checks/client/sshconf.h"
#include "lib/xmalloc.h"

#define CONF_FILE_MAX	(1024 * 1024)
#define CONF_FILES_MAX	32
#define CONF_DEPTH_MAX	8

void
sshconf_parse(const char *out, struct sshconf *c)
{
	const char	*p = out, *nl, *sp;
	char		*key, *val;
	size_t		 len;

	memset(c, 0, sizeof *c);
	while (*p != '\0' && c->keys.n < 2000) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		sp = memchr(p, ' ', len);
		if (sp != NULL && sp > p) {
			key = sanitize(p, (size_t)(sp - p), 64);
			/* 9.2 prints "canonicalizePermittedcnames": lookups are lower-case. */
			for (char *q = key; *q != '\0'; q++)
				*q = (char)tolower((unsigned char)*q);
			val = sanitize(sp + 1, len - (size_t)(sp - p) - 1, 4096);
			strlist_add(&c->keys, key);
			strlist_add(&c->values, val);
			free(key);
			free(val);
		}
		p = nl ? nl + 1 : p + len;
	}
}

const struct sshconf_pair *
sshconf_pair_dep(struct check_ctx *ctx)
{
	return check_data(ctx, "ssh-config");
}

void
sshconf_pair_effective(const struct sshconf_pair *pair, const struct check_options *opt,
    const char **user, const char **host, int *port)
{
	const char	*v;
	int		 p;

	if (user != NULL)
		*user = opt->user;
	*host = opt->host;
	*port = opt->port;
	if (pair == NULL)
		return;
	if (user != NULL && (v = sshconf_get(&pair->user, "user")) != NULL && *v != '\0')
		*user = v;
	if ((v = sshconf_get(&pair->user, "hostname")) != NULL && *v != '\0' && *v != '-')
		*host = v;
	if ((v = sshconf_get(&pair->user, "port")) != NULL && (p = atoi(v)) > 0 && p < 65536)
		*port = p;
}

void
sshconf_effective(struct check_ctx *ctx, const char **host, int *port)
{
	sshconf_pair_effective(sshconf_pair_dep(ctx), ctx->opt, NULL, host, port);
}

void
sshconf_free(struct sshconf *c)
{
	strlist_free(&c->keys);
	strlist_free(&c->values);
}

const char *
sshconf_get(const struct sshconf *c, const char *keyword)
{
	size_t	 i;

	for (i = 0; i < c->keys.n; i++) {
		if (strcmp(c->keys.v[i], keyword) == 0)
			return c->values.v[i];
	}
	return NULL;
}

void
sshconf_target_argv(const struct check_options *opt, const char *const *pre,
    int clean, const char *const *post, const char **argv, size_t max,
    char port[8])
{
	const char *const *o;
	size_t		 n = 0;

	snprintf(port, 8, "%d", opt->port);
#define ADD(s) do { if (n + 1 < max) argv[n++] = (s); } while (0)
	ADD("ssh");
	for (; pre != NULL && *pre != NULL; pre++)
		ADD(*pre);
	if (clean) {
		ADD("-F");
		ADD("/dev/null");
	} else if (opt->ssh_config != NULL) {
		ADD("-F");
		ADD(opt->ssh_config);
	}
	if (opt->identity != NULL) {
		ADD("-i");
		ADD(opt->identity);
	}
	/* The person's own options, each value its own argv element after its letter. */
	for (o = opt->ssh_options; o != NULL && *o != NULL; o++) {
		ADD("-o");
		ADD(*o);
	}
	if (opt->jump != NULL) {
		ADD("-J");
		ADD(opt->jump);
	}
	if (opt->family == 4)
		ADD("-4");
	else if (opt->family == 6)
		ADD("-6");
	if (opt->user != NULL && opt->user_given) {
		ADD("-l");
		ADD(opt->user);
	}
	if (opt->port_given) {
		ADD("-p");
		ADD(port);
	}
	ADD("--");
	ADD(opt->host);
	for (; post != NULL && *post != NULL; post++)
		ADD(*post);
#undef ADD
	argv[n] = NULL;
}

static void
locate_in(const char *path, const char *keyword, struct strlist *out,
    struct strlist *seen, int depth);

/* Include patterns are relative to ~/.ssh (user files) or /etc/ssh (system files). */
static void
follow_include(const char *pattern, const char *from, const char *keyword,
    struct strlist *out, struct strlist *seen, int depth)
{
	const char	*home = getenv("HOME");
	char		*full;
	glob_t		 g;
	size_t		 i;

	if (pattern[0] == '~' && pattern[1] == '/' && home != NULL)
		xasprintf(&full, "%s/%s", home, pattern + 2);
	else if (pattern[0] == '/')
		full = xstrdup(pattern);
	else if (strncmp(from, "/etc/ssh/", 9) == 0)
		xasprintf(&full, "/etc/ssh/%s", pattern);
	else
		xasprintf(&full, "%s/.ssh/%s", home ? home : "", pattern);
	if (glob(full, 0, NULL, &g) == 0) {	/* sorted, in the order ssh reads them */
		for (i = 0; i < g.gl_pathc; i++)
			locate_in(g.gl_pathv[i], keyword, out, seen, depth + 1);
		globfree(&g);
	}
	free(full);
}

static void
locate_in(const char *path, const char *keyword, struct strlist *out,
    struct strlist *seen, int depth)
{
	char	*buf, *line, *next, *p, *word, *real;
	size_t	 len, i, klen = strlen(keyword);
	int	 lineno = 0;

	if (depth > CONF_DEPTH_MAX || seen->n >= CONF_FILES_MAX)
		return;
	/* The same file by another spelling ("./config") is the same file. */
	if ((real = realpath(path, NULL)) == NULL)
		return;
	for (i = 0; i < seen->n; i++) {
		if (strcmp(seen->v[i], real) == 0) {
			free(real);
			return;	/* an Include loop */
		}
	}
	strlist_add(seen, real);
	free(real);
	if (read_file_bounded(path, CONF_FILE_MAX, &buf, &len, NULL) != 0)
		return;
	/* Not strtok: it would skip blank lines and miscount line numbers. */
	for (line = buf; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		lineno++;
		for (p = line; isspace((unsigned char)*p); p++)
			;
		if (*p == '#' || *p == '\0')
			continue;
		word = p;
		while (*p != '\0' && !isspace((unsigned char)*p) && *p != '=')
			p++;
		if ((size_t)(p - word) == 7 && strncasecmp(word, "include", 7) == 0) {
			char *arg, *asave = NULL;

			for (arg = strtok_r(p, " \t=", &asave); arg != NULL;
			    arg = strtok_r(NULL, " \t", &asave))
				follow_include(arg, path, keyword, out, seen, depth);
			continue;
		}
		if ((size_t)(p - word) == klen && strncasecmp(word, keyword, klen) == 0 &&
		    out->n < 20)
			strlist_addf(out, "%s:%d: %s", path, lineno, word);
	}
	free(buf);
}

void
sshconf_locate(const struct check_options *opt, const char *keyword,
    struct strlist *out)
{
	struct strlist	 seen = { NULL, 0 };
	const char	*home = getenv("HOME");
	char		*user;

	if (opt->ssh_config != NULL)
		locate_in(opt->ssh_config, keyword, out, &seen, 0);
	else {
		if (home != NULL) {
			xasprintf(&user, "%s/.ssh/config", home);
			locate_in(user, keyword, out, &seen, 0);
			free(user);
		}
		locate_in("/etc/ssh/ssh_config", keyword, out, &seen, 0);
	}
	strlist_free(&seen);
}
