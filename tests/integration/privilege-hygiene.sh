#!/bin/sh
# privilege-hygiene: sshdoc only reads. A full client run (a real sshd whose host key
# known_hosts has wrong, keys, a -F configuration) and a full server run, both as root,
# leave /etc/ssh, ~/.ssh (the private HOME's and root's own) and every known_hosts file
# exactly as they were (owner, mode, size, time, content), and strace shows no file
# created, written, renamed, removed or re-moded outside TMPDIR by sshdoc or anything it
# runs.
# covers: ssh-handshake tr-hostkey
. "$(dirname "$0")/../lib.sh"

need_root "proving that a run as root writes nothing"
need_cmd strace sha256sum find
strace -f -qq -e trace=execve -o /dev/null true >/dev/null 2>&1 || skip "strace cannot trace here"

# Every command goes through lib/runner.c (argv, no shell, deadline): no other source
# forks, execs or hands a string to a shell (libssh and libcurl are libraries).
others=$(cd "$SRCDIR" && grep -lE '(^|[^A-Za-z0-9_])(fork|vfork|execl|execlp|execle|execv|execvp|execvpe|execve|fexecve|posix_spawnp?|popen|system)[[:space:]]*\(' \
	lib/*.c checks/*.c checks/*/*.c content/*.c ui/*.c 2>/dev/null | grep -v '^lib/runner\.c$')
[ -z "$others" ] || fail "commands run outside lib/runner.c, in: $others"

TMP=$(cd "${TMPDIR:-/tmp}" && pwd -P)
H=$TESTDIR/home
ROOT_HOME=$(getent passwd root | cut -d: -f6)
mkdir -p "$H/.ssh"
chmod 700 "$H/.ssh"
start_sshd
ssh-keygen -q -t ed25519 -N '' -C hygiene -f "$H/.ssh/id_ed25519" >/dev/null || fail "ssh-keygen"
ssh-keygen -q -t ed25519 -N '' -C other -f "$TESTDIR/other" >/dev/null || fail "ssh-keygen"
# known_hosts names the server with another key: ssh-handshake sees a changed key
printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$TESTDIR/other.pub")" \
	>"$H/.ssh/known_hosts"
cat >"$H/.ssh/config" <<EOF
Host *
  IdentityFile $H/.ssh/id_ed25519
  UserKnownHostsFile $H/.ssh/known_hosts
  ConnectTimeout 3
EOF
chmod 600 "$H/.ssh/config" "$H/.ssh/known_hosts"

# snapshot FILE: every path in the watched places with owner, mode, size, mtime, and
# the content hash of each file.
snapshot() {
	for _d in /etc/ssh "$H" "$ROOT_HOME/.ssh" /etc/hosts.allow /etc/hosts.deny; do
		[ -e "$_d" ] || continue
		find "$_d" -xdev -printf '%p %y %m %U %G %s %T@\n'
		find "$_d" -xdev -type f -exec sha256sum {} +
	done | LC_ALL=C sort >"$1"
}

# strace_writes TRACE: the paths that sshdoc or a child created, wrote, renamed, removed
# or re-moded outside TMPDIR (devices and /proc aside).
strace_writes() {
	grep -E '^[0-9]+ +(creat|mkdir|mkdirat|rename|renameat|renameat2|link|linkat|symlink|symlinkat|unlink|unlinkat|truncate|chmod|fchmodat|chown|lchown|fchownat|utimensat|open|openat)\(' "$1" |
		grep -Ev '^[0-9]+ +open(at)?\(.*O_RDONLY[,)]' |
		grep -Ev '^[0-9]+ +open(at)?\([^"]*"[^"]*", O_RDONLY\|' |
		while IFS= read -r _line; do
			# every path of the call: rename and link name two
			printf '%s\n' "$_line" | grep -o '"[^"]*"' | tr -d '"' |
				while IFS= read -r _path; do
					case $_path in
					/dev/* | /proc/* | "$TMP"/* | /tmp/*) ;;
					*) printf '%s\n' "$_line" | cut -c1-200 ;;
					esac
				done
		done
}

TRACE="strace -f -qq -z -s 4096 -e signal=none -e trace=creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,unlink,unlinkat,truncate,chmod,fchmodat,chown,lchown,fchownat,utimensat,open,openat"
# LeakSanitizer cannot run under ptrace
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

snapshot "$TESTDIR/before"

SSHDOC_WRAP="$TRACE -o $TESTDIR/trace.client"
run_sshdoc --json --timeout 5 -F "$H/.ssh/config" -l nobody -p "$SSHD_PORT" 127.0.0.1
SSHDOC_WRAP=
assert_report_basics 127.0.0.1 "$SSHD_PORT"
log "client run: exit $RC in $MS ms: $(json '[.checks[] | "\(.id)=\(.status)"] | join(" ")')"
assert_check ssh-handshake fail
assert_cause hostkey-changed
[ "$(json '[.checks[] | select(.status != "skip")] | length')" -ge 10 ] ||
	fail "the client run ran too few checks to prove much"

SSHDOC_WRAP="$TRACE -o $TESTDIR/trace.server"
run_sshdoc --server --json --timeout 5 --sshd-config "$SSHD_CONFIG" --port "$SSHD_PORT" \
	--client-ip 127.0.0.1 --log "$SSHD_LOG"
SSHDOC_WRAP=
assert_contract
log "server run: exit $RC in $MS ms: $(json '[.checks[] | "\(.id)=\(.status)"] | join(" ")')"

snapshot "$TESTDIR/after"
if ! cmp -s "$TESTDIR/before" "$TESTDIR/after"; then
	fail "a run changed watched files: $(diff "$TESTDIR/before" "$TESTDIR/after" | head -n 20)"
fi
log "unchanged: $(grep -c ' [0-9a-f]\{64\}\| [fdl] ' "$TESTDIR/after") entries under /etc/ssh, $H, $ROOT_HOME/.ssh"

for t in client server; do
	[ -s "$TESTDIR/trace.$t" ] || fail "strace wrote no trace of the $t run"
	strace_writes "$TESTDIR/trace.$t" >"$TESTDIR/writes.$t"
	if [ -s "$TESTDIR/writes.$t" ]; then
		fail "the $t run wrote outside $TMP: $(head -n 10 "$TESTDIR/writes.$t" | tr '\n' ';')"
	fi
	log "$t run: $(grep -c . "$TESTDIR/trace.$t") file calls traced, none writes outside $TMP"
done

# As an ordinary user every check either works or says plainly that it needs root:
# no check errors out, and what needs root says so.
if command -v runuser >/dev/null 2>&1 && id nobody >/dev/null 2>&1 &&
	runuser -u nobody -- test -x "$SSHDOC"; then
	SSHDOC_WRAP="runuser -u nobody -- env HOME=$TESTDIR/home"
	run_sshdoc --server --json --timeout 5 --sshd-config "$SSHD_CONFIG" --port "$SSHD_PORT" \
		--client-ip 127.0.0.1
	SSHDOC_WRAP=
	assert_contract
	log "server run as nobody: exit $RC: $(json '[.checks[] | "\(.id)=\(.status)"] | join(" ")')"
	assert_json '[.checks[] | select(.status == "error")] | length == 0' \
		"server run as nobody: a check errored: $(json '[.checks[] | select(.status == "error") | "\(.id): \(.summary)"] | join("; ")')"
	assert_json '[.checks[] | select(.outcome == "needs-root")] | length > 0 and
		all(.[]; .status == "skip" and (.summary | test("root")))' \
		"server run as nobody: what needs root must skip and say so"
	mkdir -p "$TESTDIR/nobody"
	chown nobody "$TESTDIR/nobody"
	SSHDOC_WRAP="runuser -u nobody -- env HOME=$TESTDIR/nobody"
	run_sshdoc --json --timeout 5 -p "$SSHD_PORT" 127.0.0.1
	SSHDOC_WRAP=
	assert_report_basics 127.0.0.1 "$SSHD_PORT"
	log "client run as nobody: exit $RC: $(json '[.checks[] | "\(.id)=\(.status)"] | join(" ")')"
	assert_json '[.checks[] | select(.status == "error")] | length == 0' \
		"client run as nobody: a check errored: $(json '[.checks[] | select(.status == "error") | "\(.id): \(.summary)"] | join("; ")')"
else
	log "runuser or nobody missing, or nobody cannot run $SSHDOC: the ordinary-user runs are left out"
fi
