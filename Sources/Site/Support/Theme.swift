import Foundation
import Diagnostics
import Templates

/// A theme: Mustache templates and static assets. A site overrides any template or asset by putting a file of
/// the same name under `Content/_theme/templates/` or `Content/_theme/assets/`.
public struct Theme: Sendable {
    /// Every template the build renders with; a theme must provide them all (partials may add more).
    public static let requiredTemplates = [
        "layout", "nav", "home", "index", "document", "tags", "tag",
        "team", "service", "runbook", "postmortem", "flag", "experiment", "rollout", "sprint", "page", "feed", "sitemap",
    ]

    public let library: TemplateLibrary
    /// Output path under `assets/` → the file to copy.
    public let assets: [(String, String)]
    /// Every template's name, path and text: what pages depend on (see `BuildMemory`).
    let fingerprint: String

    /// Loads the theme at `folder`, overlaid by the site's own `overrides` folder when it exists.
    public static func load(folder: String, overrides: String, displayFolder: String) -> (Theme?, [Diagnostic]) {
        var cache: Cache?
        return load(folder: folder, overrides: overrides, displayFolder: displayFolder, cache: &cache)
    }

    /// A theme as loaded, and the texts and asset paths it was made from.
    struct Cache { var key: String; var loaded: (Theme?, [Diagnostic]) }

    /// The same, compiling the templates only when their texts or the assets differ from `cache`'s (which is
    /// then replaced).
    static func load(folder: String, overrides: String, displayFolder: String, cache: inout Cache?) -> (Theme?, [Diagnostic]) {
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
        var texts: [String: TemplateSource] = [:]
        var fingerprint = ""
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            guard let text = FileSystem.readText(source.path) else { continue }
            texts[name] = TemplateSource(text, path: source.display)
            fingerprint += name + "\u{0}" + source.display + "\u{0}" + text + "\u{1}"
        }
        var assets: [String: String] = [:]
        for root in [folder + "/assets", overrides + "/assets"] {
            for file in FileSystem.files(under: root) { assets[file] = root + "/" + file }
        }
        let key = fingerprint + "\u{2}" + assets.sorted { $0.key < $1.key }.map { $0.key + "\u{0}" + $0.value }.joined(separator: "\u{1}")
        if let cache, cache.key == key { return cache.loaded }
        let library = TemplateLibrary(sources: texts)
        for error in library.errors {
            diagnostics.append(Diagnostic(.templateSyntax, "the template `\(error.location.template)`: \(error.message)",
                                          at: location(error.location), help: error.help))
        }
        // A partial or parent that no template provides would render as nothing, silently.
        for reference in library.unknownReferences {
            let including = reference.location.template
            diagnostics.append(Diagnostic(
                .themeMissing, "the template `\(including)` includes `\(reference.name)`, which no template provides",
                at: location(reference.location),
                expected: "a template `\(reference.name).mustache` in the theme or in `_theme/templates/`", found: "none",
                help: Suggestions.didYouMean(reference.name, in: sources.keys.sorted()) ?? "add `_theme/templates/\(reference.name).mustache`"))
        }
        for name in requiredTemplates where sources[name] == nil {
            diagnostics.append(Diagnostic(.themeMissing, "the theme has no `\(name)` template", at: nil,
                                          expected: "`\(displayFolder)/templates/\(name).mustache`", found: "no such file"))
        }
        let loaded = diagnostics.hasErrors ? (nil, diagnostics)
            : (Theme(library: library, assets: assets.sorted { $0.key < $1.key }, fingerprint: fingerprint), diagnostics)
        cache = Cache(key: key, loaded: loaded)
        return loaded
    }

    /// Template `name` rendered with `value`, recording into `usage` which names resolved (see `unresolved`).
    public func render(_ name: String, _ value: TemplateValue, usage: inout NameUsage) -> String {
        library.render(name, value, usage: &usage)
    }

    /// The same, as the UTF-8 bytes of the file to write (no String in between).
    func renderBytes(_ name: String, _ value: TemplateValue, usage: inout NameUsage) -> [UInt8] {
        var out: [UInt8] = []
        library.render(name, value, into: &out, usage: &usage)
        return out
    }

    /// Every name tag that the pages rendered evaluated and that no page's value provided: a typo such as
    /// `{{titel}}` would print nothing on every page, silently. `provided` holds the names the views gave (see
    /// `names(in:)`), for the help line.
    func unresolved(_ usage: NameUsage, provided: Set<String>) -> [Diagnostic] {
        let known = provided.sorted()
        return library.unresolvedTags(usage).map { tag in
            Diagnostic(
                .unknownTemplateName, "the template `\(tag.template)` uses `\(tag.name)`, which no page gives it",
                at: location(tag.location), expected: "a name the page's view provides", found: "`\(tag.name)`, never provided",
                help: Suggestions.didYouMean(tag.name, in: known) ?? "remove the tag, or use a name that docs/themes.md lists for this template")
        }
    }

    /// The names a value provides to a template: every key of its objects, and the dotted path of each key
    /// reached through objects alone (`doc.title`), as tags name them.
    static func names(in value: TemplateValue, prefix: String = "", into names: inout Set<String>) {
        switch value {
        case .object(let fields):
            for (key, field) in fields {
                names.insert(key)
                if !prefix.isEmpty { names.insert(prefix + key) }
                Theme.names(in: field, prefix: prefix + key + ".", into: &names)
            }
        case .list(let items):
            for item in items { Theme.names(in: item, prefix: "", into: &names) }
        default: break
        }
    }
}

/// A place in a template, as diagnostics show it.
private func location(_ at: TemplateLocation) -> SourceLocation {
    SourceLocation(file: at.path, line: at.line, column: at.column, length: at.length)
}
