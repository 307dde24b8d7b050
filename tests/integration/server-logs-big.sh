#!/bin/sh
# server-logs-big: a 50 MB sshd log is streamed, never loaded: sshd-logs reads only its
# last 32 MiB with a fixed buffer, so the run stays fast and its peak memory barely grows
# over a run on a tiny log (a 1 GB log behaves the same). A line early in the file, past
# the window, is not counted; the drops at its end are.
# covers: sshd-logs
. "$(dirname "$0")/../lib.sh"

need_cmd awk

BIG=$TESTDIR/big.log
SMALL=$TESTDIR/small.log
# 500000 lines of about 100 bytes; a fork failure at line 1000 (outside the last 32 MiB),
# MaxStartups drops naming the client in the last lines.
awk 'BEGIN {
	for (i = 1; i <= 500000; i++) {
		if (i == 1000)
			print "Nov 20 01:00:00 host sshd[555]: error: fork: Cannot allocate memory"
		else if (i > 499990)
			printf "Nov 20 23:59:%02d host sshd[620]: drop connection #10 from [192.0.2.7]:%d on [192.0.2.1]:22 past MaxStartups\n", i % 60, 40000 + i % 1000
		else
			printf "Nov 20 %02d:%02d:%02d host sshd[%d]: Accepted publickey for alice from 198.51.100.%d port %d ssh2: ED25519 SHA256:x\n", (i / 3600) % 24, (i / 60) % 60, i % 60, 1000 + i % 5000, i % 250, 1024 + i % 60000
	}
}' >"$BIG" || fail "could not write $BIG"
size=$(wc -c <"$BIG")
[ "$size" -gt 40000000 ] || fail "the generated log is only $size bytes"
tail -n 20 "$BIG" >"$SMALL"

# Peak resident memory (kB) of one sshdoc run: /usr/bin/time -v where installed, else
# the largest VmHWM seen in /proc while it runs.
peak_kb() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -v -o "$TESTDIR/time.out" "$SSHDOC" "$@" </dev/null \
			>"$TESTDIR/out.json" 2>"$TESTDIR/err"
		sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$TESTDIR/time.out"
		return
	fi
	"$SSHDOC" "$@" </dev/null >"$TESTDIR/out.json" 2>"$TESTDIR/err" &
	_pid=$!
	_max=0
	while kill -0 "$_pid" 2>/dev/null; do
		_v=$(sed -n 's/^VmHWM: *\([0-9]*\) kB/\1/p' "/proc/$_pid/status" 2>/dev/null)
		[ -n "$_v" ] && [ "$_v" -gt "$_max" ] && _max=$_v
		sleep 0.02
	done
	wait "$_pid"
	echo "$_max"
}

small_kb=$(HOME=$TESTDIR/home peak_kb --server --json --timeout 10 --client-ip 192.0.2.7 --log "$SMALL")
t0=$(now_ms)
big_kb=$(HOME=$TESTDIR/home peak_kb --server --json --timeout 10 --client-ip 192.0.2.7 --log "$BIG")
ms=$(($(now_ms) - t0))
log "log of $size bytes: ${ms} ms, peak RSS ${big_kb} kB (tiny log: ${small_kb} kB)"
[ -n "$small_kb" ] && [ -n "$big_kb" ] && [ "$big_kb" -gt 0 ] || fail "could not measure memory"
RC=0
if grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: (Address|Undefined)' \
	"$TESTDIR/err" 2>/dev/null; then
	fail "sanitizer report on stderr"
fi
assert_valid_json
assert_outcome sshd-logs maxstartups-client
assert_evidence sshd-logs "read the last 32.0 MiB of"
assert_evidence sshd-logs "10 lines name 192.0.2.7"
# the fork failure lies before the window
assert_json '[.checks[] | select(.id == "sshd-logs") | .evidence[] | select(contains("resource"))] | length == 0' \
	"a line outside the last 32 MiB was counted"
# streamed: at most 16 MB more than with a 20-line log (the whole file would be 50 MB)
[ $((big_kb - small_kb)) -lt 16384 ] ||
	fail "peak memory grew by $((big_kb - small_kb)) kB reading a $size-byte log: it is loaded, not streamed"
# bounded in time (an ASan build included): the window is 32 MiB, whatever the file's size
[ "$ms" -lt 20000 ] || fail "reading the log took $ms ms"
