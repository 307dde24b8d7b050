#!/bin/sh
# handshake: sshdoc's libssh handshake against a real sshd and Dropbear: negotiated
# algorithms, the host key fingerprint and its known_hosts status, the methods offered.
# covers: ssh-handshake tr-hostkey algorithms tr-kex tcp-connect tr-connect
. "$(dirname "$0")/../lib.sh"

need_cmd jq ssh ssh-keygen

# ssh reads ~ from the password database, not $HOME: a config file points it (and so
# ssh -G, which the check follows) at the private home's known_hosts.
KH=$TESTDIR/home/.ssh/known_hosts
mkdir -p "$TESTDIR/home/.ssh"
chmod 700 "$TESTDIR/home/.ssh"
# A client key the server accepts, so the person's own ssh (the transcript check) logs in
# once the host is known, as on a healthy setup.
ssh-keygen -q -t ed25519 -N '' -C client -f "$TESTDIR/home/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen client key failed"
cp "$TESTDIR/home/.ssh/id_ed25519.pub" "$TESTDIR/authorized_keys"
{
	echo "UserKnownHostsFile $KH"
	echo "GlobalKnownHostsFile $TESTDIR/no-global-known-hosts"
	echo "IdentityFile $TESTDIR/home/.ssh/id_ed25519"
	echo "IdentitiesOnly yes"
} >"$TESTDIR/ssh_config"

# fp FILE: the SHA256 fingerprint ssh-keygen -lf prints for a public key file.
fp() {
	ssh-keygen -lf "$1" | awk '{ print $2 }'
}

handshake() {
	_port=$1
	shift
	run_sshdoc --json --timeout 4 "$@" -F "$TESTDIR/ssh_config" -p "$_port" 127.0.0.1
	assert_report_basics 127.0.0.1 "$_port"
}

start_sshd
FP=$(fp "$TESTDIR/ssh_host_ed25519_key.pub")
[ -n "$FP" ] || fail "no fingerprint from ssh-keygen -lf"
log "server ed25519 fingerprint $FP"

# (a) known_hosts holds the server's real key and the attempt logs in: ssh itself
# checked the host key, so no second key exchange runs (issue 14)...
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")" >"$KH"
_n=$(grep -c "Connection from 127.0.0.1" "$SSHD_LOG")
handshake "$SSHD_PORT"
[ "$(($(grep -c "Connection from 127.0.0.1" "$SSHD_LOG") - _n))" -eq 2 ] ||
	fail "expected 2 connections (banner probe, attempt), sshd saw another"
assert_outcome tr-auth authenticated
assert_check ssh-handshake skip
assert_outcome ssh-handshake not-needed
assert_verdict ok
assert_rc 0
_n=$(grep -c "Connection from 127.0.0.1" "$SSHD_LOG")
# ...while --thorough shakes hands anyway (known, pass, verdict ok), on the
# connection the identification and KEXINIT probes opened: still 2 connections.
handshake "$SSHD_PORT" --thorough
[ "$(($(grep -c "Connection from 127.0.0.1" "$SSHD_LOG") - _n))" -eq 2 ] ||
	fail "--thorough: expected 2 connections (probes and handshake, attempt)"
assert_evidence ssh-handshake "on the connection the identification and KEXINIT probes opened"
assert_check ssh-handshake pass
assert_outcome ssh-handshake known
assert_evidence ssh-handshake "ssh-ed25519 $FP"
assert_evidence ssh-handshake "server allows: publickey"
assert_evidence ssh-handshake "negotiated: key exchange"
assert_evidence ssh-handshake "OpenSSH"
assert_verdict ok
assert_rc 0

# (b) a different ed25519 key for the same [host]:port: the key changed.
ssh-keygen -q -t ed25519 -N '' -C other -f "$TESTDIR/other_key" >/dev/null || fail "ssh-keygen failed"
OTHER_FP=$(fp "$TESTDIR/other_key.pub")
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/other_key.pub")" >"$KH"
handshake "$SSHD_PORT"
assert_check ssh-handshake fail
assert_outcome ssh-handshake changed
assert_cause hostkey-changed confirmed
assert_evidence ssh-handshake "$FP"
assert_evidence hostkey-changed "$FP"
# the stored key and where it is: file, line 1, its own fingerprint
assert_evidence ssh-handshake "$KH line 1"
assert_evidence ssh-handshake "$OTHER_FP"
assert_verdict problem
assert_rc 1

# (c) no known_hosts at all: a first connection, with the fingerprint to verify.
rm -f "$KH"
handshake "$SSHD_PORT"
assert_check ssh-handshake warn
assert_outcome ssh-handshake unknown
assert_evidence ssh-handshake "$FP"
assert_evidence ssh-handshake "does not exist"
assert_verdict ok
assert_rc 0
# nothing was written: no known_hosts appeared
[ -e "$KH" ] && fail "sshdoc (or ssh) created $KH"
# the real user name was asked for, never a made-up one
grep -q "Invalid user" "$SSHD_LOG" && fail "sshd logged an invalid user"

# (d) Dropbear: the handshake completes and shows its key.
start_dropbear
dropbearkey -y -f "$TESTDIR/dropbear_ed25519_key" 2>/dev/null | grep '^ssh-ed25519 ' >"$TESTDIR/dropbear_ed25519.pub"
DFP=$(fp "$TESTDIR/dropbear_ed25519.pub")
[ -n "$DFP" ] || fail "no fingerprint for the Dropbear key"
handshake "$DROPBEAR_PORT"
assert_outcome ssh-handshake unknown
assert_evidence ssh-handshake "server host key: ssh-"
assert_evidence ssh-handshake "SHA256:"
assert_evidence ssh-handshake "dropbear"
assert_evidence ssh-handshake "server allows:"
assert_evidence ssh-handshake "ssh-ed25519 $DFP"
assert_verdict ok

# (e) no common key exchange: libssh's failure text is kept as evidence; the algorithms
# check names the cause, and the handshake does not count it twice.
start_sshd "KexAlgorithms diffie-hellman-group14-sha1"
handshake "$SSHD_PORT"
assert_outcome ssh-handshake failed
assert_evidence ssh-handshake "no match for method"
assert_cause no-common-kex confirmed
assert_json '[.causes[] | select(.check == "ssh-handshake")] | length == 0' \
	"a failed handshake names no cause of its own"

# (f) nothing listens: no second attempt after tcp-connect was refused.
CLOSED=$(free_port) || fail "no free port"
handshake "$CLOSED"
assert_outcome ssh-handshake skipped
assert_cause port-closed confirmed
