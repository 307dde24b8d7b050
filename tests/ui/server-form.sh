#!/bin/sh
# server-form: the start screen offers server mode (the tree has a start node for it); its
# form validates the port, the client address (IPv4/IPv6 only), the sshd_config path and
# the log files (existing regular files, never an option look-alike) and the account (a
# user name), then runs the server checks with them. Without root the form says plainly
# that some checks need root.
# covers: (no check: the wizard and its screens)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

printf 'Port 2222\nListenAddress 127.0.0.1\n' >"$TESTDIR/sshd_config"
: >"$TESTDIR/auth.log"
chmod 644 "$TESTDIR/sshd_config" "$TESTDIR/auth.log"
mkdir -p "$TESTDIR/a-directory"

ui_start -- -l tester
ui_wait 'This machine is the SSH server'
ui_keys Down Enter
ui_wait 'Check the SSH server on this machine'
if [ "$(id -u)" -eq 0 ]; then
	ui_golden server-form
	tm capture-pane -p | grep -q 'You are not root' && fail "the form says 'not root' to root"
else
	ui_wait 'You are not root: some checks need root'
fi

# Port (the field that has the focus): digits only, a number from 1 to 65535.
ui_type 'abc'
tm capture-pane -p | grep -q 'abc' && { _ui_dump; fail "the port field took letters"; }
ui_type 99999
ui_keys Enter
ui_wait 'The port is a number from 1 to 65535'
ui_keys C-u
ui_type 2222

# Client address: an address, not a name, not an option.
ui_keys Tab
ui_type 'client.example'
ui_keys Enter
ui_wait 'The client address is an IPv4 or IPv6 address'
ui_keys C-u
ui_type '-oProxyCommand=x'
ui_keys Enter
ui_wait 'The client address is an IPv4 or IPv6 address'
ui_keys C-u
ui_type '2001:db8::7'

# sshd_config: an existing regular file, never something that looks like an option.
ui_keys Tab
ui_type "$TESTDIR/no-such-file"
ui_keys Enter
ui_wait 'no-such-file: no such file'
ui_keys C-u
ui_type "$TESTDIR/a-directory"
ui_keys Enter
ui_wait 'a-directory is not a regular file'
ui_keys C-u
ui_type '-T'
ui_keys Enter
ui_wait "The sshd config path may not begin with '-'"
ui_keys C-u
ui_type "$TESTDIR/sshd_config"

# Log files: each one checked the same way.
ui_keys Tab
ui_type "$TESTDIR/auth.log $TESTDIR/gone.log"
ui_keys Enter
ui_wait 'gone.log: no such file'
ui_keys C-u
ui_type "$TESTDIR/auth.log"

# Account: a user name, never an option look-alike.
ui_keys Tab
ui_type '-oProxyCommand=x'
ui_keys Enter
ui_wait 'The account is a user name on this machine'
ui_keys C-u
ui_type 'root'
ui_keys Enter

# The server checks run with what the form gave.
ui_wait "this machine's sshd, port 2222" 10
ui_questions_or_diagnosis 60
ui_wait 'Diagnosis|Finished' 60
ui_keys s
ui_wait 'Save report to'
ui_keys C-u
ui_type "$TESTDIR/report.json"
ui_keys Enter
ui_wait 'Saved the JSON report'
if command -v jq >/dev/null 2>&1; then
	jq -e '.mode == "server"' "$TESTDIR/report.json" >/dev/null ||
		fail "the saved report is not a server-mode report"
	jq -e --arg c "$TESTDIR/sshd_config" '[.checks[] | .summary, .evidence[]?] |
		any(contains($c))' "$TESTDIR/report.json" >/dev/null ||
		fail "no check looked at $TESTDIR/sshd_config: $(head -c 3000 "$TESTDIR/report.json")"
	jq -e '[.checks[] | .summary, .evidence[]?] | any(test("2222"))' \
		"$TESTDIR/report.json" >/dev/null || fail "no check used port 2222"
	[ "$(id -u)" -ne 0 ] || jq -e '[.checks[] | select(.id == "account" and
		.status != "skip" and (.summary | test("root")))] | length == 1' \
		"$TESTDIR/report.json" >/dev/null ||
		fail "the account check did not look at root: $(jq -c '.checks[] | select(.id == "account")' "$TESTDIR/report.json")"
fi
ui_keys q
ui_exited
ui_restored

# Not root: the form says what needs root (run as nobody when the test runs as root).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	real=$SSHDOC
	printf '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups "%s" "$@"\n' \
		"$real" >"$TESTDIR/as-nobody.sh"
	chmod 755 "$TESTDIR/as-nobody.sh"
	SSHDOC=$TESTDIR/as-nobody.sh
	ui_start -- -l tester
	ui_wait 'This machine is the SSH server'
	ui_keys Down Enter
	ui_wait 'You are not root: some checks need root'
	ui_wait 'sudo sshdoc --server'
	# The port field has the focus: q is typed (and refused), F10 quits.
	ui_keys q
	sleep 0.3
	_ui_done && fail "q quit from a form whose field has the focus"
	ui_keys F10
	ui_exited
	SSHDOC=$real
fi
