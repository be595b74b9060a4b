import FrontMatter
/// A service: who owns it, how critical it is, what it depends on, where to look when it hurts.
public struct Service: Sendable {
    public enum Lifecycle: String, CaseIterable, Sendable { case experimental, production, deprecated }
    public struct Dashboard: Sendable { public var title: String; public var url: String }
    public struct SLO: Sendable { public var availability: Double?; public var latencyP99Ms: Double? }

    public var owner: Owner
    public var tier: Int
    public var lifecycle: Lifecycle
    public var dependsOn: [String]
    public var dashboards: [Dashboard]
    public var slo: SLO?

    static func decode(_ f: Fields) -> Service? {
        let owner = f.required("owner", "a team slug or a person's handle", f.owner)
        let tier = f.required("tier", "1, 2 or 3", f.tier)
        let lifecycle = f.required("lifecycle", "`experimental`, `production` or `deprecated`", f.choice(Lifecycle.self))
        let dependsOn = f.optional("depends_on", f.list(f.reference(.document(.service)))) ?? []
        let dashboards = f.optional("dashboards", f.list(f.object { d -> Dashboard? in
            let title = d.required("title", "the dashboard's name", d.string)
            let url = d.required("url", "its address", d.webAddress)
            guard let title, let url else { return nil }
            return Dashboard(title: title, url: url)
        })) ?? []
        let slo = f.optional("slo", f.object { s -> SLO? in
            SLO(availability: s.optional("availability", s.percent), latencyP99Ms: s.optional("latency_p99_ms", s.number))
        })
        guard let owner, let tier, let lifecycle else { return nil }
        return Service(owner: owner, tier: tier, lifecycle: lifecycle, dependsOn: dependsOn, dashboards: dashboards, slo: slo)
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
