import Foundation
import Testing
@testable import Site

/// The postmortem operations report: the to-scale strip on each postmortem page, and the charts and extra
/// columns of the postmortems index, on three incidents of different severities and months.
@Suite("Postmortem reports")
struct PostmortemReportTests {
    /// `minimalSite` has `outage` (sev2, 5 Oct 2026, 2 h; its open item due 20 Oct is escalated with one sprint).
    static let site = minimalSite + """

        -- postmortems/checkout.md --
        ---
        title: "Checkout <b>& down"
        owner: core
        severity: sev1
        status: published
        services: [api]
        timeline:
          started: 2026-08-10T09:00:00Z
          detected: 2026-08-10T09:12:00Z
          mitigated: 2026-08-10T10:30:00Z
          resolved: 2026-08-10T13:00:00Z
        impact: { summary: "No checkouts <i>at all</i> & more" }
        root_causes: [A full disk]
        action_items:
          - { title: Alert on disk, owner: core, due: 2026-12-31, status: open, ticket: "https://tracker.example/browse/OPS-9?q='a'&x" }
        ---
        Disk full.
        -- postmortems/slow.md --
        ---
        title: Slow search
        owner: core
        severity: sev3
        status: draft
        services: [db]
        timeline:
          started: 2026-11-02T08:00:00Z
          detected: 2026-11-02T08:03:00Z
          mitigated: 2026-11-02T08:20:00Z
          resolved: 2026-11-02T08:50:00Z
        impact: { summary: Slow results }
        root_causes: [A missing index]
        action_items:
          - { title: Add the index, owner: "@alice", due: 2026-11-20, status: open }
        ---
        Slow.
        """


    /// The SVG of class `chart-<kind>` in `html`.
    static func svg(_ kind: String, in html: String) -> String? {
        guard let hit = html.range(of: "class=\"chart chart-\(kind)\""),
              let start = html[..<hit.lowerBound].range(of: "<svg", options: .backwards),
              let end = html[hit.upperBound...].range(of: "</svg>") else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    static func built() throws -> (Fixture, String, String) {
        let fixture = try Fixture(site)
        let result = fixture.build()
        #expect(result.errors.isEmpty, "\(result.report)")
        let index = try #require(fixture.read("postmortems/index.html"))
        let page = try #require(fixture.read("postmortems/checkout/index.html"))
        return (fixture, index, page)
    }

    @Test("the index shows incidents per month by severity, stacked, from the first to the last incident month")
    func perMonth() throws {
        let (fixture, index, _) = try Self.built()
        defer { fixture.cleanUp() }
        let bars = try #require(Self.svg("bar-chart", in: index))
        #expect(occurrences("<rect class=\"chart-bar ", in: bars) == 3, "one segment per incident, in three months")
        #expect(occurrences("<g class=\"chart-category\">", in: bars) == 4, "Aug, Sep, Oct and Nov")
        for month in ["Aug 2026", "Sep", "Oct", "Nov"] { #expect(bars.contains(">\(month)</text>"), "\(month)") }
        #expect(occurrences("<rect class=\"chart-bar chart-series-0 sev1\"", in: bars) == 1)
        #expect(occurrences("<rect class=\"chart-bar chart-series-1 sev2\"", in: bars) == 1)
        #expect(occurrences("<rect class=\"chart-bar chart-series-2 sev3\"", in: bars) == 1)
        #expect(occurrences("class=\"chart-swatch ", in: bars) == 4, "a legend of sev1 to sev4")
        // The charts come before the table.
        let chartAt = try #require(index.range(of: "chart-bar-chart")).lowerBound
        let tableAt = try #require(index.range(of: "<table")).lowerBound
        #expect(chartAt < tableAt)
    }

    @Test("the index shows time to resolve per incident over time with a mean line per severity")
    func timeToResolve() throws {
        let (fixture, index, _) = try Self.built()
        defer { fixture.cleanUp() }
        let line = try #require(Self.svg("line-chart", in: index))
        #expect(occurrences("<circle class=\"chart-point ", in: line) == 3)
        #expect(!line.contains("<path class=\"chart-line"), "points only")
        #expect(occurrences("<g class=\"chart-ref ", in: line) == 3)
        for label in ["sev1 mean 4 h", "sev2 mean 2 h", "sev3 mean 0.8 h"] { #expect(line.contains(">\(label)</text>"), "\(label)") }
        #expect(line.contains("<a href=\"/postmortems/slow/\"><circle"))
        #expect(line.contains("sev3: 2026-11-02, 0.8 h (Slow search)</title>"))
    }

    @Test("the index table has times to detect and mitigate and open action items, newest first")
    func table() throws {
        let (fixture, index, _) = try Self.built()
        defer { fixture.cleanUp() }
        for column in ["Time to detect", "Time to mitigate", "Time to resolve", "Open action items"] {
            #expect(index.contains("<th scope=\"col\">\(column)</th>"), "\(column)")
        }
        let table = index.components(separatedBy: "<table").dropFirst().joined()
        let rows = table.components(separatedBy: "<tr").filter { $0.contains("/postmortems/") }
        #expect(rows.count == 3)
        guard rows.count == 3 else { return }
        #expect(rows[0].contains("Slow search") && rows[1].contains("API outage") && rows[2].contains("Checkout"))
        #expect(rows[0].contains(">3 min<") && rows[0].contains(">20 min<") && rows[0].contains(">50 min<"))
        #expect(rows[0].contains("<span class=\"badge badge-overdue\">1 overdue</span>"))
        #expect(rows[1].contains(">7 min<") && rows[1].contains(">45 min<") && rows[1].contains(">2 h<"))
        #expect(rows[1].contains("<span class=\"badge badge-escalated\">1 escalated</span>"))
        #expect(!rows[1].contains("overdue"), "an escalated item is not counted twice")
        #expect(rows[2].contains(">12 min<") && rows[2].contains(">1 h 30 min<") && rows[2].contains(">4 h<"))
        #expect(!rows[2].contains("badge-overdue") && !rows[2].contains("badge-escalated"))
    }

    @Test("the page shows the timeline strip with the times to detect, mitigate and resolve, and keeps the figures")
    func strip() throws {
        let (fixture, _, page) = try Self.built()
        defer { fixture.cleanUp() }
        let strip = try #require(Self.svg("incident-strip", in: page))
        for label in ["detected 12 min", "mitigated 1 h 30 min", "resolved 4 h", "Detecting 12 min", "Mitigating 1 h 18 min", "Resolving 2 h 30 min"] {
            #expect(strip.contains(">\(label)</text>"), "\(label)")
        }
        #expect(occurrences("<rect class=\"chart-phase ", in: strip) == 3)
        let section = try #require(page.components(separatedBy: "id=\"section-timeline\"").dropFirst().first)
        #expect(section.components(separatedBy: "</section>")[0].contains("chart-incident-strip"), "in the Timeline section")
        #expect(page.contains("Time to detect") && page.contains("Time to resolve"), "the figures stay")
        let outage = try #require(fixture.read("postmortems/outage/index.html"))
        #expect(outage.contains(">detected 7 min</text>") && outage.contains(">mitigated 45 min</text>") && outage.contains(">resolved 2 h</text>"))
    }

    @Test("an action item's ticket is linked beside its title, named by the address's last segment, escaped")
    func ticket() throws {
        let (fixture, _, page) = try Self.built()
        defer { fixture.cleanUp() }
        let items = try #require(page.components(separatedBy: "id=\"section-action-items\"").dropFirst().first?.components(separatedBy: "</section>").first)
        #expect(items.contains("Alert on disk, <a href=\"https://tracker.example/browse/OPS-9?q=&#39;a&#39;&amp;x\">ticket OPS-9</a>"), "\(items)")
        let json = try #require(fixture.read("api/postmortem/checkout.json"))
        #expect(json.contains("\"ticket\""), "exported with the front matter")
    }

    @Test("every text is escaped in the charts, the table and the strip")
    func escaping() throws {
        let (fixture, index, page) = try Self.built()
        defer { fixture.cleanUp() }
        for html in [index, page] {
            #expect(html.contains("Checkout &lt;b&gt;&amp; down"))
            #expect(!html.contains("<b>&"))
        }
        let line = try #require(Self.svg("line-chart", in: index))
        #expect(line.contains("(Checkout &lt;b&gt;&amp; down)</title>"))
        let strip = try #require(Self.svg("incident-strip", in: page))
        #expect(strip.contains("<title id=\"incident-strip-title\">Timeline of Checkout &lt;b&gt;&amp; down</title>"))
        #expect(!page.contains("<i>at all</i>"))
    }
}
