import FrontMatter
import Diagnostics

/// An experiment: its design before launch, and its results as they come.
public struct Experiment: Sendable {
    public enum Status: String, CaseIterable, Sendable { case draft, pilot, running, concluded, stopped }
    /// `ratio`: a per-unit numerator over a per-unit denominator (clicks per session); `quantile`: a quantile of a
    /// distribution (p95 response time), for guardrails.
    public enum MetricKind: String, CaseIterable, Sendable { case proportion, mean, ratio, quantile }
    public enum Direction: String, CaseIterable, Sendable { case increase, decrease }
    public enum Decision: String, CaseIterable, Sendable { case ship, iterate, abandon }

    public struct Segments: Sendable { public var lifecycle: [String]?; public var locale: [String]?; public var device: [String]? }
    public struct Variant: Sendable { public var name: String; public var weight: Double; public var control: Bool }
    public struct PrimaryMetric: Sendable {
        public var name: String; public var kind: MetricKind; public var baseline: Double; public var sd: Double?
        public var expectedLift: Double; public var direction: Direction
    }
    public struct Guardrail: Sendable {
        public var metric: String; public var kind: MetricKind; public var maxRegression: Double; public var badDirection: Direction
        /// The level of a quantile metric (0.95 for p95).
        public var quantile: Double? = nil
    }
    /// One variant's figures on one metric: `conversions` (proportion); `mean` and `sd` (mean), with CUPED's
    /// pre-experiment `pre_mean`, `pre_sd` and their `covariance`; a ratio's numerator and denominator means and
    /// sds and their `covariance`; a quantile's `estimate` with the `lower` and `upper` bounds of its 95 % interval,
    /// from `events` (the units when not given) and `n_star` (the sample size of the bounds, `events` when not given).
    public struct Observation: Sendable, Hashable {
        public var conversions: Int?; public var mean: Double?; public var sd: Double?
        public var preMean: Double? = nil; public var preSd: Double? = nil; public var covariance: Double? = nil
        public var numeratorMean: Double? = nil; public var numeratorSd: Double? = nil
        public var denominatorMean: Double? = nil; public var denominatorSd: Double? = nil
        public var estimate: Double? = nil; public var lower: Double? = nil; public var upper: Double? = nil
        public var events: Int? = nil; public var nStar: Int? = nil
    }
    public struct VariantResult: Sendable { public var name: String; public var units: Int; public var metrics: [(name: String, value: Observation)] }
    /// The results of one segment (`dimension=value`, such as `locale=en`).
    public struct SegmentResult: Sendable {
        public var dimension: String
        public var value: String
        public var variants: [VariantResult]
        public var location: SourceLocation
        public var name: String { dimension + "=" + value }
    }
    public struct Results: Sendable {
        public var asOf: Day?; public var variants: [VariantResult]
        public var segments: [SegmentResult] = []
    }

    public var owner: Owner
    public var status: Status
    public var hypothesis: String
    public var flag: String?
    public var surface: String
    public var layer: String?
    public var segments: Segments?
    public var start: Day
    public var end: Day?
    public var allocation: Double?
    public var dailyTraffic: Int
    public var alpha: Double?
    public var power: Double?
    public var variants: [Variant]
    public var primaryMetric: PrimaryMetric
    public var guardrails: [Guardrail]
    public var results: Results?
    public var resultsFile: String?
    public var resultsFileLocation: SourceLocation?
    public var decision: Decision?
    public var learnings: String?
    /// The pilot this experiment follows: an experiment with status `pilot`, whose observed baseline gives a
    /// second sample size.
    public var pilot: String? = nil

    static func decode(_ f: Fields) -> Experiment? {
        let owner = f.required("owner", "a team slug or a person's handle", f.owner)
        let status = f.required("status", "`draft`, `pilot`, `running`, `concluded` or `stopped`", f.choice(Status.self))
        let hypothesis = f.required("hypothesis", "what you expect and why", f.string)
        let flag = f.optional("flag", f.reference(.document(.flag)))
        let surface = f.required("surface", "where in the product it runs", f.string)
        let layer = f.optional("layer", f.string)
        let segments = f.optional("segments", f.object { s in
            Segments(lifecycle: s.optional("lifecycle", s.list(s.string)),
                     locale: s.optional("locale", s.list(s.string)),
                     device: s.optional("device", s.list(s.string)))
        })
        let start = f.required("start", "a date `YYYY-MM-DD`", f.day)
        let end = f.optional("end", f.day)
        let allocation = f.optional("allocation", f.percent)
        let traffic = f.required("daily_traffic", "eligible units a day, an integer", f.integer(in: Bounds.traffic, "units a day", example: 50000))
        let alpha = f.optional("alpha", f.probability)
        let power = f.optional("power", f.probability)
        let variants = f.required("variants", "a list of `{ name, weight, control? }`", f.list(f.object { v -> Variant? in
            let name = v.required("name", "the variant's name", v.string)
            let weight = v.required("weight", "its share of traffic, a percentage", v.percent)
            let control = v.optional("control", v.bool) ?? false
            guard let name, let weight else { return nil }
            return Variant(name: name, weight: weight, control: control)
        }))
        let primary = f.required("primary_metric", "`{ name, kind, baseline, expected_lift, direction }`", f.object { m -> PrimaryMetric? in
            let name = m.required("name", "the metric's name", m.string)
            let kind = m.required("kind", "`proportion`, `mean` or `ratio`", m.choice(MetricKind.self))
            if kind == .quantile, let value = m.value("kind") {
                m.context.report(.init(.invalidValue, "a primary metric cannot be a `quantile`", at: value.location,
                                       expected: "`proportion`, `mean` or `ratio`", found: "`quantile`",
                                       help: "make the quantile a guardrail (`guardrails: [{ metric: ..., kind: quantile, quantile: 0.95, ... }]`)"),
                                 beyondSchema: true)
            }
            let baseline = m.required("baseline", "the control's expected value", m.number)
            let sd = m.optional("sd", m.number)
            let lift = m.required("expected_lift", "the relative lift to detect, such as `0.05` for +5 %", m.number)
            let direction = m.required("direction", "`increase` or `decrease`", m.choice(Direction.self))
            if kind == .mean || kind == .ratio, sd == nil, m.value("sd") == nil {
                m.context.report(.init(.missingField, "a `\(kind!.rawValue)` metric needs `sd`", at: m.location,
                                       expected: "`sd:` the metric's standard deviation", found: "no `sd` key"))
            }
            guard let name, let kind, let baseline, let lift, let direction else { return nil }
            return PrimaryMetric(name: name, kind: kind, baseline: baseline, sd: sd, expectedLift: lift, direction: direction)
        })
        let guardrails = f.optional("guardrails", f.list(f.object { g -> Guardrail? in
            let metric = g.required("metric", "the metric's name", g.string)
            let kind = g.required("kind", "`proportion`, `mean`, `ratio` or `quantile`", g.choice(MetricKind.self))
            let max = g.required("max_regression", "the largest tolerated relative regression, such as `0.02`", g.number)
            let bad = g.required("bad_direction", "`increase` or `decrease`", g.choice(Direction.self))
            let level = kind == .quantile ? g.required("quantile", "the quantile's level, such as 0.95 for p95", g.probability)
                                          : g.optional("quantile", g.probability)
            guard let metric, let kind, let max, let bad else { return nil }
            return Guardrail(metric: metric, kind: kind, maxRegression: max, badDirection: bad, quantile: level)
        })) ?? []
        let results = f.optional("results", f.object { r -> Results? in
            let asOf = r.required("as_of", "the date the results were exported", r.day)
            func variantResults(_ v: Fields) -> (Value, String) -> [VariantResult]? {
                { value, field in
                    v.dictionary(v.object { v -> (Int, [(String, Observation)])? in
                        let units = v.required("units", "the number of units, an integer", v.integer(in: Bounds.count, "units", example: 41870))
                        let metrics = v.required("metrics", "a mapping from metric name to its figures", v.dictionary(v.object(Observation.decode)))
                        guard let units, let metrics else { return nil }
                        return (units, metrics.map { ($0.key, $0.value) })
                    })(value, field)?.map { VariantResult(name: $0.key, units: $0.value.0, metrics: $0.value.1.map { (name: $0.0, value: $0.1) }) }
                }
            }
            let variants = r.required("variants", "a mapping from variant name to `{ units, metrics }`", variantResults(r))
            let segments = r.optional("segments", r.dictionary(variantResults(r))) ?? []
            guard let variants else { return nil }
            return Results(asOf: asOf, variants: variants, segments: segments.compactMap { entry in
                let parts = entry.key.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { return nil }
                return SegmentResult(dimension: parts[0], value: parts[1], variants: entry.value, location: entry.location)
            })
        })
        let resultsFile = f.optional("results_file", f.string)
        let decision = f.optional("decision", f.choice(Decision.self))
        let learnings = f.optional("learnings", f.string)
        let pilot = f.optional("pilot", f.reference(.document(.experiment)))
        guard let owner, let status, let hypothesis, let surface, let start, let traffic, let variants, let primary else { return nil }
        return Experiment(owner: owner, status: status, hypothesis: hypothesis, flag: flag, surface: surface, layer: layer,
                          segments: segments, start: start, end: end, allocation: allocation, dailyTraffic: traffic,
                          alpha: alpha, power: power, variants: variants, primaryMetric: primary, guardrails: guardrails,
                          results: results, resultsFile: resultsFile, resultsFileLocation: f.value("results_file")?.location,
                          decision: decision, learnings: learnings, pilot: pilot)
    }
}

extension Experiment.Observation {
    static func decode(_ o: Fields) -> Experiment.Observation {
        func sd(_ key: String) -> Double? { o.optional(key, o.number) }
        return Experiment.Observation(
            conversions: o.optional("conversions", o.integer(in: Bounds.count, "conversions", example: 4187)),
            mean: o.optional("mean", o.number), sd: sd("sd"),
            preMean: o.optional("pre_mean", o.number), preSd: sd("pre_sd"), covariance: o.optional("covariance", o.number),
            numeratorMean: o.optional("numerator_mean", o.number), numeratorSd: sd("numerator_sd"),
            denominatorMean: o.optional("denominator_mean", o.number), denominatorSd: sd("denominator_sd"),
            estimate: o.optional("estimate", o.number), lower: o.optional("lower", o.number), upper: o.optional("upper", o.number),
            events: o.optional("events", o.integer(in: Bounds.count, "events", example: 250000)),
            nStar: o.optional("n_star", o.integer(in: Bounds.count, "events", example: 250000)))
    }
}

extension Fields {
    /// A number above 0 (and finite); `what` says what it is, `example` a typical value.
    func positive(_ what: String, example: String) -> (Value, String) -> Double? {
        { value, field in
            guard let n = self.number(value, field) else { return nil }
            guard n > 0 else {
                self.context.report(.init(.outOfRange, "`\(field)` must be above 0", at: value.location, expected: what, found: value.quoted,
                                          help: "write `\(Fields.key(of: field)): \(example)`, or another number above 0"))
                return nil
            }
            return n
        }
    }

    func probability(_ value: Value, _ field: String) -> Double? {
        guard let n = number(value, field) else { return nil }
        guard n > 0, n < 1 else {
            let key = Fields.key(of: field)
            let example = ["power": "0.8", "srm_p": "0.001"][key] ?? "0.05"
            context.report(.init(.outOfRange, "`\(field)` must be between 0 and 1", at: value.location,
                                 expected: "a probability between 0 and 1, such as `\(example)`", found: value.quoted,
                                 help: "write `\(key): \(example)`, or another number between 0 and 1"))
            return nil
        }
        return n
    }
}
