#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The sufficient statistics of one variant on one metric, as GrowthBook's stats engine (`gbstats` 0.8.0,
/// `gbstats/models/statistics.py`) takes them, with its means and variances.
public indirect enum VariantStatistic: Sendable, Equatable {
    /// A binary metric: `sum` conversions of `n` units. Variance μ(1 − μ).
    case proportion(n: Int, sum: Double)
    /// A numeric metric: Σx and Σx² over `n` units. Variance (Σx² − (Σx)²/n)/(n − 1).
    case sampleMean(n: Int, sum: Double, sumSquares: Double)
    /// A ratio of two per-unit metrics (clicks per session): mean Σm/Σd, variance by the delta method.
    case ratio(n: Int, numerator: VariantStatistic, denominator: VariantStatistic, sumOfProducts: Double)
    /// CUPED: the in-experiment metric `post` adjusted by θ times the pre-experiment `pre`.
    case regressionAdjusted(n: Int, post: VariantStatistic, pre: VariantStatistic, sumOfProducts: Double, theta: Double)
    /// A quantile (p95 response time): the estimate at level `nu` with the bounds of its 95 % interval, from
    /// `n` events (`nStar` the sample size the bounds were computed with).
    case quantile(n: Int, nStar: Int, nu: Double, estimate: Double, lower: Double, upper: Double)

    /// A numeric metric from its mean and standard deviation over `n` units (Σx = mean·n, Σx² = sd²·(n − 1) + mean²·n).
    public static func mean(_ mean: Double, sd: Double, n: Int) -> VariantStatistic {
        .sampleMean(n: n, sum: mean * Double(n), sumSquares: sd * sd * Double(n - 1) + mean * mean * Double(n))
    }

    /// Σxy from the covariance of two per-unit metrics over `n` units: cov·(n − 1) + Σx·Σy/n.
    public static func sumOfProducts(covariance: Double, _ a: VariantStatistic, _ b: VariantStatistic) -> Double {
        covariance * Double(a.n - 1) + a.sum * b.sum / Double(a.n)
    }

    public var n: Int {
        switch self {
        case .proportion(let n, _), .sampleMean(let n, _, _), .ratio(let n, _, _, _), .regressionAdjusted(let n, _, _, _, _),
             .quantile(let n, _, _, _, _, _): n
        }
    }

    /// Σx of a proportion or a mean (0 for the others, which have no single sum).
    public var sum: Double {
        switch self {
        case .proportion(_, let sum), .sampleMean(_, let sum, _): sum
        default: 0
        }
    }

    var sumSquares: Double {
        switch self {
        case .proportion(_, let sum): sum
        case .sampleMean(_, _, let squares): squares
        default: 0
        }
    }

    public var mean: Double {
        switch self {
        case .proportion(let n, let sum), .sampleMean(let n, let sum, _): n == 0 ? 0 : sum / Double(n)
        case .ratio(_, let m, let d, _): d.sum == 0 ? 0 : m.sum / d.sum
        case .regressionAdjusted(_, let post, let pre, _, let theta): post.mean - theta * pre.mean
        case .quantile(_, _, _, let estimate, _, _): estimate
        }
    }

    /// The mean without a regression adjustment (the lift is relative to it).
    public var unadjustedMean: Double {
        if case .regressionAdjusted(_, let post, _, _, _) = self { return post.mean }
        return mean
    }

    public var variance: Double {
        switch self {
        case .proportion:
            return mean * (1 - mean)
        case .sampleMean(let n, let sum, let squares):
            return n <= 1 ? 0 : (squares - sum * sum / Double(n)) / Double(n - 1)
        case .ratio(let n, let m, let d, _):
            guard d.mean != 0, n > 1 else { return 0 }
            let dm = d.mean
            return m.variance / (dm * dm) - 2 * covariance * m.mean / (dm * dm * dm) + m.mean * m.mean * d.variance / (dm * dm * dm * dm)
        case .regressionAdjusted(let n, let post, let pre, _, let theta):
            return n <= 1 ? 0 : post.variance + theta * theta * pre.variance - 2 * theta * covariance
        case .quantile(let n, _, _, _, _, _):
            return n < 100 ? quantileVariance : max(quantileVariance, 1e-5)
        }
    }

    /// The covariance of a ratio's numerator and denominator, or of CUPED's metric and covariate.
    var covariance: Double {
        switch self {
        case .ratio(let n, let a, let b, let products), .regressionAdjusted(let n, let a, let b, let products, _):
            return n <= 1 ? 0 : (products - a.sum * b.sum / Double(n)) / Double(n - 1)
        default:
            return 0
        }
    }

    /// The variance of a quantile's estimate, from the width of its 95 % interval.
    var quantileVariance: Double {
        guard case .quantile(let n, let nStar, _, _, let lower, let upper) = self, n > 1 else { return 0 }
        let half = (upper - lower) / (2 * Self.z975)
        return Double(nStar) / Double(n) * Double(n - 1) * half * half
    }

    static let z975 = Normal.quantile(0.975)

    /// gbstats' check that a variance is unusable (zero or negative; a quantile's interval too narrow for its n).
    var hasZeroVariance: Bool {
        if case .quantile(let n, _, let nu, _, _, _) = self {
            let m2 = Self.z975 * Self.z975
            if Double(n) <= m2 * nu / (1 - nu) || Double(n) <= m2 * (1 - nu) / nu { return true }
            return quantileVariance <= 0 && n < 1000
        }
        return variance <= 0
    }

    /// The same statistic with θ set (CUPED); others unchanged.
    func with(theta: Double) -> VariantStatistic {
        if case .regressionAdjusted(let n, let post, let pre, let products, _) = self {
            return .regressionAdjusted(n: n, post: post, pre: pre, sumOfProducts: products, theta: theta)
        }
        return self
    }
}

/// One treatment against the control on one metric, as gbstats 0.8.0 compares them with a relative difference
/// (`difference_type: relative`): the fixed-horizon Welch t-test (`TwoSidedTTest`), the always-valid sequential
/// test (`SequentialTwoSidedTTest`, Waudby-Smith et al. 2023) and the Bayesian effect test (`EffectBayesianABTest`).
public struct GrowthBookComparison: Sendable {
    public let control: VariantStatistic
    public let treatment: VariantStatistic

    /// The two statistics; with CUPED on both sides, θ is the pooled covariance of metric and covariate over the
    /// pooled covariate variance (`compute_theta`), and a θ of 0 drops the adjustment.
    public init(control: VariantStatistic, treatment: VariantStatistic) {
        if case .regressionAdjusted(_, let ap, let aq, let ax, _) = control,
           case .regressionAdjusted(_, let bp, let bq, let bx, _) = treatment {
            let theta = Self.theta(post: (ap, bp), pre: (aq, bq), products: ax + bx, n: control.n + treatment.n)
            if theta == 0 {
                (self.control, self.treatment) = (ap, bp)
            } else {
                (self.control, self.treatment) = (control.with(theta: theta), treatment.with(theta: theta))
            }
        } else {
            (self.control, self.treatment) = (control, treatment)
        }
    }

    static func theta(post: (VariantStatistic, VariantStatistic), pre: (VariantStatistic, VariantStatistic), products: Double, n: Int) -> Double {
        func joint(_ a: VariantStatistic, _ b: VariantStatistic) -> VariantStatistic {
            if case .proportion = a { return .proportion(n: n, sum: a.sum + b.sum) }
            return .sampleMean(n: n, sum: a.sum + b.sum, sumSquares: a.sumSquares + b.sumSquares)
        }
        let jointPost = joint(post.0, post.1), jointPre = joint(pre.0, pre.1)
        guard jointPre.variance != 0, jointPost.variance != 0 else { return 0 }
        let joined = VariantStatistic.regressionAdjusted(n: n, post: jointPost, pre: jointPre, sumOfProducts: products, theta: 0)
        return joined.covariance / jointPre.variance
    }

    /// θ of CUPED (0 without an adjustment).
    public var theta: Double {
        if case .regressionAdjusted(_, _, _, _, let theta) = control { return theta }
        return 0
    }

    /// Why no figure can be given (gbstats' error messages), or nil.
    public var problem: String? {
        if control.mean == 0 || control.unadjustedMean == 0 { return "the control's mean is 0, so a relative lift is undefined" }
        if control.n == 0 || treatment.n == 0 { return "a variant has no units" }
        if control.hasZeroVariance || treatment.hasZeroVariance { return "a variant's variance is zero or negative" }
        return nil
    }

    /// The relative lift (μ_B − μ_A)/μ_A, μ_A unadjusted.
    public var lift: Double { (treatment.mean - control.mean) / control.unadjustedMean }

    /// The delta-method variance of the lift.
    public var variance: Double {
        let ma = control.unadjustedMean, mb = treatment.unadjustedMean
        return treatment.variance / (ma * ma * Double(treatment.n)) + control.variance * mb * mb / (ma * ma * ma * ma * Double(control.n))
    }

    /// Welch–Satterthwaite degrees of freedom.
    public var degreesOfFreedom: Double {
        let va = control.variance, vb = treatment.variance, na = Double(control.n), nb = Double(treatment.n)
        let s = vb / nb + va / na
        return s * s / (vb * vb / (nb * nb * (nb - 1)) + va * va / (na * na * (na - 1)))
    }

    public struct Frequentist: Sendable, Equatable {
        public var lift: Double
        public var ciLow: Double
        public var ciHigh: Double
        public var pValue: Double
    }

    /// The fixed-horizon two-sided t-test at level `alpha`; nil with a `problem`.
    public func fixedHorizon(alpha: Double) -> Frequentist? {
        guard problem == nil else { return nil }
        let se = variance.squareRoot(), dof = degreesOfFreedom, estimate = lift
        let width = StudentT.quantile(1 - alpha / 2, df: dof) * se
        let p = 2 * StudentT.sf(abs(estimate / se), df: dof)
        return Frequentist(lift: estimate, ciLow: estimate - width, ciHigh: estimate + width, pValue: p)
    }

    /// The always-valid sequential test (Waudby-Smith et al. 2023, eq. 9 and 155, as gbstats): with N the units of
    /// both variants, ρ = √((−2 ln α + ln(−2 ln α + 1)) / τ) for the tuning τ, s² = N·Var(lift),
    /// half-width √s² · √(2(Nρ² + 1) ln(√(Nρ² + 1)/α) / (Nρ)²), and p = min(1, 1/e) with the e-value
    /// e = exp(ρ²·(lift²·N/Var(lift)) / (2(Nρ² + 1))) / √(Nρ² + 1).
    public func sequential(alpha: Double, tuning: Double) -> Frequentist? {
        guard problem == nil else { return nil }
        let n = Double(control.n + treatment.n), estimate = lift, v = variance
        let rho = ((-2 * log(alpha) + log(-2 * log(alpha) + 1)) / tuning).squareRoot()
        let nr2 = n * rho * rho
        let width = (v * n).squareRoot() * ((2 * (nr2 + 1)) * log((nr2 + 1).squareRoot() / alpha) / ((n * rho) * (n * rho))).squareRoot()
        let st2 = estimate * estimate * n / v
        let logE = rho * rho * st2 / (2 * (nr2 + 1)) - 0.5 * log(nr2 + 1)
        return Frequentist(lift: estimate, ciLow: estimate - width, ciHigh: estimate + width, pValue: min(exp(-logE), 1))
    }

    public struct Bayesian: Sendable, Equatable {
        /// The posterior mean of the relative effect, and its standard deviation.
        public var lift: Double
        public var sd: Double
        /// P(the treatment is better): P(effect > 0), or P(effect < 0) for a metric where lower is better.
        public var chanceToWin: Double
        /// The expected loss of choosing the control, and of choosing the treatment (relative).
        public var riskControl: Double
        public var riskTreatment: Double
        public var ciLow: Double
        public var ciHigh: Double
    }

    /// A Gaussian prior on the relative effect; `proper: false` is gbstats' default (an improper flat prior).
    public struct Prior: Sendable, Equatable {
        public var mean: Double
        public var variance: Double
        public var proper: Bool
        public init(mean: Double = 0, variance: Double = 1, proper: Bool = false) {
            self.mean = mean
            self.variance = variance
            self.proper = proper
        }
    }

    /// The Bayesian effect test (`EffectBayesianABTest`): the posterior of the relative effect is normal, with
    /// precision 1/Var(lift) (+ 1/prior variance when proper) and mean lift (or the precision-weighted mean of the
    /// lift and the prior mean); chance to win Φ(μ/σ); risks (1 − P)·E[X | X > 0] and −P·E[X | X < 0] with
    /// P = Φ(−μ/σ), swapped for a metric where lower is better (`inverse`); a credible interval at 1 − α.
    public func bayesian(alpha: Double, prior: Prior = Prior(), inverse: Bool = false) -> Bayesian? {
        guard problem == nil else { return nil }
        let dataVariance = variance, dataMean = lift
        let precision = 1 / dataVariance + (prior.proper ? 1 / prior.variance : 0)
        let mean = prior.proper ? (dataMean / dataVariance + prior.mean / prior.variance) / precision : dataMean
        let sd = (1 / precision).squareRoot()
        let z = Normal.quantile(1 - alpha / 2)
        // E[X; X > 0] = μ·Φ(μ/σ) + σ·φ(μ/σ) and −E[X; X < 0] = −μ·Φ(−μ/σ) + σ·φ(μ/σ), without cancelling tails.
        let b = mean / sd, density = Normal.pdf(b)
        let riskControl = mean * Normal.cdf(b) + sd * density
        let riskTreatment = -mean * Normal.sf(b) + sd * density
        let win = inverse ? Normal.sf(b) : Normal.cdf(b)
        return Bayesian(lift: mean, sd: sd, chanceToWin: win,
                        riskControl: inverse ? riskTreatment : riskControl, riskTreatment: inverse ? riskControl : riskTreatment,
                        ciLow: mean - z * sd, ciHigh: mean + z * sd)
    }
}

/// Cochran's Q test of whether an effect differs between segments: with weights w = 1/se² and the pooled
/// estimate θ̄ = Σwθ/Σw, Q = Σw(θ − θ̄)², and p = P(χ²_{k−1} > Q) for k segments.
public struct Heterogeneity: Sendable, Equatable {
    public let q: Double
    public let degreesOfFreedom: Int
    public let pValue: Double

    /// Nil with fewer than two estimates or a standard error that is not positive.
    public init?(estimates: [Double], standardErrors: [Double]) {
        guard estimates.count >= 2, estimates.count == standardErrors.count, standardErrors.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        let weights = standardErrors.map { 1 / ($0 * $0) }
        let pooled = zip(weights, estimates).reduce(0) { $0 + $1.0 * $1.1 } / weights.reduce(0, +)
        q = zip(weights, estimates).reduce(0) { $0 + $1.0 * ($1.1 - pooled) * ($1.1 - pooled) }
        degreesOfFreedom = estimates.count - 1
        pValue = ChiSquare.sf(q, df: Double(degreesOfFreedom))
    }
}
