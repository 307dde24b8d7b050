#!/bin/sh
# hostile-input: files and arguments that try to hurt. A 50 MB binary file through
# --explain (bounded time and memory), a stream that never ends, sshd logs with terminal
# escapes and overlong lines, ssh_config and sshd_config whose Includes loop or point at
# huge files, broken content directories (a line-numbered error, exit 2, nothing printed
# half-parsed), and host names, users and paths that begin with '-' or carry shell text:
# each is refused with exit 2 and one line naming it, or handed on safely (strace shows
# every command sshdoc runs: a value from the person is never in an option's place).
# covers: ssh-config sshd-config tcp-connect tr-connect
. "$(dirname "$0")/../lib.sh"

need_cmd jq

# Peak resident memory (kB) of the last run_peak, from /usr/bin/time -v; empty without it.
PEAK=
run_peak() {
	PEAK=
	if [ -x /usr/bin/time ]; then
		SSHDOC_WRAP="/usr/bin/time -v -o $TESTDIR/time.out"
		run_sshdoc "$@"
		SSHDOC_WRAP=
		PEAK=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$TESTDIR/time.out")
	else
		run_sshdoc "$@"
	fi
}

# usage_error NEEDLE ARGS...: exit 2, nothing on stdout, one clean stderr line naming NEEDLE.
usage_error() {
	_needle=$1
	shift
	run_sshdoc "$@"
	[ "$RC" -eq 2 ] || fail "sshdoc $*: exit $RC, expected 2"
	[ ! -s "$TESTDIR/out.json" ] || fail "sshdoc $*: a usage error printed on stdout"
	[ "$(wc -l <"$TESTDIR/err")" -eq 1 ] ||
		fail "sshdoc $*: expected one line on stderr, got $(wc -l <"$TESTDIR/err")"
	grep -qF -- "$_needle" "$TESTDIR/err" || fail "sshdoc $*: the error does not name '$_needle'"
	assert_no_control_bytes "$TESTDIR/err"
}

# ---------------------------------------------------------------- --explain

# 50 MB of random bytes: the head (4 MiB) is read, the rest never, in little memory.
head -c 50000000 /dev/urandom >"$TESTDIR/big.bin" || fail "cannot write big.bin"
run_peak --json --explain "$TESTDIR/big.bin"
log "--explain 50 MB binary: exit $RC in $MS ms, peak RSS ${PEAK:-?} kB"
assert_contract
assert_json '.mode == "explain"' "mode should be explain"
assert_evidence transcript "only the first"
assert_ms_below 10000
# ASan's shadow memory and quarantine add a fixed amount; the input is 48 MiB
[ -z "$PEAK" ] || [ "$PEAK" -lt 150000 ] || fail "--explain 50 MB: peak RSS $PEAK kB"
run_sshdoc --report --explain "$TESTDIR/big.bin"
assert_no_control_bytes "$TESTDIR/out.json"
assert_no_control_bytes "$TESTDIR/err"

# A pipe that stays open: what arrived is diagnosed when the check's time is up.
t0=$(now_ms)
{ printf 'ssh: connect to host 192.0.2.10 port 22: Connection refused\n'; sleep 6; } |
	HOME=$TESTDIR "$SSHDOC" --json --timeout 2 --explain - >"$TESTDIR/out.json" 2>"$TESTDIR/err"
RC=$?
MS=$(($(now_ms) - t0))
log "--explain - (pipe left open): exit $RC after $MS ms (the pipeline ends with sleep 6)"
assert_rc 1
assert_cause port-closed
assert_evidence transcript "still open"

# ---------------------------------------------------------------- --server --log

{
	printf 'Nov 20 10:00:00 host sshd[1]: Invalid user \033]0;pwned\007 from 192.0.2.7 port 4000\n'
	printf 'Nov 20 10:00:02 host sshd[3]: error: kex_exchange_identification: banner line contains invalid characters \033[2J\n'
	printf 'Nov 20 10:00:03 host sshd[4]: '
	head -c 3000000 /dev/zero | tr '\000' 'A'
	printf '\n'
	head -c 100000 /dev/urandom
	printf '\nNov 20 10:00:04 host sshd[5]: drop connection #10 from [192.0.2.7]:5000 on [192.0.2.1]:22 past MaxStartups \033]52;c;cHduZWQ=\007\n'
} >"$TESTDIR/evil-log.txt"
run_peak --server --json --timeout 5 --client-ip 192.0.2.7 --log "$TESTDIR/evil-log.txt"
log "--server --log (escapes, a 3 MB line, binary): exit $RC in $MS ms, peak RSS ${PEAK:-?} kB"
assert_contract
assert_json '.mode == "server"' "mode should be server"
assert_evidence sshd-logs 'past MaxStartups \x1b]52;c;cHduZWQ=\x07'
assert_evidence sshd-logs "longer than"
assert_ms_below 20000
run_sshdoc --server --report --timeout 5 --client-ip 192.0.2.7 --log "$TESTDIR/evil-log.txt"
assert_no_control_bytes "$TESTDIR/out.json"
assert_no_control_bytes "$TESTDIR/err"
grep -qF 'Invalid user \x1b]0;pwned\x07' "$TESTDIR/out.json" ||
	grep -qF 'drop connection' "$TESTDIR/out.json" || fail "--report shows no log line"

# ---------------------------------------------------------------- Include loops, huge files

mkdir -p "$TESTDIR/inc"
truncate -s 2G "$TESTDIR/inc/huge" 2>/dev/null || fail "cannot make a sparse file"
printf 'Include %s/inc/ssh_config\nInclude %s/inc/*\nHost *\n  ConnectTimeout 2\n' \
	"$TESTDIR" "$TESTDIR" >"$TESTDIR/inc/ssh_config"
printf 'Include %s/inc/huge\nHost *\n  ConnectTimeout 2\n' "$TESTDIR" >"$TESTDIR/inc/ssh_config_huge"
start_listener close
for cfg in ssh_config ssh_config_huge; do
	run_peak --json --timeout 2 -F "$TESTDIR/inc/$cfg" -p "$LISTENER_PORT" 127.0.0.1
	log "-F $cfg: exit $RC in $MS ms, peak RSS ${PEAK:-?} kB (ssh -G's included)"
	assert_report_basics 127.0.0.1 "$LISTENER_PORT"
	assert_outcome ssh-config config-error
	assert_ms_below 12000
done
assert_evidence ssh-config "did not finish within"

cp /etc/ssh/sshd_config "$TESTDIR/inc/sshd_config" 2>/dev/null ||
	printf 'Port 22\n' >"$TESTDIR/inc/sshd_config"
printf 'Include %s/inc/sshd_config\n' "$TESTDIR" >>"$TESTDIR/inc/sshd_config"
{ printf 'Include %s/inc/huge\n' "$TESTDIR"; cat "$TESTDIR/inc/sshd_config"; } >"$TESTDIR/inc/sshd_config_huge"
if command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ]; then
	for cfg in sshd_config sshd_config_huge; do
		run_sshdoc --server --json --timeout 5 --sshd-config "$TESTDIR/inc/$cfg"
		log "--sshd-config $cfg: exit $RC in $MS ms: $(json '.checks[] | select(.id == "sshd-config") | .summary')"
		assert_contract
		assert_outcome sshd-config invalid
		assert_ms_below 20000
	done
fi

# ---------------------------------------------------------------- --content DIR

# broken_content NEEDLE: every entry point refuses the directory, naming file and line.
broken_content() {
	for _args in "--list" "--lint" "--json -p 1 127.0.0.1" "--article port-closed"; do
		# shellcheck disable=SC2086
		run_sshdoc --content "$TESTDIR/content" $_args
		[ "$RC" -eq 2 ] || fail "--content (broken) $_args: exit $RC, expected 2"
		[ ! -s "$TESTDIR/out.json" ] || fail "--content (broken) $_args: printed on stdout"
		[ "$(wc -l <"$TESTDIR/err")" -eq 1 ] || fail "--content (broken) $_args: not one line"
		grep -q -- "$1" "$TESTDIR/err" || fail "--content (broken) $_args: no '$1' in: $(cat "$TESTDIR/err")"
		assert_no_control_bytes "$TESTDIR/err"
	done
}
fresh_content() {
	rm -rf "$TESTDIR/content"
	mkdir -p "$TESTDIR/content"
	cp -R "$SRCDIR/content/tree.txt" "$SRCDIR/content/causes.tsv" "$SRCDIR/content/articles" \
		"$TESTDIR/content/"
}
fresh_content
n=$(($(wc -l <"$TESTDIR/content/tree.txt") + 2))
printf 'node bogus\n  frobnicate here\n' >>"$TESTDIR/content/tree.txt"
broken_content "tree.txt:$n:"
fresh_content
printf 'node x\n  run\n' >>"$TESTDIR/content/tree.txt"
broken_content 'tree.txt:[0-9][0-9]*:'
fresh_content
printf 'node y\n  title \033]0;pwned\007\n' >>"$TESTDIR/content/tree.txt"
broken_content 'tree.txt:[0-9][0-9]*:'
fresh_content
head -c 2000 /dev/urandom >>"$TESTDIR/content/tree.txt"
broken_content 'tree.txt:[0-9][0-9]*:'
fresh_content
printf 'one-field-only\n' >>"$TESTDIR/content/causes.tsv"
broken_content 'causes.tsv:[0-9][0-9]*:'
# A broken article: the run that names it still works (articles load when shown), the
# article itself is refused with its line.
fresh_content
printf 'title x\n\033[2J\000\n' >"$TESTDIR/content/articles/port-closed.txt"
run_sshdoc --content "$TESTDIR/content" --article port-closed
assert_rc 2 "--article with a broken article"
[ ! -s "$TESTDIR/out.json" ] || fail "--article (broken) printed on stdout"
grep -q 'port-closed.txt:[0-9][0-9]*:' "$TESTDIR/err" || fail "--article (broken): no line: $(cat "$TESTDIR/err")"
assert_no_control_bytes "$TESTDIR/err"
run_sshdoc --content "$TESTDIR/content" --lint
assert_rc 1 "--lint with a broken article"
grep -q 'port-closed.txt:[0-9][0-9]*:' "$TESTDIR/out.json" || fail "--lint does not name the article's line"

# ---------------------------------------------------------------- arguments

PWNED=$TESTDIR/pwned
usage_error 'oProxyCommand' --json -- "-oProxyCommand=touch\${IFS}$PWNED"
usage_error 'touch' --json "a;touch $PWNED"
usage_error 'touch' --json "\$(touch $PWNED)"
usage_error 'touch' --json "\`touch $PWNED\`"
usage_error 'a b' --json 'a b'
usage_error 'a\nb' --json "$(printf 'a\nb')"
usage_error 'x\x1b]0;pwned\x07' --json "$(printf 'x\033]0;pwned\007')"
usage_error 'a%hb' --json 'a%hb'
usage_error 'oProxyCommand' --json "ssh://-oProxyCommand=x"
usage_error 'oProxyCommand' --json "user@-oProxyCommand=x"
usage_error 'oProxyCommand' --json "[-oProxyCommand=x]:22"
usage_error '-l' --json -l "-oProxyCommand=touch $PWNED" 127.0.0.1
usage_error '-l' --json -l 'a b' 127.0.0.1
usage_error '-l' --json -l "$(printf 'a\nb')" 127.0.0.1
usage_error '-l' --json -l 'a%u' 127.0.0.1
usage_error '-F' --json -F '-x' 127.0.0.1
usage_error '-F' --json -F "-oProxyCommand=touch $PWNED" 127.0.0.1
usage_error '-i' --json -i '-oProxyCommand=x' 127.0.0.1
usage_error '-i' --json -i '' 127.0.0.1
usage_error '--sshd-config' --server --json --sshd-config '-T'
usage_error '--log' --server --json --log '-x'
usage_error '--client-ip' --server --json --client-ip '192.0.2.7,user=x'
usage_error '--client-ip' --server --json --client-ip '-x'
usage_error '--explain' --json --explain '-x'
usage_error '--content' --content '-x' --list
usage_error '-p' --json -p '22;touch' 127.0.0.1
[ ! -e "$PWNED" ] || fail "a command from an argument ran: $PWNED exists"

# Values that are odd but allowed are handed on as option arguments or after "--":
# strace shows every command sshdoc runs.
if command -v strace >/dev/null 2>&1 &&
	strace -f -qq -e trace=execve -o /dev/null true >/dev/null 2>&1; then
	odd=$TESTDIR/odd\ dir
	mkdir -p "$odd"
	cfg="$odd/-oProxyCommand=touch pwned"
	printf 'Host *\n  ConnectTimeout 2\n' >"$cfg"
	key="$odd/id %d;\`touch pwned\`"
	user='odd.user+x'
	sshd_cfg="$odd/-T sshd_config"
	cp "$TESTDIR/inc/sshd_config" "$sshd_cfg"
	sed -i '$d' "$sshd_cfg"	# not the Include loop
	lg="$odd/-x;log"
	: >"$lg"
	hex() {
		printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'
	}
	VALS="$(hex "$cfg") $(hex "$key") $(hex "$user") $(hex "$sshd_cfg") $(hex "$lg") $(hex 127.0.0.1)"
	export VALS
	# LeakSanitizer cannot run under ptrace
	saved_asan=${ASAN_OPTIONS-}
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	trace="strace -f -qq -xx -e trace=execve -e signal=none -s 65535 -o $TESTDIR/strace"
	# a server that sends its identification and KEXINIT, then holds: every client check runs
	"$HELPERS/hostile" valid >"$TESTDIR/valid.bin" || fail "hostile valid failed"
	stop_listener
	start_listener hold -H 30 -s "$TESTDIR/valid.bin"
	SSHDOC_WRAP="$trace.client"
	run_sshdoc --json --timeout 2 -F "$cfg" -i "$key" -l "$user" -p "$LISTENER_PORT" 127.0.0.1
	case $RC in 0 | 1 | 3) ;; *) fail "client run under strace: exit $RC" ;; esac
	SSHDOC_WRAP="$trace.server"
	run_sshdoc --server --json --timeout 5 --sshd-config "$sshd_cfg" --log "$lg" \
		--client-ip 192.0.2.7
	case $RC in 0 | 1 | 3) ;; *) fail "server run under strace: exit $RC" ;; esac
	SSHDOC_WRAP=
	ASAN_OPTIONS=$saved_asan
	# Each successful execve, its argv decoded from strace's hex. No shell is ever run;
	# no option word ("-x...") carries text from the person (a value is only ever a word
	# of its own: an option's argument, an operand, or after "--"); no word is the
	# "-oProxyCommand=..." that the file names hide; the -F file was handed on.
	cat "$TESTDIR/strace.client" "$TESTDIR/strace.server" | awk '
	BEGIN {
		for (i = 1; i < 256; i++)
			chr[sprintf("%02x", i)] = sprintf("%c", i)
		n = split(ENVIRON["VALS"], v, " ")
		for (i = 1; i <= n; i++)
			val[i] = text(v[i])
		cfg = val[1]
	}
	function text(h,    s, i) {
		s = ""
		for (i = 1; i < length(h); i += 2)
			s = s chr[substr(h, i, 2)]
		return s
	}
	# With threads, strace may split a call: "execve(ARGS <unfinished ...>" then
	# "<... execve resumed>) = 0"; the arguments are on the first line.
	/execve\(/ && (/ = 0$/ || /<unfinished \.\.\.>$/) {
		s = index($0, "[")
		e = index($0, "], 0x")
		if (s == 0 || e == 0)
			next
		body = substr($0, s + 1, e - s - 1)
		gsub(/\\x/, "", body)
		gsub(/"/, "", body)
		na = split(body, a, ", ")
		for (i = 1; i <= na; i++)
			a[i] = text(a[i])
		prog = a[1]
		if (prog ~ /sshdoc$/ || prog ~ /^\/usr\/bin\/time$/ || prog ~ /strace$/)
			next
		runs++
		if (prog ~ /(^|\/)(sh|bash|dash|zsh|ksh)$/)
			print "a shell was run: " prog " " a[2] " " a[3]
		for (i = 2; i <= na; i++) {
			if (a[i] == cfg)
				handed++
			if (a[i] ~ /^-oProxyCommand/)
				print "an option from a file name: " prog " ... " a[i]
			if (substr(a[i], 1, 1) != "-")
				continue
			for (j = 1; j <= n; j++)
				if (index(a[i], val[j]) > 0)
					print "person text inside an option: " prog " ... " a[i]
		}
	}
	END {
		if (handed == 0)
			print "the -F file was never handed to a command"
		print "execve checked: " runs + 0
	}' >"$TESTDIR/strace.verdict"
	log "$(tail -n 1 "$TESTDIR/strace.verdict") (commands run by sshdoc, client and server)"
	if grep -v '^execve checked' "$TESTDIR/strace.verdict" | grep -q .; then
		fail "strace: $(grep -v '^execve checked' "$TESTDIR/strace.verdict" | head -n 5)"
	fi
	grep -q '^execve checked: [1-9]' "$TESTDIR/strace.verdict" || fail "strace saw no command run"
	[ ! -e "$PWNED" ] && [ ! -e pwned ] && [ ! -e "$TESTDIR/home/pwned" ] ||
		fail "a command from an argument ran: a file pwned exists"
else
	log "strace cannot trace here: execve arguments not checked"
fi
