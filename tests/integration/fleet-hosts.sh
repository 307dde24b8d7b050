#!/bin/sh
# fleet-hosts: 20 loopback targets on distinct ports (healthy, closed, legacy host key
# algorithm only, a changed host key, a key that is not authorized), each setup proven
# with ssh's own message first; --hosts (a file and standard input) and --inventory (an
# INI inventory through ansible-inventory, with ansible_host, _port, _user,
# _ssh_private_key_file and -o options in _ssh_common_args) give each host its cause in
# the JSON lines, a summary that counts them, and the grouped table; --limit narrows.
# covers: tcp-connect algorithms ssh-handshake auth-probe
. "$(dirname "$0")/../lib.sh"

need_root "fleet-hosts (sshd on several ports, root's own key logins)"
need_cmd jq ssh ssh-keygen

KH=$TESTDIR/known_hosts
KEY=$TESTDIR/id_ed25519
ssh-keygen -q -t ed25519 -N '' -C fleet -f "$KEY" >/dev/null || fail "ssh-keygen"
cp "$KEY.pub" "$TESTDIR/authorized_keys"
chmod 644 "$TESTDIR/authorized_keys"
mkdir -p "$TESTDIR/home/.ssh"
chmod 700 "$TESTDIR/home/.ssh"
CFG=$TESTDIR/ssh_config
{
	echo "UserKnownHostsFile $KH"
	echo "GlobalKnownHostsFile $TESTDIR/no-global-known-hosts"
	echo "IdentityFile $KEY"
	echo "IdentitiesOnly yes"
} >"$CFG"

# ports N: N free ports on one line
ports() {
	_ps=
	_k=0
	while [ "$_k" -lt "$1" ]; do
		_ps="$_ps $(free_port)" || fail "no free port"
		_k=$((_k + 1))
	done
	echo $_ps
}
HEALTHY=$(ports 3)
CHANGED=$(ports 4)
NOAUTH=$(ports 4)
LEGACY=$(ports 3)
CLOSED=$(ports 4)

# One sshd, many ports: only the client side (known_hosts) or a Match on the port differs.
# MaxStartups is raised because these 12 "hosts" are one sshd, which a real fleet's are not.
set --
for p in $HEALTHY $CHANGED $NOAUTH; do
	set -- "$@" "Port $p"
done
set -- "$@" "MaxStartups 200"
for p in $NOAUTH; do
	set -- "$@" "Match LocalPort $p" "AuthorizedKeysFile /dev/null"
done
start_sshd "$@"
MAIN=$SSHD_PORT
HEALTHY="$MAIN $HEALTHY"
for p in $HEALTHY $NOAUTH; do
	wait_until 10 port_listening "$p" || fail "sshd is not listening on $p"
	printf '[127.0.0.1]:%s %s\n' "$p" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")" >>"$KH"
done
ssh-keygen -q -t ed25519 -N '' -C other -f "$TESTDIR/other_key" >/dev/null || fail "ssh-keygen"
for p in $CHANGED; do
	printf '[127.0.0.1]:%s %s\n' "$p" "$(cut -d' ' -f1,2 "$TESTDIR/other_key.pub")" >>"$KH"
done
set --
for p in $LEGACY; do
	set -- "$@" "Port $p"
done
start_sshd "$@" "HostKeyAlgorithms ssh-rsa" "MaxStartups 200"
LEGACY="$SSHD_PORT $LEGACY"
for p in $LEGACY; do
	wait_until 10 port_listening "$p" || fail "sshd is not listening on $p"
done

# prove each setup with the real ssh client's message
try_ssh() {
	ssh -F "$CFG" -o BatchMode=yes -o ConnectTimeout=3 -p "$1" root@127.0.0.1 true \
		>"$TESTDIR/ssh.out" 2>&1
}
first() { echo "$1"; }
try_ssh "$(first $HEALTHY)" || fail "ssh to a healthy port failed: $(head -c 400 "$TESTDIR/ssh.out")"
try_ssh "$(first $CLOSED)" && fail "ssh reached a closed port"
grep -q "Connection refused" "$TESTDIR/ssh.out" || fail "closed: $(head -c 400 "$TESTDIR/ssh.out")"
try_ssh "$(first $LEGACY)" && fail "ssh reached the legacy sshd"
grep -q "no matching host key type found" "$TESTDIR/ssh.out" || fail "legacy: $(head -c 400 "$TESTDIR/ssh.out")"
try_ssh "$(first $CHANGED)" && fail "ssh accepted a changed host key"
grep -q "REMOTE HOST IDENTIFICATION HAS CHANGED" "$TESTDIR/ssh.out" ||
	fail "changed: $(head -c 400 "$TESTDIR/ssh.out")"
try_ssh "$(first $NOAUTH)" && fail "ssh logged in with a key that is not authorized"
grep -q "Permission denied (publickey" "$TESTDIR/ssh.out" || fail "noauth: $(head -c 400 "$TESTDIR/ssh.out")"

# The list, in a mixed order, with comments and a blank line; the inventory, the same hosts.
INV=$TESTDIR/inventory.ini
HOSTS=$TESTDIR/hosts
EXPECT=$TESTDIR/expect	# name verdict cause
: >"$EXPECT"
echo "# fleet-hosts targets" >"$HOSTS"
{
	echo "[fleet]"
} >"$INV"
add() {	# kind cause ports...
	_kind=$1 _cause=$2
	shift 2
	_n=0
	for p in "$@"; do
		_n=$((_n + 1))
		echo "root@127.0.0.1:$p   # $_kind" >>"$HOSTS"
		printf '%s-%s ansible_host=127.0.0.1 ansible_port=%s ansible_user=root\n' \
			"$_kind" "$_n" "$p" >>"$INV"
		printf 'root@127.0.0.1:%s %s\n%s-%s %s\n' "$p" "$_cause" "$_kind" "$_n" "$_cause" >>"$EXPECT"
	done
	echo >>"$HOSTS"
}
add closed port-closed $CLOSED
add healthy ok $HEALTHY
add legacy no-common-hostkey $LEGACY
add changed hostkey-changed $CHANGED
add noauth key-not-authorized $NOAUTH
# the inventory carries the client's files itself, as -o options and the key file
cat >>"$INV" <<EOF
[fleet:vars]
ansible_ssh_private_key_file=$KEY
ansible_ssh_common_args='-o UserKnownHostsFile=$KH -o GlobalKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o "ConnectTimeout 4"'
EOF
[ "$(grep -c . "$EXPECT")" -eq 40 ] || fail "expected 20 targets, have $(($(grep -c . "$EXPECT") / 2))"

# check_lines: every host of the list in out.json once, with its cause (or ok)
check_lines() {
	assert_valid_lines
	[ "$(jq -s 'map(select(.summary == null)) | length' "$TESTDIR/out.json")" -eq 20 ] ||
		fail "expected 20 report lines"
	jq -s -e '.[-1].summary.hosts == 20' "$TESTDIR/out.json" >/dev/null ||
		fail "the last line should be the summary of 20 hosts"
	jq -s -e '.[-1].summary.verdicts == {"ok": 4, "problem": 16, "inconclusive": 0}' \
		"$TESTDIR/out.json" >/dev/null ||
		fail "summary verdicts: $(jq -s -c '.[-1].summary.verdicts' "$TESTDIR/out.json")"
	jq -r 'select(.summary == null) | "\(.host) \(if .verdict == "ok" then "ok" else .causes[0].id end)"' \
		"$TESTDIR/out.json" | sort >"$TESTDIR/got"
	grep -E "^$1" "$EXPECT" | sort >"$TESTDIR/want"
	diff "$TESTDIR/want" "$TESTDIR/got" >"$TESTDIR/diff" ||
		fail "per-host causes differ (want, got): $(cat "$TESTDIR/diff")"
	for c in port-closed no-common-hostkey hostkey-changed key-not-authorized; do
		jq -s -e --arg c "$c" '.[-1].summary.causes | map(select(.id == $c)) | .[0].count == 4
		    and (.[0].hosts | length) == 4' "$TESTDIR/out.json" >/dev/null ||
			fail "summary: $c should hold 4 hosts: $(jq -s -c '.[-1].summary.causes' "$TESTDIR/out.json")"
	done
	jq -s -e 'map(select(.summary == null)) | all(.tool == "sshdoc" and .mode == "client"
	    and (.checks | length) > 0 and .target.host == "127.0.0.1")' "$TESTDIR/out.json" >/dev/null ||
		fail "each line should be a whole single-host report"
}
assert_valid_lines() {
	[ -s "$TESTDIR/out.json" ] || fail "no output"
	jq -e . "$TESTDIR/out.json" >/dev/null 2>&1 || fail "a line is not JSON"
}

# 1. --hosts FILE --json
run_sshdoc --hosts "$HOSTS" --json --timeout 4 --parallel 8 -F "$CFG"
assert_rc 1
check_lines 'root@'
log "--hosts: 20 hosts in $MS ms"

# 2. --inventory --json: the inventory's names, its variables (no -F: -o options and the key)
run_sshdoc --inventory "$INV" --json --timeout 4 --parallel 8 -F /dev/null
assert_rc 1
check_lines '[a-z]+-[0-9]'
grep -q "ConnectTimeout" "$TESTDIR/err" && fail "a -o option of ansible_ssh_common_args was refused: $(cat "$TESTDIR/err")"
log "--inventory: 20 hosts in $MS ms"

# 3. --inventory --limit: ansible's pattern (a group wildcard and an exclusion)
run_sshdoc --inventory "$INV" --limit 'closed-*:healthy-*:!healthy-1' --json --timeout 4 -F /dev/null
assert_rc 1
jq -s -e '.[-1].summary.hosts == 7 and .[-1].summary.verdicts.ok == 3' "$TESTDIR/out.json" >/dev/null ||
	fail "--limit: expected 4 closed and 3 healthy: $(tail -n 1 "$TESTDIR/out.json")"
jq -s -e 'map(select(.host == "healthy-1")) | length == 0' "$TESTDIR/out.json" >/dev/null ||
	fail "--limit kept healthy-1"

# 4. the grouped table from standard input: a line per cause with its count and fix
SSHDOC_STDIN=$HOSTS
HOME=$TESTDIR/home timeout 120 "$SSHDOC" --hosts - --timeout 4 -F "$CFG" <"$HOSTS" \
	>"$TESTDIR/table" 2>"$TESTDIR/err"
rc=$?
[ "$rc" -eq 1 ] || fail "--hosts -: exit $rc: $(head -c 500 "$TESTDIR/err")"
grep -q "^20 hosts in .*: 4 ok, 16 with a problem, 0 undecided" "$TESTDIR/table" ||
	fail "table head: $(head -n 3 "$TESTDIR/table")"
for c in port-closed no-common-hostkey hostkey-changed key-not-authorized; do
	grep -q "^$c: " "$TESTDIR/table" || fail "no group for $c: $(cat "$TESTDIR/table")"
done
grep -q "^  4 hosts: root@127.0.0.1:" "$TESTDIR/table" || fail "no host count line"
grep -q "^ok: 4 hosts" "$TESTDIR/table" || fail "ok hosts should be one line"
grep -q "ssh-keygen -R" "$TESTDIR/table" || fail "hostkey-changed's fix should be shown"
grep -q "more: sshdoc --article hostkey-changed" "$TESTDIR/table" || fail "no article pointer"

# 5. all healthy: exit 0; a bad line: exit 2, naming the line
printf 'root@127.0.0.1:%s\n' $HEALTHY >"$TESTDIR/ok-hosts"
run_sshdoc --hosts "$TESTDIR/ok-hosts" --json --timeout 4 -F "$CFG"
assert_rc 0
printf 'root@127.0.0.1:%s\n-oProxyCommand=x\n' "$MAIN" >"$TESTDIR/bad-hosts"
run_sshdoc --hosts "$TESTDIR/bad-hosts" --json
assert_rc 2
grep -q "bad-hosts:2: a host that begins with '-' is refused" "$TESTDIR/err" ||
	fail "the refusal should name the line: $(cat "$TESTDIR/err")"
