/// The domains of the whole numbers of the configuration and the content model: wide enough for any real site,
/// narrow enough that no date or sum computed from them can overflow. The built-in schemas
/// (`Sources/Model/Schemas`) carry the same `minimum` and `maximum`, and docs/writers-guide.md lists them.
public enum Bounds {
    /// Days of a policy (`review_every_days`, `lifetime_days`, `min_days`): one day to ten years.
    public static let days = 1...3650
    /// Counts (`units`, `conversions`, `users_affected`): up to a trillion, so that sums over variants fit.
    public static let count = 0...1_000_000_000_000
    /// Eligible units a day (`daily_traffic`).
    public static let traffic = 1...1_000_000_000_000
    /// Workers of an integration's queue.
    public static let workers = 1...100_000
    /// Attempts of a retry policy, the first included.
    public static let attempts = 1...100

    /// `1,000,000`: a bound as messages show it.
    public static func text(_ n: Int) -> String {
        var digits = String(n.magnitude), out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return (n < 0 ? "-" : "") + digits + out
    }
}
