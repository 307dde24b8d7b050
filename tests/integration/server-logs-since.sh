#!/bin/sh
# server-logs-since: `--since TIME` reads a log file back to TIME, past the 32 MiB window:
# a fork failure written 40 MiB before the end of a 56 MiB log (the bench's generator,
# tests/bench/genlog.c) is missed without --since and found with it; the start is found by
# binary search on the syslog stamps (year from the file's mtime), so the 16 MiB before it
# are not read. A log without stamps falls back to its last 32 MiB and says so; a bad TIME
# is a usage error.
# covers: sshd-logs
. "$(dirname "$0")/../lib.sh"

# the stamps and --since in one zone, whatever the machine's
TZ=UTC0
export TZ

${CC:-cc} -std=c11 -O2 -o "$TESTDIR/genlog" "$SRCDIR/tests/bench/genlog.c" ||
	fail "cannot build tests/bench/genlog.c"
LOG=$TESTDIR/auth.log
MIB=1048576
# 16 MiB from Jan 1 00:00 (about 13 hours), the event at 20:00, 40 MiB from Jan 2 00:00
"$TESTDIR/genlog" $((16 * MIB)) 0 >"$LOG" || fail "genlog failed"
last=$(tail -n 1 "$LOG" | cut -c1-15)
case $last in "Jan  1 "*) ;; *) fail "the first part ends at '$last', not on Jan 1" ;; esac
echo "Jan  1 20:00:00 web1 sshd[555]: error: fork: Cannot allocate memory" >>"$LOG"
"$TESTDIR/genlog" $((40 * MIB)) 86400 >>"$LOG" || fail "genlog failed"
# the year of syslog stamps comes from the file's modification time
touch -d "2026-01-05 00:00:00" "$LOG" || fail "touch -d failed"
size=$(wc -c <"$LOG")
after=$(($(wc -c <"$LOG") - $(grep -b -m1 'fork: Cannot allocate memory' "$LOG" | cut -d: -f1)))
[ "$after" -gt $((32 * MIB)) ] || fail "the event lies only $after bytes before the end"
log "log of $size bytes; the event lies $after bytes before its end"

# without --since: the last 32 MiB, the event is not among them
run_sshdoc --server --json --timeout 30 --log "$LOG"
assert_valid_json
assert_evidence sshd-logs "read the last 32.0 MiB of"
assert_json '[.checks[] | select(.id == "sshd-logs") | .evidence[] | select(contains("Cannot allocate memory"))] | length == 0' \
	"the event before the 32 MiB window was found without --since"

# with --since before the event: from its line to the end (40 MiB), found
run_sshdoc --server --json --timeout 30 --since "2026-01-01 18:00" --log "$LOG"
assert_valid_json
assert_evidence sshd-logs "from 2026-01-01 18:00:00 (--since)"
assert_evidence sshd-logs "fork: Cannot allocate memory"
src=$(json '[.checks[] | select(.id == "sshd-logs") | .evidence[] | select(startswith("source:"))] | join("; ")')
log "source: $src"
case $src in *"(--since), 40.0 MiB of 56.0 MiB"*) ;; *) fail "did not read exactly from the event: $src" ;; esac
ms_since=$MS

# ISO 8601 with a zone, the same instant
run_sshdoc --server --json --timeout 30 --since "2026-01-01T19:00:00+01:00" --log "$LOG"
assert_evidence sshd-logs "from 2026-01-01 18:00:00 (--since)"
assert_evidence sshd-logs "fork: Cannot allocate memory"

# after the event: not found; before the log: the whole file
run_sshdoc --server --json --timeout 30 --since "2026-01-01 20:00:01" --log "$LOG"
assert_json '[.checks[] | select(.id == "sshd-logs") | .evidence[] | select(contains("Cannot allocate memory"))] | length == 0' \
	"a line before --since was counted"
run_sshdoc --server --json --timeout 30 --since "2025-12-31" --log "$LOG"
assert_evidence sshd-logs "56.0 MiB of 56.0 MiB"
assert_evidence sshd-logs "fork: Cannot allocate memory"

# a log without stamps (sshd -E): the usual window, said
printf 'error: fork: Cannot allocate memory\nerror: no stamp here\n' >"$TESTDIR/e.log"
run_sshdoc --server --json --since "-2h" --log "$TESTDIR/e.log"
assert_evidence sshd-logs "no time stamps to find --since"
assert_evidence sshd-logs "fork: Cannot allocate memory"

# bad values and the wrong mode: usage errors
run_sshdoc --server --json --since "yesterday-ish" --log "$LOG"
assert_rc 2 "a bad --since"
grep -q -- "--since: bad time" "$TESTDIR/err" || fail "no message for a bad --since: $(cat "$TESTDIR/err")"
run_sshdoc --json --since "-2h" 127.0.0.1
assert_rc 2 "--since without --server"

# per byte as fast as the window: 40 MiB read within the deadline (ASan build included)
[ "$ms_since" -lt 20000 ] || fail "reading 40 MiB from --since took $ms_since ms"
