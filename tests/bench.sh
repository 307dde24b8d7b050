#!/bin/sh
# bench.sh (`make bench`): what a user waits for and what sshdoc costs, measured on this
# machine in one run, side by side with references measured in the same run:
#   1. a full client report on a healthy sshd (key authorized, host known) against one
#      real login (wall and CPU) and against ssh-audit on the same server; the same
#      report when the key offered is not authorized, against that failing login;
#   2. a dead host (SYNs dropped in a private network namespace; root only), --timeout 3;
#   3. a server report over a generated 1 GiB sshd log against grep -cE with the same
#      words (tests/bench/log-patterns.txt: the catalog's prefilter words) over the same
#      file; the log window alone (the sshd-logs check's own time in the report) against
#      grep over the same last 32 MiB; and --since: a window of BENCH_SINCE_BYTES read
#      back to a time, against grep over the same bytes;
#   4. the peak resident size of every run;
#   5. start-up: --version, and the wizard's first frame in tmux;
#   6. 200 dead hosts at once (--hosts --parallel 50 --timeout 2): hosts per second, memory.
# Each measurement runs N times after one untimed warm-up, interleaved with its
# references (the order rotates every round, so neither side always goes first); the
# tables give median (min-max) and ratios of medians. The markdown tables are printed
# at the end and written to $BUILD/bench.md.
#
# usage: sh tests/bench.sh [--smoke] [-n N]
#   --smoke  one round and a 20 MiB log: shows that the bench works, in well under a
#            minute (for a test; not part of make check)
#   -n N     rounds (default 10, or BENCH_N)
# Environment: BUILD (default build), SSHDOC (default $BUILD/sshdoc), BENCH_OUT
# (default $BUILD/bench.md, with --smoke $BUILD/bench-smoke.md), BENCH_LOG_BYTES
# (default 1073741824; --smoke 20971520), BENCH_SINCE_BYTES (default 268435456; --smoke
# 10485760), CC.
# Exit status: 0 when every measurement was made (whether or not it met its target: the
# table says), 1 when one could not be made, 2 usage error.
set -u

usage() {
	echo "usage: sh tests/bench.sh [--smoke] [-n N]" >&2
	exit 2
}

cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
BUILD=${BUILD:-build}
SMOKE=0
N=${BENCH_N:-}
while [ $# -gt 0 ]; do
	case $1 in
	--smoke) SMOKE=1 ;;
	-n)
		[ $# -ge 2 ] || usage
		N=$2
		shift
		;;
	*) usage ;;
	esac
	shift
done
if [ "$SMOKE" -eq 1 ]; then
	N=${N:-1}
	LOG_BYTES=${BENCH_LOG_BYTES:-20971520}
	SINCE_BYTES=${BENCH_SINCE_BYTES:-10485760}
	OUT=${BENCH_OUT:-$BUILD/bench-smoke.md}
else
	N=${N:-10}
	LOG_BYTES=${BENCH_LOG_BYTES:-1073741824}
	SINCE_BYTES=${BENCH_SINCE_BYTES:-268435456}
	OUT=${BENCH_OUT:-$BUILD/bench.md}
fi
case $N in '' | *[!0-9]* | 0*) usage ;; esac
case $LOG_BYTES in '' | *[!0-9]* | 0*) usage ;; esac
case $SINCE_BYTES in '' | *[!0-9]* | 0*) usage ;; esac
SSHDOC=${SSHDOC:-$BUILD/sshdoc}
[ -x "$SSHDOC" ] || { echo "bench: $SSHDOC is not built (make $SSHDOC)" >&2; exit 1; }
export SSHDOC

# lib.sh: TESTDIR (removed at exit, with the log), start_sshd, free_port, on_exit.
. "$ROOT/tests/lib.sh"
W=$TESTDIR
PATTERNS=$ROOT/tests/bench/log-patterns.txt
TIMEOUT=3		# --timeout of the dead-host runs
TAIL_BYTES=33554432	# what sshd-logs reads of a file (LOGS_TAIL_BYTES in check-sshd-logs.c)
FRAME_TEXT='What happened, and where does sshdoc run'
# Every run sees the same environment: no agent, a private empty HOME (ssh reads the
# password database's home, so the client runs get their key and known_hosts from -F),
# the C locale (grep's fastest: the strictest reference).
mkdir -p "$W/home"
HOME=$W/home
LC_ALL=C
export HOME LC_ALL
unset SSH_AUTH_SOCK
BROKEN=0		# measurements that could not be made

say() {
	printf 'bench: %s\n' "$*" >&2
}

# A measurement that could not be made: a row in the table, exit status 1.
broken() {
	say "NOT MEASURED: $*"
	BROKEN=$((BROKEN + 1))
}

# ---------------------------------------------------------------- helpers

${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -o "$W/runstat" tests/bench/runstat.c ||
	fail "cannot build tests/bench/runstat.c"
${CC:-cc} -std=c11 -O2 -Wall -Wextra -o "$W/genlog" tests/bench/genlog.c ||
	fail "cannot build tests/bench/genlog.c"

# timed SERIES COMMAND...: one run, its numbers appended to $W/s.SERIES (see runstat.c);
# output in $W/last.out and $W/last.err. SERIES "warm" is a warm-up, thrown away.
timed() {
	_s=$1
	shift
	"$W/runstat" -o "$W/s.$_s" -t 120 -- "$@" </dev/null >"$W/last.out" 2>"$W/last.err"
}

# interleave ROUND NAME...: run_NAME for each name, starting at a position that moves
# with the round.
interleave() {
	_ir=$1
	shift
	_k=0
	while [ "$_k" -lt $# ]; do
		_i=$(((_ir + _k) % $# + 1))
		eval "_name=\${$_i}"
		# shellcheck disable=SC2154 # set by the eval
		"run_$_name" "$_name"
		_k=$((_k + 1))
	done
}

# stat3 SERIES FIELD: median, min and max of a field of the series (fields: 1 wall µs,
# 2 exit status, 3 largest process kB, 4 own process kB, 5 CPU µs); "- - -" if none.
stat3() {
	if [ ! -s "$W/s.$1" ]; then
		echo "- - -"
		return
	fi
	awk -v f="$2" '{ print $f }' "$W/s.$1" | sort -n | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print m, v[1], v[NR] }'
}

med() {
	stat3 "$1" "$2" | cut -d' ' -f1
}

# paired A B: median (min-max) of the per-round ratios A/B of wall times: a round's two
# runs are adjacent in time, so load that drifts over the bench cancels out better.
paired() {
	if [ ! -s "$W/s.$1" ] || [ ! -s "$W/s.$2" ]; then
		printf -- '-'
		return
	fi
	paste -d' ' "$W/s.$1" "$W/s.$2" | awk 'NF >= 10 && $6 > 0 { print $1 / $6 }' | sort -n |
	    awk '{ v[NR] = $1 } END {
		if (NR == 0) { printf "-"; exit }
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f (%.2f–%.2f)", m, v[1], v[NR] }'
}

# ms US: a duration in readable milliseconds.
ms() {
	awk -v u="$1" 'BEGIN {
		if (u == "-") { printf "-"; exit }
		m = u / 1000
		if (m >= 100) printf "%.0f ms", m
		else if (m >= 10) printf "%.1f ms", m
		else printf "%.2f ms", m }'
}

mib() {
	awk -v k="$1" 'BEGIN { if (k == "-" || k == 0) printf "-"; else printf "%.1f MiB", k / 1024 }'
}

# cell SERIES: "median (min-max)" of the wall time.
cell() {
	# shellcheck disable=SC2046 # three numbers, split on purpose
	set -- $(stat3 "$1" 1)
	[ "$1" = - ] && { printf -- '-'; return; }
	printf '%s (%s–%s)' "$(ms "$1")" "$(ms "$2" | sed 's/ ms//')" "$(ms "$3")"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) printf "-"; else printf "%.2f", a / b }'
}

# met RATIO TARGET: whether RATIO <= TARGET.
met() {
	awk -v r="$1" -v t="$2" 'BEGIN { if (r == "-") printf "not measured"; else if (r <= t) printf "yes"; else printf "**no: missed**" }'
}

# exits SERIES: the exit statuses seen, "0 ×10" or "0 ×9, 1 ×1".
exits() {
	[ -s "$W/s.$1" ] || { printf -- '-'; return; }
	awk '{ print $2 }' "$W/s.$1" | sort -n | uniq -c | awk '{ printf "%s%s ×%s", (NR > 1 ? ", " : ""), $2, $1 }'
}

ROWS=$W/rows		# the results table, a markdown line each
RES=$W/resources	# the resources table
NOTES=$W/notes
: >"$ROWS"
: >"$RES"
: >"$NOTES"

row() {
	printf '| %s |\n' "$*" >>"$ROWS"
}

note() {
	printf -- '- %s\n' "$*" >>"$NOTES"
}

# res SERIES LABEL [TARGET_KB]: a line of the resources table.
res() {
	_tree=$(med "$1" 3)
	_own=$(med "$1" 4)
	_t=-
	_m=-
	if [ $# -ge 3 ] && [ "$_tree" != - ]; then
		# the stricter of the two peaks is held to the target
		_peak=$(awk -v a="$_tree" -v b="$_own" 'BEGIN { print (a > b) ? a : b }')
		_t="≤ $(mib "$3")"
		_m=$(met "$_peak" "$3")
	fi
	_cpu=$(med "$1" 5)
	[ "$_cpu" = 0 ] && _cpu=-
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$2" "$(ms "$(med "$1" 1)")" \
	    "$(ms "$_cpu")" "$(mib "$_own")" "$(mib "$_tree")" "$(exits "$1")" "$_t" "$_m" >>"$RES"
}

# ---------------------------------------------------------------- the machine

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
MEM=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
OS=$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-?}")
OPENSSH=$(ssh -V 2>&1 | head -n 1)
LIBSSH=$(pkg-config --modversion libssh 2>/dev/null || echo '?')
LIBSSH_PKG=$(dpkg-query -W -f '${Version}' libssh-4 2>/dev/null || true)
AUDIT_V=$(dpkg-query -W -f '${Version}' ssh-audit 2>/dev/null || true)
GREP_V=$(grep -V | head -n 1)
say "sshdoc $("$SSHDOC" --version 2>/dev/null | head -n 1) ($SSHDOC), $N round(s), load $LOAD0"

# ---------------------------------------------------------------- 1. healthy server

bench_client() {
	if ! command -v sshd >/dev/null 2>&1 && [ ! -x /usr/sbin/sshd ]; then
		broken "healthy server: sshd (openssh-server) is not installed"
		row "1 | healthy server, full client report | not measured: no sshd | | | | | "
		return
	fi
	# OpenSSH 9.8+ penalises a source for connections that do not authenticate (the
	# probes): over many rounds from 127.0.0.1 it would start refusing them.
	_sshd=$(command -v sshd 2>/dev/null || echo /usr/sbin/sshd)
	_extra=
	_lib_hostkeys
	printf 'HostKey %s\n' "$W/ssh_host_ed25519_key" >"$W/pp.conf"
	"$_sshd" -t -f "$W/pp.conf" -o PerSourcePenalties=no >/dev/null 2>&1 &&
		_extra="PerSourcePenalties no"
	if [ -n "$_extra" ]; then
		start_sshd "$_extra" >&2
	else
		start_sshd >&2
	fi
	USER_=$(id -un)
	ssh-keygen -q -t ed25519 -N '' -C sshdoc-bench -f "$W/id_ed25519" >/dev/null ||
		fail "ssh-keygen failed"
	cp "$W/id_ed25519.pub" "$W/authorized_keys"
	# the failing-key case: the same client offering a key the server does not hold
	ssh-keygen -q -t ed25519 -N '' -C sshdoc-bench-other -f "$W/id_other" >/dev/null ||
		fail "ssh-keygen failed"
	for _k in "$W"/ssh_host_*_key.pub; do
		printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1-2 "$_k")"
	done >"$W/known_hosts"
	cat >"$W/ssh_config" <<EOF
Host *
	IdentityFile $W/id_ed25519
	IdentitiesOnly yes
	UserKnownHostsFile $W/known_hosts
	GlobalKnownHostsFile /dev/null
	StrictHostKeyChecking yes
EOF
	SSHCFG=$W/ssh_config
	sed "s|$W/id_ed25519|$W/id_other|" "$SSHCFG" >"$W/ssh_config_badkey"
	BADCFG=$W/ssh_config_badkey

	_ok=1
	if ! timed warm ssh -F "$SSHCFG" -o BatchMode=yes -p "$SSHD_PORT" "$USER_@127.0.0.1" true; then
		broken "healthy server: the real login fails: $(head -c 500 "$W/last.err")"
		_ok=0
	fi
	timed warm "$SSHDOC" --json -F "$SSHCFG" -p "$SSHD_PORT" "$USER_@127.0.0.1"
	_rc=$?
	if [ "$_rc" -ne 0 ]; then
		note "the healthy-server report did not say ok (exit $_rc): $(jq -r '[.causes[]?.id] | join(", ")' "$W/last.out" 2>/dev/null)"
	fi
	have_audit=0
	if command -v ssh-audit >/dev/null 2>&1; then
		have_audit=1
		timed warm ssh-audit -n -p "$SSHD_PORT" 127.0.0.1
	else
		note "ssh-audit is not installed (Debian package ssh-audit; make deps installs it): not compared"
	fi
	if [ "$_ok" -ne 1 ]; then
		row "1 | healthy server, full client report | not measured: the real login fails | | | | ≤ 1.10 | not measured"
		return
	fi

	timed warm ssh -F "$BADCFG" -o BatchMode=yes -p "$SSHD_PORT" "$USER_@127.0.0.1" true
	timed warm "$SSHDOC" --json -F "$BADCFG" -p "$SSHD_PORT" "$USER_@127.0.0.1"
	_badfirst=$(jq -r '.causes[0].id // "none"' "$W/last.out" 2>/dev/null)
	[ "$_badfirst" = key-not-authorized ] ||
		note "the failing-key report named ${_badfirst:-nothing} first, not key-not-authorized"

	_r=1
	while [ "$_r" -le "$N" ]; do
		say "healthy server: round $_r/$N"
		if [ "$have_audit" -eq 1 ]; then
			interleave "$_r" login client audit
		else
			interleave "$_r" login client
		fi
		_r=$((_r + 1))
	done
	_r=1
	while [ "$_r" -le "$N" ]; do
		say "failing key: round $_r/$N"
		interleave "$_r" badlogin badclient
		_r=$((_r + 1))
	done
	_c=$(med client 1)
	_l=$(med login 1)
	_q=$(ratio "$_c" "$_l")
	row "1 | healthy server, full client report: \`sshdoc --json -F CFG -p PORT $USER_@127.0.0.1\` | $(cell client) | one real login: \`ssh -F CFG -o BatchMode=yes -p PORT $USER_@127.0.0.1 true\` | $(cell login) | $_q | ≤ 1.05 | $(met "$_q" 1.05)"
	_qc=$(ratio "$(med client 5)" "$(med login 5)")
	row "1 | (same runs) CPU time, user+sys, children included | $(ms "$(med client 5)") | the real login's CPU time | $(ms "$(med login 5)") | $_qc | ≤ 1.50 | $(met "$_qc" 1.50)"
	row "1 | (inside those sshdoc runs) | | sshdoc's own real attempt (\`ssh -vvv\`, check transcript), as the report times it | $(cell transcript) | $(ratio "$_c" "$(med transcript 1)") | - | -"
	if [ "$have_audit" -eq 1 ]; then
		_qa=$(ratio "$_c" "$(med audit 1)")
		row "1 | (same sshdoc runs) | | ssh-audit ${AUDIT_V:-?}: \`ssh-audit -n -p PORT 127.0.0.1\` | $(cell audit) | $_qa | < 1.00 | $(awk -v r="$_qa" 'BEGIN { if (r == "-") printf "not measured"; else if (r < 1) printf "yes"; else printf "**no: missed**" }')"
	fi
	_b=$(med badclient 1)
	row "1 | failing key (the key offered is not authorized), full client report: \`sshdoc --json -F BADCFG -p PORT $USER_@127.0.0.1\` | $(cell badclient) | one real login that fails authentication: \`ssh -F BADCFG -o BatchMode=yes ... true\` | $(cell badlogin) | $(ratio "$_b" "$(med badlogin 1)") | - | -"
	note "healthy server: the per-round ratios sshdoc / real login (each round's two runs adjacent in time): median (min–max) $(paired client login)"
	[ "$have_audit" -eq 1 ] &&
		note "the floor against ssh-audit: one real login alone / ssh-audit = $(ratio "$_l" "$(med audit 1)") (a report that includes the person's own login cannot be faster than that login)"
	note "failing key: the per-round ratios sshdoc / failing login: median (min–max) $(paired badclient badlogin); sshdoc named $_badfirst first"
	res client "1. sshdoc, healthy server" 16384
	res login "1. one real login (ssh)"
	[ "$have_audit" -eq 1 ] && res audit "1. ssh-audit"
	res badclient "1. sshdoc, failing key" 16384
	res badlogin "1. one real login, failing key (ssh)"
	stop_sshd
}

run_login() {
	timed "$1" ssh -F "$SSHCFG" -o BatchMode=yes -p "$SSHD_PORT" "$USER_@127.0.0.1" true
}

run_client() {
	timed "$1" "$SSHDOC" --json -F "$SSHCFG" -p "$SSHD_PORT" "$USER_@127.0.0.1"
	# the report's own real attempt (ssh -vvv, check "transcript"), as it timed it
	_tms=$(jq -r '.checks[] | select(.id == "transcript") | .ms' "$W/last.out" 2>/dev/null)
	case $_tms in '' | *[!0-9]*) ;; *) echo "$((_tms * 1000)) 0 0 0 0" >>"$W/s.transcript" ;; esac
}

run_badlogin() {
	timed "$1" ssh -F "$BADCFG" -o BatchMode=yes -p "$SSHD_PORT" "$USER_@127.0.0.1" true
}

run_badclient() {
	timed "$1" "$SSHDOC" --json -F "$BADCFG" -p "$SSHD_PORT" "$USER_@127.0.0.1"
}

run_audit() {
	timed "$1" ssh-audit -n -p "$SSHD_PORT" 127.0.0.1
}

# ---------------------------------------------------------------- 2. dead host

bench_dead() {
	_why=
	if [ "$(id -u)" -ne 0 ]; then
		_why="needs root (a network namespace with a DROP rule)"
	elif ! command -v ip >/dev/null 2>&1; then
		_why="needs ip (iproute2)"
	fi
	if [ -n "$_why" ]; then
		say "dead host: skipped: $_why"
		row "2 | dead host, \`--timeout $TIMEOUT\` | skipped: $_why | | | | ≤ 1.10 | not measured"
		return
	fi
	NS=sshdoc-bench-$$
	if ! ip netns add "$NS" 2>"$W/netns.err"; then
		broken "dead host: cannot create a network namespace: $(head -n 1 "$W/netns.err")"
		row "2 | dead host, \`--timeout $TIMEOUT\` | not measured: no network namespace | | | | ≤ 1.10 | not measured"
		return
	fi
	on_exit "ip netns del $NS"
	ip netns exec "$NS" ip link set lo up || fail "cannot bring lo up in $NS"
	DEAD_PORT=$(free_port) || fail "no free port"
	if ! ip netns exec "$NS" iptables -A INPUT -p tcp --dport "$DEAD_PORT" -j DROP 2>"$W/fw.err" &&
	    ! ip netns exec "$NS" nft -f - 2>>"$W/fw.err" <<EOF
table inet sshdoc_bench {
	chain input {
		type filter hook input priority 0; policy accept;
		tcp dport $DEAD_PORT drop
	}
}
EOF
	then
		broken "dead host: neither iptables nor nft can add a rule: $(tr '\n' ' ' <"$W/fw.err")"
		row "2 | dead host, \`--timeout $TIMEOUT\` | not measured: no firewall rule | | | | ≤ 1.10 | not measured"
		return
	fi
	timed warm ip netns exec "$NS" "$SSHDOC" --json --timeout "$TIMEOUT" -p "$DEAD_PORT" 127.0.0.1
	_first=$(jq -r '.causes[0].id // "none"' "$W/last.out" 2>/dev/null)
	[ "$_first" = network-timeout ] ||
		note "the dead-host report named ${_first:-nothing} first, not network-timeout"
	_r=1
	while [ "$_r" -le "$N" ]; do
		say "dead host: round $_r/$N"
		interleave "$_r" dead deadssh
		_r=$((_r + 1))
	done
	_d=$(med dead 1)
	_q=$(ratio "$_d" $((TIMEOUT * 1000000)))
	row "2 | dead host (SYNs dropped), time to the verdict: \`sshdoc --json --timeout $TIMEOUT -p PORT 127.0.0.1\` | $(cell dead) | the timeout itself | $TIMEOUT s | $_q | ≤ 1.10 | $(met "$_q" 1.10)"
	row "2 | (same sshdoc runs) | | \`ssh -o ConnectTimeout=$TIMEOUT\` to the same port | $(cell deadssh) | $(ratio "$_d" "$(med deadssh 1)") | - | -"
	res dead "2. sshdoc, dead host"
	res deadssh "2. ssh -o ConnectTimeout=$TIMEOUT, dead host"
}

run_dead() {
	timed "$1" ip netns exec "$NS" "$SSHDOC" --json --timeout "$TIMEOUT" -p "$DEAD_PORT" 127.0.0.1
}

run_deadssh() {
	timed "$1" ip netns exec "$NS" ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout="$TIMEOUT" \
	    -o UserKnownHostsFile=/dev/null -p "$DEAD_PORT" "$(id -un)@127.0.0.1" true
}

# ---------------------------------------------------------------- 3. a large log

bench_log() {
	LOG=$W/sshd.log
	_size=$(awk -v b="$LOG_BYTES" 'BEGIN { if (b >= 1073741824) printf "%.1f GiB", b / 1073741824; else printf "%.0f MiB", b / 1048576 }')
	_avail=$(df -Pk "$W" | awk 'NR == 2 { print $4 }')
	_need=$((LOG_BYTES / 1024 + 262144))
	if [ -z "$_avail" ] || [ "$_avail" -lt "$_need" ]; then
		broken "large log: $(mib "${_avail:-0}") free in $W, $(mib "$_need") needed"
		row "3 | server report, $_size log | not measured: not enough free disk in ${TMPDIR:-/tmp} | | | | ≤ 1.00 | not measured"
		return
	fi
	say "large log: writing $_size of sshd log lines"
	_t0=$(now_ms)
	"$W/genlog" "$LOG_BYTES" >"$LOG" || fail "genlog failed"
	note "the $_size log ($(wc -l <"$LOG") lines: failed passwords of invalid users, closed preauth connections, MaxStartups drops, 9.8+ penalties) was written by tests/bench/genlog.c in $(($(now_ms) - _t0)) ms"
	cat "$LOG" >/dev/null	# into the page cache: every run reads it from memory

	timed warm "$SSHDOC" --server --json --log "$LOG"
	_rc=$?
	if [ "$_rc" -eq 2 ] || ! jq -e 'any(.checks[]; .id == "sshd-logs" and .status != "skip")' \
	    "$W/last.out" >/dev/null 2>&1; then
		broken "large log: this sshdoc does not read --log files yet (exit $_rc)"
		row "3 | server report, $_size log | not measured: \`--log\` is not handled yet | | | | ≤ 1.00 | not measured"
		rm -f "$LOG"
		return
	fi
	_ev=$(jq -r '[.checks[] | select(.id == "sshd-logs") | .summary, (.evidence[]? | select(startswith("source:")))] | join("; ")' "$W/last.out" 2>/dev/null | sed "s|$LOG|FILE|g")
	note "sshd-logs on the $_size log: ${_ev:-?}"
	tail -n 20 "$LOG" >"$W/small.log"
	timed warm grep -cE -f "$PATTERNS" "$LOG"
	note "grep -cE with the $(grep -c . "$PATTERNS") words of tests/bench/log-patterns.txt (the catalog's prefilter words: what sshdoc looks for before it parses a line) counts $(cat "$W/last.out") lines in the whole file"
	# the window sshd-logs reads, as a file for grep: the last 32 MiB from a line's start
	if [ "$LOG_BYTES" -gt "$TAIL_BYTES" ]; then
		tail -c "$TAIL_BYTES" "$LOG" | tail -n +2 >"$W/win.log"
	else
		cp "$LOG" "$W/win.log"
	fi
	# --since: the stamp of the first line SINCE_BYTES before the end, and the bytes from
	# the first line with that stamp (what sshd-logs reads); syslog stamps take the year
	# of the file's mtime, set here, and are read in UTC
	touch -d "2026-12-31 00:00:00" "$LOG"
	_size_b=$(wc -c <"$LOG")
	_off=0
	[ "$_size_b" -gt "$SINCE_BYTES" ] && _off=$((_size_b - SINCE_BYTES))
	_stamp=$(tail -c +$((_off + 1)) "$LOG" | sed -n '2{s/^\(...............\).*/\1/p;q;}')
	SINCE=$(printf '%s\n' "$_stamp" | awk '{ m = index("JanFebMarAprMayJunJulAugSepOctNovDec", $1);
	    if (m == 0) exit 1; printf "2026-%02d-%02d %s", (m + 2) / 3, $2, $3 }') ||
		fail "no syslog stamp at byte $_off of the log: '$_stamp'"
	_soff=$(grep -b -m1 "^$_stamp" "$LOG" | cut -d: -f1)
	tail -c +$((_soff + 1)) "$LOG" >"$W/since.log"
	_since_size=$(awk -v b="$(wc -c <"$W/since.log")" 'BEGIN { printf "%.0f MiB", b / 1048576 }')
	timed warm env TZ=UTC0 "$SSHDOC" --server --json --timeout 60 --since "$SINCE" --log "$LOG"
	_ev=$(jq -r '[.checks[] | select(.id == "sshd-logs") | .evidence[]? | select(startswith("source:"))] | join("; ")' "$W/last.out" 2>/dev/null | sed "s|$LOG|FILE|g")
	note "--since $SINCE (UTC) on the $_size log: ${_ev:-?}; grep reads the same $_since_size from the first line with that stamp"
	_r=1
	while [ "$_r" -le "$N" ]; do
		say "large log: round $_r/$N"
		interleave "$_r" server server0 grep greptail gwin ssince gsince
		_r=$((_r + 1))
	done
	_sv=$(med server 1)
	_q=$(ratio "$_sv" "$(med grep 1)")
	row "3 | server report, $_size log: \`sshdoc --server --json --log FILE\` | $(cell server) | $GREP_V: \`grep -cE -f tests/bench/log-patterns.txt FILE\` | $(cell grep) | $_q | ≤ 1.00 | $(met "$_q" 1.00)"
	row "3 | (same sshdoc runs) | | grep over the part sshdoc reads: \`tail -c 32M FILE \\| grep -cE ...\` | $(cell greptail) | $(ratio "$_sv" "$(med greptail 1)") | - | -"
	row "3 | (same sshdoc runs) | | sshdoc's other server checks: the same report on a 20-line log | $(cell server0) | $(ratio "$_sv" "$(med server0 1)") | - | -"
	_q=$(ratio "$(med window 1)" "$(med gwin 1)")
	row "3 | the log window alone: the sshd-logs check reading the last 32 MiB (its own time, \`ms\` in the same reports) | $(cell window) | grep over the same 32 MiB: \`grep -cE -f tests/bench/log-patterns.txt WINDOW\` | $(cell gwin) | $_q | ≤ 1.00 | $(met "$_q" 1.00)"
	_q=$(ratio "$(med since 1)" "$(med gsince 1)")
	row "3 | \`--since\`: the sshd-logs check reading back to a time, $_since_size (\`sshdoc --server --json --since TIME --log FILE\`, its \`ms\`) | $(cell since) | grep over the same $_since_size | $(cell gsince) | $_q | ≤ 1.00 | $(met "$_q" 1.00)"
	note "the log window: per-round ratios sshd-logs / grep over the same 32 MiB: $(paired window gwin); with --since: $(paired since gsince). The check's time is taken inside a whole server report, whose other checks run at the same time on the same CPUs"
	res server "3. sshdoc --server, $_size log"
	res grep "3. grep -cE, whole log"
	res server0 "3. sshdoc --server, 20-line log"
	res greptail "3. tail -c 32M \\| grep -cE"
	res gwin "3. grep -cE, the same 32 MiB"
	res ssince "3. sshdoc --server --since, $_size log"
	res gsince "3. grep -cE, the same $_since_size"
	rm -f "$LOG" "$W/win.log" "$W/since.log"
}

# check_ms SERIES: the sshd-logs check's own time in the last report, as a series line
# (wall µs; the other fields unknown).
check_ms() {
	_cm=$(jq -r '[.checks[] | select(.id == "sshd-logs") | .ms] | first // empty' "$W/last.out" 2>/dev/null)
	[ -n "$_cm" ] && echo "$((_cm * 1000)) 0 0 0 0" >>"$W/s.$1"
}

run_server() {
	timed "$1" "$SSHDOC" --server --json --log "$LOG"
	check_ms window
}

run_ssince() {
	timed "$1" env TZ=UTC0 "$SSHDOC" --server --json --timeout 60 --since "$SINCE" --log "$LOG"
	check_ms since
}

run_gwin() {
	timed "$1" grep -cE -f "$PATTERNS" "$W/win.log"
}

run_gsince() {
	timed "$1" grep -cE -f "$PATTERNS" "$W/since.log"
}

run_server0() {
	timed "$1" "$SSHDOC" --server --json --log "$W/small.log"
}

run_grep() {
	timed "$1" grep -cE -f "$PATTERNS" "$LOG"
}

run_greptail() {
	timed "$1" sh -c 'tail -c "$1" "$2" | grep -cE -f "$3"' sh "$TAIL_BYTES" "$LOG" "$PATTERNS"
}

# ---------------------------------------------------------------- 5. start-up

_FF=0
_TMUX_SOCKS=""

# tmux leaves a killed server's socket file behind
tmux_gone() {
	tmux -L "$1" kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$1"
}

tmux_cleanup() {
	for _sk in $_TMUX_SOCKS; do
		tmux_gone "$_sk"
	done
	return 0
}
on_exit tmux_cleanup

# first_frame SERIES COMMAND...: microseconds from tmux new-session (a new server, 80x24)
# to the first capture-pane that shows the start screen's title, polled as fast as
# tmux answers; the pane's VmHWM at that moment stands for both memory fields.
first_frame() {
	_s=$1
	shift
	_FF=$((_FF + 1))
	_sock=sshdoc-bench-$$-$_FF
	_TMUX_SOCKS="$_TMUX_SOCKS $_sock"
	_rc=124
	_t0=$(date +%s%N)
	if tmux -L "$_sock" -f /dev/null new-session -d -x 80 -y 24 "$@" 2>"$W/tmux.err"; then
		_end=$((_t0 + 10000000000))
		while :; do
			if tmux -L "$_sock" capture-pane -p 2>/dev/null | grep -q "$FRAME_TEXT"; then
				_rc=0
				break
			fi
			[ "$(date +%s%N)" -ge "$_end" ] && break
		done
	else
		_rc=1
	fi
	_t1=$(date +%s%N)
	_pid=$(tmux -L "$_sock" display-message -p '#{pane_pid}' 2>/dev/null)
	_hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/${_pid:-0}/status" 2>/dev/null)
	tmux_gone "$_sock"
	echo "$(((_t1 - _t0) / 1000)) $_rc ${_hwm:-0} ${_hwm:-0} 0" >>"$W/s.$_s"
	return "$_rc"
}

run_version() {
	timed "$1" "$SSHDOC" --version
}

run_sshv() {
	timed "$1" ssh -V
}

run_wizard() {
	first_frame "$1" env TERM=screen LC_ALL=C.UTF-8 "$SSHDOC"
}

run_frameref() {
	first_frame "$1" env TERM=screen LC_ALL=C.UTF-8 sh -c 'printf "%s?\n" "$1"; exec sleep 60' sh "$FRAME_TEXT"
}

bench_startup() {
	timed warm "$SSHDOC" --version || broken "start-up: sshdoc --version fails"
	timed warm ssh -V
	_r=1
	while [ "$_r" -le "$N" ]; do
		interleave "$_r" version sshv
		_r=$((_r + 1))
	done
	_v=$(med version 1)
	row "5 | start-up: \`sshdoc --version\` | $(cell version) | \`ssh -V\` | $(cell sshv) | $(ratio "$_v" "$(med sshv 1)") | - | -"
	res version "5. sshdoc --version"
	res sshv "5. ssh -V"

	if ! command -v tmux >/dev/null 2>&1; then
		broken "start-up: tmux is not installed"
		row "5 | wizard's first frame in tmux | not measured: no tmux | | | | - | -"
		return
	fi
	if ! first_frame warm env TERM=screen LC_ALL=C.UTF-8 "$SSHDOC"; then
		broken "start-up: the wizard's start screen did not appear within 10 s"
		row "5 | wizard's first frame in tmux | not measured: no start screen | | | | - | -"
		return
	fi
	first_frame warm env TERM=screen LC_ALL=C.UTF-8 sh -c 'printf "%s?\n" "$1"; exec sleep 60' sh "$FRAME_TEXT"
	_r=1
	while [ "$_r" -le "$N" ]; do
		say "start-up: round $_r/$N"
		interleave "$_r" wizard frameref
		_r=$((_r + 1))
	done
	_wz=$(med wizard 1)
	_fr=$(med frameref 1)
	row "5 | wizard's first frame: \`tmux new-session ... sshdoc\` until capture-pane shows the start screen | $(cell wizard) | the same pane running \`printf\` of that title instead | $(cell frameref) | $(ratio "$_wz" "$_fr") | - | -"
	note "the wizard's first frame minus the same pane with printf (tmux's own start-up and polling), difference of the medians: $(awk -v a="$_wz" -v b="$_fr" 'BEGIN { printf "%.1f", (a - b) / 1000 }') ms"
	res wizard "5. sshdoc wizard, at its first frame"
}

# ---------------------------------------------------------------- 6. many dead hosts

# 200 targets on 127.77.N.M (8 /24s) of a private namespace whose firewall drops the
# port's SYNs: `--hosts --parallel 50 --timeout 2`, at most 3 rounds (each takes ~9 s).
FLEET_HOSTS=200
FLEET_PARALLEL=50
FLEET_TIMEOUT=2
bench_fleet() {
	_fr="6 | $FLEET_HOSTS dead hosts, \`--hosts --parallel $FLEET_PARALLEL --timeout $FLEET_TIMEOUT\`"
	if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null 2>&1; then
		say "many dead hosts: skipped: needs root and ip"
		row "$_fr | skipped: needs root and ip | | | | ≤ 1.50 | not measured"
		return
	fi
	FNS=sshdoc-bench-fleet-$$
	if ! ip netns add "$FNS" 2>"$W/fnetns.err"; then
		broken "many dead hosts: cannot create a network namespace: $(head -n 1 "$W/fnetns.err")"
		row "$_fr | not measured: no network namespace | | | | ≤ 1.50 | not measured"
		return
	fi
	on_exit "ip netns del $FNS"
	ip netns exec "$FNS" ip link set lo up || fail "cannot bring lo up in $FNS"
	_fp=$(free_port) || fail "no free port"
	if ! ip netns exec "$FNS" iptables -A INPUT -p tcp --dport "$_fp" -j DROP 2>"$W/ffw.err"; then
		broken "many dead hosts: iptables cannot add a rule: $(head -n 1 "$W/ffw.err")"
		row "$_fr | not measured: no firewall rule | | | | ≤ 1.50 | not measured"
		return
	fi
	_i=0
	: >"$W/fleet-hosts"
	while [ "$_i" -lt "$FLEET_HOSTS" ]; do
		echo "127.77.$((_i / 25)).$((_i % 25 + 1)):$_fp" >>"$W/fleet-hosts"
		_i=$((_i + 1))
	done
	_rounds=$N
	[ "$_rounds" -gt 3 ] && _rounds=3
	_r=1
	while [ "$_r" -le "$_rounds" ]; do
		say "many dead hosts: round $_r/$_rounds"
		timed fleet ip netns exec "$FNS" "$SSHDOC" --hosts "$W/fleet-hosts" --json \
		    --parallel "$FLEET_PARALLEL" --timeout "$FLEET_TIMEOUT" -F /dev/null
		_r=$((_r + 1))
	done
	_n=$(jq -s '.[-1].summary.verdicts.problem' "$W/last.out" 2>/dev/null)
	[ "$_n" = "$FLEET_HOSTS" ] || note "the last many-dead-hosts run named a problem for ${_n:-no} host(s) of $FLEET_HOSTS"
	_d=$(med fleet 1)
	_bound=$(((FLEET_HOSTS + FLEET_PARALLEL - 1) / FLEET_PARALLEL * FLEET_TIMEOUT))
	_q=$(ratio "$_d" $((_bound * 1000000)))
	row "$_fr, time to the last verdict: \`sshdoc --hosts FILE --json --parallel $FLEET_PARALLEL --timeout $FLEET_TIMEOUT\` | $(cell fleet) | $FLEET_HOSTS / $FLEET_PARALLEL rounds of the timeout | $_bound s | $_q | ≤ 1.50 | $(met "$_q" 1.50)"
	row "6 | (same runs) hosts per second | $(awk -v u="$_d" -v n="$FLEET_HOSTS" 'BEGIN { if (u == "-") printf "-"; else printf "%.1f", n / (u / 1000000) }') | one host at a time: 1 / timeout | $(awk -v t="$FLEET_TIMEOUT" 'BEGIN { printf "%.1f", 1 / t }') | - | - | -"
	res fleet "6. sshdoc --hosts, $FLEET_HOSTS dead hosts, --parallel $FLEET_PARALLEL" 65536
}

# ---------------------------------------------------------------- run, report

T0=$(now_ms)
bench_client
bench_dead
bench_fleet
bench_log
bench_startup
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
SECS=$((($(now_ms) - T0) / 1000))

{
	echo "Machine: $(nproc) CPUs (nproc), ${CPU:-unknown CPU}, $MEM of memory, Linux $(uname -r), $OS;"
	echo "$OPENSSH; libssh $LIBSSH${LIBSSH_PKG:+ (Debian $LIBSSH_PKG)}; load average $LOAD0 at the start, $LOAD1 at the end."
	echo "sshdoc $("$SSHDOC" --version 2>/dev/null | sed 's/^sshdoc //;q'), $N round(s) per measurement after one warm-up, $(date -u '+%Y-%m-%d'), $SECS s in all."
	echo "Reproduce: \`make bench\` (\`sh tests/bench.sh -n N\` for N rounds)."
	echo
	echo "Times are wall-clock, median (min–max) over the rounds; ratio = sshdoc's median / the reference's median."
	echo
	echo "| # | measurement | sshdoc | reference | reference time | ratio | target | met |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
	cat "$ROWS"
	echo
	echo "4. Resources of each run (medians). Peak resident size: of sshdoc's own process (VmHWM at its exit), and of the largest process of the run, children included (wait4's ru_maxrss, what GNU time's %M reports)."
	echo
	echo "| run | wall | CPU (user+sys, children included) | peak RSS, own process | peak RSS, largest process | exit statuses | target | met |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
	cat "$RES"
	if [ -s "$NOTES" ]; then
		echo
		cat "$NOTES"
	fi
} >"$W/bench.md"

mkdir -p "$(dirname "$OUT")"
cp "$W/bench.md" "$OUT" || fail "cannot write $OUT"
echo
cat "$W/bench.md"
echo
say "written to $OUT"
if [ "$BROKEN" -gt 0 ]; then
	say "$BROKEN measurement(s) could not be made"
	exit 1
fi
exit 0
