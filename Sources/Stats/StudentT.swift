#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Student's t distribution with real degrees of freedom df > 0. From df = 1e20 on (and at df = +∞) it is
/// the standard normal: the difference, about (t⁴ + 2t² + 1)/(4·df) relative, is then below 1e-14 wherever
/// the tails have not underflowed.
///
/// With x = df/(df + t²) and y = t²/(df + t²) (both computed directly, never as 1 − the other):
/// P(T > |t|) = ½·Iₓ(df/2, ½) and P(0 < T < |t|) = ½·I_y(½, df/2).
public enum StudentT {
    /// The density Γ((df+1)/2) / (√(df·π)·Γ(df/2)) · (1 + t²/df)^(−(df+1)/2), computed in logs.
    public static func pdf(_ t: Double, df: Double) -> Double {
        guard df > 0, !t.isNaN else { return .nan }
        if df >= normalLimit { return Normal.pdf(t) }
        return exp(logPDF(abs(t), df: df))
    }

    /// The lower tail P(T ≤ t), accurate relative to its size in both tails.
    public static func cdf(_ t: Double, df: Double) -> Double {
        let parts = halves(abs(t), df: df)
        return t < 0 ? parts.tail : 0.5 + parts.centre
    }

    /// The upper tail P(T > t), computed directly (not as 1 − cdf).
    public static func sf(_ t: Double, df: Double) -> Double {
        let parts = halves(abs(t), df: df)
        return t > 0 ? parts.tail : 0.5 + parts.centre
    }

    /// The quantile: the t with P(T ≤ t) = p, for 0 ≤ p ≤ 1 (±∞ at the ends, NaN outside or for df ≤ 0).
    ///
    /// df = 1 (Cauchy) and df = 2 have closed forms. Otherwise Hill's approximation (CACM Algorithm 396, as
    /// in R's `qt`) is refined by Newton's method on ln F against ln |t|, where F is the probability being
    /// matched: the tail P(T > |t|) when min(p, 1 − p) < ¼, else the centre P(0 < T < |t|) = |p − ½| (exact
    /// there). In those coordinates power-law tails are straight lines, so convergence is quadratic from
    /// the first step; a bracket guards every step, falling back to bisection in ln |t|.
    public static func quantile(_ p: Double, df: Double) -> Double {
        guard df > 0, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if df >= normalLimit { return Normal.quantile(p) }
        let tail = p < 0.5 ? p : 1 - p  // 1 − p is exact for p ≥ ½
        let centre = abs(p - 0.5)  // exact when ¼ ≤ p ≤ ¾, the only case where it is used
        let magnitude: Double
        switch df {
        case 1:
            magnitude = tail < 0.25 ? 1 / tan(Double.pi * tail) : tan(Double.pi * centre)
        case 2:
            magnitude = (tail < 0.25 ? 1 - 2 * tail : 2 * centre) / sqrt(2 * tail * (1 - tail))
        default:
            magnitude = solve(tail: tail, centre: centre, df: df)
        }
        return p < 0.5 ? -magnitude : magnitude
    }

    /// The degrees of freedom from which the distribution is taken as normal.
    static let normalLimit = 1e20

    /// For t ≥ 0: the tail P(T > t) and the centre P(0 < T < t), each accurate relative to its size.
    static func halves(_ t: Double, df: Double) -> (tail: Double, centre: Double) {
        guard df > 0, !t.isNaN else { return (.nan, .nan) }
        if df >= normalLimit { return (Normal.sf(t), 0.5 * erf(t * Normal.squareRootOfOneHalf)) }
        if t == 0 { return (0.5, 0) }
        // x = df/(df + t²), y = t²/(df + t²), written to avoid overflowing t².
        let x: Double, y: Double
        if t * t <= df {
            let ratio = (t / df) * t
            (x, y) = (1 / (1 + ratio), ratio / (1 + ratio))
        } else {
            let ratio = (df / t) / t
            if ratio < 1e-100 {
                // Far tail, where x may underflow: Iₓ(a, ½) = xᵃ/(a·B(a, ½))·(1 + O(x)), taken in logs.
                let a = df / 2
                let tail = 0.5 * exp(a * (log(df) - 2 * log(t)) - log(a) - SpecialFunctions.logBeta(a, 0.5))
                return (tail, 0.5 - tail)
            }
            (x, y) = (ratio / (1 + ratio), 1 / (1 + ratio))
        }
        let beta = SpecialFunctions.betaTails(a: df / 2, b: 0.5, x: x, y: y)
        return (0.5 * beta.lower, 0.5 * beta.upper)
    }

    /// ln of the density at t ≥ 0: −((df+1)/2)·ln(1 + t²/df) − ½ln df − ln B(df/2, ½).
    private static func logPDF(_ t: Double, df: Double) -> Double {
        let ratio = (t / df) * t
        let logOnePlusRatio = ratio.isFinite ? log1p(ratio) : 2 * log(t) - log(df)
        return -0.5 * (df + 1) * logOnePlusRatio - 0.5 * log(df) - SpecialFunctions.logBeta(df / 2, 0.5)
    }

    /// The t > 0 with P(T > t) = tail (tail < ¼) or P(0 < T < t) = centre (otherwise).
    private static func solve(tail: Double, centre: Double, df: Double) -> Double {
        let matchesCentre = tail >= 0.25
        let target = matchesCentre ? centre : tail
        var t = hill(tail: tail, df: df)
        if !(t > 0 && t.isFinite) { t = powerLawTail(tail: tail, df: df) }
        var low = 0.0, high = Double.infinity  // the root is always inside (low, high)
        for _ in 0..<200 {
            let parts = halves(t, df: df)
            let value = matchesCentre ? parts.centre : parts.tail
            guard value > 0 else {  // only the tail can underflow: t is far too large
                high = t
                t = low > 0 ? (low * high).squareRoot() : high / 2
                continue
            }
            let logRatio = log(value / target)
            if logRatio == 0 { return t }
            // F grows with t in the centre and shrinks in the tail; record which side of the root t is on.
            if (logRatio > 0) == matchesCentre { high = t } else { low = t }
            // Newton in (ln t, ln F): d ln F / d ln t = ±t·f(t)/F.
            let slope = exp(logPDF(t, df: df) + log(t) - log(value))
            let logStep = (matchesCentre ? -logRatio : logRatio) / slope
            var next = t * exp(logStep)
            if !(next > low && next < high) {
                next = low > 0 && high.isFinite ? (low * high).squareRoot() : (high.isFinite ? high / 2 : low * 2)
            } else if abs(logStep) <= 1e-13 {
                return next
            }
            t = next
        }
        return t
    }

    /// Hill's initial approximation to the upper quantile for the two-sided probability 2·tail (CACM
    /// Algorithm 396, in the form of R's `qt`). Good to a few digits; may be non-finite for extreme tails.
    private static func hill(tail: Double, df: Double) -> Double {
        let twoSided = 2 * tail
        let a = 1 / (df - 0.5)
        let b = 48 / (a * a)
        var c = ((20700 * a / b - 98) * a - 16) * a + 96.36
        let d = ((94.5 / (b + c) - 3) / b + 1) * (a * Double.pi / 2).squareRoot() * df
        var y = pow(d * twoSided, 2 / df)
        if y > 0.05 + a {
            // asymptotic inverse expansion about the normal quantile
            let x = Normal.quantile(tail)
            y = x * x
            if df < 5 { c += 0.3 * (df - 4.5) * (x + 0.6) }
            c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
            y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x
            y = expm1(a * y * y)
        } else {
            y = ((1 / (((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3) + 0.5 / (df + 4)) * y - 1)
                * (df + 1) / (df + 2) + 1 / y
        }
        return (df * y).squareRoot()
    }

    /// The leading term of the tail, P(T > t) ≈ df^(df/2−1)·t^(−df) / B(df/2, ½), solved for t in logs:
    /// a starting point for extreme tails where Hill's approximation underflows.
    private static func powerLawTail(tail: Double, df: Double) -> Double {
        exp(((0.5 * df - 1) * log(df) - SpecialFunctions.logBeta(df / 2, 0.5) - log(tail)) / df)
    }
}
