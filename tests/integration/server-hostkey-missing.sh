#!/bin/sh
# server-hostkey-missing: a configuration whose only HostKey file does not exist: sshd -t
# says "no hostkeys available" and sshd could not start: hostkey-missing, confirmed.
# covers: sshd-hostkeys sshd-logs
. "$(dirname "$0")/../lib.sh"

start_sshd
NOKEY=$TESTDIR/sshd_config.nokey
grep -v '^HostKey' "$SSHD_CONFIG" >"$NOKEY"
echo "HostKey $TESTDIR/no_such_host_key" >>"$NOKEY"
/usr/sbin/sshd -t -f "$NOKEY" >/dev/null 2>&1 && fail "sshd -t accepts a configuration without keys"

run_sshdoc --server --json --timeout 3 --port "$SSHD_PORT" --sshd-config "$NOKEY"
assert_contract
assert_rc 1
assert_verdict problem
assert_cause hostkey-missing confirmed
assert_first_cause hostkey-missing
assert_outcome sshd-hostkeys missing
assert_evidence sshd-hostkeys "$TESTDIR/no_such_host_key: missing"
assert_evidence sshd-hostkeys "no hostkeys available"
assert_json 'all(.causes[]; .id != "sshd-config-invalid")' "a missing key is not a configuration error"
