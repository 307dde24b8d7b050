#!/bin/sh
# explain-paste: explain mode's form takes a file (checked: it must exist and be a regular
# file) or pasted text. Pasted text goes to a private file in $TMPDIR (mode 0600) that the
# checks read and that is removed when sshdoc ends, by q or by a signal.
# covers: transcript (through the wizard's paste form)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

mkdir -p "$TESTDIR/tmp"
printf '%s\n' 'OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024' \
	'debug1: Connecting to server.example [203.0.113.5] port 22.' \
	'debug1: Connection established.' \
	'kex_exchange_identification: Connection closed by remote host' \
	'Connection closed by 203.0.113.5 port 22' >"$TESTDIR/transcript.txt"
pasted() {
	ls "$TESTDIR"/tmp/sshdoc-paste.* 2>/dev/null | head -n 1
}
no_paste() {
	[ -z "$(pasted)" ]
}
paste_transcript() {
	tm set-buffer "$(cat "$TESTDIR/transcript.txt")"
	tm paste-buffer
}

ui_start TMPDIR="$TESTDIR/tmp" -- -l tester
ui_wait 'I have an error message'
ui_keys Down Down Enter
ui_wait 'Explain an error message or the output of ssh -v'
ui_golden explain-form

# Nothing given; a file that is not there; a directory.
ui_keys Enter
ui_wait 'Give a file name, or paste the text'
ui_type "$TESTDIR/none.txt"
ui_keys Enter
ui_wait 'none.txt: no such file'
ui_keys C-u
ui_type "$TESTDIR/tmp"
ui_keys Enter
ui_wait 'is not a regular file'

# Both a file and pasted text: one of them, please.
ui_keys Tab
paste_transcript
ui_wait '5 lines, [0-9]+ bytes'
ui_wait 'kex_exchange_identification: Connection closed by remote host'
ui_keys C-d
ui_wait 'Clear the file name \(Ctrl-U\) or the pasted text'
ui_keys Up C-u Tab C-d

# The pasted text is explained from a private file.
ui_wait 'explaining pasted text' 15
ui_wait 'The server side accepts the TCP connection and closes' 15
f=$(pasted)
[ -n "$f" ] || fail "no sshdoc-paste file in TMPDIR while sshdoc runs"
[ "$(stat -c %a "$f")" = 600 ] || fail "$f has mode $(stat -c %a "$f"), expected 600"
# what was pasted: the file's text (tmux's buffer has no final newline)
printf '%s' "$(cat "$TESTDIR/transcript.txt")" >"$TESTDIR/expected.txt"
cmp -s "$f" "$TESTDIR/expected.txt" || fail "$f differs from the pasted text: $(od -c "$f" | head -n 20)"
ui_keys q
ui_exited
ui_restored
wait_until 2 no_paste || fail "$(pasted) was left behind after q"

# A file by name.
ui_start TMPDIR="$TESTDIR/tmp" -- -l tester
ui_wait 'I have an error message'
ui_keys Down Down Enter
ui_wait 'Explain an error message'
ui_type "$TESTDIR/transcript.txt"
ui_keys Enter
ui_wait "explaining $(printf %s "$TESTDIR" | cut -c1-12)" 15
ui_wait 'The server side accepts the TCP connection and closes' 15
no_paste || fail "a file given by name was copied to $(pasted)"
ui_keys q
ui_exited

# Pasted, then Ctrl-C: the file goes too.
ui_start TMPDIR="$TESTDIR/tmp" -- -l tester
ui_wait 'I have an error message'
ui_keys Down Down Enter
ui_wait 'Explain an error message'
ui_keys Tab
paste_transcript
ui_wait '5 lines'
ui_keys C-d
ui_wait 'explaining pasted text' 15
[ -n "$(pasted)" ] || fail "no sshdoc-paste file while sshdoc runs"
ui_keys C-c
ui_exited
[ "$UI_RC" = 130 ] || fail "exit status $UI_RC after SIGINT, expected 130"
ui_restored
wait_until 2 no_paste || fail "$(pasted) was left behind after SIGINT"
