#!/bin/sh
# fix-client-private-key: --fix private-key-permissions on a real broken set-up (a key of
# mode 0644 that ssh ignores, for a real account on a real sshd): the dry run changes
# nothing, --yes makes it 0600, a real ssh login then works, the re-check no longer finds
# the cause, and --undo gives the file back byte-identical with its owner and mode.
# covers: local-files tr-auth
. "$(dirname "$0")/../lib.sh"

need_cmd ssh ssh-keygen jq cmp stat
make_user
S=$THOME/.ssh
ssh-keygen -q -t ed25519 -N '' -C fixme -f "$S/id_ed25519" >/dev/null || fail "ssh-keygen"
chown -R "$TUSER": "$S"
cp "$S/id_ed25519.pub" "$TESTDIR/authorized_keys"
chmod 644 "$TESTDIR/authorized_keys"
export SSHDOC_STATE_DIR=$TESTDIR/state
mkdir -p "$SSHDOC_STATE_DIR" && chown "$TUSER" "$SSHDOC_STATE_DIR"

start_sshd "PasswordAuthentication no" "KbdInteractiveAuthentication no"
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")" \
	>"$TESTDIR/known_hosts"
printf 'Host *\n  UserKnownHostsFile %s\n  HostKeyAlgorithms ssh-ed25519\n  IdentitiesOnly yes\n  IdentityFile %s\n' \
	"$TESTDIR/known_hosts" "$S/id_ed25519" >"$TESTDIR/config"
chmod 644 "$TESTDIR/known_hosts" "$TESTDIR/config"

chmod 644 "$S/id_ed25519"
ssh_refused "UNPROTECTED PRIVATE KEY FILE"
cp -p "$S/id_ed25519" "$TESTDIR/key.orig"
before=$(stat -c '%u %g %a' "$S/id_ed25519")

fixdoc() {
	run_sshdoc "$@" --timeout 3 -F "$TESTDIR/config" -p "$SSHD_PORT" "$TUSER@127.0.0.1"
}

# The report says which causes --fix can apply.
fixdoc --json
assert_cause private-key-permissions confirmed
assert_json 'all(.causes[]; has("fixable"))' "every cause carries fixable"
assert_json 'any(.causes[]; .id == "private-key-permissions" and .fixable == true)' \
	"private-key-permissions should be fixable"

# An unknown id is a usage error; a known one not found here changes nothing and says why.
fixdoc --fix no-such-cause
assert_rc 2 "unknown id"
fixdoc --fix hostkey-changed
assert_rc 1 "a cause not found"
grep -q "hostkey-changed is not among the causes found" "$TESTDIR/err" || fail "no reason given"
fixdoc --json --fix hostkey-changed --yes
assert_rc 1 "a cause not found, with --yes"
assert_json '.change.result == "not-found" and (.change.error | length > 0)' "JSON not-found"
[ "$(stat -c '%u %g %a' "$S/id_ed25519")" = "$before" ] || fail "a refused --fix changed the key"

# Dry run: the plan, and nothing changed.
fixdoc --fix private-key-permissions
assert_rc 0 "dry run"
grep -q "chmod 600 $S/id_ed25519" "$TESTDIR/out.json" || fail "the plan does not show the chmod"
grep -q "Dry run: nothing was changed" "$TESTDIR/out.json" || fail "no dry-run line"
grep -q "sshdoc --undo" "$TESTDIR/out.json" || fail "the plan does not show the way back"
cmp -s "$S/id_ed25519" "$TESTDIR/key.orig" || fail "the dry run changed the key"
[ "$(stat -c '%u %g %a' "$S/id_ed25519")" = "$before" ] || fail "the dry run changed the mode"
fixdoc --json --fix private-key-permissions
assert_rc 0 "JSON dry run"
assert_json '.change.result == "planned" and .change.entry == null' "JSON dry run: planned"
assert_json '.change.steps[0].verb == "chmod" and .change.steps[0].args[0] == "600"' "the step"
[ "$(stat -c '%a' "$S/id_ed25519")" = 644 ] || fail "the JSON dry run changed the mode"

# Apply.
fixdoc --json --fix private-key-permissions --yes
assert_rc 0 "apply (the cause should be gone)"
assert_json '.change.result == "applied" and .change.cause_gone == true' \
	"applied and gone: $(json '.change | tojson')"
assert_json 'all(.causes[]?; .id != "private-key-permissions")' "the re-check still finds the cause"
[ "$(stat -c '%a' "$S/id_ed25519")" = 600 ] || fail "the key is not 0600 after the fix"
as_user ssh -F "$TESTDIR/config" -o BatchMode=yes -p "$SSHD_PORT" "$TUSER@127.0.0.1" echo in \
	>"$TESTDIR/ssh.out" 2>&1 || fail "ssh still fails after the fix: $(head -c 500 "$TESTDIR/ssh.out")"
grep -qx in "$TESTDIR/ssh.out" || fail "the login did not run the command"
grep -q "private-key-permissions" "$SSHDOC_STATE_DIR/journal" || fail "no journal line"

# Undo: byte-identical, same owner and mode.
run_sshdoc --undo
assert_rc 0 "--undo"
cmp -s "$S/id_ed25519" "$TESTDIR/key.orig" || fail "undo: the key differs"
[ "$(stat -c '%u %g %a' "$S/id_ed25519")" = "$before" ] ||
	fail "undo: owner/mode $(stat -c '%u %g %a' "$S/id_ed25519"), expected $before"
log "ok"
