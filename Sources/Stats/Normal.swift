#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard normal distribution N(0, 1).
public enum Normal {
    /// The density φ(x) = e^(−x²/2) / √(2π).
    public static func pdf(_ x: Double) -> Double {
        exp(-0.5 * x * x) / squareRootOfTwoPi
    }

    /// The lower tail Φ(x) = P(X ≤ x) = ½·erfc(−x/√2). Accurate relative to its size down to the underflow
    /// threshold (x ≈ −38).
    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x * squareRootOfOneHalf)
    }

    /// The upper tail 1 − Φ(x) = P(X > x) = ½·erfc(x/√2), computed directly (not as 1 − Φ).
    public static func sf(_ x: Double) -> Double {
        0.5 * erfc(x * squareRootOfOneHalf)
    }

    /// The quantile Φ⁻¹(p) for 0 ≤ p ≤ 1 (−∞ at 0, +∞ at 1, NaN outside).
    ///
    /// Wichura's AS 241 (PPND16, about 1e-16 relative), then one Halley step on Φ(x) − p, evaluated where it
    /// has no cancellation: as ½·erf(x/√2) − (p − ½) in the centre (p − ½ is exact there) and on the smaller
    /// tail with erfc otherwise (1 − p is exact for p ≥ ½).
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let x = wichura(p)
        let error: Double  // Φ(x) − p
        if abs(p - 0.5) <= 0.25 {
            error = 0.5 * erf(x * squareRootOfOneHalf) - (p - 0.5)
        } else if p < 0.5 {
            error = cdf(x) - p
        } else {
            error = (1 - p) - sf(x)
        }
        let density = pdf(x)
        guard density > 0 else { return x }
        let step = error / density
        let refined = x - step / (1 + 0.5 * x * step)
        return refined.isFinite ? refined : x
    }

    static let squareRootOfOneHalf = 0.70710678118654752440084436210484903
    static let squareRootOfTwoPi = 2.50662827463100050241576528481104525

    /// Wichura, "The Percentage Points of the Normal Distribution", Applied Statistics 37 (1988), AS 241
    /// (PPND16): rational approximations in q = p − ½ for |q| ≤ 0.425 and in r = √(−ln min(p, 1 − p)) outside.
    private static func wichura(_ p: Double) -> Double {
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let numerator = polynomial(r, [
                3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
                45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
            ])
            let denominator = polynomial(r, [
                1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
                39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
            ])
            return q * numerator / denominator
        }
        var r = sqrt(-log(q < 0 ? p : 1 - p))
        let value: Double
        if r <= 5 {
            r -= 1.6
            value = polynomial(r, [
                1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
                1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
            ]) / polynomial(r, [
                1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
                0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
            ])
        } else {
            r -= 5
            value = polynomial(r, [
                6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
                0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
            ]) / polynomial(r, [
                1.0, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
                7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
            ])
        }
        return q < 0 ? -value : value
    }

    /// c₀ + c₁x + c₂x² + ⋯ by Horner's rule.
    private static func polynomial(_ x: Double, _ coefficients: [Double]) -> Double {
        coefficients.reversed().reduce(0) { $0 * x + $1 }
    }
}
