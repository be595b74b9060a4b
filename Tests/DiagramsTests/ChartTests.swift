import Foundation
import Testing
@testable import Diagrams

// Charts: golden drawings of small inputs, and string checks of structure, escaping, robustness and geometry.
// Regenerate the golden SVGs after a deliberate change with:
// `ALMANAC_UPDATE_GOLDEN=1 swift test --filter ChartTests`

private let hostile = "<b>&\"'"
private let hostileEscaped = "&lt;b&gt;&amp;&quot;&#39;"

private func day(_ text: String) -> ChartDay { ChartDay(text)! }

/// Small inputs shaped like the site's uses.
private enum Samples {
    static let forest = ForestPlot(
        id: "lift", title: "Lift of checkout conversion",
        rows: [
            .init(label: "Conversion", estimate: 0.042, low: 0.012, high: 0.071, note: "primary"),
            .init(label: "Revenue per visitor", estimate: 0.01, low: -0.02, high: 0.04),
            .init(label: "Page load p95", estimate: -0.06, low: -0.09, high: -0.03, note: "guardrail", significance: .better),
            .init(label: "Errors", estimate: 0.03, low: 0.01, high: 0.05, note: "guardrail", significance: .worse),
        ],
        expected: 0.05, expectedLabel: "MDE")

    static let timeline = TimelineChart(
        id: "experiments", title: "Experiments by surface",
        lanes: [
            .init(label: "Checkout", bars: [
                .init(label: "One-page checkout", start: day("2026-01-12"), end: day("2026-02-20"), url: "/experiments/one-page/", style: "concluded"),
                .init(label: "Express pay", start: day("2026-02-01"), end: day("2026-03-15"), style: "overlap"),
                .init(label: "Trust badges", start: day("2026-03-01"), end: day("2026-04-10"), style: "running"),
            ]),
            .init(label: "Search", bars: [
                .init(label: "Ranking v2", start: day("2026-02-15"), end: day("2026-04-30"), style: "running"),
            ]),
        ],
        asOf: day("2026-03-25"))

    static let bars = BarChart(
        id: "incidents", title: "Incidents per month",
        categories: ["Jan", "Feb", "Mar", "Apr"],
        series: [
            .init(name: "SEV1", values: [1, 0, 2, 0], className: "sev1"),
            .init(name: "SEV2", values: [2, 3, 1, 1], className: "sev2"),
            .init(name: "SEV3", values: [4, 2, 5, 3], className: "sev3"),
        ])

    static let rollout = LineChart(
        id: "rollout", title: "Rollout of new-editor",
        series: [
            .init(name: "staging", points: [.init(x: 20_450, y: 0), .init(x: 20_452, y: 50), .init(x: 20_455, y: 100)],
                  interpolation: .stepAfter, markers: true, className: "env-staging"),
            .init(name: "production", points: [.init(x: 20_455, y: 5), .init(x: 20_460, y: 25), .init(x: 20_466, y: 100)],
                  interpolation: .stepAfter, markers: true, className: "env-production"),
        ],
        xAxis: .days, yFormat: ChartFormat.unit("%", decimals: 0), yRange: 0...100)

    static let scatter = LineChart(
        id: "ttr", title: "Time to resolve per incident",
        series: [
            .init(name: "SEV1", points: [.init(x: 20_400, y: 2.5, label: "INC-1", url: "/incidents/inc-1/"), .init(x: 20_470, y: 1.5, label: "INC-4")],
                  interpolation: .points, className: "sev1"),
            .init(name: "SEV2", points: [.init(x: 20_420, y: 6, label: "INC-2"), .init(x: 20_440, y: 9, label: "INC-3")],
                  interpolation: .points, className: "sev2"),
        ],
        references: [.init(label: "SEV1 mean 2 h", value: 2, className: "chart-series-0 sev1"),
                     .init(label: "SEV2 mean 7.5 h", value: 7.5, className: "chart-series-1 sev2")],
        xAxis: .days, yFormat: ChartFormat.unit("h"))
}

// MARK: - String helpers

/// The x of the tick label reading `label`.
private func tickX(_ label: String, in svg: String) -> Double? {
    attribute("x", of: "\">\(label)</text>", in: svg)
}

/// Every number attribute in `svg` is a plain finite number.
private func allNumbersFinite(_ svg: String) -> Bool {
    !svg.contains("nan") && !svg.contains("inf\"") && !svg.contains("=\"-inf") && !svg.lowercased().contains("\"nan\"")
}

private let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/golden/charts")

private func expectGolden(_ name: String, _ svg: String) throws {
    let url = goldenDirectory.appendingPathComponent("\(name).svg")
    if ProcessInfo.processInfo.environment["ALMANAC_UPDATE_GOLDEN"] != nil {
        try FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
        try svg.write(to: url, atomically: true, encoding: .utf8)
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    #expect(svg == golden, "\(name).svg differs; regenerate with ALMANAC_UPDATE_GOLDEN=1 swift test --filter ChartTests")
}

// MARK: - Tests

@Suite("Charts")
struct ChartTests {
    @Test("each sample chart draws to the bytes of its golden SVG", arguments: [
        ("forest", Samples.forest.svg()), ("timeline", Samples.timeline.svg()), ("bars", Samples.bars.svg()),
        ("rollout", Samples.rollout.svg()), ("scatter", Samples.scatter.svg()),
    ])
    func golden(name: String, svg: String) throws {
        try expectGolden(name, svg)
    }

    @Test("charts are accessible images named and described by ids under the caller's prefix")
    func accessible() {
        let charts = [("lift", Samples.forest.svg()), ("experiments", Samples.timeline.svg()), ("incidents", Samples.bars.svg()),
                      ("rollout", Samples.rollout.svg()), ("ttr", Samples.scatter.svg())]
        for (id, svg) in charts {
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-"), "\(id)")
            #expect(svg.contains(" role=\"img\" aria-labelledby=\"\(id)-title\" aria-describedby=\"\(id)-desc\""), "\(id)")
            #expect(svg.contains("<title id=\"\(id)-title\">"), "\(id)")
            #expect(svg.contains("<desc id=\"\(id)-desc\">"), "\(id)")
            #expect(svg.contains(" viewBox=\"0 0 "), "\(id)")
            #expect(!svg.contains("<script") && !svg.contains("<image"), "\(id)")
            #expect(svg.hasSuffix("</svg>\n"), "\(id)")
            #expect(allNumbersFinite(svg), "\(id)")
        }
        let spaced = BarChart(id: "my chart\"x", title: "T", categories: ["a"], series: [.init(name: "s", values: [1])]).svg()
        #expect(spaced.contains("aria-labelledby=\"my-chart-x-title\""), "an id prefix is made safe for id lists")
    }

    @Test("every string from the caller is escaped, in text and in attributes")
    func escaping() {
        let forest = ForestPlot(id: "f", title: hostile, description: hostile,
                                rows: [.init(label: hostile, estimate: 0.1, low: 0, high: 0.2, note: hostile)],
                                expected: 0.05, expectedLabel: hostile).svg()
        let timeline = TimelineChart(id: "t", title: hostile, lanes: [
            .init(label: hostile, bars: [.init(label: hostile + " long enough to show", start: day("2026-01-01"), end: day("2026-03-01"),
                                               url: "/x?a=1&b=\"2\"<>", style: hostile)]),
        ], asOf: day("2026-02-01"), asOfLabel: hostile).svg()
        let bars = BarChart(id: "b", title: hostile, categories: [hostile, "b"],
                            series: [.init(name: hostile, values: [1, 2], className: hostile), .init(name: "x", values: [1, 1])]).svg()
        let line = LineChart(id: "l", title: hostile, series: [
            .init(name: hostile, points: [.init(x: 1, y: 1, label: hostile, url: hostile), .init(x: 2, y: 3)], markers: true, className: hostile),
            .init(name: "other", points: [.init(x: 1, y: 2)]),
        ], references: [.init(label: hostile, value: 2, className: hostile)]).svg()
        for (name, svg) in [("forest", forest), ("timeline", timeline), ("bars", bars), ("line", line)] {
            #expect(svg.contains(hostileEscaped), "\(name)")
            #expect(!svg.contains("<b>"), "\(name)")
            #expect(!svg.contains("&\""), "\(name)")
            #expect(!svg.contains("'"), "\(name): the apostrophe is a reference")
        }
        #expect(timeline.contains("<a href=\"/x?a=1&amp;b=&quot;2&quot;&lt;&gt;\">"))
        #expect(count(hostileEscaped, in: forest) >= 5, "title, desc, label, note and expected label")
    }

    @Test("empty input draws a small valid chart saying No data", arguments: [
        ForestPlot(id: "e", title: "Empty", rows: []).svg(),
        TimelineChart(id: "e", title: "Empty", lanes: []).svg(),
        TimelineChart(id: "e", title: "Empty", lanes: [.init(label: "Lane", bars: [])]).svg(),
        BarChart(id: "e", title: "Empty", categories: [], series: []).svg(),
        BarChart(id: "e", title: "Empty", categories: ["a"], series: []).svg(),
        LineChart(id: "e", title: "Empty", series: []).svg(),
        LineChart(id: "e", title: "Empty", series: [.init(name: "s", points: [])]).svg(),
    ])
    func empty(svg: String) {
        #expect(svg.contains(">No data</text>"))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title id=\"e-title\">Empty</title>"))
        #expect(svg.contains("<desc id=\"e-desc\">No data.</desc>"))
        #expect(svg.contains("viewBox=\"0 0 720 48\""))
        #expect(!svg.contains("class=\"chart-bar") && !svg.contains("chart-axis"))
        #expect(svg.hasSuffix("</svg>\n"))
    }

    @Test("NaN and infinite values are skipped; all NaN is no data")
    func nonFinite() {
        let forest = ForestPlot(id: "f", title: "F", rows: [
            .init(label: "ok", estimate: 0.1, low: 0.05, high: 0.15),
            .init(label: "nan", estimate: .nan, low: 0, high: 1),
            .init(label: "open", estimate: 0.2, low: -.infinity, high: 0.3),
        ]).svg()
        #expect(count("<g class=\"chart-row ", in: forest) == 2)
        #expect(count("class=\"chart-interval\"", in: forest) == 1, "an infinite bound draws no interval")
        #expect(!forest.contains(">nan</text>"))
        #expect(allNumbersFinite(forest))

        let bars = BarChart(id: "b", title: "B", categories: ["a", "b", "c"],
                            series: [.init(name: "s", values: [1, .nan, .infinity]), .init(name: "t", values: [2, 3, -1])]).svg()
        #expect(count("<rect class=\"chart-bar", in: bars) == 3)
        #expect(allNumbersFinite(bars))

        let line = LineChart(id: "l", title: "L", series: [
            .init(name: "s", points: [.init(x: 0, y: 1), .init(x: .nan, y: 2), .init(x: 2, y: .infinity), .init(x: 3, y: 4)], markers: true),
        ]).svg()
        #expect(count("<circle class=\"chart-point", in: line) == 2)
        #expect(allNumbersFinite(line))

        #expect(LineChart(id: "l", title: "L", series: [.init(name: "s", points: [.init(x: .nan, y: 1)])]).svg().contains("No data"))
        #expect(ForestPlot(id: "f", title: "F", rows: [.init(label: "x", estimate: .infinity, low: 0, high: 1)]).svg().contains("No data"))
        #expect(BarChart(id: "b", title: "B", categories: ["a"], series: [.init(name: "s", values: [.nan])]).svg().contains("No data"))
    }

    @Test("a single point or a zero range does not divide by zero")
    func degenerate() {
        let single = LineChart(id: "l", title: "L", series: [.init(name: "s", points: [.init(x: 5, y: 5)], markers: true)]).svg()
        let flat = LineChart(id: "l", title: "L", series: [.init(name: "s", points: [.init(x: 1, y: 0), .init(x: 1, y: 0)])]).svg()
        let zeros = ForestPlot(id: "f", title: "F", rows: [.init(label: "x", estimate: 0, low: 0, high: 0)]).svg()
        let noBars = BarChart(id: "b", title: "B", categories: ["a", "b"], series: [.init(name: "s", values: [0, 0])]).svg()
        let oneDay = TimelineChart(id: "t", title: "T", lanes: [.init(label: "L", bars: [.init(label: "x", start: day("2026-05-31"), end: day("2026-05-31"))])]).svg()
        for svg in [single, flat, zeros, noBars, oneDay] {
            #expect(allNumbersFinite(svg))
            #expect(!svg.contains("No data"))
            #expect(svg.contains("class=\"chart-gridline\""), "an axis with ticks")
        }
        #expect(count("<circle class=\"chart-point", in: single) == 1)
        #expect(count("<rect class=\"chart-bar", in: noBars) == 0)
        #expect((attribute("width", of: "class=\"chart-bar\"", in: oneDay) ?? 0) > 1, "a one-day bar has a width")
    }

    @Test("rendering is deterministic")
    func deterministic() {
        #expect(Samples.forest.svg() == Samples.forest.svg())
        #expect(Samples.timeline.svg() == Samples.timeline.svg())
        #expect(Samples.bars.svg() == Samples.bars.svg())
        #expect(Samples.rollout.svg() == Samples.rollout.svg())
        #expect(Samples.scatter.svg() == Samples.scatter.svg())
        // Bars in a lane given in another order land in the same places.
        let lane = Samples.timeline.lanes[0]
        let reversed = TimelineChart(id: "experiments", title: "Experiments by surface",
                                     lanes: [.init(label: lane.label, bars: lane.bars.reversed()), Samples.timeline.lanes[1]],
                                     asOf: Samples.timeline.asOf)
        let rects = { (svg: String) in svg.components(separatedBy: "\n").filter { $0.contains("<rect class=\"chart-bar") }.sorted() }
        #expect(rects(reversed.svg()) == rects(Samples.timeline.svg()))
    }

    @Test("overlapping timeline bars go to different sub-rows; disjoint ones share a row")
    func timelineOverlap() {
        let bars: [TimelineChart.Bar] = [
            .init(label: "A", start: day("2026-01-01"), end: day("2026-01-31")),
            .init(label: "B", start: day("2026-01-31"), end: day("2026-02-10")),  // overlaps A on Jan 31
            .init(label: "C", start: day("2026-02-01"), end: day("2026-02-28")),  // after A
            .init(label: "D", start: day("2026-01-15"), end: day("2026-02-05")),  // overlaps A, B and C
        ]
        #expect(TimelineChart.subRows(bars) == [0, 2, 0, 1])
        let svg = TimelineChart(id: "t", title: "T", lanes: [.init(label: "Lane", bars: bars)]).svg()
        let y = { (label: String) in attribute("y", of: "class=\"chart-bar\"", in: svg.components(separatedBy: "<title>\(label): ")[1]) }
        let (a, b, c, d) = (y("A"), y("B"), y("C"), y("D"))
        #expect(a != nil && a == c)
        #expect(a != b && a != d && b != d)
        #expect(count("<rect class=\"chart-bar", in: svg) == 4)
        // Bars in different lanes never share a sub-row's y.
        let twoLanes = TimelineChart(id: "t", title: "T", lanes: [.init(label: "1", bars: [bars[0]]), .init(label: "2", bars: [bars[0]])]).svg()
        let ys = twoLanes.components(separatedBy: "<rect class=\"chart-bar\"").dropFirst().map { attribute("y", of: "height", in: "<r " + $0) }
        #expect(ys.count == 2 && ys[0] != ys[1])
    }

    @Test("timeline: links, styles, month ticks and the today line")
    func timelineDetails() {
        let svg = Samples.timeline.svg()
        #expect(svg.contains("<a href=\"/experiments/one-page/\"><g class=\"chart-item\">"))
        #expect(svg.contains("class=\"chart-bar chart-bar-running\""))
        #expect(svg.contains("class=\"chart-bar chart-bar-overlap\""))
        for label in ["Jan 2026", "Feb", "Mar", "Apr"] { #expect(svg.contains(">\(label)</text>"), "\(label)") }
        #expect(svg.contains("chart-ref-today"))
        #expect(svg.contains(">today 2026-03-25</text>"))
        // Today sits between the Mar and Apr ticks, 24.5/31 of the way.
        let today = attribute("x1", of: "chart-ref-line", in: svg.components(separatedBy: "chart-ref-today")[1])
        let (mar, apr) = (tickX("Mar", in: svg), tickX("Apr", in: svg))
        if let today, let mar, let apr {
            #expect(abs(today - (mar + (apr - mar) * 24.5 / 31)) < 0.02)
        } else {
            Issue.record("today line or ticks missing")
        }
    }

    @Test("the forest plot puts zero and the expected value at their places on the axis")
    func forestReferences() throws {
        let svg = Samples.forest.svg()
        let zero = try #require(attribute("x1", of: "chart-ref-line", in: svg.components(separatedBy: "chart-ref-zero")[1]))
        let expected = try #require(attribute("x1", of: "chart-ref-line", in: svg.components(separatedBy: "chart-ref-expected")[1]))
        let zeroTick = try #require(tickX("0 %", in: svg))
        let fiveTick = try #require(tickX("+5 %", in: svg))
        let minusFiveTick = try #require(tickX("-5 %", in: svg))
        #expect(abs(zero - zeroTick) < 0.01)
        #expect(abs(expected - fiveTick) < 0.01)
        #expect(abs((fiveTick - zeroTick) - (zeroTick - minusFiveTick)) < 0.02, "a linear axis")
        #expect(svg.contains(">MDE +5 %</text>"))
        // Each estimate's point is on the scale too: 4.2 % is 0.84 of the way from 0 to 5 %.
        let point = try #require(attribute("cx", of: "class=\"chart-point\"", in: svg))
        #expect(abs(point - (zeroTick + (fiveTick - zeroTick) * 0.84)) < 0.02)
        #expect(svg.contains(">+4.2 % (+1.2 % to +7.1 %)</text>"))
        #expect(svg.contains("chart-row chart-row-better") && svg.contains("chart-row chart-row-neutral") && svg.contains("chart-row chart-row-worse"))
        #expect(count("class=\"chart-cap\"", in: svg) == 8)
    }

    @Test("the forest plot says better or worse by shape and in words, not by colour alone")
    func forestWithoutColour() throws {
        let svg = ForestPlot(id: "g", title: "Lift", rows: [
            .init(label: "conversion", estimate: 0.04, low: 0.01, high: 0.07, note: "p 0.01", significance: .better),
            .init(label: "page load", estimate: 0.05, low: 0.02, high: 0.08, significance: .worse),
            .init(label: "retention", estimate: 0.01, low: -0.02, high: 0.04, significance: .neutral),
        ]).svg()
        let rows: [String] = Array(svg.components(separatedBy: "<g class=\"chart-row ").dropFirst())
        #expect(rows.count == 3)
        #expect(rows[0].contains("<circle class=\"chart-point\"") && !rows[0].contains("fill=\"none\""), "better: a filled circle")
        #expect(rows[0].contains(">p 0.01 · better</text>"))
        #expect(rows[1].contains("<polygon class=\"chart-point\"") && !rows[1].contains("<circle"), "worse: a diamond")
        #expect(rows[1].contains(">worse</text>"))
        #expect(rows[2].contains("<circle class=\"chart-point\"") && rows[2].contains("fill=\"none\""), "no significant change: hollow")
        #expect(!rows[2].contains(">better</text>") && !rows[2].contains(">worse</text>"))
    }

    @Test("series colours are categorical: never the green, red or amber that mean good, bad and warning")
    func categoricalPalette() {
        let meaningful: Set<String> = ["#2e9e5b", "#d64545", "#d9822b", "#1b7f4a", "#b42318", "#9a6200"]
        #expect(Chart.palette.allSatisfy { !meaningful.contains($0.lowercased()) }, "\(Chart.palette)")
    }

    @Test("bars stack per category with integer ticks, totals and a legend")
    func barChart() {
        let svg = Samples.bars.svg()
        #expect(count("<rect class=\"chart-bar", in: svg) == 10, "one segment per positive value")
        #expect(count("<rect class=\"chart-bar chart-series-0 sev1\"", in: svg) == 2)
        #expect(count("class=\"chart-label chart-value\"", in: svg) == 4, "a total above each bar")
        #expect(svg.contains("fill=\"currentColor\">7</text>") && svg.contains("fill=\"currentColor\">5</text>"))
        #expect(count("class=\"chart-swatch ", in: svg) == 3)
        let small = BarChart(id: "s", title: "S", categories: ["a"], series: [.init(name: "s", values: [3])]).svg()
        #expect(count("class=\"chart-label chart-tick\"", in: small) == 4 + 1, "ticks 0, 1, 2, 3 and the category")
        #expect(!small.contains(">0.5</text>") && !small.contains(">2.5</text>"), "no fractional ticks for counts")
        #expect(!small.contains("chart-legend"), "no legend for a single series")
        // The stack: a segment's top is the next one's bottom.
        let segments = svg.components(separatedBy: "\n").filter { $0.contains("<rect class=\"chart-bar") }.prefix(3)
        let values = segments.map { (attribute("y", of: "chart-bar", in: $0) ?? 0, attribute("height", of: "chart-bar", in: $0) ?? 0) }
        #expect(abs(values[1].0 + values[1].1 - values[0].0) < 0.01)
        #expect(abs(values[2].0 + values[2].1 - values[1].0) < 0.01)
        #expect(abs(values[0].1 * 2 - values[1].1) < 0.01, "SEV2 (2) is twice as tall as SEV1 (1)")
    }

    @Test("lines: steps hold until the next point, fixed 0…100 axis, references labelled")
    func lineChart() {
        let rollout = Samples.rollout.svg()
        #expect(count("<path class=\"chart-line", in: rollout) == 2)
        #expect(rollout.contains(" H") && rollout.contains(" V"))
        #expect(!rollout.contains(" L"), "step paths only")
        for label in ["0 %", "20 %", "100 %"] { #expect(rollout.contains(">\(label)</text>"), "\(label)") }
        #expect(!rollout.contains(">120 %</text>"))
        #expect(count("<circle class=\"chart-point", in: rollout) == 6)

        let scatter = Samples.scatter.svg()
        #expect(!scatter.contains("<path class=\"chart-line"), "points only")
        #expect(count("<circle class=\"chart-point chart-series-1 sev2\"", in: scatter) == 2)
        #expect(count("<g class=\"chart-ref ", in: scatter) == 2)
        #expect(scatter.contains(">SEV1 mean 2 h</text>"))
        #expect(scatter.contains("<a href=\"/incidents/inc-1/\"><circle"))
        #expect(scatter.contains("(INC-3)</title>"))
        // The mean line of SEV2 (7.5 h) is at 7.5/10 of the axis from 0 h to 10 h.
        let zero = attribute("y", of: ">0 h</text>", in: scatter), ten = attribute("y", of: ">10 h</text>", in: scatter)
        let mean = attribute("y1", of: "chart-ref-line", in: scatter.components(separatedBy: "chart-series-1 sev2\"><title>")[1])
        if let zero, let ten, let mean {
            #expect(abs((mean + 4) - (zero + (ten - zero) * 0.75)) < 0.02, "tick labels sit 4 below their line")
        } else {
            Issue.record("ticks or mean line missing")
        }
    }

    @Test("long labels are cut with an ellipsis and keep the full text in a title")
    func truncation() {
        let long = String(repeating: "very long experiment name ", count: 4)
        let svg = ForestPlot(id: "f", title: "F", rows: [.init(label: long, estimate: 0.1, low: 0, high: 0.2)]).svg()
        #expect(svg.contains("<title>\(long)</title>"))
        #expect(svg.contains("…</text>"))
        #expect(!svg.contains(">\(long)</text>"))
        #expect(Chart.fit("short", 10) == "short")
        #expect(Chart.fit("abcdefghijkl", 5) == "<title>abcdefghijkl</title>abcd…")
    }

    @Test("ticks are nice: 1, 2 or 5 × 10^k, enclosing the data")
    func ticks() {
        let plain = ChartFormat.number()
        #expect(Chart.niceTicks(0, 10, format: plain).map(\.value) == [0, 2, 4, 6, 8, 10])
        #expect(Chart.niceTicks(-0.06, 0.071, count: 8, format: plain).map(\.label) == ["-0.06", "-0.04", "-0.02", "0", "0.02", "0.04", "0.06", "0.08"])
        #expect(Chart.niceTicks(0, 230, format: plain).map(\.value) == [0, 50, 100, 150, 200, 250])
        #expect(Chart.niceTicks(0, 3, integers: true, format: plain).map(\.value) == [0, 1, 2, 3])
        #expect(Chart.niceTicks(5, 5, format: plain).count >= 2, "a zero range still has an axis")
        #expect(Chart.niceTicks(.nan, .infinity, format: plain).map(\.value) == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    @Test("formatters and days")
    func formatsAndDays() {
        let percent = ChartFormat.percent()
        #expect(percent(0.05) == "+5 %")
        #expect(percent(-0.125) == "-12.5 %")
        #expect(percent(0) == "0 %")
        #expect(percent(0.0000001) == "0 %")
        #expect(ChartFormat.percent(signed: false)(0.5) == "50 %")
        #expect(ChartDay(year: 1970, month: 1, day: 1).daysSince1970 == 0)
        #expect(ChartDay(daysSince1970: 0) == ChartDay(year: 1970, month: 1, day: 1))
        #expect(ChartDay("2024-02-29")?.daysSince1970 == 19_782)
        #expect(ChartDay("2023-02-29") == nil)
        #expect(ChartDay("2026-3-1") == nil)
        #expect(ChartDay(daysSince1970: -1).description == "1969-12-31")
        for d in stride(from: -800, through: 30_000, by: 97) { #expect(ChartDay(daysSince1970: d).daysSince1970 == d) }
        let quarters = Chart.dayTicks(Double(day("2024-01-01").daysSince1970), Double(day("2026-12-31").daysSince1970), count: 8)
        #expect(quarters.map(\.label).prefix(3) == ["Jan 2024", "Jul", "Jan 2025"])
        let weeks = Chart.dayTicks(Double(day("2026-03-01").daysSince1970), Double(day("2026-03-31").daysSince1970), count: 6)
        #expect(weeks.map(\.label) == ["Mar 2", "Mar 9", "Mar 16", "Mar 23", "Mar 30"], "Mondays")
    }
}

@Suite("Line chart references")
struct LineChartReferenceTests {
    @Test("labels of close reference lines are kept a text line apart")
    func staggered() {
        let chart = LineChart(id: "ttr", title: "Time to resolve",
                              series: [.init(name: "a", points: [.init(x: 0, y: 0), .init(x: 10, y: 20)])],
                              references: [.init(label: "sev1 mean 12.8 h", value: 12.8), .init(label: "sev2 mean 13.3 h", value: 13.3)])
        let svg = chart.svg()
        let first = attribute("y", of: ">sev1 mean 12.8 h<", in: svg), second = attribute("y", of: ">sev2 mean 13.3 h<", in: svg)
        #expect(first != nil && second != nil)
        if let first, let second { #expect(abs(first - second) >= 12 - 1e-9) }
    }
}
