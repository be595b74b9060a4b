#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The special functions behind the distributions: the regularized incomplete gamma and beta functions.
///
/// Both tails are returned with full relative accuracy: the smaller tail is always computed directly (a power
/// series or a continued fraction), never as `1 − larger`, so values down to the underflow threshold keep
/// their significant digits. The prefactors `xᵃe⁻ˣ/Γ(a)` and `xᵃyᵇ/B(a, b)` are computed from Stirling's
/// series with `log(1 + t) − t` evaluated directly, which keeps them accurate for parameters in the millions
/// where `lgamma` differences would lose digits.
public enum SpecialFunctions {
    /// The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a), for a > 0 and x ≥ 0.
    ///
    /// Uses the power series P = xᵃe⁻ˣ/Γ(a + 1) · Σₙ xⁿ / ((a + 1)⋯(a + n)) when x < a + 1, and
    /// 1 − Q (Lentz's continued fraction) otherwise. Returns NaN for invalid arguments.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        gammaTails(a, x).lower
    }

    /// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x), for a > 0 and
    /// x ≥ 0, computed directly (continued fraction when x ≥ a + 1), so it stays accurate when tiny.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        gammaTails(a, x).upper
    }

    /// The regularized incomplete beta function Iₓ(a, b) = B(x; a, b) / B(a, b), for a, b > 0 and 0 ≤ x ≤ 1.
    ///
    /// Uses the continued fraction of Numerical Recipes' `betacf` (modified Lentz) on whichever side of
    /// x = (a + 1)/(a + b + 2) it converges, with the symmetry Iₓ(a, b) = 1 − I₁₋ₓ(b, a); for a ≥ 1000 with
    /// b ≤ 1 (on the side being computed) Didonato and Morris's BGRAT expansion replaces the continued
    /// fraction, which loses digits there. Returns NaN for invalid arguments.
    public static func regularizedBeta(_ x: Double, a: Double, b: Double) -> Double {
        betaTails(a: a, b: b, x: x, y: 1 - x).lower
    }

    /// The complement 1 − Iₓ(a, b) = I₁₋ₓ(b, a), computed directly so it stays accurate when tiny.
    public static func regularizedBetaComplement(_ x: Double, a: Double, b: Double) -> Double {
        betaTails(a: a, b: b, x: x, y: 1 - x).upper
    }

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0, without the cancellation of large
    /// `lgamma` values when a or b is large.
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        guard a > 0, b > 0 else { return .nan }
        let (small, large) = a < b ? (a, b) : (b, a)
        if small >= stirlingThreshold {
            // ½ln 2π + (a−½)ln a + (b−½)ln b − (a+b−½)ln(a+b) + δ(a) + δ(b) − δ(a+b), regrouped so that the
            // large terms cancel analytically: (a−½)ln(a/(a+b)) + (b−½)ln(b/(a+b)) − ½ln(a+b) + ½ln 2π + δs.
            let sum = a + b
            return (large - 0.5) * log1p(-small / sum) + (small - 0.5) * log(small / sum) - 0.5 * log(sum)
                + 0.5 * logTwoPi
                + stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(sum)
        }
        if large >= stirlingThreshold {
            return lgamma(small) - logGammaRatio(large, plus: small)
        }
        return lgamma(a) + lgamma(b) - lgamma(a + b)
    }
}

/// A probability and its complement, each computed with full relative accuracy.
struct Tails {
    var lower: Double
    var upper: Double

    static let nan = Tails(lower: .nan, upper: .nan)
}

// MARK: - Incomplete gamma

extension SpecialFunctions {
    /// P(a, x) and Q(a, x); the smaller one is computed directly.
    static func gammaTails(_ a: Double, _ x: Double) -> Tails {
        guard a > 0, a.isFinite, x >= 0 else { return .nan }
        if x == 0 { return Tails(lower: 0, upper: 1) }
        if x == .infinity { return Tails(lower: 1, upper: 0) }
        if x < a + 1 {
            let lower = gammaSeries(a, x)
            return Tails(lower: lower, upper: 1 - lower)
        }
        let upper = gammaContinuedFraction(a, x)
        return Tails(lower: 1 - upper, upper: upper)
    }

    /// P(a, x) = xᵃe⁻ˣ/Γ(a) · (1/a) Σₙ xⁿ / ((a + 1)⋯(a + n)); converges fast for x < a + 1.
    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var denominator = a, term = 1.0, sum = 1.0
        for _ in 0..<maximumIterations {
            denominator += 1
            term *= x / denominator
            sum += term
            if term <= sum * convergence { break }
        }
        return exp(logGammaKernel(a, x)) * sum / a
    }

    /// Q(a, x) = xᵃe⁻ˣ/Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − ⋯))), evaluated by
    /// the modified Lentz method (Numerical Recipes `gcf`).
    private static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var fraction = d
        for i in 1...maximumIterations {
            let n = Double(i)
            let an = -n * (n - a)
            b += 2
            d = nonZero(an * d + b)
            c = nonZero(b + an / c)
            d = 1 / d
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) <= convergence { break }
        }
        return exp(logGammaKernel(a, x)) * fraction
    }

    /// ln(xᵃe⁻ˣ / Γ(a)). For a ≥ 10 it is a·(ln(1 + t) − t) + ½ln(a/2π) − δ(a) with 1 + t = x/a, where
    /// δ is Stirling's correction: every term is small or of the size of the result, so nothing cancels.
    static func logGammaKernel(_ a: Double, _ x: Double) -> Double {
        if a < stirlingThreshold {
            return a * log(x) - x - lgamma(a)
        }
        return a * logMinusLinear(ratio: x / a, deviation: (x - a) / a) + 0.5 * (log(a) - logTwoPi)
            - stirlingCorrection(a)
    }
}

// MARK: - Incomplete beta

extension SpecialFunctions {
    /// Iₓ(a, b) and 1 − Iₓ(a, b), given x and its complement y = 1 − x separately: callers that know y more
    /// precisely than `1 − x` (the t distribution near t = 0) pass it. The smaller side is computed directly.
    static func betaTails(a: Double, b: Double, x: Double, y: Double) -> Tails {
        guard a > 0, b > 0, a.isFinite, b.isFinite, x >= 0, y >= 0, x <= 1, y <= 1 else { return .nan }
        if x == 0 { return Tails(lower: 0, upper: 1) }
        if y == 0 { return Tails(lower: 1, upper: 0) }
        if x < (a + 1) / (a + b + 2) {
            let lower = incompleteBetaDirect(a: a, b: b, x: x, y: y)
            return Tails(lower: lower, upper: 1 - lower)
        }
        let upper = incompleteBetaDirect(a: b, b: a, x: y, y: x)
        return Tails(lower: 1 - upper, upper: upper)
    }

    /// Iₓ(a, b) for x on the side where it is the smaller tail: the continued fraction, except for large a
    /// with b ≤ 1 (the t distribution with many degrees of freedom), where x is within ~1/a of 1 and the
    /// continued fraction's terms 1 − (a + b)x/(a + 1) cancel; there the BGRAT expansion is used.
    private static func incompleteBetaDirect(a: Double, b: Double, x: Double, y: Double) -> Double {
        if a >= largeAThreshold && b <= 1 {
            return betaLargeASmallB(a: a, b: b, x: x, y: y)
        }
        return exp(logBetaKernel(a: a, b: b, x: x, y: y)) / a * betaContinuedFraction(a: a, b: b, x: x)
    }

    /// Where `incompleteBetaDirect` switches to BGRAT.
    static let largeAThreshold = 1000.0

    /// Iₓ(a, b) for large a and b ≤ 1 by Didonato and Morris's asymptotic expansion BGRAT (ACM TOMS 708,
    /// 1992, eq. 9; the arrangement of Boost's `beta_small_b_large_a_series`). With T = a + (b − 1)/2 and
    /// u = −T·ln x: Iₓ(a, b) = Γ(a + b)/(Γ(a)·Tᵇ) · uᵇe⁻ᵘ/Γ(b) · Σₙ pₙ·Jₙ, where J₀ = Q(b, u)·Γ(b)/(uᵇe⁻ᵘ),
    /// Jₙ = ((b + 2n − 2)(b + 2n − 1)·Jₙ₋₁ + (u + b + 2n − 1)·(ln x / 2)²⁽ⁿ⁻¹⁾) / (4T²), p₀ = 1 and
    /// pₙ = (b − 1)/(2n + 1)! + (1/n)·Σₘ₌₁ⁿ⁻¹ (mb − n)·pₙ₋ₘ/(2m + 1)!.
    /// The leading term Γ(a + b)/(Γ(a)·Tᵇ)·Q(b, u) is the normal tail when b = ½.
    private static func betaLargeASmallB(a: Double, b: Double, x: Double, y: Double) -> Double {
        let t = a + (b - 1) / 2
        let logX = y < 0.35 ? log1p(-y) : log(x)
        let u = -t * logX
        let density = exp(logGammaKernel(b, u))  // uᵇe⁻ᵘ/Γ(b)
        guard density > 0 else { return 0 }
        let prefix = density * exp(logGammaRatio(a, plus: b) - b * log(t))
        var j = gammaTails(b, u).upper / density
        var sum = prefix * j
        var p: [Double] = [1]
        let halfLogSquared = (logX / 2) * (logX / 2), fourTSquared = 4 * t * t
        var logPower = 1.0, bPlusTwoN = b
        for n in 1..<oddFactorials.count {
            var pn = 0.0
            for m in 1..<n {
                pn += (Double(m) * b - Double(n)) * p[n - m] / oddFactorials[m]
            }
            pn = pn / Double(n) + (b - 1) / oddFactorials[n]
            p.append(pn)
            j = (bPlusTwoN * (bPlusTwoN + 1) * j + (u + bPlusTwoN + 1) * logPower) / fourTSquared
            logPower *= halfLogSquared
            bPlusTwoN += 2
            let term = prefix * pn * j
            sum += term
            if abs(term) <= abs(sum) * Double.ulpOfOne { break }
        }
        return sum
    }

    /// (2n + 1)! for n = 0..<30.
    private static let oddFactorials: [Double] = (0..<30).map { n in
        (1...(2 * n + 1)).reduce(1.0) { $0 * Double($1) }
    }

    /// The continued fraction of Iₓ(a, b)·a·B(a, b)/(xᵃyᵇ), by the modified Lentz method (Numerical Recipes
    /// `betacf`): 1/(1 + d₁/(1 + d₂/(1 + ⋯))) with d₂ₘ₊₁ = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)) and
    /// d₂ₘ = m(b − m)x / ((a + 2m − 1)(a + 2m)).
    private static func betaContinuedFraction(a: Double, b: Double, x: Double) -> Double {
        let sum = a + b, aPlusOne = a + 1, aMinusOne = a - 1
        var c = 1.0
        var d = 1 / nonZero(1 - sum * x / aPlusOne)
        var fraction = d
        for i in 1...maximumIterations {
            let m = Double(i), twoM = 2 * m
            let even = m * (b - m) * x / ((aMinusOne + twoM) * (a + twoM))
            d = 1 / nonZero(1 + even * d)
            c = nonZero(1 + even / c)
            fraction *= d * c
            let odd = -(a + m) * (sum + m) * x / ((a + twoM) * (aPlusOne + twoM))
            d = 1 / nonZero(1 + odd * d)
            c = nonZero(1 + odd / c)
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) <= convergence { break }
        }
        return fraction
    }

    /// ln(xᵃyᵇ / B(a, b)) with y = 1 − x given separately.
    ///
    /// When a and b are both large it is a·(ln(1 + u) − u) + b·(ln(1 + v) − v) + ½ln(ab/(2π(a + b)))
    /// − δ(a) − δ(b) + δ(a + b), with 1 + u = x(a + b)/a and 1 + v = y(a + b)/b (x and y relative to the mode): both
    /// main terms are ≤ 0, so nothing cancels. Otherwise ln B comes from `logBeta`.
    static func logBetaKernel(a: Double, b: Double, x: Double, y: Double) -> Double {
        if a >= stirlingThreshold && b >= stirlingThreshold {
            let u = (x * b - y * a) / a, v = (y * a - x * b) / b
            let sum = a + b
            return a * logMinusLinear(ratio: x * sum / a, deviation: u) + b * logMinusLinear(ratio: y * sum / b, deviation: v)
                + 0.5 * (log(a) + log(b) - log(sum) - logTwoPi)
                - stirlingCorrection(a) - stirlingCorrection(b) + stirlingCorrection(a + b)
        }
        return a * logComplementAware(x, complement: y) + b * logComplementAware(y, complement: x) - logBeta(a, b)
    }

    /// ln x, taken as ln(1 − y) when x is near 1 and its complement y is the more precise of the two.
    private static func logComplementAware(_ x: Double, complement y: Double) -> Double {
        x < 0.5 ? log(x) : log1p(-y)
    }

    /// ln Γ(a + b) − ln Γ(a) for a ≥ 10 and b > 0, from Stirling's series:
    /// b·ln(a + b) + (a − ½)·ln(1 + b/a) − b + δ(a + b) − δ(a).
    private static func logGammaRatio(_ a: Double, plus b: Double) -> Double {
        b * log(a + b) + (a - 0.5) * log1p(b / a) - b + stirlingCorrection(a + b) - stirlingCorrection(a)
    }
}

// MARK: - Shared helpers

extension SpecialFunctions {
    static let maximumIterations = 100_000
    static let convergence = 2 * Double.ulpOfOne
    static let tiny = 1e-300
    static let logTwoPi = 1.8378770664093454835606594728112353
    /// Below this, `lgamma` is used directly; above it, Stirling's series with `stirlingCorrection`.
    static let stirlingThreshold = 10.0

    /// Lentz's guard: a zero denominator is replaced by a tiny one.
    private static func nonZero(_ value: Double) -> Double {
        abs(value) < tiny ? tiny : value
    }

    /// Stirling's correction δ(a) = ln Γ(a) − ((a − ½)ln a − a + ½ln 2π), for a ≥ 10:
    /// Σₖ B₂ₖ / (2k(2k − 1)a²ᵏ⁻¹), eight terms, absolute error below 2e-18.
    static func stirlingCorrection(_ a: Double) -> Double {
        let coefficients: [Double] = [
            1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360_360, 1.0 / 156, -3617.0 / 122_400,
        ]
        let inverseSquare = 1 / (a * a)
        var sum = 0.0
        for coefficient in coefficients.reversed() {
            sum = sum * inverseSquare + coefficient
        }
        return sum / a
    }

    /// ln r − (r − 1) for r = 1 + t, given both r and t = r − 1, each computed accurately: t where r is near 1
    /// (through `log1pmx`), r where r is near 0 (there 1 + t has lost the digits of r).
    static func logMinusLinear(ratio r: Double, deviation t: Double) -> Double {
        t < -0.5 ? log(r) - t : log1pmx(t)
    }

    /// ln(1 + t) − t, accurate also for small t where the difference cancels. For |t| < ½ it uses
    /// ln(1 + t) = 2 atanh(r) with r = t/(2 + t), which gives −t·r + 2(r³/3 + r⁵/5 + ⋯).
    static func log1pmx(_ t: Double) -> Double {
        guard abs(t) < 0.5 else { return log1p(t) - t }
        let r = t / (2 + t), rSquared = r * r
        var power = r * rSquared, series = 0.0
        var k = 3.0
        while true {
            let term = power / k
            series += term
            if abs(term) <= abs(series) * Double.ulpOfOne / 4 { break }
            power *= rSquared
            k += 2
        }
        return -t * r + 2 * series
    }
}
