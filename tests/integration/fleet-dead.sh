#!/bin/sh
# fleet-dead: 200 dead targets (SYNs dropped by a rule in a private network namespace, on
# 200 addresses of 127.77.0.0/16 spread over 8 /24 networks) with --parallel 50 --timeout 2:
# every host network-timeout, all within 12 s (4 rounds of the timeout), and memory flat:
# the largest process's peak RSS (GNU time's %M) under 64 MiB, the driver's own peak
# (VmHWM) under 32 MiB, and the whole process tree's summed proportional set size,
# sampled during the run, under 2 MiB per host in flight (50 of them: most of it is each
# host's own ssh -vvv attempt). Under an ASan build only the verdicts and a looser time
# bound are checked. Interrupted, the run stops at once and leaves no ssh behind. The
# caps: at most 3 diagnoses of one address and 32 of one /24 at once, timed in rounds.
# covers: tcp-connect
. "$(dirname "$0")/../lib.sh"

need_root "fleet-dead (creates a network namespace and a firewall rule in it)"
need_cmd ip jq
[ -x /usr/bin/time ] || skip "GNU time (package time) is not installed"
ns=sshdoc-fleet-$$
ip netns add "$ns" 2>"$TESTDIR/netns.err" ||
	skip "cannot create a network namespace: $(head -n 1 "$TESTDIR/netns.err")"
on_exit "ip netns del $ns"
ip netns exec "$ns" ip link set lo up || fail "cannot bring lo up in $ns"
port=$(free_port) || fail "no free port"
if ip netns exec "$ns" iptables -A INPUT -p tcp --dport "$port" -j DROP 2>"$TESTDIR/fw.err"; then
	log "iptables DROP rule for port $port in $ns"
elif ip netns exec "$ns" nft -f - 2>>"$TESTDIR/fw.err" <<EOS
table inet sshdoc_test {
	chain input {
		type filter hook input priority 0; policy accept;
		tcp dport $port drop
	}
}
EOS
then
	log "nft drop rule for port $port in $ns"
else
	skip "neither iptables nor nft can add a rule in a network namespace: $(tr '\n' ' ' <"$TESTDIR/fw.err")"
fi
# 200 addresses: 127.77.N.M, N 0-7, M 1-25 (127/8 is the loopback's in the namespace too)
n=0
: >"$TESTDIR/hosts"
while [ "$n" -lt 200 ]; do
	echo "127.77.$((n / 25)).$((n % 25 + 1)):$port" >>"$TESTDIR/hosts"
	n=$((n + 1))
done
ip netns exec "$ns" ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout=1 -p "$port" \
	127.77.3.4 true >"$TESTDIR/ssh.out" 2>&1 && fail "ssh connected through the DROP rule"
grep -q "timed out" "$TESTDIR/ssh.out" || fail "ssh did not time out: $(cat "$TESTDIR/ssh.out")"

# tree_pss PID: the summed Pss (kB) of PID and its descendants, now
tree_pss() {
	_all=$1
	_todo=$1
	while [ -n "$_todo" ]; do
		_next=
		for _p in $_todo; do
			_c=$(cat /proc/"$_p"/task/*/children 2>/dev/null)
			_next="$_next $_c"
		done
		_todo=$(echo $_next)
		_all="$_all $_todo"
	done
	for _p in $_all; do
		awk '/^Pss:/ { print $2 }' /proc/"$_p"/smaps_rollup 2>/dev/null
	done | awk '{ s += $1 } END { print s + 0 }'
}

# Interrupted (SIGINT, as Ctrl-C): the table so far, and no ssh of a host's diagnosis left
# behind (each child ends the commands its checks started).
head -n 6 "$TESTDIR/hosts" >"$TESTDIR/few"
HOME=$TESTDIR/home ip netns exec "$ns" "$SSHDOC" --hosts "$TESTDIR/few" --parallel 3 \
	--timeout 5 -F /dev/null </dev/null >"$TESTDIR/int.out" 2>"$TESTDIR/int.err" &
ipid=$!
sleep 1.5
kill -INT "$ipid"
wait "$ipid"
irc=$?
grep -q "stopped after 0 of 6 hosts" "$TESTDIR/int.err" ||
	fail "interrupted: exit $irc, said: $(cat "$TESTDIR/int.err")"
[ "$irc" -eq 3 ] || fail "interrupted before any verdict: exit $irc, expected 3"
sleep 0.2
pgrep -f -- "-p $port -- 127.77" >/dev/null && fail "ssh of an interrupted run still runs: $(pgrep -af -- "-p $port -- 127.77")"

# The caps: 6 diagnoses of one address run 3 at a time (2 rounds of the timeout, not 1),
# 40 addresses of one /24 run 32 at a time (2 rounds); 6 addresses of one /24, 1 round.
# rounds FILE PARALLEL: the run's wall time in ms
rounds() {
	_t=$(now_ms)
	HOME=$TESTDIR/home ip netns exec "$ns" "$SSHDOC" --hosts "$1" --json --parallel "$2" \
		--timeout 2 -F /dev/null </dev/null >"$TESTDIR/caps.out" 2>"$TESTDIR/caps.err"
	_rc=$?
	[ "$_rc" -eq 1 ] || fail "caps run of $1: exit $_rc: $(head -c 300 "$TESTDIR/caps.err")"
	echo $(($(now_ms) - _t))
}
for i in 1 2 3 4 5 6; do echo "127.77.9.9:$port"; done >"$TESTDIR/same-address"
for i in 1 2 3 4 5 6; do echo "127.77.10.$i:$port"; done >"$TESTDIR/same-net6"
i=1
: >"$TESTDIR/same-net40"
while [ "$i" -le 40 ]; do echo "127.77.11.$i:$port" >>"$TESTDIR/same-net40"; i=$((i + 1)); done
t=$(rounds "$TESTDIR/same-net6" 6)
log "6 addresses of one /24, --parallel 6: $t ms"
[ "$t" -lt 3800 ] || fail "6 addresses of one /24 took $t ms: one round expected"
t=$(rounds "$TESTDIR/same-address" 6)
log "6 times one address, --parallel 6: $t ms"
[ "$t" -ge 3800 ] && [ "$t" -lt 6000 ] || fail "one address 6 times took $t ms: 2 rounds (3 at once) expected"
t=$(rounds "$TESTDIR/same-net40" 40)
log "40 addresses of one /24, --parallel 40: $t ms"
[ "$t" -ge 3800 ] && [ "$t" -lt 7000 ] || fail "40 addresses of one /24 took $t ms: 2 rounds (32 at once) expected"

t0=$(now_ms)
HOME=$TESTDIR/home /usr/bin/time -f '%M' -o "$TESTDIR/maxrss" ip netns exec "$ns" \
	"$SSHDOC" --hosts "$TESTDIR/hosts" --json --parallel 50 --timeout 2 -F /dev/null \
	</dev/null >"$TESTDIR/out.json" 2>"$TESTDIR/err" &
tpid=$!
peak=0
hwm=0
while kill -0 "$tpid" 2>/dev/null; do
	s=$(tree_pss "$tpid")
	[ "$s" -gt "$peak" ] && peak=$s
	# the driver: time's child (ip netns exec execs sshdoc in the same process)
	d=$(cat /proc/"$tpid"/task/*/children 2>/dev/null)
	d=${d%% *}
	h=$(awk '/^VmHWM:/ { print $2 }' /proc/"${d:-0}"/status 2>/dev/null)
	[ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
	[ $(($(now_ms) - t0)) -gt 60000 ] && { kill "$tpid"; fail "not done within 60 s"; }
	sleep 0.2
done
wait "$tpid"
RC=$?
MS=$(($(now_ms) - t0))
rss=$(tail -n 1 "$TESTDIR/maxrss")
log "200 dead hosts: exit $RC in $MS ms; largest process $rss kB; driver VmHWM $hwm kB; tree Pss peak $peak kB"
[ "$RC" -eq 1 ] || fail "exit $RC, expected 1: $(head -c 600 "$TESTDIR/err")"
jq -s -e '.[-1].summary.hosts == 200 and .[-1].summary.verdicts.problem == 200' \
	"$TESTDIR/out.json" >/dev/null || fail "summary: $(tail -n 1 "$TESTDIR/out.json" | head -c 600)"
jq -s -e 'map(select(.summary == null)) | length == 200 and
    all(.causes[0].id == "network-timeout")' "$TESTDIR/out.json" >/dev/null ||
	fail "every host should be network-timeout: $(jq -r 'select(.summary == null) | .causes[0].id' "$TESTDIR/out.json" | sort | uniq -c)"
if [ -n "${ASAN_OPTIONS:-}" ]; then
	# an ASan+UBSan build: shadow memory and slower code are not the product's figures
	[ "$MS" -lt 30000 ] || fail "200 dead hosts took $MS ms under ASan (at most 30 s)"
	exit 0
fi
[ "$MS" -lt 12000 ] || fail "200 dead hosts took $MS ms with --parallel 50 --timeout 2 (at most 12 s)"
[ "$MS" -ge 7500 ] || fail "200 dead hosts in $MS ms: faster than 4 rounds of the 2 s timeout?"
[ "$rss" -lt 65536 ] || fail "largest process peaked at $rss kB (at most 64 MiB)"
[ "$hwm" -gt 0 ] || fail "the driver's VmHWM was never read"
[ "$hwm" -lt 32768 ] || fail "the driver's own peak was $hwm kB (at most 32 MiB)"
[ "$peak" -lt $((50 * 2048)) ] ||
	fail "the process tree's summed Pss peaked at $peak kB (at most 2 MiB per host in flight)"
