#!/bin/sh
# healthy-sshd: a real OpenSSH sshd answers: verdict ok, exit 0, the client checks pass.
# covers: dns-resolve tcp-connect ssh-banner
. "$(dirname "$0")/../lib.sh"

start_sshd
run_sshdoc --json --timeout 2 -p "$SSHD_PORT" 127.0.0.1
assert_report_basics 127.0.0.1 "$SSHD_PORT"
assert_rc 0
assert_verdict ok
assert_json '.causes == []' "a healthy server has no causes"
assert_check dns-resolve pass
assert_check tcp-connect pass
assert_outcome tcp-connect accepted
assert_check ssh-banner pass
assert_outcome ssh-banner ssh
assert_json 'any(.checks[] | select(.id == "ssh-banner") | .evidence[]?; contains("OpenSSH"))' \
	"an evidence line of ssh-banner should contain OpenSSH"
assert_ms_below 5000
