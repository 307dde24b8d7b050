#!/bin/sh
# server-not-running: the configuration of an sshd that was stopped, its port free: nothing
# listens and no sshd runs with that configuration: sshd-not-running, confirmed. (Another
# sshd, such as the system's on port 22, must not count.)
# covers: sshd-listen sshd-service self-probe
. "$(dirname "$0")/../lib.sh"

start_sshd
stop_sshd
port_listening "$SSHD_PORT" && fail "port $SSHD_PORT still listens after stopping sshd"

run_sshdoc --server --json --timeout 3 --port "$SSHD_PORT" --sshd-config "$SSHD_CONFIG"
assert_contract
assert_rc 1
assert_verdict problem
assert_first_cause sshd-not-running
assert_cause sshd-not-running confirmed
assert_outcome sshd-listen nothing
assert_outcome sshd-service not-running
assert_outcome self-probe refused
assert_json '.path == ["server", "server-down"]' "the walk should go on to server-down (is $(json '.path | tojson'))"
assert_evidence sshd-listen "port $SSHD_PORT: nothing listens"
