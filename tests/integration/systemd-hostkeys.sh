#!/bin/sh
# systemd-hostkeys: under a real systemd, every host key made world-readable, then
# `systemctl restart ssh`: sshd -t (ExecStartPre) exits 1 with "Permissions 0644 ... are
# too open" and "no hostkeys available", the unit ends failed; sshdoc --server inside
# names hostkey-permissions with the modes and sshd's own words.
# covers: sshd-hostkeys sshd-service sshd-config
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../systemd.sh"

sd_need
sd_boot
sd_exec sh -c 'chmod 0644 /etc/ssh/ssh_host_*_key' || fail "chmod failed"
sd_exec systemctl restart ssh >/dev/null 2>&1 && fail "systemctl restart ssh should fail"
sd_poll 15 systemctl is-failed ssh || fail "ssh.service did not end failed"
sd_journal ssh >"$TESTDIR/journal.out"
grep -q "sshd\[[0-9]*\]: Permissions 0644 for '/etc/ssh/ssh_host_ed25519_key' are too open." \
	"$TESTDIR/journal.out" || fail "the journal lacks sshd's Permissions 0644 line"
grep -q 'sshd: no hostkeys available -- exiting.' "$TESTDIR/journal.out" ||
	fail "the journal lacks no hostkeys available"

sd_sshdoc --server --json
assert_contract
assert_cause hostkey-permissions confirmed
# one mechanism, one cause: the failed service folds into the host key's permissions
assert_json 'any(.causes[]; .id == "hostkey-permissions" and
	(.explains // [] | index("sshd-not-running")))' \
	"sshd-not-running should be folded into hostkey-permissions: $(json '[.causes[] | {id, explains}] | tojson')"
assert_outcome sshd-hostkeys permissions
assert_evidence sshd-hostkeys "/etc/ssh/ssh_host_ed25519_key: mode 0644, owner uid 0"
assert_evidence sshd-service "ExecStartPre /usr/sbin/sshd -t exited with status 1"
assert_evidence sshd-service "sshd: no hostkeys available -- exiting."
log "ok: $(json '.checks[] | select(.id == "sshd-hostkeys") | .summary')"
