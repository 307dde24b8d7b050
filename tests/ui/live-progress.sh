#!/bin/sh
# live-progress: a server that accepts and never speaks. The check waiting for the banner
# shows "run" with a live timer, Enter shows it unfinished; then the diagnosis names
# no-banner-timeout. While idle the wizard uses no CPU (no busy loop, no idle ticks).
# covers: (no check: the wizard and its screens)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

start_listener hold -H 60
UI_MASK_PORT=$LISTENER_PORT

ui_start -- --timeout 8 -l tester -p "$LISTENER_PORT" 127.0.0.1
# The checks show at once (questions come only after them, and only when they matter).
ui_wait 'run +SSH identification +running +[0-9.]+ (ms|s)' 5
ui_wait 'Checking: [0-9]+\/[0-9]+ done, .*; waiting for .* \(limit 8 s\)'
ui_wait 'pass +TCP connection'
ui_select 'SSH identification'
ui_keys Enter
ui_wait 'This check has not finished yet'
ui_keys Escape
ui_wait 'never sends an' 20
ui_wait 'confirmed'

# Idle: the CPU time of sshdoc must not grow while nothing happens.
pane=$(tm display-message -p '#{pane_pid}')
pid=$(pgrep -P "$pane" | head -n 1)
[ -n "$pid" ] || fail "cannot find sshdoc's pid"
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
c0=$(cpu "$pid")
sleep 2
c1=$(cpu "$pid")
log "idle CPU ticks over 2 s: $((c1 - c0))"
[ $((c1 - c0)) -le 2 ] || fail "sshdoc used $((c1 - c0)) clock ticks in 2 s while idle"

ui_keys q
ui_exited
[ "$UI_RC" = 1 ] || fail "exit status $UI_RC, expected 1"
ui_restored
