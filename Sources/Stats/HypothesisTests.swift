/// The pooled two-proportion z-test of treatment against control (two-sided).
///
/// With pᵢ = conversionsᵢ/unitsᵢ and the pooled rate p̄ = (c_T + c_C)/(n_T + n_C):
/// z = (p_T − p_C) / √(p̄(1 − p̄)(1/n_T + 1/n_C)) and p = 2·(1 − Φ(|z|)), the upper tail computed directly.
/// Matches `statsmodels.stats.proportion.proportions_ztest([c_T, c_C], [n_T, n_C])`.
public struct TwoProportionZTest: Sendable, Hashable {
    /// Positive when the treatment converts more often than the control.
    public let z: Double
    public let pValue: Double

    /// Nil when either sample is unusable (no units, or conversions outside 0…units). When the pooled rate is
    /// 0 or 1 (no conversions at all, or only conversions) both groups are identical and there is nothing to
    /// test: z = 0 and p = 1.
    public init?(control: ProportionSample, treatment: ProportionSample) {
        guard let controlRate = control.rate, let treatmentRate = treatment.rate else { return nil }
        let pooled = Double(treatment.conversions + control.conversions) / Double(treatment.units + control.units)
        let variance = pooled * (1 - pooled) * (1 / Double(treatment.units) + 1 / Double(control.units))
        guard variance > 0 else {
            (z, pValue) = (0, 1)
            return
        }
        z = (treatmentRate - controlRate) / variance.squareRoot()
        pValue = 2 * Normal.sf(abs(z))
    }
}

/// Welch's unequal-variance t-test of treatment against control from summary statistics (two-sided).
///
/// t = (x̄_T − x̄_C) / √(s_T²/n_T + s_C²/n_C), with the Welch–Satterthwaite degrees of freedom
/// ν = (s_T²/n_T + s_C²/n_C)² / ((s_T²/n_T)²/(n_T − 1) + (s_C²/n_C)²/(n_C − 1)), and p = 2·P(T_ν > |t|).
/// Matches `scipy.stats.ttest_ind_from_stats(x̄_T, s_T, n_T, x̄_C, s_C, n_C, equal_var=False)`.
public struct WelchTTest: Sendable, Hashable {
    /// Positive when the treatment mean is larger.
    public let t: Double
    public let degreesOfFreedom: Double
    public let pValue: Double

    /// Nil when either group has fewer than two observations or a non-finite or negative statistic. When
    /// both standard deviations are zero the groups are exact: equal means give t = 0, p = 1; different
    /// means give t = ±∞, p = 0; ν is then taken as n_T + n_C − 2.
    public init?(control: MeanSample, treatment: MeanSample) {
        guard let degreesOfFreedom = Self.degreesOfFreedom(control: control, treatment: treatment),
              let controlVariance = control.varianceOfMean, let treatmentVariance = treatment.varianceOfMean
        else { return nil }
        self.degreesOfFreedom = degreesOfFreedom
        let difference = treatment.mean - control.mean
        let standardError = (treatmentVariance + controlVariance).squareRoot()
        guard standardError > 0 else {
            t = difference == 0 ? 0 : (difference > 0 ? .infinity : -.infinity)
            pValue = difference == 0 ? 1 : 0
            return
        }
        t = difference / standardError
        pValue = 2 * StudentT.sf(abs(t), df: degreesOfFreedom)
    }

    /// The Welch–Satterthwaite ν (see the type); nil when either group has fewer than two observations or
    /// is unusable; n_T + n_C − 2 when both standard deviations are zero.
    static func degreesOfFreedom(control: MeanSample, treatment: MeanSample) -> Double? {
        guard control.count > 1, treatment.count > 1,
              let controlVariance = control.varianceOfMean, let treatmentVariance = treatment.varianceOfMean
        else { return nil }
        let sum = treatmentVariance + controlVariance
        guard sum > 0 else { return Double(treatment.count + control.count - 2) }
        return sum * sum
            / (treatmentVariance * treatmentVariance / Double(treatment.count - 1)
                + controlVariance * controlVariance / Double(control.count - 1))
    }
}

/// The sample-ratio-mismatch check: Pearson's chi-square goodness-of-fit of the units observed per variant
/// against the planned split.
///
/// With N the total and Eᵢ = N·wᵢ/100: χ² = Σ (Oᵢ − Eᵢ)²/Eᵢ on k − 1 degrees of freedom, p = P(χ²ₖ₋₁ > χ²).
/// Matches `scipy.stats.chisquare(observed, expected)`.
public struct SampleRatioMismatch: Sendable, Hashable {
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let pValue: Double

    /// `weightsPercent` are the planned shares in percent, one per observed count, summing to 100 (within
    /// 1e-6). Nil for fewer than two variants, mismatched lengths, negative counts, no units at all,
    /// non-positive weights, or weights that do not sum to 100.
    public init?(observed: [Int], weightsPercent: [Double]) {
        guard observed.count >= 2, observed.count == weightsPercent.count, observed.allSatisfy({ $0 >= 0 }),
              weightsPercent.allSatisfy({ $0 > 0 && $0.isFinite }),
              abs(weightsPercent.reduce(0, +) - 100) <= 1e-6
        else { return nil }
        let total = Double(observed.reduce(0, +))
        guard total > 0 else { return nil }
        var statistic = 0.0
        for (count, weight) in zip(observed, weightsPercent) {
            let expected = total * weight / 100
            let difference = Double(count) - expected
            statistic += difference * difference / expected
        }
        self.statistic = statistic
        degreesOfFreedom = observed.count - 1
        pValue = ChiSquare.sf(statistic, df: Double(degreesOfFreedom))
    }
}

/// Corrections for testing several hypotheses at once.
public enum MultipleComparisons {
    /// Holm–Bonferroni step-down adjusted p-values, in the order given: with p₍₁₎ ≤ ⋯ ≤ p₍ₘ₎ sorted,
    /// adjusted p₍ᵢ₎ = min(1, maxⱼ≤ᵢ (m − j + 1)·p₍ⱼ₎). Reject hypothesis i at level α when its adjusted
    /// p-value is ≤ α. Matches `statsmodels.stats.multitest.multipletests(p, method="holm")[1]`.
    public static func holm(_ pValues: [Double]) -> [Double] {
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = pValues
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, Double(pValues.count - rank) * pValues[index])
            adjusted[index] = min(1, running)
        }
        return adjusted
    }
}
