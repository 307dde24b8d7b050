#!/bin/sh
# install: make install honours DESTDIR, PREFIX, BINDIR, MANDIR and BASHCOMPDIR (binary,
# man page, bash completion, each where asked and nowhere else), the installed binary
# runs, and make uninstall with the same variables removes exactly those files.
# covers: (no check: make install and make uninstall)
. "$(dirname "$0")/../lib.sh"

case $SSHDOC in
*-asan/*) skip "make install installs the plain build: checked once, with build/" ;;
esac
need_cmd make install

# inst NAME VAR=VALUE...: make install into $TESTDIR/NAME; the list of what it made.
inst() {
	_d=$TESTDIR/$1
	shift
	make -s -C "$SRCDIR" install DESTDIR="$_d" "$@" >"$TESTDIR/make.log" 2>&1 ||
		fail "make install $*: $(tail -n 20 "$TESTDIR/make.log")"
	(cd "$_d" && find . ! -type d | sort) >"$TESTDIR/installed"
}
expect() {
	printf '%s\n' "$@" | sort | cmp -s - "$TESTDIR/installed" ||
		fail "make install should make exactly: $*; made: $(tr '\n' ' ' <"$TESTDIR/installed")"
}
uninst() {
	_d=$TESTDIR/$1
	shift
	make -s -C "$SRCDIR" uninstall DESTDIR="$_d" "$@" >"$TESTDIR/make.log" 2>&1 ||
		fail "make uninstall $*: $(tail -n 20 "$TESTDIR/make.log")"
	_left=$(cd "$_d" && find . ! -type d)
	[ -z "$_left" ] || fail "make uninstall $* left: $_left"
}

inst a
expect ./usr/local/bin/sshdoc ./usr/local/share/man/man1/sshdoc.1 \
	./usr/local/share/bash-completion/completions/sshdoc
"$TESTDIR/a/usr/local/bin/sshdoc" --version | grep -q '^sshdoc [0-9]' || fail "the installed sshdoc does not run"
[ "$(stat -c %a "$TESTDIR/a/usr/local/bin/sshdoc")" = 755 ] || fail "the binary is not mode 755"
for f in share/man/man1/sshdoc.1 share/bash-completion/completions/sshdoc; do
	[ "$(stat -c %a "$TESTDIR/a/usr/local/$f")" = 644 ] || fail "$f is not mode 644"
done
cmp -s "$SRCDIR/assets/completion/sshdoc.bash" "$TESTDIR/a/usr/local/share/bash-completion/completions/sshdoc" ||
	fail "the installed completion is not assets/completion/sshdoc.bash"
uninst a

# What make install did not put there stays.
inst d
: >"$TESTDIR/d/usr/local/bin/other"
make -s -C "$SRCDIR" uninstall DESTDIR="$TESTDIR/d" >"$TESTDIR/make.log" 2>&1 || fail "make uninstall failed"
[ "$(cd "$TESTDIR/d" && find . ! -type d)" = ./usr/local/bin/other ] ||
	fail "make uninstall should leave only usr/local/bin/other: $(cd "$TESTDIR/d" && find . ! -type d)"

inst b PREFIX=/usr
expect ./usr/bin/sshdoc ./usr/share/man/man1/sshdoc.1 ./usr/share/bash-completion/completions/sshdoc
uninst b PREFIX=/usr

inst c PREFIX=/opt/sshdoc BINDIR=/opt/bin MANDIR=/opt/man BASHCOMPDIR=/etc/bash_completion.d
expect ./opt/bin/sshdoc ./opt/man/man1/sshdoc.1 ./etc/bash_completion.d/sshdoc
uninst c PREFIX=/opt/sshdoc BINDIR=/opt/bin MANDIR=/opt/man BASHCOMPDIR=/etc/bash_completion.d
exit 0
