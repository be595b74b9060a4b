@testable import Diagrams

/// A small deterministic random number generator (SplitMix64), so generated graphs are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Graphs of known shapes for the layout tests.
enum Graphs {
    static func node(_ i: Int, _ rng: inout SeededGenerator, cluster: String? = nil) -> LayoutGraph.Node {
        LayoutGraph.Node(id: "n\(i)", width: Double(Int.random(in: 20...90, using: &rng)),
                         height: Double(Int.random(in: 16...50, using: &rng)), cluster: cluster)
    }

    static func nodes(_ n: Int, _ rng: inout SeededGenerator) -> [LayoutGraph.Node] {
        (0..<n).map { node($0, &rng) }
    }

    static func uniform(_ n: Int) -> [LayoutGraph.Node] {
        (0..<n).map { LayoutGraph.Node(id: "n\($0)", width: 40, height: 24) }
    }

    /// A random DAG: edges only from a lower to a higher index in a shuffled order, about `edgesPerNode` each.
    static func randomDAG(_ n: Int, edgesPerNode: Double = 1.5, seed: UInt64) -> LayoutGraph {
        var rng = SeededGenerator(seed: seed)
        let order = Array(0..<n).shuffled(using: &rng)
        var edges: [LayoutGraph.Edge] = []
        let count = Int(Double(n) * edgesPerNode)
        if n > 1 {
            for _ in 0..<count {
                let a = Int.random(in: 0..<(n - 1), using: &rng)
                let b = Int.random(in: (a + 1)..<min(n, a + 1 + max(2, n / 4)), using: &rng)
                edges.append(.init(source: order[a], target: order[b]))
            }
        }
        return LayoutGraph(nodes: nodes(n, &rng), edges: edges)
    }

    /// A random directed graph with cycles, self-loops, parallel and opposite edges, varied weights and lengths.
    static func randomMessy(_ n: Int, seed: UInt64) -> LayoutGraph {
        var rng = SeededGenerator(seed: seed)
        var edges: [LayoutGraph.Edge] = []
        guard n > 0 else { return LayoutGraph() }
        for _ in 0..<(2 * n) {
            let a = Int.random(in: 0..<n, using: &rng), b = Int.random(in: 0..<n, using: &rng)
            edges.append(.init(source: a, target: b, weight: Double(Int.random(in: 1...3, using: &rng)),
                               minLength: Int.random(in: 0...2, using: &rng)))
        }
        return LayoutGraph(nodes: nodes(n, &rng), edges: edges)
    }

    static func chain(_ n: Int) -> LayoutGraph {
        LayoutGraph(nodes: uniform(n), edges: (0..<max(0, n - 1)).map { .init(source: $0, target: $0 + 1) })
    }

    /// A complete `k`-ary tree of the given depth, nodes in breadth-first order.
    static func tree(arity k: Int, depth: Int, seed: UInt64) -> LayoutGraph {
        var rng = SeededGenerator(seed: seed)
        var edges: [LayoutGraph.Edge] = []
        var level = [0], count = 1
        for _ in 0..<depth {
            var next: [Int] = []
            for p in level {
                for _ in 0..<k {
                    edges.append(.init(source: p, target: count))
                    next.append(count)
                    count += 1
                }
            }
            level = next
        }
        return LayoutGraph(nodes: nodes(count, &rng), edges: edges)
    }

    static func completeBipartite(_ a: Int, _ b: Int) -> LayoutGraph {
        var edges: [LayoutGraph.Edge] = []
        for i in 0..<a { for j in 0..<b { edges.append(.init(source: i, target: a + j)) } }
        return LayoutGraph(nodes: uniform(a + b), edges: edges)
    }

    /// A chain with edges that skip ranks, so they need virtual nodes.
    static func longEdges(_ n: Int) -> LayoutGraph {
        var edges = (0..<(n - 1)).map { LayoutGraph.Edge(source: $0, target: $0 + 1) }
        edges.append(.init(source: 0, target: n - 1))
        edges.append(.init(source: 1, target: n - 2))
        edges.append(.init(source: 0, target: n / 2, minLength: 3))
        return LayoutGraph(nodes: uniform(n), edges: edges)
    }

    static func cycle(_ n: Int) -> LayoutGraph {
        LayoutGraph(nodes: uniform(n), edges: (0..<n).map { .init(source: $0, target: ($0 + 1) % n) })
    }
}

/// What the tests check of every layout.
enum LayoutChecks {
    static let tolerance = 1e-6

    static func bezierPoint(_ p: [Point], piece: Int, _ t: Double) -> Point {
        let a = p[3 * piece], b = p[3 * piece + 1], c = p[3 * piece + 2], d = p[3 * piece + 3]
        let u = 1 - t
        let w0 = u * u * u, w1 = 3 * u * u * t, w2 = 3 * u * t * t, w3 = t * t * t
        return Point(x: w0 * a.x + w1 * b.x + w2 * c.x + w3 * d.x, y: w0 * a.y + w1 * b.y + w2 * c.y + w3 * d.y)
    }

    /// Points along a route, `perPiece` per cubic piece, in order.
    static func samples(_ points: [Point], perPiece: Int = 24) -> [Point] {
        guard points.count >= 4 else { return points }
        var result: [Point] = []
        for piece in 0..<((points.count - 1) / 3) {
            for s in 0...perPiece { result.append(bezierPoint(points, piece: piece, Double(s) / Double(perPiece))) }
        }
        return result
    }

    static func onBorder(_ p: Point, _ c: Point, _ node: LayoutGraph.Node) -> Bool {
        let dx = abs(p.x - c.x), dy = abs(p.y - c.y), hw = node.width / 2, hh = node.height / 2, t = 1e-6
        guard dx <= hw + t && dy <= hh + t else { return false }
        return dx >= hw - t || dy >= hh - t
    }

    static func strictlyInside(_ p: Point, _ c: Point, _ node: LayoutGraph.Node) -> Bool {
        abs(p.x - c.x) < node.width / 2 - 1e-6 && abs(p.y - c.y) < node.height / 2 - 1e-6
    }

    /// Every problem with the layout, as readable lines; empty when all is well.
    static func problems(_ graph: LayoutGraph, _ layout: Layout, _ options: LayoutOptions = LayoutOptions()) -> [String] {
        var problems: [String] = []
        let n = graph.nodes.count
        guard layout.centres.count == n, layout.ranks.count == n else {
            return ["\(layout.centres.count) centres and \(layout.ranks.count) ranks for \(n) nodes"]
        }
        let vertical = options.direction == .topToBottom
        let margin = min(options.nodeSeparation, options.rankSeparation) / 2 - tolerance
        // Boxes inside the drawing, with the margin, and never overlapping.
        for (i, node) in graph.nodes.enumerated() {
            let c = layout.centres[i]
            if c.x - node.width / 2 < margin || c.y - node.height / 2 < margin
                || c.x + node.width / 2 > layout.width - margin || c.y + node.height / 2 > layout.height - margin {
                problems.append("node \(i) at \(c) is not inside the drawing \(layout.width)×\(layout.height) with its margin")
            }
            for j in 0..<i {
                let d = layout.centres[j], other = graph.nodes[j]
                let ox = (node.width + other.width) / 2 - abs(c.x - d.x)
                let oy = (node.height + other.height) / 2 - abs(c.y - d.y)
                if ox > tolerance && oy > tolerance { problems.append("nodes \(j) and \(i) overlap") }
            }
        }
        // One route per edge, in edge order.
        if layout.routes.map(\.edge) != Array(graph.edges.indices) {
            problems.append("routes are for edges \(layout.routes.map(\.edge)), not one per edge in order")
            return problems
        }
        for route in layout.routes {
            let e = graph.edges[route.edge], p = route.points
            let name = "edge \(route.edge) (\(e.source)→\(e.target))"
            guard p.count >= 4, (p.count - 1) % 3 == 0 else { problems.append("\(name): \(p.count) points"); continue }
            if p.contains(where: { !$0.x.isFinite || !$0.y.isFinite }) { problems.append("\(name): not finite"); continue }
            let rs = layout.ranks[e.source], rt = layout.ranks[e.target]
            if e.source != e.target {
                let span = route.reversed ? rs - rt : rt - rs
                if span < e.minLength { problems.append("\(name): ranks \(rs)→\(rt), reversed \(route.reversed), minLength \(e.minLength)") }
                if !route.reversed && rt < rs { problems.append("\(name) goes up but is not marked reversed") }
            }
            if !onBorder(p[0], layout.centres[e.source], graph.nodes[e.source]) {
                problems.append("\(name) starts at \(p[0]), off the source's border")
            }
            if !onBorder(p[p.count - 1], layout.centres[e.target], graph.nodes[e.target]) {
                problems.append("\(name) ends at \(p[p.count - 1]), off the target's border")
            }
            let samples = Self.samples(p)
            // Inside the drawing.
            if samples.contains(where: { $0.x < -tolerance || $0.y < -tolerance || $0.x > layout.width + tolerance || $0.y > layout.height + tolerance }) {
                problems.append("\(name) leaves the drawing")
            }
            // Through no node box, its own ends included.
            for s in samples {
                if let k = graph.nodes.indices.first(where: { strictlyInside(s, layout.centres[$0], graph.nodes[$0]) }) {
                    problems.append("\(name) passes through node \(k) at \(s)")
                    break
                }
            }
            // Ranks in order: monotone along the rank axis, from the source's rank to the target's.
            if rs != rt {
                let sign: Double = rt > rs ? 1 : -1
                let along = samples.map { vertical ? $0.y : $0.x }
                if zip(along, along.dropFirst()).contains(where: { ($1 - $0) * sign < -tolerance }) {
                    problems.append("\(name) does not pass its ranks in order")
                }
            }
        }
        return problems
    }

    /// Crossings between edges that join adjacent ranks, counted from the drawing (other edges are ignored).
    static func crossings(_ graph: LayoutGraph, _ layout: Layout) -> Int {
        let x = layout.centres.map(\.x)
        var count = 0
        let edges = graph.edges.filter { abs(layout.ranks[$0.target] - layout.ranks[$0.source]) == 1 }
        for (i, e) in edges.enumerated() {
            for f in edges[..<i] {
                let (a, b) = layout.ranks[e.source] < layout.ranks[e.target] ? (e.source, e.target) : (e.target, e.source)
                let (c, d) = layout.ranks[f.source] < layout.ranks[f.target] ? (f.source, f.target) : (f.target, f.source)
                guard layout.ranks[a] == layout.ranks[c], a != c, b != d else { continue }
                if (x[a] - x[c]) * (x[b] - x[d]) < 0 { count += 1 }
            }
        }
        return count
    }

    /// Crossings counted as layout-metrics.py counts them: every edge cut at each rank line (distinct node y) it
    /// spans, and pairs of pieces between two neighbouring rank lines whose order flips.
    static func layeredCrossings(_ graph: LayoutGraph, _ layout: Layout) -> Int {
        let lines = Array(Set(layout.centres.map(\.y))).sorted()
        let line = Dictionary(uniqueKeysWithValues: lines.enumerated().map { ($1, $0) })
        var pieces: [Int: [(Double, Double)]] = [:]
        for route in layout.routes {
            let e = graph.edges[route.edge]
            let (upper, lower) = layout.centres[e.source].y < layout.centres[e.target].y ? (e.source, e.target) : (e.target, e.source)
            let from = line[layout.centres[upper].y]!, to = line[layout.centres[lower].y]!
            guard from < to else { continue }
            let polyline = samples(route.points, perPiece: 64)
            var chain = [layout.centres[upper].x]
            for r in (from + 1)..<max(from + 1, to) {
                let y = lines[r]
                let x = zip(polyline, polyline.dropFirst()).first { ($0.y - y) * ($1.y - y) <= 0 && $0.y != $1.y }
                    .map { a, b in a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y) }
                chain.append(x ?? chain.last!)
            }
            chain.append(layout.centres[lower].x)
            for r in from..<to { pieces[r, default: []].append((chain[r - from], chain[r - from + 1])) }
        }
        var count = 0
        for list in pieces.values {
            for i in list.indices { for j in 0..<i where (list[i].0 - list[j].0) * (list[i].1 - list[j].1) < -1e-9 { count += 1 } }
        }
        return count
    }
}
