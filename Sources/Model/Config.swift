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
        let baseURL = f.optional("base_url", f.string)
        let environments = f.required("environments", "the list of environments, production last", f.list(f.slugName, nonEmpty: true))
        let cohorts = f.optional("cohorts", f.list(f.slugName, nonEmpty: true))
        let asOf = f.optional("as_of", f.day)
        let reviewEvery = f.optional("runbooks", f.object { r -> Int? in r.optional("review_every_days", r.positiveInteger) })
        let lifetimes = f.optional("flags", f.object { fl -> (Int?, Int?, Int?)? in
            fl.optional("lifetime_days", fl.object { l -> (Int?, Int?, Int?)? in
                let release: Int? = l.optional("release", l.positiveInteger)
                let experiment: Int? = l.optional("experiment", l.positiveInteger)
                let operational: Int? = l.optional("operational", l.positiveInteger)
                return (release, experiment, operational)
            })
        }) ?? nil
        let stats = f.optional("experiments", f.object { e -> (Double?, Double?, Double?, Int?)? in
            let alpha: Double? = e.optional("alpha", e.probability)
            let power: Double? = e.optional("power", e.probability)
            let srm: Double? = e.optional("srm_p", e.probability)
            let minDays: Int? = e.optional("min_days", e.positiveInteger)
            return (alpha, power, srm, minDays)
        })
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
        if let rawHTML { config.allowRawHTML = rawHTML }
        return (config, diagnostics)
    }
}


extension Fields {
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
