/// The ways diagnostics are printed: for people, for programs, for GitHub workflow annotations, for code scanning.
public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text, json, github, sarif

    /// The whole report of a run in this format. `text` uses `renderer` for the source lines and sums up the warnings
    /// of a code beyond `renderer.warningsPerCode`; the other formats, for programs, list every diagnostic.
    public func render(_ diagnostics: [Diagnostic], renderer: DiagnosticRenderer) -> String {
        let sorted = diagnostics.sortedForDisplay()
        switch self {
        case .text: return sorted.isEmpty ? "" : renderer.render(sorted: sorted) + "\n"
        case .json: return JSON.array(sorted.map(\.json)).serialized()
        case .github: return sorted.map(\.githubAnnotation).map { $0 + "\n" }.joined()
        case .sarif: return Self.sarif(sorted).serialized()
        }
    }

    /// SARIF 2.1.0, with a rule per code that occurs and a result per diagnostic.
    static func sarif(_ diagnostics: [Diagnostic]) -> JSON {
        var seen = Set<String>()
        let codes = diagnostics.map(\.code).filter { seen.insert($0.id).inserted }.sorted { $0.id < $1.id }
        let rules: [JSON] = codes.map { code in
            .object([
                ("id", .string(code.id)),
                ("name", .string(code.title)),
                ("shortDescription", .object([("text", .string(code.title))])),
                ("defaultConfiguration", .object([("level", .string(code.defaultSeverity.rawValue))])),
                ("properties", .object([("class", .string(code.class.rawValue))])),
            ])
        }
        let results: [JSON] = diagnostics.map { d in
            var pairs: [(String, JSON)] = [
                ("ruleId", .string(d.code.id)),
                ("level", .string(d.severity.rawValue)),
                ("message", .object([("text", .string(d.plainMessage))])),
            ]
            if let at = d.location {
                pairs.append(("locations", .array([.object([
                    ("physicalLocation", .object([
                        ("artifactLocation", .object([("uri", .string(at.file))])),
                        ("region", .object([
                            ("startLine", .int(at.line)), ("startColumn", .int(at.column)),
                            ("endColumn", .int(at.column + at.length)),
                        ])),
                    ])),
                ])])))
            }
            return .object(pairs)
        }
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("almanac")),
                    ("rules", .array(rules)),
                ]))])),
                ("results", .array(results)),
            ])])),
        ])
    }
}

extension Diagnostic {
    /// The message with what was expected and found, and the help, on one block of plain text.
    public var plainMessage: String {
        var parts = [message]
        if let expected { parts.append("expected: \(expected)") }
        if let found { parts.append("found: \(found)") }
        if let help { parts.append("help: \(help)") }
        return parts.joined(separator: "\n")
    }

    public var json: JSON {
        var pairs: [(String, JSON)] = [
            ("code", .string(code.id)),
            ("severity", .string(severity.rawValue)),
            ("class", .string(code.class.rawValue)),
            ("message", .string(message)),
        ]
        if let at = location {
            pairs += [("file", .string(at.file)), ("line", .int(at.line)), ("column", .int(at.column)), ("length", .int(at.length))]
        }
        if let expected { pairs.append(("expected", .string(expected))) }
        if let found { pairs.append(("found", .string(found))) }
        if let help { pairs.append(("help", .string(help))) }
        if !notes.isEmpty {
            pairs.append(("notes", .array(notes.map { note in
                var n: [(String, JSON)] = [("message", .string(note.message))]
                if let at = note.location { n += [("file", .string(at.file)), ("line", .int(at.line)), ("column", .int(at.column))] }
                return .object(n)
            })))
        }
        return .object(pairs)
    }

    /// A GitHub Actions workflow command: `::error file=…,line=…,col=…,title=…::message`.
    public var githubAnnotation: String {
        func escapeData(_ s: String) -> String {
            s.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
        }
        func escapeProperty(_ s: String) -> String {
            escapeData(s).replacingAll(":", "%3A").replacingAll(",", "%2C")
        }
        var properties: [String] = []
        if let at = location {
            properties += ["file=\(escapeProperty(at.file))", "line=\(at.line)", "col=\(at.column)", "endColumn=\(at.column + at.length)"]
        }
        properties.append("title=\(escapeProperty("\(code.id) \(code.title)"))")
        return "::\(severity == .error ? "error" : "warning") \(properties.joined(separator: ","))::\(escapeData(plainMessage))"
    }
}

extension String {
    /// Every occurrence of `target` replaced, without Foundation.
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
