#!/bin/sh
# systemd-journal: under a real systemd, sshd logs only to the journal (no auth.log). With
# MaxStartups 1:100:1 and one unauthenticated connection held from the host, the real ssh
# client from the host (its source port fixed by socat) is dropped; sshdoc --server inside,
# without --log, finds the drop in the journal with that client's port and time. Then
# journalctl absent, and the journal unreadable to a non-root user: both said plainly.
# covers: sshd-logs
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../systemd.sh"

sd_need
need_cmd socat ssh
sd_boot
sd_exec test -e /var/log/auth.log && fail "the tree should have no auth.log (journal only)"
sd_exec sh -c 'printf "MaxStartups 1:100:1\nLoginGraceTime 30\n" >>/etc/ssh/sshd_config' ||
	fail "cannot append to sshd_config"
sd_exec systemctl restart ssh || fail "systemctl restart ssh failed"
sd_poll 10 systemctl is-active ssh || fail "ssh.service is not active after the restart"

"$HELPERS/holdconn" -b -s 60 "$SD_IP" 22 1 >"$TESTDIR/holdconn.out" 2>&1 &
track_pid $!
wait_until 10 grep -q '^ready' "$TESTDIR/holdconn.out" || fail "holdconn did not get its connection"

# the client: the real ssh, over a socat whose source port we know
cport=$(free_port) || fail "no free port"
t0=$(date -u +%Y-%m-%dT%H:%M:%S)
sd_ssh -o ProxyCommand="socat STDIO TCP:$SD_IP:22,sourceport=$cport,reuseaddr" >"$TESTDIR/ssh.out" 2>&1
t1=$(date -u +%Y-%m-%dT%H:%M:%S)
grep -q 'kex_exchange_identification: Connection closed by remote host' "$TESTDIR/ssh.out" ||
	fail "ssh should be closed before the banner: $(cat "$TESTDIR/ssh.out")"
log "client (source port $cport, $t0): $(tr '\r\n' '  ' <"$TESTDIR/ssh.out")"
sd_journal ssh >"$TESTDIR/journal.out"
grep -q "drop connection #1 from \[$SD_HOST_IP\]:$cport on \[$SD_IP\]:22 past MaxStartups" \
	"$TESTDIR/journal.out" || fail "the journal lacks the drop of port $cport: $(tail -5 "$TESTDIR/journal.out")"

sd_sshdoc --server --json
assert_contract
assert_cause maxstartups-throttling confirmed
assert_outcome sshd-logs maxstartups
assert_evidence sshd-logs "drop connection #1 from [$SD_HOST_IP]:$cport on [$SD_IP]:22 past MaxStartups"
assert_evidence sshd-logs "source: journal (ssh, sshd units)"
# the same attempt: the drop's journal time is the client's (to the second, UTC)
line=$(json '[.checks[] | select(.id == "sshd-logs") | .evidence[] | select(contains(":'"$cport"' on"))][0]')
ts=$(printf '%s\n' "$line" | sed -n 's/^log: \([0-9-]*T[0-9:]*\)\.[0-9]*+0000 .*/\1/p')
[ -n "$ts" ] || fail "the evidence line has no precise journal time: $line"
[ "$ts" = "$t0" ] || [ "$ts" = "$t1" ] || fail "the drop is at $ts, the client tried at $t0..$t1"
log "server: $line"

# journalctl absent (the overlay keeps the tree intact)
sd_exec mv /usr/bin/journalctl /usr/bin/journalctl.off || fail "cannot move journalctl"
sd_sshdoc --server --json
assert_contract
assert_outcome sshd-logs no-logs
assert_evidence sshd-logs "journalctl is not installed"
sd_exec mv /usr/bin/journalctl.off /usr/bin/journalctl

# the journal unreadable: sshdoc as nobody inside
sd_exec setpriv --reuid=65534 --regid=65534 --clear-groups journalctl -u ssh -n 1 >"$TESTDIR/jn.out" 2>&1 &&
	fail "journalctl as nobody should fail"
grep -q 'insufficient permissions' "$TESTDIR/jn.out" || fail "journalctl as nobody: $(cat "$TESTDIR/jn.out")"
cat >"$TESTDIR/enter-nobody" <<EOT
#!/bin/sh
shift
exec nsenter -t $SD_PID -m -u -i -n -p -C -r -w -- /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \\
	HOME=/ setpriv --reuid=65534 --regid=65534 --clear-groups /usr/local/bin/sshdoc "\$@"
EOT
SSHDOC_WRAP="sh $TESTDIR/enter-nobody"
run_sshdoc --server --json
SSHDOC_WRAP=""
assert_contract
assert_outcome sshd-logs no-logs
assert_evidence sshd-logs "this user may not read the system journal"
log "ok"
