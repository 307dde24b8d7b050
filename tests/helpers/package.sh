# package.sh: sourced by the packaging tests after lib.sh: the version, a copy of the
# sources as a release holds them, and what every installed sshdoc must do.

# The package does not depend on the build under test: build and check it once.
case $SSHDOC in
*-asan/*) skip "the package does not depend on the build under test: checked once, with build/" ;;
esac
PKG_VERSION=$(sed -n 's/^VERSION[ 	]*=[ 	]*//p' "$SRCDIR/Makefile")
[ -n "$PKG_VERSION" ] || fail "no VERSION in the Makefile"

# copy_sources DIR: the tracked files into DIR (never the developer's build
# directories); when SRCDIR is not the top of a git work tree, the tree less .git,
# build* and ./sshdoc.
copy_sources() {
	mkdir -p "$1"
	if _p=$(git -C "$SRCDIR" rev-parse --show-prefix 2>/dev/null) && [ -z "$_p" ]; then
		(cd "$SRCDIR" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$1" ||
			fail "copying the tracked files failed"
	else
		(cd "$SRCDIR" && tar --anchored --exclude=./.git --exclude='./build*' \
			--exclude=./sshdoc -cf - .) | tar -xf - -C "$1" || fail "copying the sources failed"
	fi
}

# check_packaged BINARY: it runs, says the Makefile's version and lists every cause.
check_packaged() {
	SSHDOC=$1
	run_sshdoc --version
	assert_rc 0 "$1 --version"
	grep -qx "sshdoc $PKG_VERSION" "$TESTDIR/out.json" ||
		fail "$1 --version says $(head -c 200 "$TESTDIR/out.json")"
	run_sshdoc --list
	assert_rc 0 "$1 --list"
	for _id in $(cause_ids); do
		grep -q "^$_id	" "$TESTDIR/out.json" || fail "$1 --list lacks $_id"
	done
}
