// The timeline of one incident drawn to scale: a single bar from the start to the resolution, split into the
// phases detecting (start → detected), mitigating (detected → mitigated) and resolving (mitigated → resolved),
// with marks at detection and mitigation, the times to detect, mitigate and resolve written above it, a time
// axis below it and a legend of the phases with their lengths.

/// One incident's phases on a to-scale strip, as static, accessible SVG.
///
/// Times are whole minutes since the start. Each non-empty phase is a `<rect class="chart-phase
/// chart-phase-<name>">` with a `<title>`; the marks are `<g class="chart-mark chart-mark-<event>">` with a line
/// and a label ("detected 7 min"). Out-of-order times are clamped so that the phases never run backwards.
public struct IncidentStrip: Sendable {
    /// The prefix of the ids in the SVG (`<id>-title`, `<id>-desc`); unique on its page.
    public var id: String
    /// The accessible name (the SVG's `<title>`).
    public var title: String
    /// The SVG's `<desc>`; nil for a generated summary of the times.
    public var description: String?
    /// Minutes from the start to detection, mitigation and resolution.
    public var detected: Int
    public var mitigated: Int
    public var resolved: Int
    /// Texts under the ends of the strip (such as the clock times of the start and the resolution).
    public var startLabel: String?
    public var endLabel: String?
    public var width: Double

    public init(id: String, title: String, description: String? = nil, detected: Int, mitigated: Int, resolved: Int,
                startLabel: String? = nil, endLabel: String? = nil, width: Double = 720) {
        self.id = id
        self.title = title
        self.description = description
        self.detected = detected
        self.mitigated = mitigated
        self.resolved = resolved
        self.startLabel = startLabel
        self.endLabel = endLabel
        self.width = width
    }

    /// Minutes as a reader says them: `45 min`, `2 h 14 min`, `3 d 4 h`.
    public static func duration(_ minutes: Int) -> String {
        if minutes < 60 { return "\(minutes) min" }
        if minutes < 1440 { return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min" }
        let hours = (minutes % 1440) / 60
        return hours == 0 ? "\(minutes / 1440) d" : "\(minutes / 1440) d \(hours) h"
    }

    static let phases: [(name: String, label: String, colour: String)] = [
        ("detecting", "Detecting", "#d64545"), ("mitigating", "Mitigating", "#d9822b"), ("resolving", "Resolving", "#3b73d9"),
    ]
    static let barTop = 50.0
    static let barHeight = 20.0

    /// The times, clamped into order: detected, mitigated and resolved, each at least the one before (and 0).
    var times: (detected: Int, mitigated: Int, resolved: Int) {
        let d = max(0, detected), m = max(d, mitigated), r = max(m, resolved)
        return (d, m, r)
    }

    /// The x where `text` centred on `centre` starts, kept within `lo…hi`.
    static func start(_ text: String, centre: Double, lo: Double, hi: Double) -> Double {
        let w = TextWidth.of(text, size: Chart.fontSize)
        return min(max(centre - w / 2, lo), max(lo, hi - w))
    }

    /// The marks' labels ("detected 7 min") at their x: each starts in the lowest row (0 nearest the bar) where it
    /// keeps 6 px from the labels of that row and does not sit across the mark line of an earlier mark whose label
    /// is in a higher row; as many rows as that takes.
    static func placeLabels(_ marks: [(label: String, x: Double)], lo: Double, hi: Double) -> [(start: Double, row: Int)] {
        var placed: [(start: Double, end: Double, x: Double, row: Int)] = []
        for mark in marks {
            let start = Self.start(mark.label, centre: mark.x, lo: lo, hi: hi), end = start + TextWidth.of(mark.label, size: Chart.fontSize)
            var row = 0
            while placed.contains(where: { p in
                (p.row == row && p.start < end + 6 && start < p.end + 6) || (p.row > row && start - 3 <= p.x && p.x <= end + 3)
            }) { row += 1 }
            placed.append((start, end, mark.x, row))
        }
        return placed.map { ($0.start, $0.row) }
    }

    /// Tick steps in minutes: a step that gives at most `count` intervals over `total` minutes.
    static func tickStep(_ total: Int, count: Int) -> Int {
        let steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080]
        return steps.first { total / $0 <= count } ?? max(1, total / max(count, 1))
    }

    /// The SVG document.
    public func svg() -> String {
        let (d, m, r) = times
        let pad = Chart.padding
        let width = max(self.width, 240)
        let left = pad + 4, right = width - pad - 4
        let scale = ChartScale(0, Double(r), onto: left, right)
        let marks = [("detected", "time to detect", d), ("mitigated", "time to mitigate", m), ("resolved", "time to resolve", r)]
        let labels = marks.map { event, _, minutes in (label: "\(event) \(Self.duration(minutes))", x: scale(Double(minutes))) }
        let places = Self.placeLabels(labels, lo: left, hi: right)
        // Two rows of labels fit above the bar; each further row moves it down.
        let top = Self.barTop + 16 * Double(max(0, (places.map(\.row).max() ?? 0) - 1)), bottom = top + Self.barHeight

        var body = ""
        // The phases.
        let bounds = [(0, d), (d, m), (m, r)]
        body += "<g class=\"chart-strip\">\n"
        for (i, (from, to)) in bounds.enumerated() where to > from {
            let phase = Self.phases[i]
            let x1 = scale(Double(from)), x2 = scale(Double(to))
            body += "<rect class=\"chart-phase chart-phase-\(phase.name)\" x=\"\(Chart.n(x1))\" y=\"\(Chart.n(top))\""
            body += " width=\"\(Chart.n(max(x2 - x1, 1)))\" height=\"\(Chart.n(Self.barHeight))\" fill=\"\(phase.colour)\">"
            body += "<title>\(Chart.escape("\(phase.label): \(Self.duration(to - from))"))</title></rect>\n"
        }
        if r == 0 {
            body += "<rect class=\"chart-phase chart-phase-empty\" x=\"\(Chart.n(left))\" y=\"\(Chart.n(top))\" width=\"1\""
            body += " height=\"\(Chart.n(Self.barHeight))\" fill=\"currentColor\"/>\n"
        }
        body += "</g>\n"

        // The axis: a tick every step of minutes, written as offsets from the start.
        let step = Self.tickStep(r, count: max(2, Int((right - left) / 100)))
        body += "<g class=\"chart-axis chart-axis-x\">\n"
        body += Chart.line(left, bottom, right, bottom, classes: "chart-axis-line", "stroke=\"currentColor\" stroke-opacity=\"0.6\"") + "\n"
        var tick = 0
        while tick <= r {
            let x = scale(Double(tick))
            let label = tick == 0 ? "0" : "+" + Self.duration(tick)
            body += Chart.line(x, bottom, x, bottom + 4, classes: "chart-tick-mark", "stroke=\"currentColor\" stroke-opacity=\"0.6\"")
            body += Chart.text(label, x: Self.start(label, centre: x, lo: left, hi: right), y: bottom + 16, classes: "chart-tick") + "\n"
            tick += step
        }
        body += "</g>\n"
        if let startLabel {
            body += Chart.text(startLabel, x: left, y: bottom + 32, classes: "chart-note", limit: 40) + "\n"
        }
        if let endLabel {
            body += Chart.text(endLabel, x: right, y: bottom + 32, classes: "chart-note", anchor: "end", limit: 40) + "\n"
        }

        // The marks and the times to detect, mitigate and resolve, above the bar, in rows that keep them apart.
        for ((event, name, minutes), (label, place)) in zip(marks, zip(labels, places)) {
            let y = top - 10 - Double(place.row) * 16
            body += "<g class=\"chart-mark chart-mark-\(event)\"><title>\(Chart.escape("\(name): \(Self.duration(minutes))"))</title>"
            body += Chart.line(label.x, y + 3, label.x, bottom, classes: "chart-mark-line", "stroke=\"currentColor\" stroke-width=\"1.5\"")
            body += Chart.text(label.label, x: place.start, y: y, classes: "chart-mark-label") + "</g>\n"
        }

        // The legend: each phase with its length.
        let entries = bounds.enumerated().map { i, span in
            Chart.LegendEntry(label: "\(Self.phases[i].label) \(Self.duration(span.1 - span.0))",
                              classes: "chart-phase-\(Self.phases[i].name)", colour: Self.phases[i].colour)
        }
        let legend = Chart.legend(entries, x: pad, y: bottom + 42, width: width - 2 * pad)
        body += legend.svg

        return Chart.document(id: id, kind: "incident-strip", title: title, description: description ?? summary,
                              width: width, height: bottom + 42 + legend.height + pad, body: body)
    }

    var summary: String {
        let (d, m, r) = times
        var text = "Detected after \(Self.duration(d)), mitigated after \(Self.duration(m)), resolved after \(Self.duration(r))"
        text += ": detecting \(Self.duration(d)), mitigating \(Self.duration(m - d)), resolving \(Self.duration(r - m))."
        let ends = [startLabel, endLabel].compactMap { $0 }
        if !ends.isEmpty { text += " " + ends.joined(separator: "; ") + "." }
        return text
    }
}
