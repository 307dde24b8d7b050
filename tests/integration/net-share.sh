#!/bin/sh
# net-share: --share POSTs the JSON report to an HTTPS receiver on loopback (CA made by
# the test) that records what it got: nothing is sent without a terminal or --yes; what is
# sent is exactly what was shown; --redact replaces the user, host and addresses
# consistently and the result is still a valid report; errors are one clear line.
# covers: tcp-connect
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/helpers/https.sh"

make_test_ca
www=$TESTDIR/www
mkdir -p "$www"
printf 'https://paste.invalid/abc123\n' >"$www/post-answer"
start_https "$www"
url=https://127.0.0.1:$HTTPS_PORT/reports
closed=$(free_port) || fail "no free port"

# No terminal and no --yes: a usage error before anything runs, nothing sent.
run_sshdoc --json --timeout 2 --share "$url" -p "$closed" 127.0.0.1
assert_rc 2 "--share without --yes on no terminal"
grep -q -- '--yes' "$TESTDIR/err" || fail "the error does not name --yes"
[ ! -s "$TESTDIR/out.json" ] || fail "a report was printed although sshdoc refused to run"
ls "$www"/posted.* >/dev/null 2>&1 && fail "something was sent without --yes"

# Only https://.
run_sshdoc --json --yes --share "http://127.0.0.1:$HTTPS_PORT/reports" -p "$closed" 127.0.0.1
assert_rc 2 "--share http://"
grep -q 'only https://' "$TESTDIR/err" || fail "--share http:// is not refused as not HTTPS"

# --redact needs the JSON report.
run_sshdoc --redact -p "$closed" 127.0.0.1
assert_rc 2 "--redact without --json or --share"

# Sent as shown: the report on stdout, the same JSON on stderr before sending, the answer after.
run_sshdoc --json --yes --timeout 2 --share "$url" -l alice -p "$closed" localhost
assert_rc 1 "--share keeps the diagnosis' exit status"
assert_report_basics localhost "$closed"
[ -f "$www/posted.1" ] || fail "the receiver got nothing"
jq -e . "$www/posted.1" >/dev/null 2>&1 || fail "what was sent is not JSON"
cmp -s "$www/posted.1" "$TESTDIR/out.json" || fail "what was sent differs from the report"
sed -n '/will be sent to/,/^sshdoc: --share: sent/p' "$TESTDIR/err" | sed '1d;$d' >"$TESTDIR/shown"
cmp -s "$TESTDIR/shown" "$www/posted.1" || fail "what was shown differs from what was sent"
grep -q 'https://paste.invalid/abc123' "$TESTDIR/err" || fail "the service's answer is not printed"
grep -q 'POST /reports' "$www/requests.log" || fail "the receiver logged no POST"
jq -e '.target.user == "alice" and .target.host == "localhost"' "$www/posted.1" >/dev/null ||
	fail "the unredacted report lacks the user and host"

# --redact: user, host and addresses replaced, the same way everywhere, still a report.
run_sshdoc --json --redact --yes --timeout 2 --share "$url" -l alice -p "$closed" localhost
assert_rc 1 "--share --redact"
[ -f "$www/posted.2" ] || fail "the receiver got nothing for --redact"
sent=$www/posted.2
cmp -s "$sent" "$TESTDIR/out.json" || fail "--json --redact printed something else than it sent"
cp "$sent" "$TESTDIR/out.json"
assert_contract
for secret in alice localhost 127.0.0.1 "$(hostname)"; do
	[ -n "$secret" ] || continue
	grep -qiF -- "$secret" "$sent" && fail "the redacted report still contains '$secret'"
done
jq -e '.target.user == "user-1" and .target.host == "host-1"' "$sent" >/dev/null ||
	fail "target not redacted to user-1@host-1: $(jq -c .target "$sent")"
# the address seen by tcp-connect is one placeholder wherever it appears
addr=$(jq -r '.checks[] | select(.id == "tcp-connect") | .evidence[0]' "$sent")
case $addr in
addr-1:"$closed":*) ;;
*) fail "tcp-connect evidence not redacted consistently: $addr" ;;
esac
jq -e --arg p "addr-1:$closed" '[.causes[] | select(.id == "port-closed") | .evidence[]] | any(contains($p))' \
	"$sent" >/dev/null || fail "the cause's evidence uses another placeholder than the check's"
# sshdoc's own vocabulary is untouched
jq -e '.causes[0].id == "port-closed" and .verdict == "problem" and .tool == "sshdoc"' "$sent" >/dev/null ||
	fail "redaction changed ids or the verdict"

# On a terminal (a pty from script(1)) sshdoc asks: "n" sends nothing, "y" sends.
if command -v script >/dev/null 2>&1; then
	n_before=$(ls "$www"/posted.* | wc -l)
	printf 'n\n' | HOME=$TESTDIR/home script -qec \
		"$SSHDOC --report --timeout 2 --share $url -p $closed 127.0.0.1" /dev/null >"$TESTDIR/pty.out" 2>&1
	grep -q 'Send this report to 127.0.0.1? \[y/N\]' "$TESTDIR/pty.out" ||
		fail "no question on a terminal: $(LC_ALL=C cat -v "$TESTDIR/pty.out" | tail -c 400)"
	grep -q 'sshdoc: --share: not sent' "$TESTDIR/pty.out" || fail "declining does not say 'not sent'"
	[ "$(ls "$www"/posted.* | wc -l)" -eq "$n_before" ] || fail "sent although the answer was n"
	printf 'y\n' | HOME=$TESTDIR/home script -qec \
		"$SSHDOC --report --timeout 2 --share $url -p $closed 127.0.0.1" /dev/null >"$TESTDIR/pty.out" 2>&1
	[ "$(ls "$www"/posted.* | wc -l)" -eq $((n_before + 1)) ] ||
		fail "not sent although the answer was y: $(LC_ALL=C cat -v "$TESTDIR/pty.out" | tail -c 400)"
else
	log "script(1) not found: the question on a terminal is not tested"
fi

# The receiver fails: one line, exit 3, the report itself still printed.
echo 500 >"$www/reports.status"
run_sshdoc --json --yes --timeout 2 --share "$url" -p "$closed" 127.0.0.1
assert_rc 3 "--share to a failing receiver"
assert_valid_json
grep -q 'not sent: HTTP status 500 from 127.0.0.1' "$TESTDIR/err" || fail "a failing receiver is not reported as HTTP 500"
grep -q 'paste.invalid' "$TESTDIR/err" && fail "the body of a failed answer was shown as an answer"
closed2=$(free_port) || fail "no free port"
run_sshdoc --json --yes --timeout 2 --share "https://127.0.0.1:$closed2/x" -p "$closed" 127.0.0.1
assert_rc 3 "--share to nothing"
grep -q 'not sent: cannot connect to 127.0.0.1' "$TESTDIR/err" || fail "a refused connection is not said"
assert_no_control_bytes "$TESTDIR/err"
exit 0
