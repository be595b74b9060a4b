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
        let (bold, red, yellow, blue, cyan, reset) = color
            ? ("\u{1B}[1m", "\u{1B}[1;31m", "\u{1B}[1;33m", "\u{1B}[1;34m", "\u{1B}[1;36m", "\u{1B}[0m")
            : ("", "", "", "", "", "")
        let tint = diagnostic.isError ? red : yellow
        var out = "\(tint)\(diagnostic.severity.rawValue)[\(diagnostic.code.id)]\(reset)\(bold): \(diagnostic.message)\(reset)\n"
        let lineDigits = String(diagnostic.location?.line ?? 1).count
        let gutter = String(repeating: " ", count: lineDigits)
        if let location = diagnostic.location {
            out += "\(gutter)\(blue)-->\(reset) \(location)\n"
            if let line = sourceLine(location) {
                let caretStart = String(repeating: " ", count: max(0, location.column - 1))
                let caretCount = max(1, min(location.length, line.unicodeScalars.count - location.column + 1))
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

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.sortedForDisplay().map(render).joined(separator: "\n")
    }

    private func sourceLine(_ location: SourceLocation) -> String? {
        guard let text = source(location.file) else { return nil }
        var current = 1
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == location.line {
                return String(line.hasSuffix("\r") ? line.dropLast() : line)
                    .replacingTabs()
            }
            current += 1
        }
        return nil
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        var out = ""
        for c in self { out += c == "\t" ? " " : String(c) }
        return out
    }
}
