#!/bin/sh
# build.sh: build the libFuzzer targets (tests/fuzz/fuzz_*.c) into build-fuzz/.
# Usage (from the Makefile): sh tests/fuzz/build.sh "FUZZ_SRCS" "LIB_SRCS" "PKG_CFLAGS" "PKG_LIBS" VERSION
# Each target is linked with only the library sources listed for it below.
set -eu

# Library sources each target needs (keep in step with what the code includes).
srcs_fuzz_banner="checks/parse/banner-parse.c lib/sanitize.c lib/util.c lib/xmalloc.c"
srcs_fuzz_sanitize="lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_tree="content/tree.c lib/sanitize.c lib/util.c lib/xmalloc.c"
srcs_fuzz_article="content/article.c lib/sanitize.c lib/util.c lib/xmalloc.c"
srcs_fuzz_apply="content/apply-text.c content/article.c lib/sanitize.c lib/util.c lib/xmalloc.c"
srcs_fuzz_authkeys="checks/parse/authkeys-parse.c checks/parse/usermatch.c lib/ipnet.c lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_sshdlog="checks/parse/sshdlog-parse.c checks/parse/sshdlog-scan.c checks/parse/sshdlog-auth.c checks/parse/sshdlog-service.c lib/ipnet.c lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_iptables="checks/parse/iptables-parse.c checks/parse/firewall-eval.c lib/ipnet.c lib/xmalloc.c"
srcs_fuzz_nft="checks/parse/nft-parse.c checks/parse/firewall-eval.c lib/json.c lib/ipnet.c lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_transcript="checks/parse/transcript-parse.c checks/parse/banner-parse.c lib/sanitize.c lib/util.c lib/xmalloc.c"
srcs_fuzz_kexinit="checks/parse/kexinit-parse.c lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_sshconf="checks/client/sshconf.c lib/sanitize.c lib/util.c lib/xmalloc.c"
srcs_fuzz_procnet="checks/parse/procnet-parse.c lib/xmalloc.c"
srcs_fuzz_sshd_parse="checks/parse/sshd-parse.c lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_bans="checks/parse/bans-parse.c lib/ipnet.c lib/util.c lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_selinux="checks/parse/selinux-parse.c lib/xmalloc.c"
srcs_fuzz_keygen="checks/parse/keygen-parse.c lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_keyfile="checks/parse/keyfile-parse.c lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_bundle="content/bundle.c lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_conffile="ui/conffile.c lib/http.c lib/sanitize.c lib/util.c lib/xmalloc.c"
srcs_fuzz_unitshow="checks/parse/unitshow-parse.c"
srcs_fuzz_change="lib/change.c lib/change-journal.c lib/runner.c lib/util.c lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_logtime="checks/parse/logtime.c"
srcs_fuzz_sshdlog_filter="checks/parse/sshdlog-filter.c checks/parse/sshdlog-parse.c checks/parse/sshdlog-scan.c checks/parse/sshdlog-auth.c checks/parse/sshdlog-service.c lib/ipnet.c lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_sshdconf="checks/parse/sshdconf-parse.c checks/parse/sshd-parse.c lib/util.c lib/sanitize.c lib/xmalloc.c"
srcs_fuzz_inventory="checks/parse/inventory-parse.c lib/json.c lib/sanitize.c lib/util.c lib/xmalloc.c"

cd "$(dirname "$0")/../.."

FUZZ_SRCS=${1:-$(ls tests/fuzz/fuzz_*.c)}
LIB_SRCS=${2:-}
PKG_CFLAGS=${3:-}
PKG_LIBS=${4:-}
VERSION=${5:-0.0.0}
OUT=build-fuzz

# Find clang (plain or versioned) and prove it can build a libFuzzer binary.
CLANG=${CLANG:-}
if [ -z "$CLANG" ]; then
	for c in clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
		if command -v "$c" >/dev/null 2>&1; then CLANG=$c; break; fi
	done
fi
if [ -z "$CLANG" ]; then
	echo "fuzz-build: clang not found; install it with 'make deps' (Debian: apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
fi
mkdir -p "$OUT"
probe="$OUT/.probe"
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
    > "$probe.c"
if ! "$CLANG" -fsanitize=fuzzer,address,undefined -o "$probe" "$probe.c" >"$probe.log" 2>&1; then
	echo "fuzz-build: $CLANG cannot link libFuzzer with ASan/UBSan; install it with 'make deps' (Debian: apt-get install libclang-rt-14-dev)" >&2
	sed 's/^/  /' "$probe.log" >&2
	rm -f "$probe" "$probe.c" "$probe.log"
	exit 1
fi
rm -f "$probe" "$probe.c" "$probe.log"

CFLAGS="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1 -std=c11 -D_GNU_SOURCE -Wall -Wextra -I."

built=0
for src in $FUZZ_SRCS; do
	name=$(basename "$src" .c)
	eval "deps=\${srcs_$name-}"
	if [ -z "$deps" ]; then
		echo "fuzz-build: no source list for $name: add srcs_$name to tests/fuzz/build.sh" >&2
		exit 1
	fi
	for d in $deps; do
		if [ ! -f "$d" ]; then
			echo "fuzz-build: $name needs $d, which does not exist" >&2
			exit 1
		fi
		if [ -n "$LIB_SRCS" ]; then
			case " $LIB_SRCS " in
			*" $d "*) ;;
			*) echo "fuzz-build: warning: $d (needed by $name) is not among the library sources" >&2 ;;
			esac
		fi
	done
	bin="$OUT/$name"
	# Rebuild only when a source or any header is newer than the binary.
	if [ -f "$bin" ] && [ -z "$(find "$src" $deps tests/fuzz/fuzz_common.h checks content \
	    -name '*.[ch]' -newer "$bin" 2>/dev/null | head -1)" ]; then
		built=$((built + 1))
		continue
	fi
	echo "fuzz-build: $name"
	# shellcheck disable=SC2086
	if ! "$CLANG" $CFLAGS $PKG_CFLAGS "-DSSHDOC_VERSION=\"$VERSION\"" \
	    -o "$bin" "$src" $deps $PKG_LIBS -lpthread; then
		echo "fuzz-build: building $name failed" >&2
		rm -f "$bin"
		exit 1
	fi
	built=$((built + 1))
done
echo "fuzz-build: $built targets in $OUT/"
