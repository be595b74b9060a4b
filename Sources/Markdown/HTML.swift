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
/// The scheme is read as a browser reads it: control characters and spaces (which browsers strip at the start,
/// and tabs and line breaks anywhere) are ignored, and case does not matter.
public enum URLSafety {
    public static func isSafe(_ url: String) -> Bool {
        var scheme = ""
        for scalar in url.unicodeScalars where scalar.value > 0x20 {
            if scalar == ":" { break }
            if scalar == "/" || scalar == "?" || scalar == "#" || scheme.unicodeScalars.count > 16 { return true }
            scheme.unicodeScalars.append(scalar)
        }
        guard url.unicodeScalars.contains(":") else { return true }
        switch scheme.lowercased() {
        case "javascript", "vbscript", "file", "livescript": return false
        case "data":
            let lowered = String(String.UnicodeScalarView(url.unicodeScalars.filter { $0.value > 0x20 })).lowercased()
            return ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lowered.hasPrefix($0) }
        default: return true
        }
    }
}
