#!/bin/sh
# fix-known-hosts: the wizard's f on a changed host key (proven with ssh's own warning): the
# Apply fix screen shows the stored fingerprint and the one the server presents now (golden,
# fingerprints masked; the real ones are checked), y asks to type yes after the out-of-band
# check, anything else cancels and changes nothing; typed yes removes the stale entry only
# (ssh-keygen -R), the checks run again and the Diagnosis says the cause is gone.
# covers: ssh-handshake known-hosts
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

need_cmd ssh ssh-keygen cmp
UI_MASK_DIR=$TESTDIR
start_sshd
UI_MASK_PORT=$SSHD_PORT
mkdir -p "$TESTDIR/home/.ssh" "$TESTDIR/state"
chmod 700 "$TESTDIR/home/.ssh"
ssh-keygen -q -t ed25519 -N '' -f "$TESTDIR/other_key" >/dev/null || fail "ssh-keygen"
{
	echo "# kept"
	echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$TESTDIR/other_key.pub")"
} >"$TESTDIR/kh.changed"
cp "$TESTDIR/kh.changed" "$TESTDIR/kh.orig"
printf 'UserKnownHostsFile %s\nGlobalKnownHostsFile /dev/null\nHostKeyAlgorithms ssh-ed25519\n' \
	"$TESTDIR/kh.changed" >"$TESTDIR/ssh_config.changed"
msg=$(HOME=$TESTDIR/home ssh -F "$TESTDIR/ssh_config.changed" -o BatchMode=yes \
	-p "$SSHD_PORT" tester@127.0.0.1 true 2>&1)
echo "$msg" | grep -q 'REMOTE HOST IDENTIFICATION HAS CHANGED' ||
	fail "ssh does not see a changed key: $msg"
old_fp=$(ssh-keygen -lf "$TESTDIR/other_key.pub" | cut -d' ' -f2)
new_fp=$(ssh-keygen -lf "$TESTDIR/ssh_host_ed25519_key.pub" | cut -d' ' -f2)

ui_start SSHDOC_STATE_DIR="$TESTDIR/state" -- --timeout 3 -F "$TESTDIR/ssh_config.changed" \
	-p "$SSHD_PORT" -l tester 127.0.0.1
ui_no_questions 20
ui_wait 'host key differs' 5
ui_wait 'f Fix'
ui_keys f
ui_wait 'If it matches, press y and type yes'
ui_golden fix-plan-known-hosts
ui_raw | grep -Fq "$old_fp" || { _ui_dump; fail "the stored fingerprint $old_fp is not shown"; }
ui_raw | grep -Fq "$new_fp" || { _ui_dump; fail "the presented fingerprint $new_fp is not shown"; }
# y, then anything but yes: nothing changes
ui_keys y
ui_wait 'Type yes:'
ui_type no
ui_keys Enter
ui_wait 'Cancelled: nothing was changed'
cmp -s "$TESTDIR/kh.changed" "$TESTDIR/kh.orig" || fail "cancel changed known_hosts"
ui_keys f
ui_wait 'If it matches'
ui_keys y
ui_wait 'Type yes:'
ui_type yes
ui_keys Enter
ui_wait "Gone: The server's host key differs" 20
grep -qx '# kept' "$TESTDIR/kh.changed" || fail "ssh-keygen -R removed another line"
grep -q "^\[127.0.0.1\]:$SSHD_PORT " "$TESTDIR/kh.changed" && fail "the stale entry is still there"
grep -q 'hostkey-changed' "$TESTDIR/state/journal" || fail "no journal line"
ui_keys q
ui_exited
ui_restored
