/* http.h: the one way sshdoc makes an HTTPS transfer (libcurl): HTTPS only, bounded in time and bytes, proxies from the environment. */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

/* What went wrong, for callers that decide on it (the message says it for people). */
enum http_kind {
	HTTP_OK,		/* 2xx (or a file:// read) */
	HTTP_E_URL,		/* not an https:// URL (or file:// where allowed), or malformed */
	HTTP_E_DNS,		/* the host name does not resolve */
	HTTP_E_PROXY,		/* the proxy from the environment failed */
	HTTP_E_CONNECT,		/* TCP connection refused or unreachable (see os_errno) */
	HTTP_E_TIMEOUT,		/* no answer within the timeout */
	HTTP_E_TLS_VERIFY,	/* the server's certificate could not be verified */
	HTTP_E_TLS,		/* another TLS failure (handshake, CA file) */
	HTTP_E_STATUS,		/* an HTTP status of 400 or more (see status) */
	HTTP_E_SIZE,		/* the answer is larger than max_body */
	HTTP_E_FILE,		/* a file:// URL could not be read */
	HTTP_E_IO,		/* the connection broke, or another transfer error */
};

enum http_family {
	HTTP_ANY,		/* whatever the resolver gives */
	HTTP_V4,		/* IPv4 only (CURLOPT_IPRESOLVE) */
	HTTP_V6,		/* IPv6 only */
};

struct http_req {
	/* what to do (set by the caller) */
	const char	*url;		/* https://..., or file:// when allow_file */
	int		 allow_file;	/* accept file:// (local mirrors) */
	int		 head;		/* HEAD: headers only */
	const char	*post;		/* body to POST, or NULL for GET; kept alive by the caller */
	size_t		 post_len;	/* its length */
	const char	*content_type;	/* Content-Type of the POST body */
	size_t		 max_body;	/* cap on the answer's body in bytes (0: 64 KiB) */
	enum http_family family;	/* address family */
	int		 connect_timeout_ms; /* TCP + TLS connect bound (0: 5 s) */
	int		 timeout_ms;	/* whole transfer bound (0: connect_timeout_ms) */

	/* what happened (filled by http_run; free with http_req_free) */
	char		*body;		/* NUL-terminated answer body, raw bytes */
	size_t		 body_len;	/* its length */
	long		 status;	/* HTTP status, 0 if none came */
	enum http_kind	 kind;		/* HTTP_OK or what failed */
	char		*error;		/* one sanitized line saying what failed, or NULL */
	int		 os_errno;	/* errno of a failed connect, else 0 */
	int		 connected;	/* a TCP connection (to the host or the proxy) was made */
	int		 tls_done;	/* the TLS handshake with the host finished */
	long		 ms;		/* wall time of the transfer */
};

/*
 * Run the requests at once and return when all have ended (each bounded by
 * its own timeouts). When label is not NULL, standard error is a terminal and
 * the transfers last over a second, a progress line "sshdoc: LABEL: ..." is
 * kept on standard error and erased at the end. Thread-safe once
 * curl_global_init has run (main does it).
 */
void	 http_run(struct http_req *, size_t n, const char *label);
void	 http_req_free(struct http_req *);

/*
 * 0 if url is an https:// URL with a host (or file:// with a path when
 * allow_file), else -1 with *cause. Nothing is contacted.
 */
int	 http_url_check(const char *url, int allow_file, char **cause);
/* The host of an http(s) URL (new string), or NULL. */
char	*http_url_host(const char *url);

/* Call at the end of a check thread that ran http_run (frees OpenSSL's per-thread state). */
void	 http_thread_end(void);

/* Non-zero if the environment names a proxy that libcurl may use for HTTPS. */
int	 http_proxy_set(void);

#endif
