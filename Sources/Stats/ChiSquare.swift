/// The chi-square distribution with df > 0 degrees of freedom: the regularized incomplete gamma function
/// at (df/2, x/2).
public enum ChiSquare {
    /// The lower tail P(X ≤ x) = P(df/2, x/2); 0 for x ≤ 0.
    public static func cdf(_ x: Double, df: Double) -> Double {
        guard df > 0, !x.isNaN else { return .nan }
        return x <= 0 ? 0 : SpecialFunctions.regularizedGammaP(df / 2, x / 2)
    }

    /// The upper tail P(X > x) = Q(df/2, x/2), computed directly (not as 1 − cdf); 1 for x ≤ 0.
    public static func sf(_ x: Double, df: Double) -> Double {
        guard df > 0, !x.isNaN else { return .nan }
        return x <= 0 ? 1 : SpecialFunctions.regularizedGammaQ(df / 2, x / 2)
    }
}
