/* check-sshd-config.c: sshd -t and sshd -T on the configuration: errors with file and line, and the values other checks need. */
#include <sys/stat.h>

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "lib/runner.h"
#include "checks/server/server.h"
#include "checks/parse/sshd-parse.h"
#include "checks/parse/sshdconf-parse.h"
#include "lib/xmalloc.h"

#define CONFIG_OUTPUT_MAX	(256 * 1024)
#define CONFIG_LINES_SHOWN	12	/* error lines quoted as evidence */

/* sshd refuses to run from a relative path: look where packages put it. */
static const char *const sshd_paths[] = {
	"/usr/sbin/sshd", "/usr/local/sbin/sshd", "/sbin/sshd", "/usr/bin/sshd", NULL
};

/* The -T values a person (and the other checks) look at first. */
static const char *const shown_keys[] = {
	"port", "listenaddress", "maxstartups", "persourcemaxstartups",
	"persourcepenalties", "maxauthtries", "maxsessions", "logingracetime",
	"hostkey", "usepam", "strictmodes", "authorizedkeysfile", NULL
};

/* What one sshd -t run said, sorted by kind. */
struct verdict {
	struct strlist	 errors;	/* configuration errors, "FILE: line N: text" */
	struct strlist	 deprecated;	/* deprecated or unsupported options */
	struct strlist	 other;		/* lines not recognised */
	int		 terminating;	/* "terminating, N bad configuration options" */
	char		*bad_file;	/* the file of the first located error (a fix's facts) */
	long		 bad_line;	/* its line */
	int		 nbad;		/* errors with a file and a line */
	char		*dep_file;	/* the file of the first deprecated option */
	long		 dep_line;	/* its line */
};

/* One located line as facts, when it is the only one: a fix may then comment it out. */
static void
line_facts(struct check_result *res, const char *file, long line, size_t n)
{
	if (file != NULL && line > 0 && n == 1) {
		check_fact(res, "config_file", "%s", file);
		check_fact(res, "config_line", "%ld", line);
	}
}

static void
facts_free(void *p)
{
	struct sshd_config_facts *f = p;

	free(f->sshd);
	free(f->config);
	sshconf_free(&f->conf);
	strlist_free(&f->hostkey_lines);
	strlist_free(&f->unloadable);
	free(f->privsep_line);
	free(f->privsep_dir);
	free(f);
}

const char *
sshd_facts_get(const struct sshd_config_facts *f, const char *keyword)
{
	if (f == NULL || !f->have_conf)
		return NULL;
	return sshconf_get(&f->conf, keyword);
}

static int
executable(const char *path)
{
	struct stat	 st;

	return path != NULL && path[0] == '/' && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* The binary of the sshd that runs with this configuration, else the installed one. */
static char *
find_sshd(struct check_ctx *ctx)
{
	const struct sshd_service *svc = sshd_service_dep(ctx);
	size_t		 i;

	for (i = 0; svc != NULL && i < svc->nprocs; i++) {
		if (svc->procs[i].ours && executable(svc->procs[i].exe))
			return xstrdup(svc->procs[i].exe);
	}
	for (i = 0; sshd_paths[i] != NULL; i++) {
		if (executable(sshd_paths[i]))
			return xstrdup(sshd_paths[i]);
	}
	return NULL;
}

static int
run_sshd(struct check_ctx *ctx, const char *const *argv, struct run_result *rr, char **cause)
{
	struct run_opts	 ro;
	int		 left = check_remaining_ms(ctx);

	if (left == 0)
		return set_cause(cause, "no time left before the deadline");
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = left;
	ro.max_output = CONFIG_OUTPUT_MAX;
	return run_command(argv, &ro, rr, cause);
}

/* Sort sshd's lines; host key and privsep facts go to f for the checks that need them. */
static void
read_lines(const char *out, struct verdict *v, struct sshd_config_facts *f)
{
	struct sshd_msg	 m;
	const char	*p = out, *nl;
	char		*line;
	size_t		 len;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		line = xstrndup(p, len);
		p = nl ? nl + 1 : p + len;
		if (len == 0 || strspn(line, " \t\r") == len) {
			free(line);
			continue;
		}
		switch (sshd_msg_parse(line, &m)) {
		case SSHD_MSG_CONFIG:
			if (m.file != NULL && m.line > 0) {
				strlist_addf(&v->errors, "%s: line %ld: %s", m.file, m.line, m.text);
				if (v->nbad++ == 0) {
					v->bad_file = xstrdup(m.file);
					v->bad_line = m.line;
				}
			}
			else if (m.file != NULL)
				strlist_addf(&v->errors, "%s: %s", m.file, m.text);
			else
				strlist_add(&v->errors, m.text);
			break;
		case SSHD_MSG_TERMINATING:
			v->terminating = 1;
			strlist_addf(&v->errors, "%s: %s", m.file, m.text);
			break;
		case SSHD_MSG_DEPRECATED:
			strlist_addf(&v->deprecated, "%s: line %ld: %s", m.file, m.line, m.text);
			if (v->dep_file == NULL && m.file != NULL && m.line > 0) {
				v->dep_file = xstrdup(m.file);
				v->dep_line = m.line;
			}
			break;
		case SSHD_MSG_HOSTKEY:
		case SSHD_MSG_HOSTKEY_PERMS:
			strlist_add(&f->hostkey_lines, m.text);
			if (m.file != NULL)
				strlist_add(&f->unloadable, m.file);
			break;
		case SSHD_MSG_NO_HOSTKEYS:
			f->no_hostkeys = 1;
			strlist_add(&f->hostkey_lines, m.text);
			break;
		case SSHD_MSG_PRIVSEP:
			if (f->privsep_line == NULL) {
				f->privsep_line = xstrdup(m.text);
				f->privsep_dir = m.file ? xstrdup(m.file) : NULL;
			}
			break;
		case SSHD_MSG_NOISE:
			break;
		case SSHD_MSG_OTHER:
			strlist_add(&v->other, m.text);
			break;
		}
		sshd_msg_free(&m);
		free(line);
	}
}

static void
verdict_free(struct verdict *v)
{
	strlist_free(&v->errors);
	strlist_free(&v->deprecated);
	strlist_free(&v->other);
	free(v->bad_file);
	free(v->dep_file);
}

static void
add_port(struct sshd_config_facts *f, int port)
{
	size_t	 i;

	if (port <= 0 || f->nports >= SERVER_PORTS_MAX)
		return;
	for (i = 0; i < f->nports; i++) {
		if (f->ports[i] == port)
			return;
	}
	f->ports[f->nports++] = port;
}

/* Where sshd listens: listenaddress lines carry the real ports; port lines otherwise. */
static void
record_ports(struct sshd_config_facts *f)
{
	size_t	 i;

	for (i = 0; i < f->conf.keys.n; i++) {
		if (strcmp(f->conf.keys.v[i], "listenaddress") == 0)
			add_port(f, sshd_listen_port(f->conf.values.v[i]));
	}
	for (i = 0; f->nports == 0 && i < f->conf.keys.n; i++) {
		if (strcmp(f->conf.keys.v[i], "port") == 0)
			add_port(f, atoi(f->conf.values.v[i]));
	}
}

/* One evidence line per interesting keyword, repeated keywords joined. */
static void
show_values(struct check_result *res, const struct sshd_config_facts *f)
{
	char	*joined;
	size_t	 i, k;

	for (k = 0; shown_keys[k] != NULL; k++) {
		joined = NULL;
		for (i = 0; i < f->conf.keys.n; i++) {
			char	*tmp;

			if (strcmp(f->conf.keys.v[i], shown_keys[k]) != 0)
				continue;
			xasprintf(&tmp, "%s%s%s", joined ? joined : "", joined ? ", " : "",
			    f->conf.values.v[i]);
			free(joined);
			joined = tmp;
		}
		if (joined != NULL)
			check_evidence(res, "sshd -T: %s %s", shown_keys[k], joined);
		free(joined);
	}
}

/* sshd -T: the effective configuration (for a client's address, when given). */
static void
effective(struct check_ctx *ctx, struct check_result *res, struct sshd_config_facts *f)
{
	const char	*argv[8];
	struct run_result rr;
	char		*spec = NULL, *cause = NULL, how[96];
	size_t		 n = 0;

	argv[n++] = f->sshd;
	argv[n++] = "-T";
	argv[n++] = "-f";
	argv[n++] = f->config;
	if (ctx->opt->client_ip != NULL &&
	    strspn(ctx->opt->client_ip, "0123456789abcdefABCDEF.:%") ==
	    strlen(ctx->opt->client_ip)) {
		/* sshd(8): user, host and addr are all needed for Match to be evaluated. */
		if (ctx->opt->server_port != 0)
			xasprintf(&spec, "user=root,host=%s,addr=%s,lport=%d",
			    ctx->opt->client_ip, ctx->opt->client_ip, ctx->opt->server_port);
		else
			xasprintf(&spec, "user=root,host=%s,addr=%s", ctx->opt->client_ip,
			    ctx->opt->client_ip);
		argv[n++] = "-C";
		argv[n++] = spec;
	}
	argv[n] = NULL;
	if (run_sshd(ctx, argv, &rr, &cause) != 0) {
		check_evidence(res, "sshd -T could not run: %s", cause);
		free(cause);
		free(spec);
		return;
	}
	if (rr.exited && rr.status == 0) {
		sshconf_parse(rr.out, &f->conf);
		f->have_conf = 1;
		record_ports(f);
		if (spec != NULL)
			check_evidence(res, "effective configuration for a connection from %s "
			    "(sshd -T -C %s)", ctx->opt->client_ip, spec);
		show_values(res, f);
	} else {
		check_evidence(res, "sshd -T failed (%s): %.*s", run_describe(&rr, how, sizeof how),
		    (int)strcspn(rr.err, "\n"), rr.err);
	}
	run_free(&rr);
	free(spec);
}

/* One file and what it includes (relative paths are under /etc/ssh, as sshd reads them). */
static void
scan_conf_file(const char *path, struct sshdconf_ports *p, int depth, size_t *files)
{
	glob_t		 g;
	char		*text = NULL, *cause = NULL, *pat;
	size_t		 len, i, k, first = p->includes.n, end;

	if (depth > 4 || *files >= 64 ||
	    read_file_bounded(path, 1024 * 1024, &text, &len, &cause) != 0) {
		free(cause);
		return;
	}
	(*files)++;
	sshdconf_scan(text, len, p);
	free(text);
	/* this file's own Include lines; the included files add theirs past end */
	for (i = first, end = p->includes.n; i < end; i++) {
		if (p->includes.v[i][0] == '/')
			pat = xstrdup(p->includes.v[i]);
		else
			xasprintf(&pat, "/etc/ssh/%s", p->includes.v[i]);
		if (glob(pat, 0, NULL, &g) == 0) {
			for (k = 0; k < g.gl_pathc; k++)
				scan_conf_file(g.gl_pathv[k], p, depth + 1, files);
			globfree(&g);
		}
		free(pat);
	}
}

/*
 * sshd -T stops at a missing privilege separation directory, which is normal while
 * systemd's ssh.service is stopped (RuntimeDirectory): read the ports as written.
 */
static void
ports_as_written(struct check_result *res, struct sshd_config_facts *f)
{
	struct sshdconf_ports	 p;
	int			 ports[SERVER_PORTS_MAX];
	size_t			 n, i, files = 0;

	memset(&p, 0, sizeof p);
	scan_conf_file(f->config, &p, 0, &files);
	if (files == 0) {
		sshdconf_free(&p);
		return;
	}
	n = sshdconf_effective(&p, ports, SERVER_PORTS_MAX);
	for (i = 0; i < n; i++)
		add_port(f, ports[i]);
	f->ports_from_file = 1;
	check_evidence(res, "sshd -T cannot run without its privilege separation directory: "
	    "port%s %d%s read from %s as written (%zu file%s)", f->nports == 1 ? "" : "s",
	    f->nports ? f->ports[0] : 22, f->nports > 1 ? " and more" : "", f->config, files,
	    files == 1 ? "" : "s");
	sshdconf_free(&p);
}

static void
quote(struct check_result *res, const struct strlist *l, const char *prefix)
{
	size_t	 i;

	for (i = 0; i < l->n && i < CONFIG_LINES_SHOWN; i++)
		check_evidence(res, "%s%s", prefix, l->v[i]);
	if (l->n > CONFIG_LINES_SHOWN)
		check_evidence(res, "%zu more lines", l->n - CONFIG_LINES_SHOWN);
}

/*
 * Without root, "no hostkeys available" may only mean "cannot read them":
 * unless every key sshd named is missing or readable to us.
 */
static int
unreadable_keys(const struct sshd_config_facts *f)
{
	size_t	 i;

	if (f->unloadable.n == 0)
		return 1;	/* sshd's default keys: it names none */
	for (i = 0; i < f->unloadable.n; i++) {
		if (access(f->unloadable.v[i], R_OK) != 0 && errno != ENOENT)
			return 1;
	}
	return 0;
}

/* Ubuntu's socket activation: /run/sshd exists only while ssh.service runs. */
static int
socket_artefact(struct check_ctx *ctx, const struct sshd_config_facts *f)
{
	const struct sshd_service *svc = sshd_service_dep(ctx);

	return svc != NULL && svc->socket_active && !svc->service_active &&
	    f->privsep_dir != NULL && strcmp(f->privsep_dir, "/run/sshd") == 0 &&
	    strncmp(f->privsep_line, "Missing", 7) == 0;
}

static void
sshd_config_exec(struct check_ctx *ctx, struct check_result *res)
{
	struct sshd_config_facts *f = xcalloc(1, sizeof *f);
	struct verdict		 v;
	struct run_result	 rr;
	const char		*argv[5];
	const char		*given = ctx->opt->sshd_config;
	char			 real[PATH_MAX], how[96], *cause = NULL;
	struct stat		 st;

	memset(&v, 0, sizeof v);
	res->data = f;
	res->data_free = facts_free;
	f->root = geteuid() == 0;
	if (given != NULL) {
		/* A path from the person: absolute, so it never reads as an option. */
		if (stat(given, &st) != 0 || realpath(given, real) == NULL) {
			check_set(res, CHECK_ERROR, "error", "--sshd-config %s: %s", given,
			    strerror(errno));
			return;
		}
		if (!S_ISREG(st.st_mode)) {
			check_set(res, CHECK_ERROR, "error", "--sshd-config %s: not a regular file",
			    given);
			return;
		}
		f->config = xstrdup(real);
	} else
		f->config = xstrdup(SERVER_DEFAULT_CONFIG);

	if ((f->sshd = find_sshd(ctx)) == NULL) {
		check_set(res, CHECK_FAIL, "no-sshd", "no sshd binary found (looked in "
		    "/usr/sbin, /usr/local/sbin, /sbin, /usr/bin): is openssh-server installed?");
		return;
	}
	argv[0] = f->sshd;
	argv[1] = "-t";
	argv[2] = "-f";
	argv[3] = f->config;
	argv[4] = NULL;
	if (run_sshd(ctx, argv, &rr, &cause) != 0) {
		check_set(res, CHECK_ERROR, "error", "cannot run %s -t: %s", f->sshd, cause);
		free(cause);
		return;
	}
	read_lines(rr.err, &v, f);
	read_lines(rr.out, &v, f);
	check_evidence(res, "%s -t -f %s: %s", f->sshd, f->config,
	    run_describe(&rr, how, sizeof how));

	if (!rr.exited) {
		check_set(res, CHECK_ERROR, "error", "sshd -t did not finish normally (%s)", how);
	} else if (rr.status != 0 && (v.errors.n > 0 || v.terminating)) {
		f->invalid = 1;
		check_set(res, CHECK_FAIL, "invalid", "sshd refuses its configuration: %s%s",
		    v.errors.v[0], v.errors.n > 2 ? " (and more errors)" : "");
		quote(res, &v.errors, "sshd -t: ");
		quote(res, &v.deprecated, "sshd -t: ");
		quote(res, &v.other, "sshd -t: ");
		line_facts(res, v.bad_file, v.bad_line, (size_t)v.nbad);
	} else if (rr.status != 0 && f->no_hostkeys && !f->root && unreadable_keys(f)) {
		f->needs_root = 1;
		check_set(res, CHECK_SKIP, "needs-root", "sshd -t must read the host keys, "
		    "which needs root: run sshdoc --server as root");
		quote(res, &f->hostkey_lines, "sshd -t: ");
	} else if (rr.status != 0 && !f->no_hostkeys && f->privsep_line == NULL) {
		/* sshd said no for a reason this version does not know: trust sshd. */
		f->invalid = 1;
		check_set(res, CHECK_FAIL, "invalid", "sshd -t rejects the configuration: %s",
		    v.other.n > 0 ? v.other.v[0] : how);
		quote(res, &v.other, "sshd -t: ");
	} else {
		/* The options are fine; host keys or the privsep directory may not be. */
		const char *label = v.deprecated.n > 0 ? "deprecated" : "valid";

		if (rr.status != 0 && f->no_hostkeys)
			check_set(res, CHECK_WARN, label, "the options are valid, but sshd cannot "
			    "start: no usable host key (see sshd-hostkeys)");
		else if (rr.status != 0 && socket_artefact(ctx, f))
			check_set(res, v.deprecated.n ? CHECK_WARN : CHECK_PASS, label,
			    "the options are valid (sshd -t's \"%s\" is expected while "
			    "ssh.socket waits and ssh.service is stopped)", f->privsep_line);
		else if (rr.status != 0)
			check_set(res, CHECK_WARN, label, "the options are valid, but sshd cannot "
			    "start: %s (see sshd-privsep)", f->privsep_line);
		else if (v.deprecated.n > 0)
			check_set(res, CHECK_WARN, label, "%s is valid but uses %zu deprecated or "
			    "unsupported option%s (warnings only)", f->config, v.deprecated.n,
			    v.deprecated.n == 1 ? "" : "s");
		else
			check_set(res, CHECK_PASS, label, "sshd accepts %s", f->config);
		quote(res, &v.deprecated, "sshd -t: ");
		line_facts(res, v.dep_file, v.dep_line, v.deprecated.n);
		quote(res, &f->hostkey_lines, "sshd -t: ");
		if (f->privsep_line != NULL)
			check_evidence(res, "sshd -t: %s", f->privsep_line);
		quote(res, &v.other, "sshd -t: ");
		if (rr.status == 0)
			effective(ctx, res, f);
		else if (f->privsep_line != NULL && !f->no_hostkeys)
			ports_as_written(res, f);
	}
	run_free(&rr);
	verdict_free(&v);
}

static const char *const config_needs[] = { "sshd-service", NULL };
static const char *const config_facts[] = { "config_file", "config_line", NULL };
static const char *const config_outcomes[] = {
	"valid", "invalid", "deprecated", "needs-root", "no-sshd", "error", NULL
};

const struct check_entry check_sshd_config_entry = {
	.id = "sshd-config",
	.title = "sshd configuration",
	.needs = config_needs,
	.outcomes = config_outcomes,
	.facts = config_facts,
	.exec = sshd_config_exec,
};
