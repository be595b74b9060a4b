#!/usr/bin/env bash
# Compare almanac's layered layout engine with Graphviz dot on a corpus of GraphML graphs.
#
#   Benchmarks/layout/run.sh [options] [DIR]      (default DIR: the North DAGs, shared/dags/north)
#
# For every DIR/*.graphml: convert it to DOT with graphml2dot.py, lay the DOT file out with `dot -Tplain`
# and with `almanac layout --format plain --check --timing`, measure both drawings with layout-metrics.py
# and straightness.py (beside this script), then write a Markdown report (Benchmarks/layout/results.md). See README.md beside this script.
#
# Options:
#   --geo              also count geometric crossings (layout-metrics.py's `geo`; about 8 minutes more
#                      for the 815 North graphs on 2 cores, the densest graph alone taking 25 s)
#   --jobs N           parallel jobs (default: the number of processors)
#   --limit N          only the first N graphs (in name order), for a quick look
#   --engine-spacing   lay out with the engine's own default separations instead of dot's 18 pt / 36 pt
#   --runs R           timed runs of the 100-node graph (default 20)
#   --no-build         use the existing .build/release/almanac (or $ALMANAC) without building
#   --baseline BIN     also time another almanac binary (one built at an earlier commit) side by side: the engine
#                      on every graph, the two binaries one after the other per graph, and the 100-node graph
#   --out FILE         where to write the report (default Benchmarks/layout/results.md)
# Environment: WORK (default /tmp/almanac-layout-bench) holds the DOT files, plain files, logs and metrics;
#              TOOLS is the folder of graphml2dot.py and layout-metrics.py (default: shared/tools beside the
#              repository, else /work/shared/tools); ALMANAC is the binary (default .build/release/almanac).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
geo=0
jobs=$(nproc 2>/dev/null || echo 2)
limit=0
engine_spacing=0
runs=20
build=1
baseline=""
out="$here/results.md"
dir=""
while (($#)); do
  case "$1" in
    --geo) geo=1; shift ;;
    --no-geo) geo=0; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    --limit) limit=$2; shift 2 ;;
    --engine-spacing) engine_spacing=1; shift ;;
    --runs) runs=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --baseline) baseline=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) dir=$1; shift ;;
  esac
done

# The shared tools and corpus: beside the repository (as CI lays them out), else /work/shared.
shared=""
for candidate in "$root/../shared" /work/shared; do
  if [[ -f "$candidate/tools/layout-metrics.py" ]]; then shared=$(cd "$candidate" && pwd); break; fi
done
TOOLS=${TOOLS:-${shared:+$shared/tools}}
if [[ -z "$TOOLS" || ! -f "$TOOLS/layout-metrics.py" || ! -f "$TOOLS/graphml2dot.py" ]]; then
  echo "run.sh: cannot find layout-metrics.py and graphml2dot.py (set TOOLS)" >&2; exit 2
fi
dir=${dir:-${shared:+$shared/dags/north}}
if [[ -z "$dir" || ! -d "$dir" ]]; then echo "run.sh: no corpus folder ${dir:-(none found)}" >&2; exit 2; fi
WORK=${WORK:-/tmp/almanac-layout-bench}

# Graphviz: install it when `dot` is missing (apt-get update first only when apt has no candidate).
if ! command -v dot >/dev/null; then
  echo "== installing graphviz" >&2
  if ! apt-cache policy graphviz 2>/dev/null | grep -q 'Candidate: [0-9]'; then apt-get update -qq; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null
fi
command -v hyperfine >/dev/null || echo "run.sh: hyperfine is missing: the 100-node graph is timed with almanac's internal timer only" >&2

# almanac, in release.
ALMANAC=${ALMANAC:-$root/.build/release/almanac}
if ((build)); then
  echo "== building almanac (release)" >&2
  (cd "$root" && swift build -c release --product almanac 2>&1 | tail -3) >&2
fi
[[ -x "$ALMANAC" ]] || { echo "run.sh: no almanac binary at $ALMANAC" >&2; exit 2; }

spacing=(--node-separation 18 --rank-separation 36)
((engine_spacing)) && spacing=()

rm -rf "$WORK"
mkdir -p "$WORK"/{gv,dot,ours,metrics}
mapfile -t files < <(find "$dir" -maxdepth 1 -name '*.graphml' | sort -V)
((limit > 0)) && files=("${files[@]:0:limit}")
((${#files[@]})) || { echo "run.sh: no .graphml files in $dir" >&2; exit 2; }
echo "== laying out ${#files[@]} graphs from $dir with dot and almanac ($jobs jobs)" >&2

# One graph: DOT conversion, dot, almanac (its exit status, --check problems and --timing line in a log).
one() {
  local f=$1 name
  name=$(basename "$f" .graphml)
  python3 "$TOOLS/graphml2dot.py" "$f" > "$WORK/gv/$name.gv"
  local t0 t1 rc=0
  t0=$(date +%s%N)
  dot -Tplain "$WORK/gv/$name.gv" > "$WORK/dot/$name.plain" 2> "$WORK/dot/$name.log" || echo "dot failed: $?" >> "$WORK/dot/$name.log"
  t1=$(date +%s%N)
  echo "process-ms $(( (t1 - t0) / 1000000 ))" >> "$WORK/dot/$name.log"
  t0=$(date +%s%N)
  timeout 120 "$ALMANAC" layout --format plain --check --timing "${spacing[@]}" "$WORK/gv/$name.gv" \
    > "$WORK/ours/$name.plain" 2> "$WORK/ours/$name.log" || rc=$?
  t1=$(date +%s%N)
  echo "process-ms $(( (t1 - t0) / 1000000 ))" >> "$WORK/ours/$name.log"
  echo "exit $rc" >> "$WORK/ours/$name.log"
  # A plain file that did not end with `stop` (a crash, a time-out) is not measured.
  tail -n 1 "$WORK/ours/$name.plain" 2>/dev/null | grep -qx stop || mv "$WORK/ours/$name.plain" "$WORK/ours/$name.broken"
}
export -f one
export WORK TOOLS ALMANAC
spacing_text="${spacing[*]}"
export spacing_text
printf '%s\n' "${files[@]}" | xargs -P "$jobs" -I{} bash -c 'spacing=($spacing_text); one "$@"' _ {}

# Metrics, in batches; a batch that fails is measured file by file so that one bad file costs only itself.
echo "== measuring with layout-metrics.py$( ((geo)) || echo ' --no-geo')" >&2
measure() {
  local kind=$1; shift
  local flags=() result
  ((GEO)) || flags=(--no-geo)
  if ! result=$(python3 "$TOOLS/layout-metrics.py" "${flags[@]}" "$@" 2>/dev/null); then
    result=""
    for f in "$@"; do
      local line
      line=$(python3 "$TOOLS/layout-metrics.py" "${flags[@]}" "$f" 2>&1 | tail -n 1) || line="{\"file\": \"$f\", \"error\": $(printf '%s' "$line" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')}"
      result+="$line"$'\n'
    done
  fi
  printf '%s\n' "$result" > "$(mktemp "$WORK/metrics/$kind.XXXXXX")"
}
export -f measure
export GEO=$geo
for kind in dot ours; do
  # Densest graphs first, so that the slow ones do not end up last on one core.
  find "$WORK/$kind" -name '*.plain' -printf '%s %p\n' | sort -rn | cut -d' ' -f2 \
    | xargs -P "$jobs" -n $( ((geo)) && echo 2 || echo 40) bash -c 'measure '"$kind"' "$@"' _
  cat "$WORK/metrics/$kind".* | grep -v '^$' > "$WORK/metrics-$kind.jsonl" || true
  # Straightness: Σ |x(tail) − x(head)| over the edges, from the node coordinates.
  find "$WORK/$kind" -name '*.plain' | sort | xargs python3 "$here/straightness.py" > "$WORK/straight-$kind.jsonl" || true
done

# The 100-node graph (or the largest one), timed.
big=$(for f in "${files[@]}"; do n=$(grep -c '<node ' "$f" || true); echo "$n $f"; done | sort -n | awk '$1 <= 100' | tail -n 1 | cut -d' ' -f2)
bigname=$(basename "$big" .graphml)
echo "== timing $bigname" >&2
: > "$WORK/timing-internal.txt"
for ((r = 0; r < runs; r++)); do
  "$ALMANAC" layout --format plain --timing "${spacing[@]}" "$WORK/gv/$bigname.gv" 2>> "$WORK/timing-internal.txt" >/dev/null || true
done
if command -v hyperfine >/dev/null; then
  base_command=()
  [[ -n "$baseline" ]] && base_command=(-n baseline "$baseline layout --format plain ${spacing[*]} $WORK/gv/$bigname.gv")
  hyperfine --warmup 3 --runs "$runs" --export-json "$WORK/hyperfine.json" -N \
    -n almanac "$ALMANAC layout --format plain ${spacing[*]} $WORK/gv/$bigname.gv" "${base_command[@]}" \
    -n dot "dot -Tplain $WORK/gv/$bigname.gv" > "$WORK/hyperfine.txt" 2>&1 || echo "run.sh: hyperfine failed (see $WORK/hyperfine.txt)" >&2
fi
# The baseline, side by side: per graph, the engine time of this binary then of the baseline (one job).
if [[ -n "$baseline" ]]; then
  echo "== timing the baseline $baseline against $ALMANAC on every graph" >&2
  : > "$WORK/timing-baseline.txt"
  for f in "${files[@]}"; do
    name=$(basename "$f" .graphml)
    for which in almanac baseline; do
      binary=$ALMANAC; [[ $which == baseline ]] && binary=$baseline
      "$binary" layout --format plain --timing "${spacing[@]}" "$WORK/gv/$name.gv" 2>&1 >/dev/null | sed "s|^|$which $name |" >> "$WORK/timing-baseline.txt" || true
    done
  done
fi

echo "== writing $out" >&2
python3 "$here/report.py" --work "$WORK" --corpus "$dir" --big "$bigname" --geo "$geo" \
  --spacing "$( ((engine_spacing)) && echo engine || echo dot)" --out "$out"
echo "== done: $out" >&2
