/// A Markdown file cut into its YAML front matter and its body, scanning UTF-8 bytes (Foundation's string
/// search is slow on Linux).
public struct SplitDocument: Sendable {
    /// The YAML between the `---` lines, or nil when the file has no front matter.
    public var yaml: String?
    /// The line of the file where the YAML starts (the line after the opening `---`).
    public var yamlFirstLine: Int
    public var body: String
    /// The line of the file where the body starts.
    public var bodyFirstLine: Int
    /// True when an opening `---` was found but no closing one.
    public var unclosed: Bool

    public static func split(_ text: String) -> SplitDocument {
        var utf8 = Array(text.utf8)
        var start = 0
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        func lineEnd(from i: Int) -> Int {
            var j = i
            while j < utf8.count, utf8[j] != 0x0A { j += 1 }
            return j
        }
        func isFence(_ from: Int, _ to: Int, allowDots: Bool) -> Bool {
            var end = to
            while end > from, utf8[end - 1] == 0x0D || utf8[end - 1] == 0x20 || utf8[end - 1] == 0x09 { end -= 1 }
            guard end - from == 3 else { return false }
            let dash = utf8[from] == 0x2D && utf8[from + 1] == 0x2D && utf8[from + 2] == 0x2D
            let dots = utf8[from] == 0x2E && utf8[from + 1] == 0x2E && utf8[from + 2] == 0x2E
            return dash || (allowDots && dots)
        }
        let firstEnd = lineEnd(from: start)
        guard isFence(start, firstEnd, allowDots: false) else {
            return SplitDocument(yaml: nil, yamlFirstLine: 1, body: text, bodyFirstLine: 1, unclosed: false)
        }
        var lineStart = firstEnd + 1
        var line = 2
        /// Whether the `...` line ending at `end` is followed by more fields and then a `---` line: then it sits
        /// inside the front matter (a YAML document-end marker, which the YAML step reports), not at its end.
        func fieldsFollow(_ end: Int) -> Bool {
            var i = end + 1, sawField = false
            while i < utf8.count {
                let e = lineEnd(from: i)
                if isFence(i, e, allowDots: false) { return sawField }
                if !sawField, e > i {
                    let line = utf8[i..<e]
                    guard let colon = line.firstIndex(of: 0x3A), colon > i,
                          line[i..<colon].allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D }),
                          colon + 1 == e || utf8[colon + 1] == 0x20 else { return false }
                    sawField = true
                }
                i = e + 1
            }
            return false
        }
        while lineStart <= utf8.count {
            let end = lineEnd(from: lineStart)
            if isFence(lineStart, end, allowDots: true), isFence(lineStart, end, allowDots: false) || !fieldsFollow(end) {
                let yaml = String(decoding: utf8[(firstEnd + 1)..<lineStart], as: UTF8.self)
                let bodyStart = min(end + 1, utf8.count)
                let body = String(decoding: utf8[bodyStart...], as: UTF8.self)
                utf8 = []
                return SplitDocument(yaml: yaml, yamlFirstLine: 2, body: body, bodyFirstLine: line + 1, unclosed: false)
            }
            if end >= utf8.count { break }
            lineStart = end + 1
            line += 1
        }
        let yaml = firstEnd + 1 < utf8.count ? String(decoding: utf8[(firstEnd + 1)...], as: UTF8.self) : ""
        return SplitDocument(yaml: yaml, yamlFirstLine: 2, body: "", bodyFirstLine: line + 1, unclosed: true)
    }
}
