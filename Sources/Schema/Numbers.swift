import FrontMatter

/// Whether `d` has no fractional part (computed without libm, which the library need not link).
@inline(__always)
func isIntegral(_ d: Double) -> Bool {
    guard d.isFinite else { return false }
    // From 2^52 up, every double is an integer; below, truncation is exact.
    if d >= 4503599627370496.0 || d <= -4503599627370496.0 { return true }
    return Double(Int64(d)) == d
}

/// A JSON number, as either kind of `Value` holds it.
enum Number: Sendable {
    case int(Int)
    case double(Double)

    init?(_ value: Value) {
        switch value.kind {
        case .integer(let i): self = .int(i)
        case .number(let d): self = .double(d)
        default: return nil
        }
    }

    var double: Double {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        }
    }

    /// Whether the number has no fractional part (1.0 is an integer in JSON Schema).
    var isInteger: Bool {
        switch self {
        case .int: return true
        case .double(let d): return isIntegral(d)
        }
    }

    /// -1, 0 or 1, exactly, without losing precision for large integers.
    static func compare(_ a: Number, _ b: Number) -> Int {
        switch (a, b) {
        case let (.int(x), .int(y)): return x < y ? -1 : x > y ? 1 : 0
        case let (.double(x), .double(y)): return x < y ? -1 : x > y ? 1 : 0
        case let (.int(x), .double(y)): return compare(x, y)
        case let (.double(x), .int(y)): return -compare(y, x)
        }
    }

    private static func compare(_ a: Int, _ b: Double) -> Int {
        if b.isNaN { return 0 }
        if b >= 9223372036854775808.0 { return -1 }
        if b < -9223372036854775808.0 { return 1 }
        // floor(b) without libm: truncate, then step down for negative fractions.
        var f = Int(b)
        if Double(f) > b { f -= 1 }
        if a < f { return -1 }
        if a > f { return 1 }
        return Double(f) == b ? 0 : -1
    }

    static func == (a: Number, b: Number) -> Bool { compare(a, b) == 0 }

    /// How the number reads in a message: `3`, `0.5`, `1e+308`.
    var text: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d):
            if isIntegral(d), abs(d) < 1e15 { return String(Int(d)) }
            return "\(d)"
        }
    }
}

/// An exact decimal `mantissa × 10^exponent`, for `multipleOf`: binary floating point cannot tell that
/// 0.0075 is a multiple of 0.0001, but the shortest decimal spelling of each can.
struct ExactDecimal: Sendable {
    var mantissa: UInt64
    var exponent: Int

    init?(_ number: Number) {
        switch number {
        case .int(let i): self.init(mantissa: UInt64(i.magnitude), exponent: 0)
        case .double(let d):
            guard d.isFinite else { return nil }
            self.init(shortestSpellingOf: abs(d))
        }
    }

    init(mantissa: UInt64, exponent: Int) {
        var m = mantissa, e = exponent
        while m != 0, m % 10 == 0 { m /= 10; e += 1 }
        self.mantissa = m
        self.exponent = m == 0 ? 0 : e
    }

    /// Reads Swift's shortest round-trip spelling ("0.0075", "1e-08", "1.2391239123e+16").
    init?(shortestSpellingOf d: Double) {
        var m: UInt64 = 0
        var e = 0
        var seenDot = false
        var exponentPart = 0
        var exponentSign = 1
        var inExponent = false
        var digits = 0
        for b in "\(d)".utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = UInt64(b - 0x30)
                if inExponent {
                    exponentPart = exponentPart * 10 + Int(digit)
                } else {
                    if m == 0 && digit == 0 {
                        if seenDot { e -= 1 }
                        continue
                    }
                    digits += 1
                    if digits > 19 { return nil }
                    m = m * 10 + digit
                    if seenDot { e -= 1 }
                }
            case UInt8(ascii: "."): seenDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-"): if inExponent { exponentSign = -1 }
            case UInt8(ascii: "+"): break
            default: return nil
            }
        }
        self.init(mantissa: m, exponent: e + exponentSign * exponentPart)
    }

    /// Whether `self` is an integer multiple of `divisor` (both taken as magnitudes).
    func isMultiple(of divisor: ExactDecimal) -> Bool {
        if mantissa == 0 { return true }
        if divisor.mantissa == 0 { return false }
        let k = exponent - divisor.exponent
        if k >= 0 {
            // mantissa × 10^k ≡ 0 (mod divisor.mantissa)
            var r = mantissa % divisor.mantissa
            var steps = 0
            while r != 0 && steps < k {
                let product = r.multipliedFullWidth(by: 10)
                r = divisor.mantissa.dividingFullWidth(product).remainder
                steps += 1
            }
            return r == 0
        }
        // mantissa must be divisible by divisor.mantissa × 10^-k.
        guard -k < 20, mantissa % divisor.mantissa == 0 else { return false }
        var q = mantissa / divisor.mantissa
        for _ in 0 ..< -k {
            if q % 10 != 0 { return false }
            q /= 10
        }
        return true
    }
}

// MARK: JSON equality and hashing

/// JSON equality: numbers by value (1 == 1.0), strings by scalars, arrays in order, objects as sets of pairs.
func jsonEqual(_ a: Value, _ b: Value) -> Bool {
    switch (a.kind, b.kind) {
    case (.null, .null): return true
    case let (.bool(x), .bool(y)): return x == y
    case let (.string(x), .string(y)): return sameScalars(x, y)
    case let (.list(x), .list(y)):
        guard x.count == y.count else { return false }
        for i in x.indices where !jsonEqual(x[i], y[i]) { return false }
        return true
    case let (.map(x), .map(y)):
        guard x.count == y.count else { return false }
        for entry in x {
            guard let other = y.first(where: { sameScalars($0.key, entry.key) }), jsonEqual(entry.value, other.value) else {
                return false
            }
        }
        return true
    default:
        if let x = Number(a), let y = Number(b) { return x == y }
        return false
    }
}

/// A hash consistent with `jsonEqual`, for finding duplicates in long arrays.
func jsonHash(_ value: Value, into hasher: inout Hasher) {
    switch value.kind {
    case .null: hasher.combine(0 as UInt8)
    case .bool(let b): hasher.combine(1 as UInt8); hasher.combine(b)
    case .integer(let i): hasher.combine(2 as UInt8); hasher.combine(i)
    case .number(let d):
        hasher.combine(2 as UInt8)
        if isIntegral(d), d >= -9223372036854775808.0, d < 9223372036854775808.0 { hasher.combine(Int(d)) } else { hasher.combine(d) }
    case .string(let s): hasher.combine(3 as UInt8); hasher.combine(s)
    case .list(let items):
        hasher.combine(4 as UInt8)
        hasher.combine(items.count)
        for item in items { jsonHash(item, into: &hasher) }
    case .map(let entries):
        hasher.combine(5 as UInt8)
        hasher.combine(entries.count)
        // Order-independent: a sum of the entries' own hashes.
        var sum = 0
        for entry in entries {
            var h = Hasher()
            h.combine(entry.key)
            jsonHash(entry.value, into: &h)
            sum = sum &+ h.finalize()
        }
        hasher.combine(sum)
    }
}

struct HashableValue: Hashable {
    let value: Value
    static func == (a: HashableValue, b: HashableValue) -> Bool { jsonEqual(a.value, b.value) }
    func hash(into hasher: inout Hasher) { jsonHash(value, into: &hasher) }
}
