#!/bin/sh
# port-22-blocked: port 22 of a forge fails, its SSH-over-443 alternative answers. No
# test may reach beyond this machine: sshdoc runs in a private mount namespace whose
# /etc/hosts maps "github.com" to 127.0.0.22 (nothing listens on its port 22) and
# "ssh.github.com" to 127.0.0.1, and SSHDOC_ALT_PORTS points the alternative at a local
# sshd on a high port. (1) the alternative answers: port-22-blocked confirmed, naming the
# alternative host and port, port-closed folded into it. (2) the alternative is down too:
# alt-fails, no port-22-blocked.
# (3) a name with no known alternative: not-applicable.
# covers: alt-port https-control tcp-connect tr-connect
. "$(dirname "$0")/../lib.sh"

need_cmd unshare mount
FORGE_ADDR=127.0.0.22
[ -n "$(ss -Htan "( dst $FORGE_ADDR:22 or src $FORGE_ADDR:22 )" 2>/dev/null)" ] &&
	skip "something uses $FORGE_ADDR:22"
port_listening 22 && skip "something listens on port 22 on this machine"

printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files\n' >"$TESTDIR/nsswitch.conf"
{
	printf '127.0.0.1\tlocalhost\n'
	printf '%s\tgithub.com\n' "$FORGE_ADDR"
	printf '127.0.0.1\tssh.github.com\n'
	printf '%s\tsshdoc-forge.example\n' "$FORGE_ADDR"
} >"$TESTDIR/hosts"
chmod 644 "$TESTDIR/nsswitch.conf" "$TESTDIR/hosts"
cat >"$TESTDIR/ns-enter.sh" <<EOS
#!/bin/sh
# runs inside the new mount namespace: private name service files, then the command
mount --bind "$TESTDIR/nsswitch.conf" /etc/nsswitch.conf || exit 125
mount --bind "$TESTDIR/hosts" /etc/hosts || exit 125
exec "\$@"
EOS
chmod 755 "$TESTDIR/ns-enter.sh"
if [ "$(id -u)" -eq 0 ]; then
	ns="unshare -m"
else
	ns="unshare -rm"
fi
probe=$($ns "$TESTDIR/ns-enter.sh" sh -c 'getent hosts github.com' 2>&1)
case $probe in
"$FORGE_ADDR"*) ;;
*) skip "cannot make a private mount namespace with '$ns' (as uid $(id -u)): $probe" ;;
esac
SSHDOC_WRAP="$ns $TESTDIR/ns-enter.sh"

start_sshd
ALT_PORT=$SSHD_PORT

# 1. port 22 refused, the alternative answers
SSHDOC_ALT_PORTS="github.com=ssh.github.com:$ALT_PORT"
export SSHDOC_ALT_PORTS
run_sshdoc --json --timeout 2 github.com
assert_report_basics github.com 22
assert_rc 1
assert_cause port-22-blocked confirmed
assert_check alt-port fail
assert_outcome alt-port alt-works
assert_evidence alt-port "ssh.github.com port $ALT_PORT: SSH server answers"
assert_evidence alt-port "alternative for github.com: host ssh.github.com, port $ALT_PORT"
# the refusal of port 22 is the block itself: one cause, with port-closed folded into it
assert_json 'all(.causes[]; .id != "port-closed")' \
	"port-closed should fold into port-22-blocked (causes: $(json '[.causes[] | [.id, .explains]] | tojson'))"
assert_json '.causes[] | select(.id == "port-22-blocked") | .explains == ["port-closed"]' \
	"port-22-blocked should carry port-closed"

# 2. the alternative is down too: the network reaches neither
DEAD_PORT=$(free_port) || fail "no free port"
SSHDOC_ALT_PORTS="github.com=ssh.github.com:$DEAD_PORT"
run_sshdoc --json --timeout 2 github.com
assert_contract
assert_outcome alt-port alt-fails
assert_cause port-closed confirmed
assert_json 'all(.causes[]; .id != "port-22-blocked")' "both routes fail: not port-22-blocked"

# 3. a host with no alternative known
SSHDOC_ALT_PORTS=
run_sshdoc --json --timeout 2 sshdoc-forge.example
assert_contract
assert_outcome alt-port not-applicable
assert_json 'all(.causes[]; .id != "port-22-blocked")' "no alternative known: not port-22-blocked"
