#!/bin/sh
# explain-auth: authentication, key, agent, host key and session failures pasted with
# --explain name the right cause first, with honest confidence, and quote the evidence
# (the line, the keys offered, the methods the server allows). The transcripts of
# tests/fixtures/transcripts listed after the "Authentication" comment of expected.tsv must
# name their first listed cause first; single pasted lines are checked here directly.
# covers: transcript tr-auth tr-hostkey
. "$(dirname "$0")/../lib.sh"

# explain_line TEXT: run sshdoc --explain on one pasted line.
explain_line() {
	printf '%s\n' "$1" >"$TESTDIR/paste"
	run_sshdoc --json --explain "$TESTDIR/paste"
	assert_contract
	assert_verdict problem
	assert_rc 1
}

# The issue's example: keys refused is key-not-authorized (likely), not StrictModes.
explain_line 'alice@host: Permission denied (publickey).'
assert_first_cause key-not-authorized
assert_cause key-not-authorized likely
assert_cause authorized-keys-permissions possible
assert_outcome tr-auth denied-keys-only
assert_evidence tr-auth 'methods the server allows: publickey'
assert_evidence tr-auth 'login name: alice'

explain_line 'Load key "/home/alice/.ssh/id_ed25519": invalid format'
assert_first_cause private-key-unusable
assert_cause private-key-unusable confirmed
assert_evidence tr-auth 'id_ed25519'

explain_line 'Host key verification failed.'
assert_first_cause hostkey-unknown
assert_cause hostkey-unknown likely

explain_line 'client_loop: send disconnect: Broken pipe'
assert_first_cause idle-disconnect
assert_cause idle-disconnect likely

explain_line 'Corrupted MAC on input.'
assert_first_cause mac-corruption
assert_cause mac-corruption confirmed

explain_line 'Timeout, server 192.0.2.10 not responding.'
assert_first_cause idle-disconnect

explain_line 'root@server.example: Permission denied (publickey,password).'
assert_first_cause root-login-refused
assert_cause root-login-refused likely

explain_line 'alice@server.example: Permission denied (password).'
assert_first_cause auth-method-refused

explain_line 'Bad permissions. Try removing permissions for user: BUILTIN\\Users (S-1-5-32-545) on file C:/guest.pem.'
assert_first_cause private-key-permissions

# A host key that changed stays hostkey-changed, never hostkey-unknown.
printf '%s\n' 'Host key for server.example has changed and you have requested strict checking.' \
	'Host key verification failed.' >"$TESTDIR/paste"
run_sshdoc --json --explain "$TESTDIR/paste"
assert_first_cause hostkey-changed
assert_json 'all(.causes[]; .id != "hostkey-unknown")' "a changed key is not an unknown one"

# A key that failed to load does not count when the login succeeded with another.
printf '%s\n' 'Load key "/home/alice/.ssh/old_rsa": invalid format' \
	'Authenticated to server.example ([192.0.2.10]:22) using "publickey".' >"$TESTDIR/paste"
run_sshdoc --json --explain "$TESTDIR/paste"
assert_verdict ok
assert_rc 0

# Fixtures: the first listed cause comes first, with the keys offered quoted where shown.
dir=$SRCDIR/tests/fixtures/transcripts
n=0
sed -n '/^# Authentication, key, agent/,$p' "$dir/expected.tsv" >"$TESTDIR/auth.tsv"
while IFS='	' read -r file verdict causes; do
	case $file in ''|'#'*) continue ;; esac
	run_sshdoc --json --explain "$dir/$file"
	assert_contract
	assert_verdict "$verdict"
	assert_first_cause "${causes%% *}"
	n=$((n + 1))
done <"$TESTDIR/auth.tsv"
[ "$n" -ge 19 ] || fail "only $n authentication fixtures found in expected.tsv"
log "$n authentication transcripts name their first cause first"
run_sshdoc --json --explain "$dir/openssh-9.2-denied-keys-only-v.txt"
assert_evidence tr-auth 'offered: /home/alice/.ssh/otherkey ED25519'
assert_evidence tr-auth 'the server accepted none of them'
run_sshdoc --json --explain "$dir/openssh-9.2-session-nologin-v.txt"
assert_evidence tr-auth 'This account is currently not available'
assert_evidence tr-auth 'Authenticated to 127.0.0.1'
