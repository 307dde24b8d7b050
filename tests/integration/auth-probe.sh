#!/bin/sh
# auth-probe: a real account (useradd) on a real sshd, refused while authenticating.
# Each setup is proven with ssh's own "Permission denied" first; then auth-probe asks
# the server about the keys on one connection, without signing: (1) the key is not
# installed: key-not-authorized confirmed, with the attempt count; (2) it is installed
# for another account: the same; (3) the right key is in ~/.ssh, but IdentitiesOnly and
# another IdentityFile keep ssh from offering it: not-offered, naming that key; (4) the
# server accepts only ed25519 keys and the key is RSA: pubkey-algorithm-refused possible;
# (5) no key and no password allowed: auth-method-refused; (6) the key is authorized:
# no probe, verdict ok.
# covers: auth-probe tr-auth private-keys
. "$(dirname "$0")/../lib.sh"

need_cmd ssh ssh-keygen jq
make_user
OTHER=$TUSER
make_user	# the account the tests log in as (OTHER only owns an authorized key)

ssh-keygen -q -t ed25519 -N '' -C wrong -f "$THOME/.ssh/wrong" >/dev/null || fail "ssh-keygen"
ssh-keygen -q -t ed25519 -N '' -C right -f "$THOME/.ssh/id_ed25519" >/dev/null || fail "ssh-keygen"
ssh-keygen -q -t rsa -b 2048 -N '' -C rsa -f "$THOME/.ssh/rsa" >/dev/null || fail "ssh-keygen"
chown -R "$TUSER" "$THOME/.ssh"
# the account's keys go in start_sshd's AuthorizedKeysFile; OTHER has its own file
: >"$TESTDIR/authorized_keys"
: >"$TESTDIR/ak_other"
chmod 644 "$TESTDIR/authorized_keys" "$TESTDIR/ak_other"

start_sshd "PasswordAuthentication no" "Match User $OTHER" \
	"AuthorizedKeysFile $TESTDIR/ak_other"
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")" \
	>"$TESTDIR/known_hosts"
chmod 644 "$TESTDIR/known_hosts"

# config KEY...: an ssh config naming only these identity files.
config() {
	{
		echo "Host *"
		echo "  UserKnownHostsFile $TESTDIR/known_hosts"
		echo "  HostKeyAlgorithms ssh-ed25519"
		echo "  IdentitiesOnly yes"
		for _k in "$@"; do
			echo "  IdentityFile $THOME/.ssh/$_k"
		done
	} >"$TESTDIR/config"
	chmod 644 "$TESTDIR/config"
}


probe() {
	run_sshdoc --json --timeout 3 -F "$TESTDIR/config" -p "$SSHD_PORT" "$TUSER@127.0.0.1"
	assert_contract
}

# 1. the key offered is not installed anywhere for this account
config wrong
: >"$TESTDIR/ak_other"
ssh_refused "Permission denied (publickey"
probe
assert_rc 1
assert_outcome auth-probe none-accepted
assert_cause key-not-authorized confirmed
# the offered key, then the two in ~/.ssh that ssh does not offer
assert_evidence auth-probe "asked the server about 3 keys on one connection"
assert_evidence auth-probe "no signature was made"
assert_evidence auth-probe "matches known_hosts"

# 2. installed, but for another account
cp "$THOME/.ssh/wrong.pub" "$TESTDIR/ak_other"
as_user ssh -F "$TESTDIR/config" -o BatchMode=yes -p "$SSHD_PORT" "$OTHER@127.0.0.1" true ||
	fail "the key should log in as $OTHER"
ssh_refused "Permission denied (publickey"
probe
assert_outcome auth-probe none-accepted
assert_cause key-not-authorized confirmed

# 3. the right key exists in ~/.ssh, but IdentitiesOnly and another IdentityFile hide it
cp "$THOME/.ssh/id_ed25519.pub" "$TESTDIR/authorized_keys"
ssh_refused "Permission denied (publickey"
probe
assert_outcome auth-probe not-offered
assert_cause key-not-authorized confirmed
assert_evidence auth-probe "/.ssh/id_ed25519 for $TUSER, but ssh does not offer that key"
assert_evidence auth-probe "failed attempts in the server's log at most"

# 4. the server takes ed25519 keys only; the key offered is RSA (authorized all the same)
stop_sshd
cp "$THOME/.ssh/rsa.pub" "$TESTDIR/authorized_keys"
start_sshd "PubkeyAcceptedAlgorithms ssh-ed25519"
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")" \
	>"$TESTDIR/known_hosts"
config rsa
ssh_refused "Permission denied (publickey"
grep -q "not in PubkeyAcceptedAlgorithms" "$SSHD_LOG" || fail "sshd did not refuse the RSA algorithm"
probe
assert_outcome auth-probe legacy-refused
assert_cause pubkey-algorithm-refused possible
assert_cause key-not-authorized likely

# 5. no key at all, and the server allows neither passwords nor keyboard-interactive
stop_sshd
start_sshd "PasswordAuthentication no" \
	"KbdInteractiveAuthentication no"
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")" \
	>"$TESTDIR/known_hosts"
rm -f "$THOME"/.ssh/*
config id_ed25519
ssh_refused "Permission denied (publickey)"
probe
assert_outcome auth-probe no-key
assert_cause auth-method-refused confirmed
assert_outcome private-keys no-keys

# 6. healthy: the authorized key is offered; nothing is probed
ssh-keygen -q -t ed25519 -N '' -f "$THOME/.ssh/id_ed25519" >/dev/null || fail "ssh-keygen"
chown "$TUSER" "$THOME"/.ssh/*
cp "$THOME/.ssh/id_ed25519.pub" "$TESTDIR/authorized_keys"
config id_ed25519
as_user ssh -F "$TESTDIR/config" -o BatchMode=yes -p "$SSHD_PORT" "$TUSER@127.0.0.1" true ||
	fail "ssh with the authorized key should log in"
probe
assert_rc 0
assert_verdict ok
assert_outcome auth-probe not-needed
assert_outcome private-keys ok
