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

void
check_set(struct check_result *res, enum check_status st, const char *outcome,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	free(res->summary);
	res->summary = sanitize_str(s, SANITIZE_LINE_MAX);
	free(s);
	res->status = st;
	res->outcome = outcome;
}

void
check_evidence(struct check_result *res, const char *fmt, ...)
{
	va_list	 ap;
	char	*s, *clean;

	if (res->evidence.n >= CHECK_EVIDENCE_MAX)
		return;
	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	clean = sanitize_str(s, SANITIZE_LINE_MAX);
	strlist_add(&res->evidence, clean);
	free(clean);
	free(s);
}

void
check_result_free(struct check_result *res)
{
	free(res->summary);
	strlist_free(&res->evidence);
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
