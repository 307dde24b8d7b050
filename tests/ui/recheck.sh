#!/bin/sh
# recheck: the fault changes between two runs (nothing listened; now something accepts
# and closes at once), and r in the article shows what changed.
# covers: (no check: the wizard and its screens)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

port=$(free_port) || fail "no free port"
UI_MASK_PORT=$port

ui_start -- --timeout 3 -l tester -p "$port" 127.0.0.1
ui_no_questions
ui_wait 'Nothing accepts connections' 15
ui_keys Enter
ui_wait 'Fix ─'

[ -x "$HELPERS/listener" ] || fail "helper missing: $HELPERS/listener (make check-build)"
"$HELPERS/listener" -a close -p "$port" -o "$TESTDIR/lis.port" </dev/null >"$TESTDIR/listener.log" 2>&1 &
track_pid $!
wait_until 10 test -s "$TESTDIR/lis.port" || fail "listener did not start"

ui_keys r
# What changed heads the screen; with the refused port's look-alikes gone too, the
# screen may scroll it off to show the first cause: wait for its lines.
ui_wait 'New: The server side accepts the TCP connection' 15
ui_wait 'Gone: '
ui_wait 'TCP connection: FAIL → pass'
ui_keys q
ui_exited
ui_restored
