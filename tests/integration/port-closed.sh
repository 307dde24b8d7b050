#!/bin/sh
# port-closed: nothing listens on the port (127.0.0.1 answers RST): port-closed, confirmed.
# covers: dns-resolve tcp-connect ssh-banner tr-connect
. "$(dirname "$0")/../lib.sh"

port=$(free_port) || fail "no free port"
port_listening "$port" && fail "port $port is in use"
run_sshdoc --json --timeout 2 -p "$port" 127.0.0.1
assert_report_basics 127.0.0.1 "$port"
assert_rc 1
assert_verdict problem
assert_first_cause port-closed
assert_cause port-closed confirmed
assert_check dns-resolve pass
assert_check tcp-connect fail
assert_outcome tcp-connect refused
assert_json '[.checks[] | select(.id == "ssh-banner") | .status] | all(. == "skip")' \
	"ssh-banner must not pass (or fail) without a connection"
assert_ms_below 3000
