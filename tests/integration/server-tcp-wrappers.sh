#!/bin/sh
# server-tcp-wrappers: /etc/hosts.deny matters only when sshd links libwrap. In a private
# mount namespace (root only) test files are bound over /etc/hosts.allow and
# /etc/hosts.deny, and sshdoc --server runs there: a deny line for the client ->
# tcp-wrappers-denied; another network, or an allow line first -> allowed.
# covers: tcp-wrappers sshd-logs
. "$(dirname "$0")/../lib.sh"

need_root "bind mounts over /etc/hosts.deny in a mount namespace"
need_cmd unshare mount
[ -f /etc/hosts.deny ] && [ -f /etc/hosts.allow ] ||
	skip "/etc/hosts.allow or /etc/hosts.deny does not exist here (nothing to bind over)"

cat >"$TESTDIR/enter.sh" <<EOS
#!/bin/sh
mount --bind "$TESTDIR/hosts.deny" /etc/hosts.deny || exit 98
mount --bind "$TESTDIR/hosts.allow" /etc/hosts.allow || exit 98
exec "\$@"
EOS
chmod 755 "$TESTDIR/enter.sh"
SSHDOC_WRAP="unshare -m --propagation private $TESTDIR/enter.sh"
: >"$TESTDIR/hosts.allow"
printf '# sshdoc test\nsshd : 192.0.2.0/255.255.255.0 [2001:db8::]/32\n' >"$TESTDIR/hosts.deny"

run_sshdoc --server --json --timeout 3 --client-ip 192.0.2.7
[ "$RC" -eq 98 ] && skip "the bind mounts failed (no mount namespaces here?)"
assert_contract
case $(json '.checks[] | select(.id == "tcp-wrappers") | .outcome') in
not-linked)
	assert_evidence tcp-wrappers "ignored"
	skip "this sshd does not link libwrap: hosts.deny is ignored (said in the report)"
	;;
esac
assert_outcome tcp-wrappers denied
assert_check tcp-wrappers fail
assert_cause tcp-wrappers-denied likely
assert_evidence tcp-wrappers "libwrap"
assert_evidence tcp-wrappers "/etc/hosts.deny line 2 refuses: sshd : 192.0.2.0/255.255.255.0"

run_sshdoc --server --json --timeout 3 --client-ip 2001:db8::1:7
assert_outcome tcp-wrappers denied

run_sshdoc --server --json --timeout 3 --client-ip 198.51.100.1
assert_outcome tcp-wrappers allowed
assert_json 'all(.causes[]; .id != "tcp-wrappers-denied")' "another network is not refused"

# hosts.allow is read first
printf 'sshd: 192.0.2.7\n' >"$TESTDIR/hosts.allow"
run_sshdoc --server --json --timeout 3 --client-ip 192.0.2.7
assert_outcome tcp-wrappers allowed
assert_evidence tcp-wrappers "/etc/hosts.allow line 1 allows: sshd: 192.0.2.7"

# a host name pattern cannot be decided without name lookups: possible
: >"$TESTDIR/hosts.allow"
printf 'ALL: .example.com\n' >"$TESTDIR/hosts.deny"
run_sshdoc --server --json --timeout 3 --client-ip 192.0.2.7
assert_outcome tcp-wrappers denied-possible
assert_cause tcp-wrappers-denied possible
