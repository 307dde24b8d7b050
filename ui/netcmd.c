/* netcmd.c: what --my-ip, --share, --update-content and --content-rollback do and say; ui/ never calls libcurl, checks/http.c does. */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/http.h"
#include "lib/myip.h"
#include "lib/sanitize.h"
#include "lib/xmalloc.h"
#include "content/update.h"
#include "ui/netcmd.h"
#include "ui/redact.h"
#include "ui/ui.h"

#define SHARE_ANSWER_MAX	(64 * 1024)	/* bytes of the service's answer kept */
#define SHARE_ANSWER_LINES	40		/* lines of it printed */

void
netcmd_config(struct sshdoc_config *conf)
{
	char	*path, *cause = NULL;

	memset(conf, 0, sizeof *conf);
	if ((path = conffile_path()) == NULL)
		return;
	if (conffile_load(path, conf, &cause) != 0) {
		char *clean = sanitize_str(cause, 300);

		fprintf(stderr, "sshdoc: %s (ignoring the configuration file)\n", clean);
		free(clean);
		free(cause);
	}
	free(path);
}

int
netcmd_my_ip(const char *url, int timeout_ms)
{
	struct myip	 m;
	char		*host = http_url_host(url), *label;
	int		 n;

	xasprintf(&label, "asking %s", host != NULL ? host : "the echo service");
	n = myip_query(url, timeout_ms, label, &m);
	free(label);
	if (m.v4.addr[0] != '\0')
		printf("IPv4 %s\n", m.v4.addr);
	if (m.v6.addr[0] != '\0')
		printf("IPv6 %s\n", m.v6.addr);
	fflush(stdout);
	if (n == 0) {
		fprintf(stderr, "sshdoc: --my-ip: no address: IPv4: %s; IPv6: %s\n",
		    m.v4.error ? m.v4.error : "no answer", m.v6.error ? m.v6.error : "no answer");
	} else {
		if (m.v4.addr[0] == '\0' && m.v4.error != NULL)
			fprintf(stderr, "sshdoc: --my-ip: no IPv4 address: %s\n", m.v4.error);
		if (m.v6.addr[0] == '\0' && m.v6.error != NULL)
			fprintf(stderr, "sshdoc: --my-ip: no IPv6 address: %s\n", m.v6.error);
	}
	if (http_proxy_set())
		fprintf(stderr, "sshdoc: --my-ip: note: a proxy is set in the environment; "
		    "the service may have seen the proxy's address\n");
	myip_free(&m);
	free(host);
	return n > 0 ? 0 : 3;
}

int
netcmd_update(const char *url, int timeout_ms)
{
	char	*dir = NULL, *cause = NULL, *clean;

	if (update_install(url, timeout_ms, 1, &dir, &cause) != 0) {
		clean = sanitize_str(cause, 600);
		fprintf(stderr, "sshdoc: --update-content: nothing changed: %s\n", clean);
		free(clean);
		free(cause);
		return 3;
	}
	clean = sanitize_str(dir, 0);
	printf("content installed in %s; the one before is kept "
	    "(sshdoc --content-rollback goes back)\n", clean);
	free(clean);
	free(dir);
	return 0;
}

int
netcmd_rollback(void)
{
	char	*now = NULL, *cause = NULL, *clean;

	if (update_rollback(&now, &cause) != 0) {
		clean = sanitize_str(cause, 600);
		fprintf(stderr, "sshdoc: --content-rollback: %s\n", clean);
		free(clean);
		free(cause);
		return 3;
	}
	if (now == NULL)
		printf("content in use now: the bundled content "
		    "(sshdoc --content-rollback again returns to the installed one)\n");
	else {
		clean = sanitize_str(now, 0);
		printf("content in use now: %s\n", clean);
		free(clean);
	}
	free(now);
	return 0;
}

/* Everything the report may name that a person may not want to share. */
static void
redact_setup(struct redact *r, const struct walk *w)
{
	struct passwd	*pw;
	const char	*user, *host;
	char		 name[256];
	int		 port;

	redact_init(r);
	redact_user(r, w->opt.user);
	if ((pw = getpwuid(getuid())) != NULL)
		redact_user(r, pw->pw_name);
	redact_user(r, getenv("USER"));
	redact_user(r, getenv("LOGNAME"));
	if (w->opt.host != NULL)
		redact_host(r, w->opt.host);
	if (gethostname(name, sizeof name) == 0) {
		name[sizeof name - 1] = '\0';
		redact_host(r, name);
	}
	walk_effective(w, &user, &host, &port);
	redact_user(r, user);
	redact_host(r, host);
}

/* The JSON report as a string, redacted when asked; NULL (said on stderr) on failure. */
static char *
report_string(const struct walk *w, int redact, size_t *len)
{
	struct redact	 r;
	FILE		*f;
	char		*buf = NULL;
	size_t		 size = 0;

	if ((f = open_memstream(&buf, &size)) == NULL) {
		fprintf(stderr, "sshdoc: out of memory\n");
		return NULL;
	}
	if (redact) {
		redact_setup(&r, w);
		report_json_redact(f, w, &r);
		redact_free(&r);
	} else
		report_json(f, w);
	if (fclose(f) != 0) {
		free(buf);
		fprintf(stderr, "sshdoc: out of memory\n");
		return NULL;
	}
	*len = size;
	return buf;
}

int
netcmd_report_json(FILE *f, const struct walk *w, int redact)
{
	struct redact	 r;

	if (!redact) {
		report_json(f, w);
		return 0;
	}
	redact_setup(&r, w);
	report_json_redact(f, w, &r);
	redact_free(&r);
	return 0;
}

/* y or yes on the terminal; anything else (or EOF) is no. */
static int
confirm(const char *host)
{
	char	 line[64];
	size_t	 n;

	fprintf(stderr, "Send this report to %s? [y/N] ", host);
	fflush(stderr);
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	return strcmp(line, "y") == 0 || strcmp(line, "Y") == 0 ||
	    strcmp(line, "yes") == 0 || strcmp(line, "YES") == 0;
}

int
netcmd_share(const struct walk *w, const char *url, int redact, int yes, int timeout_ms)
{
	struct http_req	 req;
	char		*payload, *host, *shown, *line;
	const char	*p, *nl, *end;
	size_t		 len = 0;
	int		 nlines = 0, rc = 0;

	if ((payload = report_string(w, redact, &len)) == NULL)
		return 3;
	host = http_url_host(url);
	shown = sanitize_str(url, 300);
	fprintf(stderr, "sshdoc: --share: %s%zu bytes will be sent to %s "
	    "(HTTP POST, application/json):\n", redact ? "redacted, " : "", len, shown);
	fwrite(payload, 1, len, stderr);
	if (len > 0 && payload[len - 1] != '\n')
		fputc('\n', stderr);
	if (!yes && !(isatty(STDIN_FILENO) && isatty(STDERR_FILENO))) {
		fprintf(stderr, "sshdoc: --share: not sent: no terminal to confirm on "
		    "(add --yes to send without asking)\n");
		rc = 2;
		goto out;
	}
	if (!yes && !confirm(host != NULL ? host : shown)) {
		fprintf(stderr, "sshdoc: --share: not sent\n");
		goto out;
	}
	memset(&req, 0, sizeof req);
	req.url = url;
	req.post = payload;
	req.post_len = len;
	req.content_type = "application/json";
	req.max_body = SHARE_ANSWER_MAX;
	req.connect_timeout_ms = timeout_ms;
	req.timeout_ms = timeout_ms * 6;
	http_run(&req, 1, "sending the report");
	if (req.kind != HTTP_OK) {
		fprintf(stderr, "sshdoc: --share: not sent: %s\n",
		    req.error != NULL ? req.error : "transfer failed");
		http_req_free(&req);
		rc = 3;
		goto out;
	}
	fprintf(stderr, "sshdoc: --share: sent %zu bytes to %s; it answered (HTTP %ld)%s\n",
	    len, host != NULL ? host : shown, req.status, req.body_len > 0 ? ":" : ".");
	p = req.body != NULL ? req.body : "";
	end = p + req.body_len;
	while (p < end && nlines < SHARE_ANSWER_LINES) {
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl != NULL ? nl : end) - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		line = sanitize(p, n, SANITIZE_LINE_MAX);
		fprintf(stderr, "  %s\n", line);
		free(line);
		nlines++;
		p = nl != NULL ? nl + 1 : end;
	}
	if (p < end)
		fprintf(stderr, "  ... (answer cut)\n");
	http_req_free(&req);
out:
	free(shown);
	free(host);
	free(payload);
	return rc;
}
