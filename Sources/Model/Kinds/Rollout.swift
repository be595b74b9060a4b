import FrontMatter
import Diagnostics

/// A rollout plan: a directed acyclic graph of checks, gates, rollout steps, verifications and rollbacks.
public struct Rollout: Sendable {
    public enum StepKind: String, CaseIterable, Sendable { case preflight, rollout, verify, gate, rollback }
    public enum StepStatus: String, CaseIterable, Sendable { case pending, inProgress = "in-progress", done, skipped, failed }

    /// What a page says of a step: its written `status` (pending when none), except that a rollback step whose
    /// trigger did not fire is `notNeeded` (see `RolloutFigures`). The raw value is the CSS and JSON token.
    public enum StepState: String, CaseIterable, Sendable {
        case done, inProgress = "in-progress", failed, pending, skipped, notNeeded = "not-needed"

        /// The word shown in the diagram and the Steps table.
        public var word: String {
            switch self {
            case .inProgress: "in progress"
            case .notNeeded: "not needed"
            default: rawValue
            }
        }

        /// A sign beside the word that reads without colour (in greyscale and print).
        public var icon: String {
            switch self {
            case .done: "✓"
            case .inProgress: "◐"
            case .failed: "✗"
            case .pending: "○"
            case .skipped: "↷"
            case .notNeeded: "◌"
            }
        }

        /// Whether the step's duration still lies ahead (the remaining critical path counts it).
        public var isLeft: Bool { self == .pending || self == .inProgress || self == .failed }
    }

    public struct Step: Sendable {
        public var id: String
        public var kind: StepKind
        public var title: String
        public var owner: Owner?
        public var services: [String]
        public var needs: [String]
        public var flag: String?
        public var environment: String?
        public var percentage: Double?
        public var runbook: String?
        /// The steps a rollback step undoes: `reverts: a` or `reverts: [a, b]` (empty for other steps).
        public var reverts: [String] = []
        public var duration: Duration?
        public var status: StepStatus?
        public var location: SourceLocation
    }

    public var owner: Owner
    public var sprint: String?
    public var services: [String]
    public var flags: [String]
    public var steps: [Step]

    /// How many steps have `status`: the one count of a plan's progress (pages, sprint reports, the export).

    /// "N of M": the steps done of all.

    static func decode(_ f: Fields) -> Rollout? {
        let owner = f.required("owner", "a team slug or a person's handle", f.owner)
        let sprint = f.optional("sprint", f.reference(.document(.sprint)))
        let services = f.required("services", "a list of service slugs", f.list(f.reference(.document(.service))))
        let flags = f.optional("flags", f.list(f.reference(.document(.flag)))) ?? []
        let steps = f.required("steps", "a list of `{ id, kind, title, ... }`", f.list(f.object { s -> Step? in
            let id = s.required("id", "a short name for the step, unique in the plan", s.string)
            let kind = s.required("kind", "`preflight`, `rollout`, `verify`, `gate` or `rollback`", s.choice(StepKind.self))
            let title = s.required("title", "what the step does", s.string)
            let owner = s.optional("owner", s.owner)
            let services = s.optional("services", s.list(s.reference(.document(.service)))) ?? []
            let needs = s.optional("needs", s.list(s.string)) ?? []
            let flag = s.optional("flag", s.reference(.document(.flag)))
            let environment = s.optional("environment", s.reference(.environment))
            let percentage = s.optional("percentage", s.percent)
            let runbook = s.optional("runbook", s.reference(.document(.runbook)))
            let reverts = s.optional("reverts", s.oneOrMany(s.string)) ?? []
            let duration = s.optional("duration", s.duration)
            let status = s.optional("status", s.choice(StepStatus.self))
            guard let id, let kind, let title else { return nil }
            return Step(id: id, kind: kind, title: title, owner: owner, services: services, needs: needs, flag: flag,
                        environment: environment, percentage: percentage, runbook: runbook, reverts: reverts,
                        duration: duration, status: status, location: s.location)
        }, nonEmpty: true))
        guard let owner, let services, let steps else { return nil }
        return Rollout(owner: owner, sprint: sprint, services: services, flags: flags, steps: steps)
    }
}

extension Fields {
    func duration(_ value: Value, _ field: String) -> Duration? {
        guard let text = string(value, field) else { return nil }
        guard let d = Duration(text) else {
            context.report(.init(.invalidValue, "`\(field)` is not a duration", at: value.location,
                                 expected: "a number followed by `ms`, `s`, `m`, `h` or `d`, such as `30s`, `30m`, `2h` or `1d`", found: value.quoted))
            return nil
        }
        return d
    }
}
