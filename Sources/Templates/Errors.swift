/// Where something is in a template: 1-based line and column, columns and length counted in Unicode scalars
/// (as `Diagnostics.SourceLocation` counts them).
public struct TemplateLocation: Sendable, Hashable, CustomStringConvertible {
    /// The template's name in the library.
    public let template: String
    /// The template's display path, as its `TemplateSource` gave it.
    public let path: String
    public let line: Int
    public let column: Int
    /// How many columns the tag (or text) covers, at least 1.
    public let length: Int

    public init(template: String, path: String, line: Int, column: Int, length: Int) {
        self.template = template
        self.path = path
        self.line = line
        self.column = column
        self.length = length
    }

    public var description: String { "\(path):\(line):\(column)" }
}

/// A partial (`{{> name}}`) or parent (`{{< name}}`) tag: which template it includes, and where it says so.
public struct TemplateReference: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case partial, parent }
    public let name: String
    public let kind: Kind
    public let location: TemplateLocation
}

/// A tag that looks a name up: a variable, a section, an inverted section, or the name of a dynamic partial.
/// `index` is its number within its template, as `NameUsage` records it.
public struct NameTag: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case variable, section, inverted, dynamicPartial }
    public let index: Int
    /// The name as written, dots included (`.` for the implicit iterator).
    public let name: String
    public let kind: Kind
    public let location: TemplateLocation
}

/// A template that cannot be compiled, and where. Compiling stops at a template's first error.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A section (or inverted section, block or parent) is never closed; the location is its opening tag.
        case unclosedSection(name: String)
        /// A closing tag names another section than the one open; the location is the closing tag.
        case mismatchedClose(name: String, open: String, openLine: Int, openColumn: Int)
        /// A closing tag while no section is open.
        case unexpectedClose(name: String)
        /// An opening delimiter (`{{`) with no closing one (`}}`) after it.
        case unclosedTag
        /// A set-delimiter tag that is not two delimiters, without spaces or `=`, separated by spaces.
        case malformedDelimiters(content: String)
        /// Text or a tag other than a block, a comment or a set-delimiter directly inside `{{<parent}}`.
        case contentInsideParent(parent: String)
        /// A tag with no name: `{{}}`, `{{#}}`, `{{> }}`…
        case emptyName
        /// Sections nested deeper than `TemplateLibrary.maxNesting`.
        case nestingTooDeep(limit: Int)
    }

    public let kind: Kind
    public let location: TemplateLocation
    /// The opening and closing delimiters in force at the tag, for messages that quote a tag.
    public let delimiters: Delimiters

    public struct Delimiters: Sendable, Hashable {
        public let open: String
        public let close: String
    }

    init(_ kind: Kind, at location: TemplateLocation, delimiters: Delimiters) {
        self.kind = kind
        self.location = location
        self.delimiters = delimiters
    }

    private func tag(_ sigil: String, _ name: String) -> String { "`\(delimiters.open)\(sigil)\(name)\(delimiters.close)`" }

    /// One line that says what is wrong.
    public var message: String {
        switch kind {
        case .unclosedSection(let name): "the section `\(name)` is never closed"
        case .mismatchedClose(let name, let open, _, _): "\(tag("/", name)) closes `\(name)`, but the open section is `\(open)`"
        case .unexpectedClose(let name): "\(tag("/", name)) closes a section that is not open"
        case .unclosedTag: "a tag opened with `\(delimiters.open)` is not closed by `\(delimiters.close)`"
        case .malformedDelimiters(let content): "the set-delimiter tag `=\(content)=` is malformed"
        case .contentInsideParent(let parent): "content directly inside \(tag("<", parent)) is never rendered"
        case .emptyName: "a tag has no name"
        case .nestingTooDeep(let limit): "sections are nested more than \(limit) deep"
        }
    }

    /// What to do about it.
    public var help: String {
        switch kind {
        case .unclosedSection(let name):
            "add \(tag("/", name)) where the section `\(name)` should end"
        case .mismatchedClose(_, let open, let line, let column):
            "the section `\(open)` opened at \(line):\(column) is still open: close it with \(tag("/", open)) first"
        case .unexpectedClose(let name):
            "remove it, or open the section with \(tag("#", name)) before it"
        case .unclosedTag:
            "add `\(delimiters.close)` where the tag ends, or write the text without `\(delimiters.open)`"
        case .malformedDelimiters:
            "write it as `\(delimiters.open)=<% %>=\(delimiters.close)`: two delimiters, without spaces or `=` in them, separated by a space"
        case .contentInsideParent:
            "move it into a block of the parent (`\(delimiters.open)$name\(delimiters.close)…\(delimiters.open)/name\(delimiters.close)`): only blocks are passed to a parent"
        case .emptyName:
            "write the name between the delimiters, or remove the tag"
        case .nestingTooDeep:
            "close some sections, or move the inner part into a partial"
        }
    }

    public var description: String { "\(location): error: \(message) (help: \(help))" }
}
