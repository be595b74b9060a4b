#!/usr/bin/env bash
# The time `almanac build` takes to print its diagnostics (the `print` line of `--timings`), in the text format
# with standard error redirected to a file, with the warnings of each code summed up after 20 and with
# `--all-warnings`, on:
# - the synthetic knowledge base (default 10,000 documents; seed 1 gives 8,749 warnings);
# - one page whose one line holds 20,000 broken links (20,000 errors quoting one 460 KB line).
#   Benchmarks/printing.sh [N] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
n=${1:-10000}
runs=${2:-3}
work=${WORK:-/tmp/almanac-bench}
corpus=$work/corpus-$n
(cd "$root" && swift build -c release --product almanac >&2)
almanac=$root/.build/release/almanac
[ -d "$corpus/almanac" ] || python3 "$here/generate.py" "$n" "$corpus" --seed 1 >&2
out=$(mktemp -d /tmp/almanac-printing.XXXXXX)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/long/pages"
printf 'title: One long line\nenvironments: [production]\n' > "$out/long/almanac.yaml"
python3 -c "print('---\ntitle: Long\n---\n' + ' '.join('[l%d](nope-%d.md)' % (i, i) for i in range(20000)))" > "$out/long/pages/long.md"

echo "| content | printing | diagnostics | print ms (each run) | lines printed | bytes printed |"
echo "|---|---|---|---|---|---|"
for case in "corpus of $n documents:$corpus/almanac" "20,000 links on one line:$out/long"; do
  name=${case%%:*} content=${case#*:}
  for flag in "" --all-warnings; do
    times=""
    for i in $(seq "$runs"); do
      "$almanac" build --content "$content" --output "$out/site" --theme "$root/Themes/default" --as-of 2026-11-25 \
        --timings $flag 2>"$out/err" >/dev/null || true
      times="$times $(awk '/^  print / {print $2}' "$out/err")"
    done
    counts=$(tail -n 1 "$out/err" | grep -oE '[0-9]+ (errors?|warnings?)' | paste -sd, - || true)
    printed=$(grep -vE '^  [a-z]+ .* ms$' "$out/err" | wc -lc | awk '{print $1 " | " $2}')
    echo "| $name | ${flag:-first 20 of a code} | $counts | ${times# } | $printed |"
  done
done
