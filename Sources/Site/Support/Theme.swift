import Foundation
import Diagnostics
import Mustache
import Templates

/// A theme: Mustache templates and static assets. A site overrides any template or asset by putting a file of
/// the same name under `Content/_theme/templates/` or `Content/_theme/assets/`.
public struct Theme: Sendable {
    /// Every template the build renders with; a theme must provide them all (partials may add more).
    public static let requiredTemplates = [
        "layout", "nav", "home", "index", "document", "tags", "tag",
        "team", "service", "runbook", "postmortem", "flag", "experiment", "rollout", "sprint", "page",
    ]

    public let library: MustacheLibrary
    /// Output path under `assets/` → the file to copy.
    public let assets: [(String, String)]

    /// Loads the theme at `folder`, overlaid by the site's own `overrides` folder when it exists.
    public static func load(folder: String, overrides: String, displayFolder: String) -> (Theme?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard FileSystem.isDirectory(folder + "/templates") == true else {
            return (nil, [Diagnostic(.themeMissing, "the theme folder `\(displayFolder)` has no `templates/` folder", at: nil,
                                     expected: "a folder such as `Themes/default` holding `templates/*.mustache`",
                                     found: FileSystem.exists(folder) ? "a folder without `templates/`" : "nothing at `\(displayFolder)`",
                                     help: "pass `--theme PATH` to a theme folder, or run from the project's root")])
        }
        var sources: [String: (path: String, display: String)] = [:]
        for root in [(folder, displayFolder), (overrides, overrides)] {
            for file in FileSystem.files(under: root.0 + "/templates") where file.hasSuffix(".mustache") {
                sources[String(file.dropLast(".mustache".count))] = (root.0 + "/templates/" + file, root.1 + "/templates/" + file)
            }
        }
        var library = MustacheLibrary()
        var texts: [String: String] = [:]
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            guard let text = FileSystem.readText(source.path) else { continue }
            texts[name] = text
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(templateDiagnostic(error, text: text, name: name, file: source.display))
            } catch {
                diagnostics.append(Diagnostic(.templateSyntax, "the template `\(name)` does not parse: \(error)",
                                              at: SourceLocation(file: source.display, line: 1, column: 1)))
            }
        }
        // A partial or parent that no template provides would render as nothing, silently.
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            for tag in TemplateTag.scan(text) where (tag.sigil == ">" || tag.sigil == "<") && sources[tag.name] == nil {
                diagnostics.append(Diagnostic(
                    .themeMissing, "the template `\(name)` includes `\(tag.name)`, which no template provides",
                    at: SourceLocation(file: sources[name]!.display, line: tag.line, column: tag.column, length: tag.length),
                    expected: "a template `\(tag.name).mustache` in the theme or in `_theme/templates/`", found: "none",
                    help: Suggestions.didYouMean(tag.name, in: sources.keys.sorted()) ?? "add `_theme/templates/\(tag.name).mustache`"))
            }
        }
        for name in requiredTemplates where sources[name] == nil {
            diagnostics.append(Diagnostic(.themeMissing, "the theme has no `\(name)` template", at: nil,
                                          expected: "`\(displayFolder)/templates/\(name).mustache`", found: "no such file"))
        }
        var assets: [String: String] = [:]
        for root in [folder + "/assets", overrides + "/assets"] {
            for file in FileSystem.files(under: root) { assets[file] = root + "/" + file }
        }
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (Theme(library: library, assets: assets.sorted { $0.key < $1.key }), diagnostics)
    }

    public func render(_ template: String, _ value: TemplateValue) -> String {
        library.render(Self.mustacheValue(value), withTemplate: template) ?? ""
    }

    /// The value as swift-mustache takes it: mappings, arrays, strings, numbers, booleans; null is `false`, which
    /// stops a lookup as null does. Temporary: it goes when the build renders with the `Templates` engine.
    static func mustacheValue(_ value: TemplateValue) -> Any {
        switch value {
        case .null: false
        case .bool(let b): b
        case .int(let i): i
        case .double(let d): d
        case .text(let s), .html(let s): s
        case .list(let items): items.map(mustacheValue)
        case .object(let fields): fields.mapValues(mustacheValue)
        }
    }
}

/// A parse error of a template, located where the writer of the template has to look.
func templateDiagnostic(_ error: MustacheTemplate.ParserError, text: String, name: String, file: String) -> Diagnostic {
    let tags = TemplateTag.scan(text)
    var at = SourceLocation(file: file, line: error.context.lineNumber, column: error.context.columnNumber)
    let message: String
    var help = "check that every `{{#section}}` is closed by a `{{/section}}` of the same name"
    switch error.error as? MustacheTemplate.Error {
    case .expectedSectionEnd?:
        message = "a section is never closed"
        if let open = TemplateTag.unclosed(tags) {
            at = SourceLocation(file: file, line: open.line, column: open.column, length: open.length)
            help = "add `{{/\(open.name)}}` where the section `\(open.name)` should end"
        }
    case .sectionCloseNameIncorrect?:
        message = "a section is closed with another name than it was opened with"
        if let (close, open) = TemplateTag.mismatched(tags) {
            at = SourceLocation(file: file, line: close.line, column: close.column, length: close.length)
            help = "close `\(open.name)` (opened at \(open.line):\(open.column)) with `{{/\(open.name)}}`"
        }
    case .unfinishedName?: message = "a tag is not finished: `{{` without its `}}`"
    case .invalidSetDelimiter?: message = "a set-delimiter tag is malformed"
    case .textInsideInheritSection?, .illegalTokenInsideInheritSection?:
        message = "only blocks (`{{$name}}…{{/name}}`) may stand inside a `{{<parent}}`"
        help = "move the text into a block of the parent template"
    default: message = "the template does not parse: \(error.error)"
    }
    return Diagnostic(.templateSyntax, "the template `\(name)`: \(message)", at: at, help: help)
}

/// A Mustache tag found by a plain scan of a template's text, for locating problems.
struct TemplateTag {
    var sigil: Character?
    var name: String
    var line: Int
    var column: Int
    var length: Int

    /// Every `{{…}}` tag with its sigil (`#`, `^`, `/`, `$`, `<`, `>`, `!`, `&`, or none) and name.
    static func scan(_ text: String) -> [TemplateTag] {
        var tags: [TemplateTag] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let chars = Array(line)
            var i = 0
            while i + 1 < chars.count {
                guard chars[i] == "{", chars[i + 1] == "{" else { i += 1; continue }
                var j = i + 2
                let triple = j < chars.count && chars[j] == "{"
                if triple { j += 1 }
                while j < chars.count, chars[j] == " " { j += 1 }
                var sigil: Character?
                if !triple, j < chars.count, "#^/$<>!&=".contains(chars[j]) { sigil = chars[j]; j += 1 }
                var end = j
                while end + 1 < chars.count, !(chars[end] == "}" && chars[end + 1] == "}") { end += 1 }
                let name = String(chars[j..<min(end, chars.count)]).trimmingCharacters(in: .whitespaces)
                let closeLength = triple ? 3 : 2
                tags.append(TemplateTag(sigil: sigil, name: name, line: index + 1, column: i + 1,
                                        length: min(end + closeLength, chars.count) - i))
                i = end + closeLength
            }
        }
        return tags
    }

    static func opens(_ t: TemplateTag) -> Bool { t.sigil == "#" || t.sigil == "^" || t.sigil == "$" || t.sigil == "<" }

    /// The innermost section opened and never closed.
    static func unclosed(_ tags: [TemplateTag]) -> TemplateTag? {
        var stack: [TemplateTag] = []
        for tag in tags {
            if opens(tag) { stack.append(tag) } else if tag.sigil == "/" {
                if let top = stack.last, top.name == tag.name { stack.removeLast() } else { return stack.last }
            }
        }
        return stack.last
    }

    /// The first closing tag whose name is not the open section's, with that section.
    static func mismatched(_ tags: [TemplateTag]) -> (TemplateTag, TemplateTag)? {
        var stack: [TemplateTag] = []
        for tag in tags {
            if opens(tag) { stack.append(tag) } else if tag.sigil == "/" {
                guard let top = stack.last else { continue }
                if top.name != tag.name { return (tag, top) }
                stack.removeLast()
            }
        }
        return nil
    }
}
