#!/bin/sh
# server-maxstartups: sshd with MaxStartups 1:100:1 holds one unauthenticated connection,
# so the self-probe from this machine is dropped with "Exceeded MaxStartups" (OpenSSH up
# to 9.7): maxstartups-throttling, confirmed, seen from the server side.
# covers: self-probe sshd-listen ssh-banner tr-banner sshd-logs
. "$(dirname "$0")/../lib.sh"

start_sshd "MaxStartups 1:100:1" "LoginGraceTime 30"
"$HELPERS/holdconn" -b -s 60 127.0.0.1 "$SSHD_PORT" 1 >"$TESTDIR/holdconn.log" 2>&1 &
track_pid $!
wait_until 10 grep -q '^ready' "$TESTDIR/holdconn.log" || fail "holdconn did not get its connection"
startups_is_1() { [ "$(sshd_startups)" = 1 ]; }
wait_until 10 startups_is_1 || fail "sshd does not count the held connection (title: $(ps -o args= -p "$SSHD_PID"))"

run_sshdoc --server --json --timeout 3 --port "$SSHD_PORT" --sshd-config "$SSHD_CONFIG"
assert_contract
assert_rc 1
assert_verdict problem
assert_first_cause maxstartups-throttling
assert_cause maxstartups-throttling confirmed
assert_outcome self-probe maxstartups
assert_evidence self-probe "Exceeded MaxStartups"
assert_evidence sshd-config "maxstartups 1:100:1"
assert_outcome sshd-listen sshd
grep -q 'past MaxStartups' "$SSHD_LOG" || fail "sshd did not log the drop: the test did not do what it meant"
