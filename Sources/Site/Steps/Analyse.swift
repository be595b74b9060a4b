import Analysis
import Model

extension Build {
    /// Computes what writers would otherwise compute by hand (durations, overdue items, stale flags, experiment
    /// statistics, critical paths, sprint figures) and reports the warnings those figures raise.
    func analyse(_ base: KnowledgeBase, asOf: Day) -> Analysis {
        var problems = LinkProblems()
        return analyse(base, asOf: asOf, problems: &problems)
    }

    func analyse(_ base: KnowledgeBase, asOf: Day, problems: inout LinkProblems) -> Analysis {
        let analysis = Analysis(base, asOf: asOf)
        problems.analysis = LinkProblems.ofEach(base.allDocuments) { analysis.warnings(for: $0, config: base.config) }
        problems.collisions = analysis.collisionDiagnostics(base)
        report(problems.analysed(base.allDocuments).map(shown))
        return analysis
    }

    /// The analysis after `relinkingChanged`: the last one when no front matter changed, else the last one with
    /// the changed documents' figures computed again (see `Analysis.updating`); their warnings are all listed again.
    /// Tells the memory which links and figures changed, for the render step.
    func reanalysing(_ relinked: PartialLink, problems: inout LinkProblems) -> Analysis? {
        guard let memory, let built = memory.built else { return nil }
        var analysis = built.analysis, keys = Set(relinked.links.map { ReadKey.links($0) })
        let changedHeaders = !relinked.headers.isEmpty || !relinked.removed.isEmpty
        if changedHeaders {
            guard let (updated, changes) = built.analysis.updating(relinked.base, changed: relinked.headers, removed: relinked.removed) else { return nil }
            for document in relinked.removed { problems.analysis[document.path] = nil }
            analysis = updated
            keys.formUnion(changes)
            // The warnings of the documents whose front matter or figures changed, and the collisions when an
            // experiment's did.
            let ids = relinked.headers.union(changes.compactMap { if case .analysis(let id) = $0 { id } else { nil } })
            let documents = relinked.base.allDocuments.filter { ids.contains($0.id) }
            for document in documents { problems.analysis[document.path] = nil }
            problems.analysis.merge(LinkProblems.ofEach(documents) { updated.warnings(for: $0, config: relinked.base.config) }) { _, new in new }
            if (documents + relinked.removed).contains(where: { $0.kind == .experiment }) {
                problems.collisions = updated.collisionDiagnostics(relinked.base)
            }
        }
        report(problems.analysed(relinked.base.allDocuments).map(shown))
        memory.delta = BuildMemory.Delta(keys: keys, headers: changedHeaders)
        return analysis
    }
}
