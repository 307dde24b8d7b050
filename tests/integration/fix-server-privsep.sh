#!/bin/sh
# fix-server-privsep: sshd's privilege separation directory /run/sshd removed under a running
# sshd, in a mount namespace of the test's own (a private tmpfs on /run: the machine's
# /run/sshd is never touched). Every new login fails (proven with ssh); the listener stays.
# privsep-dir-missing is confirmed; --fix creates /run/sshd 0755 root, reloads sshd by
# SIGHUP, re-probes, and after confirmation a real login works; --undo removes the
# directory again (sshd -t then refuses, so sshd is left as it runs, and says so). A login
# session opened before the directory went answers throughout.
# covers: sshd-privsep
if [ -z "${FIX_PRIVSEP_NS:-}" ] && [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1; then
	FIX_PRIVSEP_NS=1 exec unshare --mount --propagation private sh "$0" "$@"
fi
. "$(dirname "$0")/../lib.sh"
[ -n "${FIX_PRIVSEP_NS:-}" ] || skip "needs root and unshare (util-linux) for a mount namespace"
. "$(dirname "$0")/fix-server.lib"
mount -t tmpfs -o mode=755 tmpfs /run || fail "cannot mount a private /run"
[ -d /run/sshd ] && fail "the private /run is not empty"

fs_account
start_sshd	# makes /run/sshd in the private /run
PID0=$SSHD_PID
ssh_works || fail "no login before the directory goes"
session_start
rmdir /run/sshd || fail "rmdir /run/sshd"
ssh_works && fail "a login works without /run/sshd"
grep -q "Missing privilege separation directory: /run/sshd" "$SSHD_LOG" ||
	fail "sshd did not log the missing directory"
session_alive "after /run/sshd went"

run_fix --fix privsep-dir-missing
assert_rc 0
grep -q "install -d -m 0755 -o root /run/sshd" "$TESTDIR/out.json" || fail "no mkdir in the plan"
[ -e /run/sshd ] && fail "the dry run made the directory"

run_fix --fix privsep-dir-missing --yes --confirm-timeout 60
assert_rc 0
ENTRY=$(sed -n 's/.*sshdoc --confirm \([^ ]*\).*/\1/p' "$TESTDIR/out.json" | head -n 1)
[ "$(stat -c '%u %a' /run/sshd)" = "0 755" ] || fail "/run/sshd: $(stat -c '%u %a' /run/sshd)"
grep -q "Received SIGHUP; restarting" "$SSHD_LOG" || fail "sshd got no SIGHUP"
ssh_works || fail "no login after the fix"
run_sshdoc --confirm "$ENTRY"
assert_rc 0
kill -0 "$PID0" || fail "sshd was replaced"
session_alive "after the fix"

run_sshdoc --undo
assert_rc 0
[ -e /run/sshd ] && fail "--undo left /run/sshd"
grep -q "sshd was not reloaded" "$TESTDIR/err" || fail "--undo did not say it left sshd as it runs"
kill -0 "$PID0" || fail "sshd is gone after --undo"
session_alive "after --undo"
