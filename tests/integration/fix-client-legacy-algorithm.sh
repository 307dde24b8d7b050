#!/bin/sh
# fix-client-legacy-algorithm: --fix no-common-kex, no-common-hostkey, no-common-cipher and
# no-common-mac against real sshds that offer only a legacy method this ssh supports but
# leaves out by default (diffie-hellman-group14-sha1; an ssh-rsa host key; aes128-cbc;
# hmac-md5 beside a cipher without its own integrity): the dry run shows the unified diff
# and changes nothing, --yes adds a marked "Host 127.0.0.1" block with "+algorithm" above
# the person's own lines (kept as they were), a real ssh login then works, the re-check
# no longer finds the cause, and --undo restores the configuration byte-identical.
# covers: algorithms tr-kex ssh-kexinit
. "$(dirname "$0")/../lib.sh"

need_cmd ssh ssh-keygen jq cmp stat diff
make_user
S=$THOME/.ssh
ssh-keygen -q -t ed25519 -N '' -C user -f "$S/id_ed25519" >/dev/null || fail "ssh-keygen"
cp "$S/id_ed25519.pub" "$TESTDIR/authorized_keys"
chmod 644 "$TESTDIR/authorized_keys"
export SSHDOC_STATE_DIR=$TESTDIR/state
mkdir -p "$SSHDOC_STATE_DIR" && chown "$TUSER" "$SSHDOC_STATE_DIR"
ssh -Q kex | grep -qx diffie-hellman-group14-sha1 || skip "this ssh cannot speak diffie-hellman-group14-sha1"
ssh -Q HostKeyAlgorithms | grep -qx ssh-rsa || skip "this ssh cannot speak ssh-rsa"
ssh -Q cipher | grep -qx aes128-cbc || skip "this ssh cannot speak aes128-cbc"
ssh -Q mac | grep -qx hmac-md5 || skip "this ssh cannot speak hmac-md5"

CONF=$S/config
# one case: the sshd lines, the cause, the directive, the algorithm, ssh's message
one_case() {
	_cause=$1 _dir=$2 _alg=$3 _msg=$4
	shift 4
	start_sshd "PasswordAuthentication no" "KbdInteractiveAuthentication no" "$@"
	printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_rsa_key.pub")" \
		>"$S/known_hosts"
	# the person's own lines, which must stay as they are
	printf '# my settings\nHost *\n  UserKnownHostsFile %s\n  IdentitiesOnly yes\n  IdentityFile %s\n' \
		"$S/known_hosts" "$S/id_ed25519" >"$CONF"
	chown -R "$TUSER": "$S"
	chmod 600 "$CONF"
	as_user ssh -F "$CONF" -o BatchMode=yes -p "$SSHD_PORT" "$TUSER@127.0.0.1" true \
		>"$TESTDIR/ssh.out" 2>&1 && fail "$_cause: ssh logged in; the setup is not broken"
	grep -q "$_msg" "$TESTDIR/ssh.out" || fail "$_cause: ssh did not say '$_msg': $(head -c 500 "$TESTDIR/ssh.out")"
	cp -p "$CONF" "$TESTDIR/conf.orig"
	_before=$(stat -c '%u %g %a' "$CONF")

	run_sshdoc --fix "$_cause" --timeout 3 -F "$CONF" -p "$SSHD_PORT" "$TUSER@127.0.0.1"
	assert_rc 0 "$_cause: dry run"
	grep -q "^ *+Host 127.0.0.1\$" "$TESTDIR/out.json" || fail "$_cause: no diff line +Host 127.0.0.1"
	grep -q "^ *+    $_dir +$_alg\$" "$TESTDIR/out.json" || fail "$_cause: no diff line +$_dir +$_alg"
	grep -q "^ *--- $CONF\$" "$TESTDIR/out.json" || fail "$_cause: no diff header"
	cmp -s "$CONF" "$TESTDIR/conf.orig" || fail "$_cause: the dry run changed the configuration"

	run_sshdoc --json --fix "$_cause" --yes --timeout 3 -F "$CONF" -p "$SSHD_PORT" "$TUSER@127.0.0.1"
	assert_rc 0 "$_cause: apply"
	assert_json '.change.result == "applied" and .change.cause_gone == true' \
		"$_cause: applied and gone: $(json '.change | tojson')"
	assert_json "all(.causes[]?; .id != \"$_cause\")" "$_cause: the re-check still finds it"
	head -n 3 "$CONF" | grep -q "^# added by sshdoc .* for $_cause\$" || fail "$_cause: no marker comment on top"
	sed -n 2p "$CONF" | grep -qx "Host 127.0.0.1" || fail "$_cause: no Host block on top"
	sed -n 3p "$CONF" | grep -qx "    $_dir +$_alg" || fail "$_cause: no $_dir +$_alg line"
	tail -n +5 "$CONF" | cmp -s - "$TESTDIR/conf.orig" || fail "$_cause: the person's lines changed"
	as_user ssh -F "$CONF" -o BatchMode=yes -p "$SSHD_PORT" "$TUSER@127.0.0.1" echo in \
		>"$TESTDIR/ssh.out" 2>&1 || fail "$_cause: ssh still fails: $(head -c 500 "$TESTDIR/ssh.out")"
	grep -qx in "$TESTDIR/ssh.out" || fail "$_cause: the login did not run the command"

	run_sshdoc --undo
	assert_rc 0 "$_cause: --undo"
	cmp -s "$CONF" "$TESTDIR/conf.orig" || fail "$_cause: undo: the configuration differs"
	[ "$(stat -c '%u %g %a' "$CONF")" = "$_before" ] || fail "$_cause: undo: owner/mode differ"
	stop_sshd
}

one_case no-common-kex KexAlgorithms diffie-hellman-group14-sha1 \
	"no matching key exchange method found" "KexAlgorithms diffie-hellman-group14-sha1"
one_case no-common-hostkey HostKeyAlgorithms ssh-rsa \
	"no matching host key type found" "HostKeyAlgorithms ssh-rsa" "HostKey $TESTDIR/ssh_host_rsa_key"
one_case no-common-cipher Ciphers aes128-cbc \
	"no matching cipher found" "Ciphers aes128-cbc"
# an AEAD cipher brings its own integrity: only a plain cipher needs a MAC
one_case no-common-mac MACs hmac-md5 \
	"no matching MAC found" "Ciphers aes128-ctr" "MACs hmac-md5"
log "ok"
