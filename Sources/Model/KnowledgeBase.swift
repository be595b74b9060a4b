import Diagnostics
import Markdown

/// A person: a handle declared as a member of one or more teams.
public struct Person: Sendable, Hashable {
    public var handle: String
    public var name: String
    public var role: String?
    /// Slugs of the teams the person belongs to, in order of the teams' ids.
    public var teams: [String]
}

/// Where a front-matter reference or a body link leads: a document (with an optional heading) or a person.
public enum Destination: Sendable, Hashable {
    case document(id: String, anchor: String?)
    case person(String)
    /// A file under `assets/` of the content folder, by its path there.
    case asset(String)
}

/// The linked knowledge base: every document, every reference resolved, every backlink known.
public struct KnowledgeBase: Sendable {
    public let config: SiteConfig
    /// All documents, ordered by kind then slug.
    public var documents: [Document] {
        for kind in Kind.allCases { Reads.note(.kind(kind)) }
        return allDocuments
    }
    /// The same, not noted as a read (see `Reads`): for the build, not for the pages.
    public let allDocuments: [Document]
    public let persons: RecordedMap<Person>
    /// Resolved front-matter references of each document, by document id, keyed by the written name.
    public let resolved: RecordedMap<[Reference: Destination]>
    /// Body link destinations that point into the knowledge base, by document id, keyed by the written destination.
    public let bodyLinks: RecordedMap<[String: Destination]>
    /// For each document id, the ids of the documents that refer to it, sorted.
    public let backlinks: RecordedMap<[String]>
    private let index: [String: Int]
    private let byKind: [Kind: [Document]]
    /// Handles written in team files whose front matter could not be read, by handle → the file's path: a
    /// reference to one of them fails because of that file (see `linkInParts`).
    private var unreadHandles: [String: String] = [:]

    init(config: SiteConfig, documents: [Document], persons: [String: Person], resolved: [String: [Reference: Destination]],
         bodyLinks: [String: [String: Destination]], backlinks: [String: [String]], index: [String: Int], byKind: [Kind: [Document]]) {
        self.config = config
        allDocuments = documents
        self.persons = RecordedMap(persons) { .person($0) }
        self.resolved = RecordedMap(resolved) { .links($0) }
        self.bodyLinks = RecordedMap(bodyLinks) { .links($0) }
        self.backlinks = RecordedMap(backlinks) { .links($0) }
        self.index = index
        self.byKind = byKind
    }

    public func document(id: String) -> Document? {
        Reads.note(.document(id))
        return index[id].map { allDocuments[$0] }
    }
    /// The documents of one kind, ordered by slug.
    public func documents(of kind: Kind) -> [Document] {
        Reads.note(.kind(kind))
        return byKind[kind] ?? []
    }

    /// Links the parsed documents: resolves references and body links, and gathers backlinks.
    /// `assets` are the paths of the files under the content folder's `assets/`, which body links may point at.
    public static func link(_ unsorted: [Document], config: SiteConfig, assets: Set<String> = []) -> (KnowledgeBase, [Diagnostic]) {
        let (base, problems) = linkInParts(unsorted, config: config, assets: assets)
        var seen = Set<String>()  // two documents with one id share their list
        return (base, problems.duplicates + base.allDocuments.flatMap { seen.insert($0.id).inserted ? problems.documents[$0.id] ?? [] : [] })
    }

    /// What linking found, apart: two documents with one id, and each document's own problems (its references
    /// and body links), by id. In that order (duplicates, then documents in order) they are `link`'s diagnostics.
    public struct Problems: Sendable {
        public var duplicates: [Diagnostic] = []
        public var documents: [String: [Diagnostic]] = [:]
        public init() {}
    }

    /// `unreadHandles` are the handles written in team files whose front matter could not be read (handle → the
    /// file's path): a reference to one says that the file's error is the cause.
    public static func linkInParts(_ unsorted: [Document], config: SiteConfig, assets: Set<String> = [],
                                   unreadHandles: [String: String] = [:]) -> (KnowledgeBase, Problems) {
        var problems = Problems()
        let documents = unsorted.sorted { ($0.kind, $0.slug) < ($1.kind, $1.slug) }
        var index: [String: Int] = [:]
        var byPath: [String: String] = [:]
        for (i, document) in documents.enumerated() {
            byPath[document.path] = document.id
            if let first = index[document.id] {
                problems.duplicates.append(Diagnostic(
                    .duplicateSlug, "two documents have the id `\(document.id)`",
                    at: SourceLocation(file: document.path, line: 1, column: 1),
                    help: "free-form pages share one namespace across sub-folders: rename one of them",
                    notes: [.init("the other one is \(documents[first].path)")]))
                continue
            }
            index[document.id] = i
        }
        let persons = collectPersons(documents)
        let context = Context(index: index, byPath: byPath, persons: persons, config: config, documents: documents, assets: assets,
                              unreadHandles: unreadHandles)

        // Each document's references and links resolve on their own (in parallel); the results are merged in
        // document order, so the diagnostics and indexes are the same as one pass would give.
        let linked = parallelMap(documents.count) { context.link(documents[$0]) }
        var resolved: [String: [Reference: Destination]] = [:]
        var bodyLinks: [String: [String: Destination]] = [:]
        var referrers: [String: Set<String>] = [:]
        for (document, result) in zip(documents, linked) {
            resolved[document.id] = result.references
            bodyLinks[document.id] = result.links
            problems.documents[document.id, default: []] += result.diagnostics
            for id in result.targets { referrers[id, default: []].insert(document.id) }
        }
        let backlinks = referrers.mapValues { $0.sorted { idOrder($0, $1, index) } }
        var base = KnowledgeBase(config: config, documents: documents, persons: persons, resolved: resolved,
                                 bodyLinks: bodyLinks, backlinks: backlinks, index: index,
                                 byKind: Dictionary(grouping: documents, by: \.kind))
        base.unreadHandles = unreadHandles
        return (base, problems)
    }

    /// This knowledge base with `documents` (sorted by kind then slug, no two with one id) in place of its own,
    /// linking only some again: those named in `changed` (edited, with the same path, or added), those that
    /// linked to a removed document, and those named in `recheck` (the ones with problems, whose suggestions
    /// name the documents there are, when some were added or removed). Their references and body links are
    /// resolved anew and the backlinks they give are moved. Nil when that could change how another document
    /// links: an edited document's headings (other links' anchors) or the persons (teams' members) differ.
    public func relinking(_ documents: [Document], changed: Set<String>, recheck: Set<String> = [], assets: Set<String>) -> Relinked? {
        var index: [String: Int] = [:], byPath: [String: String] = [:]
        for (i, document) in documents.enumerated() {
            index[document.id] = i
            byPath[document.path] = document.id
        }
        guard index.count == documents.count else { return nil }
        var problems: [String: [Diagnostic]] = [:], changedLinks = Set<String>()
        var resolved = resolved.storage, bodyLinks = bodyLinks.storage, backlinks = backlinks.storage
        func unlink(_ id: String, from targets: Set<String>) {
            for target in targets {
                backlinks[target]?.removeAll { $0 == id }
                if backlinks[target]?.isEmpty == true { backlinks[target] = nil }
                changedLinks.insert(target)
            }
        }
        // Removed documents: their links go, and those that linked to them are linked again.
        var relink = changed.union(recheck)
        var teamsChanged = false
        for old in allDocuments where index[old.id] == nil {
            unlink(old.id, from: Self.targets(of: old.id, resolved[old.id], bodyLinks[old.id]))
            relink.formUnion(backlinks[old.id] ?? [])
            (resolved[old.id], bodyLinks[old.id], backlinks[old.id]) = (nil, nil, nil)
            changedLinks.insert(old.id)
            if old.kind == .team { teamsChanged = true }
        }
        let context = Context(index: index, byPath: byPath, persons: persons.storage, config: config, documents: documents, assets: assets,
                              unreadHandles: unreadHandles)
        for document in documents where relink.contains(document.id) {
            let id = document.id
            let isNew = self.index[id] == nil
            if !isNew, changed.contains(id) {
                let old = allDocuments[self.index[id]!]
                guard old.path == document.path, old.body.headings.map(\.id) == document.body.headings.map(\.id) else { return nil }
            }
            if document.kind == .team && changed.contains(id) { teamsChanged = true }
            let result = context.link(document)
            problems[id] = result.diagnostics
            guard isNew || result.references != resolved[id] ?? [:] || result.links != bodyLinks[id] ?? [:] else { continue }
            let before = Self.targets(of: id, resolved[id], bodyLinks[id]), after = Set(result.targets)
            resolved[id] = result.references
            bodyLinks[id] = result.links
            changedLinks.insert(id)
            unlink(id, from: before.subtracting(after))
            for target in after.subtracting(before) {
                var list = backlinks[target] ?? []
                list.insert(id, at: list.firstIndex { Self.idOrder(id, $0, index) } ?? list.endIndex)
                backlinks[target] = list
                changedLinks.insert(target)
            }
        }
        if teamsChanged, Self.collectPersons(documents) != persons.storage { return nil }
        var base = KnowledgeBase(config: config, documents: documents, persons: persons.storage, resolved: resolved,
                                 bodyLinks: bodyLinks, backlinks: backlinks, index: index,
                                 byKind: Dictionary(grouping: documents, by: \.kind))
        base.unreadHandles = unreadHandles
        return Relinked(base: base, problems: problems, changed: changedLinks)
    }

    /// What `relinking` gives: the new knowledge base, the relinked documents' own problems by id, and the ids
    /// whose link maps (references, body links, backlinks) differ from the last ones.
    public struct Relinked {
        public var base: KnowledgeBase
        public var problems: [String: [Diagnostic]]
        public var changed: Set<String>
    }

    /// The other documents a document's resolved references and links lead to.
    private static func targets(of id: String, _ references: [Reference: Destination]?, _ links: [String: Destination]?) -> Set<String> {
        var out = Set<String>()
        for destination in Array((references ?? [:]).values) + Array((links ?? [:]).values) {
            if case .document(let target, _) = destination, target != id { out.insert(target) }
        }
        return out
    }

    /// What resolving one document's references and body links needs of the whole.
    private struct Context {
        var index: [String: Int]
        var byPath: [String: String]
        var persons: [String: Person]
        var config: SiteConfig
        var documents: [Document]
        var assets: Set<String>
        var unreadHandles: [String: String]

        struct Linked { var references: [Reference: Destination] = [:], links: [String: Destination] = [:], diagnostics: [Diagnostic] = [], targets: [String] = [] }

        func link(_ document: Document) -> Linked {
            var out = Linked()
            for reference in document.references {
                if let destination = resolve(reference, index: index, persons: persons, config: config, unreadHandles: unreadHandles,
                                             diagnostics: &out.diagnostics) {
                    out.references[reference] = destination
                    if case .document(let id, _) = destination, id != document.id { out.targets.append(id) }
                }
            }
            let bodyLinks = zip(document.body.links, document.bodyTargets).map { link, target in
                (link, target, SourceLocation(file: document.path, line: document.bodyFirstLine + link.line - 1,
                                              column: link.column, length: link.destination.count + 4))
            }
            let proseLinks = document.prose.flatMap { prose in zip(prose.markdown.links, prose.targets).map { ($0, $1, prose.location(of: $0)) } }
            for (link, target, location) in bodyLinks + proseLinks {
                if !URLSafety.isSafe(link.destination) {
                    out.diagnostics.append(Diagnostic(
                        .scriptLink, "the \(link.isImage ? "image" : "link") `\(printableLink(link.destination))` would run script, and is dropped from the page",
                        at: location, expected: "an http(s) URL, a `kind:slug` link or a path", found: "a script URL",
                        help: "remove the link, or link to a page that explains what to run"))
                    continue
                }
                guard let target else { continue }
                if let destination = resolve(target, in: document, at: location, index: index, byPath: byPath,
                                             documents: documents, assets: assets, diagnostics: &out.diagnostics) {
                    out.links[link.destination] = destination
                    if case .document(let id, _) = destination, id != document.id { out.targets.append(id) }
                }
            }
            return out
        }
    }

    private static func idOrder(_ a: String, _ b: String, _ index: [String: Int]) -> Bool {
        (index[a] ?? 0, a) < (index[b] ?? 0, b)
    }

    private static func collectPersons(_ documents: [Document]) -> [String: Person] {
        var persons: [String: Person] = [:]
        for document in documents {
            guard case .team(let team) = document.details else { continue }
            // `almanac new`'s placeholder member is no one: `"@TODO"` names no person (W0114 points at it).
            for member in team.members where member.handle != Scaffold.personPlaceholder {
                if persons[member.handle] == nil {
                    persons[member.handle] = Person(handle: member.handle, name: member.name, role: member.role, teams: [])
                }
                persons[member.handle]!.teams.append(document.slug)
            }
        }
        return persons
    }

    private static func resolve(
        _ reference: Reference, index: [String: Int], persons: [String: Person], config: SiteConfig, unreadHandles: [String: String],
        diagnostics: inout [Diagnostic]
    ) -> Destination? {
        func unknown(_ what: String, _ candidates: [String], code: Code = .unknownReference, help: String? = nil) -> Destination? {
            // A handle is written in quotes (`@` cannot start a plain YAML value): so is the suggestion.
            let near = Suggestions.nearest(to: reference.name, in: candidates)
                .map { $0.hasPrefix("@") ? "`\"\($0)\"`" : "`\($0)`" }
            let suggestion = near.isEmpty ? nil : "did you mean " + near.joined(separator: " or ") + "?"
            // `almanac new`'s placeholders (`TODO-service`) are to be replaced, not created.
            let placeholder = reference.name.contains(Scaffold.marker)
                ? "replace the placeholder `\(reference.name)` with " + (candidates.first.map { "the name of one, such as `\($0)`" } ?? "a real name") : nil
            diagnostics.append(Diagnostic(
                code, "`\(reference.field)` names \(what) `\(reference.name)` that does not exist", at: reference.location,
                expected: candidates.isEmpty ? "\(what) that exists" : "one of " + candidates.prefix(8).map { "`\($0)`" }.joined(separator: ", ") + (candidates.count > 8 ? ", ..." : ""),
                found: "`\(reference.name)`",
                help: placeholder ?? suggestion ?? help))
            return nil
        }
        func slugs(_ kind: Kind) -> [String] {
            index.keys.filter { $0.hasPrefix(kind.rawValue + "/") }.map { String($0.dropFirst(kind.rawValue.count + 1)) }.sorted()
        }
        switch reference.target {
        case .document(let kind):
            let id = "\(kind.rawValue)/\(reference.name)"
            if index[id] != nil { return .document(id: id, anchor: nil) }
            return unknown("a \(kind.rawValue)", slugs(kind), help: "create `\(kind.folder)/\(reference.name).md`, or fix the name")
        case .owner:
            if reference.name.hasPrefix("@") { fallthrough }
            let id = "team/\(reference.name)"
            if index[id] != nil { return .document(id: id, anchor: nil) }
            let helpText = "an owner is a team slug, or a member's handle written with `@`, such as `\"@alice\"`"
            return unknown("a team", slugs(.team) + persons.keys.sorted(), help: helpText)
        case .person:
            if persons[reference.name] != nil { return .person(reference.name) }
            if let file = unreadHandles[reference.name] {
                // Not unknown: declared in a team file that could not be read. That file's error is the cause.
                diagnostics.append(Diagnostic(
                    .unknownPerson, "`\(reference.field)` names the person `\(reference.name)`, declared in `\(file)`, which has an error",
                    at: reference.location, expected: "a person of a team whose file can be read", found: "`\(reference.name)`",
                    help: "fix the error of `\(file)` (printed first); then `\(reference.name)` is known again",
                    notes: [.init("`\(reference.name)` is written here, in a file whose front matter could not be read", at: SourceLocation(file: file, line: 1, column: 1))]))
                return nil
            }
            return unknown("a person", persons.keys.sorted(), code: .unknownPerson,
                           help: "add `\(reference.name)` to the `members` of a team under `teams/`")
        case .environment:
            if config.environments.contains(reference.name) { return nil }
            return unknown("an environment", config.environments, code: .unknownEnvironment,
                           help: "environments are listed in `almanac.yaml` under `environments`")
        case .cohort:
            if config.cohorts.contains(reference.name) { return nil }
            return unknown("a cohort", config.cohorts, code: .unknownCohort,
                           help: "cohorts are listed in `almanac.yaml` under `cohorts`")
        }
    }

    private static func resolve(
        _ link: BodyLink, in document: Document, at location: SourceLocation, index: [String: Int], byPath: [String: String],
        documents: [Document], assets: Set<String>, diagnostics: inout [Diagnostic]
    ) -> Destination? {
        let targetID: String
        switch link.target {
        case .sameDocument:
            targetID = document.id
        case .unknownKind(let scheme):
            let kinds = Kind.allCases.map(\.rawValue)
            diagnostics.append(Diagnostic(
                .brokenLink, "the link `\(link.written)` names no kind of document", at: location,
                expected: "`kind:slug` with a kind among " + kinds.map { "`\($0)`" }.joined(separator: ", "), found: "`\(scheme):`",
                help: Suggestions.didYouMean(scheme, in: kinds).map { $0 + " (kinds are singular)" }))
            return nil
        case .outside(let climbs):
            diagnostics.append(Diagnostic(
                .brokenLink, "the link `\(link.written)` climbs above the content folder", at: location,
                expected: "a relative path that stays inside the content folder",
                found: climbs == 1 ? "one `../` too many" : "\(climbs) `../` too many",
                help: climbs == 1 ? "remove one `../` from the link" : "remove \(climbs) `../` from the link"))
            return nil
        case .asset(let path):
            guard assets.contains(path) else {
                diagnostics.append(Diagnostic(
                    .brokenLink, "the link `\(link.written)` points at no file", at: location,
                    expected: "a file under `assets/` of the content folder", found: "`\(path)` (from the content folder)",
                    help: Suggestions.didYouMean(path, in: assets.sorted())))
                return nil
            }
            return .asset(path)
        case .id(let id):
            guard index[id] != nil else {
                let kind = id.split(separator: "/").first.map(String.init) ?? ""
                let candidates = index.keys.filter { $0.hasPrefix(kind + "/") }.map { $0.replacingOccurrences(of: "/", with: ":") }.sorted()
                diagnostics.append(Diagnostic(
                    .brokenLink, "the link `\(link.written)` points at no document", at: location,
                    expected: "a link to an existing document, such as `\(candidates.first ?? "runbook:slug")`",
                    found: "`\(id.replacingOccurrences(of: "/", with: ":"))`",
                    help: Suggestions.didYouMean(id.replacingOccurrences(of: "/", with: ":"), in: candidates)))
                return nil
            }
            targetID = id
        case .path(let path):
            let bare = path.hasSuffix("/") ? String(path.dropLast()) : path
            guard let id = byPath[bare] ?? (bare.hasSuffix(".md") ? nil : byPath[bare + ".md"]) else {
                let near = Suggestions.nearest(to: bare.hasSuffix(".md") ? bare : bare + ".md", in: byPath.keys.sorted(), limit: 1).first
                diagnostics.append(Diagnostic(
                    .brokenLink, "the link `\(link.written)` points at no document", at: location,
                    expected: "a path to a document's `.md` file, relative to this file, or `kind:slug`", found: "`\(path)` (from the content folder)",
                    help: near.map { "did you mean `\(BodyLink.relative(from: document.path, to: $0))` (that is `\($0)` in the content folder)?" }
                        ?? "link to a document by its file (`../runbooks/db-failover.md`) or as `runbook:db-failover`; other files belong under `assets/`"))
                return nil
            }
            targetID = id
        }
        if let anchor = link.anchor, !anchor.isEmpty, let target = index[targetID].map({ documents[$0] }) {
            let ids = target.body.headings.map(\.id)
            guard ids.contains(anchor) else {
                diagnostics.append(Diagnostic(
                    .brokenAnchor, "`#\(anchor)` is not a heading of \(target.path)", at: location,
                    expected: ids.isEmpty ? "a heading of the target (it has none)" : "one of " + ids.prefix(8).map { "`#\($0)`" }.joined(separator: ", "),
                    found: "`#\(anchor)`",
                    help: Suggestions.didYouMean("#" + anchor, in: ids.map { "#" + $0 })
                        ?? "an anchor is the heading's text in lowercase with spaces as hyphens: `## Roll back` is `#roll-back`"))
                return nil
            }
        }
        return .document(id: targetID, anchor: link.anchor)
    }
}

/// A body link that points into the knowledge base: `kind:slug#anchor`, a relative `.md` path, or `#anchor`.
struct BodyLink {
    enum Target { case id(String), path(String), sameDocument, asset(String), unknownKind(String), outside(Int) }
    var target: Target
    var anchor: String?
    var written: String

    /// Nil for links that leave the knowledge base (URLs, mail, assets).
    init?(_ destination: String, from documentPath: String) {
        written = destination
        var rest = Substring(destination)
        if let hash = rest.firstIndex(of: "#") {
            anchor = String(rest[rest.index(after: hash)...]).removingPercentEncoding()
            rest = rest[..<hash]
        }
        if rest.isEmpty {
            guard anchor != nil else { return nil }
            target = .sameDocument
            return
        }
        if let colon = rest.firstIndex(of: ":") {
            let scheme = String(rest[..<colon])
            if let kind = Kind(rawValue: scheme) {
                target = .id("\(kind.rawValue)/\(rest[rest.index(after: colon)...])")
                return
            }
            // `runbooks:x` or `Runbook:x` is a slip for a kind, not a URL scheme.
            guard !rest[colon...].hasPrefix("://"), !BodyLink.urlSchemes.contains(scheme.lowercased()),
                  Kind(rawValue: scheme.lowercased()) != nil || !Suggestions.nearest(to: scheme, in: Kind.allCases.map(\.rawValue), limit: 1).isEmpty
            else { return nil }
            target = .unknownKind(scheme)
            return
        }
        let path = rest.split(separator: "?").first.map(String.init) ?? ""
        guard !path.hasPrefix("/"), !path.isEmpty else { return nil }
        var parts = documentPath.split(separator: "/").dropLast().map(String.init)
        var climbs = 0  // `..` above the content folder
        for component in path.removingPercentEncoding().split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if parts.isEmpty { climbs += 1 } else { parts.removeLast() }
            default: parts.append(String(component))
            }
        }
        let resolved = parts.joined(separator: "/")
        if climbs > 0 {
            target = .outside(climbs)
        } else if resolved.hasPrefix("assets/") {
            target = .asset(resolved)
        } else {
            // A document's file, with or without `.md` (`../runbooks/db-failover`): the site has nothing else
            // at a relative path, so what names no document is reported.
            target = .path(resolved)
        }
    }

    /// The link from the document at `from` to the file at `to` (both relative to the content folder).
    static func relative(from: String, to: String) -> String {
        let here = from.split(separator: "/").dropLast(), there = to.split(separator: "/")
        var common = 0
        while common < here.count, common < there.count - 1, here[here.startIndex + common] == there[common] { common += 1 }
        return (Array(repeating: "..", count: here.count - common) + there.dropFirst(common).map(String.init)).joined(separator: "/")
    }

    static let urlSchemes: Set<String> = ["http", "https", "mailto", "ftp", "tel", "data", "irc", "ssh", "git", "file", "javascript", "vbscript", "slack", "zoommtg"]
}

extension String {
    /// `%20` and friends decoded, as a browser would before matching a file or an id.
    public func removingPercentEncoding() -> String {
        guard utf8.contains(0x25) else { return self }
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let b = utf8.first {
            utf8 = utf8.dropFirst()
            if b == 0x25, utf8.count >= 2, let h = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(h)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A link as a message can quote it: at most 60 characters.
private func printableLink(_ destination: String) -> String {
    destination.count > 60 ? String(destination.prefix(57)) + "..." : destination
}
