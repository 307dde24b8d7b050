#!/bin/sh
# healthy-dropbear: Dropbear answers (target given as host:port): verdict ok, exit 0.
# covers: tcp-connect ssh-banner
. "$(dirname "$0")/../lib.sh"

start_dropbear
run_sshdoc --json --timeout 2 "127.0.0.1:$DROPBEAR_PORT"
assert_report_basics 127.0.0.1 "$DROPBEAR_PORT"
assert_rc 0
assert_verdict ok
assert_check tcp-connect pass
assert_check ssh-banner pass
assert_outcome ssh-banner ssh
assert_evidence ssh-banner dropbear
assert_ms_below 5000
