#!/bin/sh
# server-port-other: a program that is not sshd (the test listener, speaking HTTP) holds
# the port sshd should serve: port-owned-by-other-process, confirmed, with its pid.
# covers: sshd-listen self-probe sshd-service
. "$(dirname "$0")/../lib.sh"

start_sshd
start_listener http
run_sshdoc --server --json --timeout 3 --port "$LISTENER_PORT" --sshd-config "$SSHD_CONFIG"
assert_contract
assert_rc 1
assert_verdict problem
assert_first_cause port-owned-by-other-process
assert_cause port-owned-by-other-process confirmed
assert_check sshd-listen fail
assert_outcome sshd-listen other-process
if [ "$(id -u)" -eq 0 ]; then
	assert_evidence sshd-listen "held by another program: pid $LISTENER_PID (listener"
fi
assert_outcome self-probe not-ssh
assert_evidence self-probe "HTTP"
# sshd itself runs, on its own port
assert_outcome sshd-service running
assert_json 'all(.causes[]; .id != "sshd-not-running")' "sshd runs: not sshd-not-running"
