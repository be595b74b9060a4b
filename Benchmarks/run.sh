#!/usr/bin/env bash
# Benchmark `almanac build` against Hugo on the same synthetic knowledge base.
#
#   Benchmarks/run.sh [options] [N ...]        (default sizes: 1000 10000)
#
# Options:
#   --runs R          timed runs per tool and size (default 5, at least 5 is sensible)
#   --warmup W        untimed warm-up runs (default 1)
#   --seed S          corpus seed (default 1)
#   --keep-output     rebuild into the previous output instead of a new folder
#   --no-build        use the existing .build/release/almanac (or $ALMANAC) without building
#   --skip-almanac    time Hugo alone (to check the harness while almanac cannot build)
#   --out FILE        where to write the Markdown report (default Benchmarks/results.md;
#                     with --skip-almanac the default is $WORK/results-hugo-only.md)
# Environment: WORK (default /tmp/almanac-bench) holds corpora, logs and hyperfine JSON;
#              X_OUT, Y_OUT (default /tmp/x-out, /tmp/y-out) are the two tools' output folders;
#              ALMANAC is the binary (default .build/release/almanac at the repository root).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
runs=5
warmup=1
seed=1
keep_output=0
build=1
skip_almanac=0
out=""
sizes=()
while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --keep-output) keep_output=1; shift ;;
    --no-build) build=0; shift ;;
    --skip-almanac) skip_almanac=1; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) [[ $1 =~ ^[0-9]+$ ]] || { echo "run.sh: N must be a number: $1" >&2; exit 2; }
       sizes+=("$1"); shift ;;
  esac
done
((${#sizes[@]})) || sizes=(1000 10000)
work=${WORK:-/tmp/almanac-bench}
x_out=${X_OUT:-/tmp/x-out}
y_out=${Y_OUT:-/tmp/y-out}
almanac=${ALMANAC:-$root/.build/release/almanac}
as_of=2026-11-25
if [[ -z $out ]]; then
  if ((skip_almanac)); then out=$work/results-hugo-only.md; else out=$here/results.md; fi
fi
# Absolute paths, since the benchmark runs from the repository root.
work=$(realpath -m "$work"); x_out=$(realpath -m "$x_out"); y_out=$(realpath -m "$y_out")
almanac=$(realpath -m "$almanac"); out=$(realpath -m "$out")
mkdir -p "$work"

# --- tools -------------------------------------------------------------------------------------
apt_updated=0
ensure() {  # ensure TEST-COMMAND DEBIAN-PACKAGE
  if ! eval "$1" >/dev/null 2>&1; then
    if ((!apt_updated)); then apt-get update; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$2"
  fi
}
ensure "command -v hugo" hugo
ensure "command -v hyperfine" hyperfine
ensure "test -x /usr/bin/time" time
command -v python3 >/dev/null || { echo "run.sh: python3 is needed" >&2; exit 1; }

if ((!skip_almanac)); then
  if ((build)); then
    echo "== swift build -c release --product almanac" >&2
    (cd "$root" && swift build -c release --product almanac)
  fi
  [[ -x $almanac ]] || { echo "run.sh: no almanac binary at $almanac" >&2; exit 1; }
fi

# --- measure -----------------------------------------------------------------------------------
peak_rss_kib() {  # peak_rss_kib LOG COMMAND...: run once under /usr/bin/time -v, print max RSS in KiB
  local log=$1; shift
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { echo "run.sh: failed: $* (see $log)" >&2; return 1; }
  awk -F': *' '/Maximum resident set size/ {print $2}' "$log"
}
quote() { printf '%q ' "$@"; }

# The commands run from the repository root, where almanac finds its default theme (Themes/default).
cd "$root"

summary=$work/summary.tsv   # N, tool, hyperfine JSON, peak KiB, corpus.json
: >"$summary"
for n in "${sizes[@]}"; do
  corpus=$work/corpus-$n
  echo "== corpus: $n documents in $corpus" >&2
  python3 "$here/generate.py" "$n" "$corpus" --seed "$seed"
  # From scratch, every run writes into a folder that never existed, and nothing is deleted until the
  # end: deleting a tree just before a build makes ext4 (here without a journal) skip the recently
  # freed inodes one by one on every file it creates, which would time the deletion, not the tool.
  fresh='$(date +%s%N)'
  if ((keep_output)); then x_dest=$x_out; y_dest=$y_out; else x_dest=$x_out/$fresh; y_dest=$y_out/$fresh; fi
  mkdir -p "$x_out" "$y_out"

  almanac_argv=("$almanac" build --content "$corpus/almanac" --output "$x_out/check" --as-of "$as_of")
  almanac_cmd="$(quote "$almanac" build --content "$corpus/almanac" --as-of "$as_of") --output \"$x_dest\""
  hugo_cmd="$(quote hugo --quiet -s "$corpus/hugo") -d \"$y_dest\""
  args=(--warmup "$warmup" --runs "$runs" --export-json "$work/hyperfine-$n.json")
  if ((!skip_almanac)); then
    # One untimed build first, so that invalid content shows its diagnostics instead of a bare failure.
    if ! "${almanac_argv[@]}" >"$work/almanac-$n.log" 2>&1; then
      echo "run.sh: almanac rejected the $n-document corpus; its output ($work/almanac-$n.log):" >&2
      head -n 60 "$work/almanac-$n.log" >&2
      exit 1
    fi
    args+=(-n almanac "$almanac_cmd")
  fi
  args+=(-n hugo "$hugo_cmd")
  echo "== hyperfine, N=$n" >&2
  hyperfine "${args[@]}" >&2

  if ((!skip_almanac)); then
    kib=$(peak_rss_kib "$work/time-almanac-$n.log" "$almanac" build --content "$corpus/almanac" --output "$x_out/rss-$n" --as-of "$as_of")
    printf '%s\talmanac\t%s\t%s\t%s\n' "$n" "$work/hyperfine-$n.json" "$kib" "$corpus/corpus.json" >>"$summary"
  fi
  kib=$(peak_rss_kib "$work/time-hugo-$n.log" hugo --quiet -s "$corpus/hugo" -d "$y_out/rss-$n")
  printf '%s\thugo\t%s\t%s\t%s\n' "$n" "$work/hyperfine-$n.json" "$kib" "$corpus/corpus.json" >>"$summary"
done

((keep_output)) || rm -rf "$x_out" "$y_out"

# --- report ------------------------------------------------------------------------------------
hugo_version=$(hugo version 2>/dev/null | awk '{print $2}')
swift_version=$(swift --version 2>/dev/null | head -n 1 || true)
hyperfine_version=$(hyperfine --version | awk '{print $2}')
python3 - "$summary" "$out" "$runs" "$warmup" "$seed" "$keep_output" "$hugo_version" "$swift_version" \
  "$hyperfine_version" <<'PY'
import datetime, json, os, sys

summary, out, runs, warmup, seed, keep, hugo_v, swift_v, hf_v = sys.argv[1:]
rows = [line.rstrip("\n").split("\t") for line in open(summary) if line.strip()]
results = {}
for n, tool, hf, kib, corpus in rows:
    data = json.load(open(hf))
    r = next(x for x in data["results"] if x["command"] == tool)
    results[(int(n), tool)] = {"mean": r["mean"], "sd": r.get("stddev") or 0.0,
                               "cpu": r["user"] + r["system"], "mib": int(kib) / 1024,
                               "corpus": json.load(open(corpus))}

lines = ["| N | tool | mean ± sd (s) | pages/s | ratio hugo/almanac | CPU user+sys (s) | peak RSS (MiB) |",
         "|---:|---|---:|---:|---:|---:|---:|"]
for (n, tool), r in sorted(results.items(), key=lambda kv: (kv[0][0], kv[0][1] != "almanac")):
    ratio = "–"
    if tool == "almanac" and (n, "hugo") in results:
        ratio = f"{results[(n, 'hugo')]['mean'] / r['mean']:.2f}×"
    lines.append(f"| {n} | {tool} | {r['mean']:.3f} ± {r['sd']:.3f} | {n / r['mean']:,.0f} | {ratio} | "
                 f"{r['cpu']:.2f} | {r['mib']:,.0f} |")
table = "\n".join(lines)

mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
corpora = sorted({(n, r["corpus"]["body_bytes"]) for (n, _), r in results.items()})
report = f"""# Almanac vs Hugo: build benchmark

Generated by `Benchmarks/run.sh` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC
({os.cpu_count()} cores, {mem_gib:.0f} GiB; hugo {hugo_v}; {swift_v}; hyperfine {hf_v}).
Corpus seed {seed}; {warmup} warm-up and {runs} timed runs per tool;
{"rebuilding into the previous output" if keep == "1" else "each run builds from scratch into a new output folder"}.
Markdown bodies: {", ".join(f"N={n}: {b / 1e6:.1f} MB" for n, b in corpora)}.

{table}

Pages = the N source documents (both tools also write section/kind index pages).
Ratio > 1 means almanac is faster. CPU is hyperfine's mean user + system time of one build;
peak RSS is one extra build under `/usr/bin/time -v`. On a shared 2-core machine compare
ratios, not lone seconds (see Benchmarks/README.md).
"""
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
with open(out, "w") as f:
    f.write(report)
print(report)
print(f"(written to {out})", file=sys.stderr)
PY
