#!/bin/sh
# net-update-content: --update-content from an HTTPS server with a CA made by the test
# (and file:// for a local mirror): a good bundle is verified, linted and installed, and
# later runs use it; tampered, oversize (with and without Content-Length), truncated
# (short transfer, cut bundle), lint-failing and not-HTTPS bundles change nothing;
# --content-rollback goes back, to the bundled content in the end.
# covers: tcp-connect tr-connect
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/helpers/https.sh"

make_test_ca
SSHDOC_DATA_DIR=$TESTDIR/data	# never the real ~/.local/share or /var/lib
export SSHDOC_DATA_DIR
www=$TESTDIR/www
mkdir -p "$www"
mkbundle() {
	sh "$SRCDIR/content/tools/mkupdate.sh" "$1" >"$2" || fail "mkupdate.sh $1 failed"
}

# Two good versions of the content: the shipped one and one with a changed article title.
mkdir -p "$TESTDIR/v2"
cp -R "$SRCDIR/content/causes.tsv" "$SRCDIR/content/tree.txt" "$SRCDIR/content/articles" "$TESTDIR/v2/"
sed -i 's/^The client fails at once, usually within milliseconds:$/The client fails at once (v2):/' \
	"$TESTDIR/v2/articles/port-closed.txt"
grep -q '(v2)' "$TESTDIR/v2/articles/port-closed.txt" || fail "could not make content v2"
mkbundle "$SRCDIR/content" "$www/v1.bundle"
mkbundle "$TESTDIR/v2" "$www/v2.bundle"

# Broken ones.
sed 's/Nothing accepts connections on/Nothing Accepts connections on/' "$www/v1.bundle" >"$www/tampered.bundle"
cmp -s "$www/v1.bundle" "$www/tampered.bundle" && fail "tampering changed nothing"
head -c 60000 "$www/v1.bundle" >"$www/cut.bundle"
cp "$www/v1.bundle" "$www/short.bundle"
: >"$www/short.bundle.short"	# Content-Length announces 1000 more bytes than come
{ cat "$www/v1.bundle"; head -c 9000000 /dev/zero; } >"$www/huge.bundle"
cp "$www/huge.bundle" "$www/hugenolen.bundle"
: >"$www/hugenolen.bundle.nolen"
mkdir -p "$TESTDIR/badlint"
cp -R "$SRCDIR/content/causes.tsv" "$SRCDIR/content/tree.txt" "$SRCDIR/content/articles" "$TESTDIR/badlint/"
rm "$TESTDIR/badlint/articles/port-closed.txt"
mkbundle "$TESTDIR/badlint" "$www/badlint.bundle"
start_https "$www"
base=https://127.0.0.1:$HTTPS_PORT

state() {
	if [ -d "$SSHDOC_DATA_DIR" ]; then
		(cd "$SSHDOC_DATA_DIR" && find . -type f ! -name .lock | sort | xargs -r sha256sum)
		(cd "$SSHDOC_DATA_DIR" && find . | sort)
	else
		echo "no data dir"
	fi
}

# refused NEEDLE URL: exit 3 (2 for a refused URL), the error names NEEDLE, and the
# installed content is exactly as before.
refused() {
	_before=$(state)
	run_sshdoc --timeout 3 --update-content "$2"
	case $RC in 2 | 3) ;; *) fail "--update-content $2: exit $RC, expected 2 or 3" ;; esac
	grep -qF -- "$1" "$TESTDIR/err" || fail "--update-content $2: stderr lacks '$1'"
	assert_no_control_bytes "$TESTDIR/err"
	[ "$(state)" = "$_before" ] || fail "--update-content $2 changed the installed content"
}

# Nothing installed yet: the bundled content is used, and failures leave no directory.
run_sshdoc --json --timeout 2 -p 1 127.0.0.1
assert_json '.content == "bundled"' "content should be bundled (is $(json .content))"
refused "SHA-256 mismatch" "$base/tampered.bundle"
[ -e "$SSHDOC_DATA_DIR" ] && fail "a refused bundle created $SSHDOC_DATA_DIR"
refused "fails the lint" "$base/badlint.bundle"
[ -e "$SSHDOC_DATA_DIR" ] && fail "a bundle failing the lint left $SSHDOC_DATA_DIR behind"

# Install v1.
run_sshdoc --timeout 3 --update-content "$base/v1.bundle"
assert_rc 0 "--update-content v1"
grep -q "content installed in $SSHDOC_DATA_DIR/content" "$TESTDIR/out.json" ||
	fail "--update-content does not say where it installed"
[ -f "$SSHDOC_DATA_DIR/content/articles/port-closed.txt" ] || fail "v1 is not installed"
cmp -s "$SSHDOC_DATA_DIR/content/tree.txt" "$SRCDIR/content/tree.txt" || fail "installed tree.txt differs"
run_sshdoc --json --timeout 2 -p 1 127.0.0.1
assert_json ".content == \"$SSHDOC_DATA_DIR/content\"" "content should be the installed one (is $(json .content))"
assert_first_cause port-closed

# Every broken bundle changes nothing.
refused "SHA-256 mismatch" "$base/tampered.bundle"
refused "truncated" "$base/cut.bundle"
refused "transfer from 127.0.0.1 failed" "$base/short.bundle"
refused "larger than 8388608 bytes" "$base/huge.bundle"
refused "larger than 8388608 bytes" "$base/hugenolen.bundle"
refused "fails the lint" "$base/badlint.bundle"
refused "HTTP status 404" "$base/nosuch.bundle"
refused "only https://" "http://127.0.0.1:$HTTPS_PORT/v2.bundle"
unset CURL_CA_BUNDLE
refused "could not be verified" "$base/v2.bundle"
CURL_CA_BUNDLE=$TESTDIR/ca.pem
export CURL_CA_BUNDLE

# v2 over HTTPS, then v1 again from a local mirror (file://).
run_sshdoc --timeout 3 --update-content "$base/v2.bundle"
assert_rc 0 "--update-content v2"
run_sshdoc --list
grep -q '(v2)' "$SSHDOC_DATA_DIR/content/articles/port-closed.txt" || fail "v2 is not installed"
[ -d "$SSHDOC_DATA_DIR/content.previous" ] || fail "the previous content was not kept"
grep -q '(v2)' "$SSHDOC_DATA_DIR/content.previous/articles/port-closed.txt" &&
	fail "content.previous holds v2"
run_sshdoc --article port-closed
assert_rc 0 "--article with v2"
grep -q '(v2)' "$TESTDIR/out.json" || fail "--article does not use the installed content"
refused "cannot read the file" "file://$TESTDIR/nosuch.bundle"
run_sshdoc --timeout 3 --update-content "file://$www/v1.bundle"
assert_rc 0 "--update-content file://"
grep -q '(v2)' "$SSHDOC_DATA_DIR/content/articles/port-closed.txt" && fail "file:// did not install v1"

# Rollback: v1 -> v2 -> v1 (a swap), and with no previous one, back to the bundled content.
run_sshdoc --content-rollback
assert_rc 0 "--content-rollback"
grep -q '(v2)' "$SSHDOC_DATA_DIR/content/articles/port-closed.txt" || fail "rollback did not bring v2 back"
grep -q "content in use now: $SSHDOC_DATA_DIR/content" "$TESTDIR/out.json" || fail "rollback does not say what is in use"
run_sshdoc --content-rollback
assert_rc 0 "--content-rollback (2)"
grep -q '(v2)' "$SSHDOC_DATA_DIR/content/articles/port-closed.txt" && fail "rollback did not swap back to v1"
rm -rf "$SSHDOC_DATA_DIR/content.previous"
run_sshdoc --content-rollback
assert_rc 0 "--content-rollback to the bundled content"
grep -q 'bundled content' "$TESTDIR/out.json" || fail "rollback does not say the bundled content is in use"
[ -e "$SSHDOC_DATA_DIR/content" ] && fail "rollback left $SSHDOC_DATA_DIR/content"
run_sshdoc --json --timeout 2 -p 1 127.0.0.1
assert_json '.content == "bundled"' "content should be bundled after the rollback (is $(json .content))"

# --content DIR still wins over the installed content.
run_sshdoc --content-rollback
assert_rc 0 "--content-rollback (back to v1)"
run_sshdoc --json --timeout 2 --content "$TESTDIR/v2" -p 1 127.0.0.1
assert_json ".content == \"$TESTDIR/v2\"" "--content should win (is $(json .content))"

# A transfer over a second shows a progress line on a terminal (a pty from script(1)),
# and none when standard error is not a terminal.
grep -q 'downloading' "$TESTDIR/err" && fail "a progress line was written to a non-terminal"
if command -v script >/dev/null 2>&1; then
	cp "$www/v1.bundle" "$www/slow.bundle"
	echo 2 >"$www/slow.bundle.slow"
	HOME=$TESTDIR/home script -qec "$SSHDOC --timeout 3 --update-content $base/slow.bundle" \
		/dev/null >"$TESTDIR/pty.out" 2>&1 </dev/null
	grep -q 'sshdoc: downloading the content bundle: .*[0-9] s' "$TESTDIR/pty.out" ||
		fail "no progress line on a terminal: $(LC_ALL=C cat -v "$TESTDIR/pty.out" | head -c 600)"
	grep -q 'content installed in' "$TESTDIR/pty.out" || fail "the slow download did not install"
else
	log "script(1) not found: the progress line is not tested"
fi

# Installed content that no longer lints (an older bundle, a newer sshdoc): said, not used.
rm "$SSHDOC_DATA_DIR/content/articles/port-closed.txt"
run_sshdoc --json --timeout 2 -p 1 127.0.0.1
assert_json '.content == "bundled"' "unusable installed content should fall back to bundled"
grep -q 'not usable' "$TESTDIR/err" || fail "unusable installed content is not reported"
exit 0
