/* check-known-hosts.c: what known_hosts holds for the host and port ssh would use (ssh-keygen -F): the "known" side of a host key check. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/check.h"
#include "checks/client/known-hosts.h"
#include "checks/parse/authkeys-parse.h"
#include "checks/parse/keygen-parse.h"
#include "checks/transcript/transcript-phase.h"
#include "lib/runner.h"
#include "lib/sanitize.h"
#include "checks/client/sshconf.h"
#include "checks/client/sshpath.h"
#include "lib/xmalloc.h"

#define KH_FILES_MAX	16
#define KH_ENTRIES_MAX	200
#define KH_OUTPUT_MAX	(256 * 1024)

static void
kh_free(void *p)
{
	struct known_hosts	*kh = p;
	size_t			 i;

	for (i = 0; i < kh->n; i++) {
		free(kh->v[i].file);
		free(kh->v[i].type);
		free(kh->v[i].fp);
	}
	free(kh->v);
	free(kh->name);
	free(kh);
}

/*
 * The name ssh looks up (sshconnect.c get_hostfile_hostname_ipaddr):
 * HostKeyAlias as is, else the host, as "[host]:port" unless the port is 22.
 * NULL if it could not be a host name at all.
 */
static char *
lookup_name(struct check_ctx *ctx)
{
	const struct sshconf_pair *pair;
	const char	*host, *alias = NULL;
	char		*name, *p;
	int		 port, aliased = 0;

	sshconf_effective(ctx, &host, &port);
	if ((pair = sshconf_pair_dep(ctx)) != NULL)
		alias = sshconf_get(&pair->user, "hostkeyalias");
	if (alias != NULL && *alias != '\0' && strcasecmp(alias, "none") != 0) {
		name = xstrdup(alias);
		aliased = 1;
	} else if (port == 22)
		name = xstrdup(host);
	else
		xasprintf(&name, "[%s]:%d", host, port);
	/* ssh lowercases the host before it looks it up (ssh -G shows it so) */
	if (!aliased) {
		for (p = name; *p != '\0'; p++)
			*p = tolower((unsigned char)*p);
	}
	if (*name == '\0' || strlen(name) > 1024)
		goto bad;
	for (p = name; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			goto bad;
	}
	return name;
bad:
	free(name);
	return NULL;
}

/* ssh-keygen [-l] -F name -f file. */
static int
keygen(struct check_ctx *ctx, int fingerprint, const char *name, const char *file,
    struct run_result *rr, char **cause)
{
	const char	*argv[8];
	struct run_opts	 ro;
	size_t		 n = 0;

	argv[n++] = "ssh-keygen";
	if (fingerprint)
		argv[n++] = "-l";
	argv[n++] = "-F";
	argv[n++] = name;	/* an option argument: never read as an option */
	argv[n++] = "-f";
	argv[n++] = file;
	argv[n] = NULL;
	memset(&ro, 0, sizeof ro);
	ro.timeout_ms = check_remaining_ms(ctx);
	ro.max_output = KH_OUTPUT_MAX;
	if (ro.timeout_ms == 0)
		return set_cause(cause, "out of time");
	return run_command(argv, &ro, rr, cause);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/*
 * With -l, one entry per match with its type and fingerprint; without it,
 * the lines themselves, for markers and hashed names of the entries found.
 */
static void
parse_output(struct known_hosts *kh, const char *file, const struct run_result *rr,
    int fingerprint)
{
	struct keygen_matches	 m;
	const struct keygen_entry *me;
	struct kh_entry		*e;
	const char		*name;
	size_t			 i, j;

	keygen_parse(rr->out, rr->out_len, &m);
	for (i = 0; i < m.n; i++) {
		me = &m.v[i];
		if (fingerprint) {
			if (kh->n >= KH_ENTRIES_MAX)
				break;
			kh->v = xreallocarray(kh->v, kh->n + 1, sizeof *kh->v);
			e = &kh->v[kh->n++];
			memset(e, 0, sizeof *e);
			e->file = xstrdup(file);
			e->line = me->line;
			e->marker = (enum kh_marker)me->marker;
			e->type = me->nword > 1 ? dup_or_null(me->word[1]) : NULL;
			e->fp = me->nword > 2 ? dup_or_null(me->word[2]) : NULL;
			continue;
		}
		if (me->nword == 0)
			continue;
		for (e = NULL, j = 0; j < kh->n; j++) {
			if (kh->v[j].line == me->line && strcmp(kh->v[j].file, file) == 0)
				e = &kh->v[j];
		}
		if (e == NULL)
			continue;
		/* the raw line: [@marker] hosts keytype key [comment] */
		if (strcmp(me->word[0], "@revoked") == 0 ||
		    strcmp(me->word[0], "@cert-authority") == 0)
			e->marker = (enum kh_marker)me->marker;
		name = *me->word[0] == '@' ? me->word[1] : me->word[0];
		e->hashed = name != NULL && strncmp(name, "|1|", 3) == 0;
	}
	keygen_matches_free(&m);
}

/*
 * The entries of ssh-keygen -F's output (the lines themselves), each with its
 * type and fingerprint computed here as ssh-keygen -l prints them: one
 * command per file instead of two. -1 (nothing added) when a line holds a
 * key this cannot name or hash: the caller then asks ssh-keygen -l.
 */
static int
parse_plain(struct known_hosts *kh, const char *file, const struct run_result *rr)
{
	struct keygen_matches	 m;
	const struct keygen_entry *me;
	struct kh_entry		*e;
	const char		*type;
	char			*line, fp[AUTHKEYS_FP_LEN + 1];
	size_t			 i, k, before = kh->n;
	int			 rc = 0;

	keygen_parse(rr->out, rr->out_len, &m);
	for (i = 0; i < m.n && rc == 0; i++) {
		me = &m.v[i];
		if (kh->n >= KH_ENTRIES_MAX)
			break;
		/* [@marker] hosts keytype key [comment] */
		k = me->nword > 0 && *me->word[0] == '@' ? 2 : 1;
		if (k + 1 >= me->nword ||
		    (type = keygen_short_type(me->word[k])) == NULL) {
			rc = -1;
			break;
		}
		xasprintf(&line, "%s %s", me->word[k], me->word[k + 1]);
		if (authkeys_pub_fingerprint(line, strlen(line), fp, NULL, 0) != 0 ||
		    *fp == '\0')
			rc = -1;
		free(line);
		if (rc != 0)
			break;
		kh->v = xreallocarray(kh->v, kh->n + 1, sizeof *kh->v);
		e = &kh->v[kh->n++];
		memset(e, 0, sizeof *e);
		e->file = xstrdup(file);
		e->line = me->line;
		e->marker = (enum kh_marker)me->marker;
		e->type = xstrdup(type);
		e->fp = xstrdup(fp);
		e->hashed = strncmp(me->word[k - 1], "|1|", 3) == 0;
	}
	keygen_matches_free(&m);
	if (rc != 0) {
		while (kh->n > before) {
			e = &kh->v[--kh->n];
			free(e->file);
			free(e->type);
			free(e->fp);
		}
	}
	return rc;
}

static const char *
or_unknown(const char *s)
{
	return s != NULL ? s : "?";
}

/* First line of stderr, for evidence. */
static char *
first_line(const char *s)
{
	const char	*nl = strchr(s, '\n');

	return sanitize(s, nl ? (size_t)(nl - s) : strlen(s), 300);
}

static void
add_files(struct strlist *files, const char *list, const char *home)
{
	struct sshpath_env	 env;
	char			*copy, *w, *save = NULL, *path;
	size_t			 i;
	int			 dup;

	if (list == NULL)
		return;
	copy = xstrdup(list);
	for (w = strtok_r(copy, " ", &save); w != NULL && files->n < KH_FILES_MAX;
	    w = strtok_r(NULL, " ", &save)) {
		if (strcasecmp(w, "none") == 0)
			continue;
		/* ssh -G expands these already; the fallback list carries ~ */
		memset(&env, 0, sizeof env);
		env.home = home;
		env.uid = (unsigned long)getuid();
		path = sshpath_expand_or_copy(w, &env);
		for (dup = 0, i = 0; i < files->n; i++)
			dup |= strcmp(files->v[i], path) == 0;
		if (!dup)
			strlist_add(files, path);
		free(path);
	}
	free(copy);
}

/*
 * ssh refuses an unknown host instead of asking when StrictHostKeyChecking
 * is yes, or when BatchMode is yes (it cannot ask) and checking is not off.
 */
static int
refuses_unknown(const struct sshconf *conf, const char **why)
{
	const char	*strict, *batch;

	if (conf == NULL)
		return 0;
	strict = sshconf_get(conf, "stricthostkeychecking");
	batch = sshconf_get(conf, "batchmode");
	if (strict != NULL && (strcmp(strict, "true") == 0 || strcmp(strict, "yes") == 0)) {
		*why = "StrictHostKeyChecking yes";
		return 1;
	}
	if (strict != NULL && (strcmp(strict, "false") == 0 || strcmp(strict, "no") == 0 ||
	    strcmp(strict, "off") == 0 || strcmp(strict, "accept-new") == 0))
		return 0;
	if (batch != NULL && (strcmp(batch, "yes") == 0 || strcmp(batch, "true") == 0)) {
		*why = "BatchMode yes";
		return 1;
	}
	return 0;
}

static void
known_hosts_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct sshconf_pair *pair;
	const struct sshconf	*conf = NULL;
	struct known_hosts	*kh;
	struct strlist		 files = { NULL, 0 }, notes = { NULL, 0 };
	struct run_result	 rr, lr;
	struct stat		 st;
	const struct transcript	*t;
	const char		*home = getenv("HOME"), *strict, *why = NULL;
	char			*name, *cause = NULL, *line, how[64];
	size_t			 i, before, revoked = 0;
	int			 existing = 0, readable = 0;

	if (ctx->opt->host == NULL) {
		check_set(res, CHECK_SKIP, "skipped", "no target host");
		return;
	}
	if ((name = lookup_name(ctx)) == NULL) {
		check_set(res, CHECK_SKIP, "skipped", "the host name cannot appear in known_hosts");
		return;
	}
	if ((pair = sshconf_pair_dep(ctx)) != NULL)
		conf = &pair->user;
	if (conf != NULL) {
		add_files(&files, sshconf_get(conf, "userknownhostsfile"), home);
		add_files(&files, sshconf_get(conf, "globalknownhostsfile"), home);
	} else {
		strlist_add(&notes, "ssh -G gave no configuration: looked in OpenSSH's default "
		    "known_hosts files");
		add_files(&files, "~/.ssh/known_hosts ~/.ssh/known_hosts2 "
		    "/etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2", home);
	}

	kh = xcalloc(1, sizeof *kh);
	kh->name = xstrdup(name);
	check_fact(res, "known_hosts_entry", "%s", name);
	for (i = 0; i < files.n; i++) {
		if (stat(files.v[i], &st) == -1) {
			if (errno == ENOENT)
				strlist_addf(&notes, "%s: not present", files.v[i]);
			else
				strlist_addf(&notes, "%s: %s", files.v[i], strerror(errno));
			continue;
		}
		if (!S_ISREG(st.st_mode)) {
			strlist_addf(&notes, "%s: not a regular file", files.v[i]);
			continue;
		}
		existing++;
		if (keygen(ctx, 0, name, files.v[i], &rr, &cause) != 0) {
			strlist_addf(&notes, "%s: cannot run ssh-keygen: %s", files.v[i], cause);
			free(cause);
			cause = NULL;
			continue;
		}
		if (rr.not_found) {
			run_free(&rr);
			kh_free(kh);
			check_set(res, CHECK_SKIP, "skipped",
			    "no ssh-keygen on this machine: known_hosts cannot be searched");
			goto out;
		}
		if (!rr.exited || (rr.status != 0 && rr.status != 1)) {
			line = first_line(rr.err);
			strlist_addf(&notes, "%s: ssh-keygen -F: %s: %s", files.v[i],
			    run_describe(&rr, how, sizeof how), line);
			free(line);
			run_free(&rr);
			continue;
		}
		readable++;
		before = kh->n;
		if (rr.status == 0 && parse_plain(kh, files.v[i], &rr) != 0) {
			/* a key type named here by ssh-keygen -l only; markers from these lines */
			if (keygen(ctx, 1, name, files.v[i], &lr, NULL) == 0) {
				if (lr.exited && lr.status == 0)
					parse_output(kh, files.v[i], &lr, 1);
				run_free(&lr);
			}
			parse_output(kh, files.v[i], &rr, 0);
		}
		run_free(&rr);
		if (kh->n == before)
			strlist_addf(&notes, "%s: no entry for %s", files.v[i], name);
	}

	if (kh->n > 0) {
		check_set(res, CHECK_PASS, "found", "known_hosts holds %zu key%s for %s; "
		    "the first: %s %s (%s line %lu)", kh->n, kh->n == 1 ? "" : "s", name,
		    or_unknown(kh->v[0].type), or_unknown(kh->v[0].fp), kh->v[0].file,
		    kh->v[0].line);
		for (i = 0; i < kh->n; i++) {
			const struct kh_entry *e = &kh->v[i];

			if (e->marker == KH_REVOKED)
				revoked++;
			check_evidence(res, "%s:%lu: %s%s %s%s%s", e->file, e->line,
			    e->marker == KH_REVOKED ? "@revoked " :
			    e->marker == KH_CA ? "@cert-authority " : "",
			    or_unknown(e->type), or_unknown(e->fp),
			    e->hashed ? " (hashed host name)" : "",
			    e->marker == KH_REVOKED ? ": ssh refuses this key" :
			    e->marker == KH_CA ? ": a CA key; ssh trusts host certificates it "
			    "signed" : "");
		}
		check_fact(res, "known_hosts_file", "%s", kh->v[0].file);
		check_fact(res, "known_hosts_line", "%lu", kh->v[0].line);
		if (revoked == kh->n)
			check_evidence(res, "every key known for %s is revoked: ssh accepts none "
			    "of them", name);
	} else if (existing == 0) {
		check_set(res, CHECK_PASS, "no-file", "no known_hosts file exists: ssh has "
		    "stored no host key yet and treats %s as a first connection", name);
	} else if (readable == 0) {
		check_set(res, CHECK_ERROR, "error", "no known_hosts file could be searched "
		    "for %s", name);
	} else {
		check_set(res, CHECK_PASS, "not-found", "no known_hosts entry for %s: a first "
		    "connection, where ssh asks you to confirm the server's fingerprint", name);
	}
	if (kh->n == 0 && conf != NULL &&
	    (strict = sshconf_get(conf, "stricthostkeychecking")) != NULL &&
	    (strcmp(strict, "true") == 0 || strcmp(strict, "yes") == 0))
		check_evidence(res, "StrictHostKeyChecking is yes: ssh refuses a host it does "
		    "not know instead of asking");
	if (kh->n == 0 && readable == existing && refuses_unknown(conf, &why)) {
		/*
		 * The person's attempt stopped before host key verification: this
		 * is the next failure, not the one they see now.
		 */
		if ((t = transcript_dep(ctx)) != NULL && t->phase < PHASE_HOSTKEY &&
		    t->seen[TR_AUTHENTICATED].line == 0)
			check_set(res, CHECK_WARN, "unknown-later", "no known_hosts entry "
			    "for %s, and ssh may not ask (%s): once your attempt gets past "
			    "its %s failure, it will stop at \"Host key verification "
			    "failed.\"", name, why, tr_phase_name(t->phase));
		else
			check_set(res, CHECK_FAIL, "unknown-refused", "no known_hosts entry "
			    "for %s, and ssh may not ask (%s): it fails with \"Host key "
			    "verification failed.\"", name, why);
	}
	for (i = 0; i < notes.n; i++)
		check_evidence(res, "%s", notes.v[i]);
	if (res->outcome != NULL && (strcmp(res->outcome, "found") == 0 ||
	    strcmp(res->outcome, "not-found") == 0 ||
	    strcmp(res->outcome, "unknown-refused") == 0 ||
	    strcmp(res->outcome, "unknown-later") == 0)) {
		res->data = kh;
		res->data_free = kh_free;
	} else
		kh_free(kh);
out:
	strlist_free(&files);
	strlist_free(&notes);
	free(name);
}

/* The transcript only tells whether the attempt got as far as the host key. */
static const char *const known_hosts_needs[] = { "ssh-config", "transcript", NULL };
static const struct check_need known_hosts_data[] = {
	{ "ssh-config", NEED_OPTIONAL, NULL },
	/* read last: ssh-keygen -F runs beside the attempt */
	{ "transcript", NEED_LATE, NULL },
	{ NULL, 0, NULL }
};
static const char *const known_hosts_outcomes[] = {
	"found", "not-found", "no-file", "unknown-refused", "unknown-later", "skipped",
	"error", NULL
};

static const char *const known_hosts_facts[] = {
	"known_hosts_file", "known_hosts_line", "known_hosts_entry", NULL
};

const struct check_entry check_known_hosts_entry = {
	.id = "known-hosts",
	.title = "Host keys in known_hosts",
	.needs = known_hosts_needs,
	.data = known_hosts_data,
	.outcomes = known_hosts_outcomes,
	.exec = known_hosts_exec,
	.facts = known_hosts_facts,
};
