/* test_sshconf.c: ssh -G output, where a directive is set in ssh_config files, and safe ssh argv (checks/sshconf.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/sanitize.h"
#include "checks/client/sshconf.h"
#include "lib/xmalloc.h"
#include "tests/unit/testutil.h"

/* `ssh -G -p 2222 localhost` from OpenSSH_9.2p1 Debian-2+deb12u10 (trimmed; long lists cut). */
static const char SSH_G[] =
    "host localhost\n"
    "user root\n"
    "hostname localhost\n"
    "port 2222\n"
    "addressfamily any\n"
    "batchmode no\n"
    "gssapikexalgorithms gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,"
	"gss-curve25519-sha256-,gss-group14-sha1-,gss-gex-sha1-\n"
    "forwardx11timeout 1200\n"
    "numberofpasswordprompts 3\n"
    "serveraliveinterval 0\n"
    "ciphers chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
	"aes128-gcm@openssh.com,aes256-gcm@openssh.com\n"
    "kexalgorithms sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,"
	"curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"
	"ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
	"diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"
	"diffie-hellman-group14-sha256\n"
    "loglevel INFO\n"
    "macs umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
	"hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
	"umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1\n"
    "xauthlocation /usr/bin/xauth\n"
    "identityfile ~/.ssh/id_rsa\n"
    "identityfile ~/.ssh/id_ecdsa\n"
    "identityfile ~/.ssh/id_ed25519\n"
    "canonicaldomains none\n"
    "globalknownhostsfile /etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2\n"
    "userknownhostsfile /root/.ssh/known_hosts /root/.ssh/known_hosts2\n"
    "sendenv LANG\n"
    "sendenv LC_*\n"
    "tunneldevice any:any\n"
    "canonicalizePermittedcnames none\n"
    "controlpersist no\n"
    "escapechar ~\n"
    "ipqos lowdelay throughput\n"
    "rekeylimit 0 0\n"
    "syslogfacility USER\n";

static void
assert_conf_clean(const struct sshconf *c)
{
	size_t	 i;

	assert_int_equal(c->keys.n, c->values.n);
	for (i = 0; i < c->keys.n; i++) {
		assert_true(sanitized_ok(c->keys.v[i]));
		assert_true(sanitized_ok(c->values.v[i]));
		assert_true(strlen(c->keys.v[i]) > 0 && strlen(c->keys.v[i]) <= 64);
		assert_true(strlen(c->values.v[i]) <= 4096);
	}
}

static void
test_parse_ssh_g(void **state)
{
	struct sshconf	 c;

	(void)state;
	sshconf_parse(SSH_G, &c);
	assert_conf_clean(&c);
	assert_int_equal(c.keys.n, tu_count_lines(SSH_G, sizeof SSH_G - 1));
	assert_string_equal(c.keys.v[0], "host");
	assert_string_equal(sshconf_get(&c, "host"), "localhost");
	assert_string_equal(sshconf_get(&c, "user"), "root");
	assert_string_equal(sshconf_get(&c, "hostname"), "localhost");
	assert_string_equal(sshconf_get(&c, "port"), "2222");
	assert_string_equal(sshconf_get(&c, "ciphers"), "chacha20-poly1305@openssh.com,"
	    "aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com");
	assert_int_equal(strncmp(sshconf_get(&c, "kexalgorithms"), "sntrup761x25519-sha512,", 23), 0);
	/* Values keep their spaces; repeated keywords answer with the first. */
	assert_string_equal(sshconf_get(&c, "globalknownhostsfile"),
	    "/etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2");
	assert_string_equal(sshconf_get(&c, "rekeylimit"), "0 0");
	assert_string_equal(sshconf_get(&c, "identityfile"), "~/.ssh/id_rsa");
	assert_string_equal(sshconf_get(&c, "sendenv"), "LANG");
	/* OpenSSH 9.2 prints this one keyword in mixed case; it is found lower-case. */
	assert_non_null(sshconf_get(&c, "canonicalizepermittedcnames"));
	assert_string_equal(sshconf_get(&c, "canonicalizepermittedcnames"), "none");
	/* Absent, or not the exact keyword. */
	assert_null(sshconf_get(&c, "proxyjump"));
	assert_null(sshconf_get(&c, "proxycommand"));
	assert_null(sshconf_get(&c, "hostnam"));
	assert_null(sshconf_get(&c, ""));
	assert_string_equal(sshconf_get(&c, "syslogfacility"), "USER");
	sshconf_free(&c);
	sshconf_free(&c);
}

static void
test_parse_odd_lines(void **state)
{
	struct sshconf	 c;

	(void)state;
	/* No space: no value, skipped. A leading space: no keyword, skipped. */
	sshconf_parse("nospace\n value-only\n\nport 22\nempty \nlast line-without-newline", &c);
	assert_conf_clean(&c);
	assert_int_equal(c.keys.n, 3);
	assert_null(sshconf_get(&c, "nospace"));
	assert_string_equal(sshconf_get(&c, "port"), "22");
	assert_string_equal(sshconf_get(&c, "empty"), "");
	assert_string_equal(sshconf_get(&c, "last"), "line-without-newline");
	sshconf_free(&c);

	sshconf_parse("", &c);
	assert_int_equal(c.keys.n, 0);
	assert_null(sshconf_get(&c, "port"));
	sshconf_free(&c);

	/* Escapes in a value (a hostile HostName) come out escaped. */
	sshconf_parse("hostname evil\x1b]0;title\x07\x1b[2J\r\nproxycommand nc %h %p\x9b\n", &c);
	assert_conf_clean(&c);
	assert_string_equal(sshconf_get(&c, "hostname"), "evil\\x1b]0;title\\x07\\x1b[2J\\r");
	assert_null(strchr(sshconf_get(&c, "proxycommand"), '\x9b'));
	sshconf_free(&c);
}

static void
test_parse_huge(void **state)
{
	struct sshconf	 c;
	size_t		 n = 200000, i, len = 0;
	char		*buf = malloc(n + 64);

	(void)state;
	/* A value far past the cap is cut, and a keyword too. */
	len = (size_t)sprintf(buf, "kexalgorithms ");
	memset(buf + len, 'k', n);
	len += n;
	len += (size_t)sprintf(buf + len, "\nport 22\n");
	sshconf_parse(buf, &c);
	assert_conf_clean(&c);
	assert_int_equal(c.keys.n, 2);
	assert_true(strlen(sshconf_get(&c, "kexalgorithms")) <= 4096);
	assert_true(strlen(sshconf_get(&c, "kexalgorithms")) >= 4000);
	assert_string_equal(sshconf_get(&c, "port"), "22");
	sshconf_free(&c);

	memset(buf, 'K', n);
	strcpy(buf + n, " v\n");
	sshconf_parse(buf, &c);
	assert_conf_clean(&c);
	assert_int_equal(c.keys.n, 1);
	sshconf_free(&c);

	/* Many lines: bounded, no crash. */
	len = 0;
	for (i = 0; i < 20000 && len + 10 < n; i++)
		len += (size_t)sprintf(buf + len, "k%zu v\n", i);
	sshconf_parse(buf, &c);
	assert_conf_clean(&c);
	assert_true(c.keys.n >= 1000 && c.keys.n <= 20000);
	assert_string_equal(sshconf_get(&c, "k0"), "v");
	sshconf_free(&c);
	free(buf);
}

static void
test_parse_binary_junk(void **state)
{
	struct sshconf	 c;
	uint64_t	 rs = 2024;
	char		 buf[1024];
	size_t		 len, j;
	int		 iter;

	(void)state;
	for (iter = 0; iter < 3000; iter++) {
		len = (size_t)(tu_rand(&rs) % (sizeof buf - 1));
		for (j = 0; j < len; j++) {
			uint64_t r = tu_rand(&rs);

			buf[j] = (r % 6 == 0) ? '\n' : (r % 5 == 0) ? ' ' : (char)(r >> 8);
			if (buf[j] == '\0')
				buf[j] = '\x01';
		}
		buf[len] = '\0';
		sshconf_parse(buf, &c);
		assert_conf_clean(&c);
		for (j = 0; j < c.keys.n; j++)
			assert_non_null(sshconf_get(&c, c.keys.v[j]));
		sshconf_free(&c);
	}
}

/* A temporary HOME with files in it; restores HOME when done. */
struct home {
	char	*dir;
	char	*saved;
};

static void
home_enter(struct home *h)
{
	const char *old = getenv("HOME");
	char	*ssh;

	h->saved = old != NULL ? strdup(old) : NULL;
	h->dir = tu_tmpdir();
	xasprintf(&ssh, "%s/.ssh", h->dir);
	assert_int_equal(mkdir(ssh, 0700), 0);
	free(ssh);
	assert_int_equal(setenv("HOME", h->dir, 1), 0);
}

static void
home_leave(struct home *h)
{
	if (h->saved != NULL)
		setenv("HOME", h->saved, 1);
	else
		unsetenv("HOME");
	tu_rm_rf(h->dir);
	free(h->dir);
	free(h->saved);
}

static void
home_write(struct home *h, const char *rel, const char *text)
{
	char	*dir;

	if (strchr(rel, '/') != NULL) {
		xasprintf(&dir, "%s/.ssh/%.*s", h->dir, (int)(strrchr(rel, '/') - rel), rel);
		mkdir(dir, 0700);
		free(dir);
	}
	xasprintf(&dir, "%s/.ssh", h->dir);
	tu_write_str(dir, rel, text);
	free(dir);
}

/* How many entries of out are for HOME's .ssh/REL at LINE (0: any line) with text TEXT (NULL: any). */
static int
count_at(const struct strlist *out, const struct home *h, const char *rel, int line,
    const char *text)
{
	char	*prefix;
	size_t	 i, n;
	int	 found = 0;

	if (line > 0)
		xasprintf(&prefix, "%s/.ssh/%s:%d: ", h->dir, rel, line);
	else
		xasprintf(&prefix, "%s/.ssh/%s:", h->dir, rel);
	n = strlen(prefix);
	for (i = 0; i < out->n; i++) {
		if (strncmp(out->v[i], prefix, n) != 0)
			continue;
		if (text != NULL && line > 0 && strcmp(out->v[i] + n, text) != 0)
			continue;
		found++;
	}
	free(prefix);
	return found;
}

/* Entries from our temporary HOME only (the system file may add its own). */
static size_t
count_home(const struct strlist *out, const struct home *h)
{
	size_t	 i, n = 0;

	for (i = 0; i < out->n; i++)
		n += strncmp(out->v[i], h->dir, strlen(h->dir)) == 0;
	return n;
}

static void
dump_out(const struct strlist *out)
{
	size_t	 i;

	for (i = 0; i < out->n; i++)
		fprintf(stderr, "  %s\n", out->v[i]);
}

static void
test_locate_includes(void **state)
{
	struct check_options opt;
	struct strlist	 out = { NULL, 0 };
	struct home	 h;

	(void)state;
	home_enter(&h);
	home_write(&h, "config",
	    "# KexAlgorithms in a comment is not a setting\n"
	    "Host *\n"
	    "\n"
	    "    kexAlgorithms +diffie-hellman-group14-sha1\n"
	    "Include conf.d/*.conf\n"
	    "Include extra\n"
	    "\tKexAlgorithms=curve25519-sha256\n"
	    "KexAlgorithmsX no\n"
	    "Ciphers aes128-ctr\n");
	home_write(&h, "conf.d/a.conf", "Host a\n  KEXALGORITHMS = a-kex\n");
	home_write(&h, "conf.d/b.conf", "\n\n# three blank-ish lines before\nKexAlgorithms b-kex\n");
	home_write(&h, "conf.d/ignored.txt", "KexAlgorithms not-matched-by-the-glob\n");
	home_write(&h, "extra", "Include=~/.ssh/extra2\n");
	home_write(&h, "extra2", "kexalgorithms extra2-kex\n");

	memset(&opt, 0, sizeof opt);
	opt.host = "server.example";
	opt.port = 22;
	sshconf_locate(&opt, "kexalgorithms", &out);
	if (count_home(&out, &h) != 5 ||
	    count_at(&out, &h, "config", 4, "kexAlgorithms +diffie-hellman-group14-sha1") != 1 ||
	    count_at(&out, &h, "config", 7, "KexAlgorithms=curve25519-sha256") != 1 ||
	    count_at(&out, &h, "conf.d/a.conf", 2, NULL) != 1 ||
	    count_at(&out, &h, "conf.d/b.conf", 4, "KexAlgorithms b-kex") != 1 ||
	    count_at(&out, &h, "extra2", 1, "kexalgorithms extra2-kex") != 1 ||
	    count_at(&out, &h, "conf.d/ignored.txt", 0, NULL) != 0) {
		dump_out(&out);
		fail_msg("unexpected locations");
	}
	/* In the order ssh reads them: Include globs sorted, at the Include line. */
	{
		static const char *const order[] = {
			"config:4:", "conf.d/a.conf:2:", "conf.d/b.conf:4:", "extra2:1:", "config:7:",
		};
		size_t i, k = 0;

		for (i = 0; i < out.n && k < 5; i++) {
			if (strncmp(out.v[i], h.dir, strlen(h.dir)) != 0)
				continue;
			if (strstr(out.v[i], order[k]) == NULL) {
				dump_out(&out);
				fail_msg("entry %zu: wanted %s", k, order[k]);
			}
			k++;
		}
	}
	strlist_free(&out);

	/* Another keyword, in the same files. */
	sshconf_locate(&opt, "Ciphers", &out);
	if (count_home(&out, &h) != 1 || count_at(&out, &h, "config", 9, "Ciphers aes128-ctr") != 1) {
		dump_out(&out);
		fail_msg("Ciphers not located at config:9");
	}
	strlist_free(&out);

	/* -F names the one file read (with its Includes): ~/.ssh/config is not. */
	{
		char *f;

		xasprintf(&f, "%s/.ssh/extra", h.dir);
		opt.ssh_config = f;
		sshconf_locate(&opt, "kexalgorithms", &out);
		if (out.n != 1 || count_at(&out, &h, "extra2", 1, NULL) != 1) {
			dump_out(&out);
			fail_msg("-F: wanted only extra2:1");
		}
		strlist_free(&out);
		opt.ssh_config = NULL;
		free(f);
	}
	home_leave(&h);
}

static void
test_locate_loops(void **state)
{
	struct check_options opt;
	struct strlist	 out = { NULL, 0 };
	struct home	 h;

	(void)state;
	memset(&opt, 0, sizeof opt);
	opt.host = "server.example";

	/* A file including itself, by each spelling. */
	home_enter(&h);
	home_write(&h, "config",
	    "Include config\n"
	    "Include ~/.ssh/config\n"
	    "Include ./config\n"
	    "Include *\n"
	    "KexAlgorithms self\n");
	sshconf_locate(&opt, "kexalgorithms", &out);
	if (count_home(&out, &h) != 1 || count_at(&out, &h, "config", 5, NULL) != 1) {
		dump_out(&out);
		fail_msg("self-include: wanted config:5 once");
	}
	strlist_free(&out);
	home_leave(&h);

	/* Two files including each other. */
	home_enter(&h);
	home_write(&h, "config", "Include a\n");
	home_write(&h, "a", "Include b\nKexAlgorithms in-a\n");
	home_write(&h, "b", "Include a\nInclude config\nKexAlgorithms in-b\n");
	sshconf_locate(&opt, "kexalgorithms", &out);
	if (count_home(&out, &h) != 2 || count_at(&out, &h, "a", 2, NULL) != 1 ||
	    count_at(&out, &h, "b", 3, NULL) != 1) {
		dump_out(&out);
		fail_msg("mutual include: wanted a:2 and b:3 once each");
	}
	strlist_free(&out);
	home_leave(&h);

	/* A long chain: bounded in depth, no hang. */
	home_enter(&h);
	{
		char name[32], text[64];
		int i;

		home_write(&h, "config", "Include c0\n");
		for (i = 0; i < 50; i++) {
			snprintf(name, sizeof name, "c%d", i);
			snprintf(text, sizeof text, "Include c%d\nKexAlgorithms k%d\n", i + 1, i);
			home_write(&h, name, text);
		}
	}
	sshconf_locate(&opt, "kexalgorithms", &out);
	assert_true(count_home(&out, &h) >= 1 && count_home(&out, &h) <= 20);
	assert_int_equal(count_at(&out, &h, "c0", 2, NULL), 1);
	strlist_free(&out);

	/* Missing files, a directory as a file, an unreadable glob: nothing, no crash. */
	home_write(&h, "config", "Include nosuch\nInclude /nonexistent/*\nInclude conf.d\n"
	    "Include\nKexAlgorithms here\n");
	home_write(&h, "conf.d/x", "KexAlgorithms x\n");
	sshconf_locate(&opt, "kexalgorithms", &out);
	if (count_home(&out, &h) != 1 || count_at(&out, &h, "config", 5, NULL) != 1) {
		dump_out(&out);
		fail_msg("wanted only config:5");
	}
	strlist_free(&out);
	home_leave(&h);
}

/*
 * Hostile includes: a 4 GiB sparse file, a 1 MiB + 1 file, a FIFO that no one
 * writes, /dev/zero, and 200 files that each include all the others. Every
 * read is bounded (regular files of at most 1 MiB, 32 files in all), so the
 * walk ends at once and finds only the one directive in the small files.
 */
static void
test_locate_hostile_includes(void **state)
{
	struct check_options opt;
	struct strlist	 out = { NULL, 0 };
	struct home	 h;
	struct timespec	 t0, t1;
	char		*path, name[32], *big;
	size_t		 i, n = 1024 * 1024 + 1;
	int		 fd;
	long		 ms;

	(void)state;
	memset(&opt, 0, sizeof opt);
	opt.host = "server.example";
	home_enter(&h);
	home_write(&h, "config",
	    "Include huge\n"
	    "Include big\n"
	    "Include fifo\n"
	    "Include /dev/zero\n"
	    "KexAlgorithms here\n"
	    "Include fan/*\n");
	home_write(&h, "huge", "KexAlgorithms in-huge\n");
	xasprintf(&path, "%s/.ssh/huge", h.dir);
	assert_true((fd = open(path, O_WRONLY)) != -1);
	assert_int_equal(ftruncate(fd, (off_t)4 << 30), 0);
	close(fd);
	free(path);
	big = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		big[i] = "KexAlgorithms in-big\n"[i % 21];
	big[n] = '\0';
	home_write(&h, "big", big);
	free(big);
	xasprintf(&path, "%s/.ssh/fifo", h.dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	free(path);
	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof name, "fan/f%03zu", i);
		home_write(&h, name, "Include fan/*\nKexAlgorithms fan\n");
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	sshconf_locate(&opt, "kexalgorithms", &out);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	/* out keeps 20 places, the fan fills the rest */
	if (count_at(&out, &h, "config", 5, NULL) != 1 || count_at(&out, &h, "huge", 0, NULL) ||
	    count_at(&out, &h, "big", 0, NULL) || count_home(&out, &h) > 20) {
		dump_out(&out);
		fail_msg("wanted config:5, nothing from huge or big, at most 20 places");
	}
	if (ms > 2000)
		fail_msg("sshconf_locate took %ld ms", ms);
	strlist_free(&out);
	home_leave(&h);
}

static void
test_locate_no_home_file(void **state)
{
	struct check_options opt;
	struct strlist	 out = { NULL, 0 };
	struct home	 h;

	(void)state;
	home_enter(&h);
	memset(&opt, 0, sizeof opt);
	opt.host = "h";
	sshconf_locate(&opt, "kexalgorithms", &out);
	assert_int_equal(count_home(&out, &h), 0);
	strlist_free(&out);

	opt.ssh_config = "/nonexistent/ssh_config";
	sshconf_locate(&opt, "kexalgorithms", &out);
	assert_int_equal(out.n, 0);
	strlist_free(&out);
	home_leave(&h);
}

static size_t
argv_len(const char **argv)
{
	size_t	 n = 0;

	while (argv[n] != NULL)
		n++;
	return n;
}

static void
expect_argv(const char **argv, const char *const *want)
{
	size_t	 i;

	for (i = 0; want[i] != NULL; i++) {
		if (argv[i] == NULL || strcmp(argv[i], want[i]) != 0) {
			size_t k;

			for (k = 0; argv[k] != NULL; k++)
				fprintf(stderr, "argv[%zu] = \"%s\"\n", k, argv[k]);
			fail_msg("argv[%zu]: wanted \"%s\"", i, want[i]);
		}
	}
	assert_null(argv[i]);
}

static void
test_target_argv(void **state)
{
	struct check_options opt;
	const char	*argv[32];
	char		 port[8];
	static const char *const pre[] = { "-G", NULL };

	(void)state;
	memset(&opt, 0, sizeof opt);
	opt.host = "server.example";
	opt.user = "alice";
	opt.port = 22;

	/* Nothing given: ssh's own configuration picks user and port. */
	sshconf_target_argv(&opt, pre, 0, NULL, argv, 32, port);
	expect_argv(argv, (const char *const[]){ "ssh", "-G", "--", "server.example", NULL });

	/* Clean: -F /dev/null, whatever -F the person gave. */
	opt.ssh_config = "/home/alice/my config";
	sshconf_target_argv(&opt, pre, 1, NULL, argv, 32, port);
	expect_argv(argv, (const char *const[]){ "ssh", "-G", "-F", "/dev/null", "--",
	    "server.example", NULL });
	sshconf_target_argv(&opt, pre, 0, NULL, argv, 32, port);
	expect_argv(argv, (const char *const[]){ "ssh", "-G", "-F", "/home/alice/my config",
	    "--", "server.example", NULL });
	opt.ssh_config = NULL;

	/* -p only when given; -l only when given. */
	opt.port = 2222;
	sshconf_target_argv(&opt, pre, 0, NULL, argv, 32, port);
	expect_argv(argv, (const char *const[]){ "ssh", "-G", "--", "server.example", NULL });
	opt.port_given = 1;
	sshconf_target_argv(&opt, pre, 0, NULL, argv, 32, port);
	expect_argv(argv, (const char *const[]){ "ssh", "-G", "-p", "2222", "--",
	    "server.example", NULL });
	assert_string_equal(port, "2222");
	opt.user_given = 1;
	opt.identity = "/home/alice/.ssh/id_ed25519";
	sshconf_target_argv(&opt, pre, 1, NULL, argv, 32, port);
	expect_argv(argv, (const char *const[]){ "ssh", "-G", "-F", "/dev/null", "-i",
	    "/home/alice/.ssh/id_ed25519", "-l", "alice", "-p", "2222", "--", "server.example",
	    NULL });
	opt.user = NULL;	/* user_given without a user: no -l */
	sshconf_target_argv(&opt, NULL, 0, NULL, argv, 32, port);
	expect_argv(argv, (const char *const[]){ "ssh", "-i", "/home/alice/.ssh/id_ed25519",
	    "-p", "2222", "--", "server.example", NULL });
	opt.identity = NULL;
	opt.user = "alice";

	/* A command after the host. */
	sshconf_target_argv(&opt, (const char *const[]){ "-v", "-oBatchMode=yes", NULL }, 0,
	    (const char *const[]){ "true", NULL }, argv, 32, port);
	expect_argv(argv, (const char *const[]){ "ssh", "-v", "-oBatchMode=yes", "-l", "alice",
	    "-p", "2222", "--", "server.example", "true", NULL });
}

/* A host that looks like an option still comes after "--". */
static void
test_target_argv_hostile_host(void **state)
{
	static const char *const hosts[] = {
		"-oProxyCommand=x", "-F/etc/passwd", "--", "-", "-p", "host -oX=y",
	};
	struct check_options opt;
	const char	*argv[32];
	char		 port[8];
	size_t		 i, n;

	(void)state;
	for (i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
		memset(&opt, 0, sizeof opt);
		opt.host = hosts[i];
		opt.port = 22;
		sshconf_target_argv(&opt, (const char *const[]){ "-G", NULL }, 1, NULL, argv, 32, port);
		n = argv_len(argv);
		assert_true(n >= 2);
		assert_string_equal(argv[n - 2], "--");
		assert_string_equal(argv[n - 1], hosts[i]);
		/* The first "--" is the one right before the host. */
		{
			size_t k;

			for (k = 0; k < n - 2; k++)
				assert_string_not_equal(argv[k], "--");
		}
	}
}

/* A small argv array: filled as far as it goes, NULL-terminated, never overrun; a host only after "--". */
static void
test_target_argv_bounded(void **state)
{
	struct check_options opt;
	const char	*argv[40];
	char		 port[8];
	size_t		 max, i, n;
	static const char *const canary = "canary";

	(void)state;
	memset(&opt, 0, sizeof opt);
	opt.host = "-oProxyCommand=x";
	opt.user = "alice";
	opt.user_given = 1;
	opt.port = 65535;
	opt.port_given = 1;
	opt.identity = "/k";
	opt.ssh_config = "/c";
	for (max = 1; max < 20; max++) {
		for (i = 0; i < 40; i++)
			argv[i] = canary;
		sshconf_target_argv(&opt, (const char *const[]){ "-G", "-v", NULL }, 0,
		    (const char *const[]){ "cmd", NULL }, argv, max, port);
		n = argv_len(argv);
		assert_true(n < max);
		for (i = max; i < 40; i++)
			assert_ptr_equal(argv[i], canary);
		for (i = 0; i < n; i++) {
			if (strcmp(argv[i], opt.host) == 0) {
				assert_true(i > 0);
				assert_string_equal(argv[i - 1], "--");
			}
		}
	}
	assert_string_equal(port, "65535");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ssh_g),
		cmocka_unit_test(test_parse_odd_lines),
		cmocka_unit_test(test_parse_huge),
		cmocka_unit_test(test_parse_binary_junk),
		cmocka_unit_test(test_locate_includes),
		cmocka_unit_test(test_locate_loops),
		cmocka_unit_test(test_locate_hostile_includes),
		cmocka_unit_test(test_locate_no_home_file),
		cmocka_unit_test(test_target_argv),
		cmocka_unit_test(test_target_argv_hostile_host),
		cmocka_unit_test(test_target_argv_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
