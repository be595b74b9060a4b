extension LayoutGraph {
    /// Lays the graph out in layers. Deterministic: the same graph gives the same layout.
    ///
    /// A Sugiyama-style layout in the manner of dot: cycles are broken by reversing edges, nodes are ranked by
    /// network simplex (or, where that draws with fewer crossings, as high or as low as their edges allow), long edges
    /// get virtual nodes, ranks are ordered to reduce crossings, x coordinates keep edges short and straight (network
    /// simplex as in dot, from Brandes–Köpf's), and edges are routed as cubic Béziers from border to border. Edges
    /// whose ends are out of range get no route; negative sizes, separations or minimum lengths count as 0, negative
    /// or non-finite weights as 0.
    public func layout(_ options: LayoutOptions = LayoutOptions()) -> Layout {
        LayeredLayout(graph: self, options: options).run()
    }
}

/// Runs the layered layout's phases on each separate part of the graph and assembles the drawing.
struct LayeredLayout {
    let graph: LayoutGraph
    let options: LayoutOptions
    /// Node sizes in the frame where ranks go down (swapped for left-to-right).
    let width: [Double]
    let height: [Double]

    /// Ranks are capped at this many apart, so a huge minimum length cannot exhaust memory.
    static let longestEdge = 1000

    init(graph: LayoutGraph, options: LayoutOptions) {
        self.graph = graph
        var options = options
        options.nodeSeparation = Self.clean(options.nodeSeparation)
        options.rankSeparation = Self.clean(options.rankSeparation)
        self.options = options
        let transposed = options.direction == .leftToRight
        width = graph.nodes.map { Self.clean(transposed ? $0.height : $0.width) }
        height = graph.nodes.map { Self.clean(transposed ? $0.width : $0.height) }
    }

    static func clean(_ value: Double) -> Double { value.isFinite && value > 0 ? value : 0 }

    private struct Part {
        var centres: [(node: Int, point: Point)] = []
        var routes: [Layout.Route] = []
        var crossings = 0
        var minX = Double.infinity, maxX = -Double.infinity
        var minY = Double.infinity, maxY = -Double.infinity

        mutating func cover(_ p: Point) {
            minX = min(minX, p.x); maxX = max(maxX, p.x)
            minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
    }

    func run() -> Layout {
        let n = graph.nodes.count
        let margin = max(options.nodeSeparation, options.rankSeparation) / 2

        // Phase 1: break cycles.
        let valid = graph.edges.map { $0.source >= 0 && $0.source < n && $0.target >= 0 && $0.target < n }
        let weights = graph.edges.map { $0.weight.isFinite && $0.weight > 0 ? $0.weight : 0 }
        let reversed = CycleBreaking.reversedEdges(nodeCount: n, edges: graph.edges.map { ($0.source, $0.target) },
                                                   weights: weights)

        // Phase 2: rank, with parallel (and opposite, once reversed) edges merged.
        var mergedIndex: [Int: Int] = [:]
        var merged: [NetworkSimplex.Edge] = []
        for (i, e) in graph.edges.enumerated() where valid[i] && e.source != e.target {
            let tail = reversed[i] ? e.target : e.source, head = reversed[i] ? e.source : e.target
            let length = min(max(e.minLength, 0), Self.longestEdge)
            let weight = weights[i]
            let key = tail * n + head
            if let k = mergedIndex[key] {
                merged[k].minLength = max(merged[k].minLength, length)
                merged[k].weight += weight
            } else {
                mergedIndex[key] = merged.count
                merged.append(NetworkSimplex.Edge(tail: tail, head: head, minLength: length, weight: weight))
            }
        }
        let rankings = Self.rankings(nodeCount: n, edges: merged)

        // Parts: connected components, joined when they share a cluster, laid out side by side.
        var clusterNumber: [String: Int] = [:]
        let clusters = graph.nodes.map { node -> Int in
            guard let name = node.cluster else { return -1 }
            if let c = clusterNumber[name] { return c }
            clusterNumber[name] = clusterNumber.count
            return clusterNumber.count - 1
        }
        var sets = UnionFind(n)
        for e in merged { sets.union(e.tail, e.head) }
        var firstOfCluster = [Int](repeating: -1, count: clusterNumber.count)
        for v in 0..<n where clusters[v] >= 0 {
            if firstOfCluster[clusters[v]] < 0 { firstOfCluster[clusters[v]] = v } else { sets.union(firstOfCluster[clusters[v]], v) }
        }
        var partOf = [Int](repeating: -1, count: n)
        var partNodes: [[Int]] = []
        for v in 0..<n {
            let r = sets.find(v)
            if partOf[r] < 0 { partOf[r] = partNodes.count; partNodes.append([]) }
            partOf[v] = partOf[r]
            partNodes[partOf[v]].append(v)
        }
        var partEdges = [[Int]](repeating: [], count: partNodes.count)
        for (i, e) in graph.edges.enumerated() where valid[i] { partEdges[partOf[e.source]].append(i) }

        // Phases 2 to 4 for each part: its ranking, virtual nodes and order.
        var ranks = rankings[0]
        var ordered: [OrderedPart] = []
        for (p, nodes) in partNodes.enumerated() {
            let part = order(part: nodes, edges: partEdges[p], rankings: rankings, clusters: clusters, reversed: reversed)
            for (i, v) in nodes.enumerated() { ranks[v] = part.ranks[i] }
            ordered.append(part)
        }

        // Ranks are horizontal bands shared by all parts, as tall as their tallest node.
        var tallest = [Double](repeating: 0, count: (ranks.max() ?? -1) + 1)
        for v in 0..<n { tallest[ranks[v]] = max(tallest[ranks[v]], height[v]) }
        var bands: [EdgeRouting.Band] = []
        var top = 0.0
        for t in tallest {
            bands.append(EdgeRouting.Band(top: top, bottom: top + t))
            top += t + options.rankSeparation
        }

        var centres = [Point](repeating: Point(x: 0, y: 0), count: n)
        var routes: [Layout.Route] = []
        routes.reserveCapacity(graph.edges.count)
        var cursor = 0.0
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        var crossings = 0
        for ordering in ordered {
            let part = layOut(ordering, ranks: ranks, reversed: reversed, bands: bands)
            crossings += part.crossings
            let dx = cursor - part.minX
            cursor += part.maxX - part.minX + options.nodeSeparation
            for (v, c) in part.centres { centres[v] = Point(x: c.x + dx, y: c.y) }
            for var route in part.routes {
                for i in route.points.indices { route.points[i].x += dx }
                routes.append(route)
            }
            minX = min(minX, part.minX + dx); maxX = max(maxX, part.maxX + dx)
            minY = min(minY, part.minY); maxY = max(maxY, part.maxY)
        }
        routes.sort { $0.edge < $1.edge }

        guard n > 0 else {
            return Layout(centres: [], ranks: [], routes: [], width: 2 * margin, height: 2 * margin)
        }
        let dx = margin - minX, dy = margin - minY
        let transposed = options.direction == .leftToRight
        func place(_ p: Point) -> Point {
            let q = Point(x: p.x + dx, y: p.y + dy)
            return transposed ? Point(x: q.y, y: q.x) : q
        }
        centres = centres.map(place)
        for r in routes.indices { routes[r].points = routes[r].points.map(place) }
        let w = maxX - minX + 2 * margin, h = maxY - minY + 2 * margin
        return Layout(centres: centres, ranks: ranks, routes: routes,
                      width: transposed ? h : w, height: transposed ? w : h, crossings: crossings)
    }

    /// Ranks for the whole graph, network simplex's first: those with the fewest virtual nodes. The others, nodes as
    /// high as their edges allow and as low, are tried on each part (see `order`), since a few more virtual nodes can
    /// cost fewer crossings.
    static func rankings(nodeCount n: Int, edges: [NetworkSimplex.Edge]) -> [[Int]] {
        let simplex = NetworkSimplex.ranks(nodeCount: n, edges: edges)
        guard edges.count <= alternativeRankingsLimit else { return [simplex] }
        // Longest paths from the sources, and to the sinks in reverse topological order (the edges are acyclic).
        guard let (high, order) = NetworkSimplex.longestPaths(nodeCount: n, edges: edges) else { return [simplex] }
        var outgoing = [[Int]](repeating: [], count: n)
        for (k, e) in edges.enumerated() { outgoing[e.tail].append(k) }
        var depth = [Int](repeating: 0, count: n)
        for v in order.reversed() {
            for k in outgoing[v] { depth[v] = max(depth[v], depth[edges[k].head] + edges[k].minLength) }
        }
        // As low as possible: each component's deepest node stays at the top, the rest sink towards its sinks.
        var sets = UnionFind(n)
        for e in edges { sets.union(e.tail, e.head) }
        var height = [Int](repeating: 0, count: n)
        for v in 0..<n { height[sets.find(v)] = max(height[sets.find(v)], depth[v]) }
        let low = (0..<n).map { height[sets.find($0)] - depth[$0] }
        return [simplex, high, low]
    }

    /// A ranking whose first search finds more than 1 + 1/giveUpMargin times the crossings of the leading one's first
    /// search gets no second search.
    static let giveUpMargin = 10

    /// Above this many edges only network simplex's ranking is used.
    static let alternativeRankingsLimit = 2000

    /// A part ranked and ordered: its nodes, their ranks, the proper graph and its ranks left to right.
    private struct OrderedPart {
        var nodes: [Int]
        var ranks: [Int]
        var flat: [(edge: Int, source: Int, target: Int)]
        var loops: [(edge: Int, node: Int)]
        var proper: ProperGraph
        var layers: [[Int]]
        var crossings: Int
    }

    /// Phases 3 and 4 on one part for each ranking that differs on it: virtual nodes and the first searches of the
    /// ordering; the ranking with the fewest crossings (the first of equals) is kept and its ordering finished.
    private func order(part nodes: [Int], edges: [Int], rankings: [[Int]], clusters: [Int], reversed: [Bool]) -> OrderedPart {
        var local = [Int: Int]()
        for (i, v) in nodes.enumerated() { local[v] = i }
        var best: (part: OrderedPart, reduction: CrossingReduction, count: Int)?
        var giveUpAbove = Int.max
        var tried: [[Int]] = []
        for ranking in rankings {
            let ranks = nodes.map { ranking[$0] }
            if tried.contains(ranks) { continue }
            tried.append(ranks)
            var segments: [(edge: Int, upper: Int, lower: Int)] = []
            var flat: [(edge: Int, source: Int, target: Int)] = []
            var loops: [(edge: Int, node: Int)] = []
            for i in edges {
                let e = graph.edges[i]
                guard let s = local[e.source], let t = local[e.target] else { continue }
                if s == t { loops.append((i, s)); continue }
                if ranks[s] == ranks[t] { flat.append((i, s, t)); continue }
                let (upper, lower) = ranks[s] < ranks[t] ? (s, t) : (t, s)
                segments.append((i, upper, lower))
            }
            // Phase 3: virtual nodes.
            let proper = ProperGraph(ranks: ranks, clusters: nodes.map { clusters[$0] }, segments: segments)
            // Phase 4, first searches.
            var reduction = CrossingReduction(graph: proper)
            let (first, count) = reduction.start(giveUpAbove: giveUpAbove)
            if best == nil || count < best!.count {
                giveUpAbove = first + first / Self.giveUpMargin
                best = (OrderedPart(nodes: nodes, ranks: ranks, flat: flat, loops: loops, proper: proper,
                                    layers: [], crossings: count), reduction, count)
            }
            if count == 0 { break }
        }
        var (part, reduction, _) = best!
        // Phase 4, the rest.
        part.layers = reduction.finish()
        part.crossings = reduction.totalCrossings()
        return part
    }

    /// Phases 5 and 6 on one ordered part, in the frame where ranks go down, with the part's own coordinates.
    private func layOut(_ ordered: OrderedPart, ranks: [Int], reversed: [Bool], bands: [EdgeRouting.Band]) -> Part {
        let nodes = ordered.nodes, proper = ordered.proper, layers = ordered.layers
        let flat = ordered.flat, loops = ordered.loops

        // Phase 5: coordinates.
        let realWidth = nodes.map { width[$0] }, realHeight = nodes.map { height[$0] }
        var loopCount = [Int](repeating: 0, count: nodes.count)
        for l in loops { loopCount[l.node] += 1 }
        var leftExtent = [Double](repeating: 0, count: proper.nodeCount)
        var rightExtent = [Double](repeating: 0, count: proper.nodeCount)
        for v in 0..<nodes.count {
            leftExtent[v] = realWidth[v] / 2
            rightExtent[v] = realWidth[v] / 2 + EdgeRouting.loopReserve(count: loopCount[v], options)
        }
        let weight = { (edge: Int) in Self.clean(graph.edges[edge].weight) }
        let x = SimplexCoordinates(
            start: BrandesKopf(graph: proper, layers: layers, leftExtent: leftExtent, rightExtent: rightExtent,
                               nodeSeparation: options.nodeSeparation),
            chainWeight: proper.chains.map { weight($0.edge) },
            flat: flat.map { ($0.source, $0.target, weight($0.edge)) }).coordinates()

        // Phase 6: routes.
        let router = EdgeRouting(graph: proper, x: x, bands: bands, width: realWidth, height: realHeight, options: options)
        var result = Part()
        result.crossings = ordered.crossings
        for v in 0..<nodes.count {
            let c = router.centre(v)
            result.centres.append((nodes[v], c))
            result.cover(Point(x: c.x - leftExtent[v], y: c.y - realHeight[v] / 2))
            result.cover(Point(x: c.x + rightExtent[v], y: c.y + realHeight[v] / 2))
        }
        for (edge, points) in router.routes(flat: flat, loops: loops) {
            // Chains run down the ranks; an edge reversed to break a cycle runs up them, from its own source.
            let upward = ranks[graph.edges[edge].source] > ranks[graph.edges[edge].target]
            let route = Layout.Route(edge: edge, points: upward ? points.reversed() : points, reversed: reversed[edge])
            for p in route.points { result.cover(p) }
            result.routes.append(route)
        }
        return result
    }
}
