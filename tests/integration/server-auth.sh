#!/bin/sh
# server-auth: "Permission denied" explained from the server. Real accounts (useradd, removed
# at exit) against a real sshd on loopback (StrictModes yes, keys in ~/.ssh/authorized_keys,
# UsePAM no, Match blocks per account). Each broken setup is first proven with the real ssh
# client and the line sshd logs; then sshdoc --server --user NAME names the cause, confirmed,
# quoting the evidence: wrong user, AllowUsers, PermitRootLogin no, no method left, locked
# or expired account, missing or nologin shell, group-writable authorized_keys, a key not in authorized_keys, a
# key type PubkeyAcceptedAlgorithms leaves out,
# ForceCommand /bin/false; a healthy account stays ok.
# covers: account authorized-keys sshd-logs
. "$(dirname "$0")/../lib.sh"

need_root "real accounts (useradd)"
need_cmd useradd userdel usermod ssh ssh-keygen

SUF=$(_lib_rand)
USERS=
mkuser() {
	_u=h7$1$SUF
	useradd -m -s /bin/sh "$_u" || fail "useradd $_u failed"
	USERS="$USERS $_u"
	# "*": no password, yet not "!" (with UsePAM no, "!" locks the account for keys too)
	usermod -p '*' "$_u" || fail "usermod -p $_u failed"
	_h=$(getent passwd "$_u" | cut -d: -f6)
	mkdir -p "$_h/.ssh"
	cat "$TESTDIR/ukey.pub" >"$_h/.ssh/authorized_keys"
	chmod 700 "$_h/.ssh"
	chmod 600 "$_h/.ssh/authorized_keys"
	chown -R "$_u:" "$_h/.ssh"
	echo "$_u"
}
on_exit 'for _u in $USERS; do userdel -r "$_u" >/dev/null 2>&1; done'

ssh-keygen -q -t ed25519 -N '' -C h7-user -f "$TESTDIR/ukey" >/dev/null || fail "ssh-keygen failed"
ssh-keygen -q -t ed25519 -N '' -C h7-other -f "$TESTDIR/okey" >/dev/null || fail "ssh-keygen failed"
# root's keys where StrictModes accepts them (not under /tmp, which others may write)
ROOTDIR=/run/sshdoc-h7.$SUF
mkdir -m 755 "$ROOTDIR" || fail "mkdir $ROOTDIR failed"
on_exit 'rm -rf "$ROOTDIR"'
cat "$TESTDIR/ukey.pub" >"$ROOTDIR/root_keys"
chmod 600 "$ROOTDIR/root_keys"

OK=$(mkuser ok)
LOCKED=$(mkuser lk)
SHELLU=$(mkuser sh)
PERMS=$(mkuser pm)
ALLOW=$(mkuser al)
METH=$(mkuser me)
FORCE=$(mkuser fc)
ABSENT=$(mkuser ab)
ALGO=$(mkuser ag)
EXPIRED=$(mkuser ex)
NOLOGIN=$(mkuser nl)
NOSUCH=h7no$SUF

SSHD_STRICTMODES=yes SSHD_AUTHKEYS=.ssh/authorized_keys start_sshd \
	"Match User $ALLOW" "AllowUsers $OK" \
	"Match User $METH" "PubkeyAuthentication no" "PasswordAuthentication no" \
	"KbdInteractiveAuthentication no" \
	"Match User $FORCE" "ForceCommand /bin/false" \
	"Match User $ALGO" "PubkeyAcceptedAlgorithms rsa-sha2-512,rsa-sha2-256" \
	"Match User root" "PermitRootLogin no" "AuthorizedKeysFile $ROOTDIR/root_keys"

# ssh USER [KEY]: the real client; its stderr in $TESTDIR/ssh.err, its exit in SSH_RC.
try_ssh() {
	timeout 20 ssh -F /dev/null -i "${2:-$TESTDIR/ukey}" -o IdentitiesOnly=yes -o BatchMode=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-p "$SSHD_PORT" "$1@127.0.0.1" echo h7-in >"$TESTDIR/ssh.out" 2>"$TESTDIR/ssh.err"
	SSH_RC=$?
	log "ssh $1: exit $SSH_RC: $(head -c 200 "$TESTDIR/ssh.err")"
}
ssh_says() {
	grep -q "$1" "$TESTDIR/ssh.err" || fail "ssh should have said '$1': $(cat "$TESTDIR/ssh.err")"
}
# sshd's own line, once it has written it
sshd_logged() {
	wait_until 5 grep -q "$1" "$SSHD_LOG" || fail "sshd did not log '$1': $(tail -5 "$SSHD_LOG")"
}
diagnose() {
	_u=$1
	shift
	run_sshdoc --server --json --timeout 5 --user "$_u" --port "$SSHD_PORT" \
		--sshd-config "$SSHD_CONFIG" --log "$SSHD_LOG" "$@"
	assert_contract
}

# A healthy account: ssh gets in, sshdoc finds nothing wrong with it.
try_ssh "$OK"
[ "$SSH_RC" -eq 0 ] && grep -q h7-in "$TESTDIR/ssh.out" || fail "healthy $OK cannot log in"
diagnose "$OK" --key "$TESTDIR/ukey.pub"
assert_outcome account ok
assert_outcome authorized-keys ok
assert_evidence authorized-keys "is the key given with --key"
assert_json '[.causes[].id] - ["deprecated-option"] == []' "a healthy account has no causes"

# No such account.
try_ssh "$NOSUCH"
ssh_says "Permission denied (publickey"
sshd_logged "Invalid user $NOSUCH from 127.0.0.1"
diagnose "$NOSUCH"
assert_outcome account unknown-user
assert_cause user-unknown confirmed
assert_outcome sshd-logs invalid-user
assert_evidence sshd-logs "Invalid user $NOSUCH from 127.0.0.1"

# AllowUsers (in a Match block: sshd -T -C must evaluate it for this user).
try_ssh "$ALLOW"
ssh_says "Permission denied (publickey"
sshd_logged "User $ALLOW from 127.0.0.1 not allowed because not listed in AllowUsers"
diagnose "$ALLOW"
assert_outcome account not-allowed
assert_cause user-not-allowed confirmed
assert_evidence sshd-logs "not listed in AllowUsers"

# PermitRootLogin no.
try_ssh root
ssh_says "Permission denied (publickey"
sshd_logged "ROOT LOGIN REFUSED FROM 127.0.0.1"
diagnose root
assert_outcome account root-refused
assert_cause root-login-refused confirmed

# No method left: keys, passwords and keyboard-interactive all off for the account.
try_ssh "$METH"
ssh_says "Permission denied"
diagnose "$METH"
assert_outcome account methods
assert_cause auth-method-refused confirmed

# A locked account with UsePAM no: keys are refused too.
usermod -L "$LOCKED" || fail "usermod -L failed"
try_ssh "$LOCKED"
ssh_says "Permission denied (publickey"
sshd_logged "User $LOCKED not allowed because account is locked"
diagnose "$LOCKED"
assert_outcome account locked
assert_cause account-unusable confirmed
assert_evidence sshd-logs "not allowed because account is locked"

# A login shell that does not exist.
usermod -s /nonexistent "$SHELLU" || fail "usermod -s failed"
try_ssh "$SHELLU"
ssh_says "Permission denied (publickey"
sshd_logged "User $SHELLU not allowed because shell /nonexistent does not exist"
diagnose "$SHELLU"
assert_outcome account shell-missing
assert_cause account-unusable confirmed

# An account past its expiry date (shadow): sshd without PAM refuses it as locked.
usermod -e 1 "$EXPIRED" || fail "usermod -e failed"
try_ssh "$EXPIRED"
ssh_says "Permission denied (publickey"
sshd_logged "Account $EXPIRED has expired"
diagnose "$EXPIRED"
assert_outcome account expired
assert_cause account-unusable confirmed
assert_outcome sshd-logs account-refused

# A nologin shell: authentication succeeds, the shell says no and the session ends.
NOLOGIN_SHELL=$(command -v nologin || echo /usr/sbin/nologin)
usermod -s "$NOLOGIN_SHELL" "$NOLOGIN" || fail "usermod -s nologin failed"
try_ssh "$NOLOGIN"
grep -q h7-in "$TESTDIR/ssh.out" && fail "a nologin shell ran a command"
grep -q "not available" "$TESTDIR/ssh.out" "$TESTDIR/ssh.err" ||
	fail "nologin should say the account is not available: $(cat "$TESTDIR/ssh.out" "$TESTDIR/ssh.err")"
sshd_logged "Accepted publickey for $NOLOGIN"
diagnose "$NOLOGIN"
assert_outcome account nologin-shell
assert_cause session-closed-after-auth confirmed

# authorized_keys writable by its group: StrictModes ignores the file. Debian's sshd lets a
# private group (the owner its only member) write; a shared group it refuses everywhere.
PH=$(getent passwd "$PERMS" | cut -d: -f6)
chmod 664 "$PH/.ssh/authorized_keys"
if [ -f /etc/debian_version ]; then
	try_ssh "$PERMS"
	[ "$SSH_RC" -eq 0 ] || fail "Debian's sshd refused a private group's write bit"
	diagnose "$PERMS" --key "$TESTDIR/ukey.pub"
	assert_outcome authorized-keys ok
fi
SHARED=h7gr$SUF
groupadd "$SHARED" || fail "groupadd failed"
on_exit 'groupdel "$SHARED" >/dev/null 2>&1'
usermod -aG "$SHARED" "$OK" || fail "usermod -aG failed"
chgrp "$SHARED" "$PH/.ssh/authorized_keys"
try_ssh "$PERMS"
ssh_says "Permission denied (publickey"
sshd_logged "bad ownership or modes for file $PH/.ssh/authorized_keys"
diagnose "$PERMS" --key "$TESTDIR/ukey.pub"
assert_outcome authorized-keys permissions
assert_cause authorized-keys-permissions confirmed
assert_evidence authorized-keys "bad ownership or modes for file $PH/.ssh/authorized_keys"

# The key the client offers is not in authorized_keys.
try_ssh "$ABSENT" "$TESTDIR/okey"
ssh_says "Permission denied (publickey"
sshd_logged "Failed publickey for $ABSENT from 127.0.0.1"
OFP=$(ssh-keygen -lf "$TESTDIR/okey.pub" | awk '{print $2}')
diagnose "$ABSENT" --key "$TESTDIR/okey.pub"
assert_outcome authorized-keys key-absent
assert_cause key-not-authorized confirmed
assert_evidence authorized-keys "$OFP"
# the same by fingerprint, as ssh-keygen -lf prints it
diagnose "$ABSENT" --key "$OFP"
assert_outcome authorized-keys key-absent

# PubkeyAcceptedAlgorithms leaves out the type of the key in authorized_keys.
try_ssh "$ALGO"
ssh_says "Permission denied (publickey"
sshd_logged "ssh-ed25519 not in PubkeyAcceptedAlgorithms"
diagnose "$ALGO" --key "$TESTDIR/ukey.pub"
assert_outcome authorized-keys algorithm
assert_cause pubkey-algorithm-refused confirmed
assert_evidence authorized-keys "its type ssh-ed25519 is not in PubkeyAcceptedAlgorithms"

# ForceCommand /bin/false: authentication succeeds, the session ends at once.
try_ssh "$FORCE"
[ "$SSH_RC" -ne 0 ] && ! grep -q h7-in "$TESTDIR/ssh.out" || fail "ForceCommand /bin/false let a command run"
sshd_logged "Accepted publickey for $FORCE"
diagnose "$FORCE"
assert_outcome account forcecommand
assert_cause session-closed-after-auth confirmed
assert_evidence account "ForceCommand /bin/false"

# A bad --user or --key is a usage error.
run_sshdoc --server --json --user 'a b'
assert_rc 2
run_sshdoc --server --json --user "$OK" --key SHA256:short
assert_rc 2
run_sshdoc --server --json --key "$TESTDIR/ukey.pub"
assert_rc 2
run_sshdoc --json --user "$OK" 127.0.0.1
assert_rc 2
run_sshdoc --server --json --user "$OK" --key "$TESTDIR/ukey"
assert_rc 2
log "server auth: every account diagnosed"
