/// The `format`s Almanac asserts (RFC 3339 dates, email, absolute URIs, UUIDs), checked on UTF-8 bytes.
enum Format: String, Sendable, CaseIterable {
    case date
    case dateTime = "date-time"
    case email
    case uri
    case uuid

    func accepts(_ s: String) -> Bool {
        switch self {
        case .date: return s.utf8.count == 10 && FormatCheck.onBytes(s) { FormatCheck.fullDate($0, 0) }
        case .dateTime: return FormatCheck.onBytes(s) { FormatCheck.dateTime($0) }
        case .uuid: return FormatCheck.onBytes(s) { FormatCheck.uuid($0) }
        case .email: return FormatCheck.email(Array(s.utf8))
        case .uri: return FormatCheck.uri(Array(s.utf8))
        }
    }

    /// What a writer should write, for messages.
    var expectation: String {
        switch self {
        case .date: return "a date written YYYY-MM-DD"
        case .dateTime: return "a date and time written YYYY-MM-DDTHH:MM:SSZ (or with an offset such as +02:00)"
        case .email: return "an email address such as name@example.com"
        case .uri: return "a full address with a scheme, such as https://example.com/page"
        case .uuid: return "a UUID such as 123e4567-e89b-12d3-a456-426614174000"
        }
    }
}

enum FormatCheck {
    /// Runs `check` on the UTF-8 bytes of `s` without copying them when the string is contiguous.
    static func onBytes(_ s: String, _ check: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        if let result = s.utf8.withContiguousStorageIfAvailable(check) { return result }
        return Array(s.utf8).withUnsafeBufferPointer(check)
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { hexValue(b) != nil }

    static func number<C: RandomAccessCollection<UInt8>>(_ b: C, _ at: Int, _ count: Int) -> Int? where C.Index == Int {
        guard at + count <= b.count else { return nil }
        var n = 0
        for i in at..<(at + count) {
            guard isDigit(b[i]) else { return nil }
            n = n * 10 + Int(b[i] - 0x30)
        }
        return n
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD` at `at`, exactly ten bytes.
    static func fullDate<C: RandomAccessCollection<UInt8>>(_ b: C, _ at: Int) -> Bool where C.Index == Int {
        guard at + 10 <= b.count, b[at + 4] == UInt8(ascii: "-"), b[at + 7] == UInt8(ascii: "-"),
              let year = number(b, at, 4), let month = number(b, at + 5, 2), let day = number(b, at + 8, 2)
        else { return false }
        return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month: month, year: year)
    }

    /// RFC 3339 `date-time`, with `T`/`Z` in either case, and leap seconds only at 23:59:60 UTC.
    static func dateTime<C: RandomAccessCollection<UInt8>>(_ b: C) -> Bool where C.Index == Int {
        guard b.count >= 20, fullDate(b, 0), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let hour = number(b, 11, 2), let minute = number(b, 14, 2), let second = number(b, 17, 2),
              hour <= 23, minute <= 59, second <= 60
        else { return false }
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            guard i > start else { return false }
        }
        guard i < b.count else { return false }
        var offsetMinutes = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
                  let oh = number(b, i + 1, 2), let om = number(b, i + 4, 2), oh <= 23, om <= 59
            else { return false }
            offsetMinutes = (oh * 60 + om) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return false
        }
        guard i == b.count else { return false }
        if second == 60 {
            // A leap second is the last second of a UTC day: 23:59:60 once the offset is removed.
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    static func uuid<C: RandomAccessCollection<UInt8>>(_ b: C) -> Bool where C.Index == Int {
        guard b.count == 36 else { return false }
        for (i, c) in b.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == UInt8(ascii: "-") else { return false }
            } else {
                guard isHex(c) else { return false }
            }
        }
        return true
    }

    // MARK: Email (RFC 5321 mailbox: dot-atom or quoted local part; domain name or address literal)

    static let atext: Set<UInt8> = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    static func email(_ b: [UInt8]) -> Bool {
        guard let at = b.lastIndex(of: UInt8(ascii: "@")), at > 0, at < b.count - 1 else { return false }
        let local = Array(b[..<at]), domain = Array(b[(at + 1)...])
        return localPart(local) && emailDomain(domain)
    }

    static func localPart(_ b: [UInt8]) -> Bool {
        if b.first == UInt8(ascii: "\"") {
            // quoted-string: printable ASCII, with `\` escaping any printable character.
            guard b.count >= 2, b.last == UInt8(ascii: "\"") else { return false }
            var i = 1
            while i < b.count - 1 {
                let c = b[i]
                if c == UInt8(ascii: "\\") {
                    guard i + 1 < b.count - 1, b[i + 1] >= 0x20, b[i + 1] < 0x7F else { return false }
                    i += 2
                    continue
                }
                guard c >= 0x20, c < 0x7F, c != UInt8(ascii: "\"") else { return false }
                i += 1
            }
            return true
        }
        return dotAtom(b)
    }

    static func dotAtom(_ b: [UInt8]) -> Bool {
        guard !b.isEmpty, b.first != UInt8(ascii: "."), b.last != UInt8(ascii: ".") else { return false }
        var previousDot = false
        for c in b {
            if c == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
                continue
            }
            previousDot = false
            guard isAlpha(c) || isDigit(c) || atext.contains(c) || c >= 0x80 else { return false }
        }
        return true
    }

    static func emailDomain(_ b: [UInt8]) -> Bool {
        if b.first == UInt8(ascii: "[") {
            guard b.last == UInt8(ascii: "]") else { return false }
            let inner = Array(b[1..<(b.count - 1)])
            let prefix = Array("IPv6:".utf8)
            if inner.count > prefix.count, inner[..<prefix.count].elementsEqual(prefix, by: { ($0 | 0x20) == ($1 | 0x20) }) {
                return ipv6(inner[prefix.count...])
            }
            return ipv4(inner[...])
        }
        return hostname(b)
    }

    static func hostname(_ b: [UInt8]) -> Bool {
        guard !b.isEmpty, b.count <= 253 else { return false }
        for label in b.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                  label.allSatisfy({ isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 >= 0x80 })
            else { return false }
        }
        return true
    }

    /// dotted-quad with decimal octets 0-255 without leading zeros.
    static func ipv4(_ b: ArraySlice<UInt8>) -> Bool {
        let parts = b.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(isDigit) else { return false }
            if part.count > 1 && part.first == UInt8(ascii: "0") { return false }
            let n = part.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            if n > 255 { return false }
        }
        return true
    }

    static func ipv6(_ b: ArraySlice<UInt8>) -> Bool {
        var groups = 0
        var sawDoubleColon = false
        var i = b.startIndex
        let end = b.endIndex
        if b.starts(with: [0x3A, 0x3A]) {
            sawDoubleColon = true
            i += 2
            if i == end { return true }
        } else if b.first == 0x3A {
            return false
        }
        while i < end {
            // One group: up to four hex digits, or an IPv4 address at the end.
            var j = i
            while j < end, isHex(b[j]) { j += 1 }
            if j < end, b[j] == UInt8(ascii: ".") {
                guard ipv4(b[i..<end]) else { return false }
                groups += 2
                i = end
                break
            }
            let length = j - i
            guard length >= 1, length <= 4 else { return false }
            groups += 1
            i = j
            if i == end { break }
            guard b[i] == 0x3A else { return false }
            if i + 1 < end, b[i + 1] == 0x3A {
                if sawDoubleColon { return false }
                sawDoubleColon = true
                i += 2
                if i == end { break }
            } else {
                i += 1
                if i == end { return false }
            }
        }
        return sawDoubleColon ? groups <= 7 : groups == 8
    }

    // MARK: URI (RFC 3986 `URI`: absolute, with a scheme)

    static func isUnreserved(_ c: UInt8) -> Bool {
        isAlpha(c) || isDigit(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "~")
    }

    static let subDelims: Set<UInt8> = Set("!$&'()*+,;=".utf8)

    /// Whether `b[from..<to]` consists of unreserved, sub-delims, `%XX` and the `extra` bytes.
    static func chars(_ b: [UInt8], _ from: Int, _ to: Int, extra: Set<UInt8>) -> Bool {
        var i = from
        while i < to {
            let c = b[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < to, isHex(b[i + 1]), isHex(b[i + 2]) else { return false }
                i += 3
                continue
            }
            guard isUnreserved(c) || subDelims.contains(c) || extra.contains(c) else { return false }
            i += 1
        }
        return true
    }

    static let pcharExtra: Set<UInt8> = Set(":@".utf8)
    static let pathExtra: Set<UInt8> = Set(":@/".utf8)
    static let queryExtra: Set<UInt8> = Set(":@/?".utf8)
    static let userinfoExtra: Set<UInt8> = Set(":".utf8)

    static func uri(_ b: [UInt8]) -> Bool {
        // scheme ":"
        guard let colon = b.firstIndex(of: UInt8(ascii: ":")), colon > 0, isAlpha(b[0]) else { return false }
        for c in b[1..<colon] {
            guard isAlpha(c) || isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else { return false }
        }
        var end = b.count
        if let hash = b[(colon + 1)...].firstIndex(of: UInt8(ascii: "#")) {
            guard chars(b, hash + 1, b.count, extra: queryExtra) else { return false }
            end = hash
        }
        if let question = b[(colon + 1)..<end].firstIndex(of: UInt8(ascii: "?")) {
            guard chars(b, question + 1, end, extra: queryExtra) else { return false }
            end = question
        }
        var i = colon + 1
        if i + 1 < end, b[i] == UInt8(ascii: "/"), b[i + 1] == UInt8(ascii: "/") {
            i += 2
            let authorityEnd = b[i..<end].firstIndex(of: UInt8(ascii: "/")) ?? end
            guard authority(b, i, authorityEnd) else { return false }
            i = authorityEnd
        }
        // path-abempty / path-absolute / path-rootless / path-empty: segments of pchars.
        return chars(b, i, end, extra: pathExtra)
    }

    static func authority(_ b: [UInt8], _ from: Int, _ to: Int) -> Bool {
        var hostStart = from
        if let at = b[from..<to].firstIndex(of: UInt8(ascii: "@")) {
            guard chars(b, from, at, extra: userinfoExtra) else { return false }
            hostStart = at + 1
        }
        var hostEnd = to
        if hostStart < to, b[hostStart] == UInt8(ascii: "[") {
            guard let close = b[hostStart..<to].firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = b[(hostStart + 1)..<close]
            if literal.first == UInt8(ascii: "v") || literal.first == UInt8(ascii: "V") {
                // IPvFuture: "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
                guard let dot = literal.firstIndex(of: UInt8(ascii: ".")), dot > literal.startIndex + 1,
                      literal[(literal.startIndex + 1)..<dot].allSatisfy(isHex), dot + 1 < literal.endIndex,
                      chars(b, dot + 1, close, extra: userinfoExtra), !literal.contains(UInt8(ascii: "%"))
                else { return false }
            } else if !ipv6(literal) {
                return false
            }
            hostEnd = close + 1
            if hostEnd < to {
                guard b[hostEnd] == UInt8(ascii: ":") else { return false }
                return b[(hostEnd + 1)..<to].allSatisfy(isDigit)
            }
            return true
        }
        if let colon = b[hostStart..<to].firstIndex(of: UInt8(ascii: ":")) {
            guard b[(colon + 1)..<to].allSatisfy(isDigit) else { return false }
            hostEnd = colon
        }
        // reg-name (an IPv4 address is a reg-name too, structurally).
        return chars(b, hostStart, hostEnd, extra: [])
    }
}
