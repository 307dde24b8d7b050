#!/bin/sh
# run.sh: run every fuzz target in build-fuzz/ for SECONDS each, starting from its
# committed seed corpus (tests/fuzz/corpus/NAME/, read only: new inputs go to a scratch
# dir). Exits non-zero if any target crashes, leaks, times out or runs out of memory.
# Usage: sh tests/fuzz/run.sh [SECONDS]   (make fuzz: 60; the test runner: 10)
set -u

SECONDS_EACH=${1:-10}
cd "$(dirname "$0")/../.."
OUT=build-fuzz

targets=
for f in "$OUT"/fuzz_*; do
	case $f in *.*) continue ;; esac
	[ -f "$f" ] && [ -x "$f" ] && targets="$targets $f"
done
if [ -z "$targets" ]; then
	echo "fuzz: no targets in $OUT/; run 'make fuzz-build' first" >&2
	exit 1
fi

# Longest input per target: enough to reach each parser's limits.
max_len() {
	case "$1" in
	fuzz_banner)	echo 20000 ;;	# past BANNER_LINE_MAX (8192)
	fuzz_sanitize)	echo 4096 ;;
	fuzz_tree)	echo 65536 ;;	# the real tree.txt is a seed
	fuzz_article)	echo 16384 ;;
	fuzz_kexinit)	echo 36000 ;;	# past KEXINIT_PACKET_MAX (35000)
	fuzz_transcript) echo 16384 ;;	# past TRANSCRIPT_LINE_MAX (4096)
	*)		echo 8192 ;;
	esac
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/sshdoc-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$OUT/crashes"

failed=0
n=0
for bin in $targets; do
	name=$(basename "$bin")
	short=${name#fuzz_}
	seeds=tests/fuzz/corpus/$short
	work=$scratch/$short
	log=$OUT/$name.log
	mkdir -p "$work"
	set -- "$work"
	if [ -d "$seeds" ]; then
		set -- "$work" "$seeds"
	else
		echo "fuzz: warning: no seed corpus $seeds/" >&2
	fi
	n=$((n + 1))
	"$bin" -max_total_time="$SECONDS_EACH" -timeout=5 -rss_limit_mb=2048 \
	    -max_len="$(max_len "$name")" -print_final_stats=1 \
	    -artifact_prefix="$OUT/crashes/$name-" "$@" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ "$rc" -ne 0 ]; then
		failed=$((failed + 1))
		echo "fuzz: $name FAILED (exit $rc); log $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz check failed|artifact_prefix|Test unit written|.*runtime error)' "$log" | head -20 | sed 's/^/  /'
		echo "  reproduce: $bin <crash file>; then add the input as a unit test regression case"
	else
		echo "fuzz: $name ok (${runs:-?} runs in ${SECONDS_EACH}s)"
	fi
done

if [ "$failed" -ne 0 ]; then
	echo "fuzz: $failed of $n targets failed"
	exit 1
fi
echo "fuzz: all $n targets ran clean"
exit 0
