import Foundation
import Testing
@testable import Stats

/// Almanac's GrowthBook-level figures against gbstats 0.8.0 on the same inputs: `Tests/Fixtures/stats/gbstats.json`,
/// written by `scripts/gbstats-vectors.py`. A figure agrees when |Almanac − gbstats| ≤ 1e-9 · max(1, |gbstats|); the
/// largest difference of each figure is printed (the README quotes them).
@Suite("GrowthBook vectors")
struct GrowthBookVectorTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/stats/gbstats.json")

    static func statistic(_ s: [String: Any]) -> VariantStatistic {
        func int(_ key: String) -> Int { (s[key] as! NSNumber).intValue }
        func double(_ key: String) -> Double { (s[key] as! NSNumber).doubleValue }
        switch s["kind"] as! String {
        case "proportion": return .proportion(n: int("n"), sum: double("sum"))
        case "mean": return .sampleMean(n: int("n"), sum: double("sum"), sumSquares: double("sum_squares"))
        case "ratio":
            return .ratio(n: int("n"), numerator: statistic(s["numerator"] as! [String: Any]),
                          denominator: statistic(s["denominator"] as! [String: Any]), sumOfProducts: double("sum_of_products"))
        case "cuped":
            return .regressionAdjusted(n: int("n"), post: statistic(s["post"] as! [String: Any]), pre: statistic(s["pre"] as! [String: Any]),
                                       sumOfProducts: double("sum_of_products"), theta: 0)
        default:
            return .quantile(n: int("n"), nStar: int("n_star"), nu: double("nu"), estimate: double("estimate"),
                             lower: double("lower"), upper: double("upper"))
        }
    }

    @Test("fixed-horizon, sequential and Bayesian figures, CUPED's theta and Cochran's Q equal gbstats and scipy to 1e-9")
    func vectors() throws {
        let data = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        #expect(data["gbstats"] as? String == "0.8.0")
        let cases = try #require(data["cases"] as? [[String: Any]])
        #expect(cases.count >= 20)
        var largest: [String: Double] = [:], compared = 0
        func check(_ name: String, _ figure: String, _ actual: Double?, _ expected: Any?) {
            let key = figure
            guard let expected = (expected as? NSNumber)?.doubleValue else { return }
            guard let actual else {
                Issue.record("\(name): \(figure) is missing; gbstats gives \(expected)")
                return
            }
            compared += 1
            let difference = abs(actual - expected)
            largest[key] = max(largest[key] ?? 0, difference / max(1, abs(expected)))
            #expect(difference <= 1e-9 * max(1, abs(expected)), "\(name): \(figure) is \(actual), gbstats \(expected)")
        }
        for c in cases {
            let name = c["name"] as! String, alpha = (c["alpha"] as! NSNumber).doubleValue
            let expected = c["expected"] as! [String: Any]
            let comparison = GrowthBookComparison(control: Self.statistic(c["control"] as! [String: Any]),
                                                  treatment: Self.statistic(c["treatment"] as! [String: Any]))
            /// One test's figures against gbstats' (nil figures when Almanac gives none; both nil when neither does).
            func compare(_ key: String, _ figures: [(String, Double)]?) {
                guard let e = expected[key] as? [String: Any] else {
                    #expect(figures == nil, "\(name): gbstats gives no \(key), Almanac does")
                    return
                }
                for figure in e.keys.sorted() {
                    check(name, key + "." + figure, figures?.first { $0.0 == figure }?.1, e[figure])
                }
            }
            func frequentist(_ key: String, _ r: GrowthBookComparison.Frequentist?) {
                compare(key, r.map { [("lift", $0.lift), ("ci_low", $0.ciLow), ("ci_high", $0.ciHigh), ("p_value", $0.pValue)] })
            }
            func bayesian(_ key: String, _ r: GrowthBookComparison.Bayesian?) {
                compare(key, r.map { [("lift", $0.lift), ("sd", $0.sd), ("chance_to_win", $0.chanceToWin), ("risk_control", $0.riskControl),
                                      ("risk_treatment", $0.riskTreatment), ("ci_low", $0.ciLow), ("ci_high", $0.ciHigh)] })
            }
            frequentist("fixed", comparison.fixedHorizon(alpha: alpha))
            frequentist("sequential_5000", comparison.sequential(alpha: alpha, tuning: 5000))
            frequentist("sequential_500", comparison.sequential(alpha: alpha, tuning: 500))
            bayesian("bayes", comparison.bayesian(alpha: alpha))
            bayesian("bayes_inverse", comparison.bayesian(alpha: alpha, inverse: true))
            bayesian("bayes_proper", comparison.bayesian(alpha: alpha, prior: .init(mean: 0.01, variance: 0.09, proper: true)))
            if expected["theta"] != nil { check(name, "theta", comparison.theta, expected["theta"]) }
        }
        for h in try #require(data["heterogeneity"] as? [[String: Any]]) {
            let q = Heterogeneity(estimates: (h["estimates"] as! [NSNumber]).map(\.doubleValue),
                                  standardErrors: (h["standard_errors"] as! [NSNumber]).map(\.doubleValue))
            check("heterogeneity", "cochran.q", q?.q, h["q"])
            check("heterogeneity", "cochran.p_value", q?.pValue, h["p_value"])
        }
        #expect(compared > 400)
        print("gbstats vectors: \(compared) figures; largest difference / max(1, |gbstats|) per figure:")
        for (key, value) in largest.sorted(by: { $0.key < $1.key }) { print("  \(key): \(value)") }
    }
}
