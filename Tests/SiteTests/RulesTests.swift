import Diagnostics
import Testing
@testable import Site

@Suite("Rules beyond single fields")
struct RulesTests {
    func result(replacing old: String, with new: String, adding extra: String = "") throws -> BuildResult {
        #expect(old.isEmpty || minimalSite.contains(old), "the fixture changed: \(old)")
        let site = try Fixture(minimalSite.replacingOccurrences(of: old, with: new) + extra)
        defer { site.cleanUp() }
        return site.build()
    }

    @Test("the minimal site breaks no rule and has the expected warnings only")
    func clean() throws {
        let site = try Fixture(minimalSite)
        defer { site.cleanUp() }
        let result = site.build()
        #expect(result.errors.isEmpty, "\(result.report)")
        #expect(result.diagnostics(.staleRunbook).count == 1)
        #expect(result.diagnostics(.escalatedAction).count + result.diagnostics(.overdueAction).count == 1)
        #expect(result.diagnostics.count == 2, "nothing else: \(result.report)")
    }

    @Test("a timeline out of order points at the later field")
    func timeline() throws {
        let r = try result(replacing: "detected: 2026-10-05T10:07:30Z", with: "detected: 2026-10-05T09:07:30Z")
        let e = try #require(r.diagnostics(.timelineOrder).first)
        #expect(e.message == "`timeline.detected` is before `timeline.started`")
        #expect(e.location?.line == 10)
    }

    @Test("an audit log that ends elsewhere than the declared state is a warning")
    func auditMismatch() throws {
        let r = try result(replacing: "staging: { enabled: true, rollout: 100 }", with: "staging: { enabled: true, rollout: 50 }")
        let w = try #require(r.diagnostics(.auditMismatch).first { $0.message.contains("`staging`") })
        #expect(w.severity == .warning)
        #expect(w.found == "enabled at 100 % (after the audit log)")
    }

    @Test("weights and controls of an experiment")
    func experiment() throws {
        let r = try result(replacing: "  - { name: treatment, weight: 50 }", with: "  - { name: treatment, weight: 40, control: true }")
        #expect(r.diagnostics(.weights).first?.message == "the variants' weights sum to 90, not 100")
        #expect(r.diagnostics(.control).first?.message == "2 variants are marked as control")
        let concluded = try result(replacing: "status: running", with: "status: concluded")
        #expect(concluded.diagnostics(.conclusion).count == 1)
    }

    @Test("rollout plans: duplicate ids, unknown steps, cycles, verification, rollback, ramps")
    func plans() throws {
        let unverified = try result(replacing: "  - { id: verify, kind: verify, title: Verify errors, needs: [ramp], duration: 2h, runbook: api-down }\n", with: "")
        #expect(unverified.diagnostics(.unverifiedStep).count == 1)
        let unreverted = try result(replacing: "  - { id: undo, kind: rollback, title: Roll back, needs: [ramp], reverts: ramp, duration: 10m }\n",
                                    with: "  - { id: undo, kind: rollback, title: Roll back, needs: [ramp], duration: 10m }\n")
        #expect(unreverted.diagnostics(.unrevertedStep).count == 1)
        #expect(unreverted.diagnostics(.rollbackTarget).count == 1)
        let unknown = try result(replacing: "needs: [check], flag", with: "needs: [chek], flag")
        let e = try #require(unknown.diagnostics(.unknownStep).first)
        #expect(e.help == "did you mean `check`?")
        #expect(e.location?.column == 60)
        let cycle = try result(replacing: "{ id: check, kind: preflight, title: Check dashboards, duration: 30m }",
                               with: "{ id: check, kind: preflight, title: Check dashboards, duration: 30m, needs: [verify] }")
        #expect(cycle.diagnostics(.planCycle).first?.message == "the steps form a cycle: check → ramp → verify → check")
        let duplicate = try result(replacing: "{ id: undo,", with: "{ id: check,")
        #expect(duplicate.diagnostics(.duplicateStep).count == 1)
        let ramp = try result(replacing: "  - { id: undo,",
                              with: "  - { id: back, kind: rollout, title: Down, needs: [verify], flag: new-editor, environment: production, percentage: 5 }\n  - { id: v2, kind: verify, title: V, needs: [back] }\n  - { id: u2, kind: rollback, title: U, reverts: back }\n  - { id: undo,")
        #expect(ramp.diagnostics(.decreasingRollout).first?.message == "`back` lowers `new-editor` to 5 % after `ramp` set 10 %")
    }

    @Test("a cycle of service dependencies is reported with its path")
    func serviceCycle() throws {
        let r = try result(replacing: "owner: \"@alice\"\ntier: 1", with: "owner: \"@alice\"\ndepends_on: [api]\ntier: 1")
        #expect(r.diagnostics(.dependencyCycle).first?.message == "services depend on each other in a cycle: api → db → api")
    }

    @Test("overlapping sprints")
    func sprints() throws {
        let r = try result(replacing: "", with: "", adding: "\n-- sprints/s2.md --\n---\ntitle: S2\nstart: 2026-10-14\nend: 2026-10-27\ngoals: []\n---\n")
        let e = try #require(r.diagnostics(.sprintOverlap).first)
        #expect(e.help == "sprints that share a day overlap; start this one on 2026-10-15, or give it the `team:` whose sprint it is")
    }

    @Test("schedules only ramp up, in date order")
    func schedule() throws {
        let r = try result(replacing: "fallback: The old editor.", with: """
        fallback: The old editor.
        schedule:
          - { date: 2026-11-01, environment: production, rollout: 50 }
          - { date: 2026-10-20, environment: production, rollout: 20 }
        """)
        #expect(r.diagnostics(.scheduleOrder).count == 2)
    }
}
