#!/bin/sh
# dns-failure: the name does not resolve: dns-failure, confirmed. No test may reach beyond
# this machine, so sshdoc runs in a private mount namespace whose /etc/nsswitch.conf says
# "hosts: files" and whose /etc/hosts is the test's own. A name mapped there to
# 127.0.0.1, with a real sshd behind it, gives ok: proof that the private files are used.
# covers: dns-resolve ssh-banner tcp-connect tr-connect
. "$(dirname "$0")/../lib.sh"

need_cmd unshare mount
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files\n' >"$TESTDIR/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n127.0.0.1\tsshdoc-test-host.example\n::1\tlocalhost ip6-localhost\n' \
	>"$TESTDIR/hosts"
chmod 644 "$TESTDIR/nsswitch.conf" "$TESTDIR/hosts"
cat >"$TESTDIR/ns-enter.sh" <<EOS
#!/bin/sh
# runs inside the new mount namespace: private name service files, then the command
mount --bind "$TESTDIR/nsswitch.conf" /etc/nsswitch.conf || exit 125
mount --bind "$TESTDIR/hosts" /etc/hosts || exit 125
exec "\$@"
EOS
chmod 755 "$TESTDIR/ns-enter.sh"

# root: unshare -m; otherwise try a user namespace (unshare -rm)
if [ "$(id -u)" -eq 0 ]; then
	ns="unshare -m"
else
	ns="unshare -rm"
fi
probe=$($ns "$TESTDIR/ns-enter.sh" sh -c 'grep "^hosts:" /etc/nsswitch.conf' 2>&1)
[ "$probe" = "hosts: files" ] ||
	skip "cannot make a private mount namespace with '$ns' (as uid $(id -u)): $probe"
SSHDOC_WRAP="$ns $TESTDIR/ns-enter.sh"

# 1. a name that resolves nowhere
run_sshdoc --json --timeout 2 nosuch.invalid
assert_report_basics nosuch.invalid 22
assert_rc 1
assert_verdict problem
assert_first_cause dns-failure
assert_cause dns-failure confirmed
assert_check dns-resolve fail
assert_json '[.checks[] | select(.id == "tcp-connect" or .id == "ssh-banner") | .status] | all(. == "skip")' \
	"no TCP or banner check may run without an address"
assert_ms_below 3000

# 2. a name only the private /etc/hosts knows, with a real sshd behind it
start_sshd
run_sshdoc --json --timeout 2 -p "$SSHD_PORT" sshdoc-test-host.example
assert_report_basics sshdoc-test-host.example "$SSHD_PORT"
assert_rc 0
assert_verdict ok
assert_check dns-resolve pass
assert_evidence dns-resolve 127.0.0.1
assert_check ssh-banner pass
