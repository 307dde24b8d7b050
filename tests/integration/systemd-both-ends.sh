#!/bin/sh
# systemd-both-ends: one failing attempt seen from both ends. Debian 12's sshd under a real
# systemd (tests/systemd.sh) with MaxStartups 1:100:1 and one unauthenticated connection
# held from the host: the real ssh from the host is closed before the banner. Then
# `sshdoc --json` runs client side from the host over the veth, its own ssh attempt through
# a socat whose source port we fix, and names MaxStartups; `sshdoc --server --json
# --client-ip HOST` inside, reading the journal, quotes the drop of that very attempt: the
# host's address, that source port, a time within the client's run. LogLevel VERBOSE,
# because sshd logs only the first drop of a throttling episode at the default level.
# covers: sshd-logs ssh-banner tr-banner
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../systemd.sh"

sd_need
need_cmd socat ssh
sd_boot
sd_exec sh -c 'printf "MaxStartups 1:100:1\nLoginGraceTime 30\nLogLevel VERBOSE\n" >>/etc/ssh/sshd_config' ||
	fail "cannot append to sshd_config"
sd_exec systemctl restart ssh || fail "systemctl restart ssh failed"
sd_poll 10 systemctl is-active ssh || fail "ssh.service is not active after the restart"

"$HELPERS/holdconn" -b -s 60 "$SD_IP" 22 1 >"$TESTDIR/holdconn.out" 2>&1 &
track_pid $!
wait_until 10 grep -q '^ready' "$TESTDIR/holdconn.out" || fail "holdconn did not get its connection"

# the real ssh client first: this is the failure the person sees (a reset instead of a
# close when ssh's own banner was already on its way as sshd closed)
sd_ssh >"$TESTDIR/ssh.out" 2>&1
grep -Eq 'kex_exchange_identification: (Connection closed by remote host|read: Connection reset by peer)' \
	"$TESTDIR/ssh.out" || fail "ssh should be closed before the banner: $(cat "$TESTDIR/ssh.out")"
log "real ssh: $(tr '\r\n' '  ' <"$TESTDIR/ssh.out")"

# the client end: sshdoc from the host; its ssh attempt leaves from a port we know
cport=$(free_port) || fail "no free port"
proxy="socat STDIO TCP:$SD_IP:22,sourceport=$cport,reuseaddr"
sleep 1		# the real ssh's drop and this run's fall in different seconds
t0=$(date -u +%s)
run_sshdoc --json --timeout 5 -o "ProxyCommand=$proxy" "nobody@$SD_IP"
t1=$(date -u +%s)
cp "$TESTDIR/out.json" "$TESTDIR/client.json"
assert_contract
assert_cause maxstartups-throttling confirmed
assert_evidence ssh-config "sourceport=$cport"
assert_json '[.checks[] | select(.id == "ssh-banner" or .id == "tr-banner") | .status] | all(. == "fail")' \
	"ssh-banner and tr-banner should both fail"
log "client report: $(json '[.causes[] | "\(.id) (\(.confidence)): \(.summary)"] | join("; ")')"

# the server end: sshdoc inside, the journal as its log, the host's veth address as client
sd_journal ssh >"$TESTDIR/journal.out"
grep -q "drop connection #1 from \[$SD_HOST_IP\]:$cport on \[$SD_IP\]:22 past MaxStartups" \
	"$TESTDIR/journal.out" || fail "the journal lacks the drop of port $cport: $(tail -5 "$TESTDIR/journal.out")"
sd_sshdoc --server --json --client-ip "$SD_HOST_IP"
assert_contract
assert_cause maxstartups-throttling confirmed
assert_outcome sshd-logs maxstartups-client
assert_evidence sshd-logs "source: journal (ssh, sshd units)"
# the very attempt: that port, quoted as a line naming the client, at a time of the client run
line=$(json '[.checks[] | select(.id == "sshd-logs") | .evidence[] |
	select(startswith("client: ") and contains("]:'"$cport"' on ["))][0] // empty')
[ -n "$line" ] || fail "the server report does not quote the drop of source port $cport: $(json '[.checks[] | select(.id == "sshd-logs") | .evidence[]] | join(" | ")')"
case $line in
*"drop connection #1 from [$SD_HOST_IP]:$cport on [$SD_IP]:22 past MaxStartups"*) ;;
*) fail "the quoted line is not the drop of $SD_HOST_IP:$cport: $line" ;;
esac
ts=$(printf '%s\n' "$line" | sed -n 's/^client: \([0-9-]*T[0-9:]*\)\.[0-9]*+0000 .*/\1/p')
[ -n "$ts" ] || fail "the quoted line has no precise journal time: $line"
t=$(date -u -d "$ts" +%s) || fail "cannot read the time $ts"
[ "$t" -ge "$t0" ] && [ "$t" -le "$t1" ] ||
	fail "the drop is at $ts, the client ran from $(date -u -d "@$t0" +%T) to $(date -u -d "@$t1" +%T)"
# every line the server quotes for this client comes from the client's run or the real ssh
# before it: nothing else connected from the host but the held connection
n=$(json '[.checks[] | select(.id == "sshd-logs") | .evidence[] | select(startswith("client: "))] | length')
[ "$n" -ge 2 ] || fail "only $n lines name the client"
log "server: $line ($n lines name $SD_HOST_IP)"
