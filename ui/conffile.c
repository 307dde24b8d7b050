/* conffile.c: reads sshdoc's configuration file: a few "key = value" lines, bounded, every value validated. */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/conffile.h"
#include "lib/http.h"
#include "lib/sanitize.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* One line (no newline, no NUL). 0, or -1 with *cause. */
static int
parse_line(char *line, const char *name, int lineno, struct sshdoc_config *conf,
    char **cause)
{
	char	*key, *eq, *val, *end, *why = NULL, *shown;
	char	**slot;

	while (blank(*line))
		line++;
	if (*line == '\0' || *line == '#')
		return 0;
	key = line;
	if ((eq = strchr(line, '=')) == NULL)
		return set_cause(cause, "%s:%d: expected \"key = value\"", name, lineno);
	for (end = eq; end > key && blank(end[-1]); end--)
		;
	*end = '\0';
	val = eq + 1;
	while (blank(*val))
		val++;
	/* A comment may follow the value after white space; URLs hold no spaces. */
	for (end = val; *end != '\0' && !blank(*end); end++)
		;
	if (*end != '\0') {
		char *rest = end;

		while (blank(*rest))
			rest++;
		if (*rest != '\0' && *rest != '#')
			return set_cause(cause, "%s:%d: one value expected after '='",
			    name, lineno);
		*end = '\0';
	}
	if (strcmp(key, "ip-url") == 0)
		slot = &conf->ip_url;
	else if (strcmp(key, "control-url") == 0)
		slot = &conf->control_url;
	else {
		shown = sanitize_str(key, 40);
		set_cause(cause, "%s:%d: unknown key '%s' (known: ip-url, control-url)",
		    name, lineno, shown);
		free(shown);
		return -1;
	}
	if (*slot != NULL)
		return set_cause(cause, "%s:%d: %s is set twice", name, lineno, key);
	if (*val == '\0')
		return set_cause(cause, "%s:%d: %s needs a value", name, lineno, key);
	if (http_url_check(val, 0, &why) != 0) {
		set_cause(cause, "%s:%d: %s: %s", name, lineno, key, why);
		free(why);
		return -1;
	}
	*slot = xstrdup(val);
	return 0;
}

int
conffile_parse(const char *text, size_t len, const char *name,
    struct sshdoc_config *conf, char **cause)
{
	const char	*p = text, *end = text + len, *nl;
	char		*line;
	size_t		 llen;
	int		 lineno = 0, rc;

	memset(conf, 0, sizeof *conf);
	if (len > CONFFILE_MAX)
		return set_cause(cause, "%s:0: larger than %d bytes", name, CONFFILE_MAX);
	if (memchr(text, '\0', len) != NULL)
		return set_cause(cause, "%s:0: contains a NUL byte", name);
	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		llen = (size_t)((nl != NULL ? nl : end) - p);
		if (llen > CONFFILE_LINE_MAX) {
			conffile_free(conf);
			return set_cause(cause, "%s:%d: line longer than %d bytes", name,
			    lineno, CONFFILE_LINE_MAX);
		}
		if (llen > 0 && p[llen - 1] == '\r')
			llen--;
		line = xstrndup(p, llen);
		rc = parse_line(line, name, lineno, conf, cause);
		free(line);
		if (rc != 0) {
			conffile_free(conf);
			return -1;
		}
		p = nl != NULL ? nl + 1 : end;
	}
	return 0;
}

int
conffile_load(const char *path, struct sshdoc_config *conf, char **cause)
{
	char	*buf = NULL;
	size_t	 len;
	int	 rc;

	memset(conf, 0, sizeof *conf);
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	if (read_file_bounded(path, CONFFILE_MAX, &buf, &len, cause) != 0)
		return -1;
	rc = conffile_parse(buf, len, path, conf, cause);
	free(buf);
	return rc;
}

char *
conffile_path(void)
{
	const char	*base = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct passwd	*pw;
	char		*path;

	if (base != NULL && base[0] == '/') {
		xasprintf(&path, "%s/sshdoc/config", base);
		return path;
	}
	if (home == NULL || home[0] != '/') {
		if ((pw = getpwuid(getuid())) == NULL || pw->pw_dir == NULL)
			return NULL;
		home = pw->pw_dir;
	}
	xasprintf(&path, "%s/.config/sshdoc/config", home);
	return path;
}

void
conffile_free(struct sshdoc_config *conf)
{
	free(conf->ip_url);
	free(conf->control_url);
	conf->ip_url = conf->control_url = NULL;
}
