import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Site

/// The minimal site with something in every group of the home dashboard: the fixture's open action item is
/// escalated (no two sprints, and more than 28 days late), `db-slow` is stale, plus a stale flag, an experiment
/// with a sample-ratio mismatch, and a postmortem whose title needs escaping.
private let attentionSite = minimalSite + """

-- flags/old-banner.md --
---
title: Old banner
owner: core
type: release
created: 2026-08-01
expires: 2026-12-31
fallback: No banner.
environments:
  staging: { enabled: true, rollout: 100 }
  production: { enabled: true, rollout: 100 }
audit:
  - { at: 2026-08-01T09:00:00Z, who: "@alice", environment: production, action: created, why: New banner }
  - { at: 2026-08-02T09:00:00Z, who: "@alice", environment: staging, action: enabled, why: Staging first }
  - { at: 2026-08-02T09:01:00Z, who: "@alice", environment: staging, action: rollout, to: 100, why: All of staging }
  - { at: 2026-08-03T09:00:00Z, who: "@alice", environment: production, action: enabled, why: Go }
  - { at: 2026-08-03T09:01:00Z, who: "@alice", environment: production, action: rollout, to: 100, why: "Everyone <now> & forever" }
---
-- experiments/skewed.md --
---
title: Skewed split
owner: core
status: running
hypothesis: A bigger button helps.
surface: checkout
start: 2026-10-01
daily_traffic: 5000
variants:
  - { name: control, weight: 50, control: true }
  - { name: big, weight: 50 }
primary_metric: { name: buys, kind: proportion, baseline: 0.1, expected_lift: 0.05, direction: increase }
results:
  as_of: 2026-11-20
  variants:
    control: { units: 10000, metrics: { buys: { conversions: 1000 } } }
    big: { units: 11000, metrics: { buys: { conversions: 1100 } } }
---
-- postmortems/storm.md --
---
title: "Cache <miss> & retry storm"
owner: core
severity: sev1
status: draft
services: [db]
timeline:
  started: 2026-11-01T08:00:00Z
  detected: 2026-11-01T08:05:00Z
  mitigated: 2026-11-01T08:30:00Z
  resolved: 2026-11-01T09:00:00Z
impact: { summary: "Timeouts <everywhere> & more" }
root_causes: [Cold cache]
action_items:
  - { title: Warm the cache, owner: core, due: 2026-11-10, status: done, closed: 2026-11-05 }
---
"""

/// The HTML of the dashboard group whose heading has `id`, up to the end of its section.
private func group(_ html: String, _ id: String) -> String? {
    guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
    guard let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return nil }
    return String(html[start.lowerBound..<end.lowerBound])
}

/// What an XML parser reads from a document: the texts of the named elements, in order, and the
/// attributes of `link` elements; nil when the document is not well-formed.
private final class XMLReader: NSObject, XMLParserDelegate {
    var texts: [(element: String, text: String)] = []
    var links: [[String: String]] = []
    var path: [String] = []
    var current = ""

    static func read(_ text: String) -> XMLReader? {
        let reader = XMLReader()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = reader
        return parser.parse() ? reader : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        path.append(name)
        current = ""
        if name == "link" { links.append(attributes) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        texts.append((path.joined(separator: "/"), current))
        path.removeLast()
        current = ""
    }

    func values(_ path: String) -> [String] { texts.filter { $0.element == path }.map(\.text) }
}

@Suite("Home dashboard, feed, sitemap and 404")
struct HomeAndFeedTests {
    @Test("the home page lists an escalated item, a stale runbook, a stale flag and an SRM experiment, linked")
    func dashboard() throws {
        let site = try Fixture(attentionSite)
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.succeeded, "\(result.report)")
        let home = try #require(site.read("index.html"))

        let items = try #require(group(home, "dashboard-action-items"))
        #expect(items.contains("<a href=\"/postmortems/outage/#section-action-items\">Add canary</a>"))
        #expect(items.contains("<a href=\"/postmortems/outage/\">API outage</a>"))
        #expect(items.contains("class=\"badge badge-escalated\">escalated</span>"))
        #expect(items.contains("36 days"))
        #expect(!items.contains("Fix alert"), "a done item is not late")

        let runbooks = try #require(group(home, "dashboard-runbooks"))
        #expect(runbooks.contains("<a href=\"/runbooks/db-slow/\">DB slow</a>"))
        #expect(runbooks.contains("2026-04-01"), "the review due date: 90 days after 2026-01-01")
        #expect(!runbooks.contains("/runbooks/api-down/"), "a runbook reviewed in time is not stale")

        let flags = try #require(group(home, "dashboard-flags"))
        #expect(flags.contains("<a href=\"/flags/old-banner/\">Old banner</a>"))
        #expect(flags.contains("badge-stale\">stale</span>"))
        #expect(!flags.contains("/flags/new-editor/"), "an active flag is not listed")

        let experiments = try #require(group(home, "dashboard-experiments"))
        #expect(experiments.contains("<a href=\"/experiments/skewed/\">Skewed split</a>"))
        #expect(experiments.contains("sample-ratio mismatch"))
        #expect(!experiments.contains("/experiments/editor-test/"))

        let sprint = try #require(group(home, "dashboard-sprint"))
        #expect(sprint.contains("<a href=\"/sprints/s1/\">Sprint 1</a>"))
        #expect(sprint.contains("1 of 2 goals done"))

        let incidents = try #require(group(home, "incidents-title"))
        let storm = try #require(incidents.range(of: "/postmortems/storm/"))
        let outage = try #require(incidents.range(of: "/postmortems/outage/"))
        #expect(storm.lowerBound < outage.lowerBound, "the latest incident first")
        #expect(incidents.contains("Cache &lt;miss&gt; &amp; retry storm"))

        // The kinds overview stays, below the dashboard.
        let kinds = try #require(home.range(of: "class=\"kind-cards\""))
        let dashboard = try #require(home.range(of: "dashboard-action-items"))
        #expect(dashboard.lowerBound < kinds.lowerBound)
        #expect(home.contains("<a href=\"/runbooks/\">"))
    }

    @Test("a site with nothing to attend to says so briefly")
    func emptyDashboard() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build(asOf: "2026-10-06").succeeded)
        let home = try #require(site.read("index.html"))
        #expect(group(home, "dashboard-action-items")?.contains("Nothing overdue or escalated.") == true)
        #expect(group(home, "dashboard-runbooks")?.contains("/runbooks/db-slow/") == true, "db-slow went stale on 2026-04-01")
        #expect(group(home, "dashboard-flags")?.contains("Nothing stale or expired.") == true)
        #expect(group(home, "dashboard-overlaps")?.contains("Nothing overlaps.") == true)
    }

    @Test("feed.xml is a well-formed Atom feed of postmortems and flag changes, newest first, escaped")
    func feed() throws {
        let site = try Fixture(attentionSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let xml = try #require(site.read("feed.xml"))
        let feed = try #require(XMLReader.read(xml), "feed.xml does not parse as XML")
        #expect(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"))
        #expect(feed.values("feed/updated") == ["2026-11-25T00:00:00Z"])
        #expect(feed.values("feed/title") == ["Test Almanac"])
        #expect(feed.values("feed/id").count == 1)
        #expect(feed.links.contains { $0["rel"] == "self" && $0["href"] == "/feed.xml" })
        #expect(feed.values("feed/entry/title") == [
            "Postmortem (sev1): Cache <miss> & retry storm",
            "flag new-editor: production 0 % → 10 % by @bob",
            "flag new-editor: production enabled by @bob",
            "flag new-editor: production cohorts all users → moderators by @bob",
            "Postmortem (sev2): API outage",
            "flag new-editor: staging 0 % → 100 % by @alice",
            "flag new-editor: staging enabled by @alice",
            "flag new-editor: created in staging by @alice",
            "flag old-banner: production 0 % → 100 % by @alice",
            "flag old-banner: production enabled by @alice",
            "flag old-banner: staging 0 % → 100 % by @alice",
            "flag old-banner: staging enabled by @alice",
            "flag old-banner: created in production by @alice",
        ])
        let updated = feed.values("feed/entry/updated")
        #expect(updated.first == "2026-11-01T08:00:00Z")
        #expect(updated == updated.sorted(by: >))
        let ids = feed.values("feed/entry/id")
        #expect(Set(ids).count == ids.count, "entry ids are unique")
        #expect(feed.values("feed/entry/summary").contains("Everyone <now> & forever"))
        #expect(feed.values("feed/entry/summary").first == "Timeouts <everywhere> & more Time to resolve: 1 h.")
        #expect(xml.contains("Cache &lt;miss&gt; &amp; retry storm"))
        #expect(feed.links.contains { $0["href"] == "/postmortems/storm/" })
        // Every page of the layout points at the feed.
        #expect(site.read("index.html")?.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Test Almanac\" href=\"/feed.xml\">") == true)
    }

    @Test("the feed holds the 50 newest entries")
    func feedLimit() throws {
        var audit = ["  - { at: 2026-11-10T09:00:00Z, who: \"@alice\", environment: staging, action: created, why: Busy flag }"]
        for minute in 0..<60 {
            audit.append("  - { at: 2026-11-10T10:\(minute < 10 ? "0" : "")\(minute):00Z, who: \"@alice\", environment: staging, action: rollout, to: \(minute + 1), why: Step \(minute + 1) }")
        }
        let site = try Fixture(minimalSite + """

        -- flags/busy.md --
        ---
        title: Busy
        owner: core
        type: release
        created: 2026-11-10
        expires: 2026-12-31
        fallback: Nothing.
        environments:
          staging: { enabled: false, rollout: 60 }
          production: { enabled: false, rollout: 0 }
        audit:
        \(audit.joined(separator: "\n"))
        ---
        """)
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.succeeded, "\(result.report)")
        let xml = try #require(site.read("feed.xml"))
        let feed = try #require(XMLReader.read(xml))
        let titles = feed.values("feed/entry/title")
        #expect(titles.count == 50)
        #expect(titles.first == "flag busy: staging 59 % → 60 % by @alice")
        #expect(titles.last == "flag busy: staging 10 % → 11 % by @alice")
    }

    @Test("sitemap.xml lists every HTML page under an absolute base URL, and is not written without one")
    func sitemap() throws {
        let site = try Fixture(attentionSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        #expect(!site.exists("sitemap.xml"), "a sitemap needs absolute URLs")

        #expect(site.build(baseURL: "https://kb.example.com/docs/").succeeded)
        let xml = try #require(site.read("sitemap.xml"))
        let sitemap = try #require(XMLReader.read(xml), "sitemap.xml does not parse as XML")
        #expect(xml.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"))
        let locs = sitemap.values("urlset/url/loc")
        let pages = FileSystem.files(under: site.output).filter { $0.hasSuffix(".html") && $0 != "404.html" }
        #expect(pages.count > 20)
        let expected = Set(pages.map { "https://kb.example.com/docs/" + ($0.hasSuffix("index.html") ? String($0.dropLast("index.html".count)) : $0) })
        #expect(Set(locs) == expected)
        #expect(locs.count == pages.count)
        #expect(xml.contains("<url><loc>https://kb.example.com/docs/runbooks/db-slow/</loc><lastmod>2026-01-01</lastmod></url>"))
        #expect(xml.contains("<url><loc>https://kb.example.com/docs/flags/old-banner/</loc><lastmod>2026-08-03</lastmod></url>"))
        // With an absolute base, feed ids are the pages' URLs.
        let feed = try #require(site.read("feed.xml"))
        #expect(feed.contains("<id>https://kb.example.com/docs/postmortems/storm/</id>"))
        #expect(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://kb.example.com/docs/feed.xml\"/>"))
    }

    @Test("404.html uses the layout, links home and to every kind's index")
    func notFound() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let page = try #require(site.read("404.html"))
        #expect(page.contains("<h1>Page not found</h1>"))
        #expect(page.contains("class=\"site-header\""))
        #expect(page.contains("<a href=\"/\">the home page</a>"))
        for folder in ["teams", "services", "runbooks", "postmortems", "flags", "experiments", "rollouts", "sprints", "pages"] {
            #expect(page.contains("<a href=\"/\(folder)/\">"), "no link to /\(folder)/")
        }
    }

    @Test("two builds write the same feed, sitemap and home page")
    func determinism() throws {
        let site = try Fixture(attentionSite)
        defer { site.cleanUp() }
        let second = site.root.appendingPathComponent("Second").path
        #expect(site.build(baseURL: "https://kb.example.com/").succeeded)
        #expect(site.build(output: second, baseURL: "https://kb.example.com/").succeeded)
        for path in ["feed.xml", "sitemap.xml", "index.html", "404.html"] {
            let a = try #require(site.read(path))
            #expect(a == site.read(path, in: second), "\(path) differs between two builds")
        }
    }
}
