#!/bin/sh
# client-config-override: the person's ssh_config breaks a connection that a clean
# configuration makes: (1) "Port 1" for a host whose sshd listens on port 22 (of
# 127.0.0.23, so nothing else on this machine is touched): clean-attempt reaches sshd
# with -F /dev/null and names the Port line; (2) "KexAlgorithms diffie-hellman-group1-sha1"
# against a modern sshd; (3) a harmless configuration: clean-attempt says so.
# covers: clean-attempt algorithms ssh-config tcp-connect tr-connect
. "$(dirname "$0")/../lib.sh"

need_root "sshd on port 22 of 127.0.0.23"
# Port 22 on any address of this machine must be free: the test's sshd takes 127.0.0.23:22.
port_in_use 22 && skip "something already uses port 22 on this machine"
start_sshd "ListenAddress 127.0.0.23:22"
wait_until 10 port_listening 22 || fail "sshd is not listening on 127.0.0.23:22"

# 1. a wrong Port for the host in the person's configuration
cat >"$TESTDIR/config" <<EOF
Host 127.0.0.23
  Port 1
EOF
run_sshdoc --json --timeout 3 -F "$TESTDIR/config" 127.0.0.23
assert_contract
assert_rc 1
assert_cause client-config-override confirmed
assert_check clean-attempt fail
assert_outcome clean-attempt config-breaks
assert_evidence clean-attempt "port 1 with your configuration, 22 without it"
assert_evidence clean-attempt "$TESTDIR/config:2: Port"
assert_evidence clean-attempt "with -F /dev/null: stopped at host key"
# the person's own attempt went to port 1: the refusal is the Port line's doing, one cause
assert_first_cause client-config-override
assert_json '.causes[0].explains == ["port-closed"]' "port-closed should fold into client-config-override"
assert_json 'all(.causes[]; .id != "port-closed")' "port-closed should not stand beside the Port line"
assert_json '.causes[0].evidence | any(contains("which is why the connection is refused"))' \
	"the folded refusal should be in the evidence"
assert_json '[.checks[] | select(.id == "clean-attempt")][0].outcome == "config-breaks"' "clean-attempt"

# 2. a key exchange list the server does not share
cat >"$TESTDIR/config.kex" <<EOF
Host 127.0.0.1
  KexAlgorithms diffie-hellman-group1-sha1
EOF
# the real ssh says so first
ssh -F "$TESTDIR/config.kex" -p "$SSHD_PORT" -o BatchMode=yes -o StrictHostKeyChecking=no \
	-o UserKnownHostsFile=/dev/null 127.0.0.1 true >"$TESTDIR/ssh.out" 2>&1 &&
	fail "ssh connected with KexAlgorithms diffie-hellman-group1-sha1"
grep -q "no matching key exchange method found" "$TESTDIR/ssh.out" ||
	fail "ssh did not say 'no matching key exchange method found': $(cat "$TESTDIR/ssh.out")"
run_sshdoc --json --timeout 3 -F "$TESTDIR/config.kex" -p "$SSHD_PORT" 127.0.0.1
assert_contract
assert_rc 1
# the KexAlgorithms line is the mechanism: no-common-kex first, the override folded into
# it, and its article (remove the line) the fix
assert_first_cause no-common-kex
assert_cause no-common-kex confirmed
assert_json '.causes[0].explains == ["client-config-override"] and .causes[0].fix == "client-config-override"' \
	"no-common-kex should carry client-config-override and its fix"
assert_json 'all(.causes[]; .id != "client-config-override")' "one cause for the KexAlgorithms line"
assert_outcome algorithms config-restricts
assert_outcome clean-attempt config-breaks
assert_evidence clean-attempt "KexAlgorithms diffie-hellman-group1-sha1 with your configuration"
assert_evidence clean-attempt "$TESTDIR/config.kex:2: KexAlgorithms"

# 3. a configuration that changes nothing that matters: not the cause
cat >"$TESTDIR/config.ok" <<EOF
Host 127.0.0.1
  ServerAliveInterval 30
EOF
run_sshdoc --json --timeout 3 -F "$TESTDIR/config.ok" -p "$SSHD_PORT" 127.0.0.1
assert_contract
assert_json 'all(.causes[]?; .id != "client-config-override")' \
	"a harmless configuration is not a cause"
assert_json '[.checks[] | select(.id == "clean-attempt") | .outcome] | .[0] | IN("same", "not-needed")' \
	"clean-attempt should find the same failure (is $(json '[.checks[] | select(.id == "clean-attempt") | .outcome] | .[0]'))"
