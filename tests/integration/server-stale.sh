#!/bin/sh
# server-stale: an sshd whose binary, then one of whose libraries, is deleted while it
# runs (what an upgrade without a restart leaves): stale-sshd sees "(deleted)" in
# /proc/PID/exe and /proc/PID/maps -> stale-libraries confirmed.
# covers: stale-sshd sshd-logs
. "$(dirname "$0")/../lib.sh"

# A config like start_sshd's (start_sshd runs the installed binary; these tests need copies).
SSHD_BIN=$(command -v sshd 2>/dev/null || echo /usr/sbin/sshd)
[ -x "$SSHD_BIN" ] || skip "sshd (openssh-server) is not installed"
if [ "$(id -u)" -eq 0 ] && [ ! -d /run/sshd ]; then
	mkdir -p /run/sshd && chmod 0755 /run/sshd
fi
ssh-keygen -q -t ed25519 -N '' -f "$TESTDIR/hostkey" >/dev/null || fail "ssh-keygen failed"

# start_copy BINARY [ENV=VALUE]: sshd from BINARY on a free port; sets PORT, PID, CFG.
start_copy() {
	PORT=$(free_port) || fail "no free port"
	CFG=$TESTDIR/sshd_config.$PORT
	{
		echo "Port $PORT"
		echo "ListenAddress 127.0.0.1"
		echo "HostKey $TESTDIR/hostkey"
		echo "PidFile $TESTDIR/sshd.$PORT.pid"
		echo "UsePAM no"
	} >"$CFG"
	env ${2:-} "$1" -f "$CFG" -E "$TESTDIR/sshd.$PORT.log" </dev/null >/dev/null 2>&1 ||
		fail "sshd failed to start: $(head -c 2000 "$TESTDIR/sshd.$PORT.log")"
	wait_until 10 test -s "$TESTDIR/sshd.$PORT.pid" || fail "sshd wrote no pid file"
	PID=$(cat "$TESTDIR/sshd.$PORT.pid")
	track_pid "$PID"
	wait_until 10 port_listening "$PORT" || fail "sshd is not listening on $PORT"
	log "sshd pid $PID ($1) on 127.0.0.1:$PORT"
}

# A healthy sshd first: current.
start_copy "$SSHD_BIN"
run_sshdoc --server --json --timeout 3 --port "$PORT" --sshd-config "$CFG"
assert_contract
assert_outcome stale-sshd current
assert_check stale-sshd pass

# The binary replaced: a copy of sshd (sshd re-executes itself by absolute path) is deleted.
cp "$SSHD_BIN" "$TESTDIR/sshd" || fail "cp sshd"
start_copy "$TESTDIR/sshd"
rm -f "$TESTDIR/sshd"
case $(readlink "/proc/$PID/exe") in
*"(deleted)") ;;
*) fail "the kernel does not show the deleted binary: the test does not do what it means" ;;
esac
run_sshdoc --server --json --timeout 3 --port "$PORT" --sshd-config "$CFG"
assert_contract
assert_outcome stale-sshd stale
assert_check stale-sshd fail
assert_cause stale-libraries confirmed
assert_evidence stale-sshd "pid $PID runs $TESTDIR/sshd (deleted)"

# A library replaced: sshd started against a copy of its libcrypto, which is then deleted.
lib=$(ldd "$SSHD_BIN" 2>/dev/null | awk '/libcrypto/ { print $3; exit }')
[ -n "$lib" ] && [ -f "$lib" ] || skip "sshd links no libcrypto here: the library case cannot run"
mkdir -p "$TESTDIR/lib"
cp "$lib" "$TESTDIR/lib/" || fail "cp $lib"
start_copy "$SSHD_BIN" "LD_LIBRARY_PATH=$TESTDIR/lib"
grep -q "$TESTDIR/lib/" "/proc/$PID/maps" ||
	fail "sshd did not load the library copy: the test does not do what it means"
rm -f "$TESTDIR/lib/$(basename "$lib")"
run_sshdoc --server --json --timeout 3 --port "$PORT" --sshd-config "$CFG"
assert_contract
assert_outcome stale-sshd stale
assert_cause stale-libraries confirmed
assert_evidence stale-sshd "still maps deleted files (replaced libraries): $TESTDIR/lib/$(basename "$lib")"
