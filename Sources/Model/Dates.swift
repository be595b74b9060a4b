/// A calendar date (`YYYY-MM-DD`), as days since 1970-01-01, in UTC.
///
/// A writer writes years 0001 to 9999 (`Day(_:)` refuses year 0000). Arithmetic never traps: a day is kept within
/// `Day.representable` (about a million years either side of 1970), where the civil conversions cannot overflow,
/// and `adding(days:)` saturates at its ends; so `days(since:)` of two days always fits an `Int`.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public private(set) var daysSinceEpoch: Int

    /// The days a `Day` can hold: years −999,999 to 999,999.
    public static let representable = -365_961_662...364_522_971

    /// `daysSinceEpoch` clamped to `representable`.
    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = min(max(daysSinceEpoch, Day.representable.lowerBound), Day.representable.upperBound)
    }

    /// A valid date of years 0001 to 9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        daysSinceEpoch = Day.civilToDays(year, month, day)
    }

    /// Parses exactly `YYYY-MM-DD`, years 0001 to 9999.
    public init?(_ text: String) {
        guard let (y, m, d) = Day.fields(text) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The year, month and day of `YYYY-MM-DD` text, unchecked.
    static func fields(_ text: String) -> (Int, Int, Int)? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D,
              let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2) else { return nil }
        return (y, m, d)
    }

    /// True for text that would be a date but for its year 0000, which a writer means as no year at all.
    public static func isYearZero(_ text: String) -> Bool {
        guard text.utf8.count >= 10, let (y, m, d) = fields(String(text.prefix(10))), y == 0 else { return false }
        return (1...12).contains(m) && (1...daysIn(month: m, year: 0)).contains(d)
    }

    public static func < (a: Day, b: Day) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// The day `days` later (earlier when negative), saturating at the ends of `representable`.
    public func adding(days: Int) -> Day {
        let (sum, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        return Day(daysSinceEpoch: overflow ? (days > 0 ? Int.max : Int.min) : sum)
    }

    /// Days from `other` to this day; both lie in `representable`, so the difference cannot overflow.
    public func days(since other: Day) -> Int { daysSinceEpoch - other.daysSinceEpoch }

    public var components: (year: Int, month: Int, day: Int) { Day.daysToCivil(daysSinceEpoch) }

    public var description: String {
        let (y, m, d) = components
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// "12 Mar 2026", for readers.
    public var readable: String {
        let (y, m, d) = components
        return "\(d) \(Day.monthNames[m - 1]) \(y)"
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's algorithms, exact for the proleptic Gregorian calendar.
    static func civilToDays(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func daysToCivil(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// An RFC 3339 date-time, as seconds since the epoch in UTC, keeping the text as written.
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var secondsSinceEpoch: Double
    public var text: String

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; `t`/`z` and a space separator are accepted as RFC 3339 allows.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count >= 20, let day = Day(String(decoding: b[0..<10], as: UTF8.self)),
              b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20,
              let hh = digits(b, 11, 2), b[13] == 0x3A, let mm = digits(b, 14, 2), b[16] == 0x3A, let ss = digits(b, 17, 2),
              hh < 24, mm < 60, ss < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { fraction += Double(b[i] - 0x30) * scale; scale /= 10; i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D {
            guard i + 6 == b.count, let oh = digits(b, i + 1, 2), b[i + 3] == 0x3A, let om = digits(b, i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = (oh * 60 + om) * 60 * (b[i] == 0x2D ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        secondsSinceEpoch = Double(day.daysSinceEpoch * 86400 + hh * 3600 + mm * 60 + ss - offset) + fraction
        self.text = text
    }

    public static func < (a: Instant, b: Instant) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }
    public static func == (a: Instant, b: Instant) -> Bool { a.secondsSinceEpoch == b.secondsSinceEpoch }
    public func hash(into hasher: inout Hasher) { hasher.combine(secondsSinceEpoch) }

    /// The UTC calendar date of this instant.
    public var day: Day {
        Day(daysSinceEpoch: wholeNumber(secondsSinceEpoch / 86400))
    }

    /// Whole minutes from `earlier` to this instant, rounded down.
    public func minutes(since earlier: Instant) -> Int {
        wholeNumber((secondsSinceEpoch - earlier.secondsSinceEpoch) / 60)
    }

    public var description: String { text }

    /// "14 Sep 2026 08:02 UTC", for readers.
    public var readable: String {
        let seconds = wholeNumber(secondsSinceEpoch)
        let inDay = ((seconds % 86400) + 86400) % 86400
        return "\(day.readable) \(pad(inDay / 3600, 2)):\(pad(inDay % 3600 / 60, 2)) UTC"
    }
}

private func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
    guard start + count <= b.count else { return nil }
    var n = 0
    for i in start..<(start + count) {
        guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
        n = n * 10 + Int(b[i] - 0x30)
    }
    return n
}

/// `x` rounded down, within ±2⁵³ (0 for NaN): a conversion that cannot trap.
func wholeNumber(_ x: Double) -> Int {
    x.isNaN ? 0 : Int(min(max(x.rounded(.down), -0x1p53), 0x1p53))
}

func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n.magnitude)
    return (n < 0 ? "-" : "") + (s.count >= width ? s : String(repeating: "0", count: width - s.count) + s)
}

/// A duration written as a number followed by `ms`, `s`, `m`, `h` or `d` (`500ms`, `30s`, `30m`, `2h`,
/// `1d` = 24 h), in minutes. (A rollout step's schema allows only `m`, `h` and `d`.)
public struct Duration: Sendable, Hashable, CustomStringConvertible {
    public var minutes: Double
    public var text: String

    public init?(_ text: String) {
        let unitLength = text.hasSuffix("ms") ? 2 : 1
        let digits = text.dropLast(unitLength)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isNumber || $0 == "." }), let number = Double(digits),
              number >= 0, number < 1e9 else { return nil }
        switch text.suffix(unitLength) {
        case "ms": minutes = number / 60_000
        case "s": minutes = number / 60
        case "m": minutes = number
        case "h": minutes = number * 60
        case "d": minutes = number * 1440
        default: return nil
        }
        self.text = text
    }

    /// The duration in seconds.
    public var seconds: Double { minutes * 60 }

    /// Seconds as a reader says them: `250 ms`, `7.5 s`, `4 min 15 s`, `2 h 8 min`, `3 d 4 h`.
    public static func spoken(_ s: Double) -> String {
        guard s.isFinite else { return "–" }
        func plain(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
        if s < 1 && s > 0 { return plain((s * 1000).rounded()) + " ms" }
        if s < 60 { return plain((s * 10).rounded() / 10) + " s" }
        let whole = Int(s.rounded())
        if whole < 3600 { return whole % 60 == 0 ? "\(whole / 60) min" : "\(whole / 60) min \(whole % 60) s" }
        return spoken(minutes: whole / 60)
    }

    /// Minutes as a reader says them: `45 min`, `2 h 14 min`, `3 d 4 h`.
    public static func spoken(minutes: Int) -> String {
        if minutes < 60 { return "\(minutes) min" }
        if minutes < 1440 { return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min" }
        let hours = (minutes % 1440) / 60
        return hours == 0 ? "\(minutes / 1440) d" : "\(minutes / 1440) d \(hours) h"
    }

    public var description: String { text }
}
