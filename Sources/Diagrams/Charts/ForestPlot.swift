// A forest plot: one row per estimate with its interval (experiment lifts with confidence intervals), the
// label on the left, the formatted estimate and interval on the right, a line at zero and an optional line at
// an expected value.

/// Estimates with intervals on a shared x axis, one row each, as static, accessible SVG.
///
/// Each row draws its interval as a line with caps and a point at the estimate; the row's group has the class
/// `chart-row chart-row-better`, `-worse` or `-neutral` after its `Significance`; the point is a hollow
/// circle when not significant, a filled circle when better, a filled diamond when worse, and the note under
/// the label ends with "better" or "worse", so neither colour nor shape alone carries it. Reference lines: `chart-ref chart-ref-zero` at 0, always, and `chart-ref
/// chart-ref-expected` (dashed, labelled above the plot) at `expected` when given. Rows whose estimate is not
/// finite are left out; a non-finite bound draws the estimate without its interval.
public struct ForestPlot: Sendable {
    /// How a row's result reads: whether the change is good or bad for its metric (a page load that went down
    /// is better), never only up or down; the colour follows it, and the row's title says it in words.
    public enum Significance: String, Sendable {
        /// Significant, and the way the metric should go.
        case better
        /// Significant, and the way the metric should not go.
        case worse
        /// Not significant: the interval spans zero.
        case neutral
    }

    /// One estimate.
    public struct Row: Sendable {
        public var label: String
        public var estimate: Double
        public var low: Double
        public var high: Double
        /// A short remark shown in small type under the label (such as "guardrail" or "n = 1200").
        public var note: String?
        public var significance: Significance

        /// A row; `significance` defaults to what the interval says for a metric where higher is better:
        /// better when `low > 0`, worse when `high < 0`, else neutral. `low` and `high` may come in either order.
        public init(label: String, estimate: Double, low: Double, high: Double, note: String? = nil,
                    significance: Significance? = nil) {
            self.label = label
            self.estimate = estimate
            self.low = min(low, high)
            self.high = max(low, high)
            self.note = note
            self.significance = significance ?? (self.low > 0 ? .better : self.high < 0 ? .worse : .neutral)
        }
    }

    /// The prefix of the ids in the SVG (`<id>-title`, `<id>-desc`); unique on its page.
    public var id: String
    /// The accessible name (the SVG's `<title>`).
    public var title: String
    /// The SVG's `<desc>`; nil for a generated summary of the rows.
    public var description: String?
    public var rows: [Row]
    /// An expected value (such as the minimum detectable effect), drawn as a dashed line labelled `expectedLabel`.
    public var expected: Double?
    public var expectedLabel: String
    /// Formats the ticks, the estimates and the intervals; percentages by default (0.05 → "+5 %").
    public var format: ChartFormatter
    /// The width of the drawing; the height follows from the rows.
    public var width: Double

    public init(id: String, title: String, description: String? = nil, rows: [Row], expected: Double? = nil,
                expectedLabel: String = "expected", format: @escaping ChartFormatter = ChartFormat.percent(),
                width: Double = 720) {
        self.id = id
        self.title = title
        self.description = description
        self.rows = rows
        self.expected = expected
        self.expectedLabel = expectedLabel
        self.format = format
        self.width = width
    }

    static let labelLimit = 32
    static let valueLimit = 34

    /// The SVG document.
    public func svg() -> String {
        let rows = self.rows.filter { $0.estimate.isFinite }
        guard !rows.isEmpty else { return Chart.empty(id: id, kind: "forest-plot", title: title, width: width) }
        let expected = self.expected.flatMap { $0.isFinite ? $0 : nil }
        let values = rows.map(valueText)
        let notes = rows.map(noteText)
        let hasNotes = notes.contains { !$0.isEmpty }

        let pad = Chart.padding
        let labelWidth = Chart.width(min(rows.map { max($0.label.count, noteText($0).count) }.max() ?? 1, Self.labelLimit)) + 12
        let valueWidth = Chart.width(min(values.map(\.count).max() ?? 1, Self.valueLimit)) + 12
        let width = max(self.width, 2 * pad + labelWidth + valueWidth + 160)
        let rowHeight = hasNotes ? 36.0 : 26.0
        let top = pad + 18, bottom = top + Double(rows.count) * rowHeight
        let height = bottom + 24 + pad
        let left = pad + labelWidth + 8, right = width - pad - valueWidth

        var all = [0.0] + (expected.map { [$0] } ?? [])
        for row in rows { all += [row.estimate, row.low, row.high] }
        let range = Chart.range(all) ?? (0, 1)
        let ticks = Chart.niceTicks(range.lo, range.hi, count: max(2, min(8, Int((right - left) / 80))), format: format)
        let scale = ChartScale(ticks.first?.value ?? range.lo, ticks.last?.value ?? range.hi, onto: left, right)

        var body = Chart.xAxis(ticks, scale: scale, top: top - 4, bottom: bottom)
        body += Chart.verticalReference(x: scale(0), top: top - 4, bottom: bottom, classes: "chart-ref-zero", dashed: false, label: nil)
        if let expected {
            body += Chart.verticalReference(x: scale(expected), top: top - 4, bottom: bottom, classes: "chart-ref-expected",
                                            dashed: true, label: "\(expectedLabel) \(format(expected))")
        }
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowHeight + rowHeight / 2
            let colour = row.significance == .better ? "#2e9e5b" : row.significance == .worse ? "#d64545" : "currentColor"
            let stroke = "stroke=\"\(colour)\" stroke-width=\"2\""
            body += "<g class=\"chart-row chart-row-\(row.significance.rawValue)\">"
            body += "<title>\(Chart.escape(row.label + ": " + values[i] + ", " + Self.phrase(row.significance)))</title>\n"
            if row.low.isFinite && row.high.isFinite {
                let (x1, x2) = (scale(row.low), scale(row.high))
                body += Chart.line(x1, y, x2, y, classes: "chart-interval", stroke)
                body += Chart.line(x1, y - 5, x1, y + 5, classes: "chart-cap", stroke)
                body += Chart.line(x2, y - 5, x2, y + 5, classes: "chart-cap", stroke) + "\n"
            }
            // The shape says it without colour: a hollow circle (no significant change), a filled circle
            // (better), a filled diamond (worse); the note under the label says it in words.
            let fill = row.significance == .neutral ? "none" : colour
            let x = scale(row.estimate)
            if row.significance == .worse {
                let points = [(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)].map { "\(Chart.n($0.0)),\(Chart.n($0.1))" }.joined(separator: " ")
                body += "<polygon class=\"chart-point\" points=\"\(points)\" fill=\"\(fill)\" \(stroke)/>\n"
            } else {
                body += "<circle class=\"chart-point\" cx=\"\(Chart.n(x))\" cy=\"\(Chart.n(y))\" r=\"4.5\" fill=\"\(fill)\" \(stroke)/>\n"
            }
            let labelY = hasNotes ? y - 2 : y + 4
            body += Chart.text(row.label, x: pad, y: labelY, classes: "chart-row-label", limit: Self.labelLimit)
            if !notes[i].isEmpty {
                body += Chart.text(notes[i], x: pad, y: labelY + 13, classes: "chart-note", limit: Self.labelLimit, size: 10)
            }
            body += Chart.text(values[i], x: right + 12, y: y + 4, classes: "chart-value", limit: Self.valueLimit) + "</g>\n"
        }
        return Chart.document(id: id, kind: "forest-plot", title: title, description: description ?? summary(rows, values),
                              width: width, height: height, body: body)
    }

    /// The row's note and, when significant, "better" or "worse" in words ("p 0.003 · better").
    func noteText(_ row: Row) -> String {
        let word = row.significance == .neutral ? nil : row.significance.rawValue
        return [row.note.flatMap { $0.isEmpty ? nil : $0 }, word].compactMap { $0 }.joined(separator: " · ")
    }

    /// "+5 % (+1 % to +9 %)", or the estimate alone when a bound is not finite.
    func valueText(_ row: Row) -> String {
        row.low.isFinite && row.high.isFinite ? "\(format(row.estimate)) (\(format(row.low)) to \(format(row.high)))" : format(row.estimate)
    }

    static func phrase(_ significance: Significance) -> String {
        switch significance {
        case .better: "significant, better"
        case .worse: "significant, worse"
        case .neutral: "not significant"
        }
    }

    func summary(_ rows: [Row], _ values: [String]) -> String {
        var text = "\(rows.count) estimate\(rows.count == 1 ? "" : "s") with intervals"
        if let expected, expected.isFinite { text += "; \(expectedLabel): \(format(expected))" }
        text += ". "
        text += zip(rows, values).map { "\($0.label): \($1), \(Self.phrase($0.significance))" }.joined(separator: "; ")
        return text + "."
    }
}
