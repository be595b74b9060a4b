import Diagnostics
import Yams

/// Parses YAML into positioned `Value`s with YAML 1.2-style typing: only `true`/`false`, `null`/`~`, plain
/// decimal integers without leading zeros and plain decimal numbers are typed; everything else (`no`, `off`,
/// `12:30`, `0123`, `2026-01-02`) stays a string, and dates are left for the schema to check.
public enum YAML {
    /// Parses `text`, whose first line is line `firstLine` of `file`. Problems are returned, never thrown.
    /// `what` names the text in messages: "the front matter", or "almanac.yaml".
    public static func parse(_ text: String, file: String, firstLine: Int = 1, what: String = "the front matter") -> (Value?, [Diagnostic]) {
        let lineOffset = firstLine - 1
        func location(_ mark: Position?, length: Int = 1) -> SourceLocation {
            SourceLocation(file: file, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1, length: length)
        }
        // `...` ends a YAML document: what follows it would be another document, silently dropped.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let end = lines.firstIndex(where: { $0.withoutTrailingBlanks == "..." }),
           let after = lines[(end + 1)...].firstIndex(where: { !$0.withoutTrailingBlanks.isEmpty && !$0.hasPrefix("#") }) {
            return (nil, [Diagnostic(
                .yamlSyntax, "\(what) is not valid YAML: `...` ends the YAML document, so the lines after it would not be read",
                at: location(Position(line: end + 1, column: 1), length: 3),
                expected: "fields up to the closing `---`", found: "`...`, then more fields",
                help: "remove the `...` line",
                notes: [.init("the first line that would be dropped", at: location(Position(line: after + 1, column: 1), length: 1))])])
        }
        let root: Node?
        do {
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            return (nil, [diagnostic(for: error, text: text, what: what, location: location)])
        } catch {
            return (nil, [Diagnostic(.yamlSyntax, "\(what) could not be read: \(error)", at: location(nil))])
        }
        guard let root else { return (nil, []) }
        var diagnostics: [Diagnostic] = []
        var budget = maximumValues
        let value = convert(root, location: location, budget: &budget, diagnostics: &diagnostics)
        diagnostics += comments(in: root, text: text, location: location)
        // Point an expansion that went over the limit at the top-level value that did it.
        if budget <= 0, let culprit = value.entries?.last?.value.location,
           let i = diagnostics.firstIndex(where: { $0.code == .frontMatterTooLarge }) {
            diagnostics[i].location = culprit
        }
        return (value, diagnostics)
    }

    /// Front matter is a page's worth of fields. Aliases can make a few lines expand exponentially (a "billion
    /// laughs"), so conversion stops at this many values and says why.
    public static let maximumValues = 100_000

    private static func convert(
        _ node: Node, location: (Position?, Int) -> SourceLocation, budget: inout Int, diagnostics: inout [Diagnostic]
    ) -> Value {
        budget -= 1
        if budget == 0 {
            diagnostics.append(Diagnostic(
                .frontMatterTooLarge, "the front matter expands to more than \(maximumValues) values",
                at: location(node.mark.position, 1),
                expected: "fields that fit on a page", found: "aliases (`*name`) that repeat anchors (`&name`) that repeat others",
                help: "write the values out instead of nesting aliases; Almanac reads no more than \(maximumValues) values per file"))
        }
        if budget <= 0 { return Value(.null, at: location(node.mark.position, 1)) }
        switch node {
        case .scalar(let scalar):
            let at = location(scalar.mark.position, max(1, scalar.string.unicodeScalars.count + (scalar.style == .plain ? 0 : 2)))
            return Value(typed(scalar), at: at, text: scalar.string)
        case .sequence(let sequence):
            var items: [Value] = []
            for item in sequence where budget > 0 { items.append(convert(item, location: location, budget: &budget, diagnostics: &diagnostics)) }
            return Value(.list(items), at: location(sequence.mark.position, 1))
        case .mapping(let mapping):
            var entries: [Value.Entry] = []
            for (keyNode, valueNode) in mapping where budget > 0 {
                guard case .scalar(let key) = keyNode else {
                    diagnostics.append(Diagnostic(
                        .nonScalarKey, "a mapping key must be a plain name", at: location(keyNode.mark.position, 1),
                        expected: "a key such as `title:`", found: "a \(keyNode.isMapping ? "mapping" : "list") used as a key",
                        help: "remove the `?` or the brackets that make this key a collection"))
                    continue
                }
                let keyAt = location(key.mark.position, max(1, key.string.unicodeScalars.count))
                entries.append(Value.Entry(
                    key: key.string, keyLocation: keyAt,
                    value: convert(valueNode, location: location, budget: &budget, diagnostics: &diagnostics)))
            }
            return Value(.map(entries), at: location(mapping.mark.position, 1))
        case .alias:
            // Yams resolves aliases while composing; an unresolved one never reaches here.
            return Value(.null, at: location(node.mark.position, 1))
        }
    }

    /// W0113 for each plain (unquoted) value that a comment follows on its line: ` #` starts a comment, so
    /// `title: Deploys in #payments first` is the title "Deploys in"; and for each empty value followed by a
    /// comment (`channel: #sre`). Quoted values and comments on lines of their own are left alone.
    static func comments(in root: Node, text: String, location: (Position?, Int) -> SourceLocation) -> [Diagnostic] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        var out: [Diagnostic] = []
        /// The column (1-based) of a `#` that starts a comment in `line` at or after `start` (0-based), with only
        /// blanks before it (at most `blanks` of them).
        func comment(in line: [Unicode.Scalar], after start: Int, blanks: Int = .max) -> Int? {
            var i = start
            while i < line.count, line[i] == " " || line[i] == "\t" { i += 1 }
            return i > start && i - start <= blanks && i < line.count && line[i] == "#" ? i + 1 : nil
        }
        func slice(_ line: [Unicode.Scalar], _ range: Range<Int>) -> String {
            var out = ""
            out.unicodeScalars.append(contentsOf: line[range])
            return String(out.withoutTrailingBlanks)
        }
        func quoted(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var budget = maximumValues  // aliases may repeat nodes exponentially (see `maximumValues`)
        func visit(_ node: Node, key: Node.Scalar?) {
            budget -= 1
            guard budget > 0 else { return }
            switch node {
            case .scalar(let scalar):
                guard scalar.style == .plain || scalar.style == .any, let mark = scalar.mark, !scalar.string.contains("\n"),
                      mark.line >= 1, mark.line <= lines.count else { return }
                let line = lines[mark.line - 1]
                if scalar.string.isEmpty {
                    // An empty value: `key: # …` leaves the key without one.
                    guard let key, let keyMark = key.mark, keyMark.line == mark.line else { return }
                    let afterColon = keyMark.column - 1 + key.string.unicodeScalars.count + 1
                    guard afterColon <= line.count, line[afterColon - 1] == ":", let hash = comment(in: line, after: afterColon) else { return }
                    let written = slice(line, (hash - 1)..<line.count)
                    out.append(Diagnostic(
                        .commentInValue, "`\(key.string)` is empty: `#` starts a YAML comment, so `\(written)` is not its value",
                        at: location(Position(line: mark.line, column: hash), 1),
                        expected: "a value after `\(key.string):`", found: "a comment",
                        help: "quote the value: `\(key.string): \(quoted(written))`"))
                    return
                }
                let start = mark.column - 1, end = start + scalar.string.unicodeScalars.count
                guard end <= line.count, slice(line, start..<end) == scalar.string.withoutTrailingBlanks,
                      let hash = comment(in: line, after: end) else { return }
                let whole = slice(line, start..<line.count)
                var prefix = ""
                prefix.unicodeScalars.append(contentsOf: line[0..<start])
                prefix = String(prefix.drop { $0 == " " || $0 == "\t" })
                out.append(Diagnostic(
                    .commentInValue, "`#` starts a YAML comment: the value is `\(scalar.string)`, without `\(slice(line, (hash - 1)..<line.count))`",
                    at: location(Position(line: mark.line, column: hash), 1),
                    expected: "the whole line as the value", found: "the value cut at ` #`",
                    help: "quote the value to keep the rest: `\(prefix)\(quoted(whole))`; if it is a comment, move it to a line of its own"))
            case .sequence(let sequence):
                for item in sequence { visit(item, key: nil) }
            case .mapping(let mapping):
                for (k, v) in mapping {
                    if case .scalar(let keyScalar) = k { visit(v, key: keyScalar) } else { visit(v, key: nil) }
                }
            case .alias:
                break
            }
        }
        visit(root, key: nil)
        return out
    }

    /// YAML 1.2 core schema, made stricter so that leading zeros stay strings.
    static func typed(_ scalar: Node.Scalar) -> Value.Kind {
        let s = scalar.string
        if scalar.style != .plain && scalar.style != .any { return .string(s) }
        if scalar.tag.description == "tag:yaml.org,2002:str" { return .string(s) }
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        default: break
        }
        if isInteger(s) {
            // Digits too many for an Int are still a number, just out of range for most fields.
            if let i = Int(s) { return .integer(i) }
            if let d = Double(s) { return .number(d) }
        }
        if isDecimal(s), let d = Double(s) { return .number(d) }
        return .string(s)
    }

    private static func isInteger(_ s: String) -> Bool {
        var bytes = Substring(s).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard let first = bytes.first else { return false }
        if first == UInt8(ascii: "0") { return bytes.count == 1 }
        return bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `[-+]?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?` or `[-+]?\.[0-9]+...`, with a dot or an exponent.
    private static func isDecimal(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        func digits() -> Int { let start = i; while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }; return i - start }
        if i < b.count, b[i] == 0x2D || b[i] == 0x2B { i += 1 }
        let intStart = i
        let intDigits = digits()
        if intDigits > 1, b[intStart] == 0x30 { return false }
        var sawDot = false, fracDigits = 0
        if i < b.count, b[i] == 0x2E { sawDot = true; i += 1; fracDigits = digits() }
        guard intDigits + fracDigits > 0 else { return false }
        var sawExponent = false
        if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
            sawExponent = true
            i += 1
            if i < b.count, b[i] == 0x2D || b[i] == 0x2B { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == b.count && (sawDot || sawExponent)
    }

    private static func diagnostic(for error: YamlError, text: String, what: String, location: (Position?, Int) -> SourceLocation) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            // A tab where YAML wants spaces: at the tab itself, which the parser's marks pass by.
            if problem.contains("tab"), let tab = firstTab(in: text, from: min(context?.mark.line ?? mark.line, mark.line)) {
                return Diagnostic(
                    .yamlSyntax, "\(what) is not valid YAML: a tab character indents a line", at: location(tab, 1),
                    expected: "spaces", found: "a tab (shown as `→`)",
                    help: "replace the tab with spaces: YAML indentation must use spaces, not tabs",
                    notes: [.init("the YAML parser gave up here: \(problem)", at: location(mark.position, 1))])
            }
            // The context mark is where the construct that went wrong began (the `[` never closed, the quote
            // never ended): that is the writer's mistake; where the parser gave up comes as a note.
            if let context, context.mark.line <= mark.line {
                return Diagnostic(
                    .yamlSyntax, "\(what) is not valid YAML: \(problem) \(context.text)", at: location(context.mark.position, 1),
                    help: help(for: problem, at: context.mark, in: text),
                    notes: [.init("the YAML parser gave up here", at: location(mark.position, 1))])
            }
            return Diagnostic(
                .yamlSyntax, "\(what) is not valid YAML: \(problem)", at: location(mark.position, 1),
                help: help(for: problem, at: mark, in: text))
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? ""
            let first = context.mark.position
            let second = secondOccurrence(of: key, after: first, in: text) ?? first
            return Diagnostic(
                .duplicateKey, "the key `\(key)` appears twice in one mapping",
                at: location(second, max(1, key.count)),
                help: "keep one `\(key):` and remove or rename the other",
                notes: second == first ? [] : [.init("first written here", at: location(first, max(1, key.count)))])
        case let .reader(problem, offset, value, _):
            // The reader stops at a character YAML does not allow (a NUL, another control character); the offset
            // counts characters from the start of the text.
            var position: Position?
            if let offset, offset >= 0, offset <= text.count {
                let before = text.prefix(offset)
                let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
                position = Position(line: line, column: column)
            }
            let character = Unicode.Scalar(UInt32(max(0, value))).map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(4) } ?? "\(value)"
            return Diagnostic(.yamlSyntax, "\(what) is not valid YAML: \(problem)", at: location(position, 1),
                              expected: "printable characters", found: "the character \(character)",
                              help: "remove the character (a NUL or another control character) from the line")
        default:
            return Diagnostic(.yamlSyntax, "\(what) is not valid YAML: \(error)", at: location(nil, 1))
        }
    }

    /// The first tab in `text` at or after line `line` (1-based), else the first one anywhere.
    private static func firstTab(in text: String, from line: Int) -> Position? {
        var found: Position?
        for (i, content) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let index = content.unicodeScalars.firstIndex(of: "\t") else { continue }
            let position = Position(line: i + 1, column: content.unicodeScalars.distance(from: content.unicodeScalars.startIndex, to: index) + 1)
            if i + 1 >= line { return position }
            if found == nil { found = position }
        }
        return found
    }

    /// The next `key:` of the same mapping after the first one (Yams reports the first): later on the same line
    /// for a `{ flow, mapping }`, else on a later line at the same column, before the mapping ends.
    private static func secondOccurrence(of key: String, after first: Position, in text: String) -> Position? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let pattern = Array((key + ":").unicodeScalars)
        func keyAt(_ line: [Unicode.Scalar], _ column: Int) -> Bool {
            let start = column - 1
            guard start >= 0, start + pattern.count <= line.count else { return false }
            return Array(line[start..<(start + pattern.count)]) == pattern
        }
        guard first.line >= 1, first.line <= lines.count else { return nil }
        let firstLine = lines[first.line - 1]
        // Same line, further right, after `{` or `,` and spaces: a flow mapping.
        var column = first.column + pattern.count
        while column <= firstLine.count {
            if keyAt(firstLine, column) {
                let before = firstLine[..<(column - 1)].last { $0 != " " }
                if before == "," || before == "{" { return Position(line: first.line, column: column) }
            }
            column += 1
        }
        for index in first.line..<lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == " " || $0 == "-" }.count
            if line.allSatisfy({ $0 == " " }) || line.first == "#" { continue }
            if indent + 1 < first.column && !line.isEmpty { return nil }
            if keyAt(line, first.column) { return Position(line: index + 1, column: first.column) }
        }
        return nil
    }

    /// Hints for the YAML mistakes writers actually make.
    private static func help(for problem: String, at mark: Mark, in text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = mark.line >= 1 && mark.line <= lines.count ? String(lines[mark.line - 1]) : ""
        if problem.contains("character that cannot start any token"), line.contains("@") {
            return "`@` cannot start a plain YAML value: quote the handle, as in `owner: \"@alice\"`"
        }
        if problem.contains("tab") || line.hasPrefix("\t") {
            return "YAML indentation must use spaces, not tabs"
        }
        if problem.contains("mapping values are not allowed") {
            return "a value that contains `: ` must be quoted, as in `title: \"Deploys: a guide\"`"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "check the indentation: items of one list or mapping must start in the same column"
        }
        if problem.contains("found unexpected end of stream") || problem.contains("did not find expected") {
            return "a quote or bracket opened here is never closed"
        }
        return nil
    }
}

/// A line and column in the YAML text, before the front matter's offset in the file is added.
struct Position: Equatable {
    var line: Int
    var column: Int
}

extension Optional where Wrapped == Mark {
    fileprivate var position: Position? { map { Position(line: $0.line, column: $0.column) } }
}

extension Mark {
    fileprivate var position: Position { Position(line: line, column: column) }
}

extension Node {
    fileprivate var isMapping: Bool { if case .mapping = self { return true } else { return false } }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}

extension StringProtocol {
    /// Without the blanks (spaces, tabs, a carriage return) at its end.
    fileprivate var withoutTrailingBlanks: SubSequence {
        var end = endIndex
        while end > startIndex, " \t\r".contains(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}
