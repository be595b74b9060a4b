import Testing
@testable import Stats

/// The tests, lifts and plans against scipy / statsmodels: statistics and p-values within 1e-9 relative,
/// verdicts and integers exactly.
@Suite("Tests and plans agree with scipy and statsmodels")
struct InferenceVectorTests {
    let vectors: Vectors

    init() throws {
        vectors = try Vectors.load()
    }

    @Test("pooled two-proportion z-test (statsmodels proportions_ztest)")
    func zTest() throws {
        var agreement = Agreement("z-test")
        for row in vectors.zTest {
            let result = try #require(TwoProportionZTest(control: row.control.proportion, treatment: row.treatment.proportion))
            let label = "\(row.control.proportion) vs \(row.treatment.proportion)"
            agreement.check(result.z, row.z, "z of \(label)")
            agreement.check(result.pValue, row.pValue, "p of \(label)")
        }
        agreement.report()
    }

    @Test("Welch t-test from summary statistics (scipy ttest_ind_from_stats)")
    func welch() throws {
        var agreement = Agreement("welch")
        for row in vectors.welch {
            let result = try #require(WelchTTest(control: row.control.meanSample, treatment: row.treatment.meanSample))
            let label = "\(row.control.meanSample) vs \(row.treatment.meanSample)"
            agreement.check(result.t, row.t, "t of \(label)")
            agreement.check(result.degreesOfFreedom, row.df, "df of \(label)")
            agreement.check(result.pValue, row.pValue, "p of \(label)")
        }
        agreement.report()
    }

    @Test("sample-ratio mismatch (scipy chisquare)")
    func sampleRatioMismatch() throws {
        var agreement = Agreement("sample ratio mismatch")
        for row in vectors.sampleRatioMismatch {
            let result = try #require(SampleRatioMismatch(observed: row.observed, weightsPercent: row.weights))
            agreement.check(result.statistic, row.statistic, "χ² of \(row.observed)")
            agreement.checkExactly(result.degreesOfFreedom, row.df, "df of \(row.observed)")
            agreement.check(result.pValue, row.pValue, "p of \(row.observed)")
        }
        agreement.report()
    }

    @Test("relative lift, delta-method standard error and interval")
    func lift() throws {
        var agreement = Agreement("lift")
        for row in vectors.lift {
            let result: RelativeLift
            if row.kind == "proportion" {
                result = try #require(RelativeLift(control: row.control.proportion, treatment: row.treatment.proportion, alpha: row.alpha))
                #expect(result.degreesOfFreedom == nil)
            } else {
                result = try #require(RelativeLift(control: row.control.meanSample, treatment: row.treatment.meanSample, alpha: row.alpha))
                agreement.check(try #require(result.degreesOfFreedom), try #require(row.df), "df of \(row.kind) lift")
            }
            let label = "\(row.kind) lift at α = \(row.alpha) (\(row.lift))"
            agreement.check(result.lift, row.lift, "lift of \(label)")
            agreement.check(result.standardError, row.se, "se of \(label)")
            agreement.check(result.quantile, row.quantile, "quantile of \(label)")
            agreement.check(result.lower, row.lower, "lower of \(label)")
            agreement.check(result.upper, row.upper, "upper of \(label)")
            agreement.check(result.oneSidedQuantile(alpha: row.alpha), row.oneSidedQuantile, "one-sided quantile of \(label)")
        }
        agreement.report()
    }

    @Test("guardrail non-inferiority verdicts")
    func guardrail() throws {
        var agreement = Agreement("guardrail", tolerance: 0)
        for row in vectors.guardrail {
            let direction = try #require(Direction(rawValue: row.badDirection))
            let verdict = GuardrailVerdict(
                lift: row.lift, standardError: row.se, oneSidedQuantile: row.oneSidedQuantile,
                maxRegression: row.maxRegression, badDirection: direction)
            agreement.checkExactly(verdict.rawValue, row.verdict, "lift \(row.lift) ± \(row.se), max \(row.maxRegression) \(direction)")
        }
        agreement.report()
    }

    @Test("sample sizes per variant, exact integers")
    func sampleSize() throws {
        var agreement = Agreement("sample size", tolerance: 0)
        for row in vectors.sampleSize {
            let n: Int?
            if row.kind == "proportion" {
                let name = try #require(row.direction)
                let direction = try #require(Direction(rawValue: name))
                n = Planning.proportionSampleSize(
                    baseline: row.baseline, expectedLift: row.lift, alpha: row.alpha, power: row.power, direction: direction)
            } else {
                n = Planning.meanSampleSize(
                    baseline: row.baseline, standardDeviation: try #require(row.sd), expectedLift: row.lift, alpha: row.alpha,
                    power: row.power)
            }
            agreement.checkExactly(n, row.n, "\(row.kind) n for baseline \(row.baseline), lift \(row.lift), α \(row.alpha), power \(row.power), \(row.direction ?? "")")
        }
        agreement.report()
    }

    @Test("minimum durations in days, exact integers")
    func duration() {
        var agreement = Agreement("duration", tolerance: 0)
        for row in vectors.duration {
            let days = Planning.minimumDurationDays(
                sampleSizePerVariant: row.n, dailyTraffic: row.dailyTraffic, allocationPercent: row.allocation,
                smallestWeightPercent: row.smallestWeight, minimumDays: row.minimumDays)
            agreement.checkExactly(days, row.days, "n \(row.n), traffic \(row.dailyTraffic), \(row.allocation) %, \(row.smallestWeight) %, ≥ \(row.minimumDays) days")
        }
        agreement.report()
    }

    @Test("Holm–Bonferroni adjusted p-values (statsmodels multipletests)")
    func holm() {
        var agreement = Agreement("holm")
        for row in vectors.holm {
            let adjusted = MultipleComparisons.holm(row.p)
            agreement.checkExactly(adjusted.count, row.adjusted.count, "count for \(row.p)")
            for (actual, expected) in zip(adjusted, row.adjusted) {
                agreement.check(actual, expected, "adjusted \(row.p)")
            }
        }
        agreement.report()
    }
}
