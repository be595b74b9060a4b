// The `almanac layout` pipeline as library functions (the command is a thin shell around them, and the
// tests call them directly): read a graph file, lay it out, write plain or SVG; and a checker of what a
// `Layout` promises, which also says where an engine's output would mislead layout-metrics.py.

/// The output formats of `almanac layout`.
public enum LayoutOutputFormat: String, Sendable, CaseIterable {
    case plain, svg
}

/// What `almanac layout` was asked for, beyond the file.
public struct LayoutRequest: Sendable {
    public var format: LayoutOutputFormat
    /// Overrides the file's `rankdir` when set.
    public var direction: LayoutOptions.Direction?
    /// Override the file's (or the engine's default) separations when set; points.
    public var nodeSeparation: Double?
    public var rankSeparation: Double?

    public init(format: LayoutOutputFormat = .plain, direction: LayoutOptions.Direction? = nil,
                nodeSeparation: Double? = nil, rankSeparation: Double? = nil) {
        self.format = format
        self.direction = direction
        self.nodeSeparation = nodeSeparation
        self.rankSeparation = rankSeparation
    }
}

/// A graph file laid out and written.
public struct LayoutRun: Sendable {
    public var document: GraphDocument
    public var options: LayoutOptions
    public var layout: Layout
    public var output: String
    /// Wall-clock seconds spent reading the file, in `graph.layout(_:)` alone, and writing the output.
    public var readSeconds: Double
    public var layoutSeconds: Double
    public var writeSeconds: Double

    /// Reads `text` (DOT or GraphML: by `path`'s extension, else by content), lays it out and writes it.
    public static func run(_ text: String, path: String? = nil, request: LayoutRequest = LayoutRequest()) throws(GraphInputError) -> LayoutRun {
        let clock = ContinuousClock()
        let t0 = clock.now
        let document = try GraphDocument.read(text, path: path)
        let t1 = clock.now
        var options = document.options
        if let direction = request.direction { options.direction = direction }
        if let separation = request.nodeSeparation { options.nodeSeparation = separation }
        if let separation = request.rankSeparation { options.rankSeparation = separation }
        let layout = document.graph.layout(options)
        let t2 = clock.now
        let output = switch request.format {
        case .plain: document.plain(layout)
        case .svg: document.svg(layout)
        }
        let t3 = clock.now
        return LayoutRun(document: document, options: options, layout: layout, output: output,
                         readSeconds: seconds(t1 - t0), layoutSeconds: seconds(t2 - t1), writeSeconds: seconds(t3 - t2))
    }

    /// What is wrong with the layout, by `LayoutCheck`.
    public var problems: [String] { LayoutCheck.problems(layout, of: document.graph, options: options) }

    static func seconds(_ d: Duration) -> Double {
        let (s, attoseconds) = d.components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}

/// Checks a `Layout` against its graph and what `Layout` documents, and against what layout-metrics.py
/// assumes of a plain file (nodes of one rank share one y; ranks follow the edges; routes are 3k + 1 points).
public enum LayoutCheck {
    /// Distance (points) within which a route's end counts as on a node's border.
    public static let tolerance = 1.5

    /// One line per problem (at most `limit` per kind, then a count of the rest); empty when all is well.
    public static func problems(_ layout: Layout, of graph: LayoutGraph, options: LayoutOptions = LayoutOptions(), limit: Int = 5) -> [String] {
        var found: [String: [String]] = [:]
        var order: [String] = []
        func report(_ kind: String, _ message: String) {
            if found[kind] == nil { order.append(kind); found[kind] = [] }
            found[kind]!.append(message)
        }
        let n = graph.nodes.count
        if layout.centres.count != n { report("centres", "\(layout.centres.count) centres for \(n) nodes") }
        if layout.ranks.count != n { report("ranks", "\(layout.ranks.count) ranks for \(n) nodes") }
        if !layout.width.isFinite || !layout.height.isFinite || layout.width < 0 || layout.height < 0 {
            report("size", "drawing size \(layout.width) × \(layout.height)")
        }
        let vertical = options.direction == .topToBottom
        let nodes = min(n, layout.centres.count)
        // Nodes inside the drawing, not overlapping their rank neighbours, one coordinate per rank.
        for k in 0..<nodes {
            let c = layout.centres[k], node = graph.nodes[k]
            if !c.x.isFinite || !c.y.isFinite { report("finite", "node \(node.id) at (\(c.x), \(c.y))"); continue }
            let t = tolerance
            if c.x - node.width / 2 < -t || c.y - node.height / 2 < -t || c.x + node.width / 2 > layout.width + t || c.y + node.height / 2 > layout.height + t {
                report("outside", "node \(node.id) (\(Int(c.x)), \(Int(c.y)), \(Int(node.width))×\(Int(node.height))) sticks out of the \(Int(layout.width))×\(Int(layout.height)) drawing")
            }
        }
        if layout.ranks.count == n && nodes == n {
            var byRank: [Int: [Int]] = [:]
            for k in 0..<n { byRank[layout.ranks[k], default: []].append(k) }
            for (rank, members) in byRank.sorted(by: { $0.key < $1.key }) {
                let across = members.map { vertical ? layout.centres[$0].y : layout.centres[$0].x }
                if let lo = across.min(), let hi = across.max(), hi - lo > 1e-6 {
                    report("rank-line", "rank \(rank): centres at \(vertical ? "y" : "x") from \(PlainFormat.number(lo)) to \(PlainFormat.number(hi)) (layout-metrics.py takes each distinct y for a rank)")
                }
                let sorted = members.sorted { vertical ? layout.centres[$0].x < layout.centres[$1].x : layout.centres[$0].y < layout.centres[$1].y }
                for (a, b) in zip(sorted, sorted.dropFirst()) {
                    let gap = vertical
                        ? (layout.centres[b].x - graph.nodes[b].width / 2) - (layout.centres[a].x + graph.nodes[a].width / 2)
                        : (layout.centres[b].y - graph.nodes[b].height / 2) - (layout.centres[a].y + graph.nodes[a].height / 2)
                    if gap < -1e-6 { report("overlap", "nodes \(graph.nodes[a].id) and \(graph.nodes[b].id) of rank \(rank) overlap by \(PlainFormat.number(-gap, decimals: 2)) pt") }
                }
            }
            // Ranks in drawing order: a higher rank lies further down (right).
            let sortedRanks = byRank.keys.sorted()
            for (r, s) in zip(sortedRanks, sortedRanks.dropFirst()) {
                let a = layout.centres[byRank[r]![0]], b = layout.centres[byRank[s]![0]]
                if (vertical ? b.y <= a.y : b.x <= a.x) { report("rank-order", "rank \(s) is not \(vertical ? "below" : "right of") rank \(r)") }
            }
        }
        // Routes: one per edge, 3k + 1 finite points, from the source's border to the target's.
        var routed = [Int](repeating: 0, count: graph.edges.count)
        for route in layout.routes {
            guard route.edge >= 0 && route.edge < graph.edges.count else { report("route-edge", "a route for edge \(route.edge), which does not exist"); continue }
            routed[route.edge] += 1
            let edge = graph.edges[route.edge]
            let name = "\(graph.nodes[edge.source].id) → \(graph.nodes[edge.target].id) (edge \(route.edge))"
            let p = route.points
            if p.count < 4 || (p.count - 1) % 3 != 0 { report("bezier", "\(name): \(p.count) points, not 3k + 1 (k ≥ 1)") }
            if p.contains(where: { !$0.x.isFinite || !$0.y.isFinite }) { report("finite", "\(name): a point is not finite"); continue }
            guard edge.source < nodes, edge.target < nodes, let first = p.first, let last = p.last else { continue }
            if edge.source != edge.target {
                if let d = borderDistance(first, node: edge.source, graph, layout), d > tolerance {
                    report("ends", "\(name) starts \(PlainFormat.number(d, decimals: 1)) pt off the source's border")
                }
                if let d = borderDistance(last, node: edge.target, graph, layout), d > tolerance {
                    report("ends", "\(name) ends \(PlainFormat.number(d, decimals: 1)) pt off the target's border")
                }
            }
            if layout.ranks.count == n && edge.source != edge.target {
                let span = layout.ranks[edge.target] - layout.ranks[edge.source]
                let expected = route.reversed ? -span : span
                if expected < edge.minLength {
                    report("rank-span", "\(name)\(route.reversed ? " (reversed)" : ""): ranks \(layout.ranks[edge.source]) → \(layout.ranks[edge.target]), minLength \(edge.minLength)")
                }
            }
        }
        for (k, count) in routed.enumerated() where count != 1 {
            let edge = graph.edges[k]
            report("routes", "edge \(k) \(graph.nodes[edge.source].id) → \(graph.nodes[edge.target].id) has \(count) routes")
        }
        var lines: [String] = []
        for kind in order {
            let messages = found[kind]!
            lines += messages.prefix(limit).map { "\(kind): \($0)" }
            if messages.count > limit { lines.append("\(kind): … and \(messages.count - limit) more") }
        }
        return lines
    }

    /// How far `p` is from the border of node `k`'s box (0 on it).
    static func borderDistance(_ p: Point, node k: Int, _ graph: LayoutGraph, _ layout: Layout) -> Double? {
        guard k < layout.centres.count else { return nil }
        let c = layout.centres[k], hw = graph.nodes[k].width / 2, hh = graph.nodes[k].height / 2
        let dx = abs(p.x - c.x) - hw, dy = abs(p.y - c.y) - hh
        if dx <= 0 && dy <= 0 { return -max(dx, dy) }          // inside: distance to the nearest side
        let ox = max(dx, 0), oy = max(dy, 0)
        return (ox * ox + oy * oy).squareRoot()                 // outside: distance to the box
    }
}
