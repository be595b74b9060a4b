import FrontMatter
import Diagnostics

/// A service: who owns it, how critical it is, what it depends on, how it is observed (objectives, alerts,
/// dashboards, synthetic checks), the contracts it holds with its providers, where to look when it hurts.
public struct Service: Sendable {
    public enum Lifecycle: String, CaseIterable, Sendable { case experimental, production, deprecated }
    /// What a dashboard shows, among the four golden signals.
    public enum Signal: String, CaseIterable, Sendable { case latency, throughput, errors, saturation }
    public struct Dashboard: Sendable { public var title: String; public var url: String; public var shows: [Signal] = [] }
    public struct SLO: Sendable { public var availability: Double?; public var latencyP99Ms: Double? }
    /// A service level objective: `objective` % of `indicator` good over a rolling `window`.
    public struct Objective: Sendable {
        public var name: String
        public var objective: Double
        public var window: Duration
        public var indicator: String
    }
    /// An alert: on a symptom users feel or on a cause; it pages on-call or opens a ticket.
    public struct Alert: Sendable {
        public enum Kind: String, CaseIterable, Sendable { case symptom, cause }
        public enum Notify: String, CaseIterable, Sendable { case page, ticket }
        public var name: String
        public var type: Kind
        public var notify: Notify
        public var runbook: String?
        public var location: SourceLocation
    }
    /// A synthetic check of a user journey, run from `locations` every `interval`.
    public struct SyntheticCheck: Sendable {
        public var journey: String
        public var locations: [String]
        public var interval: Duration
        public var threshold: String
        public var pages: Bool
        /// The day the check started running (optional; the sprint report lists the checks added in it).
        public var added: Day?
        public var location: SourceLocation
    }
    /// A consumer-driven contract this service (the consumer) holds with a provider service.
    public struct Contract: Sendable {
        public var provider: String
        public var interactions: [String]
        public var lastVerified: Day
        public var verifiedIn: String
        public var location: SourceLocation
    }

    public var owner: Owner
    public var tier: Int
    public var lifecycle: Lifecycle
    public var dependsOn: [String]
    public var dashboards: [Dashboard]
    public var slo: SLO?
    public var slos: [Objective] = []
    public var alerts: [Alert] = []
    public var syntheticChecks: [SyntheticCheck] = []
    public var contracts: [Contract] = []
    /// The services whose contracts this one (as provider) verifies.
    public var consumers: [String] = []
    public var repo: String?
    /// A team's slug or the name of a rotation.
    public var oncall: String?

    static func decode(_ f: Fields) -> Service? {
        let owner = f.required("owner", "a team slug or a person's handle", f.owner)
        let tier = f.required("tier", "1, 2 or 3", f.tier)
        let lifecycle = f.required("lifecycle", "`experimental`, `production` or `deprecated`", f.choice(Lifecycle.self))
        let dependsOn = f.optional("depends_on", f.list(f.reference(.document(.service)))) ?? []
        let dashboards = f.optional("dashboards", f.list(f.object { d -> Dashboard? in
            let title = d.required("title", "the dashboard's name", d.string)
            let url = d.required("url", "its address", d.webAddress)
            let shows = d.optional("shows", d.list(d.choice(Signal.self))) ?? []
            guard let title, let url else { return nil }
            return Dashboard(title: title, url: url, shows: shows)
        })) ?? []
        let slo = f.optional("slo", f.object { s -> SLO? in
            SLO(availability: s.optional("availability", s.percent), latencyP99Ms: s.optional("latency_p99_ms", s.number))
        })
        let slos = f.optional("slos", f.list(f.object { s -> Objective? in
            let name = s.required("name", "the objective's name", s.string)
            let objective = s.required("objective", "the percentage of good events, such as 99.9", s.percent)
            let window = s.required("window", "the rolling window, such as `28d`", s.duration)
            let indicator = s.required("indicator", "what is measured: the good events over the valid ones", s.string)
            guard let name, let objective, let window, let indicator else { return nil }
            return Objective(name: name, objective: objective, window: window, indicator: indicator)
        })) ?? []
        let alerts = f.optional("alerts", f.list(f.object { a -> Alert? in
            let name = a.required("name", "the alert's name, as the alerting system has it", a.string)
            let type = a.required("type", "`symptom` (what users feel) or `cause`", a.choice(Alert.Kind.self))
            let notify = a.required("notify", "`page` or `ticket`", a.choice(Alert.Notify.self))
            let runbook = a.optional("runbook", a.reference(.document(.runbook)))
            guard let name, let type, let notify else { return nil }
            return Alert(name: name, type: type, notify: notify, runbook: runbook, location: a.location)
        })) ?? []
        let checks = f.optional("synthetic_checks", f.list(f.object { c -> SyntheticCheck? in
            let journey = c.required("journey", "the user journey it walks, such as sign-up", c.string)
            let locations = c.required("locations", "where it runs from", c.list(c.string, nonEmpty: true))
            let interval = c.required("interval", "how often, such as `5m`", c.duration)
            let threshold = c.required("threshold", "when it alerts, such as \"2 of 3 locations fail\"", c.string)
            let pages = c.required("pages", "`true` when crossing the threshold pages on-call", c.bool)
            let added = c.optional("added", c.day)
            guard let journey, let locations, let interval, let threshold, let pages else { return nil }
            return SyntheticCheck(journey: journey, locations: locations, interval: interval, threshold: threshold, pages: pages,
                                  added: added, location: c.location)
        })) ?? []
        let contracts = f.optional("contracts", f.list(f.object { c -> Contract? in
            let provider = c.required("provider", "the slug of the service this one calls", c.reference(.document(.service)))
            let interactions = c.required("interactions", "the requests and replies the contract covers", c.list(c.string, nonEmpty: true))
            let verified = c.required("last_verified", "a date `YYYY-MM-DD`", c.day)
            let verifiedIn = c.required("verified_in", "where the provider verifies it, such as its CI pipeline", c.string)
            guard let provider, let interactions, let verified, let verifiedIn else { return nil }
            return Contract(provider: provider, interactions: interactions, lastVerified: verified, verifiedIn: verifiedIn, location: c.location)
        })) ?? []
        let consumers = f.optional("consumers", f.list(f.reference(.document(.service)))) ?? []
        let repo = f.optional("repo", f.webAddress)
        let oncall = f.optional("oncall", f.string)
        guard let owner, let tier, let lifecycle else { return nil }
        return Service(owner: owner, tier: tier, lifecycle: lifecycle, dependsOn: dependsOn, dashboards: dashboards, slo: slo,
                       slos: slos, alerts: alerts, syntheticChecks: checks, contracts: contracts, consumers: consumers, repo: repo, oncall: oncall)
    }
}

extension Fields {
    /// An address a reader can follow: `http(s)://…` or `mailto:…`. Any other scheme (`javascript:`, `data:`,
    /// `file:`) would not reach the page as written, so it is reported.
    func webAddress(_ value: Value, _ field: String) -> String? {
        guard let s = string(value, field) else { return nil }
        let lowered = s.lowercased()
        if ["http://", "https://", "mailto:"].contains(where: lowered.hasPrefix) {
            return s
        }
        context.report(.init(.invalidValue, "`\(field)` must be an http(s) or mailto: address",
                             at: value.location, expected: "`https://…`, `http://…` or `mailto:…`", found: value.quoted,
                             help: "write the full address, starting with `https://`"), beyondSchema: true)
        return nil
    }

    func tier(_ value: Value, _ field: String) -> Int? {
        guard let n = integer(value, field) else { return nil }
        guard (1...3).contains(n) else {
            context.report(.init(.outOfRange, "`\(field)` must be 1, 2 or 3", at: value.location,
                                 expected: "1 (most critical), 2 or 3", found: value.quoted))
            return nil
        }
        return n
    }
}
