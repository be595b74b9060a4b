/// Phase 6 of the layered layout: routes edges through their virtual nodes as smooth cubic Béziers, border to border.
///
/// The drawing is a stack of horizontal bands, one per rank, as tall as the rank's tallest node, with the rank
/// separation between them; no node lies outside a band, and inside its band a node owns the columns between its
/// left and right extents. A route therefore only ever runs vertically inside a band (down from a port on its node's
/// border, or straight through a virtual node's column) and crosses the gaps between bands as an S-shaped cubic whose
/// control points stay in the gap. So no route enters a node box, every route moves monotonically from rank to rank,
/// and consecutive pieces meet with vertical tangents (the curve is smooth). Ports spread the edges leaving or entering
/// one side of a node, in the order of the nodes they lead to, so parallel edges do not overlap; an edge to a node
/// straight above or below keeps the centre, so a straight chain is drawn as straight lines. Edges within a rank
/// (minimum length 0) dip into the gap below it; self-loops hang on the node's right side, in space reserved for them.
struct EdgeRouting {
    /// A rank's band: the top and bottom of its tallest node.
    struct Band {
        var top: Double
        var bottom: Double
        var centre: Double { (top + bottom) / 2 }
    }

    let graph: ProperGraph
    let x: [Double]
    let bands: [Band]
    /// Sizes of the real nodes (laid-out frame: ranks go down).
    let width: [Double]
    let height: [Double]
    let options: LayoutOptions

    /// Gap between the ports on one side of a node.
    var portSpacing: Double { min(12, max(2, options.nodeSeparation / 3)) }
    /// How much further out each further self-loop on a node reaches.
    static func loopStep(_ options: LayoutOptions) -> Double { max(10, options.nodeSeparation / 2) }
    /// Room to reserve right of a node carrying `count` self-loops.
    static func loopReserve(count: Int, _ options: LayoutOptions) -> Double {
        count == 0 ? 0 : 0.75 * loopStep(options) * Double(count)
    }

    func centre(_ v: Int) -> Point { Point(x: x[v], y: bands[graph.rank[v]].centre) }

    /// Routes, in the frame where ranks go down.
    /// - Parameters:
    ///   - flat: edges between two nodes of one rank, as (edge, source, target).
    ///   - loops: self-loops, as (edge, node).
    /// - Returns: for each chain and flat edge and loop, its Bézier points; chains run from upper to lower end,
    ///   flat edges and loops from source to target.
    func routes(flat: [(edge: Int, source: Int, target: Int)], loops: [(edge: Int, node: Int)]) -> [(edge: Int, points: [Point])] {
        // Ports: the attachments on each real node's bottom and top sides, ordered by the x of where they lead.
        enum Side { case bottom, top }
        struct Attachment { var key: Double; var edge: Int; var slot: Int }
        var bottom = [[Attachment]](repeating: [], count: graph.realCount)
        var top = [[Attachment]](repeating: [], count: graph.realCount)
        // Slots: 2k, 2k+1 for the two ends of chain k; then 2(chains + f), +1 for flat edge f.
        let chains = graph.chains
        for (k, chain) in chains.enumerated() {
            let nodes = chain.nodes
            bottom[nodes[0]].append(Attachment(key: x[nodes[1]], edge: chain.edge, slot: 2 * k))
            top[nodes[nodes.count - 1]].append(Attachment(key: x[nodes[nodes.count - 2]], edge: chain.edge, slot: 2 * k + 1))
        }
        for (f, e) in flat.enumerated() {
            let s = 2 * (chains.count + f)
            bottom[e.source].append(Attachment(key: x[e.target], edge: e.edge, slot: s))
            bottom[e.target].append(Attachment(key: x[e.source], edge: e.edge, slot: s + 1))
        }
        var port = [Double](repeating: 0, count: 2 * (chains.count + flat.count))
        for side in [bottom, top] {
            for (v, list) in side.enumerated() where !list.isEmpty {
                let sorted = list.sorted { a, b in
                    if a.key != b.key { return a.key < b.key }
                    if a.edge != b.edge { return a.edge < b.edge }
                    return a.slot < b.slot
                }
                let k = sorted.count
                var spacing = portSpacing
                if k > 1 { spacing = min(spacing, width[v] * 0.8 / Double(k - 1)) }
                // The ports are centred on the node, unless an edge leads straight up or down: then its port is the
                // centre, so it runs straight, when the others still fit on the side.
                var middle = Double(k - 1) / 2
                if k > 1, let i = sorted.firstIndex(where: { abs($0.key - x[v]) < 1e-9 }),
                   Double(max(i, k - 1 - i)) * spacing <= width[v] * 0.4 {
                    middle = Double(i)
                }
                for (i, a) in sorted.enumerated() {
                    port[a.slot] = x[v] + (Double(i) - middle) * spacing
                }
            }
        }

        var result: [(edge: Int, points: [Point])] = []
        result.reserveCapacity(chains.count + flat.count + loops.count)
        for (k, chain) in chains.enumerated() {
            let nodes = chain.nodes
            let upper = nodes[0], lower = nodes[nodes.count - 1]
            let ux = port[2 * k], lx = port[2 * k + 1]
            var waypoints = [Point(x: ux, y: centre(upper).y + height[upper] / 2),
                             Point(x: ux, y: bands[graph.rank[upper]].bottom)]
            for v in nodes.dropFirst().dropLast() {
                let band = bands[graph.rank[v]]
                waypoints.append(Point(x: x[v], y: band.top))
                waypoints.append(Point(x: x[v], y: band.bottom))
            }
            waypoints.append(Point(x: lx, y: bands[graph.rank[lower]].top))
            waypoints.append(Point(x: lx, y: centre(lower).y - height[lower] / 2))
            result.append((chain.edge, Self.bezier(through: waypoints)))
        }

        let depth = max(0, options.rankSeparation) * 0.6
        for (f, e) in flat.enumerated() {
            let s = port[2 * (chains.count + f)], t = port[2 * (chains.count + f) + 1]
            let base = bands[graph.rank[e.source]].bottom
            let start = Point(x: s, y: centre(e.source).y + height[e.source] / 2)
            let end = Point(x: t, y: centre(e.target).y + height[e.target] / 2)
            var points = Self.bezier(through: [start, Point(x: s, y: base)])
            points += [Point(x: s, y: base + depth), Point(x: t, y: base + depth), Point(x: t, y: base)]
            points += Self.bezier(through: [Point(x: t, y: base), end]).dropFirst()
            result.append((e.edge, Self.trimmed(points)))
        }

        var loopCount = [Int](repeating: 0, count: graph.realCount)
        for l in loops { loopCount[l.node] += 1 }
        var loopIndex = [Int](repeating: 0, count: graph.realCount)
        let step = Self.loopStep(options)
        for l in loops {
            let v = l.node, k = loopCount[v], i = loopIndex[v]
            loopIndex[v] += 1
            let c = centre(v), h = height[v]
            let right = c.x + width[v] / 2
            let reach = step * Double(i + 1)
            let tall = max(h, min(16, h + max(0, options.rankSeparation)))
            let a = h / 2 * Double(i + 1) / Double(k + 1)
            let b = max(0, tall / 2 - a) * 0.9
            result.append((l.edge, [Point(x: right, y: c.y - a), Point(x: right + reach, y: c.y - a - b),
                                    Point(x: right + reach, y: c.y + a + b), Point(x: right, y: c.y + a)]))
        }
        return result
    }

    /// Cubic pieces through waypoints that alternate vertical runs and gap crossings: a vertical run is a straight
    /// piece, a crossing an S-curve leaving and arriving vertically.
    static func bezier(through waypoints: [Point]) -> [Point] {
        let eps = 1e-9
        var points: [Point] = []
        for p in waypoints {
            if let last = points.last, abs(last.x - p.x) < eps, abs(last.y - p.y) < eps { continue }
            if points.count >= 2 {
                let a = points[points.count - 2], b = points[points.count - 1]
                if abs(a.x - b.x) < eps && abs(b.x - p.x) < eps && (b.y - a.y) * (p.y - b.y) >= 0 {
                    points[points.count - 1] = p
                    continue
                }
            }
            points.append(p)
        }
        guard let first = points.first else { return [] }
        if points.count == 1 { return [first, first, first, first] }
        var result = [first]
        result.reserveCapacity(3 * points.count)
        for i in 1..<points.count {
            let a = points[i - 1], b = points[i]
            if abs(a.x - b.x) < eps {
                result.append(Point(x: a.x, y: a.y + (b.y - a.y) / 3))
                result.append(Point(x: a.x, y: a.y + 2 * (b.y - a.y) / 3))
            } else {
                let mid = (b.y - a.y) / 2
                result.append(Point(x: a.x, y: a.y + mid))
                result.append(Point(x: b.x, y: b.y - mid))
            }
            result.append(b)
        }
        return result
    }

    /// Drops zero-length pieces (keeping at least one).
    static func trimmed(_ points: [Point]) -> [Point] {
        guard points.count >= 7 else { return points }
        var result = [points[0]]
        var i = 1
        while i + 2 < points.count {
            let piece = [points[i], points[i + 1], points[i + 2]]
            let start = result[result.count - 1]
            if !piece.allSatisfy({ $0 == start }) { result += piece }
            i += 3
        }
        return result.count >= 4 ? result : Array(points.prefix(4))
    }
}
