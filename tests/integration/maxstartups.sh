#!/bin/sh
# maxstartups: a real sshd with MaxStartups 1:100:1 holds one unauthenticated connection,
# so it drops every further one with "Exceeded MaxStartups" (OpenSSH up to 9.7; Debian 12
# ships 9.2): maxstartups-throttling, confirmed.
# covers: tcp-connect ssh-banner tr-banner self-probe sshd-logs
. "$(dirname "$0")/../lib.sh"

start_sshd "MaxStartups 1:100:1" "LoginGraceTime 30"
"$HELPERS/holdconn" -b -s 60 127.0.0.1 "$SSHD_PORT" 1 >"$TESTDIR/holdconn.log" 2>&1 &
track_pid $!
wait_until 10 grep -q '^ready' "$TESTDIR/holdconn.log" || fail "holdconn did not get its connection"
startups_is_1() { [ "$(sshd_startups)" = 1 ]; }
wait_until 10 startups_is_1 || fail "sshd does not count the held connection (title: $(ps -o args= -p "$SSHD_PID"))"

run_sshdoc --json --timeout 2 -p "$SSHD_PORT" 127.0.0.1
assert_report_basics 127.0.0.1 "$SSHD_PORT"
assert_rc 1
assert_verdict problem
assert_first_cause maxstartups-throttling
assert_cause maxstartups-throttling confirmed
assert_check tcp-connect pass
assert_check ssh-banner fail
assert_outcome ssh-banner maxstartups
assert_json '[(.checks[], .causes[]) | .evidence[]?] | any(contains("Exceeded MaxStartups"))' \
	"evidence should quote \"Exceeded MaxStartups\""
assert_ms_below 4000
grep -q 'past MaxStartups' "$SSHD_LOG" || fail "sshd did not log the drop: the test did not do what it meant"
