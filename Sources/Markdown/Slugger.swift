/// GitHub-style heading slugs: lowercase, punctuation dropped, spaces to hyphens; repeats get `-1`, `-2`.
public struct Slugger: Sendable {
    private var seen: [String: Int] = [:]

    public init() {}

    public mutating func slug(_ text: String) -> String {
        // A heading with no letters or digits (`## ???`, an empty one) still gets an id a link can name.
        let base = Self.slug(text).isEmpty ? "section" : Self.slug(text)
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
}
