#!/bin/sh
# fix-server-fail2ban: a real fail2ban-server (its own socket and configuration in TESTDIR)
# whose jail bans 127.0.0.2 with the iptables-multiport action on the test port, all in a
# network namespace of the test's own (unshare --net: the machine's rules are never
# touched). ssh from 127.0.0.2 is refused (proven); fail2ban-banned is confirmed for
# --client-ip 127.0.0.2; --fix unbans (fail2ban-client set JAIL unbanip ADDR), a real login
# from 127.0.0.2 works; --undo bans it again (set JAIL banip ADDR) and the login is refused
# again. A session from 127.0.0.1 answers throughout.
# covers: fail2ban firewall
if [ -z "${FIX_F2B_NETNS:-}" ] && [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1; then
	FIX_F2B_NETNS=1 exec unshare --net sh "$0" "$@"
fi
. "$(dirname "$0")/../lib.sh"
[ -n "${FIX_F2B_NETNS:-}" ] || skip "needs root and unshare (util-linux) for a network namespace"
. "$(dirname "$0")/fix-server.lib"
need_cmd fail2ban-client fail2ban-server iptables ip
ip link set lo up || fail "ip link set lo up"

fs_account
start_sshd
ssh_works || fail "no login before the ban"
session_start

fail2ban_dir
cat >"$F2B_DIR/jail.local" <<EOS
[DEFAULT]
backend = polling

[sdt]
enabled = true
filter = sshd
port = $SSHD_PORT
logpath = $TESTDIR/f2b-auth.log
action = iptables-multiport[name=sdt, port="$SSHD_PORT", protocol=tcp]
EOS
on_exit "fail2ban-client -s $F2B_SOCK stop"
fail2ban-client -c "$F2B_DIR" -s "$F2B_SOCK" -p "$F2B_PIDF" start >"$TESTDIR/f2b-start.log" 2>&1 ||
	fail "fail2ban did not start: $(head -c 2000 "$TESTDIR/f2b-start.log")"
wait_until 20 fail2ban-client -s "$F2B_SOCK" ping || fail "fail2ban-server does not answer"
[ -s "$F2B_PIDF" ] && track_pid "$(cat "$F2B_PIDF")"
fail2ban-client -s "$F2B_SOCK" set sdt banip 127.0.0.2 >/dev/null 2>&1 || fail "banip failed"
SSHDOC_FAIL2BAN_SOCKET=$F2B_SOCK
export SSHDOC_FAIL2BAN_SOCKET

from2() {
	as_user ssh -b 127.0.0.2 -i "$THOME/.ssh/ukey" -o BatchMode=yes -o ConnectTimeout=5 \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-p "$SSHD_PORT" "$TUSER@127.0.0.1" echo from2-ok >"$TESTDIR/ssh.out" 2>&1
	grep -q from2-ok "$TESTDIR/ssh.out"
}
wait_until 10 sh -c "iptables -S | grep -q -- '-s 127.0.0.2/32'" || fail "no ban rule"
from2 && fail "127.0.0.2 logs in although banned"
grep -q "Connection refused" "$TESTDIR/ssh.out" || fail "ssh: $(cat "$TESTDIR/ssh.out")"
session_alive "while 127.0.0.2 is banned"

run_fix --client-ip 127.0.0.2 --fix fail2ban-banned
assert_rc 0
grep -q "fail2ban-client -s $F2B_SOCK set sdt unbanip 127.0.0.2" "$TESTDIR/out.json" ||
	fail "the plan does not show the command"
from2 && fail "the dry run unbanned"

run_fix --client-ip 127.0.0.2 --fix fail2ban-banned --yes
assert_rc 0
from2 || fail "no login from 127.0.0.2 after the unban: $(cat "$TESTDIR/ssh.out")"
fail2ban-client -s "$F2B_SOCK" status sdt | grep -q "127.0.0.2" && fail "still in the ban list"
session_alive "after the unban"

run_sshdoc --undo
assert_rc 0
grep -q "ran: fail2ban-client -s $F2B_SOCK set sdt banip 127.0.0.2" "$TESTDIR/out.json" ||
	fail "--undo did not say what it ran"
fail2ban-client -s "$F2B_SOCK" status sdt | grep -q "127.0.0.2" || fail "--undo did not ban again"
wait_until 10 sh -c "iptables -S | grep -q -- '-s 127.0.0.2/32'" || fail "no ban rule after --undo"
from2 && fail "127.0.0.2 logs in after --undo"
session_alive "after --undo"
