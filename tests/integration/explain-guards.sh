#!/bin/sh
# explain-guards: what guards the SSH port wrote, pasted beside ssh's own message, names
# the guard. A real fail2ban-server bans and lifts a ban (its fail2ban.log); the kernel
# logs the packets a DROP and a REJECT rule refuse, with the prefixes ufw and firewalld
# give their rules, while ssh in that namespace times out and is refused (dmesg).
# covers: transcript tr-connect tr-sshd-log
. "$(dirname "$0")/../lib.sh"

need_root "a real fail2ban-server, and firewall rules and kernel logging in a network namespace"

# explain FILE: sshdoc --explain FILE --json
explain() {
	run_sshdoc --json --explain "$1"
	assert_contract
	assert_json '.mode == "explain"' "mode should be explain"
}

# ---------------------------------------------------------------- fail2ban
if command -v fail2ban-client >/dev/null 2>&1 && command -v fail2ban-server >/dev/null 2>&1; then
	fail2ban_dir
	cat >"$F2B_DIR/jail.local" <<EOS
[DEFAULT]
backend = polling
banaction = dummy
banaction_allports = dummy

[sshd]
enabled = true
filter = sshd
port = 22
logpath = $TESTDIR/f2b-auth.log
action = dummy[target="$TESTDIR/f2b.dummy"]

[nginx-http-auth]
enabled = true
filter = nginx-http-auth
port = 80
logpath = $TESTDIR/f2b-auth.log
action = dummy[target="$TESTDIR/f2b.dummy2"]
EOS
	on_exit "fail2ban-client -s $F2B_SOCK stop"
	fail2ban-client -c "$F2B_DIR" -s "$F2B_SOCK" -p "$F2B_PIDF" start >"$TESTDIR/f2b-start.log" 2>&1 ||
		fail "fail2ban did not start: $(head -c 2000 "$TESTDIR/f2b-start.log")"
	wait_until 10 fail2ban-client -s "$F2B_SOCK" status sshd ||
		fail "the jail sshd is not loaded"
	fail2ban-client -s "$F2B_SOCK" set sshd banip 203.0.113.7 >/dev/null 2>&1 || fail "banip failed"
	fail2ban-client -s "$F2B_SOCK" set nginx-http-auth banip 198.51.100.9 >/dev/null 2>&1 ||
		fail "banip failed"
	wait_until 10 grep -q 'Ban 198.51.100.9' "$TESTDIR/f2b.log" || fail "fail2ban logged no ban"

	# the person's side: ssh's words, then the server's fail2ban.log as tail shows it
	{
		echo "ssh: connect to host web1 port 22: Connection refused"
		grep -E 'Ban |Unban ' "$TESTDIR/f2b.log"
	} >"$TESTDIR/ban.txt"
	explain "$TESTDIR/ban.txt"
	assert_verdict problem
	assert_cause fail2ban-banned likely
	assert_evidence tr-sshd-log "from the server's log you pasted"
	assert_evidence tr-sshd-log "[sshd] Ban 203.0.113.7"
	# the nginx jail's ban is no SSH ban: one line counted
	assert_evidence tr-sshd-log "(1 line)"

	# lifted: the ban is no longer a likely cause
	fail2ban-client -s "$F2B_SOCK" set sshd unbanip 203.0.113.7 >/dev/null 2>&1 || fail "unbanip failed"
	wait_until 10 grep -q 'Unban 203.0.113.7' "$TESTDIR/f2b.log" || fail "fail2ban logged no unban"
	{
		echo "ssh: connect to host web1 port 22: Connection refused"
		grep -E 'Ban |Unban ' "$TESTDIR/f2b.log"
	} >"$TESTDIR/unban.txt"
	explain "$TESTDIR/unban.txt"
	assert_json 'all(.causes[]; .id != "fail2ban-banned" or .confidence == "possible")' \
		"a lifted ban should not be a likely cause: $(json '[.causes[] | "\(.id)/\(.confidence)"] | join(" ")')"
else
	log "fail2ban is not installed (Debian package fail2ban): its part did not run"
fi

# ---------------------------------------------------------------- the kernel's firewall log
need_cmd ip
need_cmd iptables
need_cmd dmesg
ns=sshdoc-guard-$$
ip netns add "$ns" 2>"$TESTDIR/netns.err" ||
	skip "cannot create a network namespace: $(head -n 1 "$TESTDIR/netns.err")"
on_exit "ip netns del $ns"
ip netns exec "$ns" ip link set lo up || fail "cannot bring lo up in $ns"
# the kernel logs a namespace's packets only when told to (restored at exit)
old=$(sysctl -n net.netfilter.nf_log_all_netns 2>/dev/null) ||
	skip "no net.netfilter.nf_log_all_netns: the kernel cannot log a namespace's packets"
on_exit "sysctl -qw net.netfilter.nf_log_all_netns=$old"
sysctl -qw net.netfilter.nf_log_all_netns=1 || skip "cannot set net.netfilter.nf_log_all_netns"
dmesg >/dev/null 2>&1 || skip "dmesg cannot read the kernel log"

# guard PREFIX TARGET...: the rule, one ssh attempt in the namespace, ssh's last line and
# the kernel's lines with that prefix (new since the rule) into $TESTDIR/guard.txt
guard() {
	_prefix=$1
	shift
	ip netns exec "$ns" iptables -F INPUT
	ip netns exec "$ns" iptables -A INPUT -p tcp --dport 22 -j LOG --log-prefix "$_prefix" ||
		skip "iptables has no LOG target here"
	ip netns exec "$ns" iptables -A INPUT -p tcp --dport 22 -j "$@" || fail "iptables -j $*"
	_n0=$(dmesg | wc -l)
	ip netns exec "$ns" ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout=2 \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null 127.0.0.1 true \
		>"$TESTDIR/ssh.out" 2>"$TESTDIR/ssh.err"
	wait_until 5 sh -c "dmesg | tail -n +$((_n0 + 1)) | grep -q -F '$_prefix'" ||
		skip "the kernel logged nothing for the LOG rule"
	{
		grep '^ssh: ' "$TESTDIR/ssh.err" | tail -n 1
		dmesg | tail -n +$((_n0 + 1)) | grep -F "$_prefix" | head -n 3
	} >"$TESTDIR/guard.txt"
	log "pasted: $(cat "$TESTDIR/guard.txt")"
}

# ufw's deny: a drop; ssh times out
guard "[UFW BLOCK] " DROP
grep -q 'Connection timed out' "$TESTDIR/guard.txt" ||
	fail "ssh should time out behind a DROP: $(cat "$TESTDIR/ssh.err")"
explain "$TESTDIR/guard.txt"
assert_verdict problem
assert_cause network-timeout
assert_cause firewall-drop likely
assert_evidence tr-sshd-log "[UFW BLOCK]"

# firewalld's LogDenied before a REJECT: ssh is refused
guard "filter_IN_public_REJECT: " REJECT --reject-with tcp-reset
grep -q 'Connection refused' "$TESTDIR/guard.txt" ||
	fail "ssh should be refused by a REJECT: $(cat "$TESTDIR/ssh.err")"
explain "$TESTDIR/guard.txt"
assert_verdict problem
assert_cause port-closed
assert_cause firewall-reject likely

# the same rule for another port says nothing of SSH
ip netns exec "$ns" iptables -F INPUT
printf '%s\n' "ssh: connect to host 127.0.0.1 port 22: Connection refused" \
	"$(sed -n 2p "$TESTDIR/guard.txt" | sed 's/DPT=22 /DPT=80 /')" >"$TESTDIR/other.txt"
explain "$TESTDIR/other.txt"
assert_json 'all(.causes[]; .id != "firewall-reject" or .confidence == "possible")' \
	"a packet to port 80 says nothing of SSH"
log "fail2ban's ban, ufw's drop and firewalld's reject named from their own lines"
