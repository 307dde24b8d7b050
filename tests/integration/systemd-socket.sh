#!/bin/sh
# systemd-socket: under a real systemd, ssh.socket instead of ssh.service (as Ubuntu 22.10+
# ships it). On port 22 with sshd_config's Port 22 it is healthy (ok, socket-activated); a
# drop-in moving the socket to 2222 while sshd_config still says Port 22 is the silent
# mismatch (Debian 12 has no generator): ssh from the host gets Connection refused on 22,
# and sshdoc names socket-activation-mismatch with ss's listener as evidence.
# covers: sshd-service sshd-listen self-probe
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../systemd.sh"

sd_need
sd_boot

# --- healthy: ssh.socket on 22, ssh.service disabled and stopped
sd_exec systemctl disable --now ssh.service >/dev/null 2>&1 || fail "systemctl disable --now ssh.service failed"
sd_exec systemctl enable --now ssh.socket >/dev/null 2>&1 || fail "systemctl enable --now ssh.socket failed"
sd_poll 10 systemctl is-active ssh.socket || fail "ssh.socket is not active"
sd_exec ss -Hltnp >"$TESTDIR/ss.log"
grep -q ':22 .*"systemd",pid=1,' "$TESTDIR/ss.log" || fail "systemd (pid 1) should hold port 22: $(cat "$TESTDIR/ss.log")"
[ "$(sd_exec systemctl is-active ssh.service)" = inactive ] || fail "ssh.service should wait for a connection"

sd_sshdoc --server --json
assert_contract
assert_verdict ok
assert_outcome sshd-service socket-activated
assert_outcome sshd-listen systemd-socket
assert_evidence sshd-service "ssh.socket: active (listening), listening on [::]:22 (Stream)"

# the first connection starts ssh.service: the host's client reaches sshd
sd_ssh -o PreferredAuthentications=none -p 22 >"$TESTDIR/ssh1.log" 2>&1
grep -q 'Permission denied' "$TESTDIR/ssh1.log" || fail "ssh to port 22 should reach sshd: $(cat "$TESTDIR/ssh1.log")"
sd_exec systemctl show -p TriggeredBy ssh.service | grep -q 'ssh.socket' || fail "ssh.service is not TriggeredBy ssh.socket"
log "healthy: $(json '.checks[] | select(.id == "sshd-listen") | .summary')"

# --- mismatch: the socket moves to 2222 by a drop-in; sshd_config still says Port 22
sd_exec systemctl stop ssh.service ssh.socket
sd_exec sh -c 'mkdir -p /etc/systemd/system/ssh.socket.d &&
	printf "[Socket]\nListenStream=\nListenStream=2222\n" >/etc/systemd/system/ssh.socket.d/listen.conf &&
	echo "Port 22" >>/etc/ssh/sshd_config && systemctl daemon-reload && systemctl start ssh.socket' ||
	fail "cannot move ssh.socket to 2222"
sd_exec ss -Hltnp >"$TESTDIR/ss.log"
grep -q ':2222 .*"systemd",pid=1,' "$TESTDIR/ss.log" || fail "systemd should hold 2222: $(cat "$TESTDIR/ss.log")"
grep -q ':22 ' "$TESTDIR/ss.log" && fail "nothing should listen on 22 now: $(cat "$TESTDIR/ss.log")"
sd_ssh -o PreferredAuthentications=none -p 22 >"$TESTDIR/ssh2.log" 2>&1
grep -q "connect to host $SD_IP port 22: Connection refused" "$TESTDIR/ssh2.log" ||
	fail "ssh to port 22 should be refused: $(cat "$TESTDIR/ssh2.log")"
log "client: $(cat "$TESTDIR/ssh2.log")"

sd_sshdoc --server --json
assert_contract
assert_cause socket-activation-mismatch
assert_outcome sshd-listen socket-mismatch
assert_evidence sshd-listen "ssh.socket listens on port 2222, which sshd_config does not name"
assert_evidence sshd-listen "sshd_config names port 22"
assert_evidence sshd-service "listening on [::]:2222 (Stream)"
log "mismatch: $(json '.checks[] | select(.id == "sshd-listen") | .summary')"
