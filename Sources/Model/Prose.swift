import Diagnostics
import FrontMatter
import Markdown

/// A front-matter value that is prose — a postmortem's trigger, root causes, contributing factors and impact
/// summary, an experiment's hypothesis, a flag's fallback, a sprint's goals and purpose, a rollout's step titles — read as
/// inline Markdown: `code`, *emphasis* and links are rendered, and its links are checked as body links are.
public struct Prose: Sendable {
    public let text: String
    public let markdown: MarkdownDocument
    /// What each of `markdown.links` points at inside the knowledge base (nil for a link that leaves it).
    let targets: [BodyLink?]
    /// Where the value is written.
    public let location: SourceLocation
    /// The column of the text's first character when it stands on the value's own line (a plain or quoted
    /// scalar), so that a link's column adds up; nil for a block scalar (`>-`): links are located at the value.
    let column: Int?

    /// The place of a link of this prose: at its column on the value's line when known, else the value's.
    func location(of link: MarkdownDocument.Link) -> SourceLocation {
        guard let column, link.line == 1 else { return location }
        return SourceLocation(file: location.file, line: location.line, column: column + link.column - 1, length: link.destination.count + 4)
    }

    /// The fields of each kind that are prose, as paths (`*` is every item of a list).
    static let fields: [Kind: [[String]]] = [
        .postmortem: [["trigger"], ["root_causes", "*"], ["contributing_factors", "*"], ["impact", "summary"]],
        .experiment: [["hypothesis"]],
        .flag: [["fallback"]],
        .sprint: [["goals", "*", "title"], ["purpose"]],
        .rollout: [["steps", "*", "title"]],
    ]

    /// The prose values of a document's front matter.
    static func collect(_ kind: Kind, _ root: Value, path: String) -> [Prose] {
        var out: [Prose] = []
        func walk(_ value: Value, _ rest: ArraySlice<String>) {
            guard let first = rest.first else {
                guard let text = value.string, !text.isEmpty else { return }
                let count = text.unicodeScalars.count, at = value.location
                let column: Int? = text.contains("\n") ? nil : at.length == count ? at.column : at.length == count + 2 ? at.column + 1 : nil
                let markdown = MarkdownDocument(parsing: text, options: MarkdownDocument.Options(escapeRawHTML: true))
                out.append(Prose(text: text, markdown: markdown, targets: markdown.links.map { BodyLink($0.destination, from: path) },
                                 location: at, column: column))
                return
            }
            if first == "*" {
                for item in value.list ?? [] { walk(item, rest.dropFirst()) }
            } else if let child = value[first] {
                walk(child, rest.dropFirst())
            }
        }
        for fieldPath in fields[kind] ?? [] { walk(root, fieldPath[...]) }
        return out
    }
}

extension Document {
    /// The prose value written as `text`, read as Markdown; nil when `text` is no prose field of the document.
    public func prose(_ text: String) -> Prose? { prose.first { $0.text == text } }
}
