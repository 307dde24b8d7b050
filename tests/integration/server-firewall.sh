#!/bin/sh
# server-firewall: iptables and nft rules in a private network namespace (root only), read
# by sshdoc --server run inside it: DROP, REJECT, REJECT with tcp-reset, an nft drop
# rule, rules for some sources only, and a drop policy -> firewall-drop, firewall-reject,
# with the rule quoted. The other server checks run too; only the firewall is asserted.
# covers: firewall https-control self-probe
. "$(dirname "$0")/../lib.sh"

need_root "network namespaces with iptables and nft rules"
need_cmd ip iptables iptables-save nft

NS=sshdoc-fw-$$
ip netns add "$NS" || skip "cannot create a network namespace (ip netns add failed)"
on_exit "ip netns del $NS"
ip -n "$NS" link set lo up
in_ns() {
	ip netns exec "$NS" "$@" || fail "in the namespace: $* failed"
}
flush() {
	in_ns iptables -F
	in_ns iptables -P INPUT ACCEPT
	in_ns nft flush ruleset
}
SSHDOC_WRAP="ip netns exec $NS"
PORT=2222

# Nothing at all.
run_sshdoc --server --json --timeout 3 --port "$PORT" --client-ip 192.0.2.7
assert_contract
assert_outcome firewall no-firewall
assert_check firewall pass

# DROP: the packets vanish.
in_ns iptables -A INPUT -p tcp --dport "$PORT" -j DROP
run_sshdoc --server --json --timeout 3 --port "$PORT" --client-ip 192.0.2.7
assert_contract
assert_outcome firewall drop
assert_check firewall fail
assert_cause firewall-drop confirmed
assert_evidence firewall "rule: -A INPUT -p tcp -m tcp --dport $PORT -j DROP (filter INPUT)"

# REJECT: an ICMP port unreachable, "Connection refused" to the client.
flush
in_ns iptables -A INPUT -p tcp --dport "$PORT" -j REJECT
run_sshdoc --server --json --timeout 3 --port "$PORT" --client-ip 192.0.2.7
assert_outcome firewall reject
assert_cause firewall-reject confirmed
assert_evidence firewall "-j REJECT --reject-with icmp-port-unreachable"
assert_evidence firewall "Connection refused"

# REJECT with tcp-reset: "Connection reset by peer".
flush
in_ns iptables -A INPUT -p tcp --dport "$PORT" -j REJECT --reject-with tcp-reset
run_sshdoc --server --json --timeout 3 --port "$PORT" --client-ip 192.0.2.7
assert_outcome firewall reject
assert_cause firewall-reject confirmed
assert_evidence firewall "--reject-with tcp-reset"
assert_evidence firewall "answers tcp-reset"
assert_evidence firewall "Connection reset by peer"

# nftables: a table of its own with a drop rule in an input chain.
flush
in_ns nft add table inet sshdoc_test
in_ns nft add chain inet sshdoc_test input '{ type filter hook input priority 0; policy accept; }'
in_ns nft add rule inet sshdoc_test input tcp dport "{ 22, $PORT }" drop
run_sshdoc --server --json --timeout 3 --port "$PORT" --client-ip 192.0.2.7
assert_outcome firewall drop
assert_cause firewall-drop confirmed
assert_evidence firewall "rule: tcp dport { 22, $PORT } drop (inet sshdoc_test input)"
# IPv6 clients meet the same inet rule
run_sshdoc --server --json --timeout 3 --port "$PORT" --client-ip 2001:db8::7
assert_outcome firewall drop

# A rule for some sources: the client decides; without one, it stays possible.
flush
in_ns iptables -A INPUT -s 203.0.113.0/24 -p tcp --dport "$PORT" -j DROP
run_sshdoc --server --json --timeout 3 --port "$PORT" --client-ip 203.0.113.9
assert_outcome firewall drop
assert_evidence firewall "-s 203.0.113.0/24"
run_sshdoc --server --json --timeout 3 --port "$PORT" --client-ip 192.0.2.7
assert_outcome firewall open
assert_json 'all(.causes[]; .id != "firewall-drop")' "another network's rule is no cause"
run_sshdoc --server --json --timeout 3 --port "$PORT"
assert_outcome firewall drop-some-sources
assert_cause firewall-drop possible
assert_evidence firewall "source 203.0.113.0/24 only"

# A drop policy: open only where a rule accepts the port first.
flush
in_ns iptables -A INPUT -p tcp --dport 443 -j ACCEPT
in_ns iptables -P INPUT DROP
run_sshdoc --server --json --timeout 3 --port "$PORT" --client-ip 192.0.2.7
assert_outcome firewall drop
assert_cause firewall-drop confirmed
assert_evidence firewall "filter INPUT policy DROP"
in_ns iptables -I INPUT -p tcp --dport "$PORT" -j ACCEPT
run_sshdoc --server --json --timeout 3 --port "$PORT" --client-ip 192.0.2.7
assert_outcome firewall open
assert_check firewall pass
