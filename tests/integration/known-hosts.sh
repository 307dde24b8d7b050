#!/bin/sh
# known-hosts: known_hosts entries for [127.0.0.1]:PORT of a real sshd, plain and hashed:
# found with file:line and the same SHA256 fingerprint as ssh-keygen -lf; markers;
# not-found and no-file. The check only reads, so these never make a cause.
# covers: known-hosts
. "$(dirname "$0")/../lib.sh"

need_cmd jq ssh ssh-keygen

# ssh reads ~ from the password database, not $HOME: a config file points ssh -G (which
# the check follows) at the private home's known_hosts.
KH=$TESTDIR/home/.ssh/known_hosts
GKH=$TESTDIR/global_known_hosts
mkdir -p "$TESTDIR/home/.ssh"
chmod 700 "$TESTDIR/home/.ssh"
printf 'UserKnownHostsFile %s\nGlobalKnownHostsFile %s\n' "$KH" "$GKH" >"$TESTDIR/ssh_config"

doc() {
	run_sshdoc --json --timeout 3 -F "$TESTDIR/ssh_config" -p "$SSHD_PORT" 127.0.0.1
	assert_report_basics 127.0.0.1 "$SSHD_PORT"
	assert_json 'all(.causes[]?; .check != "known-hosts")' "known-hosts should name no cause"
}

start_sshd
FP=$(ssh-keygen -lf "$TESTDIR/ssh_host_ed25519_key.pub" | awk '{ print $2 }')
RSA_FP=$(ssh-keygen -lf "$TESTDIR/ssh_host_rsa_key.pub" | awk '{ print $2 }')
[ -n "$FP" ] && [ -n "$RSA_FP" ] || fail "no fingerprint from ssh-keygen -lf"
NAME="[127.0.0.1]:$SSHD_PORT"
key() {
	cut -d' ' -f1,2 "$TESTDIR/ssh_host_$1_key.pub"
}

# (0) no file at all
doc
assert_check known-hosts pass
assert_outcome known-hosts no-file

# (1) plain entry on line 3, after an unrelated host
{
	echo "# a comment"
	echo "other.example $(key rsa)"
	echo "$NAME $(key ed25519)"
} >"$KH"
doc
assert_check known-hosts pass
assert_outcome known-hosts found
assert_evidence known-hosts "$KH:3: ED25519 $FP"
assert_json "[.checks[] | select(.id == \"known-hosts\") | .evidence[] | select(startswith(\"$KH:\"))] | length == 1" \
	"exactly one entry expected"

# (2) the same file hashed (ssh-keygen -H): still found on line 3, marked hashed
ssh-keygen -H -f "$KH" >/dev/null 2>&1 || fail "ssh-keygen -H failed"
rm -f "$KH.old"
grep -q '^|1|' "$KH" || fail "ssh-keygen -H left no hashed line"
doc
assert_outcome known-hosts found
assert_evidence known-hosts "$KH:3: ED25519 $FP (hashed host name)"

# (3) a second key in the global file, and a @revoked one: all listed, markers noted
echo "$NAME $(key rsa)" >"$GKH"
echo "@revoked $NAME $(key rsa)" >>"$KH"
doc
assert_outcome known-hosts found
assert_evidence known-hosts "$KH:3: ED25519 $FP"
assert_evidence known-hosts "$KH:4: @revoked RSA $RSA_FP"
assert_evidence known-hosts "$GKH:1: RSA $RSA_FP"

# (4) files present, no entry for this port: not-found, a first connection
echo "[127.0.0.1]:1 $(key ed25519)" >"$KH"
: >"$GKH"
doc
assert_check known-hosts pass
assert_outcome known-hosts not-found
assert_evidence known-hosts "first connection"
