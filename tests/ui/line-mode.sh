#!/bin/sh
# line-mode: TERM=dumb gives the same walk as numbered prompts on plain lines, answered
# one line at a time on standard input; the Host answer takes user@host:port.
# covers: (no check: the wizard and its screens)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

port=$(free_port) || fail "no free port"

ui_start TERM=dumb -- --timeout 2
ui_wait 'Where does sshdoc run\?'
ui_wait '1\) ssh from this machine'
ui_wait 'Choose a number \[1\]:'
ui_keys Enter
ui_wait 'Host \(name or address of the server'
ui_type '-bad'
ui_keys Enter
ui_wait "The host may not begin with '-'"
# ssh's form in the Host answer: user and port become the next answers' defaults.
ui_type "tester@127.0.0.1:$port"
ui_keys Enter
ui_wait "Port \\[$port\\]:"
ui_keys Enter
ui_wait 'User \(empty: as ssh decides\) \[tester\]:'
ui_keys Enter
# One confirmed cause: no question can change the order, none is asked.
# (a refused port lists its look-alikes as possible: one confirmed cause still)
ui_wait '3 causes found, most probable first:' 15
# a quick walk scrolls its first line off the pane before a poll sees it: the scrollback
tm capture-pane -p -S -300 | grep -q "Checking tester@127.0.0.1 port $port" ||
	{ _ui_dump; fail "no 'Checking tester@127.0.0.1 port $port' line"; }
if tm capture-pane -p -S -300 | grep -q 'Your answer'; then
	_ui_dump
	fail "a question was asked although no answer could change the order"
fi
# the checks' lines come before the diagnosis (they may have scrolled off the pane)
tm capture-pane -p -S -300 | grep -Eq '\[[0-9]+/[0-9]+\] FAIL +TCP connection' ||
	{ _ui_dump; fail "no FAIL line for the TCP connection"; }
tm capture-pane -p -S -300 | grep -q "Path: name ok > address ok > TCP FAILED" ||
	{ _ui_dump; fail "no path line"; }
ui_wait '1\) \[confirmed\] Nothing accepts connections'
ui_wait 'Choice:'
ui_keys 1 Enter
ui_wait 'If it still fails'
ui_keys r Enter
ui_wait 'still: port-closed' 15
# a: the questions all the same; then again, the earlier answer kept by Enter or changed.
ui_keys a Enter
ui_wait '2\) Only from this machine or this network'
ui_wait 'Your answer \(Enter skips\):'
ui_keys 2 Enter
ui_wait 'Did something change shortly before'
ui_keys Enter
ui_wait 'You said: Only from this machine or this network\.' 15
ui_keys a Enter
ui_wait 'Your answer \(Enter keeps it\) \[2\]:'
ui_keys 3 Enter
ui_wait 'Your answer \(Enter skips\):'
ui_keys Enter
ui_wait 'You said: I have not tried another client\.'
ui_keys q Enter
ui_exited
[ "$UI_RC" = 1 ] || fail "exit status $UI_RC, expected 1"
if ui_raw | LC_ALL=C grep -q "$(printf '\033')"; then
	fail "escape sequences in line mode"
fi

# Server mode in line mode: port, client address, sshd_config and log files, each optional
# and checked.
ui_start TERM=dumb -- --timeout 2
ui_wait '2\) this machine is the SSH server'
ui_type 2
ui_keys Enter
ui_wait 'Port clients fail to reach'
ui_type x
ui_keys Enter
ui_wait 'The port is a number from 1 to 65535'
ui_keys Enter
ui_wait 'Address of a client that cannot connect'
ui_type host.example
ui_keys Enter
ui_wait 'Type an IPv4 or IPv6 address'
ui_type 198.51.100.7
ui_keys Enter
ui_wait 'sshd configuration file'
ui_type "$TESTDIR/nothing-here"
ui_keys Enter
ui_wait 'nothing-here: no such file'
ui_keys Enter
ui_wait 'Log files, separated by spaces'
ui_keys Enter
ui_wait 'Checking \(server\)'
# Questions come after the checks, and only when an answer can change the order: Enter
# skips each.
_lm_done() { _ui_match 'Choice:|Your answer'; }
wait_until 60 _lm_done || { _ui_dump; fail "neither a question nor the diagnosis"; }
while _ui_match 'Your answer \(Enter skips\):$'; do
	ui_keys Enter
	sleep 0.3
done
ui_wait 'Choice:' 60
ui_keys q Enter
ui_exited
