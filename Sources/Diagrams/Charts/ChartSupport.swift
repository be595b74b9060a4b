// The shared drawing kit of the charts (`ForestPlot`, `TimelineChart`, `BarChart`, `LineChart`): the document
// frame with its accessible name and description, nice ticks and linear scales, axes with grid lines, legends,
// text that is escaped and truncated, and the "No data" drawing. Everything is written with
// `PlainFormat.number(_:decimals: 2)` and `SVGWriter.escape`, so the same input always gives the same bytes.
//
// Presentation: every element has a CSS class (see the chart block of the default theme's style.css) and
// fallback presentation attributes (`currentColor` for ink, mid-tone colours for series), which any CSS rule
// overrides, so a chart reads without the stylesheet, on light and dark pages and in print.

/// Turns a value into the text of a tick or a data label.
public typealias ChartFormatter = @Sendable (Double) -> String

/// Ready-made formatters for chart axes and labels; numbers written with `PlainFormat.number`.
public enum ChartFormat {
    /// Plain numbers with at most `decimals` decimals: 1.5 → "1.5", 2 → "2".
    public static func number(decimals: Int = 2) -> ChartFormatter {
        { PlainFormat.number($0, decimals: decimals) }
    }

    /// Fractions as percentages, signed by default: 0.05 → "+5 %", -0.125 → "-12.5 %", 0 → "0 %".
    public static func percent(decimals: Int = 1, signed: Bool = true) -> ChartFormatter {
        { value in
            let text = PlainFormat.number(value * 100, decimals: decimals)
            return (signed && value > 0 && text != "0" ? "+" : "") + text + " %"
        }
    }

    /// Numbers followed by a unit: 3 with "h" → "3 h".
    public static func unit(_ unit: String, decimals: Int = 1) -> ChartFormatter {
        { PlainFormat.number($0, decimals: decimals) + " " + unit }
    }
}

/// One tick of an axis: where (in data units) and what it says.
struct ChartTick {
    var value: Double
    var label: String
}

/// A linear map from a data interval onto a pixel interval; a degenerate or non-finite domain is widened,
/// so that mapping never divides by zero.
struct ChartScale {
    let lo: Double, hi: Double, start: Double, end: Double

    init(_ lo: Double, _ hi: Double, onto start: Double, _ end: Double) {
        let (a, b) = ChartScale.widened(lo, hi)
        self.lo = a; self.hi = b; self.start = start; self.end = end
    }

    func callAsFunction(_ value: Double) -> Double {
        start + (value - lo) / (hi - lo) * (end - start)
    }

    /// `lo…hi` if it has a length; else an interval around the single value (0…1 around zero).
    static func widened(_ lo: Double, _ hi: Double) -> (Double, Double) {
        guard lo.isFinite, hi.isFinite else { return (0, 1) }
        if hi > lo { return (lo, hi) }
        if lo == 0 { return (0, 1) }
        let delta = abs(lo) / 2
        return (lo - delta, lo + delta)
    }
}

/// The drawing primitives and layout helpers shared by all charts.
enum Chart {
    static let fontSize = 12.0
    /// An estimate of the advance of one character at `fontSize`, for layout without font metrics.
    static let characterWidth = 6.6
    static let padding = 8.0
    static let fontFamily = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
    /// Fallback colours of `chart-series-N` (mid-tones, readable on light and dark backgrounds).
    /// Categorical colours: no green, red or amber, which mean good, bad and warning wherever Almanac colours a
    /// change (a series is not good or bad for being the third).
    static let palette = ["#3b73d9", "#8a63d2", "#138a8a", "#a0612b", "#c2378a", "#7a8691"]

    // MARK: Numbers and text

    static func n(_ value: Double) -> String { PlainFormat.number(value, decimals: 2) }

    static func escape(_ text: String) -> String { SVGWriter.escape(text) }

    /// The width of `count` characters.
    static func width(_ count: Int) -> Double { Double(count) * characterWidth }

    /// How many characters fit in `width`.
    static func characters(in width: Double) -> Int { width > 0 ? Int(width / characterWidth) : 0 }

    /// Escaped text content: `text` itself, or, when longer than `limit` characters, its first characters
    /// and an ellipsis, preceded by a `<title>` with the whole text.
    static func fit(_ text: String, _ limit: Int) -> String {
        guard text.count > max(limit, 1) else { return escape(text) }
        let short = String(text.prefix(max(limit, 1) - 1)) + "…"
        return "<title>\(escape(text))</title>\(escape(short))"
    }

    /// A `<text>` element of class `chart-label` plus `classes`, in the current colour unless `fill` says
    /// otherwise; truncated to `limit` characters when given.
    static func text(_ text: String, x: Double, y: Double, classes: String = "", anchor: String = "start",
                     limit: Int? = nil, fill: String = "currentColor", size: Double? = nil) -> String {
        let cls = classes.isEmpty ? "chart-label" : "chart-label \(classes)"
        let anchorAttribute = anchor == "start" ? "" : " text-anchor=\"\(anchor)\""
        let sizeAttribute = size.map { " font-size=\"\(n($0))\"" } ?? ""
        let body = limit.map { fit(text, $0) } ?? escape(text)
        return "<text class=\"\(cls)\" x=\"\(n(x))\" y=\"\(n(y))\"\(anchorAttribute)\(sizeAttribute) fill=\"\(fill)\">\(body)</text>"
    }

    /// A `<line>` of class `classes` with extra (already escaped) presentation attributes.
    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, classes: String, _ attributes: String) -> String {
        "<line class=\"\(classes)\" x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"\(attributes.isEmpty ? "" : " " + attributes)/>"
    }

    /// The classes of series `index`: `chart-series-N` (N cycling through the palette) and the caller's own.
    static func seriesClasses(_ index: Int, _ extra: String?) -> String {
        let own = extra.map { $0.split(separator: " ").map { escape(String($0)) }.joined(separator: " ") } ?? ""
        return "chart-series-\(index % palette.count)" + (own.isEmpty ? "" : " " + own)
    }

    static func colour(_ index: Int) -> String { palette[index % palette.count] }

    /// A single class-name token: letters, digits, `-` and `_`; anything else becomes `-`.
    static func token(_ text: String) -> String {
        String(text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
    }

    /// An id prefix that is safe in `id` and in the space-separated lists of `aria-*` attributes.
    static func identifier(_ text: String) -> String {
        let id = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
        return id.isEmpty ? "chart" : id
    }

    // MARK: Document

    /// The whole SVG document of a chart of kind `kind` (a class `chart-<kind>`).
    static func document(id: String, kind: String, title: String, description: String, width: Double, height: Double,
                         body: String) -> String {
        let id = identifier(id)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-\(kind)\" role=\"img\""
        out += " aria-labelledby=\"\(id)-title\" aria-describedby=\"\(id)-desc\""
        out += " viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\""
        out += " font-family=\"\(fontFamily)\" font-size=\"\(n(fontSize))\">\n"
        out += "<title id=\"\(id)-title\">\(escape(title))</title>\n"
        out += "<desc id=\"\(id)-desc\">\(escape(description))</desc>\n"
        return out + body + "</svg>\n"
    }

    /// A small chart that says "No data".
    static func empty(id: String, kind: String, title: String, width: Double) -> String {
        let width = max(width, 120), height = 48.0
        let body = "<g class=\"chart-empty\">" + text("No data", x: width / 2, y: height / 2 + 4, classes: "chart-empty-label",
                                                   anchor: "middle", fill: "currentColor") + "</g>\n"
        return document(id: id, kind: kind, title: title, description: "No data.", width: width, height: height, body: body)
    }

    // MARK: Ticks

    /// Ticks at multiples of a nice step (1, 2 or 5 × 10^k, at least 1 when `integers`) covering lo…hi with
    /// about `count` intervals; the first and last tick enclose the interval.
    static func niceTicks(_ lo: Double, _ hi: Double, count: Int = 5, integers: Bool = false,
                          format: ChartFormatter) -> [ChartTick] {
        let (lo, hi) = ChartScale.widened(lo, hi)
        let raw = (hi - lo) / Double(max(count, 1))
        // raw = f × 10^k with 1 ≤ f < 10; the step is m × 10^k with m in 1, 2, 5, 10.
        var exponent = 0
        var power = 1.0
        while power * 10 <= raw { power *= 10; exponent += 1 }
        while power > raw && exponent > -12 { exponent -= 1; power = tenTo(exponent) }
        let f = raw / power
        var mantissa = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
        if integers && exponent < 0 { mantissa = 1; exponent = 0 }
        func value(_ i: Int) -> Double {
            exponent >= 0 ? Double(i * mantissa) * tenTo(exponent) : Double(i * mantissa) / tenTo(-exponent)
        }
        let step = value(1)
        let first = Int((lo / step).rounded(.down)), last = Int((hi / step).rounded(.up))
        guard last - first <= 1000 else { return [ChartTick(value: lo, label: format(lo)), ChartTick(value: hi, label: format(hi))] }
        return (first...max(last, first + 1)).map { ChartTick(value: value($0), label: format(value($0))) }
    }

    static func tenTo(_ exponent: Int) -> Double {
        var p = 1.0
        for _ in 0..<abs(exponent) { p *= 10 }
        return exponent >= 0 ? p : 1 / p
    }

    /// The finite values among `values`, with their range (nil when there are none).
    static func range<S: Sequence>(_ values: S) -> (lo: Double, hi: Double)? where S.Element == Double {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
        return lo <= hi ? (lo, hi) : nil
    }

    // MARK: Axes

    /// The x axis at the bottom of a plot: vertical grid lines from `top` to `bottom`, the axis line and the
    /// tick labels below it; the axis line spans `left…right`, by default the scale's range.
    static func xAxis(_ ticks: [ChartTick], scale: ChartScale, top: Double, bottom: Double,
                      left: Double? = nil, right: Double? = nil) -> String {
        var out = "<g class=\"chart-grid\" stroke=\"currentColor\" stroke-opacity=\"0.15\">\n"
        for tick in ticks { out += line(scale(tick.value), top, scale(tick.value), bottom, classes: "chart-gridline", "") + "\n" }
        out += "</g>\n<g class=\"chart-axis chart-axis-x\">\n"
        let (lo, hi) = (left ?? scale.start, right ?? scale.end)
        out += line(lo, bottom, hi, bottom, classes: "chart-axis-line", "stroke=\"currentColor\" stroke-opacity=\"0.6\"") + "\n"
        // A label is centred on its tick but kept within the axis line, clear of the y axis's labels.
        for tick in ticks {
            let half = TextWidth.of(tick.label, size: fontSize) / 2
            let x = Swift.min(Swift.max(scale(tick.value), lo + half), Swift.max(lo + half, hi - half))
            out += text(tick.label, x: x, y: bottom + 16, classes: "chart-tick", anchor: "middle") + "\n"
        }
        return out + "</g>\n"
    }

    /// The y axis at the left of a plot: horizontal grid lines from `left` to `right`, the axis line and the
    /// tick labels left of it.
    static func yAxis(_ ticks: [ChartTick], scale: ChartScale, left: Double, right: Double) -> String {
        var out = "<g class=\"chart-grid\" stroke=\"currentColor\" stroke-opacity=\"0.15\">\n"
        for tick in ticks { out += line(left, scale(tick.value), right, scale(tick.value), classes: "chart-gridline", "") + "\n" }
        out += "</g>\n<g class=\"chart-axis chart-axis-y\">\n"
        out += line(left, scale.start, left, scale.end, classes: "chart-axis-line", "stroke=\"currentColor\" stroke-opacity=\"0.6\"") + "\n"
        for tick in ticks {
            out += text(tick.label, x: left - 6, y: scale(tick.value) + 4, classes: "chart-tick", anchor: "end") + "\n"
        }
        return out + "</g>\n"
    }

    /// A vertical reference line across a plot with an optional label above it.
    static func verticalReference(x: Double, top: Double, bottom: Double, classes: String, dashed: Bool, label: String?) -> String {
        let dash = dashed ? " stroke-dasharray=\"4 3\"" : ""
        var out = "<g class=\"chart-ref \(classes)\">"
        out += line(x, top, x, bottom, classes: "chart-ref-line", "stroke=\"currentColor\" stroke-opacity=\"0.8\" stroke-width=\"1.5\"\(dash)")
        if let label { out += text(label, x: x, y: top - 4, classes: "chart-ref-label", anchor: "middle", limit: 28) }
        return out + "</g>\n"
    }

    // MARK: Plots with x and y axes (bars, lines)

    /// The plot rectangle of a chart with a y axis on the left, x tick labels below it and a legend at the
    /// bottom, and the SVG of that legend.
    struct Plot {
        var left, right, top, bottom: Double
        var legend: String
    }

    /// The plot of a `width` × `height` chart whose y ticks read `yLabels`, with a legend of `legend`.
    static func plot(width: Double, height: Double, yLabels: [String], legend entries: [LegendEntry]) -> Plot {
        let labelWidth = Self.width(min(yLabels.map(\.count).max() ?? 1, 14)) + 10
        let legendWidth = width - 2 * padding
        let legendHeight = entries.isEmpty ? 0 : legend(entries, x: 0, y: 0, width: legendWidth).height + 8
        let top = padding + 14
        let bottom = max(top + 40, height - padding - 22 - legendHeight)
        return Plot(left: padding + labelWidth, right: max(padding + labelWidth + 40, width - padding - 16), top: top, bottom: bottom,
                    legend: legend(entries, x: padding, y: bottom + 30, width: legendWidth).svg)
    }

    /// The legend of series (name, extra classes, drawn as a line), coloured as `chart-series-N`; none for a
    /// single series.
    static func seriesLegend(_ series: [(name: String, className: String?, isLine: Bool)]) -> [LegendEntry] {
        guard series.count > 1 else { return [] }
        return series.enumerated().map { i, s in
            LegendEntry(label: s.name, classes: seriesClasses(i, s.className), colour: colour(i), isLine: s.isLine)
        }
    }

    // MARK: Legend

    struct LegendEntry {
        var label: String
        /// The classes of the swatch (such as `chart-series-0 sev1`) and its fallback colour.
        var classes: String
        var colour: String
        /// A line rather than a filled square.
        var isLine = false
    }

    /// Legend entries laid out in rows from (`x`, `y`) within `width`: the SVG and the height used.
    static func legend(_ entries: [LegendEntry], x: Double, y: Double, width: Double) -> (svg: String, height: Double) {
        guard !entries.isEmpty else { return ("", 0) }
        let rowHeight = 18.0, limit = 24
        var out = "<g class=\"chart-legend\">\n"
        var cx = x, cy = y
        for entry in entries {
            let itemWidth = 18 + Self.width(min(entry.label.count, limit)) + 16
            if cx > x && cx + itemWidth > x + width { cx = x; cy += rowHeight }
            if entry.isLine {
                out += line(cx, cy + 6, cx + 12, cy + 6, classes: "chart-swatch \(entry.classes)", "stroke=\"\(entry.colour)\" stroke-width=\"2\"")
            } else {
                out += "<rect class=\"chart-swatch \(entry.classes)\" x=\"\(n(cx))\" y=\"\(n(cy))\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(entry.colour)\"/>"
            }
            out += text(entry.label, x: cx + 18, y: cy + 10, classes: "chart-legend-label", limit: limit) + "\n"
            cx += itemWidth
        }
        return (out + "</g>\n", cy - y + rowHeight)
    }
}
