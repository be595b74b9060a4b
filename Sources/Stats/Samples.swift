/// One variant's result on a binary metric: `conversions` of its `units` converted.
public struct ProportionSample: Sendable, Hashable {
    public var conversions: Int
    public var units: Int

    public init(conversions: Int, units: Int) {
        self.conversions = conversions
        self.units = units
    }

    /// conversions / units, or nil when the sample is unusable (no units, or counts out of range).
    public var rate: Double? {
        guard units > 0, conversions >= 0, conversions <= units else { return nil }
        return Double(conversions) / Double(units)
    }

    /// Whether the normal approximation behind the z-test and the proportion lift interval is adequate for
    /// this group: n·p ≥ `minimumExpected` and n·(1 − p) ≥ `minimumExpected` with p the group's observed
    /// rate, i.e. at least that many conversions and that many non-conversions (the usual rule of thumb: 5).
    public func normalApproximationIsAdequate(minimumExpected: Double = 5) -> Bool {
        guard rate != nil else { return false }
        return Double(conversions) >= minimumExpected && Double(units - conversions) >= minimumExpected
    }

    /// Whether the normal approximation is adequate for every group (see the instance method); false when
    /// any group has n·p or n·(1 − p) below `minimumExpected`, so a report can say so.
    public static func normalApproximationIsAdequate(_ groups: [ProportionSample], minimumExpected: Double = 5) -> Bool {
        groups.allSatisfy { $0.normalApproximationIsAdequate(minimumExpected: minimumExpected) }
    }
}

/// One variant's summary statistics on a continuous metric.
public struct MeanSample: Sendable, Hashable {
    public var mean: Double
    /// The sample standard deviation (divisor n − 1).
    public var standardDeviation: Double
    public var count: Int

    public init(mean: Double, standardDeviation: Double, count: Int) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.count = count
    }

    /// The variance of the mean, s²/n; nil when the sample is unusable (no observations, or a non-finite
    /// or negative statistic).
    var varianceOfMean: Double? {
        guard count > 0, mean.isFinite, standardDeviation.isFinite, standardDeviation >= 0 else { return nil }
        return standardDeviation * standardDeviation / Double(count)
    }
}

/// Which way a change goes.
public enum Direction: String, Sendable, Hashable, CaseIterable {
    case increase
    case decrease
}

/// 0 < value < 1, as significance levels and powers must be.
func isOpenProbability(_ value: Double) -> Bool {
    value > 0 && value < 1
}
