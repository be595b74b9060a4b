/// A JSON value with object keys kept in the order they were added, serialised deterministically.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

    public func serialized(pretty: Bool = true) -> String {
        String(decoding: bytes(pretty: pretty), as: UTF8.self)
    }

    /// The serialised text as UTF-8: indented by two spaces and ending with a newline when `pretty`.
    public func bytes(pretty: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out, indent: pretty ? 0 : nil)
        if pretty { out.append(0x0A) }
        return out
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: 2 * indent))
    }

    private func write(to out: inout [UInt8], indent: Int?) {
        let inner = indent.map { $0 + 1 }
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): out += String(i).utf8
        case .number(let d):
            if d == d.rounded(), abs(d) < 1e15 { out += String(Int(d)).utf8 } else { out += "\(d)".utf8 }
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]".utf8; return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSON.newline(&out, inner)
                item.write(to: &out, indent: inner)
            }
            JSON.newline(&out, indent)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            if pairs.isEmpty { out += "{}".utf8; return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSON.newline(&out, inner)
                JSON.quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(0x20) }
                value.write(to: &out, indent: inner)
            }
            JSON.newline(&out, indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Escapes for JSON, and also `<`, `>` and `&` so the text is safe inside an HTML `<script>` too.
    public static func quote(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        quote(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// `quote` on UTF-8 bytes: `"`, `\` and control characters escaped, `<` `>` `&` as `\u003c`..., U+2028 and
    /// U+2029 (which end lines in JavaScript) as `\u2028` and `\u2029`. Runs of bytes that need no escape are
    /// appended whole.
    public static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { u in
            var run = 0, i = 0
            func flush() { if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<i])) } }
            while i < u.count {
                let byte = u[i]
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x0A, 0x0D, 0x09:
                    flush()
                    out.append(UInt8(ascii: "\\"))
                    out.append(byte == 0x0A ? UInt8(ascii: "n") : byte == 0x0D ? UInt8(ascii: "r") : byte == 0x09 ? UInt8(ascii: "t") : byte)
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0x00..<0x20:
                    flush()
                    out += "\\u00".utf8
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                case 0xE2 where i + 2 < u.count && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9):
                    flush()
                    out += (u[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8
                    i += 3
                    run = i
                    continue
                default:
                    i += 1
                    continue
                }
                i += 1
                run = i
            }
            flush()
        }
        out.append(UInt8(ascii: "\""))
    }
}
