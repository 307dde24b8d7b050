#!/bin/sh
# hostile-peers: servers that misbehave on purpose (tests/helpers/hostile.c writes what
# they send, the listener serves it). Whatever arrives, sshdoc exits 0, 1 or 3 within
# its time bound, prints one valid JSON report that says what the server did, and no
# control byte from the peer reaches stdout, stderr or the plain-text report.
# covers: ssh-banner ssh-kexinit algorithms tr-banner
. "$(dirname "$0")/../lib.sh"

[ -x "$HELPERS/hostile" ] || fail "helper missing: $HELPERS/hostile (make check-build)"
need_cmd jq

T=2			# --timeout
BOUND=$((3 * T * 1000 + 2500))	# checks chain (banner, KEXINIT, their followers), plus grace

# peer CASE LISTENER-ACTION [listener args...]: serve CASE, run sshdoc --json on it and
# check what every hostile case must satisfy.
peer() {
	_case=$1
	shift
	"$HELPERS/hostile" "$_case" >"$TESTDIR/$_case.bin" || fail "hostile $_case failed"
	stop_listener
	start_listener "$@" -H 30 -s "$TESTDIR/$_case.bin"
	run_sshdoc --json --timeout "$T" -p "$LISTENER_PORT" 127.0.0.1
	log "$_case: exit $RC in $MS ms: $(json '[.checks[] | select(.id == "ssh-banner" or .id == "ssh-kexinit") | "\(.id)=\(.outcome)"] | join(" ")')"
	case $RC in
	0 | 1 | 3) ;;
	*) fail "$_case: exit $RC (expected 0, 1 or 3)" ;;
	esac
	assert_report_basics 127.0.0.1 "$LISTENER_PORT"
	assert_no_control_bytes "$TESTDIR/err"
	assert_ms_below "$BOUND"
}

# text_report: the plain-text report of the same peer carries no ESC (nor other control) byte.
text_report() {
	run_sshdoc --report --timeout "$T" -p "$LISTENER_PORT" 127.0.0.1
	case $RC in
	0 | 1 | 3) ;;
	*) fail "--report: exit $RC" ;;
	esac
	[ -s "$TESTDIR/out.json" ] || fail "--report printed nothing"
	assert_no_control_bytes "$TESTDIR/out.json"
	assert_no_control_bytes "$TESTDIR/err"
	assert_ms_below "$BOUND"
}

# A 1 MiB identification line without a newline: given up at OpenSSH's 8 KiB.
peer long-ident hold
assert_outcome ssh-banner invalid
assert_evidence ssh-banner "banner line too long"
assert_cause not-ssh-service

# 50000 lines before the identification: OpenSSH stops after 1024.
peer many-lines hold
assert_outcome ssh-banner invalid
assert_evidence ssh-banner "too many pre-banner lines"

# NUL bytes in a pre-banner line and in the identification.
peer nul hold
assert_outcome ssh-banner invalid
assert_evidence ssh-banner "invalid characters"

# Terminal escapes (title, screen clear, OSC 52 clipboard write) in pre-banner lines:
# shown escaped, as text.
peer esc-pre hold
assert_check ssh-banner pass
assert_evidence ssh-banner 'title \x1b]0;pwned\x07 here'
assert_evidence ssh-banner 'clipboard \x1b]52;c;cHduZWQ=\x07 write'
text_report
grep -qF 'clear \x1b[2J screen' "$TESTDIR/out.json" || fail "--report does not show the escaped line"

# ... in the identification line.
peer esc-banner hold
assert_check ssh-banner pass
assert_evidence ssh-banner 'SSH-2.0-OpenSSH_9.2p1 \x1b]0;pwned\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07'
text_report

# ... in algorithm names inside the KEXINIT.
peer esc-kexinit hold
assert_check ssh-kexinit pass
assert_evidence ssh-kexinit 'curve25519-sha256,\x1b]0;pwned\x07\x1b[2J'
assert_evidence ssh-kexinit 'languages_server_to_client: \x1b]52;c;cHduZWQ=\x07'
text_report

# A packet length near 4 GiB: refused at once, nothing allocated for it.
peer huge-length hold
assert_outcome ssh-kexinit invalid
assert_evidence ssh-kexinit "packet length out of range"

# A name-list whose length runs past the packet.
peer list-past hold
assert_outcome ssh-kexinit invalid
assert_evidence ssh-kexinit "name-list longer than the packet"

# 64 KiB of random bytes.
peer random hold
assert_check ssh-banner fail
text_report

# An SSH-1 server.
peer ssh1 close
assert_outcome ssh-banner ssh1
assert_cause not-ssh-service

# A KEXINIT with 2001 key exchange names, the usable one last: ssh reads only 40.
peer many-names hold
assert_check ssh-kexinit pass
assert_evidence ssh-kexinit "2001 key exchange"
assert_outcome algorithms no-kex
assert_evidence algorithms "ssh reads only the first 40"

# A reset in the middle of the KEXINIT.
peer half-kexinit reset -w 300
assert_outcome ssh-kexinit closed
assert_evidence ssh-kexinit "reset the connection in the middle of its KEXINIT"

# One byte a second: the probes give up at --timeout, they do not wait for the rest.
peer valid hold -t 1
assert_outcome ssh-banner stalled
[ "$MS" -ge $((T * 1000 - 500)) ] || fail "gave up after $MS ms, before the ${T} s timeout"

log "all hostile peers handled"
