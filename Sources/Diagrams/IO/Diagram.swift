// The site's diagrams (rollout plans, service dependencies): boxes of text with CSS classes the theme styles,
// laid out by the layered engine. Written with `SVGWriter`'s escaper and path writer, as `almanac layout`'s
// plain drawing and the charts are: one way to put text and numbers into SVG. Text is measured with `TextWidth`,
// so a box is as wide as its widest line and no line runs out of it.

/// A diagram drawn with the layered layout engine as inline SVG: boxes of text, linked; edges styled by class.
/// Everything from content is escaped; numbers are written with one decimal so the bytes are stable.
public struct Diagram: Sendable {
    public struct Box: Sendable {
        var id: String
        /// Lines of text; the first is the title, shown bold, on up to three lines.
        var lines: [String]
        /// A line shown bold under the title, such as `✓ done` (class `node-status`).
        var status: String?
        /// CSS classes, such as `node-rollout status-done critical`.
        var classes: String
        var url: String?

        public init(id: String, lines: [String], status: String? = nil, classes: String, url: String? = nil) {
            self.id = id
            self.lines = lines
            self.status = status
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
    /// Legend entries: a CSS class for the swatch (a node's box, or an edge) and its label.
    public typealias LegendEntry = (classes: String, label: String, isEdge: Bool)
    var legend: [LegendEntry] = []

    public init(title: String, description: String, boxes: [Box], arrows: [Arrow], direction: LayoutOptions.Direction = .topToBottom,
                legend: [LegendEntry] = []) {
        self.title = title
        self.description = description
        self.boxes = boxes
        self.arrows = arrows
        self.direction = direction
        self.legend = legend
    }

    static let fontSize = 12.0
    static let lineHeight = 16.0
    static let padding = 10.0
    /// The widest line of a node's text, in pixels (some 30 characters); longer lines wrap.
    static let lineWidth = 216.0
    static let legendFontSize = 11.0

    /// A node's text as drawn: each line with its class, and whether a line was cut short.
    struct NodeText {
        var lines: [(text: String, classes: String?)] = []
        var cut = false
        var width: Double {
            lines.map { TextWidth.of($0.text, size: Diagram.fontSize, bold: $0.classes != nil) }.max() ?? 0
        }
    }

    /// The title on up to three lines, the status, then each other line on up to two, all bold but the others.
    func text(of box: Box) -> NodeText {
        var text = NodeText()
        func add(_ line: String, classes: String?, limit: Int) {
            let (pieces, cut) = Diagram.wrap(line, bold: classes != nil, limit: limit)
            text.lines += pieces.map { ($0, classes) }
            text.cut = text.cut || cut
        }
        add(box.lines.first ?? "", classes: "node-title", limit: 3)
        if let status = box.status { add(status, classes: "node-status", limit: 1) }
        for line in box.lines.dropFirst() { add(line, classes: nil, limit: 2) }
        return text
    }

    /// The SVG text.
    public func svg(id: String) -> String {
        let texts = boxes.map(text(of:))
        let nodes = zip(boxes, texts).map { box, text -> LayoutGraph.Node in
            LayoutGraph.Node(id: box.id, width: (max(text.width, 8) + 2 * Diagram.padding).rounded(.up),
                             height: Double(text.lines.count) * Diagram.lineHeight + 2 * Diagram.padding - 4)
        }
        let graph = LayoutGraph(nodes: nodes, edges: arrows.map { .init(source: $0.from, target: $0.to, weight: $0.weight) })
        let layout = graph.layout(LayoutOptions(direction: direction, nodeSeparation: 28, rankSeparation: 44))
        let legendRows = self.legendRows(within: max(layout.width, 320))
        let legendHeight = legendRows.isEmpty ? 0.0 : 10 + Double(legendRows.count) * 20
        let width = max(layout.width, legendRows.map { $0.last.map { $0.x + $0.width } ?? 0 }.max() ?? 0)
        let height = layout.height + legendHeight
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
            // A line cut short: the whole text as the node's tooltip.
            if texts[index].cut { group += "<title>\(SVGWriter.escape(([box.lines.first ?? ""] + [box.status].compactMap { $0 } + box.lines.dropFirst()).joined(separator: "\n")))</title>" }
            group += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(node.width))\" height=\"\(f(node.height))\" rx=\"6\"/>"
            for (n, line) in texts[index].lines.enumerated() {
                let ty = y + Diagram.padding + Diagram.fontSize + Double(n) * Diagram.lineHeight - 2
                group += "<text x=\"\(f(x + Diagram.padding))\" y=\"\(f(ty))\"\(line.classes.map { " class=\"\($0)\"" } ?? "")>\(SVGWriter.escape(line.text))</text>"
            }
            group += "</g>"
            if let url = box.url {
                out += "<a href=\"\(SVGWriter.escape(url))\">\(group)</a>"
            } else {
                out += group
            }
        }
        for (row, items) in legendRows.enumerated() {
            let ly = layout.height + 12 + Double(row) * 20
            for item in items {
                if item.entry.isEdge {
                    out += "<path class=\"edge \(SVGWriter.escape(item.entry.classes))\" d=\"M\(f(item.x)),\(f(ly + 6)) H\(f(item.x + 22))\"/>"
                } else {
                    out += "<g class=\"node \(SVGWriter.escape(item.entry.classes))\"><rect x=\"\(f(item.x))\" y=\"\(f(ly))\" width=\"22\" height=\"12\" rx=\"3\"/></g>"
                }
                out += "<text class=\"legend\" x=\"\(f(item.x + 28))\" y=\"\(f(ly + 10))\">\(SVGWriter.escape(item.entry.label))</text>"
            }
        }
        return out + "</svg>"
    }

    /// The legend's entries in rows that fit `width`: each with its x and its width (swatch, gap and label).
    func legendRows(within width: Double) -> [[(entry: LegendEntry, x: Double, width: Double)]] {
        var rows: [[(entry: LegendEntry, x: Double, width: Double)]] = []
        var x = 8.0
        for entry in legend {
            let itemWidth = 28 + TextWidth.of(entry.label, size: Diagram.legendFontSize)
            if rows.isEmpty || (x > 8 && x + itemWidth > width - 8) {
                rows.append([])
                x = 8
            }
            rows[rows.count - 1].append((entry, x, itemWidth))
            x += itemWidth + 14
        }
        return rows
    }

    /// Splits a line into pieces no wider than `lineWidth`, at spaces where possible (a word too long for a line
    /// is cut), keeping at most `limit`; the last kept piece ends with "…" when text was left out.
    static func wrap(_ line: String, bold: Bool, limit: Int) -> (pieces: [String], cut: Bool) {
        func fits(_ text: String) -> Bool { TextWidth.of(text, size: fontSize, bold: bold) <= lineWidth }
        var pieces: [String] = [], current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: true) {
            let joined = current.isEmpty ? String(word) : current + " " + word
            if fits(joined) { current = joined; continue }
            if !current.isEmpty { pieces.append(current) }
            current = ""
            for character in word {  // a word wider than a line: as many characters as fit on each
                if !current.isEmpty && !fits(current + String(character)) {
                    pieces.append(current)
                    current = ""
                }
                current.append(character)
            }
        }
        if !current.isEmpty { pieces.append(current) }
        guard pieces.count > limit else { return (pieces.isEmpty ? [""] : pieces, false) }
        var last = pieces[limit - 1]
        while !last.isEmpty && !fits(last + "…") { last.removeLast() }
        while last.last == " " { last.removeLast() }
        return (Array(pieces.prefix(limit - 1)) + [last + "…"], true)
    }
}


/// Numbers with one decimal, without a trailing `.0`: stable bytes for the same layout.
private func f(_ value: Double) -> String { PlainFormat.number(value, decimals: 1) }
