import FrontMatter
/// A runbook: what to do when a service misbehaves, and how fresh that advice is.
public struct Runbook: Sendable {
    public enum FailureClass: String, CaseIterable, Sendable {
        case retryable, userFixable = "user-fixable", operatorFixable = "operator-fixable", fatal
    }
    public struct FailureMode: Sendable { public var name: String; public var `class`: FailureClass; public var action: String }

    public var owner: Owner
    public var services: [String]
    public var alerts: [String]
    public var lastReviewed: Day
    public var reviewEveryDays: Int?
    public var lastDrill: Day?
    public var failureModes: [FailureMode]

    static func decode(_ f: Fields) -> Runbook? {
        let owner = f.required("owner", "a team slug or a person's handle", f.owner)
        let services = f.required("services", "a list of service slugs", f.list(f.reference(.document(.service)), nonEmpty: true))
        let alerts = f.optional("alerts", f.list(f.string)) ?? []
        let lastReviewed = f.required("last_reviewed", "a date `YYYY-MM-DD`", f.day)
        let reviewEvery = f.optional("review_every_days", f.integer(in: Bounds.days, "days", example: 90))
        let lastDrill = f.optional("last_drill", f.day)
        let modes = f.optional("failure_modes", f.list(f.object { m -> FailureMode? in
            let name = m.required("name", "what fails", m.string)
            let cls = m.required("class", "`retryable`, `user-fixable`, `operator-fixable` or `fatal`", m.choice(FailureClass.self))
            let action = m.required("action", "what to do about it", m.string)
            guard let name, let cls, let action else { return nil }
            return FailureMode(name: name, class: cls, action: action)
        })) ?? []
        guard let owner, let services, let lastReviewed else { return nil }
        return Runbook(owner: owner, services: services, alerts: alerts, lastReviewed: lastReviewed,
                       reviewEveryDays: reviewEvery, lastDrill: lastDrill, failureModes: modes)
    }
}
