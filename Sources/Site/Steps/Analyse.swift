import Analysis
import Model

extension Build {
    /// Computes what writers would otherwise compute by hand (durations, overdue items, stale flags, experiment
    /// statistics, critical paths, sprint figures) and reports the warnings those figures raise.
    func analyse(_ base: KnowledgeBase, asOf: Day) -> Analysis {
        let analysis = Analysis(base, asOf: asOf)
        report(analysis.warnings(base).map(shown))
        return analysis
    }
}
