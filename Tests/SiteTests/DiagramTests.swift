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
        #expect(svg.components(separatedBy: "class=\"node node-").count - 1 == 4, "one box per step")
        #expect(svg.contains("<g class=\"node status-pending\"><rect") && svg.contains("<g class=\"node status-not-needed\"><rect"),
                "the legend shows the states the plan has")
        #expect(svg.contains("node-rollback"))
        #expect(svg.contains("class=\"edge edge-rollback\""))
        #expect(svg.components(separatedBy: "edge-forward critical").count - 1 == 2 + 1, "check → ramp → verify, and the legend")
        #expect(svg.contains("<a href=\"/runbooks/api-down/\">"), "a step links to its runbook")
        #expect(svg.contains("<a href=\"/flags/new-editor/\">"), "a step behind a flag links to it")
    }

    @Test("each step's state is a fill class and a word with a sign, the same in the diagram, the Steps table and the export")
    func stepStates() throws {
        let site = try Fixture(minimalSite
            .replacingOccurrences(of: "title: Check dashboards, duration: 30m }", with: "title: Check dashboards, duration: 3h, status: done }")
            .replacingOccurrences(of: "percentage: 10, duration: 1d }", with: "percentage: 10, duration: 1d, status: in-progress }"))
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let page = try #require(site.read("rollouts/editor-launch/index.html"))
        let expected: [(id: String, kind: String, state: String, word: String)] = [
            ("check", "preflight", "done", "✓ done"), ("ramp", "rollout", "in-progress", "◐ in progress"),
            ("verify", "verify", "pending", "○ pending"), ("undo", "rollback", "not-needed", "◌ not needed"),
        ]
        for step in expected {
            #expect(page.contains("class=\"node node-\(step.kind) status-\(step.state)"), "\(step.id)")
            #expect(page.contains("class=\"node-status\">\(step.word)</text>"), "the diagram says \(step.word)")
            let start = try #require(page.range(of: "id=\"step-\(step.id)\""))
            let end = try #require(page.range(of: "</tr>", range: start.upperBound..<page.endIndex))
            let cells = page[start.upperBound..<end.lowerBound]
            #expect(cells.contains("<span class=\"badge badge-\(step.state)\">\(step.word)</span>"), "the table says \(step.word) for \(step.id)")
        }
        // The critical path: check → ramp → verify, 3 h + 1 d + 2 h; what is left of it: ramp and verify (done steps count 0).
        #expect(page.contains("<span class=\"figure-label\">Critical path</span><span class=\"figure-value\">1 d 5 h</span>"))
        #expect(page.contains("<span class=\"figure-label\">Remaining critical path</span><span class=\"figure-value\">1 d 2 h</span><span class=\"figure-note\">ramp → verify</span>"))
        let json = try #require(site.read("api/rollout/editor-launch.json"))
        let export = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let computed = try #require(export["computed"] as? [String: Any])
        #expect(computed["critical_path"] as? [String] == ["check", "ramp", "verify"])
        #expect(computed["critical_path_minutes"] as? Int == 180 + 1440 + 120)
        #expect(computed["remaining_critical_path"] as? [String] == ["ramp", "verify"])
        #expect(computed["remaining_critical_path_minutes"] as? Int == 1440 + 120)
        let steps = try #require(computed["steps"] as? [[String: String]])
        #expect(steps == expected.map { ["id": $0.id, "status": $0.state] })
    }

    @Test("services: the index draws every dependency, a service page its neighbours")
    func serviceDiagram() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        #expect(site.build().succeeded)
        let index = try #require(site.read("services/index.html"))
        #expect(index.contains("<title id=\"services-all-title\">Service dependencies</title>"))
        #expect(index.components(separatedBy: "<path class=\"edge edge-forward edge-contract-ok\"").count - 1 == 2, "the one dependency and its legend swatch")
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

import FrontMatter
import Diagrams

@Suite("Stability of the example plans")
struct ExamplePlanStabilityTests {
    /// The example's rollout plans as graphs: one node per step (the site's box size), an edge per `needs`.
    static func plans() throws -> [(name: String, ids: [String], graph: LayoutGraph)] {
        let folder = Fixture.repository.appendingPathComponent("Content/rollouts")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
        return try files.map { file in
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let split = SplitDocument.split(text)
            let (value, _) = YAML.parse(split.yaml ?? "", file: file, firstLine: split.yamlFirstLine)
            let steps = try #require(value?["steps"]?.list)
            let ids = steps.compactMap { $0["id"]?.string }
            var graph = LayoutGraph()
            for id in ids { graph.nodes.append(.init(id: id, width: 190, height: 84)) }
            for (i, step) in steps.enumerated() {
                for need in step["needs"]?.list?.compactMap(\.string) ?? [] {
                    if let j = ids.firstIndex(of: need) { graph.edges.append(.init(source: j, target: i)) }
                }
            }
            return (file, ids, graph)
        }
    }

    @Test("adding one step to each example plan moves few of its nodes (measured, printed)")
    func addingAStep() throws {
        let plans = try Self.plans()
        #expect(plans.count >= 3)
        for plan in plans {
            let before = plan.graph.layout()
            // A writer adds a verify step after the first step of the plan.
            var grown = plan.graph
            grown.nodes.append(.init(id: "extra-verify", width: 190, height: 84))
            grown.edges.append(.init(source: 0, target: grown.nodes.count - 1))
            let after = grown.layout()
            // The drawing may shift as a whole (it starts at its left margin): compare after the most common shift.
            let shifts = plan.ids.indices.map { ((after.centres[$0].x - before.centres[$0].x) * 2).rounded() / 2 }
            let shift = Dictionary(shifts.map { ($0, 1) }, uniquingKeysWith: +).max { ($0.value, -abs($0.key)) < ($1.value, -abs($1.key)) }?.key ?? 0
            let moved = plan.ids.indices.filter { i in
                abs(before.centres[i].x + shift - after.centres[i].x) > 0.5 || abs(before.centres[i].y - after.centres[i].y) > 0.5
            }.count
            let rankChanges = plan.ids.indices.filter { before.ranks[$0] != after.ranks[$0] }.count
            print("stability: \(plan.name), \(plan.ids.count) steps, one step added: \(moved) moved, \(rankChanges) changed rank")
            #expect(rankChanges == 0, "\(plan.name): adding a leaf step changes no rank")
            #expect(moved * 2 <= plan.ids.count, "\(plan.name): \(moved) of \(plan.ids.count) nodes moved")
        }
    }
}
