/// One problem found in a build: where it is, what was expected, what was found, and how to fix it.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    /// Who can fix it: a writer (content), an operator (configuration, themes), or only us (a bug).
    public enum Class: String, Sendable, Hashable {
        case userFixable = "user-fixable"
        case operatorFixable = "operator-fixable"
        case fatal
    }

    public var code: Code
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    public var expected: String?
    public var found: String?
    public var help: String?
    /// Further places that explain this one ("first defined here").
    public var notes: [Note]

    public var `class`: Class { code.class }

    public struct Note: Sendable, Hashable {
        public var message: String
        public var location: SourceLocation?
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public init(
        _ code: Code, _ message: String, at location: SourceLocation?,
        expected: String? = nil, found: String? = nil, help: String? = nil,
        notes: [Note] = [], severity: Severity? = nil
    ) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.location = location
        self.expected = expected
        self.found = found
        self.help = help
        self.notes = notes
    }

    public var isError: Bool { severity == .error }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.isError } }
    public var errorCount: Int { filter(\.isError).count }
    public var warningCount: Int { count - errorCount }

    /// Diagnostics in the order a writer reads them: files that could not be read as documents first (their
    /// errors cause others elsewhere: a team file that does not parse leaves its members unknown), then by file,
    /// line and column; unlocated ones last. A build's diagnostics come in this order already: one pass finds
    /// that, and they are not sorted again.
    public func sortedForDisplay() -> [Diagnostic] {
        let before: (Diagnostic, Diagnostic) -> Bool = { a, b in
            if a.code.isUnreadable != b.code.isUnreadable { return a.code.isUnreadable }
            switch (a.location, b.location) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return (a.code.id, a.message) < (b.code.id, b.message)
            }
        }
        if zip(self, dropFirst()).allSatisfy({ !before($1, $0) }) { return self }
        return sorted(by: before)
    }
}
