#!/bin/sh
# shared-causes: content/causes.tsv carries every cause id of the shared list
# (../shared/causes.tsv, beside the repository when it is there) with the same title, and
# the binary knows each one: other tools depend on these ids.
# covers: (no check: the command line and its options)
. "$(dirname "$0")/../lib.sh"

shared=$SRCDIR/../shared/causes.tsv
[ -f "$shared" ] || skip "no ../shared/causes.tsv beside this checkout"
awk -F '\t' 'NR > 1 && $1 != "" { print $1 "\t" $3 }' "$shared" | sort >"$TESTDIR/shared"
awk -F '\t' 'NR > 1 && $1 != "" { print $1 "\t" $3 }' "$CAUSES_TSV" | sort >"$TESTDIR/ours"
missing=$(comm -23 "$TESTDIR/shared" "$TESTDIR/ours")
[ -z "$missing" ] || fail "content/causes.tsv lacks or retitles: $missing"
"$SSHDOC" --list | sort >"$TESTDIR/list" || fail "sshdoc --list failed"
missing=$(comm -23 "$TESTDIR/shared" "$TESTDIR/list")
[ -z "$missing" ] || fail "sshdoc --list lacks: $missing"
log "$(wc -l <"$TESTDIR/shared") shared cause ids known, with their titles"
