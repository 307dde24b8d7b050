#!/bin/sh
# start-screen: the first screen (golden), help, the ASCII fallback without UTF-8, and q
# leaving a restored terminal behind.
# covers: (no check: the wizard and its screens)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

ui_start -- -l tester
ui_wait 'What happened, and where does sshdoc run\?'
ui_golden start
ui_keys '?'
ui_wait 'Copy the selected command'
ui_golden help
ui_keys Escape
ui_wait 'What happened, and where does sshdoc run\?'
ui_keys q
ui_exited
[ "$UI_RC" = 0 ] || fail "exit status $UI_RC after quitting at the start, expected 0"
ui_restored

# Not UTF-8: plain ASCII glyphs, no line-drawing bytes on screen.
ui_start LC_ALL=C NO_COLOR=1 -- -l tester
ui_wait 'sshdoc - What happened\?'
ui_raw | grep -q '^  > 1  ssh from this machine' || { _ui_dump; fail "no ASCII pointer"; }
if ui_raw | LC_ALL=C grep -q "$(printf '\342')"; then
	_ui_dump
	fail "UTF-8 glyphs in a C locale"
fi
ui_keys q
ui_exited
ui_restored

# A digit picks the mode at once: 2 opens the server form.
ui_start -- -l tester
ui_wait 'What happened, and where does sshdoc run\?'
ui_keys 2
ui_wait 'Check the SSH server on this machine'
ui_keys F10
ui_exited
ui_restored
