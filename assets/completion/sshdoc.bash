# sshdoc.bash: bash completion for sshdoc: options, cause ids, files and host names.
#
# The options and what each takes are read from `sshdoc --help` at each Tab, so the
# completion is always in step with the binary being completed: an option followed by
# ID completes cause ids (`sshdoc --list`), FILE files, DIR directories, USER or NAME
# user names, HOST host names; others (PORT, SECONDS, URL...) complete nothing. The
# target completes host names as ssh's own completion does: Host lines without patterns
# of the client configuration (the one given with -F, else ~/.ssh/config and
# /etc/ssh/ssh_config, following Include) and the known_hosts files (hashed entries
# cannot be read back, so they are skipped). bash-completion loads it from its
# completions directory (or source it); it needs bash 4, none of bash-completion's code.

# CMD ARG: what the sshdoc being completed prints, bounded in time and bytes.
_sshdoc_run()
{
	local t=

	command -v timeout >/dev/null 2>&1 && t="timeout 3"
	$t "$1" "$2" 2>/dev/null </dev/null | head -c 65536
}

# "OPTION METAVAR" lines from --help: option lines begin with two spaces and a dash;
# a metavariable is one space after its option and starts upper-case ("--json   JSON
# report" has a description there, "--update-content URL fetch..." an argument). "[N]"
# is an optional argument, which getopt takes only as --opt=N: no argument to complete.
_sshdoc_optspec()
{
	_sshdoc_run "$1" --help | awk '
	/^  -/ {
		s = substr($0, 3)
		n = 0
		arg = ""
		while (match(s, /^-[-A-Za-z0-9]+/)) {
			opt[++n] = substr(s, 1, RLENGTH)
			s = substr(s, RLENGTH + 1)
			if (match(s, /^ [A-Z[][^ ]*/)) {
				arg = substr(s, 2, RLENGTH - 1)
				s = substr(s, RLENGTH + 1)
			}
			if (substr(s, 1, 2) != ", ")
				break
			s = substr(s, 3)
		}
		if (arg ~ /^\[/)
			arg = ""
		for (i = 1; i <= n; i++)
			print opt[i], arg
	}'
}

# Host names of one ssh_config file and the files it includes, one a line; known_hosts
# files it names go to the caller's _sshdoc_khfiles. base: where relative Includes are
# (~/.ssh for user files, /etc/ssh for system ones). Bounded as ssh bounds Include
# depth (16), and in files (64) and bytes (1 MiB each) read.
_sshdoc_conf_hosts()
{
	local file=$1 base=$2 depth=$3 kind val f

	[[ -f $file && -r $file ]] || return 0
	((depth > 16 || _sshdoc_nconf >= 64)) && return 0
	((_sshdoc_nconf++))
	while read -r kind val; do
		case $kind in
		H)
			printf '%s\n' "$val"
			;;
		I)
			[[ $val == \~/* ]] && val=$HOME/${val#\~/}
			[[ $val == /* ]] || val=$base/$val
			while IFS= read -r f; do
				_sshdoc_conf_hosts "$f" "$base" $((depth + 1))
			done < <(compgen -G "$val")
			;;
		K)
			[[ $val == \~/* ]] && val=$HOME/${val#\~/}
			[[ $val == /* && $val != *%* ]] && _sshdoc_khfiles+=("$val")
			;;
		esac
	done < <(head -c 1048576 -- "$file" 2>/dev/null | awk '
	{
		sub(/^[ \t]+/, "")
		sub(/[ \t\r]+$/, "")
	}
	/^#/ || $0 == "" { next }
	{
		if (!match($0, /^[A-Za-z]+/))
			next
		kw = tolower(substr($0, 1, RLENGTH))
		rest = substr($0, RLENGTH + 1)
		sub(/^[ \t]*=?[ \t]*/, "", rest)
		n = split(rest, a, /[ \t]+/)
		for (i = 1; i <= n; i++) {
			v = a[i]
			gsub(/"/, "", v)
			if (v ~ /^#/)
				break
			if (v == "")
				continue
			if (kw == "host") {
				# patterns and negations name no one host
				if (v ~ /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/)
					print "H", v
			} else if (kw == "include")
				print "I", v
			else if (kw == "userknownhostsfile" || kw == "globalknownhostsfile")
				print "K", v
		}
	}')
}

# Host names of known_hosts files, one a line: hashed entries (|1|...), patterns,
# @revoked lines and IPv6 addresses (":" splits bash words) are left out; "[host]:port"
# gives host. At most 8 MiB of each file.
_sshdoc_known_hosts()
{
	local f

	for f in "$@"; do
		[[ -f $f && -r $f ]] || continue
		head -c 8388608 -- "$f" 2>/dev/null
		echo
	done | awk '
	{ sub(/^[ \t]+/, "") }
	/^#/ || $0 == "" { next }
	{
		f = $1
		if (f ~ /^@/) {
			if (f != "@cert-authority")
				next
			f = $2
		}
		n = split(f, a, ",")
		for (i = 1; i <= n; i++) {
			h = a[i]
			if (h ~ /^\[/) {
				sub(/^\[/, "", h)
				sub(/\]:[0-9]+$/, "", h)
			}
			if (h ~ /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/)
				print h
		}
	}'
}

# Every host name for the target: config (-F FILE, else the user and system files),
# then known_hosts, each name once.
_sshdoc_hosts()
{
	local conf=$1 _sshdoc_nconf=0
	local -a _sshdoc_khfiles=("$HOME/.ssh/known_hosts" "$HOME/.ssh/known_hosts2"
	    /etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2)

	{
		if [[ -n $conf ]]; then
			_sshdoc_conf_hosts "$conf" "$HOME/.ssh" 0
		else
			_sshdoc_conf_hosts "$HOME/.ssh/config" "$HOME/.ssh" 0
			_sshdoc_conf_hosts /etc/ssh/ssh_config /etc/ssh 0
		fi
		_sshdoc_known_hosts "${_sshdoc_khfiles[@]}"
	} | awk '!seen[$0]++'
}

# Candidates for the word under the cursor, whole ("--article=port-closed",
# "bob@alpha"), into COMPREPLY less what bash keeps: the word up to its last
# COMP_WORDBREAKS character ("=", ":"), which bash does not replace; "@" and "$"
# (readline's special prefixes) are replaced with what follows them.
_sshdoc_reply()
{
	local cur=$1 pre='' i c

	shift
	for ((i = ${#cur} - 1; i >= 0; i--)); do
		c=${cur:i:1}
		if [[ ${COMP_WORDBREAKS-} == *"$c"* ]]; then
			pre=${cur:0:i+1}
			[[ $c == [@\$] ]] && pre=${cur:0:i}
			break
		fi
	done
	COMPREPLY=()
	for c in "$@"; do
		COMPREPLY+=("${c#"$pre"}")
	done
}

_sshdoc()
{
	local line cmd cur prev w arg spec val conf='' lead='' npos=0 dashdash=0 i n
	local -a words cands=()
	local -A takes=()

	COMPREPLY=()
	# The words as typed (bash's COMP_WORDS are also split at "=", "@" and ":").
	if [[ -n ${COMP_LINE-} ]]; then
		line=${COMP_LINE:0:COMP_POINT}
	else
		line="${COMP_WORDS[*]:0:COMP_CWORD+1}"
	fi
	read -ra words <<<"$line"
	[[ ${#words[@]} -eq 0 || $line == *[[:space:]] ]] && words+=("")
	n=${#words[@]}
	((n >= 2)) || return 0
	cur=${words[n-1]}
	prev=${words[n-2]}
	cmd=${words[0]}
	[[ $cmd == \~/* ]] && cmd=$HOME/${cmd#\~/}
	[[ $cmd == */* && -x $cmd && ! -d $cmd ]] || cmd=$(type -P sshdoc) || return 0
	while read -r w arg; do
		[[ -n $w ]] && takes[$w]=${arg:--}
	done < <(_sshdoc_optspec "$cmd")
	# whatever --help calls their argument, these take a cause id
	for w in --article --fix; do
		[[ ${takes[$w]:--} != - ]] && takes[$w]=ID
	done

	# The words before: options and their arguments, -F's file, the target, "--".
	for ((i = 1; i < n - 1; i++)); do
		w=${words[i]}
		if ((dashdash)) || [[ $w != -* ]]; then
			((npos++))
		elif [[ $w == -- ]]; then
			dashdash=1
		elif [[ $w == -F?* ]]; then
			conf=${w#-F}
		elif [[ $w == --*=* || ${takes[$w]:--} == - ]]; then
			:
		else
			((i++))
			[[ $w == -F ]] && conf=${words[i]}
		fi
	done
	[[ $conf == \~/* ]] && conf=$HOME/${conf#\~/}

	spec=-
	if ((!dashdash)) && [[ $cur == --*=* ]]; then
		lead=${cur%%=*}=
		spec=${takes[${cur%%=*}]:--}
		[[ $spec == - ]] && return 0
	elif ((!dashdash)) && [[ $prev == -* && $prev != --*=* && $prev != -- ]]; then
		spec=${takes[$prev]:--}
	fi
	val=${cur#"$lead"}

	# Words given to compgen -W are expanded by it: every list below holds only
	# [A-Za-z0-9_.-] words (host names, cause ids, options), never text as read.
	if [[ $spec != - ]]; then
		case $spec in
		ID | ID\|*)
			mapfile -t cands < <(compgen -W "$(_sshdoc_run "$cmd" --list |
			    cut -f1 | grep -E '^[a-z0-9][a-z0-9-]*$')" -- "$val")
			;;
		DIR)
			compopt -o filenames 2>/dev/null
			mapfile -t cands < <(compgen -d -- "$val")
			;;
		*FILE* | *DIR*)
			compopt -o filenames 2>/dev/null
			mapfile -t cands < <(compgen -f -- "$val")
			;;
		USER | NAME)
			mapfile -t cands < <(compgen -u -- "$val")
			;;
		*HOST*)
			mapfile -t cands < <(compgen -W "$(_sshdoc_hosts "$conf")" -- "$val")
			;;
		esac
	elif ((!dashdash)) && [[ $cur == -* ]]; then
		mapfile -t cands < <(compgen -W "${!takes[*]}" -- "$cur")
	elif ((npos == 0)); then
		# the target, once: [user@]host
		[[ $cur == *@* ]] && lead=${cur%@*}@
		val=${cur#"$lead"}
		mapfile -t cands < <(compgen -W "$(_sshdoc_hosts "$conf")" -- "$val")
	fi
	_sshdoc_reply "$cur" "${cands[@]/#/$lead}"
	return 0
}

complete -F _sshdoc sshdoc
