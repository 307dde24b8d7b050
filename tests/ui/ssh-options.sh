#!/bin/sh
# ssh-options: "replace ssh by sshdoc" holds for the options people type. -o reaches ssh -G
# and the person's own attempt (a server that offers only ssh-rsa host keys is no longer a
# cause with -o HostKeyAlgorithms=+ssh-rsa, exactly as for ssh); -J, -4, -6, -i, -F, -l,
# -p are taken; -v -A -X -Y -t -T -C -q -N and a remote command are noted and ignored; a
# host that looks like an option is refused and never reaches a command.
# covers: ssh-config algorithms transcript proxy-hop
. "$(dirname "$0")/../lib.sh"

need_cmd ssh jq

start_sshd "HostKeyAlgorithms ssh-rsa"

# ssh itself: refused without the option, past the key exchange with it.
msg=$(HOME=$TESTDIR/home ssh -F /dev/null -o BatchMode=yes -o UserKnownHostsFile=/dev/null \
	-p "$SSHD_PORT" tester@127.0.0.1 true 2>&1)
echo "$msg" | grep -q 'no matching host key type found' || fail "ssh is not refused: $msg"
msg=$(HOME=$TESTDIR/home ssh -F /dev/null -o BatchMode=yes -o UserKnownHostsFile=/dev/null \
	-o HostKeyAlgorithms=+ssh-rsa -p "$SSHD_PORT" tester@127.0.0.1 true 2>&1)
echo "$msg" | grep -q 'no matching host key type found' && fail "the option does not help ssh"

run_sshdoc --json --timeout 3 -F /dev/null -p "$SSHD_PORT" tester@127.0.0.1
assert_rc 1
assert_cause no-common-hostkey confirmed

# The same command with the option, placed after the host as people type it.
run_sshdoc --json --timeout 3 -F /dev/null tester@127.0.0.1 -p "$SSHD_PORT" \
	-o HostKeyAlgorithms=+ssh-rsa
assert_valid_json
assert_json 'all(.causes[]; .id != "no-common-hostkey")' "-o did not reach ssh -G"
assert_outcome algorithms agree
assert_json '[.checks[] | select(.id == "tr-kex") | .status] == ["pass"]' \
	"-o did not reach the attempt (tr-kex)"

# Every option ssh users type is taken; the ones that change nothing are noted on stderr.
ssh-keygen -q -t ed25519 -N '' -f "$TESTDIR/id_test" >/dev/null || fail "ssh-keygen"
: >"$TESTDIR/empty_config"
run_sshdoc --json --timeout 3 -v -A -X -Y -t -T -C -q -N -4 -i "$TESTDIR/id_test" \
	-F "$TESTDIR/empty_config" -l tester -p "$SSHD_PORT" -o ConnectTimeout=3 \
	-J "tester@localhost:$SSHD_PORT" 127.0.0.1 uptime -a
assert_valid_json
[ "$RC" = 1 ] || [ "$RC" = 3 ] || fail "exit $RC with every ssh option"
grep -q 'ignoring -v -A -X -Y -t -T -C -q -N' "$TESTDIR/err" ||
	fail "no note on the ignored options: $(cat "$TESTDIR/err")"
grep -q 'ignoring the remote command' "$TESTDIR/err" ||
	fail "no note on the remote command: $(cat "$TESTDIR/err")"
# -J reaches ssh -G: the hop is probed.
assert_json '[.checks[] | select(.id == "proxy-hop") | .summary] | .[0] | test("localhost")' \
	"-J did not reach ssh -G"
run_sshdoc --report --timeout 2 -6 -p "$SSHD_PORT" ::1
[ "$RC" -le 3 ] || fail "-6: exit $RC"

# A host that looks like an option is refused (exit 2), before any command runs.
for bad in '-oProxyCommand=touch '"$TESTDIR"'/pwned' 'x@-oProxyCommand=touch '"$TESTDIR"'/pwned'; do
	run_sshdoc --report -- "$bad"
	assert_rc 2
	grep -q 'bad host name' "$TESTDIR/err" || fail "no refusal for '$bad': $(cat "$TESTDIR/err")"
done
[ -e "$TESTDIR/pwned" ] && fail "a host that looked like an option was run"
exit 0
