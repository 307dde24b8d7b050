#!/bin/sh
# line-mode: TERM=dumb gives the same walk as numbered prompts on plain lines, answered
# one line at a time on standard input.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

port=$(free_port) || fail "no free port"

ui_start TERM=dumb -- --timeout 2
ui_wait 'Where does sshdoc run\?'
ui_wait '1\) ssh from this machine'
ui_wait 'Choose a number \[1\]:'
ui_keys Enter
ui_wait 'Host \(name or address of the server\)'
ui_type '-bad'
ui_keys Enter
ui_wait "The host may not begin with '-'"
ui_type 127.0.0.1
ui_keys Enter
ui_wait 'Port \[22\]:'
ui_type "$port"
ui_keys Enter
ui_wait 'User'
ui_type tester
ui_keys Enter
ui_wait "Checking tester@127.0.0.1 port $port"
ui_wait '\[[0-9]+/[0-9]+\] FAIL +TCP connection' 15
ui_wait '1\) \[confirmed\] Nothing accepts connections'
ui_wait 'Choice:'
ui_keys 1 Enter
ui_wait 'If it still fails'
ui_keys r Enter
ui_wait 'still: port-closed' 15
ui_keys q Enter
ui_exited
[ "$UI_RC" = 1 ] || fail "exit status $UI_RC, expected 1"
if ui_raw | LC_ALL=C grep -q "$(printf '\033')"; then
	fail "escape sequences in line mode"
fi
