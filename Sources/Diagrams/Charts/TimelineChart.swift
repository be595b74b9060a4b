// A Gantt-like timeline: lanes (one per surface, team, …) of bars from a start day to an end day, on a time
// axis with month ticks, with an optional "today" line. Bars that overlap in a lane go to separate sub-rows.

/// Bars over time in labelled lanes, as static, accessible SVG.
///
/// A bar covers its start and end days inclusively; it is a `<rect class="chart-bar chart-bar-<style>">` with
/// its label inside when it fits, in a group whose `<title>` gives the label and the dates, wrapped in a link
/// when it has a URL. Within a lane, bars are placed in order of start (then end, then input order) in the
/// first sub-row where they overlap nothing, so overlapping bars never hide each other. The axis runs from
/// the first of the month of the earliest day to the first of the month after the latest, marked at months
/// (or every 2, 3, 6 or 12 months on long spans); `asOf` draws a `chart-ref chart-ref-today` line.
public struct TimelineChart: Sendable {
    /// One bar.
    public struct Bar: Sendable {
        public var label: String
        public var start: ChartDay
        /// The last day covered (inclusive).
        public var end: ChartDay
        /// A link for the bar (such as the experiment's page).
        public var url: String?
        /// A style token such as `running`, `concluded` or `overlap`: the bar gets the class `chart-bar-<style>`.
        public var style: String?

        /// A bar; `start` and `end` may come in either order.
        public init(label: String, start: ChartDay, end: ChartDay, url: String? = nil, style: String? = nil) {
            self.label = label
            self.start = min(start, end)
            self.end = max(start, end)
            self.url = url
            self.style = style
        }
    }

    /// One labelled lane of bars.
    public struct Lane: Sendable {
        public var label: String
        public var bars: [Bar]

        public init(label: String, bars: [Bar]) {
            self.label = label
            self.bars = bars
        }
    }

    /// The prefix of the ids in the SVG (`<id>-title`, `<id>-desc`); unique on its page.
    public var id: String
    /// The accessible name (the SVG's `<title>`).
    public var title: String
    /// The SVG's `<desc>`; nil for a generated summary of the lanes and bars.
    public var description: String?
    public var lanes: [Lane]
    /// The day of the data (such as the build's as-of day), drawn as a line labelled `asOfLabel`.
    public var asOf: ChartDay?
    public var asOfLabel: String
    /// The width of the drawing; the height follows from the lanes.
    public var width: Double

    public init(id: String, title: String, description: String? = nil, lanes: [Lane], asOf: ChartDay? = nil,
                asOfLabel: String = "today", width: Double = 720) {
        self.id = id
        self.title = title
        self.description = description
        self.lanes = lanes
        self.asOf = asOf
        self.asOfLabel = asOfLabel
        self.width = width
    }

    static let labelLimit = 24
    static let rowHeight = 22.0
    static let barHeight = 16.0
    /// Fallback fills of the usual styles; others take the first series colour.
    static let fills = ["running": "#3b73d9", "concluded": "#7a8691", "overlap": "#d9822b", "planned": "#8a63d2"]

    /// The sub-row of each bar of `bars` (in their order): the first sub-row whose bars all end before it starts.
    static func subRows(_ bars: [Bar]) -> [Int] {
        let order = bars.indices.sorted {
            (bars[$0].start, bars[$0].end, $0) < (bars[$1].start, bars[$1].end, $1)
        }
        var ends: [Int] = []  // the last day taken in each sub-row
        var rows = [Int](repeating: 0, count: bars.count)
        for i in order {
            let start = bars[i].start.daysSince1970
            if let free = ends.firstIndex(where: { $0 < start }) {
                rows[i] = free
                ends[free] = bars[i].end.daysSince1970
            } else {
                rows[i] = ends.count
                ends.append(bars[i].end.daysSince1970)
            }
        }
        return rows
    }

    /// The SVG document.
    public func svg() -> String {
        let bars = lanes.flatMap(\.bars)
        guard !bars.isEmpty else { return Chart.empty(id: id, kind: "timeline-chart", title: title, width: width) }
        let pad = Chart.padding
        let labelWidth = Chart.width(min(lanes.map(\.label.count).max() ?? 1, Self.labelLimit)) + 12
        let width = max(self.width, 2 * pad + labelWidth + 200)
        let left = pad + labelWidth, right = width - pad - 28  // room for the last month's label, centred on its tick
        let top = pad + (asOf == nil ? 4 : 18)

        var days = bars.flatMap { [$0.start, $0.end] } + (asOf.map { [$0] } ?? [])
        days.sort()
        let first = ChartDay(year: days[0].year, month: days[0].month, day: 1)
        let lastMonth = days[days.count - 1].monthIndex + 1
        let lo = Double(first.daysSince1970), hi = Double(ChartDay.firstOfMonth(lastMonth).daysSince1970)
        let scale = ChartScale(lo, hi, onto: left, right)

        let placements = lanes.map { Self.subRows($0.bars) }
        let laneHeights = placements.map { Double(($0.max() ?? 0) + 1) * Self.rowHeight + 8 }
        let bottom = top + laneHeights.reduce(0, +)
        let height = bottom + 24 + pad

        let ticks = Chart.dayTicks(lo, hi, count: max(2, Int((right - left) / 56)))
        var body = Chart.xAxis(ticks, scale: scale, top: top, bottom: bottom)
        var y = top
        for (k, lane) in lanes.enumerated() {
            body += "<g class=\"chart-lane\">\n"
            body += Chart.text(lane.label, x: pad, y: y + laneHeights[k] / 2 + 4, classes: "chart-lane-label", limit: Self.labelLimit) + "\n"
            for (i, bar) in lane.bars.enumerated() {
                let x1 = scale(Double(bar.start.daysSince1970)), x2 = scale(Double(bar.end.daysSince1970 + 1))
                let by = y + 4 + Double(placements[k][i]) * Self.rowHeight + (Self.rowHeight - Self.barHeight) / 2
                let style = bar.style.map(Chart.token) ?? ""
                let fill = Self.fills[style] ?? Chart.palette[0]
                var item = "<g class=\"chart-item\"><title>\(Chart.escape("\(bar.label): \(bar.start) to \(bar.end)"))</title>"
                item += "<rect class=\"chart-bar\(style.isEmpty ? "" : " chart-bar-" + style)\" x=\"\(Chart.n(x1))\" y=\"\(Chart.n(by))\""
                item += " width=\"\(Chart.n(max(x2 - x1, 1)))\" height=\"\(Chart.n(Self.barHeight))\" rx=\"3\""
                item += " fill=\"\(fill)\" fill-opacity=\"0.35\" stroke=\"\(fill)\"/>"
                let fits = Chart.characters(in: x2 - x1 - 8)
                if fits >= 3 {
                    item += Chart.text(bar.label, x: x1 + 4, y: by + Self.barHeight - 4, classes: "chart-bar-label", limit: fits)
                }
                item += "</g>"
                if let url = bar.url {
                    item = "<a href=\"\(Chart.escape(url))\">\(item)</a>"
                }
                body += item + "\n"
            }
            body += "</g>\n"
            y += laneHeights[k]
            body += Chart.line(pad, y, right, y, classes: "chart-grid chart-lane-rule", "stroke=\"currentColor\" stroke-opacity=\"0.15\"") + "\n"
        }
        if let asOf {
            let x = scale(Double(asOf.daysSince1970) + 0.5)
            body += Chart.verticalReference(x: x, top: top, bottom: bottom, classes: "chart-ref-today", dashed: true,
                                            label: "\(asOfLabel) \(asOf)")
        }
        return Chart.document(id: id, kind: "timeline-chart", title: title, description: description ?? summary(bars.count),
                              width: width, height: height, body: body)
    }

    func summary(_ count: Int) -> String {
        var text = "\(count) bar\(count == 1 ? "" : "s") in \(lanes.count) lane\(lanes.count == 1 ? "" : "s")"
        if let asOf { text += "; \(asOfLabel): \(asOf)" }
        text += ". "
        text += lanes.filter { !$0.bars.isEmpty }.map { lane in
            lane.label + ": " + lane.bars.map { "\($0.label) (\($0.start) to \($0.end))" }.joined(separator: ", ")
        }.joined(separator: "; ")
        return text + "."
    }
}
