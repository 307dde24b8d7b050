#!/bin/sh
# fix-client-authorized-keys: --server --fix authorized-keys-permissions on a real sshd with
# StrictModes yes, for a real account: authorized_keys writable by others (mode 0666), then
# ~/.ssh writable by others (0777, the StrictModes path). Each is proven with the real ssh
# refusal and sshd's own log line; the dry run changes nothing, --yes takes the write bits
# away (chmod go-w), a real ssh login then works, the re-check no longer finds the cause,
# and --undo restores the mode and owner exactly.
# covers: authorized-keys account sshd-logs
. "$(dirname "$0")/../lib.sh"

need_root "real accounts (useradd)"
need_cmd useradd userdel usermod ssh ssh-keygen jq stat

U=fx$(_lib_rand)$(_lib_rand)
useradd -m -s /bin/sh "$U" || fail "useradd $U failed"
on_exit "userdel -r $U >/dev/null 2>&1"
usermod -p '*' "$U" || fail "usermod -p failed"
UH=$(getent passwd "$U" | cut -d: -f6)
ssh-keygen -q -t ed25519 -N '' -C fx -f "$TESTDIR/ukey" >/dev/null || fail "ssh-keygen failed"
mkdir -p "$UH/.ssh"
cat "$TESTDIR/ukey.pub" >"$UH/.ssh/authorized_keys"
chmod 700 "$UH/.ssh"
chmod 600 "$UH/.ssh/authorized_keys"
chown -R "$U:" "$UH/.ssh"
export SSHDOC_STATE_DIR=$TESTDIR/state

SSHD_STRICTMODES=yes SSHD_AUTHKEYS=.ssh/authorized_keys start_sshd \
	"PasswordAuthentication no" "KbdInteractiveAuthentication no"

try_ssh() {
	timeout 20 ssh -F /dev/null -i "$TESTDIR/ukey" -o IdentitiesOnly=yes -o BatchMode=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-p "$SSHD_PORT" "$U@127.0.0.1" echo fx-in >"$TESTDIR/ssh.out" 2>"$TESTDIR/ssh.err"
}
fixdoc() {
	run_sshdoc --server --timeout 5 --user "$U" --key "$TESTDIR/ukey.pub" --port "$SSHD_PORT" \
		--sshd-config "$SSHD_CONFIG" --log "$SSHD_LOG" "$@"
}

# one_case PATH MODE LOGGED: PATH given MODE breaks the login, sshd logs LOGGED.
one_case() {
	_p=$1
	chmod "$2" "$_p"
	try_ssh && fail "$_p $2: ssh logged in; the setup is not broken"
	grep -q "Permission denied (publickey" "$TESTDIR/ssh.err" ||
		fail "$_p $2: ssh did not say Permission denied: $(cat "$TESTDIR/ssh.err")"
	wait_until 5 grep -q "$3" "$SSHD_LOG" || fail "sshd did not log '$3': $(tail -5 "$SSHD_LOG")"
	_before=$(stat -c '%u %g %a' "$_p")

	fixdoc --fix authorized-keys-permissions
	assert_rc 0 "$_p: dry run"
	grep -q "chmod go-w $_p\$" "$TESTDIR/out.json" || fail "$_p: the plan does not show chmod go-w"
	[ "$(stat -c '%u %g %a' "$_p")" = "$_before" ] || fail "$_p: the dry run changed it"

	fixdoc --json --fix authorized-keys-permissions --yes
	assert_rc 0 "$_p: apply"
	assert_json '.change.result == "applied" and .change.cause_gone == true' \
		"$_p: applied and gone: $(json '.change | tojson')"
	assert_json 'all(.causes[]?; .id != "authorized-keys-permissions")' "$_p: the re-check still finds it"
	try_ssh || fail "$_p: ssh still fails after the fix: $(cat "$TESTDIR/ssh.err")"
	grep -qx fx-in "$TESTDIR/ssh.out" || fail "$_p: the login did not run the command"

	run_sshdoc --undo
	assert_rc 0 "$_p: --undo"
	[ "$(stat -c '%u %g %a' "$_p")" = "$_before" ] ||
		fail "$_p: undo: $(stat -c '%u %g %a' "$_p"), expected $_before"
	chmod "${4:-600}" "$_p"
}

one_case "$UH/.ssh/authorized_keys" 666 "bad ownership or modes for file $UH/.ssh/authorized_keys" 600
one_case "$UH/.ssh" 777 "bad ownership or modes for directory $UH/.ssh" 700
log "ok"
