#!/bin/sh
# fix-server-config: sshd_config gains an option sshd does not know while sshd runs (it would
# not start again): sshd-config-invalid, one line the culprit. --fix comments it out: a dry
# run changes nothing; with --yes, sshd -t proves the edited copy, sshd is reloaded by SIGHUP
# (never restarted), the port re-probed; without confirmation within --confirm-timeout the
# change is rolled back by the detached watcher; confirmed, it stays, a real ssh login works;
# --undo restores the file byte-identical with owner and mode. On a terminal, "no" at the
# prompt rolls back at once and "yes" keeps the change. A login session opened first answers
# after every step.
# covers: sshd-config sshd-listen self-probe
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fix-server.lib"

fs_account
start_sshd
ssh_works || fail "the test account cannot log in before anything is broken"
session_start
PID0=$SSHD_PID

echo "FooBarOption yes" >>"$SSHD_CONFIG"
chmod 640 "$SSHD_CONFIG"
LINE=$(wc -l <"$SSHD_CONFIG" | tr -d ' ')
/usr/sbin/sshd -t -f "$SSHD_CONFIG" >"$TESTDIR/t.out" 2>&1 && fail "sshd -t accepts the broken file"
grep -q "line $LINE: Bad configuration option: FooBarOption" "$TESTDIR/t.out" ||
	fail "sshd -t did not name the line: $(cat "$TESTDIR/t.out")"
keep "$SSHD_CONFIG" broken

# the dry run: the plan with the diff, nothing changed
run_fix --fix sshd-config-invalid
assert_rc 0
grep -q "^ *-FooBarOption yes" "$TESTDIR/out.json" || fail "the plan shows no diff"
grep -q "^ *+# (sshdoc) FooBarOption yes" "$TESTDIR/out.json" || fail "the plan shows no diff"
grep -q "kill -HUP $SSHD_PID" "$TESTDIR/out.json" || fail "the plan does not name the reload"
same "$SSHD_CONFIG" broken "after the dry run"
[ -e "$SSHDOC_STATE_DIR/journal" ] && fail "a dry run wrote a journal"

# applied, never confirmed: rolled back by the watcher within the window (3 s)
T0=$(now_ms)
run_fix --fix sshd-config-invalid --yes --confirm-timeout 3
grep -q "sshdoc --confirm " "$TESTDIR/out.json" || fail "no word on how to confirm"
ENTRY=$(sed -n 's/.*sshdoc --confirm \([^ ]*\).*/\1/p' "$TESTDIR/out.json" | head -n 1)
[ "$(entry_state "$ENTRY")" = pending ] || fail "the entry is not pending: $(entry_state "$ENTRY")"
/usr/sbin/sshd -t -f "$SSHD_CONFIG" || fail "the applied file does not pass sshd -t"
grep -q "^# (sshdoc) FooBarOption yes" "$SSHD_CONFIG" || fail "the line was not commented out"
[ "$(cat "$TESTDIR/sshd.1.pid")" = "$PID0" ] || fail "sshd was restarted, not reloaded"
kill -0 "$PID0" || fail "sshd is gone"
grep -q "Received SIGHUP; restarting" "$SSHD_LOG" || fail "sshd got no SIGHUP"
session_alive "after the reload"
wait_until 15 sh -c "[ \"\$(awk -F '\t' -v e='$ENTRY' '\$1 == e { s = \$3 } END { print s }' \
	'$SSHDOC_STATE_DIR/journal')\" = rolled-back ]" || fail "not rolled back without confirmation"
log "rolled back after $(($(now_ms) - T0)) ms"
same "$SSHD_CONFIG" broken "after the rollback"
kill -0 "$PID0" || fail "sshd is gone after the rollback"
ssh_works || fail "no login after the rollback"
session_alive "after the rollback"
run_sshdoc --confirm "$ENTRY"
assert_rc 1

# applied and confirmed in the window: it stays after the window
run_fix --fix sshd-config-invalid --yes --confirm-timeout 4
ENTRY=$(sed -n 's/.*sshdoc --confirm \([^ ]*\).*/\1/p' "$TESTDIR/out.json" | head -n 1)
ssh_works || fail "no new login after the fix"
run_sshdoc --confirm "$ENTRY"
assert_rc 0
sleep 6
[ "$(entry_state "$ENTRY")" = applied ] || fail "the confirmed entry is $(entry_state "$ENTRY")"
grep -q "^# (sshdoc) FooBarOption yes" "$SSHD_CONFIG" || fail "the confirmed fix did not stay"
[ "$(stat -c '%u %g %a' "$SSHD_CONFIG")" = "$(cat "$TESTDIR/keep.broken.stat")" ] ||
	fail "the fix changed the file's owner or mode"
ssh_works || fail "no login after the confirmation"
session_alive "after the confirmation"
run_fix --report
grep -q "sshd-config-invalid" "$TESTDIR/out.json" && fail "the re-check still finds the cause"

# --undo: byte-identical, same owner and mode
run_sshdoc --undo
assert_rc 0
grep -q "restored $SSHD_CONFIG" "$TESTDIR/out.json" || fail "--undo did not say what it restored"
same "$SSHD_CONFIG" broken "after --undo"
grep -q "sshd -t refuses it, so sshd was not reloaded" "$TESTDIR/err" ||
	fail "--undo did not say why it left sshd as it runs"
[ "$(entry_state "$ENTRY")" = undone ] || fail "the journal does not say undone"
kill -0 "$PID0" || fail "sshd is gone after --undo"
session_alive "after --undo"
ssh_works || fail "no login after --undo"

# on a terminal: an answer other than yes rolls back at once; yes keeps the change
need_cmd script
tty_fix --fix sshd-config-invalid --yes --confirm-timeout 60
T0=$(now_ms)
echo no >&8
wait_until 15 sh -c "! kill -0 $TTY_PID 2>/dev/null" || fail "sshdoc did not end after no"
[ $(($(now_ms) - T0)) -lt 12000 ] || fail "the rollback after no took $(($(now_ms) - T0)) ms"
grep -q "rolled back" "$TESTDIR/tty.out" || fail "no word of the rollback: $(tail -c 600 "$TESTDIR/tty.out")"
[ "$(last_state)" = rolled-back ] || fail "the journal says $(last_state)"
same "$SSHD_CONFIG" broken "after no on the terminal"
exec 8>&-
session_alive "after no on the terminal"

tty_fix --fix sshd-config-invalid --yes --confirm-timeout 60
ssh_works || fail "no new login while the prompt waits"
echo yes >&8
wait_until 15 sh -c "! kill -0 $TTY_PID 2>/dev/null" || fail "sshdoc did not end after yes"
grep -q "confirmed: the change stays" "$TESTDIR/tty.out" || fail "no word of the confirmation"
[ "$(last_state)" = applied ] || fail "the journal says $(last_state)"
grep -q "^# (sshdoc) FooBarOption yes" "$SSHD_CONFIG" || fail "the fix did not stay"
exec 8>&-
session_alive "after yes on the terminal"
run_sshdoc --undo
assert_rc 0
same "$SSHD_CONFIG" broken "after the last --undo"
