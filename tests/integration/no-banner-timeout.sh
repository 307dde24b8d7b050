#!/bin/sh
# no-banner-timeout: the port accepts TCP and then says nothing: no-banner-timeout,
# reported within the probe timeout (2 s) plus a margin.
# covers: tcp-connect ssh-banner tr-banner
. "$(dirname "$0")/../lib.sh"

start_listener hold
run_sshdoc --json --timeout 2 -p "$LISTENER_PORT" 127.0.0.1
assert_report_basics 127.0.0.1 "$LISTENER_PORT"
assert_rc 1
assert_verdict problem
assert_first_cause no-banner-timeout
assert_check tcp-connect pass
assert_check ssh-banner fail
assert_outcome ssh-banner silent
assert_ms_below 4000
[ "$MS" -ge 1500 ] || fail "sshdoc gave up after $MS ms, before the 2 s timeout"
