#!/bin/sh
# layers: the arrows run one way (ui/ -> content/ -> checks/ -> lib/), no fix command sits
# in a check's C strings, no .c file outside generated code passes 900 lines, and every
# test names the checks it covers in a "# covers:" header line.
# covers: (no check: the source tree's layout)
. "$(dirname "$0")/../lib.sh"

cd "$SRCDIR" || fail "no source tree"

# includes FROM TO...: files under FROM that include a header of a layer above them.
bad_includes() {
	_from=$1
	shift
	for _to in "$@"; do
		grep -ln "^#include \"$_to/" $(find "$_from" -name '*.[ch]') 2>/dev/null
	done
}

v=$(bad_includes lib checks content ui)
[ -z "$v" ] || fail "lib/ includes a higher layer: $v"
v=$(bad_includes checks content ui)
[ -z "$v" ] || fail "checks/ includes content/ or ui/: $v"
v=$(bad_includes content ui)
[ -z "$v" ] || fail "content/ includes ui/: $v"
# Only lib/ and checks/ speak to libssh and libcurl; ui/ reads results.
v=$(grep -lnE '^#include <(libssh|curl)/' ui/*.[ch] content/*.[ch] 2>/dev/null)
[ -z "$v" ] || fail "includes libssh or libcurl outside lib/ and checks/: $v"

# No .c file passes 900 lines (generated files live under build*/ only).
v=$(find lib checks content ui tests -name '*.c' -exec wc -l {} + |
	awk '$2 != "total" && $1 > 900 { printf "%s (%d) ", $2, $1 }')
[ -z "$v" ] || fail "files over 900 lines: $v"

# Every check lives in its own check-<id>.c, exec named <id>_exec.
for f in $(find checks -name 'check-*.c'); do
	id=$(basename "$f" .c)
	id=${id#check-}
	fn=$(printf '%s' "$id" | tr - _)_exec
	grep -q "\.exec[[:space:]]*=[[:space:]]*${fn}," "$f" ||
		fail "$f: exec is not named ${fn}"
	grep -q "\.id[[:space:]]*=[[:space:]]*\"$id\"" "$f" || fail "$f: id is not $id"
done

# Every script test says which checks it covers, by their ids.
ids=" $(find checks -name 'check-*.c' | sed 's#.*/check-##; s#\.c$##' | tr '\n' ' ') "
for t in tests/integration/*.sh tests/ui/*.sh; do
	line=$(grep -m1 '^# covers:' "$t") || fail "$t has no '# covers:' header line"
	case $line in *"(no check"*) continue ;; esac
	for w in ${line#\# covers:}; do
		case $w in "("*) break ;; esac
		case $ids in *" $w "*) ;; *) fail "$t covers an unknown check: $w" ;; esac
	done
done
log "layers OK"
