import Testing
@testable import Stats

/// Degenerate inputs get an answer (a documented value, or nil), never NaN or a crash.
@Suite("Edge cases")
struct EdgeCaseTests {
    func proportion(_ conversions: Int, _ units: Int) -> ProportionSample {
        ProportionSample(conversions: conversions, units: units)
    }

    func mean(_ mean: Double, _ sd: Double, _ count: Int) -> MeanSample {
        MeanSample(mean: mean, standardDeviation: sd, count: count)
    }

    @Test("z-test: no conversions or only conversions means no evidence; empty or invalid groups give nil")
    func zTest() throws {
        for (control, treatment) in [(proportion(0, 100), proportion(0, 120)), (proportion(50, 50), proportion(7, 7))] {
            let result = try #require(TwoProportionZTest(control: control, treatment: treatment))
            #expect(result.z == 0 && result.pValue == 1)
        }
        let oneSided = try #require(TwoProportionZTest(control: proportion(0, 100), treatment: proportion(100, 100)))
        #expect(oneSided.z > 14 && oneSided.pValue > 0 && oneSided.pValue < 1e-40, "all vs none is extreme but finite")
        #expect(TwoProportionZTest(control: proportion(0, 0), treatment: proportion(3, 10)) == nil)
        #expect(TwoProportionZTest(control: proportion(3, 10), treatment: proportion(11, 10)) == nil)
        #expect(TwoProportionZTest(control: proportion(-1, 10), treatment: proportion(3, 10)) == nil)
    }

    @Test("Welch: zero variance, identical groups, and n ≤ 1")
    func welch() throws {
        let same = try #require(WelchTTest(control: mean(5, 0, 10), treatment: mean(5, 0, 12)))
        #expect(same.t == 0 && same.pValue == 1 && same.degreesOfFreedom == 20)
        let apart = try #require(WelchTTest(control: mean(5, 0, 10), treatment: mean(4, 0, 12)))
        #expect(apart.t == -.infinity && apart.pValue == 0)
        let oneConstant = try #require(WelchTTest(control: mean(5, 0, 10), treatment: mean(6, 2, 5)))
        #expect(oneConstant.degreesOfFreedom == 4, "only the varying group contributes: n − 1")
        #expect(oneConstant.pValue > 0 && oneConstant.pValue < 1)
        #expect(WelchTTest(control: mean(5, 1, 1), treatment: mean(6, 1, 10)) == nil)
        #expect(WelchTTest(control: mean(5, 1, 10), treatment: mean(6, 1, 0)) == nil)
        #expect(WelchTTest(control: mean(.nan, 1, 10), treatment: mean(6, 1, 10)) == nil)
        #expect(WelchTTest(control: mean(5, -1, 10), treatment: mean(6, 1, 10)) == nil)
    }

    @Test("lift: a zero control is undefined, zero variance gives a zero-width interval")
    func lift() throws {
        #expect(RelativeLift(control: proportion(0, 100), treatment: proportion(5, 100)) == nil)
        #expect(RelativeLift(control: mean(0, 1, 100), treatment: mean(1, 1, 100)) == nil)
        #expect(RelativeLift(control: proportion(5, 0), treatment: proportion(5, 100)) == nil)
        #expect(RelativeLift(control: mean(3, 1, 1), treatment: mean(1, 1, 100)) == nil, "Welch df needs n ≥ 2")
        #expect(RelativeLift(control: proportion(5, 100), treatment: proportion(5, 100), alpha: 0) == nil)

        let allConverted = try #require(RelativeLift(control: proportion(100, 100), treatment: proportion(90, 100)))
        #expect(abs(allConverted.lift + 0.1) < 1e-15 && allConverted.standardError > 0)
        let noneConverted = try #require(RelativeLift(control: proportion(10, 100), treatment: proportion(0, 100)))
        // μ_T = 0 and σ_T² = 0 make both delta-method terms vanish: a zero-width interval at −100 %
        #expect(noneConverted.lift == -1 && noneConverted.standardError == 0 && noneConverted.lower == -1)

        let exact = try #require(RelativeLift(control: mean(4, 0, 10), treatment: mean(5, 0, 10)))
        #expect(exact.lift == 0.25 && exact.standardError == 0 && exact.lower == 0.25 && exact.upper == 0.25)
        #expect(exact.degreesOfFreedom == 18)
    }

    @Test("lift interval uses z for proportions and Welch t for means")
    func liftQuantiles() throws {
        let rates = try #require(RelativeLift(control: proportion(100, 1000), treatment: proportion(120, 1000), alpha: 0.05))
        #expect(abs(rates.quantile - 1.959963984540054) < 1e-14)
        #expect(abs(rates.upper - rates.lift - rates.quantile * rates.standardError) < 1e-15)
        let means = try #require(RelativeLift(control: mean(10, 2, 5), treatment: mean(11, 2, 5), alpha: 0.05))
        #expect(abs(try #require(means.degreesOfFreedom) - 8) < 1e-12)
        #expect(abs(means.quantile - 2.306004135204166) < 1e-12, "t₀.₉₇₅ with 8 df")
    }

    @Test("guardrail verdicts in both bad directions")
    func guardrail() throws {
        let q = 1.6448536269514722
        #expect(GuardrailVerdict(lift: 0.06, standardError: 0.001, oneSidedQuantile: q, maxRegression: 0.05, badDirection: .increase) == .fail)
        #expect(GuardrailVerdict(lift: 0.01, standardError: 0.01, oneSidedQuantile: q, maxRegression: 0.05, badDirection: .increase) == .pass)
        #expect(GuardrailVerdict(lift: 0.04, standardError: 0.01, oneSidedQuantile: q, maxRegression: 0.05, badDirection: .increase) == .inconclusive)
        #expect(GuardrailVerdict(lift: -0.06, standardError: 0.001, oneSidedQuantile: q, maxRegression: 0.05, badDirection: .decrease) == .fail)
        #expect(GuardrailVerdict(lift: -0.01, standardError: 0.01, oneSidedQuantile: q, maxRegression: 0.05, badDirection: .decrease) == .pass)
        #expect(GuardrailVerdict(lift: -0.04, standardError: 0.01, oneSidedQuantile: q, maxRegression: 0.05, badDirection: .decrease) == .inconclusive)
        // A big improvement in the good direction passes.
        #expect(GuardrailVerdict(lift: 0.3, standardError: 0.01, oneSidedQuantile: q, maxRegression: 0.05, badDirection: .decrease) == .pass)

        let lift = try #require(RelativeLift(control: proportion(1000, 10000), treatment: proportion(1005, 10000)))
        let verdict = try #require(GuardrailVerdict(lift: lift, alpha: 0.05, maxRegression: 0.2, badDirection: .increase))
        #expect(verdict == .pass)
        #expect(abs(lift.oneSidedQuantile(alpha: 0.05) - q) < 1e-15)
        #expect(GuardrailVerdict(lift: lift, alpha: 1, maxRegression: 0.2, badDirection: .increase) == nil)
    }

    @Test("sample-ratio mismatch: invalid splits give nil, a perfect split p = 1")
    func sampleRatioMismatch() throws {
        let perfect = try #require(SampleRatioMismatch(observed: [500, 500], weightsPercent: [50, 50]))
        #expect(perfect.statistic == 0 && perfect.pValue == 1 && perfect.degreesOfFreedom == 1)
        let withEmptyVariant = try #require(SampleRatioMismatch(observed: [1000, 0], weightsPercent: [50, 50]))
        #expect(withEmptyVariant.statistic == 1000 && withEmptyVariant.pValue < 1e-200)
        #expect(SampleRatioMismatch(observed: [0, 0], weightsPercent: [50, 50]) == nil)
        #expect(SampleRatioMismatch(observed: [10], weightsPercent: [100]) == nil)
        #expect(SampleRatioMismatch(observed: [10, 10], weightsPercent: [50, 40]) == nil)
        #expect(SampleRatioMismatch(observed: [10, 10], weightsPercent: [100, 0]) == nil)
        #expect(SampleRatioMismatch(observed: [10, 10, 10], weightsPercent: [50, 50]) == nil)
        #expect(SampleRatioMismatch(observed: [10, -1], weightsPercent: [50, 50]) == nil)
    }

    @Test("normal approximation adequacy: at least 5 conversions and 5 non-conversions per group")
    func normalApproximation() {
        #expect(ProportionSample.normalApproximationIsAdequate([proportion(5, 10), proportion(50, 100)]))
        #expect(!ProportionSample.normalApproximationIsAdequate([proportion(4, 1000), proportion(50, 100)]))
        #expect(!ProportionSample.normalApproximationIsAdequate([proportion(96, 100), proportion(50, 100)]))
        #expect(!ProportionSample.normalApproximationIsAdequate([proportion(0, 0)]))
        #expect(proportion(10, 30).normalApproximationIsAdequate(minimumExpected: 10))
        #expect(!proportion(10, 30).normalApproximationIsAdequate(minimumExpected: 11))
    }

    @Test("Holm: step-down, monotone, capped at 1, original order kept")
    func holm() {
        #expect(MultipleComparisons.holm([]) == [])
        #expect(MultipleComparisons.holm([0.04]) == [0.04])
        let adjusted = MultipleComparisons.holm([0.03, 0.01, 0.5, 0.02])
        // sorted 0.01·4 = 0.04, 0.02·3 = 0.06, 0.03·2 = 0.06, 0.5·1 → 0.5
        let expected = [0.06, 0.04, 0.5, 0.06]
        #expect(zip(adjusted, expected).allSatisfy { abs($0 - $1) < 1e-15 }, "\(adjusted)")
        #expect(MultipleComparisons.holm([0.6, 0.7]) == [1, 1])
    }

    @Test("planning: guarded ceiling, invalid inputs, and minimum days")
    func planning() {
        #expect(Planning.guardedCeiling(1000.0000000001) == 1000)
        #expect(Planning.guardedCeiling(999.9999999999) == 1000)
        #expect(Planning.guardedCeiling(1000.01) == 1001)
        #expect(Planning.guardedCeiling(0.2) == 1)
        #expect(Planning.guardedCeiling(0) == 0)
        #expect(Planning.guardedCeiling(.nan) == nil && Planning.guardedCeiling(.infinity) == nil && Planning.guardedCeiling(-1) == nil)

        #expect(Planning.proportionSampleSize(baseline: 0.9, expectedLift: 0.2, alpha: 0.05, power: 0.8, direction: .increase) == nil, "p₂ > 1")
        #expect(Planning.proportionSampleSize(baseline: 0, expectedLift: 0.2, alpha: 0.05, power: 0.8, direction: .increase) == nil)
        #expect(Planning.proportionSampleSize(baseline: 0.1, expectedLift: 0, alpha: 0.05, power: 0.8, direction: .increase) == nil)
        #expect(Planning.proportionSampleSize(baseline: 0.1, expectedLift: 0.1, alpha: 1, power: 0.8, direction: .increase) == nil)
        #expect(Planning.meanSampleSize(baseline: 10, standardDeviation: 0, expectedLift: 0.1, alpha: 0.05, power: 0.8) == nil)
        #expect(Planning.meanSampleSize(baseline: 0, standardDeviation: 1, expectedLift: 0.1, alpha: 0.05, power: 0.8) == nil)
        // p = 0.1 → 0.12 at α 0.05, power 0.8: (1.95996·√0.18 + 0.84162·√0.1956)² / 0.02² = 3622.6
        #expect(Planning.proportionSampleSize(baseline: 0.1, expectedLift: 0.2, alpha: 0.05, power: 0.8, direction: .increase) == 3623)

        #expect(Planning.minimumDurationDays(sampleSizePerVariant: 1000, dailyTraffic: 1000, allocationPercent: 100, smallestWeightPercent: 50, minimumDays: 7) == 7)
        #expect(Planning.minimumDurationDays(sampleSizePerVariant: 10000, dailyTraffic: 1000, allocationPercent: 100, smallestWeightPercent: 50, minimumDays: 7) == 20)
        #expect(Planning.minimumDurationDays(sampleSizePerVariant: 10001, dailyTraffic: 1000, allocationPercent: 100, smallestWeightPercent: 50, minimumDays: 7) == 21)
        #expect(Planning.minimumDurationDays(sampleSizePerVariant: 1000, dailyTraffic: 0, allocationPercent: 100, smallestWeightPercent: 50, minimumDays: 7) == nil)
        #expect(Planning.minimumDurationDays(sampleSizePerVariant: 1000, dailyTraffic: 10, allocationPercent: 0, smallestWeightPercent: 50, minimumDays: 7) == nil)
        #expect(Planning.minimumDurationDays(sampleSizePerVariant: 1000, dailyTraffic: 10, allocationPercent: 100, smallestWeightPercent: 150, minimumDays: 7) == nil)
    }
}
