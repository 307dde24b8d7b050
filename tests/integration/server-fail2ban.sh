#!/bin/sh
# server-fail2ban: the fail2ban check against a stand-in fail2ban-client (always), then
# against a real fail2ban-server with its own socket, pid file and configuration in
# TESTDIR (root, and the Debian package fail2ban): a jail on a test log, 192.0.2.7
# banned with "set JAIL banip" -> fail2ban-banned confirmed for --client-ip 192.0.2.7.
# SSHDOC_FAIL2BAN_SOCKET points the check at that server's socket.
# covers: fail2ban
. "$(dirname "$0")/../lib.sh"

# ---------------------------------------------------------------- stand-in client
# It answers like fail2ban-client 1.0 and logs its argv, so the test also sees that an
# odd jail name never reaches the command line.
mkdir -p "$TESTDIR/bin"
cat >"$TESTDIR/bin/fail2ban-client" <<EOS
#!/bin/sh
echo "\$*" >>"$TESTDIR/stub.argv"
[ "\$1" = -s ] && shift 2
case "\$*" in
status)
	printf 'Status\n|- Number of jail:\t3\n\`- Jail list:\tsshd, recidive, -evil\n' ;;
"status sshd")
	printf 'Status for the jail: sshd\n|- Filter\n|  |- Currently failed:\t1\n|  |- Total failed:\t9\n|  \`- File list:\t/var/log/auth.log\n\`- Actions\n   |- Currently banned:\t2\n   |- Total banned:\t4\n   \`- Banned IP list:\t203.0.113.4 192.0.2.7\n' ;;
"status recidive")
	printf 'Status for the jail: recidive\n|- Filter\n|  |- Currently failed:\t0\n|  |- Total failed:\t0\n|  \`- File list:\t/var/log/fail2ban.log\n\`- Actions\n   |- Currently banned:\t0\n   |- Total banned:\t0\n   \`- Banned IP list:\t\n' ;;
*)
	echo "unexpected arguments: \$*" >&2; exit 1 ;;
esac
EOS
chmod 755 "$TESTDIR/bin/fail2ban-client"
REAL_PATH=$PATH
PATH=$TESTDIR/bin:$PATH
export PATH
# sshdoc asks fail2ban-client only when the server's socket is there: the stand-in's is
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$TESTDIR/stub.sock" ||
	fail "cannot make the stand-in's socket"
SSHDOC_FAIL2BAN_SOCKET=$TESTDIR/stub.sock
export SSHDOC_FAIL2BAN_SOCKET

run_sshdoc --server --json --timeout 5 --client-ip 192.0.2.7
assert_contract
assert_outcome fail2ban banned
assert_check fail2ban fail
assert_cause fail2ban-banned confirmed
assert_evidence fail2ban "fail2ban's jail sshd bans 192.0.2.7"
assert_evidence fail2ban "jail sshd bans: 203.0.113.4 192.0.2.7"
assert_evidence fail2ban "jail sshd holds the ban on 192.0.2.7 as 192.0.2.7"
assert_evidence fail2ban "1 jail names with unusual characters not asked about"
grep -q -- '-evil' "$TESTDIR/stub.argv" && fail "a jail name starting with '-' reached fail2ban-client"

run_sshdoc --server --json --timeout 5 --client-ip 192.0.2.8
assert_outcome fail2ban bans
assert_cause fail2ban-banned possible
assert_evidence fail2ban "not 192.0.2.8"

run_sshdoc --server --json --timeout 5
assert_outcome fail2ban bans
assert_evidence fail2ban "give --client-ip"

# the socket override reaches fail2ban-client as -s SOCK
: >"$TESTDIR/stub.argv"
run_sshdoc --server --json --timeout 5 --client-ip 192.0.2.7
assert_outcome fail2ban banned
grep -q -- "^-s $TESTDIR/stub.sock status sshd\$" "$TESTDIR/stub.argv" ||
	fail "fail2ban-client was not given -s $TESTDIR/stub.sock: $(cat "$TESTDIR/stub.argv")"
# a relative path is refused
SSHDOC_FAIL2BAN_SOCKET=relative.sock
run_sshdoc --server --json --timeout 5 --client-ip 192.0.2.7
assert_evidence fail2ban "ignored: not an absolute path"
unset SSHDOC_FAIL2BAN_SOCKET
PATH=$REAL_PATH
export PATH

# ---------------------------------------------------------------- the real thing
if ! command -v fail2ban-client >/dev/null 2>&1 || ! command -v fail2ban-server >/dev/null 2>&1; then
	run_sshdoc --server --json --timeout 5 --client-ip 192.0.2.7
	assert_outcome fail2ban absent
	skip "fail2ban is not installed (Debian package fail2ban): the real-server part did not run"
fi
need_root "a real fail2ban-server"

fail2ban_dir
DIR=$F2B_DIR
SOCK=$F2B_SOCK
PIDF=$F2B_PIDF
cat >"$DIR/jail.local" <<EOS
[DEFAULT]
backend = polling
banaction = dummy
banaction_allports = dummy

[sshdoc-test]
enabled = true
filter = sshd
port = 22
logpath = $TESTDIR/f2b-auth.log
action = dummy[target="$TESTDIR/f2b.dummy"]
EOS
on_exit "fail2ban-client -s $SOCK stop"
fail2ban-client -c "$DIR" -s "$SOCK" -p "$PIDF" start >"$TESTDIR/f2b-start.log" 2>&1 ||
	fail "fail2ban did not start: $(head -c 2000 "$TESTDIR/f2b-start.log") $(head -c 2000 "$TESTDIR/f2b.log" 2>/dev/null)"
wait_until 20 fail2ban-client -s "$SOCK" ping || fail "fail2ban-server does not answer on $SOCK"
[ -s "$PIDF" ] && track_pid "$(cat "$PIDF")"
fail2ban-client -s "$SOCK" status sshdoc-test >/dev/null 2>&1 || fail "the jail sshdoc-test is not loaded"
fail2ban-client -s "$SOCK" set sshdoc-test banip 192.0.2.7 >/dev/null 2>&1 || fail "banip failed"

SSHDOC_FAIL2BAN_SOCKET=$SOCK
export SSHDOC_FAIL2BAN_SOCKET
run_sshdoc --server --json --timeout 5 --client-ip 192.0.2.7
assert_contract
assert_outcome fail2ban banned
assert_cause fail2ban-banned confirmed
assert_evidence fail2ban "fail2ban's jail sshdoc-test bans 192.0.2.7"
assert_evidence fail2ban "jail sshdoc-test: 1 banned now"

run_sshdoc --server --json --timeout 5 --client-ip 198.51.100.1
assert_outcome fail2ban bans
assert_cause fail2ban-banned possible

fail2ban-client -s "$SOCK" set sshdoc-test unbanip 192.0.2.7 >/dev/null 2>&1 || fail "unbanip failed"
run_sshdoc --server --json --timeout 5 --client-ip 192.0.2.7
assert_outcome fail2ban no-bans
assert_json 'all(.causes[]; .id != "fail2ban-banned")' "nobody is banned any more"

# a server that is not there: said, not an error; no socket, so fail2ban-client is not asked
SSHDOC_FAIL2BAN_SOCKET=$TESTDIR/none.sock
run_sshdoc --server --json --timeout 5 --client-ip 192.0.2.7
assert_outcome fail2ban not-running
assert_evidence fail2ban "no fail2ban server socket at $TESTDIR/none.sock"
# a socket left behind by a server that is gone: fail2ban-client finds nobody there
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$TESTDIR/stale.sock" ||
	fail "cannot leave a socket behind"
SSHDOC_FAIL2BAN_SOCKET=$TESTDIR/stale.sock
run_sshdoc --server --json --timeout 5 --client-ip 192.0.2.7
assert_outcome fail2ban not-running
assert_evidence fail2ban "fail2ban-client status:"
