#!/bin/sh
# local-files: owner and mode of ~/.ssh, its config and private keys in a private HOME,
# against a real sshd: a key readable by others, a writable ~/.ssh/config or included
# file, a writable known_hosts, and a healthy set-up. Files belong to whoever runs the
# test (root in CI): ssh compares owners with getuid(), so both must work.
# covers: local-files tr-auth ssh-config tr-connect
. "$(dirname "$0")/../lib.sh"

need_cmd jq ssh ssh-keygen

H=$TESTDIR/home
D=$H/.ssh
mkdir -p "$D"
chmod 700 "$D"
ssh-keygen -q -t ed25519 -N '' -C client -f "$D/id_ed25519" >/dev/null || fail "ssh-keygen failed"

# healthy: every file as ssh wants it
healthy() {
	chmod 700 "$D"
	chmod 600 "$D/id_ed25519"
	printf 'Host *\n  ServerAliveInterval 30\n' >"$D/config"
	chmod 600 "$D/config"
	rm -rf "$D/conf.d" "$D/work_key" "$D/known_hosts"
}

doc() {
	run_sshdoc --json --timeout 3 "$@" -p "$SSHD_PORT" 127.0.0.1
	assert_report_basics 127.0.0.1 "$SSHD_PORT"
}

assert_no_cause() {
	assert_json "all(.causes[]?; .id != \"$1\")" "cause $1 not expected; causes: $(json '[.causes[]? | "\(.id)/\(.confidence)"] | join(" ")')"
}

start_sshd

# (a) the default key, mode 0644: ssh ignores it, with its exact message.
healthy
chmod 644 "$D/id_ed25519"
doc
assert_check local-files fail
assert_outcome local-files key-permissions
assert_cause private-key-permissions confirmed
assert_evidence private-key-permissions "$D/id_ed25519"
assert_evidence local-files "Permissions 0644 for '$D/id_ed25519' are too open."
assert_no_cause ssh-dir-permissions

# (a2) every IdentityFile line of ssh -G, with ~ and %d expanded: the second one is bad.
healthy
ssh-keygen -q -t ed25519 -N '' -C work -f "$D/work_key" >/dev/null || fail "ssh-keygen failed"
chmod 640 "$D/work_key"
printf 'IdentityFile ~/.ssh/id_ed25519\nIdentityFile %%d/.ssh/work_key\n' >"$TESTDIR/ssh_config"
# ssh expands %d from the password database; the check from HOME (the private one here)
doc -F "$TESTDIR/ssh_config"
assert_outcome local-files key-permissions
assert_cause private-key-permissions confirmed
assert_evidence local-files "Permissions 0640 for '$D/work_key' are too open."
assert_json "[.checks[] | select(.id == \"local-files\") | .evidence[] | select(contains(\"too open\"))] | length == 1" \
	"only work_key should be too open"
assert_evidence local-files "private key $D/id_ed25519: owner"

# (b) ~/.ssh/config mode 0666: ssh stops with "Bad owner or permissions".
healthy
chmod 666 "$D/config"
doc
assert_check local-files fail
assert_outcome local-files config-permissions
assert_cause ssh-dir-permissions confirmed
assert_evidence ssh-dir-permissions "Bad owner or permissions on $D/config"

# (b2) an included file, group-writable, while the key is bad too: the outcome (and so
# the cause) is config-permissions, and the evidence shows both.
healthy
mkdir "$D/conf.d"
printf 'Host *\n  Include conf.d/*.conf\n' >"$D/config"
printf 'Host example\n  Port 2222\n' >"$D/conf.d/work.conf"
chmod 664 "$D/conf.d/work.conf"
chmod 604 "$D/id_ed25519"
doc
assert_outcome local-files config-permissions
assert_cause ssh-dir-permissions confirmed
assert_evidence local-files "Bad owner or permissions on $D/conf.d/work.conf"
assert_evidence local-files "Permissions 0604 for '$D/id_ed25519' are too open."

# (d) a world-writable known_hosts (UserKnownHostsFile): dir-permissions, likely.
healthy
: >"$D/known_hosts"
chmod 666 "$D/known_hosts"
printf 'UserKnownHostsFile %s\nGlobalKnownHostsFile %s\n' "$D/known_hosts" "$TESTDIR/none" \
	>"$TESTDIR/ssh_config"
doc -F "$TESTDIR/ssh_config"
assert_check local-files warn
assert_outcome local-files dir-permissions
assert_cause ssh-dir-permissions likely
assert_evidence local-files "known_hosts $D/known_hosts"
assert_no_cause private-key-permissions

# (c) everything as ssh wants it: no permission cause at all.
healthy
doc
assert_check local-files pass
assert_outcome local-files ok
assert_no_cause private-key-permissions
assert_no_cause ssh-dir-permissions
assert_evidence local-files "private key $D/id_ed25519: owner"
assert_evidence local-files "$D/config: owner"
