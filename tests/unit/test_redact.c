/* test_redact.c: --redact (ui/redact.h): addresses, user and host names replaced consistently as the report is written; sshdoc's vocabulary and JSON shape kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/xmalloc.h"
#include "tests/unit/testutil.h"
#include "ui/redact.h"
#include "ui/ui.h"

static void
text_is(struct redact *r, const char *in, const char *want)
{
	char	*out = redact_text(r, in);

	if (strcmp(out, want) != 0)
		fail_msg("redact_text(\"%s\")\n  got  \"%s\"\n  want \"%s\"", in, out, want);
	free(out);
}

static void
setup(struct redact *r)
{
	redact_init(r);
	redact_user(r, "alice");
	redact_user(r, "root");		/* never private: ignored */
	redact_host(r, "db1.corp.example");
	redact_host(r, "laptop");
}

static void
test_addresses(void **state)
{
	struct redact	 r;

	(void)state;
	setup(&r);
	text_is(&r, "connection to 198.51.100.7 port 22 refused",
	    "connection to addr-1 port 22 refused");
	text_is(&r, "198.51.100.7:22: refused; 203.0.113.5:2222: timeout",
	    "addr-1:22: refused; addr-2:2222: timeout");
	text_is(&r, "[2001:db8::10]:22 and 2001:db8::10.", "[addr-3]:22 and addr-3.");
	/* One address, two spellings: one placeholder. */
	text_is(&r, "2001:0db8:0000:0000:0000:0000:0000:0010", "addr-3");
	text_is(&r, "::1 and 0:0:0:0:0:0:0:1 and ::ffff:198.51.100.7", "addr-4 and addr-4 and addr-5");
	text_is(&r, "fe80::1%eth0", "addr-6%eth0");
	/* Not addresses: versions, times, MaxStartups, fingerprints, punctuation. */
	text_is(&r, "OpenSSH_9.2p1 at 12:30:45, MaxStartups 10:30:100, version 0.1.0",
	    "OpenSSH_9.2p1 at 12:30:45, MaxStartups 10:30:100, version 0.1.0");
	text_is(&r, "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s", 
	    "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s");
	text_is(&r, "Their offer: :: none", "Their offer: :: none");
	text_is(&r, "1.2.3.4.5 is an OID", "1.2.3.4.5 is an OID");
	redact_free(&r);
}

static void
test_names(void **state)
{
	struct redact	 r;

	(void)state;
	setup(&r);
	text_is(&r, "ssh connects to db1.corp.example port 22 as alice",
	    "ssh connects to host-1 port 22 as user-1");
	/* Host names match whatever their case; the short name is known too. */
	text_is(&r, "DB1.Corp.Example and db1, on laptop", "host-1 and host-2, on host-3");
	text_is(&r, "alice@db1.corp.example", "user-1@host-1");
	/* Words shaped like a host name are hosts. */
	text_is(&r, "jump via bastion.other.example.", "jump via host-4.");
	/* Home directories name their user. */
	text_is(&r, "/home/bob/.ssh/id_ed25519: mode 0644", "/home/user-2/.ssh/id_ed25519: mode 0644");
	text_is(&r, "/home/alice/.ssh/config", "/home/user-1/.ssh/config");
	/* root, algorithm names, file names and sshdoc's words stay. */
	text_is(&r, "/root/.ssh/known_hosts: not present", "/root/.ssh/known_hosts: not present");
	text_is(&r, "chacha20-poly1305@openssh.com, curve25519-sha256@libssh.org",
	    "chacha20-poly1305@openssh.com, curve25519-sha256@libssh.org");
	text_is(&r, "rijndael-cbc@lysator.liu.se", "rijndael-cbc@lysator.liu.se");
	text_is(&r, "ssh.socket and sshd.service; /etc/ssh/sshd_config.d/x.conf",
	    "ssh.socket and sshd.service; /etc/ssh/sshd_config.d/x.conf");
	text_is(&r, "port-closed: the algorithms e.g. agree", "port-closed: the algorithms e.g. agree");
	/* "alice" inside a longer word is not the user. */
	text_is(&r, "malice and alicexyz", "malice and alicexyz");
	redact_free(&r);
}

/* A finished client walk that names the user, the host and an address. */
struct fake {
	struct walk		 w;
	struct walk_check	 check;
	struct walk_cause	 cause;
	struct tree_question	 q;
	struct tree_answer	 a;
	const struct tree_question *qs[1];
	const struct tree_answer *as[1];
	struct content		 content;
};

static void
fake_walk(struct fake *f)
{
	memset(f, 0, sizeof *f);
	f->w.opt.mode = "client";
	f->w.opt.host = "db1.corp.example";
	f->w.opt.user = "alice";
	f->w.opt.port = 22;
	f->content.dir = "/home/alice/.local/share/sshdoc/content";
	f->w.content = &f->content;
	f->check.entry = check_find("tcp-connect");
	assert_non_null(f->check.entry);
	f->check.state = RUN_DONE;
	f->check.result.status = CHECK_FAIL;
	f->check.result.outcome = "refused";
	f->check.result.summary = xstrdup("connection to db1.corp.example port 22 refused");
	strlist_add(&f->check.result.evidence, "198.51.100.7:22: refused");
	strlist_add(&f->check.result.evidence,
	    "quote \" backslash \\ esc \x1b[1m caf\xc3\xa9 \xf0\x9f\x98\x80");
	f->check.result.ms = 3;
	f->w.checks = &f->check;
	f->w.nchecks = 1;
	f->cause.id = "port-closed";
	f->cause.conf = CONF_CONFIRMED;
	f->cause.summary = xstrdup("198.51.100.7 refused");
	f->cause.check = "tcp-connect";
	f->w.causes = &f->cause;
	f->w.ncauses = 1;
	/* the path is sshdoc's own words, whatever they look like */
	strlist_add(&f->w.path, "reach");
	strlist_add(&f->w.path, "db1.corp.example");
	f->q.id = "scope";
	f->a.id = "only-here";
	f->qs[0] = &f->q;
	f->as[0] = &f->a;
	f->w.answered = f->qs;
	f->w.answers = f->as;
	f->w.nanswers = 1;
}

static void
fake_free(struct fake *f)
{
	free(f->check.result.summary);
	strlist_free(&f->check.result.evidence);
	free(f->cause.summary);
	strlist_free(&f->w.path);
}

/* The report as written, and as one compact line in the order it was written. */
static char *
written(struct fake *f, struct redact *r, char **compact)
{
	json_error_t	 err;
	json_t		*v;
	FILE		*mf;
	char		*buf = NULL;
	size_t		 size = 0;

	assert_non_null(mf = open_memstream(&buf, &size));
	if (r != NULL)
		report_json_redact(mf, &f->w, r);
	else
		report_json(mf, &f->w);
	assert_int_equal(fclose(mf), 0);
	assert_true(tu_valid_utf8(buf, size));
	if ((v = json_loadb(buf, size, JSON_REJECT_DUPLICATES, &err)) == NULL)
		fail_msg("not JSON (%s):\n%s", err.text, buf);
	*compact = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(v);
	return buf;
}

static const char WANT[] =
    "{\"tool\":\"sshdoc\",\"version\":\"" SSHDOC_VERSION "\",\"mode\":\"client\","
    "\"target\":{\"host\":\"host-1\",\"port\":22,\"user\":\"user-1\"},"
    "\"content\":\"/home/user-1/.local/share/sshdoc/content\","
    "\"checks\":[{\"id\":\"tcp-connect\",\"title\":\"%s\",\"status\":\"fail\","
    "\"outcome\":\"refused\",\"summary\":\"connection to host-1 port 22 refused\","
    "\"evidence\":[\"addr-1:22: refused\","
    "\"quote \\\" backslash \\\\ esc \\\\x1b[1m caf\xc3\xa9 \xf0\x9f\x98\x80\"],\"ms\":3}],"
    "\"causes\":[{\"id\":\"port-closed\",\"confidence\":\"confirmed\","
    "\"summary\":\"addr-1 refused\",\"evidence\":[],\"fix\":\"port-closed\","
    "\"check\":\"tcp-connect\",\"fix_commands\":[],\"fixable\":false}],"
    "\"path\":[\"reach\",\"db1.corp.example\"],\"answers\":{\"scope\":\"only-here\"},"
    "\"verdict\":\"problem\"}";

static void
test_report(void **state)
{
	struct fake	 f;
	struct redact	 r;
	char		*out, *compact, *want, *out2, *compact2;

	(void)state;
	fake_walk(&f);
	setup(&r);
	out = written(&f, &r, &compact);
	xasprintf(&want, WANT, f.check.entry->title);
	if (strcmp(compact, want) != 0)
		fail_msg("got:\n%s\nwant:\n%s", compact, want);
	/* Written again with the same context: the same placeholders. */
	out2 = written(&f, &r, &compact2);
	assert_string_equal(out2, out);
	/* Placeholders are left as they are. */
	text_is(&r, "addr-1 host-1 user-1", "addr-1 host-1 user-1");
	free(out2);
	free(compact2);
	free(out);
	free(compact);
	free(want);
	redact_free(&r);
	fake_free(&f);
}

static void
test_report_plain(void **state)
{
	struct fake	 f;
	char		*out, *compact;

	(void)state;
	fake_walk(&f);
	f.w.opt.user = NULL;
	f.w.error = "cannot reach db1.corp.example";
	out = written(&f, NULL, &compact);
	assert_non_null(strstr(compact, "\"target\":{\"host\":\"db1.corp.example\",\"port\":22,"
	    "\"user\":null}"));
	assert_non_null(strstr(compact, "\"evidence\":[\"198.51.100.7:22: refused\""));
	assert_non_null(strstr(compact, "\"error\":\"cannot reach db1.corp.example\","
	    "\"verdict\":\"problem\"}"));
	/* one member a line, indented: readable on a terminal before --share sends it */
	assert_non_null(strstr(out, "{\n  \"tool\": \"sshdoc\",\n"));
	assert_int_equal(out[strlen(out) - 1], '\n');
	free(out);
	free(compact);
	fake_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_report_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
