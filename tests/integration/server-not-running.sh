#!/bin/sh
# server-not-running: the configuration of an sshd that was stopped, its port free: nothing
# listens and no sshd runs with that configuration: sshd-not-running, confirmed. (Another
# sshd, such as the system's on port 22, must not count.) Then sshd down because it cannot
# start (an unknown option, no host key, a host key others can read): that cause, with
# sshd-not-running folded into it.
# covers: sshd-listen sshd-service self-probe sshd-config sshd-hostkeys
. "$(dirname "$0")/../lib.sh"

start_sshd
stop_sshd
port_listening "$SSHD_PORT" && fail "port $SSHD_PORT still listens after stopping sshd"

run_sshdoc --server --json --timeout 3 --port "$SSHD_PORT" --sshd-config "$SSHD_CONFIG"
assert_contract
assert_rc 1
assert_verdict problem
# another sshd of this machine may be stale (stale-libraries ranks first then): not asked here
assert_json '[.causes[].id | select(. != "stale-libraries")][0] == "sshd-not-running"' "first cause should be sshd-not-running"
assert_cause sshd-not-running confirmed
assert_outcome sshd-listen nothing
assert_outcome sshd-service not-running
assert_outcome self-probe refused
assert_json '.path == ["server", "server-down"]' "the walk should go on to server-down (is $(json '.path | tojson'))"
assert_evidence sshd-listen "port $SSHD_PORT: nothing listens"

# 2. sshd is down because it cannot start with its configuration: one cause, the
# configuration, with "not running" folded into it (explains sshd-config-invalid
# sshd-not-running), not a second cause beside it.
BAD=$TESTDIR/sshd_config.bad
cp "$SSHD_CONFIG" "$BAD"
echo "FooBarOption yes" >>"$BAD"
timeout 5 /usr/sbin/sshd -D -e -f "$BAD" >"$TESTDIR/sshd-bad.out" 2>&1 &&
	fail "sshd started with an unknown option"
grep -q "Bad configuration option: FooBarOption" "$TESTDIR/sshd-bad.out" ||
	fail "sshd did not refuse FooBarOption: $(head -c 500 "$TESTDIR/sshd-bad.out")"
port_listening "$SSHD_PORT" && fail "port $SSHD_PORT listens: the bad sshd started"
run_sshdoc --server --json --timeout 3 --port "$SSHD_PORT" --sshd-config "$BAD"
assert_contract
assert_rc 1
assert_outcome sshd-config invalid
assert_outcome sshd-service not-running
assert_cause sshd-config-invalid confirmed
assert_json '.causes[] | select(.id == "sshd-config-invalid") | .explains == ["sshd-not-running"]' \
	"sshd-not-running should fold into sshd-config-invalid (causes: $(json '[.causes[] | [.id, .explains]] | tojson'))"
assert_json 'all(.causes[]; .id != "sshd-not-running")' "sshd down is the configuration's doing: one cause"
assert_json '.causes[] | select(.id == "sshd-config-invalid") | .evidence | any(contains("which is why sshd is not running"))' \
	"the folded evidence"

# 3. the same with no usable host key: sshd exits at start ("no hostkeys available")
NOKEY=$TESTDIR/sshd_config.nokey
grep -v '^HostKey' "$SSHD_CONFIG" >"$NOKEY"
echo "HostKey $TESTDIR/no_such_host_key" >>"$NOKEY"
timeout 5 /usr/sbin/sshd -D -e -f "$NOKEY" >"$TESTDIR/sshd-nokey.out" 2>&1 &&
	fail "sshd started without a host key"
grep -q "no hostkeys available" "$TESTDIR/sshd-nokey.out" ||
	fail "sshd did not say 'no hostkeys available': $(head -c 500 "$TESTDIR/sshd-nokey.out")"
run_sshdoc --server --json --timeout 3 --port "$SSHD_PORT" --sshd-config "$NOKEY"
assert_contract
assert_outcome sshd-hostkeys missing
assert_cause hostkey-missing confirmed
assert_json '.causes[] | select(.id == "hostkey-missing") | .explains == ["sshd-not-running"]' \
	"sshd-not-running should fold into hostkey-missing (causes: $(json '[.causes[] | [.id, .explains]] | tojson'))"
assert_json 'all(.causes[]; .id != "sshd-not-running")' "sshd down is the missing key's doing: one cause"

# 4. the same with its only host key readable by others: sshd ignores it and exits
OPEN=$TESTDIR/sshd_config.open
cp "$TESTDIR/ssh_host_ed25519_key" "$TESTDIR/open_host_key"
chmod 644 "$TESTDIR/open_host_key"
grep -v '^HostKey' "$SSHD_CONFIG" >"$OPEN"
echo "HostKey $TESTDIR/open_host_key" >>"$OPEN"
timeout 5 /usr/sbin/sshd -D -e -f "$OPEN" >"$TESTDIR/sshd-open.out" 2>&1 &&
	fail "sshd started with a host key others can read"
grep -q "are too open" "$TESTDIR/sshd-open.out" ||
	fail "sshd did not say the key is too open: $(head -c 500 "$TESTDIR/sshd-open.out")"
run_sshdoc --server --json --timeout 3 --port "$SSHD_PORT" --sshd-config "$OPEN"
assert_contract
assert_outcome sshd-hostkeys permissions
assert_cause hostkey-permissions confirmed
assert_json '.causes[] | select(.id == "hostkey-permissions") | .explains == ["sshd-not-running"]' \
	"sshd-not-running should fold into hostkey-permissions (causes: $(json '[.causes[] | [.id, .explains]] | tojson'))"
assert_json 'all(.causes[]; .id != "sshd-not-running")' "sshd down is the key mode's doing: one cause"
