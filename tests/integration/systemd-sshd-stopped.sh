#!/bin/sh
# systemd-sshd-stopped: under a real systemd (Debian 12 in systemd-nspawn), `systemctl stop
# ssh`; the real ssh client from the host gets "Connection refused" over the veth, and
# sshdoc --server inside finds sshd-not-running with the unit's state as evidence.
# covers: sshd-service sshd-listen self-probe sshd-privsep
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../systemd.sh"

sd_need
sd_boot
sd_exec systemctl stop ssh || fail "systemctl stop ssh failed"
st=$(sd_exec systemctl is-active ssh)
[ "$st" = inactive ] || fail "ssh.service should be inactive, is $st"
sd_journal ssh >"$TESTDIR/journal.log"
grep -q 'Stopped ssh.service' "$TESTDIR/journal.log" || fail "the journal does not say Stopped ssh.service"

# the client's side, from the host over the veth
sd_ssh -p 22 >"$TESTDIR/ssh.log" 2>&1
grep -q "connect to host $SD_IP port 22: Connection refused" "$TESTDIR/ssh.log" ||
	fail "ssh from the host should get Connection refused: $(cat "$TESTDIR/ssh.log")"
log "client: $(cat "$TESTDIR/ssh.log")"

sd_sshdoc --server --json
assert_contract
assert_json '.mode == "server"' "mode should be server"
assert_cause sshd-not-running confirmed
assert_check sshd-service fail
assert_outcome sshd-service not-running
assert_evidence sshd-service "ssh.service: inactive (dead)"
assert_json '[.checks[] | select(.id == "sshd-service") | .evidence[] | select(startswith("sshd.service:"))] | length == 0' \
	"sshd.service is Debian's alias of ssh.service: it should not be reported as a second unit"
assert_outcome sshd-listen nothing
assert_outcome self-probe refused
# systemd removes /run/sshd (RuntimeDirectory) when it stops the service: not a fault
assert_check sshd-privsep pass
log "ok: $(json '.checks[] | select(.id == "sshd-service") | .summary')"
