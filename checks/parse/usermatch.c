/* usermatch.c: sshd's user, group and address patterns and AuthorizedKeysFile tokens, evaluated as OpenSSH's match.c and auth.c do (pure). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/parse/usermatch.h"
#include "lib/ipnet.h"
#include "lib/xmalloc.h"

#define EXPAND_MAX	4096

#define GLOB_STEPS	100000	/* bound: "*a*a*a...b" against "aaaa..." is exponential */

static int
glob_steps(const char *s, const char *p, int fold, long *steps)
{
	for (;;) {
		if (--*steps < 0)
			return 0;
		if (*p == '\0')
			return *s == '\0';
		if (*p == '*') {
			while (*p == '*')
				p++;
			if (*p == '\0')
				return 1;
			for (; *s != '\0'; s++) {
				if (glob_steps(s, p, fold, steps))
					return 1;
			}
			return 0;
		}
		if (*s == '\0')
			return 0;
		if (*p != '?' && (fold ? tolower((unsigned char)*p) !=
		    tolower((unsigned char)*s) : *p != *s))
			return 0;
		s++;
		p++;
	}
}

static int
glob(const char *s, const char *p, int fold)
{
	long	 steps = GLOB_STEPS;

	return glob_steps(s, p, fold, &steps);
}

int
usermatch_pattern(const char *s, const char *pattern)
{
	return glob(s, pattern, 0);
}

/* match.c match_host_and_ip: a comma list of addresses, networks and host globs, "!" negates. */
static int
host_and_ip(const char *host, const char *addr, const char *list)
{
	char		*copy = xstrdup(list), *w, *save = NULL;
	struct ipnet	 net, a;
	int		 neg, hit, matched = 0, have_addr;

	have_addr = addr != NULL && ipnet_parse_str(addr, &a) == 0;
	for (w = strtok_r(copy, ",", &save); w != NULL; w = strtok_r(NULL, ",", &save)) {
		neg = *w == '!';
		if (neg)
			w++;
		if (ipnet_parse_str(w, &net) == 0)
			hit = have_addr && ipnet_contains(&net, &a);
		else
			hit = (host != NULL && glob(host, w, 1)) ||
			    (addr != NULL && glob(addr, w, 1));
		if (hit && neg) {
			matched = 0;
			break;
		}
		if (hit)
			matched = 1;
	}
	free(copy);
	return matched;
}

int
usermatch_user(const char *user, const char *host, const char *addr, const char *pattern)
{
	const char	*at = strrchr(pattern, '@');
	char		*upat;
	int		 r;

	if (user == NULL)
		return 0;
	if (at == NULL)
		return glob(user, pattern, 0);
	upat = xstrndup(pattern, (size_t)(at - pattern));
	r = glob(user, upat, 0) && host_and_ip(host, addr, at + 1);
	free(upat);
	return r;
}

char *
usermatch_expand(const char *tmpl, const char *user, const char *home, uid_t uid)
{
	char		 out[EXPAND_MAX], num[24];
	const char	*add;
	size_t		 n = 0, len;

	char		*r;

	for (; *tmpl != '\0'; tmpl++) {
		if (*tmpl != '%') {
			if (n + 1 >= sizeof out)
				return NULL;
			out[n++] = *tmpl;
			continue;
		}
		switch (*++tmpl) {
		case 'h':
			add = home;
			break;
		case 'u':
			add = user;
			break;
		case 'U':
			snprintf(num, sizeof num, "%lu", (unsigned long)uid);
			add = num;
			break;
		case '%':
			add = "%";
			break;
		default:
			return NULL;
		}
		len = strlen(add);
		if (n + len >= sizeof out)
			return NULL;
		memcpy(out + n, add, len);
		n += len;
	}
	out[n] = '\0';
	/* auth.c expand_authorized_keys: relative to the home directory */
	if (out[0] != '/' && home != NULL) {
		xasprintf(&r, "%s/%s", home, out);
		return r;
	}
	return xstrdup(out);
}
