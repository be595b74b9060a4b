import Diagnostics
import Testing
@testable import Analysis
@testable import Model

@Suite("Dates and durations")
struct DateTests {
    @Test("dates parse strictly and count days across leap years")
    func days() throws {
        let a = try #require(Day("2024-02-28")), b = try #require(Day("2024-03-01"))
        #expect(b.days(since: a) == 2)
        #expect(Day("2023-02-29") == nil)
        #expect(Day("2026-13-01") == nil)
        #expect(Day("2026-1-01") == nil)
        #expect(Day("1970-01-01")?.daysSinceEpoch == 0)
        #expect(Day("2026-11-25")?.description == "2026-11-25")
        #expect(a.adding(days: 366).description == "2025-02-28")
    }

    @Test("RFC 3339 date-times with offsets and fractions")
    func instants() throws {
        let z = try #require(Instant("2026-03-04T10:15:00Z"))
        let offset = try #require(Instant("2026-03-04T12:15:00+02:00"))
        #expect(z == offset)
        #expect(Instant("2026-03-04T10:15:30.5Z")!.minutes(since: z) == 0)
        #expect(Instant("2026-03-04T23:30:00-05:00")!.day.description == "2026-03-05", "the UTC date counts")
        #expect(Instant("2026-03-04") == nil)
        #expect(Instant("2026-03-04T25:00:00Z") == nil)
        #expect(Instant("2026-03-04T10:15:00") == nil, "a zone is required")
    }

    @Test("durations in minutes, hours and days")
    func durations() {
        #expect(Duration("30m")?.minutes == 30)
        #expect(Duration("2h")?.minutes == 120)
        #expect(Duration("1d")?.minutes == 1440)
        #expect(Duration("1.5h")?.minutes == 90)
        #expect(Duration("2w") == nil)
        #expect(Duration("h") == nil)
        #expect(Duration("30s")?.seconds == 30)
        #expect(Duration("500ms")?.seconds == 0.5)
        #expect(Duration("ms") == nil && Duration("5 s") == nil && Duration("-5s") == nil && Duration("1e3s") == nil)
        // As a reader says them.
        #expect([0.25, 7.46, 255, 5400, 7680, 147_810, 259_200].map(Duration.spoken)
                == ["250 ms", "7.5 s", "4 min 15 s", "1 h 30 min", "2 h 8 min", "1 d 17 h", "3 d"])
        #expect(Duration.spoken(minutes: 0) == "0 min" && Duration.spoken(minutes: 134) == "2 h 14 min")
    }
}

private func step(_ id: String, _ duration: String?, needs: [String] = [], kind: Rollout.StepKind = .verify,
                  reverts: String? = nil, status: Rollout.StepStatus? = nil) -> Rollout.Step {
    Rollout.Step(id: id, kind: kind, title: id, owner: nil, services: [], needs: needs, flag: nil, environment: nil,
                 percentage: nil, runbook: nil, reverts: reverts.map { [$0] } ?? [], duration: duration.flatMap(Duration.init), status: status,
                 location: SourceLocation(file: "x", line: 1, column: 1))
}

private func plan(_ steps: [Rollout.Step]) -> Rollout {
    Rollout(owner: .team("core"), sprint: nil, services: [], flags: [], steps: steps)
}

@Suite("Critical path")
struct CriticalPathTests {

    @Test("the heaviest path by duration wins")
    func heaviest() {
        let steps = [step("a", "1h"), step("b", "30m", needs: ["a"]), step("c", "2h", needs: ["a"]), step("d", "10m", needs: ["b", "c"])]
        #expect(CriticalPath.of(steps) == ["a", "c", "d"])
    }

    @Test("ties go to the path whose steps come first in the file")
    func ties() {
        let steps = [step("a", "1h"), step("b", "1h", needs: ["a"]), step("c", "1h", needs: ["a"])]
        #expect(CriticalPath.of(steps) == ["a", "b"])
        let twoStarts = [step("x", nil), step("y", nil), step("z", "5m", needs: ["y"]), step("w", "5m", needs: ["x"])]
        #expect(CriticalPath.of(twoStarts) == ["x", "w"])
    }

    @Test("steps without a duration count zero; a cycle yields no path instead of hanging")
    func degenerate() {
        #expect(CriticalPath.of([step("only", nil)]) == ["only"])
        #expect(CriticalPath.of([step("a", "1h", needs: ["b"]), step("b", "1h", needs: ["a"])]) == [])
    }
}

@Suite("Rollout step states and the remaining critical path")
struct RolloutFiguresTests {
    /// A ramp in two stages, each reverted by a rollback: `ramp-10 → verify-10 → ramp-50 → verify-50`.
    func ramp(verify10: Rollout.StepStatus?, ramp50: Rollout.StepStatus?, verify50: Rollout.StepStatus?,
              back10: Rollout.StepStatus? = nil, back50: Rollout.StepStatus? = nil) -> [Rollout.Step] {
        [step("ramp-10", "30m", kind: .rollout, status: .done),
         step("verify-10", "1d", needs: ["ramp-10"], status: verify10),
         step("ramp-50", "30m", needs: ["verify-10"], kind: .rollout, status: ramp50),
         step("verify-50", "2d", needs: ["ramp-50"], status: verify50),
         step("back-10", "15m", needs: ["ramp-10"], kind: .rollback, reverts: "ramp-10", status: back10),
         step("back-50", "15m", needs: ["ramp-50"], kind: .rollback, reverts: "ramp-50", status: back50)]
    }

    @Test("a rollback whose trigger did not fire is not needed, whether written pending, skipped or not at all")
    func untriggered() {
        let figures = RolloutFigures(plan(ramp(verify10: .done, ramp50: .inProgress, verify50: nil, back10: .skipped, back50: .pending)))
        #expect(figures.states == [.done, .done, .inProgress, .pending, .notNeeded, .notNeeded])
        #expect(Rollout.StepState.notNeeded.word == "not needed" && Rollout.StepState.inProgress.word == "in progress")
    }

    @Test("a failure fires the rollbacks of the stage it is in, not those of the stages before")
    func triggered() {
        // verify-50 failed: the rollback of ramp-50 is needed (pending until done); the one of ramp-10 is not.
        let failed = RolloutFigures(plan(ramp(verify10: .done, ramp50: .done, verify50: .failed)))
        #expect(failed.states[4] == .notNeeded && failed.states[5] == .pending)
        let rolledBack = RolloutFigures(plan(ramp(verify10: .done, ramp50: .done, verify50: .failed, back50: .done)))
        #expect(rolledBack.states[5] == .done)
        // A rollback written skipped although its stage failed stays skipped: the writer chose not to run it.
        let skipped = RolloutFigures(plan(ramp(verify10: .failed, ramp50: .skipped, verify50: .skipped, back10: .skipped)))
        #expect(skipped.states == [.done, .failed, .skipped, .skipped, .skipped, .notNeeded])
    }

    @Test("a rollback that reverts several steps fires when a stage of any of them fails")
    func severalReverted() {
        func plan50(_ verify50: Rollout.StepStatus?) -> [Rollout.Step] {
            var steps = Array(ramp(verify10: .done, ramp50: .done, verify50: verify50).prefix(4))
            var both = step("back-all", "20m", needs: ["ramp-10"], kind: .rollback)
            both.reverts = ["ramp-10", "ramp-50"]
            steps.append(both)
            return steps
        }
        #expect(RolloutFigures(plan(plan50(.done))).states[4] == .notNeeded)
        #expect(RolloutFigures(plan(plan50(.failed))).states[4] == .pending, "ramp-50's stage failed: the rollback is needed")
    }

    @Test("the remaining critical path counts only what is not done, skipped or not needed")
    func remaining() {
        let figures = RolloutFigures(plan(ramp(verify10: .done, ramp50: .inProgress, verify50: nil)))
        #expect(figures.criticalPath == ["ramp-10", "verify-10", "ramp-50", "verify-50"])
        #expect(figures.criticalMinutes == 30 + 1440 + 30 + 2880)
        #expect(figures.remainingPath == ["ramp-50", "verify-50"])
        #expect(figures.remainingMinutes == 30 + 2880)
        // Another branch can hold more of what is left than the critical path of the whole plan.
        var steps = ramp(verify10: .done, ramp50: .done, verify50: .done)
        steps.append(step("cleanup", "3d", needs: ["ramp-10"]))
        let branch = RolloutFigures(plan(steps))
        #expect(branch.criticalPath == ["ramp-10", "verify-10", "ramp-50", "verify-50"], "4,380 minutes against cleanup's 4,350")
        #expect(branch.remainingPath == ["cleanup"] && branch.remainingMinutes == 3 * 1440)
        let done = RolloutFigures(plan(ramp(verify10: .done, ramp50: .done, verify50: .done)))
        #expect(done.remainingPath.isEmpty && done.remainingMinutes == 0)
    }
}
