/// Sample sizes and durations for planning an experiment with two-sided tests at level α and the given power.
///
/// All results are integers rounded up with `guardedCeiling`, which `scripts/stats-vectors.py` mirrors so
/// that both sides agree exactly.
public enum Planning {
    /// Units needed per variant to detect a relative change `expectedLift` (e.g. 0.05 for 5 %) of a
    /// conversion rate `baseline` in the given direction:
    /// with p = baseline, δ = p·expectedLift and p₂ = p + δ (increase) or p − δ (decrease),
    /// n = (z₁₋α/₂·√(2p(1 − p)) + z_power·√(p(1 − p) + p₂(1 − p₂)))² / δ².
    /// Nil unless 0 < p < 1, expectedLift > 0, 0 < p₂ < 1 and alpha, power are in (0, 1).
    public static func proportionSampleSize(
        baseline: Double, expectedLift: Double, alpha: Double, power: Double, direction: Direction
    ) -> Int? {
        guard isOpenProbability(baseline), expectedLift > 0, expectedLift.isFinite,
              isOpenProbability(alpha), isOpenProbability(power)
        else { return nil }
        let delta = baseline * expectedLift
        let changed = direction == .increase ? baseline + delta : baseline - delta
        guard isOpenProbability(changed) else { return nil }
        let spread = Normal.quantile(1 - alpha / 2) * (2 * baseline * (1 - baseline)).squareRoot()
            + Normal.quantile(power) * (baseline * (1 - baseline) + changed * (1 - changed)).squareRoot()
        return guardedCeiling(spread * spread / (delta * delta))
    }

    /// Units needed per variant to detect a relative change `expectedLift` of a mean `baseline` with
    /// per-unit standard deviation `standardDeviation`: with δ = baseline·expectedLift,
    /// n = 2·(z₁₋α/₂ + z_power)²·sd² / δ². Nil unless baseline ≠ 0, sd > 0, expectedLift > 0 and alpha,
    /// power are in (0, 1).
    public static func meanSampleSize(
        baseline: Double, standardDeviation: Double, expectedLift: Double, alpha: Double, power: Double
    ) -> Int? {
        guard baseline != 0, baseline.isFinite, standardDeviation > 0, standardDeviation.isFinite,
              expectedLift > 0, expectedLift.isFinite, isOpenProbability(alpha), isOpenProbability(power)
        else { return nil }
        let delta = baseline * expectedLift
        let z = Normal.quantile(1 - alpha / 2) + Normal.quantile(power)
        return guardedCeiling(2 * z * z * standardDeviation * standardDeviation / (delta * delta))
    }

    /// The days needed for the smallest variant to collect `sampleSizePerVariant` units:
    /// max(minimumDays, ⌈n / (dailyTraffic · allocation/100 · w_min/100)⌉), where `allocationPercent` is the
    /// share of traffic in the experiment and `smallestWeightPercent` the smallest variant's share of it.
    /// Nil unless n ≥ 0, minimumDays ≥ 0, dailyTraffic > 0 and both percentages are in (0, 100].
    public static func minimumDurationDays(
        sampleSizePerVariant: Int, dailyTraffic: Double, allocationPercent: Double, smallestWeightPercent: Double,
        minimumDays: Int
    ) -> Int? {
        guard sampleSizePerVariant >= 0, minimumDays >= 0, dailyTraffic > 0, dailyTraffic.isFinite,
              allocationPercent > 0, allocationPercent <= 100, smallestWeightPercent > 0, smallestWeightPercent <= 100
        else { return nil }
        let unitsPerDay = dailyTraffic * (allocationPercent / 100) * (smallestWeightPercent / 100)
        guard let days = guardedCeiling(Double(sampleSizePerVariant) / unitsPerDay) else { return nil }
        return max(minimumDays, days)
    }

    /// ⌈x⌉, except that an x within 1e-9 (relative) of a positive integer is that integer, so floating
    /// noise (1000.0000000001) does not add a unit. Nil when x is negative, not finite or too large for Int.
    static func guardedCeiling(_ x: Double) -> Int? {
        guard x >= 0, x < 9e15 else { return nil }
        let nearest = x.rounded(.toNearestOrEven)  // as Python's round()
        if nearest > 0 && abs(x - nearest) <= 1e-9 * nearest { return Int(nearest) }
        return Int(x.rounded(.up))
    }
}
