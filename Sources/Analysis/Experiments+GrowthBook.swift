import Model
import Stats

/// GrowthBook-level parts of an experiment's report: gbstats' readings of each comparison (sequential, Bayesian,
/// ratio and quantile metrics, CUPED), the comparisons by segment with Cochran's test, and the design from a pilot.
extension ExperimentReport {
    public struct PilotFigures: Sendable, Equatable {
        public var slug: String
        /// The control's observed rate or mean in the pilot, and its sd (a mean).
        public var baseline: Double
        public var sd: Double?
        public var sampleSizePerVariant: Int?
        public var minDays: Int?
        /// (planned − observed) / observed; nil when the pilot observed 0.
        public var baselineOff: Double?
    }

    /// The sample size and minimum duration of `e`'s design with the pilot's observed baseline (and sd) in place of
    /// the planned ones; the rest of the design (lift, alpha, power, traffic) is the experiment's.
    mutating func follow(pilot slug: String, observed: (baseline: Double, sd: Double?), _ e: Experiment, config: SiteConfig) {
        let m = e.primaryMetric
        let size: Int?
        switch m.kind {
        case .proportion:
            size = Planning.proportionSampleSize(baseline: observed.baseline, expectedLift: m.expectedLift, alpha: alpha, power: power,
                                                 direction: Direction(m.direction))
        case .mean, .ratio:
            size = (observed.sd ?? m.sd).flatMap {
                Planning.meanSampleSize(baseline: observed.baseline, standardDeviation: $0, expectedLift: m.expectedLift, alpha: alpha, power: power)
            }
        case .quantile:
            size = nil
        }
        let days = size.flatMap {
            Planning.minimumDurationDays(sampleSizePerVariant: $0, dailyTraffic: Double(e.dailyTraffic), allocationPercent: e.allocation ?? 100,
                                         smallestWeightPercent: e.variants.map(\.weight).min() ?? 0, minimumDays: config.minDays)
        }
        pilot = PilotFigures(slug: slug, baseline: observed.baseline, sd: observed.sd, sampleSizePerVariant: size, minDays: days,
                             baselineOff: observed.baseline == 0 ? nil : (m.baseline - observed.baseline) / observed.baseline)
    }

    /// One segment's comparisons; `pValueHolm` of each is Holm's adjustment across the segments of its dimension
    /// (for its metric and treatment), and the segment's own `pValueHolm` that of the primary metric's first treatment.
    public struct SegmentReport: Sendable, Equatable {
        public var dimension: String
        public var value: String
        public var units: Int
        public var comparisons: [Comparison]
        public var pValueHolm: Double?
    }

    /// Cochran's Q over a dimension's segment estimates of the primary metric for one treatment.
    public struct HeterogeneityResult: Sendable, Equatable {
        public var dimension: String
        public var variant: String
        public var q: Double
        public var pValue: Double
    }

    static func segments(_ e: Experiment, metrics: [Metric], settings: Settings) -> [SegmentReport] {
        var out = (e.results?.segments ?? []).map { s in
            SegmentReport(dimension: s.dimension, value: s.value, units: s.variants.reduce(0) { $0 + $1.units },
                          comparisons: comparisons(e, s.variants, metrics: metrics, settings: settings).0, pValueHolm: nil)
        }
        for dimension in Set(out.map(\.dimension)) {
            let members = out.indices.filter { out[$0].dimension == dimension }
            var keys: [String] = []
            for i in members { for c in out[i].comparisons where !keys.contains(c.metric + "\u{0}" + c.variant) { keys.append(c.metric + "\u{0}" + c.variant) } }
            for key in keys {
                let places = members.compactMap { i in out[i].comparisons.firstIndex { $0.metric + "\u{0}" + $0.variant == key && $0.pValue != nil }.map { (i, $0) } }
                let adjusted = MultipleComparisons.holm(places.map { out[$0.0].comparisons[$0.1].pValue! })
                for ((i, j), p) in zip(places, adjusted) { out[i].comparisons[j].pValueHolm = p }
            }
        }
        for i in out.indices { out[i].pValueHolm = out[i].comparisons.first(where: \.isPrimary)?.pValueHolm }
        return out
    }

    static func heterogeneity(_ segments: [SegmentReport]) -> [HeterogeneityResult] {
        var out: [HeterogeneityResult] = []
        var dimensions: [String] = []
        for s in segments where !dimensions.contains(s.dimension) { dimensions.append(s.dimension) }
        for dimension in dimensions {
            let primary = segments.filter { $0.dimension == dimension }.flatMap { $0.comparisons.filter(\.isPrimary) }
            var variants: [String] = []
            for c in primary where !variants.contains(c.variant) { variants.append(c.variant) }
            for variant in variants {
                let estimates = primary.filter { $0.variant == variant }.compactMap { c in c.lift.flatMap { l in c.standardError.map { (l, $0) } } }
                guard let q = Heterogeneity(estimates: estimates.map(\.0), standardErrors: estimates.map(\.1)) else { continue }
                out.append(HeterogeneityResult(dimension: dimension, variant: variant, q: q.q, pValue: q.pValue))
            }
        }
        return out
    }

}

extension ExperimentReport.Comparison {
    /// The gbstats statistics of the control and the treatment on this metric, when the results give them; a mean
    /// with CUPED's figures on both sides also gives its regression-adjusted statistics. A quantile is at its
    /// metric's level (none without one: gbstats then gives no figures).
    func statistics(control: (units: Int, value: Experiment.Observation), treatment: (units: Int, value: Experiment.Observation))
        -> (plain: (VariantStatistic, VariantStatistic), adjusted: (VariantStatistic, VariantStatistic)?)? {
        func one(_ units: Int, _ o: Experiment.Observation) -> VariantStatistic? {
            switch kind {
            case .proportion:
                return o.conversions.map { .proportion(n: units, sum: Double($0)) }
            case .mean:
                return o.mean.flatMap { mean in o.sd.map { .mean(mean, sd: $0, n: units) } }
            case .ratio:
                guard let mm = o.numeratorMean, let ms = o.numeratorSd, let dm = o.denominatorMean, let ds = o.denominatorSd,
                      let cov = o.covariance else { return nil }
                let m = VariantStatistic.mean(mm, sd: ms, n: units), d = VariantStatistic.mean(dm, sd: ds, n: units)
                return .ratio(n: units, numerator: m, denominator: d, sumOfProducts: VariantStatistic.sumOfProducts(covariance: cov, m, d))
            case .quantile:
                guard let estimate = o.estimate, let lower = o.lower, let upper = o.upper else { return nil }
                let n = o.events ?? units
                return .quantile(n: n, nStar: o.nStar ?? n, nu: quantileLevel ?? 0, estimate: estimate, lower: lower, upper: upper)
            }
        }
        func adjusted(_ units: Int, _ o: Experiment.Observation) -> VariantStatistic? {
            guard kind == .mean, let mean = o.mean, let sd = o.sd, let preMean = o.preMean, let preSd = o.preSd, let cov = o.covariance else { return nil }
            let post = VariantStatistic.mean(mean, sd: sd, n: units), pre = VariantStatistic.mean(preMean, sd: preSd, n: units)
            return .regressionAdjusted(n: units, post: post, pre: pre, sumOfProducts: VariantStatistic.sumOfProducts(covariance: cov, post, pre), theta: 0)
        }
        guard let a = one(control.units, control.value), let b = one(treatment.units, treatment.value) else { return nil }
        let ra = adjusted(control.units, control.value).flatMap { x in adjusted(treatment.units, treatment.value).map { (x, $0) } }
        return ((a, b), ra)
    }

    /// Sets the figures of gbstats' tests: the sequential and Bayesian readings of every metric, the fixed-horizon
    /// figures of a ratio or quantile, CUPED's adjusted lift; returns the lift a guardrail on a ratio or quantile is
    /// judged by. Figures gbstats would not give stay nil.
    mutating func readGrowthBook(control: (units: Int, value: Experiment.Observation),
                                 treatment: (units: Int, value: Experiment.Observation),
                                 settings: ExperimentReport.Settings) -> ExperimentReport.LiftEstimate? {
        guard let statistics = statistics(control: control, treatment: treatment) else {
            if kind == .ratio || kind == .quantile {
                notes.append(kind == .ratio ? "the results give no numerator and denominator figures for this ratio"
                                            : "the results give no estimate and bounds for this quantile")
            }
            return nil
        }
        let (a, b) = statistics.plain
        let test = GrowthBookComparison(control: a, treatment: b)
        if let problem = test.problem, kind == .ratio || kind == .quantile { notes.append(problem) }
        if let seq = test.sequential(alpha: settings.alpha, tuning: settings.tuning) {
            (seqCiLow, seqCiHigh, seqPValue) = (seq.ciLow, seq.ciHigh, seq.pValue)
        }
        if let bayes = test.bayesian(alpha: settings.alpha, prior: settings.prior, inverse: lowerIsBetter) {
            (chanceToWin, riskControl, riskTreatment) = (bayes.chanceToWin, bayes.riskControl, bayes.riskTreatment)
            (bayesCiLow, bayesCiHigh) = (bayes.ciLow, bayes.ciHigh)
        }
        if let (x, y) = statistics.adjusted {
            let cuped = GrowthBookComparison(control: x, treatment: y)
            if let fixed = cuped.fixedHorizon(alpha: settings.alpha), test.problem == nil {
                (cupedLift, cupedCiLow, cupedCiHigh) = (fixed.lift, fixed.ciLow, fixed.ciHigh)
                varianceReduction = 1 - cuped.variance / test.variance
            }
        }
        guard kind == .ratio || kind == .quantile, let fixed = test.fixedHorizon(alpha: settings.alpha) else { return nil }
        self.control = a.mean
        self.treatment = b.mean
        (lift, ciLow, ciHigh, pValue) = (fixed.lift, fixed.ciLow, fixed.ciHigh, fixed.pValue)
        significant = fixed.pValue < settings.alpha
        return ExperimentReport.LiftEstimate(lift: fixed.lift, standardError: test.variance.squareRoot(),
                                             oneSidedQuantile: StudentT.quantile(1 - settings.alpha, df: test.degreesOfFreedom))
    }
}
