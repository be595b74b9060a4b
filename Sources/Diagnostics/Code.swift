/// A stable diagnostic code. Codes never change meaning, and a retired code is never reused.
public struct Code: Sendable, Hashable, CustomStringConvertible {
    public let id: String
    public let title: String
    public let `class`: Diagnostic.Class
    public let defaultSeverity: Diagnostic.Severity

    public init(_ id: String, _ title: String, _ cls: Diagnostic.Class = .userFixable, _ severity: Diagnostic.Severity = .error) {
        self.id = id
        self.title = title
        self.class = cls
        self.defaultSeverity = severity
    }

    public var description: String { id }

    public static func == (a: Code, b: Code) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    // Files and front matter (E01xx)
    public static let unreadableFile = Code("E0101", "a file could not be read")
    public static let missingFrontMatter = Code("E0102", "a document has no front matter")
    public static let unclosedFrontMatter = Code("E0103", "the front matter is not closed by a `---` line")
    public static let yamlSyntax = Code("E0104", "the front matter is not valid YAML")
    public static let duplicateKey = Code("E0105", "a key appears twice in one mapping")
    public static let nonScalarKey = Code("E0106", "a mapping key is not a plain string")
    public static let misplacedFile = Code("E0107", "a file is not where a document of any kind can be")
    public static let invalidSlug = Code("E0108", "a file name is not a valid slug")
    public static let duplicateSlug = Code("E0109", "two documents have the same id")

    // Fields (E02xx)
    public static let missingField = Code("E0201", "a required field is missing")
    public static let wrongType = Code("E0202", "a field has the wrong type")
    public static let invalidValue = Code("E0203", "a field's value is not one of the allowed values")
    public static let unknownField = Code("E0204", "a field is not part of the kind")
    public static let invalidDate = Code("E0205", "a date or datetime is malformed")
    public static let outOfRange = Code("E0206", "a number is out of its allowed range")

    // References and links (E03xx)
    public static let unknownReference = Code("E0301", "a reference names no document")
    public static let unknownPerson = Code("E0302", "a person is not a member of any team")
    public static let brokenLink = Code("E0303", "a body link points at no document")
    public static let brokenAnchor = Code("E0304", "a body link's anchor is not a heading of its target")
    public static let unknownEnvironment = Code("E0305", "an environment is not one of almanac.yaml")
    public static let unknownCohort = Code("E0306", "a cohort is not one of almanac.yaml")

    // Configuration and themes (E09xx): operator-fixable
    public static let configMissing = Code("E0901", "the content folder or almanac.yaml is missing", .operatorFixable)
    public static let configInvalid = Code("E0902", "almanac.yaml is invalid", .operatorFixable)
    public static let themeMissing = Code("E0903", "the theme folder or one of its templates is missing", .operatorFixable)
    public static let templateSyntax = Code("E0904", "a template does not parse", .operatorFixable)
    public static let outputFailed = Code("E0905", "the output folder could not be written", .operatorFixable)

    /// Every code, for `explain` and the docs.
    public static let all: [Code] = [
        unreadableFile, missingFrontMatter, unclosedFrontMatter, yamlSyntax, duplicateKey, nonScalarKey,
        misplacedFile, invalidSlug, duplicateSlug,
        missingField, wrongType, invalidValue, unknownField, invalidDate, outOfRange,
        unknownReference, unknownPerson, brokenLink, brokenAnchor, unknownEnvironment, unknownCohort,
        configMissing, configInvalid, themeMissing, templateSyntax, outputFailed,
    ]
}
