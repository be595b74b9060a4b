#!/usr/bin/env bash
# Measure the site search on a synthetic knowledge base: the size of search-index.json against the site's HTML,
# and the time of a query with the theme's own ranking code (Themes/default/assets/search.js) under Node.
#
#   Benchmarks/search.sh [--no-build] [--runs R] [--out FILE] [N]      (default N = 10000, R = 30)
#
#   --no-build   use the existing .build/release/almanac (or $ALMANAC) without `swift build -c release`
#   --runs R     timed runs of every query (the median and the maximum are reported)
#   --out FILE   where to write the Markdown report (default Benchmarks/search-results.md)
# Environment: WORK (default /tmp/almanac-search) holds the corpus and the built site.
# Needs python3 and node (Node.js 16 or later; `apt-get install nodejs`).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=1
runs=30
out=$here/search-results.md
n=10000
while (($#)); do
  case "$1" in
    --no-build) build=0; shift ;;
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "search.sh: unknown option $1" >&2; exit 2 ;;
    *) [[ $1 =~ ^[0-9]+$ ]] || { echo "search.sh: N must be a number: $1" >&2; exit 2; }
       n=$1; shift ;;
  esac
done
work=$(realpath -m "${WORK:-/tmp/almanac-search}")
almanac=$(realpath -m "${ALMANAC:-$root/.build/release/almanac}")
out=$(realpath -m "$out")
command -v node >/dev/null || { echo "search.sh: node is needed to time the queries (apt-get install nodejs)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "search.sh: python3 is needed" >&2; exit 1; }
mkdir -p "$work"

if ((build)); then
  echo "== swift build -c release --product almanac" >&2
  (cd "$root" && swift build -c release --product almanac)
fi
[[ -x $almanac ]] || { echo "search.sh: no almanac binary at $almanac" >&2; exit 1; }

corpus=$work/corpus-$n
site=$work/site-$n
echo "== corpus: $n documents in $corpus" >&2
python3 "$here/generate.py" "$n" "$corpus" --seed 1 >&2
echo "== almanac build --output $site" >&2
rm -rf "$site"
# From the repository root, where almanac finds its default theme.
(cd "$root" && "$almanac" build --content "$corpus/almanac" --output "$site" --as-of 2026-11-25 >"$work/build-$n.log" 2>&1) || {
  echo "search.sh: the build failed; see $work/build-$n.log" >&2; tail -n 30 "$work/build-$n.log" >&2; exit 1; }

echo "== sizes and query times" >&2
node - "$site" "$runs" "$root/Themes/default/assets/search.js" >"$work/search-$n.json" <<'JS'
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const [site, runsText, script] = process.argv.slice(2);
const runs = Number(runsText);
const search = require(script);

let htmlBytes = 0, htmlFiles = 0;
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith(".html")) { htmlBytes += fs.statSync(full).size; htmlFiles++; }
  }
})(site);
const raw = fs.readFileSync(path.join(site, "search-index.json"));
const gzip = zlib.gzipSync(raw, { level: 9 }).length;
const now = () => Number(process.hrtime.bigint()) / 1e6;

let t = now();
const data = JSON.parse(raw.toString("utf8"));
const parseMs = now() - t;
t = now();
const records = search.prepare(data);
const prepareMs = now() - t;
const bodyChars = data.docs.reduce((sum, d) => sum + d[data.fields.indexOf("body")].length, 0);

const queries = ["failover", "cert expiry", "replica set", "idempotency keys", "write-ahead log",
                 "restart the workers", "ads", "latency", "user802", "zzzz", "e", "the"];
// The first query also folds every body it has to look at (done once, lazily): time it apart.
t = now();
search.search(records, "zzzz", 20);
const firstMs = now() - t;
const rows = queries.map(q => {
  const times = [];
  let found;
  for (let i = 0; i < runs; i++) {
    const start = now();
    found = search.search(records, q, 20);
    for (const hit of found.results) search.snippet(hit.doc, found.words);  // what the page shows
    times.push(now() - start);
  }
  times.sort((a, b) => a - b);
  return { query: q, results: found.total, top: found.results.slice(0, 3).map(h => h.doc.title),
           median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
});
console.log(JSON.stringify({ docs: data.docs.length, htmlBytes, htmlFiles, indexBytes: raw.length, indexGzip: gzip,
  bodyChars, parseMs, prepareMs, firstMs, runs, node: process.version, rows }));
JS

python3 - "$work/search-$n.json" "$out" "$n" <<'PY'
import datetime, json, os, sys
data = json.load(open(sys.argv[1]))
out, n = sys.argv[2], int(sys.argv[3])
ratio = data["indexBytes"] / data["htmlBytes"]
worst = max(r["max"] for r in data["rows"])
rows = "\n".join(
    f"| `{r['query']}` | {r['results']:,} | {r['median']:.2f} | {r['max']:.2f} | {', '.join(r['top'])} |"
    for r in data["rows"])
report = f"""# Site search: index size and query time

Generated by `Benchmarks/search.sh {n}` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC
({os.cpu_count()} cores; Node {data['node']}). Corpus: `generate.py {n} --seed 1`, built with the release binary
(`almanac build --as-of 2026-11-25`). Query times run `search()` of `Themes/default/assets/search.js` and the
snippets of the (at most 20) results shown, {data['runs']} times per query, in Node (V8, as in Chrome).

## Size

| what | bytes |
|---|---:|
| HTML of the site ({data['htmlFiles']:,} files) | {data['htmlBytes']:,} |
| `search-index.json` ({data['docs']:,} documents, {data['bodyChars']:,} characters of body text) | {data['indexBytes']:,} |
| `search-index.json` gzipped (as a server sends it) | {data['indexGzip']:,} |
| **index / HTML** | **{ratio:.1%}** (goal: under 15 %) |

## Time

Loading, once per page that searches: `JSON.parse` {data['parseMs']:.0f} ms, `prepare` (folding titles, headings,
tags/owner/summary) {data['prepareMs']:.0f} ms; the first query also folds the bodies it needs: {data['firstMs']:.0f} ms.

| query | results | median (ms) | max (ms) | first results |
|---|---:|---:|---:|---|
{rows}

Slowest run of any query: **{worst:.1f} ms** (goal: under 50 ms). `e` and `the` match nearly every document: the
worst case, ranking and sorting them all.

## Notes (measured by hand on 2026-11-25; not recomputed by this script)

- The build cost of the index, from `perf record` of a release build of this corpus: about 1 % of the build's CPU
  samples (the body text walk and the JSON, both spread over the cores), a few hundred CPU-milliseconds.
- The index is 14 MB on disk, but a static server that compresses (most do for `application/json`) sends 1.6 MB,
  once per visit: browsers cache it, and it is only fetched when the reader first focuses the search box.
- Checked in headless Chromium too (`chromium --headless --dump-dom --virtual-time-budget=10000` on a page of this
  site served by `python3 -m http.server`, with a few lines of script typing `cert expiry` and pressing ↓ twice):
  the box was shown, 20 results with `<mark>`ed titles and snippets, the status said "180 results, showing the
  first 20", and `aria-activedescendant` pointed at the second option.
"""
with open(out, "w") as f:
    f.write(report)
print(report)
print(f"(written to {out})", file=sys.stderr)
PY
