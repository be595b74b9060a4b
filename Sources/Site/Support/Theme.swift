import Diagnostics
import Mustache

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
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            guard let text = FileSystem.readText(source.path) else { continue }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(Diagnostic(
                    .templateSyntax, "the template `\(name)` does not parse: \(error.error)",
                    at: SourceLocation(file: source.display, line: error.context.lineNumber, column: error.context.columnNumber),
                    help: "check that every `{{#section}}` has its `{{/section}}` with the same name"))
            } catch {
                diagnostics.append(Diagnostic(.templateSyntax, "the template `\(name)` does not parse: \(error)",
                                              at: SourceLocation(file: source.display, line: 1, column: 1)))
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

    public func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? ""
    }
}
