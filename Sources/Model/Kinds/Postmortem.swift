import FrontMatter
import Diagnostics

/// A postmortem: what happened, how long it took to see and fix, why, and the few actions that follow.
public struct Postmortem: Sendable {
    public enum Severity: String, CaseIterable, Sendable { case sev1, sev2, sev3, sev4 }
    public enum Status: String, CaseIterable, Sendable { case draft, inReview = "in-review", published }
    public enum ActionStatus: String, CaseIterable, Sendable { case open, done, deprioritized }
    public enum ActionType: String, CaseIterable, Sendable { case mitigate, prevent, process }

    public struct Timeline: Sendable {
        public var started: Instant, detected: Instant, mitigated: Instant, resolved: Instant
        public var locations: [String: SourceLocation]
    }
    public struct Impact: Sendable { public var summary: String; public var usersAffected: Int?; public var errorBudgetBurned: Double? }
    public struct Lessons: Sendable { public var wentWell: [String]; public var wentWrong: [String]; public var gotLucky: [String] }
    public struct ActionItem: Sendable, Equatable {
        public var title: String
        public var owner: Owner
        public var due: Day
        public var status: ActionStatus
        public var type: ActionType?
        public var closed: Day?
        public var reason: String?
        /// The tracker's address of the work (`https://…`), linked from the action items table.
        public var ticket: String?
        public var location: SourceLocation
    }

    public var owner: Owner
    public var severity: Severity
    public var status: Status
    public var services: [String]
    public var flags: [String]
    public var runbooks: [String]
    public var rollout: String?
    public var timeline: Timeline
    public var impact: Impact
    public var trigger: String?
    public var rootCauses: [String]
    public var contributingFactors: [String]
    public var lessons: Lessons?
    public var actionItems: [ActionItem]

    static func decode(_ f: Fields) -> Postmortem? {
        let owner = f.required("owner", "a team slug or a person's handle", f.owner)
        let severity = f.required("severity", "`sev1`, `sev2`, `sev3` or `sev4`", f.choice(Severity.self))
        let status = f.required("status", "`draft`, `in-review` or `published`", f.choice(Status.self))
        let services = f.required("services", "a list of service slugs", f.list(f.reference(.document(.service)), nonEmpty: true))
        let flags = f.optional("flags", f.list(f.reference(.document(.flag)))) ?? []
        let runbooks = f.optional("runbooks", f.list(f.reference(.document(.runbook)))) ?? []
        let rollout = f.optional("rollout", f.reference(.document(.rollout)))
        let timeline = f.required("timeline", "`{ started, detected, mitigated, resolved }`", f.object { t -> Timeline? in
            var locations: [String: SourceLocation] = [:]
            func read(_ key: String) -> Instant? {
                if let v = t.value(key) { locations[key] = v.location }
                return t.required(key, "a date-time such as `2026-03-04T10:15:00Z`", t.instant)
            }
            let started = read("started"), detected = read("detected"), mitigated = read("mitigated"), resolved = read("resolved")
            guard let started, let detected, let mitigated, let resolved else { return nil }
            return Timeline(started: started, detected: detected, mitigated: mitigated, resolved: resolved, locations: locations)
        })
        let impact = f.required("impact", "`{ summary, users_affected?, error_budget_burned? }`", f.object { i -> Impact? in
            let summary = i.required("summary", "what users saw", i.string)
            let users = i.optional("users_affected", i.integer(in: Bounds.count, "users", example: 1200))
            let burned = i.optional("error_budget_burned", i.percent)
            guard let summary else { return nil }
            return Impact(summary: summary, usersAffected: users, errorBudgetBurned: burned)
        })
        let trigger = f.optional("trigger", f.string)
        let rootCauses = f.required("root_causes", "a list of causes", f.list(f.string, nonEmpty: true))
        let factors = f.optional("contributing_factors", f.list(f.string)) ?? []
        let lessons = f.optional("lessons", f.object { l in
            Lessons(wentWell: l.optional("went_well", l.list(l.string)) ?? [],
                    wentWrong: l.optional("went_wrong", l.list(l.string)) ?? [],
                    gotLucky: l.optional("got_lucky", l.list(l.string)) ?? [])
        })
        let items = f.required("action_items", "a list of at most three `{ title, owner, due, status }`", f.list(f.actionItem, max: 3))
        guard let owner, let severity, let status, let services, let timeline, let impact, let rootCauses, let items else { return nil }
        return Postmortem(owner: owner, severity: severity, status: status, services: services, flags: flags, runbooks: runbooks,
                          rollout: rollout, timeline: timeline, impact: impact, trigger: trigger, rootCauses: rootCauses,
                          contributingFactors: factors, lessons: lessons, actionItems: items)
    }
}

extension Fields {
    func actionItem(_ value: Value, _ field: String) -> Postmortem.ActionItem? {
        object { a -> Postmortem.ActionItem? in
            let title = a.required("title", "what will be done", a.string)
            let owner = a.required("owner", "who does it: a team slug or a person's handle", a.owner)
            let due = a.required("due", "a date `YYYY-MM-DD`", a.day)
            let status = a.required("status", "`open`, `done` or `deprioritized`", a.choice(Postmortem.ActionStatus.self))
            let type = a.optional("type", a.choice(Postmortem.ActionType.self))
            let closed = a.optional("closed", a.day)
            let reason = a.optional("reason", a.string)
            let ticket = a.optional("ticket", a.webAddress)
            if let status, status != .open, closed == nil {
                a.context.report(.init(.missingField, "a `\(status.rawValue)` action item needs `closed`", at: a.location,
                                       expected: "`closed: YYYY-MM-DD`, the day it was \(status.rawValue == "done" ? "done" : "dropped")",
                                       found: "no `closed` key", help: "add `closed:` with the date"))
            }
            if status == .deprioritized, reason == nil {
                a.context.report(.init(.missingField, "a deprioritized action item needs a `reason`", at: a.location,
                                       expected: "`reason:` saying why it was dropped", found: "no `reason` key",
                                       help: "say why, so the next incident's reviewers know it was a choice"))
            }
            guard let title, let owner, let due, let status else { return nil }
            return Postmortem.ActionItem(title: title, owner: owner, due: due, status: status, type: type,
                                         closed: closed, reason: reason, ticket: ticket, location: a.location)
        }(value, field)
    }
}
