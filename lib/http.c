/* http.c: every HTTPS transfer sshdoc makes goes through http_run: HTTPS only, NOSIGNAL, connect and total timeouts, a capped body, clear one-line errors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/crypto.h>

#include "lib/http.h"
#include "lib/sanitize.h"
#include "lib/util.h"
#include "lib/xmalloc.h"

#define HTTP_URL_MAX		2048
#define HTTP_BODY_DEFAULT	(64 * 1024)
#define HTTP_PROGRESS_AFTER_MS	1000
#define HTTP_POLL_MS		100

struct xfer {
	struct http_req	*req;		/* what the caller asked and gets back */
	CURL		*h;		/* the easy handle */
	struct curl_slist *headers;	/* extra request headers */
	char		 errbuf[CURL_ERROR_SIZE]; /* libcurl's own detail */
	size_t		 cap;		/* max_body, resolved */
	int		 connect_ms;	/* connect timeout, resolved */
	int		 total_ms;	/* total timeout, resolved */
	size_t		 alloc;		/* bytes allocated for req->body */
	int		 overflow;	/* the body went past cap */
	CURLcode	 rc;		/* how the transfer ended */
	int		 ended;		/* rc is valid */
};

int
http_url_check(const char *url, int allow_file, char **cause)
{
	CURLU		*u;
	CURLUcode	 uc;
	char		*scheme = NULL, *host = NULL, *path = NULL;
	const char	*p;
	int		 rc = -1;

	if (url == NULL || *url == '\0')
		return set_cause(cause, "empty URL");
	if (strlen(url) > HTTP_URL_MAX)
		return set_cause(cause, "URL longer than %d bytes", HTTP_URL_MAX);
	for (p = url; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return set_cause(cause, "URL contains a space, a control character "
			    "or a non-ASCII byte (percent-encode it)");
	}
	/* Exactly as written: libcurl would also take "https:/x" or "HTTPS://x". */
	if (strncmp(url, "https://", 8) != 0 &&
	    !(allow_file && strncmp(url, "file://", 7) == 0)) {
		p = strstr(url, "://");
		return set_cause(cause, "only https:// URLs are accepted%s%s%.*s%s",
		    allow_file ? " (and file:// for a local mirror)" : "",
		    p != NULL && p - url <= 16 ? ", not " : "",
		    p != NULL && p - url <= 16 ? (int)(p - url) : 0, url,
		    p != NULL && p - url <= 16 ? "://" : "");
	}
	if ((u = curl_url()) == NULL)
		return set_cause(cause, "out of memory");
	if ((uc = curl_url_set(u, CURLUPART_URL, url, 0)) != CURLUE_OK) {
		set_cause(cause, "not a valid URL (%s)", curl_url_strerror(uc));
		goto out;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		set_cause(cause, "URL without a scheme");
		goto out;
	}
	if (strcmp(scheme, "https") == 0) {
		if (url[8] == '/' || curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
		    *host == '\0') {
			set_cause(cause, "https:// URL without a host");
			goto out;
		}
	} else if (allow_file && strcmp(scheme, "file") == 0) {
		if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK ||
		    path[0] != '/' || path[1] == '\0') {
			set_cause(cause, "file:// URL without a path");
			goto out;
		}
	} else {
		set_cause(cause, "only https:// URLs are accepted%s, not %.16s://",
		    allow_file ? " (and file:// for a local mirror)" : "", scheme);
		goto out;
	}
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(path);
	curl_url_cleanup(u);
	return rc;
}

char *
http_url_host(const char *url)
{
	CURLU	*u;
	char	*host = NULL, *out = NULL;

	if ((u = curl_url()) == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		out = sanitize_str(host, 256);
	curl_free(host);
	curl_url_cleanup(u);
	return out;
}

/* The port an http(s) URL connects to (443 by default), or 0. */
static long
url_port(const char *url)
{
	CURLU	*u;
	char	*port = NULL;
	long	 p = 0;

	if ((u = curl_url()) == NULL)
		return 0;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
		p = strtol(port, NULL, 10);
	curl_free(port);
	curl_url_cleanup(u);
	return p;
}

static int
env_set(const char *name)
{
	const char	*v = getenv(name);

	return v != NULL && *v != '\0';
}

int
http_proxy_set(void)
{
	/* libcurl's own order for an https:// URL; it never reads HTTP_PROXY. */
	return env_set("https_proxy") || env_set("HTTPS_PROXY") ||
	    env_set("all_proxy") || env_set("ALL_PROXY");
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct xfer	*x = arg;
	struct http_req	*r = x->req;
	size_t		 n = size * nmemb;

	if (n > x->cap - r->body_len) {
		/* Servers may send no Content-Length: the cap holds here too. */
		x->overflow = 1;
		return 0;
	}
	if (r->body_len + n + 1 > x->alloc) {
		while (r->body_len + n + 1 > x->alloc)
			x->alloc = x->alloc == 0 ? 4096 : x->alloc * 2;
		if (x->alloc > x->cap + 1)
			x->alloc = x->cap + 1;
		r->body = xreallocarray(r->body, 1, x->alloc);
	}
	memcpy(r->body + r->body_len, data, n);
	r->body_len += n;
	r->body[r->body_len] = '\0';
	return n;
}

static int
xfer_setup(struct xfer *x)
{
	struct http_req	*r = x->req;
	const char	*ca;
	int		 ct, tt;

	if ((x->h = curl_easy_init()) == NULL)
		return -1;
	x->cap = r->max_body != 0 ? r->max_body : HTTP_BODY_DEFAULT;
	ct = r->connect_timeout_ms > 0 ? r->connect_timeout_ms : 5000;
	tt = r->timeout_ms > 0 ? r->timeout_ms : ct;
	if (ct > tt)
		ct = tt;
	x->connect_ms = ct;
	x->total_ms = tt;
	curl_easy_setopt(x->h, CURLOPT_URL, r->url);
	curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
	curl_easy_setopt(x->h, CURLOPT_ERRORBUFFER, x->errbuf);
	/* Threads: libcurl must not use signals (its resolver runs in a thread). */
	curl_easy_setopt(x->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->h, CURLOPT_PROTOCOLS_STR, r->allow_file ? "https,file" : "https");
	curl_easy_setopt(x->h, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(x->h, CURLOPT_CONNECTTIMEOUT_MS, (long)ct);
	curl_easy_setopt(x->h, CURLOPT_TIMEOUT_MS, (long)tt);
	curl_easy_setopt(x->h, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(x->h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->cap);
	curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->h, CURLOPT_USERAGENT, "sshdoc/" SSHDOC_VERSION);
	switch (r->family) {
	case HTTP_V4:
		curl_easy_setopt(x->h, CURLOPT_IPRESOLVE, (long)CURL_IPRESOLVE_V4);
		break;
	case HTTP_V6:
		curl_easy_setopt(x->h, CURLOPT_IPRESOLVE, (long)CURL_IPRESOLVE_V6);
		break;
	case HTTP_ANY:
		break;
	}
	/*
	 * libcurl (7.88, OpenSSL) reads no CA variable itself: honour the ones the
	 * curl tool and OpenSSL document, for private CAs. Verification stays on.
	 */
	if ((ca = getenv("CURL_CA_BUNDLE")) != NULL && *ca != '\0')
		curl_easy_setopt(x->h, CURLOPT_CAINFO, ca);
	else if ((ca = getenv("SSL_CERT_FILE")) != NULL && *ca != '\0')
		curl_easy_setopt(x->h, CURLOPT_CAINFO, ca);
	if ((ca = getenv("SSL_CERT_DIR")) != NULL && *ca != '\0')
		curl_easy_setopt(x->h, CURLOPT_CAPATH, ca);
	if (r->post != NULL) {
		x->headers = curl_slist_append(x->headers, "Expect:");
		if (r->content_type != NULL) {
			char	*h;

			xasprintf(&h, "Content-Type: %s", r->content_type);
			x->headers = curl_slist_append(x->headers, h);
			free(h);
		}
		curl_easy_setopt(x->h, CURLOPT_HTTPHEADER, x->headers);
		curl_easy_setopt(x->h, CURLOPT_POSTFIELDS, r->post);
		curl_easy_setopt(x->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->post_len);
	} else {
		if (r->head)
			curl_easy_setopt(x->h, CURLOPT_NOBODY, 1L);
		curl_easy_setopt(x->h, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(x->h, CURLOPT_MAXREDIRS, 3L);
	}
	/* No CURLOPT_PROXY: libcurl then reads https_proxy and no_proxy itself. */
	return 0;
}

static void
fmt_size(char *buf, size_t len, curl_off_t n)
{
	if (n < 10 * 1024)
		snprintf(buf, len, "%ld bytes", (long)n);
	else if (n < 10 * 1024 * 1024)
		snprintf(buf, len, "%ld KiB", (long)(n / 1024));
	else
		snprintf(buf, len, "%ld MiB", (long)(n / (1024 * 1024)));
}

static void
progress(struct xfer *xs, size_t n, const char *label, int64_t elapsed)
{
	curl_off_t	 got = 0, total = 0, v;
	size_t		 i;
	char		 a[32], b[32];

	for (i = 0; i < n; i++) {
		if (curl_easy_getinfo(xs[i].h, CURLINFO_SIZE_DOWNLOAD_T, &v) == CURLE_OK)
			got += v;
		if (curl_easy_getinfo(xs[i].h, CURLINFO_SIZE_UPLOAD_T, &v) == CURLE_OK)
			got += v;
		if (curl_easy_getinfo(xs[i].h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
		    &v) == CURLE_OK && v > 0)
			total += v;
	}
	fmt_size(a, sizeof a, got);
	if (total > 0) {
		fmt_size(b, sizeof b, total);
		fprintf(stderr, "\rsshdoc: %s: %s of %s, %ld s\033[K", label, a, b,
		    (long)(elapsed / 1000));
	} else
		fprintf(stderr, "\rsshdoc: %s: %s, %ld s\033[K", label, a,
		    (long)(elapsed / 1000));
	fflush(stderr);
}

static void
classify(struct xfer *x)
{
	struct http_req	*r = x->req;
	char		*host = http_url_host(r->url);
	const char	*who = host != NULL ? host : "the server";
	char		*msg = NULL;
	const char	*p;
	curl_off_t	 t;
	long		 v;

	if (curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &v) == CURLE_OK)
		r->status = v;
	if (curl_easy_getinfo(x->h, CURLINFO_OS_ERRNO, &v) == CURLE_OK)
		r->os_errno = (int)v;
	if (curl_easy_getinfo(x->h, CURLINFO_CONNECT_TIME_T, &t) == CURLE_OK && t > 0)
		r->connected = 1;
	if (curl_easy_getinfo(x->h, CURLINFO_APPCONNECT_TIME_T, &t) == CURLE_OK && t > 0)
		r->tls_done = 1;
	if (curl_easy_getinfo(x->h, CURLINFO_TOTAL_TIME_T, &t) == CURLE_OK)
		r->ms = (long)(t / 1000);
	if (x->overflow) {
		r->kind = HTTP_E_SIZE;
		xasprintf(&msg, "the answer from %s is larger than %zu bytes (the cap)",
		    who, x->cap);
		goto out;
	}
	switch (x->ended ? x->rc : CURLE_OPERATION_TIMEDOUT) {
	case CURLE_OK:
		if (r->status >= 300) {
			/* A redirect not followed (POST), or a status FAILONERROR let pass. */
			r->kind = HTTP_E_STATUS;
			xasprintf(&msg, "HTTP status %ld from %s", r->status, who);
		} else
			r->kind = HTTP_OK;
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		r->kind = HTTP_E_URL;
		xasprintf(&msg, "refused URL (only https://): %s", x->errbuf);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		r->kind = HTTP_E_DNS;
		xasprintf(&msg, "cannot resolve %s (DNS)%s", who,
		    r->family == HTTP_V4 ? " for IPv4" :
		    r->family == HTTP_V6 ? " for IPv6" : "");
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_PROXY:
		r->kind = HTTP_E_PROXY;
		xasprintf(&msg, "the proxy from the environment failed: %s", x->errbuf);
		break;
	case CURLE_COULDNT_CONNECT:
		r->kind = HTTP_E_CONNECT;
		/*
		 * libcurl 7.88 records no address for a failed connect, but says
		 * "Failed to connect to HOST port N": another port is the proxy's.
		 */
		if (http_proxy_set() && (p = strstr(x->errbuf, " port ")) != NULL &&
		    (v = strtol(p + 6, NULL, 10)) > 0 && v != url_port(r->url)) {
			r->kind = HTTP_E_PROXY;
			xasprintf(&msg, "cannot connect to the proxy set in the environment "
			    "(https_proxy, port %ld): %s", v, r->os_errno != 0 ?
			    strerror(r->os_errno) : curl_easy_strerror(x->rc));
			break;
		}
		xasprintf(&msg, "cannot connect to %s: %s", who,
		    r->os_errno != 0 ? strerror(r->os_errno) :
		    *x->errbuf != '\0' ? x->errbuf : curl_easy_strerror(x->rc));
		break;
	case CURLE_OPERATION_TIMEDOUT:
		r->kind = HTTP_E_TIMEOUT;
		if (r->connected)
			xasprintf(&msg, "no answer from %s within %d ms (it accepted the "
			    "connection, then stalled)", who, x->total_ms);
		else
			xasprintf(&msg, "no answer from %s within %d ms", who,
			    x->connect_ms);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		r->kind = HTTP_E_TLS_VERIFY;
		xasprintf(&msg, "the TLS certificate of %s could not be verified: %s",
		    who, x->errbuf);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CLIENTCERT:
		r->kind = HTTP_E_TLS;
		xasprintf(&msg, "TLS with %s failed: %s", who,
		    *x->errbuf != '\0' ? x->errbuf : curl_easy_strerror(x->rc));
		break;
	case CURLE_HTTP_RETURNED_ERROR:
		r->kind = HTTP_E_STATUS;
		xasprintf(&msg, "HTTP status %ld from %s", r->status, who);
		break;
	case CURLE_FILESIZE_EXCEEDED:
		r->kind = HTTP_E_SIZE;
		xasprintf(&msg, "the answer from %s is larger than %zu bytes (the cap)",
		    who, x->cap);
		break;
	case CURLE_FILE_COULDNT_READ_FILE:
		r->kind = HTTP_E_FILE;
		xasprintf(&msg, "cannot read the file: %s", x->errbuf);
		break;
	default:
		r->kind = HTTP_E_IO;
		xasprintf(&msg, "transfer from %s failed: %s", who,
		    *x->errbuf != '\0' ? x->errbuf : curl_easy_strerror(x->rc));
		break;
	}
out:
	if (msg != NULL) {
		r->error = sanitize_str(msg, 400);
		free(msg);
	}
	free(host);
}

void
http_run(struct http_req *reqs, size_t n, const char *label)
{
	struct xfer	*xs;
	CURLM		*m;
	CURLMsg		*msg;
	struct xfer	*x;
	int64_t		 start = now_ms(), last = 0, limit = 0, t;
	int		 running = 0, left, shown = 0, tty;
	size_t		 i;
	char		*cause = NULL, *clean = NULL;

	if (n == 0)
		return;
	tty = label != NULL && isatty(STDERR_FILENO);
	if (tty)
		clean = sanitize_str(label, 120);
	xs = xcalloc(n, sizeof *xs);
	m = curl_multi_init();
	for (i = 0; i < n; i++) {
		struct http_req *r = &reqs[i];

		xs[i].req = r;
		r->body = NULL;
		r->body_len = 0;
		r->status = 0;
		r->error = NULL;
		r->os_errno = r->connected = r->tls_done = 0;
		r->ms = 0;
		if (http_url_check(r->url, r->allow_file, &cause) != 0) {
			r->kind = HTTP_E_URL;
			r->error = sanitize_str(cause, 400);
			free(cause);
			cause = NULL;
			continue;
		}
		if (m == NULL || xfer_setup(&xs[i]) != 0 ||
		    curl_multi_add_handle(m, xs[i].h) != CURLM_OK) {
			r->kind = HTTP_E_IO;
			r->error = xstrdup("cannot set up the transfer (libcurl)");
			if (xs[i].h != NULL)
				curl_easy_cleanup(xs[i].h);
			xs[i].h = NULL;
			continue;
		}
		t = r->timeout_ms > 0 ? r->timeout_ms : r->connect_timeout_ms > 0 ?
		    r->connect_timeout_ms : 5000;
		if (t > limit)
			limit = t;
	}
	/* libcurl enforces each timeout; this only guards against a stuck loop. */
	limit += start + 2000;
	while (m != NULL) {
		if (curl_multi_perform(m, &running) != CURLM_OK)
			break;
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			x = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			if (x != NULL) {
				x->rc = msg->data.result;
				x->ended = 1;
			}
		}
		if (running == 0)
			break;
		t = now_ms();
		if (t >= limit)
			break;
		if (tty && t - start >= HTTP_PROGRESS_AFTER_MS && t - last >= 250) {
			progress(xs, n, clean, t - start);
			shown = 1;
			last = t;
		}
		curl_multi_poll(m, NULL, 0, HTTP_POLL_MS, NULL);
	}
	if (shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	for (i = 0; i < n; i++) {
		if (xs[i].h == NULL)
			continue;
		classify(&xs[i]);
		curl_multi_remove_handle(m, xs[i].h);
		curl_easy_cleanup(xs[i].h);
		curl_slist_free_all(xs[i].headers);
	}
	if (m != NULL)
		curl_multi_cleanup(m);
	free(xs);
	free(clean);
}

void
http_req_free(struct http_req *r)
{
	free(r->body);
	free(r->error);
	r->body = r->error = NULL;
	r->body_len = 0;
}

void
http_thread_end(void)
{
	/*
	 * OpenSSL frees a thread's own state (DRBGs, error queue) when the thread
	 * exits; a detached check thread may still be exiting when main() returns
	 * and OpenSSL's atexit cleanup runs, and that state is then lost. Free it
	 * now, while the check still counts as running.
	 */
	OPENSSL_thread_stop();
}
