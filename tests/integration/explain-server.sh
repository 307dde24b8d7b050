#!/bin/sh
# explain-server: sshdoc --explain reads what sshd wrote (journal, syslog, systemctl status,
# sshd -t, sshd -D -e, docker compose) alone or mixed with ssh's own output, line by line:
# a real sshd's own words for a host key it refuses, a configuration it rejects, a port
# another program holds and a key exchange it cannot agree on; server causes say they come
# from the server's log; a host key's "too open" is never the client's key, and the client's
# key never a host key.
# covers: transcript tr-sshd-log tr-auth tr-kex tr-banner
. "$(dirname "$0")/../lib.sh"

FIX=$SRCDIR/tests/fixtures/transcripts

# tr_summary: the summary of tr-sshd-log in out.json.
tr_summary() {
	json '[.checks[]? | select(.id == "tr-sshd-log") | .summary] | .[0] // ""'
}

assert_no_cause() {
	assert_json "all(.causes[]?; .id != \"$1\")" \
		"cause $1 not expected; causes: $(json '[.causes[]? | .id] | join(" ")')"
}

# Every server fixture: the cause it names says the words came from the server's log.
n=0
for f in "$FIX"/sshd-*.txt "$FIX"/mixed-*.txt; do
	run_sshdoc --json --explain "$f"
	assert_contract
	case $(tr_summary) in
	"from the server's log you pasted: "*) ;;
	*) fail "$(basename "$f"): tr-sshd-log summary: $(tr_summary)" ;;
	esac
	n=$((n + 1))
done
[ "$n" -ge 40 ] || fail "only $n server fixtures"
log "$n server fixtures name their cause from the server's log"

# Host keys' permissions, at sshd's path or the container's own: never the client's key.
for f in sshd-D-e-hostkey.txt sshd-7.4-hostkey-permissions-syslog.txt \
    sshd-8.x-hostkey-permissions-own-path-D-e.txt sshd-hostkey-permissions-journal.txt; do
	run_sshdoc --json --explain "$FIX/$f"
	assert_cause hostkey-permissions confirmed
	assert_no_cause private-key-permissions
done
# The client's own key stays the client's, beside a host key sshd could not load.
printf '%s\n' \
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@' \
    '@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @' \
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@' \
    "Permissions 0644 for '/home/alice/.ssh/id_ed25519' are too open." \
    'It is required that your private key files are NOT accessible by others.' \
    'This private key will be ignored.' \
    'Load key "/home/alice/.ssh/id_ed25519": bad permissions' \
    'alice@srv.example: Permission denied (publickey).' >"$TESTDIR/client-key"
run_sshdoc --json --explain "$TESTDIR/client-key"
assert_cause private-key-permissions confirmed
assert_no_cause hostkey-permissions
assert_outcome tr-sshd-log clean

# ssh's own "Unable to negotiate" is the client's (tr-kex), not a server log line.
printf 'Unable to negotiate with 192.0.2.10 port 22: no matching cipher found. Their offer: aes128-cbc\n' \
    >"$TESTDIR/client-kex"
run_sshdoc --json --explain "$TESTDIR/client-kex"
assert_cause no-common-cipher
assert_outcome tr-sshd-log clean

# 10.x names the limit in its rate-limited summary: a penalty is no MaxStartups.
run_sshdoc --json --explain "$FIX/sshd-10.0-penalty-rate-limited-journal.txt"
assert_cause persource-penalty confirmed
assert_no_cause maxstartups-throttling

# A container that started with the keys it had: its deprecated options, not a missing key.
run_sshdoc --json --explain "$FIX/sshd-7.5-deprecated-option-compose.txt"
assert_first_cause deprecated-option
assert_no_cause hostkey-missing

# The client's refusal and the server's journal pasted together: one cause, the refusal
# folded into it.
run_sshdoc --json --explain "$FIX/mixed-10.0-refused-config.txt"
assert_first_cause sshd-config-invalid
assert_json 'any(.causes[]; .id == "sshd-config-invalid" and (.explains // [] | index("port-closed")))' \
	"port-closed should fold into sshd-config-invalid: $(json '[.causes[] | {id, explains}] | tojson')"
assert_no_cause port-closed

# ---------------------------------------------------------------- a real sshd's own words
_sshd=$(command -v sshd 2>/dev/null || true)
[ -z "$_sshd" ] && [ -x /usr/sbin/sshd ] && _sshd=/usr/sbin/sshd
[ -n "$_sshd" ] || skip "sshd (openssh-server) is not installed"
[ "$(id -u)" -eq 0 ] || skip "a real sshd's startup errors need root (sshd -D reads /run/sshd)"
[ -d /run/sshd ] || { mkdir -p /run/sshd && chmod 0755 /run/sshd; }

# A host key others can read, at a path of the container's own (not /etc/ssh/ssh_host_*).
mkdir -p "$TESTDIR/data/keys"
ssh-keygen -q -t ed25519 -N '' -f "$TESTDIR/data/keys/hk" >/dev/null || fail "ssh-keygen failed"
chmod 0644 "$TESTDIR/data/keys/hk"
port=$(free_port) || fail "no free port"
timeout 10 "$_sshd" -D -e -f /dev/null -p "$port" -o ListenAddress=127.0.0.1 \
    -o HostKey="$TESTDIR/data/keys/hk" -o PidFile=none >"$TESTDIR/hk.out" 2>&1
grep -q "are too open" "$TESTDIR/hk.out" || fail "sshd did not refuse the key: $(cat "$TESTDIR/hk.out")"
grep -q "no hostkeys available" "$TESTDIR/hk.out" || fail "sshd did not stop: $(cat "$TESTDIR/hk.out")"
run_sshdoc --json --explain "$TESTDIR/hk.out"
assert_cause hostkey-permissions confirmed
assert_no_cause private-key-permissions
assert_evidence tr-sshd-log "$TESTDIR/data/keys/hk"
log "sshd -D -e refusing $TESTDIR/data/keys/hk: hostkey-permissions"

# A configuration sshd rejects, as sshd -t prints it.
_lib_hostkeys
printf 'HostKey %s\nPermitRootLogn no\n' "$TESTDIR/ssh_host_ed25519_key" >"$TESTDIR/sshd_config"
"$_sshd" -t -f "$TESTDIR/sshd_config" >"$TESTDIR/t.out" 2>&1 && fail "sshd -t accepted PermitRootLogn"
grep -q "Bad configuration option" "$TESTDIR/t.out" || fail "sshd -t said: $(cat "$TESTDIR/t.out")"
run_sshdoc --json --explain "$TESTDIR/t.out"
assert_cause sshd-config-invalid confirmed
log "sshd -t: $(head -n 1 "$TESTDIR/t.out")"

# The port held by another program: sshd -D -e says so and exits.
start_listener hold
timeout 10 "$_sshd" -D -e -f /dev/null -p "$LISTENER_PORT" -o ListenAddress=127.0.0.1 \
    -o HostKey="$TESTDIR/ssh_host_ed25519_key" -o PidFile=none >"$TESTDIR/bind.out" 2>&1
grep -q "Address already in use" "$TESTDIR/bind.out" || fail "sshd bound: $(cat "$TESTDIR/bind.out")"
run_sshdoc --json --explain "$TESTDIR/bind.out"
assert_cause port-owned-by-other-process confirmed
stop_listener
log "sshd -D -e on a held port: port-owned-by-other-process"

# One failed key exchange seen from both ends: ssh's words and sshd's log pasted together.
start_sshd "KexAlgorithms curve25519-sha256"
ssh -F /dev/null -p "$SSHD_PORT" -o BatchMode=yes -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -o KexAlgorithms=diffie-hellman-group14-sha256 \
    nobody@127.0.0.1 true >"$TESTDIR/both" 2>&1 && fail "ssh connected"
grep -q "no matching key exchange method found" "$TESTDIR/both" ||
	fail "ssh said: $(cat "$TESTDIR/both")"
wait_until 5 grep -q "Unable to negotiate" "$SSHD_LOG" || fail "sshd logged: $(cat "$SSHD_LOG")"
grep "Unable to negotiate" "$SSHD_LOG" >>"$TESTDIR/both"
run_sshdoc --json --explain "$TESTDIR/both"
assert_cause no-common-kex confirmed
assert_outcome tr-sshd-log no-common-kex
assert_evidence tr-sshd-log "[preauth]"
# and through standard input, as a pipe
HOME=$TESTDIR/home "$SSHDOC" --json --explain - <"$TESTDIR/both" >"$TESTDIR/out.json" 2>"$TESTDIR/err"
RC=$?
assert_rc 1
assert_cause no-common-kex confirmed
stop_sshd
log "a key exchange refused, pasted from both ends: no-common-kex"
