#!/bin/sh
# server-config-invalid: a copy of a working sshd_config with an unknown option:
# sshd -t refuses it, sshdoc names sshd-config-invalid (confirmed) with file and line.
# covers: sshd-config sshd-listen self-probe sshd-hostkeys
. "$(dirname "$0")/../lib.sh"

start_sshd
BAD=$TESTDIR/sshd_config.bad
cp "$SSHD_CONFIG" "$BAD"
echo "FooBarOption yes" >>"$BAD"
LINE=$(wc -l <"$BAD" | tr -d ' ')
/usr/sbin/sshd -t -f "$BAD" >/dev/null 2>&1 && fail "sshd -t accepts the broken copy: the test does not do what it means"

run_sshdoc --server --json --timeout 3 --port "$SSHD_PORT" --sshd-config "$BAD"
assert_contract
assert_rc 1
assert_verdict problem
assert_first_cause sshd-config-invalid
assert_cause sshd-config-invalid confirmed
assert_check sshd-config fail
assert_outcome sshd-config invalid
assert_evidence sshd-config-invalid "$BAD: line $LINE: Bad configuration option: FooBarOption"
assert_evidence sshd-config "terminating, 1 bad configuration options"
# the running sshd (another configuration) still holds the port and answers
assert_outcome sshd-listen sshd
assert_outcome self-probe banner
# host keys cannot be listed when sshd cannot read its configuration
assert_outcome sshd-hostkeys skipped
