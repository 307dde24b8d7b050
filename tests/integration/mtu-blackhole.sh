#!/bin/sh
# mtu-blackhole: two network namespaces made by this test, joined by a veth pair; sshd
# in one, and there a firewall rule that drops large packets only, as a path MTU black
# hole does. The person's ssh stalls in the key exchange; sshdoc's small-packet handshake
# (mtu-probe) gets through and confirms the cause. Needs root (namespaces, iptables).
# covers: tr-kex mtu-probe ssh-kexinit
. "$(dirname "$0")/../lib.sh"

need_root "mtu-blackhole (network namespaces and iptables)"
need_cmd ip iptables jq ssh ssh-keygen

TIMEOUT=3
# about 2x --timeout: the probe starts once ssh's own attempt is known to have stalled
# (MTU_BOUND_MS overrides it for slow runs, e.g. SSHDOC a script that runs valgrind)
BOUND_MS=${MTU_BOUND_MS:-$((2 * TIMEOUT * 1000 + 1500))}

# Names and a /24 of this run only; the namespaces keep them off every host network.
SNS=sshdoc-mtu-s-$$
CNS=sshdoc-mtu-c-$$
SIF=mtus$$
CIF=mtuc$$
NET=10.199.$(($$ % 250 + 1))
SADDR=$NET.1
CADDR=$NET.2
PORT=2222

ip netns add "$SNS" 2>"$TESTDIR/netns.err" ||
	skip "cannot create network namespaces here: $(head -c 200 "$TESTDIR/netns.err")"
on_exit "ip netns del $SNS"
ip netns add "$CNS" || fail "ip netns add $CNS failed"
on_exit "ip netns del $CNS"
ip link add "$SIF" type veth peer name "$CIF" || skip "cannot create a veth pair here"
if ! { ip link set "$SIF" netns "$SNS" && ip link set "$CIF" netns "$CNS" &&
	ip -n "$SNS" addr add "$SADDR/24" dev "$SIF" &&
	ip -n "$CNS" addr add "$CADDR/24" dev "$CIF" &&
	ip -n "$SNS" link set lo up && ip -n "$CNS" link set lo up &&
	ip -n "$SNS" link set "$SIF" up && ip -n "$CNS" link set "$CIF" up; }; then
	fail "setting up the veth pair failed"
fi
ip netns exec "$SNS" iptables -S INPUT >/dev/null 2>&1 ||
	skip "iptables does not work inside a network namespace here"

# sshd inside the server namespace (start_sshd would listen on the host's loopback).
SSHD=$(command -v sshd 2>/dev/null || echo /usr/sbin/sshd)
[ -x "$SSHD" ] || skip "sshd (openssh-server) is not installed"
if [ ! -d /run/sshd ]; then
	mkdir -p /run/sshd && chmod 0755 /run/sshd && chown root:root /run/sshd
fi
ssh-keygen -q -t ed25519 -N '' -C sshdoc-test -f "$TESTDIR/ssh_host_ed25519_key" >/dev/null ||
	fail "ssh-keygen failed"
chmod 600 "$TESTDIR/ssh_host_ed25519_key"
mkdir -p "$TESTDIR/home/.ssh"
chmod 700 "$TESTDIR/home/.ssh"
# A client key and the host key in known_hosts: without the rule, ssh logs in (healthy).
ssh-keygen -q -t ed25519 -N '' -C client -f "$TESTDIR/home/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen client key failed"
cp "$TESTDIR/home/.ssh/id_ed25519.pub" "$TESTDIR/authorized_keys"
KH=$TESTDIR/home/.ssh/known_hosts
printf '[%s]:%s %s\n' "$SADDR" "$PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")" >"$KH"
{
	echo "UserKnownHostsFile $KH"
	echo "GlobalKnownHostsFile $TESTDIR/no-global-known-hosts"
	echo "IdentityFile $TESTDIR/home/.ssh/id_ed25519"
	echo "IdentitiesOnly yes"
} >"$TESTDIR/ssh_config"
SSHD_LOG=$TESTDIR/sshd.log
{
	echo "Port $PORT"
	echo "ListenAddress $SADDR"
	echo "HostKey $TESTDIR/ssh_host_ed25519_key"
	echo "PidFile $TESTDIR/sshd.pid"
	echo "UsePAM no"
	echo "StrictModes no"
	echo "LogLevel VERBOSE"
	echo "AuthorizedKeysFile $TESTDIR/authorized_keys"
} >"$TESTDIR/sshd_config"
"$SSHD" -t -f "$TESTDIR/sshd_config" >"$TESTDIR/sshd.t" 2>&1 ||
	fail "sshd -t rejects the test configuration: $(head -c 2000 "$TESTDIR/sshd.t")"
ip netns exec "$SNS" "$SSHD" -f "$TESTDIR/sshd_config" -E "$SSHD_LOG" </dev/null >/dev/null 2>&1 ||
	fail "sshd failed to start: $(head -c 2000 "$SSHD_LOG")"
wait_until 10 test -s "$TESTDIR/sshd.pid" || fail "sshd wrote no pid file within 10 s"
SSHD_PID=$(cat "$TESTDIR/sshd.pid")
track_pid "$SSHD_PID"
# stop sshd before the namespaces go (on_exit runs newest first)
on_exit "stop_pid $SSHD_PID"
listening() {
	[ -n "$(ip netns exec "$SNS" ss -Htln "( sport = :$PORT )" 2>/dev/null)" ]
}
wait_until 10 listening || fail "sshd is not listening on $SADDR:$PORT"
log "sshd pid $SSHD_PID on $SADDR:$PORT in namespace $SNS; client namespace $CNS"

# shellcheck disable=SC2034 # read by run_sshdoc (lib.sh)
SSHDOC_WRAP="ip netns exec $CNS"
probe() {
	run_sshdoc --json --timeout "$TIMEOUT" -F "$TESTDIR/ssh_config" -p "$PORT" "$SADDR"
	assert_report_basics "$SADDR" "$PORT"
	log "verdict $(json .verdict); causes: $(json '[.causes[] | "\(.id)/\(.confidence)"] | join(" ")')"
	log "mtu-probe: $(json '.checks[] | select(.id == "mtu-probe") | "\(.outcome): \(.summary)"')"
}
RULE_IN="INPUT -p tcp --dport $PORT -m length --length 1000:65535 -j DROP"

# (a) large client->server packets lost, small ones pass. ssh's own attempt really
# stalls in the key exchange, the small handshake completes: confirmed, with the MTU.
# shellcheck disable=SC2086
ip netns exec "$SNS" iptables -A $RULE_IN || fail "iptables -A failed"
probe
assert_outcome tr-kex stall
assert_evidence tr-kex "SSH2_MSG_KEX_ECDH_REPLY"
assert_evidence transcript "furthest phase: key exchange"
assert_check mtu-probe fail
assert_outcome mtu-probe small-ok
assert_cause mtu-blackhole confirmed
assert_evidence mtu-blackhole "route to $SADDR: via $CIF, MTU 1500"
assert_evidence mtu-probe "-byte packet"
assert_evidence mtu-probe "MSS clamped to 536"
assert_evidence mtu-probe "route to $SADDR: via $CIF"
assert_verdict problem
assert_rc 1
assert_ms_below "$BOUND_MS"
# shellcheck disable=SC2086
ip netns exec "$SNS" iptables -D $RULE_IN || fail "iptables -D failed"

# (b) the other direction: large server->client packets lost (the rule on the client's
# side). The server's KEXINIT stalls; the probe's clamped MSS makes the server send small
# segments, so it completes: confirmed.
RULE_OUT="INPUT -p tcp --sport $PORT -m length --length 1000:65535 -j DROP"
# shellcheck disable=SC2086
ip netns exec "$CNS" iptables -A $RULE_OUT || fail "iptables -A failed"
probe
assert_outcome ssh-kexinit stalled
assert_outcome mtu-probe small-ok
assert_cause mtu-blackhole confirmed
assert_evidence mtu-probe "did not arrive"
assert_ms_below "$BOUND_MS"
# shellcheck disable=SC2086
ip netns exec "$CNS" iptables -D $RULE_OUT || fail "iptables -D failed"

# (c) even small packets after the banner are lost (threshold 200 bytes): the probe
# stalls too, which decides nothing: no confirmed cause, and still about 2x --timeout.
RULE_TINY="INPUT -p tcp --dport $PORT -m length --length 200:65535 -j DROP"
# shellcheck disable=SC2086
ip netns exec "$SNS" iptables -A $RULE_TINY || fail "iptables -A failed"
probe
assert_outcome tr-kex stall
assert_check mtu-probe warn
assert_outcome mtu-probe small-stalls
assert_evidence mtu-probe "inconclusive"
assert_json '[.causes[] | select(.id == "mtu-blackhole" and .confidence == "confirmed")] | length == 0' \
	"a stalled probe confirms nothing"
assert_ms_below "$BOUND_MS"
# shellcheck disable=SC2086
ip netns exec "$SNS" iptables -D $RULE_TINY || fail "iptables -D failed"

# (d) control, no rule: ssh gets through, no probe, no mtu-blackhole cause.
probe
assert_outcome tr-kex ok
assert_outcome mtu-probe not-needed
assert_json '[.causes[] | select(.id == "mtu-blackhole")] | length == 0' \
	"no mtu-blackhole cause without the rule"
assert_verdict ok
assert_rc 0

grep -q "Invalid user" "$SSHD_LOG" && fail "sshd logged an invalid user"
log "ok"
