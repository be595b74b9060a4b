/// The relative lift of treatment over control, (μ_T − μ_C)/μ_C, with its delta-method standard error and a
/// two-sided confidence interval at confidence 1 − α.
///
/// se² = σ_C²·μ_T² / (μ_C⁴·n_C) + σ_T² / (μ_C²·n_T), where σ² is the per-unit variance: μ(1 − μ) for a
/// proportion μ = conversions/units, s² for a mean. The interval is lift ∓ q·se with q = z₁₋α/₂ (normal)
/// for proportions and the Student t quantile at 1 − α/2 with the Welch–Satterthwaite degrees of freedom
/// for means.
public struct RelativeLift: Sendable, Hashable {
    public let lift: Double
    public let standardError: Double
    /// The significance level; the interval has confidence 1 − alpha.
    public let alpha: Double
    /// The two-sided quantile q used for the interval.
    public let quantile: Double
    public let lower: Double
    public let upper: Double
    /// The Welch–Satterthwaite degrees of freedom of the t distribution behind the interval (means), or nil
    /// when it is the normal distribution (proportions).
    public let degreesOfFreedom: Double?

    /// The lift of a binary metric. Nil when either sample is unusable, the control rate is zero (the lift
    /// is undefined), or alpha is not in (0, 1).
    public init?(control: ProportionSample, treatment: ProportionSample, alpha: Double = 0.05) {
        guard let controlRate = control.rate, let treatmentRate = treatment.rate else { return nil }
        self.init(
            control: (controlRate, controlRate * (1 - controlRate), control.units),
            treatment: (treatmentRate, treatmentRate * (1 - treatmentRate), treatment.units),
            degreesOfFreedom: nil, alpha: alpha)
    }

    /// The lift of a continuous metric. Nil when either group has fewer than two observations or is
    /// unusable, the control mean is zero (the lift is undefined), or alpha is not in (0, 1).
    public init?(control: MeanSample, treatment: MeanSample, alpha: Double = 0.05) {
        guard let degreesOfFreedom = WelchTTest.degreesOfFreedom(control: control, treatment: treatment) else {
            return nil
        }
        self.init(
            control: (control.mean, control.standardDeviation * control.standardDeviation, control.count),
            treatment: (treatment.mean, treatment.standardDeviation * treatment.standardDeviation, treatment.count),
            degreesOfFreedom: degreesOfFreedom, alpha: alpha)
    }

    private init?(
        control: (mean: Double, variance: Double, count: Int), treatment: (mean: Double, variance: Double, count: Int),
        degreesOfFreedom: Double?, alpha: Double
    ) {
        guard control.mean != 0, isOpenProbability(alpha) else { return nil }
        let controlSquared = control.mean * control.mean
        lift = (treatment.mean - control.mean) / control.mean
        standardError = (control.variance * treatment.mean * treatment.mean / (controlSquared * controlSquared * Double(control.count))
            + treatment.variance / (controlSquared * Double(treatment.count))).squareRoot()
        self.alpha = alpha
        self.degreesOfFreedom = degreesOfFreedom
        quantile = Self.quantile(1 - alpha / 2, degreesOfFreedom: degreesOfFreedom)
        lower = lift - quantile * standardError
        upper = lift + quantile * standardError
    }

    /// The one-sided quantile at 1 − alpha of the lift's distribution (z₁₋α, or t₁₋α with the Welch
    /// degrees of freedom), as a non-inferiority check needs it. NaN when alpha is not in (0, 1).
    public func oneSidedQuantile(alpha: Double) -> Double {
        isOpenProbability(alpha) ? Self.quantile(1 - alpha, degreesOfFreedom: degreesOfFreedom) : .nan
    }

    private static func quantile(_ p: Double, degreesOfFreedom: Double?) -> Double {
        degreesOfFreedom.map { StudentT.quantile(p, df: $0) } ?? Normal.quantile(p)
    }
}

/// The outcome of a guardrail's non-inferiority check.
public enum GuardrailVerdict: String, Sendable, Hashable, CaseIterable {
    /// The regression is ruled out: the one-sided bound stays within the allowed regression.
    case pass
    /// The observed lift itself regresses beyond the allowed amount.
    case fail
    /// Neither: the data cannot yet rule the regression in or out.
    case inconclusive

    /// The non-inferiority check of a relative lift against `maxRegression` (a relative amount, e.g. 0.02),
    /// with the one-sided quantile q₁ (z₁₋α or t₁₋α):
    /// - bad direction `increase`: fail if lift > maxRegression, else pass if lift + q₁·se ≤ maxRegression,
    ///   else inconclusive;
    /// - bad direction `decrease`: fail if lift < −maxRegression, else pass if lift − q₁·se ≥ −maxRegression,
    ///   else inconclusive.
    public init(lift: Double, standardError: Double, oneSidedQuantile: Double, maxRegression: Double, badDirection: Direction) {
        let margin = oneSidedQuantile * standardError
        switch badDirection {
        case .increase:
            self = lift > maxRegression ? .fail : (lift + margin <= maxRegression ? .pass : .inconclusive)
        case .decrease:
            self = lift < -maxRegression ? .fail : (lift - margin >= -maxRegression ? .pass : .inconclusive)
        }
    }

    /// The check for a computed lift at significance level alpha (one-sided quantile from the lift's own
    /// distribution). Nil when alpha is not in (0, 1).
    public init?(lift: RelativeLift, alpha: Double, maxRegression: Double, badDirection: Direction) {
        guard isOpenProbability(alpha) else { return nil }
        self.init(
            lift: lift.lift, standardError: lift.standardError, oneSidedQuantile: lift.oneSidedQuantile(alpha: alpha),
            maxRegression: maxRegression, badDirection: badDirection)
    }
}
