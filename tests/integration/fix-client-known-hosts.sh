#!/bin/sh
# fix-client-known-hosts: --fix hostkey-changed against a real sshd whose key differs from
# the one stored in known_hosts: the plan shows both fingerprints (the stored one and the
# one the server presents now), the dry run changes nothing, --yes removes only that entry
# with ssh-keygen -R (another host's line stays), ssh then no longer refuses the key, the
# re-check no longer finds the cause, and --undo restores known_hosts byte-identical.
# covers: ssh-handshake tr-hostkey known-hosts
. "$(dirname "$0")/../lib.sh"

need_cmd ssh ssh-keygen jq cmp stat
make_user
S=$THOME/.ssh
ssh-keygen -q -t ed25519 -N '' -C user -f "$S/id_ed25519" >/dev/null || fail "ssh-keygen"
ssh-keygen -q -t ed25519 -N '' -C old -f "$TESTDIR/old_host_key" >/dev/null || fail "ssh-keygen"
cp "$S/id_ed25519.pub" "$TESTDIR/authorized_keys"
chmod 644 "$TESTDIR/authorized_keys"
export SSHDOC_STATE_DIR=$TESTDIR/state
mkdir -p "$SSHDOC_STATE_DIR" && chown "$TUSER" "$SSHDOC_STATE_DIR"

start_sshd "PasswordAuthentication no" "KbdInteractiveAuthentication no"
KH=$S/known_hosts
{
	printf 'other.example %s\n' "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_rsa_key.pub")"
	printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/old_host_key.pub")"
} >"$KH"
chmod 600 "$KH"
printf 'Host *\n  UserKnownHostsFile %s\n  HostKeyAlgorithms ssh-ed25519\n  IdentitiesOnly yes\n  IdentityFile %s\n' \
	"$KH" "$S/id_ed25519" >"$TESTDIR/config"
chown -R "$TUSER": "$S"
chmod 644 "$TESTDIR/config"
ssh_refused "REMOTE HOST IDENTIFICATION HAS CHANGED"
cp -p "$KH" "$TESTDIR/kh.orig"
before=$(stat -c '%u %g %a' "$KH")
old_fp=$(ssh-keygen -lf "$TESTDIR/old_host_key.pub" | cut -d' ' -f2)
new_fp=$(ssh-keygen -lf "$TESTDIR/ssh_host_ed25519_key.pub" | cut -d' ' -f2)

fixdoc() {
	run_sshdoc "$@" --timeout 3 -F "$TESTDIR/config" -p "$SSHD_PORT" "$TUSER@127.0.0.1"
}

fixdoc --fix hostkey-changed
assert_rc 0 "dry run"
grep -q "$old_fp" "$TESTDIR/out.json" || fail "the plan does not show the stored fingerprint $old_fp"
grep -q "$new_fp" "$TESTDIR/out.json" || fail "the plan does not show the presented fingerprint $new_fp"
grep -q "ssh-keygen -f $KH -R '\[127.0.0.1\]:$SSHD_PORT'" "$TESTDIR/out.json" ||
	fail "the plan does not show the ssh-keygen -R command"
cmp -s "$KH" "$TESTDIR/kh.orig" || fail "the dry run changed known_hosts"
[ ! -e "$KH.old" ] || fail "the dry run left $KH.old"

fixdoc --json --fix hostkey-changed --yes
assert_rc 0 "apply"
assert_json '.change.result == "applied" and .change.cause_gone == true' \
	"applied and gone: $(json '.change | tojson')"
assert_json "[.change.steps[0].notes[] | select(contains(\"$old_fp\") or contains(\"$new_fp\"))] | length == 2" \
	"the JSON change carries both fingerprints"
assert_json 'all(.causes[]?; .id != "hostkey-changed")' "the re-check still finds hostkey-changed"
grep -q '^other.example ' "$KH" || fail "the other host's entry was removed"
grep -q "^\[127.0.0.1\]:$SSHD_PORT " "$KH" && fail "the stale entry is still there"
# ssh no longer refuses: with the fixed file it may learn the key it is shown now.
cp "$KH" "$TESTDIR/kh.after" && chown "$TUSER" "$TESTDIR/kh.after"
as_user ssh -F "$TESTDIR/config" -o UserKnownHostsFile="$TESTDIR/kh.after" \
	-o StrictHostKeyChecking=accept-new -o BatchMode=yes -p "$SSHD_PORT" "$TUSER@127.0.0.1" echo in \
	>"$TESTDIR/ssh.out" 2>&1 || fail "ssh still fails after the fix: $(head -c 500 "$TESTDIR/ssh.out")"
grep -qx in "$TESTDIR/ssh.out" || fail "the login did not run the command"

run_sshdoc --undo
assert_rc 0 "--undo"
cmp -s "$KH" "$TESTDIR/kh.orig" || fail "undo: known_hosts differs"
[ "$(stat -c '%u %g %a' "$KH")" = "$before" ] ||
	fail "undo: owner/mode $(stat -c '%u %g %a' "$KH"), expected $before"
[ ! -e "$KH.old" ] || fail "undo: $KH.old (written by ssh-keygen) is still there"
log "ok"
