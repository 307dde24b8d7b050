#!/bin/sh
# too-many-auth-failures: an ssh-agent holds 7 keys, none authorized. (1) sshd with
# MaxAuthTries 3 disconnects with "Too many authentication failures": auth-keys confirms
# too-many-auth-failures with the count and the IdentitiesOnly setting. (2) sshd with
# MaxAuthTries 10 refuses all 7 without the disconnect: at-risk, possible. (3) Without
# the agent: ok. The agent runs on a socket in TESTDIR, passed with SSHDOC_AGENT_SOCK.
# covers: auth-keys tr-auth
. "$(dirname "$0")/../lib.sh"

need_cmd ssh-agent ssh-add ssh-keygen
AGENT_SOCK=$TESTDIR/agent.sock
ssh-agent -D -a "$AGENT_SOCK" </dev/null >"$TESTDIR/agent.log" 2>&1 &
track_pid $!
wait_until 10 test -S "$AGENT_SOCK" || fail "ssh-agent did not create its socket"
i=1
while [ $i -le 7 ]; do
	ssh-keygen -q -t ed25519 -N '' -C "sshdoc-test-$i" -f "$TESTDIR/key$i" >/dev/null ||
		fail "ssh-keygen failed"
	SSH_AUTH_SOCK=$AGENT_SOCK ssh-add -q "$TESTDIR/key$i" 2>/dev/null || fail "ssh-add key$i failed"
	i=$((i + 1))
done
[ "$(SSH_AUTH_SOCK=$AGENT_SOCK ssh-add -l | wc -l)" -eq 7 ] || fail "the agent should hold 7 keys"
: >"$TESTDIR/authorized_keys"	# none of them is authorized

start_sshd "MaxAuthTries 3"
STRICT_PORT=$SSHD_PORT
start_sshd "MaxAuthTries 10"
LOOSE_PORT=$SSHD_PORT
# ssh reads ~ from the password database, not $HOME: name known_hosts explicitly
{
	printf '[127.0.0.1]:%s %s\n' "$STRICT_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")"
	printf '[127.0.0.1]:%s %s\n' "$LOOSE_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")"
} >"$TESTDIR/known_hosts"
cat >"$TESTDIR/config" <<EOF
Host *
  UserKnownHostsFile $TESTDIR/known_hosts
  HostKeyAlgorithms ssh-ed25519
EOF

SSHDOC_AGENT_SOCK=$AGENT_SOCK

# 1. MaxAuthTries 3: the server disconnects
run_sshdoc --json --timeout 3 -F "$TESTDIR/config" -p "$STRICT_PORT" 127.0.0.1
assert_contract
assert_rc 1
assert_cause too-many-auth-failures confirmed
assert_check auth-keys fail
assert_outcome auth-keys too-many
assert_evidence auth-keys "Too many authentication failures"
assert_evidence auth-keys "ssh would offer 7 keys in all"
assert_evidence auth-keys "agent: 7 keys in the agent"
assert_evidence auth-keys "IdentitiesOnly no: ssh offers every agent key"
assert_evidence auth-keys "MaxAuthTries"
assert_json '[.checks[] | select(.id == "auth-keys") | .summary] | .[0] | test("offered [0-9]+ key")' \
	"the summary should say how many keys were offered"

# 2. MaxAuthTries 10: every key refused, no disconnect message: at risk
run_sshdoc --json --timeout 3 -F "$TESTDIR/config" -p "$LOOSE_PORT" 127.0.0.1
assert_contract
assert_outcome auth-keys at-risk
assert_cause too-many-auth-failures possible

# 3. without the agent: nothing to count, no cause
SSHDOC_AGENT_SOCK=
run_sshdoc --json --timeout 3 -F "$TESTDIR/config" -p "$STRICT_PORT" 127.0.0.1
assert_contract
assert_outcome auth-keys ok
assert_json 'all(.causes[]?; .id != "too-many-auth-failures")' \
	"without the agent's keys there are not too many"
