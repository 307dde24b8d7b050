#!/bin/sh
# not-ssh-smtp: a mail server on the port greets with "220 ... ESMTP" and waits:
# not-ssh-service, within the probe timeout.
# covers: ssh-banner ssh-kexinit tr-banner
. "$(dirname "$0")/../lib.sh"

printf '220 mail.example ESMTP Postfix\r\n' >"$TESTDIR/smtp.txt"
start_listener hold -s "$TESTDIR/smtp.txt"
run_sshdoc --json --timeout 2 -p "$LISTENER_PORT" 127.0.0.1
assert_report_basics 127.0.0.1 "$LISTENER_PORT"
assert_rc 1
assert_verdict problem
assert_first_cause not-ssh-service
assert_check ssh-banner fail
assert_outcome ssh-banner not-ssh
assert_evidence ssh-banner "ESMTP"
assert_ms_below 4000
