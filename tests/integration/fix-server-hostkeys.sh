#!/bin/sh
# fix-server-hostkeys: (1) a running sshd's configuration names a host key that was never
# created (sshd would not start again: "no hostkeys available"): hostkey-missing; --fix
# creates that key (ssh-keygen), reloads sshd by SIGHUP, re-probes, and after confirmation
# a real ssh login works with the new key; --undo removes the key files again. (2) The RSA
# host key made 0644: sshd ignores it, so a client that takes only RSA host keys fails
# (proven with ssh); --fix chowns and chmods it to 0600 and reloads, the RSA-only login
# works; --undo restores the key byte-identical with owner, mode 0644. A login session
# opened first answers after every step.
# covers: sshd-hostkeys sshd-config
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fix-server.lib"

fs_account
start_sshd
PID0=$SSHD_PID
GOOD=$TESTDIR/sshd_config.good
cp -p "$SSHD_CONFIG" "$GOOD"
ssh_works || fail "the test account cannot log in before anything is broken"
session_start

entry_of() {
	sed -n 's/.*sshdoc --confirm \([^ ]*\).*/\1/p' "$TESTDIR/out.json" | head -n 1
}

# ---------------------------------------------------------------- (1) a missing host key
NEWKEY=$TESTDIR/ssh_host_new_ed25519_key
grep -v '^HostKey' "$GOOD" >"$SSHD_CONFIG"
echo "HostKey $NEWKEY" >>"$SSHD_CONFIG"
/usr/sbin/sshd -t -f "$SSHD_CONFIG" >"$TESTDIR/t.out" 2>&1 && fail "sshd -t accepts a missing key"
grep -q "no hostkeys available" "$TESTDIR/t.out" || fail "sshd -t: $(cat "$TESTDIR/t.out")"

run_fix --fix hostkey-missing
assert_rc 0
grep -q "ssh-keygen -q -t ed25519 -N '' -C '' -f $NEWKEY" "$TESTDIR/out.json" || fail "no keygen in the plan"
[ -e "$NEWKEY" ] && fail "the dry run made the key"

run_fix --fix hostkey-missing --yes --confirm-timeout 60
assert_rc 0
ENTRY=$(entry_of)
[ -n "$ENTRY" ] || fail "no entry to confirm"
[ -f "$NEWKEY" ] && [ -f "$NEWKEY.pub" ] || fail "the key was not made"
[ "$(stat -c '%u %a' "$NEWKEY")" = "0 600" ] || fail "the new key: $(stat -c '%u %a' "$NEWKEY")"
grep -q "Received SIGHUP; restarting" "$SSHD_LOG" || fail "sshd got no SIGHUP"
ssh_works || fail "no login with the new host key"
as_user ssh-keyscan -t ed25519 -p "$SSHD_PORT" 127.0.0.1 2>/dev/null | grep -q "$(cut -d' ' -f2 "$NEWKEY.pub")" ||
	fail "sshd does not present the new key"
run_sshdoc --confirm "$ENTRY"
assert_rc 0
kill -0 "$PID0" || fail "sshd was replaced"
session_alive "after the new host key"

run_sshdoc --undo
assert_rc 0
[ -e "$NEWKEY" ] && fail "--undo left the key it made"
[ -e "$NEWKEY.pub" ] && fail "--undo left the .pub it made"
session_alive "after --undo of the key"
cp -p "$GOOD" "$SSHD_CONFIG"
kill -HUP "$PID0"
wait_until 10 ssh_works || fail "no login with the original configuration"

# ---------------------------------------------------------------- (2) a 0644 host key
chmod 644 "$TESTDIR/ssh_host_rsa_key"
keep "$TESTDIR/ssh_host_rsa_key" rsakey
kill -HUP "$PID0"	# sshd now runs without it, as after a reboot
sleep 1
as_user ssh -i "$THOME/.ssh/ukey" -o BatchMode=yes -o StrictHostKeyChecking=no \
	-o UserKnownHostsFile=/dev/null -o HostKeyAlgorithms=rsa-sha2-512 -p "$SSHD_PORT" \
	"$TUSER@127.0.0.1" true >"$TESTDIR/ssh.out" 2>&1 && fail "an RSA-only login works: not broken"
grep -q "no matching host key type found" "$TESTDIR/ssh.out" || fail "ssh: $(cat "$TESTDIR/ssh.out")"
session_alive "after the key became unusable"

run_fix --json --fix hostkey-permissions --yes --confirm-timeout 60
assert_rc 0
assert_valid_json
assert_json '.change.result == "pending" and .change.cause_gone == true' "the change object: $(head -c 300 "$TESTDIR/out.json")"
assert_json '[.change.steps[].verb] == ["chown", "chmod", "reload-sshd"]' "the steps"
grep -q "sshdoc --confirm " "$TESTDIR/err" || fail "no word on how to confirm (stderr with --json)"
ENTRY=$(jq -r .change.entry "$TESTDIR/out.json")
[ "$(stat -c '%u %a' "$TESTDIR/ssh_host_rsa_key")" = "0 600" ] || fail "mode not fixed"
as_user ssh -i "$THOME/.ssh/ukey" -o BatchMode=yes -o StrictHostKeyChecking=no \
	-o UserKnownHostsFile=/dev/null -o HostKeyAlgorithms=rsa-sha2-512 -p "$SSHD_PORT" \
	"$TUSER@127.0.0.1" echo rsa-ok >"$TESTDIR/ssh.out" 2>&1
grep -q rsa-ok "$TESTDIR/ssh.out" || fail "RSA-only login after the fix: $(cat "$TESTDIR/ssh.out")"
run_sshdoc --confirm "$ENTRY"
assert_rc 0
session_alive "after the key mode fix"

run_sshdoc --undo
assert_rc 0
same "$TESTDIR/ssh_host_rsa_key" rsakey "after --undo"
kill -0 "$PID0" || fail "sshd is gone after --undo"
ssh_works || fail "no login after --undo"
session_alive "after --undo of the mode"

# ---------------------------------------------------------------- (3) undo with sshd stopped
run_fix --fix hostkey-permissions --yes --confirm-timeout 60
assert_rc 0
ENTRY=$(entry_of)
run_sshdoc --confirm "$ENTRY"
assert_rc 0
stop_sshd	# the listener only: the open session is its own process
run_sshdoc --undo
assert_rc 0
grep -q "no sshd runs on port $SSHD_PORT to reload" "$TESTDIR/err" || fail "--undo did not say: $(cat "$TESTDIR/err")"
same "$TESTDIR/ssh_host_rsa_key" rsakey "after --undo with sshd stopped"
[ "$(entry_state "$ENTRY")" = undone ] || fail "the journal says $(entry_state "$ENTRY")"
session_alive "with the listener stopped"
