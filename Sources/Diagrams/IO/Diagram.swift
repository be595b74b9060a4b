// The site's diagrams (rollout plans, service dependencies): boxes of text with CSS classes the theme styles,
// laid out by the layered engine. Written with `SVGWriter`'s escaper and path writer, as `almanac layout`'s
// plain drawing and the charts are: one way to put text and numbers into SVG.

/// A diagram drawn with the layered layout engine as inline SVG: boxes of text, linked; edges styled by class.
/// Everything from content is escaped; numbers are written with one decimal so the bytes are stable.
public struct Diagram: Sendable {
    public struct Box: Sendable {
        var id: String
        /// Lines of text; the first is the title, shown bold.
        var lines: [String]
        /// CSS classes, such as `node-rollout status-done critical`.
        var classes: String
        var url: String?

        public init(id: String, lines: [String], classes: String, url: String? = nil) {
            self.id = id
            self.lines = lines
            self.classes = classes
            self.url = url
        }
    }

    public struct Arrow: Sendable {
        var from: Int
        var to: Int
        var classes: String
        /// Edges that only decorate (such as "reverts") do not shape the layout.
        var weight: Double = 1

        public init(from: Int, to: Int, classes: String, weight: Double = 1) {
            self.from = from
            self.to = to
            self.classes = classes
            self.weight = weight
        }
    }

    var title: String
    var description: String
    var boxes: [Box]
    var arrows: [Arrow]
    var direction: LayoutOptions.Direction = .topToBottom
    /// Legend entries: a CSS class for the swatch and its label.
    var legend: [(classes: String, label: String, isEdge: Bool)] = []

    public init(title: String, description: String, boxes: [Box], arrows: [Arrow], direction: LayoutOptions.Direction = .topToBottom,
                legend: [(classes: String, label: String, isEdge: Bool)] = []) {
        self.title = title
        self.description = description
        self.boxes = boxes
        self.arrows = arrows
        self.direction = direction
        self.legend = legend
    }

    static let fontSize = 12.0
    static let lineHeight = 16.0
    static let characterWidth = 7.3
    static let padding = 10.0
    static let maximumCharacters = 30

    /// The SVG text.
    public func svg(id: String) -> String {
        let wrapped = boxes.map { box in box.lines.enumerated().flatMap { i, line in Diagram.wrap(line, first: i == 0) } }
        let nodes = zip(boxes, wrapped).map { box, lines -> LayoutGraph.Node in
            let longest = lines.map(\.count).max() ?? 1
            return LayoutGraph.Node(id: box.id, width: Double(longest) * Diagram.characterWidth + 2 * Diagram.padding,
                                    height: Double(lines.count) * Diagram.lineHeight + 2 * Diagram.padding - 4)
        }
        let graph = LayoutGraph(nodes: nodes, edges: arrows.map { .init(source: $0.from, target: $0.to, weight: $0.weight) })
        let layout = graph.layout(LayoutOptions(direction: direction, nodeSeparation: 28, rankSeparation: 44))
        let legendHeight = legend.isEmpty ? 0.0 : 34.0
        let width = max(layout.width, legendWidth), height = layout.height + legendHeight
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\""
        out += " viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\">"
        out += "<title id=\"\(id)-title\">\(SVGWriter.escape(title))</title><desc id=\"\(id)-desc\">\(SVGWriter.escape(description))</desc>"
        out += "<defs><marker id=\"\(id)-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>"
        for route in layout.routes {
            let arrow = arrows[route.edge]
            guard !route.points.isEmpty else { continue }
            let d = SVGWriter.pathData(route.points, compact: true, number: f)
            out += "<path class=\"edge \(SVGWriter.escape(arrow.classes))\" d=\"\(d)\" marker-end=\"url(#\(id)-arrow)\"/>"
        }
        for (index, box) in boxes.enumerated() {
            let centre = layout.centres[index], node = nodes[index]
            let x = centre.x - node.width / 2, y = centre.y - node.height / 2
            var group = "<g class=\"node \(SVGWriter.escape(box.classes))\">"
            group += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(node.width))\" height=\"\(f(node.height))\" rx=\"6\"/>"
            for (n, line) in wrapped[index].enumerated() {
                let ty = y + Diagram.padding + Diagram.fontSize + Double(n) * Diagram.lineHeight - 2
                group += "<text x=\"\(f(x + Diagram.padding))\" y=\"\(f(ty))\"\(n == 0 ? " class=\"node-title\"" : "")>\(SVGWriter.escape(line))</text>"
            }
            group += "</g>"
            if let url = box.url {
                out += "<a href=\"\(SVGWriter.escape(url))\">\(group)</a>"
            } else {
                out += group
            }
        }
        var lx = 8.0
        let ly = layout.height + 12
        for item in legend {
            if item.isEdge {
                out += "<path class=\"edge \(SVGWriter.escape(item.classes))\" d=\"M\(f(lx)),\(f(ly + 6)) H\(f(lx + 22))\"/>"
            } else {
                out += "<g class=\"node \(SVGWriter.escape(item.classes))\"><rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"22\" height=\"12\" rx=\"3\"/></g>"
            }
            out += "<text class=\"legend\" x=\"\(f(lx + 28))\" y=\"\(f(ly + 10))\">\(SVGWriter.escape(item.label))</text>"
            lx += 36 + Double(item.label.count) * Diagram.characterWidth
        }
        return out + "</svg>"
    }

    var legendWidth: Double {
        legend.reduce(16.0) { $0 + 36 + Double($1.label.count) * Diagram.characterWidth }
    }

    /// Splits a line into pieces of at most `maximumCharacters`, at spaces where possible; titles get up to three.
    static func wrap(_ line: String, first: Bool) -> [String] {
        var pieces: [String] = [], current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty { current = String(word) } else if current.count + 1 + word.count <= maximumCharacters { current += " " + word } else {
                pieces.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { pieces.append(current) }
        pieces = pieces.flatMap { piece in stride(from: 0, to: piece.count, by: maximumCharacters).map { start in
            String(piece.dropFirst(start).prefix(maximumCharacters)) } }
        let limit = first ? 3 : 2
        if pieces.count > limit { pieces = Array(pieces.prefix(limit)); pieces[limit - 1] = String(pieces[limit - 1].prefix(maximumCharacters - 1)) + "…" }
        return pieces.isEmpty ? [""] : pieces
    }
}


/// Numbers with one decimal, without a trailing `.0`: stable bytes for the same layout.
private func f(_ value: Double) -> String { PlainFormat.number(value, decimals: 1) }
