#!/bin/sh
# fix-first: from `sshdoc HOST` to the person's own fix in at most two keys. Four real
# broken setups, each proven with ssh's own message first: a private key of mode 0644
# given with -i, a changed host key in a known_hosts file of its own (line 9, [host]:port),
# a server offering only ssh-rsa host keys, and (server mode) a host key of mode 0644.
# The Diagnosis screen shows the short fix with the real values (golden screens), c
# copies exactly those commands (OSC 52, seen by tmux as a paste buffer), the JSON report
# carries them as causes[].fix_commands, and on quitting the top cause and its fix stay
# on the normal screen.
# covers: local-files ssh-handshake known-hosts algorithms sshd-hostkeys
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

need_cmd ssh ssh-keygen jq
UI_MASK_DIR=$TESTDIR

# c on the Diagnosis screen: the paste buffer holds exactly $1.
copy_is() {
	tm delete-buffer >/dev/null 2>&1
	ui_keys c
	ui_wait 'Copied [0-9]+ lines? \(OSC 52\)'
	_buf() { tm show-buffer >/dev/null 2>&1; }
	wait_until 5 _buf || { _ui_dump; fail "no paste buffer after c: OSC 52 not seen by tmux"; }
	[ "$(tm show-buffer)" = "$1" ] ||
		{ _ui_dump; fail "c copied '$(tm show-buffer)', expected '$1'"; }
	# Each line as shown: a long command wraps at a space onto an indented line.
	_shown=$(ui_raw | tr -s ' \n' '  ')
	printf '%s\n' "$1" | while IFS= read -r _c; do
		printf '%s' "$_shown" | grep -Fq -- "$(printf '%s' "$_c" | tr -s ' ' ' ')" ||
			{ _ui_dump; fail "copied '$_c' is not on the screen"; }
	done || exit 1
}

# After q: the normal screen keeps the top cause and its fix.
summary_has() {
	ui_keys q
	ui_exited
	[ "$UI_RC" = 1 ] || fail "exit status $UI_RC, expected 1 (a cause found)"
	ui_restored
	for _l in "$@"; do
		ui_raw | grep -Fq -- "$_l" || { _ui_dump; fail "exit summary lacks: $_l"; }
	done
}

start_sshd
UI_MASK_PORT=$SSHD_PORT
mkdir -p "$TESTDIR/home/.ssh" "$TESTDIR/keys"
chmod 700 "$TESTDIR/home/.ssh"

# 1. A key of mode 0644 given with -i: ssh ignores it.
ssh-keygen -q -t ed25519 -N '' -C tester -f "$TESTDIR/keys/id_644" >/dev/null || fail "ssh-keygen"
chmod 644 "$TESTDIR/keys/id_644"
# ssh reads the private key only once the server has accepted its public half: the key
# is authorized for the local user (start_sshd's AuthorizedKeysFile serves every account).
cp "$TESTDIR/keys/id_644.pub" "$TESTDIR/authorized_keys"
me=$(id -un)
ssh-keyscan -p "$SSHD_PORT" 127.0.0.1 2>/dev/null >"$TESTDIR/kh.good"
printf 'UserKnownHostsFile %s\nGlobalKnownHostsFile /dev/null\n' "$TESTDIR/kh.good" \
	>"$TESTDIR/ssh_config.key"
msg=$(HOME=$TESTDIR/home ssh -F "$TESTDIR/ssh_config.key" -o BatchMode=yes \
	-i "$TESTDIR/keys/id_644" -p "$SSHD_PORT" "$me@127.0.0.1" true 2>&1)
echo "$msg" | grep -q 'UNPROTECTED PRIVATE KEY FILE' ||
	fail "ssh does not warn about the 0644 key: $msg"
ui_start -- --timeout 3 -F "$TESTDIR/ssh_config.key" -i "$TESTDIR/keys/id_644" \
	-p "$SSHD_PORT" -l "$me" 127.0.0.1
ui_questions_or_diagnosis 20
ui_wait 'readable by other users' 5
ui_golden diagnosis-fix-key
copy_is "chmod 600 $TESTDIR/keys/id_644"
summary_has "sshdoc: A private key file is readable by other users" \
	"\$ chmod 600 $TESTDIR/keys/id_644" "sshdoc --article private-key-permissions"
# The copied command is the fix: ssh logs in with the key afterwards.
chmod 600 "$TESTDIR/keys/id_644"
HOME=$TESTDIR/home ssh -F "$TESTDIR/ssh_config.key" -o BatchMode=yes \
	-i "$TESTDIR/keys/id_644" -p "$SSHD_PORT" "$me@127.0.0.1" true ||
	fail "ssh still fails after the copied fix"

# 2. The host key changed: the stale entry is line 9 of a known_hosts file of its own.
ssh-keygen -q -t ed25519 -N '' -f "$TESTDIR/other_key" >/dev/null || fail "ssh-keygen"
i=1
while [ $i -le 8 ]; do
	echo "# line $i"
	i=$((i + 1))
done >"$TESTDIR/kh.changed"
echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$TESTDIR/other_key.pub")" >>"$TESTDIR/kh.changed"
printf 'UserKnownHostsFile %s\nGlobalKnownHostsFile /dev/null\n' "$TESTDIR/kh.changed" \
	>"$TESTDIR/ssh_config.changed"
msg=$(HOME=$TESTDIR/home ssh -F "$TESTDIR/ssh_config.changed" -o BatchMode=yes \
	-p "$SSHD_PORT" tester@127.0.0.1 true 2>&1)
echo "$msg" | grep -q 'REMOTE HOST IDENTIFICATION HAS CHANGED' ||
	fail "ssh does not see a changed key: $msg"
want="ssh-keygen -R '[127.0.0.1]:$SSHD_PORT' -f $TESTDIR/kh.changed"
ui_start -- --timeout 3 -F "$TESTDIR/ssh_config.changed" -p "$SSHD_PORT" -l tester 127.0.0.1
ui_no_questions 20
ui_wait 'host key differs' 5
ui_golden diagnosis-fix-hostkey-changed
copy_is "$want"
summary_has "sshdoc: The server's host key differs" "\$ $want"
# The same in the JSON report.
run_sshdoc --json --timeout 3 -F "$TESTDIR/ssh_config.changed" -p "$SSHD_PORT" -l tester 127.0.0.1
assert_cause hostkey-changed confirmed
assert_json ".causes[0].fix_commands == [\"$want\"]" "fix_commands of hostkey-changed"
# The copied command removes exactly the stale entry: ssh no longer sees a changed key.
ssh-keygen -R "[127.0.0.1]:$SSHD_PORT" -f "$TESTDIR/kh.changed" >/dev/null 2>&1 ||
	fail "the copied ssh-keygen command failed"
grep -q '^# line 8' "$TESTDIR/kh.changed" || fail "ssh-keygen -R removed other lines"
msg=$(HOME=$TESTDIR/home ssh -F "$TESTDIR/ssh_config.changed" -o BatchMode=yes \
	-p "$SSHD_PORT" tester@127.0.0.1 true 2>&1)
if echo "$msg" | grep -q 'HAS CHANGED'; then
	fail "still a changed key after the fix: $msg"
fi
stop_sshd

# 3. A server that offers only ssh-rsa host keys: a legacy algorithm, per host, on the client.
start_sshd "HostKeyAlgorithms ssh-rsa"
UI_MASK_PORT=$SSHD_PORT
msg=$(HOME=$TESTDIR/home ssh -F /dev/null -o BatchMode=yes -o UserKnownHostsFile=/dev/null \
	-p "$SSHD_PORT" tester@127.0.0.1 true 2>&1)
echo "$msg" | grep -q 'no matching host key type found' ||
	fail "ssh does not refuse the ssh-rsa-only server: $msg"
want="ssh -o HostKeyAlgorithms=+ssh-rsa -p $SSHD_PORT tester@127.0.0.1"
ui_start -- --timeout 3 -F /dev/null -p "$SSHD_PORT" -l tester 127.0.0.1
ui_no_questions 20
ui_wait 'host key' 5
ui_golden diagnosis-fix-legacy-hostkey
copy_is "$want"
summary_has "\$ $want"
# The copied command gets past the key exchange (to authentication).
msg=$(HOME=$TESTDIR/home ssh -F /dev/null -o BatchMode=yes -o UserKnownHostsFile=/dev/null \
	-o StrictHostKeyChecking=no -o HostKeyAlgorithms=+ssh-rsa -p "$SSHD_PORT" \
	tester@127.0.0.1 true 2>&1)
echo "$msg" | grep -q 'Permission denied' || fail "the stopgap does not connect: $msg"
stop_sshd

# 4. Server mode: one host key of the running sshd is readable by all.
need_root
start_sshd
UI_MASK_PORT=$SSHD_PORT
chmod 644 "$TESTDIR/ssh_host_rsa_key"
/usr/sbin/sshd -t -f "$SSHD_CONFIG" 2>&1 | grep -q 'too open' ||
	fail "sshd -t does not complain about the 0644 key"
ui_start -- --server --timeout 3 --port "$SSHD_PORT" --sshd-config "$SSHD_CONFIG"
ui_questions_or_diagnosis 60
ui_wait 'host key' 5
ui_golden diagnosis-fix-server-hostkey
copy_is "chown root:root $TESTDIR/ssh_host_rsa_key
chmod 0600 $TESTDIR/ssh_host_rsa_key
sshd -t"
summary_has "# chmod 0600 $TESTDIR/ssh_host_rsa_key"
chown root:root "$TESTDIR/ssh_host_rsa_key" && chmod 0600 "$TESTDIR/ssh_host_rsa_key"
if /usr/sbin/sshd -t -f "$SSHD_CONFIG" 2>&1 | grep -q 'too open'; then
	fail "still too open after the fix"
fi
