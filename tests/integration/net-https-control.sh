#!/bin/sh
# net-https-control: when the SSH port times out, the https-control check asks the same
# host over HTTPS (port 443) and a configured control URL. In a private network namespace
# (the machine's own firewall is never touched), DROP rules make the SSH port, port 443
# and the control server silent in turn: host-refused and host-https -> port-22-blocked,
# control-only -> network-timeout likely, nothing -> network-timeout confirmed; the
# default (no control-url) asks only the same host. A reachable SSH port never triggers it.
# covers: https-control tcp-connect alt-port tr-connect
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/helpers/https.sh"

need_root "net-https-control (a network namespace with firewall rules in it)"
need_cmd ip
make_test_ca
ns=sshdoc-test-$$
ip netns add "$ns" 2>"$TESTDIR/netns.err" ||
	skip "cannot create a network namespace: $(head -n 1 "$TESTDIR/netns.err")"
on_exit "ip netns del $ns"
ip netns exec "$ns" ip link set lo up || fail "cannot bring lo up in $ns"

# drop PORT: silently drop TCP to PORT inside the namespace (iptables, else nft).
_nrule=0
drop() {
	_nrule=$((_nrule + 1))
	if ip netns exec "$ns" iptables -A INPUT -p tcp --dport "$1" -j DROP 2>"$TESTDIR/fw.err"; then
		return 0
	fi
	ip netns exec "$ns" nft -f - 2>>"$TESTDIR/fw.err" <<EOS || skip "neither iptables nor nft can add a rule in a network namespace: $(tr '\n' ' ' <"$TESTDIR/fw.err")"
table inet sshdoc_test_$_nrule {
	chain input {
		type filter hook input priority 0; policy accept;
		tcp dport $1 drop
	}
}
EOS
}

www=$TESTDIR/www
mkdir -p "$www"
ssh_port=$(free_port) || fail "no free port"
ctl_port=$(free_port) || fail "no free port"
drop "$ssh_port"
SSHDOC_WRAP="ip netns exec $ns"
conf=$TESTDIR/home/.config/sshdoc/config
mkdir -p "$(dirname "$conf")"

# 0. Nothing on port 443: the host refuses it, so it is up; only the SSH port is silent.
run_sshdoc --json --timeout 2 -p "$ssh_port" 127.0.0.1
assert_report_basics 127.0.0.1 "$ssh_port"
assert_outcome https-control host-refused
assert_cause port-22-blocked possible
assert_evidence https-control "refused the connection (the host is up)"

HTTPS_WRAP="ip netns exec $ns"
start_https "$www" 127.0.0.1 443
start_https "$www" 127.0.0.1 "$ctl_port"
HTTPS_WRAP=

# 1. The host answers HTTPS but not SSH: its SSH port is filtered on the way.
: >"$www/requests.log"
run_sshdoc --json --timeout 2 -p "$ssh_port" 127.0.0.1
assert_report_basics 127.0.0.1 "$ssh_port"
assert_outcome tcp-connect timeout
assert_check https-control fail
assert_outcome https-control host-https
assert_cause port-22-blocked likely
assert_cause network-timeout confirmed
assert_evidence https-control "no control URL configured"
grep -q '^HEAD /$' "$www/requests.log" || fail "the same host was not asked with HEAD /"
[ "$(wc -l <"$www/requests.log")" -eq 1 ] || fail "more than the same host was asked without control-url"
assert_ms_below 6000

# 2. Port 443 silent too, the control URL answers: the network works, the host does not.
drop 443
printf 'control-url = https://127.0.0.1:%s/\n' "$ctl_port" >"$conf"
run_sshdoc --json --timeout 2 -p "$ssh_port" 127.0.0.1
assert_outcome https-control control-only
assert_cause network-timeout confirmed
assert_json '[.causes[] | select(.id == "port-22-blocked")] | length == 0' \
	"port-22-blocked must not be named when the host answers nothing"
assert_evidence https-control "control 127.0.0.1: answered"

# 3. Nothing answers: this network reaches nothing.
drop "$ctl_port"
run_sshdoc --json --timeout 2 -p "$ssh_port" 127.0.0.1
assert_outcome https-control nothing
assert_cause network-timeout confirmed
assert_ms_below 7000

# 4. No control URL, host silent on 443.
rm -f "$conf"
run_sshdoc --json --timeout 2 -p "$ssh_port" 127.0.0.1
assert_outcome https-control host-silent
assert_cause network-timeout

# 5. A refused SSH port proves the path works: no HTTPS request at all.
: >"$www/requests.log"
refused=$(free_port) || fail "no free port"
run_sshdoc --json --timeout 2 -p "$refused" 127.0.0.1
assert_outcome tcp-connect refused
assert_check https-control skip
assert_outcome https-control not-needed
[ ! -s "$www/requests.log" ] || fail "https-control asked although the SSH port answered"
exit 0
