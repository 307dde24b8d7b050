#!/bin/sh
# net-my-ip: --my-ip against an HTTPS echo service on loopback with a CA made by the test:
# the answer validated (valid, not an address, oversize with and without Content-Length,
# HTTP 500), TLS verification never off, only https://, no hang, the proxy of the
# environment honoured; both families when the name has both; the my-ip check in a
# client walk only when asked or configured.
# covers: my-ip tcp-connect tr-connect
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/helpers/https.sh"

make_test_ca
www=$TESTDIR/www
mkdir -p "$www"
printf '<html>hello</html>\n' >"$www/notip"
head -c 100000 /dev/zero | tr '\0' 1 >"$www/big"
head -c 100000 /dev/zero | tr '\0' 1 >"$www/bignolen"
: >"$www/bignolen.nolen"
printf '203.0.113.9\n' >"$www/err"
echo 500 >"$www/err.status"
start_https "$www"
port=$HTTPS_PORT
base=https://127.0.0.1:$port

# my_ip_fails NEEDLE ARGS...: exit 3, nothing on stdout, NEEDLE on stderr.
my_ip_fails() {
	_needle=$1
	shift
	run_sshdoc --timeout 2 --my-ip "$@"
	assert_rc 3 "sshdoc --my-ip $*"
	[ ! -s "$TESTDIR/out.json" ] || fail "--my-ip $*: printed an address: $(cat "$TESTDIR/out.json")"
	grep -qF -- "$_needle" "$TESTDIR/err" || fail "--my-ip $*: stderr lacks '$_needle'"
	assert_no_control_bytes "$TESTDIR/err"
}

# A valid answer; the IPv6 request fails here (the name has no IPv6 address): IPv4 only.
run_sshdoc --timeout 2 --my-ip --ip-url "$base/echo"
assert_rc 0 "--my-ip"
[ "$(cat "$TESTDIR/out.json")" = "IPv4 127.0.0.1" ] ||
	fail "--my-ip printed '$(cat "$TESTDIR/out.json")', expected 'IPv4 127.0.0.1'"
grep -q 'no IPv6 address' "$TESTDIR/err" || fail "--my-ip does not say why there is no IPv6 address"

my_ip_fails "not an IP address" --ip-url "$base/notip"
my_ip_fails "larger than 256 bytes" --ip-url "$base/big"
my_ip_fails "larger than 256 bytes" --ip-url "$base/bignolen"
my_ip_fails "HTTP status 500" --ip-url "$base/err"
grep -q '203.0.113.9' "$TESTDIR/out.json" && fail "the body of a 500 answer was believed"

# TLS verification stays on: without the test CA the certificate is refused.
saved_ca=$CURL_CA_BUNDLE
unset CURL_CA_BUNDLE
my_ip_fails "could not be verified" --ip-url "$base/echo"
CURL_CA_BUNDLE=$saved_ca
export CURL_CA_BUNDLE

# Only https://: refused before anything is contacted (usage error, exit 2).
: >"$www/requests.log"
run_sshdoc --my-ip --ip-url "http://127.0.0.1:$port/echo"
assert_rc 2 "--ip-url http://"
grep -q 'only https://' "$TESTDIR/err" || fail "--ip-url http:// is not refused as not HTTPS"
[ ! -s "$www/requests.log" ] || fail "a refused URL was contacted"

# Nothing listens: a clear error at once. A server that never answers: bounded.
closed=$(free_port) || fail "no free port"
my_ip_fails "cannot connect" --ip-url "https://127.0.0.1:$closed/echo"
assert_ms_below 3000
start_listener hold
my_ip_fails "no answer" --timeout 1 --ip-url "https://127.0.0.1:$LISTENER_PORT/echo"
assert_ms_below 4000
stop_listener

# The proxy of the environment is used (libcurl reads https_proxy and no_proxy): a dead
# proxy fails the request, and no_proxy exempts the host from it.
https_proxy=http://127.0.0.1:$closed
export https_proxy
my_ip_fails "cannot connect to the proxy set in the environment" --ip-url "$base/echo"
no_proxy=127.0.0.1
export no_proxy
run_sshdoc --timeout 2 --my-ip --ip-url "$base/echo"
assert_rc 0 "--my-ip with the host in no_proxy"
grep -q 'a proxy is set in the environment' "$TESTDIR/err" || fail "the proxy is not mentioned"
unset https_proxy no_proxy

# Both families: a name with an IPv4 and an IPv6 address (a private /etc/hosts in a
# mount namespace), one echo server on each.
if [ "$(id -u)" -eq 0 ] && unshare --mount true 2>/dev/null && ip -6 addr show lo 2>/dev/null | grep -q '::1'; then
	start_https "$www" ::1 "$port"
	printf '127.0.0.1 dual.test\n::1 dual.test\n' >"$TESTDIR/hosts"
	cat >"$TESTDIR/dual-wrap" <<EOF
#!/bin/sh
exec unshare --mount sh -c 'mount --bind "\$0" /etc/hosts && exec "\$@"' "$TESTDIR/hosts" "\$@"
EOF
	chmod 755 "$TESTDIR/dual-wrap"
	SSHDOC_WRAP=$TESTDIR/dual-wrap
	run_sshdoc --timeout 2 --my-ip --ip-url "https://dual.test:$port/echo"
	SSHDOC_WRAP=
	assert_rc 0 "--my-ip over both families"
	printf 'IPv4 127.0.0.1\nIPv6 ::1\n' | cmp -s - "$TESTDIR/out.json" ||
		fail "--my-ip over both families printed '$(cat "$TESTDIR/out.json")'"
else
	log "no root, mount namespace or ::1: the two-family case is not run"
fi

# In a client walk: not asked, nothing is contacted and the check says so.
: >"$www/requests.log"
run_sshdoc --json --timeout 2 -p "$closed" 127.0.0.1
assert_report_basics 127.0.0.1 "$closed"
assert_check my-ip skip
assert_outcome my-ip not-asked
[ ! -s "$www/requests.log" ] || fail "the echo service was asked without --my-ip"

# Asked with a target: one more line in the report; the diagnosis is unchanged.
run_sshdoc --json --timeout 2 --my-ip --ip-url "$base/echo" -p "$closed" 127.0.0.1
assert_report_basics 127.0.0.1 "$closed"
assert_rc 1
assert_first_cause port-closed
assert_check my-ip pass
assert_outcome my-ip found
assert_evidence my-ip "IPv4 127.0.0.1"
assert_evidence my-ip "the address the server sees (without a proxy on the way): 127.0.0.1"

# Configured in ~/.config/sshdoc/config: asked without --my-ip.
mkdir -p "$TESTDIR/home/.config/sshdoc"
printf '# echo service\nip-url = %s/echo   # ours\n' "$base" >"$TESTDIR/home/.config/sshdoc/config"
run_sshdoc --json --timeout 2 -p "$closed" 127.0.0.1
assert_check my-ip pass
assert_evidence my-ip "127.0.0.1"

# An echo service that never answers costs at most the probe timeout, and routes to ok.
start_listener hold
printf 'ip-url = https://127.0.0.1:%s/echo\n' "$LISTENER_PORT" >"$TESTDIR/home/.config/sshdoc/config"
run_sshdoc --json --timeout 2 -p "$closed" 127.0.0.1
assert_rc 1
assert_first_cause port-closed
assert_check my-ip skip
assert_outcome my-ip no-answer
assert_ms_below 5000
stop_listener

# A broken configuration file is said on stderr and ignored.
printf 'ip-url = http://127.0.0.1/\n' >"$TESTDIR/home/.config/sshdoc/config"
run_sshdoc --json --timeout 2 -p "$closed" 127.0.0.1
assert_rc 1
grep -q 'config:1: ip-url: only https://' "$TESTDIR/err" || fail "a bad config line is not reported"
assert_outcome my-ip not-asked
exit 0
