import Testing
@testable import Stats

/// The distributions against scipy, relative error ≤ 1e-9 in both tails (see `Agreement`).
@Suite("Distributions agree with scipy")
struct DistributionVectorTests {
    let vectors: Vectors

    init() throws {
        vectors = try Vectors.load()
    }

    @Test("standard normal cdf and sf, x from −38 to 38")
    func normal() {
        var agreement = Agreement("normal")
        for point in vectors.normal {
            agreement.check(Normal.cdf(point.x), point.cdf, "cdf(\(point.x))")
            agreement.check(Normal.sf(point.x), point.sf, "sf(\(point.x))")
        }
        agreement.report()
    }

    @Test("standard normal quantile, p from 1e-300 to 1 − 1e-12")
    func normalQuantile() {
        var agreement = Agreement("normal quantile")
        for point in vectors.normalQuantile {
            agreement.check(Normal.quantile(point.p), point.x, "quantile(\(point.p))")
        }
        agreement.report()
    }

    @Test("Student t cdf and sf, df from 1 to 1e6")
    func studentT() {
        var agreement = Agreement("student t")
        for point in vectors.studentT {
            agreement.check(StudentT.cdf(point.t, df: point.df), point.cdf, "cdf(\(point.t), df: \(point.df))")
            agreement.check(StudentT.sf(point.t, df: point.df), point.sf, "sf(\(point.t), df: \(point.df))")
        }
        agreement.report()
    }

    @Test("Student t quantile, df from 1 to 1e6, p from 1e-100 to 1 − 1e-12")
    func studentTQuantile() {
        var agreement = Agreement("student t quantile")
        for point in vectors.studentTQuantile {
            agreement.check(StudentT.quantile(point.p, df: point.df), point.t, "quantile(\(point.p), df: \(point.df))")
        }
        agreement.report()
    }

    @Test("chi-square cdf and sf, df from 1 to 10000")
    func chiSquare() {
        var agreement = Agreement("chi-square")
        for point in vectors.chiSquare {
            agreement.check(ChiSquare.cdf(point.x, df: point.df), point.cdf, "cdf(\(point.x), df: \(point.df))")
            agreement.check(ChiSquare.sf(point.x, df: point.df), point.sf, "sf(\(point.x), df: \(point.df))")
        }
        agreement.report()
    }
}
