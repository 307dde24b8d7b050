#!/bin/sh
# fix-server-reload: the wizard in server mode (as root) on an sshd whose sshd_config gained
# an option sshd does not know: f on sshd-config-invalid shows the plan, y applies it on the
# normal screen (sshd -t on the edited copy, a reload, never a restart), where the person
# confirms a new login by typing yes; back in the wizard the checks run again and the
# Diagnosis says the cause is gone. A login session opened first still answers; --undo
# restores the file byte-identical.
# covers: sshd-config sshd-listen self-probe
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
. "$(dirname "$0")/../integration/fix-server.lib"

fs_account
start_sshd
ssh_works || fail "the test account cannot log in before anything is broken"
session_start
PID0=$SSHD_PID
echo "FooBarOption yes" >>"$SSHD_CONFIG"
/usr/sbin/sshd -t -f "$SSHD_CONFIG" >"$TESTDIR/t.out" 2>&1 && fail "sshd -t accepts the broken file"
grep -q "Bad configuration option: FooBarOption" "$TESTDIR/t.out" ||
	fail "sshd -t did not complain: $(cat "$TESTDIR/t.out")"
keep "$SSHD_CONFIG" broken

ui_start SSHDOC_STATE_DIR="$SSHDOC_STATE_DIR" -- --server --timeout 3 --port "$SSHD_PORT" \
	--sshd-config "$SSHD_CONFIG" --log "$SSHD_LOG" --confirm-timeout 60
ui_questions_or_diagnosis 30
ui_wait 'has an error' 10
ui_select 'has an error'
ui_wait 'f Fix'
ui_keys f
ui_wait 'sshd is reloaded'
ui_wait 'FooBarOption yes'
same "$SSHD_CONFIG" broken "with the plan on screen"
ui_keys y
ui_wait 'type yes when it works' 20
grep -q "^# (sshdoc) FooBarOption yes" "$SSHD_CONFIG" || fail "the line was not commented out"
[ "$(cat "$TESTDIR/sshd.1.pid")" = "$PID0" ] || fail "sshd was restarted, not reloaded"
session_alive "after the reload"
ssh_works || fail "no new login after the reload"
ui_type yes
ui_keys Enter
ui_wait 'confirmed' 10
ui_wait 'Press Enter to go back'
[ "$(last_state)" = applied ] || fail "the entry is not applied: $(last_state)"
ui_keys Enter
ui_wait 'Gone: sshd_config' 30
session_alive "after the re-check"
ui_keys q
ui_exited
ui_restored
run_sshdoc --undo
assert_rc 0 "--undo"
same "$SSHD_CONFIG" broken "after --undo"
session_alive "after --undo"
