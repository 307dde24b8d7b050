# lib.sh: sourced by every sshdoc integration test (POSIX sh), in the spirit of
# OpenSSH's regress/test-exec.sh. It gives each test a private TESTDIR, servers on
# free high ports of 127.0.0.1, a way to run sshdoc and check its JSON, and a cleanup
# that stops everything the test started, whatever way the test ends.
#
# Exit status of a test: 0 pass, 77 skip (see skip), anything else fail.
#
# Environment:
#   SSHDOC   the binary under test (default ./sshdoc)
#   HELPERS  directory of the helper binaries: listener, holdconn (default build/tests)
#   SSHDOC_TEST_TIMEOUT  hard bound in seconds for one sshdoc run (default 60)
#   SSHDOC_AGENT_SOCK  an ssh-agent socket the test started: run_sshdoc passes it as
#            SSH_AUTH_SOCK (otherwise SSH_AUTH_SOCK is empty, so the tester's agent never
#            takes part)
#   SSHDOC_WRAP  optional command words that run_sshdoc puts before the binary, e.g.
#            "ip netns exec NAME" or a script in TESTDIR that enters a namespace and
#            execs "$@" (split on spaces: no spaces inside a word)

set -u

_lib_abs() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*/*) printf '%s/%s\n' "$(pwd)" "${1#./}" ;;
	*) command -v "$1" 2>/dev/null || printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}

SSHDOC=$(_lib_abs "${SSHDOC:-./sshdoc}")
HELPERS=$(_lib_abs "${HELPERS:-build/tests}")
SSHDOC_TEST_TIMEOUT=${SSHDOC_TEST_TIMEOUT:-60}
SSHDOC_WRAP=${SSHDOC_WRAP:-}
TEST_NAME=$(basename "$0" .sh)
SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)	# the source tree (tests live in tests/KIND/)
CAUSES_TSV=$SRCDIR/content/causes.tsv
export SSHDOC HELPERS

TESTDIR=$(mktemp -d "${TMPDIR:-/tmp}/sshdoc-test.XXXXXX") || { echo "mktemp failed" >&2; exit 1; }
chmod 755 "$TESTDIR"	# daemons the test starts read their files here
_LIB_PIDS=""		# background helpers and daemons to stop, newest first
_LIB_ATEXIT=""		# extra cleanup commands (on_exit)
_LIB_PORTDIR=${TMPDIR:-/tmp}/sshdoc-test-ports
_LIB_NSSHD=0
RC=""
MS=""

# ---------------------------------------------------------------- basics

now_ms() {
	_t=$(date +%s%N)
	echo $((_t / 1000000))
}

log() {
	printf '%s: %s\n' "$TEST_NAME" "$*"
}

# Show what a failing test saw: sshdoc's output and the servers' logs, made safe to print.
_lib_show() {
	[ -f "$1" ] || return 0
	[ -s "$1" ] || { echo "--- $2: (empty)"; return 0; }
	echo "--- $2:"
	head -c 6000 "$1" | LC_ALL=C cat -v
	echo
}

_lib_dump() {
	[ -n "$RC" ] && echo "--- last sshdoc run: exit $RC, ${MS} ms: $(cat "$TESTDIR/cmd" 2>/dev/null)"
	_lib_show "$TESTDIR/out.json" "sshdoc stdout"
	_lib_show "$TESTDIR/err" "sshdoc stderr"
	for _f in "$TESTDIR"/*.log; do
		[ -f "$_f" ] && _lib_show "$_f" "$(basename "$_f")"
	done
	return 0
}

skip() {
	echo "skip: $*"
	exit 77
}

fail() {
	echo "FAIL: $*"
	_lib_dump
	exit 1
}

need_root() {
	[ "$(id -u)" -eq 0 ] || skip "${1:-this test} needs root"
}

need_cmd() {
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 || skip "command not found: $_c"
	done
}

# Register a shell command to run at exit (before servers are stopped).
on_exit() {
	_LIB_ATEXIT="$1
$_LIB_ATEXIT"
}

# Remember a pid to stop at exit.
track_pid() {
	_LIB_PIDS="$1 $_LIB_PIDS"
}

# Stop one process: TERM, wait up to 3 s, then KILL.
stop_pid() {
	_p=$1
	[ -n "$_p" ] || return 0
	kill -TERM "$_p" 2>/dev/null || return 0
	_sp_end=$(($(now_ms) + 3000))
	while kill -0 "$_p" 2>/dev/null; do
		# reap it if it is our child, so kill -0 stops seeing a zombie
		if [ "$(ps -o stat= -p "$_p" 2>/dev/null | cut -c1)" = Z ]; then
			wait "$_p" 2>/dev/null
			break
		fi
		if [ "$(now_ms)" -ge "$_sp_end" ]; then
			kill -KILL "$_p" 2>/dev/null
			break
		fi
		sleep 0.05
	done
	wait "$_p" 2>/dev/null
	return 0
}

# wait_until DEADLINE_S cmd...: run cmd every 50 ms until it succeeds (0) or
# DEADLINE_S seconds (may be fractional: 0.5) have passed (1).
wait_until() {
	_wu_ms=$(awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }')
	shift
	_wu_end=$(($(now_ms) + _wu_ms))
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ "$(now_ms)" -ge "$_wu_end" ] && return 1
		sleep 0.05
	done
}

_lib_cleanup() {
	_rc=$?
	trap '' INT TERM HUP
	set +e
	if [ -n "$_LIB_ATEXIT" ]; then
		printf '%s\n' "$_LIB_ATEXIT" | while IFS= read -r _cmd; do
			[ -n "$_cmd" ] && eval "$_cmd" >/dev/null 2>&1
		done
	fi
	for _p in $_LIB_PIDS; do
		stop_pid "$_p"
	done
	_lib_release_ports
	case $TESTDIR in
	*/sshdoc-test.*) rm -rf "$TESTDIR" ;;
	esac
	exit "$_rc"
}
trap _lib_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- ports

_lib_rand() {
	od -An -N2 -tu2 /dev/urandom | tr -d ' \n'
}

port_in_use() {
	[ -n "$(ss -Htan "( sport = :$1 )" 2>/dev/null)" ]
}

port_listening() {
	[ -n "$(ss -Htln "( sport = :$1 )" 2>/dev/null)" ]
}

# Claims are files named after the port holding the owner's pid, so tests running in
# parallel never get the same port; claims of dead owners are taken over.
_lib_claim_port() {
	mkdir -p "$_LIB_PORTDIR" 2>/dev/null && chmod 1777 "$_LIB_PORTDIR" 2>/dev/null
	if (set -C; echo $$ >"$_LIB_PORTDIR/$1") 2>/dev/null; then
		return 0
	fi
	_owner=$(cat "$_LIB_PORTDIR/$1" 2>/dev/null)
	if [ -n "$_owner" ] && ! kill -0 "$_owner" 2>/dev/null; then
		rm -f "$_LIB_PORTDIR/$1"
		(set -C; echo $$ >"$_LIB_PORTDIR/$1") 2>/dev/null && return 0
	fi
	return 1
}

_lib_release_ports() {
	for _f in "$_LIB_PORTDIR"/*; do
		[ -f "$_f" ] && [ "$(cat "$_f" 2>/dev/null)" = "$$" ] && rm -f "$_f"
	done
	return 0
}

# free_port: print a TCP port of 127.0.0.1 in 20000-31999 (below the kernel's
# ephemeral range, so no outgoing connection takes it) that nothing uses.
free_port() {
	_i=0
	while [ $_i -lt 300 ]; do
		_port=$((20000 + $(_lib_rand) % 12000))
		if ! port_in_use "$_port" && _lib_claim_port "$_port"; then
			echo "$_port"
			return 0
		fi
		_i=$((_i + 1))
	done
	echo "free_port: no free port found" >&2
	return 1
}

# ---------------------------------------------------------------- sshd

_lib_hostkeys() {
	[ -f "$TESTDIR/ssh_host_ed25519_key" ] && return 0
	ssh-keygen -q -t ed25519 -N '' -C sshdoc-test -f "$TESTDIR/ssh_host_ed25519_key" >/dev/null ||
		fail "ssh-keygen ed25519 failed"
	ssh-keygen -q -t rsa -b 2048 -N '' -C sshdoc-test -f "$TESTDIR/ssh_host_rsa_key" >/dev/null ||
		fail "ssh-keygen rsa failed"
	chmod 600 "$TESTDIR"/ssh_host_*_key
}

# start_sshd [config lines...]: a real OpenSSH sshd on a free port of 127.0.0.1.
# Sets SSHD_PORT, SSHD_PID, SSHD_LOG, SSHD_CONFIG.
start_sshd() {
	_sshd=$(command -v sshd 2>/dev/null || true)
	[ -z "$_sshd" ] && [ -x /usr/sbin/sshd ] && _sshd=/usr/sbin/sshd
	[ -n "$_sshd" ] || skip "sshd (openssh-server) is not installed"
	if [ "$(id -u)" -eq 0 ] && [ ! -d /run/sshd ]; then
		mkdir -p /run/sshd && chmod 0755 /run/sshd && chown root:root /run/sshd
	fi
	_lib_hostkeys
	_LIB_NSSHD=$((_LIB_NSSHD + 1))
	_n=$_LIB_NSSHD
	SSHD_PORT=$(free_port) || fail "no free port for sshd"
	SSHD_CONFIG=$TESTDIR/sshd_config.$_n
	SSHD_LOG=$TESTDIR/sshd.$_n.log
	_pidfile=$TESTDIR/sshd.$_n.pid
	{
		echo "Port $SSHD_PORT"
		echo "ListenAddress 127.0.0.1"
		echo "HostKey $TESTDIR/ssh_host_ed25519_key"
		echo "HostKey $TESTDIR/ssh_host_rsa_key"
		echo "PidFile $_pidfile"
		echo "UsePAM no"
		echo "StrictModes ${SSHD_STRICTMODES:-no}"
		echo "LogLevel VERBOSE"
		echo "AuthorizedKeysFile ${SSHD_AUTHKEYS:-$TESTDIR/authorized_keys}"
		for _l in "$@"; do
			printf '%s\n' "$_l"
		done
	} >"$SSHD_CONFIG"
	: >"$SSHD_LOG"
	"$_sshd" -t -f "$SSHD_CONFIG" >"$TESTDIR/sshd.$_n.t" 2>&1 ||
		fail "sshd -t rejects the test configuration: $(head -c 2000 "$TESTDIR/sshd.$_n.t")"
	"$_sshd" -f "$SSHD_CONFIG" -E "$SSHD_LOG" </dev/null >/dev/null 2>&1 ||
		fail "sshd failed to start: $(head -c 2000 "$SSHD_LOG")"
	wait_until 10 test -s "$_pidfile" || fail "sshd wrote no pid file within 10 s"
	SSHD_PID=$(cat "$_pidfile")
	track_pid "$SSHD_PID"
	wait_until 10 port_listening "$SSHD_PORT" || fail "sshd is not listening on port $SSHD_PORT"
	log "sshd pid $SSHD_PID on 127.0.0.1:$SSHD_PORT"
}

stop_sshd() {
	stop_pid "${SSHD_PID:-}"
	SSHD_PID=""
}

# sshd_startups: the "N" of sshd's process title "[listener] N of A-B startups".
sshd_startups() {
	ps -o args= -p "$SSHD_PID" 2>/dev/null | sed -n 's/.*\[listener\] \([0-9][0-9]*\) of .*/\1/p'
}

# ---------------------------------------------------------------- dropbear

# start_dropbear [extra dropbear args...]: sets DROPBEAR_PORT, DROPBEAR_PID, DROPBEAR_LOG.
start_dropbear() {
	need_cmd dropbear dropbearkey
	# two keys: dropbear 2022.83 without an RSA key fails an assertion when a client
	# offers only RSA host key algorithms
	for _t in ed25519 rsa; do
		[ -f "$TESTDIR/dropbear_${_t}_key" ] ||
			dropbearkey -t "$_t" -f "$TESTDIR/dropbear_${_t}_key" >/dev/null 2>&1 ||
			fail "dropbearkey -t $_t failed"
	done
	DROPBEAR_PORT=$(free_port) || fail "no free port for dropbear"
	DROPBEAR_LOG=$TESTDIR/dropbear.log
	_pidfile=$TESTDIR/dropbear.pid
	dropbear -F -E -p "127.0.0.1:$DROPBEAR_PORT" -r "$TESTDIR/dropbear_ed25519_key" \
		-r "$TESTDIR/dropbear_rsa_key" -P "$_pidfile" "$@" </dev/null >"$DROPBEAR_LOG" 2>&1 &
	DROPBEAR_PID=$!
	track_pid "$DROPBEAR_PID"
	wait_until 10 port_listening "$DROPBEAR_PORT" ||
		fail "dropbear is not listening on port $DROPBEAR_PORT"
	log "dropbear pid $DROPBEAR_PID on 127.0.0.1:$DROPBEAR_PORT"
}

stop_dropbear() {
	stop_pid "${DROPBEAR_PID:-}"
	DROPBEAR_PID=""
}

# ---------------------------------------------------------------- listener

# start_listener MODE [listener args...]: the scriptable TCP server (tests/helpers/
# listener.c) with "-a MODE" (close|reset|hold|http) on a free port.
# Sets LISTENER_PORT, LISTENER_PID, LISTENER_LOG.
start_listener() {
	[ -x "$HELPERS/listener" ] || fail "helper missing: $HELPERS/listener (make check-build)"
	_mode=$1
	shift
	_LIB_NLIS=$((${_LIB_NLIS:-0} + 1))
	_portfile=$TESTDIR/listener.$_LIB_NLIS.port
	LISTENER_LOG=$TESTDIR/listener.$_LIB_NLIS.log
	LISTENER_PORT=$(free_port) || fail "no free port for the listener"
	"$HELPERS/listener" -a "$_mode" -p "$LISTENER_PORT" -o "$_portfile" "$@" \
		</dev/null >"$LISTENER_LOG" 2>&1 &
	LISTENER_PID=$!
	track_pid "$LISTENER_PID"
	wait_until 10 test -s "$_portfile" || fail "listener did not start: $(head -c 2000 "$LISTENER_LOG")"
	[ "$(cat "$_portfile")" = "$LISTENER_PORT" ] || fail "listener port file disagrees"
}

stop_listener() {
	stop_pid "${LISTENER_PID:-}"
	LISTENER_PID=""
}

# ---------------------------------------------------------------- sshdoc

# run_sshdoc ARGS...: stdout -> $TESTDIR/out.json, stderr -> $TESTDIR/err,
# exit status -> RC, wall time in ms -> MS. HOME is a private empty directory, so the
# tester's own ~/.ssh never takes part. A sanitizer report fails the test.
run_sshdoc() {
	mkdir -p "$TESTDIR/home"
	printf '%s ' "$SSHDOC" "$@" >"$TESTDIR/cmd"
	_t0=$(now_ms)
	set +e
	# shellcheck disable=SC2086
	HOME=$TESTDIR/home SSH_AUTH_SOCK=${SSHDOC_AGENT_SOCK:-} timeout -k 5 "$SSHDOC_TEST_TIMEOUT" \
		$SSHDOC_WRAP "$SSHDOC" "$@" </dev/null >"$TESTDIR/out.json" 2>"$TESTDIR/err"
	RC=$?
	MS=$(($(now_ms) - _t0))
	log "sshdoc $*: exit $RC in $MS ms"
	[ "$RC" -eq 124 ] && fail "sshdoc did not finish within ${SSHDOC_TEST_TIMEOUT} s"
	if grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: (Address|Undefined)' \
		"$TESTDIR/err" 2>/dev/null; then
		fail "sanitizer report on stderr"
	fi
	return 0
}

# ---------------------------------------------------------------- assertions

# assert_json 'jq-expr' "message": the expression must be true (not false/null) on out.json.
assert_json() {
	[ -s "$TESTDIR/out.json" ] || fail "${2:-JSON assertion}: sshdoc printed nothing on stdout"
	jq -e "$1" "$TESTDIR/out.json" >/dev/null 2>&1 || fail "${2:-JSON assertion}: jq '$1' is not true"
}

# json 'jq-expr': print the (raw) value of an expression on out.json.
json() {
	jq -r "$1" "$TESTDIR/out.json" 2>/dev/null
}

assert_valid_json() {
	[ -s "$TESTDIR/out.json" ] || fail "sshdoc printed nothing on stdout"
	jq -e -s 'length == 1 and (.[0] | type == "object" and .tool == "sshdoc")' \
		"$TESTDIR/out.json" >/dev/null 2>&1 || fail "stdout is not one sshdoc JSON object"
}

assert_rc() {
	[ "$RC" = "$1" ] || fail "${2:-exit status}: expected $1, got $RC"
}

assert_verdict() {
	assert_json ".verdict == \"$1\"" "verdict should be $1 (is $(json .verdict))"
}

# assert_cause ID [CONFIDENCE]: ID is among the causes (with that confidence).
assert_cause() {
	if [ $# -ge 2 ]; then
		assert_json "any(.causes[]?; .id == \"$1\" and .confidence == \"$2\")" \
			"cause $1 ($2) expected; causes: $(json '[.causes[]? | "\(.id)/\(.confidence)"] | join(" ")')"
	else
		assert_json "any(.causes[]?; .id == \"$1\")" \
			"cause $1 expected; causes: $(json '[.causes[]? | "\(.id)/\(.confidence)"] | join(" ")')"
	fi
}

# assert_first_cause ID: ID is the most probable cause.
assert_first_cause() {
	assert_json ".causes[0].id == \"$1\"" "first cause should be $1 (is $(json '.causes[0].id'))"
}

# assert_check ID STATUS: the check ran and has this status.
assert_check() {
	assert_json "any(.checks[]?; .id == \"$1\" and .status == \"$2\")" \
		"check $1 should be $2 (is $(json "[.checks[]? | select(.id == \"$1\") | .status] | join(\",\")"))"
}

# assert_outcome ID LABEL: if the report carries the check's outcome label, it is LABEL.
assert_outcome() {
	assert_json "[.checks[]? | select(.id == \"$1\")] | length > 0 and all(.[]; (.outcome // \"$2\") == \"$2\")" \
		"check $1 outcome should be $2 (is $(json "[.checks[]? | select(.id == \"$1\") | .outcome // \"(none)\"] | join(\",\")"))"
}

# assert_evidence CHECK-OR-CAUSE-ID SUBSTRING: an evidence line (or the summary) of that
# check or cause contains SUBSTRING (case-insensitive).
assert_evidence() {
	_needle=$(printf '%s' "$2" | sed 's/[\\"]/\\&/g')
	assert_json "[(.checks[]?, .causes[]?) | select(.id == \"$1\") | (.summary // empty), (.evidence[]? // empty)]
		| any(ascii_downcase | contains(\"$_needle\" | ascii_downcase))" \
		"evidence of $1 should mention '$2'"
}

assert_ms_below() {
	[ "$MS" -lt "$1" ] || fail "sshdoc took $MS ms, bound is $1 ms"
}

# assert_no_control_bytes FILE: no byte in 0x00-0x08, 0x0b-0x1f or 0x7f (ESC above all).
assert_no_control_bytes() {
	[ -f "$1" ] || fail "assert_no_control_bytes: no file $1"
	if ! LC_ALL=C tr -d '\000-\010\013-\037\177' <"$1" | cmp -s - "$1"; then
		_bad=$(LC_ALL=C od -An -tx1 -v "$1" | tr -s ' \n' '\n\n' |
			grep -Exm5 '0[0-8]|0b|0c|0d|0e|0f|1[0-9a-f]|7f' | tr '\n' ' ')
		fail "$(basename "$1") contains raw control bytes: $_bad"
	fi
}

# cause_ids: every cause id of content/causes.tsv, one a line.
cause_ids() {
	awk -F '\t' 'NR > 1 && $1 != "" && $1 !~ /^#/ { print $1 }' "$CAUSES_TSV"
}

# assert_contract: out.json has the shape of contract.md, and RC agrees with the verdict.
assert_contract() {
	assert_valid_json
	assert_no_control_bytes "$TESTDIR/out.json"
	_ids=$(cause_ids | tr '\n' ' ')
	jq -e --arg ids "$_ids" '
		($ids | split(" ") | map(select(. != ""))) as $known
		| (.version | type == "string")
		and (.mode | IN("client", "server", "explain"))
		and (.verdict | IN("ok", "problem", "inconclusive"))
		and (.checks | type == "array")
		and all(.checks[]; (.id | type == "string")
			and (.status | IN("pass", "fail", "warn", "skip", "error"))
			and (.summary | type == "string")
			and ((.evidence // []) | type == "array" and all(.[]; type == "string")))
		and (.causes | type == "array")
		and all(.causes[]; (.id as $i | $known | index([$i]) != null)
			and (.confidence | IN("confirmed", "likely", "possible")))
		and (if .verdict == "ok" then (.causes | length) == 0
		     elif .verdict == "problem" then (.causes | length) > 0 else true end)
	' "$TESTDIR/out.json" >/dev/null 2>&1 || fail "the report does not follow contract.md (shape, ids, enums)"
	case $(json .verdict) in
	ok) _want=0 ;;
	problem) _want=1 ;;
	inconclusive) _want=3 ;;
	*) _want=x ;;
	esac
	[ "$RC" = "$_want" ] || fail "exit status $RC does not match verdict $(json .verdict)"
}

# The common checks of a client-mode report: contract shape, no raw control bytes,
# mode and target.
assert_report_basics() {
	assert_contract
	assert_json '.mode == "client"' "mode should be client"
	if [ $# -ge 2 ]; then
		assert_json ".target.host == \"$1\" and .target.port == $2" \
			"target should be $1 port $2 (is $(json '.target | tojson'))"
	fi
}

# ---------------------------------------------------------------- accounts

# make_user [NAME-VAR]: a real account made with useradd (as root), its home in TESTDIR
# with a ~/.ssh of mode 700, removed at exit. Sets TUSER and THOME, and SSHDOC_WRAP so
# that run_sshdoc runs sshdoc as that account (ssh takes ~ from the password database).
make_user() {
	need_root "a test with its own accounts"
	need_cmd useradd userdel runuser
	TUSER=sdt$(_lib_rand)$(_lib_rand)
	THOME=$TESTDIR/home-$TUSER
	useradd -M -d "$THOME" -s /bin/sh "$TUSER" >/dev/null 2>&1 || fail "useradd $TUSER failed"
	on_exit "userdel -f $TUSER"
	usermod -p '*' "$TUSER" || fail "usermod $TUSER failed"	# not locked: sshd refuses '!'
	mkdir -p "$THOME/.ssh"
	chmod 700 "$THOME" "$THOME/.ssh"
	chown -R "$TUSER" "$THOME"
	SSHDOC_WRAP="runuser -u $TUSER --"
}

# as_user CMD...: run a command as TUSER, with the environment of run_sshdoc.
as_user() {
	HOME=$THOME SSH_AUTH_SOCK=${SSHDOC_AGENT_SOCK:-} runuser -u "$TUSER" -- "$@"
}

# ssh_refused MESSAGE: the real ssh, as TUSER with $TESTDIR/config, to SSHD_PORT, must
# fail and say MESSAGE (the proof that a broken setup is broken before sshdoc looks).
ssh_refused() {
	as_user ssh -F "$TESTDIR/config" -o BatchMode=yes -p "$SSHD_PORT" "$TUSER@127.0.0.1" true \
		>"$TESTDIR/ssh.out" 2>&1 && fail "ssh logged in; the setup is not broken"
	grep -q "$1" "$TESTDIR/ssh.out" || fail "ssh did not say '$1': $(head -c 500 "$TESTDIR/ssh.out")"
}

# ---------------------------------------------------------------- fail2ban

# fail2ban_dir: a copy of /etc/fail2ban in TESTDIR whose server keeps its socket, pid file,
# log and database there. Sets F2B_DIR, F2B_SOCK, F2B_PIDF; the caller writes
# $F2B_DIR/jail.local (its jails may read $TESTDIR/f2b-auth.log, created empty).
fail2ban_dir() {
	[ -d /etc/fail2ban ] || skip "no /etc/fail2ban to copy the filters and actions from"
	F2B_DIR=$TESTDIR/f2b
	F2B_SOCK=$TESTDIR/f2b.sock
	F2B_PIDF=$TESTDIR/f2b.pid
	cp -r /etc/fail2ban "$F2B_DIR" || fail "cp /etc/fail2ban"
	rm -f "$F2B_DIR"/jail.d/* "$F2B_DIR"/jail.local "$F2B_DIR"/fail2ban.local \
		"$F2B_DIR"/fail2ban.d/* 2>/dev/null
	: >"$TESTDIR/f2b-auth.log"
	cat >"$F2B_DIR/fail2ban.local" <<EOS
[Definition]
loglevel = INFO
logtarget = $TESTDIR/f2b.log
socket = $F2B_SOCK
pidfile = $F2B_PIDF
dbfile = :memory:
EOS
}
