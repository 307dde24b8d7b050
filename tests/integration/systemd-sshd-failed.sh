#!/bin/sh
# systemd-sshd-failed: under a real systemd, an invalid sshd_config then `systemctl restart
# ssh`: the restart exits 1, the unit ends failed (after "activating (auto-restart)"), and
# sshdoc --server inside quotes the unit's state, sshd -t's exit status and sshd's own
# journal line.
# covers: sshd-service sshd-config
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../systemd.sh"

sd_need
sd_boot
sd_exec sh -c 'echo "NoSuchOption yes" >>/etc/ssh/sshd_config'
sd_exec systemctl restart ssh >"$TESTDIR/restart.log" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "systemctl restart ssh should exit 1, exited $rc"
# the unit goes through "activating (auto-restart)" before it stays failed: poll
sd_poll 15 systemctl is-failed ssh || fail "ssh.service did not end failed: $(sd_exec systemctl is-active ssh)"
sd_journal ssh >"$TESTDIR/journal.log"
grep -q 'sshd\[[0-9]*\]: /etc/ssh/sshd_config: line [0-9]*: Bad configuration option: NoSuchOption' \
	"$TESTDIR/journal.log" || fail "the journal lacks sshd's Bad configuration option line"
grep -q 'status=255/EXCEPTION' "$TESTDIR/journal.log" || fail "the journal lacks status=255"
grep -q 'Start request repeated too quickly' "$TESTDIR/journal.log" ||
	fail "the journal lacks Start request repeated too quickly"

sd_sshdoc --server --json
assert_contract
# one mechanism, one cause: the stopped service folds into the invalid configuration
assert_first_cause sshd-config-invalid
assert_cause sshd-config-invalid confirmed
assert_json 'any(.causes[]; .id == "sshd-config-invalid" and
	(.explains // [] | index("sshd-not-running")))' \
	"sshd-not-running should be folded into sshd-config-invalid: $(json '[.causes[] | {id, explains}] | tojson')"
assert_outcome sshd-service unit-failed
assert_evidence sshd-service "ssh.service: failed (failed), result exit-code"
assert_evidence sshd-service "ExecStartPre /usr/sbin/sshd -t exited with status 255"
assert_evidence sshd-service "Bad configuration option: NoSuchOption"
assert_evidence sshd-service "Start request repeated too quickly"
assert_json '[.checks[] | select(.id == "sshd-service") | .evidence[]] | (length == (unique | length))' \
	"the journal lines of the restart loop should each be quoted once"
assert_outcome sshd-config invalid
assert_evidence sshd-config "Bad configuration option: NoSuchOption"
log "ok: $(json '[.checks[] | select(.id == "sshd-service") | .evidence[]] | join(" | ")')"
