#!/bin/sh
# package-deb: `make deb` (in a copy of the tracked sources) builds a .deb that lintian
# accepts without errors or warnings; it installs with dpkg -i, the installed sshdoc runs
# (--version, --list, a --report against a loopback sshd, --update-content as root into
# /var/lib/sshdoc, Tab after --article), and dpkg --purge leaves nothing of it in /usr,
# /etc or /var.
# covers: (no check: the Debian package, its maintainer scripts and installed files)
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/helpers/package.sh"

need_root "installing a package"
need_cmd dpkg-buildpackage dh lintian dpkg-deb make tar
case $(dpkg-query -W -f='${db:Status-Status}' sshdoc 2>/dev/null) in
'' | not-installed) ;;
*) skip "a sshdoc package is installed on this machine: not replacing it" ;;
esac
for p in /usr/bin/sshdoc /var/lib/sshdoc /var/backups/sshdoc /usr/share/bash-completion/completions/sshdoc; do
	[ -e "$p" ] && skip "$p exists on this machine: not overwriting it"
done
unset SSHDOC_DATA_DIR

version=$PKG_VERSION
# make deb builds in a copy of the tracked files under BUILD/deb: nothing in SRCDIR changes.
t0=$(now_ms)
DEB_BUILD_OPTIONS="parallel=2 nocheck" make -C "$SRCDIR" deb BUILD="$TESTDIR/b" >"$TESTDIR/build.log" 2>&1 || {
	tail -n 40 "$TESTDIR/build.log"
	fail "make deb failed"
}
log "make deb: $(($(now_ms) - t0)) ms"
out=$TESTDIR/b/deb
deb=$out/sshdoc_${version}_$(dpkg --print-architecture).deb
changes=$out/sshdoc_${version}_$(dpkg --print-architecture).changes
[ -f "$deb" ] || fail "make deb made no $(basename "$deb"): $(ls "$out")"
[ -f "$out/sshdoc_$version.dsc" ] || fail "make deb made no source package (.dsc)"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] ||
	fail "package version $(dpkg-deb -f "$deb" Version) is not the Makefile's $version (debian/changelog)"
deps=$(dpkg-deb -f "$deb" Depends)
for lib in libssh libcurl libjansson libncursesw libssl openssh-client; do
	case $deps in *"$lib"*) ;; *) fail "Depends lacks $lib: $deps" ;; esac
done

# lintian: no error, no warning (--fail-on), over the source, binary and dbgsym packages.
lintian --fail-on error,warning "$changes" >"$TESTDIR/lintian.log" 2>&1 || {
	cat "$TESTDIR/lintian.log"
	fail "lintian rejects the packages"
}
grep -E '^[EW]: ' "$TESTDIR/lintian.log" && fail "lintian reports errors or warnings"

dpkg-deb -c "$deb" >"$TESTDIR/contents"
for f in ./usr/bin/sshdoc ./usr/share/man/man1/sshdoc.1.gz \
	./usr/share/bash-completion/completions/sshdoc ./usr/share/doc/sshdoc/copyright ./var/lib/sshdoc/; do
	grep -q " $f\$" "$TESTDIR/contents" || fail "the package lacks $f"
done

# One package at a time on this machine (dpkg's lock does not wait).
exec 8>"${TMPDIR:-/tmp}/sshdoc-test-dpkg.lock"
command -v flock >/dev/null 2>&1 && flock -w 600 8

# What the package may leave: a file list of /usr, /etc and /var before and after,
# without the places that change by themselves (dpkg's database, logs, caches).
snapshot() {
	find /usr /etc /var -xdev \( -path /var/lib/dpkg -o -path /var/log -o -path /var/cache \
		-o -path /var/lib/apt -o -path /var/tmp -o -path /var/lib/systemd \) -prune -o -print \
		2>/dev/null | LC_ALL=C sort >"$1"
}
snapshot "$TESTDIR/before"
on_exit "dpkg --purge sshdoc"
dpkg -i "$deb" >"$TESTDIR/dpkg-i.log" 2>&1 || { cat "$TESTDIR/dpkg-i.log"; fail "dpkg -i failed"; }
dpkg -L sshdoc >"$TESTDIR/owned" || fail "dpkg -L sshdoc failed after the install"

[ -x /usr/bin/sshdoc ] || fail "no /usr/bin/sshdoc after dpkg -i"
[ "$(stat -c '%U:%G %a' /var/backups/sshdoc 2>/dev/null)" = "root:root 700" ] ||
	fail "/var/backups/sshdoc should be root:root 0700, is $(stat -c '%U:%G %a' /var/backups/sshdoc 2>&1)"
[ -d /var/lib/sshdoc ] || fail "no /var/lib/sshdoc after dpkg -i"
if command -v man >/dev/null 2>&1; then
	man -w sshdoc >/dev/null 2>&1 || fail "man -w sshdoc finds no page"
fi

check_packaged /usr/bin/sshdoc

start_sshd
run_sshdoc --report --timeout 3 -p "$SSHD_PORT" 127.0.0.1
assert_rc 0 "installed sshdoc --report on a healthy sshd"
grep -q "^sshdoc $version: connecting to root@127.0.0.1 port $SSHD_PORT" "$TESTDIR/out.json" ||
	fail "the report lacks its first line"
grep -q 'tcp-connect' "$TESTDIR/out.json" || fail "the report lacks the tcp-connect check"

# Content installed as root goes to /var/lib/sshdoc, is used, and is purged with the package.
sh "$SRCDIR/content/tools/mkupdate.sh" "$SRCDIR/content" >"$TESTDIR/content.bundle" ||
	fail "mkupdate.sh failed"
run_sshdoc --update-content "file://$TESTDIR/content.bundle"
assert_rc 0 "installed sshdoc --update-content as root"
[ -f /var/lib/sshdoc/content/causes.tsv ] || fail "--update-content as root wrote no /var/lib/sshdoc/content"
run_sshdoc --json --timeout 3 -p "$SSHD_PORT" 127.0.0.1
assert_rc 0 "report with the installed content"
assert_json '.content | tostring | startswith("/var/lib/sshdoc/content")' \
	"the report should use /var/lib/sshdoc/content (content: $(json .content))"

# Tab after `sshdoc --article port-c`, through the installed completion.
got=$(HOME=$TESTDIR/home bash --norc --noprofile -c '
	. /usr/share/bash-completion/completions/sshdoc || exit 1
	complete -p sshdoc >/dev/null || exit 1
	COMP_LINE="sshdoc --article port-c"; COMP_POINT=${#COMP_LINE}
	COMP_WORDS=(sshdoc --article port-c); COMP_CWORD=2
	_sshdoc; printf "%s\n" "${COMPREPLY[@]}"' 2>&1) || fail "the installed completion does not load: $got"
echo "$got" | grep -qx port-closed || fail "Tab after --article port-c gives: $got"

stop_sshd
dpkg --purge sshdoc >"$TESTDIR/dpkg-purge.log" 2>&1 || { cat "$TESTDIR/dpkg-purge.log"; fail "dpkg --purge failed"; }
st=$(dpkg-query -W -f='${db:Status-Status}' sshdoc 2>/dev/null) || st=
[ -z "$st" ] || [ "$st" = not-installed ] || fail "after the purge, dpkg says sshdoc is $st"
ls /var/lib/dpkg/info/sshdoc.* >/dev/null 2>&1 && fail "dpkg still has files of sshdoc: $(ls /var/lib/dpkg/info/sshdoc.*)"
snapshot "$TESTDIR/after"

# Other tests may run beside this one (useradd, daemons): a difference is the package's
# when its path names sshdoc or dpkg listed it; others are shown, not failed.
LC_ALL=C comm -13 "$TESTDIR/before" "$TESTDIR/after" >"$TESTDIR/new"
LC_ALL=C comm -23 "$TESTDIR/before" "$TESTDIR/after" >"$TESTDIR/gone"
ours() {
	grep -F -x -f "$TESTDIR/owned" "$1"
	grep sshdoc "$1"
}
left=$(ours "$TESTDIR/new")
[ -z "$left" ] || fail "left after dpkg --purge: $left"
lost=$(ours "$TESTDIR/gone")
[ -z "$lost" ] || fail "gone after dpkg -i and --purge, though there before: $lost"
for f in new gone; do
	[ -s "$TESTDIR/$f" ] && log "$f meanwhile, not the package's: $(head -n 20 "$TESTDIR/$f" | tr '\n' ' ')"
done
log "dpkg -i, runs and dpkg --purge: nothing left ($(wc -l <"$TESTDIR/before") paths compared)"
exit 0
