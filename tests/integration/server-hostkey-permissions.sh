#!/bin/sh
# server-hostkey-permissions: one host key of a running sshd made readable by all (0644):
# sshd -t warns "Permissions 0644 ... are too open" and ignores it: hostkey-permissions.
# covers: sshd-hostkeys sshd-config sshd-logs
. "$(dirname "$0")/../lib.sh"

start_sshd
chmod 644 "$TESTDIR/ssh_host_rsa_key"
/usr/sbin/sshd -t -f "$SSHD_CONFIG" 2>&1 | grep -q 'too open' ||
	fail "sshd -t does not complain about the 0644 key: the test does not do what it means"

run_sshdoc --server --json --timeout 3 --port "$SSHD_PORT" --sshd-config "$SSHD_CONFIG"
assert_contract
assert_rc 1
assert_verdict problem
assert_first_cause hostkey-permissions
assert_cause hostkey-permissions confirmed
assert_check sshd-hostkeys fail
assert_outcome sshd-hostkeys permissions
assert_evidence sshd-hostkeys "ssh_host_rsa_key: mode 0644"
assert_evidence sshd-hostkeys "Permissions 0644 for '$TESTDIR/ssh_host_rsa_key' are too open"
# the options themselves are fine
assert_outcome sshd-config valid
assert_json 'all(.causes[]; .id != "sshd-config-invalid")' "bad key modes are not a configuration error"
