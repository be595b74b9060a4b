// A stacked bar chart: categories on x (months, sprints), one stacked segment per series (incidents per
// severity), the total above each bar, a legend, and a y axis whose ticks are whole numbers when the data is.

/// Stacked bars per category, as static, accessible SVG.
///
/// Each segment is a `<rect class="chart-bar chart-series-N …">` with a `<title>` naming the category, the
/// series and the value; zero, negative and non-finite values draw no segment. The legend (for two series or
/// more) follows the series order, bottom of the stack first.
public struct BarChart: Sendable {
    /// One series: a value per category (missing values count as none).
    public struct Series: Sendable {
        public var name: String
        /// In the order of the chart's categories.
        public var values: [Double]
        /// Extra CSS classes of its bars and legend swatch (such as `sev1`).
        public var className: String?

        public init(name: String, values: [Double], className: String? = nil) {
            self.name = name
            self.values = values
            self.className = className
        }
    }

    /// The prefix of the ids in the SVG (`<id>-title`, `<id>-desc`); unique on its page.
    public var id: String
    /// The accessible name (the SVG's `<title>`).
    public var title: String
    /// The SVG's `<desc>`; nil for a generated summary of the totals.
    public var description: String?
    public var categories: [String]
    public var series: [Series]
    /// Formats the y ticks and the values; plain numbers by default.
    public var format: ChartFormatter
    public var width: Double
    public var height: Double

    public init(id: String, title: String, description: String? = nil, categories: [String], series: [Series],
                format: @escaping ChartFormatter = ChartFormat.number(), width: Double = 720, height: Double = 280) {
        self.id = id
        self.title = title
        self.description = description
        self.categories = categories
        self.series = series
        self.format = format
        self.width = width
        self.height = height
    }

    /// The value of series `s` in category `c`, when it draws a segment.
    func value(_ s: Int, _ c: Int) -> Double? {
        let values = series[s].values
        guard c < values.count, values[c].isFinite, values[c] > 0 else { return nil }
        return values[c]
    }

    /// The SVG document.
    public func svg() -> String {
        let totals = categories.indices.map { c in series.indices.compactMap { value($0, c) }.reduce(0, +) }
        let anyFinite = series.contains { $0.values.prefix(categories.count).contains { $0.isFinite } }
        guard !categories.isEmpty, anyFinite else { return Chart.empty(id: id, kind: "bar-chart", title: title, width: width) }
        let integers = series.allSatisfy { $0.values.allSatisfy { !$0.isFinite || $0 == $0.rounded() } }
        let ticks = Chart.niceTicks(0, totals.max() ?? 0, count: 5, integers: integers, format: format)
        let plot = Chart.plot(width: width, height: height, yLabels: ticks.map(\.label),
                              legend: Chart.seriesLegend(series.map { ($0.name, $0.className, false) }))
        let scale = ChartScale(0, ticks.last?.value ?? 1, onto: plot.bottom, plot.top)

        var body = Chart.yAxis(ticks, scale: scale, left: plot.left, right: plot.right)
        let slot = (plot.right - plot.left) / Double(categories.count)
        let barWidth = min(slot * 0.64, 56)
        let labelLimit = max(3, Chart.characters(in: slot - 4))
        for (c, category) in categories.enumerated() {
            let x = plot.left + slot * (Double(c) + 0.5)
            body += "<g class=\"chart-category\">\n"
            var base = 0.0
            for s in series.indices {
                guard let v = value(s, c) else { continue }
                let y1 = scale(base), y2 = scale(base + v)
                body += "<rect class=\"chart-bar \(Chart.seriesClasses(s, series[s].className))\" x=\"\(Chart.n(x - barWidth / 2))\""
                body += " y=\"\(Chart.n(y2))\" width=\"\(Chart.n(barWidth))\" height=\"\(Chart.n(y1 - y2))\" fill=\"\(Chart.colour(s))\">"
                body += "<title>\(Chart.escape("\(category) · \(series[s].name): \(format(v))"))</title></rect>\n"
                base += v
            }
            if totals[c] > 0 {
                body += Chart.text(format(totals[c]), x: x, y: scale(totals[c]) - 4, classes: "chart-value", anchor: "middle") + "\n"
            }
            body += Chart.text(category, x: x, y: plot.bottom + 16, classes: "chart-tick", anchor: "middle", limit: labelLimit) + "\n"
            body += "</g>\n"
        }
        body += plot.legend
        let summary = "Stacked bars of " + series.map(\.name).joined(separator: ", ") + " per category. Totals: "
            + zip(categories, totals).map { "\($0) \(format($1))" }.joined(separator: ", ") + "."
        return Chart.document(id: id, kind: "bar-chart", title: title, description: description ?? summary,
                              width: width, height: height, body: body)
    }
}
