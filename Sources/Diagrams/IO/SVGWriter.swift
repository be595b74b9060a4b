// A plain, generic SVG drawing of a layout (`almanac layout --format svg`): one SVG user unit per layout
// point, y growing downward as in the layout; nodes as rounded boxes with their label (or id) centred,
// edges as paths through their Bézier control points ending in an arrowhead at the target's border, clusters
// as shaded outlines around their members (see `Layout.clusterOutlines`), named. The
// drawing is an image for assistive technology (`role="img"`) named by its `<title>`. The site's themed
// diagrams (`Diagram`) share this file's escaper and path writer; this drawing is for looking at the engine's output.

public enum SVGWriter {
    /// Space around the drawing, in points, so that borders and arrowheads are not cut.
    public static let margin = 4.0

    /// The SVG document of `layout`, a layout of `graph`. `labels` (in node order) default to the node ids;
    /// `title` defaults to a description of the graph's size.
    public static func write(_ layout: Layout, of graph: LayoutGraph, labels: [String]? = nil, title: String? = nil) -> String {
        let m = margin
        let width = layout.width + 2 * m, height = layout.height + 2 * m
        let title = title ?? "Layered layout of \(graph.nodes.count) node\(graph.nodes.count == 1 ? "" : "s") and \(graph.edges.count) edge\(graph.edges.count == 1 ? "" : "s")"
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="layout-title" \
        width="\(n(width))" height="\(n(height))" viewBox="\(n(-m)) \(n(-m)) \(n(width)) \(n(height))" \
        font-family="Helvetica, Arial, sans-serif" font-size="14">
        <title id="layout-title">\(escape(title))</title>
        <defs>
        <marker id="layout-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" \
        markerWidth="10" markerHeight="10" orient="auto"><path d="M 0 1 L 10 5 L 0 9 z" fill="#333"/></marker>
        </defs>

        """
        let outlines = layout.clusterOutlines(of: graph)
        if !outlines.isEmpty {
            out += "<g class=\"clusters\" fill=\"#f2f5fa\" stroke=\"#7a8aa0\" stroke-width=\"1\">\n"
            for outline in outlines {
                out += "<g class=\"cluster\"><title>\(escape(outline.name))</title>"
                for polygon in outline.polygons {
                    out += "<path d=\"M " + polygon.map { "\(n($0.x)) \(n($0.y))" }.joined(separator: " L ") + " Z\"/>"
                }
                if let corner = outline.polygons.first?.first {
                    out += "<text x=\"\(n(corner.x + 3))\" y=\"\(n(corner.y - 3))\" font-size=\"10\" fill=\"#4a5a70\" stroke=\"none\">\(escape(outline.name))</text>"
                }
                out += "</g>\n"
            }
            out += "</g>\n"
        }
        out += "<g class=\"edges\" fill=\"none\" stroke=\"#333\" stroke-width=\"1\">\n"
        var routes: [Int: Layout.Route] = [:]
        for route in layout.routes where routes[route.edge] == nil { routes[route.edge] = route }
        for (k, edge) in graph.edges.enumerated() {
            let points = PlainFormat.bezier(routes[k]?.points ?? [], from: centre(edge.source, layout), to: centre(edge.target, layout))
            let d = pathData(points, compact: false, number: n)
            let reversed = routes[k]?.reversed == true ? " reversed" : ""
            out += "<path class=\"edge\(reversed)\" d=\"\(d)\" marker-end=\"url(#layout-arrow)\">"
            out += "<title>\(escape(graph.nodes[edge.source].id)) → \(escape(graph.nodes[edge.target].id))</title></path>\n"
        }
        out += "</g>\n<g class=\"nodes\">\n"
        for (k, node) in graph.nodes.enumerated() {
            let c = centre(k, layout)
            let label = labels.flatMap { k < $0.count ? $0[k] : nil } ?? node.id
            out += "<g class=\"node\"><rect x=\"\(n(c.x - node.width / 2))\" y=\"\(n(c.y - node.height / 2))\" "
            out += "width=\"\(n(node.width))\" height=\"\(n(node.height))\" rx=\"4\" fill=\"#fff\" stroke=\"#333\"/>"
            let lines = label.split(separator: "\n", omittingEmptySubsequences: false)
            let lineHeight = 16.8
            let top = c.y - Double(lines.count - 1) * lineHeight / 2
            out += "<text text-anchor=\"middle\" dominant-baseline=\"central\" fill=\"#111\">"
            if lines.count == 1 {
                out += "<tspan x=\"\(n(c.x))\" y=\"\(n(c.y))\">\(escape(label))</tspan>"
            } else {
                for (j, line) in lines.enumerated() {
                    out += "<tspan x=\"\(n(c.x))\" y=\"\(n(top + Double(j) * lineHeight))\">\(escape(String(line)))</tspan>"
                }
            }
            out += "</text></g>\n"
        }
        out += "</g>\n</svg>\n"
        return out
    }

    private static func centre(_ node: Int, _ layout: Layout) -> Point {
        node < layout.centres.count ? layout.centres[node] : Point(x: 0, y: 0)
    }

    private static func n(_ value: Double) -> String { PlainFormat.number(value, decimals: 2) }

    /// The `d` of a path through Bézier control points (a start, then three points per cubic segment):
    /// `M x y C …` with spaces, or `Mx,y Cx,y …` when `compact`.
    static func pathData(_ points: [Point], compact: Bool, number: (Double) -> String) -> String {
        func pair(_ p: Point) -> String { compact ? number(p.x) + "," + number(p.y) : number(p.x) + " " + number(p.y) }
        var d = (compact ? "M" : "M ") + pair(points[0])
        var i = 1
        while i + 2 < points.count {
            d += (compact ? " C" : " C ") + pair(points[i]) + " " + pair(points[i + 1]) + " " + pair(points[i + 2])
            i += 3
        }
        return d
    }

    /// Text and attribute values: `&`, `<`, `>`, `"` and `'` as references; characters XML forbids dropped.
    public static func escape(_ text: String) -> String {
        // Most labels need nothing escaped or dropped: one pass over the bytes says so. (0xEF may begin U+FFFE
        // or U+FFFF, so it takes the long way.)
        if text.utf8.allSatisfy({ byte in
            byte >= 0x20 ? byte != 0x26 && byte != 0x3C && byte != 0x3E && byte != 0x22 && byte != 0x27 && byte != 0xEF
                         : byte == 0x09 || byte == 0x0A || byte == 0x0D
        }) { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension GraphDocument {
    /// The SVG drawing of a layout of this document's graph, with its labels, titled by its name.
    public func svg(_ layout: Layout) -> String {
        SVGWriter.write(layout, of: graph, labels: labels, title: name.map { "Graph \($0)" })
    }
}
