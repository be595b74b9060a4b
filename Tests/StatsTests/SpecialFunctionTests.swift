#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Stats

/// Identities and closed forms that hold independently of scipy, including the places where scipy itself is
/// not accurate enough to serve as the reference (the t quantile within 1e-3 of p = ½).
@Suite("Special functions and closed forms")
struct SpecialFunctionTests {
    /// |actual − expected| ≤ tolerance·|expected|.
    func close(_ actual: Double, _ expected: Double, _ tolerance: Double = 1e-13) -> Bool {
        abs(actual - expected) <= tolerance * abs(expected)
    }

    @Test("incomplete gamma: exponential and erfc closed forms, both tails")
    func incompleteGamma() {
        for x in [1e-10, 0.001, 0.5, 1, 1.9, 2.5, 10, 100, 700] {
            #expect(close(SpecialFunctions.regularizedGammaQ(1, x), exp(-x)), "Q(1, \(x))")
            #expect(close(SpecialFunctions.regularizedGammaP(1, x), -expm1(-x)), "P(1, \(x))")
            #expect(close(SpecialFunctions.regularizedGammaQ(0.5, x), erfc(x.squareRoot())), "Q(½, \(x))")
            #expect(close(SpecialFunctions.regularizedGammaP(0.5, x), erf(x.squareRoot())), "P(½, \(x))")
            // Q(2, x) = (1 + x)e⁻ˣ
            #expect(close(SpecialFunctions.regularizedGammaQ(2, x), (1 + x) * exp(-x)), "Q(2, \(x))")
        }
        #expect(SpecialFunctions.regularizedGammaP(3, 0) == 0)
        #expect(SpecialFunctions.regularizedGammaQ(3, 0) == 1)
        #expect(SpecialFunctions.regularizedGammaP(-1, 2).isNaN)
    }

    @Test("incomplete beta: power closed forms, symmetry and both tails")
    func incompleteBeta() {
        for x in [1e-12, 0.001, 0.2, 0.5, 0.73, 0.999, 1 - 1e-9] {
            #expect(close(SpecialFunctions.regularizedBeta(x, a: 1, b: 1), x), "I(\(x); 1, 1)")
            #expect(close(SpecialFunctions.regularizedBeta(x, a: 7.5, b: 1), pow(x, 7.5), 1e-12), "I(\(x); 7.5, 1)")
            #expect(close(SpecialFunctions.regularizedBetaComplement(x, a: 1, b: 3), pow(1 - x, 3), 1e-12), "1 − I(\(x); 1, 3)")
        }
        // values whose complements are exact in binary, so both sides see the same point
        for x in [0x1p-40, 0x1p-10, 0.25, 0.5, 0.75, 1 - 0x1p-10, 1 - 0x1p-40] {
            for (a, b) in [(0.5, 0.5), (2.5, 40.0), (30.0, 12.0), (5000.0, 0.5), (0.5, 5000.0)] {
                let lower = SpecialFunctions.regularizedBeta(x, a: a, b: b)
                let mirrored = SpecialFunctions.regularizedBetaComplement(1 - x, a: b, b: a)
                #expect(close(lower, mirrored, 1e-10) || abs(lower - mirrored) < 1e-300, "I(\(x); \(a), \(b)) = 1 − I(1 − x; b, a)")
            }
        }
        // I_x(½, ½) = (2/π)·asin(√x), the arcsine law
        for x in [1e-8, 0.1, 0.5, 0.9] {
            #expect(close(SpecialFunctions.regularizedBeta(x, a: 0.5, b: 0.5), 2 / Double.pi * asin(x.squareRoot()), 1e-12))
        }
        #expect(SpecialFunctions.regularizedBeta(1.5, a: 1, b: 1).isNaN)
    }

    @Test("BGRAT and the continued fraction agree where both apply")
    func largeAExpansion() {
        // Just above the switch, BGRAT is used; the continued fraction is still accurate there.
        let a = SpecialFunctions.largeAThreshold * 1.5
        for t in [0.5, 1.7, 3.0, 10.0, 30.0] {
            let y = t * t / (2 * a + t * t), x = 2 * a / (2 * a + t * t)
            let expansion = SpecialFunctions.betaTails(a: a, b: 0.5, x: x, y: y).lower
            let fraction = exp(SpecialFunctions.logBetaKernel(a: a, b: 0.5, x: x, y: y)) / a
                * continuedFraction(a: a, b: 0.5, x: x)
            #expect(close(expansion, fraction, 1e-11), "I(\(x); \(a), ½) at t = \(t)")
        }
    }

    /// The textbook Lentz evaluation of the beta continued fraction, for the comparison above.
    private func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        var c = 1.0, d = 1 / (1 - (a + b) * x / (a + 1)), h = d
        for m in 1...10_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a - 1 + 2 * m) * (a + 2 * m))
            d = 1 / (1 + even * d); c = 1 + even / c; h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 1 + 2 * m))
            d = 1 / (1 + odd * d); c = 1 + odd / c; h *= d * c
            if abs(d * c - 1) < 1e-16 { break }
        }
        return h
    }

    @Test("log-beta matches lgamma where lgamma is exact enough, and stays finite for huge arguments")
    func logBeta() {
        for (a, b) in [(0.5, 0.5), (3.0, 4.0), (12.0, 0.5), (25.0, 40.0), (0.1, 15.0)] {
            #expect(close(SpecialFunctions.logBeta(a, b), lgamma(a) + lgamma(b) - lgamma(a + b), 1e-12), "ln B(\(a), \(b))")
        }
        // ln B(a, ½) → ln √(π/a) as a grows: ln Γ(½) − ½ ln a, with relative correction O(1/a)
        let a = 1e12
        #expect(abs(SpecialFunctions.logBeta(a, 0.5) - (0.5 * log(Double.pi) - 0.5 * log(a))) < 1e-12)
        #expect(close(SpecialFunctions.logBeta(1e8, 1e8), lgamma(1e8) * 2 - lgamma(2e8), 1e-9))
    }

    @Test("Stirling correction and log1pmx against direct evaluation")
    func helpers() {
        for a in [10.0, 17.3, 100, 1e4] {
            let direct = lgamma(a) - ((a - 0.5) * log(a) - a + 0.5 * SpecialFunctions.logTwoPi)
            #expect(abs(SpecialFunctions.stirlingCorrection(a) - direct) < 1e-14 * max(1, lgamma(a)), "δ(\(a))")
        }
        for t in [-0.49, -0.1, -1e-5, 1e-9, 0.3, 0.49] {
            // ln(1 + t) − t = Σₙ₌₂ (−1)ⁿ⁺¹tⁿ/n, summed far past convergence
            let series = (2...400).reduce(0.0) { $0 + pow(-1, Double($1 + 1)) * pow(t, Double($1)) / Double($1) }
            #expect(close(SpecialFunctions.log1pmx(t), series, 1e-14), "log1pmx(\(t))")
        }
        #expect(close(SpecialFunctions.log1pmx(3), log(4) - 3, 1e-15))
    }

    @Test("t quantiles near p = ½ follow the density at 0 (where scipy's stdtrit is not accurate)")
    func tQuantileNearCentre() {
        // P(0 < T < t) = f(0)·t·(1 + O(t²)), so t = (p − ½)/f(0) to 1e-12 relative when |p − ½| ≤ 1e-6.
        let densityAtZero: [(df: Double, value: Double)] = [
            (1, 1 / Double.pi), (2, 1 / (2 * 2.0.squareRoot())), (3, 2 / (Double.pi * 3.0.squareRoot())), (4, 3.0 / 8),
            (1.5, StudentT.pdf(0, df: 1.5)), (10, StudentT.pdf(0, df: 10)), (1e5, StudentT.pdf(0, df: 1e5)),
        ]
        for (df, density) in densityAtZero {
            #expect(close(StudentT.pdf(0, df: df), density, 1e-14), "f(0) for df \(df)")
            for p in [0.4999999, 0.4999999999, 0.5 + 1e-12, 0.5000001] {
                let expected = (p - 0.5) / density
                #expect(close(StudentT.quantile(p, df: df), expected, 1e-12), "quantile(\(p), df: \(df))")
                // and back: the centre mass of the quantile is p − ½
                let centre = StudentT.halves(abs(expected), df: df).centre
                #expect(close(centre, abs(p - 0.5), 1e-12), "centre(\(expected), df: \(df))")
            }
        }
    }

    @Test("closed forms of t: Cauchy (df 1) and df 2, far tails included")
    func tClosedForms() {
        for t in [1e-8, 0.3, 1, 7, 1e3, 1e8, 1e150] {
            #expect(close(StudentT.sf(t, df: 1), atan(1 / t) / Double.pi, 1e-13), "Cauchy sf(\(t))")
            #expect(close(StudentT.cdf(-t, df: 1), atan(1 / t) / Double.pi, 1e-13), "Cauchy cdf(−\(t))")
            let root = (t * t + 2).squareRoot()
            #expect(close(StudentT.sf(t, df: 2), 1 / ((root + t) * root), 1e-13), "df 2 sf(\(t))")
        }
        for p in [1e-300, 1e-12, 0.01, 0.3] {
            #expect(close(StudentT.quantile(p, df: 1), -1 / tan(Double.pi * p), 1e-14), "Cauchy quantile(\(p))")
            #expect(close(StudentT.quantile(p, df: 2), (2 * p - 1) / (2 * p * (1 - p)).squareRoot(), 1e-14), "df 2 quantile(\(p))")
        }
    }

    @Test("quantiles invert the distributions in the extreme tails")
    func roundTrips() {
        for p in [1e-300, 1e-200, 1e-50, 1e-12] {
            #expect(close(Normal.cdf(Normal.quantile(p)), p, 1e-12), "normal at \(p)")
            #expect(close(Normal.sf(-Normal.quantile(p)), p, 1e-12), "normal upper tail at \(p)")
            for df in [1.0, 1.5, 3, 7.3, 30, 1e4, 1e7] {
                let t = StudentT.quantile(p, df: df)
                #expect(t.isFinite && t < 0, "t quantile(\(p), df: \(df)) = \(t)")
                #expect(close(StudentT.cdf(t, df: df), p, 1e-11), "t round trip at \(p), df \(df)")
            }
        }
        #expect(StudentT.quantile(0.975, df: .infinity) == Normal.quantile(0.975))
        #expect(Normal.quantile(0) == -.infinity && Normal.quantile(1) == .infinity && Normal.quantile(1.5).isNaN)
        #expect(StudentT.quantile(0, df: 3) == -.infinity && StudentT.quantile(0.5, df: 3) == 0)
        #expect(StudentT.cdf(0, df: 3) == 0.5 && StudentT.sf(0, df: 3) == 0.5 && StudentT.cdf(1, df: -1).isNaN)
        #expect(ChiSquare.cdf(0, df: 3) == 0 && ChiSquare.sf(-1, df: 3) == 1 && ChiSquare.sf(1, df: 0).isNaN)
    }
}
