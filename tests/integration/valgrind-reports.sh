#!/bin/sh
# valgrind-reports: a full client report (a real sshd) and a full server report run under
# valgrind's memcheck: no invalid read or write, no use of uninitialised memory, no
# definite or indirect leak (memcheck's exit status 9 says otherwise). The plain build
# only: an ASan binary cannot run under valgrind (build-asan runs the same under ASan).
# covers: ssh-handshake transcript ssh-kexinit
. "$(dirname "$0")/../lib.sh"

need_cmd valgrind
if grep -q __asan_init "$SSHDOC" 2>/dev/null; then
	skip "$SSHDOC is built with ASan, which valgrind cannot run (ASan checks it instead)"
fi

# Forked children that fail to exec (a tool not installed) would report the parent's
# heap as theirs: --child-silent-after-fork keeps the report to sshdoc itself.
VG="valgrind -q --child-silent-after-fork=yes --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=9 --log-file=$TESTDIR/vg.%p.txt"
SSHDOC_TEST_TIMEOUT=90
# checks run about ten times slower under memcheck: --timeout 15 keeps every check
# within its own bound, so no thread is abandoned (its memory would look leaked)

# vg_check WHAT: the run ended normally (0, 1 or 3; 9 is memcheck's), and valgrind
# printed nothing; show what it printed otherwise.
vg_check() {
	# valgrind 3.19 does not know pidfd_open (434): it warns and returns ENOSYS,
	# and the runner falls back (lib/runner.c). That warning is not a memory error.
	_out=$(cat "$TESTDIR"/vg.*.txt 2>/dev/null | awk '
		/WARNING: unhandled amd64-linux syscall: 434$/ { skip = 4; next }
		skip > 0 { skip--; next }
		{ print }')
	rm -f "$TESTDIR"/vg.*.txt
	if [ "$RC" -eq 9 ] || [ -n "$_out" ]; then
		echo "--- valgrind ($1):"
		printf '%s\n' "$_out" | head -n 80
		fail "$1: valgrind found errors or leaks (exit $RC)"
	fi
	case $RC in 0 | 1 | 3) ;; *) fail "$1: exit $RC" ;; esac
	assert_contract
	assert_json '[.checks[] | select(.summary | test("did not finish within"))] | length == 0' \
		"$1: a check was abandoned (its memory would look leaked): raise --timeout"
	[ "$MS" -lt 60000 ] || fail "$1 took $MS ms under valgrind (bound 60 s)"
	log "$1 under valgrind: exit $RC in $MS ms, valgrind silent"
}

start_sshd
SSHDOC_WRAP=$VG
run_sshdoc --json --timeout 15 -p "$SSHD_PORT" 127.0.0.1
SSHDOC_WRAP=
vg_check "client report"
log "checks: $(json '[.checks[] | "\(.id)=\(.status)/\(.ms)ms"] | join(" ")')"
# the whole client path ran: libssh's handshake and the person's own ssh
assert_outcome ssh-handshake unknown
assert_outcome transcript read
assert_check ssh-kexinit pass

SSHDOC_WRAP=$VG
run_sshdoc --server --json --timeout 15 --sshd-config "$SSHD_CONFIG" --port "$SSHD_PORT" \
	--client-ip 127.0.0.1 --log "$SSHD_LOG"
SSHDOC_WRAP=
vg_check "server report"
assert_json '.mode == "server"' "mode should be server"
