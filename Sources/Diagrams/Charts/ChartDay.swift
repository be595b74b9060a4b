// Calendar days for the time axes of charts, independent of Foundation and of the other targets: a proleptic
// Gregorian (year, month, day) that converts to and from days since 1970-01-01, and the ticks of a time axis
// (days or weeks for short spans, months, quarters or years for long ones).

/// A calendar day (proleptic Gregorian), as charts take it on their time axes.
public struct ChartDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    /// 1 to 12.
    public var month: Int
    /// 1 to 31.
    public var day: Int

    /// The day `year`-`month`-`day`; a month or day out of range is clamped (month into 1…12, day into
    /// 1…the month's length).
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = min(max(month, 1), 12)
        self.day = min(max(day, 1), ChartDay.length(year: year, month: self.month))
    }

    /// The day `days` days after 1970-01-01 (before it when negative).
    public init(daysSince1970 days: Int) {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// A day written `YYYY-MM-DD`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= ChartDay.length(year: y, month: m) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSince1970: Int {
        // Howard Hinnant's days_from_civil.
        let y = year - (month <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    public static func < (a: ChartDay, b: ChartDay) -> Bool { a.daysSince1970 < b.daysSince1970 }

    static func length(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The first day of the month `index` months after January of year 0.
    static func firstOfMonth(_ index: Int) -> ChartDay {
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        return ChartDay(year: year, month: index - year * 12 + 1, day: 1)
    }

    /// Months since January of year 0.
    var monthIndex: Int { year * 12 + month - 1 }
}

extension Chart {
    /// Ticks of a time axis over days `lo…hi` (days since 1970-01-01), at most about `count` of them: every
    /// 1, 2, 7 or 14 days ("Mar 3") over spans up to three months, else on the first of every 1, 2, 3, 6 or
    /// 12 months ("Mar", with the year on January and on the first tick: "Jan 2026").
    static func dayTicks(_ lo: Double, _ hi: Double, count: Int) -> [ChartTick] {
        let (lo, hi) = ChartScale.widened(lo, hi)
        let first = Int(lo.rounded(.up)), last = Int(hi.rounded(.down))
        let count = max(count, 2)
        if hi - lo <= 92 {
            let step = [1, 2, 7, 14, 28].first { (last - first) / $0 + 1 <= count } ?? 28
            // Weeks start on Mondays: day 4 (1970-01-05) was one.
            let offset = step >= 7 ? 4 : 0
            var d = first + ((offset - first) % step + step) % step
            var ticks: [ChartTick] = []
            while d <= last {
                let day = ChartDay(daysSince1970: d)
                ticks.append(ChartTick(value: Double(d), label: "\(ChartDay.monthNames[day.month - 1]) \(day.day)"))
                d += step
            }
            return ticks
        }
        let from = ChartDay(daysSince1970: first), to = ChartDay(daysSince1970: last)
        let firstMonth = from.monthIndex + (from.day == 1 ? 0 : 1), lastMonth = to.monthIndex
        let months = lastMonth - firstMonth + 1
        let step = [1, 2, 3, 6, 12].first { months / $0 + 1 <= count } ?? (months / count + 1)
        var ticks: [ChartTick] = []
        var m = firstMonth
        while m % step != 0 { m += 1 }
        while m <= lastMonth {
            let day = ChartDay.firstOfMonth(m)
            let name = ChartDay.monthNames[day.month - 1]
            let label = step >= 12 ? "\(day.year)" : day.month == 1 || ticks.isEmpty ? "\(name) \(day.year)" : name
            ticks.append(ChartTick(value: Double(day.daysSince1970), label: label))
            m += step
        }
        return ticks
    }
}
