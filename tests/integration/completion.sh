#!/bin/sh
# completion: assets/completion/sshdoc.bash through bash's completion function with
# COMP_LINE, COMP_POINT, COMP_WORDS and COMP_CWORD set as bash sets them: every option --help lists (and only
# those), cause ids after --article (and --fix when --help has it), files, directories,
# users, and host names from ~/.ssh/config (Include followed, patterns left out) and
# known_hosts (hashed, IPv6 and pattern entries left out) in a HOME made by the test.
# covers: (no check: bash completion)
. "$(dirname "$0")/../lib.sh"

need_cmd bash
COMPFILE=$SRCDIR/assets/completion/sshdoc.bash
H=$TESTDIR/chome
mkdir -p "$H/.ssh/conf.d" "$H/.ssh/deeper" "$TESTDIR/work/d1"
: >"$TESTDIR/work/conf1"
cat >"$H/.ssh/config" <<EOF
# a comment: Host commented
Host alpha beta-1 *.wild !negated gam?a
	HostName 192.0.2.1
Include conf.d/*.conf
host=eq-host
Host \$(touch $TESTDIR/pwned) \`touch $TESTDIR/pwned\`
	UserKnownHostsFile ~/.ssh/kh_extra
Match host alpha
Include ~/.ssh/config
EOF
printf 'Host included "quoted" # trailing-comment\nInclude deeper/*\n' >"$H/.ssh/conf.d/a.conf"
printf 'HOST nested\n' >"$H/.ssh/deeper/n.conf"
printf 'Host only-in-f\n' >"$TESTDIR/other.conf"
echo 'extra.example ssh-ed25519 AAAAC3' >"$H/.ssh/kh_extra"
{
	echo '# known hosts'
	echo 'plain.example,198.51.100.4 ssh-ed25519 AAAAC3'
	echo '[ported.example]:2222 ssh-ed25519 AAAAC3'
	echo '2001:db8::5 ssh-ed25519 AAAAC3'
	echo '@cert-authority *.ca.example ssh-ed25519 AAAAC3'
	echo '@revoked revoked.example ssh-ed25519 AAAAC3'
	echo "\$(touch $TESTDIR/pwned),evil;name ssh-ed25519 AAAAC3"
} >"$H/.ssh/known_hosts"
# A hashed entry, hashed by ssh-keygen itself as HashKnownHosts does.
if command -v ssh-keygen >/dev/null 2>&1; then
	echo 'hashed.example ssh-ed25519 AAAAC3' >"$H/.ssh/known_hosts2"
	ssh-keygen -H -f "$H/.ssh/known_hosts2" >/dev/null 2>&1 || fail "ssh-keygen -H failed"
	grep -q '^|1|' "$H/.ssh/known_hosts2" || fail "ssh-keygen -H wrote no hashed entry"
fi

cat >"$TESTDIR/comp.bash" <<'EOF'
. "$1" || exit 1
shift
complete -p sshdoc >/dev/null || { echo "no completion registered for sshdoc"; exit 1; }
# As bash: the line up to the cursor, and its words split at blanks and at the
# COMP_WORDBREAKS characters, each of those a word of its own.
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMP_WORDS=()
w=
for ((i = 0; i < ${#COMP_LINE}; i++)); do
	c=${COMP_LINE:i:1}
	if [[ $c == [[:space:]] ]]; then
		[[ -n $w ]] && COMP_WORDS+=("$w")
		w=
	elif [[ $COMP_WORDBREAKS == *"$c"* ]]; then
		[[ -n $w ]] && COMP_WORDS+=("$w")
		COMP_WORDS+=("$c")
		w=
	else
		w+=$c
	fi
done
COMP_WORDS+=("$w")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_sshdoc || exit 1
((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}"
exit 0
EOF

# comp WORD...: the completions for the last word, one a line, into $TESTDIR/c.
comp() {
	(cd "$TESTDIR/work" && HOME=$H timeout 20 bash --norc --noprofile "$TESTDIR/comp.bash" \
		"$COMPFILE" "$SSHDOC" "$@") >"$TESTDIR/c" 2>"$TESTDIR/c.err" ||
		fail "completing '$*' failed: $(cat "$TESTDIR/c" "$TESTDIR/c.err")"
	[ -s "$TESTDIR/c.err" ] && fail "completing '$*' wrote to stderr: $(head -c 500 "$TESTDIR/c.err")"
	return 0
}
has() {
	grep -qxF -- "$1" "$TESTDIR/c" || fail "completing '$2' should offer '$1'; got: $(tr '\n' ' ' <"$TESTDIR/c")"
}
hasnt() {
	grep -qxF -- "$1" "$TESTDIR/c" && fail "completing '$2' should not offer '$1'"
	return 0
}
none() {
	[ -s "$TESTDIR/c" ] && fail "completing '$1' should offer nothing; got: $(tr '\n' ' ' <"$TESTDIR/c")"
	return 0
}

# ---- options: the same set as --help's option lines, read here with sed, not awk
run_sshdoc --help
assert_rc 0 "--help"
sed -n 's/^  \(-[-A-Za-z0-9]*\(, -[-A-Za-z0-9]*\)*\).*/\1/p' "$TESTDIR/out.json" |
	sed 's/, /\n/g' | sort -u >"$TESTDIR/help-opts"
[ "$(wc -l <"$TESTDIR/help-opts")" -ge 20 ] || fail "found only $(wc -l <"$TESTDIR/help-opts") options in --help"
comp -
sort -u "$TESTDIR/c" >"$TESTDIR/comp-opts"
missing=$(comm -23 "$TESTDIR/help-opts" "$TESTDIR/comp-opts" | tr '\n' ' ')
[ -z "$missing" ] || fail "--help has options the completion lacks: $missing"
extra=$(comm -13 "$TESTDIR/help-opts" "$TESTDIR/comp-opts" | tr '\n' ' ')
[ -z "$extra" ] || fail "the completion offers options --help lacks: $extra"
comp --re
has --report --re
has --redact --re
hasnt --json --re

# ---- cause ids: exactly sshdoc --list's
run_sshdoc --list
cut -f1 "$TESTDIR/out.json" | sort >"$TESTDIR/ids"
comp --article ''
sort "$TESTDIR/c" | cmp -s - "$TESTDIR/ids" || fail "--article should offer every id of --list"
comp --article port-c
has port-closed "--article port-c"
hasnt port-22-blocked "--article port-c"
comp --article=port-c
has port-closed "--article=port-c (bash replaces what follows the =)"
comp --json --article max
has maxstartups-throttling "--json --article max"
if grep -qx -- --fix "$TESTDIR/help-opts"; then
	comp --fix port-c
	has port-closed "--fix port-c"
else
	log "--help has no --fix yet: its ids are not tested"
fi

# ---- arguments by kind
comp -F con
has conf1 "-F con"
comp --content ''
has d1 "--content"
hasnt conf1 "--content"
comp --content=d
has d1 "--content=d"
comp --explain c
has conf1 "--explain c"
comp -l ro
has root "-l ro"
comp -p ''
none "-p"
comp --timeout ''
none "--timeout"
comp --server --port ''
none "--server --port"

# ---- host names
comp ''
for h in alpha beta-1 eq-host included quoted nested plain.example 198.51.100.4 \
	ported.example extra.example; do
	has "$h" "(target)"
done
for h in '*.wild' wild negated '!negated' 'gam?a' commented trailing-comment '#' \
	2001:db8::5 '*.ca.example' revoked.example evil hashed.example only-in-f; do
	hasnt "$h" "(target)"
done
bad=$(grep -n '[^A-Za-z0-9_.-]' "$TESTDIR/c" | head -n 3)
[ -z "$bad" ] || fail "host names with other characters than [A-Za-z0-9_.-] offered: $bad"
[ -e "$TESTDIR/pwned" ] && fail "completing ran a command found in a configuration file"
[ "$(sort "$TESTDIR/c" | uniq -d)" = "" ] || fail "a host is offered twice"
comp al
has alpha "al"
hasnt beta-1 "al"
comp bob@pl
has @plain.example "bob@pl (bash replaces the @ and what follows)"
comp -p 2222 al
has alpha "-p 2222 al (the port is no target)"
comp -- al
has alpha "-- al"
comp alpha ''
none "alpha (a target is given)"
comp -F "$TESTDIR/other.conf" ''
has only-in-f "-F other.conf"
hasnt alpha "-F other.conf (ssh reads no ~/.ssh/config then)"
has plain.example "-F other.conf (known_hosts still)"

# ---- options that appear later (the contract's --fix, -J, --hosts...) complete from
# --help alone: a stand-in sshdoc whose --help has them, on PATH as "sshdoc".
mkdir -p "$TESTDIR/bin"
cat >"$TESTDIR/bin/sshdoc" <<'EOF2'
#!/bin/sh
case $1 in
--help)
	printf '%s\n' 'usage: sshdoc [options] [[user@]host[:port]]' '' \
	    '  -p PORT              port' '  -J HOST              jump host' \
	    '  -o Key=Value         an ssh option' '  --fix CAUSE          show the fix plan' \
	    '  --undo [N]           undo the last fix' '  --hosts FILE|-       hosts to check' \
	    '  --json               JSON report' '  --help, --version' ;;
--list) printf 'port-closed\tNothing accepts connections\nport-22-blocked\tBlocked\n' ;;
esac
EOF2
chmod 755 "$TESTDIR/bin/sshdoc"
SSHDOC_REAL=$SSHDOC
SSHDOC=sshdoc
PATH=$TESTDIR/bin:$PATH
comp -
for o in -p -J -o --fix --undo --hosts --json --help --version; do
	has "$o" "- (stand-in sshdoc)"
done
comp --fix port-c
has port-closed "--fix port-c (stand-in sshdoc)"
comp -J al
has alpha "-J al (stand-in sshdoc)"
comp --hosts con
has conf1 "--hosts con (stand-in sshdoc)"
comp -o ''
none "-o (stand-in sshdoc)"
comp --undo al
has alpha "--undo al (its argument is optional: --undo=N)"
comp --json al
has alpha "--json al (stand-in sshdoc)"
SSHDOC=$SSHDOC_REAL
exit 0
