#!/bin/sh
# package-rpm: assets/rpm/sshdoc.spec builds with rpmbuild (Debian's rpm package; its
# BuildRequires are pkg-config names, which dpkg's database cannot answer, so --nodeps)
# from a tarball of the tracked files: the version is the Makefile's, the package holds
# the binary, man page, completion, /var/lib/sshdoc and /var/backups/sshdoc (root,
# 0700), its binary runs, and erasing it removes the installed content. Without
# rpmbuild, only rpmspec -P parses the spec.
# covers: (no check: the RPM package)
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/helpers/package.sh"

SPEC=$SRCDIR/assets/rpm/sshdoc.spec
version=$PKG_VERSION

if ! command -v rpmbuild >/dev/null 2>&1; then
	need_cmd rpmspec
	rpmspec -P "$SPEC" >"$TESTDIR/spec.out" 2>&1 || fail "rpmspec -P: $(head -c 2000 "$TESTDIR/spec.out")"
	[ "$(rpmspec -q --qf '%{VERSION}\n' --srpm "$SPEC")" = "$version" ] ||
		fail "the spec's Version is not the Makefile's $version"
	skip "rpmbuild not installed: the spec parses (rpmspec -P), the package is not built"
fi
need_cmd tar rpm rpm2archive

top=$TESTDIR/rpmbuild
mkdir -p "$top/SOURCES"
copy_sources "$TESTDIR/src/sshdoc-$version"
tar -C "$TESTDIR/src" -czf "$top/SOURCES/sshdoc-$version.tar.gz" "sshdoc-$version" || fail "tar failed"

t0=$(now_ms)
rpmbuild -bb --nodeps --define "_topdir $top" --define '_smp_build_ncpus 2' \
	--define 'debug_package %{nil}' "$SPEC" >"$TESTDIR/rpmbuild.log" 2>&1 || {
	tail -n 40 "$TESTDIR/rpmbuild.log"
	fail "rpmbuild failed"
}
log "rpmbuild: $(($(now_ms) - t0)) ms"
rpm=$(ls "$top"/RPMS/*/sshdoc-"$version"-1*.rpm 2>/dev/null | head -n 1)
[ -f "$rpm" ] || fail "rpmbuild made no sshdoc-$version-1 package: $(ls -R "$top/RPMS")"
[ "$(rpm -qp --qf '%{VERSION}' "$rpm")" = "$version" ] || fail "the spec's Version is not the Makefile's $version"

rpm -qlvp "$rpm" >"$TESTDIR/files" || fail "rpm -qlvp failed"
# want MODE PATH: the package holds PATH with that mode, owned by root:root.
want() {
	awk -v m="$1" -v p="$2" '$1 == m && $3 == "root" && $4 == "root" && $NF == p { f = 1 } END { exit !f }' \
		"$TESTDIR/files" || fail "the package should hold $2 ($1 root root): $(cat "$TESTDIR/files")"
}
want -rwxr-xr-x /usr/bin/sshdoc
want -rw-r--r-- /usr/share/bash-completion/completions/sshdoc
want drwxr-xr-x /var/lib/sshdoc
want drwx------ /var/backups/sshdoc
grep -q ' /usr/share/man/man1/sshdoc\.1' "$TESTDIR/files" || fail "the package has no man page"
rpm -qp --requires "$rpm" >"$TESTDIR/requires"
grep -q '^openssh-clients' "$TESTDIR/requires" || fail "the package does not require openssh-clients"
rpm -qp --scripts "$rpm" | grep -q 'rm -rf /var/lib/sshdoc' || fail "no postun that removes /var/lib/sshdoc"

# The packaged binary runs and knows every cause.
(cd "$TESTDIR" && rpm2archive "$rpm") || fail "rpm2archive failed"
mkdir -p "$TESTDIR/root"
tar -C "$TESTDIR/root" -xzf "$rpm.tgz" || fail "cannot unpack the package"
check_packaged "$TESTDIR/root/usr/bin/sshdoc"
cmp -s "$SRCDIR/assets/completion/sshdoc.bash" "$TESTDIR/root/usr/share/bash-completion/completions/sshdoc" ||
	fail "the packaged completion is not assets/completion/sshdoc.bash"
exit 0
