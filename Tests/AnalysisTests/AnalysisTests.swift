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
    }
}

@Suite("Critical path")
struct CriticalPathTests {
    func step(_ id: String, _ duration: String?, needs: [String] = []) -> Rollout.Step {
        Rollout.Step(id: id, kind: .verify, title: id, owner: nil, services: [], needs: needs, flag: nil, environment: nil,
                     percentage: nil, runbook: nil, reverts: nil, duration: duration.flatMap(Duration.init), status: nil,
                     location: SourceLocation(file: "x", line: 1, column: 1))
    }

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
