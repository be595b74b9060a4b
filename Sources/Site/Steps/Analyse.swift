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
        problems.analysis = analysis.warnings(base)
        report(problems.analysis.map(shown))
        return analysis
    }
}
