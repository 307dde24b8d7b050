#!/bin/sh
# server-logs: every sshd log fixture (tests/fixtures/sshd-logs/, one per message form and
# OpenSSH version range, 9.8+ penalties included) through `sshdoc --server --log FILE`:
# the sshd-logs check reaches the outcome the fixture's first line names, and the tree
# turns it into its cause. The other server checks run too; only sshd-logs is asserted.
# covers: sshd-logs ssh-banner tr-banner self-probe account
. "$(dirname "$0")/../lib.sh"

FIXTURES=$SRCDIR/tests/fixtures/sshd-logs
[ -d "$FIXTURES" ] || fail "no fixtures in $FIXTURES"

# The cause (and confidence) content/tree.txt gives each outcome of sshd-logs.
cause_of() {
	case $1 in
	maxstartups-client) echo "maxstartups-throttling confirmed" ;;
	maxstartups) echo "maxstartups-throttling likely" ;;
	persource-client) echo "persource-maxstartups confirmed" ;;
	persource) echo "persource-maxstartups likely" ;;
	penalty-client) echo "persource-penalty confirmed" ;;
	penalty) echo "persource-penalty likely" ;;
	tcp-wrappers-client) echo "tcp-wrappers-denied confirmed" ;;
	hostkey-missing) echo "hostkey-missing likely" ;;
	hostkey-permissions) echo "hostkey-permissions likely" ;;
	openssl-mismatch) echo "stale-libraries confirmed" ;;
	resource-exhaustion) echo "resource-exhaustion likely" ;;
	selinux-denial) echo "selinux-denial confirmed" ;;
	apparmor-denial) echo "selinux-denial likely" ;;
	authorized-keys) echo "authorized-keys-permissions confirmed" ;;
	maxsessions) echo "maxsessions-exceeded confirmed" ;;
	invalid-user) echo "user-unknown confirmed" ;;
	user-not-allowed) echo "user-not-allowed confirmed" ;;
	account-refused|shell-refused) echo "account-unusable confirmed" ;;
	root-refused) echo "root-login-refused confirmed" ;;
	session-refused) echo "session-closed-after-auth confirmed" ;;
	max-auth) echo "too-many-auth-failures confirmed" ;;
	failed-publickey) echo "key-not-authorized likely" ;;
	pubkey-algorithm) echo "pubkey-algorithm-refused likely" ;;
	certificate) echo "certificate-rejected likely" ;;
	privsep-missing) echo "privsep-dir-missing likely" ;;
	config-invalid) echo "sshd-config-invalid likely" ;;
	port-in-use) echo "port-owned-by-other-process likely" ;;
	deprecated-option) echo "deprecated-option possible" ;;
	idle-timeout) echo "idle-disconnect likely" ;;
	no-common-kex) echo "no-common-kex confirmed" ;;
	*) echo "" ;;
	esac
}

# An sshd_config with PerSourceMaxStartups, for the fixtures that need sshd -T to tell
# per-source drops from MaxStartups drops (sshd -T reads the host key: root only).
persource_config() {
	_cfg=$TESTDIR/persource_config.$1
	[ -f "$_cfg" ] && { echo "$_cfg"; return; }
	[ -f "$TESTDIR/hostkey" ] || ssh-keygen -q -t ed25519 -N '' -f "$TESTDIR/hostkey" >/dev/null ||
		fail "ssh-keygen failed"
	{
		echo "Port 22"
		echo "HostKey $TESTDIR/hostkey"
		echo "PidFile $TESTDIR/persource.pid"
		echo "MaxStartups 10:30:100"
		echo "PerSourceMaxStartups $1"
	} >"$_cfg"
	echo "$_cfg"
}

n=0
skipped=0
for f in "$FIXTURES"/*.log; do
	name=$(basename "$f" .log)
	# "# expect OUTCOME [client ADDR] [persource N] [user NAME]"
	set -- $(head -n 1 "$f")
	[ "${1:-}" = "#" ] && [ "${2:-}" = expect ] && [ -n "${3:-}" ] ||
		fail "$name: first line is not '# expect OUTCOME ...'"
	want=$3
	shift 3
	client=
	persource=
	user=
	while [ $# -ge 2 ]; do
		case $1 in
		client) client=$2 ;;
		persource) persource=$2 ;;
		user) user=$2 ;;
		*) fail "$name: unknown expectation word '$1'" ;;
		esac
		shift 2
	done
	set -- --server --json --timeout 3 --log "$f"
	[ -n "$client" ] && set -- "$@" --client-ip "$client"
	[ -n "$user" ] && set -- "$@" --user "$user"
	if [ -n "$persource" ]; then
		if [ "$(id -u)" -ne 0 ]; then
			log "$name: skipped (sshd -T must read a host key: root only)"
			skipped=$((skipped + 1))
			continue
		fi
		set -- "$@" --sshd-config "$(persource_config "$persource")"
	fi
	run_sshdoc "$@"
	assert_contract
	assert_outcome sshd-logs "$want"
	cause=$(cause_of "$want")
	if [ -n "$cause" ]; then
		# shellcheck disable=SC2086
		assert_cause $cause
		assert_check sshd-logs fail
	elif [ "$want" = clean ]; then
		assert_check sshd-logs pass
	fi
	log "$name: $want ${cause:+-> $cause}"
	n=$((n + 1))
done
[ "$n" -ge 20 ] || fail "only $n fixtures ran"

# Evidence: the lines naming the client come first, quoted; the other categories are counted.
run_sshdoc --server --json --timeout 3 --client-ip 192.0.2.7 \
	--log "$FIXTURES/penalty-9.8.log" --log "$FIXTURES/maxstartups-8.4-authlog.log"
assert_outcome sshd-logs penalty-client
assert_json '[.checks[] | select(.id == "sshd-logs") | .evidence[0]] | .[0] | startswith("client: ")' \
	"the first evidence line should quote a line naming the client"
assert_evidence sshd-logs "activating ipv4 penalty"
assert_evidence sshd-logs "form: drop connection ... penalty: REASON (OpenSSH 9.8 and later)"
assert_evidence sshd-logs "also: 5 maxstartups lines (none names 192.0.2.7)"
assert_evidence sshd-logs "source: $FIXTURES/penalty-9.8.log: 6 lines"

# Without --client-ip, the same lines are per-source penalties of someone: likely.
run_sshdoc --server --json --timeout 3 --log "$FIXTURES/penalty-9.8.log"
assert_outcome sshd-logs penalty
assert_cause persource-penalty likely

# Another address's TCP wrappers refusals do not explain this client's failure.
run_sshdoc --server --json --timeout 3 --client-ip 192.0.2.7 --log "$FIXTURES/tcpwrappers-other.log"
assert_outcome sshd-logs clean
assert_evidence sshd-logs "also: 1 tcp-wrappers line (none names 192.0.2.7)"

# Control characters in a log never reach the report raw.
printf 'Nov 20 01:00:00 h sshd[1]: error: fork: Cannot allocate memory \033[31mred\033[0m\001\n' \
	>"$TESTDIR/escape.log"
run_sshdoc --server --json --timeout 3 --log "$TESTDIR/escape.log"
assert_contract
assert_outcome sshd-logs resource-exhaustion
assert_evidence sshd-logs '\x1b[31mred'

# Nothing readable: a skip that says which sources were tried.
run_sshdoc --server --json --timeout 3 --log "$TESTDIR/no-such.log" --log /dev/null
assert_contract
assert_outcome sshd-logs no-logs
assert_check sshd-logs skip
assert_evidence sshd-logs "tried $TESTDIR/no-such.log: No such file or directory"
assert_evidence sshd-logs "tried /dev/null: not a regular file"

if [ "$skipped" -gt 0 ]; then log "$n fixtures checked, $skipped skipped (not root)"; else log "$n fixtures checked"; fi
