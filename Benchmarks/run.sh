#!/usr/bin/env bash
# Benchmark `almanac build` against Hugo on the same synthetic content: two corpora, several sizes.
#
#   Benchmarks/run.sh [options] [N ...]        (default sizes: 1000 10000)
#
# Corpora: `plain` (N free-form pages, generate.py --plain) and `every` (N documents of every kind,
# generate.py), each given to both tools. One hyperfine invocation per corpus and size.
#
# Options:
#   --runs R          timed runs per tool, corpus and size (default 5)
#   --warmup W        untimed warm-up runs (default 1)
#   --seed S          corpus seed (default 1)
#   --corpus C        plain, every or both (default both)
#   --keep-output     rebuild into the previous output instead of a new folder
#   --no-build        use the existing .build/release/almanac (or $ALMANAC) without building
#   --skip-almanac    time Hugo alone (to check the harness while almanac cannot build)
#   --profile         also `perf record -g` one almanac build of the largest every-kind corpus and put the
#                     top 15 self-time entries in the report
#   --label TEXT      a label for the report's title and profile heading (e.g. "before")
#   --report-only     measure nothing: write the report again from the files of the last run in $WORK
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
corpus_choice=both
keep_output=0
build=1
skip_almanac=0
profile=0
label=""
report_only=0
out=""
sizes=()
while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --corpus) corpus_choice=$2; shift 2 ;;
    --keep-output) keep_output=1; shift ;;
    --no-build) build=0; shift ;;
    --skip-almanac) skip_almanac=1; shift ;;
    --profile) profile=1; shift ;;
    --label) label=$2; shift 2 ;;
    --report-only) report_only=1; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) awk 'NR == 1 {next} /^#/ {sub(/^# ?/, ""); print; next} {exit}' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) [[ $1 =~ ^[0-9]+$ ]] || { echo "run.sh: N must be a number: $1" >&2; exit 2; }
       sizes+=("$1"); shift ;;
  esac
done
case $corpus_choice in
  both) corpora=(plain every) ;;
  plain|every) corpora=("$corpus_choice") ;;
  *) echo "run.sh: --corpus must be plain, every or both: $corpus_choice" >&2; exit 2 ;;
esac
((${#sizes[@]})) || sizes=(1000 10000)
largest=$(printf '%s\n' "${sizes[@]}" | sort -n | tail -n 1)
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
((skip_almanac)) && profile=0

if ((!report_only)); then
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
((profile)) && ensure "command -v perf" linux-perf
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
  # The tool's own output (almanac's warnings) goes to LOG too, as in the timed runs.
  /usr/bin/time -v "$@" >"$log" 2>&1 || { echo "run.sh: failed: $* (see $log)" >&2; return 1; }
  awk -F': *' '/Maximum resident set size/ {print $2}' "$log"
}
quote() { printf '%q ' "$@"; }

# The commands run from the repository root, where almanac finds its default theme (Themes/default).
cd "$root"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# The 1-minute load average every 10 s while measuring: on a shared machine, how busy it was.
(while sleep 10; do cut -d' ' -f1 /proc/loadavg; done) >"$work/load.txt" &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT
summary=$work/summary.tsv   # corpus, N, tool, hyperfine JSON, peak KiB, corpus.json
: >"$summary"
rm -f "$work"/timings-*.txt "$work"/perf-*.txt
for corpus_kind in "${corpora[@]}"; do
  gen_args=(); [[ $corpus_kind == plain ]] && gen_args=(--plain)
  for n in "${sizes[@]}"; do
    tag=$corpus_kind-$n
    corpus=$work/corpus-$tag
    echo "== corpus: $corpus_kind, $n documents in $corpus" >&2
    python3 "$here/generate.py" "$n" "$corpus" --seed "$seed" "${gen_args[@]}"
    # From scratch, every run writes into a folder that never existed, and nothing is deleted until the
    # end: deleting a tree just before a build makes ext4 (here without a journal) skip the recently
    # freed inodes one by one on every file it creates, which would time the deletion, not the tool.
    fresh='$(date +%s%N)'
    if ((keep_output)); then x_dest=$x_out/$tag; y_dest=$y_out/$tag
    else x_dest=$x_out/$tag-$fresh; y_dest=$y_out/$tag-$fresh; fi
    mkdir -p "$x_out" "$y_out"

    # Almanac's diagnostics (thousands of warnings on the every-kind corpus) are written out in every timed
    # run, to a file, as a CI log gets them (a file is not a terminal: no colours, no progress line).
    # They are part of the measured work, so they must not go to /dev/null.
    almanac_log=$work/almanac-$tag.log
    hugo_log=$work/hugo-$tag.log
    almanac_cmd="$(quote "$almanac" build --content "$corpus/almanac" --as-of "$as_of") --output \"$x_dest\" >$(quote "$almanac_log")2>&1"
    hugo_cmd="$(quote hugo --quiet -s "$corpus/hugo") -d \"$y_dest\" >$(quote "$hugo_log")2>&1"
    json=$work/hyperfine-$tag.json
    args=(--warmup "$warmup" --runs "$runs" --export-json "$json")
    if ((!skip_almanac)); then
      # One untimed build first, so that invalid content shows its diagnostics instead of a bare failure.
      if ! "$almanac" build --content "$corpus/almanac" --output "$x_out/check-$tag" --as-of "$as_of" \
           >"$almanac_log" 2>&1; then
        echo "run.sh: almanac rejected the $tag corpus; its output ($almanac_log):" >&2
        tail -n 60 "$almanac_log" >&2
        exit 1
      fi
      args+=(-n almanac "$almanac_cmd")
    fi
    args+=(-n hugo "$hugo_cmd")
    echo "== hyperfine, $corpus_kind, N=$n" >&2
    hyperfine "${args[@]}" >&2

    if ((!skip_almanac)); then
      kib=$(peak_rss_kib "$work/time-almanac-$tag.log" "$almanac" build --content "$corpus/almanac" \
              --output "$x_out/rss-$tag" --as-of "$as_of")
      printf '%s\t%s\talmanac\t%s\t%s\t%s\n' "$corpus_kind" "$n" "$json" "$kib" "$corpus/corpus.json" >>"$summary"
    fi
    kib=$(peak_rss_kib "$work/time-hugo-$tag.log" hugo --quiet -s "$corpus/hugo" -d "$y_out/rss-$tag")
    printf '%s\t%s\thugo\t%s\t%s\t%s\n' "$corpus_kind" "$n" "$json" "$kib" "$corpus/corpus.json" >>"$summary"

    if ((!skip_almanac)) && ((n == largest)); then
      # Almanac's own step timings (`--timings`), from one more build of the largest size.
      echo "== almanac build --timings, $corpus_kind, N=$n" >&2
      "$almanac" build --timings --content "$corpus/almanac" --output "$x_out/timings-$tag" --as-of "$as_of" \
        >"$work/timings-full-$tag.log" 2>&1
      grep -E '^  [^ ].* ms$|^Built ' "$work/timings-full-$tag.log" >"$work/timings-$tag.txt" || true
    fi
    if ((profile)) && [[ $corpus_kind == every ]] && ((n == largest)); then
      echo "== perf record -g, $corpus_kind, N=$n" >&2
      perf record -g -o "$work/perf-$tag.data" -- \
        "$almanac" build --content "$corpus/almanac" --output "$x_out/perf-$tag" --as-of "$as_of" \
        >"$work/perf-record-$tag.log" 2>&1
      {
        echo "perf record -g of: almanac build (every kind, N=$n); perf report --no-children --sort dso,sym --stdio -g none (all threads together)"
        perf report -i "$work/perf-$tag.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null \
          | awk '/^ +[0-9.]+%/ && n++ < 15' \
          | { if command -v swift >/dev/null; then swift demangle --simplified; else cat; fi; }
      } >"$work/perf-top.txt"
      # Where the samples fall by shared object, and the frames with most time below them ("children"),
      # leaving out the thread, dispatch and closure-thunk frames that only carry the call.
      perf report -i "$work/perf-$tag.data" --no-children --sort dso --stdio -g none 2>/dev/null \
        | awk '/^ +[0-9.]+%/ && n++ < 6' >"$work/perf-dso.txt"
      perf report -i "$work/perf-$tag.data" --children --sort sym --stdio -g none 2>/dev/null \
        | awk '/^ +[0-9.]+%/' \
        | { if command -v swift >/dev/null; then swift demangle --simplified; else cat; fi; } \
        | grep -vE 'partial apply|thunk|_dispatch|start_thread|__libc_start|dispatch_apply|concurrentPerform|almanac_main|Almanac\.main|ParsableCommand\.run|closure #1 in Build\.run' \
        | awk 'n++ < 20' | cut -c1-200 >"$work/perf-children.txt"
    fi
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$sampler" 2>/dev/null || true
load_during=$(awk '{s += $1; if ($1 > m) m = $1} END {if (NR) printf "mean %.1f, max %.1f over %d samples", s / NR, m, NR; else print "no sample"}' "$work/load.txt")

((keep_output)) || rm -rf "$x_out" "$y_out"

# --- report ------------------------------------------------------------------------------------
hugo_version=$(hugo version 2>/dev/null | awk '{print $2}')
swift_version=$(swift --version 2>/dev/null | head -n 1 || true)
hyperfine_version=$(hyperfine --version | awk '{print $2}')
commit=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
commit_date=$(git -C "$root" log -1 --format=%cd --date=short 2>/dev/null || echo unknown)
# The last commit that changed anything the binary and theme are made of (all but Benchmarks/ and scripts/).
source_commit=$(git -C "$root" log -1 --format=%h --abbrev=12 -- . ':!Benchmarks' ':!scripts' 2>/dev/null || true)
[[ -n $source_commit && $source_commit != "${commit:0:12}" ]] && commit="$commit (its sources are those of $source_commit)"
# Uncommitted changes outside Benchmarks/ and scripts/ (which do not go into the binary) make the figures
# belong to no commit: say so.
dirty=$(git -C "$root" status --porcelain -- . ':!Benchmarks' ':!scripts' 2>/dev/null | head -n 1)
[[ -n $dirty ]] && commit="$commit + uncommitted changes"
measured_at=$(date -u '+%Y-%m-%d %H:%M')
engine=$(python3 - "$root/Package.resolved" <<'PY'
import json, sys
try:
    pins = json.load(open(sys.argv[1])).get("pins", [])
except OSError:
    pins = []
m = [p for p in pins if p.get("identity") == "swift-mustache"]
print(f"swift-mustache {m[0]['state'].get('version', m[0]['state'].get('revision', '?'))}" if m
      else "no swift-mustache pin in Package.resolved (see Sources/Templates)")
PY
)
# What the report needs, so that --report-only can write it again.
for v in runs warmup seed keep_output largest load_before load_after load_during hugo_version swift_version \
         hyperfine_version commit commit_date engine measured_at label; do
  printf '%s=%q\n' "$v" "${!v}"
done >"$work/run-meta.sh"
fi  # measuring

label_arg=$label
[[ -r $work/run-meta.sh ]] || { echo "run.sh: no $work/run-meta.sh: nothing measured yet" >&2; exit 1; }
# shellcheck source=/dev/null
source "$work/run-meta.sh"
[[ -n $label_arg ]] && label=$label_arg
summary=$work/summary.tsv
python3 - "$summary" "$out" "$runs" "$warmup" "$seed" "$keep_output" "$hugo_version" "$swift_version" \
  "$hyperfine_version" "$commit" "$commit_date" "$engine" "$label" "$work" "$largest" \
  "$load_before" "$load_after" "$load_during" "$measured_at" <<'PY'
import datetime, json, os, subprocess, sys

(summary, out, runs, warmup, seed, keep, hugo_v, swift_v, hf_v, commit, commit_date, engine, label, work,
 largest, load_before, load_after, load_during, measured_at) = sys.argv[1:]
largest = int(largest)
rows = [line.rstrip("\n").split("\t") for line in open(summary) if line.strip()]
results = {}
for kind, n, tool, hf, kib, corpus in rows:
    data = json.load(open(hf))
    r = next(x for x in data["results"] if x["command"] == tool)
    results[(kind, int(n), tool)] = {"mean": r["mean"], "sd": r.get("stddev") or 0.0,
                                     "cpu": r["user"] + r["system"], "kib": int(kib),
                                     "corpus": json.load(open(corpus))}

def ratio(kind, n, key):
    a, h = results.get((kind, n, "almanac")), results.get((kind, n, "hugo"))
    if not a or not h:
        return None
    return a[key] / h[key]

NAMES = {"plain": "Plain pages", "every": "Every kind"}
ABOUT = {
    "plain": "N free-form `page` documents (`generate.py N DIR --plain`), about 2.2 KB of Markdown each; "
             "Hugo gets the same files with title, description and tags.",
    "every": "N documents of all ten kinds (`generate.py N DIR`), with the warnings a real knowledge base has "
             "(stale runbooks, expired flags, overdue action items), printed by every timed almanac run; "
             "Hugo gets the same bodies as plain pages with a title.",
}
sections = []
for kind in ("plain", "every"):
    keys = sorted({n for (k, n, _) in results if k == kind})
    if not keys:
        continue
    lines = [f"## {NAMES[kind]}", "", ABOUT[kind],
             "Markdown bodies: " + ", ".join(
                 f"N={n}: {next(r for (k, m, _), r in results.items() if k == kind and m == n)['corpus']['body_bytes'] / 1e6:.1f} MB"
                 for n in keys) + ".", "",
             "| N | tool | mean ± sd (s) | pages/s | time almanac/hugo | CPU user+sys (s) | peak RSS (MiB) | RSS almanac/hugo |",
             "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for n in keys:
        for tool in ("almanac", "hugo"):
            r = results.get((kind, n, tool))
            if not r:
                continue
            tr = ratio(kind, n, "mean") if tool == "almanac" else None
            mr = ratio(kind, n, "kib") if tool == "almanac" else None
            lines.append(f"| {n:,} | {tool} | {r['mean']:.3f} ± {r['sd']:.3f} | {n / r['mean']:,.0f} | "
                         f"{f'{tr:.2f}×' if tr is not None else '–'} | {r['cpu']:.2f} | {r['kib'] / 1024:,.0f} | "
                         f"{f'{mr:.2f}×' if mr is not None else '–'} |")
    sections.append("\n".join(lines))

# The targets of issue 12.
def target(desc, kind, n, key, limit):
    v = ratio(kind, n, key)
    if v is None:
        return f"| {desc} | not measured | – |"
    return f"| {desc} | {v:.2f}× | {'met' if v <= limit else 'missed'} |"

targets = "\n".join([
    "| target (issue 12) | measured almanac/hugo | status |",
    "|---|---:|---|",
    target("plain pages, N=10,000: time ≤ 0.25 × Hugo's", "plain", 10000, "mean", 0.25),
    target("plain pages, N=10,000: peak RSS ≤ 1/3 of Hugo's", "plain", 10000, "kib", 1 / 3),
    target("every kind, N=10,000, warnings printed: time ≤ 0.5 × Hugo's", "every", 10000, "mean", 0.5),
    target("plain pages, N=1,000: faster than Hugo (time < 1 × Hugo's)", "plain", 1000, "mean", 0.9999),
    target("every kind, N=1,000: faster than Hugo (time < 1 × Hugo's)", "every", 1000, "mean", 0.9999),
])

timings = []
for kind in ("plain", "every"):
    p = os.path.join(work, f"timings-{kind}-{largest}.txt")
    if os.path.exists(p):
        text = open(p).read().rstrip()
        timings.append(f"{NAMES[kind]}, N={largest:,} (`almanac build --timings`, one build):\n\n```\n{text}\n```")

profile = ""
p = os.path.join(work, "perf-top.txt")
if os.path.exists(p):
    head, _, body = open(p).read().partition("\n")
    profile = (f"\n## Profile{' ' + label if label else ''}\n\nTop 15 entries by self time; {head}, "
               "Swift names demangled with `swift demangle --simplified`. Columns: self %, "
               "shared object, symbol.\n\n```\n" + body.rstrip() + "\n```\n")
    extra = [("By shared object (self time)", "perf-dso.txt"),
             ("Most time including callees (`perf report --children --sort sym`; thread, dispatch and "
              "thunk frames left out). Columns: with children %, self %, symbol", "perf-children.txt")]
    for what, name in extra:
        q = os.path.join(work, name)
        if os.path.exists(q) and open(q).read().strip():
            profile += f"\n{what}:\n\n```\n" + open(q).read().rstrip() + "\n```\n"

def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"

nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or str(os.cpu_count())
mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
title = "# Almanac vs Hugo: build benchmark" + (f" ({label})" if label else "")
timings_text = ("\n## Almanac's step timings\n\n" + "\n\n".join(timings) + "\n") if timings else ""
report = f"""{title}

Generated by `Benchmarks/run.sh` on {measured_at} UTC at commit {commit}, committed {commit_date}.
Machine: `nproc` = {nproc}, {cpu_model()}, {mem_gib:.0f} GiB, shared with other work (1-minute load average
during the run {load_during}; load averages {load_before} before, {load_after} after).
Template engine: {engine}.
Tools: hugo {hugo_v}; {swift_v}; hyperfine {hf_v}.
Corpus seed {seed}; {warmup} warm-up and {runs} timed runs per tool, corpus and size, both tools in one
hyperfine invocation; {"rebuilding into the previous output" if keep == "1" else "each run builds from scratch into a new output folder"}.
Each timed almanac run writes its diagnostics (warnings) to a log file, as in CI; Hugo's output goes to a file too.

## Targets

{targets}

Measured on the mean times and on one peak-RSS build each; "faster" means a ratio below 1.

{chr(10).join(s + chr(10) for s in sections)}
Pages = the N source documents (both tools also write index, section and tag pages). A time ratio below 1
means almanac is faster; an RSS ratio below 1 means it needs less memory. CPU is hyperfine's mean user +
system time of one build; peak RSS is one extra build under `/usr/bin/time -v`. On a shared 2-core machine
compare ratios, not lone seconds (see Benchmarks/README.md).
{timings_text}{profile}"""
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
# The live-preview section (written by serve.sh between its markers) is kept as it was.
try:
    with open(out) as f:
        previous = f.read()
    start, end = previous.find("<!-- serve:begin -->"), previous.find("<!-- serve:end -->")
    if start >= 0 and end > start:
        report = report.rstrip("\n") + "\n\n" + previous[start:end + len("<!-- serve:end -->")] + "\n"
except OSError:
    pass
with open(out, "w") as f:
    f.write(report)
print(report)
print(f"(written to {out})", file=sys.stderr)
PY
