#!/bin/sh
# server-selinux: without SELinux (no /sys/fs/selinux) the selinux check says so and skips;
# with it, the check reports the mode (the enforcing, unlabelled-port case needs an SELinux
# machine: not covered here).
# covers: selinux
. "$(dirname "$0")/../lib.sh"

run_sshdoc --server --json --timeout 3 --port 2222
assert_contract
if [ ! -e /sys/fs/selinux ]; then
	assert_outcome selinux absent
	assert_check selinux skip
	assert_evidence selinux "SELinux is not present"
else
	assert_json '[.checks[] | select(.id == "selinux") | .outcome] | .[0] | IN("port-unlabelled", "enforcing", "permissive", "needs-root")' \
		"selinux outcome on an SELinux machine"
	assert_evidence selinux "SELinux is"
fi
