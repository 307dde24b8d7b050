/* sshpath.c: one expansion of ssh's path tokens, for every check that must find the file ssh would read. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/client/sshpath.h"
#include "lib/xmalloc.h"

static void
put(char **out, size_t *len, size_t *cap, const char *s)
{
	size_t	 l = strlen(s);

	if (*len + l + 1 > *cap) {
		*cap = *len + l + 1;
		*out = xreallocarray(*out, 1, *cap);
	}
	memcpy(*out + *len, s, l + 1);
	*len += l;
}

char *
sshpath_expand(const char *in, const struct sshpath_env *env, char *bad)
{
	const char	*v;
	char		*out, num[32], c[2];
	size_t		 len = 0, cap = strlen(in) + 1;

	bad[0] = '\0';
	if (in[0] == '~' && in[1] != '/' && in[1] != '\0') {
		snprintf(bad, SSHPATH_BAD_MAX, "~user");	/* another user's home */
		return NULL;
	}
	out = xmalloc(cap);
	out[0] = '\0';
	if (in[0] == '~') {
		if (env->home == NULL) {
			snprintf(bad, SSHPATH_BAD_MAX, "~");
			free(out);
			return NULL;
		}
		put(&out, &len, &cap, env->home);
		in++;
	}
	for (; *in != '\0'; in++) {
		if (*in != '%') {
			c[0] = *in;
			c[1] = '\0';
			put(&out, &len, &cap, c);
			continue;
		}
		v = NULL;
		switch (in[1]) {
		case '%':
			v = "%";
			break;
		case 'd':
			v = env->home;
			break;
		case 'u':
			v = env->user != NULL && *env->user != '\0' ? env->user : NULL;
			break;
		case 'h':
			v = env->host;
			break;
		case 'r':
			v = env->ruser;
			break;
		case 'p':
			v = env->port;
			break;
		case 'i':
			snprintf(num, sizeof num, "%lu", env->uid);
			v = num;
			break;
		}
		if (v == NULL) {
			snprintf(bad, SSHPATH_BAD_MAX, "%%%c", in[1] != '\0' ? in[1] : '%');
			free(out);
			return NULL;
		}
		put(&out, &len, &cap, v);
		in++;
	}
	return out;
}

char *
sshpath_expand_or_copy(const char *in, const struct sshpath_env *env)
{
	char	 bad[SSHPATH_BAD_MAX], *out;

	if ((out = sshpath_expand(in, env, bad)) == NULL)
		out = xstrdup(in);
	return out;
}

const char *
sshpath_home(char *buf, size_t len)
{
	struct passwd	 pw, *res = NULL;
	const char	*home;

	if (getpwuid_r(getuid(), &pw, buf, len, &res) == 0 && res != NULL &&
	    res->pw_dir != NULL && *res->pw_dir != '\0')
		return res->pw_dir;
	home = getenv("HOME");
	return home != NULL && *home != '\0' ? home : NULL;
}
