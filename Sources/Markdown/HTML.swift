/// Escaping for every place a string from content can land.
public enum HTML {
    /// Escapes text for an HTML element's content.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Escapes text for a quoted attribute value (the same set, kept apart for readability at call sites).
    public static func escapeAttribute(_ text: String) -> String { escape(text) }
}

/// Which link destinations may be rendered: no `javascript:`, `vbscript:`, `file:` or non-image `data:` URLs.
public enum URLSafety {
    public static func isSafe(_ url: String) -> Bool {
        let lowered = url.trimmingLeadingSpaces().lowercased()
        for scheme in ["javascript:", "vbscript:", "file:"] where lowered.hasPrefix(scheme) { return false }
        if lowered.hasPrefix("data:") {
            return ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lowered.hasPrefix($0) }
        }
        return true
    }
}

extension String {
    fileprivate func trimmingLeadingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
    }
}
