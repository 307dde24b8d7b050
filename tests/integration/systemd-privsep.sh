#!/bin/sh
# systemd-privsep: under a real systemd, a unit without RuntimeDirectory=sshd (as hand-
# written units have) never gets /run/sshd: after a stop, `systemctl restart ssh` fails
# with sshd's "Missing privilege separation directory: /run/sshd". sshdoc --server inside
# names privsep-dir-missing; with Debian's own unit merely stopped, the same missing
# directory is expected and passes.
# covers: sshd-privsep sshd-service sshd-config
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../systemd.sh"

sd_need
sd_boot
sd_exec systemctl stop ssh || fail "systemctl stop ssh failed"
sd_exec test -e /run/sshd && fail "systemd should remove /run/sshd when it stops ssh.service"
sd_sshdoc --server --json
assert_contract
assert_check sshd-privsep pass
assert_evidence sshd-privsep "as expected while ssh.service is stopped"

sd_exec sh -c 'mkdir -p /etc/systemd/system/ssh.service.d &&
	printf "[Service]\nRuntimeDirectory=\n" >/etc/systemd/system/ssh.service.d/handmade.conf &&
	systemctl daemon-reload' || fail "cannot add the drop-in"
[ "$(sd_exec systemctl show -p RuntimeDirectory ssh)" = "RuntimeDirectory=" ] ||
	fail "the drop-in did not clear RuntimeDirectory"
sd_exec systemctl restart ssh >/dev/null 2>&1 && fail "systemctl restart ssh should fail"
sd_poll 15 systemctl is-failed ssh || fail "ssh.service did not end failed"
sd_journal ssh >"$TESTDIR/journal.out"
grep -q 'sshd\[[0-9]*\]: Missing privilege separation directory: /run/sshd' "$TESTDIR/journal.out" ||
	fail "the journal lacks sshd's Missing privilege separation directory line"

sd_sshdoc --server --json
assert_contract
assert_cause privsep-dir-missing confirmed
assert_outcome sshd-privsep missing
assert_evidence sshd-privsep "ssh.service has no RuntimeDirectory=sshd"
assert_evidence sshd-service "Missing privilege separation directory: /run/sshd"
assert_evidence sshd-service "ExecStartPre /usr/sbin/sshd -t exited with status 255"
log "ok: $(json '.checks[] | select(.id == "sshd-privsep") | .summary')"
