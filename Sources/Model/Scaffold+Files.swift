import Diagnostics
import Foundation
import FrontMatter

/// Why `almanac new` wrote nothing, and the exit status that says so.
public struct ScaffoldError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The command line is wrong: an unknown kind, an invalid slug (exit status 2).
        case usage
        /// The content folder, almanac.yaml or a site schema is missing or broken (exit status 2).
        case configuration
        /// The document exists already (exit status 1).
        case exists
    }

    public var reason: Reason
    public var code: Code
    public var message: String
    public var help: String?

    public init(_ reason: Reason, _ code: Code, _ message: String, help: String? = nil) {
        self.reason = reason
        self.code = code
        self.message = message
        self.help = help
    }

    public var exitStatus: Int32 { reason == .exists ? 1 : 2 }

    public var description: String { message + (help.map { "\n  help: " + $0 } ?? "") }

    /// As the build's diagnostics are printed: `error[E0907]: …`.
    public var diagnostic: Diagnostic { Diagnostic(code, message, at: nil, help: help) }
}

extension Scaffold {
    /// What `Scaffold.create` wrote.
    public struct Created: Sendable {
        /// The file as the writer names it: `<content>/<folder>/<slug>.md`.
        public var path: String
        public var text: String
        /// The number of lines that say TODO in the front matter.
        public var placeholders: Int
    }

    /// The kind named `name`, or a usage error with the kinds near it.
    public static func kind(named name: String) throws(ScaffoldError) -> Kind {
        if let kind = Kind(rawValue: name) { return kind }
        let kinds = Kind.allCases.map(\.rawValue)
        let near = Suggestions.didYouMean(name.lowercased(), in: kinds)
        throw ScaffoldError(.usage, .unknownKind, "unknown kind `\(name)`" + (near.map { "; \($0)" } ?? ""),
                            help: "the kinds are " + kinds.joined(separator: ", "))
    }

    /// Nil when `slug` is a valid slug (the build's rule, `[a-z0-9][a-z0-9-]*`), else a usage error that proposes one.
    public static func checkSlug(_ slug: String, kind: Kind) throws(ScaffoldError) {
        guard !isValidSlug(slug) else { return }
        let what = kind == .flag ? "flag key" : "slug"
        let example = suggestedSlug(for: slug).map { "such as `\($0)`" } ?? "such as `db-failover`"
        throw ScaffoldError(.usage, .invalidSlug, "`\(slug)` is not a valid \(what)",
                            help: "a \(what) is lowercase letters, digits and hyphens, starting with a letter or digit, \(example); it is the file name without `.md`")
    }

    /// A valid slug close to `text`: lowercased, `.md` dropped, every other character a hyphen, hyphens collapsed.
    public static func suggestedSlug(for text: String) -> String? {
        var text = text.lowercased()
        if text.hasSuffix(".md") { text.removeLast(3) }
        if let slash = text.lastIndex(of: "/") { text = String(text[text.index(after: slash)...]) }
        var slug = ""
        for scalar in text.unicodeScalars {
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
            if ok { slug.unicodeScalars.append(scalar) } else if !slug.isEmpty && !slug.hasSuffix("-") { slug += "-" }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return isValidSlug(slug) ? slug : nil
    }

    /// Writes a new document of `kind` into the site at `content` (`display` is the folder as the writer typed it):
    /// reads almanac.yaml (environments), `_schemas/` (extra required fields) and `teams/` (the first team owns it),
    /// and never replaces a file.
    public static func create(kind: Kind, slug: String, content: String, display: String? = nil,
                              date: Day) throws(ScaffoldError) -> Created {
        try checkSlug(slug, kind: kind)
        let shown = display ?? content
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: content, isDirectory: &isFolder), isFolder.boolValue else {
            throw ScaffoldError(.configuration, .configMissing, "the content folder `\(shown)` does not exist",
                                help: "run almanac from the folder that holds `Content/`, or pass `--content DIR`")
        }
        func shownPath(_ relative: String) -> String { shown == "." ? relative : shown + "/" + relative }
        let configPath = content + "/almanac.yaml"
        guard let configText = try? String(contentsOfFile: configPath, encoding: .utf8) else {
            throw ScaffoldError(.configuration, .configMissing, "`\(shownPath("almanac.yaml"))` is missing",
                                help: "every site has an almanac.yaml with at least `title:` and `environments:`; is `\(shown)` the content folder?")
        }
        let (parsed, problems) = SiteConfig.parse(configText, file: shownPath("almanac.yaml"))
        guard let config = parsed else {
            let first = problems.first { $0.isError }
            let at = first?.location.map { " (\($0))" } ?? ""
            throw ScaffoldError(.configuration, first?.code ?? .configInvalid, "`\(shownPath("almanac.yaml"))` is not valid: \(first?.message ?? "unreadable")\(at)",
                                help: "`almanac check --content \(shown)` reports every problem")
        }
        let (schemas, schemaProblems) = SchemaSet.load(extensions: content + "/_schemas", display: shownPath("_schemas"))
        if let problem = schemaProblems.first(where: { $0.isError }) {
            throw ScaffoldError(.configuration, problem.code, problem.message, help: problem.help ?? "`almanac check --content \(shown)` reports every problem")
        }
        let relative = relativePath(kind: kind, slug: slug)
        if let existing = existingDocument(kind: kind, slug: slug, content: content) {
            throw ScaffoldError(.exists, .fileExists, "`\(shownPath(existing))` already exists; almanac new never replaces a file",
                                help: "edit it, or choose another \(kind == .flag ? "flag key" : "slug")")
        }
        let text = document(kind: kind, slug: slug, config: config, schemas: schemas, date: date,
                            owner: firstTeam(content: content), previousSprintEnd: kind == .sprint ? latestSprintEnd(content: content) : nil)
        let path = content + "/" + relative
        do {
            try fm.createDirectory(atPath: content + "/" + kind.folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            if fm.fileExists(atPath: path) {
                throw ScaffoldError(.exists, .fileExists, "`\(shownPath(relative))` already exists; almanac new never replaces a file",
                                    help: "edit it, or choose another slug")
            }
            throw ScaffoldError(.configuration, .outputFailed, "`\(shownPath(relative))` could not be written: \(error.localizedDescription)",
                                help: "check that `\(shownPath(kind.folder))` is a writable folder")
        }
        let frontMatter = text.components(separatedBy: "\n---\n").first ?? text
        // A `# TODO` note and the field below it are one place to fill in; so is a value with `TODO` in it.
        var placeholders = 0, afterNote = false
        for line in frontMatter.split(separator: "\n").map({ $0.drop { $0 == " " } }) where !line.hasPrefix("# TODO: replace every value") {
            let isNote = line.hasPrefix("# " + marker)
            if isNote || (line.contains(marker) && !line.hasPrefix("#") && !afterNote) { placeholders += 1 }
            afterNote = isNote
        }
        return Created(path: shownPath(relative), text: text, placeholders: placeholders)
    }

    /// The document of that id if there is one, relative to the content folder; pages are searched in every
    /// sub-folder of `pages/`, as their slugs are unique across all of them.
    static func existingDocument(kind: Kind, slug: String, content: String) -> String? {
        let fm = FileManager.default
        let relative = relativePath(kind: kind, slug: slug)
        if fm.fileExists(atPath: content + "/" + relative) { return relative }
        guard kind == .page, let walker = fm.enumerator(atPath: content + "/pages") else { return nil }
        while let path = walker.nextObject() as? String {
            if path == slug + ".md" || path.hasSuffix("/" + slug + ".md") { return "pages/" + path }
        }
        return nil
    }

    /// The latest `end:` of the site's sprints, read from the top-level lines of their front matter.
    static func latestSprintEnd(content: String) -> Day? {
        let folder = content + "/sprints"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var latest: Day?
        for name in names where name.hasSuffix(".md") {
            guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8),
                  let yaml = SplitDocument.split(text).yaml else { continue }
            for line in yaml.split(separator: "\n") where line.hasPrefix("end:") {
                let value = line.dropFirst(4).split(separator: "#").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if let day = Day(value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))), latest.map({ day > $0 }) ?? true { latest = day }
            }
        }
        return latest
    }

    /// The slug of the site's first team (in slug order), the default owner.
    static func firstTeam(content: String) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: content + "/teams")) ?? []
        return names.filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }.filter(isValidSlug).sorted().first
    }
}
