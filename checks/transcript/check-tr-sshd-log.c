/* check-tr-sshd-log.c: server text in a pasted block (journal, auth.log, sshd -D -e, systemctl status, fail2ban.log, kern.log) read by the same catalog as sshd-logs. */
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "checks/parse/sshdlog-parse.h"
#include "checks/transcript/transcript-phase.h"
#include "lib/xmalloc.h"

/* The outcome of a category in a pasted block: every line there is about the failure. */
static const char *
outcome_of(enum sshdlog_cat c)
{
	switch (c) {
	case SSHDLOG_NONE:
	case SSHDLOG_BANNER:
	case SSHDLOG_NCATS:
		return "clean";
	case SSHDLOG_MAXSTARTUPS:
	case SSHDLOG_PERSOURCE:
	case SSHDLOG_PENALTY:
	case SSHDLOG_HOSTKEY_MISSING:
	case SSHDLOG_HOSTKEY_PERMS:
	case SSHDLOG_OPENSSL:
	case SSHDLOG_RESOURCE:
	case SSHDLOG_TCPWRAP:
	case SSHDLOG_AUTHKEYS:
	case SSHDLOG_MAXSESSIONS:
	case SSHDLOG_SELINUX:
	case SSHDLOG_APPARMOR:
		return sshdlog_cat_name(c);
	default:
		return sshdlog_auth_outcome(c);
	}
}

/* What the lines of a category say (the authentication table has the rest). */
static const char *
summary_of(enum sshdlog_cat c)
{
	switch (c) {
	case SSHDLOG_MAXSTARTUPS:
		return "sshd dropped connections past MaxStartups";
	case SSHDLOG_PERSOURCE:
		return "sshd dropped connections past PerSourceMaxStartups";
	case SSHDLOG_PENALTY:
		return "sshd refused a penalised address (PerSourcePenalties)";
	case SSHDLOG_HOSTKEY_MISSING:
		return "sshd could not load a host key";
	case SSHDLOG_HOSTKEY_PERMS:
		return "sshd refused a host key whose permissions are too open";
	case SSHDLOG_OPENSSL:
		return "sshd logged an OpenSSL version mismatch (libraries upgraded under it)";
	case SSHDLOG_RESOURCE:
		return "sshd could not fork, accept or allocate";
	case SSHDLOG_TCPWRAP:
		return "TCP wrappers (/etc/hosts.deny) refused the connection";
	case SSHDLOG_AUTHKEYS:
		return "sshd ignored authorized_keys: bad ownership or modes (StrictModes)";
	case SSHDLOG_MAXSESSIONS:
		return "sshd refused a session past MaxSessions";
	case SSHDLOG_SELINUX:
		return "SELinux denied sshd";
	case SSHDLOG_APPARMOR:
		return "AppArmor denied sshd";
	default:
		return sshdlog_auth_summary(c);
	}
}

/* ssh's and sshd's debug lines ("debug1: ...") say nothing the catalog decides on. */
static int
is_debug(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	return n >= 5 && memcmp(p, "debug", 5) == 0;
}

static void
tr_sshd_log_exec(struct check_ctx *ctx, struct check_result *res)
{
	const struct transcript *t = transcript_dep(ctx);
	struct sshdlog_scan	*s;
	const struct sshdlog_tally *tl;
	enum sshdlog_cat	 pick;
	const char		*p, *end, *nl;
	size_t			 i, n;
	int			 for_client;

	if (t == NULL || t->raw == NULL) {
		check_set(res, CHECK_SKIP, "skipped", "no text to read");
		return;
	}
	s = xcalloc(1, sizeof *s);
	sshdlog_scan_init(s);
	s->pasted = 1;
	p = t->raw;
	end = t->raw + t->raw_len;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > SSHDLOG_LINE_MAX)
			n = SSHDLOG_LINE_MAX;
		if (!is_debug(p, n))
			sshdlog_scan_line(s, p, n);
		p = nl != NULL ? nl + 1 : end;
	}
	pick = sshdlog_pick(s, &for_client);
	if (pick == SSHDLOG_NONE) {
		check_set(res, CHECK_PASS, "clean", "no sshd log line or service state that explains "
		    "a failure (%lu lines read)", s->lines);
		goto out;
	}
	tl = &s->cat[pick];
	/* these causes are the server's: the person should know the words came from its log */
	check_set(res, CHECK_FAIL, outcome_of(pick), "from the server's log you pasted: %s "
	    "(%lu line%s)", summary_of(pick), tl->lines, tl->lines == 1 ? "" : "s");
	for (i = 0; i < tl->ncfirst; i++)
		check_evidence(res, "log: %s", tl->cfirst[i]);
	for (i = 0; i < tl->nforms; i++)
		check_evidence(res, "form: %s", tl->forms[i]);
	for (i = 1; i < SSHDLOG_NCATS; i++) {
		if (i == (size_t)pick || s->cat[i].lines == 0 || i == SSHDLOG_BANNER)
			continue;
		check_evidence(res, "also: %lu %s line%s, e.g. %s", s->cat[i].lines,
		    sshdlog_cat_name((enum sshdlog_cat)i), s->cat[i].lines == 1 ? "" : "s",
		    s->cat[i].first[0]);
	}
out:
	sshdlog_scan_free(s);
	free(s);
}

static const char *const tr_sshd_log_needs[] = { "transcript", NULL };
static const char *const tr_sshd_log_outcomes[] = {
	"maxstartups", "persource-maxstartups", "penalty", "hostkey-missing",
	"hostkey-permissions", "openssl-mismatch", "resource", "tcp-wrappers",
	"authorized-keys", "maxsessions", "selinux", "apparmor",
	SSHDLOG_AUTH_OUTCOMES, SSHDLOG_GUARD_OUTCOMES,
	"clean", "skipped", "error", NULL
};

const struct check_entry check_tr_sshd_log_entry = {
	.id = "tr-sshd-log",
	.title = "sshd's log lines in the text",
	.needs = tr_sshd_log_needs,
	.outcomes = tr_sshd_log_outcomes,
	.exec = tr_sshd_log_exec,
	.data = tr_phase_needs,
};
