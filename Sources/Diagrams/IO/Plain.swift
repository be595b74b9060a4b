// Graphviz's `-Tplain` format, as the layout-metrics.py crossing counter and Graphviz itself read it:
//
//     graph scale width height
//     node name x y width height label style shape color fillcolor
//     edge tail head n x1 y1 ... xn yn style color
//     stop
//
// Everything in inches (layout points / 72), y growing upward (flipped from the layout's downward y), the
// drawing's lower-left corner at (0, 0). As in Graphviz, `width height` are those of the drawing's bounding
// box: the nodes' boxes and the edges' curves, without the margin that `Layout.width`/`height` may add (the
// layered engine pads max(nodeSeparation, rankSeparation) / 2 on every side); coordinates are shifted to
// match, x_plain = (x - minX) / 72 and y_plain = (maxY - y) / 72. `Bounds.layout` writes the layout's own
// size and coordinates instead (x / 72, (height - y) / 72). Node `x y` is its centre;
// an edge has n = 3k + 1 Bézier control points, from the tail's border to the head's. Names and labels are
// written bare when they are plain IDs and double-quoted otherwise, with `\` and `"` escaped and line breaks
// written `\n`, which both Graphviz's readers and Python's `shlex.split` accept. Nodes are drawn `solid box
// black lightgrey`, edges `solid black`; an edge has no label. Numbers have at most 5 decimals.

public enum PlainFormat {
    /// Points per inch.
    public static let pointsPerInch = 72.0

    /// The plain text of `layout`, a layout of `graph`. `labels` (in node order) default to the node ids.
    ///
    /// One `edge` line per edge of the graph, in the graph's order, from its route; an edge that the layout
    /// did not route, or routed with fewer than 4 or not 3k + 1 points, is written as straight cubic pieces
    /// through the points it has (or between the two centres), so that the file always reads back
    /// (`LayoutCheck` reports such routes).
    public static func write(_ layout: Layout, of graph: LayoutGraph, labels: [String]? = nil, bounds: Bounds = .drawing) -> String {
        let scale = 1 / pointsPerInch
        // A graph without nodes draws nothing: 0 × 0.
        let box = bounds == .drawing ? drawingBox(layout, of: graph) ?? (0, 0, 0, 0) : nil
        let (minX, maxY) = box.map { ($0.minX, $0.maxY) } ?? (0, layout.height)
        let width = box.map { $0.maxX - $0.minX } ?? layout.width
        let height = box.map { $0.maxY - $0.minY } ?? layout.height
        func x(_ value: Double) -> String { number((value - minX) * scale) }
        func y(_ value: Double) -> String { number((maxY - value) * scale) }

        var out = "graph 1 \(number(width * scale)) \(number(height * scale))\n"
        for (k, node) in graph.nodes.enumerated() {
            let centre = k < layout.centres.count ? layout.centres[k] : Point(x: 0, y: 0)
            let label = labels.flatMap { k < $0.count ? $0[k] : nil } ?? node.id
            out += "node \(quote(node.id)) \(x(centre.x)) \(y(centre.y)) \(number(node.width * scale)) \(number(node.height * scale)) "
            out += "\(quote(label)) solid box black lightgrey\n"
        }
        var routes: [Int: [Point]] = [:]
        for route in layout.routes where routes[route.edge] == nil { routes[route.edge] = route.points }
        for (k, edge) in graph.edges.enumerated() {
            let points = bezier(routes[k] ?? [], from: centre(edge.source, layout), to: centre(edge.target, layout))
            out += "edge \(quote(graph.nodes[edge.source].id)) \(quote(graph.nodes[edge.target].id)) \(points.count)"
            for p in points { out += " \(x(p.x)) \(y(p.y))" }
            out += " solid black\n"
        }
        out += "stop\n"
        return out
    }

    /// What the `graph` line measures.
    public enum Bounds: Sendable {
        /// The drawing's bounding box, as Graphviz writes it (the default).
        case drawing
        /// The layout's `width` and `height`, margins included.
        case layout
    }

    /// The bounding box of the nodes' boxes and the edges' curves (exact for the Bézier pieces), in layout
    /// coordinates; nil for a graph without nodes.
    public static func drawingBox(_ layout: Layout, of graph: LayoutGraph) -> (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        func add(_ p: Point) {
            guard p.x.isFinite && p.y.isFinite else { return }
            minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        for (k, node) in graph.nodes.enumerated() where k < layout.centres.count {
            let c = layout.centres[k]
            add(Point(x: c.x - node.width / 2, y: c.y - node.height / 2))
            add(Point(x: c.x + node.width / 2, y: c.y + node.height / 2))
        }
        guard minX.isFinite else { return nil }
        for route in layout.routes where route.edge >= 0 && route.edge < graph.edges.count {
            let edge = graph.edges[route.edge]
            let p = bezier(route.points, from: centre(edge.source, layout), to: centre(edge.target, layout))
            var k = 0
            while k + 3 < p.count {
                for q in cubicExtremes(p[k], p[k + 1], p[k + 2], p[k + 3]) { add(q) }
                k += 3
            }
        }
        return (minX, minY, maxX, maxY)
    }

    /// The ends of a cubic Bézier piece and its points where dx/dt or dy/dt vanishes: its bounding box's corners lie among them.
    static func cubicExtremes(_ p0: Point, _ p1: Point, _ p2: Point, _ p3: Point) -> [Point] {
        func at(_ t: Double) -> Point {
            let u = 1 - t
            let a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t
            return Point(x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y)
        }
        var out = [p0, p3]
        for (v0, v1, v2, v3) in [(p0.x, p1.x, p2.x, p3.x), (p0.y, p1.y, p2.y, p3.y)] {
            // d/dt = 3(a t² + b t + c)
            let a = -v0 + 3 * v1 - 3 * v2 + v3, b = 2 * (v0 - 2 * v1 + v2), c = v1 - v0
            var roots: [Double] = []
            if abs(a) < 1e-12 {
                if abs(b) > 1e-12 { roots.append(-c / b) }
            } else {
                let disc = b * b - 4 * a * c
                if disc >= 0 {
                    let r = disc.squareRoot()
                    roots += [(-b + r) / (2 * a), (-b - r) / (2 * a)]
                }
            }
            for t in roots where t > 0 && t < 1 { out.append(at(t)) }
        }
        return out
    }

    private static func centre(_ node: Int, _ layout: Layout) -> Point {
        node < layout.centres.count ? layout.centres[node] : Point(x: 0, y: 0)
    }

    /// `points` when they are cubic Bézier pieces (3k + 1, k ≥ 1); otherwise straight pieces through them
    /// (between `from` and `to` when there are fewer than two).
    static func bezier(_ points: [Point], from: Point, to: Point) -> [Point] {
        if points.count >= 4 && (points.count - 1) % 3 == 0 { return points }
        let polyline = points.count >= 2 ? points : [from, to]
        var out = [polyline[0]]
        for (p, q) in zip(polyline, polyline.dropFirst()) {
            out.append(Point(x: p.x + (q.x - p.x) / 3, y: p.y + (q.y - p.y) / 3))
            out.append(Point(x: p.x + 2 * (q.x - p.x) / 3, y: p.y + 2 * (q.y - p.y) / 3))
            out.append(q)
        }
        return out
    }

    /// A decimal with at most 5 fractional digits and no trailing zeros (`1.5`, `0.375`, `-2`, `0`).
    public static func number(_ value: Double, decimals: Int = 5) -> String {
        guard value.isFinite else { return "0" }
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = (value * factor).rounded()
        guard abs(scaled) < 9e18 else { return String(value) }
        var n = Int64(scaled)
        let negative = n < 0
        if negative { n = -n }
        let divisor = Int64(factor)
        var whole = String(n / divisor)
        var fraction = String(n % divisor)
        if fraction != "0" {
            fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            whole += "." + fraction
        }
        return negative && n != 0 ? "-" + whole : whole
    }

    /// `name` as Graphviz writes an ID: bare if it is a plain ID (letters, digits, `_`, not starting with a
    /// digit, not a keyword) or a number, else in double quotes.
    public static func quote(_ name: String) -> String {
        if isPlainID(name) { return name }
        var out = "\""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            // Other line breaks that Python's splitlines() would cut a line at.
            case "\u{0B}", "\u{0C}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{85}", "\u{2028}", "\u{2029}": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func isPlainID(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        let keywords: Set<String> = ["node", "edge", "graph", "digraph", "subgraph", "strict"]
        if keywords.contains(name.lowercased()) { return false }
        func letter(_ s: Unicode.Scalar) -> Bool { (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || s == "_" }
        func digit(_ s: Unicode.Scalar) -> Bool { s >= "0" && s <= "9" }
        if letter(first) { return name.unicodeScalars.allSatisfy { letter($0) || digit($0) } }
        // A number: -?(.digits | digits(.digits*)?)
        var scalars = Substring(name).unicodeScalars[...]
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        let parts = String(String.UnicodeScalarView(scalars)).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.contains(where: { !$0.isEmpty }) else { return false }
        return parts.allSatisfy { $0.unicodeScalars.allSatisfy(digit) }
    }
}

extension GraphDocument {
    /// The plain text of a layout of this document's graph, with its labels.
    public func plain(_ layout: Layout, bounds: PlainFormat.Bounds = .drawing) -> String {
        PlainFormat.write(layout, of: graph, labels: labels, bounds: bounds)
    }
}
