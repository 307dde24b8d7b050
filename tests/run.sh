#!/bin/sh
# run.sh BUILD...: run every test against each build directory (build, build-asan).
#
#   unit tests         BUILD/tests/test_*    (cmocka binaries; exit 0 = pass; output shown)
#   integration tests  tests/integration/*.sh  (SSHDOC=BUILD/sshdoc HELPERS=BUILD/tests;
#   UI tests           tests/ui/*.sh            exit 0 pass, 77 skip, else fail)
#
# One line per test: "PASS build/kind/name", "FAIL ...", "SKIP ... (reason)"; the output
# of a script test is shown, prefixed, only when it fails or skips. The last line is
# "tests: N passed, N failed, N skipped"; the exit status is 1 if any test failed.
#
# Last, a short fuzz pass: each libFuzzer target built in build-fuzz/ (make fuzz-build)
# runs from its seed corpus (tests/fuzz/run.sh); each is one test, "PASS fuzz/NAME".
#
# Environment: TEST_JOBS (integration tests run at once, default 2), TEST_TIMEOUT
# (seconds per test, default 300), TEST_FILTER (run only script tests whose name
# contains this string; the fuzz pass runs only when it contains "fuzz"),
# TEST_FUZZ_SECONDS (seconds per fuzz target, default 10; 0 skips the pass).
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
SELF=$ROOT/tests/run.sh
TEST_JOBS=${TEST_JOBS:-2}
TEST_TIMEOUT=${TEST_TIMEOUT:-300}
TEST_FILTER=${TEST_FILTER:-}

# Print FILE prefixed and with control bytes made visible, capped.
show() {
	_n=$(wc -c <"$1")
	head -c 30000 "$1" | LC_ALL=C cat -v | sed 's/^/    | /'
	[ "$_n" -gt 30000 ] && echo "    | ... ($_n bytes, cut)"
	return 0
}

# Internal: run one script test. Arguments: --one BUILD KIND RESDIR TESTFILE
# The status line and, for failures and skips, the output are printed under a lock,
# so tests running in parallel do not interleave their output.
if [ "${1:-}" = --one ]; then
	build=$2 kind=$3 RES=$4 t=$5
	name=$(basename "$t" .sh)
	out=$RES/$kind.$name.out
	t0=$(date +%s%N)
	timeout -k 30 "$TEST_TIMEOUT" sh "$t" >"$out" 2>&1 </dev/null
	rc=$?
	secs=$(( ($(date +%s%N) - t0) / 1000000 ))
	secs="$((secs / 1000)).$(( (secs % 1000) / 100 )) s"
	case $rc in
	0) line="PASS $build/$kind/$name ($secs)" ;;
	77)
		reason=$(sed -n 's/^skip: //p' "$out" | tail -n 1)
		line="SKIP $build/$kind/$name (${reason:-no reason given})"
		;;
	124 | 137) line="FAIL $build/$kind/$name (timed out after $TEST_TIMEOUT s)" ;;
	*) line="FAIL $build/$kind/$name (exit $rc)" ;;
	esac
	exec 9>>"$RES/lock"
	command -v flock >/dev/null 2>&1 && flock 9
	echo "${line%% *}" >>"$RES/results"
	echo "$line"
	[ "$rc" -ne 0 ] && show "$out"
	exit 0
fi

[ $# -ge 1 ] || { echo "usage: tests/run.sh BUILD..." >&2; exit 2; }

RES=$(mktemp -d "${TMPDIR:-/tmp}/sshdoc-run.XXXXXX") || exit 2
trap 'rm -rf "$RES"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
: >"$RES/results"
: >"$RES/lock"
export RES

result() {
	echo "$1" >>"$RES/results"
}

# LeakSanitizer needs ptrace-like access that some containers deny; if it cannot run
# here, say so and run without leak detection rather than failing every test.
probe_lsan() {
	_bin=
	for _b in "$1/sshdoc" "$1"/tests/listener "$1"/tests/test_*; do
		[ -f "$_b" ] && [ -x "$_b" ] && { _bin=$_b; break; }
	done
	[ -n "$_bin" ] || return 0
	_o=$(ASAN_OPTIONS=detect_leaks=1 "$_bin" --version 2>&1 </dev/null)
	case $_o in
	*"LeakSanitizer has encountered a fatal error"* | *"LeakSanitizer does not work under ptrace"*)
		return 1 ;;
	esac
	return 0
}

for build in "$@"; do
	build=${build%/}
	if [ ! -d "$build" ]; then
		echo "FAIL $build (no such build directory: run make check-build BUILD=$build)"
		result FAIL
		continue
	fi
	unset ASAN_OPTIONS UBSAN_OPTIONS
	case $build in
	*asan*)
		leaks=1
		if ! probe_lsan "$build"; then
			leaks=0
			echo "note: LeakSanitizer cannot run in this environment (ptrace restricted?):" \
				"running $build with detect_leaks=0"
		fi
		export ASAN_OPTIONS="detect_leaks=$leaks:abort_on_error=1"
		export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
		;;
	esac

	# unit tests: each cmocka binary counts as one test
	for t in "$build"/tests/test_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		case $t in *.d | *.o | *.c) continue ;; esac
		name=$(basename "$t")
		out=$RES/unit.$name.out
		timeout -k 10 "$TEST_TIMEOUT" "$t" >"$out" 2>&1 </dev/null
		rc=$?
		show "$out"
		if [ "$rc" -eq 0 ]; then
			echo "PASS $build/unit/$name"
			result PASS
		else
			echo "FAIL $build/unit/$name (exit $rc)"
			result FAIL
		fi
	done

	if [ ! -x "$build/sshdoc" ]; then
		echo "FAIL $build/sshdoc (not built: run make check-build BUILD=$build)"
		result FAIL
		continue
	fi
	case $build in
	/*) abs=$build ;;
	*) abs=$ROOT/$build ;;
	esac
	SSHDOC=$abs/sshdoc
	HELPERS=$abs/tests
	export SSHDOC HELPERS

	for kind in integration ui; do
		list=$RES/list
		: >"$list"
		for t in tests/$kind/*.sh; do
			[ -f "$t" ] || continue
			case $(basename "$t") in *"$TEST_FILTER"*) ;; *) continue ;; esac
			echo "$t" >>"$list"
		done
		[ -s "$list" ] || continue
		# integration tests have their own ports and TESTDIR: run TEST_JOBS at once;
		# UI tests drive terminals and timing: one at a time
		jobs=$TEST_JOBS
		[ "$kind" = ui ] && jobs=1
		xargs -P "$jobs" -n 1 sh "$SELF" --one "$build" "$kind" "$RES" <"$list"
	done
done

# The fuzz pass: once, whatever the builds (build-fuzz/ is its own).
fuzz_pass() {
	_secs=${TEST_FUZZ_SECONDS:-10}
	case $TEST_FILTER in '' | *fuzz*) ;; *) return 0 ;; esac
	if [ "$_secs" -eq 0 ] 2>/dev/null; then
		echo "SKIP fuzz (TEST_FUZZ_SECONDS=0)"
		result SKIP
		return 0
	fi
	if ! ls build-fuzz/fuzz_* >/dev/null 2>&1; then
		echo "SKIP fuzz (no targets in build-fuzz/: run make fuzz-build)"
		result SKIP
		return 0
	fi
	_out=$RES/fuzz.out
	sh tests/fuzz/run.sh "$_secs" >"$_out" 2>&1
	_rc=$?
	sed -n 's/^fuzz: \(fuzz_[a-z0-9_]*\) ok (\(.*\))$/PASS fuzz\/\1 (\2)/p
	    s/^fuzz: \(fuzz_[a-z0-9_]*\) FAILED \(.*\)$/FAIL fuzz\/\1 \2/p' "$_out" >"$RES/fuzz.lines"
	while IFS= read -r _line; do
		echo "$_line"
		result "${_line%% *}"
	done <"$RES/fuzz.lines"
	if [ "$_rc" -ne 0 ]; then
		grep -q '^FAIL' "$RES/fuzz.lines" || {
			echo "FAIL fuzz (tests/fuzz/run.sh exit $_rc)"
			result FAIL
		}
		show "$_out"
	fi
}
fuzz_pass

passed=$(grep -c '^PASS$' "$RES/results")
failed=$(grep -c '^FAIL$' "$RES/results")
skipped=$(grep -c '^SKIP$' "$RES/results")
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
