import Diagnostics
import Model

extension Build {
    /// Resolves every reference and body link, and checks what needs the whole knowledge base.
    func link(_ documents: [Document], config: SiteConfig, assets: Set<String>) -> KnowledgeBase {
        let (base, problems) = KnowledgeBase.link(documents, config: config, assets: assets)
        report(problems.map(shown))
        report(checkFlagEnvironments(base).map(shown))
        report(Rules.check(base).map(shown))
        return base
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
