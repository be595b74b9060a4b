import Foundation
import Testing
@testable import Diagrams

// The incident strip: a golden drawing of a small incident, and checks of scale, labels, escaping and robustness.
// Regenerate the golden SVG after a deliberate change with:
// `ALMANAC_UPDATE_GOLDEN=1 swift test --filter IncidentStripTests`

private let sample = IncidentStrip(id: "incident", title: "Timeline of API outage", detected: 7, mitigated: 45, resolved: 134,
                                   startLabel: "Started 5 Oct 2026 10:00 UTC", endLabel: "Resolved 5 Oct 2026 12:14 UTC")

private let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/golden/charts/incident-strip.svg")

@Suite("Incident strip")
struct IncidentStripTests {
    @Test("a small incident draws to the bytes of its golden SVG")
    func golden() throws {
        let svg = sample.svg()
        if ProcessInfo.processInfo.environment["ALMANAC_UPDATE_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: goldenURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try svg.write(to: goldenURL, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: goldenURL, encoding: .utf8)
        #expect(svg == golden, "incident-strip.svg differs; regenerate with ALMANAC_UPDATE_GOLDEN=1 swift test --filter IncidentStripTests")
        #expect(svg == sample.svg(), "deterministic")
    }

    @Test("durations read as people say them")
    func durations() {
        #expect(IncidentStrip.duration(7) == "7 min")
        #expect(IncidentStrip.duration(60) == "1 h")
        #expect(IncidentStrip.duration(134) == "2 h 14 min")
        #expect(IncidentStrip.duration(1440 + 240) == "1 d 4 h")
        #expect(IncidentStrip.duration(2880) == "2 d")
    }

    @Test("three phases to scale, marks labelled with the times to detect, mitigate and resolve")
    func structure() throws {
        let svg = sample.svg()
        #expect(svg.contains("class=\"chart chart-incident-strip\" role=\"img\""))
        #expect(svg.contains("<title id=\"incident-title\">Timeline of API outage</title>"))
        #expect(count("<rect class=\"chart-phase ", in: svg) == 3)
        for label in ["detected 7 min", "mitigated 45 min", "resolved 2 h 14 min", "Detecting 7 min", "Mitigating 38 min", "Resolving 1 h 29 min",
                      "Started 5 Oct 2026 10:00 UTC", "Resolved 5 Oct 2026 12:14 UTC"] {
            #expect(svg.contains(">\(label)</text>"), "\(label)")
        }
        // Widths are proportional to the phases' lengths: 7, 38 and 89 minutes.
        let detecting = try #require(attribute("width", of: "chart-phase-detecting\"", in: svg))
        let mitigating = try #require(attribute("width", of: "chart-phase-mitigating\"", in: svg))
        let resolving = try #require(attribute("width", of: "chart-phase-resolving\"", in: svg))
        #expect(abs(mitigating / detecting - 38.0 / 7) < 0.01)
        #expect(abs(resolving / detecting - 89.0 / 7) < 0.01)
        // The marks sit at the ends of the phases.
        let mitigatingX = try #require(attribute("x", of: "chart-phase-mitigating\"", in: svg))
        let mark = try #require(attribute("x1", of: "chart-mark-line", in: svg))
        #expect(abs(mark - mitigatingX) < 0.01)
    }

    @Test("texts are escaped")
    func escaping() {
        let svg = IncidentStrip(id: "x\"y", title: "<b>&\"'", detected: 1, mitigated: 2, resolved: 3, startLabel: "<i>", endLabel: "&").svg()
        #expect(svg.contains("&lt;b&gt;&amp;&quot;&#39;"))
        #expect(svg.contains(">&lt;i&gt;</text>") && svg.contains(">&amp;</text>"))
        #expect(!svg.contains("<b>") && !svg.contains("<i>"))
        #expect(svg.contains("aria-labelledby=\"x-y-title\""))
    }

    @Test("zero and out-of-order times draw without dividing by zero or running backwards")
    func degenerate() {
        let zero = IncidentStrip(id: "z", title: "Z", detected: 0, mitigated: 0, resolved: 0).svg()
        #expect(!zero.contains("nan") && !zero.contains("inf"))
        #expect(zero.contains(">resolved 0 min</text>"))
        let backwards = IncidentStrip(id: "b", title: "B", detected: 30, mitigated: 10, resolved: 20).svg()
        #expect(!backwards.contains("width=\"-"))
        #expect(backwards.contains(">mitigated 30 min</text>") && backwards.contains(">resolved 30 min</text>"))
        #expect(count("<rect class=\"chart-phase ", in: backwards) == 1, "only detecting has a length")
        // Marks close together do not share a row of labels.
        let close = IncidentStrip(id: "c", title: "C", detected: 1, mitigated: 2, resolved: 600).svg()
        let y1 = attribute("y", of: ">detected 1 min<", in: close), y2 = attribute("y", of: ">mitigated 2 min<", in: close)
        #expect(y1 != nil && y2 != nil && y1 != y2)
    }

    /// The marks' labels of a drawing: text, start, baseline and mark x, measured as the strip measures them.
    func marks(_ svg: String) -> [(text: String, start: Double, end: Double, y: Double, x: Double)] {
        svg.components(separatedBy: "<g class=\"chart-mark ").dropFirst().compactMap { group in
            guard let x = attribute("x1", of: "chart-mark-line", in: group), let start = attribute("x", of: "chart-mark-label", in: group),
                  let y = attribute("y", of: "chart-mark-label", in: group),
                  let open = group.range(of: "chart-mark-label"), let close = group.range(of: "</text>") else { return nil }
            let text = String(group[open.upperBound..<close.lowerBound].drop { $0 != ">" }.dropFirst())
            return (text, start, start + TextWidth.of(text, size: Chart.fontSize), y, x)
        }
    }

    @Test("labels never overlap: close marks take more rows, the bar moves down to make room")
    func labelsApart() throws {
        var rows = Set<Double>()
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let resolved = Int.random(in: 0...3000, using: &random)
            let detected = Int.random(in: 0...resolved, using: &random), mitigated = Int.random(in: detected...resolved, using: &random)
            let svg = IncidentStrip(id: "s", title: "S", detected: detected, mitigated: mitigated, resolved: resolved).svg()
            let labels = marks(svg)
            try #require(labels.count == 3)
            let barTop = try #require(attribute("y1", of: "chart-axis-line", in: svg)) - IncidentStrip.barHeight
            for (i, a) in labels.enumerated() {
                rows.insert(a.y)
                #expect(a.y - 12 >= 0 && a.y + 4 <= barTop, "a label between the top and the bar: \(a) over \(barTop)")
                for b in labels[(i + 1)...] where a.y == b.y {
                    #expect(a.end + 6 <= b.start || b.end + 6 <= a.start, "\(detected)/\(mitigated)/\(resolved): \(a.text) and \(b.text) overlap")
                }
                // No label sits across the mark line of an earlier mark whose label is above it.
                for b in labels[..<i] where b.y < a.y {
                    #expect(!(a.start - 3 <= b.x && b.x <= a.end + 3), "\(detected)/\(mitigated)/\(resolved): \(a.text) across \(b.text)'s line")
                }
            }
        }
        // Three marks at the same minute take three rows.
        let same = marks(IncidentStrip(id: "s", title: "S", detected: 5, mitigated: 5, resolved: 5).svg())
        #expect(Set(same.map(\.y)).count == 3)
        #expect(rows.count >= 2)
    }
}
