import Foundation
import Testing
@testable import Site

/// The order of a document page is the reader's (docs/themes.md, "The order of each page"), and the contents
/// list at its top covers the structured sections as well as the body, in page order.
@Suite("Page order")
struct PageOrderTests {
    static func build() throws -> Fixture {
        let fixture = try Fixture(minimalSite)
        let result = fixture.build()
        #expect(result.succeeded, "\(result.report)")
        return fixture
    }

    /// The offset of the first `needle` in `page`; a failed expectation when it is missing.
    static func position(_ needle: String, in page: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let range = try #require(page.range(of: needle), "\(needle) is on the page", sourceLocation: sourceLocation)
        return page.distance(from: page.startIndex, to: range.lowerBound)
    }

    static func expectOrder(_ needles: [String], in page: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let positions = try needles.map { try position($0, in: page, sourceLocation: sourceLocation) }
        #expect(positions == positions.sorted(), "order: \(needles.joined(separator: " < "))", sourceLocation: sourceLocation)
    }

    @Test("a runbook: alerts in the facts, then the body (what to do), then the failure modes")
    func runbook() throws {
        let site = try Self.build()
        defer { site.cleanUp() }
        let page = try #require(site.read("runbooks/api-down/index.html"))
        try Self.expectOrder(["<dt>Alerts</dt><dd>ApiErrorRate</dd>", "class=\"doc-body", "id=\"symptoms\"", "id=\"section-failure-modes\""], in: page)
        #expect(!page.contains("id=\"section-alerts\""), "the alerts are a fact, not a section of their own")
    }

    @Test("a postmortem: impact and action items before the timeline and the causes, the body last")
    func postmortem() throws {
        let site = try Self.build()
        defer { site.cleanUp() }
        let page = try #require(site.read("postmortems/outage/index.html"))
        try Self.expectOrder(["class=\"figures\"", "id=\"section-impact\"", "id=\"section-action-items\"", "id=\"section-timeline\"",
                              "id=\"section-root-causes\""], in: page)
        if page.contains("class=\"doc-body") { try Self.expectOrder(["id=\"section-root-causes\"", "class=\"doc-body"], in: page) }
    }

    @Test("a flag: state (status, environments) and purpose (the body) before the chart, schedule and audit log")
    func flag() throws {
        let site = try Self.build()
        defer { site.cleanUp() }
        let page = try #require(site.read("flags/new-editor/index.html"))
        try Self.expectOrder(["class=\"figures\"", "id=\"section-environments\"", "id=\"section-audit-log\""], in: page)
        if page.contains("class=\"doc-body") {
            try Self.expectOrder(["id=\"section-environments\"", "class=\"doc-body", "id=\"section-audit-log\""], in: page)
        }
    }

    @Test("an experiment: the verdict, then the design, then the results and guardrails tables")
    func experiment() throws {
        let site = try Self.build()
        defer { site.cleanUp() }
        let page = try #require(site.read("experiments/editor-test/index.html"))
        try Self.expectOrder(["id=\"section-verdict\"", "id=\"section-hypothesis\"", "id=\"section-primary-metric\"",
                              "id=\"section-variants\"", "id=\"section-results\""], in: page)
        let verdict = try #require(OperationsPagesTests.section(page, "section-verdict"))
        #expect(verdict.contains(" against the control, ") || verdict.contains("No results yet."), "\(verdict)")
    }

    @Test("every document page's contents list names its sections and body headings in page order, from the top")
    func contents() throws {
        let site = try Self.build()
        defer { site.cleanUp() }
        var checked = 0
        for path in site.snapshot().keys.sorted() where path.hasSuffix("index.html") && path.split(separator: "/").count == 3 {
            let page = try #require(site.read(path))
            guard let nav = page.range(of: "<nav class=\"toc\"") else { continue }
            let end = try #require(page.range(of: "</nav>", range: nav.upperBound..<page.endIndex))
            let list = String(page[nav.lowerBound..<end.upperBound])
            let ids = list.components(separatedBy: "<a href=\"#").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            let main = String(page[end.upperBound...])
            // Every section and every h2 of the body is listed…
            let sectionIDs = main.components(separatedBy: "<section class=\"fm-section\" id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            let bodyIDs = main.components(separatedBy: "<h2 id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                .filter { $0 != "backlinks-title" && !$0.hasPrefix("section-") }
            for id in sectionIDs + bodyIDs { #expect(ids.contains(id), "\(path): #\(id) is in the contents list") }
            // …and the list follows the page.
            let positions = try ids.map { id in try #require(main.range(of: "id=\"\(id)\""), "\(path): #\(id) exists").lowerBound }
            #expect(positions == positions.sorted(), "\(path): the contents list is in page order")
            #expect(page.distance(from: page.startIndex, to: nav.lowerBound) < page.distance(from: page.startIndex, to: try #require(page.range(of: "class=\"doc-main\"")).lowerBound),
                    "\(path): the list comes before the page's content")
            checked += 1
        }
        #expect(checked >= 6, "pages with a contents list: \(checked)")
    }
}
