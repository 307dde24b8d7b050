#!/bin/sh
# proxy-failed: the target is reached through ProxyJump. (1) The hop is a closed port of
# 127.0.0.1: proxy-hop says hop-down and proxy-failed is confirmed. (2) The hop is a
# second sshd that accepts the test's key: hop-ok and no proxy cause. (3) The hop
# refuses every key: hop-auth. (4) A ProxyCommand is named, never run by sshdoc.
# ssh reads ~ from the password database, not $HOME: the configuration names the key
# and known_hosts in TESTDIR explicitly, so nothing of the tester's ~/.ssh takes part.
# covers: proxy-hop tr-auth tr-connect tr-banner
. "$(dirname "$0")/../lib.sh"

ME=$(id -un)
start_sshd
TARGET_PORT=$SSHD_PORT
start_sshd
HOP_PORT=$SSHD_PORT
DEAD_PORT=$(free_port) || fail "no free port"
port_in_use "$DEAD_PORT" && fail "port $DEAD_PORT should be free"

ssh-keygen -q -t ed25519 -N '' -C sshdoc-test-user -f "$TESTDIR/id_user" >/dev/null ||
	fail "ssh-keygen failed"
ssh-keygen -q -t ed25519 -N '' -C sshdoc-test-other -f "$TESTDIR/id_other" >/dev/null ||
	fail "ssh-keygen failed"
cp "$TESTDIR/id_user.pub" "$TESTDIR/authorized_keys"
chmod 600 "$TESTDIR/id_user" "$TESTDIR/id_other"
# both sshds share the test's host keys
{
	printf '[127.0.0.1]:%s %s\n' "$TARGET_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")"
	printf '[127.0.0.1]:%s %s\n' "$HOP_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")"
} >"$TESTDIR/known_hosts"

# write_config JUMP KEY: target "sshdoc-target" through the hop JUMP, logging in with KEY
write_config() {
	cat >"$TESTDIR/config" <<EOF
Host sshdoc-target
  HostName 127.0.0.1
  Port $TARGET_PORT
  ProxyJump $1
Host *
  User $ME
  UserKnownHostsFile $TESTDIR/known_hosts
  IdentityFile $2
  IdentitiesOnly yes
  HostKeyAlgorithms ssh-ed25519
EOF
}

# 1. the hop is down
write_config "$ME@127.0.0.1:$DEAD_PORT" "$TESTDIR/id_user"
run_sshdoc --json --timeout 3 -F "$TESTDIR/config" sshdoc-target
assert_contract
assert_rc 1
assert_cause proxy-failed confirmed
assert_check proxy-hop fail
assert_outcome proxy-hop hop-down
assert_evidence proxy-hop "127.0.0.1:$DEAD_PORT: refused"
assert_evidence proxy-hop "$TESTDIR/config:4: ProxyJump"

# 2. the hop works and accepts the key: the whole chain authenticates
write_config "$ME@127.0.0.1:$HOP_PORT" "$TESTDIR/id_user"
run_sshdoc --json --timeout 3 -F "$TESTDIR/config" sshdoc-target
assert_contract
assert_check proxy-hop pass
assert_outcome proxy-hop hop-ok
assert_evidence proxy-hop "accepts your login"
assert_json 'all(.causes[]?; .id != "proxy-failed")' "a working hop is not proxy-failed"
assert_outcome tr-auth authenticated

# 3. the hop answers but refuses the key
write_config "$ME@127.0.0.1:$HOP_PORT" "$TESTDIR/id_other"
run_sshdoc --json --timeout 3 -F "$TESTDIR/config" sshdoc-target
assert_contract
assert_rc 1
assert_cause proxy-failed confirmed
assert_outcome proxy-hop hop-auth
assert_evidence proxy-hop "refused every authentication"

# 4. a ProxyCommand: named with its text, not run (the marker file must not appear)
cat >"$TESTDIR/config" <<EOF
Host sshdoc-target
  HostName 127.0.0.1
  Port $TARGET_PORT
  ProxyCommand /bin/false %h %p
Host *
  UserKnownHostsFile $TESTDIR/known_hosts
EOF
run_sshdoc --json --timeout 3 -F "$TESTDIR/config" sshdoc-target
assert_contract
assert_outcome proxy-hop command
assert_evidence proxy-hop "ProxyCommand /bin/false %h %p"
assert_evidence proxy-hop "$TESTDIR/config:4: ProxyCommand"
assert_cause proxy-failed

# 5. ProxyCommand /bin/false for an address that needs no configuration to reach: the
# clean re-run (-F /dev/null) gets further, and the directive it isolates is the proxy:
# one cause, proxy-failed, with client-config-override folded in, sure as the re-run
cat >"$TESTDIR/config" <<EOF
Host 127.0.0.1
  ProxyCommand /bin/false %h %p
  UserKnownHostsFile $TESTDIR/known_hosts
EOF
ssh -F "$TESTDIR/config" -o BatchMode=yes -p "$TARGET_PORT" 127.0.0.1 true >"$TESTDIR/ssh.out" 2>&1 &&
	fail "ssh connected through ProxyCommand /bin/false"
# /bin/false exits at once: ssh reads EOF ("Connection closed by UNKNOWN port 65535") or,
# when the exit wins the race with its banner write, says "Broken pipe": both are real
grep -Eq "Connection closed by|UNKNOWN port 65535: Broken pipe" "$TESTDIR/ssh.out" ||
	fail "ssh did not say the connection closed: $(cat "$TESTDIR/ssh.out")"
log "ssh said: $(cat "$TESTDIR/ssh.out")"
run_sshdoc --json --timeout 3 -F "$TESTDIR/config" -p "$TARGET_PORT" 127.0.0.1
assert_contract
assert_rc 1
assert_outcome clean-attempt config-breaks
assert_first_cause proxy-failed
assert_cause proxy-failed confirmed
assert_json '.causes[0].explains == ["client-config-override"]' \
	"client-config-override should fold into proxy-failed (explains: $(json '.causes[0].explains'))"
assert_json 'all(.causes[]; .id != "client-config-override")' "one cause for the ProxyCommand"
assert_json '.causes[0].evidence | any(contains("its proxy fails"))' "the folded evidence"
assert_json '.causes[0].fix == "proxy-failed"' "the proxy's article is the fix"
