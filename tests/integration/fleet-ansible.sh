#!/bin/sh
# fleet-ansible: `ansible -i INV all -m ping` with the sshdoc callback enabled (an
# ansible.cfg of the test: callbacks_enabled, callback_plugins, bin_ansible_callbacks)
# against loopback targets: a healthy sshd (SUCCESS, no sshdoc line), a closed port, a
# legacy host key algorithm, a changed host key and a key that is not authorized: under
# each UNREACHABLE host, sshdoc's cause for it. Ansible's ssh reads only the test's ssh
# config and known_hosts (-F in ssh_args), so no real network or file is touched.
# covers: tcp-connect algorithms ssh-handshake auth-probe
. "$(dirname "$0")/../lib.sh"

need_root "fleet-ansible (sshd on several ports, root's own key logins)"
need_cmd ansible jq ssh ssh-keygen python3

KH=$TESTDIR/known_hosts
KEY=$TESTDIR/id_ed25519
ssh-keygen -q -t ed25519 -N '' -C fleet -f "$KEY" >/dev/null || fail "ssh-keygen"
cp "$KEY.pub" "$TESTDIR/authorized_keys"
chmod 644 "$TESTDIR/authorized_keys"
mkdir -p "$TESTDIR/home/.ssh" "$TESTDIR/ansible-tmp"
chmod 700 "$TESTDIR/home/.ssh"
CFG=$TESTDIR/ssh_config
{
	echo "UserKnownHostsFile $KH"
	echo "GlobalKnownHostsFile $TESTDIR/no-global-known-hosts"
	echo "IdentityFile $KEY"
	echo "IdentitiesOnly yes"
	echo "ConnectTimeout 4"
} >"$CFG"

CHANGED=$(free_port) || fail "no free port"
NOAUTH=$(free_port) || fail "no free port"
CLOSED=$(free_port) || fail "no free port"
start_sshd "Port $CHANGED" "Port $NOAUTH" "MaxStartups 200" "Match LocalPort $NOAUTH" \
	"AuthorizedKeysFile /dev/null"
HEALTHY=$SSHD_PORT
for p in $CHANGED $NOAUTH; do
	wait_until 10 port_listening "$p" || fail "sshd is not listening on $p"
done
for p in $HEALTHY $NOAUTH; do
	printf '[127.0.0.1]:%s %s\n' "$p" "$(cut -d' ' -f1,2 "$TESTDIR/ssh_host_ed25519_key.pub")" >>"$KH"
done
ssh-keygen -q -t ed25519 -N '' -C other -f "$TESTDIR/other_key" >/dev/null || fail "ssh-keygen"
printf '[127.0.0.1]:%s %s\n' "$CHANGED" "$(cut -d' ' -f1,2 "$TESTDIR/other_key.pub")" >>"$KH"
start_sshd "HostKeyAlgorithms ssh-rsa"
LEGACY=$SSHD_PORT

cat >"$TESTDIR/inventory.ini" <<EOF2
[fleet]
healthy ansible_port=$HEALTHY
closed ansible_port=$CLOSED
legacy ansible_port=$LEGACY
changed ansible_port=$CHANGED
noauth ansible_port=$NOAUTH
[fleet:vars]
ansible_host=127.0.0.1
ansible_user=root
ansible_python_interpreter=/usr/bin/python3
EOF2
cat >"$TESTDIR/ansible.cfg" <<EOF2
[defaults]
callbacks_enabled = sshdoc
callback_plugins = $SRCDIR/assets/ansible/callback_plugins
bin_ansible_callbacks = True
local_tmp = $TESTDIR/ansible-tmp
forks = 5
[ssh_connection]
ssh_args = -F $CFG -o ControlMaster=no
[callback_sshdoc]
binary = $SSHDOC
timeout = 4
EOF2

# ansible itself first: which hosts it finds unreachable, with ssh's own message
HOME=$TESTDIR/home ANSIBLE_CONFIG=$TESTDIR/ansible.cfg LC_ALL=C.UTF-8 SSH_AUTH_SOCK= \
	timeout 200 ansible -i "$TESTDIR/inventory.ini" all -m ping >"$TESTDIR/ansible.out" 2>&1
rc=$?
log "ansible exit $rc"
cp "$TESTDIR/ansible.out" "$TESTDIR/ansible-output.log"
[ "$rc" -eq 4 ] || fail "ansible should exit 4 (unreachable hosts), got $rc"
grep -q '^healthy | SUCCESS' "$TESTDIR/ansible.out" || fail "the healthy host should answer ping"
grep -q 'sshdoc: \[healthy\]' "$TESTDIR/ansible.out" && fail "sshdoc ran for a reachable host"
for pair in closed:port-closed:"Connection refused" legacy:no-common-hostkey:"no matching host key type" \
    changed:hostkey-changed:"REMOTE HOST IDENTIFICATION HAS CHANGED" \
    noauth:key-not-authorized:"Permission denied"; do
	h=${pair%%:*}
	rest=${pair#*:}
	cause=${rest%%:*}
	msg=${rest#*:}
	# Ansible's own message for the host, then sshdoc's line under it
	awk -v h="$h" '$0 ~ "^" h " \\| UNREACHABLE!" { f = 1 } f' "$TESTDIR/ansible.out" >"$TESTDIR/after"
	[ -s "$TESTDIR/after" ] || fail "$h is not UNREACHABLE in ansible's output"
	grep -q "$msg" "$TESTDIR/after" || fail "$h: ansible's message lacks '$msg'"
	grep -q "^sshdoc: \[$h\]: $cause (" "$TESTDIR/after" ||
		fail "$h: no 'sshdoc: [$h]: $cause' under its UNREACHABLE message"
	grep -q "more: sshdoc --article" "$TESTDIR/after" || fail "$h: no article pointer"
done
