#!/bin/sh
# fleet-server-json: a server report carries what aggregating many machines' reports
# needs: "host" (this machine's name) and "sshd_version" (from the identification the
# self-probe reads); run as the README's fleet audit runs it, through ansible's command
# module (here on a local connection), the JSON comes back whole.
# covers: self-probe
. "$(dirname "$0")/../lib.sh"

need_root "fleet-server-json (the server checks read sshd's files as root)"
need_cmd jq
start_sshd
run_sshdoc --server --json --timeout 3 --port "$SSHD_PORT" --sshd-config "$SSHD_CONFIG" --log "$SSHD_LOG"
assert_contract
assert_rc 0
assert_json ".host == \"$(hostname)\"" "host should be this machine's name ($(hostname)), is $(json .host)"
want=$(ssh -V 2>&1 | sed 's/,.*//')	# the same OpenSSH package: "OpenSSH_9.2p1 Debian-2+deb12u3"
assert_json '.sshd_version | test("^OpenSSH_[0-9]")' "sshd_version: $(json .sshd_version)"
assert_json ".sshd_version == \"${want%% *}\"" "sshd_version should be ${want%% *}, is $(json .sshd_version)"

# without any sshd answering (a port nothing holds): null, never a guess
port=$(free_port) || fail "no free port"
run_sshdoc --server --json --timeout 2 --port "$port" --sshd-config "$SSHD_CONFIG" --log "$SSHD_LOG"
assert_json '.sshd_version == null' "no sshd answered: sshd_version should be null, is $(json .sshd_version)"

# the fleet audit as documented, one machine: ansible's command module runs it
if command -v ansible >/dev/null 2>&1; then
	mkdir -p "$TESTDIR/home"
	HOME=$TESTDIR/home LC_ALL=C.UTF-8 ANSIBLE_LOCAL_TEMP=$TESTDIR/ansible-tmp timeout 120 \
		ansible -i 'localhost,' all -c local -m command \
		-a "$SSHDOC --server --json --timeout 3 --port $SSHD_PORT --sshd-config $SSHD_CONFIG --log $SSHD_LOG" \
		>"$TESTDIR/ansible.log" 2>&1 || fail "ansible's command module failed"
	sed -n '/^{/,/^}/p' "$TESTDIR/ansible.log" | jq -e --arg h "$(hostname)" \
		'.host == $h and (.sshd_version | startswith("OpenSSH_")) and .verdict == "ok"' \
		>/dev/null || fail "the report through ansible lacks host or sshd_version"
fi
