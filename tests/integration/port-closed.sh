#!/bin/sh
# port-closed: nothing listens on the port (127.0.0.1 answers RST): port-closed, confirmed,
# with firewall-reject and fail2ban-banned as possible look-alikes and what tells them apart.
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

# From the client, a closed port, a firewall REJECT rule and a fail2ban ban all read
# "Connection refused": the report says so, the others listed as possible with what tells
# them apart.
ssh -o BatchMode=yes -o ConnectTimeout=3 -p "$port" 127.0.0.1 true >"$TESTDIR/ssh.out" 2>&1 &&
	fail "ssh connected to a closed port"
grep -q "Connection refused" "$TESTDIR/ssh.out" || fail "ssh did not say 'Connection refused': $(cat "$TESTDIR/ssh.out")"
assert_cause firewall-reject possible
assert_cause fail2ban-banned possible
assert_json '[.causes[].id] == ["port-closed", "firewall-reject", "fail2ban-banned"]' \
	"the refusal first, then its look-alikes (is $(json '[.causes[].id] | tojson'))"
assert_json 'all(.causes[]; .tells_apart | type == "string" and contains("sshdoc --server"))' \
	"every look-alike should say what tells them apart"
run_sshdoc --report --timeout 2 -p "$port" 127.0.0.1
grep -q "looks the same from here as: firewall-reject, fail2ban-banned" "$TESTDIR/out.json" ||
	fail "the plain report does not name the look-alikes: $(sed -n '/Diagnosis/,$p' "$TESTDIR/out.json")"
grep -q "tell apart: .*sshdoc --server on the" "$TESTDIR/out.json" ||
	fail "the plain report does not say what tells them apart"
