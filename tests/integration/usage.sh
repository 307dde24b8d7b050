#!/bin/sh
# usage: bad arguments give one line on stderr naming the argument and exit 2; --version,
# --help, --list, --article and --lint behave as contract.md says.
# covers: (no check: the command line and its options)
. "$(dirname "$0")/../lib.sh"

# usage_error NEEDLE ARGS...: exit 2, nothing on stdout, one stderr line containing NEEDLE.
usage_error() {
	_needle=$1
	shift
	run_sshdoc "$@"
	[ "$RC" -eq 2 ] || fail "sshdoc $*: exit $RC, expected 2"
	[ ! -s "$TESTDIR/out.json" ] || fail "sshdoc $*: usage error printed on stdout"
	[ "$(wc -l <"$TESTDIR/err")" -eq 1 ] ||
		fail "sshdoc $*: expected one line on stderr, got $(wc -l <"$TESTDIR/err")"
	grep -qF -- "$_needle" "$TESTDIR/err" || fail "sshdoc $*: error does not name '$_needle'"
	assert_no_control_bytes "$TESTDIR/err"
}

usage_error abc --json --timeout abc 127.0.0.1
usage_error --bogus --json --bogus 127.0.0.1
usage_error 70000 --json -p 70000 127.0.0.1
usage_error oProxyCommand --json -- -oProxyCommand=x
usage_error nosuch --article nosuch

run_sshdoc --version
assert_rc 0 "--version"
grep -Eq '[0-9]+\.[0-9]+\.[0-9]+' "$TESTDIR/out.json" || fail "--version prints no version number"

run_sshdoc --help
assert_rc 0 "--help"
grep -q -- '--json' "$TESTDIR/out.json" || fail "--help does not mention --json"
assert_no_control_bytes "$TESTDIR/out.json"

run_sshdoc --list
assert_rc 0 "--list"
assert_no_control_bytes "$TESTDIR/out.json"
bad=$(grep -Evn '^[a-z0-9][a-z0-9-]*	[^	]+$' "$TESTDIR/out.json" | head -n 3)
[ -z "$bad" ] || fail "--list lines must be id<TAB>title: $bad"
for id in $(cause_ids); do
	grep -q "^$id	" "$TESTDIR/out.json" || fail "--list lacks $id (from content/causes.tsv)"
done

run_sshdoc --article port-closed
assert_rc 0 "--article port-closed"
[ -s "$TESTDIR/out.json" ] || fail "--article port-closed printed nothing"
assert_no_control_bytes "$TESTDIR/out.json"

run_sshdoc --lint
assert_rc 0 "--lint"
