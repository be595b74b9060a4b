import Foundation
import Testing
@testable import Site

@Suite("Diagrams on pages")
struct DiagramPageTests {
    @Test("the rollout page draws the plan: accessible, linked, critical path and rollback edges marked")
    func rolloutDiagram() throws {
        let site = try Fixture(minimalSite.replacingOccurrences(of: "title: Check dashboards", with: "title: \"Check <dashboards> & \\\"alerts\\\"\""))
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let page = try #require(site.read("rollouts/editor-launch/index.html"))
        let svg = try #require(page.range(of: "<svg").map { String(page[$0.lowerBound...]) }?.components(separatedBy: "</svg>").first)
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title id=\"plan-editor-launch-title\">Rollout plan: Editor launch</title>"))
        #expect(svg.contains("Critical path: check → ramp → verify."))
        #expect(svg.contains("Check &lt;dashboards&gt; &amp; &quot;alerts&quot;"))
        #expect(!svg.contains("<dashboards>"))
        #expect(svg.components(separatedBy: "class=\"node node-").count - 1 == 4 + 5, "one box per step, and the five kinds of the legend")
        #expect(svg.contains("node-rollback"))
        #expect(svg.contains("class=\"edge edge-rollback\""))
        #expect(svg.components(separatedBy: "edge-forward critical").count - 1 == 2 + 1, "check → ramp → verify, and the legend")
        #expect(svg.contains("<a href=\"/runbooks/api-down/\">"), "a step links to its runbook")
        #expect(svg.contains("<a href=\"/flags/new-editor/\">"), "a step behind a flag links to it")
    }

    @Test("services: the index draws every dependency, a service page its neighbours")
    func serviceDiagram() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let index = try #require(site.read("services/index.html"))
        #expect(index.contains("<title id=\"services-all-title\">Service dependencies</title>"))
        #expect(index.components(separatedBy: "class=\"edge edge-forward\"").count - 1 == 1)
        let api = try #require(site.read("services/api/index.html"))
        #expect(api.contains("node node-service tier-1 lifecycle-production current"))
        #expect(api.contains("<a href=\"/services/db/\">"))
    }
}

@Suite("Golden diagram")
struct GoldenDiagramTests {
    /// Regenerate after a deliberate change of the engine or the drawing with:
    /// `ALMANAC_UPDATE_GOLDEN=1 swift test --filter GoldenDiagramTests`
    @Test("the small plan of the fixture draws to the same bytes as the golden SVG")
    func golden() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let page = try #require(site.read("rollouts/editor-launch/index.html"))
        let start = try #require(page.range(of: "<svg"))
        let end = try #require(page.range(of: "</svg>", range: start.upperBound..<page.endIndex))
        let svg = String(page[start.lowerBound..<end.upperBound]) + "\n"
        let path = Fixture.repository.appendingPathComponent("Tests/Fixtures/golden/editor-launch.svg").path
        if ProcessInfo.processInfo.environment["ALMANAC_UPDATE_GOLDEN"] != nil {
            try svg.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg == golden)
    }
}
