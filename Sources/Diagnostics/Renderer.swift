/// Writes diagnostics the way rustc does: a header, the location, the source line with a caret under the
/// span, then what was expected, what was found, and a help line.
public struct DiagnosticRenderer: Sendable {
    /// Returns the text of a file (as the writer sees it) so the offending line can be quoted.
    public var source: @Sendable (String) -> String?
    public var color: Bool
    /// How many warnings of one code are printed in full; the rest of that code are summed up in one line at the
    /// end. `nil` prints every warning. Errors are always printed in full.
    public var warningsPerCode: Int?

    /// The warnings of one code printed in full unless every warning is asked for (`--all-warnings`).
    public static let warningsShownPerCode = 20

    public init(color: Bool = false, warningsPerCode: Int? = DiagnosticRenderer.warningsShownPerCode,
                source: @escaping @Sendable (String) -> String?) {
        self.color = color
        self.warningsPerCode = warningsPerCode
        self.source = source
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var lines = SourceLines(source: source)
        var out = ""
        render(diagnostic, lines: &lines, into: &out)
        return out
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        render(sorted: diagnostics.sortedForDisplay())
    }

    /// Diagnostics already in display order, each block followed by a blank line but the last; then, for each code
    /// whose warnings went beyond `warningsPerCode`, one line that counts the rest. Linear in the diagnostics and
    /// the files they quote: each file is split once, each line read once however many diagnostics point into it.
    func render(sorted diagnostics: [Diagnostic]) -> String {
        var lines = SourceLines(source: source)
        var out = ""
        var shown: [Code: Int] = [:], hidden: [Code: Int] = [:]
        for diagnostic in diagnostics {
            if !diagnostic.isError, let limit = warningsPerCode {
                let count = shown[diagnostic.code, default: 0]
                guard count < limit else { hidden[diagnostic.code, default: 0] += 1; continue }
                shown[diagnostic.code] = count + 1
            }
            if !out.isEmpty { out += "\n" }
            render(diagnostic, lines: &lines, into: &out)
        }
        if !hidden.isEmpty {
            let (yellow, bold, reset) = color ? ("\u{1B}[1;33m", "\u{1B}[1m", "\u{1B}[0m") : ("", "", "")
            if !out.isEmpty { out += "\n" }
            for (code, count) in hidden.sorted(by: { $0.key.id < $1.key.id }) {
                out += "\(yellow)… and \(grouped(count)) more \(code.id) warning\(count == 1 ? "" : "s")\(reset)"
                out += " (\(code.title)); see them all with \(bold)--all-warnings\(reset) or \(bold)--format json\(reset)\n"
            }
        }
        return out
    }

    private func render(_ diagnostic: Diagnostic, lines: inout SourceLines, into out: inout String) {
        var diagnostic = diagnostic
        diagnostic.message = printable(diagnostic.message)
        diagnostic.expected = diagnostic.expected.map(printable)
        diagnostic.found = diagnostic.found.map(printable)
        diagnostic.help = diagnostic.help.map(printable)
        for i in diagnostic.notes.indices { diagnostic.notes[i].message = printable(diagnostic.notes[i].message) }
        let (bold, red, yellow, blue, cyan, reset) = color
            ? ("\u{1B}[1m", "\u{1B}[1;31m", "\u{1B}[1;33m", "\u{1B}[1;34m", "\u{1B}[1;36m", "\u{1B}[0m")
            : ("", "", "", "", "", "")
        let tint = diagnostic.isError ? red : yellow
        out += "\(tint)\(diagnostic.severity.rawValue)[\(diagnostic.code.id)]\(reset)\(bold): \(diagnostic.message)\(reset)\n"
        let lineDigits = String(diagnostic.location?.line ?? 1).count
        let gutter = String(repeating: " ", count: lineDigits)
        if let location = diagnostic.location {
            out += "\(gutter)\(blue)-->\(reset) \(printable(location.description))\n"
            if let (line, column) = lines.line(location) {
                let caretStart = String(repeating: " ", count: max(0, column - 1))
                let caretCount = max(1, min(location.length, line.unicodeScalars.count - column + 1))
                out += "\(gutter) \(blue)|\(reset)\n"
                out += "\(blue)\(location.line) |\(reset) \(line)\n"
                out += "\(gutter) \(blue)|\(reset) \(caretStart)\(tint)\(String(repeating: "^", count: caretCount))\(reset)\n"
            }
        }
        if let expected = diagnostic.expected { out += "\(gutter) \(blue)=\(reset) expected: \(expected)\n" }
        if let found = diagnostic.found { out += "\(gutter) \(blue)=\(reset)    found: \(found)\n" }
        for note in diagnostic.notes {
            out += "\(gutter) \(blue)=\(reset) note: \(note.message)"
            if let at = note.location { out += " (\(printable(at.description)))" }
            out += "\n"
        }
        if let help = diagnostic.help { out += "\(gutter) \(blue)=\(reset) \(cyan)help\(reset): \(help)\n" }
    }
}

/// A count with its thousands grouped, as people read it: 1,234.
func grouped(_ count: Int) -> String {
    var digits = String(count.magnitude), out = count < 0 ? "-" : ""
    let head = digits.count % 3 == 0 ? 3 : digits.count % 3
    out += digits.prefix(head)
    digits.removeFirst(head)
    while !digits.isEmpty {
        out += "," + digits.prefix(3)
        digits.removeFirst(3)
    }
    return out
}

/// Text from content as a terminal can show it: control characters other than line breaks (a NUL, an escape
/// sequence) become their pictures (␀, ␛), so that nothing a file holds can cut off or restyle the output.
func printable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }) else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
        switch scalar.value {
        case 0x0A: return scalar
        case 0x09: return "\u{2192}"  // a tab, shown as `→` (one column, as it counts)
        case 0x00..<0x20: return Unicode.Scalar(0x2400 + scalar.value)!
        case 0x7F: return "\u{2421}"
        default: return scalar
        }
    }))
}

/// The lines of the files diagnostics point into, shown as a terminal can print them. Each file is asked for and
/// split once (a file without text too), and the line last quoted is kept, so that diagnostics in display order
/// read each line once: the work is linear in the files shown, however many diagnostics point into one line.
struct SourceLines {
    let source: (String) -> String?
    private var files: [String: (text: String.UTF8View, starts: [String.UTF8View.Index])] = [:]
    private var missing: Set<String> = []
    private var last: (file: String, line: Int, scalars: [Unicode.Scalar])?

    init(source: @escaping (String) -> String?) { self.source = source }

    /// The most characters of a line quoted; a longer line is cut to a window around the column.
    static let width = 160

    /// The line a location points at, ready to quote, and the location's column within what is quoted.
    mutating func line(_ location: SourceLocation) -> (String, Int)? {
        guard let line = scalars(location) else { return nil }
        var window = line.indices, column = location.column
        var prefix = "", suffix = ""
        if line.count > Self.width {
            let from = max(0, min(column - 1 - Self.width / 2, line.count - Self.width))
            if from > 0 { prefix = "…" }
            if from + Self.width < line.count { suffix = "…" }
            window = from..<(from + Self.width)
            column = column - from + (prefix.isEmpty ? 0 : 1)
        }
        return (prefix + printable(String(String.UnicodeScalarView(line[window]))) + suffix, column)
    }

    /// The scalars of the line a location points at, without its line break.
    private mutating func scalars(_ location: SourceLocation) -> [Unicode.Scalar]? {
        if let last, last.line == location.line, last.file == location.file { return last.scalars }
        if files[location.file] == nil {
            guard !missing.contains(location.file) else { return nil }
            guard let text = source(location.file) else { missing.insert(location.file); return nil }
            var found = [text.utf8.startIndex]
            for i in text.utf8.indices where text.utf8[i] == 0x0A { found.append(text.utf8.index(after: i)) }
            files[location.file] = (text.utf8, found)
        }
        guard let (text, starts) = files[location.file], location.line >= 1, location.line <= starts.count else { return nil }
        let end = location.line < starts.count ? text.index(before: starts[location.line]) : text.endIndex
        var line = Array(String(Substring(text[starts[location.line - 1]..<end])).unicodeScalars)
        if line.last == "\r" { line.removeLast() }
        last = (location.file, location.line, line)
        return line
    }
}
