#!/bin/sh
# persource-penalty: OpenSSH 9.8+ refuses a penalised source address (PerSourcePenalties)
# by sending "Not allowed at this time\r\n" and closing. Debian 12 ships OpenSSH 9.2,
# which predates PerSourcePenalties, so a listener sends exactly those bytes instead of a
# real sshd. The same text also means MaxStartups on 9.8+, hence "likely".
# covers: tcp-connect ssh-banner tr-banner self-probe sshd-logs
. "$(dirname "$0")/../lib.sh"

printf 'Not allowed at this time\r\n' >"$TESTDIR/refusal.txt"
start_listener close -s "$TESTDIR/refusal.txt"
run_sshdoc --json --timeout 2 -p "$LISTENER_PORT" 127.0.0.1
assert_report_basics 127.0.0.1 "$LISTENER_PORT"
assert_rc 1
assert_verdict problem
assert_cause persource-penalty likely
assert_check tcp-connect pass
assert_check ssh-banner fail
assert_outcome ssh-banner not-allowed
assert_evidence ssh-banner "Not allowed at this time"
assert_ms_below 4000
