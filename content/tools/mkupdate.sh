#!/bin/sh
# mkupdate.sh [DIR]: write a content bundle for `sshdoc --update-content` to standard
# output, from DIR (default: content/ beside this script): causes.tsv, tree.txt and
# articles/*.txt. Format: content/bundle.h. Check it first with `sshdoc --lint --content DIR`.
set -eu
dir=${1:-$(dirname "$0")/..}
cd "$dir"
[ -f causes.tsv ] && [ -f tree.txt ] || { echo "mkupdate: $dir has no causes.tsv and tree.txt" >&2; exit 1; }
files="causes.tsv tree.txt $(ls articles/*.txt 2>/dev/null || true)"
echo "sshdoc-content-bundle 1"
for f in $files; do
	sum=$(sha256sum "$f" | cut -d ' ' -f 1)
	size=$(wc -c <"$f" | tr -d ' ')
	printf '%s %s %s\n' "$sum" "$size" "$f"
done
echo end
# shellcheck disable=SC2086
cat $files
