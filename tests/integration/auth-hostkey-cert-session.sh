#!/bin/sh
# auth-hostkey-cert-session: a real account (useradd) on a real sshd. (1) known_hosts is
# empty and the person's config says BatchMode yes: ssh says "Host key verification
# failed." and known-hosts names hostkey-unknown (auth-probe does not authenticate to a
# host it cannot verify); (2) the user certificate expired (ssh-keygen -s -V in the
# past, TrustedUserCAKeys on the server): certificate-rejected; (3) ForceCommand
# /bin/false closes the session right after login: session-closed-after-auth.
# covers: known-hosts auth-probe tr-auth tr-hostkey
. "$(dirname "$0")/../lib.sh"

need_cmd ssh ssh-keygen jq
make_user
S=$THOME/.ssh
ssh-keygen -q -t ed25519 -N '' -C user -f "$S/id" >/dev/null || fail "ssh-keygen"
ssh-keygen -q -t ed25519 -N '' -C ca -f "$TESTDIR/ca" >/dev/null || fail "ssh-keygen ca"
ssh-keygen -q -s "$TESTDIR/ca" -I expired -n "$TUSER" -V 20200101:20200102 "$S/id.pub" ||
	fail "ssh-keygen -s failed"
chown -R "$TUSER" "$S"
: >"$TESTDIR/authorized_keys"
chmod 644 "$TESTDIR/authorized_keys" "$TESTDIR/ca.pub"

start_sshd "PasswordAuthentication no" "TrustedUserCAKeys $TESTDIR/ca.pub"
HOSTLINE="[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")"

config() {
	printf 'Host *\n  UserKnownHostsFile %s\n  GlobalKnownHostsFile /dev/null\n  HostKeyAlgorithms ssh-ed25519\n  IdentitiesOnly yes\n  IdentityFile %s\n%s' \
		"$TESTDIR/known_hosts" "$S/id" "${1:-}" >"$TESTDIR/config"
	chmod 644 "$TESTDIR/config"
}

ssh_as_user() {
	as_user ssh -v -F "$TESTDIR/config" -o BatchMode=yes -p "$SSHD_PORT" "$TUSER@127.0.0.1" true \
		>"$TESTDIR/ssh.out" 2>&1
}

probe() {
	run_sshdoc --json --timeout 3 -F "$TESTDIR/config" -p "$SSHD_PORT" "$TUSER@127.0.0.1"
	assert_contract
	assert_rc 1
}

# 1. nothing known about the host, and ssh may not ask
: >"$TESTDIR/known_hosts"
chmod 644 "$TESTDIR/known_hosts"
config "  BatchMode yes
"
ssh_as_user && fail "ssh logged in with an unknown host key"
grep -q "Host key verification failed." "$TESTDIR/ssh.out" ||
	fail "ssh did not say Host key verification failed.: $(tail -c 400 "$TESTDIR/ssh.out")"
probe
assert_outcome known-hosts unknown-refused
assert_cause hostkey-unknown confirmed
assert_evidence known-hosts "BatchMode yes"
assert_json 'all(.causes[]?; .id != "hostkey-changed")' "an unknown key is not a changed one"
assert_outcome auth-probe not-needed

# the same host known: the certificate is what fails from here on
printf '%s\n' "$HOSTLINE" >"$TESTDIR/known_hosts"

# 2. an expired certificate
config
ssh_as_user && fail "ssh logged in with an expired certificate"
grep -q "Permission denied (publickey" "$TESTDIR/ssh.out" || fail "ssh was not refused"
grep -q "Offering public key: .*ED25519-CERT" "$TESTDIR/ssh.out" || fail "ssh did not offer the certificate"
grep -q "Certificate invalid: expired" "$SSHD_LOG" || fail "sshd did not log the expired certificate"
probe
assert_outcome auth-probe cert-invalid
assert_cause certificate-rejected confirmed
assert_evidence auth-probe "id-cert.pub expired: valid to 2020-01-02T00:00:00"

# 2b. a valid certificate for another principal
ssh-keygen -q -s "$TESTDIR/ca" -I other -n someone-else "$S/id.pub" || fail "ssh-keygen -s failed"
chown "$TUSER" "$S/id-cert.pub"
ssh_as_user && fail "ssh logged in with a certificate for another principal"
grep -q "Permission denied (publickey" "$TESTDIR/ssh.out" || fail "ssh was not refused"
probe
assert_outcome auth-probe cert-invalid
assert_cause certificate-rejected confirmed
assert_evidence auth-probe "does not name $TUSER among its 1 principal"

# 3. the account logs in, and ForceCommand /bin/false ends the session at once
stop_sshd
start_sshd "PasswordAuthentication no" "ForceCommand /bin/false"
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")" \
	>"$TESTDIR/known_hosts"
rm -f "$S/id-cert.pub"
cp "$S/id.pub" "$TESTDIR/authorized_keys"
ssh_as_user && fail "ssh succeeded; ForceCommand /bin/false should fail"
grep -q "Authenticated to 127.0.0.1" "$TESTDIR/ssh.out" || fail "ssh did not authenticate"
grep -q "Exit status 1" "$TESTDIR/ssh.out" || fail "ssh did not report exit status 1"
probe
assert_outcome tr-auth session-closed
assert_evidence tr-auth "exited with status 1 after login"
assert_cause session-closed-after-auth likely
assert_outcome auth-probe not-needed
