import FrontMatter
import Diagnostics

/// A sprint: its dates and goals; its report is computed from what happened inside them.
public struct Sprint: Sendable {
    public enum GoalStatus: String, CaseIterable, Sendable { case planned, done, dropped, carriedOver = "carried-over" }
    public struct Goal: Sendable { public var title: String; public var rollout: String?; public var status: GoalStatus }

    public var start: Day
    public var end: Day
    public var goals: [Goal]
    public var cycle: String?
    public var cooldown: Bool
    /// What the sprint is for (shown on a cooldown's page, where it says what the weeks between cycles are for).
    public var purpose: String?
    /// The team whose sprint it is; nil for a sprint of the whole site (its cycles). Each team's sprints are one
    /// series, the site's another: sprints overlap only within a series (E0416).
    public var team: String?

    static func decode(_ f: Fields) -> Sprint? {
        let start = f.required("start", "a date `YYYY-MM-DD`", f.day)
        let end = f.required("end", "a date `YYYY-MM-DD`", f.day)
        let goals = f.required("goals", "a list of `{ title, rollout?, status }`", f.list(f.object { g -> Goal? in
            let title = g.required("title", "the goal", g.string)
            let rollout = g.optional("rollout", g.reference(.document(.rollout)))
            let status = g.required("status", "`planned`, `done`, `dropped` or `carried-over`", g.choice(GoalStatus.self))
            guard let title, let status else { return nil }
            return Goal(title: title, rollout: rollout, status: status)
        }))
        let cycle = f.optional("cycle", f.string)
        let cooldown = f.optional("cooldown", f.bool) ?? false
        let purpose = f.optional("purpose", f.string)
        let team = f.optional("team", f.reference(.document(.team)))
        guard let start, let end, let goals else { return nil }
        return Sprint(start: start, end: end, goals: goals, cycle: cycle, cooldown: cooldown, purpose: purpose, team: team)
    }
}
