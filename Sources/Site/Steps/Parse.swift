import Diagnostics
import Markdown
import FrontMatter
import Model

extension Build {
    /// Splits, parses and decodes every document in parallel: front matter into typed values, body into a tree,
    /// and an experiment's `results_file` (read by the load step) into its results.
    func parse(_ loaded: Loaded) -> [Document] {
        let options = MarkdownDocument.Options(allowRawHTML: loaded.config?.allowRawHTML ?? false)
        let results = parallelMap(loaded.files.count) { i -> (Document?, [Diagnostic], Double) in
            let file = loaded.files[i]
            var seconds = 0.0
            let validate = loaded.schemas.schemas[file.kind].map { schema in
                { (value: Value) -> [Diagnostic] in
                    let start = monotonicSeconds()
                    defer { seconds += monotonicSeconds() - start }
                    return schema.diagnostics(value)
                }
            }
            var (document, problems) = Document.parse(path: file.path, kind: file.kind, slug: file.slug, text: file.text,
                                                      markdown: options, validate: validate)
            // An experiment's results file is decoded with it: later steps see its figures as `results`.
            if let parsed = document {
                let (withResults, fileProblems) = ResultsFile.attach(to: parsed, files: loaded.dataFiles)
                document = withResults
                problems += fileProblems
            }
            return (document, problems, seconds)
        }
        report(results.flatMap(\.1).map(shown))
        // Schema validation runs inside the parallel parse; its CPU time is recorded apart, for the benchmarks.
        record("validate (cpu, within parse)", seconds: results.reduce(0) { $0 + $1.2 })
        return results.compactMap(\.0)
    }

    /// A diagnostic of the model, whose paths are relative to the content folder, with the paths a writer sees.
    func shown(_ diagnostic: Diagnostic) -> Diagnostic {
        var d = diagnostic
        if let file = d.location?.file { d.location?.file = display(file) }
        d.notes = d.notes.map { note in
            var n = note
            if let file = n.location?.file { n.location?.file = display(file) }
            return n
        }
        return d
    }
}
