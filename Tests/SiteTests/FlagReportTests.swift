import Diagnostics
import Foundation
import Testing
@testable import Site

/// The flag page as an operations report (state matrix, rollout chart, audit mismatch banner) and the flag
/// inventory with its static filter pages.
@Suite("Flag reports")
struct FlagReportTests {
    /// `drift` declares production at 50 % but its audit log ends at 30 %, with a ramp to 100 % scheduled after
    /// the as-of date; `zz-stale` is fully on in production and untouched for longer than a release's lifetime.
    static let site = minimalSite + """

    -- flags/drift.md --
    ---
    title: Drift
    owner: "@bob"
    type: experiment
    created: 2026-11-01
    expires: 2027-03-01
    fallback: "Plain <script>alert(1)</script> view"
    environments:
      staging: { enabled: false, rollout: 0 }
      production: { enabled: true, rollout: 50 }
    schedule:
      - { date: 2026-12-10, environment: production, rollout: 100 }
    audit:
      - { at: 2026-11-01T08:00:00Z, who: "@bob", environment: production, action: created, why: "Test <b>bold</b>" }
      - { at: 2026-11-02T08:00:00Z, who: "@bob", environment: production, action: enabled, why: Go }
      - { at: 2026-11-02T08:01:00Z, who: "@bob", environment: production, action: rollout, to: 10, why: Ten }
      - { at: 2026-11-05T08:00:00Z, who: "@bob", environment: production, action: rollout, to: 30, why: Thirty }
    ---
    -- flags/zz-stale.md --
    ---
    title: Stale
    owner: core
    type: release
    created: 2026-08-01
    expires: 2027-06-01
    fallback: Nothing.
    environments:
      staging: { enabled: true, rollout: 100 }
      production: { enabled: true, rollout: 100 }
    audit:
      - { at: 2026-08-01T08:00:00Z, who: "@alice", environment: production, action: created, why: New }
      - { at: 2026-08-02T08:00:00Z, who: "@alice", environment: production, action: enabled, why: On }
      - { at: 2026-08-02T08:01:00Z, who: "@alice", environment: production, action: rollout, to: 100, why: All }
      - { at: 2026-08-02T09:00:00Z, who: "@alice", environment: staging, action: enabled, why: On }
      - { at: 2026-08-02T09:01:00Z, who: "@alice", environment: staging, action: rollout, to: 100, why: All }
    ---
    """

    /// The built site, or a failure with the diagnostics.
    static func built() throws -> Fixture {
        let fixture = try Fixture(site)
        let result = fixture.build()
        #expect(result.errors.isEmpty, "\(result.report)")
        #expect(result.diagnostics(.auditMismatch).count == 1, "only drift's production disagrees: \(result.report)")
        return fixture
    }

    /// The `<g class="chart-series …">` groups of the rollout chart, by their classes, with the y values of
    /// their points as their tooltips say them.
    static func series(_ html: String) -> [(classes: String, tips: [String])] {
        guard let start = html.range(of: "id=\"flag-rollout-title\""), let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex) else { return [] }
        let svg = html[start.upperBound..<end.lowerBound]
        var out: [(String, [String])] = []
        for group in svg.components(separatedBy: "<g class=\"chart-series ").dropFirst() {
            let classes = String(group.prefix { $0 != "\"" })
            let tips = group.components(separatedBy: "<title>").dropFirst().map { String($0.prefix { $0 != "<" }) }
            out.append((classes, tips))
        }
        return out
    }

    @Test func auditMismatchShowsABanner() throws {
        let site = try Self.built()
        defer { site.cleanUp() }
        let drift = try #require(site.read("flags/drift/index.html"))
        #expect(drift.contains("banner banner-warning"))
        #expect(drift.contains("The audit log disagrees with the declared state."))
        #expect(drift.contains("production: declared enabled at 50 %, but the audit log ends enabled at 30 %."))
        let editor = try #require(site.read("flags/new-editor/index.html"))
        #expect(!editor.contains("banner banner-warning"), "a replayable audit log gives no banner")
        #expect(editor.contains("banner banner-info"), "the fallback experience is shown above the facts")
        #expect(editor.contains("The old editor."))
    }

    @Test func environmentsFollowTheConfigurationOrder() throws {
        let site = try Self.built()
        defer { site.cleanUp() }
        let drift = try #require(site.read("flags/drift/index.html"))
        let section = try #require(drift.components(separatedBy: "id=\"section-environments\"").dropFirst().first)
        let staging = try #require(section.range(of: "<td>staging</td>"))
        let production = try #require(section.range(of: "<td>production</td>"))
        #expect(staging.lowerBound < production.lowerBound)
    }

    @Test func rolloutChartHasAStepSeriesPerEnvironment() throws {
        let site = try Self.built()
        defer { site.cleanUp() }
        let editor = Self.series(try #require(site.read("flags/new-editor/index.html")))
        #expect(editor.map(\.classes) == ["chart-series-0 env-staging", "chart-series-1 env-production"])
        #expect(editor[0].tips.map { $0.components(separatedBy: " (")[0] } == [
            "staging: 2026-10-01, 0 %", "staging: 2026-10-01, 0 %", "staging: 2026-10-01, 0 %", "staging: 2026-10-01, 100 %",
        ])
        #expect(editor[1].tips.map { $0.components(separatedBy: " (")[0] } == [
            "production: 2026-10-01, 0 %", "production: 2026-10-08, 0 %", "production: 2026-10-08, 0 %", "production: 2026-10-08, 10 %",
        ])

        let drift = Self.series(try #require(site.read("flags/drift/index.html")))
        #expect(drift.map(\.classes) == ["chart-series-0 env-staging", "chart-series-1 env-production"]
                + ["chart-series-2 planned env-production"])
        #expect(drift[0].tips == ["staging: 2026-11-01, 0 %"])
        #expect(drift[1].tips.map { $0.components(separatedBy: " (")[0] } == [
            "production: 2026-11-01, 0 %", "production: 2026-11-01, 0 %", "production: 2026-11-02, 0 %",
            "production: 2026-11-02, 10 %", "production: 2026-11-05, 30 %",
        ])
        #expect(drift[1].tips.last?.contains("rollout → 30") == true)
        let html = try #require(site.read("flags/drift/index.html"))
        #expect(html.contains("Rollout over time"))
        // The planned series runs from the actual value on the as-of date to the scheduled step, without markers.
        #expect(html.contains("production (planned): 2 points from 2026-11-25 (30 %) to 2026-12-10 (100 %)"))
    }

    @Test func inventoryListsStaleAndExpiredFirst() throws {
        let site = try Self.built()
        defer { site.cleanUp() }
        let index = try #require(site.read("flags/index.html"))
        let order = ["zz-stale", "drift", "new-editor"].map { index.range(of: "href=\"/flags/\($0)/\"")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "stale first, then by key")
        #expect(index.contains("<th scope=\"col\">Age (days)</th>"))
        #expect(index.contains("<span class=\"badge badge-stale\">stale</span></td><td>116</td><td><span class=\"date\">2027-06-01</span></td>"))
    }

    @Test func filterPagesListOnlyTheirFlags() throws {
        let site = try Self.built()
        defer { site.cleanUp() }
        let index = try #require(site.read("flags/index.html"))
        for url in ["/flags/owner/@bob/", "/flags/owner/core/", "/flags/type/experiment/", "/flags/type/release/"] {
            #expect(index.contains("href=\"\(url)\""), "the index links \(url)")
        }
        #expect(!index.contains("/flags/type/kill-switch/"), "no page for a type without flags")
        #expect(index.components(separatedBy: "<script").count == 2 && index.contains("<script defer src=\"/assets/search.js\">"),
                "no JavaScript but the site search's: the filters are plain links")
        func flags(_ path: String) throws -> [String] {
            let page = try #require(site.read(path), "\(path) is written")
            let body = try #require(page.components(separatedBy: "<tbody>").dropFirst().first)
            return ["drift", "new-editor", "zz-stale"].filter { body.contains("href=\"/flags/\($0)/\"") }
        }
        #expect(try flags("flags/owner/@bob/index.html") == ["drift"])
        #expect(try flags("flags/owner/core/index.html") == ["new-editor", "zz-stale"])
        #expect(try flags("flags/type/experiment/index.html") == ["drift"])
        #expect(try flags("flags/type/release/index.html") == ["new-editor", "zz-stale"])
        let bob = try #require(site.read("flags/owner/@bob/index.html"))
        #expect(bob.contains("Flags owned by @bob"))
        #expect(bob.contains("<a href=\"/flags/owner/@bob/\" aria-current=\"page\">@bob</a>"))
        #expect(!site.exists("flags/type/kill-switch/index.html"))
    }

    @Test func everythingIsEscaped() throws {
        let site = try Self.built()
        defer { site.cleanUp() }
        let drift = try #require(site.read("flags/drift/index.html"))
        #expect(!drift.contains("<script>alert"))
        #expect(drift.contains("Plain &lt;script&gt;alert(1)&lt;/script&gt; view"))
        #expect(!drift.contains("<b>bold</b>"))
        #expect(drift.contains("Test &lt;b&gt;bold&lt;/b&gt;"))
    }

    @Test func hostileOwnerHandlesGetSafeSegments() throws {
        let site = try Fixture(minimalSite + """

        -- teams/odd.md --
        ---
        title: "Odd <Team>"
        members:
          - { name: Odd, handle: "@Odd.Person" }
        ---
        -- flags/odd.md --
        ---
        title: Odd
        owner: "@Odd.Person"
        type: permission
        created: 2026-11-01
        fallback: Nothing.
        environments:
          staging: { enabled: false, rollout: 0 }
          production: { enabled: false, rollout: 0 }
        audit:
          - { at: 2026-11-01T08:00:00Z, who: "@Odd.Person", environment: production, action: created, why: New }
        ---
        """)
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.errors.isEmpty, "\(result.report)")
        let index = try #require(site.read("flags/index.html"))
        let link = try #require(index.components(separatedBy: "href=\"/flags/owner/@").dropFirst().first { $0.contains(">@Odd.Person<") })
        let segment = String(link.prefix { $0 != "/" })
        #expect(segment.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." || $0 == "~" || $0 == "%" })
        #expect(site.exists("flags/owner/@\(segment)/index.html"))
        #expect(!index.contains("Odd <Team>"))
    }
}
