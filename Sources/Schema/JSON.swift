import Diagnostics
import FrontMatter

/// Strict JSON (RFC 8259) → positioned `Value`s, so schemas, extension schemas and test data share the
/// validator's input type with YAML front matter.
///
/// Integers without a fraction or exponent that fit in `Int` become `.integer`; every other number becomes
/// `.number`. Duplicate keys, trailing commas, comments, control characters in strings, lone surrogates,
/// leading zeros and numbers too large for a `Double` are errors.
extension Value {
    /// Parses `json` as one JSON document of the file `file` (which names it in locations and errors).
    public init(json: String, file: String) throws(JSONError) {
        self = try JSONText.parse(json, file: file)
    }

    /// This value written as compact JSON (mapping keys in their order), for messages and exports.
    public var jsonText: String { JSONText.serialize(self) }
}

/// The JSON reader and writer behind `Value(json:file:)` and `Value.jsonText`.
enum JSONText {
    static func parse(_ text: String, file: String) throws(JSONError) -> Value {
        var text = text
        let result: Result<Value, JSONError> = text.withUTF8 { bytes in
            var parser = JSONParser(bytes: bytes, file: file)
            do throws(JSONError) { return .success(try parser.document()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    static func serialize(_ value: Value) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    static func write(_ value: Value, to out: inout String) {
        switch value.kind {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let d):
            if let text = value.text, !text.isEmpty, Double(text) == d { out += text; return }
            if isIntegral(d), abs(d) < 1e15 { out += String(Int(d)) } else { out += "\(d)" }
        case .string(let s): writeString(s, to: &out)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .map(let entries):
            out += "{"
            for (i, entry) in entries.enumerated() {
                if i > 0 { out += "," }
                writeString(entry.key, to: &out)
                out += ":"
                write(entry.value, to: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        JSON.quote(s, into: &out)
    }
}

/// A JSON syntax error, with the place it was found.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}

/// A recursive-descent parser over UTF-8 bytes. Columns are counted in Unicode scalars, incrementally,
/// so that long single-line documents stay linear.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    var position = 0
    var line = 1
    var lineStart = 0
    /// The last column computed on the current line, to count on from there.
    var cachedOffset = 0
    var cachedColumn = 1
    var depth = 0
    static let maximumDepth = 512

    init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
    }

    mutating func document() throws(JSONError) -> Value {
        // A UTF-8 byte order mark is tolerated (RFC 8259 §8.1).
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            position = 3
            lineStart = 3
            cachedOffset = 3
        }
        skipWhitespace()
        guard position < bytes.count else { throw error("the document is empty; expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        if position < bytes.count { throw error("unexpected \(describeByte()) after the end of the JSON value") }
        return value
    }

    // MARK: Locations

    mutating func column(at offset: Int) -> Int {
        if cachedOffset < lineStart || offset < cachedOffset {
            cachedOffset = lineStart
            cachedColumn = 1
        }
        var i = cachedOffset
        var column = cachedColumn
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        cachedOffset = offset
        cachedColumn = column
        return column
    }

    mutating func location(from start: Int, to end: Int) -> SourceLocation {
        let startColumn = column(at: start)
        let endColumn = column(at: end)
        return SourceLocation(file: file, line: line, column: startColumn, length: max(1, endColumn - startColumn))
    }

    mutating func error(_ message: String, at offset: Int? = nil) -> JSONError {
        let at = min(offset ?? position, bytes.count)
        return JSONError(message, at: SourceLocation(file: file, line: line, column: column(at: at)))
    }

    func describeByte() -> String {
        guard position < bytes.count else { return "end of input" }
        let b = bytes[position]
        if b >= 0x21 && b < 0x7F { return "character `\(Character(Unicode.Scalar(b)))`" }
        if b == 0x20 { return "space" }
        if b < 0x20 { return "control character U+\(hex4(UInt32(b)))" }
        return "character"
    }

    // MARK: Grammar

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0D: position += 1
            case 0x0A:
                position += 1
                line += 1
                lineStart = position
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONError) -> Value {
        guard position < bytes.count else { throw error("unexpected end of input; expected a JSON value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""):
            let start = position
            let s = try parseString()
            return Value(.string(s), at: location(from: start, to: position), text: s)
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "]"), UInt8(ascii: "}"):
            throw error("unexpected \(describeByte()); expected a JSON value (is there a trailing comma?)")
        case UInt8(ascii: "'"):
            throw error("strings must be written in double quotes")
        default:
            throw error("unexpected \(describeByte()); expected a JSON value")
        }
    }

    mutating func literal(_ word: StaticString, _ kind: Value.Kind) throws(JSONError) -> Value {
        let start = position
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("unexpected \(describeByte()); expected a JSON value") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for i in 0..<count where bytes[position + i] != expected[i] {
            throw error("unexpected \(describeByte()); expected a JSON value")
        }
        position += count
        if position < bytes.count, isIdentifierByte(bytes[position]) {
            throw error("unexpected \(describeByte()) after `\(word)`")
        }
        return Value(kind, at: location(from: start, to: position), text: word.description)
    }

    func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }

    mutating func enter() throws(JSONError) {
        depth += 1
        if depth > JSONParser.maximumDepth { throw error("the JSON is nested more than \(JSONParser.maximumDepth) levels deep") }
    }

    mutating func parseObject() throws(JSONError) -> Value {
        try enter()
        let start = position
        let at = location(from: start, to: start + 1)
        position += 1
        var entries: [Value.Entry] = []
        var seen: Set<String>? = nil
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return Value(.map(entries), at: at)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input; the object opened at \(at.line):\(at.column) is not closed") }
            guard bytes[position] == UInt8(ascii: "\"") else {
                if bytes[position] == UInt8(ascii: "}") { throw error("a trailing comma is not allowed before `}`") }
                throw error("unexpected \(describeByte()); expected a key in double quotes")
            }
            let keyStart = position
            let key = try parseString()
            let keyLocation = location(from: keyStart, to: position)
            // Duplicate keys make the document ambiguous: reject them, as the YAML reader does.
            if entries.count < 8 {
                for entry in entries where sameScalars(entry.key, key) {
                    throw error("the key `\(key)` appears twice in one object", at: keyStart)
                }
            } else {
                if seen == nil { seen = Set(entries.map(\.key)) }
                if !seen!.insert(key).inserted, entries.contains(where: { sameScalars($0.key, key) }) {
                    throw error("the key `\(key)` appears twice in one object", at: keyStart)
                }
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw error("unexpected \(describeByte()); expected `:` after the key `\(key)`")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            entries.append(Value.Entry(key: key, keyLocation: keyLocation, value: value))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input; the object opened at \(at.line):\(at.column) is not closed") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; break }
            throw error("unexpected \(describeByte()); expected `,` or `}`")
        }
        depth -= 1
        return Value(.map(entries), at: at)
    }

    mutating func parseArray() throws(JSONError) -> Value {
        try enter()
        let start = position
        let at = location(from: start, to: start + 1)
        position += 1
        var items: [Value] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return Value(.list(items), at: at)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input; the array opened at \(at.line):\(at.column) is not closed") }
            if bytes[position] == UInt8(ascii: "]") { throw error("a trailing comma is not allowed before `]`") }
            items.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input; the array opened at \(at.line):\(at.column) is not closed") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; break }
            throw error("unexpected \(describeByte()); expected `,` or `]`")
        }
        depth -= 1
        return Value(.list(items), at: at)
    }

    /// Parses a string starting at the opening quote; leaves `position` after the closing quote.
    mutating func parseString() throws(JSONError) -> String {
        position += 1
        let contentStart = position
        // Fast path: no escapes.
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<position]), as: UTF8.self)
                position += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw controlCharacterError(b) }
            position += 1
        }
        guard position < bytes.count else { throw error("unexpected end of input inside a string") }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<position]))
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if b < 0x20 { throw controlCharacterError(b) }
            if b != UInt8(ascii: "\\") {
                buffer.append(b)
                position += 1
                continue
            }
            let escapeStart = position
            position += 1
            guard position < bytes.count else { break }
            let e = bytes[position]
            position += 1
            switch e {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hexQuad(escapeStart)
                if code >= 0xD800 && code < 0xDC00 {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw error("the escape \\u\(hex4(code)) is half of a surrogate pair, but the other half is missing", at: escapeStart)
                    }
                    position += 2
                    let low = try hexQuad(escapeStart)
                    guard low >= 0xDC00 && low < 0xE000 else {
                        throw error("the escape \\u\(hex4(code)) must be followed by a low surrogate, not \\u\(hex4(low))", at: escapeStart)
                    }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if code >= 0xDC00 && code < 0xE000 {
                    throw error("the escape \\u\(hex4(code)) is a lone low surrogate", at: escapeStart)
                }
                let scalar = Unicode.Scalar(code)!
                buffer.append(contentsOf: UTF8.encode(scalar)!)
            default:
                position -= 1
                throw error("invalid escape `\\\(describeEscape(e))` in a string", at: escapeStart)
            }
        }
        throw error("unexpected end of input inside a string")
    }

    func describeEscape(_ b: UInt8) -> String {
        b >= 0x21 && b < 0x7F ? String(Character(Unicode.Scalar(b))) : "…"
    }

    mutating func controlCharacterError(_ b: UInt8) -> JSONError {
        let name = b == 0x0A ? "a line break" : b == 0x09 ? "a tab" : "the control character U+\(hex4(UInt32(b)))"
        let escape = b == 0x0A ? " (write \\n)" : b == 0x09 ? " (write \\t)" : ""
        return error("\(name) is not allowed inside a string\(escape)")
    }

    mutating func hexQuad(_ escapeStart: Int) throws(JSONError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("incomplete \\u escape", at: escapeStart) }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw error("a \\u escape needs four hexadecimal digits", at: escapeStart)
            }
            code = code << 4 | digit
            position += 1
        }
        return code
    }

    mutating func parseNumber() throws(JSONError) -> Value {
        let start = position
        var isInteger = true
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw error("a number needs digits after `-`")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw error("numbers must not have leading zeros", at: start)
            }
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("a number needs digits after `.`") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("a number needs digits in its exponent") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, isIdentifierByte(bytes[position]) || bytes[position] == UInt8(ascii: ".") {
            throw error("unexpected \(describeByte()) in a number")
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        let at = location(from: start, to: position)
        if isInteger, let i = Int(text) { return Value(.integer(i), at: at, text: text) }
        guard let d = Double(text), d.isFinite else {
            throw error("the number \(text) is too large", at: start)
        }
        return Value(.number(d), at: at, text: text)
    }

    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}

func hex4(_ code: UInt32) -> String {
    let hex = String(code, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}

/// Equality of strings by Unicode scalars, as JSON means it (Swift's `==` identifies canonically
/// equivalent strings, which JSON does not).
@inline(__always)
func sameScalars(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    let fast = a.utf8.withContiguousStorageIfAvailable { x in
        b.utf8.withContiguousStorageIfAvailable { y in x.elementsEqual(y) }
    }
    if let fast, let result = fast { return result }
    return a.utf8.elementsEqual(b.utf8)
}
