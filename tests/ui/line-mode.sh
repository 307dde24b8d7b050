#!/bin/sh
# line-mode: TERM=dumb gives the same walk as numbered prompts on plain lines, answered
# one line at a time on standard input.
# covers: (no check: the wizard and its screens)
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
# While the checks run: the tree's questions, numbered; Enter skips.
ui_wait 'While the checks run'
ui_wait '2\) Only from this machine or this network'
ui_wait 'Your answer \(Enter skips\):'
ui_keys 2 Enter
ui_wait 'Did something change shortly before'
ui_keys Enter
ui_wait 'You said: Only from this machine or this network\.' 15
# the checks' lines follow the answers (they may have scrolled off the pane)
tm capture-pane -p -S -300 | grep -Eq '\[[0-9]+/[0-9]+\] FAIL +TCP connection' ||
	{ _ui_dump; fail "no FAIL line for the TCP connection"; }
ui_wait '1\) \[confirmed\] Nothing accepts connections'
ui_wait 'Choice:'
ui_keys 1 Enter
ui_wait 'If it still fails'
ui_keys r Enter
ui_wait 'still: port-closed' 15
# a: the questions again, the earlier answer kept by Enter or changed by a number.
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
# The server-mode questions come while the checks run: Enter skips each.
ui_wait 'Do all clients fail' 20
ui_keys Enter
ui_wait 'Did something change on this server' 20
ui_keys Enter
ui_wait 'Choice:' 60
ui_keys q Enter
ui_exited
