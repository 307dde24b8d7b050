#!/bin/sh
# port-closed-flow: the whole wizard against a port where nothing listens: target form
# (with validation), live checks, the diagnosis (port-closed), evidence, the article,
# copy with OSC 52, save the report, re-run with what changed, quit.
# covers: (no check: the wizard and its screens)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

port=$(free_port) || fail "no free port"
port_listening "$port" && fail "port $port is in use"
UI_MASK_PORT=$port

ui_start -- --timeout 2
ui_wait 'What happened'
ui_keys Enter
ui_wait 'Which server does ssh fail to reach\?'

# Validation: an option look-alike and blanks are refused.
ui_type '-oProxyCommand=x'
ui_keys Enter
ui_wait "The host may not begin with '-'"
ui_keys C-u
ui_type 'two words'
ui_keys Enter
ui_wait 'The host may not contain spaces'
ui_keys C-u
ui_type '127.0.0.1'
ui_keys Tab C-u
ui_type "$port"
ui_keys Tab C-u
ui_type tester
ui_keys Tab
ui_golden target
ui_keys Enter

# One confirmed cause: no question can change the order, the diagnosis comes at once.
ui_no_questions 15
ui_wait 'Nothing accepts connections on that address and port'
ui_wait 'confirmed'
ui_golden diagnosis-port-closed

# The checks, and one check's evidence.
ui_keys Escape
ui_wait 'Finished: [0-9]+ checks'
ui_wait 'FAIL +TCP connection'
ui_golden checks-port-closed
ui_select 'TCP connection'
ui_keys Enter
ui_wait 'TCP connection \(tcp-connect\)'
ui_wait 'Status: FAIL'
ui_wait 'Evidence'
ui_keys Escape
ui_wait 'Finished'
ui_keys d
ui_wait '3 causes found'

# The article: headings, a command selected with Tab and copied with OSC 52 (tmux,
# with set-clipboard on, turns it into a paste buffer).
ui_keys Enter
ui_wait 'Fix ─'
ui_wait 'Nothing accepts connections on that address and port'
tm delete-buffer >/dev/null 2>&1
ui_keys Tab
ui_keys c
ui_wait 'Copied with OSC 52'
_buf() { tm show-buffer >/dev/null 2>&1; }
wait_until 5 _buf || { _ui_dump; fail "no paste buffer after c: OSC 52 not seen by tmux"; }
copied=$(tm show-buffer)
[ -n "$copied" ] || fail "empty clipboard"
ui_raw | grep -Fq -- "$copied" || { _ui_dump; fail "copied '$copied' is not a command on screen"; }
log "copied: $copied"

# Save the report as JSON.
ui_keys s
ui_wait 'Save report to'
ui_keys C-u
ui_type "$TESTDIR/report.json"
ui_keys Enter
ui_wait 'Saved the JSON report'
[ -s "$TESTDIR/report.json" ] || fail "no report file"
if command -v jq >/dev/null 2>&1; then
	jq -e '.causes[0].id == "port-closed"' "$TESTDIR/report.json" >/dev/null ||
		fail "saved report lacks port-closed: $(cat "$TESTDIR/report.json")"
fi
# Saving over an existing file is refused.
ui_keys s
ui_wait 'Save report to'
ui_keys C-u
ui_type "$TESTDIR/report.json"
ui_keys Enter
ui_wait 'exists already'

# Re-run: same result, and the diagnosis says what changed.
ui_keys r
ui_wait 'What changed since the previous run' 15
ui_wait 'Still: Nothing accepts connections'

ui_keys q
ui_exited
[ "$UI_RC" = 1 ] || fail "exit status $UI_RC, expected 1 (a cause found)"
ui_restored
