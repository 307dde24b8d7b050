#!/bin/sh
# negotiation: real sshd instances configured so that this client shares no host key
# algorithm, cipher or MAC with them, or accepts only SHA-1 RSA signatures: each gives its
# cause, confirmed, with both sides' lists or the failing step in the evidence.
# covers: algorithms tr-kex tr-auth
. "$(dirname "$0")/../lib.sh"

need_cmd jq ssh ssh-keygen

KH=$TESTDIR/home/.ssh/known_hosts
mkdir -p "$TESTDIR/home/.ssh"
chmod 700 "$TESTDIR/home/.ssh"
ssh-keygen -q -t rsa -b 2048 -N '' -C client -f "$TESTDIR/home/.ssh/id_rsa" >/dev/null ||
	fail "ssh-keygen client key failed"
cp "$TESTDIR/home/.ssh/id_rsa.pub" "$TESTDIR/authorized_keys"
{
	echo "UserKnownHostsFile $KH"
	echo "GlobalKnownHostsFile $TESTDIR/no-global-known-hosts"
	echo "IdentityFile $TESTDIR/home/.ssh/id_rsa"
	echo "IdentitiesOnly yes"
} >"$TESTDIR/ssh_config"

check_against() {
	run_sshdoc --json --timeout 4 -F "$TESTDIR/ssh_config" -p "$SSHD_PORT" 127.0.0.1
	assert_report_basics 127.0.0.1 "$SSHD_PORT"
	assert_rc 1
}

# Host key: the server offers only ssh-rsa (SHA-1) host key signatures, which this
# client (OpenSSH 8.8 and later) no longer accepts by default.
start_sshd "HostKeyAlgorithms ssh-rsa"
check_against
assert_cause no-common-hostkey confirmed
assert_evidence algorithms "HostKeyAlgorithms +ssh-rsa"
assert_evidence algorithms "legacy"
stop_sshd

# Cipher: only CBC on the server; the client's defaults have none.
start_sshd "Ciphers aes128-cbc,aes256-cbc"
check_against
assert_cause no-common-cipher confirmed
assert_evidence algorithms "server offers: aes128-cbc,aes256-cbc"
stop_sshd

# MAC: a non-AEAD cipher and only a MAC the client's defaults leave out.
start_sshd "Ciphers aes128-ctr" "MACs hmac-md5"
check_against
assert_cause no-common-mac confirmed
assert_evidence algorithms "server offers: hmac-md5"
stop_sshd

# Signature: a client that signs with RSA only as rsa-sha2-512 against a server whose
# server-sig-algs lack it (Dropbear 2022.83 offers rsa-sha2-256 and ssh-rsa): ssh skips
# the key with "no mutual signature algorithm". (OpenSSH 9.2's sshd advertises every
# algorithm whatever PubkeyAcceptedAlgorithms says, so it cannot stage this.)
start_dropbear
printf '[127.0.0.1]:%s %s\n' "$DROPBEAR_PORT" \
	"$(dropbearkey -y -f "$TESTDIR/dropbear_ed25519_key" | grep '^ssh-ed25519' | cut -d' ' -f1,2)" >"$KH"
echo "PubkeyAcceptedAlgorithms rsa-sha2-512" >>"$TESTDIR/ssh_config"
run_sshdoc --json --timeout 4 -F "$TESTDIR/ssh_config" -p "$DROPBEAR_PORT" 127.0.0.1
assert_report_basics 127.0.0.1 "$DROPBEAR_PORT"
assert_rc 1
assert_cause no-mutual-signature confirmed
assert_evidence tr-auth "no mutual signature"
