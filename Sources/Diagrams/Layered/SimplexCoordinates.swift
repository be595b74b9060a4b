/// Phase 5 of the layered layout: x coordinates as dot assigns them (Gansner, Koutsofios, North and Vo 1993, §4.2).
///
/// Network simplex on an auxiliary graph minimises Σ ω · weight · |x(u) − x(v)| over the segments of the proper graph
/// and the flat edges, subject to the separation of neighbours in a rank: ω is 1 between two real nodes, 2 between a
/// real and a virtual node and 8 between two virtual nodes, so long edges are straightened first, then the edges
/// into and out of them. Each segment (u, v) becomes an auxiliary node m with edges m → u and m → v of minimum length 0
/// and the segment's weight: at the optimum x(m) = min(x(u), x(v)), so the two edges cost |x(u) − x(v)|. Neighbours in
/// a rank are joined by edges of weight 0 whose minimum length is their separation. Of the optimal layouts, the one
/// where every part that could move freely sits in the middle of its range is kept (`NetworkSimplex.Balance.centring`):
/// a node over two children is centred above them.
///
/// Optimal layouts often tie: a step with a rollback branch costs the same above its next step, above the branch or
/// anywhere between. So that the main chain is the one drawn straight, each edge's weight grows by up to
/// `mainChainBonus` with the length of the longest path through it: a branch shorter than the rest of the chain gives
/// way. The bonus is at most 1 % of an edge's weight, so it decides only between layouts that cost (nearly) the same,
/// and equal paths still tie, so a diamond stays symmetric.
///
/// The solver works in whole units of 1/`scale` pt (separations rounded up) and starts from the Brandes–Köpf
/// coordinates, which keep every separation and are close to straight already: most of its exchanges are degenerate,
/// proving that start (nearly) optimal rather than moving nodes.
struct SimplexCoordinates {
    /// The layers, node extents and separations; its balanced coordinates are the starting point.
    let start: BrandesKopf
    /// Weight of each chain of the proper graph (its edge's weight).
    let chainWeight: [Double]
    /// Edges between two nodes of one rank, with their weights.
    let flat: [(source: Int, target: Int, weight: Double)]

    /// Units per pt.
    static let scale = 4.0

    /// The largest share by which an edge on a longest path outweighs an edge on no longer path than itself.
    static let mainChainBonus = 0.01

    /// For each chain, the number of segments on the longest path of the proper graph that runs through it.
    func longestPaths() -> [Int] {
        let graph = start.graph
        var above = [Int](repeating: 0, count: graph.nodeCount), below = above
        for layer in start.layers {
            for v in layer { for u in graph.up[v] { above[v] = max(above[v], above[u] + 1) } }
        }
        for layer in start.layers.reversed() {
            for v in layer { for w in graph.down[v] { below[v] = max(below[v], below[w] + 1) } }
        }
        return graph.chains.map { above[$0.nodes[0]] + $0.nodes.count - 1 + below[$0.nodes[$0.nodes.count - 1]] }
    }

    /// ω of a segment between `a` and `b`.
    func omega(_ a: Int, _ b: Int) -> Double {
        let graph = start.graph
        switch (graph.isVirtual(a), graph.isVirtual(b)) {
        case (true, true): return 8
        case (false, false): return 1
        default: return 2
        }
    }

    /// The centre x of every node of the proper graph.
    func coordinates() -> [Double] {
        let graph = start.graph
        let first = start.coordinates()
        guard graph.nodeCount > 1 else { return first }
        var x = first.map { Int(($0 * Self.scale).rounded()) }
        var edges: [NetworkSimplex.Edge] = []
        for layer in start.layers {
            for (u, v) in zip(layer, layer.dropFirst()) {
                let gap = Int((start.separation(u, v) * Self.scale - 1e-6).rounded(.up))
                x[v] = max(x[v], x[u] + gap)
                edges.append(.init(tail: u, head: v, minLength: gap, weight: 0))
            }
        }
        var values = x
        func pull(_ a: Int, _ b: Int, _ weight: Double) {
            let m = values.count
            values.append(min(x[a], x[b]))
            edges.append(.init(tail: m, head: a, minLength: 0, weight: weight))
            edges.append(.init(tail: m, head: b, minLength: 0, weight: weight))
        }
        let paths = longestPaths()
        let longest = Double(max(1, paths.max() ?? 1))
        for (k, chain) in graph.chains.enumerated() {
            let weight = chainWeight[k] * (1 + Self.mainChainBonus * Double(paths[k]) / longest)
            for (a, b) in zip(chain.nodes, chain.nodes.dropFirst()) { pull(a, b, omega(a, b) * weight) }
        }
        for f in flat { pull(f.source, f.target, f.weight) }
        let solved = NetworkSimplex.solve(nodeCount: values.count, edges: edges, initial: values, balance: .centring)
        return (0..<graph.nodeCount).map { Double(solved[$0]) / Self.scale }
    }
}
