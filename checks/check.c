/* check.c: helpers every check uses to fill its result. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"

static const char *const status_names[] = {
	[CHECK_PASS] = "pass",
	[CHECK_FAIL] = "fail",
	[CHECK_WARN] = "warn",
	[CHECK_SKIP] = "skip",
	[CHECK_ERROR] = "error",
};

const char *
check_status_name(enum check_status st)
{
	if ((size_t)st >= sizeof status_names / sizeof status_names[0])
		return "error";
	return status_names[st];
}

/* A formatted line, sanitized and bounded. */
static char *
clean_vformat(size_t max, const char *fmt, va_list ap)
{
	char	*s, *clean;

	xvasprintf(&s, fmt, ap);
	clean = sanitize_str(s, max);
	free(s);
	return clean;
}

void
check_set(struct check_result *res, enum check_status st, const char *outcome,
    const char *fmt, ...)
{
	va_list	 ap;

	free(res->summary);
	va_start(ap, fmt);
	res->summary = clean_vformat(SANITIZE_LINE_MAX, fmt, ap);
	va_end(ap);
	res->status = st;
	res->outcome = outcome;
}

void
check_evidence(struct check_result *res, const char *fmt, ...)
{
	va_list	 ap;
	char	*clean;

	if (res->evidence.n >= CHECK_EVIDENCE_MAX)
		return;
	va_start(ap, fmt);
	clean = clean_vformat(SANITIZE_LINE_MAX, fmt, ap);
	va_end(ap);
	strlist_add(&res->evidence, clean);
	free(clean);
}

static void
check_facts_free(struct check_result *res)
{
	size_t	 i;

	if (res->facts == NULL)
		return;
	for (i = 0; i < res->facts->n; i++)
		free(res->facts->v[i].value);
	free(res->facts);
	res->facts = NULL;
}

void
check_result_free(struct check_result *res)
{
	free(res->summary);
	strlist_free(&res->evidence);
	check_facts_free(res);
	if (res->data != NULL && res->data_free != NULL)
		res->data_free(res->data);
	memset(res, 0, sizeof *res);
}

int
check_has_outcome(const struct check_entry *e, const char *outcome)
{
	size_t	 i;

	for (i = 0; e->outcomes[i] != NULL; i++) {
		if (strcmp(e->outcomes[i], outcome) == 0)
			return 1;
	}
	return 0;
}

const struct check_entry *
check_find(const char *id)
{
	size_t	 i;

	for (i = 0; check_table[i] != NULL; i++) {
		if (strcmp(check_table[i]->id, id) == 0)
			return check_table[i];
	}
	return NULL;
}

int
check_remaining_ms(const struct check_ctx *ctx)
{
	int64_t	 left = ctx->deadline_ms - now_ms();

	if (left < 0)
		return 0;
	return left > 0x7fffffff ? 0x7fffffff : (int)left;
}

const struct check_need *
check_need_find(const struct check_entry *e, const char *id)
{
	size_t	 i;

	for (i = 0; e->data != NULL && e->data[i].id != NULL; i++) {
		if (strcmp(e->data[i].id, id) == 0)
			return &e->data[i];
	}
	return NULL;
}

/* The one vocabulary of fact names: articles may use exactly these as placeholders. */
const char *const check_fact_names[] = {
	"key_file",		/* a client private key */
	"key_mode",		/* its mode, "0644" */
	"ssh_dir",		/* ~/.ssh as expanded */
	"known_hosts_file",	/* a known_hosts file */
	"known_hosts_line",	/* a line number in it */
	"known_hosts_entry",	/* the name an entry is stored under: host or [host]:port */
	"hostkey_path",		/* a server host key */
	"hostkey_mode",		/* its mode */
	"jail",			/* a fail2ban jail */
	"client_ip",		/* the client's address as the server sees it */
	"ban_entry",		/* the address or network a ban names */
	"directive",		/* a configuration directive */
	"config_file",		/* a configuration file */
	"config_line",		/* a line number in it */
	"host",			/* the host as typed */
	"hostname",		/* the host to connect to instead */
	"port",			/* a TCP port */
	"user",			/* a user name */
	"interface",		/* a network interface */
	"route_mtu",		/* the MTU of the route */
	"fw_chain",		/* the firewall chain whose rule decided */
	"fw_rule",		/* that rule as the firewall tool prints it */
	"algorithm",		/* an algorithm name both sides can speak */
	"pubkey_file",		/* a public key file the person gave (--key FILE) */
	"privsep_dir",		/* sshd's privilege separation directory */
	"sshd_version",		/* the software of this machine's sshd, "OpenSSH_9.2p1" */
	NULL
};

/* The vocabulary's own copy of name, or NULL. */
static const char *
fact_name(const char *name)
{
	size_t	 i;

	for (i = 0; check_fact_names[i] != NULL; i++) {
		if (strcmp(check_fact_names[i], name) == 0)
			return check_fact_names[i];
	}
	return NULL;
}

int
check_fact_known(const char *name)
{
	return fact_name(name) != NULL;
}

void
check_fact(struct check_result *res, const char *name, const char *fmt, ...)
{
	struct check_fact	*f = NULL;
	va_list			 ap;
	size_t			 i;

	/* The vocabulary's static copy, whatever storage the caller passed. */
	if ((name = fact_name(name)) == NULL)
		return;
	if (res->facts == NULL)
		res->facts = xcalloc(1, sizeof *res->facts);
	for (i = 0; i < res->facts->n && f == NULL; i++) {
		if (strcmp(res->facts->v[i].name, name) == 0)
			f = &res->facts->v[i];
	}
	if (f == NULL) {
		if (res->facts->n >= CHECK_FACTS_MAX)
			return;
		f = &res->facts->v[res->facts->n++];
		f->name = name;
		f->value = NULL;
	}
	free(f->value);
	va_start(ap, fmt);
	f->value = clean_vformat(CHECK_FACT_VALUE_MAX, fmt, ap);
	va_end(ap);
}

const char *
check_fact_get(const struct check_result *res, const char *name)
{
	size_t	 i;

	for (i = 0; res->facts != NULL && i < res->facts->n; i++) {
		if (strcmp(res->facts->v[i].name, name) == 0)
			return res->facts->v[i].value;
	}
	return NULL;
}

int
check_declares_fact(const struct check_entry *e, const char *name)
{
	size_t	 i;

	for (i = 0; e->facts != NULL && e->facts[i] != NULL; i++) {
		if (strcmp(e->facts[i], name) == 0)
			return 1;
	}
	return 0;
}

void
check_fact_location(struct check_result *res, const char *where)
{
	const char	*end = strstr(where, ": "), *colon = NULL, *p;
	int		 line;

	for (p = where; end != NULL && p < end; p++) {
		if (*p == ':')
			colon = p;
	}
	if (colon == NULL || (line = atoi(colon + 1)) <= 0)
		return;
	check_fact(res, "config_file", "%.*s", (int)(colon - where), where);
	check_fact(res, "config_line", "%d", line);
}
