#!/bin/sh
# fix-client-ssh-dir: --fix ssh-dir-permissions for a real account whose home also serves
# logins (sshd StrictModes yes): (a) ~/.ssh/config writable by others, which ssh refuses
# ("Bad owner or permissions"); (b) ~/.ssh writable by others, for which sshd ignores the
# authorized_keys below it. Each: ssh's own refusal first, the dry run changes nothing,
# --yes takes the write bits away, a real login then works, the re-check no longer finds
# the cause, and --undo restores owner and mode exactly.
# covers: local-files ssh-config tr-connect
. "$(dirname "$0")/../lib.sh"

need_cmd ssh ssh-keygen jq stat cmp
make_user
S=$THOME/.ssh
ssh-keygen -q -t ed25519 -N '' -C user -f "$S/id_ed25519" >/dev/null || fail "ssh-keygen"
cp "$S/id_ed25519.pub" "$S/authorized_keys"
export SSHDOC_STATE_DIR=$TESTDIR/state
mkdir -p "$SSHDOC_STATE_DIR" && chown "$TUSER" "$SSHDOC_STATE_DIR"
SSHD_STRICTMODES=yes SSHD_AUTHKEYS=.ssh/authorized_keys start_sshd \
	"PasswordAuthentication no" "KbdInteractiveAuthentication no"
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")" \
	>"$S/known_hosts"
printf 'Host *\n  HostKeyAlgorithms ssh-ed25519\n  IdentitiesOnly yes\n  IdentityFile %s\n' \
	"$S/id_ed25519" >"$S/config"
chmod 600 "$S/config" "$S/authorized_keys" "$S/known_hosts"
chown -R "$TUSER": "$S"

login() {
	as_user ssh -o BatchMode=yes -p "$SSHD_PORT" "$TUSER@127.0.0.1" echo in >"$TESTDIR/ssh.out" 2>&1
}
login || fail "the healthy set-up does not log in: $(head -c 500 "$TESTDIR/ssh.out")"

# one_case PATH MODE MESSAGE: PATH with MODE makes ssh fail with MESSAGE.
one_case() {
	_p=$1
	chmod "$2" "$_p"
	login && fail "$_p $2: ssh logged in; the setup is not broken"
	grep -q "$3" "$TESTDIR/ssh.out" || fail "$_p $2: ssh did not say '$3': $(head -c 500 "$TESTDIR/ssh.out")"
	_before=$(stat -c '%u %g %a' "$_p")
	_conf=$(stat -c '%u %g %a' "$S/config")

	run_sshdoc --fix ssh-dir-permissions --timeout 3 -p "$SSHD_PORT" "$TUSER@127.0.0.1"
	assert_rc 0 "$_p: dry run"
	grep -q "chmod go-w $_p\$" "$TESTDIR/out.json" || fail "$_p: the plan does not show chmod go-w"
	[ "$(stat -c '%u %g %a' "$_p")" = "$_before" ] || fail "$_p: the dry run changed it"

	run_sshdoc --json --fix ssh-dir-permissions --yes --timeout 3 -p "$SSHD_PORT" "$TUSER@127.0.0.1"
	assert_rc 0 "$_p: apply"
	assert_json '.change.result == "applied" and .change.cause_gone == true' \
		"$_p: applied and gone: $(json '.change | tojson')"
	assert_json 'all(.causes[]?; .id != "ssh-dir-permissions")' "$_p: the re-check still finds it"
	login || fail "$_p: ssh still fails after the fix: $(head -c 500 "$TESTDIR/ssh.out")"
	grep -qx in "$TESTDIR/ssh.out" || fail "$_p: the login did not run the command"

	run_sshdoc --undo
	assert_rc 0 "$_p: --undo"
	[ "$(stat -c '%u %g %a' "$_p")" = "$_before" ] ||
		fail "$_p: undo: $(stat -c '%u %g %a' "$_p"), expected $_before"
	[ "$(stat -c '%u %g %a' "$S/config")" = "$_conf" ] || fail "$_p: undo: the config's mode differs"
	chmod "$4" "$_p"
}

one_case "$S/config" 666 "Bad owner or permissions on $S/config" 600
one_case "$S" 777 "Permission denied (publickey" 700
log "ok"
