/// Cleans raw HTML that a site allows in Markdown (`markdown: { raw_html: true }`): the fragment is read as tags and
/// text and written anew from what was read, so nothing the browser would parse differently gets through.
///
/// - Elements outside a list of formatting elements (`script`, `style`, `iframe`, `svg`, `form`, `object`, ...)
///   are shown as text, their tags escaped.
/// - Attributes outside a list per element are dropped: no `on*` handler, no `style`, no `srcdoc`, no `data-*`.
/// - URL attributes (`href`, `src`, `cite`) are decoded as the browser would (character references, stripped
///   control characters) and dropped when they name a script scheme (`URLSafety`).
/// - Comments, processing instructions and `<!...>` declarations are dropped; a `<` that starts no tag is escaped.
/// - Attribute values are written back quoted and escaped; unknown named character references stay as text.
public enum HTMLSanitizer {
    public static func clean(_ html: String) -> String {
        var reader = Reader(Array(html.unicodeScalars))
        var out = ""
        out.reserveCapacity(html.utf8.count)
        while let c = reader.peek() {
            if c == "<", let markup = reader.readMarkup() {
                out += markup
                continue
            }
            reader.advance()
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static let elements: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "center", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp",
        "small", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "tt", "u", "ul", "var", "wbr",
    ]
    static let voidElements: Set<String> = ["br", "col", "hr", "img", "wbr"]
    static let globalAttributes: Set<String> = ["class", "dir", "id", "lang", "role", "title"]
    static let elementAttributes: [String: Set<String>] = [
        "a": ["href", "rel", "target"], "img": ["src", "alt", "width", "height", "loading"],
        "td": ["colspan", "rowspan", "align"], "th": ["colspan", "rowspan", "align", "scope"],
        "ol": ["start", "type", "reversed"], "li": ["value"], "details": ["open"], "time": ["datetime"],
        "q": ["cite"], "blockquote": ["cite"], "del": ["cite", "datetime"], "ins": ["cite", "datetime"],
        "col": ["span"], "colgroup": ["span"], "bdo": ["dir"],
    ]
    static let urlAttributes: Set<String> = ["href", "src", "cite"]

    static func allows(_ attribute: String, on element: String) -> Bool {
        globalAttributes.contains(attribute) || attribute.hasPrefix("aria-") || elementAttributes[element]?.contains(attribute) == true
    }

    struct Reader {
        let s: [Unicode.Scalar]
        var i = 0
        /// For each needle, the first position from which it was looked for in vain: later looks fail at once,
        /// so that many unclosed tags or quotes cost linear time, not quadratic.
        var missing: [String: Int] = [:]
        /// For each needle, the last search: from where, and the index past the match (none in between).
        var found: [String: (from: Int, end: Int)] = [:]
        init(_ s: [Unicode.Scalar]) { self.s = s }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }
        mutating func advance() { i += 1 }
        mutating func skipSpaces() { while let c = peek(), isSpace(c) { i += 1 } }

        /// At a `<`: the markup to write for the tag, comment or declaration that starts here (empty to drop it),
        /// or nil, leaving the position alone, when no complete one starts here.
        mutating func readMarkup() -> String? {
            let start = i
            guard let next = peek(1) else { return nil }
            if next == "!" || next == "?" {
                // Comments, declarations, CDATA, processing instructions: dropped whole.
                let end = next == "!" && peek(2) == "-" && peek(3) == "-" ? find("-->", from: i + 4) : find(">", from: i + 2)
                guard let end else { return nil }
                i = end
                return ""
            }
            guard find(">", from: i + 1) != nil else { return nil }
            let closing = next == "/"
            i += closing ? 2 : 1
            guard let first = peek(), isLetter(first) else { i = start; return nil }
            var name = ""
            while let c = peek(), !isSpace(c), c != "/", c != ">" { name.unicodeScalars.append(c); i += 1 }
            name = name.lowercased()
            var attributes: [(String, String?)] = []
            while true {
                skipSpaces()
                guard let c = peek() else { i = start; return nil }
                if c == ">" { i += 1; break }
                if c == "/" { i += 1; continue }
                var attribute = ""
                while let c = peek(), !isSpace(c), c != "/", c != ">", c != "=" || attribute.isEmpty {
                    attribute.unicodeScalars.append(c)
                    i += 1
                }
                skipSpaces()
                var value: String?
                if peek() == "=" {
                    i += 1
                    skipSpaces()
                    guard let v = readValue() else { i = start; return nil }
                    value = v
                }
                attributes.append((attribute.lowercased(), value))
            }
            guard Self.isName(name), HTMLSanitizer.elements.contains(name) else {
                // Not an element we allow: the whole tag is shown as text.
                return HTML.escape(String(String.UnicodeScalarView(s[start..<i])))
            }
            if closing { return HTMLSanitizer.voidElements.contains(name) ? "" : "</\(name)>" }
            var tag = "<" + name
            var seen = Set<String>()
            for (attribute, value) in attributes where HTMLSanitizer.allows(attribute, on: name) && seen.insert(attribute).inserted {
                let decoded = value.map(decodeCharacterReferences) ?? ""
                if HTMLSanitizer.urlAttributes.contains(attribute), !URLSafety.isSafe(decoded) { continue }
                tag += value == nil ? " \(attribute)" : " \(attribute)=\"\(HTML.escapeAttribute(decoded))\""
            }
            return tag + ">"
        }

        /// A quoted or unquoted attribute value, raw; nil when a quote is not closed.
        mutating func readValue() -> String? {
            guard let q = peek() else { return nil }
            var value = ""
            if q == "\"" || q == "'" {
                guard let end = find(String(q), from: i + 1) else { return nil }
                value = String(String.UnicodeScalarView(s[(i + 1)..<(end - 1)]))
                i = end
            } else {
                while let c = peek(), !isSpace(c), c != ">" { value.unicodeScalars.append(c); i += 1 }
            }
            return value
        }

        /// The index just past the first `needle` at or after `from`.
        mutating func find(_ needle: String, from: Int) -> Int? {
            if let failed = missing[needle], from >= failed { return nil }
            let n = Array(needle.unicodeScalars)
            if let last = found[needle], from >= last.from, from <= last.end - n.count { return last.end }
            var k = from
            while k + n.count <= s.count {
                if s[k..<k + n.count].elementsEqual(n) {
                    found[needle] = (from, k + n.count)
                    return k + n.count
                }
                k += 1
            }
            missing[needle] = min(from, missing[needle] ?? from)
            return nil
        }

        static func isName(_ name: String) -> Bool {
            !name.isEmpty && name.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }
        }
    }
}

private func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" }
private func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }

/// Decodes numeric character references (with or without the `;`, as browsers do) and the few named ones that
/// matter for reading a URL; other `&` stay as written, and are escaped again on output.
func decodeCharacterReferences(_ text: String) -> String {
    guard text.contains("&") else { return text }
    let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "colon": ":", "sol": "/",
        "tab": "\t", "newline": "\n", "lpar": "(", "rpar": ")", "period": ".", "comma": ",", "num": "#",
        "quest": "?", "equals": "=", "semi": ";", "excl": "!", "percnt": "%", "plus": "+",
    ]
    let s = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    while i < s.count {
        guard s[i] == "&" else { out.append(s[i]); i += 1; continue }
        var j = i + 1
        if j < s.count, s[j] == "#" {
            j += 1
            let hex = j < s.count && (s[j] == "x" || s[j] == "X")
            if hex { j += 1 }
            var value = 0, digits = 0
            while j < s.count, let d = Int(String(s[j]), radix: hex ? 16 : 10) {
                value = min(value * (hex ? 16 : 10) + d, 0x110000)
                j += 1
                digits += 1
            }
            if digits > 0 {
                if j < s.count, s[j] == ";" { j += 1 }
                out.append(Unicode.Scalar(UInt32(value)).flatMap { $0 == "\0" ? nil : $0 } ?? "\u{FFFD}")
                i = j
                continue
            }
        } else {
            var name = ""
            while j < s.count, isLetter(s[j]), name.count < 10 { name.unicodeScalars.append(s[j]); j += 1 }
            if let scalar = named[name.lowercased()], !name.isEmpty {
                if j < s.count, s[j] == ";" { j += 1 }
                out.append(scalar)
                i = j
                continue
            }
        }
        out.append("&")
        i += 1
    }
    return String(out)
}
