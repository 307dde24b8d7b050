#!/bin/sh
# fix-apply: the wizard's f on a fixable cause (a private key of mode 0644 given with -i,
# proven with ssh's own warning): the hints show "f Fix" only there, the Fix screen shows
# the plan as the dry run does (golden), any key but y cancels and changes nothing, y
# applies it, the checks run again and the Diagnosis says the cause is gone; the key is
# 0600 and ssh logs in with it; on quitting, the normal screen says what was changed. On a
# cause without an automatic fix (port-closed) the hints have no f, and f says why.
# covers: local-files
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

need_cmd ssh ssh-keygen stat
UI_MASK_DIR=$TESTDIR
start_sshd
UI_MASK_PORT=$SSHD_PORT
mkdir -p "$TESTDIR/home/.ssh" "$TESTDIR/keys" "$TESTDIR/state"
chmod 700 "$TESTDIR/home/.ssh"
ssh-keygen -q -t ed25519 -N '' -C tester -f "$TESTDIR/keys/id_644" >/dev/null || fail "ssh-keygen"
chmod 644 "$TESTDIR/keys/id_644"
cp "$TESTDIR/keys/id_644.pub" "$TESTDIR/authorized_keys"
me=$(id -un)
ssh-keyscan -p "$SSHD_PORT" 127.0.0.1 2>/dev/null >"$TESTDIR/kh.good"
printf 'UserKnownHostsFile %s\nGlobalKnownHostsFile /dev/null\n' "$TESTDIR/kh.good" \
	>"$TESTDIR/ssh_config.key"
try() {
	HOME=$TESTDIR/home ssh -F "$TESTDIR/ssh_config.key" -o BatchMode=yes \
		-i "$TESTDIR/keys/id_644" -p "$SSHD_PORT" "$me@127.0.0.1" true >"$TESTDIR/ssh.out" 2>&1
}
try && fail "ssh logged in with a 0644 key"
grep -q 'UNPROTECTED PRIVATE KEY FILE' "$TESTDIR/ssh.out" || fail "ssh does not warn: $(cat "$TESTDIR/ssh.out")"

ui_start SSHDOC_STATE_DIR="$TESTDIR/state" -- --timeout 3 -F "$TESTDIR/ssh_config.key" \
	-i "$TESTDIR/keys/id_644" -p "$SSHD_PORT" -l "$me" 127.0.0.1
ui_questions_or_diagnosis 20
ui_wait 'readable by other users' 5
ui_wait 'f Fix'
ui_keys f
ui_wait 'Press y to apply'
ui_golden fix-plan-key
# anything but y: back, nothing changed
ui_keys n
ui_wait 'Cancelled: nothing was changed'
[ "$(stat -c %a "$TESTDIR/keys/id_644")" = 644 ] || fail "cancel changed the key"
ls "$TESTDIR/state" | grep -q . && fail "cancel wrote a journal entry"
ui_keys f
ui_wait 'Press y to apply'
ui_keys y
ui_wait 'Gone: A private key file is readable' 20
ui_golden fix-after-key
[ "$(stat -c %a "$TESTDIR/keys/id_644")" = 600 ] || fail "the key is not 0600 after y"
grep -q 'private-key-permissions' "$TESTDIR/state/journal" || fail "no journal line"
try || fail "ssh still fails after the fix: $(cat "$TESTDIR/ssh.out")"
ui_keys q
ui_exited
ui_restored
# the normal screen keeps what sshdoc changed, and the way back
ui_raw | grep -q 'sshdoc: changed: private-key-permissions (applied, journal entry ' ||
	{ _ui_dump; fail "the exit summary does not say what was changed"; }
ui_raw | grep -q 'The way back: sshdoc --undo' || { _ui_dump; fail "no way back in the summary"; }

# A cause without an automatic fix: no "f Fix" in the hints, and f says why.
port=$(free_port) || fail "no free port"
UI_MASK_PORT=$port
ui_start SSHDOC_STATE_DIR="$TESTDIR/state" -- --timeout 3 -l tester -p "$port" 127.0.0.1
ui_questions_or_diagnosis 20
ui_wait 'Nothing accepts connections' 10
ui_screen | tail -n 1 | grep -q 'f Fix' && { _ui_dump; fail "f Fix shown for port-closed"; }
ui_keys f
ui_wait 'No automatic fix: port-closed has no automatic fix'
ui_keys q
ui_exited
ui_restored
