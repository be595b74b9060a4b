import FrontMatter
import Diagnostics

/// A feature flag: who owns it, its state per environment, its schedule, and the audit of every change.
public struct Flag: Sendable {
    public enum FlagType: String, CaseIterable, Sendable { case release, experiment, operational, killSwitch = "kill-switch", permission }
    public enum Lifetime: String, CaseIterable, Sendable { case temporary, permanent }
    public enum Action: String, CaseIterable, Sendable { case created, enabled, disabled, rollout, targeting, archived }

    public struct State: Sendable, Hashable { public var enabled: Bool; public var rollout: Double; public var cohorts: [String] }
    public struct EnvironmentState: Sendable { public var environment: String; public var state: State; public var location: SourceLocation }
    public struct ScheduleEntry: Sendable {
        public var date: Day; public var environment: String; public var rollout: Double; public var cohorts: [String]?
        public var location: SourceLocation
    }
    public enum Target: Sendable, Hashable { case percent(Double), cohorts([String]) }
    public struct AuditEntry: Sendable, Equatable {
        public var at: Instant; public var who: String; public var environment: String; public var action: Action
        public var to: Target?; public var why: String; public var location: SourceLocation
    }

    public var owner: Owner
    public var type: FlagType
    public var declaredLifetime: Lifetime?
    public var created: Day
    public var expires: Day?
    public var services: [String]
    public var fallback: String
    public var environments: [EnvironmentState]
    public var schedule: [ScheduleEntry]
    public var audit: [AuditEntry]

    /// One audit entry with the state of its environment before and after it.
    public struct Change: Sendable {
        public var entry: AuditEntry
        public var before: State
        public var after: State
    }

    /// The state of an environment before its audit log says anything: off, at 0 %, for all users.
    public static let initialState = State(enabled: false, rollout: 0, cohorts: [])

    /// The audit log replayed from the start, in its order: the one replay of a flag's history, read by the rules
    /// (W0403), the rollout chart and the feed.
    public var changes: [Change] {
        var state: [String: State] = [:]
        return audit.map { entry in
            let before = state[entry.environment] ?? Flag.initialState
            var after = before
            switch entry.action {
            case .enabled: after.enabled = true
            case .disabled: after.enabled = false
            case .rollout: if case .percent(let p)? = entry.to { after.rollout = p }
            case .targeting: if case .cohorts(let c)? = entry.to { after.cohorts = c }
            case .created, .archived: break
            }
            state[entry.environment] = after
            return Change(entry: entry, before: before, after: after)
        }
    }

    /// Kill switches and permissions live for good unless told otherwise; the rest are temporary.
    public var lifetime: Lifetime {
        declaredLifetime ?? (type == .killSwitch || type == .permission ? .permanent : .temporary)
    }

    static func decode(_ f: Fields) -> Flag? {
        let owner = f.required("owner", "a team slug or a person's handle", f.owner)
        let type = f.required("type", "`release`, `experiment`, `operational`, `kill-switch` or `permission`", f.choice(FlagType.self))
        let lifetime = f.optional("lifetime", f.choice(Lifetime.self))
        let created = f.required("created", "a date `YYYY-MM-DD`", f.day)
        let expires = f.optional("expires", f.day)
        let services = f.optional("services", f.list(f.reference(.document(.service)))) ?? []
        let fallback = f.required("fallback", "what users see when the flag is off", f.string)
        let environments = f.required("environments", "a mapping from each environment to `{ enabled, rollout, cohorts? }`", f.environments)
        let schedule = f.optional("schedule", f.list(f.object { s -> ScheduleEntry? in
            let date = s.required("date", "a date `YYYY-MM-DD`", s.day)
            let env = s.required("environment", "an environment of almanac.yaml", s.reference(.environment))
            let rollout = s.required("rollout", "a percentage", s.percent)
            let cohorts = s.optional("cohorts", s.list(s.reference(.cohort)))
            guard let date, let env, let rollout else { return nil }
            return ScheduleEntry(date: date, environment: env, rollout: rollout, cohorts: cohorts, location: s.location)
        })) ?? []
        let audit = f.required("audit", "a list of `{ at, who, environment, action, to?, why }`, starting with the creation",
                               f.list(f.auditEntry, nonEmpty: true))
        if let type, lifetime ?? (type == .killSwitch || type == .permission ? .permanent : .temporary) == .temporary, expires == nil, f.value("expires") == nil {
            f.context.report(.init(.missingField, "a temporary flag needs `expires`", at: f.location,
                                   expected: "`expires: YYYY-MM-DD`, the day it should be gone", found: "no `expires` key",
                                   help: "add `expires:`, or `lifetime: permanent` if this flag is meant to stay"))
        }
        guard let owner, let type, let created, let fallback, let environments, let audit else { return nil }
        return Flag(owner: owner, type: type, declaredLifetime: lifetime, created: created, expires: expires, services: services,
                    fallback: fallback, environments: environments, schedule: schedule, audit: audit)
    }
}

extension Fields {
    func environments(_ value: Value, _ field: String) -> [Flag.EnvironmentState]? {
        dictionary(object { e -> Flag.State? in
            let enabled = e.required("enabled", "`true` or `false`", e.bool)
            let rollout = e.required("rollout", "a percentage from 0 to 100", e.percent)
            let cohorts = e.optional("cohorts", e.list(e.reference(.cohort))) ?? []
            guard let enabled, let rollout else { return nil }
            return Flag.State(enabled: enabled, rollout: rollout, cohorts: cohorts)
        })(value, field).map { entries in
            entries.map { entry in
                context.refer(Reference(.environment, entry.key, at: entry.location, field: field))
                return Flag.EnvironmentState(environment: entry.key, state: entry.value, location: entry.location)
            }
        }
    }

    func auditEntry(_ value: Value, _ field: String) -> Flag.AuditEntry? {
        object { a -> Flag.AuditEntry? in
            let at = a.required("at", "a date-time such as `2026-03-04T10:15:00Z`", a.instant)
            let who = a.required("who", "the person's handle, such as `\"@alice\"`", a.reference(.person))
            let env = a.required("environment", "an environment of almanac.yaml", a.reference(.environment))
            let action = a.required("action", "`created`, `enabled`, `disabled`, `rollout`, `targeting` or `archived`", a.choice(Flag.Action.self))
            var to: Flag.Target?
            if let raw = a.value("to"), !raw.isNull {
                if raw.list != nil {
                    to = a.list(a.reference(.cohort))(raw, a.qualified("to")).map { .cohorts($0) }
                } else {
                    to = a.percent(raw, a.qualified("to")).map { .percent($0) }
                }
            }
            if action == .rollout, case .cohorts = to {
                a.context.report(.init(.wrongType, "`\(a.qualified("to"))` of a `rollout` must be a percentage", at: a.value("to")!.location,
                                       expected: "a percentage from 0 to 100", found: "a list of cohorts"))
            }
            if action == .targeting, case .percent = to {
                a.context.report(.init(.wrongType, "`\(a.qualified("to"))` of a `targeting` must be a list of cohorts", at: a.value("to")!.location,
                                       expected: "a list of cohorts such as `[moderators]`", found: "a percentage"))
            }
            if (action == .rollout || action == .targeting), to == nil, a.value("to") == nil {
                a.context.report(.init(.missingField, "a `\(action!.rawValue)` audit entry needs `to`", at: a.location,
                                       expected: action == .rollout ? "`to:` the new percentage" : "`to:` the new list of cohorts",
                                       found: "no `to` key"))
            }
            let why = a.required("why", "the reason for the change", a.string)
            guard let at, let who, let env, let action, let why else { return nil }
            return Flag.AuditEntry(at: at, who: who, environment: env, action: action, to: to, why: why, location: a.location)
        }(value, field)
    }
}
