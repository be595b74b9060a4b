import Diagnostics
import FrontMatter
import Markdown

/// What a document holds beyond the fields every kind shares, typed per kind.
public enum Details: Sendable {
    case team(Team), service(Service), integration(Integration), runbook(Runbook), postmortem(Postmortem), flag(Flag)
    case experiment(Experiment), rollout(Rollout), sprint(Sprint), page
}

/// One Markdown file of the knowledge base, parsed: front matter as positioned values and typed details,
/// and the body as a Markdown tree. A class: documents are shared, never copied, across the steps.
public final class Document: Sendable {
    public let kind: Kind
    public let slug: String
    /// Path relative to the content folder, such as `runbooks/feed-latency.md`.
    public let path: String
    public let title: String
    public let summary: String?
    public let tags: [String]
    public let frontMatter: Value
    /// Nil when the front matter has errors that keep it from being decoded at all.
    public let details: Details?
    /// False when decoding reported errors: `details` then holds what could be read (a team keeps its valid
    /// members, so their handles still resolve elsewhere), and rules that need the whole document skip it.
    public let isValid: Bool
    public let body: MarkdownDocument
    public let bodyFirstLine: Int
    /// Everything in the front matter that names another document, person, environment or cohort.
    public let references: [Reference]

    /// `<kind>/<slug>`, unique in the knowledge base.
    public let id: String
    /// What each of `body.links` points at inside the knowledge base (nil for a link that leaves it), read once
    /// with the document rather than at every link step (`almanac serve` links again after every change).
    let bodyTargets: [BodyLink?]
    /// The front matter's prose values, read as inline Markdown (see `Prose`).
    public let prose: [Prose]

    init(kind: Kind, slug: String, path: String, title: String, summary: String?, tags: [String], frontMatter: Value,
         details: Details?, isValid: Bool = true, body: MarkdownDocument, bodyFirstLine: Int, references: [Reference],
         bodyTargets: [BodyLink?]? = nil, prose: [Prose] = []) {
        self.kind = kind
        self.slug = slug
        self.path = path
        self.title = title
        self.summary = summary
        self.tags = tags
        self.frontMatter = frontMatter
        self.details = details
        self.isValid = isValid
        self.body = body
        self.bodyFirstLine = bodyFirstLine
        self.references = references
        self.id = "\(kind.rawValue)/\(slug)"
        self.bodyTargets = bodyTargets ?? body.links.map { BodyLink($0.destination, from: path) }
        self.prose = prose
    }

    /// Parses one file. Never fails: problems come back as diagnostics, and a document is returned whenever
    /// the file is in a kind's folder, so that references to it still resolve while its errors are reported.
    /// `validate` checks the front matter against the kind's schema; the typed decoding then only reads (its
    /// own checks are a fallback for when there is no schema, as in unit tests of the decoder).
    public static func parse(path: String, kind: Kind, slug: String, text: String, markdown: MarkdownDocument.Options,
                             validate: ((Value) -> [Diagnostic])? = nil) -> (Document?, [Diagnostic]) {
        parseUnvalidated(path: path, kind: kind, slug: slug, text: text, markdown: markdown).validated(by: validate)
    }

    /// Splits, reads and decodes one file without its schema: the build's parse step. The validate step then
    /// calls `diagnostics(validatedBy:)`, which picks the schema's diagnostics or the decoder's.
    public static func parseUnvalidated(path: String, kind: Kind, slug: String, text: String,
                                        markdown: MarkdownDocument.Options) -> ParsedDocument {
        let split = SplitDocument.split(text)
        var diagnostics: [Diagnostic] = []
        let start = SourceLocation(file: path, line: 1, column: 1, length: 3)
        guard let yaml = split.yaml else {
            return ParsedDocument(document: nil, diagnostics: [Diagnostic(
                .missingFrontMatter, "this document has no front matter", at: start,
                expected: "a first line `---`, then YAML fields, then a line `---`", found: "the body starts at line 1",
                help: "start the file with:\n    ---\n    title: \(slug)\n    ---")])
        }
        if split.unclosed {
            diagnostics.append(Diagnostic(.unclosedFrontMatter, "the front matter is never closed", at: start,
                                          expected: "a line `---` after the last field", found: "the end of the file",
                                          help: "add a line `---` between the fields and the body"))
        }
        var (parsed, yamlDiagnostics) = YAML.parse(yaml, file: path, firstLine: split.yamlFirstLine)
        if split.unclosed && yamlDiagnostics.hasErrors {
            // Without its closing `---` the body was read as YAML too: its errors would only mislead.
            parsed = nil
            yamlDiagnostics = []
        }
        diagnostics += yamlDiagnostics
        let root = parsed ?? Value(.map([]), at: SourceLocation(file: path, line: split.yamlFirstLine, column: 1))
        let context = DecodingContext(file: path)
        var title = slug, summary: String?, tags: [String] = [], details: Details?
        if parsed != nil || yamlDiagnostics.isEmpty {
            if root.entries == nil {
                diagnostics.append(Diagnostic(.wrongType, "the front matter must be a mapping of fields", at: root.location,
                                              expected: "`key: value` lines such as `title: ...`", found: root.described))
            } else {
                let f = Fields(root, context: context, path: "")
                title = f.required("title", "the document's title", f.string) ?? slug
                summary = f.optional("summary", f.string)
                tags = f.optional("tags", f.list(f.string)) ?? []
                details = decodeDetails(kind, f)
                f.finish()
            }
        }
        let schemaApplies = parsed != nil && root.entries != nil
        let decoderShown = parsed != nil || !split.unclosed
        let tooLarge = split.body.utf8.count > MarkdownDocument.maximumBodyBytes
        if tooLarge {
            // cmark-gfm's tree takes some 25 times the text's size: such a body is reported, not parsed.
            let megabytes = (split.body.utf8.count + 999_999) / 1_000_000
            diagnostics.append(Diagnostic(.bodyBeyondLimits, "this body is \(megabytes) MB, more than a document may hold",
                                          at: SourceLocation(file: path, line: split.bodyFirstLine, column: 1),
                                          expected: "a body of at most \(MarkdownDocument.maximumBodyBytes / 1_000_000) MB",
                                          found: "\(split.body.utf8.count) bytes",
                                          help: "split the document into several, or move data into files under `assets/` and link to them"))
        }
        let body = MarkdownDocument(parsing: tooLarge ? "" : split.body, options: markdown)
        for row in body.wideRows {
            diagnostics.append(Diagnostic(.bodyBeyondLimits, "this line has \(row.cells) `|`, more than a table row may have",
                                          at: SourceLocation(file: path, line: split.bodyFirstLine + row.line - 1, column: 1),
                                          expected: "a table of at most \(MarkdownDocument.maximumTableCells) columns",
                                          found: "\(row.cells) `|` on one line",
                                          help: "split the table into narrower ones, or put the data in a CSV file under `assets/` and link to it"))
        }
        diagnostics += Scaffold.placeholders(in: split, details: details, file: path)
        let document = Document(kind: kind, slug: slug, path: path, title: title, summary: summary, tags: tags,
                                frontMatter: root, details: details, body: body, bodyFirstLine: split.bodyFirstLine,
                                references: context.references,
                                prose: Prose.collect(kind, root, path: path))
        return ParsedDocument(document: document, diagnostics: diagnostics,
                              decoder: decoderShown ? context.diagnostics : [],
                              beyondSchema: schemaApplies ? context.beyondSchema : nil)
    }

    private static func decodeDetails(_ kind: Kind, _ f: Fields) -> Details? {
        switch kind {
        case .team: Team.decode(f).map(Details.team)
        case .service: Service.decode(f).map(Details.service)
        case .integration: Integration.decode(f).map(Details.integration)
        case .runbook: Runbook.decode(f).map(Details.runbook)
        case .postmortem: Postmortem.decode(f).map(Details.postmortem)
        case .flag: Flag.decode(f).map(Details.flag)
        case .experiment: Experiment.decode(f).map(Details.experiment)
        case .rollout: Rollout.decode(f).map(Details.rollout)
        case .sprint: Sprint.decode(f).map(Details.sprint)
        case .page: .page
        }
    }

    /// The owner of a document, for the kinds that have one (a team's sprint belongs to the team).
    public var owner: Owner? {
        switch details {
        case .service(let s): s.owner
        case .integration(let i): i.owner
        case .runbook(let r): r.owner
        case .postmortem(let p): p.owner
        case .flag(let f): f.owner
        case .experiment(let e): e.owner
        case .rollout(let r): r.owner
        case .sprint(let s): s.team.map(Owner.team)
        default: nil
        }
    }
}

/// A document read and decoded, before its schema is applied: what the parse step hands to the validate step.
public struct ParsedDocument: Sendable {
    public var document: Document?
    /// What splitting, YAML and Markdown found; always reported.
    public var diagnostics: [Diagnostic]
    /// The typed decoder's own checks: reported when no schema applies (a fallback, as in the decoder's tests).
    var decoder: [Diagnostic] = []
    /// The decoder's checks that no schema makes (year 0000 passes `format: date`); nil when the schema does
    /// not apply (the front matter is not a mapping of fields).
    var beyondSchema: [Diagnostic]?

    /// The document, valid or not, and every diagnostic of the file: the schema's (with the checks beyond it)
    /// when `validate` is given and applies, the decoder's otherwise.
    public func validated(by validate: ((Value) -> [Diagnostic])?) -> (Document?, [Diagnostic]) {
        var all = diagnostics
        if let validate, let beyondSchema, let root = document?.frontMatter {
            all += validate(root) + beyondSchema
        } else {
            all += decoder
        }
        return (document.map { $0.with(details: $0.details, isValid: !all.hasErrors) }, all)
    }
}
