#!/usr/bin/env bash
# The cost of validation in a build of the synthetic knowledge base (default 10,000 documents):
# - the validate step's wall time (`--timings`; it runs on all cores) against the whole build's wall time;
# - `almanac check` (load, parse, validate, link, rules, analysis; no rendering) against `almanac build`.
#   Benchmarks/validation.sh [N]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
n=${1:-10000}
work=${WORK:-/tmp/almanac-bench}
corpus=$work/corpus-$n
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
(cd "$root" && swift build -c release --product almanac >&2)
almanac=$root/.build/release/almanac
[ -d "$corpus/almanac" ] || python3 "$here/generate.py" "$n" "$corpus" >&2
out=$(mktemp -d /tmp/almanac-validation.XXXXXX)
trap 'rm -rf "$out"' EXIT
total=0; validate=0; runs=3
for i in $(seq $runs); do
  log=$( { /usr/bin/time -f "CPU %U %S" "$almanac" build --content "$corpus/almanac" --output "$out/o$i" --as-of 2026-11-25 --timings; } 2>&1 >/dev/null )
  cpu=$(awk '/^Built/ {for (i = 1; i <= NF; i++) if ($i == "in") t = $(i + 1); print t + 0}' <<<"$log")
  v=$(awk '$1 == "validate" {print $(NF-1) / 1000}' <<<"$log")
  total=$(awk -v a="$total" -v b="$cpu" 'BEGIN {print a + b}')
  validate=$(awk -v a="$validate" -v b="$v" 'BEGIN {print a + b}')
done
awk -v t="$total" -v v="$validate" -v r="$runs" -v n="$n" 'BEGIN {
  printf "N=%d: the validate step %.3f s of a %.2f s build (%.1f %%), wall times, mean of %d builds\n", n, v / r, t / r, 100 * v / t, r }'
hyperfine --warmup 1 --runs 5 -n check "$almanac check --content $corpus/almanac --as-of 2026-11-25" \
  -n build "$almanac build --content $corpus/almanac --as-of 2026-11-25 --output $out/\$(date +%s%N)" 2>&1 | grep -E "Time|±|faster|check|build"
