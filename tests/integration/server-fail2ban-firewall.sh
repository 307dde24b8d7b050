#!/bin/sh
# server-fail2ban-firewall: a real fail2ban-server inside a private network namespace bans
# 192.0.2.7 with its iptables-multiport action (chain f2b-sshd, REJECT). ssh from that
# address is refused, from 192.0.2.8 it reaches sshd. sshdoc --server names one cause,
# fail2ban-banned (confirmed), with firewall-reject folded into it (the same rule), so the
# fix shown is fail2ban's unban, not a firewall edit fail2ban would undo.
# covers: fail2ban firewall
. "$(dirname "$0")/../lib.sh"

need_root "a network namespace with fail2ban's iptables rules"
need_cmd ip iptables iptables-save fail2ban-client fail2ban-server
[ -d /etc/fail2ban/action.d ] || skip "no /etc/fail2ban to copy the filters and actions from"

NS=sshdoc-f2b-$$
ip netns add "$NS" || skip "cannot create a network namespace (ip netns add failed)"
on_exit "ip netns del $NS"
in_ns() {
	ip netns exec "$NS" "$@" || fail "in the namespace: $* failed"
}
in_ns ip link set lo up
for a in 192.0.2.1/24 192.0.2.7/32 192.0.2.8/32; do
	in_ns ip addr add "$a" dev lo
done

# sshd inside the namespace, on the test configuration's port, also on 192.0.2.1
start_sshd
stop_sshd
PORT=$SSHD_PORT
CFG=$TESTDIR/sshd_config.ns
grep -v '^PidFile' "$SSHD_CONFIG" >"$CFG"
echo "ListenAddress 192.0.2.1" >>"$CFG"
echo "PidFile $TESTDIR/sshd.ns.pid" >>"$CFG"
in_ns /usr/sbin/sshd -f "$CFG" -E "$TESTDIR/sshd.ns.log" </dev/null
wait_until 10 test -s "$TESTDIR/sshd.ns.pid" || fail "sshd in the namespace wrote no pid file"
track_pid "$(cat "$TESTDIR/sshd.ns.pid")"

# fail2ban with its stock iptables-multiport action, in the namespace
fail2ban_dir
cat >"$F2B_DIR/jail.local" <<EOS
[DEFAULT]
backend = polling
banaction = iptables-multiport

[sshd]
enabled = true
filter = sshd
port = $PORT
logpath = $TESTDIR/f2b-auth.log
EOS
on_exit "ip netns exec $NS fail2ban-client -s $F2B_SOCK stop"
ip netns exec "$NS" fail2ban-client -c "$F2B_DIR" -s "$F2B_SOCK" -p "$F2B_PIDF" start >"$TESTDIR/f2b-start.log" 2>&1 ||
	fail "fail2ban did not start: $(head -c 2000 "$TESTDIR/f2b-start.log") $(head -c 2000 "$TESTDIR/f2b.log" 2>/dev/null)"
wait_until 20 ip netns exec "$NS" fail2ban-client -s "$F2B_SOCK" ping || fail "fail2ban-server does not answer"
[ -s "$F2B_PIDF" ] && track_pid "$(cat "$F2B_PIDF")"
in_ns fail2ban-client -s "$F2B_SOCK" set sshd banip 192.0.2.7 >/dev/null
wait_until 10 sh -c "ip netns exec $NS iptables-save | grep -q -- '-A f2b-sshd -s 192.0.2.7'" ||
	fail "fail2ban wrote no f2b-sshd rule: $(ip netns exec "$NS" iptables-save 2>&1 | head -c 2000)"

# the real ssh: refused from the banned address, sshd answers the other one
SSHO="-o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=3"
# shellcheck disable=SC2086
ip netns exec "$NS" ssh $SSHO -b 192.0.2.7 -p "$PORT" 192.0.2.1 true >"$TESTDIR/ssh7.out" 2>&1 &&
	fail "ssh from the banned address got in"
grep -q "Connection refused" "$TESTDIR/ssh7.out" ||
	fail "ssh from 192.0.2.7 did not say 'Connection refused': $(cat "$TESTDIR/ssh7.out")"
log "ssh from 192.0.2.7: $(cat "$TESTDIR/ssh7.out")"
# shellcheck disable=SC2086
ip netns exec "$NS" ssh $SSHO -b 192.0.2.8 -p "$PORT" 192.0.2.1 true >"$TESTDIR/ssh8.out" 2>&1
grep -q "Connection refused" "$TESTDIR/ssh8.out" &&
	fail "ssh from 192.0.2.8 was refused too: the ban is not what refuses"

SSHDOC_WRAP="ip netns exec $NS"
SSHDOC_FAIL2BAN_SOCKET=$F2B_SOCK
export SSHDOC_FAIL2BAN_SOCKET
run_sshdoc --server --json --timeout 3 --port "$PORT" --sshd-config "$CFG" --client-ip 192.0.2.7
assert_contract
log "causes: $(json '[.causes[] | [.id, .confidence, .explains]] | tojson')"
assert_rc 1
assert_outcome fail2ban banned
assert_outcome firewall reject
assert_evidence firewall "f2b-sshd"
assert_cause fail2ban-banned confirmed
assert_json 'all(.causes[]; .id != "firewall-reject")' \
	"firewall-reject should fold into fail2ban-banned (causes: $(json '[.causes[] | [.id, .explains]] | tojson'))"
assert_json '.causes[] | select(.id == "fail2ban-banned") | .explains == ["firewall-reject"] and .fix == "fail2ban-banned"' \
	"fail2ban-banned should carry firewall-reject"
assert_json '.causes[] | select(.id == "fail2ban-banned") | .evidence | any(contains("the rule is fail2ban'"'"'s ban"))' \
	"the folded rule should be in fail2ban-banned's evidence"
assert_json '.causes[] | select(.id == "fail2ban-banned") | .evidence | any(contains("-A f2b-sshd -s 192.0.2.7"))' \
	"the rule itself should be quoted"

# without --client-ip the ban is not this client's for sure, and the rule rejects only some
# sources: still one cause for the one mechanism
run_sshdoc --server --json --timeout 3 --port "$PORT" --sshd-config "$CFG"
assert_contract
log "causes: $(json '[.causes[] | [.id, .confidence, .explains]] | tojson')"
assert_outcome fail2ban bans
assert_outcome firewall reject-some-sources
assert_json 'all(.causes[]; .id != "firewall-reject")' \
	"firewall-reject should fold into fail2ban-banned without --client-ip too (causes: $(json '[.causes[] | [.id, .confidence, .explains]] | tojson'))"

# the plain report says it in one item
run_sshdoc --server --report --timeout 3 --port "$PORT" --sshd-config "$CFG" --client-ip 192.0.2.7
log "$(sed -n '/Diagnosis/,$p' "$TESTDIR/out.json")"
grep -q "which is why a firewall rule rejects the connection: the rule is fail2ban's ban" "$TESTDIR/out.json" ||
	fail "the plain report does not fold the rule: $(sed -n '/Diagnosis/,$p' "$TESTDIR/out.json")"
