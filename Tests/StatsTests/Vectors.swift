import Foundation
import Testing
@testable import Stats

/// The reference vectors written by `scripts/stats-vectors.py` (scipy and statsmodels):
/// `Tests/Fixtures/stats/vectors.json`. Regenerate with
/// `python3 scripts/stats-vectors.py --out Tests/Fixtures/stats/vectors.json`.
struct Vectors: Decodable {
    struct NormalPoint: Decodable { let x, cdf, sf: Double }
    struct NormalQuantile: Decodable { let p, x: Double }
    struct StudentTPoint: Decodable { let df, t, cdf, sf: Double }
    struct StudentTQuantile: Decodable { let df, p, t: Double }
    struct ChiSquarePoint: Decodable { let df, x, cdf, sf: Double }

    /// One variant's inputs: conversions and units for a proportion, or mean, sd and n for a mean.
    struct Group: Decodable {
        let conversions, units: Int?
        let mean, sd: Double?
        let n: Int?

        var proportion: ProportionSample { ProportionSample(conversions: conversions!, units: units!) }
        var meanSample: MeanSample { MeanSample(mean: mean!, standardDeviation: sd!, count: n!) }
    }

    struct ZTest: Decodable { let control, treatment: Group; let z, pValue: Double }
    struct Welch: Decodable { let control, treatment: Group; let t, df, pValue: Double }
    struct SampleRatio: Decodable { let observed: [Int]; let weights: [Double]; let statistic: Double; let df: Int; let pValue: Double }
    struct Lift: Decodable {
        let kind: String
        let control, treatment: Group
        let alpha, lift, se, quantile, lower, upper, oneSidedQuantile: Double
        let df: Double?
    }
    struct Guardrail: Decodable {
        let lift, se, oneSidedQuantile, maxRegression: Double
        let badDirection, verdict: String
    }
    struct SampleSize: Decodable {
        let kind: String
        let baseline, lift, alpha, power: Double
        let sd: Double?
        let direction: String?
        let n: Int
    }
    struct Duration: Decodable {
        let n, minimumDays, days: Int
        let dailyTraffic, allocation, smallestWeight: Double
    }
    struct Holm: Decodable { let p, adjusted: [Double] }

    let scipy: String
    let normal: [NormalPoint]
    let normalQuantile: [NormalQuantile]
    let studentT: [StudentTPoint]
    let studentTQuantile: [StudentTQuantile]
    let chiSquare: [ChiSquarePoint]
    let zTest: [ZTest]
    let welch: [Welch]
    let sampleRatioMismatch: [SampleRatio]
    let lift: [Lift]
    let guardrail: [Guardrail]
    let sampleSize: [SampleSize]
    let duration: [Duration]
    let holm: [Holm]

    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/stats/vectors.json")

    static func load() throws -> Vectors {
        try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: file))
    }
}

/// Compares computed values with reference values for one vector family and reports the worst relative
/// error: a value agrees when |actual − expected| ≤ tolerance·|expected|, or ≤ 1e-300 when the reference has
/// underflowed to (nearly) zero.
struct Agreement {
    static let underflow = 1e-300

    let family: String
    let tolerance: Double
    private(set) var compared = 0
    private(set) var maximumRelativeError = 0.0
    private(set) var failures: [String] = []

    init(_ family: String, tolerance: Double = 1e-9) {
        self.family = family
        self.tolerance = tolerance
    }

    mutating func check(_ actual: Double, _ expected: Double, _ context: @autoclosure () -> String) {
        compared += 1
        let difference = abs(actual - expected)
        let agrees: Bool
        if abs(expected) <= Self.underflow {
            agrees = difference <= Self.underflow
        } else {
            let relative = difference / abs(expected)
            maximumRelativeError = max(maximumRelativeError, relative.isNaN ? .infinity : relative)
            agrees = relative <= tolerance
        }
        if !agrees {
            failures.append("\(context()): got \(actual), expected \(expected)")
        }
    }

    mutating func checkExactly<T: Equatable>(_ actual: T, _ expected: T, _ context: @autoclosure () -> String) {
        compared += 1
        if actual != expected {
            failures.append("\(context()): got \(String(describing: actual)), expected \(String(describing: expected))")
        }
    }

    /// Prints the summary line and records a test failure for every disagreement (the first 20 listed) and
    /// for an empty family.
    func report(sourceLocation: SourceLocation = #_sourceLocation) {
        let accuracy = tolerance == 0 ? "exact match required" : "max relative error \(String(format: "%.1e", maximumRelativeError))"
        let outcome = failures.isEmpty ? "" : ", \(failures.count) FAILED"
        print("stats vectors: \(family) \(compared) compared, \(accuracy)\(outcome)")
        #expect(compared > 0, "no \(family) vectors were compared", sourceLocation: sourceLocation)
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(compared) \(family) values disagree:\n\(failures.prefix(20).joined(separator: "\n"))",
            sourceLocation: sourceLocation)
    }
}
