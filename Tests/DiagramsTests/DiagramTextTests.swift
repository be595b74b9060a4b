import Testing
@testable import Diagrams

// The text of the site's diagrams (`Diagram`): lines measured with `TextWidth`, titles wrapped onto up to three
// lines and cut with an ellipsis, the whole text kept in a tooltip, the status as a line of its own.

@Suite("Diagram node text")
struct DiagramTextTests {
    static let long = "Two days at 10 % within the feed SLO, with the p99 watched by the on-call and a rollback rehearsed in staging first"

    func diagram(_ boxes: [Diagram.Box]) -> String {
        Diagram(title: "Plan", description: "A plan.", boxes: boxes, arrows: []).svg(id: "p")
    }

    /// The texts of the first node, in order, with their classes.
    func texts(_ svg: String) -> [(text: String, classes: String?)] {
        let node = svg.components(separatedBy: "<g class=\"node ").dropFirst().first ?? ""
        return node.components(separatedBy: "<text ").dropFirst().map { element in
            let open = element.range(of: ">")!, close = element.range(of: "</text>")!
            let classes = element.range(of: "class=\"").map { element[$0.upperBound...].prefix { $0 != "\"" } }.map(String.init)
            return (String(element[open.upperBound..<close.lowerBound]), classes)
        }
    }

    @Test("a long title wraps onto three bold lines, the last cut with …, the whole text in the node's <title>")
    func ellipsis() throws {
        let svg = diagram([Diagram.Box(id: "a", lines: [Self.long, "verify · 2d"], status: "○ pending", classes: "node-verify status-pending")])
        let lines = texts(svg)
        #expect(lines.count == 5)
        #expect(lines.prefix(3).allSatisfy { $0.classes == "node-title" })
        #expect(lines[2].text.hasSuffix("…"))
        #expect(lines[3] == ("○ pending", "node-status"))
        #expect(lines[4].text == "verify · 2d" && lines[4].classes == nil)
        let shown = lines.prefix(3).map(\.text).joined(separator: " ").dropLast()
        #expect(Self.long.hasPrefix(shown), "the lines are the title's words in order: \(shown)")
        #expect(svg.contains("<title>\(Self.long)\n○ pending\nverify · 2d</title>"))
        // Every line fits its box, measured as the layout measured it.
        let width = try #require(attribute("width", of: "rx=\"6\"", in: svg))
        for line in lines {
            #expect(TextWidth.of(line.text, size: Diagram.fontSize, bold: line.classes != nil) <= width - 2 * Diagram.padding + 0.01, "\(line.text)")
        }
    }

    @Test("a title that fits is neither cut nor given a tooltip; a word wider than a line is broken")
    func fits() {
        let short = diagram([Diagram.Box(id: "a", lines: ["Production at 25 %"], classes: "node-rollout")])
        #expect(texts(short).map(\.text) == ["Production at 25 %"])
        #expect(!short.contains("<title>Production"))
        let word = String(repeating: "m", count: 40)
        let (pieces, cut) = Diagram.wrap(word, bold: true, limit: 3)
        #expect(!cut && pieces.joined() == word && pieces.count >= 3)
        #expect(pieces.allSatisfy { TextWidth.of($0, size: Diagram.fontSize, bold: true) <= Diagram.lineWidth })
    }

    @Test("widths: bold is wider, wide letters wider than narrow ones, beyond ASCII counted generously")
    func widths() {
        #expect(TextWidth.of("abc", size: 12, bold: true) > TextWidth.of("abc", size: 12))
        #expect(TextWidth.of("MMMM", size: 12) > TextWidth.of("iiii", size: 12) * 2)
        #expect(TextWidth.of("2026-11-25", size: 100) == 8 * 64 + 2 * 37)
        #expect(TextWidth.of("✓", size: 10) == 10)
    }

    @Test("the legend wraps into rows within the drawing")
    func legend() {
        let entries: [Diagram.LegendEntry] = (0..<12).map { ("status-\($0)", "a legend entry \($0)", false) }
        let svg = Diagram(title: "T", description: "D", boxes: [Diagram.Box(id: "a", lines: ["A"], classes: "x")], arrows: [],
                          legend: entries).svg(id: "l")
        let width = attribute("width", of: "class=\"diagram\"", in: svg) ?? 0
        #expect(width <= 400, "the drawing is not widened to hold the legend on one line: \(width)")
        #expect(count("class=\"legend\"", in: svg) == 12)
    }
}
