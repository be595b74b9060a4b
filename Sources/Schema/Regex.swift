/// A `pattern` compiled once, ECMA-262 flavoured: ASCII `\d` and `\w`, matching on Unicode scalars, not
/// anchored unless the pattern says so.
///
/// Most schema patterns are a run of characters and classes with quantifiers (`^[a-z0-9][a-z0-9-]*$`,
/// `^@[a-z]+$`); those run on a small backtracking matcher over UTF-8 bytes, several times faster than
/// `Regex`. Anything else (groups, alternation, look-around, back-references) uses Swift's `Regex`.
struct CompiledRegex: @unchecked Sendable {
    // `Regex` is not declared `Sendable`, but matching never mutates it: its lowered program is built with an
    // atomic once-initialisation, and we build it eagerly here anyway.
    let source: String
    let regex: Regex<AnyRegexOutput>
    let simple: SimplePattern?

    init(_ source: String) throws {
        self.source = source
        regex = try Regex(CompiledRegex.translated(source))
            .matchingSemantics(.unicodeScalar)
            .asciiOnlyDigits()
            .asciiOnlyWordCharacters()
            .wordBoundaryKind(.simple)
        _ = "warm-up".contains(regex)
        simple = SimplePattern(source)
    }

    func matches(_ s: String) -> Bool {
        if let simple { return simple.matches(s) }
        return s.contains(regex)
    }

    /// Rewrites the few ECMA-262 forms Swift's regex syntax reads differently: `\cX` control escapes,
    /// `\s`/`\S` (ECMA counts U+FEFF as white space), and the empty classes `[]` and `[^]`.
    static func translated(_ pattern: String) -> String {
        let scalars = Array(pattern.unicodeScalars)
        var out = String.UnicodeScalarView()
        var inClass = false
        var i = 0
        func append(_ s: String) { out.append(contentsOf: s.unicodeScalars) }
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\", i + 1 < scalars.count {
                let e = scalars[i + 1]
                if e == "c", i + 2 < scalars.count, isASCIILetter(scalars[i + 2].value) {
                    append("\\x{" + String(scalars[i + 2].value % 32, radix: 16) + "}")
                    i += 3
                    continue
                }
                if e == "s" { append(inClass ? "\\s\\x{FEFF}" : "[\\s\\x{FEFF}]"); i += 2; continue }
                if e == "S" && !inClass { append("[^\\s\\x{FEFF}]"); i += 2; continue }
                out.append(c)
                out.append(e)
                i += 2
                continue
            }
            if !inClass && c == "[" {
                if i + 1 < scalars.count, scalars[i + 1] == "]" { append("(?!)"); i += 2; continue }
                if i + 2 < scalars.count, scalars[i + 1] == "^", scalars[i + 2] == "]" { append("[\\s\\S]"); i += 3; continue }
                inClass = true
            } else if inClass && c == "]" {
                inClass = false
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }
}

@inline(__always) func isASCIILetter(_ c: UInt32) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
@inline(__always) func isASCIIDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

/// A set of scalars: a bitmap for ASCII, ranges beyond it.
struct ScalarClass: Sendable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var ranges: [ClosedRange<UInt32>] = []
    /// `\s` beyond ASCII (ECMA-262 WhiteSpace and LineTerminator).
    var unicodeSpace = false
    var negated = false

    static let unicodeSpaces: [ClosedRange<UInt32>] = [
        0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F,
        0x3000...0x3000, 0xFEFF...0xFEFF,
    ]

    mutating func insert(_ c: UInt32) {
        if c < 64 { low |= 1 << UInt64(c) } else if c < 128 { high |= 1 << UInt64(c - 64) } else { ranges.append(c...c) }
    }

    mutating func insert(_ r: ClosedRange<UInt32>) {
        var c = r.lowerBound
        while c <= r.upperBound && c < 128 { insert(c); c += 1 }
        if r.upperBound >= 128 { ranges.append(max(128, r.lowerBound)...r.upperBound) }
    }

    mutating func insertDigits() { insert(0x30...0x39) }
    mutating func insertWord() { insertDigits(); insert(0x41...0x5A); insert(0x61...0x7A); insert(0x5F) }
    mutating func insertSpace() {
        for c: UInt32 in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20] { insert(c) }
        unicodeSpace = true
    }

    @inline(__always) func contains(_ c: UInt32) -> Bool {
        var found: Bool
        if c < 64 {
            found = low & (1 << UInt64(c)) != 0
        } else if c < 128 {
            found = high & (1 << UInt64(c - 64)) != 0
        } else {
            found = ranges.contains { $0.contains(c) }
            if !found && unicodeSpace { found = ScalarClass.unicodeSpaces.contains { $0.contains(c) } }
        }
        return found != negated
    }
}

/// A pattern that is a sequence of quantified characters and classes, optionally anchored at either end.
struct SimplePattern: Sendable {
    struct Atom: Sendable {
        var set: ScalarClass
        var min: Int
        var max: Int
        var lazy: Bool
    }

    var atoms: [Atom] = []
    var anchoredStart = false
    var anchoredEnd = false

    /// Nil when the pattern uses anything beyond the simple subset.
    init?(_ pattern: String) {
        let p = Array(pattern.unicodeScalars.map(\.value))
        var i = 0
        if p.first == 0x5E { anchoredStart = true; i = 1 } // ^
        while i < p.count {
            let c = p[i]
            var set = ScalarClass()
            switch c {
            case 0x24: // $
                guard i == p.count - 1 else { return nil }
                anchoredEnd = true
                i += 1
                continue
            case 0x5B: // [
                guard let (parsed, next) = SimplePattern.parseClass(p, i + 1) else { return nil }
                set = parsed
                i = next
            case 0x5C: // \
                guard i + 1 < p.count, let next = SimplePattern.parseEscape(p, i + 1, into: &set, inClass: false) else { return nil }
                i = next
            case 0x2E: // .
                for t: UInt32 in [0x0A, 0x0D] { set.insert(t) }
                set.ranges = [0x2028...0x2029]
                set.negated = true
                i += 1
            case 0x28, 0x29, 0x7C, 0x5E, 0x2A, 0x2B, 0x3F, 0x7B, 0x7D, 0x5D: // ( ) | ^ * + ? { } ]
                return nil
            default:
                set.insert(c)
                i += 1
            }
            var atom = Atom(set: set, min: 1, max: 1, lazy: false)
            if i < p.count {
                switch p[i] {
                case 0x2A: atom.min = 0; atom.max = Int.max; i += 1
                case 0x2B: atom.min = 1; atom.max = Int.max; i += 1
                case 0x3F: atom.min = 0; atom.max = 1; i += 1
                case 0x7B:
                    guard let (lo, hi, next) = SimplePattern.parseBraces(p, i + 1) else { return nil }
                    atom.min = lo
                    atom.max = hi
                    i = next
                default: break
                }
                if atom.min != 1 || atom.max != 1, i < p.count, p[i] == 0x3F {
                    atom.lazy = true
                    i += 1
                }
                if i < p.count, p[i] == 0x2A || p[i] == 0x2B || p[i] == 0x3F || p[i] == 0x7B { return nil }
            }
            atoms.append(atom)
        }
    }

    /// `{n}`, `{n,}`, `{n,m}` after the brace.
    static func parseBraces(_ p: [UInt32], _ start: Int) -> (Int, Int, Int)? {
        var i = start
        func number() -> Int? {
            let s = i
            var n = 0
            while i < p.count, isASCIIDigit(p[i]) {
                n = n * 10 + Int(p[i] - 0x30)
                if n > 100_000 { return nil }
                i += 1
            }
            return i > s ? n : nil
        }
        guard let lo = number() else { return nil }
        var hi = lo
        if i < p.count, p[i] == 0x2C {
            i += 1
            hi = number() ?? Int.max
        }
        guard i < p.count, p[i] == 0x7D, hi >= lo else { return nil }
        return (lo, hi, i + 1)
    }

    /// A class after its `[`; returns the set and the index after `]`.
    static func parseClass(_ p: [UInt32], _ start: Int) -> (ScalarClass, Int)? {
        var set = ScalarClass()
        var i = start
        if i < p.count, p[i] == 0x5E { set.negated = true; i += 1 }
        guard i < p.count, p[i] != 0x5D else { return nil } // `[]` and `[^]` are left to Regex
        while i < p.count, p[i] != 0x5D {
            var lowScalar: UInt32?
            if p[i] == 0x5C {
                guard i + 1 < p.count else { return nil }
                var single = ScalarClass()
                guard let next = parseEscape(p, i + 1, into: &single, inClass: true) else { return nil }
                if let only = single.singleScalar { lowScalar = only } else { set.merge(single) }
                i = next
            } else if p[i] == 0x5B {
                return nil // `[` inside a class: keep ECMA-vs-Swift differences away
            } else {
                lowScalar = p[i]
                i += 1
            }
            guard let low = lowScalar else { continue }
            if i + 1 < p.count, p[i] == 0x2D, p[i + 1] != 0x5D { // a range `a-z`
                var highScalar: UInt32
                if p[i + 1] == 0x5C {
                    var single = ScalarClass()
                    guard i + 2 < p.count, let next = parseEscape(p, i + 2, into: &single, inClass: true),
                          let only = single.singleScalar else { return nil }
                    highScalar = only
                    i = next
                } else {
                    if p[i + 1] == 0x5B { return nil }
                    highScalar = p[i + 1]
                    i += 2
                }
                guard low <= highScalar else { return nil }
                set.insert(low...highScalar)
            } else {
                set.insert(low)
            }
        }
        guard i < p.count else { return nil }
        return (set, i + 1)
    }

    /// An escape after its backslash: class escapes and single characters; nil for the rest.
    static func parseEscape(_ p: [UInt32], _ at: Int, into set: inout ScalarClass, inClass: Bool) -> Int? {
        let e = p[at]
        switch e {
        case 0x64: set.insertDigits() // d
        case 0x77: set.insertWord() // w
        case 0x73: set.insertSpace() // s
        case 0x44, 0x57, 0x53: // D W S
            if inClass { return nil }
            if e == 0x44 { set.insertDigits() } else if e == 0x57 { set.insertWord() } else { set.insertSpace() }
            set.negated = true
        case 0x74: set.insert(0x09) // t
        case 0x6E: set.insert(0x0A) // n
        case 0x72: set.insert(0x0D) // r
        case 0x76: set.insert(0x0B) // v
        case 0x66: set.insert(0x0C) // f
        case 0x30: // \0 not followed by a digit
            if at + 1 < p.count, isASCIIDigit(p[at + 1]) { return nil }
            set.insert(0)
        case 0x78: // xHH
            guard at + 2 < p.count, let h = hexDigit(p[at + 1]), let l = hexDigit(p[at + 2]) else { return nil }
            set.insert(h << 4 | l)
            return at + 3
        case 0x75: // uHHHH (a lone surrogate half cannot be a scalar: leave it to Regex)
            guard at + 4 < p.count else { return nil }
            var v: UInt32 = 0
            for k in 1...4 {
                guard let d = hexDigit(p[at + k]) else { return nil }
                v = v << 4 | d
            }
            if v >= 0xD800 && v < 0xE000 { return nil }
            set.insert(v)
            return at + 5
        default:
            // Identity escapes of ASCII punctuation (`\.`, `\-`, `\/`); everything else (`\b`, `\1`, `\p`) is not simple.
            guard e < 128, !isASCIILetter(e), !isASCIIDigit(e), e != 0x5F else { return nil }
            set.insert(e)
        }
        return at + 1
    }

    static func hexDigit(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    // MARK: Matching on UTF-8

    func matches(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { bytes in
            if anchoredStart { return match(0, 0, bytes) }
            var i = 0
            while true {
                if match(0, i, bytes) { return true }
                if i >= bytes.count { return false }
                i += SimplePattern.length(bytes[i])
            }
        }
    }

    @inline(__always) static func length(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    @inline(__always) static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let lead = b[i]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead < 0xE0 { return (UInt32(lead & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return (UInt32(lead & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3)
        }
        return (UInt32(lead & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F), 4)
    }

    func match(_ k: Int, _ start: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        if k == atoms.count { return !anchoredEnd || start == b.count }
        let atom = atoms[k]
        var i = start
        var count = 0
        while count < atom.min {
            guard i < b.count else { return false }
            let (c, n) = SimplePattern.decode(b, i)
            guard atom.set.contains(c) else { return false }
            i += n
            count += 1
        }
        if atom.max == atom.min { return match(k + 1, i, b) }
        if atom.lazy {
            while true {
                if match(k + 1, i, b) { return true }
                guard count < atom.max, i < b.count else { return false }
                let (c, n) = SimplePattern.decode(b, i)
                guard atom.set.contains(c) else { return false }
                i += n
                count += 1
            }
        }
        // Greedy: take as many as possible, then give them back one scalar at a time.
        while count < atom.max, i < b.count {
            let (c, n) = SimplePattern.decode(b, i)
            guard atom.set.contains(c) else { break }
            i += n
            count += 1
        }
        while true {
            if match(k + 1, i, b) { return true }
            if count == atom.min { return false }
            repeat { i -= 1 } while b[i] & 0xC0 == 0x80
            count -= 1
        }
    }
}

extension ScalarClass {
    /// The one scalar of a class made by a character escape (`\t`, `\x41`), or nil for a class escape.
    var singleScalar: UInt32? {
        guard !negated, !unicodeSpace else { return nil }
        if ranges.count == 1, low == 0, high == 0, ranges[0].count == 1 { return ranges[0].lowerBound }
        guard ranges.isEmpty else { return nil }
        if high == 0, low.nonzeroBitCount == 1 { return UInt32(low.trailingZeroBitCount) }
        if low == 0, high.nonzeroBitCount == 1 { return UInt32(high.trailingZeroBitCount + 64) }
        return nil
    }

    mutating func merge(_ other: ScalarClass) {
        low |= other.low
        high |= other.high
        ranges += other.ranges
        unicodeSpace = unicodeSpace || other.unicodeSpace
    }
}
