import Analysis
import Diagnostics
import Model

/// The diagnostics of the link and analyse steps, apart: a rebuild that links only changed bodies again puts them
/// together as linking the whole would (see `relinkingBodies`).
struct LinkProblems {
    var linking = KnowledgeBase.Problems()
    var flags: [Diagnostic] = []
    var rules: [Diagnostic] = []
    var analysis: [Diagnostic] = []

    /// In the order the steps find them.
    func all(_ documents: [Document]) -> [Diagnostic] {
        var seen = Set<String>()
        return linking.duplicates + documents.flatMap { seen.insert($0.id).inserted ? linking.documents[$0.id] ?? [] : [] }
            + flags + rules + analysis
    }
}

extension Build {
    /// Resolves every reference and body link, and checks what needs the whole knowledge base.
    func link(_ documents: [Document], config: SiteConfig, assets: Set<String>) -> KnowledgeBase {
        var problems = LinkProblems()
        return link(documents, config: config, assets: assets, problems: &problems)
    }

    func link(_ documents: [Document], config: SiteConfig, assets: Set<String>, problems: inout LinkProblems) -> KnowledgeBase {
        let (base, linking) = KnowledgeBase.linkInParts(documents, config: config, assets: assets)
        problems.linking = linking
        problems.flags = checkFlagEnvironments(base)
        problems.rules = Rules.check(base)
        report(problems.all(base.allDocuments).map(shown))
        return base
    }

    /// After a change of documents' bodies alone (the same front matter, headings and link targets), the last
    /// build's knowledge base with the new documents, only their own links resolved again, and its analysis:
    /// nil when anything else changed (then the whole is linked and analysed).
    func relinkingBodies(_ documents: [Document], loaded: Loaded, assets: Set<String>) -> (KnowledgeBase, Analysis, LinkProblems)? {
        guard let memory, let built = memory.built, built.assets == assets else { return nil }
        let sorted = documents.sorted { ($0.kind, $0.slug) < ($1.kind, $1.slug) }
        let old = built.base.allDocuments
        guard sorted.count == old.count else { return nil }
        var texts: [String: String]?
        var changed = Set<String>()
        for (new, previous) in zip(sorted, old) where new !== previous {
            if texts == nil { texts = Dictionary(loaded.files.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a }) }
            guard new.id == previous.id, new.path == previous.path, new.isValid == previous.isValid,
                  new.body.headings.map(\.id) == previous.body.headings.map(\.id),
                  let source = built.sources[new.id], source.dataVersion == (new.kind == .experiment ? memory.dataVersion : nil),
                  let text = texts?[new.path], Source.header(source.text) == Source.header(text) else { return nil }
            changed.insert(new.id)
        }
        guard let (base, linking) = built.base.relinking(sorted, changed: changed, assets: assets) else { return nil }
        var problems = built.problems
        for (id, list) in linking { problems.linking.documents[id] = list }
        report(problems.all(base.allDocuments).map(shown))
        return (base, built.analysis, problems)
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
