/// Writes diagnostics the way rustc does: a header, the location, the source line with a caret under the
/// span, then what was expected, what was found, and a help line.
public struct DiagnosticRenderer: Sendable {
    /// Returns the text of a file (as the writer sees it) so the offending line can be quoted.
    public var source: @Sendable (String) -> String?
    public var color: Bool

    public init(color: Bool = false, source: @escaping @Sendable (String) -> String?) {
        self.color = color
        self.source = source
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var lines = SourceLines(source: source)
        return render(diagnostic, lines: &lines)
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        // The files' lines are found once, however many diagnostics point into them.
        var lines = SourceLines(source: source)
        return diagnostics.sortedForDisplay().map { render($0, lines: &lines) }.joined(separator: "\n")
    }

    private func render(_ diagnostic: Diagnostic, lines: inout SourceLines) -> String {
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
        var out = "\(tint)\(diagnostic.severity.rawValue)[\(diagnostic.code.id)]\(reset)\(bold): \(diagnostic.message)\(reset)\n"
        let lineDigits = String(diagnostic.location?.line ?? 1).count
        let gutter = String(repeating: " ", count: lineDigits)
        if let location = diagnostic.location {
            out += "\(gutter)\(blue)-->\(reset) \(location)\n"
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
            if let at = note.location { out += " (\(at))" }
            out += "\n"
        }
        if let help = diagnostic.help { out += "\(gutter) \(blue)=\(reset) \(cyan)help\(reset): \(help)\n" }
        return out
    }

}

/// Text from content as a terminal can show it: control characters other than line breaks (a NUL, an escape
/// sequence) become their pictures (␀, ␛), so that nothing a file holds can cut off or restyle the output.
func printable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }) else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
        switch scalar.value {
        case 0x0A: return scalar
        case 0x09: return " "
        case 0x00..<0x20: return Unicode.Scalar(0x2400 + scalar.value)!
        case 0x7F: return "\u{2421}"
        default: return scalar
        }
    }))
}

/// The lines of the files diagnostics point into, split once per file, shown as a terminal can print them.
struct SourceLines {
    let source: (String) -> String?
    private var starts: [String: (text: String.UTF8View, starts: [String.UTF8View.Index])] = [:]

    init(source: @escaping (String) -> String?) { self.source = source }

    /// The most characters of a line quoted; a longer line is cut to a window around the column.
    static let width = 160

    /// The line a location points at, ready to quote, and the location's column within what is quoted.
    mutating func line(_ location: SourceLocation) -> (String, Int)? {
        if starts[location.file] == nil {
            guard let text = source(location.file) else { return nil }
            var found = [text.utf8.startIndex]
            for i in text.utf8.indices where text.utf8[i] == 0x0A { found.append(text.utf8.index(after: i)) }
            starts[location.file] = (text.utf8, found)
        }
        guard let (text, starts) = starts[location.file], location.line >= 1, location.line <= starts.count else { return nil }
        let end = location.line < starts.count ? text.index(before: starts[location.line]) : text.endIndex
        var line = Array(String(Substring(text[starts[location.line - 1]..<end])).unicodeScalars)
        if line.last == "\r" { line.removeLast() }
        var column = location.column
        var prefix = "", suffix = ""
        if line.count > Self.width {
            let from = max(0, min(column - 1 - Self.width / 2, line.count - Self.width))
            if from > 0 { prefix = "…" }
            if from + Self.width < line.count { suffix = "…" }
            line = Array(line[from..<(from + Self.width)])
            column = column - from + (prefix.isEmpty ? 0 : 1)
        }
        return (prefix + printable(String(String.UnicodeScalarView(line))) + suffix, column)
    }
}
