#!/bin/sh
# explain-fixtures: every transcript in tests/fixtures/transcripts gives the verdict and causes
# listed in expected.tsv. The openssh-9.2-* files were recorded from this machine's ssh
# against a real sshd (paths and user names rewritten); the others are built from the
# message formats of each OpenSSH version (see ../shared/notes/openssh-messages.md).
# covers: transcript tr-connect tr-banner tr-kex tr-hostkey tr-auth tr-sshd-log
. "$(dirname "$0")/../lib.sh"

dir=$SRCDIR/tests/fixtures/transcripts
n=0
while IFS='	' read -r file verdict causes; do
	case $file in ''|'#'*) continue ;; esac
	[ -f "$dir/$file" ] || fail "$file listed in expected.tsv is missing"
	run_sshdoc --json --explain "$dir/$file"
	assert_contract
	assert_json '.mode == "explain"' "$file: mode should be explain"
	assert_verdict "$verdict"
	for c in $causes; do
		[ "$c" = - ] || assert_cause "$c"
	done
	n=$((n + 1))
done <"$dir/expected.tsv"
log "$n transcripts explained as expected"

# Standard input works too; a file that cannot be read is one error line and exit 2 (a
# usage error: nothing was diagnosed), and a pipe is read like standard input.
printf 'ssh: connect to host 192.0.2.10 port 22: Connection refused\n' >"$TESTDIR/t"
HOME=$TESTDIR "$SSHDOC" --json --explain - <"$TESTDIR/t" >"$TESTDIR/out.json" 2>"$TESTDIR/err"
RC=$?
assert_rc 1
assert_cause port-closed confirmed
run_sshdoc --json --explain "$TESTDIR/does-not-exist"
assert_rc 2
[ "$(wc -l <"$TESTDIR/err")" -eq 1 ] && grep -q 'does-not-exist: No such file' "$TESTDIR/err" ||
	fail "not one error line: $(cat "$TESTDIR/err")"
[ -s "$TESTDIR/out.json" ] && fail "a report for a file that does not exist"
run_sshdoc --json --explain /dev/zero
assert_rc 2
grep -q 'not a regular file or a pipe' "$TESTDIR/err" || fail "/dev/zero: $(cat "$TESTDIR/err")"
mkfifo "$TESTDIR/fifo"
cp "$TESTDIR/t" "$TESTDIR/fifo" &
run_sshdoc --json --explain "$TESTDIR/fifo"
assert_rc 1
assert_cause port-closed confirmed

# A pasted negotiation failure fills the stopgap with the list that failed and the first
# algorithm of the server's offer this ssh supports: not the article's sample, nor a name
# this ssh lacks, nor pasted text that is no algorithm name.
explain_offer() {
	printf 'Unable to negotiate with 192.0.2.10 port 22: no matching %s found. Their offer: %s\n' \
	    "$1" "$2" >"$TESTDIR/t"
	run_sshdoc --json --explain "$TESTDIR/t"
	assert_rc 1
	assert_json ".causes[0].fix_commands[0] | startswith(\"ssh -o $3 \")" \
	    "fix_commands for '$2': $(json '.causes[0].fix_commands[0]')"
}
explain_offer cipher 'aes128-cbc,3des-cbc' 'Ciphers=+aes128-cbc'
explain_offer cipher 'no-such-cipher@example.com,x$(id),aes256-cbc' 'Ciphers=+aes256-cbc'
explain_offer MAC 'hmac-md5,hmac-sha1' 'MACs=+hmac-md5'
explain_offer 'key exchange method' 'diffie-hellman-group14-sha1' \
    'KexAlgorithms=+diffie-hellman-group14-sha1'
explain_offer 'host key type' 'ssh-rsa' 'HostKeyAlgorithms=+ssh-rsa'
log "negotiation failures pasted alone name the offered algorithm in the fix"
