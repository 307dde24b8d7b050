/* fleet-input.c: the targets of --hosts (a bounded list of [user@]host[:port] lines) and of --inventory (ansible-inventory --list, read through the runner). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "checks/parse/inventory-parse.h"
#include "lib/runner.h"
#include "lib/sanitize.h"
#include "lib/util.h"
#include "lib/xmalloc.h"
#include "ui/fleet.h"
#include "ui/session.h"

#define INVENTORY_OUTPUT_MAX	(16 * 1024 * 1024)	/* bytes of ansible-inventory's JSON */
#define INVENTORY_TIMEOUT_MIN	30000	/* ansible-inventory starts Python: give it time */

static struct fleet_target *
list_add(struct fleet_list *l)
{
	struct fleet_target *t;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	t = &l->v[l->n++];
	memset(t, 0, sizeof *t);
	return t;
}

static void
target_free(struct fleet_target *t)
{
	int	 i;

	free(t->name);
	free(t->host);
	free(t->user);
	free(t->identity);
	for (i = 0; i < t->nssh_options; i++)
		free(t->ssh_options[i]);
	memset(t, 0, sizeof *t);
}

void
fleet_list_free(struct fleet_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		target_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The host and user checks of the command line's target (ui/main.c), for one list entry. */
static int
check_names(const char *host, const char *user, char **cause)
{
	if (user != NULL && !session_safe_word(user, "._-@+\\"))
		return set_cause(cause, "bad user name '%.40s'", user);
	if (*host == '-')
		return set_cause(cause, "a host that begins with '-' is refused: '%.60s'", host);
	/* '%' only as an IPv6 zone ("fe80::1%eth0"): ssh expands %-tokens elsewhere. */
	if (!session_safe_word(host, ".-_:%") ||
	    (strchr(host, '%') != NULL && strchr(host, ':') == NULL))
		return set_cause(cause, "bad host name '%.60s'", host);
	return 0;
}

int
fleet_parse_target(const char *s, struct fleet_target *t, char **cause)
{
	char	*copy, *h, *u, *p;
	int	 rc = -1;

	memset(t, 0, sizeof *t);
	copy = xstrdup(s);
	h = copy;
	if (strncmp(h, "ssh://", 6) == 0) {
		h += 6;
		if (*h != '\0' && h[strlen(h) - 1] == '/')
			h[strlen(h) - 1] = '\0';
	}
	if (*h == '@' && strrchr(h, '@') == h) {
		set_cause(cause, "bad user name ''");
		goto out;
	}
	if (session_split_target(h, &h, &u, &p) != 0) {
		set_cause(cause, "bad target '%.60s'", s);
		goto out;
	}
	if (*h == '\0') {
		set_cause(cause, "no host in '%.60s'", s);
		goto out;
	}
	if (check_names(h, u, cause) != 0)
		goto out;
	if (p != NULL && (t->port = session_port(p)) == -1) {
		set_cause(cause, "bad port '%.20s' (1-65535)", p);
		t->port = 0;
		goto out;
	}
	t->name = xstrdup(s);
	t->host = xstrdup(h);
	t->user = u != NULL ? xstrdup(u) : NULL;
	rc = 0;
 out:
	free(copy);
	return rc;
}

/* One line of a --hosts file without its comment and surrounding blanks (in place). */
static char *
line_target(char *line)
{
	char	*hash, *end;

	if ((hash = strchr(line, '#')) != NULL)
		*hash = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	end = line + strlen(line);
	while (end > line && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return line;
}

int
fleet_read_hosts(FILE *f, const char *path, struct fleet_list *l, char **cause)
{
	char	 line[FLEET_LINE_MAX + 2], *s, *why = NULL;
	size_t	 total = 0, len, lineno = 0;

	memset(l, 0, sizeof *l);
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		len = strlen(line);
		total += len;
		if (total > FLEET_FILE_MAX) {
			set_cause(cause, "%s: more than %d bytes", path, FLEET_FILE_MAX);
			goto fail;
		}
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			set_cause(cause, "%s:%zu: line longer than %d bytes", path, lineno,
			    FLEET_LINE_MAX);
			goto fail;
		}
		if (memchr(line, '\0', len) != NULL || strlen(line) != len)
			continue;
		s = line_target(line);
		if (*s == '\0')
			continue;
		if (l->n == FLEET_HOSTS_MAX) {
			set_cause(cause, "%s: more than %d hosts", path, FLEET_HOSTS_MAX);
			goto fail;
		}
		if (fleet_parse_target(s, list_add(l), &why) != 0) {
			l->n--;
			set_cause(cause, "%s:%zu: %s", path, lineno, why);
			free(why);
			goto fail;
		}
	}
	if (ferror(f)) {
		set_cause(cause, "%s: read error", path);
		goto fail;
	}
	if (l->n == 0) {
		set_cause(cause, "%s: no hosts in it", path);
		goto fail;
	}
	return 0;
 fail:
	fleet_list_free(l);
	return -1;
}

/*
 * The -o values an inventory may pass: what main.c's -o takes ("Key=Value" or
 * "Key Value", no control bytes, at most 1024 bytes), with Key a keyword.
 */
int
fleet_ssh_option_ok(const char *s)
{
	const char	*eq;
	size_t		 klen, i;

	eq = s + strcspn(s, "= \t");
	klen = (size_t)(eq - s);
	if (klen == 0 || *eq == '\0' || strlen(s) > 1024)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	for (i = 0; i < klen; i++)
		if (!isalnum((unsigned char)s[i]))
			return 0;
	return 1;
}

/* An inventory host into a target; refusals and ignored options noted. 0 or -1. */
static int
inventory_target(const struct inv_host *ih, struct fleet_target *t, struct strlist *notes)
{
	char	*why = NULL, *clean;
	size_t	 i;

	memset(t, 0, sizeof *t);
	if (check_names(ih->host, ih->user, &why) != 0) {
		clean = sanitize_str(ih->name, 80);
		strlist_addf(notes, "%s: skipped: %s", clean, why);
		free(clean);
		free(why);
		return -1;
	}
	if (ih->key_file != NULL && (*ih->key_file == '-' || *ih->key_file == '\0')) {
		clean = sanitize_str(ih->name, 80);
		strlist_addf(notes, "%s: skipped: a key file that begins with '-' is refused",
		    clean);
		free(clean);
		return -1;
	}
	t->name = xstrdup(ih->name);
	t->host = xstrdup(ih->host);
	t->user = ih->user != NULL ? xstrdup(ih->user) : NULL;
	t->port = ih->port;
	t->identity = ih->key_file != NULL ? xstrdup(ih->key_file) : NULL;
	for (i = 0; i < ih->ssh_args.n; i++) {
		const char *a = ih->ssh_args.v[i];

		if (fleet_ssh_option_ok(a) && t->nssh_options < FLEET_SSH_OPTIONS_MAX) {
			t->ssh_options[t->nssh_options++] = xstrdup(a);
			continue;
		}
		clean = sanitize_str(a, 80);
		strlist_addf(notes, "%s: ansible_ssh_common_args: ignoring '%s' "
		    "(sshdoc takes -o Key=Value options only)", t->name, clean);
		free(clean);
	}
	for (i = 0; i < ih->ignored.n; i++) {
		clean = sanitize_str(ih->ignored.v[i], 80);
		strlist_addf(notes, "%s: ignoring '%s' (sshdoc takes the -o Key=Value options "
		    "of ansible_ssh_common_args, and ansible_host, _port, _user, "
		    "_ssh_private_key_file)", t->name, clean);
		free(clean);
	}
	return 0;
}

/* Ansible stops at once in a locale that is not UTF-8; its messages stay English. */
static const char *const inventory_env[] = { "LC_ALL=C.UTF-8", "ANSIBLE_NOCOLOR=1", NULL };

/* ansible-inventory's JSON, or (list_hosts) ansible's --list-hosts for --limit. 0 or -1. */
static int
run_ansible(const char *const argv[], int timeout_ms, struct run_result *res, char **cause)
{
	struct run_opts	 ro;
	char		 desc[128], *err;

	memset(&ro, 0, sizeof ro);
	ro.env = inventory_env;
	ro.timeout_ms = timeout_ms > INVENTORY_TIMEOUT_MIN ? timeout_ms : INVENTORY_TIMEOUT_MIN;
	ro.max_output = INVENTORY_OUTPUT_MAX;
	if (run_command(argv, &ro, res, cause) != 0)
		return -1;
	if (res->not_found) {
		set_cause(cause, "%s is not installed (Debian: apt-get install ansible-core)",
		    argv[0]);
		run_free(res);
		return -1;
	}
	if (!res->exited || res->status != 0 || res->truncated) {
		err = sanitize_str(res->err, 300);
		set_cause(cause, "%s -i %s: %s%s%s", argv[0], argv[2],
		    res->truncated ? "output too large" : run_describe(res, desc, sizeof desc),
		    *err != '\0' ? ": " : "", err);
		free(err);
		run_free(res);
		return -1;
	}
	return 0;
}

int
fleet_read_inventory(const char *path, const char *limit, int timeout_ms,
    struct fleet_list *l, struct strlist *notes, char **cause)
{
	const char	*inv_argv[] = { "ansible-inventory", "-i", path, "--list", NULL };
	/* --limit as ansible reads it (groups, wildcards, ~regex, :&, :!), on this inventory */
	const char	*lim_argv[] = { "ansible", "-i", path, "--limit", limit, "--list-hosts",
	    "all", NULL };
	struct run_result res;
	struct inv_list	 inv;
	struct strlist	 keep = { NULL, 0 };
	size_t		 i;
	int		 rc = -1;

	memset(l, 0, sizeof *l);
	memset(&inv, 0, sizeof inv);
	if (*path == '-' || *path == '\0')
		return set_cause(cause, "--inventory: a path that begins with '-' is refused");
	if (limit != NULL && (*limit == '-' || *limit == '\0'))
		return set_cause(cause, "--limit: a pattern that begins with '-' is refused");
	if (run_ansible(inv_argv, timeout_ms, &res, cause) != 0)
		return -1;
	rc = inventory_parse(res.out, res.out_len, &inv, cause);
	run_free(&res);
	if (rc != 0)
		return -1;
	rc = -1;
	if (limit != NULL) {
		if (run_ansible(lim_argv, timeout_ms, &res, cause) != 0)
			goto out;
		if (inventory_parse_list_hosts(res.out, &keep) != 0) {
			set_cause(cause, "ansible --list-hosts printed no host list");
			run_free(&res);
			goto out;
		}
		run_free(&res);
		inventory_filter(&inv, &keep);
	}
	for (i = 0; i < inv.n && l->n < FLEET_HOSTS_MAX; i++) {
		if (inventory_target(&inv.v[i], list_add(l), notes) != 0)
			l->n--;
	}
	if (inv.n > FLEET_HOSTS_MAX)
		strlist_addf(notes, "only the first %d hosts of the inventory", FLEET_HOSTS_MAX);
	if (l->n == 0) {
		set_cause(cause, "ansible-inventory -i %s: no hosts%s", path,
		    limit != NULL ? " match --limit" : "");
		goto out;
	}
	rc = 0;
 out:
	strlist_free(&keep);
	inventory_free(&inv);
	if (rc != 0)
		fleet_list_free(l);
	return rc;
}

/* One line of a file that only an inventory would hold (INI group, key=value, YAML, JSON). */
static int
inventory_line(const char *s)
{
	unsigned char	 a[16];
	char		 inner[256];
	size_t		 n = strlen(s);

	if (*s == '{' || strchr(s, '=') != NULL || (n > 0 && s[n - 1] == ':') ||
	    strncmp(s, "---", 3) == 0)
		return 1;
	if (*s == '[' && n > 2 && s[n - 1] == ']' && n - 2 < sizeof inner) {
		/* "[web]", "[web:vars]"; not "[2001:db8::1]" (an address without a port) */
		memcpy(inner, s + 1, n - 2);
		inner[n - 2] = '\0';
		return inet_pton(AF_INET6, inner, a) != 1;
	}
	return 0;
}

int
fleet_is_inventory(const char *path)
{
	static const char *const exts[] = { ".ini", ".yml", ".yaml", ".json", ".toml", NULL };
	struct stat	 st;
	char		 line[FLEET_LINE_MAX + 2], *s;
	size_t		 n = strlen(path), i;
	FILE		*f;
	int		 rc = 0;

	if (stat(path, &st) != 0)
		return -1;
	if (S_ISDIR(st.st_mode))
		return 1;
	for (i = 0; exts[i] != NULL; i++)
		if (n > strlen(exts[i]) && strcasecmp(path + n - strlen(exts[i]), exts[i]) == 0)
			return 1;
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	for (i = 0; i < 1000 && rc == 0 && fgets(line, sizeof line, f) != NULL; i++) {
		s = line_target(line);
		rc = *s != '\0' && inventory_line(s);
	}
	fclose(f);
	return rc;
}
