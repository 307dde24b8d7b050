#!/bin/sh
# fix-server-authkeys: an account with no ~/.ssh at all: its key is refused (proven with ssh:
# "Permission denied (publickey)"), key-not-authorized confirmed for --user NAME --key FILE;
# --fix key-not-authorized (server side) is a dry run that creates nothing; with --yes it
# creates ~/.ssh 0700 and authorized_keys 0600 owned by the account, and a real ssh login
# works; --undo removes both again. A second account that already has an authorized_keys:
# the key is appended, the file keeps its owner and mode, and --undo restores it
# byte-identical. A login session of another account answers throughout.
# covers: authorized-keys account
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fix-server.lib"
need_cmd userdel usermod

fs_account
SSHD_AUTHKEYS=".ssh/authorized_keys $TESTDIR/authorized_keys" start_sshd
ssh_works || fail "the session account cannot log in"
session_start

SUF=$(_lib_rand)
mk() {
	useradd -m -d "$TESTDIR/h-$1$SUF" -s /bin/sh "$1$SUF" >/dev/null 2>&1 || fail "useradd $1$SUF"
	on_exit "userdel -f $1$SUF"
	usermod -p '*' "$1$SUF" || fail "usermod"
	rm -rf "$TESTDIR/h-$1$SUF/.ssh"
	chmod 755 "$TESTDIR/h-$1$SUF"
}
mk fa
U=fa$SUF
H=$TESTDIR/h-$U
ssh-keygen -q -t ed25519 -N '' -C fix-ak -f "$TESTDIR/akey" >/dev/null || fail "ssh-keygen"
chmod 600 "$TESTDIR/akey"	# the logins below run as root with it

login() {
	ssh -i "$TESTDIR/akey" -o BatchMode=yes -o StrictHostKeyChecking=no -o IdentitiesOnly=yes \
		-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p "$SSHD_PORT" "$1@127.0.0.1" \
		echo ak-ok >"$TESTDIR/ssh.out" 2>&1
	grep -q ak-ok "$TESTDIR/ssh.out"
}
login "$U" && fail "the key logs in before the fix"
grep -q "Permission denied (publickey" "$TESTDIR/ssh.out" || fail "ssh: $(cat "$TESTDIR/ssh.out")"

run_fix --user "$U" --key "$TESTDIR/akey.pub" --fix key-not-authorized
assert_rc 0
grep -q "add the key in $TESTDIR/akey.pub to $H/.ssh/authorized_keys" "$TESTDIR/out.json" ||
	fail "the plan does not say what it adds"
[ -e "$H/.ssh" ] && fail "the dry run created ~/.ssh"

run_fix --user "$U" --key "$TESTDIR/akey.pub" --fix key-not-authorized --yes
assert_rc 0
[ "$(stat -c '%U %a' "$H/.ssh")" = "$U 700" ] || fail "~/.ssh: $(stat -c '%U %a' "$H/.ssh")"
[ "$(stat -c '%U %a' "$H/.ssh/authorized_keys")" = "$U 600" ] ||
	fail "authorized_keys: $(stat -c '%U %a' "$H/.ssh/authorized_keys")"
cmp -s "$H/.ssh/authorized_keys" "$TESTDIR/akey.pub" || fail "authorized_keys is not the key"
login "$U" || fail "no login after the fix: $(cat "$TESTDIR/ssh.out")"
[ "$(last_state)" = applied ] || fail "the journal says $(last_state)"
session_alive "after the key was added"

run_sshdoc --undo
assert_rc 0
[ -e "$H/.ssh/authorized_keys" ] && fail "--undo left authorized_keys"
[ -e "$H/.ssh" ] && fail "--undo left ~/.ssh"
login "$U" && fail "the key still logs in after --undo"
session_alive "after --undo"

# an existing authorized_keys (another key in it, mode 0640, no final newline)
mk fb
U=fb$SUF
H=$TESTDIR/h-$U
mkdir -m 700 "$H/.ssh"
printf '%s' "$(cat "$THOME/.ssh/ukey.pub")" >"$H/.ssh/authorized_keys"
chmod 640 "$H/.ssh/authorized_keys"
chown -R "$U:" "$H/.ssh"
keep "$H/.ssh/authorized_keys" ak
login "$U" && fail "the key logs in before the fix"
run_fix --user "$U" --key "$TESTDIR/akey.pub" --fix key-not-authorized --yes
assert_rc 0
[ "$(stat -c '%U %a' "$H/.ssh/authorized_keys")" = "$U 640" ] || fail "owner/mode changed"
[ "$(wc -l <"$H/.ssh/authorized_keys")" -eq 2 ] || fail "not two lines: $(cat "$H/.ssh/authorized_keys")"
login "$U" || fail "no login after appending: $(cat "$TESTDIR/ssh.out")"
run_sshdoc --undo
assert_rc 0
same "$H/.ssh/authorized_keys" ak "after --undo"
session_alive "at the end"
