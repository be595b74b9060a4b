#!/usr/bin/env python3
"""Write the Markdown report of Benchmarks/layout/run.sh from what it left in WORK:
metrics-dot.jsonl and metrics-ours.jsonl (layout-metrics.py's lines), straight-dot.jsonl and straight-ours.jsonl
(straightness.py's), ours/NAME.log (almanac's --timing and
--check lines, its exit status and process time), dot/NAME.log, timing-internal.txt and hyperfine.json."""
import argparse, datetime, glob, json, math, os, platform, re, statistics, subprocess

ap = argparse.ArgumentParser()
ap.add_argument('--work', required=True)
ap.add_argument('--corpus', required=True)
ap.add_argument('--big', required=True)
ap.add_argument('--geo', type=int, default=0)
ap.add_argument('--spacing', default='dot')
ap.add_argument('--out', required=True)
args = ap.parse_args()
W = args.work


def name_of(path):
    return os.path.basename(path).rsplit('.', 1)[0]


def load(kind):
    rows = {}
    path = os.path.join(W, f'metrics-{kind}.jsonl')
    if os.path.exists(path):
        for line in open(path):
            line = line.strip()
            if line:
                row = json.loads(line)
                rows[name_of(row['file'])] = row
    return rows


dot, ours = load('dot'), load('ours')
# straightness.py's figures (offset, straight) join layout-metrics.py's.
for kind, rows in (('dot', dot), ('ours', ours)):
    path = os.path.join(W, f'straight-{kind}.jsonl')
    if os.path.exists(path):
        for line in open(path):
            line = line.strip()
            if line:
                row = json.loads(line)
                if name_of(row['file']) in rows:
                    rows[name_of(row['file'])].update(offset=row['offset'], straight=row['straight'])
graphs = sorted({name_of(p) for p in glob.glob(os.path.join(W, 'gv', '*.gv'))},
                key=lambda n: [int(x) if x.isdigit() else x for x in re.split(r'(\d+)', n)])

# almanac's logs: exit status, timing, check problems.
layout_ms, process_ms, exits, problems, warnings = {}, {}, {}, {}, {}
timing = re.compile(r': (\d+) nodes, (\d+) edges, \d+ crossings; read ([\d.]+) ms, layout ([\d.]+) ms, write ([\d.]+) ms')
for g in graphs:
    path = os.path.join(W, 'ours', g + '.log')
    if not os.path.exists(path):
        continue
    for line in open(path, errors='replace'):
        line = line.rstrip('\n')
        m = timing.search(line)
        if m:
            layout_ms[g] = float(m.group(4))
        elif line.startswith('process-ms '):
            process_ms[g] = int(line.split()[1])
        elif line.startswith('exit '):
            exits[g] = int(line.split()[1])
        elif ': layout: ' in line:
            problems.setdefault(g, []).append(line.split(': layout: ', 1)[1])
        elif ': warning: ' in line:
            warnings.setdefault(g, []).append(line)
dot_ms = {}
for g in graphs:
    path = os.path.join(W, 'dot', g + '.log')
    if os.path.exists(path):
        for line in open(path, errors='replace'):
            if line.startswith('process-ms '):
                dot_ms[g] = int(line.split()[1])

both = [g for g in graphs if g in dot and g in ours and 'error' not in dot[g] and 'error' not in ours[g]
        and 'offset' in dot[g] and 'offset' in ours[g]]
failed = [g for g in graphs if g not in both]


def fmt(x, digits=2):
    if x is None:
        return '–'
    if isinstance(x, int):
        return f'{x:,}'
    return f'{x:,.{digits}f}'


def pct(part, whole):
    return f'{100 * part / whole:.1f} %' if whole else '–'


def ratio(a, b):
    return a / b if b else (1.0 if a == 0 else math.inf)


def geomean(values):
    values = [v for v in values if v > 0 and math.isfinite(v)]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


lines = []
out = lines.append
now = datetime.datetime.now().strftime('%Y-%m-%d %H:%M')
try:
    dot_version = subprocess.run(['dot', '-V'], capture_output=True, text=True).stderr.strip()
except OSError:
    dot_version = 'dot (unknown version)'
cpu = ''
try:
    for line in open('/proc/cpuinfo'):
        if line.startswith('model name'):
            cpu = line.split(':', 1)[1].strip()
            break
except OSError:
    pass

out('# Layered layout: almanac vs Graphviz dot')
out('')
out(f'Written by `Benchmarks/layout/run.sh` on {now}: {len(graphs)} graphs of `{args.corpus}`, '
    f'{dot_version}, {os.cpu_count()} × {cpu or platform.machine()}.')
spacing = ('node separation 18 pt and rank separation 36 pt, dot\'s defaults (`--node-separation 18 --rank-separation 36`)'
           if args.spacing == 'dot' else 'the engine\'s default separations')
out(f'Both lay out the same DOT file (graphml2dot.py\'s conversion), top to bottom, nodes 0.75 in × 0.5 in; almanac with {spacing}. '
    'Figures are layout-metrics.py\'s on each `-Tplain` output'
    + ('' if args.geo else '; geometric crossings were not counted (`--no-geo`; `run.sh --geo` counts them)') + '.')
out('')
if failed:
    out(f'**{len(failed)} graph(s) not compared** (almanac failed, or a drawing could not be measured): '
        + ', '.join(f'`{g}` (exit {exits.get(g, "?")})' for g in failed[:30]) + (' …' if len(failed) > 30 else ''))
    out('')

n = len(both)
D = {g: dot[g] for g in both}
O = {g: ours[g] for g in both}
sum_d = sum(D[g]['layer'] for g in both)
sum_o = sum(O[g]['layer'] for g in both)
le = sum(1 for g in both if O[g]['layer'] <= D[g]['layer'])
lt = sum(1 for g in both if O[g]['layer'] < D[g]['layer'])
gt = sum(1 for g in both if O[g]['layer'] > D[g]['layer'])
zero_d = sum(1 for g in both if D[g]['layer'] == 0)
zero_o = sum(1 for g in both if O[g]['layer'] == 0)

out('## Crossings')
out('')
out('| | dot | almanac | almanac / dot |')
out('| --- | ---: | ---: | ---: |')
out(f'| layered crossings, sum over {n} graphs | {fmt(sum_d)} | {fmt(sum_o)} | {fmt(ratio(sum_o, sum_d), 3)} |')
if args.geo:
    gd = sum(D[g]['geo'] or 0 for g in both)
    go = sum(O[g]['geo'] or 0 for g in both)
    out(f'| geometric crossings, sum | {fmt(gd)} | {fmt(go)} | {fmt(ratio(go, gd), 3)} |')
out(f'| graphs drawn without a crossing | {zero_d} | {zero_o} | |')
out(f'| mean layered crossings per graph | {fmt(sum_d / n if n else 0)} | {fmt(sum_o / n if n else 0)} | |')
out('')
out(f'almanac has as few layered crossings as dot or fewer (ours ≤ dot) on **{le} of {n} graphs ({pct(le, n)})**: '
    f'fewer on {lt} ({pct(lt, n)}), as many on {le - lt}, more on {gt} ({pct(gt, n)}).')
out('')

# By size.
buckets = [(10, 19), (20, 29), (30, 49), (50, 74), (75, 100)]
out('By graph size (nodes):')
out('')
out('| nodes | graphs | dot crossings | almanac crossings | almanac / dot | ours ≤ dot |')
out('| --- | ---: | ---: | ---: | ---: | ---: |')
for lo, hi in buckets:
    gs = [g for g in both if lo <= D[g]['nodes'] <= hi]
    if not gs:
        continue
    a = sum(D[g]['layer'] for g in gs)
    b = sum(O[g]['layer'] for g in gs)
    k = sum(1 for g in gs if O[g]['layer'] <= D[g]['layer'])
    out(f'| {lo}–{hi} | {len(gs)} | {fmt(a)} | {fmt(b)} | {fmt(ratio(b, a), 3)} | {pct(k, len(gs))} |')
out('')

# Straightness.
off_d = sum(D[g]['offset'] for g in both)
off_o = sum(O[g]['offset'] for g in both)
edges_total = sum(D[g]['edges'] for g in both)
st_d = sum(D[g]['straight'] for g in both)
st_o = sum(O[g]['straight'] for g in both)
ole = sum(1 for g in both if O[g]['offset'] <= D[g]['offset'] + 1e-6)
olt = sum(1 for g in both if O[g]['offset'] < D[g]['offset'] - 1e-6)
out('## Straightness')
out('')
out('The horizontal offset of an edge is |x(tail) − x(head)|, its two ends\' centres in the plain output '
    '(`straightness.py`): 0 for an edge drawn straight down. A chain drawn on one vertical line sums to 0.')
out('')
out('| | dot | almanac | almanac / dot |')
out('| --- | ---: | ---: | ---: |')
out(f'| horizontal offset, sum over {n} graphs (in) | {fmt(off_d, 1)} | {fmt(off_o, 1)} | {fmt(ratio(off_o, off_d), 3)} |')
out(f'| mean offset per edge (in) | {fmt(off_d / edges_total if edges_total else 0, 3)} | '
    f'{fmt(off_o / edges_total if edges_total else 0, 3)} | |')
out(f'| edges drawn vertical (offset < 0.01 in) | {fmt(st_d)} ({pct(st_d, edges_total)}) | {fmt(st_o)} ({pct(st_o, edges_total)}) | '
    f'{fmt(ratio(st_o, st_d), 3)} |')
out('')
out(f'almanac\'s edges are no further off vertical than dot\'s (ours ≤ dot) on **{ole} of {n} graphs ({pct(ole, n)})**: '
    f'less on {olt} ({pct(olt, n)}), as much on {ole - olt}, more on {n - ole} ({pct(n - ole, n)}).')
out('')
out('By graph size (nodes):')
out('')
out('| nodes | graphs | dot offset (in) | almanac offset (in) | almanac / dot | ours ≤ dot |')
out('| --- | ---: | ---: | ---: | ---: | ---: |')
for lo, hi in buckets:
    gs = [g for g in both if lo <= D[g]['nodes'] <= hi]
    if not gs:
        continue
    a = sum(D[g]['offset'] for g in gs)
    b = sum(O[g]['offset'] for g in gs)
    k = sum(1 for g in gs if O[g]['offset'] <= D[g]['offset'] + 1e-6)
    out(f'| {lo}–{hi} | {len(gs)} | {fmt(a, 1)} | {fmt(b, 1)} | {fmt(ratio(b, a), 3)} | {pct(k, len(gs))} |')
out('')
further = sorted(both, key=lambda g: O[g]['offset'] - D[g]['offset'], reverse=True)[:5]
if further and O[further[0]]['offset'] > D[further[0]]['offset']:
    out('Furthest off vertical against dot: ' + ', '.join(
        f'{g} ({fmt(D[g]["offset"], 1)} → {fmt(O[g]["offset"], 1)} in)' for g in further if O[g]['offset'] > D[g]['offset']) + '.')
    out('')

# Bends, ranks, size.
sb_d = sum(D[g]['bends'] for g in both)
sb_o = sum(O[g]['bends'] for g in both)
ble = sum(1 for g in both if O[g]['bends'] <= D[g]['bends'])
same_ranks = sum(1 for g in both if O[g]['ranks'] == D[g]['ranks'])
area_d = {g: D[g]['W'] * D[g]['H'] for g in both}
area_o = {g: O[g]['W'] * O[g]['H'] for g in both}
area_ratio = [ratio(area_o[g], area_d[g]) for g in both if area_d[g] > 0]
aspect_d = [D[g]['aspect'] for g in both if D[g]['aspect']]
aspect_o = [O[g]['aspect'] for g in both if O[g]['aspect']]
aspect_ratio = [ratio(O[g]['aspect'], D[g]['aspect']) for g in both if D[g]['aspect'] and O[g]['aspect']]
len_d = sum(D[g]['edge_len'] for g in both)
len_o = sum(O[g]['edge_len'] for g in both)
out('## Bends, ranks, size')
out('')
out('| | dot | almanac | almanac / dot |')
out('| --- | ---: | ---: | ---: |')
out(f'| bends (turns > 10° at rank lines), sum | {fmt(sb_d)} | {fmt(sb_o)} | {fmt(ratio(sb_o, sb_d), 3)} |')
out(f'| ranks, sum | {fmt(sum(D[g]["ranks"] for g in both))} | {fmt(sum(O[g]["ranks"] for g in both))} | '
    f'{fmt(ratio(sum(O[g]["ranks"] for g in both), sum(D[g]["ranks"] for g in both)), 3)} |')
out(f'| area W × H, sum (in²) | {fmt(sum(area_d.values()), 1)} | {fmt(sum(area_o.values()), 1)} | '
    f'{fmt(ratio(sum(area_o.values()), sum(area_d.values())), 3)} |')
out(f'| width W, median (in) | {fmt(statistics.median(D[g]["W"] for g in both) if n else None)} | '
    f'{fmt(statistics.median(O[g]["W"] for g in both) if n else None)} | |')
out(f'| height H, median (in) | {fmt(statistics.median(D[g]["H"] for g in both) if n else None)} | '
    f'{fmt(statistics.median(O[g]["H"] for g in both) if n else None)} | |')
out(f'| aspect W / H, median | {fmt(statistics.median(aspect_d) if aspect_d else None, 3)} | '
    f'{fmt(statistics.median(aspect_o) if aspect_o else None, 3)} | |')
out(f'| total edge length, sum (in) | {fmt(len_d, 1)} | {fmt(len_o, 1)} | {fmt(ratio(len_o, len_d), 3)} |')
out('')
if area_ratio:
    out(f'Per graph, almanac\'s area / dot\'s: median {fmt(statistics.median(area_ratio), 3)}, geometric mean '
        f'{fmt(geomean(area_ratio), 3)}, from {fmt(min(area_ratio), 3)} to {fmt(max(area_ratio), 3)}; '
        f'smaller or equal on {pct(sum(1 for r in area_ratio if r <= 1), len(area_ratio))} of the graphs. '
        f'Aspect ratio almanac / dot: median {fmt(statistics.median(aspect_ratio), 3) if aspect_ratio else "–"}, '
        f'geometric mean {fmt(geomean(aspect_ratio), 3)}.')
fewer_ranks = [g for g in both if O[g]['ranks'] < D[g]['ranks']]
more_list = [g for g in both if O[g]['ranks'] > D[g]['ranks']]
detail = '; '.join(f'{g}: {D[g]["ranks"]} → {O[g]["ranks"]}' for g in (fewer_ranks + more_list)[:10])
out(f'Bends ≤ dot\'s on {pct(ble, n)} of the graphs. Same number of ranks (distinct node y) as dot on {same_ranks} of {n} graphs; '
    f'fewer on {len(fewer_ranks)}, more on {len(more_list)}' + (f' ({detail})' if detail else '') + '.')
out('')

# Worst graphs.
out('## The 20 worst graphs for almanac')
out('')
out('By layered crossings, almanac minus dot (then by the ratio).')
out('')
out('| graph | nodes | edges | ranks dot / ours | crossings dot | crossings ours | difference | bends dot / ours | area ours / dot |')
out('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
worst = sorted(both, key=lambda g: (O[g]['layer'] - D[g]['layer'], ratio(O[g]['layer'], D[g]['layer'])), reverse=True)[:20]
for g in worst:
    d, o = D[g], O[g]
    out(f'| {g} | {d["nodes"]} | {d["edges"]} | {d["ranks"]} / {o["ranks"]} | {d["layer"]} | {o["layer"]} | '
        f'{o["layer"] - d["layer"]:+d} | {d["bends"]} / {o["bends"]} | {fmt(ratio(area_o[g], area_d[g]), 2)} |')
out('')
best = sorted(both, key=lambda g: (O[g]['layer'] - D[g]['layer']))[:5]
if best and O[best[0]]['layer'] < D[best[0]]['layer']:
    out('The best ones for almanac: ' + ', '.join(
        f'{g} ({D[g]["layer"]} → {O[g]["layer"]})' for g in best if O[g]['layer'] < D[g]['layer']) + '.')
    out('')

# Time.
out('## Time')
out('')
total_nodes = sum(D[g]['nodes'] for g in both)
lay_total = sum(layout_ms.get(g, 0) for g in both)
proc_total = sum(process_ms.get(g, 0) for g in both)
dot_total = sum(dot_ms.get(g, 0) for g in both)
out(f'- Whole corpus, engine alone (`graph.layout`, almanac\'s internal timer, release build): **{fmt(lay_total, 1)} ms** '
    f'for {fmt(total_nodes)} nodes, {fmt(lay_total / total_nodes * 100 if total_nodes else 0, 3)} ms per 100 nodes on average; '
    f'slowest graph {max(both, key=lambda g: layout_ms.get(g, 0)) if both else "–"} '
    f'({fmt(max((layout_ms.get(g, 0) for g in both), default=0), 1)} ms).')
out(f'- Whole corpus, one process per graph (reading, layout, writing, process start): almanac {fmt(proc_total / 1000, 1)} s, '
    f'dot -Tplain {fmt(dot_total / 1000, 1)} s (run in parallel, so only roughly comparable).')
big_ms = []
path = os.path.join(W, 'timing-internal.txt')
if os.path.exists(path):
    for line in open(path):
        m = timing.search(line)
        if m:
            big_ms.append(float(m.group(4)))
big_nodes = D[args.big]['nodes'] if args.big in D else None
if big_ms:
    out(f'- The {big_nodes}-node graph {args.big}, engine alone: median **{fmt(statistics.median(big_ms), 2)} ms** over '
        f'{len(big_ms)} runs (min {fmt(min(big_ms), 2)}, max {fmt(max(big_ms), 2)}).')
path = os.path.join(W, 'timing-baseline.txt')
if os.path.exists(path):
    base_ms, new_ms = {}, {}
    for line in open(path):
        which, g, rest = line.split(' ', 2)
        m = timing.search(rest)
        if m:
            (base_ms if which == 'baseline' else new_ms)[g] = float(m.group(4))
    common = [g for g in both if g in base_ms and g in new_ms and base_ms[g] > 0]
    if common:
        per = [new_ms[g] / base_ms[g] for g in common]
        a, b = sum(base_ms[g] for g in common), sum(new_ms[g] for g in common)
        slow = max(common, key=lambda g: new_ms[g] - base_ms[g])
        out(f'- Side by side with the baseline binary (`--baseline`; each graph laid out by both, one after the other, '
            f'one job), engine alone over {len(common)} graphs: baseline **{fmt(a, 1)} ms**, this build **{fmt(b, 1)} ms** '
            f'({fmt(ratio(b, a), 2)} ×); per graph median {fmt(statistics.median(per), 2)} ×, geometric mean '
            f'{fmt(geomean(per), 2)} ×; the largest difference {slow} ({fmt(base_ms[slow], 1)} → {fmt(new_ms[slow], 1)} ms).')
path = os.path.join(W, 'hyperfine.json')
if os.path.exists(path):
    for r in json.load(open(path))['results']:
        out(f'- The same graph, whole process (`{r["command"]}`: reading, layout, writing, process start), hyperfine: '
            f'{fmt(r["mean"] * 1000, 2)} ms ± {fmt(r["stddev"] * 1000, 2)} ms over {len(r["times"])} runs.')
out('')

# Checks.
out('## Contract checks')
out('')
out('`almanac layout --check` (LayoutCheck: one route per edge, 3k + 1 finite Bézier points from border to border, '
    'nodes of a rank on one line and not overlapping, ranks in drawing order and at least minLength apart, '
    'everything inside the drawing).')
out('')
checked = [g for g in graphs if g in exits]
bad = [g for g in checked if problems.get(g)]
if not bad:
    out(f'No problem in any of the {len(checked)} layouts.')
else:
    kinds = {}
    for g in bad:
        for p in problems[g]:
            kind = p.split(':', 1)[0]
            kinds.setdefault(kind, set()).add(g)
    out(f'{len(bad)} of {len(checked)} layouts have problems:')
    out('')
    for kind, gs in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        example = next(p for p in problems[sorted(gs)[0]] if p.startswith(kind))
        out(f'- `{kind}`: {len(gs)} graphs, e.g. {sorted(gs)[0]}: {example.split(": ", 1)[-1]}')
crashed = [g for g in checked if exits[g] not in (0, 1)]
if crashed:
    out('')
    out(f'almanac exited with another status on {len(crashed)} graphs: ' + ', '.join(f'{g} ({exits[g]})' for g in crashed[:20]))
if warnings:
    out('')
    out(f'Reader warnings on {len(warnings)} graphs, e.g. {next(iter(warnings.values()))[0]}')
out('')

with open(args.out, 'w') as f:
    f.write('\n'.join(lines))
print('\n'.join(lines))
