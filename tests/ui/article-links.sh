#!/bin/sh
# article-links: in a fix article, Tab selects "see:" links as well as commands; Enter on
# a link opens that article, Backspace (or Esc) returns to the article it came from, where
# it was left; with no article to return to, Backspace goes back to the diagnosis.
# covers: (no check: the wizard and its screens)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

grep -q '^see: firewall-reject$' "$SRCDIR/content/articles/port-closed.txt" ||
	skip "the port-closed article no longer links to firewall-reject"

port=$(free_port) || fail "no free port"
UI_MASK_PORT=$port

ui_start -- --timeout 2 -l tester -p "$port" 127.0.0.1
ui_no_questions
ui_wait 'Nothing accepts connections on that address and port' 15
ui_keys Enter
ui_wait 'Cause port-closed'

# Tab through the commands and links until the firewall-reject link is selected.
_n=0
until ui_raw | grep -Eq '^▸ See also: A firewall rule'; do
	_n=$((_n + 1))
	[ $_n -le 60 ] || { _ui_dump; fail "Tab never selected the firewall-reject link"; }
	ui_keys Tab
	sleep 0.05
done
ui_wait 'Enter Open link'
# c on a link does not copy: it says what Enter does
ui_keys c
ui_wait 'That is a link to another article: Enter opens it'

ui_keys Enter
ui_wait 'Cause firewall-reject'
ui_wait 'Backspace: back to Nothing accepts connections'
ui_wait_gone 'Cause port-closed'

# A second hop, then back twice.
_n=0
until ui_raw | grep -Eq '^▸ See also: '; do
	_n=$((_n + 1))
	[ $_n -le 60 ] || { _ui_dump; fail "Tab never selected a link in firewall-reject"; }
	ui_keys Tab
	sleep 0.05
done
second=$(ui_raw | sed -n 's/^▸ See also: //p' | head -n 1)
log "second link: $second"
ui_keys Enter
ui_wait 'Backspace: back to A firewall rule on the server'
# Back: the article as it was left (scrolled, the same link selected).
ui_keys BSpace
ui_wait "^▸ See also: $(printf '%s' "$second" | cut -c1-30 | sed 's/[^[:alnum:] ]/./g')"
ui_keys Escape
ui_wait '^▸ See also: A firewall rule'
ui_keys g
ui_wait 'Cause port-closed'
ui_wait_gone 'Backspace: back to'

# No article left to return to: Backspace goes back to the diagnosis.
ui_keys BSpace
ui_wait '3 causes found'
ui_keys q
ui_exited
ui_restored
