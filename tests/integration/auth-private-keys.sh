#!/bin/sh
# auth-private-keys: keys ssh cannot use, for a real account (useradd) on a real sshd
# where the key's public half is authorized. Each is proven with ssh's own words first:
# (1) CRLF line ends: Load key "...": error in libcrypto; (2) a PuTTY .ppk: invalid
# format (error in libcrypto since OpenSSH 9); (2b) the .pub named as
# IdentityFile; (3) a passphrase with BatchMode yes; (4) an agent with no identities and no key
# file; (5) SSH_AUTH_SOCK naming a socket that is gone. private-keys names the file and
# the reason: private-key-unusable or agent-failure.
# covers: private-keys auth-probe tr-auth
. "$(dirname "$0")/../lib.sh"

need_cmd ssh ssh-keygen ssh-agent ssh-add jq
make_user
S=$THOME/.ssh
ssh-keygen -q -t ed25519 -N '' -C crlf -f "$S/crlf" >/dev/null || fail "ssh-keygen"
sed -i 's/$/\r/' "$S/crlf"
ssh-keygen -q -t ed25519 -N 'a passphrase' -C enc -f "$S/enc" >/dev/null || fail "ssh-keygen"
# the header of PuTTY's format, as puttygen writes it (PuTTY 0.7x, format 2)
{
	printf 'PuTTY-User-Key-File-2: ssh-ed25519\nEncryption: none\nComment: putty\n'
	printf 'Public-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIN1XrQb4\nnBuRzdgHa4l4xjBd\n'
	printf 'Private-Lines: 1\nAAAAIBk3w0i0eKaCj9yA\nPrivate-MAC: 5b7ab4f0\n'
} >"$S/putty.ppk"
chown -R "$TUSER" "$S"
chmod 600 "$S"/*
cat "$S/crlf.pub" "$S/enc.pub" >"$TESTDIR/authorized_keys"
chmod 644 "$TESTDIR/authorized_keys"

start_sshd "PasswordAuthentication no" "KbdInteractiveAuthentication no"
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")" \
	>"$TESTDIR/known_hosts"
chmod 644 "$TESTDIR/known_hosts"

config() {
	printf 'Host *\n  UserKnownHostsFile %s\n  HostKeyAlgorithms ssh-ed25519\n  IdentitiesOnly yes\n  IdentityFile %s\n%s' \
		"$TESTDIR/known_hosts" "$1" "${2:-}" >"$TESTDIR/config"
	chmod 644 "$TESTDIR/config"
}

probe() {
	run_sshdoc --json --timeout 3 -F "$TESTDIR/config" -p "$SSHD_PORT" "$TUSER@127.0.0.1"
	assert_contract
	assert_rc 1
}

# 1. CRLF line ends
config "$S/crlf"
ssh_refused "Load key \"$S/crlf\": error in libcrypto"
probe
assert_outcome private-keys unusable
assert_cause private-key-unusable confirmed
assert_evidence private-keys "Windows (CRLF) line ends"
assert_evidence private-keys "error in libcrypto"
# the server would take the key: the refusal is the client's
assert_outcome auth-probe offered-accepted

# 2. a PuTTY key
config "$S/putty.ppk"
# OpenSSH 9.x tries libcrypto last, and says so
ssh_refused "Load key \"$S/putty.ppk\": error in libcrypto"
probe
assert_outcome private-keys unusable
assert_cause private-key-unusable confirmed
assert_evidence private-keys "PuTTY key file"

# 2b. the public key named as the identity (ssh says nothing but the refusal)
cp "$S/crlf.pub" "$S/named.pub"
chown "$TUSER" "$S/named.pub" && chmod 600 "$S/named.pub"
config "$S/named.pub"
ssh_refused "Permission denied (publickey)"
probe
assert_outcome private-keys unusable
assert_evidence private-keys "it holds a public key, not the private key"

# 3. a passphrase, and BatchMode yes in the person's configuration
config "$S/enc" "  BatchMode yes
"
ssh_refused "Permission denied (publickey)"
probe
assert_outcome private-keys unusable
assert_cause private-key-unusable confirmed
assert_evidence private-keys "BatchMode is yes: ssh cannot ask for it"

# 4. an agent with no keys, and no key file
mkdir -p "$TESTDIR/agent" && chown "$TUSER" "$TESTDIR/agent"
SSHDOC_AGENT_SOCK=$TESTDIR/agent/sock
runuser -u "$TUSER" -- ssh-agent -D -a "$SSHDOC_AGENT_SOCK" </dev/null >"$TESTDIR/agent.log" 2>&1 &
track_pid $!
wait_until 10 test -S "$SSHDOC_AGENT_SOCK" || fail "ssh-agent did not create its socket"
as_user ssh-add -l >"$TESTDIR/add.out" 2>&1
grep -q "The agent has no identities." "$TESTDIR/add.out" || fail "ssh-add -l: $(cat "$TESTDIR/add.out")"
config "$S/absent"
ssh_refused "Permission denied (publickey)"
probe
assert_outcome private-keys agent-empty
assert_cause agent-failure likely
assert_evidence private-keys "holds no keys"

# 5. SSH_AUTH_SOCK names a socket that no longer exists
SSHDOC_AGENT_SOCK=$TESTDIR/agent/gone
ssh_refused "Permission denied (publickey)"
probe
assert_outcome private-keys agent-dead
assert_cause agent-failure confirmed
assert_evidence private-keys "stale SSH_AUTH_SOCK"
