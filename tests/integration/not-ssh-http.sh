#!/bin/sh
# not-ssh-http: a web server on the port: it reads our identification line as a request
# line and answers 400 Bad Request: not-ssh-service.
# covers: tcp-connect ssh-banner ssh-kexinit tr-banner
. "$(dirname "$0")/../lib.sh"

start_listener http -r
run_sshdoc --json --timeout 2 -p "$LISTENER_PORT" 127.0.0.1
assert_report_basics 127.0.0.1 "$LISTENER_PORT"
assert_rc 1
assert_verdict problem
assert_first_cause not-ssh-service
assert_check tcp-connect pass
assert_check ssh-banner fail
assert_outcome ssh-banner not-ssh
assert_evidence ssh-banner HTTP
assert_ms_below 4000
