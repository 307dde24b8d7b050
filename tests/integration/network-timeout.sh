#!/bin/sh
# network-timeout: SYNs are dropped (a DROP rule in a private network namespace, so the
# machine's own firewall is never touched): network-timeout, within the 2 s probe
# timeout plus 1.5 s; port-22-blocked and firewall-drop listed as its look-alikes, with what
# tells them apart.
# covers: tcp-connect ssh-banner tr-connect https-control
. "$(dirname "$0")/../lib.sh"

need_root "network-timeout (creates a network namespace and a firewall rule in it)"
need_cmd ip
ns=sshdoc-test-$$
ip netns add "$ns" 2>"$TESTDIR/netns.err" ||
	skip "cannot create a network namespace: $(head -n 1 "$TESTDIR/netns.err")"
on_exit "ip netns del $ns"
ip netns exec "$ns" ip link set lo up || fail "cannot bring lo up in $ns"
port=$(free_port) || fail "no free port"
if ip netns exec "$ns" iptables -A INPUT -p tcp --dport "$port" -j DROP 2>"$TESTDIR/fw.err"; then
	log "iptables DROP rule for port $port in $ns"
elif ip netns exec "$ns" nft -f - 2>>"$TESTDIR/fw.err" <<EOS
table inet sshdoc_test {
	chain input {
		type filter hook input priority 0; policy accept;
		tcp dport $port drop
	}
}
EOS
then
	log "nft drop rule for port $port in $ns"
else
	skip "neither iptables nor nft can add a rule in a network namespace: $(tr '\n' ' ' <"$TESTDIR/fw.err")"
fi

SSHDOC_WRAP="ip netns exec $ns"
run_sshdoc --json --timeout 2 -p "$port" 127.0.0.1
assert_report_basics 127.0.0.1 "$port"
assert_rc 1
assert_verdict problem
assert_first_cause network-timeout
assert_check tcp-connect fail
assert_outcome tcp-connect timeout
assert_json '[.checks[] | select(.id == "ssh-banner") | .status] | all(. == "skip")' \
	"ssh-banner must not run without a connection"
assert_ms_below 3500
[ "$MS" -ge 1500 ] || fail "sshdoc gave up after $MS ms, before the 2 s timeout"
# The host refuses HTTPS (nothing on 443) while its SSH port is silent: a filter on the way
# or the server's own firewall, which the client cannot tell apart. The report says so: the
# timeout first, the droppers as look-alikes with what tells them apart.
if ip netns exec "$ns" ssh -o BatchMode=yes -o ConnectTimeout=2 -p "$port" 127.0.0.1 true >"$TESTDIR/ssh.out" 2>&1; then
	fail "ssh connected through the DROP rule"
fi
grep -q "Connection timed out" "$TESTDIR/ssh.out" || fail "ssh did not time out: $(cat "$TESTDIR/ssh.out")"
assert_outcome https-control host-refused
assert_json '.causes[0].tells_apart | contains("sshdoc --server")' "the timeout should say what tells the droppers apart"
assert_json '[.causes[] | select(.id == "port-22-blocked" or .id == "firewall-drop") | .tells_apart] | length == 2' \
	"port-22-blocked and firewall-drop should be listed as its look-alikes (causes: $(json '[.causes[] | [.id, .confidence]] | tojson'))"
