import Model
import Stats

/// What an experiment's design and results come to, with the names of the content model: the sample size and
/// minimum duration of the design, the sample-ratio check, each treatment compared with the control on each
/// metric, the guardrails' verdicts, and the experiments it may collide with.
public struct ExperimentReport: Sendable, Equatable {
    public var alpha: Double
    public var power: Double
    /// The sequential test's tuning parameter (`experiments.sequential_tuning`).
    public var sequentialTuning: Double
    /// Units per variant for the primary metric (`sample_size_per_variant`); nil when the design gives none.
    public var sampleSizePerVariant: Int?
    /// Why there is no sample size, in words.
    public var sampleSizeProblem: String?
    /// `min_days`: the configured minimum, or the days the smallest variant needs to reach the sample size.
    public var minDays: Int?
    /// The date the figures are as of (the results' `as_of`, else the end or the as-of date, whichever is first).
    public var resultsDay: Day
    /// Days from the start to `resultsDay`.
    public var daysRun: Int
    /// The smallest variant's units so far, and the total.
    public var smallestVariantUnits: Int?
    public var totalUnits: Int?
    /// Results that came before the minimum duration: their verdict is premature.
    public var premature: Bool
    /// `srm_p` and `srm` (srm_p below the configured threshold); nil without results for every variant.
    public var srmP: Double?
    public var srm: Bool
    public var comparisons: [Comparison]
    /// The comparisons of each segment of the results (`results.segments` or the file's `segment` column), in order.
    public var segments: [SegmentReport] = []
    /// Whether the primary metric's effect differs between a dimension's segments (Cochran's Q), per treatment.
    public var heterogeneity: [HeterogeneityResult] = []
    /// The design again from the pilot's observed baseline (and sd), when the experiment names a pilot with results.
    public var pilot: PilotFigures?
    public var guardrails: [GuardrailResult]
    /// More than one treatment: p-values are not corrected for multiple comparisons (Holm's are shown beside).
    public var multipleTreatments: Bool
    /// Slugs of the experiments this one overlaps (same surface, overlapping dates, intersecting segments, not
    /// both in one layer), sorted.
    public var overlaps: [String] = []

    /// One treatment against the control on one metric.
    public struct Comparison: Sendable, Equatable {
        public var variant: String
        public var metric: String
        public var kind: Experiment.MetricKind
        public var isPrimary: Bool
        /// The control's and the treatment's rate (proportion) or mean, and their units.
        public var control: Double?
        public var treatment: Double?
        public var controlUnits: Int
        public var treatmentUnits: Int
        public var lift: Double?
        public var ciLow: Double?
        public var ciHigh: Double?
        public var pValue: Double?
        /// Holm–Bonferroni adjusted p-value over the treatments of this metric (only with several treatments).
        public var pValueHolm: Double?
        public var significant: Bool
        /// Why a figure is missing, or a caution about it (a sample too small for the normal approximation).
        public var notes: [String]
        /// The always-valid sequential interval and p-value of the lift (gbstats' `SequentialTwoSidedTTest`).
        public var seqCiLow: Double?
        public var seqCiHigh: Double?
        public var seqPValue: Double?
        /// The Bayesian reading (gbstats' `EffectBayesianABTest`): the chance the treatment is better, the expected
        /// loss of choosing the control and of choosing the treatment, and the credible interval of the lift.
        public var chanceToWin: Double?
        public var riskControl: Double?
        public var riskTreatment: Double?
        public var bayesCiLow: Double?
        public var bayesCiHigh: Double?
        /// Lower values are better for this metric (a decrease is the good direction).
        public var lowerIsBetter: Bool = false
        /// The level of a quantile metric (0.95 for p95).
        public var quantileLevel: Double?
        /// The lift's standard error (delta method), for comparing segments.
        public var standardError: Double?
        /// CUPED (a mean with pre-experiment figures): the regression-adjusted lift and its fixed-horizon interval, and
        /// the share of the lift's variance the adjustment removes.
        public var cupedLift: Double?
        public var cupedCiLow: Double?
        public var cupedCiHigh: Double?
        public var varianceReduction: Double?
    }

    public struct GuardrailResult: Sendable, Equatable {
        public var metric: String
        public var variant: String
        public var maxRegression: Double
        public var badDirection: Experiment.Direction
        /// pass, fail or inconclusive; nil when the results have no figures to judge by.
        public var verdict: GuardrailVerdict?
        public var lift: Double?
        /// The one-sided bound checked against the allowed regression (lift + q₁·se, or lift − q₁·se).
        public var bound: Double?
        public var note: String?
    }

    init(_ e: Experiment, config: SiteConfig, asOf: Day) {
        let alpha = e.alpha ?? config.alpha, power = e.power ?? config.power
        self.alpha = alpha
        self.power = power
        sequentialTuning = config.sequentialTuning
        let m = e.primaryMetric
        let direction = Direction(m.direction)
        switch m.kind {
        case .proportion:
            sampleSizePerVariant = Planning.proportionSampleSize(baseline: m.baseline, expectedLift: m.expectedLift,
                                                                 alpha: alpha, power: power, direction: direction)
            if sampleSizePerVariant == nil {
                sampleSizeProblem = "a proportion's baseline must be between 0 and 1, and baseline ± the expected change too"
            }
        case .mean, .ratio:
            sampleSizePerVariant = m.sd.flatMap {
                Planning.meanSampleSize(baseline: m.baseline, standardDeviation: $0, expectedLift: m.expectedLift,
                                        alpha: alpha, power: power)
            }
            if sampleSizePerVariant == nil { sampleSizeProblem = "a \(m.kind.rawValue) needs a baseline other than 0 and an `sd` above 0" }
        case .quantile:
            sampleSizePerVariant = nil
            sampleSizeProblem = "a quantile cannot be the primary metric"
        }
        if m.expectedLift <= 0 { sampleSizeProblem = "the expected lift must be above 0" }
        let smallestWeight = e.variants.map(\.weight).min() ?? 0
        let minDays = sampleSizePerVariant.flatMap {
            Planning.minimumDurationDays(sampleSizePerVariant: $0, dailyTraffic: Double(e.dailyTraffic),
                                         allocationPercent: e.allocation ?? 100, smallestWeightPercent: smallestWeight,
                                         minimumDays: config.minDays)
        }
        self.minDays = minDays
        let runsThrough = min(e.end ?? asOf, asOf)
        let resultsDay = e.results?.asOf.map { min($0, runsThrough) } ?? runsThrough
        let daysRun = max(0, resultsDay.days(since: e.start))
        self.resultsDay = resultsDay
        self.daysRun = daysRun

        let results = e.results?.variants ?? []
        let byName = Dictionary(results.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let designed = e.variants.compactMap { byName[$0.name] }
        smallestVariantUnits = designed.count == e.variants.count ? designed.map(\.units).min() : nil
        totalUnits = results.isEmpty ? nil : results.reduce(0) { $0 + $1.units }
        premature = !results.isEmpty && minDays.map { daysRun < $0 } == true

        // Sample ratio: every designed variant needs its units.
        if designed.count == e.variants.count, designed.count >= 2,
           let test = SampleRatioMismatch(observed: designed.map(\.units), weightsPercent: e.variants.map(\.weight)) {
            srmP = test.pValue
            srm = test.pValue < config.srmP
        } else {
            srmP = nil
            srm = false
        }

        // Comparisons: each treatment against the control, on each metric the design names, primary first.
        multipleTreatments = e.variants.filter { !$0.control }.count > 1
        var metrics: [Metric] = [Metric(name: m.name, kind: m.kind, primary: true, lowerIsBetter: m.direction == .decrease)]
        for g in e.guardrails where !metrics.contains(where: { $0.name == g.metric }) {
            metrics.append(Metric(name: g.metric, kind: g.kind, primary: false, lowerIsBetter: g.badDirection == .increase, quantile: g.quantile))
        }
        let settings = Settings(alpha: alpha, tuning: config.sequentialTuning,
                                prior: config.prior.map { GrowthBookComparison.Prior(mean: $0.mean, variance: $0.sd * $0.sd, proper: true) } ?? .init())
        let (comparisons, lifts) = Self.comparisons(e, results, metrics: metrics, settings: settings)
        segments = Self.segments(e, metrics: metrics, settings: settings)
        heterogeneity = Self.heterogeneity(segments)
        self.comparisons = comparisons

        guardrails = e.guardrails.flatMap { g in
            e.variants.filter { !$0.control }.map { variant -> GuardrailResult in
                let bad = Direction(g.badDirection)
                var result = GuardrailResult(metric: g.metric, variant: variant.name, maxRegression: g.maxRegression,
                                             badDirection: g.badDirection, verdict: nil, lift: nil, bound: nil, note: nil)
                guard let lift = lifts[variant.name + "\u{0}" + g.metric] else {
                    result.note = comparisons.first { $0.variant == variant.name && $0.metric == g.metric }?.notes.first
                        ?? "no results for this metric yet"
                    return result
                }
                result.lift = lift.lift
                let margin = lift.oneSidedQuantile * lift.standardError
                result.bound = bad == .increase ? lift.lift + margin : lift.lift - margin
                result.verdict = GuardrailVerdict(lift: lift.lift, standardError: lift.standardError, oneSidedQuantile: lift.oneSidedQuantile,
                                                  maxRegression: g.maxRegression, badDirection: bad)
                return result
            }
        }
    }

    /// Each treatment against the control on each of `metrics`, for one set of variant results (all units, or a
    /// segment's), with Holm's adjustment across the treatments of each metric; and the lifts by treatment and metric.
    static func comparisons(_ e: Experiment, _ results: [Experiment.VariantResult], metrics: [Metric],
                            settings: Settings) -> ([Comparison], [String: LiftEstimate]) {
        let byName = Dictionary(results.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        guard let control = e.variants.first(where: { $0.control }).flatMap({ byName[$0.name] }) else { return ([], [:]) }
        let treatments = e.variants.filter { !$0.control }.compactMap { byName[$0.name] }
        var comparisons: [Comparison] = []
        var lifts: [String: LiftEstimate] = [:]
        for metric in metrics {
            var group: [Comparison] = []
            for treatment in treatments {
                guard let c = control.metrics.first(where: { $0.name == metric.name })?.value,
                      let t = treatment.metrics.first(where: { $0.name == metric.name })?.value else { continue }
                let (comparison, lift) = compare(metric: metric, control: (control.units, c),
                                                 treatment: (treatment.name, treatment.units, t), settings: settings)
                group.append(comparison)
                if let lift { lifts[treatment.name + "\u{0}" + metric.name] = lift }
            }
            if group.count > 1 {
                let indices = group.indices.filter { group[$0].pValue != nil }
                let adjusted = MultipleComparisons.holm(indices.map { group[$0].pValue! })
                for (i, p) in zip(indices, adjusted) { group[i].pValueHolm = p }
            }
            comparisons += group
        }
        return (comparisons, lifts)
    }

    /// A lift with what a guardrail's non-inferiority check needs: its standard error and one-sided quantile.
    struct LiftEstimate {
        var lift: Double
        var standardError: Double
        var oneSidedQuantile: Double
    }

    /// A metric compared: its kind, whether it is the primary one, and which way is better.
    struct Metric {
        var name: String
        var kind: Experiment.MetricKind
        var primary: Bool
        var lowerIsBetter: Bool
        var quantile: Double? = nil
    }

    /// The settings of the sequential and Bayesian readings.
    struct Settings {
        var alpha: Double
        var tuning: Double
        var prior: GrowthBookComparison.Prior
    }

    /// One comparison: the fixed-horizon lift, interval and p-value (or the reasons they cannot be given), then the
    /// sequential and Bayesian readings.
    static func compare(metric: Metric, control: (units: Int, value: Experiment.Observation),
                        treatment: (name: String, units: Int, value: Experiment.Observation),
                        settings: Settings) -> (Comparison, LiftEstimate?) {
        let alpha = settings.alpha
        var (c, lift) = compareFixedHorizon(metric: metric, control: control, treatment: treatment, alpha: alpha)
        let estimate = lift.map { LiftEstimate(lift: $0.lift, standardError: $0.standardError, oneSidedQuantile: $0.oneSidedQuantile(alpha: alpha)) }
        let gb = c.readGrowthBook(control: (control.units, control.value), treatment: (treatment.units, treatment.value), settings: settings)
        c.standardError = (estimate ?? gb)?.standardError
        return (c, estimate ?? gb)
    }

    static func compareFixedHorizon(metric: Metric, control: (units: Int, value: Experiment.Observation),
                                    treatment: (name: String, units: Int, value: Experiment.Observation),
                                    alpha: Double) -> (Comparison, RelativeLift?) {
        var c = Comparison(variant: treatment.name, metric: metric.name, kind: metric.kind, isPrimary: metric.primary,
                           control: nil, treatment: nil, controlUnits: control.units, treatmentUnits: treatment.units,
                           lift: nil, ciLow: nil, ciHigh: nil, pValue: nil, pValueHolm: nil, significant: false, notes: [])
        c.lowerIsBetter = metric.lowerIsBetter
        c.quantileLevel = metric.quantile
        var lift: RelativeLift?
        if control.units == 0 || treatment.units == 0 {
            c.notes.append(control.units == 0 ? "the control has no units yet" : "this variant has no units yet")
            return (c, nil)
        }
        switch metric.kind {
        case .proportion:
            guard let cc = control.value.conversions, let tc = treatment.value.conversions else {
                c.notes.append("the results give no conversions for this metric")
                return (c, nil)
            }
            let cs = ProportionSample(conversions: cc, units: control.units), ts = ProportionSample(conversions: tc, units: treatment.units)
            c.control = cs.rate
            c.treatment = ts.rate
            c.pValue = TwoProportionZTest(control: cs, treatment: ts)?.pValue
            lift = RelativeLift(control: cs, treatment: ts, alpha: alpha)
            if cs.rate == 0 { c.notes.append("the control has no conversions, so a relative lift is undefined") }
            if !ProportionSample.normalApproximationIsAdequate([cs, ts]) {
                c.notes.append("fewer than 5 conversions or non-conversions in a variant: too small a sample for the normal approximation, so the interval and p-value are rough")
            }
        case .mean:
            guard let cm = control.value.mean, let csd = control.value.sd, let tm = treatment.value.mean, let tsd = treatment.value.sd else {
                c.notes.append("the results give no mean and sd for this metric")
                return (c, nil)
            }
            let cs = MeanSample(mean: cm, standardDeviation: csd, count: control.units)
            let ts = MeanSample(mean: tm, standardDeviation: tsd, count: treatment.units)
            c.control = cm
            c.treatment = tm
            c.pValue = WelchTTest(control: cs, treatment: ts)?.pValue
            lift = RelativeLift(control: cs, treatment: ts, alpha: alpha)
            if cm == 0 { c.notes.append("the control's mean is 0, so a relative lift is undefined") }
            if control.units < 2 || treatment.units < 2 { c.notes.append("a variant has fewer than 2 units: no variance, no test") }
            if csd == 0 && tsd == 0 { c.notes.append("both variants have a standard deviation of 0") }
        case .ratio, .quantile:
            // Their figures are gbstats' (see `readGrowthBook`).
            return (c, nil)
        }
        if let lift {
            c.lift = lift.lift
            c.ciLow = lift.lower
            c.ciHigh = lift.upper
        }
        c.significant = c.pValue.map { $0 < alpha } ?? false
        return (c, lift)
    }
}

/// Experiments that may reach the same users at once, and layers whose experiments take more than all traffic.
public struct ExperimentCollisions: Sendable, Equatable {
    /// Pairs of overlapping experiments (document ids, the one that started first, then the other; pairs in
    /// document order).
    public var overlaps: [(String, String)] = []
    /// Per layer that is over-allocated: the experiments (document ids) whose dates overlap and whose allocations
    /// sum to more than 100, with the sum.
    public var overAllocated: [(layer: String, experiments: [String], total: Double)] = []

    init() {}

    public static func == (a: ExperimentCollisions, b: ExperimentCollisions) -> Bool {
        a.overlaps.elementsEqual(b.overlaps, by: ==)
            && a.overAllocated.elementsEqual(b.overAllocated) { $0.layer == $1.layer && $0.experiments == $1.experiments && $0.total == $1.total }
    }

    init(_ experiments: [(document: Document, experiment: Experiment)], asOf: Day) {
        func range(_ e: Experiment) -> ClosedRange<Day>? {
            let end = e.end ?? max(asOf, e.start)
            return e.start <= end ? e.start...end : nil
        }
        func intersect(_ a: [String]?, _ b: [String]?) -> Bool {
            guard let a, let b else { return true }
            return !Set(a).isDisjoint(with: b)
        }
        // Only experiments on one surface can overlap: pairs are looked for within each surface (in document
        // order), then put back in the order of one pass over all pairs.
        struct Running { var index: Int; var range: ClosedRange<Day>; var experiment: Experiment }
        var surfaces: [String: [Running]] = [:]
        for (i, item) in experiments.enumerated() {
            guard let r = range(item.experiment) else { continue }
            surfaces[item.experiment.surface, default: []].append(Running(index: i, range: r, experiment: item.experiment))
        }
        var found: [(Int, Int)] = []
        for group in surfaces.values {
            for (p, a) in group.enumerated() {
                for b in group[(p + 1)...] {
                    guard a.range.overlaps(b.range) else { continue }
                    if let layer = a.experiment.layer, layer == b.experiment.layer { continue }
                    let sx = a.experiment.segments, sy = b.experiment.segments
                    guard intersect(sx?.lifecycle, sy?.lifecycle), intersect(sx?.locale, sy?.locale),
                          intersect(sx?.device, sy?.device) else { continue }
                    found.append((a.index, b.index))
                }
            }
        }
        for (i, j) in found.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            let a = experiments[i], b = experiments[j]
            overlaps.append(b.experiment.start < a.experiment.start ? (b.document.id, a.document.id) : (a.document.id, b.document.id))
        }
        // A layer's load is highest on some experiment's first day: check each start against the others running.
        var layers: [String: [(document: Document, experiment: Experiment)]] = [:]
        var layerOrder: [String] = []
        for item in experiments {
            guard let layer = item.experiment.layer else { continue }
            if layers[layer] == nil { layerOrder.append(layer) }
            layers[layer, default: []].append(item)
        }
        for layer in layerOrder {
            let members = layers[layer]!
            var worst: (experiments: [String], total: Double)?
            for day in Set(members.map(\.experiment.start)).sorted() {
                let running = members.filter { range($0.experiment)?.contains(day) == true }
                let total = running.reduce(0.0) { $0 + ($1.experiment.allocation ?? 100) }
                if total > 100 + 1e-9, total > worst?.total ?? 0 { worst = (running.map(\.document.id), total) }
            }
            if let worst { overAllocated.append((layer, worst.experiments, worst.total)) }
        }
    }
}

extension Direction {
    /// The statistics' direction of a content-model direction (the same two words).
    init(_ direction: Experiment.Direction) { self = direction == .increase ? .increase : .decrease }
}
