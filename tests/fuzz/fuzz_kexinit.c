/* fuzz_kexinit.c: the KEXINIT parser gives a clear verdict on any bytes, keeps clean lists, and namelist_has matches exact names only. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/kexinit-parse.h"
#include "lib/sanitize.h"
#include "tests/fuzz/fuzz_common.h"

/* namelist_has the slow way: split at commas, compare whole names. */
static int
has_slow(const char *list, const char *name)
{
	size_t		 n = strlen(name), l;
	const char	*p = list, *c;

	if (n == 0)
		return 0;
	for (;;) {
		c = strchr(p, ',');
		l = c != NULL ? (size_t)(c - p) : strlen(p);
		if (l == n && memcmp(p, name, n) == 0)
			return 1;
		if (c == NULL)
			return 0;
		p = c + 1;
	}
}

static void
check_state(const uint8_t *data, size_t size, struct kexinit *k, size_t *need,
    enum kexinit_state *st)
{
	const char	*why = NULL;
	int		 i;

	*need = 0;
	*st = kexinit_parse(data, size, k, need, &why);
	switch (*st) {
	case KEXINIT_OK:
		FUZZ_CHECK(*need >= 4 + KEXINIT_PACKET_MIN && *need <= size, "OK with need %zu of %zu",
		    *need, size);
		FUZZ_CHECK(k->packet_length + 4 == *need, "packet_length %zu, need %zu",
		    k->packet_length, *need);
		for (i = 0; i < KEXINIT_NLISTS; i++) {
			FUZZ_CHECK(k->lists[i] != NULL, "list %d missing", i);
			FUZZ_CHECK(sanitized_ok(k->lists[i]), "list %d not sanitized", i);
			FUZZ_CHECK(fuzz_unclean(k->lists[i], strlen(k->lists[i])) == NULL,
			    "list %d unclean", i);
			FUZZ_CHECK(strlen(k->lists[i]) <= KEXINIT_LIST_KEEP, "list %d too long", i);
			FUZZ_CHECK((k->names[i] == 0) == (k->lists[i][0] == '\0'),
			    "list %d: %zu names in \"%.40s\"", i, k->names[i], k->lists[i]);
			FUZZ_CHECK(k->names[i] <= *need, "list %d: %zu names", i, k->names[i]);
		}
		FUZZ_CHECK(k->first_kex_follows == 0 || k->first_kex_follows == 1, "follows %d",
		    k->first_kex_follows);
		break;
	case KEXINIT_BAD:
		FUZZ_CHECK(why != NULL && why[0] != '\0', "BAD without a reason");
		for (i = 0; i < KEXINIT_NLISTS; i++)
			FUZZ_CHECK(k->lists[i] == NULL, "BAD kept list %d", i);
		break;
	case KEXINIT_MORE:
		FUZZ_CHECK(*need > size, "MORE with need %zu of %zu", *need, size);
		FUZZ_CHECK(*need <= 4 + KEXINIT_PACKET_MAX, "MORE with need %zu", *need);
		for (i = 0; i < KEXINIT_NLISTS; i++)
			FUZZ_CHECK(k->lists[i] == NULL, "MORE kept list %d", i);
		break;
	default:
		FUZZ_CHECK(0, "state %d", (int)*st);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kexinit		 k, p;
	enum kexinit_state	 st, pst;
	size_t			 need, pneed, cut;
	char			*a, *b, *nul;
	int			 i;

	check_state(data, size, &k, &need, &st);
	if (st == KEXINIT_OK) {
		/* Any shorter prefix waits for more, and says how much. */
		for (cut = 0; cut < need; cut += 1 + cut / 2) {
			check_state(data, cut, &p, &pneed, &pst);
			FUZZ_CHECK(pst == KEXINIT_MORE, "prefix %zu of %zu: state %d", cut, need,
			    (int)pst);
			FUZZ_CHECK(pneed == (cut < 5 ? 5 : need), "prefix %zu: need %zu", cut, pneed);
			kexinit_free(&p);
		}
		/* The first name of each list is in it. */
		for (i = 0; i < KEXINIT_NLISTS; i++) {
			char *first = strndup(k.lists[i], strcspn(k.lists[i], ","));

			if (first != NULL && first[0] != '\0')
				FUZZ_CHECK(namelist_has(k.lists[i], first), "first name of list %d", i);
			free(first);
		}
	}
	kexinit_free(&k);

	/* namelist_has on the input split at its first NUL, against the slow way. */
	a = malloc(size + 1);
	memcpy(a, data, size);
	a[size] = '\0';
	nul = memchr(a, '\0', size);
	b = nul != NULL ? nul + 1 : a + size;
	if (strchr(b, ',') == NULL)
		FUZZ_CHECK(namelist_has(a, b) == has_slow(a, b), "namelist_has(\"%.60s\", \"%.60s\")",
		    a, b);
	(void)namelist_has(b, a);
	free(a);
	(void)kexinit_list_name((int)size % 12 - 1);
	return 0;
}
