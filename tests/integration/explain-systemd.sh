#!/bin/sh
# explain-systemd: what a real systemd and Debian's own ssh.service print when sshd cannot
# start (systemctl status ssh; journalctl -u ssh in short, short-iso and short-full), pasted
# into sshdoc --explain on the host: an invalid sshd_config is sshd-config-invalid, host
# keys others can read are hostkey-permissions (never the client's key), each said to come
# from the server's log.
# covers: tr-sshd-log transcript
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../systemd.sh"

sd_need
sd_boot

# explain FILE CAUSE: sshdoc --explain on the host names CAUSE from the pasted server text.
explain() {
	run_sshdoc --json --explain "$1"
	assert_contract
	assert_cause "$2" confirmed
	assert_outcome tr-sshd-log "$3"
	case $(json '[.checks[] | select(.id == "tr-sshd-log") | .summary] | .[0]') in
	"from the server's log you pasted: "*) ;;
	*) fail "$(basename "$1"): the summary does not say it read the server's log" ;;
	esac
	assert_json 'all(.causes[]; .id != "private-key-permissions")' \
		"$(basename "$1"): a server's text read as the client's key"
	log "$(basename "$1"): $2"
}

# pasted NAME: systemctl status and the unit's journal in three formats, as a person copies them.
pasted() {
	sd_exec systemctl status ssh --no-pager -l >"$TESTDIR/$1.status" 2>&1
	for fmt in short short-iso short-full; do
		sd_exec journalctl -u ssh --no-pager -o "$fmt" >"$TESTDIR/$1.$fmt" 2>&1
	done
}

# An invalid sshd_config and a restart.
sd_exec sh -c 'echo "PermitRootLogn no" >>/etc/ssh/sshd_config'
sd_exec systemctl restart ssh >/dev/null 2>&1 && fail "systemctl restart ssh should fail"
sd_poll 15 systemctl is-failed ssh || fail "ssh.service did not end failed"
pasted config
grep -q 'Bad configuration option: PermitRootLogn' "$TESTDIR/config.short" ||
	fail "the journal lacks sshd's line: $(tail -n 5 "$TESTDIR/config.short")"
grep -q 'status=255/EXCEPTION' "$TESTDIR/config.status" ||
	fail "systemctl status lacks the exit status: $(cat "$TESTDIR/config.status")"
for f in short short-iso short-full; do
	explain "$TESTDIR/config.$f" sshd-config-invalid config-invalid
done
# systemctl status keeps the last lines, the restart loop's: the unit's failure, sshd -t's
# exit status; sshd's own words have scrolled away (the article starts with sshd -t)
explain "$TESTDIR/config.status" sshd-not-running service-failed
assert_evidence tr-sshd-log "status=255/EXCEPTION"


# The configuration repaired, every host key made readable by others, a restart.
sd_exec sed -i '/^PermitRootLogn/d' /etc/ssh/sshd_config
sd_exec sh -c 'chmod 0644 /etc/ssh/ssh_host_*_key' || fail "chmod failed"
sd_exec systemctl reset-failed ssh >/dev/null 2>&1
sd_exec systemctl restart ssh >/dev/null 2>&1 && fail "systemctl restart ssh should fail"
sd_poll 15 systemctl is-failed ssh || fail "ssh.service did not end failed"
pasted hostkey
grep -q "Permissions 0644 for '/etc/ssh/ssh_host_" "$TESTDIR/hostkey.short" ||
	fail "the journal lacks sshd's Permissions line: $(tail -n 5 "$TESTDIR/hostkey.short")"
for f in short short-iso short-full; do
	explain "$TESTDIR/hostkey.$f" hostkey-permissions hostkey-permissions
done
# systemctl status shows only the last lines: its own, or sshd's last words
run_sshdoc --json --explain "$TESTDIR/hostkey.status"
assert_json 'any(.causes[]; .id == "hostkey-permissions" or .id == "hostkey-missing" or
	.id == "sshd-not-running")' "systemctl status: $(json '[.causes[] | .id] | join(" ")')"
assert_json 'all(.causes[]; .id != "private-key-permissions")' "status read as the client's key"

# Repaired and restarted: sshd says it listens, so the failed starts before it are
# resolved and the whole journal explains nothing.
sd_exec sh -c 'chmod 0600 /etc/ssh/ssh_host_*_key'
sd_exec systemctl reset-failed ssh >/dev/null 2>&1
sd_exec systemctl restart ssh || fail "ssh.service does not start repaired"
sd_poll 15 systemctl is-active ssh || fail "ssh.service is not active"
sd_exec journalctl -u ssh --no-pager -o short-iso >"$TESTDIR/repaired.log" 2>&1
grep -q 'Server listening on' "$TESTDIR/repaired.log" || fail "sshd did not say it listens"
run_sshdoc --json --explain "$TESTDIR/repaired.log"
assert_outcome tr-sshd-log clean
log "the whole journal after the repair: $(json '[.checks[] | select(.id == "tr-sshd-log") | .summary] | .[0]')"
