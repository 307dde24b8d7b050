#!/bin/sh
# server-healthy: sshdoc --server against a real, healthy sshd on loopback: every server
# check passes, verdict ok, exit 0; without --port the ports come from sshd -T.
# covers: sshd-service sshd-config sshd-listen sshd-privsep self-probe sshd-hostkeys
. "$(dirname "$0")/../lib.sh"

start_sshd
run_sshdoc --server --json --timeout 3 --port "$SSHD_PORT" --sshd-config "$SSHD_CONFIG" --log "$SSHD_LOG"
assert_contract
assert_json '.mode == "server"' "mode should be server"
assert_rc 0
assert_verdict ok
assert_json '.causes == []' "a healthy sshd has no causes"
assert_json '.path == ["server"]' "the walk should stay in node server (is $(json '.path | tojson'))"
assert_outcome sshd-service running
assert_evidence sshd-service "pid $SSHD_PID"
assert_outcome sshd-config valid
assert_evidence sshd-config "maxstartups 10:30:100"
assert_outcome sshd-listen sshd
assert_evidence sshd-listen "127.0.0.1:$SSHD_PORT held by sshd: pid $SSHD_PID"
assert_outcome sshd-privsep ok
assert_outcome self-probe banner
assert_evidence self-probe "SSH-2.0-OpenSSH"
if [ "$(id -u)" -eq 0 ]; then
	assert_outcome sshd-hostkeys ok
	assert_evidence sshd-hostkeys "ssh_host_ed25519_key: loadable, 256 SHA256:"
	# the private key never reaches the report
	grep -q 'PRIVATE KEY\|AAAA' "$TESTDIR/out.json" && fail "key material in the report"
else
	assert_outcome sshd-hostkeys needs-root
fi
assert_ms_below 5000

# The port from the configuration (sshd -T), as an admin would run it.
run_sshdoc --server --json --timeout 3 --sshd-config "$SSHD_CONFIG" --log "$SSHD_LOG"
assert_contract
assert_rc 0
assert_outcome sshd-listen sshd
assert_evidence sshd-listen "ports from sshd -T"
