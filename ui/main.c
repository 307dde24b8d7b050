/* main.c: command line (ssh-like, per ../shared/contract.md) and dispatch to the reports or the wizard. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libssh/libssh.h>

#include "content/walk.h"
#include "lib/http.h"
#include "lib/myip.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "content/content.h"
#include "content/update.h"
#include "ui/netcmd.h"
#include "ui/ui.h"

#define LOGS_MAX 32

enum {
	OPT_SERVER = 256, OPT_PORT, OPT_SSHD_CONFIG, OPT_LOG, OPT_CLIENT_IP,
	OPT_EXPLAIN, OPT_REPORT, OPT_JSON, OPT_TIMEOUT, OPT_LIST, OPT_ARTICLE,
	OPT_CONTENT, OPT_MY_IP, OPT_SHARE, OPT_UPDATE_CONTENT, OPT_HELP,
	OPT_VERSION, OPT_LINT, OPT_ANSWER, OPT_IP_URL, OPT_REDACT, OPT_YES,
	OPT_CONTENT_ROLLBACK,
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
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: sshdoc [options] [[user@]host[:port]]\n"
"       sshdoc --server [--port PORT] [--client-ip ADDR] [--log FILE]...\n"
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
"  --client-ip ADDR     with --server: address of a client that cannot connect\n"
"  --explain FILE       diagnose an ssh -v transcript or error message (- for stdin)\n"
"  --report             plain-text report, no wizard\n"
"  --json               JSON report (implies --report)\n"
"  --timeout SECONDS    bound for each network probe (default 5)\n"
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
"  --yes                with --share: send without asking (needed without a terminal)\n"
"  --update-content URL fetch a content bundle (https://, or file://), verify and\n"
"                       install it for later runs\n"
"  --content-rollback   go back to the content before the last update\n"
"  --lint               check the content (tree, causes, articles) and report problems\n"
"  --answer Q=A         answer a question of the decision tree (re-ranks causes; repeatable)\n"
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

static int
parse_port(const char *s, const char *what)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 1 || v > 65535)
		usage_error("%s: bad port '%.40s' (1-65535)", what, s);
	return (int)v;
}

/* Printable, no spaces, no leading '-': a host or user can never become an option. */
static int
safe_word(const char *s, const char *extra)
{
	if (*s == '\0' || *s == '-' || strlen(s) > 255)
		return 0;
	for (; *s != '\0'; s++) {
		if (isalnum((unsigned char)*s) || strchr(extra, *s) != NULL)
			continue;
		return 0;
	}
	return 1;
}

/* Split "[user@]host[:port]", "[v6]:port", "ssh://user@host:port" as ssh does. */
static void
parse_target(const char *arg, char **user, char **host, int *port)
{
	char	*s, *h, *at, *colon, *close;

	s = xstrdup(arg);
	h = s;
	if (strncmp(h, "ssh://", 6) == 0) {
		h += 6;
		if (*h != '\0' && h[strlen(h) - 1] == '/')
			h[strlen(h) - 1] = '\0';
	}
	if ((at = strrchr(h, '@')) != NULL) {
		*at = '\0';
		if (!safe_word(h, "._-@+\\"))
			usage_error("bad user name '%.40s'", h);
		free(*user);
		*user = xstrdup(h);
		h = at + 1;
	}
	if (*h == '[') {
		if ((close = strchr(h, ']')) == NULL)
			usage_error("bad target '%.60s': missing ]", arg);
		*close = '\0';
		if (close[1] == ':')
			*port = parse_port(close + 2, "target");
		else if (close[1] != '\0')
			usage_error("bad target '%.60s'", arg);
		h++;
	} else if ((colon = strchr(h, ':')) != NULL && strchr(colon + 1, ':') == NULL) {
		*colon = '\0';
		*port = parse_port(colon + 1, "target");
	}
	/* '%' only as an IPv6 zone ("fe80::1%eth0"): ssh expands %-tokens elsewhere. */
	if (!safe_word(h, ".-_:%") || (strchr(h, '%') != NULL && strchr(h, ':') == NULL))
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

/* "QUESTION=ANSWER" names a question of the tree and one of its answers. */
static int
answer_known(const struct content *c, const char *qa)
{
	const struct tree_question *q;
	char	*s = xstrdup(qa), *eq = strchr(s, '=');
	int	 ok = 0;

	if (eq != NULL) {
		*eq = '\0';
		ok = (q = tree_question_find(c->tree, s)) != NULL &&
		    tree_answer_find(q, eq + 1) != NULL;
	}
	free(s);
	return ok;
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

int
main(int argc, char **argv)
{
	struct check_options	 opt;
	struct content		*content = NULL;
	struct walk		*w;
	const char		*logs[LOGS_MAX + 1];
	const char		*content_dir = NULL, *article = NULL;
	const char		*ip_url = NULL, *share_url = NULL, *update_url = NULL;
	struct sshdoc_config	 conf;
	int			 my_ip = 0, redact = 0, yes = 0, rollback = 0, shrc;
	char			*user = NULL, *host = NULL, *cause = NULL;
	int			 ch, nlogs = 0, report = 0, json = 0, list = 0;
	int			 do_lint = 0, port = 0, rc, nanswers = 0, i;
	const char		*answers[LOGS_MAX + 1];

	signal(SIGPIPE, SIG_IGN);
	memset(&opt, 0, sizeof opt);
	memset(&conf, 0, sizeof conf);
	opt.mode = "client";
	opt.timeout_ms = 5000;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":p:l:F:i:", long_options, NULL)) != -1) {
		switch (ch) {
		case 'p':
			port = parse_port(optarg, "-p");
			break;
		case 'l':
			if (!safe_word(optarg, "._-@+\\"))
				usage_error("-l: bad user name '%.40s'", optarg);
			free(user);
			user = xstrdup(optarg);
			break;
		case 'F':
			opt.ssh_config = path_arg("-F", optarg, 0);
			break;
		case 'i':
			opt.identity = path_arg("-i", optarg, 0);
			break;
		case OPT_SERVER:
			opt.mode = "server";
			break;
		case OPT_PORT:
			opt.server_port = parse_port(optarg, "--port");
			break;
		case OPT_SSHD_CONFIG:
			opt.sshd_config = path_arg("--sshd-config", optarg, 0);
			break;
		case OPT_LOG:
			if (nlogs == LOGS_MAX)
				usage_error("--log: at most %d files", LOGS_MAX);
			logs[nlogs++] = path_arg("--log", optarg, 0);
			break;
		case OPT_CLIENT_IP:
			if (!safe_word(optarg, ".:%"))
				usage_error("--client-ip: bad address '%.40s'", optarg);
			opt.client_ip = optarg;
			break;
		case OPT_EXPLAIN:
			opt.mode = "explain";
			opt.explain_file = path_arg("--explain", optarg, 1);
			break;
		case OPT_REPORT:
			report = 1;
			break;
		case OPT_JSON:
			json = report = 1;
			break;
		case OPT_TIMEOUT:
			opt.timeout_ms = parse_timeout(optarg);
			break;
		case OPT_LIST:
			list = 1;
			break;
		case OPT_ARTICLE:
			article = optarg;
			break;
		case OPT_CONTENT:
			content_dir = path_arg("--content", optarg, 0);
			break;
		case OPT_MY_IP:
			my_ip = 1;
			break;
		case OPT_IP_URL:
			if (http_url_check(optarg, 0, &cause) != 0)
				usage_error("--ip-url: %s", cause);
			ip_url = optarg;
			break;
		case OPT_SHARE:
			if (http_url_check(optarg, 0, &cause) != 0)
				usage_error("--share: %s", cause);
			share_url = optarg;
			report = 1;
			break;
		case OPT_REDACT:
			redact = 1;
			break;
		case OPT_YES:
			yes = 1;
			break;
		case OPT_UPDATE_CONTENT:
			if (http_url_check(optarg, 1, &cause) != 0)
				usage_error("--update-content: %s", cause);
			update_url = optarg;
			break;
		case OPT_CONTENT_ROLLBACK:
			rollback = 1;
			break;
		case OPT_LINT:
			do_lint = 1;
			break;
		case OPT_ANSWER:
			if (nanswers == LOGS_MAX || strchr(optarg, '=') == NULL)
				usage_error("--answer: expected QUESTION=ANSWER, got '%.40s'", optarg);
			answers[nanswers++] = optarg;
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
	}
	logs[nlogs] = NULL;
	opt.logs = logs;
	if (optind < argc - 1)
		usage_error("unexpected argument '%.40s'", argv[optind + 1]);
	if (optind == argc - 1)
		parse_target(argv[optind], &user, &host, &port);
	if (redact && !json && share_url == NULL)
		usage_error("--redact applies to the JSON report: use it with --json or --share");
	if (share_url != NULL && !yes && !(isatty(STDIN_FILENO) && isatty(STDERR_FILENO)))
		usage_error("--share: no terminal to confirm on: add --yes to send without asking");

	/* libcurl's global state, once, before any thread. */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	netcmd_config(&conf);
	if (ip_url == NULL)
		ip_url = conf.ip_url;
	/* An outside service is asked only when the person asked or configured one. */
	opt.ip_url = my_ip && ip_url == NULL ? MYIP_DEFAULT_URL : ip_url;
	opt.control_url = conf.control_url;
	if (rollback) {
		rc = netcmd_rollback();
		goto out;
	}
	if (update_url != NULL) {
		rc = netcmd_update(update_url, opt.timeout_ms);
		goto out;
	}
	if (my_ip && host == NULL && strcmp(opt.mode, "client") == 0) {
		rc = netcmd_my_ip(opt.ip_url, opt.timeout_ms);
		goto out;
	}

	if (update_content_load(content_dir, &content, &cause) != 0) {
		error_line("content: %s", cause);
		free(cause);
		rc = content_dir != NULL ? 2 : 3;
		goto out;	/* not return: the target parsed above is freed there */
	}
	/* libssh's global state, once, before any check thread uses it. */
	ssh_init();
	if (do_lint) {
		rc = lint(content);
		goto out;
	}
	if (list) {
		rc = list_causes(content);
		goto out;
	}
	if (article != NULL) {
		rc = print_article(content, article, content_dir != NULL);
		goto out;
	}

	opt.host = host;
	opt.port = port != 0 ? port : 22;
	opt.port_given = port != 0;
	opt.user_given = user != NULL;
	if (user == NULL) {
		struct passwd *pw = getpwuid(getuid());
		if (pw != NULL)
			user = xstrdup(pw->pw_name);
	}
	opt.user = user;
	if (strcmp(opt.mode, "client") == 0 && host == NULL && report)
		usage_error("a target host is needed with --report or --json");
	if (strcmp(opt.mode, "client") != 0 && tree_start_node(content->tree, opt.mode) == NULL) {
		/* Only a --content or installed tree can lack it: the bundled one has all. */
		fprintf(stderr, "sshdoc: the decision tree in use has no start for %s mode\n",
		    opt.mode);
		rc = 3;
		goto out;
	}

	answers[nanswers] = NULL;
	for (i = 0; i < nanswers; i++)
		if (!answer_known(content, answers[i]))
			usage_error("--answer: the decision tree has no question and "
			    "answer '%.60s'", answers[i]);
	if (!report && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		if (terminal_usable())
			rc = wizard_main(content, &opt, answers);
		else
			rc = lineui_main(content, &opt, answers);
		goto out;
	}
	if (host == NULL && strcmp(opt.mode, "client") == 0)
		usage_error("a target host is needed when not on a terminal");

	w = walk_new(content, &opt);
	for (i = 0; i < nanswers; i++) {
		char *q = xstrdup(answers[i]), *a = strchr(q, '=');

		*a++ = '\0';
		if (walk_answer(w, q, a) != 0) {
			free(q);
			walk_free(w);
			usage_error("--answer: the decision tree has no question and "
			    "answer '%.60s'", answers[i]);
		}
		free(q);
	}
	if (walk_run(w, &cause) != 0) {
		error_line("%s", cause);
		free(cause);
	}
	rc = walk_exit_status(w);
	if (!json)
		report_text(stdout, w);
	else if (netcmd_report_json(stdout, w, redact) != 0)
		rc = 3;
	fflush(stdout);
	if (share_url != NULL && (shrc = netcmd_share(w, share_url, redact, yes,
	    opt.timeout_ms)) != 0)
		rc = shrc;
	walk_free(w);
out:
	/* A cancelled check may still be inside libssh: then leave its state to exit. */
	if (walk_live_jobs() == 0) {
		ssh_finalize();
		curl_global_cleanup();
	}
	conffile_free(&conf);
	content_free(content);
	free(user);
	free(host);
	return rc;
}
