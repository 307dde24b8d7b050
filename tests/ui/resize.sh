#!/bin/sh
# resize: below the minimum size the wizard says so plainly; back at 80x24 it redraws the
# same screen. Then Ctrl-C (SIGINT) ends it with the terminal restored.
# covers: (no check: the wizard and its screens)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

port=$(free_port) || fail "no free port"
UI_MASK_PORT=$port

ui_start -- --timeout 2 -l tester -p "$port" 127.0.0.1
ui_no_questions
ui_wait 'Nothing accepts connections' 15
ui_golden diagnosis-port-closed
tm resize-window -x 60 -y 15
ui_wait 'Terminal too small: 60x15'
ui_wait 'sshdoc needs at least'
ui_golden too-small
tm resize-window -x 80 -y 24
ui_wait_gone 'Terminal too small'
ui_golden diagnosis-port-closed
ui_keys C-c
ui_exited
[ "$UI_RC" = 130 ] || fail "exit status $UI_RC after SIGINT, expected 130"
ui_restored
