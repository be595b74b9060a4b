import Analysis
import Diagnostics
import FrontMatter
import Model

/// The diagnostics of the link and analyse steps, apart: a rebuild that links only changed documents again
/// replaces theirs and puts them together as linking the whole would (see `relinkingChanged`).
struct LinkProblems {
    var linking = KnowledgeBase.Problems()
    var flags: [Diagnostic] = []
    /// The rules of each document's own fields and the warnings of its figures, by path (see `ofEach`); those
    /// across documents apart.
    var rules: [String: [Diagnostic]] = [:]
    var wholeRules: [Diagnostic] = []
    var analysis: [String: [Diagnostic]] = [:]
    var collisions: [Diagnostic] = []

    /// In the order the steps find them.
    func all(_ documents: [Document]) -> [Diagnostic] { linked(documents) + analysed(documents) }

    /// The link step's.
    func linked(_ documents: [Document]) -> [Diagnostic] {
        var seen = Set<String>()
        return linking.duplicates + documents.flatMap { seen.insert($0.id).inserted ? linking.documents[$0.id] ?? [] : [] }
            + flags + documents.flatMap { rules[$0.path] ?? [] } + wholeRules
    }

    /// The analyse step's.
    func analysed(_ documents: [Document]) -> [Diagnostic] {
        documents.flatMap { analysis[$0.path] ?? [] } + collisions
    }

    /// `check`'s diagnostics of each of `documents` that has some, by path.
    static func ofEach(_ documents: some Sequence<Document>, _ check: (Document) -> [Diagnostic]) -> [String: [Diagnostic]] {
        var out: [String: [Diagnostic]] = [:]
        for document in documents {
            let found = check(document)
            if !found.isEmpty { out[document.path] = found }
        }
        return out
    }
}

extension Build {
    /// Resolves every reference and body link, and checks what needs the whole knowledge base.
    func link(_ documents: [Document], config: SiteConfig, assets: Set<String>) -> KnowledgeBase {
        var problems = LinkProblems()
        return link(documents, config: config, assets: assets, problems: &problems)
    }

    func link(_ documents: [Document], config: SiteConfig, assets: Set<String>, unreadHandles: [String: String] = [:],
              problems: inout LinkProblems) -> KnowledgeBase {
        let (base, linking) = KnowledgeBase.linkInParts(documents, config: config, assets: assets, unreadHandles: unreadHandles)
        problems.linking = linking
        problems.flags = checkFlagEnvironments(base)
        problems.rules = LinkProblems.ofEach(base.allDocuments) { Rules.check($0, config: config) }
        problems.wholeRules = Rules.checkWhole(base)
        report(problems.linked(base.allDocuments).map(shown))
        return base
    }

    /// After documents were edited (each keeping its file and validity; no results file changed), added or
    /// removed, none of them a sprint, the last build's knowledge base with the new documents, linking again only
    /// what they reach (see `KnowledgeBase.relinking`): nil when anything else changed (then the whole is linked
    /// and analysed). The rules run again for the documents whose front matter changed, and across documents
    /// for their kinds.
    func relinkingChanged(_ documents: [Document], loaded: Loaded, assets: Set<String>, problems: inout LinkProblems) -> PartialLink? {
        guard let memory, let built = memory.built, built.assets == assets else { return nil }
        let sorted = documents.sorted { ($0.kind, $0.slug) < ($1.kind, $1.slug) }
        var old: [String: Document] = [:]
        for document in built.base.allDocuments { old[document.id] = document }
        var texts: [String: String]?
        var changed = Set<String>(), headers = Set<String>(), added = false
        for new in sorted {
            let previous = old.removeValue(forKey: new.id)
            if previous === new { continue }
            guard let previous else {  // added
                guard new.kind != .sprint else { return nil }
                changed.insert(new.id)
                headers.insert(new.id)
                added = true
                continue
            }
            if texts == nil { texts = Dictionary(loaded.files.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a }) }
            guard new.path == previous.path, new.isValid == previous.isValid,
                  let source = built.sources[new.id], source.dataVersion == (new.kind == .experiment ? memory.dataVersion : nil),
                  let text = texts?[new.path] else { return nil }
            changed.insert(new.id)
            if Source.header(source.text) != Source.header(text) {
                guard new.kind != .sprint else { return nil }
                headers.insert(new.id)
            }
        }
        let removed = old.values.sorted { $0.path < $1.path }
        guard !removed.contains(where: { $0.kind == .sprint }) else { return nil }
        // When documents come or go, the suggestions of every unresolved name may change.
        let recheck = added || !removed.isEmpty ? Set(built.problems.linking.documents.filter { !$0.value.isEmpty }.keys) : []
        guard let relinked = built.base.relinking(sorted, changed: changed, recheck: recheck, assets: assets) else { return nil }
        problems = built.problems
        for document in removed {
            (problems.linking.documents[document.id], problems.rules[document.path]) = (nil, nil)
        }
        for (id, list) in relinked.problems { problems.linking.documents[id] = list }
        // The rules again for the documents whose front matter changed, and those across documents of their kinds.
        let changedHeaders = sorted.filter { headers.contains($0.id) }
        for document in changedHeaders { problems.rules[document.path] = nil }
        problems.rules.merge(LinkProblems.ofEach(changedHeaders) { Rules.check($0, config: built.base.config) }) { _, new in new }
        let kinds = Set(changedHeaders.map(\.kind) + removed.map(\.kind))
        if kinds.contains(.flag) { problems.flags = checkFlagEnvironments(relinked.base) }
        // Across documents: service cycles, the catalog (services, runbooks, integrations), experiments and their pilots.
        if !kinds.isDisjoint(with: [.service, .runbook, .integration, .experiment]) { problems.wholeRules = Rules.checkWhole(relinked.base) }
        report(problems.linked(relinked.base.allDocuments).map(shown))
        return PartialLink(base: relinked.base, links: relinked.changed, headers: headers, removed: removed)
    }

    /// What `relinkingChanged` did: the knowledge base, the ids whose link maps changed, the documents whose
    /// front matter changed or that were added (whose figures `reanalysing` computes again), and those removed.
    struct PartialLink {
        var base: KnowledgeBase
        var links: Set<String>
        var headers: Set<String>
        var removed: [Document]
    }

    /// The handles (`@dana`) written in team files whose front matter could not be read, by handle → the file's
    /// path: their members are unknown to the links, and references to them say why (see `KnowledgeBase.linkInParts`).
    func unreadHandles(_ documents: [Document], loaded: Loaded) -> [String: String] {
        let unread = Set(documents.filter { $0.kind == .team && $0.details == nil }.map(\.path))
        guard !unread.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for file in loaded.files where unread.contains(file.path) {
            let text = SplitDocument.split(file.text).yaml ?? file.text
            let scalars = Array(text.unicodeScalars)
            func isHandle(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || ("0"..."9").contains(s) || "._-".unicodeScalars.contains(s) }
            var i = 0
            while i < scalars.count {
                guard scalars[i] == "@", i + 1 < scalars.count, isHandle(scalars[i + 1]) else { i += 1; continue }
                var j = i + 1
                while j < scalars.count, isHandle(scalars[j]) { j += 1 }
                var handle = ""
                handle.unicodeScalars.append(contentsOf: scalars[i..<j])
                if out[handle] == nil { out[handle] = file.path }
                i = j
            }
        }
        return out
    }

    /// A flag's `environments` names every configured environment, and no other.
    private func checkFlagEnvironments(_ base: KnowledgeBase) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for document in base.documents {
            guard document.kind == .flag, let value = document.frontMatter["environments"], let entries = value.entries else { continue }
            let named = Set(entries.map(\.key))
            let missing = base.config.environments.filter { !named.contains($0) }
            if !missing.isEmpty {
                out.append(Diagnostic(.missingField, "`environments` lacks " + missing.map { "`\($0)`" }.joined(separator: ", "),
                                      at: entries.first?.keyLocation ?? value.location,
                                      expected: "every environment of almanac.yaml: " + base.config.environments.joined(separator: ", "),
                                      found: entries.map(\.key).joined(separator: ", "),
                                      help: "add `\(missing[0]): { enabled: false, rollout: 0 }`"))
            }
        }
        return out
    }
}
