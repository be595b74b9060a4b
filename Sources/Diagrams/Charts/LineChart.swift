// Lines, steps and scatter plots over a numeric or day x axis: rollout percentages over time per environment
// (steps), time to resolve per incident over time coloured by severity (points) with mean lines per severity
// (horizontal references).

/// Series of (x, y) points drawn as lines, steps or bare points, as static, accessible SVG.
///
/// A series is a `<path class="chart-line chart-series-N …">` (unless `.points`) and, with markers, a
/// `<circle class="chart-point chart-series-N …">` per point, titled with its values (and linked when the
/// point has a URL). References are dashed horizontal lines (`chart-ref`) labelled at the right. The y axis
/// includes zero, or is fixed by `yRange` (values outside it are clamped to its edge). Points with a
/// non-finite coordinate are left out.
public struct LineChart: Sendable {
    /// How consecutive points (in order of x) are joined.
    public enum Interpolation: Sendable {
        /// Straight segments.
        case linear
        /// Horizontal then vertical ("step after"): a value holds until the next point, and the last one
        /// until the right end of the chart.
        case stepAfter
        /// Not joined: a scatter plot (markers are always drawn).
        case points
    }

    /// What the x values are.
    public enum XAxis: Sendable {
        /// Plain numbers, ticks at nice steps written by the formatter.
        case numbers(ChartFormatter)
        /// Days since 1970-01-01 (see `ChartDay.daysSince1970`), ticks at days, weeks or months.
        case days
    }

    /// One point; `label` (such as an incident's id) is added to its tooltip, `url` links its marker.
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        public var label: String?
        public var url: String?

        public init(x: Double, y: Double, label: String? = nil, url: String? = nil) {
            self.x = x
            self.y = y
            self.label = label
            self.url = url
        }
    }

    public struct Series: Sendable {
        public var name: String
        public var points: [Point]
        public var interpolation: Interpolation
        /// A circle at every point (always for `.points`).
        public var markers: Bool
        /// Extra CSS classes of its line, points and legend swatch (such as `env-production` or `sev1`).
        public var className: String?

        public init(name: String, points: [Point], interpolation: Interpolation = .linear, markers: Bool = false,
                    className: String? = nil) {
            self.name = name
            self.points = points
            self.interpolation = interpolation
            self.markers = markers
            self.className = className
        }
    }

    /// A horizontal line at `value` (such as a mean), labelled at the right.
    public struct Reference: Sendable {
        public var label: String
        public var value: Double
        /// Extra CSS classes (such as `chart-series-0` to colour it like a series, or `sev1`).
        public var className: String?

        public init(label: String, value: Double, className: String? = nil) {
            self.label = label
            self.value = value
            self.className = className
        }
    }

    /// The prefix of the ids in the SVG (`<id>-title`, `<id>-desc`); unique on its page.
    public var id: String
    /// The accessible name (the SVG's `<title>`).
    public var title: String
    /// The SVG's `<desc>`; nil for a generated summary of the series.
    public var description: String?
    public var series: [Series]
    public var references: [Reference]
    public var xAxis: XAxis
    /// Formats the y ticks and values.
    public var yFormat: ChartFormatter
    /// A fixed y axis (such as 0…100 for percentages); nil to fit the data and zero.
    public var yRange: ClosedRange<Double>?
    public var width: Double
    public var height: Double

    public init(id: String, title: String, description: String? = nil, series: [Series], references: [Reference] = [],
                xAxis: XAxis = .numbers(ChartFormat.number()), yFormat: @escaping ChartFormatter = ChartFormat.number(),
                yRange: ClosedRange<Double>? = nil, width: Double = 720, height: Double = 280) {
        self.id = id
        self.title = title
        self.description = description
        self.series = series
        self.references = references
        self.xAxis = xAxis
        self.yFormat = yFormat
        self.yRange = yRange
        self.width = width
        self.height = height
    }

    func xText(_ x: Double) -> String {
        switch xAxis {
        case .numbers(let format): format(x)
        case .days: ChartDay(daysSince1970: Int(x.rounded(.down))).description
        }
    }

    /// The SVG document.
    public func svg() -> String {
        let points = series.map { s in
            s.points.filter { $0.x.isFinite && $0.y.isFinite }.enumerated().sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }.map(\.element)
        }
        let references = self.references.filter { $0.value.isFinite }
        guard let xRange = Chart.range(points.joined().map(\.x)) else {
            return Chart.empty(id: id, kind: "line-chart", title: title, width: width)
        }
        let ys = points.joined().map(\.y) + references.map(\.value) + [0]
        let yBounds = yRange.flatMap { $0.upperBound.isFinite && $0.lowerBound.isFinite ? ($0.lowerBound, $0.upperBound) : nil }
            ?? Chart.range(ys) ?? (0, 1)
        var yTicks = Chart.niceTicks(yBounds.0, yBounds.1, count: 5, format: yFormat)
        if yRange != nil { yTicks = yTicks.filter { $0.value >= yBounds.0 - 1e-9 && $0.value <= yBounds.1 + 1e-9 } }
        let yLo = yRange != nil ? yBounds.0 : yTicks.first?.value ?? yBounds.0
        let yHi = yRange != nil ? yBounds.1 : yTicks.last?.value ?? yBounds.1

        let plot = Chart.plot(width: width, height: height, yLabels: yTicks.map(\.label),
                              legend: Chart.seriesLegend(series.map { ($0.name, $0.className, $0.interpolation != .points) }))
        let (xLo, xHi) = ChartScale.widened(xRange.lo, xRange.hi)
        // Points at the ends of the x range stay clear of the y axis and of the right edge.
        let xs = ChartScale(xLo, xHi, onto: plot.left + 10, plot.right - 10)
        let ys0 = ChartScale(yLo, yHi, onto: plot.bottom, plot.top)
        let y = { (v: Double) in ys0(Swift.min(Swift.max(v, ys0.lo), ys0.hi)) }
        let xTicks: [ChartTick]
        switch xAxis {
        case .numbers(let format):
            xTicks = Chart.niceTicks(xLo, xHi, count: Swift.max(2, Int((plot.right - plot.left) / 80)), format: format)
                .filter { $0.value >= xLo - 1e-9 && $0.value <= xHi + 1e-9 }
        case .days:
            xTicks = Chart.dayTicks(xLo, xHi, count: Swift.max(2, Int((plot.right - plot.left) / 56)))
        }

        var body = Chart.yAxis(yTicks, scale: ys0, left: plot.left, right: plot.right)
        body += Chart.xAxis(xTicks, scale: xs, top: plot.top, bottom: plot.bottom, left: plot.left, right: plot.right)
        // Labels sit above their lines, top to bottom, at least a text line's height (ascent and descent) apart so
        // close values stay readable.
        var labelY: [Double] = references.map { y($0.value) - 4 }
        var previous = -Double.infinity
        for i in references.indices.sorted(by: { (labelY[$0], $0) < (labelY[$1], $1) }) {
            labelY[i] = max(labelY[i], previous + 15)
            previous = labelY[i]
        }
        for (i, reference) in references.enumerated() {
            let ry = y(reference.value)
            let classes = reference.className.map { " " + Chart.escape($0) } ?? ""
            body += "<g class=\"chart-ref\(classes)\"><title>\(Chart.escape("\(reference.label): \(yFormat(reference.value))"))</title>"
            body += Chart.line(plot.left, ry, plot.right, ry, classes: "chart-ref-line", "stroke=\"currentColor\" stroke-opacity=\"0.8\" stroke-dasharray=\"4 3\"")
            body += Chart.text(reference.label, x: plot.right, y: labelY[i], classes: "chart-ref-label", anchor: "end", limit: 24) + "</g>\n"
        }
        for (i, s) in series.enumerated() where !points[i].isEmpty {
            let classes = Chart.seriesClasses(i, s.className), colour = Chart.colour(i)
            body += "<g class=\"chart-series \(classes)\">\n"
            let p = points[i]
            if s.interpolation != .points {
                var d = "M\(Chart.n(xs(p[0].x))) \(Chart.n(y(p[0].y)))"
                for point in p.dropFirst() {
                    d += s.interpolation == .stepAfter
                        ? " H\(Chart.n(xs(point.x))) V\(Chart.n(y(point.y)))"
                        : " L\(Chart.n(xs(point.x))) \(Chart.n(y(point.y)))"
                }
                if s.interpolation == .stepAfter { d += " H\(Chart.n(plot.right))" }
                body += "<path class=\"chart-line \(classes)\" d=\"\(d)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            }
            if s.markers || s.interpolation == .points {
                for point in p {
                    var tip = "\(s.name): \(xText(point.x)), \(yFormat(point.y))"
                    if let label = point.label { tip += " (\(label))" }
                    var mark = "<circle class=\"chart-point \(classes)\" cx=\"\(Chart.n(xs(point.x)))\" cy=\"\(Chart.n(y(point.y)))\" r=\"3.5\""
                    mark += " fill=\"\(colour)\"><title>\(Chart.escape(tip))</title></circle>"
                    if let url = point.url { mark = "<a href=\"\(Chart.escape(url))\">\(mark)</a>" }
                    body += mark + "\n"
                }
            }
            body += "</g>\n"
        }
        body += plot.legend
        return Chart.document(id: id, kind: "line-chart", title: title, description: description ?? summary(points, references),
                              width: width, height: height, body: body)
    }

    func summary(_ points: [[Point]], _ references: [Reference]) -> String {
        var parts = zip(series, points).filter { !$1.isEmpty }.map { s, p in
            "\(s.name): \(p.count) point\(p.count == 1 ? "" : "s") from \(xText(p[0].x)) (\(yFormat(p[0].y))) to \(xText(p[p.count - 1].x)) (\(yFormat(p[p.count - 1].y)))"
        }
        parts += references.map { "\($0.label): \(yFormat($0.value))" }
        return parts.joined(separator: "; ") + "."
    }
}
