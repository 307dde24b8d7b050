/* main.c: command line (ssh-like, per ../shared/contract.md) and dispatch to the reports or the wizard. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/parse/logtime.h"
#include "content/walk.h"
#include "lib/http.h"
#include "lib/myip.h"
#include "lib/probes.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "content/content.h"
#include "content/update.h"
#include "ui/fleet.h"
#include "ui/netcmd.h"
#include "ui/session.h"
#include "ui/ui.h"
#include "ui/undo.h"

#define LOGS_MAX 32

enum {
	OPT_SERVER = 256, OPT_PORT, OPT_SSHD_CONFIG, OPT_LOG, OPT_CLIENT_IP,
	OPT_EXPLAIN, OPT_REPORT, OPT_JSON, OPT_TIMEOUT, OPT_LIST, OPT_ARTICLE,
	OPT_CONTENT, OPT_MY_IP, OPT_SHARE, OPT_UPDATE_CONTENT, OPT_HELP,
	OPT_VERSION, OPT_LINT, OPT_ANSWER, OPT_IP_URL, OPT_REDACT, OPT_YES,
	OPT_CONTENT_ROLLBACK,
	OPT_USER, OPT_KEY, OPT_FIX,
	OPT_SINCE, OPT_THOROUGH,
	OPT_HOSTS, OPT_INVENTORY, OPT_LIMIT, OPT_PARALLEL,
};

static const struct option long_options[] = {
	{ "server", no_argument, NULL, OPT_SERVER },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "sshd-config", required_argument, NULL, OPT_SSHD_CONFIG },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "client-ip", required_argument, NULL, OPT_CLIENT_IP },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "report", no_argument, NULL, OPT_REPORT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "article", required_argument, NULL, OPT_ARTICLE },
	{ "content", required_argument, NULL, OPT_CONTENT },
	{ "my-ip", no_argument, NULL, OPT_MY_IP },
	{ "share", required_argument, NULL, OPT_SHARE },
	{ "update-content", required_argument, NULL, OPT_UPDATE_CONTENT },
	{ "content-rollback", no_argument, NULL, OPT_CONTENT_ROLLBACK },
	{ "ip-url", required_argument, NULL, OPT_IP_URL },
	{ "redact", no_argument, NULL, OPT_REDACT },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "lint", no_argument, NULL, OPT_LINT },
	{ "answer", required_argument, NULL, OPT_ANSWER },
	{ "user", required_argument, NULL, OPT_USER },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "fix", required_argument, NULL, OPT_FIX },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "thorough", no_argument, NULL, OPT_THOROUGH },
	{ "hosts", required_argument, NULL, OPT_HOSTS },
	{ "inventory", required_argument, NULL, OPT_INVENTORY },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "parallel", required_argument, NULL, OPT_PARALLEL },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: sshdoc [options] [[user@]host[:port]]\n"
"       sshdoc --server [--port PORT] [--client-ip ADDR] [--log FILE]...\n"
"                      [--since TIME] [--user NAME [--key FILE|SHA256:...]]\n"
"       sshdoc --hosts FILE|- | --inventory FILE|DIR [--limit PAT] [--parallel N]\n"
"       sshdoc --explain FILE | --list | --article ID | --lint\n"
"\n"
"Finds out why an SSH connection fails and shows the fix. Without --report or\n"
"--json it starts an interactive wizard.\n"
"\n"
"  -p PORT              port, as in ssh (also host:port)\n"
"  -l USER              user, as in ssh (also user@host)\n"
"  -F FILE              client configuration file, as in ssh\n"
"  -i FILE              identity file, as in ssh\n"
"  --server             check the SSH server on this machine\n"
"  --port PORT          with --server: the port clients fail to reach\n"
"  --sshd-config FILE   with --server: sshd configuration to check\n"
"  --log FILE           with --server: read sshd log lines from FILE (repeatable)\n"
"  --since TIME         with --server: read the logs back to TIME, not only the\n"
"                       last 32 MiB (2026-03-01[ 12:00], ISO 8601, -2h, \"2h ago\")\n"
"  --client-ip ADDR     with --server: address of a client that cannot connect\n"
"  --user NAME          with --server: the account that cannot log in\n"
"  --key FILE|SHA256:.. with --server --user: the public key (.pub file or\n"
"                       fingerprint) the client offers\n"
"  --explain FILE       diagnose an ssh -v transcript or error message (- for stdin)\n"
"  --report             plain-text report, no wizard\n"
"  --json               JSON report (implies --report)\n"
"  --timeout SECONDS    bound for each network probe (default 5)\n"
"  --thorough           run every probe (the libssh handshake too) even when your\n"
"                       own ssh attempt succeeds\n"
"  --hosts FILE|-       diagnose every host of FILE ([user@]host[:port] a line),\n"
"                       grouped by cause; --json: a report a line, then a summary\n"
"  --inventory FILE|DIR the same for the hosts of an Ansible inventory\n"
"  --limit PATTERN      with --inventory: only these hosts (as ansible --limit)\n"
"  --parallel N         hosts at once (default 4 per CPU, at most 64)\n"
"  --list               print every cause id and its title\n"
"  --article ID         print the fix article for a cause id\n"
"  --content DIR        use the content in DIR instead of the installed or bundled content\n"
"  --my-ip              print the public address(es) this machine appears from; with\n"
"                       a target, add them to the report (asks an HTTPS echo service)\n"
"  --ip-url URL         the echo service for --my-ip (https://; also ip-url in the\n"
"                       configuration file ~/.config/sshdoc/config)\n"
"  --share URL          after the report, POST it as JSON to URL (shown first, asked)\n"
"  --redact             replace user names, host names and addresses in the JSON\n"
"                       report (--json, --share) by user-1, host-1, addr-1...\n"
"  --fix ID             after the report, the plan that fixes cause ID (a dry run)\n"
"  --yes                with --fix: apply the plan; with --share: send without asking\n"
"  --update-content URL fetch a content bundle (https://, or file://), verify and\n"
"                       install it for later runs\n"
"  --content-rollback   go back to the content before the last update\n"
"  --lint               check the content (tree, causes, articles) and report problems\n"
"  --answer Q=A         answer a question of the decision tree (re-ranks causes; repeatable)\n"
"  --undo [N]           restore what the last (or Nth last) applied fix changed\n"
"  --confirm ENTRY      keep an sshd change whose confirmation window is open\n"
"  --confirm-timeout SECONDS  the window after an sshd change (default 120)\n"
"  --help, --version\n"
"\n"
"Exit status: 0 no cause found, 1 causes found, 2 usage error, 3 inconclusive.\n");
}

/* One line on stderr: the arguments it quotes are the person's, escapes and newlines included. */
static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[512], *clean;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	clean = sanitize_str(buf, 0);
	fprintf(stderr, "sshdoc: %s (see sshdoc --help)\n", clean);
	free(clean);
	exit(2);
}

/* "sshdoc: MESSAGE" on stderr, made one safe line: messages quote paths, ids and files. */
static void __attribute__((format(printf, 1, 2)))
error_line(const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[1024], *clean;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	clean = sanitize_str(buf, 0);
	fprintf(stderr, "sshdoc: %s\n", clean);
	free(clean);
}

/*
 * A path from the person that begins with '-' could read as an option of a
 * command it is handed to: refuse it ("./-x" names the same file). "-" alone
 * (standard input) is allowed where allow_stdin says so.
 */
static const char *
path_arg(const char *what, const char *path, int allow_stdin)
{
	if (*path == '\0')
		usage_error("%s: empty path", what);
	if (*path == '-' && !(allow_stdin && path[1] == '\0'))
		usage_error("%s: a path that begins with '-' is refused: '%.60s' "
		    "(write ./%.60s)", what, path, path);
	return path;
}

/* --user: a name as useradd accepts it (the account itself is looked up by the check). */
static const char *
user_arg(const char *s)
{
	if (!session_user_name(s))
		usage_error("--user: bad user name '%.40s'", s);
	return s;
}

/* --key: "SHA256:" and 43 base64 characters, as ssh-keygen -l prints, or a readable .pub file. */
static const char *
key_arg(const char *s)
{
	size_t	 n = strlen(s);

	if (strncmp(s, "SHA256:", 7) == 0) {
		if (n != 50 || strspn(s + 7, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/") != 43)
			usage_error("--key: bad fingerprint '%.60s' (SHA256: and 43 characters)", s);
		return s;
	}
	path_arg("--key", s, 0);
	if (n < 5 || strcmp(s + n - 4, ".pub") != 0)
		usage_error("--key: '%.60s' is not a .pub file or a SHA256: fingerprint", s);
	if (access(s, R_OK) != 0)
		usage_error("--key: cannot read '%.60s': %s", s, strerror(errno));
	return s;
}

static int
parse_port(const char *s, const char *what)
{
	int	 port;

	if ((port = session_port(s)) == -1)
		usage_error("%s: bad port '%.40s' (1-65535)", what, s);
	return port;
}

/* Split "[user@]host[:port]", "[v6]:port", "ssh://user@host:port" as ssh does. */
static void
parse_target(const char *arg, char **user, char **host, int *port)
{
	char	*s, *h, *u, *p;

	s = xstrdup(arg);
	h = s;
	if (strncmp(h, "ssh://", 6) == 0) {
		h += 6;
		if (*h != '\0' && h[strlen(h) - 1] == '/')
			h[strlen(h) - 1] = '\0';
	}
	/* an empty user name ("@host") is a bad one, not part of the host */
	if (*h == '@' && strrchr(h, '@') == h)
		usage_error("bad user name ''");
	if (session_split_target(h, &h, &u, &p) != 0)
		usage_error("bad target '%.60s'", arg);
	if (u != NULL) {
		if (!session_safe_word(u, "._-@+\\"))
			usage_error("bad user name '%.40s'", u);
		free(*user);
		*user = xstrdup(u);
	}
	if (p != NULL)
		*port = parse_port(p, "target");
	/* '%' only as an IPv6 zone ("fe80::1%eth0"): ssh expands %-tokens elsewhere. */
	if (!session_safe_word(h, ".-_:%") || (strchr(h, '%') != NULL && strchr(h, ':') == NULL))
		usage_error("bad host name '%.60s'", h);
	*host = xstrdup(h);
	free(s);
}

static int
parse_timeout(const char *s)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno != 0 || !(v > 0) || v > 600)
		usage_error("--timeout: bad value '%.40s' (seconds, more than 0, at most 600)", s);
	return (int)(v * 1000 + 0.5);
}

static int
list_causes(const struct content *c)
{
	size_t	 i;

	for (i = 0; i < c->ncauses; i++)
		printf("%s\t%s\n", c->causes[i].id, c->causes[i].title);
	return 0;
}

static int
print_article(const struct content *c, const char *id, int own_content)
{
	struct article	*a;
	struct winsize	 ws;
	char		*cause = NULL;
	int		 width = 80;

	if (content_cause(c, id) == NULL) {
		error_line("--article: unknown cause id '%.64s' (sshdoc --list shows them)", id);
		return 2;
	}
	if (content_article(c, id, &a, &cause) != 0) {
		error_line("%s", cause);
		free(cause);
		/* Broken content from --content DIR is the person's input, as at load. */
		return own_content ? 2 : 3;
	}
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 40)
		width = ws.ws_col > 100 ? 100 : ws.ws_col;
	article_print(stdout, a, width);
	article_free(a);
	return 0;
}

static int
lint(const struct content *c)
{
	struct strlist	 problems = { NULL, 0 };
	size_t		 i, n;

	n = content_lint(c, &problems);
	for (i = 0; i < problems.n; i++)
		printf("%s\n", problems.v[i]);
	if (n == 0)
		printf("content OK: %zu causes with articles, %zu tree nodes\n",
		    c->ncauses, c->tree->nnodes);
	strlist_free(&problems);
	content_undetected(c, &problems);
	if (problems.n > 0) {
		printf("note: %zu causes have articles but no tree route yet:", problems.n);
		for (i = 0; i < problems.n; i++)
			printf(" %s", problems.v[i]);
		printf("\n");
	}
	strlist_free(&problems);
	return n == 0 ? 0 : 1;
}

/* What the command line asks for. */
struct cmdline {
	struct check_options opt;	/* the walk's options; logs points at logs below */
	const char	*logs[LOGS_MAX + 1];	/* --log FILE, NULL-terminated */
	int		 nlogs;
	const char	*answers[LOGS_MAX + 1];	/* --answer Q=A, NULL-terminated */
	int		 nanswers;
	const char	*content_dir;	/* --content */
	const char	*article;	/* --article */
	const char	*fix;		/* --fix ID */
	const char	*ip_url;	/* --ip-url */
	const char	*share_url;	/* --share */
	const char	*update_url;	/* --update-content */
	char		*user;		/* -l or user@ (owned) */
	char		*host;		/* the target (owned) */
	int		 port;		/* -p or :port, 0 if not given */
	int		 my_ip;		/* --my-ip */
	int		 redact;	/* --redact */
	int		 yes;		/* --yes */
	int		 rollback;	/* --content-rollback */
	int		 report;	/* --report, --json or --share */
	int		 json;		/* --json */
	int		 list;		/* --list */
	int		 lint;		/* --lint */
	const char	*ssh_options[CHECK_SSH_OPTIONS_MAX + 1];	/* -o, NULL-terminated */
	int		 nssh_options;
	char		 ignored[64];	/* ssh's options sshdoc ignores, as letters */
	int		 remote_command;	/* words after the host: ssh's remote command */
	struct fleet_opts fleet;	/* --hosts, --inventory, --limit, --parallel */
};

/*
 * ssh's own options, so that "replace ssh by sshdoc" holds: -o, -J, -4 and -6
 * go to ssh -G and the attempt (each value its own argv element); the ones that
 * change nothing about reaching the server are noted and ignored. 1 if ch was one.
 */
static int
parse_ssh_option(struct cmdline *cl, int ch)
{
	const char	*eq;
	size_t		 len;

	switch (ch) {
	case 'o':
		/* "Key=Value" or "Key Value", Key a word: ssh reads the rest. */
		eq = optarg + strcspn(optarg, "= \t");
		if (eq == optarg || *eq == '\0' || strlen(optarg) > 1024)
			usage_error("-o: expected Key=Value, got '%.40s'", optarg);
		for (len = 0; optarg[len] != '\0'; len++) {
			if ((unsigned char)optarg[len] < 0x20 || optarg[len] == 0x7f)
				usage_error("-o: control character in '%.40s'", optarg);
		}
		if (cl->nssh_options == CHECK_SSH_OPTIONS_MAX)
			usage_error("-o: at most %d options", CHECK_SSH_OPTIONS_MAX);
		cl->ssh_options[cl->nssh_options++] = optarg;
		return 1;
	case 'J':
		if (strcmp(optarg, "none") != 0 && !session_safe_word(optarg, "._-@+:,[]%"))
			usage_error("-J: bad jump host '%.40s'", optarg);
		cl->opt.jump = optarg;
		return 1;
	case '4':
	case '6':
		cl->opt.family = ch - '0';
		return 1;
	case 'v': case 'A': case 'X': case 'Y': case 't': case 'T': case 'C': case 'q':
	case 'N':
		if (strchr(cl->ignored, ch) == NULL && strlen(cl->ignored) + 1 < sizeof cl->ignored)
			cl->ignored[strlen(cl->ignored)] = (char)ch;
		return 1;
	}
	return 0;
}

/* One line on stderr for what sshdoc takes from ssh's command line but does not use. */
static void
note_ignored(const struct cmdline *cl)
{
	size_t	 i;

	if (cl->ignored[0] != '\0') {
		fprintf(stderr, "sshdoc: ignoring");
		for (i = 0; cl->ignored[i] != '\0'; i++)
			fprintf(stderr, " -%c", cl->ignored[i]);
		fprintf(stderr, " (sshdoc runs ssh -vvv itself, with no forwarding or session)\n");
	}
	if (cl->remote_command)
		fprintf(stderr, "sshdoc: ignoring the remote command: sshdoc only connects\n");
}

/*
 * --explain's input, before anything runs: a file that cannot be read is one
 * line and exit 2; "-" on a terminal opens the wizard's paste form (a report
 * has nothing to read there). -1 when the program goes on.
 */
static int
explain_input(struct cmdline *cl)
{
	const char	*f = cl->opt.explain_file;
	struct stat	 st;
	char		*clean;

	if (strcmp(cl->opt.mode, "explain") != 0 || f == NULL)
		return -1;
	if (strcmp(f, "-") == 0) {
		if (!isatty(STDIN_FILENO))
			return -1;
		if (cl->report || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, "sshdoc: --explain -: standard input is this terminal; "
			    "pipe the text in, or run sshdoc --explain - without --report to "
			    "paste it\n");
			return 2;
		}
		cl->opt.explain_file = NULL;
		return -1;
	}
	/* A pipe (--explain <(ssh -v ...)) is read like standard input, bounded. */
	if (stat(f, &st) == 0 && S_ISFIFO(st.st_mode))
		return -1;
	if (stat(f, &st) == -1 || !S_ISREG(st.st_mode)) {
		clean = sanitize_str(f, 200);
		fprintf(stderr, "sshdoc: --explain %s: %s\n", clean, stat(f, &st) == -1 ?
		    strerror(errno) : "not a regular file or a pipe");
		free(clean);
		return 2;
	}
	return -1;
}

/* One option into cl; -1 when the program goes on, else the exit status (--help, --version). */
static int
parse_option(struct cmdline *cl, int ch, char **argv)
{
	struct check_options *opt = &cl->opt;
	char	*cause = NULL;
	time_t	 since;

	if (parse_ssh_option(cl, ch))
		return -1;
	switch (ch) {
	case 'p':
		cl->port = parse_port(optarg, "-p");
		break;
	case 'l':
		if (!session_safe_word(optarg, "._-@+\\"))
			usage_error("-l: bad user name '%.40s'", optarg);
		free(cl->user);
		cl->user = xstrdup(optarg);
		break;
	case 'F':
		opt->ssh_config = path_arg("-F", optarg, 0);
		break;
	case 'i':
		opt->identity = path_arg("-i", optarg, 0);
		break;
	case OPT_SERVER:
		opt->mode = "server";
		break;
	case OPT_PORT:
		opt->server_port = parse_port(optarg, "--port");
		break;
	case OPT_SSHD_CONFIG:
		opt->sshd_config = path_arg("--sshd-config", optarg, 0);
		break;
	case OPT_LOG:
		if (cl->nlogs == LOGS_MAX)
			usage_error("--log: at most %d files", LOGS_MAX);
		cl->logs[cl->nlogs++] = path_arg("--log", optarg, 0);
		break;
	case OPT_SINCE:
		if (logtime_since(optarg, time(NULL), &since) != 0)
			usage_error("--since: bad time '%.40s' (YYYY-MM-DD[ HH:MM[:SS]], ISO 8601, "
			    "-2h, 2h ago)", optarg);
		opt->since = optarg;
		break;
	case OPT_CLIENT_IP:
		if (!session_safe_word(optarg, ".:%"))
			usage_error("--client-ip: bad address '%.40s'", optarg);
		opt->client_ip = optarg;
		break;
	case OPT_USER:
		opt->server_user = user_arg(optarg);
		break;
	case OPT_KEY:
		opt->key = key_arg(optarg);
		break;
	case OPT_HOSTS: case OPT_INVENTORY: case OPT_LIMIT: case OPT_PARALLEL:
		cl->fleet.args[ch - OPT_HOSTS] = optarg;	/* checked by fleet_check */
		break;
	case OPT_EXPLAIN:
		opt->mode = "explain";
		opt->explain_file = path_arg("--explain", optarg, 1);
		break;
	case OPT_REPORT:
		cl->report = 1;
		break;
	case OPT_JSON:
		cl->json = cl->report = 1;
		break;
	case OPT_TIMEOUT:
		opt->timeout_ms = parse_timeout(optarg);
		break;
	case OPT_LIST:
		cl->list = 1;
		break;
	case OPT_ARTICLE:
		cl->article = optarg;
		break;
	case OPT_CONTENT:
		cl->content_dir = path_arg("--content", optarg, 0);
		break;
	case OPT_MY_IP:
		cl->my_ip = 1;
		break;
	case OPT_THOROUGH:
		cl->opt.thorough = 1;
		break;
	case OPT_IP_URL:
		if (http_url_check(optarg, 0, &cause) != 0)
			usage_error("--ip-url: %s", cause);
		cl->ip_url = optarg;
		break;
	case OPT_SHARE:
		if (http_url_check(optarg, 0, &cause) != 0)
			usage_error("--share: %s", cause);
		cl->share_url = optarg;
		cl->report = 1;
		break;
	case OPT_REDACT:
		cl->redact = 1;
		break;
	case OPT_FIX:
		cl->fix = optarg;
		cl->report = 1;	/* never the wizard: the plan is printed */
		break;
	case OPT_YES:
		cl->yes = 1;
		break;
	case OPT_UPDATE_CONTENT:
		if (http_url_check(optarg, 1, &cause) != 0)
			usage_error("--update-content: %s", cause);
		cl->update_url = optarg;
		break;
	case OPT_CONTENT_ROLLBACK:
		cl->rollback = 1;
		break;
	case OPT_LINT:
		cl->lint = 1;
		break;
	case OPT_ANSWER:
		if (cl->nanswers == LOGS_MAX || strchr(optarg, '=') == NULL)
			usage_error("--answer: expected QUESTION=ANSWER, got '%.40s'", optarg);
		cl->answers[cl->nanswers++] = optarg;
		break;
	case OPT_HELP:
		usage(stdout);
		return 0;
	case OPT_VERSION:
		printf("sshdoc %s\n", SSHDOC_VERSION);
		return 0;
	case ':':
		usage_error("%s needs an argument", argv[optind - 1]);
	default:
		if (optopt != 0)
			usage_error("unknown option '-%c'", optopt);
		usage_error("unknown option '%.40s'", argv[optind - 1]);
	}
	return -1;
}

/* The command line into cl (usage errors end the program); -1, or the exit status. */
static int
parse_args(struct cmdline *cl, int argc, char **argv)
{
	const char *why;
	int	 ch, rc;

	memset(cl, 0, sizeof *cl);
	cl->opt.mode = "client";
	cl->opt.timeout_ms = 5000;
	opterr = 0;
	/*
	 * As ssh: options, the host, more options; the words after that are the
	 * remote command ('+': getopt stops at the first word that is not one).
	 */
	for (;;) {
		while ((ch = getopt_long(argc, argv, "+:p:l:F:i:o:J:46vAXYtTCqN",
		    long_options, NULL)) != -1)
			if ((rc = parse_option(cl, ch, argv)) != -1)
				return rc;
		if (optind >= argc)
			break;
		if (cl->host != NULL || strcmp(argv[optind - 1], "--") == 0) {
			if (cl->host == NULL)
				parse_target(argv[optind++], &cl->user, &cl->host, &cl->port);
			cl->remote_command = optind < argc;
			break;
		}
		parse_target(argv[optind++], &cl->user, &cl->host, &cl->port);
	}
	cl->logs[cl->nlogs] = NULL;
	cl->opt.logs = cl->logs;
	cl->answers[cl->nanswers] = NULL;
	if (cl->opt.since != NULL && strcmp(cl->opt.mode, "server") != 0)
		usage_error("--since applies to --server");
	if (cl->opt.server_user != NULL && strcmp(cl->opt.mode, "server") != 0)
		usage_error("--user applies to --server (the client's user is -l or user@)");
	if (cl->opt.key != NULL && cl->opt.server_user == NULL)
		usage_error("--key needs --user: the account whose keys hold it");
	cl->ssh_options[cl->nssh_options] = NULL;
	cl->opt.ssh_options = cl->nssh_options > 0 ? cl->ssh_options : NULL;
	note_ignored(cl);
	if (cl->fix != NULL && (cl->redact || cl->share_url != NULL))
		usage_error("--fix prints the person's own files and commands: "
		    "not with --redact or --share");
	if (cl->redact && !cl->json && cl->share_url == NULL)
		usage_error("--redact applies to the JSON report: use it with --json or --share");
	if ((why = fleet_check(&cl->fleet, cl->host != NULL, cl->opt.mode, cl->json,
	    cl->share_url != NULL || cl->redact)) != NULL)
		usage_error("%s", why);
	if (cl->share_url != NULL && !cl->yes &&
	    !(isatty(STDIN_FILENO) && isatty(STDERR_FILENO)))
		usage_error("--share: no terminal to confirm on: add --yes to send without asking");
	return -1;
}

/* --report, --json, --share: one walk in this thread, then the report. */
static int
run_report(struct cmdline *cl, const struct content *content)
{
	const struct tree_question *q;
	const struct tree_answer *a;
	struct walk *w;
	char	*cause = NULL;
	int	 rc, shrc, i;

	w = walk_new(content, &cl->opt);
	for (i = 0; i < cl->nanswers; i++) {
		if (session_answer_parse(content, cl->answers[i], &q, &a) != 0 ||
		    walk_answer(w, q->id, a->id) != 0) {
			walk_free(w);
			usage_error("--answer: the decision tree has no question and "
			    "answer '%.60s'", cl->answers[i]);
		}
	}
	if (walk_run(w, &cause) != 0) {
		error_line("%s", cause);
		free(cause);
	}
	rc = walk_exit_status(w);
	if (cl->fix != NULL) {
		struct fix_cli fc = { cl->fix, cl->yes, cl->json, undo_confirm_timeout(),
		    cl->answers };

		rc = fix_command(stdout, content, w, &fc);
		walk_free(w);
		return rc;
	}
	if (!cl->json)
		report_text(stdout, w);
	else if (netcmd_report_json(stdout, w, cl->redact) != 0)
		rc = 3;
	fflush(stdout);
	if (cl->share_url != NULL && (shrc = netcmd_share(w, cl->share_url, cl->redact,
	    cl->yes, cl->opt.timeout_ms)) != 0)
		rc = shrc;
	walk_free(w);
	return rc;
}

/* --hosts, --inventory: each host's report is run_report's, in a child of ui/fleet.c. */
static int
fleet_report(void *arg, const struct content *content, const struct check_options *one)
{
	struct cmdline *cl = arg;

	cl->opt = *one;
	cl->json = cl->report = 1;
	return run_report(cl, content);
}

/* What the options ask for, in the order the contract gives; returns the exit status. */
static int
dispatch(struct cmdline *cl, const struct sshdoc_config *conf, struct content **content)
{
	struct check_options *opt = &cl->opt;
	const struct tree_question *q;
	const struct tree_answer *a;
	const char *ip_url = cl->ip_url != NULL ? cl->ip_url : conf->ip_url;
	char	*cause = NULL;
	int	 i, rc;

	/* An outside service is asked only when the person asked or configured one. */
	opt->ip_url = cl->my_ip && ip_url == NULL ? MYIP_DEFAULT_URL : ip_url;
	opt->control_url = conf->control_url;
	if (cl->rollback)
		return netcmd_rollback();
	if (cl->update_url != NULL)
		return netcmd_update(cl->update_url, opt->timeout_ms);
	if (cl->my_ip && cl->host == NULL && strcmp(opt->mode, "client") == 0)
		return netcmd_my_ip(opt->ip_url, opt->timeout_ms);

	if (update_content_load(cl->content_dir, content, &cause) != 0) {
		error_line("content: %s", cause);
		free(cause);
		return cl->content_dir != NULL ? 2 : 3;
	}
	if (cl->lint)
		return lint(*content);
	if (cl->list)
		return list_causes(*content);
	if (cl->article != NULL)
		return print_article(*content, cl->article, cl->content_dir != NULL);
	if (cl->fix != NULL && content_cause(*content, cl->fix) == NULL)
		usage_error("--fix: unknown cause id '%.64s' (sshdoc --list shows them)", cl->fix);

	opt->host = cl->host;
	opt->port = cl->port != 0 ? cl->port : 22;
	opt->port_given = cl->port != 0;
	opt->user_given = cl->user != NULL;
	if (cl->user == NULL) {
		struct passwd *pw = getpwuid(getuid());
		if (pw != NULL)
			cl->user = xstrdup(pw->pw_name);
	}
	opt->user = cl->user;
	if (cl->fleet.active)
		return fleet_main(*content, opt, &cl->fleet, fleet_report, cl);
	if (strcmp(opt->mode, "client") == 0 && cl->host == NULL && cl->report)
		usage_error("a target host is needed with --report or --json");
	if (strcmp(opt->mode, "client") != 0 &&
	    tree_start_node((*content)->tree, opt->mode) == NULL) {
		/* Only a --content or installed tree can lack it: the bundled one has all. */
		fprintf(stderr, "sshdoc: the decision tree in use has no start for %s mode\n",
		    opt->mode);
		return 3;
	}
	for (i = 0; i < cl->nanswers; i++)
		if (session_answer_parse(*content, cl->answers[i], &q, &a) != 0)
			usage_error("--answer: the decision tree has no question and "
			    "answer '%.60s'", cl->answers[i]);
	if ((rc = explain_input(cl)) != -1)
		return rc;
	if (!cl->report && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		fleet_set_report(fleet_report, cl);	/* the wizard's many-hosts screen */
		if (terminal_usable())
			return wizard_main(*content, opt, cl->answers);
		return lineui_main(*content, opt, cl->answers);
	}
	if (cl->host == NULL && strcmp(opt->mode, "client") == 0)
		usage_error("a target host is needed when not on a terminal");
	return run_report(cl, *content);
}

int
main(int argc, char **argv)
{
	struct cmdline		 cl;
	struct sshdoc_config	 conf;
	struct content		*content = NULL;
	int			 rc;

	signal(SIGPIPE, SIG_IGN);
	if ((rc = undo_main(&argc, argv)) != -1)	/* --undo, --confirm (ui/undo.c) */
		return rc;
	if ((rc = parse_args(&cl, argc, argv)) != -1)
		return rc;
	/* libcurl's and libssh's global state, once, before any thread. */
	probes_init();
	memset(&conf, 0, sizeof conf);
	netcmd_config(&conf);
	rc = dispatch(&cl, &conf, &content);
	/* A cancelled check may still be inside libssh: then leave its state to exit. */
	if (walk_live_jobs() == 0)
		probes_done();
	conffile_free(&conf);
	content_free(content);
	free(cl.user);
	free(cl.host);
	return rc;
}
