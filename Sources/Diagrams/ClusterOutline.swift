extension Layout {
    /// The outline of one cluster: a polygon around its members, one per run of consecutive ranks it has members in.
    public struct ClusterOutline: Sendable, Hashable {
        public var name: String
        /// Closed polygons (the last point joins the first), in layout coordinates.
        public var polygons: [[Point]]
    }

    /// An outline around the members of each cluster, in the order the clusters first appear among the nodes.
    ///
    /// In every rank a cluster's members stand next to each other, so the band from its leftmost to its rightmost
    /// member, `padding` wider, holds no other node; the outline joins these bands from rank to rank across the gaps
    /// between ranks. Ranks run down or across, whichever the centres show.
    public func clusterOutlines(of graph: LayoutGraph, padding: Double = 6) -> [ClusterOutline] {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (v, node) in graph.nodes.enumerated() where v < centres.count && v < ranks.count {
            guard let name = node.cluster else { continue }
            if members[name] == nil { order.append(name) }
            members[name, default: []].append(v)
        }
        guard !order.isEmpty else { return [] }
        // Ranks go across when two nodes of one rank differ in y.
        var yOfRank: [Int: Double] = [:]
        var across = false
        for v in centres.indices where v < ranks.count {
            if let y = yOfRank[ranks[v]], abs(y - centres[v].y) > 1e-6 { across = true; break }
            yOfRank[ranks[v]] = centres[v].y
        }
        // In the frame where ranks go down: `along` is the rank axis, `side` the other.
        func frame(_ v: Int) -> (side: Double, along: Double, halfSide: Double, halfAlong: Double) {
            let c = centres[v], node = graph.nodes[v]
            return across ? (c.y, c.x, node.height / 2, node.width / 2) : (c.x, c.y, node.width / 2, node.height / 2)
        }
        func point(side: Double, along: Double) -> Point { across ? Point(x: along, y: side) : Point(x: side, y: along) }

        return order.map { name in
            var bands: [Int: (low: Double, high: Double, start: Double, end: Double)] = [:]
            for v in members[name]! {
                let f = frame(v)
                let band = (f.side - f.halfSide - padding, f.side + f.halfSide + padding,
                            f.along - f.halfAlong - padding, f.along + f.halfAlong + padding)
                if let b = bands[ranks[v]] {
                    bands[ranks[v]] = (min(b.low, band.0), max(b.high, band.1), min(b.start, band.2), max(b.end, band.3))
                } else {
                    bands[ranks[v]] = band
                }
            }
            var polygons: [[Point]] = []
            var run: [Int] = []
            func close() {
                guard !run.isEmpty else { return }
                var polygon: [Point] = []
                for r in run { polygon += [point(side: bands[r]!.low, along: bands[r]!.start), point(side: bands[r]!.low, along: bands[r]!.end)] }
                for r in run.reversed() { polygon += [point(side: bands[r]!.high, along: bands[r]!.end), point(side: bands[r]!.high, along: bands[r]!.start)] }
                polygons.append(polygon)
                run = []
            }
            for r in bands.keys.sorted() {
                if let last = run.last, r != last + 1 { close() }
                run.append(r)
            }
            close()
            return ClusterOutline(name: name, polygons: polygons)
        }
    }
}
