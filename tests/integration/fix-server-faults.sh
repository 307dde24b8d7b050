#!/bin/sh
# fix-server-faults: the safety net of an sshd_config fix, each fault real. (1) sshd -t
# refuses the edited copy (the culprit line hid a missing host key): nothing replaced, sshd's
# own message shown. (2) The edit passes sshd -t but moves sshd off the port (a content
# directory whose fix comments out the Port line): the re-probe gets no banner, the backup
# is restored and sshd reloaded at once. (3) sshdoc waits on a terminal for "yes" and is
# killed with SIGKILL, its terminal gone: the detached watcher still rolls back. (4) The
# disk holding sshd_config is full (a small tmpfs): the original is untouched, no temporary
# file left. A login session opened first answers after every one.
# covers: sshd-config sshd-listen
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fix-server.lib"
need_cmd script mount umount

fs_account
start_sshd
PID0=$SSHD_PID
GOOD=$TESTDIR/sshd_config.good
cp -p "$SSHD_CONFIG" "$GOOD"
ssh_works || fail "the test account cannot log in before anything is broken"
session_start

# ---------------------------------------------------------------- (1) sshd -t refuses
sed "s|^HostKey .*|HostKey $TESTDIR/no_such_key|" "$GOOD" >"$SSHD_CONFIG"
echo "FooBarOption yes" >>"$SSHD_CONFIG"
/usr/sbin/sshd -t -f "$SSHD_CONFIG" >"$TESTDIR/t.out" 2>&1 && fail "sshd -t accepts the broken file"
grep -q "Bad configuration option: FooBarOption" "$TESTDIR/t.out" || fail "sshd -t: $(cat "$TESTDIR/t.out")"
keep "$SSHD_CONFIG" refused
run_fix --fix sshd-config-invalid --yes --confirm-timeout 30
assert_rc 1
grep -q "sshd -t refuses the edited $SSHD_CONFIG" "$TESTDIR/err" || fail "no word that sshd -t refused"
grep -q "no hostkeys available" "$TESTDIR/err" || fail "sshd's own message is not shown"
same "$SSHD_CONFIG" refused "sshd -t refused the edit"
ls "$TESTDIR" | grep -q 'sshdoc-test-' && fail "the edited copy was left beside the file"
[ "$(last_state)" = rolled-back ] || fail "the journal says $(last_state)"
grep -q "Received SIGHUP" "$SSHD_LOG" && fail "sshd was reloaded although sshd -t refused"
session_alive "after sshd -t refused"
ssh_works || fail "no login after sshd -t refused"

# ---------------------------------------------------------------- (2) no answer after reload
# A fix that passes sshd -t yet moves sshd to port 22: the content says so, sshd obeys.
port_listening 22 && skip "port 22 is in use here: the moved sshd could not show the fault"
cp -r "$SRCDIR/content" "$TESTDIR/content"
sed -i 's/^\(  on sshd-config deprecated cause deprecated-option\) possible/\1 likely/' \
	"$TESTDIR/content/tree.txt"
sed -i 's/^sshd-config-comment {config_file:[^}]*} {config_line:[^}]*}$/sshd-config-comment {config_file:\/etc\/ssh\/sshd_config} 1/' \
	"$TESTDIR/content/articles/deprecated-option.txt"
grep -q "^sshd-config-comment {config_file:/etc/ssh/sshd_config} 1$" \
	"$TESTDIR/content/articles/deprecated-option.txt" || fail "the test content was not made"
cp -p "$GOOD" "$SSHD_CONFIG"
echo "UsePrivilegeSeparation yes" >>"$SSHD_CONFIG"
head -n 1 "$SSHD_CONFIG" | grep -q "^Port $SSHD_PORT\$" || fail "line 1 is not the Port line"
keep "$SSHD_CONFIG" moved
T0=$(now_ms)
run_fix --content "$TESTDIR/content" --fix deprecated-option --yes --confirm-timeout 30
assert_rc 1
log "rolled back after $(($(now_ms) - T0)) ms"
grep -q "does not answer on port $SSHD_PORT" "$TESTDIR/out.json" || fail "no word of the failed re-probe"
grep -q "rolled back" "$TESTDIR/err" || fail "sshdoc did not say it rolled back"
[ "$(last_state)" = rolled-back ] || fail "the journal says $(last_state)"
same "$SSHD_CONFIG" moved "after the failed re-probe"
[ "$(grep -c "Received SIGHUP" "$SSHD_LOG")" -ge 2 ] || fail "sshd was not reloaded twice"
kill -0 "$PID0" || fail "sshd is gone"
wait_until 5 port_listening "$SSHD_PORT" || fail "sshd does not listen on its port again"
port_listening 22 && fail "sshd still listens on port 22 after the rollback"
ssh_works || fail "no login after the rollback"
session_alive "after the failed re-probe"

# ---------------------------------------------------------------- (3) SIGKILL in the window
cp -p "$GOOD" "$SSHD_CONFIG"
echo "FooBarOption yes" >>"$SSHD_CONFIG"
keep "$SSHD_CONFIG" killed
tty_fix --fix sshd-config-invalid --yes --confirm-timeout 5
grep -q "^# (sshdoc) FooBarOption yes" "$SSHD_CONFIG" || fail "the fix is not in place"
ENTRY=$(ls -t "$SSHDOC_STATE_DIR" | grep -- '-sshd-config-invalid' | head -n 1)
[ "$(entry_state "$ENTRY")" = pending ] || fail "$ENTRY is $(entry_state "$ENTRY")"
kill -KILL "$(cat "$TESTDIR/sshdoc.pid")"
exec 8>&-
kill -TERM $TTY_PID 2>/dev/null	# the terminal goes too
T0=$(now_ms)
wait_until 15 sh -c "[ \"\$(awk -F '\t' -v e='$ENTRY' '\$1 == e { s = \$3 } END { print s }' \
	'$SSHDOC_STATE_DIR/journal')\" = rolled-back ]" || fail "not rolled back after SIGKILL"
log "rolled back $(($(now_ms) - T0)) ms after SIGKILL"
same "$SSHD_CONFIG" killed "rolled back after SIGKILL"
kill -0 "$PID0" || fail "sshd is gone"
ssh_works || fail "no login after the rollback"
session_alive "after SIGKILL and the rollback"

# ---------------------------------------------------------------- (4) disk full
FULL=$TESTDIR/full
mkdir "$FULL"
mount -t tmpfs -o size=64k,mode=755 tmpfs "$FULL" || skip "cannot mount a tmpfs here"
on_exit "umount -l $FULL"
P2=$(free_port) || fail "no free port"
sed -e "s/^Port .*/Port $P2/" -e "s|^PidFile .*|PidFile $TESTDIR/sshd.full.pid|" "$GOOD" \
	>"$FULL/sshd_config"
/usr/sbin/sshd -f "$FULL/sshd_config" -E "$TESTDIR/sshd.full.log" || fail "sshd on the tmpfs config"
wait_until 10 test -s "$TESTDIR/sshd.full.pid" || fail "no pid file"
track_pid "$(cat "$TESTDIR/sshd.full.pid")"
wait_until 10 port_listening "$P2" || fail "the second sshd does not listen"
echo "FooBarOption yes" >>"$FULL/sshd_config"
keep "$FULL/sshd_config" full
dd if=/dev/zero of="$FULL/fill" bs=1024 >/dev/null 2>&1
[ "$(df -k --output=avail "$FULL" | tail -n 1 | tr -d ' ')" -eq 0 ] || fail "the tmpfs is not full"
run_sshdoc --server --timeout 3 --port "$P2" --sshd-config "$FULL/sshd_config" \
	--fix sshd-config-invalid --yes --confirm-timeout 30
assert_rc 1
grep -q "No space left on device" "$TESTDIR/err" || fail "no word of the full disk: $(cat "$TESTDIR/err")"
same "$FULL/sshd_config" full "disk full"
ls -A "$FULL" | grep -q sshdoc && fail "a temporary file was left on the full disk: $(ls -A "$FULL")"
session_alive "after the full disk"
ssh_works || fail "no login at the end"
