#!/usr/bin/env python3
"""Straightness of drawings in Graphviz's `-Tplain` format: the sum over edges of |x(tail) - x(head)|, the
horizontal offset between the centres of an edge's two ends, from the plain file's node coordinates (inches).

usage: straightness.py FILE [...]   one JSON line per file: {"file", "offset", "straight"}
  offset    the sum over edges (self-loops count 0)
  straight  edges whose ends are less than 0.01 in apart horizontally"""
import json, shlex, sys


def straightness(text):
    x, ends = {}, []
    for line in text.splitlines():
        f = shlex.split(line)
        if f and f[0] == 'node':
            x[f[1]] = float(f[2])
        elif f and f[0] == 'edge':
            ends.append((f[1], f[2]))
    offsets = [abs(x[a] - x[b]) for a, b in ends]
    return dict(offset=round(sum(offsets), 4), straight=sum(1 for d in offsets if d < 0.01))


if __name__ == '__main__':
    for path in sys.argv[1:]:
        with open(path) as f:
            print(json.dumps(dict(file=path, **straightness(f.read()))))
