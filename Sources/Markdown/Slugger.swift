/// GitHub-style heading slugs: lowercase, punctuation dropped, spaces to hyphens; repeats get `-1`, `-2`.
public struct Slugger: Sendable {
    private var seen: [String: Int] = [:]

    public init() {}

    public mutating func slug(_ text: String) -> String {
        // A heading with no letters or digits (`## ???`, an empty one) still gets an id a link can name.
        let slug = Self.slug(text)
        let base = slug.isEmpty ? "section" : slug
        var candidate = base
        if let count = seen[base] {
            var n = count
            repeat {
                n += 1
                candidate = "\(base)-\(n)"
            } while seen[candidate] != nil
            seen[base] = n
        }
        seen[candidate] = seen[candidate] ?? 0
        return candidate
    }

    /// The slug of one heading text, without de-duplication.
    public static func slug(_ text: String) -> String {
        if let ascii = asciiSlug(text) { return ascii }
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                out.append("-")
            } else if scalar == "-" || scalar == "_" {
                out.append(scalar)
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar.properties.generalCategory == .nonspacingMark {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The same slug for ASCII text, byte by byte (most headings and tags): nil when the text is not ASCII.
    private static func asciiSlug(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case UInt8(ascii: " "): out.append(UInt8(ascii: "-"))
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(byte | 0x20)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "_"): out.append(byte)
                default: continue
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
