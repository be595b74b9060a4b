import Diagnostics
import FrontMatter

/// `Content/almanac.yaml`: the site's title, environments, cohorts, the date "now", and policy defaults.
public struct SiteConfig: Sendable {
    public var title: String
    public var baseURL: String
    public var environments: [String]
    public var cohorts: [String]
    public var asOf: Day?
    public var reviewEveryDays: Int
    public var lifetimeDays: [Flag.FlagType: Int]
    public var alpha: Double
    public var power: Double
    public var srmP: Double
    public var minDays: Int
    /// The sequential test's tuning parameter (`experiments.sequential_tuning`): the total units at which its
    /// interval is narrowest relative to the fixed-horizon one.
    public var sequentialTuning: Double
    /// A proper Gaussian prior on the relative effect (`experiments.prior: { mean, sd }`); nil for gbstats'
    /// default improper prior.
    public var prior: (mean: Double, sd: Double)?
    /// A contract verified longer ago than this many days is stale (W0605).
    public var contractMaxAgeDays: Int
    /// Raw HTML in Markdown bodies is omitted unless this is on (`markdown: { raw_html: true }`).
    public var allowRawHTML: Bool

    public init(title: String, environments: [String]) {
        self.title = title
        self.baseURL = "/"
        self.environments = environments
        self.cohorts = ["everyone"]
        self.asOf = nil
        self.reviewEveryDays = 90
        self.lifetimeDays = [.release: 40, .experiment: 40, .operational: 7]
        self.alpha = 0.05
        self.power = 0.8
        self.srmP = 0.001
        self.minDays = 7
        self.sequentialTuning = 5000
        self.prior = nil
        self.contractMaxAgeDays = 90
        self.allowRawHTML = false
    }

    /// The production environment: the last one listed.
    public var production: String? { environments.last }

    /// Parses `almanac.yaml`; `file` is the path to show in diagnostics.
    public static func parse(_ text: String, file: String) -> (SiteConfig?, [Diagnostic]) {
        let (parsed, yamlProblems) = YAML.parse(text, file: file, what: "almanac.yaml")
        let yamlDiagnostics = yamlProblems.map { d in
            var d = d
            d.code = .configInvalid
            return d
        }
        guard let value = parsed else {
            let missing = Diagnostic(.configInvalid, "almanac.yaml is empty", at: SourceLocation(file: file, line: 1, column: 1),
                                     expected: "at least `title:` and `environments:`", found: "nothing",
                                     help: "start from `title: My Almanac` and `environments: [staging, production]`")
            return (nil, yamlDiagnostics.isEmpty ? [missing] : yamlDiagnostics)
        }
        let context = DecodingContext(file: file)
        guard value.entries != nil else {
            return (nil, yamlDiagnostics + [Diagnostic(.configInvalid, "almanac.yaml must be a mapping of settings", at: value.location,
                                                       expected: "`key: value` lines", found: value.typeName)])
        }
        let f = Fields(value, context: context, path: "")
        let title = f.required("title", "the site's title", f.string)
        let baseURL = f.optional("base_url", f.baseURL)
        let environments = f.required("environments", "the list of environments, production last", f.list(f.slugName, nonEmpty: true))
        let cohorts = f.optional("cohorts", f.list(f.slugName, nonEmpty: true))
        let asOf = f.optional("as_of", f.day)
        let reviewEvery = f.optional("runbooks", f.object { r -> Int? in r.optional("review_every_days", r.integer(in: Bounds.days, "days", example: 90)) })
        let lifetimes = f.optional("flags", f.object { fl -> (Int?, Int?, Int?)? in
            fl.optional("lifetime_days", fl.object { l -> (Int?, Int?, Int?)? in
                let release: Int? = l.optional("release", l.integer(in: Bounds.days, "days", example: 40))
                let experiment: Int? = l.optional("experiment", l.integer(in: Bounds.days, "days", example: 40))
                let operational: Int? = l.optional("operational", l.integer(in: Bounds.days, "days", example: 7))
                return (release, experiment, operational)
            })
        }) ?? nil
        var sequentialTuning: Double?, prior: (mean: Double, sd: Double)?
        let stats = f.optional("experiments", f.object { e -> (Double?, Double?, Double?, Int?)? in
            let alpha: Double? = e.optional("alpha", e.probability)
            let power: Double? = e.optional("power", e.probability)
            let srm: Double? = e.optional("srm_p", e.probability)
            let minDays: Int? = e.optional("min_days", e.integer(in: Bounds.days, "days", example: 7))
            sequentialTuning = e.optional("sequential_tuning", e.positive("the total units the sequential test is tuned for, above 0", example: "5000"))
            prior = e.optional("prior", e.object { p -> (mean: Double, sd: Double)? in
                let mean = p.required("mean", "the prior's mean relative effect, such as 0", p.number)
                let sd = p.required("sd", "the prior's standard deviation of the relative effect, such as 0.3", p.positive("a standard deviation of the relative effect, above 0", example: "0.3"))
                guard let mean, let sd else { return nil }
                return (mean, sd)
            })
            return (alpha, power, srm, minDays)
        })
        let contractAge = f.optional("contracts", f.object { c -> Int? in c.optional("max_age_days", c.integer(in: Bounds.days, "days", example: 90)) })
        let rawHTML = f.optional("markdown", f.object { m -> Bool? in m.optional("raw_html", m.bool) })
        f.finish()
        var diagnostics = (yamlDiagnostics + context.diagnostics).map { d in
            var d = d
            if d.code.class == .userFixable { d.code = .configInvalid }
            return d
        }
        if let environments, Set(environments).count != environments.count, let items = value["environments"]?.list {
            var seen = Set<String>()
            let repeated = items.first { !seen.insert($0.string ?? "").inserted }
            diagnostics.append(Diagnostic(.configInvalid, "an environment is listed twice", at: repeated?.location ?? value["environments"]?.location,
                                          expected: "each environment once", found: environments.joined(separator: ", "),
                                          help: "remove the second `\(repeated?.string ?? "")`"))
        }
        guard let title, let environments, !diagnostics.hasErrors else { return (nil, diagnostics) }
        var config = SiteConfig(title: title, environments: environments)
        if let baseURL { config.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/" }
        if let cohorts { config.cohorts = cohorts }
        config.asOf = asOf
        if let reviewEvery { config.reviewEveryDays = reviewEvery }
        if let (release, experiment, operational) = lifetimes {
            if let release { config.lifetimeDays[.release] = release }
            if let experiment { config.lifetimeDays[.experiment] = experiment }
            if let operational { config.lifetimeDays[.operational] = operational }
        }
        if let (alpha, power, srm, minDays) = stats {
            if let alpha { config.alpha = alpha }
            if let power { config.power = power }
            if let srm { config.srmP = srm }
            if let minDays { config.minDays = minDays }
        }
        if let sequentialTuning { config.sequentialTuning = sequentialTuning }
        config.prior = prior
        if let contractAge { config.contractMaxAgeDays = contractAge }
        if let rawHTML { config.allowRawHTML = rawHTML }
        return (config, diagnostics)
    }
}


extension SiteConfig {
    /// What `base_url` (or `--base-url`) may be: a path from the server's root, or an absolute http(s) URL.
    public static let baseURLExpectation = "a path starting with `/`, such as `/docs/`, or an http(s) URL, such as `https://kb.example.com/`"

    /// Why `text` cannot be the base URL, or nil when it can. Nothing but a path or an http(s) URL is taken: no
    /// other scheme (`javascript:`), no protocol-relative `//host/`, no query or fragment, and only the
    /// characters a URL path needs, so the base lands in links, the feed and the sitemap as written.
    public static func baseURLProblem(_ text: String) -> String? {
        let lowered = text.lowercased()
        let rest: Substring
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") {
            rest = text.drop { $0 != ":" }.dropFirst(3)
            guard let first = rest.first, first != "/", first != ":", first != "@" else { return "the URL names no host" }
        } else if text.hasPrefix("//") {
            return "a protocol-relative URL (`//host/`) is not taken: write `https:` before it"
        } else if text.hasPrefix("/") {
            rest = Substring(text)
        } else {
            return text.contains(":") ? "only http and https URLs are taken" : "a path must start with `/`"
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&()*+,;=:@/%".utf8)
        if let bad = rest.unicodeScalars.first(where: { !$0.isASCII || !allowed.contains(UInt8($0.value)) }) {
            let shown = bad.properties.generalCategory == .control || bad == " " ? "U+" + String(bad.value, radix: 16, uppercase: true) : "`\(bad)`"
            return "\(shown) is not taken in a base URL (no query, fragment, quote, space or non-ASCII letter; percent-encode them)"
        }
        let bytes = Array(rest.utf8)
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "%") {
            guard i + 2 < bytes.count, bytes[i + 1].isHexDigit, bytes[i + 2].isHexDigit else { return "`%` must start an escape such as `%20`" }
        }
        return nil
    }
}

private extension UInt8 {
    var isHexDigit: Bool { (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self) }
}

extension Fields {
    /// `base_url`: see `SiteConfig.baseURLProblem`.
    func baseURL(_ value: Value, _ field: String) -> String? {
        guard let text = string(value, field) else { return nil }
        guard let problem = SiteConfig.baseURLProblem(text) else { return text }
        context.report(.init(.invalidValue, "`\(field)` cannot be `\(text)`: \(problem)", at: value.location,
                             expected: SiteConfig.baseURLExpectation, found: value.quoted,
                             help: text.contains(":") || text.hasPrefix("/") ? "write `base_url: /` for a site served from the root of its host"
                                 : "start it with `/`: `base_url: /\(text)`"))
        return nil
    }

    /// A name used in URLs and references: lowercase letters, digits and hyphens.
    func slugName(_ value: Value, _ field: String) -> String? {
        guard let text = string(value, field) else { return nil }
        guard isValidSlug(text) else {
            context.report(.init(.invalidValue, "`\(field)` must be a lowercase name", at: value.location,
                                 expected: "lowercase letters, digits and hyphens, such as `power-users`", found: value.quoted))
            return nil
        }
        return text
    }
}
