#!/bin/sh
# server-container: a container runtime's port proxy holds the SSH port and closes each
# connection because the sshd behind it is down. There is no Docker engine here, so the
# proxy is the test listener run under the name docker-proxy (what /proc shows for the real
# one): container-backend-down, likely, with the proxy named in the evidence.
# covers: sshd-listen self-probe
. "$(dirname "$0")/../lib.sh"

need_root "mapping a listening socket to another process through /proc/PID/fd"
start_sshd
cp "$HELPERS/listener" "$TESTDIR/docker-proxy" || fail "cannot copy the listener"
port=$(free_port) || fail "no free port"
"$TESTDIR/docker-proxy" -a close -p "$port" -o "$TESTDIR/proxy.port" </dev/null \
	>"$TESTDIR/proxy.log" 2>&1 &
track_pid $!
wait_until 10 test -s "$TESTDIR/proxy.port" || fail "the proxy did not start"

run_sshdoc --server --json --timeout 3 --port "$port" --sshd-config "$SSHD_CONFIG"
assert_contract
assert_rc 1
assert_cause container-backend-down likely
assert_outcome sshd-listen container-proxy
assert_evidence sshd-listen "docker-proxy"
assert_outcome self-probe closed
assert_json 'all(.causes[]; .id != "port-owned-by-other-process" or .confidence != "confirmed")' \
	"a container proxy is not 'another program' to blame"
