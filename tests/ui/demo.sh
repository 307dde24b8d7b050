#!/bin/sh
# demo: `make demo` (assets/demo/demo.sh) starts its broken servers on 127.0.0.1 and stops
# them all again. --serve: each server is reachable and sshdoc names its fault; the menu:
# pick one, the wizard diagnoses it, quitting the wizard returns to the menu, q stops
# everything and removes the demo directory.
# covers: (no check: the wizard and its screens)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

need_cmd ssh-keygen jq
[ -x /usr/sbin/sshd ] || command -v sshd >/dev/null 2>&1 || skip "sshd is not installed"
for _h in holdconn listener; do
	[ -x "$HELPERS/$_h" ] || fail "helper missing: $HELPERS/$_h (make check-build)"
done
DEMO_SH=$SRCDIR/assets/demo/demo.sh
mkdir -p "$TESTDIR/tmp"

# listening PORT: a listening socket on PORT (IPv4 or IPv6).
listening() {
	_hex=$(printf '%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p=":$_hex" '$2 ~ p"$" && $4 == "0A" { f = 1 } END { exit !f }'
}
not_listening() {
	! listening "$1"
}

# ---------------------------------------------------------------- --serve

TMPDIR=$TESTDIR/tmp SSHDOC=$SSHDOC HELPERS=$HELPERS sh "$DEMO_SH" --serve \
	</dev/null >"$TESTDIR/serve.out" 2>"$TESTDIR/serve.log" &
DEMO_PID=$!
track_pid "$DEMO_PID"
wait_until 60 grep -q '^ready$' "$TESTDIR/serve.out" ||
	fail "the demo did not get ready: $(cat "$TESTDIR/serve.out" "$TESTDIR/serve.log")"
cat "$TESTDIR/serve.out"
port_of() {
	awk -v n="$1" '$1 == n { print $2 }' "$TESTDIR/serve.out"
}
CONFIG=$(port_of config)
[ -f "$CONFIG" ] || fail "no demo ssh_config: $CONFIG"
DEMODIR=$(dirname "$CONFIG")
case $DEMODIR in "$TESTDIR"/tmp/sshdoc-demo.*) ;; *) fail "demo directory outside TMPDIR: $DEMODIR" ;; esac

# Each server listens, and sshdoc finds the fault it was built with.
for pair in maxstartups:maxstartups-throttling legacy-kex:no-common-kex \
	closed-before-banner:closed-before-banner changed-host-key:hostkey-changed; do
	name=${pair%%:*} cause=${pair#*:}
	port=$(port_of "$name")
	[ -n "$port" ] || fail "the demo printed no port for $name"
	listening "$port" || fail "$name: nothing listens on port $port"
	run_sshdoc --json --timeout 3 -F "$CONFIG" -p "$port" 127.0.0.1
	assert_contract
	assert_first_cause "$cause"
	log "$name on port $port: $cause"
done
PORTS=$(awk '$1 != "config" && $1 != "ready" { print $2 }' "$TESTDIR/serve.out")

# TERM stops everything it started and removes its directory.
kill -TERM "$DEMO_PID"
wait_until 10 sh -c "! kill -0 $DEMO_PID 2>/dev/null" || fail "the demo did not end on TERM"
for port in $PORTS; do
	wait_until 5 not_listening "$port" || fail "port $port still listens after the demo ended"
done
[ -e "$DEMODIR" ] && fail "the demo left $DEMODIR behind"
pgrep -f "$DEMODIR" >/dev/null 2>&1 && fail "processes of the demo survive: $(pgrep -af "$DEMODIR")"

# ---------------------------------------------------------------- the menu

real=$SSHDOC
SSHDOC=/bin/sh
ui_start TMPDIR="$TESTDIR/tmp" SSHDOC="$real" HELPERS="$HELPERS" -- "$DEMO_SH"
SSHDOC=$real
ui_wait 'Choose \[1-4, q\]:' 60
ui_wait '3\) port [0-9]+ +a server that closes the connection before the SSH banner'
PORTS=$(ui_raw | sed -n 's/^ *[1-4]) port \([0-9][0-9]*\) .*/\1/p' | tr '\n' ' ')
log "menu ports: $PORTS"
[ "$(echo $PORTS | wc -w)" -eq 4 ] || fail "expected four servers in the menu: $PORTS"
ui_keys 3 Enter
ui_no_questions 20
ui_wait 'The server side accepts the TCP connection and closes' 20
ui_keys q
ui_wait 'sshdoc exited with status 1'
ui_wait 'Choose \[1-4, q\]:'
ui_keys 4 Enter
ui_no_questions 20
ui_wait "The server's host key differs from the one in known_hosts" 20
ui_keys q
ui_wait 'Choose \[1-4, q\]:'
ui_keys q Enter
ui_exited 20
[ "$UI_RC" = 0 ] || fail "the demo ended with status $UI_RC"
for port in $PORTS; do
	wait_until 5 not_listening "$port" || fail "port $port still listens after the menu ended"
done
ls -d "$TESTDIR"/tmp/sshdoc-demo.* >/dev/null 2>&1 && fail "the demo left its directory behind"
exit 0
