import Diagnostics
import Foundation
import Testing
@testable import Site

/// Every help line that is an edit, followed literally, fixes its problem: for each diagnostic of the invalid
/// corpus whose help says to write a value, add a line, quote a value, take a suggested name, write a row or remove
/// a field, the edit is made to the file, the site is built again, and that file must have fewer diagnostics of
/// that code.
@Suite("Help lines, followed literally")
struct HelpEditsTests {
    /// One edit a help line asks for, at the diagnostic's place.
    enum Edit: Equatable {
        case replaceValue(String)  // the value (or key) the location spans
        case addLine(String)       // a line before the location's line, indented as it is
        case replaceLine(String)   // the line's text after its indentation
        case replaceRow(String)    // the whole line (a CSV row)
        case removeLine(String)    // the line of the key the location names

        /// The edit of a help text; nil when it is advice rather than an edit.
        static func of(_ help: String) -> Edit? {
            func quoted(after phrase: String) -> String? {
                guard let start = help.range(of: phrase + "`") else { return nil }
                let rest = help[start.upperBound...]
                guard let end = rest.firstIndex(of: "`") else { return nil }
                return String(rest[..<end])
            }
            if let value = quoted(after: "write it ") ?? quoted(after: "write only the date: ") { return .replaceValue(value) }
            if let row = quoted(after: "write the row ") { return .replaceRow(row) }
            if let line = quoted(after: "quote the value to keep the rest: ") ?? quoted(after: "quote the value: ") { return .replaceLine(line) }
            if let line = quoted(after: "add a line "), !line.contains("…") { return .addLine(line) }
            if help.hasPrefix("did you mean "), !help.contains(" or "), let name = quoted(after: "did you mean ") { return .replaceValue(name) }
            if help.hasPrefix("replace the placeholder "), let name = quoted(after: "such as ") { return .replaceValue(name) }
            if help.hasPrefix("remove `"), let key = quoted(after: "remove ") { return .removeLine(key) }
            return nil
        }

        /// `text` with the edit made at `location`; nil when the place does not fit it.
        func apply(to text: String, at location: Diagnostics.SourceLocation) -> String? {
            var lines = text.components(separatedBy: "\n")
            guard location.line >= 1, location.line <= lines.count else { return nil }
            let i = location.line - 1
            var line = Array(lines[i].unicodeScalars)
            let indentation = String(String.UnicodeScalarView(line.prefix { $0 == " " }))
            switch self {
            case .replaceValue(let value):
                let start = location.column - 1, end = start + location.length
                guard start >= 0, end <= line.count else { return nil }
                line.replaceSubrange(start..<end, with: value.unicodeScalars)
                lines[i] = String(String.UnicodeScalarView(line))
            case .addLine(let added):
                guard !lines[i].contains("{") else { return nil }
                let dash = lines[i].dropFirst(indentation.count).hasPrefix("- ") ? "  " : ""
                lines.insert(indentation + dash + added, at: i)
            case .replaceLine(let replacement):
                let dash = lines[i].dropFirst(indentation.count).hasPrefix("- ") ? "- " : ""
                lines[i] = indentation + dash + replacement
            case .replaceRow(let row):
                lines[i] = row
            case .removeLine(let key):
                let trimmed = lines[i].dropFirst(indentation.count)
                guard trimmed.hasPrefix(key + ":") else { return nil }
                lines.remove(at: i)
            }
            return lines.joined(separator: "\n")
        }
    }

    @Test("the help lines that are edits parse as edits")
    func parsing() {
        #expect(Edit.of("write it `2027-01-31`") == .replaceValue("2027-01-31"))
        #expect(Edit.of("did you mean `\"@june\"`?") == .replaceValue("\"@june\""))
        #expect(Edit.of("add a line `severity: sev1`, or with another of `sev2`") == .addLine("severity: sev1"))
        #expect(Edit.of("add a line `severity: …`") == nil)
        #expect(Edit.of("remove `ticket`") == .removeLine("ticket"))
        #expect(Edit.of("check that the file is readable") == nil)
    }

    @Test("every help line of the invalid corpus that is an edit fixes its problem")
    func corpus() throws {
        var applied: [String: Int] = [:], failures: [String] = []
        for name in InvalidCorpus.names {
            let corpusCase = try InvalidCorpus.load(name)
            guard corpusCase.directives.isEmpty, corpusCase.theme == nil, corpusCase.output == nil, corpusCase.isolate == nil,
                  corpusCase.knownIssue == nil, !corpusCase.files.isEmpty else { continue }
            let site = try Fixture(minimalSite)
            defer { site.cleanUp() }
            try site.write(corpusCase.files)
            let before = site.build(asOf: InvalidCorpus.asOf).diagnostics
            func count(_ code: Code, _ file: String, in diagnostics: [Diagnostic]) -> Int {
                diagnostics.filter { $0.code == code && $0.location?.file == file }.count
            }
            for diagnostic in before {
                guard let location = diagnostic.location, let help = diagnostic.help, let edit = Edit.of(help),
                      corpusCase.paths.contains(CorpusCase.relative(location.file, to: site.content)),
                      let text = try? String(contentsOfFile: location.file, encoding: .utf8),
                      var edited = edit.apply(to: text, at: location) else { continue }
                if case .replaceValue = edit {
                    // A name written in several places is renamed at each (the notes list the others).
                    for note in diagnostic.notes where note.location?.file == location.file && note.location?.line != location.line {
                        if let at = note.location, let more = edit.apply(to: edited, at: at) { edited = more }
                    }
                }
                try edited.write(toFile: location.file, atomically: true, encoding: .utf8)
                let after = site.build(asOf: InvalidCorpus.asOf).diagnostics
                try text.write(toFile: location.file, atomically: true, encoding: .utf8)
                applied[diagnostic.code.id, default: 0] += 1
                if count(diagnostic.code, location.file, in: after) >= count(diagnostic.code, location.file, in: before) {
                    failures.append("\(name): \(diagnostic.code) at \(location.line):\(location.column): `\(help)` did not fix it")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        // The kinds of help the issue named are among those applied.
        for code in ["E0201", "E0204", "E0205", "E0301", "E0302", "E0418", "W0113"] {
            #expect(applied[code, default: 0] > 0, "no help of \(code) was applied: \(applied)")
        }
        print("Help edits: \(applied.values.reduce(0, +)) applied (\(applied.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))")
    }
}
